"""The brief's charts: matplotlib's object-oriented API, one function per chart, SVG out.

Each chart returns a :class:`Chart`: the inline SVG with its title and a description in words
(for screen readers and the PDF's tags), the sources it draws on, and the table of numbers
behind it (shown under the chart). Every chart is drawn twice, in two layouts
(:data:`LAYOUTS`): wide, for screens from a tablet up and for the PDF, and narrow, for phones,
where text at a readable size must still fit inside the chart. A scaled-down wide chart would
shrink its text to a few pixels; a wide chart that scrolls would hide its labels.

Lines are labelled at their ends rather than in a legend, each label joined to its line's end
by a thin line of its colour and led by a sample of its line (colour and dash), so no line
needs a legend; supply lines of different scenarios have dashes of their own, so lines that
lie on top of each other stay tellable apart. Colours come from the Okabe-Ito palette, which
stays distinct for colour-blind readers; bands and bars whose colour carries meaning (the
fan's spread, the tornado's low and high) have a key.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from gapreport.chart.inputs import MEASURES, PALETTE, Chart, ChartInputs, Observed, Table, plain
from gapreport.chart.svg import figure_svg
from gapreport.check.plans import ScenarioPlan
from gapreport.language.formatting import Formatter
from gapreport.model.keyfigures import KeyFigure
from gapreport.outlook.uncertainty import QUANTILES

TEXT = "#1a1a1a"
LineStyle = Literal["-"] | tuple[float, Sequence[float]]  # solid, or a dash pattern
Style = LineStyle | Literal["band", "point", "faded"]  # lines, bands, key-only entries
End = tuple[float, str, str, Style]  # where a line ends: y, its label, its colour, its style
SUPPLY_DASHES: tuple[LineStyle, ...] = (  # a scenario's own, for its supply line
    (0, (5, 2.5)),
    (0, (1.5, 1.5)),
    (0, (7, 2, 2, 2)),
    (0, (3, 1.2, 1, 1.2)),
    (0, (9, 3)),
    (0, (2, 3)),
    (0, (5, 1, 1, 1, 1, 1)),
)
MUTED = "#595959"
FADED = 0.4  # the opacity of a path past its sources' last year: the brief's extrapolation


@dataclass(frozen=True)
class Layout:
    """How a chart is laid out for one kind of column: its width in inches (the page scales
    it to the column, so text comes out at about ``font`` points on a phone's 360 px or a
    page's column), where the plot of a line chart ends (wide: its lines' labels fill the
    rest; narrow: they are listed below the plot, which takes the whole width), how many
    characters a label line holds, and whether bars carry their names above them."""

    name: str
    width: float
    font: float
    plot: tuple[float, float]  # left and right edge of a line chart's plot, as shares
    label_chars: int
    names_above_bars: bool
    ticks: int
    panel: float  # inches a line chart's panel is tall

    @property
    def labels_below(self) -> bool:
        return self.names_above_bars

    def wrap(self, text: str, chars: int | None = None) -> str:
        return textwrap.fill(
            text, chars or self.label_chars, break_on_hyphens=False, break_long_words=False
        )


WIDE = Layout("wide", 7.2, 9.5, (0.12, 0.64), 30, False, 6, 2.25)
NARROW = Layout("narrow", 3.6, 9.0, (0.16, 0.93), 40, True, 4, 2.2)
LAYOUTS = (WIDE, NARROW)


class _Shelf:
    """Figures kept from one draw to the next, in a process that draws the same charts again
    and again (the watcher's chart workers).

    Making a figure's axes and their ticks is about a third of drawing a chart. A kept
    figure is emptied of what was drawn on it and drawn on afresh; its axes, ticks and
    styling stay, and every call that styles them is made again, so the SVG is the same as
    from a new figure (tests/test_chart_reuse.py holds it to that, byte for byte). Figures
    are kept per chart and layout, so no chart ever gets another's styling.
    """

    LIMIT = 24  # figures kept; an edit that adds a panel makes a new one, the oldest go

    def __init__(self) -> None:
        self.on = False
        self.figures: dict[tuple, tuple[Figure, list]] = {}

    def get(self, key: tuple, make: Callable[[], tuple[Figure, list]]) -> tuple[Figure, list]:
        if not self.on:
            return make()
        if key not in self.figures:
            if len(self.figures) >= self.LIMIT:
                self.figures.pop(next(iter(self.figures)))
            self.figures[key] = make()
            return self.figures[key]
        figure, panels = self.figures[key]
        for legend in list(figure.legends):  # a key drawn on the figure itself
            legend.remove()
        for axes in panels:
            _empty(axes)
        return figure, panels


_SHELF = _Shelf()


def keep_figures() -> None:
    """From now on, reuse each chart's figure in this process (see :class:`_Shelf`)."""
    _SHELF.on = True


def _empty(axes) -> None:
    """Take off everything drawn on the axes, and let the next data set the limits."""
    for container in list(axes.containers):
        container.remove()
    for artist in [
        *axes.lines,
        *axes.collections,
        *axes.patches,
        *axes.texts,
        *axes.artists,
        *axes.images,
    ]:
        artist.remove()
    if axes.get_legend() is not None:
        axes.get_legend().remove()
    axes.relim()
    axes.set_autoscale_on(True)


def _panels(
    name: str,
    layout: Layout,
    heights: list[int],
    height: float,
    hspace: float,
    margins: tuple[float, float, float, float],
) -> tuple[Figure, list]:
    """Styled axes one above the other, each as tall as its share of ``heights``, in a
    figure ``height`` inches tall; the same figure again where figures are kept."""

    def make() -> tuple[Figure, list]:
        figure = Figure(figsize=(layout.width, height))
        grid = figure.add_gridspec(len(heights), 1, height_ratios=heights, hspace=hspace)
        left, right, top, bottom = margins
        figure.subplots_adjust(left=left, right=right, top=top, bottom=bottom)
        panels = [figure.add_subplot(grid[row]) for row in range(len(heights))]
        for axes in panels:
            _style_axes(axes, layout)
        return figure, panels

    return _SHELF.get((name, layout.name, tuple(heights), height, hspace, margins), make)


_AXIS = 0.42  # inches under a plot for its tick labels
_ROW = 0.19  # inches a line of a listed label takes
_TITLE = 0.3  # inches over a narrow plot for its unit


def _line_panels(name: str, layout: Layout, labels: list[int]) -> tuple[Figure, list]:
    """The panels of a line chart, one per unit: wide, one above the other with room on the
    right for the lines' labels; narrow, each with room below for ``labels`` lines of them."""
    if not layout.labels_below:
        height = 0.55 + layout.panel * len(labels)
        return _panels(
            name,
            layout,
            [1] * len(labels),
            height,
            0.3,
            (layout.plot[0], layout.plot[1], 1 - 0.1 / height, _AXIS / height),
        )

    def make() -> tuple[Figure, list]:
        tall = [_TITLE + layout.panel + _AXIS + rows * _ROW + 0.12 for rows in labels]
        height = sum(tall)
        figure = Figure(figsize=(layout.width, height))
        left, right = layout.plot
        panels, top = [], height
        for rows_tall in tall:
            bottom = top - _TITLE - layout.panel
            axes = figure.add_axes((left, bottom / height, right - left, layout.panel / height))
            _style_axes(axes, layout)
            panels.append(axes)
            top -= rows_tall
        return figure, panels

    return _SHELF.get((name, layout.name, tuple(labels)), make)


def _label_lines(axes, ends: list[End], years: np.ndarray, layout: Layout) -> None:
    """Wide: each line labelled at its end. Narrow: listed below the plot, each led by a
    sample of its line (colour and dash), in the order the lines end, top first."""
    if not layout.labels_below:
        _end_labels(axes, ends, years, layout)
        return
    handles: list[Artist] = []
    for _, text, colour, style in sorted(ends, key=lambda end: -end[0]):
        if style == "point":
            handles.append(_point_sample(label=layout.wrap(text)))
        elif style == "faded":
            handles.append(_faded_sample(label=layout.wrap(text)))
        elif style == "band":
            handles.append(Patch(facecolor=colour, alpha=0.35, label=layout.wrap(text)))
        else:
            handles.append(
                Line2D([], [], color=colour, linewidth=2, linestyle=style, label=layout.wrap(text))
            )
    below = _AXIS / (axes.get_position().height * axes.figure.get_figheight())
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(-0.15, -below),
        frameon=False,
        fontsize=layout.font,
        labelcolor=TEXT,
        handlelength=2.4,
        borderaxespad=0,
        labelspacing=0.35,
    )


