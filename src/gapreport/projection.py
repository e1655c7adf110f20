"""Run the scenario plans over the horizon into one tidy table.

The table is the contract between the model and everything after it (charts, prose, CSV):
one row per scenario and year, one column per measure, gap = demand - supply.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import DataError, DataProblem
from .plans import ScenarioPlan
from .schema import Horizon

COLUMNS = ["scenario", "year", "demand_fte", "supply_fte", "gap_fte"]


@dataclass(frozen=True)
class Projection:
    """The projected table and the plans that made it (for titles, units and provenance)."""

    table: pd.DataFrame
    plans: tuple[ScenarioPlan, ...]
    horizon: Horizon

    def series_ids(self) -> list[str]:
        return [series.id for plan in self.plans for series in plan.series]

    def plan_of(self, series_id: str) -> ScenarioPlan:
        return next(p for p in self.plans if any(s.id == series_id for s in p.series))

    def value(self, series_id: str, year: int, measure: str) -> float:
        """One cell of the table, e.g. ``value('baseline', 2035, 'gap_fte')``."""
        rows = self.table[(self.table["scenario"] == series_id) & (self.table["year"] == year)]
        return float(rows[measure].iloc[0])


def project(plans: list[ScenarioPlan], horizon: Horizon) -> Projection:
    """Demand, supply and gap for every series of every scenario, every year of the horizon."""
    years = np.arange(horizon.start, horizon.end + 1)
    frames, problems = [], []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for plan in plans:
            for series in plan.series:
                demand, supply = series.demand.path(years), series.supply.path(years)
                if not (np.isfinite(demand).all() and np.isfinite(supply).all()):
                    problems.append(_out_of_range(plan, series.id))
                frames.append(_series_frame(series.id, years, demand, supply))
    if problems:
        raise DataError(problems)
    table = pd.concat(frames, ignore_index=True) if frames else _empty()
    return Projection(table, tuple(plans), horizon)


def _out_of_range(plan: ScenarioPlan, series_id: str) -> DataProblem:
    where = plan.scenario.where
    return DataProblem(where.at("id"), where.field(), f"the projection of '{series_id}' grows "
                       "beyond any number a computer can hold within the horizon; check its "
                       "growth and years")


def _series_frame(series_id: str, years: np.ndarray, demand: np.ndarray,
                  supply: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({
        "scenario": pd.Series([series_id] * len(years), dtype="string"),
        "year": years.astype("int64"),
        "demand_fte": demand.astype("float64"),
        "supply_fte": supply.astype("float64"),
        "gap_fte": (demand - supply).astype("float64"),
    })


def _empty() -> pd.DataFrame:
    return pd.DataFrame({"scenario": pd.Series(dtype="string"),
                         "year": pd.Series(dtype="int64"),
                         **{c: pd.Series(dtype="float64") for c in COLUMNS[2:]}})


def to_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV with one decimal: stable bytes for the same inputs."""
    return table.to_csv(index=False, float_format="%.1f", lineterminator="\n").encode("utf-8")
