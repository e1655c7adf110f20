"""What a chart is drawn from and what it hands to the page, kept apart from the drawing so
that neither the page nor a process handing charts to workers needs matplotlib.

:class:`ChartInputs` is what every chart reads. A :class:`Chart` is plain data: the inline
SVG, its title and description in words, the sources it draws on and the table of numbers
behind it. Builds that find their charts in the cache
(:mod:`gapreport.runner.cache`) never import matplotlib at all, which is most of an HTML build's
start-up time; so the charts travel to and from the cache as JSON here.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import numpy as np

from gapreport.check.plans import ScenarioPlan
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import localize
from gapreport.model.keyfigures import KeyFigure
from gapreport.model.projection import Projection

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""Okabe-Ito: colours that stay distinct for colour-blind readers; a scenario's is the one at
its place in the data (the page's what-if draws in the same)."""
MEASURES = ("demand", "supply", "gap")  # a series' key figures, which the charts quote


@dataclass(frozen=True)
class ChartInputs:
    """What every chart needs: the numbers, and how to say them in one language."""

    projection: Projection
    figures: dict[str, KeyFigure]
    key_year: int
    lang: str
    fmt: Formatter
    strings: Strings

    def label(self, plan: ScenarioPlan) -> str:
        scenario = plan.scenario
        return localize(scenario.label or scenario.title, self.lang)

    def unit(self, unit: str) -> str:
        return self.strings.get("units", unit)

    def series(self, series_id: str, column: str) -> np.ndarray:
        return self.projection.path(series_id, column.removesuffix("_fte"))


@dataclass(frozen=True)
class Observed:
    """A level actually observed, as the paths chart draws it: a point in its unit's panel."""

    unit: str
    year: int
    value: float
    label: str  # what it counts, for the chart's table and description
    sources: tuple[str, ...]


ChartOrder = tuple[str, tuple]
"""A chart to draw: the name of its function in :mod:`gapreport.chart.drawing`, and the
arguments to call it with (plain, picklable data: it may be drawn in another process)."""


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart: as the page shows them (``header`` and ``rows``, in the
    reader's digits, rounded as the brief rounds), and as its CSV download gives them
    (``data``: a header row, then rows of plain numbers, a unit with every value)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    data: tuple[tuple[str, ...], ...] = ()


def plain(value: float) -> str:
    """A number as data files write it, whatever the reader's language: a point for the
    decimal sign, no grouping, at most two decimals ("1432.68", "2035", "-12.5")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    svg: str  # wide: for screens from a tablet up, and for the PDF
    sources: tuple[str, ...]
    table: Table
    svg_narrow: str = ""  # for phones (see charts.LAYOUTS)


def charts_to_bytes(charts: list[Chart]) -> bytes:
    return json.dumps([dataclasses.asdict(chart) for chart in charts], ensure_ascii=False).encode(
        "utf-8"
    )


def charts_from_bytes(data: bytes) -> list[Chart] | None:
    """The charts stored by :func:`charts_to_bytes`; None if the bytes are not such charts."""
    try:
        return [_chart(entry) for entry in json.loads(data.decode("utf-8"))]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _chart(entry: dict) -> Chart:
    table = entry["table"]
    return Chart(
        entry["key"],
        entry["title"],
        entry["description"],
        entry["svg"],
        tuple(entry["sources"]),
        Table(
            table["caption"],
            tuple(table["header"]),
            tuple(tuple(row) for row in table["rows"]),
            tuple(tuple(row) for row in table["data"]),
        ),
        entry["svg_narrow"],
    )