def _point_sample(label: str = "") -> Line2D:
    """An observed point as a key shows it: an open circle."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markerfacecolor="white",
        markeredgecolor=TEXT,
        markeredgewidth=1.6,
        label=label,
    )


def _faded_sample(label: str = "") -> Line2D:
    """How a path past its sources is drawn, as a key shows it."""
    return Line2D([], [], color=MUTED, alpha=FADED, linewidth=2, label=label)


def _label_rows(ends: list, layout: Layout) -> int:
    return sum(layout.wrap(end[1]).count("\n") + 1 for end in ends if end[1])


def _unit_label(axes, unit: str, layout: Layout) -> None:
    """The unit of a line chart's values: beside the axis (wide), or above it where a narrow
    chart has no room at its side."""
    name = unit[:1].upper() + unit[1:]
    if layout.labels_below:
        # clear of a top tick label, which stands half its height above the axes
        axes.set_title(name, loc="left", fontsize=layout.font, color=TEXT, pad=9, x=-0.14)
    else:
        axes.set_ylabel(name, color=TEXT, fontsize=layout.font)


def _number_axis(axis, fmt: Formatter, layout: Layout) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v)))
    axis.set_major_locator(MaxNLocator(nbins=layout.ticks))


def _drawn(
    key: str, title: str, description: str, draw: Callable[[Layout], Figure]
) -> tuple[str, str]:
    """The chart's SVG in each layout: wide (its ids as they always were), then narrow."""
    wide, narrow = (
        figure_svg(
            draw(layout),
            f"chart-{key}" + ("" if layout is WIDE else f"-{layout.name}"),
            title,
            description,
        )
        for layout in LAYOUTS
    )
    return wide, narrow


def paths_chart(inputs: ChartInputs, observed: tuple[Observed, ...] = ()) -> Chart:
    """Need against supply for every scenario over the horizon, the key-year gap marked, and
    the levels observed since drawn as points on the paths they test.

    Scenarios counted in different units (FTEs, persons) get a panel each, one above the
    other: two units never share an axis.
    """
    projection, s = inputs.projection, inputs.strings
    years = np.arange(projection.horizon.start, projection.horizon.end + 1)
    title = s.fill("charts", "paths_title", start=str(years[0]), end=str(years[-1]))
    description = _paths_description(inputs, years) + _observed_description(inputs, observed)
    if projection.sourced_until:
        description += " " + s.get("charts", "extrapolated_desc")
    wide, narrow = _drawn(
        "paths",
        title,
        description,
        lambda layout: _paths_figure(inputs, years, layout, observed),
    )
    sources = _sources_of(projection.plans, inputs)
    return Chart(
        "paths",
        title,
        description,
        wide,
        tuple(dict.fromkeys([*sources, *(src for o in observed for src in o.sources)])),
        _paths_table(inputs, years, observed),
        narrow,
    )


def _observed_description(inputs: ChartInputs, observed: tuple[Observed, ...]) -> str:
    return "".join(
        " "
        + inputs.strings.fill(
            "charts",
            "observed_desc",
            label=o.label,
            value=inputs.fmt.value(o.value, o.unit),
            unit=inputs.unit(o.unit),
            year=str(o.year),
        )
        for o in observed
    )


def _panel_key(
    inputs: ChartInputs, observed: list[Observed], plans: list[tuple[int, ScenarioPlan]]
) -> list[End]:
    """The key entries a panel needs besides its lines' labels: its observed points, and the
    faded look of paths the brief extrapolates past their sources (listed with the lines'
    labels on a phone, in the panel's corner otherwise)."""
    key: list[End] = []
    if observed:
        label = ", ".join(dict.fromkeys(o.label for o in observed))
        key.append((max(o.value for o in observed), label, TEXT, "point"))
    if any(inputs.projection.extrapolated_after(s.id) for _, p in plans for s in p.series):
        key.append((-1.0, inputs.strings.get("charts", "extrapolated"), MUTED, "faded"))
    return key


