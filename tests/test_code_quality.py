"""The code checks CI runs: ruff's lint and format check over all the Python in the
repository, and mypy over the package and the benchmarks (a benchmark once imported a name
the package had moved, unnoticed until it was run), each clean; the configuration is in
pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT

PYTHON = ["src", "tests", "benchmarks", "build.py"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", *PYTHON), ("ruff", "format", "--check", *PYTHON)],
    ids=["ruff-lint", "ruff-format"],
)
def test_ruff_is_clean(command):
    result = _run(*command)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_package_and_benchmarks():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout
