"""The brief's charts: matplotlib's object-oriented API, one function per chart, SVG out.

Each chart returns a :class:`Chart`: the inline SVG with its title and a description in words
(for screen readers and the PDF's tags), the sources it draws on, and the table of numbers
behind it (shown under the chart). Lines are labelled at their ends rather than in a legend;
colours come from the Okabe-Ito palette, which stays distinct for colour-blind readers, and
line style (solid for need, dashed for supply) carries meaning without colour.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .chartdata import Chart, ChartInputs, Table
from .formatting import Formatter
from .keyfigures import KeyFigure
from .plans import ScenarioPlan
from .svg import figure_svg
from .uncertainty import QUANTILES

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
TEXT = "#1a1a1a"
MUTED = "#595959"
WIDTH = 7.2  # inches drawn; the page scales each chart to its column


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
    for artist in [*axes.lines, *axes.collections, *axes.patches, *axes.texts,
                   *axes.artists, *axes.images]:
        artist.remove()
    axes.relim()
    axes.set_autoscale_on(True)


def _panels(name: str, heights: list[int], height: float, hspace: float,
            margins: tuple[float, float, float, float]) -> tuple[Figure, list]:
    """Styled axes one above the other, each as tall as its share of ``heights``, in a
    figure ``height`` inches tall; the same figure again where figures are kept."""
    def make() -> tuple[Figure, list]:
        figure = Figure(figsize=(WIDTH, height))
        grid = figure.add_gridspec(len(heights), 1, height_ratios=heights, hspace=hspace)
        left, right, top, bottom = margins
        figure.subplots_adjust(left=left, right=right, top=top, bottom=bottom)
        panels = [figure.add_subplot(grid[row]) for row in range(len(heights))]
        for axes in panels:
            _style_axes(axes)
        return figure, panels

    return _SHELF.get((name, tuple(heights), height, hspace, margins), make)


def _number_axis(axis, fmt: Formatter) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v)))
    axis.set_major_locator(MaxNLocator(nbins=6))


def paths_chart(inputs: ChartInputs) -> Chart:
    """Need against supply for every scenario over the horizon, the key-year gap marked.

    Scenarios counted in different units (FTEs, persons) get a panel each, one above the
    other: two units never share an axis.
    """
    projection, s = inputs.projection, inputs.strings
    years = np.arange(projection.horizon.start, projection.horizon.end + 1)
    units = list(dict.fromkeys(plan.unit for plan in projection.plans))
    figure, panels = _panels("paths", [1] * len(units), 0.4 + 2.4 * len(units), 0.3,
                             (0.13, 0.64, 0.97, 0.06))
    for axes, unit in zip(panels, units, strict=True):
        plans = [(i, p) for i, p in enumerate(projection.plans) if p.unit == unit]
        ends = _draw_paths(axes, inputs, years, plans)
        _mark_gap(axes, inputs, years, [p for _, p in plans])
        _end_labels(axes, ends, years[-1])
        _number_axis(axes.yaxis, inputs.fmt)
        name = inputs.unit(unit)
        axes.set_ylabel(name[:1].upper() + name[1:], color=TEXT, fontsize=10)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axes.set_xlim(years[0], years[-1])
        axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
        axes.set_axisbelow(True)
    title = s.fill("charts", "paths_title", start=str(years[0]), end=str(years[-1]))
    description = _paths_description(inputs, years)
    return Chart("paths", title, description, figure_svg(figure, "chart-paths", title,
                                                             description),
                 _sources_of(projection.plans, inputs), _paths_table(inputs, years))


def _draw_paths(axes, inputs: ChartInputs, years: np.ndarray,
                plans: list[tuple[int, ScenarioPlan]]) -> list[tuple[float, str, str, str]]:
    """Draw each distinct need and supply path once; return where each line ends."""
    s = inputs.strings
    ends: list[tuple[float, str, str, str]] = []  # (y at the end, text, colour, line style)
    drawn: list[np.ndarray] = []
    top = 0.0
    for index, plan in plans:
        colour, label = PALETTE[index % len(PALETTE)], inputs.label(plan)
        demand = [inputs.series(series.id, "demand_fte") for series in plan.series]
        supply = inputs.series(plan.series[0].id, "supply_fte")
        top = max(top, *(float(d.max()) for d in demand), float(supply.max()))
        if len(demand) == 2:
            axes.fill_between(years, demand[0], demand[1], color=colour, alpha=0.22, linewidth=0)
            ends.append((float(demand[1][-1]), s.fill("charts", "band_label", label=label),
                         colour, "band"))
        elif _new_path(demand[0], drawn):
            axes.plot(years, demand[0], color=colour, linewidth=2.2)
            ends.append((float(demand[0][-1]), f"{s.get('charts', 'demand')}: {label}", colour,
                         "-"))
        if _new_path(supply, drawn):
            axes.plot(years, supply, color=colour, linewidth=1.8, linestyle=(0, (5, 2.5)))
            ends.append((float(supply[-1]), f"{s.get('charts', 'supply')}: {label}", colour,
                         (0, (3, 1.5))))
    axes.set_ylim(0, top * 1.08)
    return ends


def _new_path(path: np.ndarray, drawn: list[np.ndarray]) -> bool:
    """True (and remembered) unless the same path is already on the chart."""
    if any(np.allclose(path, seen) for seen in drawn):
        return False
    drawn.append(path)
    return True


def _style_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color(MUTED)
    axes.spines["bottom"].set_color(MUTED)
    axes.tick_params(colors=TEXT, labelsize=10)


def _mark_gap(axes, inputs: ChartInputs, years: np.ndarray, plans: list[ScenarioPlan]) -> None:
    """An arrow between supply and need in the key year, on the panel's first single path."""
    plan = next((p for p in plans if len(p.series) == 1), None)
    if plan is None or inputs.key_year not in years:
        return
    at = int(np.where(years == inputs.key_year)[0][0])
    demand = inputs.series(plan.id, "demand_fte")[at]
    supply = inputs.series(plan.id, "supply_fte")[at]
    axes.annotate("", xy=(inputs.key_year, demand), xytext=(inputs.key_year, supply),
                  arrowprops={"arrowstyle": "<->", "color": TEXT, "linewidth": 1.2})
    gap = inputs.fmt.figure(inputs.figures[f"{plan.id}.gap"])
    below = min(demand, supply) - (axes.get_ylim()[1] - axes.get_ylim()[0]) * 0.1
    axes.text(inputs.key_year, below, inputs.strings.fill("charts", "gap_label", gap=gap),
              ha="center", va="center",
              fontsize=10, color=TEXT, bbox={"facecolor": "white", "edgecolor": "none",
                                             "alpha": 0.85, "pad": 1.5})


