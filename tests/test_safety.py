"""Safety: a build never destroys a user's files, trusts nothing it reads back from the cache,
fetches nothing, survives kill -9, and the preview server answers only its own page.

Each test is an attack or an accident tried on copies, as a user (or an attacker) would try
it: through the command line, a planted cache entry, a signal, a forged request.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, SHIPPED, edit, run_cli
from test_nothing_lost import snapshot
from test_watch import _lines_of, _wait_for

from gapreport.options import TEMPLATES, BuildOptions
from gapreport.watch.server import STATE_PATH, Watcher, serve

MARKER = ".gapreport-site"


def user_folder(folder: Path) -> dict[str, bytes]:
    """A folder of a user's own files (and a subfolder), and its bytes."""
    (folder / "letters").mkdir(parents=True)
    (folder / "thesis.docx").write_bytes(b"four years of work")
    (folder / "letters" / "mum.txt").write_text("hello", encoding="utf-8")
    return snapshot(folder)


def build_into(out: Path | str, *extra: str, data: Path = SHIPPED):
    return run_cli("build", "--data", str(data), "--out", str(out), "--no-pdf", "--quiet", *extra)


# --- 1. --out never replaces a folder gapreport did not make -------------------------------


def test_a_folder_of_the_users_files_is_refused(tmp_path):
    documents = tmp_path / "Documents"
    before = user_folder(documents)
    result = build_into(documents)
    assert result.exit_code == 2, result.output
    assert "holds files gapreport did not write" in result.output
    assert "thesis.docx" in result.output and "choose an empty folder" in result.output
    assert snapshot(documents) == before


def test_a_file_the_user_added_to_the_site_is_not_deleted(tmp_path):
    out = tmp_path / "site"
    assert build_into(out).exit_code == 0
    (out / "my-notes.txt").write_text("keep me", encoding="utf-8")
    result = build_into(out)
    assert result.exit_code == 2 and "my-notes.txt" in result.output
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "keep me"


def test_the_working_folder_and_its_parents_are_refused(tmp_path, shipped_copy, monkeypatch):
    checkout = tmp_path
    (checkout / ".git").mkdir()
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    inner = checkout / "work"
    inner.mkdir()
    monkeypatch.chdir(inner)
    before = snapshot(checkout)
    for out in (".", "..", str(checkout)):
        result = build_into(out, data=shipped_copy)
        assert result.exit_code == 2, (out, result.output)
        assert "working folder" in result.output, result.output
    assert snapshot(checkout) == before


def test_an_empty_working_folder_is_refused_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = build_into(".")
    assert result.exit_code == 2 and "working folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_data_folder_and_what_holds_it_are_refused(tmp_path):
    project = tmp_path / "project"
    data = project / "data"
    import shutil

    shutil.copytree(SHIPPED, data)
    before = snapshot(project)
    for out in (data, project):
        result = build_into(out, data=data)
        assert result.exit_code == 2, (out, result.output)
        assert "data folder" in result.output, result.output
    result = build_into(data / "site", data=data)  # the watcher would rebuild forever
    assert result.exit_code == 2 and "data folder" in result.output
    assert snapshot(project) == before


def test_the_templates_folder_is_refused(tmp_path):
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    before = snapshot(templates)
    result = build_into(templates, "--templates", str(templates))
    assert result.exit_code == 2 and "templates folder" in result.output, result.output
    assert snapshot(templates) == before


def test_a_symlink_to_a_users_folder_is_refused(tmp_path):
    documents = tmp_path / "Documents"
    before = user_folder(documents)
    link = tmp_path / "site"
    link.symlink_to(documents, target_is_directory=True)
    result = build_into(link)
    assert result.exit_code == 2 and "did not write" in result.output
    assert snapshot(documents) == before and link.is_symlink()


def test_a_symlink_to_a_site_updates_the_site_it_points_to(tmp_path):
    real = tmp_path / "real"
    assert build_into(real).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert build_into(link).exit_code == 0
    assert link.is_symlink() and (real / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".real")) == [
        ".real.lock"
    ]


