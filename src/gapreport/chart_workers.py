"""Drawing a language's charts: here, or side by side in warm worker processes.

A chart is ordered as the name of its function in :mod:`gapreport.charts` and the arguments
to call it with (plain, picklable data), so the same order can be drawn in this process or
sent to another. A one-off build draws here (its languages already run in forked workers).
The watcher keeps :class:`ChartWorkers`: processes started once, with matplotlib loaded and
its fonts found, that draw the charts of the page in view at the same time as each other.
Charts are most of a rebuild after an edit that moves the projection, and they are
independent of each other, so on two cores this roughly halves the wait.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from .chartdata import Chart

ChartOrder = tuple[str, tuple]  # (function in gapreport.charts, its arguments)


def draw_chart(order: ChartOrder) -> Chart:
    """One chart, drawn in this process (matplotlib is imported only now)."""
    from . import charts

    name, arguments = order
    return getattr(charts, name)(*arguments)


def draw_here(orders: list[ChartOrder]) -> list[Chart]:
    return [draw_chart(order) for order in orders]


def _timed_draw(order: ChartOrder) -> tuple[Chart, float]:
    start = time.perf_counter()
    chart = draw_chart(order)
    return chart, time.perf_counter() - start


def _warm_up() -> None:
    """Load matplotlib and find its fonts before the first order comes in; keep figures
    from one rebuild to the next (a worker draws the same charts again and again)."""
    from . import charts
    from .svg import warm_up

    warm_up()
    charts.keep_figures()


class ChartWorkers:
    """Worker processes that stay up between rebuilds and draw charts side by side.

    They are spawned, not forked: the watcher runs a server thread, and forking a process
    with threads is not safe. Each chart goes to the next free worker, the slowest (as last
    drawn) first, so that the last one to finish is a quick one. Should a worker die, the
    charts are drawn here instead and fresh workers are started for the next rebuild.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self._seconds: dict[str, float] = {}  # how long each chart took last time
        self._pool: ProcessPoolExecutor | None = None
        self._start()

    def _start(self) -> None:
        self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                         mp_context=get_context("spawn"),
                                         initializer=_warm_up)
        for _ in range(self.workers):  # start every worker now, not at the first edit
            self._pool.submit(time.sleep, 0)

    def draw(self, orders: list[ChartOrder]) -> list[Chart]:
        """The charts, in the order asked for."""
        if self._pool is None:
            self._start()
        slowest_first = sorted(range(len(orders)),
                               key=lambda i: -self._seconds.get(orders[i][0], float("inf")))
        try:
            futures: dict[int, Future] = {i: self._pool.submit(_timed_draw, orders[i])
                                          for i in slowest_first}
            done = [futures[i].result() for i in range(len(orders))]
        except BrokenProcessPool:
            self._pool = None
            return draw_here(orders)
        for (name, _), (_, seconds) in zip(orders, done, strict=True):
            self._seconds[name] = seconds
        return [chart for chart, _ in done]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
