"""The named numbers the brief quotes, each with its unit, kind and sources.

Templates never do arithmetic: whatever the prose says ("1 700 FTEs short in 2035", "4 % of
the need met") is a key figure computed here. Names follow the reference syntax of the data
files, so an analyst can use the same name in a claim and a template: a figure's id
(``demand_growth_2035``), one end of a range (``need_2040.low``), or a scenario measure
(``baseline.gap``, the gap in the brief's key year).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np

from gapreport.check.fairness import DueBy, due_by
from gapreport.check.names import SCENARIO_MEASURES, SETTING_FIGURES, YEAR_PARTS

if TYPE_CHECKING:
    from gapreport.check.quantities import Quantities, Quantity
    from gapreport.load.dataset import Dataset
    from gapreport.model.projection import Projection

Kind = Literal["published", "assumption", "derived", "computed", "setting"]

_QUANTITY_KIND: dict[str, Kind] = {
    "figure": "published",
    "assumption": "assumption",
    "derived": "derived",
}


class KeyFigure(NamedTuple):
    """A number the brief may quote, with what is needed to format and cite it.

    A named tuple rather than a frozen dataclass: large data folders make a quarter of a
    million of these, and a tuple is several times quicker to create.
    """

    name: str
    value: float
    unit: str
    kind: Kind
    sources: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    year: int | None = None
    bound: str | None = None  # "lower" or "upper": quoted as "at least" / "up to"
    scenario: str | None = None  # a scenario's result: cited by a link to the scenario


def key_figures(
    dataset: Dataset, quantities: Quantities, projection: Projection
) -> dict[str, KeyFigure]:
    """Every quotable number: the data's own, the settings' years, and each scenario's results."""
    figures: dict[str, KeyFigure] = {}
    for quantity in quantities.items.values():
        figures.update(_from_quantity(quantity))
    brief = dataset.brief
    years = (brief.key_year, brief.horizon.start, brief.horizon.end)
    for name, year in zip(SETTING_FIGURES, years, strict=True):
        figures[name] = KeyFigure(name, float(year), "year", "setting")
    measures = {
        name: values.tolist() for name, values in _measures(projection, brief.key_year).items()
    }
    row = {series_id: i for i, series_id in enumerate(projection.ids)}
    for plan in projection.plans:
        sources, assumptions = _provenance(plan.inputs, quantities)
        for series in plan.series:
            at = row[series.id]
            for measure, values in measures.items():
                value = values[at]
                if math.isnan(value):  # a share of zero demand: nothing to quote
                    continue
                unit = SCENARIO_MEASURES[measure]
                name = f"{series.id}.{measure}"
                figures[name] = KeyFigure(
                    name,
                    value,
                    plan.unit if unit == "level" else unit,
                    "computed",
                    sources,
                    assumptions,
                    scenario=plan.id,
                )
    if dataset.prose.progress is not None:
        figures.update(_progress_figures(dataset, quantities, projection, figures))
    return figures


def _progress_figures(
    dataset: Dataset,
    quantities: Quantities,
    projection: Projection,
    figures: dict[str, KeyFigure],
) -> dict[str, KeyFigure]:
    """What the progress bar is fairly set against: the need due by the end of the delivered
    change on a need path (when the change covers fewer years than the need), else the need
    itself; and the delivered change as a share of that."""
    progress = dataset.prose.progress
    assert progress is not None
    delivered, need = figures[progress.delivered], figures[progress.need]
    due = due_by(progress, quantities, list(projection.plans), dataset.brief.lead_scenarios)
    if isinstance(due, DueBy):
        path = projection.path(due.series_id, "demand")
        start, end = (int(np.searchsorted(projection.years, y)) for y in (due.start, due.end))
        plan = projection.plan_of(due.series_id)
        sources, assumptions = _provenance(plan.inputs, quantities)
        owed = KeyFigure(
            "progress_due",
            float(path[end] - path[start]),
            need.unit,
            "computed",
            sources,
            assumptions,
            due.end,
            scenario=plan.id,  # read off the scenario's path: cited by it
        )
    else:
        owed = need._replace(name="progress_due")
    result = {"progress_due": owed}
    for name, whole, year in (
        ("progress_share", need, need.year),
        ("progress_share_due", owed, delivered.year),
    ):
        if whole.value != 0:
            result[name] = _share_figure(name, delivered, whole, year)
    return result


def _share_figure(name: str, part: KeyFigure, whole: KeyFigure, year: int | None) -> KeyFigure:
    """``part`` as a percentage of ``whole``, resting on what both rest on."""
    return KeyFigure(
        name,
        part.value / whole.value * 100.0,
        "percent",
        "computed",
        tuple(dict.fromkeys([*part.sources, *whole.sources])),
        tuple(dict.fromkeys([*part.assumptions, *whole.assumptions])),
        year,
    )


def delivered_share(dataset: Dataset) -> str | None:
    """The name of the progress bar's share (delivered over need): the data's own ratio of
    exactly those two numbers if it defines one (quoted as the data gives it), else the
    computed ``progress_share``; None without a progress bar."""
    progress = dataset.prose.progress
    if progress is None:
        return None
    for entry in dataset.derived:
        if entry.op == "ratio" and list(entry.of) == [progress.delivered, progress.need]:
            return entry.id
    return "progress_share"


def _from_quantity(quantity: Quantity) -> dict[str, KeyFigure]:
    kind = _QUANTITY_KIND[quantity.kind]
    result = {}
    for part in ("value", "low", "high"):
        number = quantity.part(part)
        if number is None:
            continue
        name = quantity.id if part == "value" else f"{quantity.id}.{part}"
        assumptions = (quantity.id,) if quantity.kind == "assumption" else ()
        result[name] = KeyFigure(
            name,
            number,
            quantity.unit,
            kind,
            quantity.sources,
            assumptions,
            quantity.year,
            quantity.bound if part == "value" else None,
        )
    for part in YEAR_PARTS:
        year = getattr(quantity, part)
        if year is not None:
            name = f"{quantity.id}.{part}"
            result[name] = KeyFigure(name, float(year), "year", "setting")
    return result


def _provenance(inputs: tuple[str, ...], quantities: Quantities) -> tuple[tuple, tuple]:
    used = [quantities[i] for i in inputs]
    sources = tuple(dict.fromkeys(s for q in used for s in q.sources))
    assumptions = tuple(q.id for q in used if q.kind == "assumption")
    return sources, assumptions


def _measures(projection: Projection, key_year: int) -> dict[str, np.ndarray]:
    """Each measure for every series at once, as a column over the series."""
    key = int(np.searchsorted(projection.years, key_year))
    demand, supply = projection.demand, projection.supply
    gap = demand - supply
    return {
        "demand": demand[:, key],
        "supply": supply[:, key],
        "gap": gap[:, key],
        "demand_end": demand[:, -1],
        "supply_end": supply[:, -1],
        "gap_end": gap[:, -1],
        "gap_share": _share(gap[:, key], demand[:, key]),
        "demand_growth": _share(demand[:, key] - demand[:, 0], demand[:, 0]),
        "supply_growth": _share(supply[:, key] - supply[:, 0], supply[:, 0]),
    }


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """part / whole in percent; NaN where the whole is zero."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole != 0, part / np.where(whole != 0, whole, 1.0) * 100.0, np.nan)
