"""What the data means, checked as a whole: ids, references, ranges, years, languages.

The schema has already made sure each field has the right type. Here every rule that involves
a value's meaning or another entry is checked, each problem logged at the field it concerns,
so the analyst gets the full list in one run. It returns what the data resolves to: its
quantities and scenario plans, ready for the projection.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gapreport.check.fairness import check_comparison, check_progress
from gapreport.check.names import (
    PROGRESS_FIGURES,
    SCENARIO_MEASURES,
    SETTING_FIGURES,
    TAKES_MEASURES,
    YEAR_PARTS,
)
from gapreport.check.observations import check_observations
from gapreport.check.plans import ScenarioPlan, build_plans, series_ids
from gapreport.check.quantities import Quantities, Resolver, resolve_quantities, split_ref
from gapreport.errors import ProblemLog
from gapreport.language.texts import placeholders
from gapreport.load.messages import did_you_mean
from gapreport.load.schema import (
    LARGEST,
    LEVEL_UNITS,
    Assumption,
    Claim,
    Derived,
    Figure,
    Labels,
    Model,
    Text,
    Where,
)

if TYPE_CHECKING:
    from gapreport.load.dataset import Dataset

PERCENT_RANGE = (-100.0, 1000.0)


def check_dataset(dataset: Dataset, log: ProblemLog) -> tuple[Quantities, list[ScenarioPlan]]:
    """Check everything; return what the data resolves to (its quantities and its scenarios'
    plans), complete when ``log`` holds no problem."""
    _check_ids(dataset, log)
    _check_brief(dataset, log)
    source_ids = {s.id for s in dataset.sources}
    known = {f.id for f in dataset.figures} | source_ids
    labels = dataset.labels
    invalid = {
        f.id for f in dataset.figures if _found_problems(log, _check_figure, f, source_ids, labels)
    }
    invalid |= {
        a.id
        for a in dataset.assumptions
        if _found_problems(log, _check_assumption, a, known, labels)
    }
    invalid |= {d.id for d in dataset.derived if _found_problems(log, _check_scope, d, labels)}
    quantities = resolve_quantities(
        dataset.figures, dataset.assumptions, dataset.derived, log, invalid=invalid
    )
    all_series = {sid for s in dataset.scenarios for sid in series_ids(s)}
    plans = build_plans(
        dataset.scenarios,
        quantities,
        dataset.brief.horizon,
        log,
        scenario_ids=all_series | {s.id for s in dataset.scenarios},
    )
    check_observations(
        dataset.observations,
        quantities,
        plans,
        dataset.brief.horizon,
        [s.id for s in dataset.scenarios],
        log,
    )
    refs = _RefChecker(
        Resolver(quantities, log),
        all_series,
        source_ids,
        log,
        progress=dataset.prose.progress is not None,
        stock_flow={
            sid
            for s in dataset.scenarios
            if s.supply.method == "stock_flow"
            for sid in series_ids(s)
        },
    )
    _check_texts(dataset, refs, log)
    _check_prose_numbers(dataset, refs, log)
    check_comparison(dataset.prose.comparison, quantities, log)
    check_progress(
        dataset.prose.progress,
        quantities,
        plans,
        dataset.brief.lead_scenarios,
        dataset.brief.horizon,
        log,
    )
    for claim in dataset.claims:
        _check_claim(claim, refs, log)
    return quantities, plans


def _found_problems(log: ProblemLog, check, entry, *args) -> bool:
    """Run one entry's check; True when it logged a problem (its id is then unusable)."""
    before = len(log.problems)
    check(entry, *args, log)
    return len(log.problems) > before


def _check_ids(dataset: Dataset, log: ProblemLog) -> None:
    """Ids are unique among sources, among claims, and among all named numbers and scenarios."""
    groups: list[list[tuple[str, Any]]] = [
        [("source", s) for s in dataset.sources],
        [("figure", e) for e in dataset.figures]
        + [("assumption", e) for e in dataset.assumptions]
        + [("derived value", e) for e in dataset.derived],
        [("claim", c) for c in dataset.claims],
    ]
    for group in groups:
        _unique(((kind, e.id, e) for kind, e in group), log)
    named = {e.id for _, e in groups[1]}
    series = []
    for scenario in dataset.scenarios:
        for sid in series_ids(scenario):
            series.append(("scenario", sid, scenario))
    _unique(series, log)
    for _, sid, scenario in series:
        if sid in named:
            log.add(
                scenario.where.at("id"),
                scenario.where.field("id"),
                f"the scenario id '{sid}' is also the id of a figure, assumption or derived "
                "value; give it another",
            )


