"""How sure the gap is: many draws of every assumption (and of published ranges), projected.

Each assumption is drawn from a triangular distribution between its low and high with its
value as the most likely; a published range the data states as an uncertainty range, from a
uniform one between its ends. A range of a source's scenario outcomes is never drawn as if it
were a probability: each of its ends gets a fan of its own, from the assumptions alone.
Every draw is projected at once (the plans hold one number per draw, and the methods work
on whole matrices), and the gap's median, 50 % and 90 % bands are read off year by year. The
random generator is seeded from the data, so the same data gives the same fan, to the byte.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gapreport.check.plans import build_plans
from gapreport.check.quantities import resolve_quantities
from gapreport.errors import ProblemLog
from gapreport.load.dataset import Dataset
from gapreport.model import paths
from gapreport.model.projection import Projection

QUANTILES = (5, 25, 50, 75, 95)
FOCUS = 8  # scenarios a brief can show a fan, tornado or what-it-takes row for


def focus(dataset: Dataset, projection: Projection, limit: int = FOCUS) -> list:
    """The scenarios worth drawing: uncertain ones (resting on an assumption, or a band),
    lead scenarios first, at most ``limit``, returned in data order. A data folder with
    thousands of scenarios still gets a brief in seconds."""
    assumptions = {a.id for a in dataset.assumptions}
    leads = dataset.brief.lead_scenarios
    uncertain = [p for p in projection.plans if assumptions & set(p.inputs) or len(p.series) > 1]
    chosen = sorted(uncertain, key=lambda p: leads.index(p.id) if p.id in leads else len(leads))[
        :limit
    ]
    return [p for p in projection.plans if p in chosen]


@dataclass(frozen=True)
class Fan:
    """The spread of one scenario's gap, year by year, and its central (named) path."""

    scenario: str
    unit: str
    years: np.ndarray
    quantiles: dict[int, np.ndarray]
    central: np.ndarray | None  # None for a drawn uncertainty range: no published centre


def simulate(
    dataset: Dataset, projection: Projection, draws: int | None = None, seed: int | None = None
) -> list[Fan]:
    """A fan for every projected series whose gap depends on an assumption or on a published
    uncertainty range (one for each end of a band of scenario outcomes)."""
    settings = dataset.brief
    draws = draws or settings.draws
    rng = np.random.default_rng(settings.seed if seed is None else seed)
    assumptions = [
        a.model_copy(update={"value": _triangular(rng, a.low, a.value, a.high, draws)})
        for a in dataset.assumptions
    ]
    chosen = focus(dataset, projection)
    log = ProblemLog()
    quantities = resolve_quantities(dataset.figures, assumptions, dataset.derived, log)
    plans = build_plans(
        [p.scenario for p in chosen],
        quantities,
        settings.horizon,
        log,
        band_mix=rng.uniform(0.0, 1.0, draws),
    )
    log.raise_if_any()
    fans = []
    years = projection.years
    drawn = {a.id for a in dataset.assumptions}
    for plan, central_plan in zip(plans, chosen, strict=True):
        mixed = len(plan.series) < len(central_plan.series)  # a drawn uncertainty range
        if not mixed and not drawn & set(central_plan.inputs):
            continue  # nothing drawn: a band of scenario outcomes and no assumption
        with np.errstate(over="ignore", invalid="ignore"):  # a band's ends share their supply
            supply = paths.draws(plan.series[0].supply, years, draws)
        for series in plan.series:
            with np.errstate(over="ignore", invalid="ignore"):
                gap = paths.draws(series.demand, years, draws) - supply
            quantiles = np.percentile(gap, QUANTILES, axis=0)
            fans.append(
                Fan(
                    series.id,
                    plan.unit,
                    years,
                    dict(zip(QUANTILES, quantiles, strict=True)),
                    None if mixed else projection.path(series.id, "gap"),
                )
            )
    return fans


def _triangular(
    rng: np.random.Generator, low: float, mode: float, high: float, size: int
) -> np.ndarray:
    if high <= low:
        return np.full(size, float(mode))
    return rng.triangular(low, mode, high, size)