def _draw_observed(axes, observed: list[Observed], layout: Layout) -> None:
    """The observed levels as open circles, with a key entry of their own."""
    if not observed:
        return
    axes.plot(
        [o.year for o in observed],
        [o.value for o in observed],
        linestyle="none",
        marker="o",
        markersize=7 if layout is WIDE else 6,
        markerfacecolor="white",
        markeredgecolor=TEXT,
        markeredgewidth=1.6,
        zorder=6,
    )
    bottom, top = axes.get_ylim()
    axes.set_ylim(bottom, max(top, max(o.value for o in observed) * 1.08))


def _corner_key(axes, key: list[End], layout: Layout) -> None:
    """The panel's extra key entries in its lower right corner, below the paths, which start
    well above zero (wide layout only)."""
    if not key or layout.labels_below:
        return  # keyed with the lines, below the plot
    axes.legend(
        [_point_sample() if style == "point" else _faded_sample() for *_, style in key],
        [text for _, text, _, _ in key],
        loc="lower right",
        frameon=False,
        fontsize=layout.font,
        handletextpad=0.3,
        borderaxespad=0.2,
    )


def _paths_figure(
    inputs: ChartInputs, years: np.ndarray, layout: Layout, observed: tuple[Observed, ...] = ()
) -> Figure:
    projection = inputs.projection
    units = list(dict.fromkeys(plan.unit for plan in projection.plans))
    groups = [[(i, p) for i, p in enumerate(projection.plans) if p.unit == unit] for unit in units]
    points = [
        _panel_key(inputs, [o for o in observed if o.unit == unit], plans)
        for unit, plans in zip(units, groups, strict=True)
    ]
    rows = [
        _label_rows([*_path_ends(inputs, plans), *(key if layout.labels_below else [])], layout)
        for plans, key in zip(groups, points, strict=True)
    ]
    figure, panels = _line_panels("paths", layout, rows)
    for axes, unit, plans, key in zip(panels, units, groups, points, strict=True):
        ends = _draw_paths(axes, inputs, years, plans)
        _draw_observed(axes, [o for o in observed if o.unit == unit], layout)
        _corner_key(axes, key, layout)
        _mark_gap(axes, inputs, years, [p for _, p in plans], layout)
        _label_lines(axes, [*ends, *(key if layout.labels_below else [])], years, layout)
        _number_axis(axes.yaxis, inputs.fmt, layout)
        _unit_label(axes, inputs.unit(unit), layout)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=layout.ticks, integer=True))
        axes.set_xlim(years[0], years[-1])
        axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
        axes.set_axisbelow(True)
    return figure


def _draw_paths(
    axes, inputs: ChartInputs, years: np.ndarray, plans: list[tuple[int, ScenarioPlan]]
) -> list[End]:
    """Draw each distinct need and supply path once; return where each line ends."""
    top = 0.0
    for index, plan in plans:
        colour = PALETTE[index % len(PALETTE)]
        demand = [inputs.series(series.id, "demand_fte") for series in plan.series]
        supply = inputs.series(plan.series[0].id, "supply_fte")
        top = max(top, *(float(d.max()) for d in demand), float(supply.max()))
        if len(demand) == 2:
            until = inputs.projection.extrapolated_after(plan.series[1].id, "demand")
            for part, alpha in _parts(years, until, 0.22):
                axes.fill_between(
                    years[part],
                    demand[0][part],
                    demand[1][part],
                    color=colour,
                    alpha=alpha,
                    linewidth=0,
                )
    ends = _path_ends(inputs, plans)
    for _, _, colour, style, path, until in ends:
        if style != "band":
            for part, alpha in _parts(years, until, 1.0):
                axes.plot(
                    years[part],
                    path[part],
                    color=colour,
                    alpha=alpha,
                    linewidth=2.2 if style == "-" else 1.8,
                    linestyle=style,
                )
    axes.set_ylim(0, top * 1.08)
    return [end[:4] for end in ends if end[1]]


def _parts(years: np.ndarray, until: int | None, alpha: float) -> list[tuple[np.ndarray, float]]:
    """A path's years as drawn: all at ``alpha``; or, for a path the brief extrapolates past
    its sources' last year, up to that year at ``alpha`` and from it on faded."""
    if until is None or until >= years[-1]:
        return [(np.ones(len(years), dtype=bool), alpha)]
    return [(years <= until, alpha), (years >= until, alpha * FADED)]


def _path_ends(inputs: ChartInputs, plans: list[tuple[int, ScenarioPlan]]) -> list[tuple]:
    """Each distinct line (or band) of these plans: (y at the end, label, colour, style,
    path, the year after which it is extrapolated or None). A path equal to one already
    there is drawn and labelled once; one that lies on top of another all the way is drawn,
    but labelled with it, so neither label points at a line that cannot be seen."""
    s = inputs.strings
    ends: list[list] = []
    drawn: list[np.ndarray] = []
    paths = [
        inputs.series(p.series[i].id, c)
        for _, p in plans
        for i in range(len(p.series))
        for c in ("demand_fte", "supply_fte")
    ]
    close = 0.012 * max(float(np.max(np.abs(path))) for path in paths)  # of the axis
    for index, plan in plans:
        colour, label = PALETTE[index % len(PALETTE)], inputs.label(plan)
        demand = [inputs.series(series.id, "demand_fte") for series in plan.series]
        supply = inputs.series(plan.series[0].id, "supply_fte")
        lines: list[tuple[str, np.ndarray, Style]] = []
        first = plan.series[0].id
        until = {
            measure: inputs.projection.extrapolated_after(first, measure)
            for measure in ("demand", "supply")
        }
        if len(demand) == 2:
            ends.append(
                [
                    float(demand[1][-1]),
                    s.fill("charts", "band_label", label=label),
                    colour,
                    "band",
                    demand[1],
                    None,
                ]
            )
        else:
            lines.append(("demand", demand[0], "-"))
        lines.append(("supply", supply, SUPPLY_DASHES[index % len(SUPPLY_DASHES)]))
        for measure, path, style in lines:
            if any(np.allclose(path, seen) for seen in drawn):
                continue
            drawn.append(path)
            text = f"{s.get('charts', measure)}: {label}"
            twin = next(
                (
                    end
                    for end in ends
                    if end[3] != "band" and float(np.max(np.abs(end[4] - path))) <= close
                ),
                None,
            )
            if twin is not None:  # on top of another: drawn, and named in that one's label
                twin[1] = s.fill("charts", "nearly_same", first=twin[1], second=label)
                ends.append([float(path[-1]), "", colour, style, path, until[measure]])
            else:
                ends.append([float(path[-1]), text, colour, style, path, until[measure]])
    return [tuple(end) for end in ends]


