"""gapreport outside its checkout: the wheel carries the templates, and an installed gapreport
validates and builds a data folder from any working folder."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SHIPPED

# what a wheel is built from (a copy, so building leaves nothing in the checkout)
SOURCES = ("pyproject.toml", "setup.py", "README.md", "src", "templates")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the built wheel installed (not editable); its
    dependencies come from this environment's site-packages, so nothing is downloaded."""
    work = tmp_path_factory.mktemp("install")
    tree = work / "tree"
    tree.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tree / name)
        else:
            shutil.copy2(ROOT / name, tree / name)
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, tree],
        cwd=work,
        check=True,
        capture_output=True,
    )
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    own = subprocess.run(
        [python, "-c", "import site; print(site.getsitepackages()[0])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(own, "dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    (wheel,) = dist.glob("gapreport-*.whl")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel],
        check=True,
        capture_output=True,
    )
    return venv


def _env(venv: Path) -> dict[str, str]:
    """This environment, but nothing pointing back at the checkout or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [venv / "bin" / "gapreport", *args], cwd=cwd, env=_env(venv), capture_output=True, text=True
    )


def test_the_wheel_carries_the_templates(installed):
    where = subprocess.run(
        [
            installed / "bin" / "python",
            "-c",
            "import gapreport, gapreport.options as o;"
            "print(gapreport.__file__); print(o.TEMPLATES)",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=installed.parent,
        env=_env(installed),
    ).stdout.split()
    assert all(str(installed) in line for line in where), where  # the installed copy, not src/
    assert Path(where[1], "strings", "nb.yaml").is_file()


def test_an_installed_gapreport_builds_from_any_folder(installed, tmp_path):
    data = tmp_path / "mydata"
    shutil.copytree(SHIPPED, data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    version = _run(installed, elsewhere, "--version")
    assert version.returncode == 0 and "0.1.0" in version.stdout, version
    checked = _run(installed, elsewhere, "validate", "--data", str(data))
    assert checked.returncode == 0, checked.stderr
    built = _run(installed, elsewhere, "build", "--data", str(data), "--out", "site")
    assert built.returncode == 0, built.stderr
    site_folder = elsewhere / "site"
    assert (site_folder / "index.html").is_file() and (site_folder / "en" / "brief.pdf").is_file()
    assert "Bioingeniørmangelen" in (site_folder / "index.html").read_text(encoding="utf-8")


def test_python_m_build_works_beside_build_py():
    """`python -m build` run in the checkout reaches PyPA's builder, not build.py."""
    done = subprocess.run(
        [sys.executable, "-m", "build", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("build "), done.stdout + done.stderr
