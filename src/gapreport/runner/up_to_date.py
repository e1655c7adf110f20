"""A build asked to make exactly what is already there ends before it starts.

Policy staff run ``build`` again on data that has not changed (after a pull, before a
meeting). Before pandas or matplotlib is loaded, everything a build reads is hashed into one
key (:func:`inputs_key`): every file below the data and templates folders, with its name and
modification time (an undated brief takes its date from the newest file), gapreport's code,
the versions of the libraries whose output reaches the site, the options, and
``SOURCE_DATE_EPOCH``. After a build, the cache keeps a record under that key of every file of
the site as written, by SHA-256, and of the warnings the build gave.

The next build with the same key reads the site back, under its lock: if it holds exactly the
recorded files, each with its recorded bytes, there is nothing to make, and the warnings are
given again. Anything else (an input changed, a file of the site edited, added or missing, a
damaged record, no cache) is an ordinary build. The record is trusted no further than the
site it describes can be checked against it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from gapreport.options import BuildOptions
from gapreport.runner.cache import Cache, cache_key, default_cache, library_version
from gapreport.site.writer import MARKER, output_folder

# the libraries whose output reaches the site's bytes (the SVG, the PDF, the numbers as text)
LIBRARIES = (
    "gapreport",
    "matplotlib",
    "numpy",
    "pandas",
    "jinja2",
    "typst",
    "babel",
    "pydantic",
    "pyyaml",
    "xlsxwriter",
)
_KIND = "built"


@dataclass(frozen=True)
class Record:
    """What a build from one set of inputs wrote, and said."""

    files: dict[str, str]  # path in the site -> SHA-256 of its bytes
    warnings: list[str]


def inputs_key(options: BuildOptions) -> str | None:
    """The cache's name for everything a build with ``options`` reads (None if some input
    cannot be read: then the build itself says what is wrong)."""
    digest = hashlib.sha256()

    def feed(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

    feed(repr(_options(options)), os.environ.get("SOURCE_DATE_EPOCH", "-"))
    feed(*(library_version(name) for name in LIBRARIES))
    try:
        for name, folder in (("data", options.data), ("templates", options.templates)):
            feed(name, str(folder.resolve()))
            for path in _files(folder):
                feed(path.relative_to(folder).as_posix(), str(path.stat().st_mtime_ns))
                feed(path.read_bytes())
    except OSError:
        return None
    return cache_key(_KIND, "matplotlib", digest.digest())


def already_built(options: BuildOptions) -> Record | None:
    """The record of a build from these very inputs, if the output folder is still exactly
    what that build wrote (checked under the site's lock); else None. An output folder a
    build would refuse is refused here first, before the cache is opened."""
    site = output_folder(options)
    if not (site.path / MARKER).is_file():
        return None  # (nothing built there yet)
    key = inputs_key(options)
    stored = default_cache().get(key) if key is not None else None
    record = _decode(stored) if stored is not None else None
    if record is None:
        return None
    with site.locked():
        return record if site_files(site.path) == record.files else None


def remember_build(key: str, cache: Cache, folder: Path, warnings: list[str]) -> None:
    """Keep the record of a build that has just written ``folder`` (call it under the lock)."""
    files = site_files(folder)
    if files is not None:
        record = {"files": files, "warnings": warnings}
        cache.put(key, json.dumps(record, sort_keys=True).encode("utf-8"))


def site_files(folder: Path) -> dict[str, str] | None:
    """Every file below ``folder`` by SHA-256 (None if the folder cannot be read, or holds a
    symbolic link: a site gapreport wrote has none)."""
    try:
        return {
            path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in _files(folder, refuse_links=True)
        }
    except (OSError, ValueError):
        return None


def _files(folder: Path, refuse_links: bool = False) -> list[Path]:
    """Every file below ``folder``, in a fixed order, without following links to folders."""
    if not folder.is_dir():
        raise FileNotFoundError(folder)
    found = []
    for top, folders, names in os.walk(folder, onerror=_raise):
        folders.sort()
        for name in [*folders, *names]:
            if refuse_links and os.path.islink(os.path.join(top, name)):
                raise ValueError(f"a link in the site: {name}")
        found += [Path(top, name) for name in sorted(names)]
    return found


def _raise(error: OSError) -> None:
    raise error


def _options(options: BuildOptions) -> tuple:
    """The options that can change what is written (all but where to, and the cache's use)."""
    return (options.languages, options.pdf, options.whatif, options.jobs, options.by)


def _decode(stored: bytes) -> Record | None:
    try:
        record = json.loads(stored)
        files, warnings = record["files"], record["warnings"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (
        isinstance(files, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
        and isinstance(warnings, list)
        and all(isinstance(warning, str) for warning in warnings)
    ):
        return None
    return Record(files, warnings)
