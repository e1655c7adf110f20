"""Helpers for tests: tiny data folders, text edits, and running the CLI in-process."""

from __future__ import annotations

import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from gapreport.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
RURITANIA = Path(__file__).resolve().parent / "fixtures" / "ruritania"


def write_data(folder: Path, files: dict[str, str]) -> Path:
    """A tiny data folder from {name: YAML text}; text is dedented so tests read naturally."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def run_cli(*args: str) -> Result:
    """Run `gapreport ARGS` in-process, as a user would from the shell."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a data file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def refused(path: Path, old: str, new: str, *messages: str) -> str:
    """Edit one data file, validate its folder, and check the data is refused with every
    message and no traceback; the output, for further checks."""
    edit(path, old, new)
    result = run_cli("validate", "--data", str(path.parent))
    assert result.exit_code == 1, result.output
    for message in messages:
        assert message in result.output
    assert "Traceback" not in result.output
    return result.output


# A minimal, valid data folder that tests vary one field at a time.
MINIMAL = {
    "brief.yaml": """
        brief:
          title: Test brief
          organisation: Test org
          languages: [en]
          horizon: {start: 2020, end: 2030}
          key_year: 2025
        labels:
          profession: {nurse: nurses}
          sector: {care: care, clinics: clinics}
          region: {X: Xland}
        prose:
          summary: "Short by {main.gap}."
          highlights:
            - {value: main.gap, meaning: short}
        """,
    "numbers.yaml": """
        sources:
          - {id: src, publisher: Stats office, year: 2020, language: en}
        figures:
          - id: base
            value: 100
            unit: fte
            year: 2020
            scope: {profession: nurse, sector: care, region: X}
            source: src
          - id: added
            value: 50
            unit: fte
            base_year: 2020
            year: 2025
            scope: {profession: nurse, sector: care, region: X}
            source: src
        scenarios:
          - id: main
            title: Main
            demand: {method: growth, base: base, added: added, shape: linear}
            supply: {method: anchors, points: [{value: base}], beyond: hold}
        """,
}


CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own download fails here
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
