"""Recompute what the sources say about their own numbers, at every build.

A claim such as "80 FTEs is 4 % of the 2,000 needed" pairs a computed number with the number
the source states, within a tolerance. If an analyst edits a figure so that a source's own
arithmetic no longer holds, the build stops and names the claim and both numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapreport.errors import DataError, DataProblem

if TYPE_CHECKING:
    from gapreport.load.dataset import Dataset
    from gapreport.load.schema import Claim
    from gapreport.model.keyfigures import KeyFigure


@dataclass(frozen=True)
class ClaimResult:
    """A claim with both its numbers and whether they agree within the tolerance."""

    claim: Claim
    actual: KeyFigure
    expected: KeyFigure

    @property
    def difference(self) -> float:
        return self.actual.value - self.expected.value

    @property
    def holds(self) -> bool:
        """Within the tolerance; against a bound ("up to", "at least"), on its side of it."""
        slack = self.claim.tolerance + 1e-9  # so that 0.5 accepts exactly 0.5 off
        if self.expected.bound == "upper":
            return self.difference <= slack
        if self.expected.bound == "lower":
            return self.difference >= -slack
        return abs(self.difference) <= slack


def evaluate_claims(dataset: Dataset, figures: dict[str, KeyFigure]) -> list[ClaimResult]:
    """Every claim's two numbers and verdict, in data order."""
    missing = [
        DataProblem(
            c.where.at(name),
            c.where.field(name),
            f"'{getattr(c, name)}' cannot be computed for this data (a share of a zero demand)",
        )
        for c in dataset.claims
        for name in ("actual", "expected")
        if getattr(c, name) not in figures
    ]
    if missing:
        raise DataError(missing)
    return [ClaimResult(c, figures[c.actual], figures[c.expected]) for c in dataset.claims]


def require_claims(results: list[ClaimResult]) -> None:
    """Stop the build when any claim no longer holds, naming it and both numbers."""
    problems = [
        DataProblem(
            r.claim.where.at("id"),
            r.claim.where.field(),
            f"claim '{r.claim.id}' no longer holds: {r.claim.actual} is "
            f"{r.actual.value:g} {r.actual.unit}, {r.claim.expected} is "
            f"{r.expected.value:g} {r.expected.unit}; they differ by "
            f"{abs(r.difference):g}, more than the tolerance {r.claim.tolerance:g}",
        )
        for r in results
        if not r.holds
    ]
    if problems:
        raise DataError(problems)
