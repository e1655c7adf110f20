"""Make matplotlib's SVG fit to sit inline in an HTML page and a tagged PDF.

Matplotlib writes a standalone document: an XML prolog, a DOCTYPE, an RDF metadata block,
element ids that repeat from chart to chart, a ``<style>`` element that would leak into the
page, and ``style="..."`` attributes (which not every SVG renderer reads). This module turns
that into one ``<svg role="img">`` element with a title and description first (what screen
readers and PDF tags use), ids made unique per chart, and presentation attributes instead of
styles.
"""

from __future__ import annotations

import io
import re
from html import escape

import matplotlib
from matplotlib.figure import Figure

_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_STYLE = re.compile(r' style="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')
_DROPPED = {"font-family"}  # the page's font applies; matplotlib's list names fonts readers lack


def figure_svg(figure: Figure, prefix: str, title: str, description: str) -> str:
    """The figure as an inline ``<svg>``: reproducible bytes, unique ids, accessible name."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "gapreport"}):
        figure.savefig(buffer, format="svg", metadata=_NO_METADATA)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = _STYLE.sub(_as_attributes, svg)
    svg = _prefix_ids(svg, prefix)
    return _label(svg, prefix, title, description)


def _as_attributes(match: re.Match) -> str:
    pairs = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name and name not in _DROPPED:
            pairs.append(f' {name}="{value}"')
    return "".join(pairs)


def _prefix_ids(svg: str, prefix: str) -> str:
    ids = set(_ID.findall(svg))
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    for name in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    return svg


def _label(svg: str, prefix: str, title: str, description: str) -> str:
    """Give the root element its role, size behaviour and accessible title and description."""
    head_end = svg.index(">") + 1
    head = svg[:head_end]
    head = re.sub(r' (width|height)="[^"]*"', "", head)
    head = head.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    head = head.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{prefix}-title '
        f'{prefix}-desc" class="chart-svg" '
        'stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    labels = (
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    body = svg[head_end:].replace("xlink:href=", "href=")
    return head + labels + body.strip() + "\n"


def warm_up() -> None:
    """Draw a throwaway chart, so that the font list is read and the font opened before a
    real chart waits for them (a worker process does this when it starts)."""
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().plot([0, 1], [0, 1])
    figure_svg(figure, "warm-up", "", "")