def _end_labels(axes, ends: list[tuple[float, str, str, object]], last_year: int) -> None:
    """Labels at the right-hand end of each line, nudged apart so none overlap."""
    if not ends:
        return
    bottom, top = axes.get_ylim()
    placed = _spread(sorted(y for y, *_ in ends), (top - bottom) * 0.085, top)
    order = sorted(range(len(ends)), key=lambda i: ends[i][0])
    x = last_year + 0.6
    for rank, i in enumerate(order):
        _, text, colour, style = ends[i]
        target = placed[rank]
        if style == "band":
            axes.plot([x, x + 1.2], [target, target], color=colour, linewidth=7, alpha=0.35,
                      clip_on=False, solid_capstyle="butt")
        else:
            axes.plot([x, x + 1.2], [target, target], color=colour, linewidth=2,
                      linestyle=style, clip_on=False)
        axes.text(x + 1.5, target, text, va="center", fontsize=9.5, color=TEXT, clip_on=False)


def _spread(values: list[float], gap: float, ceiling: float) -> list[float]:
    """Positions close to ``values`` (sorted), at least ``gap`` apart, none above ``ceiling``."""
    placed = list(values)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if placed and placed[-1] > ceiling:
        placed[-1] = ceiling
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed


def _paths_description(inputs: ChartInputs, years: np.ndarray) -> str:
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    units = sorted({inputs.unit(p.unit) for p in inputs.projection.plans})
    parts = [s.fill("charts", "paths_desc", start=str(years[0]), end=str(years[-1]),
                    units=" / ".join(units))]
    for plan in inputs.projection.plans:
        label = inputs.label(plan)
        supply = fmt.figure(inputs.figures[f"{plan.series[0].id}.supply"])
        if len(plan.series) == 2:
            low, high = (fmt.figure(inputs.figures[f"{series.id}.demand"])
                         for series in plan.series)
            parts.append(s.fill("charts", "paths_band", label=label, key_year=str(key), low=low,
                                high=high, supply_key=supply))
            continue
        first = inputs.series(plan.id, "demand_fte")[0]
        parts.append(s.fill("charts", "paths_series", label=label, start=str(years[0]),
                            key_year=str(key),
                            demand_start=fmt.value(first, plan.unit, computed=True),
                            demand_key=fmt.figure(inputs.figures[f"{plan.id}.demand"]),
                            supply_key=supply))
    return " ".join(parts)