def test_an_empty_or_absent_folder_is_used_and_marked(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (empty, tmp_path / "absent"):
        assert build_into(out).exit_code == 0
        assert (out / "index.html").is_file() and (out / MARKER).is_file()
        assert build_into(out).exit_code == 0  # and its own site is replaced next time


def test_watch_refuses_a_folder_of_the_users_files(tmp_path):
    documents = tmp_path / "Documents"
    before = user_folder(documents)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gapreport",
            "watch",
            "--data",
            str(SHIPPED),
            "--out",
            str(documents),
            "--no-pdf",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "did not write" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(documents) == before


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
    assert sorted(p.name for p in shared.iterdir()) == [".new-draft", "gapreport", "holiday.mov"]


def test_the_xdg_cache_holds_gapreports_entries_in_a_folder_of_their_own(tmp_path, monkeypatch):
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


def _descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (by /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text.rsplit(")", 1)[-1].split()  # state, ppid, ...


def _all_gone(pids: set[int], seconds: float) -> set[int]:
    """The processes still alive (zombies count as gone) after waiting up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        alive = {pid for pid in pids if (_stat(pid) or ["Z"])[0] != "Z"}
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _kill_all(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_kill_9_mid_build_leaves_no_worker_and_no_lock(tmp_path):
    out = tmp_path / "site"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gapreport",
            "build",
            "--data",
            str(SHIPPED),
            "--out",
            str(out),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not workers and process.poll() is None and time.monotonic() < deadline:
            workers = _descendants(process.pid)
            time.sleep(0.02)
        assert workers, "the build made no worker processes to test with"
        time.sleep(0.3)
        workers |= _descendants(process.pid)
        process.kill()
        process.wait()
        left = _all_gone(workers, seconds=10)
        assert not left, f"workers outlived the build: {sorted(left)}"
        again = build_into(out)
        assert again.exit_code == 0, again.output
    finally:
        _kill_all(workers)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [".site.lock"]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "kill-9"])
def test_a_stopped_watcher_leaves_no_worker(tmp_path, shipped_copy, how):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gapreport",
            "watch",
            "--data",
            str(shipped_copy),
            "--out",
            str(tmp_path / "site"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,
    )
    seen: list[str] = []
    workers: set[int] = set()
    try:
        lines = _lines_of(process.stderr)
        _wait_for(lines, "serving", seen)
        workers = _descendants(process.pid)
        assert len(workers) >= 2, "the watcher started no workers to test with"
        os.kill(process.pid, how)
        process.wait(timeout=30)
        left = _all_gone(workers, seconds=10)
        assert not left, f"workers outlived the watcher: {sorted(left)}"
    finally:
        _kill_all(workers | {process.pid})
    if how == signal.SIGTERM:
        seen.extend(line for line in iter(lines.get, None))
        assert seen[-1] == "stopped" and not any("Traceback" in line for line in seen), seen


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


def test_a_kill_between_the_swaps_two_renames_is_repaired_by_the_next_build(tmp_path, shipped_copy):
    out = tmp_path / "site"
    assert build_into(out).exit_code == 0
    before = snapshot(out)
    edit(shipped_copy / "figures.yaml", "value: 4900", "value: 4950")
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_BETWEEN_RENAMES, str(out), str(shipped_copy)],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not out.exists()  # the window the next build must repair
    edit(shipped_copy / "figures.yaml", "value: 4950", "value: oops")
    failed = build_into(out, data=shipped_copy)  # even a build that fails puts it back
    assert failed.exit_code == 1
    assert snapshot(out) == before
    assert build_into(out).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [
        ".site.lock"
    ]


# --- 4, 5. Nothing from the cache runs, and nothing from it is published unchecked ---------


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
    result = run_cli(
        "build", "--data", str(SHIPPED), "--out", str(out), "--quiet", "--no-cache", *extra
    )
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
    shown = ("987\u00a0650".encode(), b"987,650")  # as the page would print 987654 graduates
    assert not any(number in content for number in shown for content in published.values())
    assert published == _fresh(tmp_path, "--no-pdf")


def test_a_cache_folder_that_others_can_write_is_not_used(tmp_path, own_cache):
    own_cache.mkdir()
    own_cache.chmod(0o777)  # anyone on the machine could plant entries here
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(tmp_path / "a"), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "other users can write" in result.output
    assert not [p for p in own_cache.rglob("*") if p.is_file()]


def test_a_cache_store_made_by_someone_else_is_not_used(tmp_path, own_cache):
    store = own_cache / "gapreport" / "v1"
    store.mkdir(parents=True)
    os.chown(store, 65534, 65534)  # nobody's
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(tmp_path / "a"), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "not using the cache" in result.output
    assert not list(store.iterdir())


# --- 6. The PDF step fetches nothing --------------------------------------------------------


def test_the_pdf_step_reads_no_file_and_fetches_no_package(tmp_path):
    """Typst is given an empty folder as its root: a source that reaches for a file outside it
    (or a package, which would be downloaded) is refused, and nothing is read."""
    import datetime

    from gapreport.errors import TemplateFault
    from gapreport.render.pdf import typeset

    secret = tmp_path / "secret.txt"
    secret.write_text("the builder's private notes", encoding="utf-8")
    day = datetime.date(2026, 12, 1)
    for reach in (
        f'#read("{secret}")',
        f'#read("../../../..{secret}")',
        f'#image("{secret}")',
        '#import "@preview/cetz:0.3.4"',
        '#include ("@preview/x:0.1.0")',
    ):
        with pytest.raises(TemplateFault) as refused:
            typeset('#set document(title: "t")\n' + reach + "\n", day)
        assert "private notes" not in str(refused.value)


# --- 7. Inputs the brief cannot print are data errors at validation -------------------------


def test_a_projection_the_brief_cannot_print_is_refused_at_validation(tmp_path):
    from helpers import MINIMAL, write_data

    data = write_data(tmp_path / "data", MINIMAL)
    edit(data / "brief.yaml", "end: 2030", "end: 2100")
    edit(data / "numbers.yaml", "value: 50\n    unit: fte", "value: 100\n    unit: percent")
    edit(data / "numbers.yaml", "added: added, shape: linear", "percent: added, target_year: 2021")
    result = run_cli("validate", "--data", str(data))
    assert result.exit_code == 1, result.output
    assert re.search(r"numbers\.yaml:\d+:\d+: scenarios\[0\]", result.output), result.output
    assert "too large" in result.output and "Traceback" not in result.output
    assert build_into(tmp_path / "site", data=data).exit_code == 1


def test_watch_on_a_port_in_use_is_a_clear_error(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "gapreport",
                "watch",
                "--data",
                str(SHIPPED),
                "--out",
                str(tmp_path / "site"),
                "--no-pdf",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=90,
            cwd=tmp_path,
        )
    finally:
        taken.close()
    assert done.returncode in (1, 2), done.stderr
    assert f"port {port}" in done.stderr and "in use" in done.stderr
    assert "Traceback" not in done.stderr


# --- 8. The preview server answers only its own page ----------------------------------------


@pytest.fixture
def served(tmp_path):
    options = BuildOptions(data=SHIPPED, out=tmp_path / "site", pdf=False, templates=TEMPLATES)
    watcher = Watcher(options, lambda line: None, chart_workers=1)
    watcher.rebuild()
    server = serve(options.out, watcher.state)
    host, port = server.server_address[:2]
    yield watcher, host, port
    server.shutdown()
    watcher.close()


def _request(host: str, port: int, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_the_preview_answers_only_its_own_host_names(served):
    _, host, port = served
    assert _request(host, port, "/")[0] == 200
    assert _request(host, port, "/", {"Host": f"localhost:{port}"})[0] == 200
    for forged in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}"):
        status, body = _request(host, port, "/", {"Host": forged})
        assert status in (403, 421), forged
        assert b"<html" not in body


def test_the_preview_lists_no_folder_and_follows_no_link_out(served, tmp_path):
    watcher, host, port = served
    status, body = _request(host, port, "/data/")
    assert status == 404 and b"projection.csv" not in body
    outside = tmp_path / "private.txt"
    outside.write_text("not for the browser", encoding="utf-8")
    (watcher.options.out / "leak.txt").symlink_to(outside)
    status, body = _request(host, port, "/leak.txt")
    assert status == 404 and b"not for the browser" not in body


def test_the_preview_drops_half_sent_requests(served):
    _, host, port = served
    slow = []
    for _ in range(5):
        connection = socket.create_connection((host, port), timeout=30)
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the end
        slow.append(connection)
    start = time.monotonic()
    try:
        for connection in slow:
            try:
                connection.recv(1024)  # b"" (or an error page) once the server drops it
            except TimeoutError:
                pytest.fail("a half-sent request was held for 30 s")
        waited = time.monotonic() - start
    finally:
        for connection in slow:
            connection.close()
    assert waited < 15, f"half-sent requests were held for {waited:.0f} s"
    assert _request(host, port, "/")[0] == 200


def test_another_origin_cannot_steer_the_rebuild_order(served):
    watcher, host, port = served
    status, _ = _request(host, port, f"{STATE_PATH}?page=%2Fen%2F")
    assert status == 403 and watcher.state.viewed == ""
    page = _request(host, port, "/en/")[1].decode("utf-8")
    token = re.search(r"token=([A-Za-z0-9_-]+)", page).group(1)
    status, body = _request(host, port, f"{STATE_PATH}?page=%2Fen%2F&token={token}")
    assert status == 200 and json.loads(body)["version"] == 1 and watcher.state.viewed == "en/"


def test_the_served_page_runs_only_its_own_scripts(served):
    """The reload script and the what-if's, each let in by its hash; nothing inline else."""
    _, host, port = served
    page = _request(host, port, "/")[1].decode("utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    scripts = [part for part in policy.split(";") if part.strip().startswith("script-src")]
    assert len(scripts) == 1 and "'unsafe-inline'" not in scripts[0]
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", scripts[0]))
    code = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    digests = {base64.b64encode(hashlib.sha256(c.encode()).digest()).decode() for c in code}
    assert len(code) == 2 and allowed == digests


def test_the_lock_is_taken_on_the_resolved_folder(tmp_path):
    from gapreport.site.writer import SiteFolder

    real = tmp_path / "real"
    assert build_into(real).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    before = snapshot(real)
    with SiteFolder(real).locked():  # a build of the real folder is writing
        result = build_into(link)
    assert result.exit_code == 1 and "another build is writing" in result.output
    assert snapshot(real) == before


# --- 7. More input that must be refused, with file, line and field --------------------------
# (the corpus in test_bad_input.py holds the cases that are refused as data errors)


def test_the_readme_lists_the_faults_and_attacks_survived():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for phrase in ("kill -9", "--out", "bytecode", "pickle", "Host", "templates folder is code"):
        assert phrase in readme, phrase