def _style_axes(axes, layout: Layout) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.spines["bottom"].set_color(MUTED)
    axes.tick_params(colors=TEXT, labelsize=layout.font)


def _mark_gap(
    axes, inputs: ChartInputs, years: np.ndarray, plans: list[ScenarioPlan], layout: Layout
) -> None:
    """An arrow between supply and need in the key year, on the panel's first single path,
    its label just above the arrow's top (over the lines, where nothing is drawn)."""
    plan = next((p for p in plans if len(p.series) == 1), None)
    if plan is None or inputs.key_year not in years:
        return
    at = int(np.where(years == inputs.key_year)[0][0])
    demand = inputs.series(plan.id, "demand_fte")[at]
    supply = inputs.series(plan.id, "supply_fte")[at]
    axes.annotate(
        "",
        xy=(inputs.key_year, demand),
        xytext=(inputs.key_year, supply),
        arrowprops={"arrowstyle": "<->", "color": TEXT, "linewidth": 1.2},
    )
    gap = inputs.fmt.figure(inputs.figures[f"{plan.id}.gap"])
    bottom, top = axes.get_ylim()
    axes.text(
        inputs.key_year,
        max(demand, supply) + (top - bottom) * 0.025,
        inputs.strings.fill("charts", "gap_label", gap=gap),
        ha="center",
        va="bottom",
        fontsize=layout.font,
        color=TEXT,
    )


def _end_labels(axes, ends: list[End], years: np.ndarray, layout: Layout) -> None:
    """Labels to the right of the lines' ends, moved apart just enough that none overlap,
    each joined to its line's end and led by a sample of its line."""
    if not ends:
        return
    bottom, top = axes.get_ylim()
    tall = axes.get_position().height * axes.figure.get_figheight() * 72  # points
    per_point = (top - bottom) / tall
    texts = [layout.wrap(text) for _, text, _, _ in ends]
    heights = [(text.count("\n") + 1) * layout.font * 1.25 * per_point for text in texts]
    order = sorted(range(len(ends)), key=lambda i: ends[i][0])
    placed = _spread(
        [ends[i][0] for i in order],
        [heights[i] for i in order],
        layout.font * 0.35 * per_point,
        bottom,
        top,
    )
    span = years[-1] - years[0]
    start, sample, text_x = (years[-1] + span * f for f in (0.03, 0.085, 0.11))
    for target, i in zip(placed, order, strict=True):
        end, _, colour, style = ends[i]
        axes.plot(  # a faint leader, so it does not read as the line's last stretch
            [years[-1], start],
            [end, target],
            color=colour,
            linewidth=0.6,
            alpha=0.45,
            linestyle=(0, (1, 1.2)),
            clip_on=False,
        )
        if style == "band":
            axes.plot(
                [start, sample],
                [target, target],
                color=colour,
                linewidth=7,
                alpha=0.35,
                clip_on=False,
                solid_capstyle="butt",
            )
        else:
            axes.plot(
                [start, sample],
                [target, target],
                color=colour,
                linewidth=2,
                linestyle=style,
                clip_on=False,
            )
        axes.text(
            text_x,
            target,
            texts[i],
            va="center",
            fontsize=layout.font,
            color=TEXT,
            clip_on=False,
            linespacing=1.25,
        )


def _spread(
    values: list[float], heights: list[float], pad: float, floor: float, ceiling: float
) -> list[float]:
    """Centres close to ``values`` (sorted) for labels ``heights`` tall, none overlapping,
    kept between ``floor`` and ``ceiling`` where they fit."""
    placed = list(values)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + (heights[i - 1] + heights[i]) / 2 + pad)
    if placed and placed[-1] > ceiling - heights[-1] / 2:
        placed[-1] = ceiling - heights[-1] / 2
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - (heights[i] + heights[i + 1]) / 2 - pad)
    if placed and placed[0] < floor + heights[0] / 2:
        shift = floor + heights[0] / 2 - placed[0]
        placed = [y + shift for y in placed]
    return placed


def _paths_description(inputs: ChartInputs, years: np.ndarray) -> str:
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    units = sorted({inputs.unit(p.unit) for p in inputs.projection.plans})
    parts = [
        s.fill(
            "charts", "paths_desc", start=str(years[0]), end=str(years[-1]), units=" / ".join(units)
        )
    ]
    for plan in inputs.projection.plans:
        label = inputs.label(plan)
        supply = fmt.figure(inputs.figures[f"{plan.series[0].id}.supply"])
        if len(plan.series) == 2:
            low, high = (
                fmt.figure(inputs.figures[f"{series.id}.demand"]) for series in plan.series
            )
            parts.append(
                s.fill(
                    "charts",
                    "paths_band",
                    label=label,
                    key_year=str(key),
                    low=low,
                    high=high,
                    supply_key=supply,
                )
            )
            continue
        first = inputs.series(plan.id, "demand_fte")[0]
        parts.append(
            s.fill(
                "charts",
                "paths_series",
                label=label,
                start=str(years[0]),
                key_year=str(key),
                demand_start=fmt.value(first, plan.unit, computed=True),
                demand_key=fmt.figure(inputs.figures[f"{plan.id}.demand"]),
                supply_key=supply,
            )
        )
    return " ".join(parts)


def _paths_table(
    inputs: ChartInputs, years: np.ndarray, observed: tuple[Observed, ...] = ()
) -> Table:
    s, fmt = inputs.strings, inputs.fmt
    header = [s.get("charts", "year")]
    columns = []
    for plan in inputs.projection.plans:
        for series in plan.series:
            suffix = _band_suffix(inputs, plan, series.id)
            for measure in ("demand", "supply"):
                if measure == "supply" and series is not plan.series[0]:
                    continue
                header.append(
                    f"{s.get('charts', measure)}: {inputs.label(plan)}"
                    f"{suffix if measure == 'demand' else ''}"
                )
                until = inputs.projection.extrapolated_after(series.id, measure)
                columns.append((inputs.series(series.id, f"{measure}_fte"), plan.unit, until))
    rows = [
        [
            str(year),
            *(
                _cell(inputs, col[i], unit, until is not None and year > until)
                for col, unit, until in columns
            ),
        ]
        for i, year in enumerate(years)
    ]
    for o in observed:  # a column each, the value in its year only
        header.append(o.label)
        for row, year in zip(rows, years, strict=True):
            row.append(fmt.value(o.value, o.unit) if year == o.year else "")
    caption = s.get("charts", "table")
    if inputs.projection.sourced_until:
        caption = f"{caption} ({s.get('charts', 'extrapolated_note')})"
    return Table(
        caption,
        tuple(header),
        tuple(tuple(row) for row in rows),
        _paths_data(inputs, years, observed),
    )


