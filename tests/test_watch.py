"""`gapreport watch`: rebuilds on demand, keeps the last good brief, serves with live reload."""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from helpers import edit, run_cli

from gapreport.options import TEMPLATES, BuildOptions
from gapreport.pipeline import build
from gapreport.watch.server import STATE_PATH, Watcher, serve


@pytest.fixture
def watcher(tmp_path, shipped_copy):
    lines: list[str] = []
    options = BuildOptions(data=shipped_copy, out=tmp_path / "site", pdf=False, templates=TEMPLATES)
    w = Watcher(options, lines.append)
    w.lines = lines
    yield w
    w.close()


def test_rebuild_bumps_the_version_and_writes_a_clean_site(watcher):
    watcher.rebuild()
    assert watcher.state.version == 1 and watcher.state.error == ""
    html = (watcher.options.out / "index.html").read_text(encoding="utf-8")
    assert "__gapreport__" not in html  # the published file never carries the reload script
    assert watcher.lines[-1].startswith("rebuilt the HTML in")


def test_a_data_error_shows_and_the_last_good_brief_stays(watcher, shipped_copy):
    watcher.rebuild()
    site = watcher.options.out / "index.html"
    before = site.read_bytes()
    edit(shipped_copy / "figures.yaml", "value: 4900", "value: oops")
    watcher.rebuild()
    assert watcher.state.version == 1
    assert "figures.yaml:8:12: figures[0].value: expected a number" in watcher.state.error
    assert watcher.lines[-1].endswith("1 problem found in the data.")
    assert site.read_bytes() == before
    edit(shipped_copy / "figures.yaml", "value: oops", "value: 4950")
    watcher.rebuild()
    assert watcher.state.version == 2 and watcher.state.error == ""
    assert site.read_bytes() != before


def test_charts_drawn_by_the_watchers_workers_are_what_a_build_draws(
    watcher, shipped_copy, tmp_path
):
    """The watcher draws charts side by side in worker processes that keep their figures
    from one rebuild to the next; its site is still exactly what a build writes."""
    assert watcher.runner.workers is not None, "one core here: the workers are not tested"
    watcher.rebuild()
    for exit_rate in ("7", "13"):  # a smaller and a larger gap than the shipped one
        edit(shipped_copy / "assumptions.yaml", "value: 10\n", f"value: {exit_rate}\n")
        watcher.rebuild()
        assert watcher.state.error == ""
        plain = build(dataclasses.replace(watcher.options, out=tmp_path / "plain", cache=False))
        for output in plain.outputs:
            page = watcher.options.out / output.folder / "index.html"
            assert page.read_text(encoding="utf-8") == output.html
        edit(shipped_copy / "assumptions.yaml", f"value: {exit_rate}\n", "value: 10\n")


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8")


