"""Observations, checked: each names a level seen in a year that a projected path can be
tested against, and a scenario it is set against counts the same thing or says why it is fair.

The back-tests themselves are the model's (:mod:`gapreport.model.backtests`); here only what
could make them meaningless is refused: a figure that is not a dated level, a year outside the
horizon, an unknown scenario, or a scenario counting another scope or unit with no caveat.
"""

from __future__ import annotations

from gapreport.check.plans import ScenarioPlan
from gapreport.check.quantities import Quantities, Resolver
from gapreport.errors import ProblemLog
from gapreport.load.messages import did_you_mean
from gapreport.load.schema import Horizon, Observation

OBSERVED_UNITS = ("fte", "persons", "posts")


def check_observations(
    observations: list[Observation],
    quantities: Quantities,
    plans: list[ScenarioPlan],
    horizon: Horizon,
    scenario_ids: list[str],
    log: ProblemLog,
) -> None:
    """Log every problem with the observations (the scenarios' own are logged already)."""
    resolver = Resolver(quantities, log)
    by_id = {plan.id: plan for plan in plans}
    for observation in observations:
        where = observation.where
        quantity = resolver.quantity(observation.figure, where, "figure", units=OBSERVED_UNITS)
        if quantity is None:
            continue
        if quantity.year is None or not horizon.start <= quantity.year <= horizon.end:
            found = "no year" if quantity.year is None else f"{quantity.year}"
            log.add(
                where.at("figure"),
                where.field("figure"),
                f"an observation needs a year within the horizon {horizon.start}-"
                f"{horizon.end}; '{quantity.id}' has {found}",
            )
            continue
        for i, scenario_id in enumerate(observation.scenarios):
            if scenario_id not in scenario_ids:
                log.add(
                    where.at("scenarios", i),
                    where.field("scenarios", i),
                    f"unknown scenario '{scenario_id}'{did_you_mean(scenario_id, scenario_ids)}",
                )
                continue
            plan = by_id.get(scenario_id)
            if plan is None:  # the scenario failed its own checks, already reported
                continue
            unit, scopes = plan.counted(observation.measure)
            if (unit != quantity.unit or scopes != quantity.scopes) and observation.caveat is None:
                log.add(
                    where.at("caveat"),
                    where.field("caveat"),
                    f"'{quantity.id}' counts {_describe(quantity.unit, quantity.scopes)}; the "
                    f"{observation.measure} of '{scenario_id}' counts {_describe(unit, scopes)}. "
                    "Setting them side by side is refused unless the observation gives a "
                    "'caveat:' saying why it is fair",
                )


def _describe(unit: str, scopes) -> str:
    shown = "; ".join("/".join(scope) for scope in sorted(scopes)) or "no stated scope"
    return f"{unit} for {shown}"
