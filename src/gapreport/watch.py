"""`gapreport watch`: rebuild on every save, serve the site, and reload the open page.

The process stays warm, so a rebuild after an edit is only the work itself; its charts are
drawn side by side by worker processes that stay up with it (:mod:`gapreport.chart_workers`).
The language of the page open in the browser is rebuilt first and that page reloads at once;
the other languages follow straight after (their pages reload when they are fresh), and the
PDFs follow from a background worker that never slows the HTML
(:mod:`gapreport.background_pdfs`) and are swapped in when they are ready.
A data error is printed in the terminal and shown as a banner over the last good brief, which
stays in place.

The site on disk stays exactly what `gapreport build` writes. Only the copy served to the
browser gets a small script (and a Content-Security-Policy that lets it ask this server
whether to reload); the files a user publishes never carry it.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from .background_pdfs import BackgroundPdfs
from .brief import site_folder
from .build import BuildOptions, build
from .chart_workers import ChartWorkers
from .errors import DataError, GapreportError

STATE_PATH = "/__gapreport__/state"
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'")
_SCRIPT = """<script>
(() => {
  let seen = null;
  const banner = document.createElement('div');
  banner.setAttribute('role', 'alert');
  banner.style.cssText = 'position:sticky;top:0;z-index:9;background:#8a1c1c;color:#fff;' +
    'padding:.6rem 1rem;font:14px/1.4 monospace;white-space:pre-wrap;display:none';
  document.body.prepend(banner);
  async function poll() {
    try {
      const page = encodeURIComponent(location.pathname);
      const state = await (await fetch('STATE_PATH?page=' + page, {cache: 'no-store'})).json();
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      banner.textContent = state.error || '';
      banner.style.display = state.error ? 'block' : 'none';
    } catch (e) { /* the watcher stopped: keep the page as it is */ }
    setTimeout(poll, 400);
  }
  poll();
})();
</script>""".replace("STATE_PATH", STATE_PATH)


@dataclasses.dataclass
class State:
    """What the browser asks for: its page's version, which changes whenever that page is
    rebuilt, and the current error. Also which page the browser last showed."""

    version: int = 0                # good rebuilds so far
    pages: dict[str, int] = dataclasses.field(default_factory=dict)  # by folder: "", "en/"
    error: str = ""
    viewed: str = ""                # the folder of the page that last asked
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def as_json(self, folder: str = "") -> bytes:
        with self.lock:
            self.viewed = folder
            return json.dumps({"version": self.pages.get(folder, 0),
                               "error": self.error}).encode()

    def fresh(self, folders: list[str]) -> None:
        with self.lock:
            for folder in folders:
                self.pages[folder] = self.pages.get(folder, 0) + 1
            self.error = ""


def page_folder(path: str) -> str:
    """The site folder of a page's URL path: "/" -> "", "/en/index.html" -> "en/"."""
    parts = [part for part in urllib.parse.unquote(path).split("/") if part]
    if parts and "." in parts[-1]:
        parts = parts[:-1]
    return "".join(f"{part}/" for part in parts)


