"""A content-addressed store on disk for the build's slow, pure steps: the charts, the PDFs,
the uncertainty analysis (and Jinja's compiled templates, in a folder of their own).

Policy staff rebuild the same brief many times, and most rebuilds change little: drawing the
charts (matplotlib) and laying out the PDFs (WeasyPrint) are most of a build's time, yet each is
a pure function of what it is given. Each result is stored under a hash of everything it
depends on (its inputs, the versions of gapreport's own code and of the library that made it),
so a result is reused only when making it again would give the same bytes, and there is never
anything to invalidate by hand.

The store lives in ``$GAPREPORT_CACHE``, else ``$XDG_CACHE_HOME/gapreport``, else
``~/.cache/gapreport``; ``GAPREPORT_CACHE=off`` (or ``--no-cache``) turns it off. It is an
optimisation and never a reason for a build to fail: an entry that cannot be read is a miss, a
write that fails is skipped, and entries are written whole (to a temporary name, then renamed)
so a crash never leaves half of one. The oldest entries are removed when it grows past
:data:`LIMIT_BYTES`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

LIMIT_BYTES = 200 * 1024 * 1024
_ABANDONED_AFTER = 3600  # seconds: an entry being written for longer was abandoned
_OFF = {"off", "0", "no", "false", ""}


class Cache:
    """Bytes by key, in one folder; ``Cache(None)`` stores nothing and finds nothing."""

    def __init__(self, folder: Path | None, limit: int = LIMIT_BYTES):
        self.folder = folder
        self.limit = limit

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        path = self.folder / key
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):  # a read-only cache is still a cache
            os.utime(path)  # recently used: pruned last
        return data

    def remember(self, key: str, make: Callable[[], T], encode: Callable[[T], bytes],
                 decode: Callable[[bytes], T | None]) -> T:
        """The result stored under ``key``, else ``make()``'s, stored for next time.

        ``decode`` returns None for bytes that are not such a result (a damaged entry), which
        is then made again like a missing one.
        """
        stored = self.get(key)
        result = decode(stored) if stored is not None else None
        if result is None:
            result = make()
            self.put(key, encode(result))
        return result

    def has(self, key: str) -> bool:
        return self.folder is not None and (self.folder / key).is_file()

    def subfolder(self, name: str) -> Path | None:
        """A folder in the cache for a library that keeps a cache of its own (Jinja)."""
        return None if self.folder is None else self.folder / name

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".new-", dir=self.folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self.folder / key)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        self._prune()

    def _prune(self) -> None:
        """Remove the least recently used entries once the store is over its limit, and
        what a build that crashed mid-write left behind."""
        try:
            entries = [(entry.stat(), entry) for entry in os.scandir(self.folder)
                       if entry.is_file()]
        except OSError:
            return
        stale = time.time() - _ABANDONED_AFTER
        for stat, entry in entries:
            if entry.name.startswith(".new-") and stat.st_mtime < stale:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
        entries = [(stat, entry) for stat, entry in entries if not entry.name.startswith(".")]
        total = sum(stat.st_size for stat, _ in entries)
        for stat, entry in sorted(entries, key=lambda pair: pair[0].st_mtime):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                total -= stat.st_size


def default_cache(enabled: bool = True) -> Cache:
    """The user's cache folder, or an inactive cache when it is turned off."""
    if not enabled:
        return Cache(None)
    chosen = os.environ.get("GAPREPORT_CACHE")
    if chosen is not None:
        return Cache(None if chosen.strip().lower() in _OFF else Path(chosen))
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home directory: build without a cache
            return Cache(None)
    return Cache(Path(base) / "gapreport")


def cache_key(kind: str, library: str, *parts: bytes) -> str:
    """A name for a result: what kind it is, and a hash of what it depends on."""
    digest = hashlib.sha256()
    for part in (kind.encode(), code_version().encode(), library_version(library).encode(),
                 *parts):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return f"{kind}-{digest.hexdigest()}"


@functools.cache
def code_version() -> str:
    """A hash of gapreport's own source: a change to the code makes every entry new."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def library_version(name: str) -> str:
    """The installed version of the library that makes a result (read without importing it)."""
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} unknown"
