"""Wall-clock time per build stage, for `gapreport build --timings` and the benchmarks."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator


class Stopwatch:
    """Adds up the seconds spent in each named stage, in the order stages first ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def merge(self, other: dict[str, float]) -> None:
        for name, seconds in other.items():
            self.add(name, seconds)

    def report(self) -> str:
        width = max((len(name) for name in self.seconds), default=0)
        return "\n".join(
            f"{name:<{width}}  {seconds * 1000:8.1f} ms" for name, seconds in self.seconds.items()
        )
