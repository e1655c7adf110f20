"""Packaging beyond pyproject.toml: the top-level ``templates/`` folder, which stays the one
place the templates are edited, goes into the wheel as package data of ``gapreport.templates``,
so an installed gapreport finds its templates from any folder. (pyproject.toml alone cannot
add a package mapped from outside ``src/`` to the packages it finds.)"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "gapreport.templates"],
    package_dir={"": "src", "gapreport.templates": "templates"},
    package_data={"gapreport.templates": ["**/*"]},
    include_package_data=False,
)
