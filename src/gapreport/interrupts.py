"""Ctrl-C that always stops a build before it writes anything, and never mid-statement.

Python's default turns SIGINT into KeyboardInterrupt wherever the program happens to be: inside
a library that swallows it, or inside a clean-up callback that prints a traceback instead. So
the first Ctrl-C is only remembered, and the build stops at its next checkpoint (between
languages, before each PDF, before writing), a second or so later at most. A second Ctrl-C
interrupts at once. SIGTERM (what a service manager or ``kill`` sends) is taken the same way,
so a build stopped so never leaves a half-written folder behind.
"""

from __future__ import annotations

import os
import signal

_requested = False


def install() -> None:
    """Handle SIGINT and SIGTERM for a build: remember the first, interrupt on the second."""
    global _requested
    _requested = False
    signal.signal(signal.SIGINT, _on_interrupt)
    signal.signal(signal.SIGTERM, _on_interrupt)


def _on_interrupt(signum, frame) -> None:
    global _requested
    if _requested:
        raise KeyboardInterrupt
    _requested = True


def checkpoint() -> None:
    """Stop here if Ctrl-C was pressed, even if the interrupt was swallowed on the way."""
    if _requested:
        raise KeyboardInterrupt


def quit_quietly() -> None:
    """In a worker process: on Ctrl-C, which reaches every process of the terminal's group,
    leave at once and without a word. The process that started the worker is stopping too,
    and says so; left alone, each worker would print a KeyboardInterrupt traceback, or
    finish a PDF nobody will see."""
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(1))
