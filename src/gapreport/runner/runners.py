"""The runners: plain, cached and warm (see :mod:`gapreport.runner`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gapreport.chart.inputs import Chart, ChartOrder, charts_from_bytes, charts_to_bytes
from gapreport.runner.cache import Cache, cache_key, default_cache
from gapreport.runner.chart_workers import (
    ChartWorkers,
    Drawn,
    draw_here,
    keep_figures_when_drawn,
)
from gapreport.runner.fingerprint import fingerprint
from gapreport.runner.forks import each
from gapreport.seam import Drawing

T = TypeVar("T")
MEMORY = 16  # sets of charts a runner keeps in memory


class PlainRunner:
    """Nothing kept; charts drawn here; work shared out over forked workers."""

    warning = ""  # (a cached runner's says why its cache is not used)

    def remember(
        self,
        kind: str,
        library: str,
        inputs: tuple,
        make: Callable[[], T],
        encode: Callable[[T], bytes],
        decode: Callable[[bytes], T | None],
    ) -> T:
        return make()

    def kept(self, kind: str, library: str, inputs: tuple) -> bool:
        return False

    def each(self, work: Callable, job: object, items: list, workers: int) -> list:
        if len(items) > 2 * workers:  # a worker makes many: it draws on figures it keeps
            keep_figures_when_drawn()  # (for two, a kept figure saves little and holds memory)
        return each(work, job, items, workers)

    def draw(self, orders: list[ChartOrder]) -> Drawing:
        return Drawn(draw_here(orders))

    def drawn(self, orders: list[ChartOrder]) -> bool:
        return False

    def ahead(self, orders: list[ChartOrder]) -> None:
        pass


class CachedRunner(PlainRunner):
    """Results kept on disk by their inputs' fingerprint; charts kept in memory too."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.warning = cache.warning  # why a cache asked for is not used, if it is not
        self.memory: dict[str, list[Chart]] = {}  # sets of charts by fingerprint

    def _name(self, kind: str, library: str, inputs: tuple) -> str:
        return cache_key(kind, library, fingerprint(inputs).encode())

    def remember(
        self,
        kind: str,
        library: str,
        inputs: tuple,
        make: Callable[[], T],
        encode: Callable[[T], bytes],
        decode: Callable[[bytes], T | None],
    ) -> T:
        return self.cache.remember(self._name(kind, library, inputs), make, encode, decode)

    def kept(self, kind: str, library: str, inputs: tuple) -> bool:
        return self.cache.has(self._name(kind, library, inputs))

    def draw(self, orders: list[ChartOrder]) -> Drawing:
        key = fingerprint(orders)
        if key in self.memory:
            return Drawn(self.memory[key])
        stored = self.cache.get(self._charts(key))
        charts = charts_from_bytes(stored) if stored is not None else None
        if charts is not None:
            self._keep(key, charts)
            return Drawn(charts)
        return _Storing(self, key, self._start(key, orders))

    def drawn(self, orders: list[ChartOrder]) -> bool:
        key = fingerprint(orders)
        return key in self.memory or self.cache.has(self._charts(key))

    def _start(self, key: str, orders: list[ChartOrder]) -> Drawing:
        return Drawn(draw_here(orders))

    def _charts(self, key: str) -> str:
        return cache_key("charts", "matplotlib", key.encode())

    def _keep(self, key: str, charts: list[Chart]) -> None:
        if key not in self.memory and len(self.memory) >= MEMORY:
            self.memory.pop(next(iter(self.memory)))
        self.memory[key] = charts


class _Storing:
    """Charts on their way, kept (on disk and in memory) when they arrive."""

    def __init__(self, runner: CachedRunner, key: str, drawing: Drawing):
        self.runner, self.key, self.drawing = runner, key, drawing

    def result(self) -> list[Chart]:
        charts = self.drawing.result()
        self.runner.cache.put(self.runner._charts(self.key), charts_to_bytes(charts))
        self.runner._keep(self.key, charts)
        return charts


class WarmRunner(CachedRunner):
    """The watcher's: charts drawn in warm worker processes (one per core, none on one
    core), the projection's started ahead, the rest of the work done in turn."""

    STARTED = 8  # drawings started ahead and not asked for yet, kept at most

    def __init__(self, cache: Cache, workers: int):
        super().__init__(cache)
        self.workers = ChartWorkers(workers) if workers > 1 else None
        self.started: dict[str, Drawing] = {}

    def each(self, work: Callable, job: object, items: list, workers: int) -> list:
        return [work(job, item) for item in items]

    def _start(self, key: str, orders: list[ChartOrder]) -> Drawing:
        if key in self.started:
            return self.started.pop(key)
        if self.workers is None:
            return Drawn(draw_here(orders))
        return self.workers.start(orders)

    def ahead(self, orders: list[ChartOrder]) -> None:
        """Start these charts in the workers, a core left for this process's own work (the
        outlook), unless they are kept or on their way already."""
        key = fingerprint(orders)
        if self.workers is None or key in self.started or self.drawn(orders):
            return
        if len(self.started) >= self.STARTED:
            self.started.pop(next(iter(self.started)))
        self.started[key] = self.workers.start(orders, spare=1)

    def close(self) -> None:
        if self.workers is not None:
            self.workers.close()


def build_runner(cache: bool) -> CachedRunner | PlainRunner:
    """The runner of a one-off build: cached unless the cache is turned off."""
    return CachedRunner(default_cache()) if cache else PlainRunner()
