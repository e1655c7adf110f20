"""A language's charts: which they are, and what each is drawn from.

The charts fall in two sets by what they read. The projection's (paths, gaps, progress) are
known as soon as the scenarios are projected; the outlook's (fan, tornado) only once the
uncertainty and sensitivity are worked out. Each set is handed to the runner as orders (a
chart's function and the very data it is given, no more), and the runner keeps each set by a
fingerprint of those orders: an edit redraws only a set whose inputs changed, and the watcher
can start the projection's charts ahead while the outlook is worked out
(:func:`projection_orders`).
"""

from __future__ import annotations

from gapreport.analysis import Analysis
from gapreport.chart.inputs import MEASURES, Chart, ChartInputs, ChartOrder, Observed
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import localize
from gapreport.model.keyfigures import delivered_share
from gapreport.model.projection import series_labels
from gapreport.seam import Runner


def make_charts(analysis: Analysis, lang: str, strings: Strings, runner: Runner) -> list[Chart]:
    """Every chart of one language, each set kept or drawn by the runner; every set that
    must be drawn is started before any is waited for."""
    drawings = [runner.draw(orders) for orders in _sets(analysis, lang, strings)]
    return [chart for drawing in drawings for chart in drawing.result()]


def charts_drawn(analysis: Analysis, lang: str, strings: Strings, runner: Runner) -> bool:
    """Whether a language's charts are all kept already (nothing to draw)."""
    return all(runner.drawn(orders) for orders in _sets(analysis, lang, strings))


def _sets(analysis: Analysis, lang: str, strings: Strings) -> list[list[ChartOrder]]:
    sets = [projection_orders(analysis, lang, strings)]
    if analysis.fans or analysis.swings:
        sets.append(_outlook_orders(analysis, lang, strings))
    return sets


def _inputs(analysis: Analysis, lang: str, strings: Strings) -> ChartInputs:
    """What every chart is given: the projection, the key figures it quotes (and only
    those: a chart's set is kept by what it is given), how to say them."""
    names = [
        f"{series.id}.{measure}"
        for plan in analysis.projection.plans
        for series in plan.series
        for measure in MEASURES
    ]
    progress = analysis.dataset.prose.progress
    if progress is not None:
        names += [progress.delivered, progress.need]
    figures = {name: analysis.figures[name] for name in names if name in analysis.figures}
    return ChartInputs(
        analysis.projection,
        figures,
        analysis.dataset.brief.key_year,
        lang,
        Formatter(strings.locale),
        strings,
    )


def projection_orders(analysis: Analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    """The projection's charts of one language, as orders to draw."""
    inputs = _inputs(analysis, lang, strings)
    orders: list[ChartOrder] = [
        ("paths_chart", (inputs, _observed(analysis, strings))),
        ("gaps_chart", (inputs,)),
    ]
    progress = analysis.dataset.prose.progress
    if progress is not None:
        name = delivered_share(analysis.dataset)
        # the data's own ratio is quoted as given; the computed share is the chart's to say
        share = analysis.figures[name] if name not in (None, "progress_share") else None
        orders.append(("progress_chart", (inputs, progress.delivered, progress.need, share)))
    return orders


def _observed(analysis: Analysis, strings: Strings) -> tuple[Observed, ...]:
    """Each observation a path is tested against like for like, once: a point on the chart
    (one that counts something else is shown only in words, beside its caveat)."""
    seen: dict[str, Observed] = {}
    for test in analysis.backtests:
        if test.like_for_like and test.figure not in seen:
            label = str(strings.get("charts", f"observed_{test.measure}"))
            seen[test.figure] = Observed(
                test.unit, test.year, test.observed, label, tuple(test.sources)
            )
    return tuple(seen.values())


def _outlook_orders(analysis: Analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    inputs = _inputs(analysis, lang, strings)
    labels = series_labels(analysis.projection, lang, strings)
    orders: list[ChartOrder] = []
    if analysis.fans:
        orders.append(("fan_chart", (inputs, analysis.fans, labels)))
    if analysis.swings:
        titles = {a.id: localize(a.title, lang) for a in analysis.dataset.assumptions}
        orders.append(("tornado_chart", (inputs, analysis.swings, titles, labels)))
    return orders


def chart_orders(analysis: Analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    """Every chart of one language as orders to draw, in the order the page shows them."""
    return projection_orders(analysis, lang, strings) + _outlook_orders(analysis, lang, strings)
