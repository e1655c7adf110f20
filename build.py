"""Build the brief from the shipped data: `python build.py [--data DIR] [--out DIR] ...`.

The same options as `gapreport build`; the defaults are the `data/` and `site/` folders
beside this file, so it works from any working directory.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))  # works before `pip install -e .` too

from gapreport.cli import main  # noqa: E402

if __name__ == "__main__":
    defaults = {"build": {"data": HERE / "data", "out": HERE / "site"}}
    main(args=["build", *sys.argv[1:]], prog_name="build.py", default_map=defaults)
