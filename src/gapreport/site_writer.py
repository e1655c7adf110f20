"""Write the output folder so that readers never see a half-built site.

Everything is first written to a fresh folder beside the target; only when every file is in
place is the old site swapped out for the new one. If anything fails before the swap, the
previous site is left exactly as it was and the temporary folder is removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


def check_output(out: Path) -> None:
    """Refuse an unusable output path before any work is done, not after."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"the output path {out} is a file, not a folder; choose another --out")


def write_site(out: Path, files: dict[str, bytes]) -> None:
    """Replace ``out`` with a folder holding ``files`` (relative path -> content)."""
    check_output(out)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    except OSError as exc:
        raise OutputError(f"cannot write next to {out}: {exc.strerror or exc}") from None
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        _swap(staging, out.resolve())
    except OSError as exc:
        raise OutputError(f"cannot write the site to {out}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, out: Path) -> None:
    """Move the new site into place; put the old one back if the move fails."""
    if not out.exists():
        os.replace(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.replace(out, retired / "site")
    try:
        os.replace(staging, out)
    except BaseException:  # a failure or Ctrl-C between the two moves: put the old site back
        os.replace(retired / "site", out)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold a lock beside ``out`` for a whole build, so two builds never write one site."""
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle = open(parent / f".{out.name}.lock", "a")  # noqa: SIM115 (held until the end)
    except OSError as exc:
        raise OutputError(f"cannot write next to {out}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another build is writing to {out} right now; wait for it to "
                              "finish, or choose another --out") from None
        yield
    finally:
        handle.close()