def _paths_data(
    inputs: ChartInputs, years: np.ndarray, observed: tuple[Observed, ...]
) -> tuple[tuple[str, ...], ...]:
    """The paths as data, one value a row (scenarios count in units of their own), each
    path's years past its sources marked as the brief's extrapolation."""
    s, projection = inputs.strings, inputs.projection
    said = {True: s.get("charts", "csv_yes"), False: s.get("charts", "csv_no")}
    data = [
        _data_header(
            s, "year", "scenario", "csv_measure", "csv_unit", "csv_value", "csv_extrapolated"
        )
    ]
    for plan in projection.plans:
        for series in plan.series:
            label = inputs.label(plan) + _band_suffix(inputs, plan, series.id)
            for measure in MEASURES:
                side = None if measure == "gap" else measure  # (a gap needs both paths)
                until = projection.extrapolated_after(series.id, side)
                path = inputs.series(series.id, f"{measure}_fte")
                data += [
                    (
                        str(year),
                        label,
                        s.get("charts", measure),
                        inputs.unit(plan.unit),
                        plain(value),
                        said[until is not None and year > until],
                    )
                    for year, value in zip(years, path, strict=True)
                ]
    data += [
        (str(o.year), "", o.label, inputs.unit(o.unit), plain(o.value), said[False])
        for o in observed
    ]
    return tuple(data)


def _data_header(s, *keys: str) -> tuple[str, ...]:
    return tuple(str(s.get("charts", key)) for key in keys)


def _cell(inputs: ChartInputs, value: float, unit: str, extrapolated: bool) -> str:
    shown = inputs.fmt.value(value, unit, computed=True)
    return (
        inputs.strings.fill("charts", "extrapolated_cell", value=shown) if extrapolated else shown
    )


def gaps_chart(inputs: ChartInputs) -> Chart:
    """The gap in the key year for every projected series, as labelled horizontal bars.

    As with the paths, each unit gets its own panel and scale.
    """
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    bars = _gap_bars(inputs)
    title = s.fill("charts", "gaps_title", key_year=str(key))
    items = "; ".join(
        s.fill("charts", "gaps_item", label=label, gap=fmt.figure(kf), unit=inputs.unit(unit))
        for _, label, kf, _, unit in bars
    )
    description = s.fill("charts", "gaps_desc", key_year=str(key), items=items)
    header = (
        s.get("charts", "scenario"),
        s.get("charts", "demand"),
        s.get("charts", "supply"),
        s.get("charts", "gap"),
    )
    rows = tuple(
        (
            label,
            *(fmt.figure(inputs.figures[f"{series_id}.{m}"]) for m in MEASURES),
        )
        for series_id, label, *_ in bars
    )
    data = (
        _data_header(s, "scenario", "year", "csv_unit", "demand", "supply", "gap"),
        *(
            (
                label,
                str(key),
                inputs.unit(unit),
                *(plain(inputs.figures[f"{series_id}.{m}"].value) for m in MEASURES),
            )
            for series_id, label, _, _, unit in bars
        ),
    )
    wide, narrow = _drawn(
        "gaps", title, description, lambda layout: _gaps_figure(inputs, bars, layout)
    )
    return Chart(
        "gaps",
        title,
        description,
        wide,
        _sources_of(inputs.projection.plans, inputs),
        Table(s.get("charts", "table"), header, rows, data),
        narrow,
    )


def _gaps_figure(inputs: ChartInputs, bars: list, layout: Layout) -> Figure:
    units = list(dict.fromkeys(unit for *_, unit in bars))
    counts = [sum(1 for *_, unit in bars if unit == u) for u in units]
    # each panel as tall as its bars (inches per bar), plus room for its axis
    per_bar = 0.62 if layout.names_above_bars else 0.5
    left = 0.04 if layout.names_above_bars else 0.3
    height = per_bar * sum(counts) + 0.85 * len(counts)
    figure, panels = _panels(
        "gaps",
        layout,
        counts,
        height,
        0.55,
        (left, 0.96 if layout.names_above_bars else 0.8, 1 - 0.3 / height, 0.35 / height),
    )
    for axes, unit in zip(panels, units, strict=True):
        _draw_bars(axes, inputs, [b for b in bars if b[-1] == unit], layout)
        if len(units) > 1:  # two scales: say which is which
            name = inputs.unit(unit)
            axes.set_title(
                name[:1].upper() + name[1:],
                loc="left",
                fontsize=layout.font,
                color=TEXT,
                pad=12 if layout.names_above_bars else 4,
            )
    return figure


def _gap_bars(inputs: ChartInputs) -> list[tuple[str, str, KeyFigure, str, str]]:
    """(series id, label, gap figure, colour, unit) for every projected series."""
    bars = []
    for index, plan in enumerate(inputs.projection.plans):
        for series in plan.series:
            label = inputs.label(plan) + _band_suffix(inputs, plan, series.id)
            bars.append(
                (
                    series.id,
                    label,
                    inputs.figures[f"{series.id}.gap"],
                    PALETTE[index % len(PALETTE)],
                    plan.unit,
                )
            )
    return bars


