"""The one seam between the pipeline and the machinery that makes it fast.

The stages are pure: what they make depends only on what they are given. How fast they make
it (kept results, forked workers, warm chart workers, charts started ahead) is the runner's
business, and a stage that needs any of it is handed a :class:`Runner` rather than importing
the cache or the workers. :mod:`gapreport.runner` has three: plain (nothing kept, for tests),
cached (a build: results kept on disk), and warm (the watcher: kept in memory too, charts
drawn by worker processes that stay up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from gapreport.chart.inputs import Chart, ChartOrder

T = TypeVar("T")
J = TypeVar("J")
I = TypeVar("I")  # noqa: E741 (an item)
R = TypeVar("R")


class Drawing(Protocol):
    """Charts on their way."""

    def result(self) -> list[Chart]:
        """The charts, in the order they were asked for (waiting for them if need be)."""


class Runner(Protocol):
    warning: str  # why a cache that was asked for is not used ("" if it is, or none was)

    def remember(
        self,
        kind: str,
        library: str,
        inputs: tuple,
        make: Callable[[], T],
        encode: Callable[[T], bytes],
        decode: Callable[[bytes], T | None],
    ) -> T:
        """``make()``, unless the result for these ``inputs`` (made by ``library``'s version)
        is kept; then that."""

    def kept(self, kind: str, library: str, inputs: tuple) -> bool:
        """Whether a result for these inputs is kept (a hint for planning work)."""

    def each(self, work: Callable[[J, I], R], job: J, items: list[I], workers: int) -> list[R]:
        """``work(job, item)`` for every item, in order, in up to ``workers`` at once."""

    def draw(self, orders: list[ChartOrder]) -> Drawing:
        """These charts, kept or drawn: started now, waited for by ``result()``."""

    def drawn(self, orders: list[ChartOrder]) -> bool:
        """Whether these charts are kept already (nothing to draw)."""

    def ahead(self, orders: list[ChartOrder]) -> None:
        """Charts that will be asked for soon: start them now, where this runner can."""
