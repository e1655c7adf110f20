"""The page model written in Typst for the PDF, and how a chart sits on an A4 page."""

from __future__ import annotations

import re

from gapreport.analysis import Analysis
from gapreport.chart.inputs import Chart
from gapreport.language.strings import Strings
from gapreport.render.build_info import BuildInfo
from gapreport.render.markup import Typst, string
from gapreport.render.page import PageLinks
from gapreport.render.sections import BriefPage


class PdfPage(BriefPage):
    """The page model written in Typst, with the few pieces only the PDF's templates need."""

    def __init__(
        self,
        analysis: Analysis,
        lang: str,
        strings: Strings,
        charts: list[Chart],
        info: BuildInfo,
        links: PageLinks,
    ):
        super().__init__(analysis, lang, strings, charts, info, links, writer=Typst())

    def anchor(self, kind: str, entry_id: str) -> str:
        """A label the citations link to (ids are letters, digits, '_' and '-' only)."""
        return self.w.safe(f"<{kind}-{entry_id}>")

    def cells(self, items) -> str:
        """Table cells, one content block each: ``[a], [b]``."""
        return self.w.safe(", ".join(f"[{self.w.escape(item)}]" for item in items))

    def chart_block(self, chart: Chart) -> str:
        """A chart: its title, the SVG with its text alternative, and its sources. A chart
        is as wide as the text, or narrower where it would otherwise take more than
        :data:`CHART_MAX_MM` of the page's height (two such charts then share a page)."""
        width = "100%"
        aspect = _aspect(chart.svg)  # height / width
        if aspect * TEXT_WIDTH_MM > CHART_MAX_MM:
            width = f"{CHART_MAX_MM / aspect:.1f}mm"
        drawing = (
            f"align(center, image(bytes({string(pdf_svg(chart.svg))}), "
            f'format: "svg", width: {width}, alt: {string(chart.description)}))'
        )
        sources = self.w.fill(
            str(self.t.get("charts", "source"))
            + " {list}. "
            + str(self.t.get("charts", "projection")),
            {"list": self.source_list(chart.sources)},
        )
        return self.w.safe(f"#chart([{self.w.escape(chart.title)}], {drawing}, [{sources}])")


TEXT_WIDTH_MM = 176  # A4 less the PDF layout's side margins (templates/pdf/layout.typ)
CHART_MAX_MM = 112  # the most of the page's height a chart takes


def _aspect(svg: str) -> float:
    """A chart's height over its width, from its viewBox."""
    box = re.search(r'viewBox="([\d. -]+)"', svg)
    if box is None:
        return 0.0
    _, _, width, height = (float(v) for v in box.group(1).split())
    return height / width if width else 0.0


def pdf_svg(svg: str) -> str:
    """A chart's inline SVG as an image file for the PDF: in the font the chart was laid out
    for (matplotlib measures its labels in DejaVu Sans; the page's font applies on screen)."""
    return svg.replace(
        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans" ', 1
    )
