"""From a scenario in the data to a plan of plain numbers the projection can run.

A scenario names figures and assumptions; a plan holds the numbers they stand for, checked:
units fit the method, years run forward, a compound path starts above zero, and demand and
supply count the same thing (scope and unit) unless the scenario's caveat says why comparing
them is fair. Building plans is where all of that is checked, so the projection itself can
never fail on data that passed. Plans are rebuilt from any set of quantities, which is how a
what-if with one assumption moved is computed. A plan is plain numbers; the model computes
its path (:mod:`gapreport.model.paths`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from gapreport.check.quantities import Quantities, Quantity, Resolver, ScopeKey, split_ref
from gapreport.errors import ProblemLog
from gapreport.load.schema import (
    LEVEL_UNITS,
    Anchors,
    Band,
    Growth,
    Horizon,
    Scenario,
    StockFlow,
    Trend,
    Where,
)


def _some(number, test) -> bool:
    """Whether ``test`` holds for a number, or for any of an array of draws. Plain numbers skip
    numpy's call overhead, which large data folders would pay tens of thousands of times."""
    if isinstance(number, (int, float)):
        return bool(test(number))
    return bool(np.any(test(np.asarray(number))))


Value = float | np.ndarray
"""A number of a plan: one value, or one per draw when the outlook draws its inputs."""


@dataclass(frozen=True)
class GrowthPlan:
    base: Value
    base_year: int
    target: Value
    target_year: int
    shape: str


@dataclass(frozen=True)
class AnchorPlan:
    years: tuple[int, ...]
    values: tuple[Value, ...]
    beyond: str


@dataclass(frozen=True)
class TrendPlan:
    base: Value
    base_year: int
    change: Value
    period_years: int
    observed_until: int = 0  # the last year of the change it continues


@dataclass(frozen=True)
class StockFlowPlan:
    stock: Value
    base_year: int
    intake: AnchorPlan
    study_years: int
    completion: Value
    entry_share: Value
    exit_rate: Value
    fte_per_person: Value
    inflow: Value = 0.0  # persons a year arriving from abroad ...
    outflow: Value = 0.0  # ... and leaving for abroad
    move_rate: Value = 0.0  # share a year moving to another sector (a fraction)
    placements: Value | None = None  # practice placements per student
    age_shares: tuple[Value, ...] = ()  # with age bands: each band's share (a fraction) ...
    age_exits: tuple[Value, ...] = ()  # ... its own exit rate (a fraction) ...
    age_widths: tuple[float, ...] = ()  # ... and its width in years (the last: infinite)
    extra_graduates: float = 0.0  # a what-if: more graduates a year ...
    extra_from: int = 0  # ... from this year on


Plan = GrowthPlan | AnchorPlan | TrendPlan | StockFlowPlan
"""A path's numbers, as checked; how each kind is computed is the model's
(:mod:`gapreport.model.paths`)."""


@dataclass(frozen=True)
class SeriesPlan:
    """One demand path against one supply path; a band scenario has two of these."""

    id: str
    demand: Plan
    supply: Plan


@dataclass(frozen=True)
class ScenarioPlan:
    """A scenario ready to project, with what it rests on for the brief to cite."""

    scenario: Scenario
    series: tuple[SeriesPlan, ...]
    unit: str
    inputs: tuple[str, ...]
    mixed_scope: bool
    scope: ScopeKey | None = None  # what its need counts (profession, sector, region)
    counts: tuple[tuple[str, str, frozenset[ScopeKey]], ...] = ()
    """What each side counts: (side, unit, scopes) for demand and supply."""

    @property
    def id(self) -> str:
        return self.scenario.id

    def counted(self, side: str) -> tuple[str, frozenset[ScopeKey]]:
        """The unit and scopes a side (demand, supply; the gap is the demand's) counts."""
        wanted = "demand" if side == "gap" else side
        return next((unit, scopes) for name, unit, scopes in self.counts if name == wanted)


@dataclass
class _Built:
    """A side of a scenario as built: its plans (one, or low and high), unit and scopes."""

    plans: dict[str, Plan]
    unit: str
    scopes: dict[ScopeKey, list[str]] = field(default_factory=dict)


def series_ids(scenario: Scenario) -> list[str]:
    """The ids a scenario's rows carry in the projection: its own, or one per end of a band."""
    if isinstance(scenario.demand, Band):
        return [f"{scenario.id}-low", f"{scenario.id}-high"]
    return [scenario.id]


