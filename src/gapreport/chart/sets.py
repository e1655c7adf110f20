"""A language's charts: which they are, what each is drawn from, and where they come from.

The charts fall in two sets by what they read. The projection's (paths, gaps, progress) are
known as soon as the scenarios are projected; the outlook's (fan, tornado) only once the
uncertainty and sensitivity are worked out. Each set is fingerprinted by everything it reads
and kept by that fingerprint, in memory for a long-lived process (the watcher) and on disk
in the cache for every build, so an edit redraws only a set whose inputs changed. And the
watcher can start drawing the projection's charts in its workers while this process is
still working out the outlook (:func:`start_projection_charts`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from gapreport.chart.inputs import Chart, ChartInputs, charts_from_bytes, charts_to_bytes
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import localize, series_labels
from gapreport.runner.cache import Cache, cache_key
from gapreport.runner.chart_workers import HERE, ChartOrder, Drawer, Drawing, Drawn

_MEMORY: dict[str, list[Chart]] = {}  # by fingerprint; outlives one build
_MEMORY_SIZE = 16
# started before they were asked for, by fingerprint, with the drawer that started them
_STARTED: dict[str, tuple[Drawer, Drawing]] = {}


def make_charts(analysis, lang: str, strings: Strings, cache: Cache | None = None,
                drawer: Drawer | None = None) -> list[Chart]:
    """Every chart of one language, each set drawn again only when what it shows changed.

    A set comes from memory, else from the cache on disk, else from a drawing started
    earlier, else it is drawn by ``drawer`` (the watcher's worker processes) or here. Every
    set that must be drawn is started before any is waited for.
    """
    cache, drawer = cache or Cache(None), drawer or HERE
    begun = [(key, *_begin(key, orders, cache, drawer))
             for key, orders in _sets(analysis, lang, strings)]
    return [chart for key, drawing, new in begun
            for chart in _finish(key, drawing, new, cache)]


def start_projection_charts(analysis, strings: dict[str, Strings], languages: list[str],
                            cache: Cache, drawer: Drawer) -> None:
    """Start drawing the projection's charts of these languages, where they are not drawn
    already, so they are on their way while the outlook is worked out (a core is left for
    that)."""
    _STARTED.clear()  # any left by a build that failed are of no use now
    for lang in languages:
        key = _projection_key(analysis, lang, strings[lang])
        if key not in _MEMORY and not cache.has(_stored_name(key)):
            orders = _projection_orders(analysis, lang, strings[lang])
            _STARTED[key] = drawer, drawer.start(orders, spare=1)


def charts_in_cache(analysis, lang: str, strings: Strings, cache: Cache) -> bool:
    """Whether a language's charts are all drawn already, in this process or in the cache."""
    return all(key in _MEMORY or cache.has(_stored_name(key))
               for key, _ in _sets(analysis, lang, strings))


def forget_charts() -> None:
    """Drop the charts kept in memory, so the next are drawn (for tests and benchmarks, which
    must not find an earlier case's charts)."""
    _MEMORY.clear()
    _STARTED.clear()


def _sets(analysis, lang: str, strings: Strings) -> list[tuple[str, Callable[[], list]]]:
    """The language's sets of charts: each one's fingerprint, and how to order its charts."""
    projection_key = _projection_key(analysis, lang, strings)
    sets = [(projection_key, lambda: _projection_orders(analysis, lang, strings))]
    if analysis.fans or analysis.swings:
        sets.append((_outlook_key(analysis, projection_key),
                     lambda: _outlook_orders(analysis, lang, strings)))
    return sets


def _begin(key: str, orders: Callable[[], list[ChartOrder]], cache: Cache,
           drawer: Drawer) -> tuple[Drawing, bool]:
    """A set of charts on its way, and whether it is new (to be stored once drawn)."""
    if key in _MEMORY:
        return Drawn(_MEMORY[key]), False
    stored = cache.get(_stored_name(key))
    charts = charts_from_bytes(stored) if stored is not None else None
    if charts is not None:
        return Drawn(charts), False
    starter, started = _STARTED.pop(key, (None, None))
    if started is not None and starter is drawer:  # (another drawer's may have been closed)
        return started, True
    return drawer.start(orders()), True


def _finish(key: str, drawing: Drawing, new: bool, cache: Cache) -> list[Chart]:
    charts = drawing.result()
    if new:
        cache.put(_stored_name(key), charts_to_bytes(charts))
    if key not in _MEMORY and len(_MEMORY) >= _MEMORY_SIZE:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = charts
    return charts


def _stored_name(key: str) -> str:
    """The name of a set of charts in the cache on disk."""
    return cache_key("charts", "matplotlib", key.encode())


def _projection_key(analysis, lang: str, strings: Strings) -> str:
    """A fingerprint of all the projection's charts read: paths, labels, units, figures, text."""
    projection = analysis.projection
    digest = hashlib.sha256(b"projection")
    digest.update(repr((lang, strings.table, projection.ids, analysis.dataset.brief.key_year,
                        projection.years.tolist())).encode())
    digest.update(projection.demand.tobytes() + projection.supply.tobytes())
    for plan in projection.plans:
        scenario = plan.scenario
        gap = analysis.figures[f"{plan.series[0].id}.gap"]
        digest.update(repr((plan.id, plan.unit, scenario.label, scenario.title,
                            gap.sources)).encode())
    progress = analysis.dataset.prose.progress
    if progress is not None:
        share = _share_of(analysis, progress.delivered, progress.need)
        digest.update(repr((analysis.figures[progress.delivered],
                            analysis.figures[progress.need], share)).encode())
    return digest.hexdigest()


def _outlook_key(analysis, projection_key: str) -> str:
    """A fingerprint of all the outlook's charts read: the projection's inputs (they label
    and colour by scenario), the draws' spread, the swings and the assumptions' titles."""
    digest = hashlib.sha256(b"outlook" + projection_key.encode())
    for fan in analysis.fans:
        digest.update(repr((fan.scenario, fan.unit)).encode())
        digest.update(b"".join(q.tobytes() for q in fan.quantiles.values()))
        digest.update(b"" if fan.central is None else fan.central.tobytes())
    digest.update(repr((analysis.swings, [(a.id, a.title) for a in
                                          analysis.dataset.assumptions])).encode())
    return digest.hexdigest()


def _inputs(analysis, lang: str, strings: Strings) -> ChartInputs:
    return ChartInputs(analysis.projection, analysis.figures, analysis.dataset.brief.key_year,
                       lang, Formatter(strings.locale), strings)


def _projection_orders(analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    inputs = _inputs(analysis, lang, strings)
    orders: list[ChartOrder] = [("paths_chart", (inputs,)), ("gaps_chart", (inputs,))]
    progress = analysis.dataset.prose.progress
    if progress is not None:
        share = _share_of(analysis, progress.delivered, progress.need)
        orders.append(("progress_chart", (inputs, progress.delivered, progress.need, share)))
    return orders


def _outlook_orders(analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    inputs = _inputs(analysis, lang, strings)
    labels = series_labels(analysis, lang, strings)
    orders: list[ChartOrder] = []
    if analysis.fans:
        orders.append(("fan_chart", (inputs, analysis.fans, labels)))
    if analysis.swings:
        titles = {a.id: localize(a.title, lang) for a in analysis.dataset.assumptions}
        orders.append(("tornado_chart", (inputs, analysis.swings, titles, labels)))
    return orders


def chart_orders(analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    """Every chart of one language as orders to draw, in the order the page shows them."""
    return (_projection_orders(analysis, lang, strings)
            + _outlook_orders(analysis, lang, strings))


def _share_of(analysis, delivered: str, need: str):
    """A derived ratio of exactly these two numbers, if the data defines one, to quote as is."""
    for entry in analysis.dataset.derived:
        if entry.op == "ratio" and list(entry.of) == [delivered, need]:
            return analysis.figures[entry.id]
    return None
