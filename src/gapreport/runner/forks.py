"""Run the same work over several items side by side, in processes forked from this one;
and start the long-lived worker pools of the watcher (:func:`spawned_pool`).

Forked workers start with everything this process has already loaded and computed (imports,
the analysis), so nothing is pickled to them but the item; only their results come back.
Forking a process that runs other threads is not safe (a child may inherit a lock that no
thread of its own will ever release), so a process with threads (a test harness, the watch
server) does the work in turn instead. Ctrl-C is honoured between items.

Every worker dies with the process that started it (:func:`bind_to_parent`), however that
one ends: a build killed with ``kill -9`` leaves no worker running and no lock held.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from gapreport.interrupts import checkpoint
from gapreport.progress import FORK_LOCK

_JOB: object = None  # handed to forked workers by inheritance, not by pickling
_WORK: Callable | None = None


def _in_worker(item):
    assert _JOB is not None and _WORK is not None
    return _WORK(_JOB, item)


def each(work: Callable, job: object, items: list, workers: int) -> list:
    """``work(job, item)`` for every item, in order: in up to ``workers`` forked workers when
    more than one is asked for and forking is safe, else one after another here."""
    global _JOB, _WORK
    if workers < 2 or _other_threads():
        results = []
        for item in items:
            checkpoint()
            results.append(work(job, item))
        return results
    _JOB, _WORK = job, work
    gc.freeze()  # what exists now is shared with the workers: keep the collector off it
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=bind_to_parent,
            initargs=(os.getpid(),),
        ) as pool:
            with FORK_LOCK:  # the workers are forked at the first submit
                futures = [pool.submit(_in_worker, item) for item in items]
            return [future.result() for future in futures]
    finally:
        gc.unfreeze()
        _JOB, _WORK = None, None


def spawned_pool(workers: int, initializer: Callable[[], None]) -> ProcessPoolExecutor:
    """Worker processes started afresh, not forked: safe to start from a process that runs
    threads (the watcher's server), at the price of importing what they need themselves."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_spawned,
        initargs=(os.getpid(), initializer),
    )


def _start_spawned(parent: int, initializer: Callable[[], None]) -> None:
    bind_to_parent(parent)
    initializer()


_PR_SET_PDEATHSIG = 1


def bind_to_parent(parent: int) -> None:
    """In a worker: die when ``parent`` does. Left alone, a worker whose parent was killed
    waits for work for ever (its siblings keep the queue open) and keeps what it inherited,
    such as the site's lock. Linux kills it at once (prctl); elsewhere a thread checks."""
    if not _ask_kernel_to_kill_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the request was in place
        os._exit(1)


def _ask_kernel_to_kill_with_parent() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # this process's own symbols, libc's too
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def let_go(pool: ProcessPoolExecutor | None) -> None:
    """Drop a pool whose worker died (it is broken for good), without waiting on it."""
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _other_threads() -> bool:
    """True when threads run that a forked child could inherit in a bad state."""
    main = threading.main_thread()
    return any(t is not main and not getattr(t, "fork_safe", False) for t in threading.enumerate())