def test_server_adds_live_reload_to_served_pages_only(watcher):
    watcher.rebuild()
    server = serve(watcher.options.out, watcher.state)
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        kind, page = get(f"http://{host}:{port}/")
        assert kind.startswith("text/html") and STATE_PATH in page
        assert "connect-src 'self'" in page and "script-src 'sha256-" in page
        _, english = get(f"http://{host}:{port}/en/")
        assert STATE_PATH in english and 'lang="en"' in english
        token = watcher.state.token
        assert f"token={token}" in page  # only the served pages know it
        _, state = get(f"http://{host}:{port}{STATE_PATH}?token={token}")
        assert json.loads(state) == {"version": 1, "error": ""}
        assert "location.pathname" in page  # each page says which it is when it asks
        _, state = get(f"http://{host}:{port}{STATE_PATH}?token={token}&page=%2Fen%2F")
        assert json.loads(state) == {"version": 1, "error": ""}
        assert watcher.state.viewed == "en/"
        _, csv = get(f"http://{host}:{port}/data/projection.csv")
        assert csv.startswith("scenario,year,")
    finally:
        server.shutdown()
    assert STATE_PATH not in (watcher.options.out / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_makes_the_pdfs_after_the_page_in_view(tmp_path, shipped_copy):
    options = BuildOptions(data=shipped_copy, out=tmp_path / "site", pdf=True, templates=TEMPLATES)
    lines: list[str] = []
    watcher = Watcher(options, lines.append)
    try:
        watcher.rebuild()
        pdfs = [options.out / "brief.pdf", options.out / "en" / "brief.pdf"]
        assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
        before = [p.read_bytes() for p in pdfs]
        watcher.state.as_json("en/")  # the English page is open
        edit(shipped_copy / "figures.yaml", "value: 4900", "value: 4950")
        watcher.rebuild()
        assert all(p.read_bytes() != old for p, old in zip(pdfs, before, strict=True))
        assert lines[-1].startswith("rebuilt the HTML and PDFs in")
        assert "(the page in view, en, in" in lines[-1]
        in_view, whole = watcher.seconds
        assert in_view < whole  # the page in view did not wait for the PDFs
    finally:
        watcher.close()


def _lines_of(stream) -> queue.Queue:
    """The stream's lines as they come, read by a thread so a test can wait with a timeout."""
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, start: str, seen: list[str], seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while True:
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        assert line is not None, "the watcher stopped:\n" + "\n".join(seen)
        seen.append(line)
        if line.startswith(start):
            return line


def test_watch_from_the_command_line_serves_rebuilds_and_stops_on_ctrl_c(shipped_copy, tmp_path):
    """As a user runs it: the site is served, a saved edit shows in the served page, the PDFs
    follow, and Ctrl-C (which reaches the watcher and all its workers) stops everything
    with one word and no traceback."""
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
        start_new_session=True,  # its own process group, as a terminal's foreground job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    seen: list[str] = []
    try:
        lines = _lines_of(process.stderr)
        url = _wait_for(lines, "serving", seen).split(" at ")[1].split()[0]
        _, before = get(url + "en/")
        assert (tmp_path / "site" / "en" / "brief.pdf").is_file()
        edit(shipped_copy / "figures.yaml", "value: 4900", "value: 4950")
        _wait_for(lines, "rebuilt the HTML", seen)
        _, after = get(url + "en/")
        quoted = '"helsemod2017_base_fte">{}</span>'  # where the page quotes that figure
        assert quoted.format("4,900") in before and quoted.format("4,950") in after
        assert "from 4,950 in 2017" in after  # and the chart that starts from it moved
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=30) == 0
        seen.extend(line for line in iter(lines.get, None))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert seen[-1] == "stopped" and not any("Traceback" in line for line in seen), seen
    assert _group_gone(process.pid, seconds=10), "a worker was left behind"


