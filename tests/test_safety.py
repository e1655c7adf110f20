"""Safety: a build never destroys a user's files, trusts nothing it reads back from the cache,
fetches nothing, survives kill -9, and the preview server answers only its own page.

Each test is an attack or an accident tried on copies, as a user (or an attacker) would try
it: through the command line, a planted cache entry, a signal, a forged request.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT, SHIPPED, edit, run_cli
from test_nothing_lost import snapshot
from test_watch import _lines_of, _wait_for

from gapreport.build import TEMPLATES, BuildOptions
from gapreport.chart_sets import forget_charts
from gapreport.watch import STATE_PATH, Watcher, serve

MARKER = ".gapreport-site"


def user_folder(folder: Path) -> dict[str, bytes]:
    """A folder of a user's own files (and a subfolder), and its bytes."""
    (folder / "letters").mkdir(parents=True)
    (folder / "thesis.docx").write_bytes(b"four years of work")
    (folder / "letters" / "mum.txt").write_text("hello", encoding="utf-8")
    return snapshot(folder)


def build_into(out: Path | str, *extra: str, data: Path = SHIPPED):
    return run_cli("build", "--data", str(data), "--out", str(out), "--no-pdf", "--quiet",
                   *extra)


# --- 1. --out never replaces a folder gapreport did not make -------------------------------





















# --- 2. The cache deletes only what it made ------------------------------------------------

def test_the_cache_never_prunes_the_users_files(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    big = shared / "holiday.mov"
    with open(big, "wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: over the cache's limit, costs no disk
    half = shared / ".new-draft"
    half.write_text("a file of the user's that happens to have such a name")
    for path in (big, half):
        os.utime(path, (1_000_000, 1_000_000))
    monkeypatch.setenv("GAPREPORT_CACHE", str(shared))
    assert build_into(tmp_path / "site").exit_code == 0
    assert big.stat().st_size == 300 * 1024 * 1024 and half.exists()
    assert sorted(p.name for p in shared.iterdir()) == [".new-draft", "gapreport",
                                                        "holiday.mov"]


def test_the_xdg_cache_holds_gapreports_entries_in_a_folder_of_their_own(tmp_path,
                                                                           monkeypatch):
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    (xdg / "other-app.db").write_bytes(b"x" * 1000)
    os.utime(xdg / "other-app.db", (1_000_000, 1_000_000))
    monkeypatch.delenv("GAPREPORT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    assert build_into(tmp_path / "site").exit_code == 0
    assert (xdg / "other-app.db").read_bytes() == b"x" * 1000
    assert any((xdg / "gapreport" / "v1").glob("charts-*"))
    assert not [p for p in xdg.iterdir() if p.is_file() and p.name != "other-app.db"]


# --- 3. kill -9 and SIGTERM leave nothing running and nothing locked ------------------------













_KILL_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
out = Path(sys.argv[1]).resolve()
real = os.replace
def replace(src, dst):
    real(src, dst)
    if Path(src) == out:  # the old site has just been moved away: die before the new arrives
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from gapreport.cli import main
sys.argv = ["gapreport", "build", "--data", sys.argv[2], "--out", sys.argv[1], "--no-pdf"]
main()
"""




# --- 4, 5. Nothing from the cache runs, and nothing from it is published unchecked ---------

@pytest.fixture(autouse=True)
def charts_from_the_cache():
    """Charts kept in this process's memory by earlier builds would hide the cache's."""
    forget_charts()
    yield
    forget_charts()


def _entries(cache: Path, kind: str) -> list[Path]:
    return [p for p in cache.rglob(f"{kind}-*") if p.is_file()]


def test_a_planted_file_in_the_cache_never_runs(tmp_path, own_cache):
    """Jinja's bytecode cache unpickles what it finds: plant a pickle everywhere in the cache
    that, if it were loaded, would make a folder."""
    import pickle

    assert build_into(tmp_path / "a").exit_code == 0
    ran = tmp_path / "the-planted-code-ran"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(ran),))

    from jinja2.bccache import bc_magic

    planted = bc_magic + pickle.dumps(Payload())
    files = [p for p in own_cache.rglob("*") if p.is_file()]
    assert files
    for path in files:
        path.write_bytes(planted)
    assert build_into(tmp_path / "b").exit_code == 0
    assert not ran.exists()


def _fresh(tmp_path: Path, *extra: str) -> dict[str, bytes]:
    out = tmp_path / "fresh"
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--quiet",
                     "--no-cache", *extra)
    assert result.exit_code == 0, result.output
    return snapshot(out)


def test_a_script_planted_in_a_cached_chart_is_not_published(tmp_path, own_cache):
    assert build_into(tmp_path / "a").exit_code == 0
    charts = _entries(own_cache, "charts")
    assert charts
    for path in charts:
        stored = path.read_bytes()
        assert b"</svg>" in stored
        path.write_bytes(stored.replace(b"</svg>", b"<script>alert(1)</script></svg>"))
    forget_charts()
    assert build_into(tmp_path / "b").exit_code == 0
    published = snapshot(tmp_path / "b")
    assert not any(b"alert(1)" in content for content in published.values())
    assert published == _fresh(tmp_path, "--no-pdf")


def test_a_truncated_cached_pdf_is_not_published(tmp_path, own_cache):
    out = tmp_path / "a"
    assert run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--quiet").exit_code == 0
    pdfs = _entries(own_cache, "pdf")
    assert len(pdfs) == 2
    for path in pdfs:
        stored = path.read_bytes()
        path.write_bytes(stored[: len(stored) // 2])
    out = tmp_path / "b"
    assert run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--quiet").exit_code == 0
    assert snapshot(out) == _fresh(tmp_path)


def test_an_edited_analysis_entry_does_not_change_the_published_numbers(tmp_path, own_cache):
    assert build_into(tmp_path / "a").exit_code == 0
    stored = _entries(own_cache, "outlook")
    assert len(stored) == 1
    text = stored[0].read_bytes()
    edited = re.sub(rb'("extra_graduates": )[0-9.]+', rb"\g<1>987654", text)
    assert edited != text
    stored[0].write_bytes(edited)
    assert build_into(tmp_path / "b").exit_code == 0
    published = snapshot(tmp_path / "b")
    assert not any(b"987" in content and b"654" in content for content in published.values())
    assert published == _fresh(tmp_path, "--no-pdf")


def test_a_cache_folder_that_others_can_write_is_not_used(tmp_path, own_cache):
    own_cache.mkdir()
    own_cache.chmod(0o777)  # anyone on the machine could plant entries here
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(tmp_path / "a"),
                     "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "other users can write" in result.output
    assert not [p for p in own_cache.rglob("*") if p.is_file()]


def test_a_cache_store_made_by_someone_else_is_not_used(tmp_path, own_cache):
    store = own_cache / "gapreport" / "v1"
    store.mkdir(parents=True)
    os.chown(store, 65534, 65534)  # nobody's
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(tmp_path / "a"),
                     "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "not using the cache" in result.output
    assert not list(store.iterdir())


# --- 6. The PDF step fetches nothing --------------------------------------------------------





# --- 7. Inputs the brief cannot print are data errors at validation -------------------------





# --- 8. The preview server answers only its own page ----------------------------------------



















# --- 7. More input that must be refused, with file, line and field --------------------------
# (the corpus in test_bad_input.py holds the cases that are refused as data errors)


