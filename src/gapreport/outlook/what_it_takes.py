"""What it would take to close the gap, solved from the stock-and-flow supply.

For every stock-and-flow supply in the data and every distinct need path counted in the same
unit, this finds how many more graduates a year, from the first year new study places could
graduate, would bring supply up to need in the key year; and what exit rate alone would. Supply
is linear in its inflow, so the graduates come from one extra evaluation (the effect of one
more graduate a year); the exit rate, which is not linear, by narrowing a bracket in a few
vectorised rounds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from gapreport.check.names import TAKES_MEASURES
from gapreport.check.plans import ScenarioPlan, StockFlowPlan
from gapreport.load.dataset import Dataset
from gapreport.model.keyfigures import KeyFigure
from gapreport.model.paths import batch, path_of
from gapreport.model.projection import Projection
from gapreport.outlook.uncertainty import FOCUS, focus

_ROUNDS, _STEPS = 6, 64  # how the exit rate is bracketed


@dataclass(frozen=True)
class Requirement:
    """For one need path and one stock-and-flow supply: the gap and what would close it."""

    demand_series: str
    supply_scenario: str
    unit: str
    year: int
    demand: float
    supply: float
    from_year: int
    graduates_now: float
    extra_graduates: float | None  # None: no graduate of a new place counts by the year
    exit_rate_now: float
    exit_rate_needed: float | None  # None: even no exits at all would not close the gap
    completion: float = 1.0  # the share of students who graduate
    placements_per_student: float | None = None  # when the data gives it

    @property
    def gap(self) -> float:
        return self.demand - self.supply

    @property
    def extra_study_places(self) -> float | None:
        """The extra graduates as study places a year: not every student graduates."""
        if self.extra_graduates is None or self.completion <= 0:
            return None
        return self.extra_graduates / self.completion

    @property
    def extra_placements(self) -> float | None:
        """The practice placements those extra students need, where the data says how many
        each needs."""
        places = self.extra_study_places
        if self.placements_per_student is None or places is None:
            return None
        return places * self.placements_per_student

    @property
    def graduates_needed(self) -> float | None:
        if self.extra_graduates is None:
            return None
        return self.graduates_now + self.extra_graduates


def what_it_takes(dataset: Dataset, projection: Projection) -> list[Requirement]:
    """A requirement for every stock-and-flow supply against every need path of its unit."""
    year = dataset.brief.key_year
    intake = first_intake(dataset, projection)
    years = projection.years
    column = int(np.searchsorted(years, year))
    result = []
    chosen = focus(dataset, projection)
    needs = _candidates(dataset, projection, chosen)
    for plan in chosen:
        supply_plan = plan.series[0].supply
        if not isinstance(supply_plan, StockFlowPlan):
            continue
        from_year = max(intake + supply_plan.study_years, supply_plan.base_year + 1)
        for series_id in _need_paths(projection, needs, plan.unit):
            demand = float(projection.path(series_id, "demand")[column])
            result.append(_solve(supply_plan, plan, series_id, demand, year, years, from_year))
    return result


def first_intake(dataset: Dataset, projection: Projection) -> int:
    """The first intake extra study places could take: as the data says, else the year after
    the brief's date (that year's intake has usually been admitted), else the horizon's start."""
    brief = dataset.brief
    if brief.first_intake is not None:
        return brief.first_intake
    return brief.date.year + 1 if brief.date else projection.horizon.start


def _candidates(dataset: Dataset, projection: Projection, chosen: list) -> list:
    """Whose need to solve for: every scenario in a small data folder; in a large one, the
    lead scenarios and those in focus."""
    if len(projection.plans) <= 2 * FOCUS:
        return list(projection.plans)
    leads = set(dataset.brief.lead_scenarios)
    return [p for p in projection.plans if p.id in leads or p in chosen]


def _need_paths(projection: Projection, plans: list, unit: str) -> list[str]:
    """Each distinct need path in ``unit``, named by the first series that has it."""
    found: list[tuple[str, np.ndarray]] = []
    for plan in plans:
        if plan.unit != unit:
            continue
        for series in plan.series:
            path = projection.path(series.id, "demand")
            if not any(np.allclose(path, seen) for _, seen in found):
                found.append((series.id, path))
    return [series_id for series_id, _ in found]