def _draw_bars(
    axes, inputs: ChartInputs, bars: list[tuple[str, str, KeyFigure, str, str]], layout: Layout
) -> None:
    """Bars with their names beside them (wide) or above them (narrow), and their values."""
    positions = np.arange(len(bars))[::-1]
    values = [kf.value for _, _, kf, _, _ in bars]
    axes.barh(
        positions,
        values,
        color=[colour for *_, colour, _ in bars],
        height=0.45 if layout.names_above_bars else 0.6,
    )
    axes.axvline(0, color=MUTED, linewidth=0.8)
    low, high = min(min(values), 0), max(max(values), 0)
    span = high - low or 1.0
    for y, (_, label, kf, _, unit) in zip(positions, bars, strict=True):
        shown = f"{inputs.fmt.figure(kf)} {inputs.unit(unit)}"
        if layout.names_above_bars:  # name on the left and value on the right, above the bar
            axes.text(low, y + 0.3, label, va="bottom", ha="left", fontsize=layout.font, color=TEXT)
            axes.text(
                high,
                y + 0.3,
                shown,
                va="bottom",
                ha="right",
                fontsize=layout.font,
                color=TEXT,
                fontweight="bold",
            )
            continue
        axes.text(
            kf.value + span * 0.015 * (1 if kf.value >= 0 else -1),
            y,
            shown,
            va="center",
            ha="left" if kf.value >= 0 else "right",
            fontsize=layout.font,
            color=TEXT,
        )
    if layout.names_above_bars:
        axes.set_yticks([])
        axes.set_xlim(low, high if high > low else low + 1.0)  # all gaps zero: a unit axis
        axes.set_ylim(-0.5, len(bars) - 0.05)
    else:
        axes.set_yticks(positions, [label for _, label, *_ in bars])
        axes.set_ylim(-0.6, len(bars) - 0.4)
    _number_axis(axes.xaxis, inputs.fmt, layout)
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)


def progress_chart(
    inputs: ChartInputs, delivered_name: str, need_name: str, share: KeyFigure | None
) -> Chart:
    """One bar: the growth in need, the part delivered so far filled in."""
    s, fmt = inputs.strings, inputs.fmt
    delivered, need = inputs.figures[delivered_name], inputs.figures[need_name]
    share_text = (
        fmt.figure(share)
        if share is not None
        else fmt.percent(delivered.value / need.value * 100 if need.value else 0)
    )
    unit = inputs.unit(need.unit)
    labels = (
        f"{s.get('charts', 'progress_delivered')}: {fmt.figure(delivered)} {unit} ({share_text})",
        f"{s.get('charts', 'progress_need')}: {fmt.figure(need)} {unit}",
    )
    title = s.get("charts", "progress_title")
    description = s.fill(
        "charts",
        "progress_desc",
        need=fmt.figure(need),
        unit=unit,
        delivered=fmt.figure(delivered),
        share=share_text,
    )
    wide, narrow = _drawn(
        "progress",
        title,
        description,
        lambda layout: _progress_figure(inputs, delivered.value, need.value, labels, layout),
    )
    remaining = need.value - delivered.value
    rows = (
        (s.get("charts", "progress_need"), fmt.figure(need)),
        (s.get("charts", "progress_delivered"), fmt.figure(delivered)),
        (s.get("charts", "progress_remaining"), fmt.value(remaining, need.unit)),
    )
    sources = tuple(dict.fromkeys((*delivered.sources, *need.sources)))
    data = (
        _data_header(s, "csv_measure", "csv_unit", "csv_value"),
        *(
            (s.get("charts", key), unit, plain(value))
            for key, value in (
                ("progress_need", need.value),
                ("progress_delivered", delivered.value),
                ("progress_remaining", remaining),
            )
        ),
    )
    return Chart(
        "progress",
        title,
        description,
        wide,
        sources,
        Table(s.get("charts", "table"), ("", unit), rows, data),
        narrow,
    )


def _progress_figure(
    inputs: ChartInputs, delivered: float, need: float, labels: tuple[str, str], layout: Layout
) -> Figure:
    """The bar, with what was delivered (left) and what is needed (right) written above it;
    on a narrow chart one above the other."""
    stacked = layout.names_above_bars
    figure, (axes,) = _panels(
        "progress",
        layout,
        [1],
        1.9 if stacked else 1.7,
        0.2,
        (0.04, 0.96, 0.9 if stacked else 0.72, 0.25 if stacked else 0.3),
    )
    axes.barh([0], [need], color="#d9d9d9", height=0.55, edgecolor=MUTED, linewidth=0.8)
    axes.barh([0], [delivered], color=PALETTE[1], height=0.55)
    axes.text(0, 1.35 if stacked else 0.5, labels[0], va="bottom", fontsize=layout.font, color=TEXT)
    axes.text(need, 0.5, labels[1], va="bottom", ha="right", fontsize=layout.font, color=TEXT)
    axes.set_ylim(-0.5, 2.1 if stacked else 1.1)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    _number_axis(axes.xaxis, inputs.fmt, layout)
    axes.set_xlim(0, need * 1.01)
    return figure


def _band_suffix(inputs: ChartInputs, plan: ScenarioPlan, series_id: str) -> str:
    """' (low)' or ' (high)' in the reader's language for a band's two ends, else nothing."""
    if len(plan.series) == 1:
        return ""
    return f" ({inputs.strings.get('charts', series_id.rsplit('-', 1)[-1])})"


def _sources_of(plans, inputs: ChartInputs) -> tuple[str, ...]:
    found: list[str] = []
    for plan in plans:
        found.extend(inputs.figures[f"{plan.series[0].id}.gap"].sources)
    return tuple(dict.fromkeys(found))


def fan_chart(inputs: ChartInputs, fans: list, labels: dict[str, str]) -> Chart:
    """The gap over time for each uncertain scenario: median, 50 % and 90 % of the draws.

    The scenario's own (central) gap is drawn dashed on top, so the fan sits beside the named
    path; as elsewhere, each unit gets its own panel. A key says what the shades are.
    """
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    years = inputs.projection.years
    title = s.fill("charts", "fan_title", start=str(years[0]), end=str(years[-1]))
    at = int(np.searchsorted(years, key))
    parts = [s.get("charts", "fan_desc")]
    for fan in fans:
        parts.append(
            s.fill(
                "charts",
                "fan_item",
                label=labels[fan.scenario],
                key_year=str(key),
                median=fmt.value(fan.quantiles[50][at], fan.unit, computed=True),
                low=fmt.value(fan.quantiles[5][at], fan.unit, computed=True),
                high=fmt.value(fan.quantiles[95][at], fan.unit, computed=True),
                unit=inputs.unit(fan.unit),
            )
        )
    description = " ".join(parts)
    shown = (min(QUANTILES), 50, max(QUANTILES))
    names = {
        q: s.get("charts", "median") if q == 50 else s.fill("charts", "percentile", q=str(q))
        for q in shown
    }
    header = (
        s.get("charts", "year"),
        *(f"{labels[f.scenario]}: {names[q]}" for f in fans for q in shown),
    )
    rows = tuple(
        (
            str(year),
            *(fmt.value(f.quantiles[q][i], f.unit, computed=True) for f in fans for q in shown),
        )
        for i, year in enumerate(years)
    )
    data = (
        (
            *_data_header(s, "scenario", "year", "csv_unit"),
            *(names.get(q) or s.fill("charts", "percentile", q=str(q)) for q in QUANTILES),
            s.get("charts", "fan_key_own"),
        ),
        *(
            (
                labels[f.scenario],
                str(year),
                inputs.unit(f.unit),
                *(plain(f.quantiles[q][i]) for q in QUANTILES),
                "" if f.central is None else plain(f.central[i]),
            )
            for f in fans
            for i, year in enumerate(years)
        ),
    )
    wide, narrow = _drawn(
        "fan", title, description, lambda layout: _fan_figure(inputs, fans, labels, layout)
    )
    fanned = {fan.scenario for fan in fans}
    return Chart(
        "fan",
        title,
        description,
        wide,
        _sources_of(
            [p for p in inputs.projection.plans if any(x.id in fanned for x in p.series)], inputs
        ),
        Table(s.get("charts", "table"), header, rows, data),
        narrow,
    )


