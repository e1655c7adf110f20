"""What a chart hands to the page, kept apart from the drawing so the page needs no matplotlib.

A :class:`Chart` is plain data: the inline SVG, its title and description in words, the sources
it draws on and the table of numbers behind it. Builds that find their charts in the cache
(:mod:`gapreport.cache`) never import matplotlib at all, which is most of an HTML build's
start-up time; so the charts travel to and from the cache as JSON here.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    svg: str
    sources: tuple[str, ...]
    table: Table


def charts_to_bytes(charts: list[Chart]) -> bytes:
    return json.dumps([dataclasses.asdict(chart) for chart in charts],
                      ensure_ascii=False).encode("utf-8")


def charts_from_bytes(data: bytes) -> list[Chart] | None:
    """The charts stored by :func:`charts_to_bytes`; None if the bytes are not such charts."""
    try:
        return [_chart(entry) for entry in json.loads(data.decode("utf-8"))]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _chart(entry: dict) -> Chart:
    table = entry["table"]
    return Chart(entry["key"], entry["title"], entry["description"], entry["svg"],
                 tuple(entry["sources"]),
                 Table(table["caption"], tuple(table["header"]),
                       tuple(tuple(row) for row in table["rows"])))