def _group_gone(group: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_watch_has_help():
    result = run_cli("watch", "--help")
    assert result.exit_code == 0 and "reload the open page" in result.output


def test_served_files_stay_inside_the_site(watcher, tmp_path):
    watcher.rebuild()
    (tmp_path / "secret.txt").write_text("no")
    server = serve(watcher.options.out, watcher.state)
    try:
        host, port = server.server_address[:2]
        with pytest.raises(urllib.error.HTTPError):
            get(f"http://{host}:{port}/../secret.txt")
    finally:
        server.shutdown()


def test_the_page_in_view_is_made_first_and_each_page_reloads_once(
    watcher, shipped_copy, monkeypatch
):
    import gapreport.watch.server as watch_module

    watcher.rebuild()
    out = watcher.options.out
    assert json.loads(watcher.state.as_json("en/")) == {"version": 1, "error": ""}
    made: list[tuple[str, ...]] = []
    real_build = watch_module.build

    def recording_build(options, runner=None, keep=None):
        made.append(options.languages)
        if options.languages == ("en",):  # while English is made, Norwegian is as it was
            assert keep["index.html"] == (out / "index.html").read_bytes()
        return real_build(options, runner, keep=keep)

    monkeypatch.setattr(watch_module, "build", recording_build)
    before = {page: (out / page).read_bytes() for page in ("index.html", "en/index.html")}
    edit(shipped_copy / "figures.yaml", "value: 4900", "value: 4950")
    watcher.rebuild()
    assert made == [("en",), ()]
    assert all((out / page).read_bytes() != old for page, old in before.items())
    assert watcher.state.pages == {"": 2, "en/": 2}
    assert "(the page in view, en, in" in watcher.lines[-1]


def test_saving_without_a_change_reloads_no_page(watcher, shipped_copy):
    watcher.rebuild()
    figures = shipped_copy / "figures.yaml"
    figures.write_bytes(figures.read_bytes())  # what an editor's save does to the watcher
    watcher.rebuild()
    assert watcher.state.version == 2 and watcher.state.pages == {"": 1, "en/": 1}


def test_the_page_asking_is_named_by_its_folder():
    from gapreport.watch.server import page_folder

    assert [
        page_folder(p) for p in ("/", "/index.html", "/en/", "/en/index.html", "/region/HSO/")
    ] == ["", "", "en/", "en/", "region/HSO/"]


@pytest.mark.browser
def test_in_a_browser_the_open_page_shows_errors_and_reloads_when_fixed(watcher, shipped_copy):
    """The served English page, open in Chromium: a data error appears as a banner over the
    last good page; fixing it reloads the page (English made first) without the banner."""
    from helpers import CHROMIUM, FLAGS

    playwright_api = pytest.importorskip("playwright.sync_api")
    watcher.rebuild()
    server = serve(watcher.options.out, watcher.state)
    host, port = server.server_address[:2]
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=FLAGS, headless=True
            )
            page = browser.new_page()
            page.goto(f"http://{host}:{port}/en/")
            deadline = time.monotonic() + 10
            while watcher.state.viewed != "en/" and time.monotonic() < deadline:
                time.sleep(0.05)  # the page says which it is when it first asks
            assert watcher.state.viewed == "en/"
            page.evaluate("window.beforeTheEdit = true")

            edit(shipped_copy / "figures.yaml", "value: 4900", "value: oops")
            watcher.rebuild()
            banner = page.get_by_role("alert")
            playwright_api.expect(banner).to_contain_text("figures.yaml:8:12", timeout=10_000)
            assert page.evaluate("window.beforeTheEdit") is True  # the last good page stays

            edit(shipped_copy / "figures.yaml", "value: oops", "value: 4950")
            watcher.rebuild()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and _still_before_the_edit(page):
                time.sleep(0.1)
            assert not _still_before_the_edit(page)  # the page reloaded
            playwright_api.expect(banner).to_be_hidden()
            assert page.locator("html").get_attribute("lang") == "en"
            assert "(the page in view, en, in" in watcher.lines[-1]
            browser.close()
    finally:
        server.shutdown()


def _still_before_the_edit(page) -> bool:
    from playwright.sync_api import Error

    try:
        return page.evaluate("window.beforeTheEdit === true")
    except Error:  # the page is between documents while it reloads
        return True


def test_an_edit_of_the_interface_text_shows_in_the_next_rebuild(tmp_path, shipped_copy):
    """Each language's text is parsed once and kept while its file is unchanged; an edit
    to it is read at the next rebuild."""
    import shutil

    from gapreport.language.strings import load_strings

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    options = BuildOptions(data=shipped_copy, out=tmp_path / "site", pdf=False, templates=templates)
    w = Watcher(options, lambda line: None, chart_workers=1)
    try:
        w.rebuild()
        assert load_strings(templates, "en") is load_strings(templates, "en")  # kept
        edit(templates / "strings" / "en.yaml", '  heading: "What if?"', '  heading: "And if?"')
        w.rebuild()
        english = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
        assert '"heading":"And if?"' in english
    finally:
        w.close()