def _fan_figure(inputs: ChartInputs, fans: list, labels: dict[str, str], layout: Layout) -> Figure:
    s, years = inputs.strings, inputs.projection.years
    units = list(dict.fromkeys(fan.unit for fan in fans))
    rows = [
        sum(
            layout.wrap(s.fill("charts", "fan_label", label=labels[f.scenario])).count("\n") + 1
            for f in fans
            if f.unit == unit
        )
        for unit in units
    ]
    figure, panels = _line_panels("fan", layout, rows)
    colours = _series_colours(inputs)
    for axes, unit in zip(panels, units, strict=True):
        ends: list[End] = []
        for fan in (f for f in fans if f.unit == unit):
            colour = colours[fan.scenario]
            q = fan.quantiles
            axes.fill_between(years, q[5], q[95], color=colour, alpha=0.16, linewidth=0)
            axes.fill_between(years, q[25], q[75], color=colour, alpha=0.32, linewidth=0)
            axes.plot(years, q[50], color=colour, linewidth=2.2)
            if fan.central is not None:
                axes.plot(years, fan.central, color=TEXT, linewidth=1.2, linestyle=(0, (4, 2)))
            ends.append(
                (
                    float(q[50][-1]),
                    s.fill("charts", "fan_label", label=labels[fan.scenario]),
                    colour,
                    "-",
                )
            )
        mine = [f for f in fans if f.unit == unit]
        axes.axhline(0, color=MUTED, linewidth=0.8)
        low = min(float(f.quantiles[5].min()) for f in fans if f.unit == unit)
        high = max(float(f.quantiles[95].max()) for f in fans if f.unit == unit)
        axes.set_ylim(min(low, 0) * 1.08, high * 1.08)
        _label_lines(axes, ends, years, layout)
        _number_axis(axes.yaxis, inputs.fmt, layout)
        _unit_label(axes, inputs.unit(unit), layout)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=layout.ticks, integer=True))
        axes.set_xlim(years[0], years[-1])
        _fan_key(
            axes,
            s,
            layout,
            colours[mine[0].scenario],
            with_own=any(f.central is not None for f in mine),
        )
    return figure


def _series_colours(inputs: ChartInputs) -> dict[str, str]:
    """Each projected series in its scenario's colour (a band's two ends share it)."""
    return {
        series.id: PALETTE[index % len(PALETTE)]
        for index, plan in enumerate(inputs.projection.plans)
        for series in plan.series
    }


def _fan_key(axes, s, layout: Layout, colour: str, with_own: bool) -> None:
    """What the shades (in the panel's own colour) and the dashed line are, in the top left
    (where a gap that starts at nothing leaves room)."""
    handles: list[Artist] = [
        Patch(facecolor=colour, alpha=0.48, label=s.get("charts", "fan_key_half")),
        Patch(facecolor=colour, alpha=0.16, label=s.get("charts", "fan_key_most")),
    ]
    if with_own:
        handles.append(
            Line2D(
                [],
                [],
                color=TEXT,
                linewidth=1.2,
                linestyle=(0, (4, 2)),
                label=s.get("charts", "fan_key_own"),
            )
        )
    for handle in handles:
        handle.set_label(layout.wrap(str(handle.get_label()), 34))
    listed = axes.get_legend()  # a narrow chart's lines, listed below: kept beside the key
    axes.legend(
        handles=handles,
        loc="upper left",
        frameon=False,
        fontsize=layout.font - 0.5,
        handlelength=1.6,
        borderaxespad=0.2,
        labelcolor=TEXT,
    )
    if listed is not None:
        axes.add_artist(listed)


def tornado_chart(
    inputs: ChartInputs, swings: list, titles: dict[str, str], labels: dict[str, str]
) -> Chart:
    """For each series that rests on assumptions, the key-year gap with each assumption at its
    low (blue) and high (orange) while the others stay put; largest swing at the top. A key
    above says which colour is which."""
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    series = list(dict.fromkeys(sw.series_id for sw in swings))
    title = s.fill("charts", "tornado_title", key_year=str(key))
    items = []
    for sid in series:
        top = next(sw for sw in swings if sw.series_id == sid)
        unit = inputs.projection.plan_of(sid).unit
        items.append(
            s.fill(
                "charts",
                "tornado_item",
                label=labels[sid],
                assumption=titles[top.assumption],
                low=fmt.value(top.gap_at_low, unit, computed=True),
                high=fmt.value(top.gap_at_high, unit, computed=True),
                unit=inputs.unit(unit),
            )
        )
    description = s.get("charts", "tornado_desc") + " " + " ".join(items)
    header = (
        s.get("charts", "scenario"),
        s.get("charts", "assumption"),
        s.get("charts", "gap_low"),
        s.get("charts", "gap_centre"),
        s.get("charts", "gap_high"),
    )
    rows = tuple(
        (
            labels[sw.series_id],
            titles[sw.assumption],
            *(
                fmt.value(v, inputs.projection.plan_of(sw.series_id).unit, computed=True)
                for v in (sw.gap_at_low, sw.gap_at_centre, sw.gap_at_high)
            ),
        )
        for sw in swings
    )
    data = (
        (*_data_header(s, "scenario", "assumption", "year", "csv_unit"), *header[2:]),
        *(
            (
                labels[sw.series_id],
                titles[sw.assumption],
                str(key),
                inputs.unit(inputs.projection.plan_of(sw.series_id).unit),
                *(plain(v) for v in (sw.gap_at_low, sw.gap_at_centre, sw.gap_at_high)),
            )
            for sw in swings
        ),
    )
    wide, narrow = _drawn(
        "tornado",
        title,
        description,
        lambda layout: _tornado_figure(inputs, swings, series, titles, labels, layout),
    )
    return Chart(
        "tornado",
        title,
        description,
        wide,
        _sources_of([inputs.projection.plan_of(sid) for sid in series], inputs),
        Table(s.get("charts", "table"), header, rows, data),
        narrow,
    )