def _paths_table(inputs: ChartInputs, years: np.ndarray) -> Table:
    s, fmt = inputs.strings, inputs.fmt
    header = [s.get("charts", "year")]
    columns = []
    for plan in inputs.projection.plans:
        for series in plan.series:
            suffix = _band_suffix(inputs, plan, series.id)
            for measure in ("demand", "supply"):
                if measure == "supply" and series is not plan.series[0]:
                    continue
                header.append(f"{s.get('charts', measure)}: {inputs.label(plan)}"
                              f"{suffix if measure == 'demand' else ''}")
                columns.append((inputs.series(series.id, f"{measure}_fte"), plan.unit))
    rows = tuple((str(year), *(fmt.value(col[i], unit, computed=True) for col, unit in columns))
                 for i, year in enumerate(years))
    return Table(s.get("charts", "table"), tuple(header), rows)


def gaps_chart(inputs: ChartInputs) -> Chart:
    """The gap in the key year for every projected series, as labelled horizontal bars.

    As with the paths, each unit gets its own panel and scale.
    """
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    bars = _gap_bars(inputs)
    units = list(dict.fromkeys(unit for *_, unit in bars))
    counts = [sum(1 for *_, unit in bars if unit == u) for u in units]
    # each panel as tall as its bars (inches per bar), plus room for its axis
    figure, panels = _panels("gaps", counts, 0.5 * sum(counts) + 0.7 * len(counts), 0.5,
                             (0.3, 0.8, 0.97, 0.08))
    for axes, unit in zip(panels, units, strict=True):
        _draw_bars(axes, inputs, [b for b in bars if b[-1] == unit])
    title = s.fill("charts", "gaps_title", key_year=str(key))
    items = "; ".join(s.fill("charts", "gaps_item", label=label, gap=fmt.figure(kf),
                             unit=inputs.unit(unit)) for _, label, kf, _, unit in bars)
    description = s.fill("charts", "gaps_desc", key_year=str(key), items=items)
    header = (s.get("charts", "scenario"), s.get("charts", "demand"),
              s.get("charts", "supply"), s.get("charts", "gap"))
    rows = tuple((label, *(fmt.figure(inputs.figures[f"{series_id}.{m}"])
                           for m in ("demand", "supply", "gap")))
                 for series_id, label, *_ in bars)
    return Chart("gaps", title, description, figure_svg(figure, "chart-gaps", title, description),
                 _sources_of(inputs.projection.plans, inputs),
                 Table(s.get("charts", "table"), header, rows))


def _gap_bars(inputs: ChartInputs) -> list[tuple[str, str, KeyFigure, str, str]]:
    """(series id, label, gap figure, colour, unit) for every projected series."""
    bars = []
    for index, plan in enumerate(inputs.projection.plans):
        for series in plan.series:
            label = inputs.label(plan) + _band_suffix(inputs, plan, series.id)
            bars.append((series.id, label, inputs.figures[f"{series.id}.gap"],
                         PALETTE[index % len(PALETTE)], plan.unit))
    return bars


def _draw_bars(axes, inputs: ChartInputs, bars: list[tuple[str, str, KeyFigure, str, str]]) -> None:
    positions = np.arange(len(bars))[::-1]
    values = [kf.value for _, _, kf, _, _ in bars]
    axes.barh(positions, values, color=[colour for *_, colour, _ in bars], height=0.6)
    axes.set_yticks(positions, [label for _, label, *_ in bars])
    axes.axvline(0, color=MUTED, linewidth=0.8)
    span = max(max(values), 0) - min(min(values), 0) or 1.0
    for y, (_, _, kf, _, unit) in zip(positions, bars, strict=True):
        axes.text(kf.value + span * 0.015 * (1 if kf.value >= 0 else -1), y,
                  f"{inputs.fmt.figure(kf)} {inputs.unit(unit)}", va="center",
                  ha="left" if kf.value >= 0 else "right", fontsize=9.5, color=TEXT)
    _number_axis(axes.xaxis, inputs.fmt)
    axes.set_ylim(-0.6, len(bars) - 0.4)
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)