def _unique(entries: Iterable[tuple[str, str, Model]], log: ProblemLog) -> None:
    seen: dict[str, tuple[str, Model]] = {}
    for kind, ident, entry in entries:
        if ident in seen:
            first_kind, first = seen[ident]
            log.add(
                entry.where.at("id"),
                entry.where.field("id"),
                f"duplicate id '{ident}': a {first_kind} at {first.where.at('id')} has it already",
            )
        else:
            seen[ident] = (kind, entry)


def _check_brief(dataset: Dataset, log: ProblemLog) -> None:
    brief = dataset.brief
    where = brief.where
    if brief.horizon.end <= brief.horizon.start:
        log.add(
            where.at("horizon", "end"),
            where.field("horizon", "end"),
            f"the horizon must end after it starts ({brief.horizon.start}), found "
            f"{brief.horizon.end}",
        )
    elif not brief.horizon.start <= brief.key_year <= brief.horizon.end:
        log.add(
            where.at("key_year"),
            where.field("key_year"),
            f"expected a year within the horizon {brief.horizon.start}-{brief.horizon.end}, "
            f"found {brief.key_year}",
        )
    if brief.first_intake is not None and brief.date and brief.first_intake < brief.date.year:
        log.add(
            where.at("first_intake"),
            where.field("first_intake"),
            "new study places cannot start before the brief's date "
            f"({brief.date.isoformat()}), found {brief.first_intake}",
        )
    for i, lang in enumerate(brief.languages):
        if lang in brief.languages[:i]:
            log.add(
                where.at("languages", i),
                where.field("languages", i),
                f"the language '{lang}' is listed twice",
            )
    scenario_ids = {s.id for s in dataset.scenarios}
    for i, lead in enumerate(brief.lead_scenarios):
        if lead not in scenario_ids:
            log.add(
                where.at("lead_scenarios", i),
                where.field("lead_scenarios", i),
                f"unknown scenario '{lead}'{did_you_mean(lead, scenario_ids)}",
            )


def _check_figure(figure: Figure, source_ids: set[str], labels: Labels, log: ProblemLog) -> None:
    where = figure.where
    _check_scope(figure, labels, log)
    has_range = figure.low is not None or figure.high is not None
    if figure.value is None and not has_range:
        log.add(where.at(), where.field(), "a figure needs a 'value', or a 'low' and a 'high'")
    if has_range and (figure.low is None or figure.high is None):
        missing = "low" if figure.low is None else "high"
        log.add(
            where.at(), where.field(missing), f"a range needs both ends; '{missing}' is missing"
        )
    _check_range(figure.value, figure.low, figure.high, figure.where, log)
    if figure.range is not None and figure.low is None:
        log.add(
            where.at("range"),
            where.field("range"),
            "'range' says what a low and a high are; this figure has no 'low' and 'high'",
        )
    if figure.bound is not None and figure.value is None:
        log.add(
            where.at("bound"),
            where.field("bound"),
            "a bound is one number: give a 'value' (a range already has its two ends)",
        )
    for name in ("value", "low", "high"):
        _check_unit_value(getattr(figure, name), figure.unit, where, name, log)
    if figure.base_year is not None and figure.year is None:
        log.add(
            where.at("base_year"),
            where.field("base_year"),
            "a figure with a 'base_year' is a change up to a 'year'; give its 'year' too",
        )
    elif (
        figure.base_year is not None and figure.year is not None and figure.base_year >= figure.year
    ):
        log.add(
            where.at("base_year"),
            where.field("base_year"),
            f"the base year ({figure.base_year}) must come before the year ({figure.year})",
        )
    _check_source(figure.source, source_ids, where, ("source",), log)
    for i, ref in enumerate(figure.reported_by):
        _check_source(ref, source_ids, where, ("reported_by", i), log)


def _check_assumption(
    assumption: Assumption, known: set[str], labels: Labels, log: ProblemLog
) -> None:
    _check_scope(assumption, labels, log)
    _check_range(assumption.value, assumption.low, assumption.high, assumption.where, log)
    for name in ("value", "low", "high"):
        _check_unit_value(getattr(assumption, name), assumption.unit, assumption.where, name, log)
    for i, ref in enumerate(assumption.basis):
        if ref not in known:
            log.add(
                assumption.where.at("basis", i),
                assumption.where.field("basis", i),
                f"unknown id '{ref}'{did_you_mean(ref, known)}; expected a figure or source",
            )


def _check_range(
    value: float | None, low: float | None, high: float | None, where, log: ProblemLog
) -> None:
    if low is not None and high is not None and low > high:
        log.add(where.at("low"), where.field("low"), f"low ({low:g}) is above high ({high:g})")
        return
    if value is None:
        return
    if low is not None and value < low:
        log.add(
            where.at("value"),
            where.field("value"),
            f"the value ({value:g}) is below its low ({low:g})",
        )
    if high is not None and value > high:
        log.add(
            where.at("value"),
            where.field("value"),
            f"the value ({value:g}) is above its high ({high:g})",
        )


