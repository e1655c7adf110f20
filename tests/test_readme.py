"""The README's promises: its two commands, CI running the test one, and a current CLI reference."""

from __future__ import annotations

from helpers import ROOT
from readme_cli import README, cli_reference, current_block


def first_commands() -> list[str]:
    """The shell lines of the README's first code block: build, then test."""
    text = README.read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_readme_opens_with_the_build_and_test_commands():
    build, test = first_commands()
    assert "build.py" in build
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    _, test = first_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_cli_reference_matches_the_help_output():
    assert current_block(README.read_text(encoding="utf-8")) == cli_reference(), (
        "README is stale: run `python tests/readme_cli.py`"
    )
