"""`gapreport watch`: rebuild on every save, serve the site, and reload the open page.

The process stays warm, so a rebuild after an edit is only the work itself; its charts are
drawn side by side by worker processes that stay up with it (:mod:`gapreport.runner.chart_workers`).
The language of the page open in the browser is rebuilt first and that page reloads at once;
the other languages follow straight after (their pages reload when they are fresh), with the
PDFs (Typst typesets one in a fraction of a second).
A data error is printed in the terminal and shown as a banner over the last good brief, which
stays in place.

The site on disk stays exactly what `gapreport build` writes. Only the copy served to the
browser gets a small script (and a Content-Security-Policy that lets that one script, by its
hash, ask this server whether to reload); the files a user publishes never carry it.

The server answers only requests addressed to it by name (``127.0.0.1:PORT`` or
``localhost:PORT``), so a web page that re-points its own domain at this machine (DNS
rebinding) reads nothing; it lists no folders, serves nothing outside the site, drops a
request not sent whole within seconds, and answers the state endpoint only to its own pages
(they carry a token no other origin can read).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import errno
import hashlib
import hmac
import http.server
import json
import mimetypes
import os
import re
import secrets
import signal
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from gapreport.errors import DataError, GapreportError, OutputError
from gapreport.options import BuildOptions
from gapreport.pipeline import build
from gapreport.render.briefs import site_folder
from gapreport.render.pdf import keep_layouts
from gapreport.runner.cache import default_cache
from gapreport.runner.runners import WarmRunner
from gapreport.site.writer import MARKER, output_folder

STATE_PATH = "/__gapreport__/state"
REQUEST_SECONDS = 5  # a request not sent whole by then is dropped
_POLICY = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"')
_SCRIPT = """(() => {
  let seen = null;
  const banner = document.createElement('div');
  banner.setAttribute('role', 'alert');
  banner.style.cssText = 'position:sticky;top:0;z-index:9;background:#8a1c1c;color:#fff;' +
    'padding:.6rem 1rem;font:14px/1.4 monospace;white-space:pre-wrap;display:none';
  document.body.prepend(banner);
  async function poll() {
    try {
      const page = encodeURIComponent(location.pathname);
      const state = await (await fetch('STATE_PATH?token=TOKEN&page=' + page,
                                        {cache: 'no-store'})).json();
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      banner.textContent = state.error || '';
      banner.style.display = state.error ? 'block' : 'none';
    } catch (e) { /* the watcher stopped: keep the page as it is */ }
    setTimeout(poll, 400);
  }
  poll();
})();
"""


@dataclasses.dataclass
class State:
    """What the browser asks for: its page's version, which changes whenever that page is
    rebuilt, and the current error. Also which page the browser last showed, and the token
    that the served pages (and only they) carry when they ask."""

    version: int = 0  # good rebuilds so far
    pages: dict[str, int] = dataclasses.field(default_factory=dict)  # by folder: "", "en/"
    error: str = ""
    viewed: str = ""  # the folder of the page that last asked
    token: str = dataclasses.field(default_factory=lambda: secrets.token_urlsafe(18))
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def as_json(self, folder: str = "") -> bytes:
        with self.lock:
            self.viewed = folder
            return json.dumps({"version": self.pages.get(folder, 0), "error": self.error}).encode()

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
    """Rebuilds one site on demand: the page in view first, then the rest and the PDFs."""

    def __init__(
        self,
        options: BuildOptions,
        say: Callable[[str], None],
        chart_workers: int | None = None,
        state: State | None = None,
    ):
        # HTML only, one language after another: this process runs a server thread, and
        # forking a threaded process is not safe. The charts are drawn side by side in
        # worker processes started now (none on one core, or when 1 is asked for).
        self.options = dataclasses.replace(options, jobs=1)
        workers = chart_workers or os.cpu_count() or 1
        self.runner = WarmRunner(default_cache(options.cache), workers)
        keep_layouts()  # the next edit's PDFs and pictures reuse most of this one's
        self.say = say
        self.state = state or State()
        self.last = None  # the last good build's result
        self.seconds = (0.0, 0.0)  # its time to the page in view, and to the whole site

    def rebuild(self) -> float:
        """One rebuild; returns the seconds until the page in view was fresh. Errors go to
        the terminal and the banner."""
        start = time.perf_counter()
        first = self._first_language()
        site = self._current_files()
        try:
            if first is not None:  # that page first, the others' last files kept meanwhile
                self._build(
                    dataclasses.replace(self.options, languages=(first,), pdf=False), site, site
                )
            in_view = time.perf_counter() - start
            result = self._build(self.options, {}, site)
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
        made = "the HTML and PDFs" if self.options.pdf else "the HTML"
        self.say(
            f"rebuilt {made} in {seconds * 1000:.0f} ms"
            if first is None
            else f"rebuilt {made} in {seconds * 1000:.0f} ms (the page in view, {first}, "
            f"in {in_view * 1000:.0f} ms)"
        )
        return in_view if first is not None else seconds

    def _build(self, options: BuildOptions, keep: dict[str, bytes], site: dict[str, bytes]):
        """Build, and tell the pages whose HTML changed to reload (``site`` is updated)."""
        result = build(options, self.runner, keep=keep)
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
        return next(
            (lang for lang in languages if site_folder(lang, languages) == self.state.viewed),
            languages[0],
        )

    def _current_files(self) -> dict[str, bytes]:
        """Every file of the site as it is now, to keep while one page is made afresh."""
        out = self.options.out
        return (
            {
                str(p.relative_to(out)): p.read_bytes()
                for p in out.rglob("*")
                if p.is_file() and p.name != MARKER
            }
            if out.is_dir()
            else {}
        )

    def close(self) -> None:
        self.runner.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves one site's files, the served pages with the reload script, and the state."""

    root: Path  # the site, resolved
    state: State
    timeout = REQUEST_SECONDS  # no single read or write of a connection waits longer

    def handle_one_request(self) -> None:
        # the whole request must arrive in time, not only each piece of it (slowloris)
        self._deadline = threading.Timer(REQUEST_SECONDS, self._drop)
        self._deadline.start()
        try:
            super().handle_one_request()
        finally:
            self._deadline.cancel()

    def parse_request(self) -> bool:
        self._deadline.cancel()  # the request is in; what follows is the answer
        return super().parse_request()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(with_body=False)

    server: _Server

    def _answer(self, with_body: bool) -> None:
        port = self.server.server_address[1]
        if self.headers.get("Host") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            return self._send(
                421,
                b"This server answers only to 127.0.0.1 and localhost.\n",
                "text/plain; charset=utf-8",
                with_body,
            )
        url = urllib.parse.urlsplit(self.path)
        if url.path == STATE_PATH:
            return self._state(urllib.parse.parse_qs(url.query), with_body)
        path = self._file(url.path)
        if path is None:
            return self._send(404, b"Not found.\n", "text/plain; charset=utf-8", with_body)
        if path.is_dir():  # a folder's page: at its address with a slash, so links work
            self.send_response(301)
            self.send_header("Location", url.path + "/")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path.suffix == ".html":
            html = with_reload(path.read_text(encoding="utf-8"), self.state.token)
            return self._send(200, html.encode("utf-8"), "text/html; charset=utf-8", with_body)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self._send(200, path.read_bytes(), kind, with_body)

    def _state(self, query: dict[str, list[str]], with_body: bool) -> None:
        token = query.get("token", [""])[0]
        if not hmac.compare_digest(token.encode(), self.state.token.encode()):
            return self._send(403, b"Forbidden.\n", "text/plain; charset=utf-8", with_body)
        page = query.get("page", ["/"])[0]
        self._send(200, self.state.as_json(page_folder(page)), "application/json", with_body)

    def _file(self, url_path: str) -> Path | None:
        """The file (or folder) of the site at this address; None for anything else: names
        that climb out or are hidden, links that lead out, folders without a page."""
        parts = [part for part in urllib.parse.unquote(url_path).split("/") if part]
        if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
            return None
        try:
            path = self.root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not path.is_relative_to(self.root):
            return None
        if path.is_dir():
            if not url_path.endswith("/"):
                return path
            path = path / "index.html"
        return path if path.is_file() else None

    def _send(self, status: int, body: bytes, kind: str, with_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # keep the terminal for builds
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def serve(
    out: Path, state: State, host: str = "127.0.0.1", port: int = 0
) -> http.server.ThreadingHTTPServer:
    """A server for the site on localhost, with the reload script in every HTML page."""
    handler = type("Handler", (_Handler,), {"root": out.resolve(), "state": state})
    try:
        server = _Server((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise OutputError(
                f"cannot serve on port {port}: it is in use by another program; "
                "choose another --port, or 0 for any free one"
            ) from None
        raise OutputError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def reload_script(token: str) -> str:
    return _SCRIPT.replace("STATE_PATH", STATE_PATH).replace("TOKEN", token)


def with_reload(html: str, token: str) -> str:
    """The served copy of a page: the reload script in, and allowed by its hash alone."""
    script = reload_script(token)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    html = _POLICY.sub(lambda m: f'{m.group(1)}{served_policy(m.group(2), digest)}"', html, 1)
    return html.replace("</body>", f"<script>{script}</script>\n</body>", 1)


def served_policy(policy: str, digest: str) -> str:
    """The page's own policy, letting in the reload script too (by its hash, beside the
    what-if's where the page has one) and its requests to this server, and nothing else."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    allowed = f"'sha256-{digest}'"
    scripts = [i for i, d in enumerate(directives) if d.split()[0] == "script-src"]
    if scripts:
        directives[scripts[0]] += f" {allowed}"
    else:
        directives.append(f"script-src {allowed}")
    directives.append("connect-src 'self'")
    return "; ".join(directives)


def run(options: BuildOptions, say: Callable[[str], None], port: int = 0) -> None:
    """Build, serve and rebuild on every change under data/ and templates/ until Ctrl-C
    (or SIGTERM)."""
    from watchfiles import watch

    output_folder(options)  # an --out that must not be replaced is refused before all else
    state = State()
    server = serve(options.out, state, port=port)
    signal.signal(signal.SIGTERM, _stop)
    watcher = Watcher(options, say, state=state)
    try:
        watcher.rebuild()
        host, bound = server.server_address[:2]
        say(f"serving {options.out} at http://{host!s}:{bound}/ (Ctrl-C to stop)")
        for _ in watch(options.data, options.templates, debounce=50, step=20):
            watcher.rebuild()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.shutdown()
        watcher.close()


def _stop(signum, frame) -> None:
    """SIGTERM stops the watcher as Ctrl-C does: its workers are shut down, not left."""
    raise KeyboardInterrupt
