"""A content-addressed store on disk for the build's slow, pure steps: the charts, the PDFs
and the uncertainty analysis.

Policy staff rebuild the same brief many times, and most rebuilds change little: drawing the
charts (matplotlib) and laying out the PDFs are most of a build's time, yet each is a pure
function of what it is given. Each result is stored under a hash of everything it depends on
(its inputs, the versions of gapreport's own code and of the library that made it), so a
result is reused only when making it again would give the same bytes, and there is never
anything to invalidate by hand.

What is read back is published, so it is trusted no further than it can be checked:

- The store is a folder of gapreport's own, ``<base>/gapreport/v1/``, where ``<base>`` is
  ``$GAPREPORT_CACHE``, else ``$XDG_CACHE_HOME``, else ``~/.cache``. Only files gapreport
  named (``charts-<sha256>`` ...) are ever counted or deleted there; whatever else a shared
  folder holds is left alone.
- Every entry carries a SHA-256 digest of its name and content, checked before use: a
  damaged, truncated or edited entry is made again, silently. No entry is code: nothing is
  unpickled or executed (Jinja's compiled templates are kept in memory only).
- A store that other users could write to (a folder of someone else's, or writable by group
  or others, or inside a world-writable folder without the sticky bit) is not used at all;
  the build says so and runs without a cache.

It is an optimisation and never a reason for a build to fail: an entry that cannot be read is
a miss, a write that fails is skipped, and entries are written whole (to a temporary name,
then renamed) so a crash never leaves half of one. The least recently used entries are
removed when it grows past :data:`LIMIT_BYTES`. ``GAPREPORT_CACHE=off`` (or ``--no-cache``)
turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import gapreport

T = TypeVar("T")

LIMIT_BYTES = 200 * 1024 * 1024
STORE = ("gapreport", "v1")  # the store's folder below the base
_ABANDONED_AFTER = 3600  # seconds: an entry being written for longer was abandoned
_OFF = {"off", "0", "no", "false", ""}
_ENTRY = re.compile(r"^[a-z]+-[0-9a-f]{64}$")  # the names cache_key makes
_WRITING = ".gapreport-new-"  # entries being written
_HEAD = b"gapreport cache entry, sha256 "
_TAG = "CACHEDIR.TAG"  # the standard tag: backup tools skip a folder that has it
_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is gapreport's cache; it can be deleted at any time.\n"
)


class Cache:
    """Checked bytes by key, in one folder; ``Cache(None)`` stores nothing and finds nothing.
    ``warning`` says why a cache that was asked for is not used."""

    def __init__(self, folder: Path | None, limit: int = LIMIT_BYTES, warning: str = ""):
        self.folder = folder
        self.limit = limit
        self.warning = warning

    def get(self, key: str) -> bytes | None:
        """The content stored under ``key``, if it is there and is what was stored."""
        if self.folder is None:
            return None
        path = self.folder / key
        try:
            stored = path.read_bytes()
        except OSError:
            return None
        content = _checked(key, stored)
        if content is not None:
            with contextlib.suppress(OSError):  # a read-only cache is still a cache
                os.utime(path)  # recently used: pruned last
        return content

    def remember(
        self,
        key: str,
        make: Callable[[], T],
        encode: Callable[[T], bytes],
        decode: Callable[[bytes], T | None],
    ) -> T:
        """The result stored under ``key``, else ``make()``'s, stored for next time.

        ``decode`` returns None for bytes that are not such a result, which is then made
        again like a missing one.
        """
        stored = self.get(key)
        result = decode(stored) if stored is not None else None
        if result is None:
            result = make()
            self.put(key, encode(result))
        return result

    def has(self, key: str) -> bool:
        """Whether an entry is there (a hint for planning work; :meth:`get` checks it)."""
        return self.folder is not None and (self.folder / key).is_file()

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(prefix=_WRITING, dir=self.folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(_sealed(key, data))
            os.replace(temporary, self.folder / key)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        self._prune()

    def _prune(self) -> None:
        """Remove the least recently used entries once the store is over its limit, and
        what a build that crashed mid-write left behind: only files gapreport named."""
        try:
            entries = [
                (entry.stat(follow_symlinks=False), entry)
                for entry in os.scandir(self.folder)
                if entry.is_file(follow_symlinks=False)
            ]
        except OSError:
            return
        stale = time.time() - _ABANDONED_AFTER
        for status, entry in entries:
            if entry.name.startswith(_WRITING) and status.st_mtime < stale:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
        entries = [(status, entry) for status, entry in entries if _ENTRY.match(entry.name)]
        total = sum(status.st_size for status, _ in entries)
        for status, entry in sorted(entries, key=lambda pair: pair[0].st_mtime):
            if total <= self.limit:
                break
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                total -= status.st_size


def _sealed(key: str, data: bytes) -> bytes:
    return _HEAD + _digest(key, data).encode() + b"\n" + data


def _checked(key: str, stored: bytes) -> bytes | None:
    """The content of a stored entry, or None if it is not what was stored under ``key``."""
    head, newline, content = stored.partition(b"\n")
    if not newline or not head.startswith(_HEAD):
        return None
    return content if head[len(_HEAD) :] == _digest(key, content).encode() else None


def _digest(key: str, data: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + data).hexdigest()


def default_cache(enabled: bool = True) -> Cache:
    """The user's cache, or an inactive one when it is turned off or cannot be trusted."""
    if not enabled:
        return Cache(None)
    chosen = os.environ.get("GAPREPORT_CACHE")
    if chosen is not None and chosen.strip().lower() in _OFF:
        return Cache(None)
    if chosen is not None:
        base = Path(chosen)
    elif os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"])
    else:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home directory: build without a cache
            return Cache(None)
    return open_store(base)


