"""The named numbers the brief quotes, each with its unit, kind and sources.

Templates never do arithmetic: whatever the prose says ("1 700 FTEs short in 2035", "4 % of
the need met") is a key figure computed here. Names follow the reference syntax of the data
files, so an analyst can use the same name in a claim and a template: a figure's id
(``demand_growth_2035``), one end of a range (``need_2040.low``), or a scenario measure
(``baseline.gap``, the gap in the brief's key year).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .loading import Dataset
    from .projection import Projection
    from .quantities import Quantities, Quantity

Kind = Literal["published", "assumption", "derived", "computed", "setting"]

# Scenario measures and their unit: "level" is the scenario's own unit (fte or persons).
SCENARIO_MEASURES: dict[str, str] = {
    "demand": "level",          # in the key year
    "supply": "level",
    "gap": "level",
    "demand_end": "level",      # in the horizon's last year
    "supply_end": "level",
    "gap_end": "level",
    "gap_share": "percent",     # gap as a share of demand, key year
    "demand_growth": "percent",  # growth of demand from the horizon's start to the key year
    "supply_growth": "percent",
}
SETTING_FIGURES = ("key_year", "horizon_start", "horizon_end")
_QUANTITY_KIND: dict[str, Kind] = {
    "figure": "published", "assumption": "assumption", "derived": "derived"}


@dataclass(frozen=True)
class KeyFigure:
    """A number the brief may quote, with what is needed to format and cite it."""

    name: str
    value: float
    unit: str
    kind: Kind
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    year: int | None = None


def key_figures(dataset: Dataset, projection: Projection) -> dict[str, KeyFigure]:
    """Every quotable number: the data's own, the settings' years, and each scenario's results."""
    figures: dict[str, KeyFigure] = {}
    for quantity in dataset.quantities.items.values():
        figures.update(_from_quantity(quantity))
    brief = dataset.brief
    years = (brief.key_year, brief.horizon.start, brief.horizon.end)
    for name, year in zip(SETTING_FIGURES, years, strict=True):
        figures[name] = KeyFigure(name, float(year), "year", "setting")
    for plan in projection.plans:
        sources, assumptions = _provenance(plan.inputs, dataset.quantities)
        for series in plan.series:
            for measure, value in _measures(projection, series.id, brief.key_year).items():
                if math.isnan(value):  # a share of zero demand: nothing to quote
                    continue
                unit = SCENARIO_MEASURES[measure]
                figures[f"{series.id}.{measure}"] = KeyFigure(
                    f"{series.id}.{measure}", value, plan.unit if unit == "level" else unit,
                    "computed", sources, assumptions)
    return figures


def _from_quantity(quantity: Quantity) -> dict[str, KeyFigure]:
    kind = _QUANTITY_KIND[quantity.kind]
    result = {}
    for part in ("value", "low", "high"):
        number = quantity.part(part)
        if number is None:
            continue
        name = quantity.id if part == "value" else f"{quantity.id}.{part}"
        assumptions = (quantity.id,) if quantity.kind == "assumption" else ()
        result[name] = KeyFigure(name, number, quantity.unit, kind, quantity.sources,
                                 assumptions, quantity.year)
    return result


def _provenance(inputs: tuple[str, ...], quantities: Quantities) -> tuple[tuple, tuple]:
    used = [quantities[i] for i in inputs]
    sources = tuple(dict.fromkeys(s for q in used for s in q.sources))
    assumptions = tuple(q.id for q in used if q.kind == "assumption")
    return sources, assumptions


def _measures(projection: Projection, series_id: str, key_year: int) -> dict[str, float]:
    rows = projection.table[projection.table["scenario"] == series_id].set_index("year")
    start, end = projection.horizon.start, projection.horizon.end
    key, first, last = rows.loc[key_year], rows.loc[start], rows.loc[end]
    return {
        "demand": float(key["demand_fte"]),
        "supply": float(key["supply_fte"]),
        "gap": float(key["gap_fte"]),
        "demand_end": float(last["demand_fte"]),
        "supply_end": float(last["supply_fte"]),
        "gap_end": float(last["gap_fte"]),
        "gap_share": _share(key["gap_fte"], key["demand_fte"]),
        "demand_growth": _share(key["demand_fte"] - first["demand_fte"], first["demand_fte"]),
        "supply_growth": _share(key["supply_fte"] - first["supply_fte"], first["supply_fte"]),
    }


def _share(part: float, whole: float) -> float:
    return float(part / whole * 100.0) if whole else math.nan
