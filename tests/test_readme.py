"""The README's promises: its two commands, CI running the test one, and a current CLI reference."""

from __future__ import annotations

import shlex

from helpers import ROOT, run_cli
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


def _section_block(heading: str) -> list[str]:
    """The shell lines of the first ```sh block under a README heading."""
    text = README.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1]
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_start_your_own_case_commands_run_as_written(tmp_path, monkeypatch):
    """Each line of "Start your own case", run in an empty folder, succeeds, and the site it
    builds is there."""
    monkeypatch.chdir(tmp_path)
    lines = _section_block("Start your own case")
    assert lines[0].startswith("gapreport new")
    for line in lines:
        command, *args = shlex.split(line)
        assert command == "gapreport"
        result = run_cli(*args)
        assert result.exit_code == 0, (line, result.output)
    assert (tmp_path / "mysite" / "index.html").is_file()
    assert (tmp_path / "mycase" / "gapreport.schema.json").is_file()


def test_the_install_section_names_commands_that_exist():
    lines = _section_block("Install")
    assert lines == ["python -m pip install .", "gapreport --version"]
    assert run_cli("--version").exit_code == 0
