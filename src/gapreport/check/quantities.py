"""Every named number in the data, resolved: figures, assumptions and derived values.

Scenarios, claims and the brief refer to numbers by id (``base_fte_2017``) or to one
end of a range (``need_2040.low``). This module gives each id a :class:`Quantity` carrying its
unit, years, scopes and sources, so that every later step can check units, compare scopes and
cite provenance without looking back at the YAML. Derived values are computed here, in
dependency order, and a cycle among them is reported rather than followed forever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gapreport.errors import ProblemLog
from gapreport.load.messages import did_you_mean
from gapreport.load.schema import Assumption, Derived, Figure, Scope, Where

ScopeKey = tuple[str, str, str]
Kind = Literal["figure", "assumption", "derived"]
PARTS = ("value", "low", "high")
FACTOR_UNITS = ("percent", "ratio")
"""Units a product may multiply a count by: shares (as fractions) and plain ratios."""


def scope_key(scope: Scope | None) -> frozenset[ScopeKey]:
    if scope is None:
        return frozenset()
    return frozenset({(scope.profession, scope.sector, scope.region)})


@dataclass(frozen=True)
class Quantity:
    """A named number with what it counts, when, where it comes from, and how sure it is."""

    id: str
    kind: Kind
    unit: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    year: int | None = None
    base_year: int | None = None
    scopes: frozenset[ScopeKey] = frozenset()
    sources: tuple[str, ...] = ()
    bound: str | None = None  # "lower" or "upper": the value is at least / at most this
    range: str = "scenarios"  # a low-high range: scenario outcomes, or stated "uncertainty"

    def part(self, name: str) -> float | None:
        return getattr(self, name)


def split_ref(ref: str) -> tuple[str, str | None]:
    """``'need_2040.low'`` -> ``('need_2040', 'low')``; a bare id has no part."""
    head, _, part = ref.partition(".")
    return head, part or None


@dataclass
class Quantities:
    """All resolved quantities by id, with the helpers that check a reference as they read it."""

    items: dict[str, Quantity] = field(default_factory=dict)
    unusable: set[str] = field(default_factory=set)
    """Ids whose own entry has a problem (already reported): references to them stay quiet."""

    def __contains__(self, key: str) -> bool:
        return key in self.items

    def __getitem__(self, key: str) -> Quantity:
        return self.items[key]

    def value(self, ref: str) -> float:
        """The number a valid reference stands for (its value, or the named end of a range)."""
        head, part = split_ref(ref)
        number = self.items[head].part(part or "value")
        assert number is not None, f"unchecked reference {ref}"
        return number


class Resolver:
    """Reads references for one data folder, logging each bad one at the field that holds it."""

    def __init__(self, quantities: Quantities, log: ProblemLog, extra_ids: Iterable[str] = ()):
        self.quantities = quantities
        self.log = log
        self.extra_ids = set(extra_ids)

    def quantity(
        self, ref: str, where: Where, *path: str | int, units: Iterable[str] | None = None
    ) -> Quantity | None:
        """The quantity a reference names, if it exists, is a single number, and has a fit unit."""
        head, part = split_ref(ref)
        if head in self.quantities.unusable:
            return None
        found = self.quantities.items.get(head)
        if found is None:
            self._unknown(ref, head, where, path)
            return None
        if not self._part_ok(found, part, ref, where, path):
            return None
        allowed = tuple(units) if units is not None else None
        if allowed is not None and found.unit not in allowed:
            self.log.add(
                where.at(*path),
                where.field(*path),
                f"expected a number in {' or '.join(allowed)}, found '{head}' in {found.unit}",
            )
            return None
        return found

    def _unknown(self, ref: str, head: str, where: Where, path: tuple) -> None:
        if head in self.extra_ids:
            message = f"'{head}' cannot be used here; name a figure, assumption or derived value"
        else:
            hint = did_you_mean(head, self.quantities.items)
            message = f"unknown id '{head}'{hint}; expected a figure, assumption or derived value"
        self.log.add(where.at(*path), where.field(*path), message)

    def _part_ok(
        self, found: Quantity, part: str | None, ref: str, where: Where, path: tuple
    ) -> bool:
        if part is not None and part not in PARTS:
            self.log.add(
                where.at(*path),
                where.field(*path),
                f"unknown part '.{part}' in '{ref}'; expected .value, .low or .high",
            )
            return False
        chosen = part or "value"
        if found.part(chosen) is not None:
            return True
        if part is None and found.low is not None:
            hint = f"'{found.id}' is a range: write '{found.id}.low' or '{found.id}.high'"
        else:
            hint = f"'{found.id}' has no {chosen}"
        self.log.add(where.at(*path), where.field(*path), hint)
        return False


def resolve_quantities(
    figures: list[Figure],
    assumptions: list[Assumption],
    derived: list[Derived],
    log: ProblemLog,
    invalid: Iterable[str] = (),
) -> Quantities:
    """Figures and assumptions as given; derived values computed in dependency order.

    ``invalid`` names entries already reported as wrong; what depends on them is skipped
    quietly, so one slip gives one message rather than one per use.
    """
    quantities = Quantities(unusable=set(invalid))
    for figure in figures:
        quantities.items.setdefault(figure.id, _from_figure(figure))
    for assumption in assumptions:
        quantities.items.setdefault(assumption.id, _from_assumption(assumption))
    _DerivedEvaluator(derived, quantities, log).run()
    return quantities


def _from_figure(figure: Figure) -> Quantity:
    return Quantity(
        id=figure.id,
        kind="figure",
        unit=figure.unit,
        value=figure.value,
        low=figure.low,
        high=figure.high,
        year=figure.year,
        base_year=figure.base_year,
        scopes=scope_key(figure.scope),
        sources=(figure.source, *figure.reported_by),
        bound=figure.bound,
        range=figure.range or "scenarios",
    )


def _from_assumption(assumption: Assumption) -> Quantity:
    return Quantity(
        id=assumption.id,
        kind="assumption",
        unit=assumption.unit,
        value=assumption.value,
        low=assumption.low,
        high=assumption.high,
        year=assumption.year,
        scopes=scope_key(assumption.scope),
    )


class _DerivedEvaluator:
    """Computes derived values depth-first, so each may build on others, and catches cycles."""

    def __init__(self, derived: list[Derived], quantities: Quantities, log: ProblemLog):
        self.pending: dict[str, Derived] = {}
        for entry in derived:
            if entry.id not in quantities.items:
                self.pending.setdefault(entry.id, entry)
        self.quantities = quantities
        self.log = log
        self.resolver = Resolver(quantities, log)
        self.stack: list[str] = []
        self.failed: set[str] = set()

    def run(self) -> None:
        for name in list(self.pending):
            self._evaluate(name)

    def _evaluate(self, name: str) -> None:
        if name in self.quantities.items or name in self.failed:
            return
        entry = self.pending[name]
        if name in self.stack:
            cycle = " -> ".join([*self.stack[self.stack.index(name) :], name])
            self.log.add(
                entry.where.at("of"),
                entry.where.field("of"),
                f"derived values refer to each other in a cycle: {cycle}",
            )
            self.failed.update(self.stack[self.stack.index(name) :])
            self.quantities.unusable.update(self.stack[self.stack.index(name) :])
            return
        self.stack.append(name)
        for ref in [*entry.of, *entry.minus]:
            head, _ = split_ref(ref)
            if head in self.pending:
                self._evaluate(head)
        self.stack.pop()
        if name in self.failed:
            return
        result = self._compute(entry)
        if result is None:
            self.failed.add(name)
            self.quantities.unusable.add(name)
        else:
            self.quantities.items[name] = result

    def _compute(self, entry: Derived) -> Quantity | None:
        inputs = self._inputs(entry)
        if inputs is None:
            return None
        operate = {
            "ratio": self._ratio,
            "sum": self._sum,
            "complement": self._complement,
            "product": self._product,
        }
        computed = operate[entry.op](entry, inputs)
        if computed is None:
            return None
        value, unit = computed
        if entry.unit is not None and entry.op != "product":
            self.log.add(
                entry.where.at("unit"),
                entry.where.field("unit"),
                f"only a product may say its unit; a {entry.op} is in {unit}",
            )
            return None
        scopes = scope_key(entry.scope) or frozenset().union(*(q.scopes for q, _, _ in inputs))
        years = [q.year for q, _, _ in inputs if q.year is not None]
        base_years = {q.base_year for q, _, _ in inputs}
        sources = tuple(dict.fromkeys(s for q, _, _ in inputs for s in q.sources))
        year = entry.year or (max(years) if years else None)
        base_year = entry.base_year or (base_years.pop() if len(base_years) == 1 else None)
        if base_year is not None and year is not None and base_year >= year:
            self.log.add(
                entry.where.at("base_year"),
                entry.where.field("base_year"),
                f"the base year ({base_year}) must come before the year ({year})",
            )
            return None
        return Quantity(
            id=entry.id,
            kind="derived",
            unit=entry.unit or unit,
            value=value,
            year=year,
            base_year=base_year,
            scopes=scopes,
            sources=sources,
        )

    def _inputs(self, entry: Derived) -> list[tuple[Quantity, float, int]] | None:
        """Each operand as (quantity, number, sign); None when any of them is unusable."""
        inputs = []
        ok = True
        for field_name, refs, sign in (("of", entry.of, 1), ("minus", entry.minus, -1)):
            for i, ref in enumerate(refs):
                head, _ = split_ref(ref)
                if head in self.failed:
                    ok = False
                    continue
                found = self.resolver.quantity(ref, entry.where, field_name, i)
                if found is None:
                    ok = False
                    continue
                inputs.append((found, self.quantities.value(ref), sign))
        return inputs if ok else None

    def _ratio(self, entry: Derived, inputs) -> tuple[float, str] | None:
        if len(inputs) != 2 or entry.minus:
            self._arity(entry, "ratio takes two values in 'of' (part, whole) and no 'minus'")
            return None
        (_, part, _), (_, whole, _) = inputs
        if np.any(np.asarray(whole) == 0):
            self.log.add(
                entry.where.at("of", 1),
                entry.where.field("of", 1),
                "the whole of a ratio is zero; the ratio is undefined",
            )
            return None
        return part / whole * 100.0, "percent"

    def _sum(self, entry: Derived, inputs) -> tuple[float, str] | None:
        units = {q.unit for q, _, _ in inputs}
        if len(units) > 1:
            listed = ", ".join(f"{q.id} ({q.unit})" for q, _, _ in inputs)
            self.log.add(
                entry.where.at("of"),
                entry.where.field("of"),
                f"a sum needs values in one unit, found {listed}",
            )
            return None
        return sum(sign * number for _, number, sign in inputs), units.pop()

    def _complement(self, entry: Derived, inputs) -> tuple[float, str] | None:
        if len(inputs) != 1:
            self._arity(entry, "complement takes one percentage in 'of' and no 'minus'")
            return None
        quantity, number, _ = inputs[0]
        if quantity.unit != "percent":
            self.log.add(
                entry.where.at("of", 0),
                entry.where.field("of", 0),
                f"complement needs a percentage, found '{quantity.id}' in {quantity.unit}",
            )
            return None
        return 100.0 - number, "percent"

    def _product(self, entry: Derived, inputs) -> tuple[float, str] | None:
        """One count (or none) times shares and ratios; a share counts as its fraction."""
        counts = [q for q, _, _ in inputs if q.unit not in FACTOR_UNITS]
        if entry.minus or len(counts) > 1:
            self._arity(
                entry,
                "a product takes one count and any shares or ratios in 'of', and no 'minus'; "
                f"found {', '.join(f'{q.id} ({q.unit})' for q, _, _ in inputs)}",
            )
            return None
        result = 1.0
        for quantity, number, _ in inputs:
            result = result * (number / 100.0 if quantity.unit == "percent" else number)
        units = {q.unit for q, _, _ in inputs}
        unit = counts[0].unit if counts else "percent" if units == {"percent"} else "ratio"
        return result * (100.0 if unit == "percent" else 1.0), unit

    def _arity(self, entry: Derived, message: str) -> None:
        self.log.add(entry.where.at("of"), entry.where.field("of"), message)