def build_plans(
    scenarios: list[Scenario],
    quantities: Quantities,
    horizon: Horizon,
    log: ProblemLog,
    scenario_ids: set[str] | None = None,
    band_mix: np.ndarray | None = None,
) -> list[ScenarioPlan]:
    """A plan for every scenario that is sound; problems with the others go to ``log``.

    With ``band_mix`` (draws between 0 and 1), a band whose ends a source states as an
    uncertainty range is one path whose target lies that far from its low to its high end,
    draw by draw, instead of two paths: for the uncertainty. A band of a source's scenario
    outcomes keeps its two paths: a range of scenarios is not a probability.
    """
    builder = _PlanBuilder(quantities, horizon, log, scenario_ids or set())
    builder.band_mix = band_mix
    plans = [builder.scenario(s) for s in scenarios]
    return [p for p in plans if p is not None]


class _PlanBuilder:
    def __init__(
        self, quantities: Quantities, horizon: Horizon, log: ProblemLog, scenario_ids: set[str]
    ):
        self.quantities = quantities
        self.horizon = horizon
        self.log = log
        self.resolver = Resolver(quantities, log, extra_ids=scenario_ids)
        self.used: list[str] = []
        self.band_mix: np.ndarray | None = None

    def scenario(self, scenario: Scenario) -> ScenarioPlan | None:
        self.used = []
        before = len(self.log.problems)
        where = scenario.where
        demand = self.side(scenario.demand, where, "demand")
        supply = self.side(scenario.supply, where, "supply")
        if isinstance(scenario.supply, Band):
            self._problem(
                where,
                ("supply", "method"),
                "a band describes demand only; give "
                "supply a single path (anchors, trend, growth or stock_flow)",
            )
        if demand is None or supply is None or len(self.log.problems) > before:
            return None
        mixed = self._mixed_scope(scenario, demand, supply)
        if mixed and scenario.caveat is None:
            return None
        supply_plan = next(iter(supply.plans.values()))
        ids = series_ids(scenario) if len(demand.plans) > 1 else [scenario.id]
        series = tuple(
            SeriesPlan(series_id, plan, supply_plan)
            for series_id, plan in zip(ids, demand.plans.values(), strict=True)
        )
        return ScenarioPlan(
            scenario,
            series,
            demand.unit,
            tuple(dict.fromkeys(self.used)),
            mixed,
            next(iter(demand.scopes), None),
            (
                ("demand", demand.unit, frozenset(demand.scopes)),
                ("supply", supply.unit, frozenset(supply.scopes)),
            ),
        )

    def side(self, spec, where: Where, name: str) -> _Built | None:
        build: dict[type, Callable[..., _Built | None]] = {
            Growth: self.growth,
            Band: self.band,
            Anchors: self.anchors,
            Trend: self.trend,
            StockFlow: self.stock_flow,
        }
        return build[type(spec)](spec, where, name)

    # --- methods ---------------------------------------------------------------------------

    def growth(self, spec: Growth, where: Where, side: str) -> _Built | None:
        base = self._level(spec.base, where, side, "base")
        given = [
            (name, ref)
            for name in ("percent", "added", "target")
            if (ref := getattr(spec, name)) is not None
        ]
        if len(given) != 1:
            found = ", ".join(name for name, _ in given) or "none"
            self._problem(
                where,
                (side,),
                f"growth needs exactly one of 'percent', 'added' or 'target', found {found}",
            )
            return None
        name, ref = given[0]
        level = [base.unit] if base is not None else LEVEL_UNITS
        target_q = self._use(
            ref, where, side, name, units=["percent"] if name == "percent" else level
        )
        if base is None or target_q is None:
            return None
        start = self.quantities.value(spec.base)
        amount = self.quantities.value(ref)
        target = {"percent": start * (1 + amount / 100), "added": start + amount, "target": amount}[
            name
        ]
        years = self._years(spec.base_year, base, spec.target_year, target_q, where, side)
        if years is None or not self._positive(spec.shape, start, target, where, side, name):
            return None
        plan = GrowthPlan(start, years[0], target, years[1], spec.shape)
        return _Built({"": plan}, base.unit, self._scopes(base, target_q))

    def band(self, spec: Band, where: Where, side: str) -> _Built | None:
        base = self._level(spec.base, where, side, "base")
        level = [base.unit] if base is not None else LEVEL_UNITS
        low = self._use(spec.low, where, side, "low", units=level)
        high = self._use(spec.high, where, side, "high", units=level)
        if base is None or low is None or high is None:
            return None
        start = self.quantities.value(spec.base)
        ends = self.quantities.value(spec.low), self.quantities.value(spec.high)
        if _some(np.subtract(ends[0], ends[1]), lambda d: d > 0):
            self._problem(
                where,
                (side, "low"),
                f"the low end ({_fmt(ends[0])}) is above the high end ({_fmt(ends[1])})",
            )
            return None
        years = self._years(spec.base_year, base, spec.target_year, low, where, side)
        if years is None or not all(
            self._positive(spec.shape, start, end, where, side, part)
            for end, part in zip(ends, ("low", "high"), strict=True)
        ):
            return None
        drawn = all(
            self.quantities[split_ref(ref)[0]].range == "uncertainty"
            for ref in (spec.low, spec.high)
        )
        if self.band_mix is not None and drawn:  # a stated uncertainty range: drawn evenly
            target = ends[0] + self.band_mix * (ends[1] - ends[0])
            plans: dict[str, Plan] = {"": GrowthPlan(start, years[0], target, years[1], spec.shape)}
        else:
            plans = {
                part: GrowthPlan(start, years[0], end, years[1], spec.shape)
                for part, end in zip(("low", "high"), ends, strict=True)
            }
        return _Built(plans, base.unit, self._scopes(base, low, high))

    def anchors(
        self, spec: Anchors, where: Where, side: str, units: tuple[str, ...] = LEVEL_UNITS
    ) -> _Built | None:
        points: dict[int, Value] = {}
        found: list[Quantity] = []
        for i, point in enumerate(spec.points):
            quantity = self._use(point.value, where, side, "points", i, "value", units=units)
            if quantity is None:
                continue
            if found and quantity.unit != found[0].unit:
                self._problem(
                    where,
                    (side, "points", i, "value"),
                    f"all points need one unit; "
                    f"'{found[0].id}' is in {found[0].unit}, this is in {quantity.unit}",
                )
                continue
            year = point.year or quantity.year
            if year is None:
                self._problem(
                    where,
                    (side, "points", i, "year"),
                    f"give the point a 'year'; '{quantity.id}' has no year",
                )
                continue
            if year in points:
                self._problem(
                    where,
                    (side, "points", i, "year"),
                    f"two points fall in {year}; give each point its own year",
                )
                continue
            points[year] = self.quantities.value(point.value)
            found.append(quantity)
        if len(found) != len(spec.points):
            return None
        ordered = sorted(points.items())
        plan = AnchorPlan(tuple(y for y, _ in ordered), tuple(v for _, v in ordered), spec.beyond)
        return _Built({"": plan}, found[0].unit, self._scopes(*found))

    def trend(self, spec: Trend, where: Where, side: str) -> _Built | None:
        base = self._level(spec.base, where, side, "base")
        level = [base.unit] if base is not None else LEVEL_UNITS
        change = self._use(spec.change, where, side, "change", units=level)
        if base is None or change is None:
            return None
        if change.base_year is None or change.year is None or change.year <= change.base_year:
            self._problem(
                where,
                (side, "change"),
                f"'{change.id}' needs a 'base_year' before its "
                "'year', so its pace per year is known",
            )
            return None
        base_year = spec.base_year or base.year
        if base_year is None:
            self._problem(where, (side, "base_year"), f"give 'base_year'; '{base.id}' has no year")
            return None
        plan = TrendPlan(
            self.quantities.value(spec.base),
            base_year,
            self.quantities.value(spec.change),
            change.year - change.base_year,
            change.year,
        )
        return _Built({"": plan}, base.unit, self._scopes(base, change))

    def stock_flow(self, spec: StockFlow, where: Where, side: str) -> _Built | None:
        stock = self._level(spec.stock, where, side, "stock")
        intake = self.anchors(spec.intake, where, f"{side}.intake", units=("persons_per_year",))
        rates = {
            name: self._rate(getattr(spec, name), where, side, name)
            for name in ("completion", "entry_share")
        }
        rates["exit_rate"], ages = self._exits(spec, where, side)
        study_years = self._use(spec.study_years, where, side, "study_years", units=["years"])
        fte = self._fte_factor(spec, stock, where, side)
        optional = self._stock_flow_options(spec, where, side)
        if optional is not None:
            optional.update(ages)
        if any(
            part is None for part in (stock, intake, study_years, fte, optional, *rates.values())
        ):
            return None
        assert optional is not None
        assert stock is not None and intake is not None
        base_year = spec.base_year or stock.year or self.horizon.start
        if base_year > self.horizon.start:
            self._problem(
                where,
                (side, "base_year"),
                f"a stock-and-flow path must start at or "
                f"before the horizon's start ({self.horizon.start}), found {base_year}",
            )
            return None
        anchors = intake.plans[""]
        assert isinstance(anchors, AnchorPlan) and fte is not None
        completion, entry_share, exit_rate = (
            rates[name] for name in ("completion", "entry_share", "exit_rate")
        )
        assert completion is not None and entry_share is not None and exit_rate is not None
        plan = StockFlowPlan(
            self.quantities.value(spec.stock),
            base_year,
            anchors,
            round(float(np.mean(self.quantities.value(spec.study_years)))),
            completion,
            entry_share,
            exit_rate,
            fte,
            **optional,
        )
        if _some(np.add(exit_rate, plan.move_rate), lambda x: x > 1):
            self._problem(
                where,
                (side, "move_rate"),
                "exits and moves to other sectors together exceed 100 % a year",
            )
            return None
        return _Built({"": plan}, stock.unit, self._scopes(stock))

    def _exits(self, spec: StockFlow, where: Where, side: str) -> tuple[Value | None, dict]:
        """The exit rate (for age bands: their share-weighted mean, which what it takes and
        the tables quote) and, with age bands, each band's share, exit rate and width."""
        if (spec.exit_rate is None) == (spec.ages is None):
            self._problem(
                where,
                (side, "exit_rate"),
                "give one 'exit_rate' for the whole stock, or 'ages' with an exit rate per "
                "band; not both, and not neither",
            )
            return None, {}
        if spec.exit_rate is not None:
            return self._rate(spec.exit_rate, where, side, "exit_rate"), {}
        bands = spec.ages or []
        ages = [band.age for band in bands]
        if ages != sorted(set(ages)):
            self._problem(where, (side, "ages"), f"age bands must rise, found ages {ages}")
            return None, {}
        shares = [self._rate(b.share, where, side, "ages", i, "share") for i, b in enumerate(bands)]
        exits = [
            self._rate(b.exit_rate, where, side, "ages", i, "exit_rate")
            for i, b in enumerate(bands)
        ]
        found_shares = [v for v in shares if v is not None]
        found_exits = [v for v in exits if v is not None]
        if len(found_shares) + len(found_exits) < 2 * len(bands):
            return None, {}
        total = sum(np.asarray(v, dtype=float) for v in found_shares)
        if _some(total, lambda x: abs(x - 1) > 0.005):
            self._problem(
                where,
                (side, "ages"),
                f"the age bands' shares must add up to 100 %, found {_fmt(total * 100)} %",
            )
            return None, {}
        widths = tuple(float(b - a) for a, b in zip(ages, ages[1:], strict=False)) + (np.inf,)
        mean = sum(np.multiply(s, e) for s, e in zip(found_shares, found_exits, strict=True))
        return mean, {
            "age_shares": tuple(found_shares),
            "age_exits": tuple(found_exits),
            "age_widths": widths,
        }

    def _stock_flow_options(self, spec: StockFlow, where: Where, side: str) -> dict | None:
        """The optional flows of a stock-and-flow path (absent ones are zero), or None when
        one of them is wrong (and logged)."""
        found: dict[str, Value | None] = {}
        for name in ("inflow", "outflow"):
            ref = getattr(spec, name)
            if ref is not None:
                quantity = self._use(ref, where, side, name, units=["persons_per_year"])
                found[name] = None if quantity is None else self.quantities.value(ref)
        if spec.move_rate is not None:
            found["move_rate"] = self._rate(spec.move_rate, where, side, "move_rate")
        if spec.placements is not None:
            quantity = self._use(spec.placements, where, side, "placements", units=["ratio"])
            found["placements"] = (
                None if quantity is None else self.quantities.value(spec.placements)
            )
        if any(value is None for value in found.values()):
            return None
        return found

    # --- helpers ---------------------------------------------------------------------------

    def _use(
        self, ref: str, where: Where, side: str, *path: str | int, units=None
    ) -> Quantity | None:
        quantity = self.resolver.quantity(ref, where, *side.split("."), *path, units=units)
        if quantity is not None:
            self.used.append(quantity.id)
        return quantity

    def _level(self, ref: str, where: Where, side: str, name: str) -> Quantity | None:
        return self._use(ref, where, side, name, units=LEVEL_UNITS)

    def _rate(self, ref: str, where: Where, side: str, *path: str | int) -> Value | None:
        quantity = self._use(ref, where, side, *path, units=["percent"])
        if quantity is None:
            return None
        value = self.quantities.value(ref)
        # the low and high too: sensitivity and the uncertainty draws use them as rates
        for number in (value, quantity.low, quantity.high):
            if number is not None and _some(number, lambda x: (x < 0) | (x > 100)):
                self._problem(
                    where,
                    (side, *path),
                    f"a share must lie between 0 and 100 %, found {_fmt(number)} ('{quantity.id}')",
                )
                return None
        return value / 100

    def _fte_factor(
        self, spec: StockFlow, stock: Quantity | None, where: Where, side: str
    ) -> float | None:
        if stock is None:
            return None
        if spec.fte_per_person is None:
            if stock.unit == "fte":
                self._problem(
                    where,
                    (side, "fte_per_person"),
                    "a stock counted in fte needs 'fte_per_person' to turn graduates into FTEs",
                )
                return None
            return 1.0
        if stock.unit != "fte":
            self._problem(
                where,
                (side, "fte_per_person"),
                "'fte_per_person' only applies when "
                f"the stock is counted in fte; '{stock.id}' is in {stock.unit}",
            )
            return None
        factor = self._use(spec.fte_per_person, where, side, "fte_per_person", units=["ratio"])
        return None if factor is None else self.quantities.value(spec.fte_per_person)

    def _years(
        self,
        base_year: int | None,
        base: Quantity,
        target_year: int | None,
        target: Quantity,
        where: Where,
        side: str,
    ) -> tuple[int, int] | None:
        """The years a path runs between: as given, else the base's year (or, for an undated
        base, the year a change named as the target counts from) and the target's year."""
        start = base_year or base.year or target.base_year
        end = target_year or target.year
        missing = [
            f"'{name}' ('{q.id}' has no year)"
            for name, year, q in (("base_year", start, base), ("target_year", end, target))
            if year is None
        ]
        if missing:
            self._problem(where, (side,), f"give {' and '.join(missing)}")
            return None
        assert start is not None and end is not None
        if end <= start:
            self._problem(
                where,
                (side, "target_year"),
                f"the target year ({end}) must come after the base year ({start})",
            )
            return None
        return start, end

    def _positive(
        self, shape: str, start: float, end: float, where: Where, side: str, name: str
    ) -> bool:
        if shape == "compound" and (_some(start, lambda x: x <= 0) or _some(end, lambda x: x <= 0)):
            self._problem(
                where,
                (side, name),
                f"compound growth needs a start and end above "
                f"zero, found {_fmt(start)} and {_fmt(end)}; use shape: linear",
            )
            return False
        return True

    def _scopes(self, *quantities: Quantity) -> dict[ScopeKey, list[str]]:
        scopes: dict[ScopeKey, list[str]] = {}
        for quantity in quantities:
            for scope in sorted(quantity.scopes):
                scopes.setdefault(scope, []).append(quantity.id)
        return scopes

    def _mixed_scope(self, scenario: Scenario, demand: _Built, supply: _Built) -> bool:
        scopes = {*demand.scopes, *supply.scopes}
        mixed = len(scopes) > 1 or demand.unit != supply.unit
        if mixed and scenario.caveat is None:
            self._problem(
                scenario.where,
                ("caveat",),
                "demand and supply do not count the same thing: demand counts "
                f"{_describe(demand)}; supply counts {_describe(supply)}. Comparing "
                "them is refused unless the scenario gives a 'caveat:' saying why "
                "it is fair",
            )
        return mixed

    def _problem(self, where: Where, path: tuple, message: str) -> None:
        parts = tuple(
            p for part in path for p in (part.split(".") if isinstance(part, str) else [part])
        )
        self.log.add(where.at(*parts), where.field(*parts), message)


def _fmt(number) -> str:
    """A number for a message; draws (arrays) are summarised by their range."""
    values = np.asarray(number, dtype=float)
    if values.ndim == 0:
        return f"{float(values):g}"
    return f"{values.min():g} to {values.max():g}"


def _describe(built: _Built) -> str:
    scopes = (
        "; ".join(f"{'/'.join(scope)} ({', '.join(ids)})" for scope, ids in built.scopes.items())
        or "no stated scope"
    )
    return f"{built.unit} for {scopes}"
