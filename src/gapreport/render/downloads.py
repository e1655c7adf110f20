"""What each chart offers to take away: its numbers (CSV), the chart as a drawing (SVG) and
as a picture for slides (PNG), as links that work from the page file alone.

A brief is one self-contained HTML file that is mailed and opened offline, so the files are
``data:`` links with a ``download`` name, and need no script. A chart taken away leaves its
page, its caption and its source line behind: the SVG and PNG carry the chart's title above
and its sources below, written on them, so a slide that shows it still says where its numbers
come from. The SVG keeps its text as text (editable, and read by screen readers); the PNG is
that SVG drawn by Typst, in the fonts the chart was laid out in, at a size for a slide.
"""

from __future__ import annotations

import base64
import csv
import datetime
import functools
import io
import json
import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from babel.numbers import get_decimal_symbol
from PIL import ImageFont

from gapreport.analysis import Analysis
from gapreport.chart.inputs import Chart, Table
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import localize
from gapreport.render import pdf
from gapreport.render.markup import string
from gapreport.seam import Runner

PNG_PPI = 120  # a chart 7.2 in wide comes out about 900 px wide (for sharper, the SVG scales)
TITLE_PT, CREDIT_PT, PAD_PT = 11.0, 7.5, 12.0
_PNG = b"\x89PNG\r\n\x1a\n"
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


@dataclass(frozen=True)
class Downloads:
    """One chart's files, as ``data:`` links, and the name they are saved under."""

    stem: str
    csv: str
    svg: str
    png: str

    def links(self) -> list[tuple[str, str, str]]:
        """(extension, media type, link) of each file, in the order the page offers them."""
        return [
            ("csv", "text/csv", self.csv),
            ("svg", "image/svg+xml", self.svg),
            ("png", "image/png", self.png),
        ]


def chart_files(
    charts: list[Chart], analysis: Analysis, strings: Strings, day: datetime.date, runner: Runner
) -> dict[str, Downloads]:
    """Every chart's downloads, by the chart's key. The PNGs are kept by the runner, as the
    PDFs are."""
    dated = Formatter(strings.locale).date(day)  # (the same on every chart's credit)
    drawings = [standalone_svg(chart, credit(chart, analysis, strings, dated)) for chart in charts]
    pictures = _pictures(drawings, runner)
    decimal = get_decimal_symbol(strings.locale)
    return {
        chart.key: Downloads(
            _stem(chart.title),
            "data:text/csv;charset=utf-8," + quote(csv_text(chart.table, decimal)),
            "data:image/svg+xml;base64," + _base64(drawing.encode("utf-8")),
            "data:image/png;base64," + _base64(picture),
        )
        for chart, drawing, picture in zip(charts, drawings, pictures, strict=True)
    }


def credit(chart: Chart, analysis: Analysis, strings: Strings, dated: str) -> str:
    """The line a chart carries away: its sources (publisher and year) and whose brief made
    the projection, and when (``dated``: the build's day as the page writes it)."""
    brief = analysis.dataset.brief
    lang = strings.lang
    by_id = {source.id: source for source in analysis.dataset.sources}
    years: dict[str, list[int]] = {}  # each publisher once, with the years of its sources
    for source in (by_id[s] for s in chart.sources if s in by_id):
        years.setdefault(source.publisher, [])
        if source.year and source.year not in years[source.publisher]:
            years[source.publisher].append(source.year)
    return strings.fill(
        "charts",
        "download_credit",
        sources="; ".join(
            f"{name} ({', '.join(map(str, sorted(dated)))})" if dated else name
            for name, dated in years.items()
        ),
        organisation=localize(brief.organisation, lang),
        title=localize(brief.title, lang),
        date=dated,
    )


def csv_text(table: Table, decimal: str = ".") -> str:
    """The chart's numbers as CSV (RFC 4180: CRLF, quotes where needed), after a byte order
    mark (without it, a spreadsheet reads 'ø' as two letters). Where the reader's decimal
    sign is a comma (as in most of Europe), numbers take it and the fields are parted by
    semicolons, as a spreadsheet set up for that language reads a CSV; else a point and
    commas."""
    rows = table.data
    if decimal == ",":
        rows = tuple(tuple(_comma(cell) for cell in row) for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if decimal == "," else ",", lineterminator="\r\n")
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


_PLAIN = re.compile(r"-?\d+\.\d+")


def _comma(cell: str) -> str:
    return cell.replace(".", ",") if _PLAIN.fullmatch(cell) else cell


