"""Which assumption moves the gap most: each one set to its low and to its high, the rest fixed.

The projection is rerun from the data with one assumption changed at a time (derived values
that rest on it are recomputed), and the gap in the brief's key year is read for every
projected series. Sorted by swing, these are the bars of a tornado chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from gapreport.check.plans import build_plans
from gapreport.check.quantities import resolve_quantities
from gapreport.errors import ProblemLog
from gapreport.load.dataset import Dataset
from gapreport.model.projection import Projection, project
from gapreport.outlook.uncertainty import focus


@dataclass(frozen=True)
class Swing:
    """The gap of one series in the key year with one assumption at its low, centre and high."""

    series_id: str
    assumption: str
    low: float
    high: float
    gap_at_low: float
    gap_at_centre: float
    gap_at_high: float

    @property
    def swing(self) -> float:
        return abs(self.gap_at_high - self.gap_at_low)


def sensitivity(dataset: Dataset, projection: Projection, year: int | None = None) -> list[Swing]:
    """Every (series, assumption) pair whose gap moves, largest swing first (for the
    scenarios in focus: see :func:`gapreport.outlook.uncertainty.focus`)."""
    year = year or dataset.brief.key_year
    chosen = focus(dataset, projection)
    centre = {s.id: projection.value(s.id, year, "gap") for p in chosen for s in p.series}
    scenarios = [p.scenario for p in chosen]
    swings = []
    for assumption in dataset.assumptions:
        ends = [
            _gaps_with(dataset, scenarios, assumption.id, value, year)
            for value in (assumption.low, assumption.high)
        ]
        for series_id, gap in centre.items():
            if series_id not in ends[0] or series_id not in ends[1]:
                continue
            low_gap, high_gap = ends[0][series_id], ends[1][series_id]
            if abs(high_gap - low_gap) > 1e-9:
                swings.append(
                    Swing(
                        series_id,
                        assumption.id,
                        assumption.low,
                        assumption.high,
                        low_gap,
                        gap,
                        high_gap,
                    )
                )
    return sorted(swings, key=lambda s: (-s.swing, s.series_id, s.assumption))


def _gaps_with(
    dataset: Dataset, scenarios: list, assumption_id: str, value: float, year: int
) -> dict[str, float]:
    """The key-year gap of each series with one assumption set to ``value``.

    A series whose plan is not valid with that value (say, a share pushed past 100 %) is left
    out rather than reported: the low and high are the analyst's, and validation has already
    checked the central values.
    """
    assumptions = [
        a.model_copy(update={"value": value}) if a.id == assumption_id else a
        for a in dataset.assumptions
    ]
    log = ProblemLog()
    quantities = resolve_quantities(dataset.figures, assumptions, dataset.derived, log)
    plans = build_plans(scenarios, quantities, dataset.brief.horizon, log)
    moved = project(plans, dataset.brief.horizon)
    return {sid: moved.value(sid, year, "gap") for sid in moved.ids}
