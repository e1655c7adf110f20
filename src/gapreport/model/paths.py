"""A checked plan's path over the years, by its kind's method: for many plans at once (the
projection), for one (what it takes), or for each of many draws of its numbers (the outlook).

Plans of one kind (and, for anchors and stock-and-flow, the same number of points) are
computed together, as one batch: a projection of thousands of scenarios is a few numpy calls.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gapreport.check.plans import AnchorPlan, GrowthPlan, Plan, StockFlowPlan, TrendPlan
from gapreport.model.methods import (
    aged_stock_flow_paths,
    anchor_paths,
    growth_paths,
    stock_flow_paths,
    trend_paths,
)


def evaluate(plans: list[Plan], years: np.ndarray) -> np.ndarray:
    """Every plan's path over ``years`` as one (plans, years) matrix, a batch per kind."""
    result = np.empty((len(plans), len(years)))
    groups: dict[tuple, list[int]] = {}
    for index, plan in enumerate(plans):
        groups.setdefault(_batch_key(plan), []).append(index)
    for indices in groups.values():
        result[indices] = batch([plans[i] for i in indices], years)
    return result


def path_of(plan: Plan, years: np.ndarray) -> np.ndarray:
    return batch([plan], years)[0]


def batch(plans: list, years: np.ndarray) -> np.ndarray:
    """The paths of plans of one kind, (plans, years)."""
    return _BATCH[type(plans[0])](plans, years)


def draws(plan: Plan, years: np.ndarray, n: int) -> np.ndarray:
    """(n, years): the path for each draw of the numbers the plan was built from (any of
    its numbers may be an array of ``n`` draws)."""
    return _DRAWS[type(plan)](plan, years, n)


def _batch_key(plan: Plan) -> tuple:
    if isinstance(plan, AnchorPlan):
        return (AnchorPlan, len(plan.years))
    if isinstance(plan, StockFlowPlan):
        return (StockFlowPlan, len(plan.intake.years), len(plan.age_shares))
    return (type(plan),)


def _n(value, n: int) -> np.ndarray:
    """A plan field as one value per draw: a number repeated, or the draws themselves."""
    return np.broadcast_to(np.asarray(value, dtype=float), (n,))


def _growth(plans: list[GrowthPlan], years: np.ndarray) -> np.ndarray:
    return growth_paths(
        years,
        [p.base for p in plans],
        [p.base_year for p in plans],
        [p.target for p in plans],
        [p.target_year for p in plans],
        [p.shape == "compound" for p in plans],
    )


def _growth_draws(plan: GrowthPlan, years: np.ndarray, n: int) -> np.ndarray:
    return growth_paths(
        years,
        _n(plan.base, n),
        _n(plan.base_year, n),
        _n(plan.target, n),
        _n(plan.target_year, n),
        _n(plan.shape == "compound", n),
    )


def _anchors(plans: list[AnchorPlan], years: np.ndarray) -> np.ndarray:
    return anchor_paths(
        years,
        [p.years for p in plans],
        [p.values for p in plans],
        [p.beyond == "hold" for p in plans],
    )


def _anchor_draws(plan: AnchorPlan, years: np.ndarray, n: int) -> np.ndarray:
    xp = np.broadcast_to(np.asarray(plan.years, dtype=float), (n, len(plan.years)))
    fp = np.column_stack([_n(value, n) for value in plan.values])
    return anchor_paths(years, xp, fp, _n(plan.beyond == "hold", n))


def _trend(plans: list[TrendPlan], years: np.ndarray) -> np.ndarray:
    return trend_paths(
        years,
        [p.base for p in plans],
        [p.base_year for p in plans],
        [p.change for p in plans],
        [p.period_years for p in plans],
    )


def _trend_draws(plan: TrendPlan, years: np.ndarray, n: int) -> np.ndarray:
    return trend_paths(
        years, _n(plan.base, n), _n(plan.base_year, n), _n(plan.change, n), _n(plan.period_years, n)
    )


def _stock_flow(plans: list[StockFlowPlan], years: np.ndarray) -> np.ndarray:
    """Graduates are the intake ``study_years`` earlier times completion; of them a share
    enters, each counting ``fte_per_person``, as does each person of the net inflow from
    abroad. Exits and moves to another sector both leave the stock."""
    first = min(p.base_year for p in plans)
    grid = np.arange(first, int(np.max(years)) + 1)
    study = np.array([[p.study_years] for p in plans], dtype=float)
    intake = _anchors([p.intake for p in plans], grid - study)
    completion = np.array([[p.completion] for p in plans])
    extra = np.array([[p.extra_graduates] for p in plans]) * (
        grid >= np.array([[p.extra_from] for p in plans])
    )
    share = np.array([[p.entry_share] for p in plans])
    fte = np.array([[p.fte_per_person] for p in plans])
    migration = np.array([[p.inflow - p.outflow] for p in plans])
    entrants = ((intake * completion + extra) * share + migration) * fte
    if plans[0].age_shares:  # a batch shares its number of age bands
        return aged_stock_flow_paths(
            years,
            [p.stock for p in plans],
            [p.base_year for p in plans],
            entrants,
            [p.age_shares for p in plans],
            [np.asarray(p.age_exits, dtype=float) + p.move_rate for p in plans],
            [p.age_widths for p in plans],
        )
    return stock_flow_paths(
        years,
        [p.stock for p in plans],
        [p.base_year for p in plans],
        (entrants, [p.exit_rate + p.move_rate for p in plans]),
    )


def _stock_flow_draws(plan: StockFlowPlan, years: np.ndarray, n: int) -> np.ndarray:
    grid = np.arange(plan.base_year, int(np.max(years)) + 1)
    intake = _anchor_draws(plan.intake, grid - plan.study_years, n)
    graduates = intake * _n(plan.completion, n)[:, None] + plan.extra_graduates * (
        grid >= plan.extra_from
    )
    migration = (_n(plan.inflow, n) - _n(plan.outflow, n))[:, None]
    entering = graduates * _n(plan.entry_share, n)[:, None] + migration
    if plan.age_shares:
        return aged_stock_flow_paths(
            years,
            _n(plan.stock, n),
            _n(plan.base_year, n),
            entering * _n(plan.fte_per_person, n)[:, None],
            np.column_stack([_n(share, n) for share in plan.age_shares]),
            np.column_stack([_n(e, n) + _n(plan.move_rate, n) for e in plan.age_exits]),
            np.broadcast_to(np.asarray(plan.age_widths), (n, len(plan.age_widths))),
        )
    return stock_flow_paths(
        years,
        _n(plan.stock, n),
        _n(plan.base_year, n),
        (
            entering * _n(plan.fte_per_person, n)[:, None],
            _n(plan.exit_rate, n) + _n(plan.move_rate, n),
        ),
    )


_BATCH: dict[type, Callable] = {
    GrowthPlan: _growth,
    AnchorPlan: _anchors,
    TrendPlan: _trend,
    StockFlowPlan: _stock_flow,
}
_DRAWS: dict[type, Callable] = {
    GrowthPlan: _growth_draws,
    AnchorPlan: _anchor_draws,
    TrendPlan: _trend_draws,
    StockFlowPlan: _stock_flow_draws,
}