def standalone_svg(chart: Chart, credit: str) -> str:
    """The chart's wide SVG as a file of its own: its title above it and ``credit`` below,
    on white, in the font its labels were measured in."""
    box = _VIEWBOX.search(chart.svg)
    if box is None:
        raise ValueError(f"the chart '{chart.key}' has no viewBox")
    width, height = float(box.group(1)), float(box.group(2))
    room = width  # the text's measure: as wide as the chart, within the margins
    title = _wrap(chart.title, "DejaVuSans-Bold.ttf", TITLE_PT, room)
    credit_lines = _wrap(credit, "DejaVuSans.ttf", CREDIT_PT, room)
    top = PAD_PT + len(title) * TITLE_PT * 1.25 + 4
    bottom = top + height + 4
    total = bottom + len(credit_lines) * CREDIT_PT * 1.3 + PAD_PT
    outer = width + 2 * PAD_PT
    inner = _placed(chart.svg, PAD_PT, top)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {outer:g} {total:g}" '
        f'width="{outer:g}pt" height="{total:g}pt" font-family="DejaVu Sans, Verdana, sans-serif">'
        f"<title>{escape(chart.title)}</title><desc>{escape(chart.description)}</desc>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        + _text(title, PAD_PT + TITLE_PT, TITLE_PT, 1.25, 'font-weight="bold" fill="#1a1a1a"')
        + inner.strip()
        + _text(credit_lines, bottom + CREDIT_PT, CREDIT_PT, 1.3, 'fill="#4d4d4d"')
        + "</svg>\n"
    )


def _placed(svg: str, x: float, y: float) -> str:
    """The chart's own ``<svg>`` as a group moved to (x, y) of the file's: a group, not a
    nested ``<svg>``, which renderers clip to its box (Typst draws a picture of this file
    in about three quarters of the time without that clip; nothing of a chart lies
    outside its box)."""
    head_end = svg.index(">") + 1
    head = re.sub(r' (?:xmlns(?::\w+)?|viewBox|version)="[^"]*"', "", svg[:head_end])
    body = svg[head_end:].rstrip()
    assert head.startswith("<svg ") and body.endswith("</svg>"), "a chart is one <svg> element"
    return (
        f'<g transform="translate({x:g} {y:g})"'
        + head[len("<svg") :]
        + body[: -len("</svg>")]
        + "</g>"
    )


def _text(lines: list[str], first: float, size: float, leading: float, look: str) -> str:
    spans = "".join(
        f'<tspan x="{PAD_PT:g}" y="{first + i * size * leading:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text font-size="{size:g}" {look}>{spans}</text>'


def _wrap(text: str, font_file: str, size: float, width: float) -> list[str]:
    """Words in lines no wider than ``width`` points, measured in the font they are set in."""
    font = _font(font_file)
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) * size / 100 <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


@functools.cache
def _font(name: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(pdf.font_folder() / name), size=100)


def _pictures(drawings: list[str], runner: Runner) -> list[bytes]:
    """Each drawing as a PNG, all typeset in one go (a page each), kept by the runner."""
    if not drawings:
        return []
    source = "\n".join(
        f"#page(width: {_VIEWBOX.search(drawing).group(1)}pt, "  # type: ignore[union-attr]
        "height: auto, margin: 0pt, fill: white)"
        f'[#image(bytes({string(drawing)}), format: "svg", width: 100%)]'
        for drawing in drawings
    )
    return runner.remember(
        "pictures",
        "typst",
        (source, PNG_PPI, pdf.fonts_version()),
        lambda: pdf.rasterize(source, PNG_PPI),
        _pictures_to_bytes,
        functools.partial(_pictures_from_bytes, len(drawings)),
    )


def _pictures_to_bytes(pictures: list[bytes]) -> bytes:
    return json.dumps([_base64(p) for p in pictures]).encode("ascii")


def _pictures_from_bytes(count: int, stored: bytes) -> list[bytes] | None:
    """The kept PNGs, if they are that many PNGs; else None (made afresh)."""
    try:
        pictures = [base64.b64decode(p, validate=True) for p in json.loads(stored)]
    except (ValueError, TypeError):
        return None
    if len(pictures) != count or not all(p.startswith(_PNG) for p in pictures):
        return None
    return pictures


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _stem(title: str) -> str:
    """A file name from the chart's title: 'Need and supply, 2017–2040' ->
    'need-and-supply-2017-2040' (letters of any language kept)."""
    return re.sub(r"[\W_]+", "-", title.lower()).strip("-") or "chart"
