"""``gapreport new``: a small data folder to start a case from, valid as written.

An analyst at another organisation starts from something that builds at once and shows every
kind of entry (a source, figures, a derived value, an assumption, two scenarios, prose that
quotes numbers by name), commented, with every number marked as made up, and the JSON Schema
beside it so the editor helps from the first keystroke. The files are copied from
``templates/starter/``; only the brief's languages are set. Nothing that exists is
overwritten: the folder must be new or empty, and is written whole or not at all.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
from pathlib import Path

from gapreport.errors import OptionError, OutputError
from gapreport.load.json_schema import FILE_NAME, schema_text
from gapreport.options import TEMPLATES

STARTER = TEMPLATES / "starter"
LANGUAGES = ("nb", "en")  # the starter's texts are written in these
_LANGUAGES_LINE = re.compile(r"^(  languages: )(\[[^\]]*\])( *)", re.MULTILINE)
_DATE_LINE = re.compile(r"^(  date: )\d{4}-\d{2}-\d{2}", re.MULTILINE)


def new_case(folder: Path, languages: tuple[str, ...] = ()) -> list[str]:
    """Write the starter into ``folder`` (new or empty); the names of the files written."""
    chosen = list(dict.fromkeys(languages)) or list(LANGUAGES)
    unknown = [lang for lang in chosen if lang not in LANGUAGES]
    if unknown:
        raise OptionError(
            f"--language {unknown[0]}: the starter is written in {', '.join(LANGUAGES)}; "
            "choose from those (another language needs its texts and interface text added)"
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OptionError(
            f"{folder} already exists and is not an empty folder; gapreport new writes only "
            "into a new or empty folder, so nothing is overwritten"
        )
    files = _files(chosen)
    _write_whole(folder, files)
    return sorted(files)


def _files(languages: list[str]) -> dict[str, str]:
    """The starter's files, the brief dated today (new study places count from the intake
    after the brief's date) and written in ``languages`` (the comment after them kept in its
    column)."""
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(STARTER.iterdir())}
    brief = _DATE_LINE.sub(
        lambda m: f"{m.group(1)}{datetime.date.today().isoformat()}", files["brief.yaml"], count=1
    )

    def languages_line(m: re.Match) -> str:
        listed = f"[{', '.join(languages)}]"
        return m.group(1) + listed + " " * max(1, len(m.group(2) + m.group(3)) - len(listed))

    files["brief.yaml"] = _LANGUAGES_LINE.sub(languages_line, brief, count=1)
    files[FILE_NAME] = schema_text()
    return files


def _write_whole(folder: Path, files: dict[str, str]) -> None:
    """Write into a new folder beside ``folder``, then move it into place: a failure leaves
    nothing half written."""
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from None
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        staging.chmod(0o755)
        if folder.exists():
            folder.rmdir()  # empty, as checked
        os.replace(staging, folder)
    except OSError as exc:
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging)
