"""Build the brief from the shipped data: `python build.py [--data DIR] [--out DIR] ...`.

The same options as `gapreport build`; the defaults are the `data/` and `site/` folders
beside this file, so it works from any working directory.

Run from this folder, `python -m build` (PyPA's wheel builder) would find this file first, as
the module `build`; it is then handed on to the real one, so both commands work here.
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _hand_on_to_pypa_build() -> None:
    """Run the installed `build` package as `python -m build` meant, without this folder
    (which holds this file) on the import path."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
    sys.modules.pop("build", None)
    runpy.run_module("build", run_name="__main__", alter_sys=True)


if __spec__ is not None and __spec__.name == "build":  # `python -m build`, not `python build.py`
    _hand_on_to_pypa_build()
else:
    sys.path.insert(0, str(HERE / "src"))  # works before `pip install -e .` too
    from gapreport.cli import main

    if __name__ == "__main__":
        defaults = {"build": {"data": HERE / "data", "out": HERE / "site"}}
        main(args=["build", *sys.argv[1:]], prog_name="build.py", default_map=defaults)