def _solve(
    supply: StockFlowPlan,
    plan: ScenarioPlan,
    series_id: str,
    demand: float,
    year: int,
    years: np.ndarray,
    from_year: int,
) -> Requirement:
    column = int(np.searchsorted(years, year))
    now = float(path_of(supply, years)[column])
    one_more = float(path_of(with_extra_graduates(supply, 1.0, from_year), years)[column])
    per_graduate = one_more - now  # zero when the first new graduates come after the year
    extra = max((demand - now) / per_graduate, 0.0) if per_graduate > 0 else None
    graduates_now = float(
        path_of(supply.intake, np.array([year - supply.study_years]))[0] * supply.completion
    )
    return Requirement(
        series_id,
        plan.id,
        plan.unit,
        year,
        demand,
        now,
        from_year,
        graduates_now,
        extra,
        float(supply.exit_rate),
        _exit_rate_for(supply, demand, years, column),
        float(supply.completion),
        None if supply.placements is None else float(supply.placements),
    )


def with_extra_graduates(supply: StockFlowPlan, extra: float, from_year: int) -> StockFlowPlan:
    """The same supply with ``extra`` more graduates every year from ``from_year`` on."""
    return dataclasses.replace(supply, extra_graduates=extra, extra_from=from_year)


def with_exit_rate(supply: StockFlowPlan, rate: float) -> StockFlowPlan:
    """The same supply with exits at ``rate`` a year: for a stock in age bands, every band's
    rate scaled alike, so ``rate`` is their share-weighted mean as ``exit_rate`` is."""
    if not supply.age_exits:
        return dataclasses.replace(supply, exit_rate=rate)
    now = float(supply.exit_rate)
    scale = rate / now if now > 0 else 0.0
    exits = tuple(float(e) * scale for e in supply.age_exits)
    return dataclasses.replace(supply, exit_rate=rate, age_exits=exits)


def _exit_rate_for(
    supply: StockFlowPlan, demand: float, years: np.ndarray, column: int
) -> float | None:
    """The highest exit rate at which supply still meets ``demand`` in the year.

    Supply falls as the exit rate rises, so the answer is bracketed: each round evaluates a
    grid of rates in one vectorised batch and keeps the step where supply drops below need
    (six rounds of 64 steps narrow it to about 1e-11 of today's rate).
    """

    def supply_at(rates: np.ndarray) -> np.ndarray:
        plans = [with_exit_rate(supply, float(rate)) for rate in rates]
        return batch(plans, years)[:, column]

    low, high = 0.0, float(supply.exit_rate)
    at_ends = supply_at(np.array([low, high]))
    if at_ends[0] < demand:
        return None
    if at_ends[1] >= demand:
        return high
    for _ in range(_ROUNDS):
        rates = np.linspace(low, high, _STEPS + 1)
        meets = supply_at(rates) >= demand
        last = int(np.flatnonzero(meets)[-1])
        low, high = float(rates[last]), float(rates[min(last + 1, _STEPS)])
    return low


def takes_figures(requirements: list[Requirement], projection: Projection) -> dict[str, KeyFigure]:
    """What would close each stock-and-flow scenario's own gap, as figures the prose may
    quote (``{scenario.extra_study_places}``): the requirement whose supply is the
    scenario's and whose need path is the scenario's own (a need path shared by several
    scenarios is solved once, under the first that has it). Cited by a link to the scenario."""
    figures: dict[str, KeyFigure] = {}
    plans = {plan.id: plan for plan in projection.plans}
    for r in requirements:
        need = projection.path(r.demand_series, "demand")
        for series in plans[r.supply_scenario].series:
            if np.allclose(projection.path(series.id, "demand"), need):
                figures.update(_requirement_figures(series.id, r))
    return figures


def _requirement_figures(series_id: str, r: Requirement) -> dict[str, KeyFigure]:
    numbers = {
        "graduates_now": r.graduates_now,
        "extra_graduates": r.extra_graduates,
        "graduates_needed": r.graduates_needed,
        "extra_study_places": r.extra_study_places,
        "extra_placements": r.extra_placements,
    }
    figures = {
        f"{series_id}.{name}": KeyFigure(
            f"{series_id}.{name}",
            float(value),
            TAKES_MEASURES[name],
            "computed",
            scenario=r.supply_scenario,
        )
        for name, value in numbers.items()
        if value is not None
    }
    name = f"{series_id}.takes_from"
    figures[name] = KeyFigure(name, float(r.from_year), "year", "setting")
    return figures
