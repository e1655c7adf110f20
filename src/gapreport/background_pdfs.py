"""The watcher's PDFs: laid out in one background process that never slows the HTML.

A PDF takes a second or two a language; the HTML of an edit takes a fraction of that. So the
watcher hands the PDFs of each edit to a worker process and goes back to waiting for the next
save. That worker runs at the lowest priority, is paused outright while the watcher rebuilds
the HTML (:meth:`BackgroundPdfs.paused`, on Linux), and drops
PDFs of an earlier edit that it has not started: an analyst who saves again sees the new
page as soon as ever, and each PDF on disk is replaced only by a newer one. A PDF lands only
in the site the watcher's own build wrote: if another build has written the folder since, the
PDF is dropped (:meth:`gapreport.site_writer.SiteFolder.place`).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .errors import GapreportError
from .interrupts import quit_quietly
from .site_writer import SiteFolder
from .workers import let_go, spawned_pool


def _setup() -> None:
    """In the worker: leave quietly on Ctrl-C, and yield the processor to everything else."""
    quit_quietly()
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no os.nice here
        os.nice(19)


def _is_child(pid: int) -> bool:
    """Whether ``pid`` is still a process this one started, so that a signal never reaches
    another that came to have its number (Linux's /proc tells; elsewhere, assume not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[-1].split()  # after "pid (name)": state, parent, ...
    return len(fields) > 1 and fields[1] == str(os.getpid())


class BackgroundPdfs:
    """The PDFs of the latest edit, made one after another in a worker, each written to
    its place in the site when it is ready."""

    def __init__(self, cache: bool, say: Callable[[str], None]):
        self.cache, self.say = cache, say
        self.generation = 0  # bumped by every edit (and by close): older PDFs are dropped
        self.pool: ProcessPoolExecutor | None = None
        self.worker: int | None = None  # the worker's process id, once it has said it
        self.futures: list[Future] = []  # the PDFs of the latest edit, on their way

    def make(self, outputs, site: SiteFolder, token: str) -> None:
        """Start the PDFs of these language outputs, for the site that the build ``token``
        wrote; those of earlier edits not started yet are dropped."""
        from .cache import default_cache
        from .pdf import cached_pdf

        self.generation += 1
        generation = self.generation
        for stale in self.futures:
            stale.cancel()
        self.futures = []
        for output in outputs:
            relative = f"{output.folder}brief.pdf"
            future = self._submit(cached_pdf, output.html, default_cache(self.cache))
            future.add_done_callback(
                lambda f, r=relative: self._place(f, site, r, token, generation))
            self.futures.append(future)

    def _submit(self, work: Callable, *arguments) -> Future:
        for _ in range(2):  # a worker that died broke the pool: start a new one, once
            if self.pool is None:
                self.pool = spawned_pool(1, _setup)
                self.worker = None
                self.pool.submit(os.getpid).add_done_callback(self._note_worker)
            try:
                return self.pool.submit(work, *arguments)
            except BrokenProcessPool:
                self._forget_pool()
        raise BrokenProcessPool("the PDF worker could not be started")

    def _note_worker(self, future: Future) -> None:
        if not future.cancelled() and future.exception() is None:
            self.worker = future.result()

    def _forget_pool(self) -> None:
        let_go(self.pool)
        self.pool, self.worker = None, None

    def _place(self, future: Future, site: SiteFolder, relative: str, token: str,
               generation: int) -> None:
        if generation != self.generation or future.cancelled():
            return  # a newer edit came in: this PDF is not wanted
        if isinstance(future.exception(), BrokenProcessPool):
            self._forget_pool()  # the worker died; the next edit starts a new one
        if future.exception() is not None:
            return  # the PDF failed: the HTML is what matters here, and the build says why
        pdf, _ = future.result()
        try:
            placed = site.place(relative, pdf, token)
        except GapreportError:  # the folder cannot be written now: the next edit tries again
            return
        if placed:
            self.say(f"wrote {site.given / relative}")
        else:
            self.say(f"left out {site.given / relative}: another build has written "
                     f"{site.given} since")

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Stop the worker for the duration (where the system has SIGSTOP), so a PDF in the
        making takes no processor time from the HTML being rebuilt."""
        worker = self.worker
        stop = getattr(signal, "SIGSTOP", None)
        if worker is None or stop is None or not _is_child(worker):
            yield
            return
        with contextlib.suppress(OSError):
            os.kill(worker, stop)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.kill(worker, signal.SIGCONT)

    def close(self) -> None:
        self.generation += 1  # a PDF still on its way is no longer wanted
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
