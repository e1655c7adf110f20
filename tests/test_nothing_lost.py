"""Nothing is ever lost: a build that fails at any step leaves the previous site as it was.

Each test builds a site, breaks one step of a second build (the data, a template, the PDF,
the disk, the output folder's permissions, Ctrl-C, a second build at the same time), and then
compares the site byte for byte with what it was.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, SHIPPED, edit, run_cli

import gapreport.render.pdf as pdf_module
from gapreport.errors import OutputError


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def built(tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A site built from the shipped data (HTML only, for speed), and its bytes."""
    out = tmp_path / "out" / "site"
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    return out, snapshot(out)


def leftovers(out: Path) -> list[str]:
    """Anything beside the site but the site and its lock: staging folders must be gone."""
    return sorted(
        p.name for p in out.parent.iterdir() if p.name not in (out.name, f".{out.name}.lock")
    )


def test_bad_data(built, shipped_copy):
    out, before = built
    edit(shipped_copy / "figures.yaml", "value: 4900", "value: lots")
    result = run_cli("build", "--data", str(shipped_copy), "--out", str(out), "--no-pdf")
    assert result.exit_code == 1
    assert snapshot(out) == before and leftovers(out) == []


def test_template_error(built, tmp_path):
    out, before = built
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    edit(templates / "_data.html", '{{ t.get("data", "intro") }}', "{{ page.no_such_thing }}")
    result = run_cli(
        "build",
        "--data",
        str(SHIPPED),
        "--out",
        str(out),
        "--no-pdf",
        "--templates",
        str(templates),
    )
    assert result.exit_code == 1
    assert "templates/_data.html:3: " in result.output and "no_such_thing" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before and leftovers(out) == []


def test_template_syntax_error(built, tmp_path):
    out, before = built
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    edit(templates / "_asks.html", "{% endif %}", "{% endiff %}")
    result = run_cli(
        "build",
        "--data",
        str(SHIPPED),
        "--out",
        str(out),
        "--no-pdf",
        "--templates",
        str(templates),
    )
    assert result.exit_code == 1 and "_asks.html:" in result.output
    assert snapshot(out) == before


def test_pdf_failure(built, monkeypatch):
    out, before = built

    def broken(source, day):
        raise OutputError("cannot make the PDF: simulated failure")

    monkeypatch.setattr(pdf_module, "typeset", broken)
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out))
    assert result.exit_code == 1 and "simulated failure" in result.output
    assert snapshot(out) == before and leftovers(out) == []


def test_disk_full_midway(built, monkeypatch):
    out, before = built
    real = Path.write_bytes
    calls = []

    def fill_up(self, data):
        calls.append(self)
        if len(calls) == 2:  # the second file finds the disk full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf", "--no-cache")
    monkeypatch.undo()
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert snapshot(out) == before and leftovers(out) == []


@pytest.fixture
def read_only():
    """Makes a folder unwritable even for root (chattr +i), and writable again afterwards."""
    locked: list[Path] = []

    def lock(folder: Path) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i", str(folder)], check=True)
        else:
            folder.chmod(0o555)
        locked.append(folder)
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")

    yield lock
    for folder in locked:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_read_only_output_folder(built, read_only):
    out, before = built
    read_only(out.parent)
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf", "--no-cache")
    assert result.exit_code == 1 and "cannot write" in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before


def test_two_builds_at_once_are_refused(built):
    out, before = built
    with open(out.parent / f".{out.name}.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf")
    assert result.exit_code == 1
    assert f"another build is writing to {out} right now" in result.output
    assert snapshot(out) == before


def test_ctrl_c_mid_build(built):
    """SIGINT while the PDFs are being made: exit 130, a message, no traceback, site intact."""
    out, before = built
    lock = out.parent / f".{out.name}.lock"
    lock.unlink()
    process = subprocess.Popen(
        [sys.executable, "-m", "gapreport", "build", "--data", str(SHIPPED), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not lock.exists() and time.monotonic() < deadline:  # the build has begun
        time.sleep(0.05)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stdout + stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr
    assert snapshot(out) == before and leftovers(out) == []
