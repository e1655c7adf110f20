"""Keep the README's command reference equal to the real `--help` output.

`python tests/readme_cli.py` rewrites the block between the markers; the test suite checks
that it is current, so the README never drifts from the code.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from click.testing import CliRunner

from gapreport.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"
COMMANDS = [[], ["build"], ["validate"], ["table"]]


def cli_reference() -> str:
    """The help of every command, and `validate` on the shipped data, as a user sees them."""
    runs = [[*command, "--help"] for command in COMMANDS]
    runs.append(["validate"])
    blocks = []
    with contextlib.chdir(README.parent):  # paths print as a user in the project folder sees them
        for args in runs:
            result = CliRunner().invoke(main, args, prog_name="gapreport", terminal_width=80)
            blocks.append(f"$ gapreport {' '.join(args)}\n{result.output.rstrip()}\n")
    return "```\n" + "\n".join(blocks) + "```"


def current_block(text: str) -> str:
    return text[text.index(START) + len(START) : text.index(END)].strip("\n")


def rewrite() -> None:
    text = README.read_text(encoding="utf-8")
    head, tail = text[: text.index(START) + len(START)], text[text.index(END) :]
    README.write_text(f"{head}\n{cli_reference()}\n{tail}", encoding="utf-8")


if __name__ == "__main__":
    rewrite()
    sys.exit(0)
