"""Drawing charts: here, or side by side in warm worker processes.

A chart is ordered as the name of its function in :mod:`gapreport.chart.drawing` and the
arguments to call it with (plain, picklable data), so the same order can be drawn in this
process or sent to another. Drawing *starts* a list of orders and hands back a
:class:`~gapreport.seam.Drawing` whose ``result()`` waits for the charts, so the caller can
do other work meanwhile.

A one-off build draws here (its briefs already run in forked workers). The watcher keeps
:class:`ChartWorkers`: processes started once, with matplotlib loaded and its fonts found,
that draw the charts of the page in view at the same time as each other and as the rest of
the rebuild. Charts are most of a rebuild after an edit that moves the projection, and they
are independent of each other, so on two cores this roughly halves the wait.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from gapreport.chart.inputs import Chart, ChartOrder
from gapreport.interrupts import quit_quietly
from gapreport.runner.forks import let_go, spawned_pool
from gapreport.seam import Drawing

_KEEP = False  # keep each chart's figure once one is drawn here (see keep_figures_when_drawn)


def keep_figures_when_drawn() -> None:
    """A process (or the workers it forks) that will draw the same kinds of chart many times
    over (a brief per group) keeps each chart's figure to draw on again: a figure's axes and
    ticks are a third of what a chart costs. Set before drawing, it costs nothing if no chart
    is drawn (matplotlib is not imported for it)."""
    global _KEEP
    _KEEP = True


def draw_chart(order: ChartOrder) -> Chart:
    """One chart, drawn in this process (matplotlib is imported only now)."""
    from gapreport.chart import drawing as charts

    if _KEEP:
        charts.keep_figures()
    name, arguments = order
    return getattr(charts, name)(*arguments)


def draw_here(orders: list[ChartOrder]) -> list[Chart]:
    return [draw_chart(order) for order in orders]


class Drawn:
    """Charts already drawn."""

    def __init__(self, charts: list[Chart]):
        self.charts = charts

    def result(self) -> list[Chart]:
        return self.charts


def _timed_draws(orders: list[ChartOrder]) -> list[tuple[Chart, float]]:
    """Each chart with the seconds it took, so the next rebuild can share them out well."""
    drawn = []
    for order in orders:
        start = time.perf_counter()
        drawn.append((draw_chart(order), time.perf_counter() - start))
    return drawn


def _warm_up() -> None:
    """Load matplotlib and find its fonts before the first order comes in; keep figures
    from one rebuild to the next (a worker draws the same charts again and again)."""
    from gapreport.chart import drawing as charts
    from gapreport.chart.svg import warm_up

    quit_quietly()
    warm_up()
    charts.keep_figures()


class _InWorkers:
    """Charts on their way from the workers: one batch of orders per worker."""

    def __init__(
        self,
        orders: list[ChartOrder],
        batches: list[list[int]],
        futures: list[Future],
        workers: ChartWorkers,
    ):
        self.orders, self.batches, self.futures, self.workers = orders, batches, futures, workers

    def result(self) -> list[Chart]:
        drawn: dict[int, tuple[Chart, float]] = {}
        try:
            for batch, future in zip(self.batches, self.futures, strict=True):
                drawn.update(zip(batch, future.result(), strict=True))
        except BrokenProcessPool:  # a worker died: draw here, and start afresh next time
            self.workers._let_go()
            return draw_here(self.orders)
        self.workers._learn({self.orders[i][0]: seconds for i, (_, seconds) in drawn.items()})
        return [drawn[i][0] for i in range(len(self.orders))]


class ChartWorkers:
    """Worker processes that stay up between rebuilds and draw charts side by side.

    They are spawned, not forked: the watcher runs a server thread, and forking a process
    with threads is not safe. The charts are shared out in one batch per worker, of about
    equal time by how long each chart took last time; fewer batches when the caller keeps
    cores ``spare`` for its own work meanwhile. Should a worker die, the charts are drawn
    here instead and fresh workers are started for the next rebuild.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self._seconds: dict[str, float] = {}  # how long each chart took last time
        self._pool: ProcessPoolExecutor | None = None
        self._start_pool()

    def _start_pool(self) -> ProcessPoolExecutor:
        self._pool = spawned_pool(self.workers, _warm_up)
        for _ in range(self.workers):  # start every worker now, not at the first edit
            self._pool.submit(time.sleep, 0)
        return self._pool

    def start(self, orders: list[ChartOrder], spare: int = 0) -> Drawing:
        pool = self._pool or self._start_pool()
        batches = self._share_out(orders, max(1, self.workers - spare))
        try:
            futures = [pool.submit(_timed_draws, [orders[i] for i in batch]) for batch in batches]
        except BrokenProcessPool:
            self._let_go()
            return Drawn(draw_here(orders))
        return _InWorkers(orders, batches, futures, self)

    def _share_out(self, orders: list[ChartOrder], workers: int) -> list[list[int]]:
        """The orders in at most ``workers`` batches of about equal time: the slowest (as
        last drawn) first, each to the batch with the least to do so far."""

        def cost(i: int) -> float:
            return self._seconds.get(orders[i][0], 1.0)  # a chart not drawn yet: a second

        batches: list[list[int]] = [[] for _ in range(min(workers, len(orders)))]
        loads = [0.0] * len(batches)
        for i in sorted(range(len(orders)), key=cost, reverse=True):
            lightest = loads.index(min(loads))
            batches[lightest].append(i)
            loads[lightest] += cost(i)
        return batches

    def _learn(self, seconds: dict[str, float]) -> None:
        """How long each chart took, for sharing out the next rebuild's."""
        self._seconds.update(seconds)

    def _let_go(self) -> None:
        """The pool is broken (a worker died): drop it; the next drawing starts a new one."""
        let_go(self._pool)
        self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
