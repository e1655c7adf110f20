"""The brief's numbers as a spreadsheet, ``data/gapreport.xlsx``: the projection, the key
figures, the assumptions and the sources, a sheet each.

Readers and journalists take the numbers away. A comma-separated file opens as one column in
an Excel set up for a language that writes decimal commas (it expects semicolons); a workbook
opens right everywhere. Numbers are
stored as numbers, each row says its unit and where it comes from, and texts are in the
brief's first language with their named numbers filled in (as the page's plain text, without
citations: the sheets have a sources column instead). The file's date is the brief's own
(not the clock's) and XlsxWriter fixes the archive's timestamps, so the same inputs give the
same bytes.
"""

from __future__ import annotations

import datetime
import io

from gapreport.analysis import Analysis
from gapreport.language.strings import Strings
from gapreport.render.build_info import BuildInfo
from gapreport.render.page import Page, PageLinks

PROJECTION = ("scenario", "title", "year", "unit", "demand", "supply", "gap")
KEY_FIGURES = ("name", "value", "unit", "kind", "year", "sources", "assumptions")
ASSUMPTIONS = ("id", "title", "value", "low", "high", "unit", "rationale", "basis")
SOURCES = ("id", "publisher", "title", "year", "authors", "url", "note")


def workbook_bytes(analysis: Analysis, strings: Strings, info: BuildInfo) -> bytes:
    """The workbook for ``analysis``, in the language of ``strings``, dated as the brief."""
    import xlsxwriter  # (here: a tenth of a second to load, and a rebuild from the cache
    # that writes nothing new should not pay it)

    dataset = analysis.dataset
    words = Page(analysis, dataset.brief.languages[0], strings, [], info, PageLinks("", ()))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties(
        {
            "title": words.plain_text(dataset.brief.title),
            "author": words.plain_text(dataset.brief.organisation),
            "created": datetime.datetime.combine(info.date, datetime.time()),
        }
    )
    bold = book.add_format({"bold": True})
    _sheet(book, bold, "Projection", PROJECTION, _projection_rows(analysis, words))
    _sheet(book, bold, "Key figures", KEY_FIGURES, _figure_rows(analysis))
    _sheet(book, bold, "Assumptions", ASSUMPTIONS, _assumption_rows(analysis, words))
    _sheet(book, bold, "Sources", SOURCES, _source_rows(analysis, words))
    book.close()
    return buffer.getvalue()


def _sheet(book, bold, name: str, head: tuple[str, ...], rows: list[list]) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, head, bold)
    for number, row in enumerate(rows, 1):
        sheet.write_row(number, 0, ["" if cell is None else cell for cell in row])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(head) - 1)


def _projection_rows(analysis: Analysis, words: Page) -> list[list]:
    projection = analysis.projection
    named = {}
    for plan in projection.plans:
        for series in plan.series:
            named[series.id] = (words.plain_text(plan.scenario.title), plan.unit)
    table = projection.table
    return [
        [sid, *named[sid][:1], int(year), named[sid][1], float(d), float(s), float(g)]
        for sid, year, d, s, g in zip(
            table["scenario"],
            table["year"],
            table["demand_fte"],
            table["supply_fte"],
            table["gap_fte"],
            strict=True,
        )
    ]


def _figure_rows(analysis: Analysis) -> list[list]:
    return [
        [
            f.name,
            f.value,
            f.unit,
            f.kind,
            f.year,
            ", ".join(f.sources),
            ", ".join(f.assumptions),
        ]
        for f in sorted(analysis.figures.values(), key=lambda f: f.name)
        if f.unit != "year"
    ]


def _assumption_rows(analysis: Analysis, words: Page) -> list[list]:
    return [
        [
            a.id,
            words.plain_text(a.title),
            a.value,
            a.low,
            a.high,
            a.unit,
            words.plain_text(a.rationale),
            ", ".join(a.basis),
        ]
        for a in analysis.dataset.assumptions
    ]


def _source_rows(analysis: Analysis, words: Page) -> list[list]:
    return [
        [s.id, s.publisher, s.title, s.year, ", ".join(s.authors), s.url, words.plain_text(s.note)]
        for s in analysis.dataset.sources
    ]
