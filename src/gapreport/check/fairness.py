"""Fair comparisons outside the scenarios: what has been delivered against what is needed,
and figures set side by side.

The rule is the scenarios' rule: numbers that count different things (scope or unit) are set
side by side only with a caveat saying why that is fair. For progress there is one rule more,
about time: a change delivered over five years, set against a need that builds up over
eighteen, makes any delivery look small. When the delivered change covers fewer years than
the need, the brief also sets it against the need due by then on a projected need path
(:class:`DueBy`), which the model computes (:mod:`gapreport.model.keyfigures`).
"""

from __future__ import annotations

from dataclasses import dataclass

from gapreport.check.plans import ScenarioPlan
from gapreport.check.quantities import Quantities, Quantity, split_ref
from gapreport.errors import ProblemLog
from gapreport.load.schema import Comparison, Horizon, Progress, Where


@dataclass(frozen=True)
class DueBy:
    """The need due on one projected path between two years: what a delivered change over
    the same years is fairly set against."""

    series_id: str
    start: int
    end: int


def due_by(
    progress: Progress, quantities: Quantities, plans: list[ScenarioPlan], leads: list[str]
) -> DueBy | str | None:
    """The path and years a delivered change is set against like for like; None when it
    covers the need's own period (or is a level, not a change); a sentence saying what is
    missing when no path can be found."""
    delivered = quantities[split_ref(progress.delivered)[0]]
    need = quantities[split_ref(progress.need)[0]]
    if not _shorter(delivered, need):
        return None
    assert delivered.base_year is not None and delivered.year is not None
    series = progress.path or _path_for(need, plans, leads)
    if progress.path is not None and not any(s.id == series for p in plans for s in p.series):
        return f"unknown need path '{series}'; name a projected series in 'path'"
    if series is None:
        return (
            f"the delivered change covers {_years(delivered)} but the need {_years(need)}; "
            f"name in 'path' the scenario whose need path says what was due by "
            f"{delivered.year}"
        )
    return DueBy(series, delivered.base_year, delivered.year)


def _shorter(delivered: Quantity, need: Quantity) -> bool:
    if None in (delivered.base_year, delivered.year, need.year):
        return False
    start = need.base_year if need.base_year is not None else delivered.base_year
    assert delivered.year is not None and delivered.base_year is not None and need.year
    assert start is not None
    return delivered.year - delivered.base_year < need.year - start


def _path_for(need: Quantity, plans: list[ScenarioPlan], leads: list[str]) -> str | None:
    """A single need path built from the need figure itself (lead scenarios first)."""
    ordered = sorted(plans, key=lambda p: leads.index(p.id) if p.id in leads else len(leads))
    for plan in ordered:
        if need.id in plan.inputs and len(plan.series) == 1 and plan.unit == need.unit:
            return plan.series[0].id
    return None


def _years(quantity: Quantity) -> str:
    if quantity.base_year is None or quantity.year is None:
        return f"up to {quantity.year}"
    return f"{quantity.year - quantity.base_year} years ({quantity.base_year}-{quantity.year})"


def check_progress(
    progress: Progress | None,
    quantities: Quantities,
    plans: list[ScenarioPlan],
    brief_leads: list[str],
    horizon: Horizon,
    log: ProblemLog,
) -> None:
    """Delivered and need count the same thing or say why comparing them is fair; a shorter
    delivered period has a need path to be set against like for like."""
    if progress is None:
        return
    heads = [split_ref(getattr(progress, name))[0] for name in ("delivered", "need")]
    if any(head not in quantities or head in quantities.unusable for head in heads):
        return  # reported where the reference is checked
    delivered, need = (quantities[head] for head in heads)
    where = progress.where
    if _differ(delivered, need) and progress.caveat is None:
        _refuse(where, "caveat", delivered, need, log)
    found = due_by(progress, quantities, plans, brief_leads)
    if isinstance(found, str):
        at = where.at("path") if progress.path else where.at()
        log.add(at, where.field("path"), found)
    elif isinstance(found, DueBy) and found.start < horizon.start:
        log.add(
            where.at("delivered"),
            where.field("delivered"),
            f"the delivered change starts in {found.start}, before the horizon "
            f"({horizon.start}), so the need due by then cannot be read off a path",
        )


def check_comparison(
    comparison: Comparison | None, quantities: Quantities, log: ProblemLog
) -> None:
    """Figures set side by side that count different things (scope, unit or years) need the
    comparison's caveat."""
    if comparison is None or comparison.caveat is not None:
        return
    heads = [split_ref(ref)[0] for ref in comparison.figures]
    found = [quantities[h] for h in heads if h in quantities and h not in quantities.unusable]
    if len(found) != len(heads):
        return
    first = found[0]
    for other in found[1:]:
        if _differ(first, other) or (first.base_year, first.year) != (other.base_year, other.year):
            _refuse(comparison.where, "caveat", first, other, log)
            return


def _differ(one: Quantity, other: Quantity) -> bool:
    return one.unit != other.unit or one.scopes != other.scopes


def _refuse(where: Where, name: str, one: Quantity, other: Quantity, log: ProblemLog) -> None:
    log.add(
        where.at(),
        where.field(name),
        f"'{one.id}' counts {_counts(one)} and '{other.id}' counts {_counts(other)}; setting "
        "them side by side is refused unless a 'caveat:' says why it is fair",
    )


def _counts(quantity: Quantity) -> str:
    scopes = "; ".join("/".join(s) for s in sorted(quantity.scopes)) or "no stated scope"
    years = (
        f"{quantity.base_year}-{quantity.year}"
        if quantity.base_year is not None
        else str(quantity.year or "no year")
    )
    return f"{quantity.unit} for {scopes} in {years}"