def _check_unit_value(value: float | None, unit: str, where, name: str, log: ProblemLog) -> None:
    """Catch impossible numbers: negative head counts, percentages far outside any sane range."""
    if value is None:
        return
    if abs(value) > LARGEST:
        log.add(
            where.at(name),
            where.field(name),
            f"expected a number no larger than {LARGEST:,.0f}, found {value:g}",
        )
        return
    if unit in (*LEVEL_UNITS, "posts", "persons_per_year", "years", "ratio") and value < 0:
        log.add(
            where.at(name),
            where.field(name),
            f"a number in {unit} cannot be negative, found {value:g}",
        )
    if unit == "percent" and not PERCENT_RANGE[0] <= value <= PERCENT_RANGE[1]:
        log.add(
            where.at(name),
            where.field(name),
            f"expected a percentage between {PERCENT_RANGE[0]:g} and {PERCENT_RANGE[1]:g}, "
            f"found {value:g} (write 40 for 40 %)",
        )


def _check_source(ref: str, source_ids: set[str], where, path: tuple, log: ProblemLog) -> None:
    if ref not in source_ids:
        log.add(
            where.at(*path),
            where.field(*path),
            f"unknown source '{ref}'{did_you_mean(ref, source_ids)}",
        )


def _check_scope(entry: Figure | Assumption | Derived, labels: Labels, log: ProblemLog) -> None:
    """Every scope code needs a display name, so the brief can say what a number counts."""
    if entry.scope is None:
        return
    for part in ("profession", "sector", "region"):
        code = getattr(entry.scope, part)
        names = getattr(labels, part)
        if code not in names:
            log.add(
                entry.where.at("scope", part),
                entry.where.field("scope", part),
                f"no label for the {part} '{code}'{did_you_mean(code, names)}; add it "
                f"under labels.{part}",
            )


def _check_texts(dataset: Dataset, refs: _RefChecker, log: ProblemLog) -> None:
    """Texts given per language cover every language; numbers they quote by name exist."""
    languages = dataset.brief.languages
    fields: dict[str, list[tuple[Any, tuple]]] = {
        "brief": [(dataset.brief, (name,)) for name in ("title", "subtitle", "organisation")],
        "labels": [
            (dataset.labels, (part, code))
            for part in ("profession", "sector", "region")
            for code in getattr(dataset.labels, part)
        ],
        "sources": [(e, ("note",)) for e in dataset.sources],
        "figures": [(e, ("note",)) for e in dataset.figures],
        "assumptions": [(e, ("rationale",)) for e in dataset.assumptions],
        "derived": [(e, ("note",)) for e in dataset.derived],
        "scenarios": [
            (e, (name,)) for e in dataset.scenarios for name in ("title", "description", "caveat")
        ],
        "claims": [(e, ("statement",)) for e in dataset.claims],
        "observations": [(e, ("caveat",)) for e in dataset.observations],
        "assumption titles": [(e, ("title",)) for e in dataset.assumptions],
        "scenario labels": [(e, ("label",)) for e in dataset.scenarios],
        "prose": _prose_texts(dataset),
    }
    for entries in fields.values():
        for entry, path in entries:
            text = _get(entry, path)
            _check_text(text, entry, path, languages, log)
            # each language's text on its own line, so a slip is shown where it is
            variants = (
                [(text[lang], (*path, lang)) for lang in text]
                if isinstance(text, dict)
                else [(text, path)]
            )
            for variant, at in variants:
                for name in dict.fromkeys(placeholders(variant)):
                    if name.startswith("@"):
                        refs.source(name[1:], entry.where, *at)
                    else:
                        refs.unit(name, entry.where, *at)


def _prose_texts(dataset: Dataset) -> list[tuple[Model, tuple]]:
    prose = dataset.prose
    texts: list[tuple[Model, tuple]] = [(prose, ("summary",))]
    texts += [(h, ("meaning",)) for h in prose.highlights]
    texts += [(prose, ("context", i)) for i in range(len(prose.context))]
    texts += [(prose, ("limitations", i)) for i in range(len(prose.limitations))]
    if prose.comparison is not None:
        texts += [(prose.comparison, ("heading",)), (prose.comparison, ("caveat",))]
    if prose.progress is not None:
        texts += [(prose.progress, ("caveat",))]
    if prose.what_it_takes is not None:
        texts += [(prose, ("what_it_takes",))]
    if prose.asks is not None:
        texts += [(prose.asks, ("heading",))]
        texts += [(prose.asks, ("items", i)) for i in range(len(prose.asks.items))]
    return texts


def _get(entry: Model, path: tuple) -> Text | None:
    value = getattr(entry, path[0])
    return value[path[1]] if len(path) > 1 else value


