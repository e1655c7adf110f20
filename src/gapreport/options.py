"""What a build is asked to do: the options of ``gapreport build`` and ``build.py``, and where
the templates gapreport ships are. A shared type, below every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _shipped_templates() -> Path:
    """The templates gapreport ships: in an installed gapreport, the package data beside this
    module (``gapreport/templates``, which the wheel carries); in a source tree (run from it,
    or installed editable), ``templates/`` at its root, the nearest folder above this module
    with gapreport's pyproject.toml."""
    here = Path(__file__).resolve()
    packaged = here.parent / "templates"
    if packaged.is_dir():
        return packaged
    for folder in here.parents:
        project = folder / "pyproject.toml"
        if project.is_file() and 'name = "gapreport"' in project.read_text(encoding="utf-8"):
            return folder / "templates"
    return packaged  # neither: an error names it when it is read


TEMPLATES = _shipped_templates()


@dataclass(frozen=True)
class BuildOptions:
    """What ``gapreport build`` and ``build.py`` were asked to do."""

    data: Path = Path("data")
    out: Path = Path("site")
    languages: tuple[str, ...] = ()
    pdf: bool = True
    whatif: bool = True  # the HTML's in-page what-if (an inline script)
    templates: Path = TEMPLATES
    jobs: int | None = None  # languages made at once; None: one per core
    by: str | None = None  # also a brief per region, profession or sector
    cache: bool = True  # reuse charts, PDFs and the uncertainty made from the same inputs
