"""Run the scenario plans over the horizon into one tidy table.

The table is the contract between the model and everything after it (charts, prose, CSV):
one row per scenario and year, one column per measure, gap = demand - supply. Every series is
computed in batches (see :func:`gapreport.model.paths.evaluate`), and the table is assembled from
whole matrices at once, so a projection of thousands of scenarios stays well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gapreport.check.plans import (
    AnchorPlan,
    GrowthPlan,
    Plan,
    ScenarioPlan,
    TrendPlan,
)
from gapreport.errors import DataError, DataProblem
from gapreport.language.strings import Strings
from gapreport.language.texts import localize
from gapreport.load.schema import LARGEST, Horizon
from gapreport.model.paths import evaluate

COLUMNS = ["scenario", "year", "demand_fte", "supply_fte", "gap_fte"]


@dataclass(frozen=True)
class Projection:
    """The projected table, the same numbers as (series, year) matrices, and the plans."""

    table: pd.DataFrame
    plans: tuple[ScenarioPlan, ...]
    horizon: Horizon
    ids: tuple[str, ...]
    years: np.ndarray
    demand: np.ndarray
    supply: np.ndarray
    sourced_until: tuple[tuple[str, str, int], ...] = ()
    """(series, side, year) for each path whose sources stop before the horizon's end: after
    that year the path is the brief's own extrapolation."""

    def extrapolated_after(self, series_id: str, side: str | None = None) -> int | None:
        """The last year a path (demand or supply; by default either, as the gap needs both)
        rests on its sources, if that is before the horizon's end."""
        years = [
            year
            for sid, name, year in self.sourced_until
            if sid == series_id and side in (None, name)
        ]
        return min(years) if years else None

    def series_ids(self) -> list[str]:
        return list(self.ids)

    def plan_of(self, series_id: str) -> ScenarioPlan:
        return next(p for p in self.plans if any(s.id == series_id for s in p.series))

    def path(self, series_id: str, measure: str) -> np.ndarray:
        """One series over the horizon: ``measure`` is demand, supply or gap."""
        row = self.ids.index(series_id)
        if measure == "gap":
            return self.demand[row] - self.supply[row]
        return (self.demand if measure == "demand" else self.supply)[row]

    def value(self, series_id: str, year: int, measure: str) -> float:
        """One cell, e.g. ``value('baseline', 2035, 'gap_fte')``."""
        column = int(np.searchsorted(self.years, year))
        return float(self.path(series_id, measure.removesuffix("_fte"))[column])


def project(plans: list[ScenarioPlan], horizon: Horizon) -> Projection:
    """Demand, supply and gap for every series of every scenario, every year of the horizon."""
    years = np.arange(horizon.start, horizon.end + 1)
    series = [(plan, s) for plan in plans for s in plan.series]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        demand = evaluate([s.demand for _, s in series], years)
        supply = evaluate([s.supply for _, s in series], years)
        printable = (np.abs(demand) <= LARGEST).all(axis=1) & (np.abs(supply) <= LARGEST).all(
            axis=1
        )  # (NaN is never <=)
    if not printable.all():
        raise DataError(
            [
                _out_of_range(plan, s, years, demand[i], supply[i])
                for i, ((plan, s), ok) in enumerate(zip(series, printable, strict=True))
                if not ok
            ]
        )
    ids = tuple(s.id for _, s in series)
    until = tuple(
        (s.id, side, year)
        for _, s in series
        for side in ("demand", "supply")
        if (year := _last_year(getattr(s, side))) is not None and year < horizon.end
    )
    return Projection(
        _table(ids, years, demand, supply),
        tuple(plans),
        horizon,
        ids,
        years,
        demand,
        supply,
        until,
    )


def _last_year(plan: Plan) -> int | None:
    """The last year a path rests on figures: a growth's target year, the last anchor, the
    end of the change a trend continues. A stock-and-flow path is the brief's own model in
    every year, so it sets no such limit."""
    if isinstance(plan, GrowthPlan):
        return plan.target_year
    if isinstance(plan, AnchorPlan):
        return plan.years[-1]
    if isinstance(plan, TrendPlan):
        return plan.observed_until
    return None


def _table(
    ids: tuple[str, ...], years: np.ndarray, demand: np.ndarray, supply: np.ndarray
) -> pd.DataFrame:
    count = len(years)
    return pd.DataFrame(
        {
            "scenario": pd.array(np.repeat(np.array(ids, dtype=object), count), dtype="string"),
            "year": np.tile(years.astype("int64"), len(ids)),
            "demand_fte": demand.ravel(),
            "supply_fte": supply.ravel(),
            "gap_fte": (demand - supply).ravel(),
        },
        columns=COLUMNS,
    )


def _out_of_range(
    plan: ScenarioPlan, series, years: np.ndarray, demand: np.ndarray, supply: np.ndarray
) -> DataProblem:
    """A series the brief could not print: where and when it first grows past the limit."""
    where = plan.scenario.where
    for side, path in (("demand", demand), ("supply", supply)):
        beyond = ~(np.abs(path) <= LARGEST)
        if beyond.any():
            first = int(np.argmax(beyond))
            value = path[first]
            reached = (
                "more than a computer can hold"
                if not np.isfinite(value)
                else f"{value:,.0f} {plan.unit}"
                if abs(value) < 1e15
                else f"{value:.2e} {plan.unit}"
            )
            return DataProblem(
                where.at(side),
                where.field(side),
                f"the projection of '{series.id}' grows too large for the "
                f"brief to show: {reached} in {years[first]} (at most "
                f"{LARGEST:,.0f}); check its growth and years",
            )
    raise AssertionError("called for a series within bounds")


def export_table(projection: Projection) -> pd.DataFrame:
    """The projection as readers get it (the site's CSV, the table command): one row per
    series and year, with its unit, since a brief may set FTEs beside persons and a column
    name can claim only one unit for all."""
    table = projection.table
    units = {series.id: plan.unit for plan in projection.plans for series in plan.series}
    return pd.DataFrame(
        {
            "scenario": table["scenario"],
            "year": table["year"],
            "unit": table["scenario"].map(units),
            "demand": table["demand_fte"],
            "supply": table["supply_fte"],
            "gap": table["gap_fte"],
        }
    )


def to_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV with one decimal: stable bytes for the same inputs."""
    return table.to_csv(index=False, float_format="%.1f", lineterminator="\n").encode("utf-8")


def series_labels(projection: Projection, lang: str, strings: Strings) -> dict[str, str]:
    """A short name for every scenario and projected series, in the reader's language: a
    scenario with several need paths names each path after its scenario (``Name (low)``)."""
    labels = {}
    for plan in projection.plans:
        name = localize(plan.scenario.label or plan.scenario.title, lang)
        labels[plan.id] = name
        if len(plan.series) > 1:
            for series in plan.series:
                end = strings.get("charts", series.id.rsplit("-", 1)[-1])
                labels[series.id] = f"{name} ({end})"
    return labels