def _check_prose_numbers(dataset: Dataset, refs: _RefChecker, log: ProblemLog) -> None:
    """Highlights and the progress bar name numbers the brief can show."""
    for highlight in dataset.prose.highlights:
        refs.unit(highlight.value, highlight.where, "value")
    comparison = dataset.prose.comparison
    if comparison is not None:
        for i, ref in enumerate(comparison.figures):
            refs.resolver.quantity(ref, comparison.where, "figures", i)
    progress = dataset.prose.progress
    if progress is None:
        return
    units = [
        refs.unit(getattr(progress, name), progress.where, name) for name in ("delivered", "need")
    ]
    if None not in units and "level" not in units and units[0] != units[1]:
        log.add(
            progress.where.at("need"),
            progress.where.field("need"),
            f"delivered is in {units[0]} but need is in {units[1]}; both need one unit",
        )


def _check_text(
    text: Text | None, entry: Model, path: tuple[str, ...], languages: list[str], log: ProblemLog
) -> None:
    if not isinstance(text, dict):
        return
    missing = [lang for lang in languages if lang not in text]
    if missing:
        log.add(
            entry.where.at(*path),
            entry.where.field(*path),
            f"the text is given per language but lacks {', '.join(missing)}",
        )


class _RefChecker:
    """Checks a name that may stand for a quantity or for a scenario's projected measure."""

    def __init__(
        self,
        resolver: Resolver,
        series: set[str],
        sources: set[str],
        log: ProblemLog,
        progress: bool = False,
        stock_flow: set[str] | None = None,
    ):
        self.progress = progress
        self.stock_flow = stock_flow or set()
        self.resolver = resolver
        self.series = series
        self.sources = sources
        self.log = log

    def source(self, ref: str, where: Where, *path: str | int) -> None:
        _check_source(ref, self.sources, where, path, self.log)

    def unit(self, ref: str, where: Where, *path: str | int) -> str | None:
        """The unit of what ``ref`` names ("level" for a scenario's own unit), or None if bad."""
        head, part = split_ref(ref)
        if ref in SETTING_FIGURES:
            return "year"
        if ref in PROGRESS_FIGURES:
            if not self.progress:
                self.log.add(
                    where.at(*path),
                    where.field(*path),
                    f"'{ref}' is known only when the prose has a 'progress' bar",
                )
                return None
            return PROGRESS_FIGURES[ref]
        if head not in self.series and head not in self.resolver.quantities.items:
            self._unknown(head, where, path)
            return None
        if head not in self.series and part in YEAR_PARTS:
            return self._year(head, part, where, path)
        if head not in self.series:
            quantity = self.resolver.quantity(ref, where, *path)
            return None if quantity is None else quantity.unit
        if part in TAKES_MEASURES:
            if head not in self.stock_flow:
                self.log.add(
                    where.at(*path),
                    where.field(*path),
                    f"'{ref}': what it takes is worked out only for a scenario whose supply is "
                    "a stock_flow",
                )
                return None
            return TAKES_MEASURES[part]
        if part not in SCENARIO_MEASURES:
            self.log.add(
                where.at(*path),
                where.field(*path),
                f"expected '{head}.' followed by one of "
                f"{', '.join([*SCENARIO_MEASURES, *TAKES_MEASURES])}, "
                f"found '{ref}'",
            )
            return None
        return SCENARIO_MEASURES[part]

    def _unknown(self, head: str, where: Where, path: tuple) -> None:
        """A name that is neither a number of the data nor a scenario: the closest of both."""
        if head in self.resolver.quantities.unusable:
            return  # (already reported where it is defined)
        known = [*self.resolver.quantities.items, *sorted(self.series)]
        self.log.add(
            where.at(*path),
            where.field(*path),
            f"unknown id '{head}'{did_you_mean(head, known)}; expected a figure, assumption, "
            "derived value or scenario",
        )

    def _year(self, head: str, part: str, where: Where, path: tuple) -> str | None:
        quantity = self.resolver.quantities.items.get(head)
        if quantity is None:  # (the resolver names what is wrong)
            self.resolver.quantity(head, where, *path)
            return None
        if getattr(quantity, part) is None:
            self.log.add(
                where.at(*path), where.field(*path), f"'{head}' has no {part.replace('_', ' ')}"
            )
            return None
        return "year"


def _check_claim(claim: Claim, refs: _RefChecker, log: ProblemLog) -> None:
    units = [refs.unit(getattr(claim, name), claim.where, name) for name in ("actual", "expected")]
    if None in units or "level" in units:
        return
    if units[0] != units[1]:
        log.add(
            claim.where.at("actual"),
            claim.where.field("actual"),
            f"the claim compares {units[0]} with {units[1]}; both sides need one unit",
        )
