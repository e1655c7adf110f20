"""The only writer of the output folder: it never loses a file gapreport did not make.

A site is written whole to a fresh folder beside the target, then swapped in; readers never see
half a site, and a build that fails leaves the previous one as it was. Before anything is done
the target is checked, with symlinks resolved: it must be absent, empty, or a site gapreport
wrote, which says so in a marker file (:data:`MARKER`) listing the files it wrote; and it must
not be (or hold) the working folder, the data or the templates. Anything else is refused, so
``--out ~/Documents`` or ``--out .`` costs nothing but an error message.

One build at a time writes a site: a lock beside it (on the resolved path, so a symlink and
its target are one site). A build killed mid-swap (between moving the old site away and the
new one in) is repaired by the next one, which puts the old site back before it starts and
clears what the killed one left.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from gapreport.errors import OptionError, OutputError
from gapreport.options import BuildOptions

MARKER = ".gapreport-site"
_MARKER_HEAD = (
    "# Written by gapreport. A build replaces this folder only while it holds no\n"
    "# files but the ones listed here (the ones gapreport wrote).\n"
)
_SHOWN = 5  # foreign files named in a refusal

_HELD: set[int] = set()  # lock files held by this process


def _close_locks_in_child() -> None:
    """A forked worker must not keep the site locked after the build that forked it died."""
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_locks_in_child)


class SiteFolder:
    """The output folder of a build, checked to be safe to replace.

    ``guarded`` names folders the site must neither be, hold, nor sit inside (the data, the
    templates), as (what it is, path).
    """

    def __init__(self, out: Path, guarded: Iterable[tuple[str, Path]] = ()):
        self.given = out
        self.path = out.resolve()
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(
                f"the output path {out} is a file, not a folder; choose another --out"
            )
        self._refuse_protected(list(guarded))
        self.check_contents()

    @property
    def _lock_path(self) -> Path:
        return self.path.parent / f".{self.path.name}.lock"

    def _refuse_protected(self, guarded: list[tuple[str, Path]]) -> None:
        where = self.path
        here = Path.cwd().resolve()
        if where == here or where in here.parents:
            raise OptionError(
                f"--out {self.given}: that {_is_or_holds(where, here)} the "
                "working folder; choose a folder of its own, such as site/"
            )
        for name, folder in guarded:
            folder = folder.resolve()
            if where == folder or where in folder.parents:
                raise OptionError(
                    f"--out {self.given}: that {_is_or_holds(where, folder)} the "
                    f"{name} folder ({folder}); choose another --out"
                )
            if folder in where.parents:
                raise OptionError(
                    f"--out {self.given}: that is inside the {name} folder "
                    f"({folder}); choose a folder outside it"
                )

    def check_contents(self) -> None:
        """Refuse a folder that holds anything gapreport did not write there."""
        foreign = self.foreign_files()
        if foreign:
            shown = ", ".join(foreign[:_SHOWN])
            more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
            raise OptionError(
                f"--out {self.given}: {self.given} holds files gapreport did not "
                f"write: {shown}{more}; choose an empty folder or remove them"
            )

    def foreign_files(self) -> list[str]:
        """What the folder holds that its marker does not list (all of it, without a marker)."""
        if not self.path.is_dir():
            return []
        written = _read_marker(self.path)
        our_folders = {str(parent) for name in written for parent in Path(name).parents}
        foreign = []
        for top, folders, files in os.walk(self.path):
            here = Path(top).relative_to(self.path)
            foreign += [
                str(here / name) for name in files if str(here / name) not in written | {MARKER}
            ]
            ours = [
                name
                for name in folders
                if str(here / name) in our_folders and not (Path(top) / name).is_symlink()
            ]
            foreign += [f"{here / name}/" for name in folders if name not in ours]
            folders[:] = ours  # a foreign folder is named, not searched
        return sorted(foreign)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the site's lock for a whole build, repairing what a killed build left."""
        with self._lock():
            self._repair()
            yield

    @contextlib.contextmanager
    def _lock(self) -> Iterator[int]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise OutputError(f"cannot write next to {self.given}: {exc.strerror or exc}") from None
        _HELD.add(fd)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputError(
                    f"another build is writing to {self.given} right now; wait "
                    "for it to finish, or choose another --out"
                ) from None
            yield fd
        finally:
            _HELD.discard(fd)
            os.close(fd)

    def _repair(self) -> None:
        """Put back a site a killed build had moved away, and clear its staging folders."""
        leftovers = sorted(_leftovers(self.path), key=lambda p: p.stat().st_mtime)
        retired = [
            p
            for p in leftovers
            if p.name.startswith(f".{self.path.name}.old-") and (p / MARKER).is_file()
        ]
        if not self.path.exists() and retired:
            os.replace(retired[-1], self.path)
            leftovers.remove(retired[-1])
        for folder in leftovers:
            if (folder / MARKER).is_file() or not any(folder.iterdir()):
                _discard(folder)

    def write(self, files: dict[str, bytes]) -> None:
        """Swap in a site of ``files`` (relative path -> content); call it under the lock."""
        self.check_contents()  # again: files may have been added while the build ran
        files = {name: content for name, content in files.items() if name != MARKER}
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.new-", dir=self.path.parent))
            staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
        except OSError as exc:
            raise OutputError(f"cannot write next to {self.given}: {exc.strerror or exc}") from None
        try:
            _write_marker(staging, files)  # first: what a crash leaves is known to be ours
            for relative, content in sorted(files.items()):
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            self._swap(staging)
        except OSError as exc:
            raise OutputError(
                f"cannot write the site to {self.given}: {exc.strerror or exc}"
            ) from None
        finally:
            if staging.exists():
                _discard(staging)

    def _swap(self, staging: Path) -> None:
        """Move the new site into place; put the old one back if the move fails."""
        if not self.path.exists():
            os.replace(staging, self.path)
            return
        retired = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.old-", dir=self.path.parent))
        os.replace(self.path, retired)  # onto the empty folder mkdtemp made
        try:
            os.replace(staging, self.path)
        except BaseException:  # a failure or Ctrl-C between the two moves: put the old back
            os.replace(retired, self.path)
            raise
        _discard(retired)


def output_folder(options: BuildOptions) -> SiteFolder:
    """A build's output folder, refused unless it is safe to replace (see :class:`SiteFolder`)."""
    return SiteFolder(options.out, [("data", options.data), ("templates", options.templates)])


def _is_or_holds(folder: Path, inner: Path) -> str:
    return "is" if folder == inner else "holds"


def _leftovers(site: Path) -> list[Path]:
    """Staging and retired folders of earlier builds of this site, beside it."""
    prefixes = (f".{site.name}.new-", f".{site.name}.old-")
    try:
        return [
            p
            for p in site.parent.iterdir()
            if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink()
        ]
    except OSError:
        return []


def _discard(folder: Path) -> None:
    """Delete a folder gapreport made, its marker last: if this is cut short, what is left
    still carries the marker, and the next build finishes the job."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()
    with contextlib.suppress(OSError):
        (folder / MARKER).unlink()
        folder.rmdir()


def _write_marker(folder: Path, files: Iterable[str]) -> None:
    """The list of what gapreport wrote (in the staging folder, before anything else)."""
    names = sorted(set(files) - {MARKER})
    (folder / MARKER).write_text(
        _MARKER_HEAD + "".join(f"{name}\n" for name in names), encoding="utf-8"
    )


def _read_marker(folder: Path) -> set[str]:
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    return {line for line in text.splitlines() if line and not line.startswith("#")}
