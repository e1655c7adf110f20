"""Progress: silent for quick work, a live line on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io
import time

from helpers import SHIPPED, run_cli

from gapreport import progress as progress_module
from gapreport.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_stages(stream, monkeypatch, delay: float = 0.0) -> str:
    monkeypatch.setattr(progress_module, "DELAY", delay)
    progress = Progress(stream)
    progress("reading")
    time.sleep(0.5)
    progress("making the PDF")
    time.sleep(0.5)
    progress.close()
    return stream.getvalue()


def test_plain_lines_when_not_a_terminal(monkeypatch):
    output = run_stages(io.StringIO(), monkeypatch)
    assert output == "reading\nmaking the PDF\n"


def test_one_updating_line_on_a_terminal(monkeypatch):
    output = run_stages(Terminal(), monkeypatch)
    assert "\rreading" in output.replace("\033[K", "") and output.endswith("\r\033[K")


def test_nothing_for_quick_work(monkeypatch):
    assert run_stages(io.StringIO(), monkeypatch, delay=60) == ""


def test_quiet_build_prints_nothing(tmp_path):
    result = run_cli(
        "build", "--data", str(SHIPPED), "--out", str(tmp_path / "s"), "--no-pdf", "--quiet"
    )
    assert result.exit_code == 0 and result.output == ""


def test_timings_name_every_stage(tmp_path):
    result = run_cli(
        "build",
        "--data",
        str(SHIPPED),
        "--out",
        str(tmp_path / "s"),
        "--no-pdf",
        "--timings",
        "--quiet",
    )
    assert result.exit_code == 0
    stages = [line.split()[0] for line in result.output.splitlines()]
    assert stages[:3] == ["load", "validate", "project"] and "charts" in stages
    assert "write" in stages
