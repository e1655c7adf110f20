"""`gapreport watch`: rebuild on every save, serve the site, and reload the open page.

The process stays warm, so a rebuild after an edit is only the work itself: the HTML of every
language is rebuilt first and the page reloads; the PDFs follow from a background worker and
are swapped in when they are ready (a newer edit discards an older PDF). A data error is
printed in the terminal and shown as a banner over the last good brief, which stays in place.

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
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from .build import BuildOptions, build
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
      const state = await (await fetch('STATE_PATH', {cache: 'no-store'})).json();
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
    """What the browser asks for: a version that changes with every good rebuild, the error."""

    version: int = 0
    error: str = ""
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


class Watcher:
    """Rebuilds the HTML on demand, and the PDFs in the background, for one site."""

    def __init__(self, options: BuildOptions, say: Callable[[str], None]):
        # HTML only, one language after another: this process runs a server thread, and
        # forking a threaded process is not safe.
        self.options = dataclasses.replace(options, pdf=False, jobs=1)
        self.want_pdf = options.pdf
        self.say = say
        self.state = State()
        self.generation = 0
        self.pool: ProcessPoolExecutor | None = None

    def rebuild(self) -> float:
        """One HTML rebuild; returns its seconds. Errors go to the terminal and the banner."""
        start = time.perf_counter()
        try:
            pdfs = self._current_pdfs()
            result = build(self.options, keep=pdfs)
        except GapreportError as error:
            message = error.report() if isinstance(error, DataError) else f"Error: {error}"
            with self.state.lock:
                self.state.error = message
            self.say(message)
            return time.perf_counter() - start
        seconds = time.perf_counter() - start
        with self.state.lock:
            self.state.version += 1
            self.state.error = ""
        self.last = result
        self.say(f"rebuilt the HTML in {seconds * 1000:.0f} ms")
        if self.want_pdf:
            self._pdfs_in_background(result.outputs)
        return seconds

    def _current_pdfs(self) -> dict[str, bytes]:
        """The PDFs already in the site, kept until fresh ones replace them."""
        out = self.options.out
        return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("brief.pdf")} \
            if out.is_dir() else {}

    def _pdfs_in_background(self, outputs) -> None:
        from .cache import default_cache
        from .pdf import cached_pdf

        self.generation += 1
        generation = self.generation
        if self.pool is None:  # spawned, not forked: this process runs threads
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        for output in outputs:
            future = self.pool.submit(cached_pdf, output.html, default_cache(self.options.cache))
            target = self.options.out / output.folder / "brief.pdf"
            future.add_done_callback(lambda f, t=target: self._place_pdf(f, t, generation))

    def _place_pdf(self, future: Future, target: Path, generation: int) -> None:
        if generation != self.generation or future.exception() is not None:
            return  # a newer edit came in, or the PDF failed: the HTML is what matters here
        pdf, _ = future.result()
        temporary = target.with_name(f".{target.name}.new")
        try:
            temporary.write_bytes(pdf)
            os.replace(temporary, target)
        except OSError:
            return
        self.say(f"wrote {target}")

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def serve(out: Path, state: State, host: str = "127.0.0.1",
          port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server for the site on localhost, with the reload script in every HTML page."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(out), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if self.path.split("?")[0] == STATE_PATH:
                return self._send(state.as_json(), "application/json")
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