def _tornado_figure(
    inputs: ChartInputs,
    swings: list,
    series: list[str],
    titles: dict[str, str],
    labels: dict[str, str],
    layout: Layout,
) -> Figure:
    above = layout.names_above_bars
    headings = []
    for sid in series:
        unit = inputs.projection.plan_of(sid).unit
        centre = next(sw for sw in swings if sw.series_id == sid).gap_at_centre
        headings.append(
            layout.wrap(
                inputs.strings.fill(
                    "charts",
                    "tornado_panel",
                    label=labels[sid],
                    unit=inputs.unit(unit),
                    gap=inputs.fmt.value(centre, unit, computed=True),
                ),
                52 if above else 60,
            )
        )
    counts = [sum(1 for sw in swings if sw.series_id == sid) for sid in series]
    line = layout.font * 1.3 / 72  # inches a line of text takes
    figure, panels = _stacked_bars(
        "tornado",
        layout,
        counts,
        [h.count("\n") + 1 for h in headings],
        0.62 if above else 0.42,
        key=2 * line if above else line,
        sides=(0.04, 0.96) if above else (0.34, 0.84),
    )
    for axes, sid, heading in zip(panels, series, headings, strict=True):
        _tornado_panel(
            axes, inputs, [sw for sw in swings if sw.series_id == sid], titles, heading, layout
        )
    s = inputs.strings
    figure.legend(
        handles=[
            Patch(color=PALETTE[0], label=s.get("charts", "tornado_key_low")),
            Patch(color=PALETTE[1], label=s.get("charts", "tornado_key_high")),
        ],
        loc="upper left",
        bbox_to_anchor=(0.02, 1.0),
        ncol=1 if above else 2,
        frameon=False,
        fontsize=layout.font - 0.5,
        labelcolor=TEXT,
        handlelength=1.2,
        columnspacing=1.5,
        borderaxespad=0.1,
    )
    return figure


def _stacked_bars(
    name: str,
    layout: Layout,
    bars: list[int],
    title_lines: list[int],
    per_bar: float,
    key: float,
    sides: tuple[float, float],
) -> tuple[Figure, list]:
    """Bar panels one above the other, each with room above for a title of so many lines
    and below for its axis, under a key ``key`` inches tall."""

    def make() -> tuple[Figure, list]:
        line = layout.font * 1.3 / 72
        tall = [
            lines * line + 0.12 + count * per_bar + _AXIS
            for count, lines in zip(bars, title_lines, strict=True)
        ]
        height = key + 0.15 + sum(tall)
        figure = Figure(figsize=(layout.width, height))
        panels, top = [], height - key - 0.15
        for count, lines, inches in zip(bars, title_lines, tall, strict=True):
            plot = count * per_bar
            bottom = top - lines * line - 0.12 - plot
            axes = figure.add_axes((sides[0], bottom / height, sides[1] - sides[0], plot / height))
            _style_axes(axes, layout)
            panels.append(axes)
            top -= inches
        return figure, panels

    return _SHELF.get((name, layout.name, tuple(bars), tuple(title_lines), per_bar, key), make)


def _tornado_panel(
    axes, inputs: ChartInputs, mine: list, titles: dict[str, str], heading: str, layout: Layout
) -> None:
    unit = inputs.projection.plan_of(mine[0].series_id).unit
    above = layout.names_above_bars
    positions = np.arange(len(mine))[::-1] * (1.45 if above else 1.0)
    centre = mine[0].gap_at_centre
    bars = [  # each assumption's low, then its high, drawn in one call (a call costs a bar)
        (y, end - centre, colour)
        for y, sw in zip(positions, mine, strict=True)
        for end, colour in ((sw.gap_at_low, PALETTE[0]), (sw.gap_at_high, PALETTE[1]))
    ]
    rows, widths, colours = zip(*bars, strict=True)
    axes.barh(rows, widths, left=centre, color=colours, height=0.5 if above else 0.55)
    axes.axvline(centre, color=TEXT, linewidth=1)
    span = max(max(abs(sw.gap_at_low - centre), abs(sw.gap_at_high - centre)) for sw in mine) or 1.0
    axes.set_xlim(centre - span * 1.5, centre + span * 1.5)
    for y, sw in zip(positions, mine, strict=True):
        for end in (sw.gap_at_low, sw.gap_at_high):
            right = end >= centre
            axes.text(
                end + span * 0.04 * (1 if right else -1),
                y,
                inputs.fmt.value(end, unit, computed=True),
                va="center",
                ha="left" if right else "right",
                fontsize=layout.font - 0.5,
                color=TEXT,
            )
        if above:  # (on white, where it crosses the line at the values)
            axes.text(
                centre - span * 1.5,
                y + 0.33,
                layout.wrap(titles[sw.assumption], 50),
                va="bottom",
                ha="left",
                fontsize=layout.font - 0.5,
                color=TEXT,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
                zorder=4,
            )
    if above:
        axes.set_yticks([])
        axes.set_ylim(positions[-1] - 0.5, positions[0] + 1.05)
    else:
        axes.set_yticks(
            positions,
            [layout.wrap(titles[sw.assumption], 24) for sw in mine],
            fontsize=layout.font - 0.5,
        )
    axes.tick_params(axis="y", length=0)
    axes.spines["left"].set_visible(False)
    axes.set_title(heading, fontsize=layout.font, color=TEXT, loc="left", pad=6)
    _number_axis(axes.xaxis, inputs.fmt, layout)
