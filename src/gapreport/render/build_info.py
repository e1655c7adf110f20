"""What the brief says about its own making: date, data fingerprint, gapreport's version.

The date comes from SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else from
the data's own ``brief.date``, else from the newest data file: never from the clock, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from gapreport import __version__


@dataclass(frozen=True)
class BuildInfo:
    date: datetime.date
    digest: str
    version: str


def build_info(brief_date: datetime.date | None, digest: str, files: list[Path]) -> BuildInfo:
    return BuildInfo(_build_date(brief_date, files), digest, __version__)


def _build_date(brief_date: datetime.date | None, files: list[Path]) -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    if brief_date is not None:
        return brief_date
    newest = max(path.stat().st_mtime for path in files)
    return datetime.datetime.fromtimestamp(newest, tz=datetime.UTC).date()
