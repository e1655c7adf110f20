"""The brief as an A4 PDF, typeset by Typst from the same page model as the HTML.

Jinja writes each language's brief as Typst source (``templates/pdf/``), with the charts' SVG
inside it, so that source is all a PDF depends on (with the Typst compiler and the fonts,
:func:`pdf_inputs`): the same source always gives the same bytes.

Typst reads nothing and fetches nothing: it is given the source as bytes, an empty private
folder as its root (so ``read`` and ``image`` can open no file), and a source that imports a
package (which Typst would download) is refused before it runs. It uses only
the fonts gapreport names: Libertinus Serif (built into the compiler) for the text and
DejaVu Sans, from matplotlib's own files, for headings, tables and the charts (the charts were
laid out in it). No system font is looked at, so every machine makes the same PDF.

``pdf_standards=["ua-1"]``: the compiler refuses a PDF that breaks the rules of PDF/UA-1 it
can check (an image without alternative text, a document without a title), and tags
headings, lists, tables and figures for screen readers; headings become bookmarks.
"""

from __future__ import annotations

import atexit
import datetime
import functools
import importlib.util
import json
import re
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from gapreport.errors import TemplateFault

_PACKAGE = re.compile(r'\b(?:import|include)\s*\(?\s*"@')  # (a data text's quotes are \")
_KEEP = False  # keep what Typst laid out for the next compile (see keep_layouts)
_AGE = 10  # compiles after which the binding lets go of a layout no compile used again


def typeset(source: str, day: datetime.date) -> tuple[bytes, list[str]]:
    """The PDF of Typst ``source``, dated ``day``, and the compiler's warnings."""
    _refuse_packages(source, "the PDF")
    import typst

    timestamp = int(datetime.datetime.combine(day, datetime.time(), datetime.UTC).timestamp())
    try:
        pdf, warnings = _compiler().compile_with_warnings(
            input=source.encode("utf-8"), pdf_standards=["ua-1"], timestamp=timestamp
        )
    except typst.TypstError as error:
        raise TemplateFault(
            f"cannot typeset the PDF: {error.message}\n{error.diagnostic}".rstrip()
        ) from None
    finally:
        _let_go()
    return pdf, [warning.message for warning in warnings]


def rasterize(source: str, ppi: float) -> list[bytes]:
    """Each page of Typst ``source`` as a PNG of ``ppi`` pixels an inch."""
    _refuse_packages(source, "the charts' pictures")
    import typst

    try:
        made = _compiler().compile(input=source.encode("utf-8"), format="png", ppi=ppi)
    except typst.TypstError as error:
        raise TemplateFault(
            f"cannot draw the charts' pictures: {error.message}\n{error.diagnostic}".rstrip()
        ) from None
    finally:
        _let_go()
    return made if isinstance(made, list) else [made]


def keep_layouts() -> None:
    """From now on, leave Typst what it laid out (the watcher: its next edit's PDF and
    pictures reuse most of it, and take a fraction of the time)."""
    global _KEEP
    _KEEP = True


def _let_go() -> None:
    """Have Typst let go of what the compile just made kept.

    The Python binding keeps every layout, decoded image and shaped text of a compile
    until ten further compiles have not used it; no later compile of a one-off build reuses
    them, and a build that compiles four times in one process (two languages' pictures and
    PDFs, ``--jobs 1``) peaked about 50 MiB higher for it (280 MiB against 233). Ten empty
    compiles (under a millisecond each) age them out, and the memory serves the next
    compile instead; that compile loads its fonts again (about 0.1 s), which only a process
    that compiles more than once notices."""
    if _KEEP:
        return
    for i in range(_AGE):
        _compiler().compile(input=f"// {i}".encode(), format="pdf")


def _refuse_packages(source: str, what: str) -> None:
    if _PACKAGE.search(source):
        raise TemplateFault(
            f"cannot typeset {what}: the templates import a Typst package, "
            "which would be downloaded; gapreport fetches nothing"
        )


@functools.cache
def _compiler():
    """One compiler a process: it loads the fonts once and remembers what it laid out, so a
    second brief (a language, a group, the watcher's next edit) takes a fraction of the
    first's time. Its root is an empty folder of its own, removed when the process ends."""
    import typst

    root = tempfile.mkdtemp(prefix="gapreport-typst-")
    atexit.register(shutil.rmtree, root, True)
    return typst.Compiler(
        root=root,
        font_paths=[str(font_folder())],
        ignore_system_fonts=True,
        package_path=root,
        package_cache_path=root,
    )


@functools.cache
def font_folder() -> Path:
    """matplotlib's DejaVu fonts (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    assert spec is not None and spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


def pdf_inputs(source: str, day: datetime.date) -> tuple:
    """All a PDF depends on besides the compiler: its source, its date, and the fonts it
    embeds (matplotlib's DejaVu files, by matplotlib's version)."""
    return (source, day.isoformat(), fonts_version())


@functools.cache
def fonts_version() -> str:
    try:
        return f"matplotlib {metadata.version('matplotlib')}"
    except metadata.PackageNotFoundError:
        return "matplotlib unknown"


def pdf_to_bytes(made: tuple[bytes, list[str]]) -> bytes:
    """The warnings as a line of JSON, then the PDF."""
    pdf, warnings = made
    return json.dumps(warnings).encode() + b"\n" + pdf


def pdf_from_bytes(stored: bytes) -> tuple[bytes, list[str]] | None:
    head, _, pdf = stored.partition(b"\n")
    try:
        warnings = json.loads(head)
    except ValueError:
        return None
    return (pdf, warnings) if isinstance(warnings, list) and pdf.startswith(b"%PDF-") else None