class Watcher:
    """Rebuilds the HTML on demand, and the PDFs in the background, for one site."""

    def __init__(self, options: BuildOptions, say: Callable[[str], None],
                 chart_workers: int | None = None):
        # HTML only, one language after another: this process runs a server thread, and
        # forking a threaded process is not safe. The charts are drawn side by side in
        # worker processes started now (none on one core, or when 1 is asked for).
        self.options = dataclasses.replace(options, pdf=False, jobs=1)
        workers = chart_workers or os.cpu_count() or 1
        self.charts = ChartWorkers(workers) if workers > 1 else None
        self.want_pdf = options.pdf
        self.say = say
        self.state = State()
        self.pdfs = BackgroundPdfs(options.out, options.cache, say)
        self.last = None  # the last good build's result
        self.seconds = (0.0, 0.0)  # its time to the page in view, and to the whole site

    def rebuild(self) -> float:
        """One HTML rebuild; returns the seconds until the page in view was fresh. Errors go
        to the terminal and the banner. The PDF worker waits meanwhile."""
        with self.pdfs.paused():
            return self._rebuild()

    def _rebuild(self) -> float:
        start = time.perf_counter()
        first = self._first_language()
        site = self._current_files()
        try:
            if first is not None:  # that page first, the others' last files kept meanwhile
                self._build(dataclasses.replace(self.options, languages=(first,)), site, site)
            in_view = time.perf_counter() - start
            pdfs = {name: data for name, data in site.items() if name.endswith("brief.pdf")}
            result = self._build(self.options, pdfs, site)
        except GapreportError as error:
            message = error.report() if isinstance(error, DataError) else f"Error: {error}"
            with self.state.lock:
                self.state.error = message
            self.say(message)
            return time.perf_counter() - start
        seconds = time.perf_counter() - start
        with self.state.lock:
            self.state.version += 1
        self.last, self.seconds = result, (in_view, seconds)
        self.say(f"rebuilt the HTML in {seconds * 1000:.0f} ms" if first is None else
                 f"rebuilt the HTML in {seconds * 1000:.0f} ms (the page in view, {first}, "
                 f"in {in_view * 1000:.0f} ms)")
        if self.want_pdf:
            self.pdfs.make(result.outputs)
        return in_view if first is not None else seconds

    def _build(self, options: BuildOptions, keep: dict[str, bytes], site: dict[str, bytes]):
        """Build, and tell the pages whose HTML changed to reload (``site`` is updated)."""
        result = build(options, keep=keep, drawer=self.charts)
        changed = []
        for output in result.outputs:
            name, html = f"{output.folder}index.html", output.html.encode("utf-8")
            if site.get(name) != html:
                changed.append(output.folder)
                site[name] = html
        self.state.fresh(changed)
        return result

    def _first_language(self) -> str | None:
        """The language of the page in view, when there are others to make after it."""
        if self.last is None:
            return None
        languages = list(self.options.languages or self.last.analysis.dataset.brief.languages)
        if len(languages) < 2:
            return None
        return next((lang for lang in languages
                     if site_folder(lang, languages) == self.state.viewed), languages[0])

    def _current_files(self) -> dict[str, bytes]:
        """Every file of the site as it is now, to keep while one page is made afresh."""
        out = self.options.out
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*")
                if p.is_file()} if out.is_dir() else {}

    def close(self) -> None:
        self.pdfs.close()
        if self.charts is not None:
            self.charts.close()


def serve(out: Path, state: State, host: str = "127.0.0.1",
          port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server for the site on localhost, with the reload script in every HTML page."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            url = urllib.parse.urlsplit(self.path)
            if url.path == STATE_PATH:
                page = urllib.parse.parse_qs(url.query).get("page", ["/"])[0]
                return self._send(state.as_json(page_folder(page)), "application/json")
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                return self._send(with_reload(path.read_text(encoding="utf-8")).encode(),
                                  "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # keep the terminal for builds
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def with_reload(html: str) -> str:
    """The served copy of a page: the reload script in, the policy opened just for it."""
    html = html.replace("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                        "base-uri 'none'; form-action 'none'", _CSP, 1)
    return html.replace("</body>", _SCRIPT + "\n</body>", 1)


def run(options: BuildOptions, say: Callable[[str], None], port: int = 0) -> None:
    """Build, serve and rebuild on every change under data/ and templates/ until Ctrl-C."""
    from watchfiles import watch

    watcher = Watcher(options, say)
    watcher.rebuild()
    options.out.mkdir(parents=True, exist_ok=True)
    server = serve(options.out, watcher.state, port=port)
    host, bound = server.server_address[:2]
    say(f"serving {options.out} at http://{host}:{bound}/ (Ctrl-C to stop)")
    try:
        for _ in watch(options.data, options.templates, debounce=50, step=20):
            watcher.rebuild()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.shutdown()
        watcher.close()