def open_store(base: Path) -> Cache:
    """The store below ``base``, made if need be; inactive if it cannot be made or trusted."""
    store = base.joinpath(*STORE)
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return Cache(None)  # no cache where none can be made: never an error
    problem = _unsafe(base, must_be_own=False)
    if problem:
        return Cache(None, warning=f"not using the cache in {store}: {problem}")
    folder = base
    for name in STORE:
        folder = folder / name
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return Cache(None)  # no cache where none can be made: never an error
        problem = _unsafe(folder, must_be_own=True)
        if problem:
            return Cache(None, warning=f"not using the cache in {store}: {problem}")
    tag = base / STORE[0] / _TAG
    if not tag.exists():
        with contextlib.suppress(OSError):
            tag.write_text(_TAG_TEXT, encoding="ascii")
    return Cache(store)


def _unsafe(folder: Path, must_be_own: bool) -> str:
    """Why another user could plant entries through ``folder``, or "" if none can."""
    try:
        status = folder.lstat()
    except FileNotFoundError:
        return ""  # made by this process, with safe permissions, when it is needed
    except OSError:
        return ""
    if stat.S_ISLNK(status.st_mode) and must_be_own:
        return f"{folder} is a symbolic link"
    if must_be_own and status.st_uid != os.geteuid():
        return f"{folder} belongs to another user"
    mode = status.st_mode
    if must_be_own and mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"other users can write to {folder}"
    if mode & stat.S_IWOTH and not mode & stat.S_ISVTX:
        return f"other users can write to {folder}"
    return ""


def cache_key(kind: str, library: str, *parts: bytes) -> str:
    """A name for a result: what kind it is, and a hash of what it depends on."""
    digest = hashlib.sha256()
    for part in (kind.encode(), code_version().encode(), library_version(library).encode(), *parts):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return f"{kind}-{digest.hexdigest()}"


@functools.cache
def code_version(package: Path | None = None) -> str:
    """A hash of gapreport's own source, every module of the package and of its subpackages
    with its place in the tree: a change to the code, or a module moved, makes every entry
    new. (``package``: another tree's, for tests.)"""
    package = package or Path(gapreport.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix().encode()
        content = path.read_bytes()
        for part in (name, content):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
    return digest.hexdigest()


@functools.cache
def library_version(name: str) -> str:
    """The installed version of the library that makes a result (read without importing it)."""
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name} unknown"