def progress_chart(inputs: ChartInputs, delivered_name: str, need_name: str,
                   share: KeyFigure | None) -> Chart:
    """One bar: the growth in need, the part delivered so far filled in."""
    s, fmt = inputs.strings, inputs.fmt
    delivered, need = inputs.figures[delivered_name], inputs.figures[need_name]
    figure, (axes,) = _panels("progress", [1], 1.7, 0.2, (0.04, 0.96, 0.72, 0.3))
    axes.barh([0], [need.value], color="#d9d9d9", height=0.55, edgecolor=MUTED, linewidth=0.8)
    axes.barh([0], [delivered.value], color=PALETTE[1], height=0.55)
    share_text = fmt.figure(share) if share is not None else fmt.percent(
        delivered.value / need.value * 100 if need.value else 0)
    unit = inputs.unit(need.unit)
    axes.text(0, 0.5, f"{s.get('charts', 'progress_delivered')}: {fmt.figure(delivered)} "
                      f"{unit} ({share_text})", va="bottom", fontsize=10, color=TEXT)
    axes.text(need.value, 0.5, f"{s.get('charts', 'progress_need')}: {fmt.figure(need)} {unit}",
              va="bottom", ha="right", fontsize=10, color=TEXT)
    axes.set_ylim(-0.5, 1.1)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    _number_axis(axes.xaxis, fmt)
    axes.set_xlim(0, need.value * 1.01)
    title = s.get("charts", "progress_title")
    description = s.fill("charts", "progress_desc", need=fmt.figure(need), unit=unit,
                         delivered=fmt.figure(delivered), share=share_text)
    remaining = need.value - delivered.value
    rows = ((s.get("charts", "progress_need"), fmt.figure(need)),
            (s.get("charts", "progress_delivered"), fmt.figure(delivered)),
            (s.get("charts", "progress_remaining"), fmt.value(remaining, need.unit)))
    sources = tuple(dict.fromkeys((*delivered.sources, *need.sources)))
    return Chart("progress", title, description,
                 figure_svg(figure, "chart-progress", title, description), sources,
                 Table(s.get("charts", "table"), ("", unit), rows))


def _band_suffix(inputs: ChartInputs, plan: ScenarioPlan, series_id: str) -> str:
    """' (low)' or ' (high)' in the reader's language for a band's two ends, else nothing."""
    if len(plan.series) == 1:
        return ""
    return f" ({inputs.strings.get('charts', series_id.rsplit('-', 1)[-1])})"


def _sources_of(plans, inputs: ChartInputs) -> tuple[str, ...]:
    found = []
    for plan in plans:
        found.extend(inputs.figures[f"{plan.series[0].id}.gap"].sources)
    return tuple(dict.fromkeys(found))


def fan_chart(inputs: ChartInputs, fans: list, labels: dict[str, str]) -> Chart:
    """The gap over time for each uncertain scenario: median, 50 % and 90 % of the draws.

    The scenario's own (central) gap is drawn dashed on top, so the fan sits beside the named
    path; as elsewhere, each unit gets its own panel.
    """
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    years = inputs.projection.years
    units = list(dict.fromkeys(fan.unit for fan in fans))
    figure, panels = _panels("fan", [1] * len(units), 0.4 + 3.0 * len(units), 0.3,
                             (0.13, 0.64, 0.97, 0.07))
    order = [plan.id for plan in inputs.projection.plans]
    for axes, unit in zip(panels, units, strict=True):
        ends = []
        for fan in (f for f in fans if f.unit == unit):
            colour = PALETTE[order.index(fan.scenario) % len(PALETTE)]
            q = fan.quantiles
            axes.fill_between(years, q[5], q[95], color=colour, alpha=0.16, linewidth=0)
            axes.fill_between(years, q[25], q[75], color=colour, alpha=0.32, linewidth=0)
            axes.plot(years, q[50], color=colour, linewidth=2.2)
            if fan.central is not None:
                axes.plot(years, fan.central, color=TEXT, linewidth=1.2, linestyle=(0, (4, 2)))
            ends.append((float(q[50][-1]), s.fill("charts", "fan_label",
                                                  label=labels[fan.scenario]), colour, "-"))
        axes.axhline(0, color=MUTED, linewidth=0.8)
        low = min(float(f.quantiles[5].min()) for f in fans if f.unit == unit)
        high = max(float(f.quantiles[95].max()) for f in fans if f.unit == unit)
        axes.set_ylim(min(low, 0) * 1.08, high * 1.08)
        _end_labels(axes, ends, years[-1])
        _number_axis(axes.yaxis, fmt)
        name = inputs.unit(unit)
        axes.set_ylabel(name[:1].upper() + name[1:], color=TEXT, fontsize=10)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axes.set_xlim(years[0], years[-1])
    title = s.fill("charts", "fan_title", start=str(years[0]), end=str(years[-1]))
    at = int(np.searchsorted(years, key))
    parts = [s.get("charts", "fan_desc")]
    for fan in fans:
        parts.append(s.fill("charts", "fan_item", label=labels[fan.scenario], key_year=str(key),
                            median=fmt.value(fan.quantiles[50][at], fan.unit, computed=True),
                            low=fmt.value(fan.quantiles[5][at], fan.unit, computed=True),
                            high=fmt.value(fan.quantiles[95][at], fan.unit, computed=True),
                            unit=inputs.unit(fan.unit)))
    description = " ".join(parts)
    shown = (min(QUANTILES), 50, max(QUANTILES))
    names = {q: s.get("charts", "median") if q == 50 else s.fill("charts", "percentile", q=str(q))
             for q in shown}
    header = (s.get("charts", "year"), *(f"{labels[f.scenario]}: {names[q]}"
                                         for f in fans for q in shown))
    rows = tuple((str(year), *(fmt.value(f.quantiles[q][i], f.unit, computed=True)
                               for f in fans for q in shown))
                 for i, year in enumerate(years))
    return Chart("fan", title, description, figure_svg(figure, "chart-fan", title, description),
                 _sources_of([p for p in inputs.projection.plans
                              if p.id in {f.scenario for f in fans}], inputs),
                 Table(s.get("charts", "table"), header, rows))


