"""Progress in the terminal for builds that take more than about a second.

Nothing is shown for a quick build. Once a second has passed, the current stage is shown:
on a terminal as one line that updates in place with the elapsed time; elsewhere (a log, CI)
as plain lines, one per stage, with no control characters.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

DELAY = 1.0
FORK_LOCK = threading.Lock()
"""Held while this thread writes, and by a build while it forks workers: a child must never
start life with the terminal's lock taken by a thread it does not have."""


class Progress:
    """Call with the name of each stage as it starts; ``close()`` when the work is done."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self.start = time.monotonic()
        self.stage = ""
        self.shown = ""
        self.lock = threading.Lock()
        self.done = threading.Event()
        if enabled:
            ticker = threading.Thread(target=self._tick, daemon=True, name="gapreport-progress")
            setattr(ticker, "fork_safe", True)  # noqa: B010 (a mark forks.py reads; FORK_LOCK)
            ticker.start()

    def __call__(self, stage: str) -> None:
        with self.lock:
            self.stage = stage

    def _tick(self) -> None:
        while not self.done.wait(0.2 if self.tty else 0.1):
            elapsed = time.monotonic() - self.start
            if elapsed < DELAY:
                continue
            with self.lock, FORK_LOCK:
                if self.tty:
                    self.stream.write(f"\r\033[K{self.stage} ({elapsed:.0f} s)")
                    self.stream.flush()
                elif self.stage != self.shown:
                    self.stream.write(f"{self.stage}\n")
                    self.stream.flush()
                self.shown = self.stage

    def close(self) -> None:
        self.done.set()
        if self.tty and self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
