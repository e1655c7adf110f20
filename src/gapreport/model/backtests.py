"""Back-tests: each projected path set against the levels actually observed since its base
year, so a reader sees how far the model already misses what happened.

A test pairs an observation (a dated level, see :class:`~gapreport.load.schema.Observation`)
with every series whose side counts the same scope and unit, or with the scenarios the
observation names (shown with its caveat when they count something else). A figure that is
itself an input of the scenario is no test of it, nor is a year at or before the path starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from gapreport.check.plans import AnchorPlan, Plan, ScenarioPlan
from gapreport.check.quantities import Quantities, split_ref
from gapreport.errors import DataProblem
from gapreport.load.schema import Observation
from gapreport.model.projection import Projection


@dataclass(frozen=True)
class BackTest:
    """One series' projected value against one observation in the observation's year."""

    observation: Observation
    figure: str
    scenario: str
    series_id: str
    measure: str
    year: int
    unit: str
    projected: float
    observed: float
    like_for_like: bool
    """False when the series counts another scope or unit: shown only with the caveat."""
    projected_unit: str = ""
    sources: tuple[str, ...] = ()

    @property
    def difference(self) -> float:
        return self.projected - self.observed

    @property
    def percent_error(self) -> float | None:
        """How far the path is off, as a percentage of what was observed: None for a zero
        count, or for a count in another unit (posts against FTEs), where no share means
        anything."""
        if self.observed == 0 or self.unit != self.projected_unit:
            return None
        return self.difference / abs(self.observed) * 100

    @property
    def missed(self) -> bool:
        """Whether the path misses by more than the tolerance the data sets."""
        tolerance, error = self.observation.tolerance, self.percent_error
        return tolerance is not None and error is not None and abs(error) > tolerance + 1e-9


def backtests(
    observations: list[Observation], quantities: Quantities, projection: Projection
) -> list[BackTest]:
    """Every (observation, series) pair there is to test, in data order."""
    tests = []
    for observation in observations:
        head, _ = split_ref(observation.figure)
        quantity = quantities[head]
        assert quantity.year is not None  # checked: observations are dated
        named = set(observation.scenarios)
        for plan in projection.plans:
            if named and plan.id not in named:
                continue
            unit, scopes = plan.counted(observation.measure)
            same = unit == quantity.unit and scopes == quantity.scopes
            if not (same or named) or head in plan.inputs:
                continue
            if quantity.year <= _start(plan, observation.measure):
                continue
            for series in plan.series:
                tests.append(
                    BackTest(
                        observation,
                        observation.figure,
                        plan.id,
                        series.id,
                        observation.measure,
                        quantity.year,
                        quantity.unit,
                        projection.value(series.id, quantity.year, observation.measure),
                        quantities.value(observation.figure),
                        same,
                        unit,
                        quantity.sources,
                    )
                )
    return tests


def _start(plan: ScenarioPlan, measure: str) -> int:
    """The year a side's path starts from (for the gap, the later of the two)."""
    series = plan.series[0]
    sides = [series.demand, series.supply] if measure == "gap" else [getattr(series, measure)]
    return max(_start_of(side) for side in sides)


def _start_of(plan: Plan) -> int:
    if isinstance(plan, AnchorPlan):
        return plan.years[0]
    return plan.base_year


def misses(tests: list[BackTest]) -> list[DataProblem]:
    """A warning for every path that misses an observation by more than its tolerance."""
    return [
        DataProblem(
            t.observation.where.at("tolerance"),
            t.observation.where.field("tolerance"),
            f"the {t.measure} of '{t.series_id}' is {t.percent_error:+.1f} % off what was "
            f"observed in {t.year} ('{t.figure}': {t.projected:,.0f} against "
            f"{t.observed:,.0f} {t.unit}), more than the tolerance of "
            f"{t.observation.tolerance:g} %",
        )
        for t in tests
        if t.missed
    ]
