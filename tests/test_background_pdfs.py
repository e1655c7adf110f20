"""The watcher's background PDFs: the latest edit wins, and the worker waits during rebuilds."""

from __future__ import annotations

import io
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from gapreport.background_pdfs import BackgroundPdfs
from gapreport.site_writer import SiteFolder


@dataclass(frozen=True)
class Page:  # what BackgroundPdfs reads of a language's output
    folder: str
    html: str


def _until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _text(pdf: Path) -> str:
    return PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()


@pytest.fixture
def pdfs(tmp_path):
    """Background PDFs for a site the watcher wrote (``made.site``, ``made.make(pages)``)."""
    site = SiteFolder(tmp_path / "site")
    with site.locked():
        token = site.write({"index.html": b"<p>nb</p>", "en/index.html": b"<p>en</p>"})
    lines: list[str] = []
    made = BackgroundPdfs(cache=False, say=lines.append)
    made.lines, made.site, made.out = lines, site, site.path
    start = made.make
    made.make = lambda pages: start(pages, site, token)
    yield made
    made.close()


def test_a_newer_edit_replaces_the_pdfs_of_an_older_one(pdfs):
    earlier = []
    for edit in range(4):  # saved again and again before the worker could keep up
        earlier += pdfs.futures
        pdfs.make([Page("", f"<p>edit {edit}</p>"), Page("en/", f"<p>edit {edit} en</p>")])
    _until(lambda: len(pdfs.lines) >= 2 and all(f.done() for f in pdfs.futures))
    assert "edit 3" in _text(pdfs.out / "brief.pdf")
    assert "edit 3 en" in _text(pdfs.out / "en" / "brief.pdf")
    assert all(line.startswith("wrote") for line in pdfs.lines)
    assert len(pdfs.lines) == 2  # the PDFs of the edits in between were not written ...
    assert sum(f.cancelled() for f in earlier) >= 4  # ... and most were never made


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_worker_is_stopped_while_the_html_is_rebuilt(pdfs):
    pdfs.make([Page("", "<p>one</p>")])
    _until(lambda: pdfs.worker is not None)

    def state() -> str:
        return Path(f"/proc/{pdfs.worker}/stat").read_text().rsplit(")", 1)[1].split()[0]

    with pdfs.paused():
        assert state() == "T"  # stopped
    assert state() != "T"
    _until(lambda: pdfs.futures[0].done())
    assert pdfs.lines == [f"wrote {pdfs.out / 'brief.pdf'}"]


def test_a_worker_that_dies_is_replaced_at_the_next_edit(pdfs):
    pdfs.make([Page("", "<p>first</p>")])
    _until(lambda: pdfs.worker is not None and pdfs.futures[0].done())
    os.kill(pdfs.worker, signal.SIGKILL)
    pdfs.make([Page("", "<p>second</p>")])  # may find the pool broken, or be lost with it
    _until(lambda: pdfs.futures[-1].done())
    pdfs.make([Page("", "<p>third</p>")])
    _until(lambda: pdfs.futures[-1].done())
    assert "third" in _text(pdfs.out / "brief.pdf")