def tornado_chart(inputs: ChartInputs, swings: list, titles: dict[str, str],
                  labels: dict[str, str]) -> Chart:
    """For each series that rests on assumptions, the key-year gap with each assumption at its
    low (blue) and high (orange) while the others stay put; largest swing at the top."""
    s, fmt, key = inputs.strings, inputs.fmt, inputs.key_year
    series = list(dict.fromkeys(sw.series_id for sw in swings))
    counts = [sum(1 for sw in swings if sw.series_id == sid) for sid in series]
    # each panel as tall as its bars (inches per bar), plus room for its title and axis
    figure, panels = _panels("tornado", counts, 0.6 * sum(counts) + 0.8 * len(counts), 0.9,
                             (0.34, 0.84, 0.93, 0.06))
    for axes, sid in zip(panels, series, strict=True):
        mine = [sw for sw in swings if sw.series_id == sid]
        unit = inputs.projection.plan_of(sid).unit
        positions = np.arange(len(mine))[::-1]
        centre = mine[0].gap_at_centre
        for y, sw in zip(positions, mine, strict=True):
            for end, colour in ((sw.gap_at_low, PALETTE[0]), (sw.gap_at_high, PALETTE[1])):
                axes.barh(y, end - centre, left=centre, color=colour, height=0.55)
        axes.axvline(centre, color=TEXT, linewidth=1)
        span = max(max(abs(sw.gap_at_low - centre), abs(sw.gap_at_high - centre))
                   for sw in mine) or 1.0
        axes.set_xlim(centre - span * 1.5, centre + span * 1.5)
        for y, sw in zip(positions, mine, strict=True):
            for end in (sw.gap_at_low, sw.gap_at_high):
                right = end >= centre
                axes.text(end + span * 0.04 * (1 if right else -1), y,
                          fmt.value(end, unit, computed=True), va="center",
                          ha="left" if right else "right", fontsize=9, color=TEXT)
        axes.set_yticks(positions, [textwrap.fill(titles[sw.assumption], 24) for sw in mine],
                        fontsize=9)
        axes.tick_params(axis="y", length=0)
        axes.spines["left"].set_visible(False)
        axes.set_title(f"{labels[sid]} ({inputs.unit(unit)})", fontsize=10, color=TEXT,
                       loc="left")
        _number_axis(axes.xaxis, fmt)
    title = s.fill("charts", "tornado_title", key_year=str(key))
    items = []
    for sid in series:
        top = next(sw for sw in swings if sw.series_id == sid)
        unit = inputs.projection.plan_of(sid).unit
        items.append(s.fill("charts", "tornado_item", label=labels[sid],
                            assumption=titles[top.assumption],
                            low=fmt.value(top.gap_at_low, unit, computed=True),
                            high=fmt.value(top.gap_at_high, unit, computed=True),
                            unit=inputs.unit(unit)))
    description = s.get("charts", "tornado_desc") + " " + " ".join(items)
    header = (s.get("charts", "scenario"), s.get("charts", "assumption"),
              s.get("charts", "gap_low"), s.get("charts", "gap_centre"),
              s.get("charts", "gap_high"))
    rows = tuple((labels[sw.series_id], titles[sw.assumption],
                  *(fmt.value(v, inputs.projection.plan_of(sw.series_id).unit, computed=True)
                    for v in (sw.gap_at_low, sw.gap_at_centre, sw.gap_at_high)))
                 for sw in swings)
    return Chart("tornado", title, description,
                 figure_svg(figure, "chart-tornado", title, description),
                 _sources_of([inputs.projection.plan_of(sid) for sid in series], inputs),
                 Table(s.get("charts", "table"), header, rows))
