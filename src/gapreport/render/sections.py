"""What each section of the brief shows: its rows and the sentences around its numbers.

:class:`BriefPage` is the page model the templates see (``page``): the numbers, citations and
texts of :class:`~gapreport.render.page.Page`, and for each section the rows of its table or
the sentence it says, built from them. A section's look is its template
(``templates/_*.html``, ``templates/pdf/_*.typ``); what it says is here.
"""

from __future__ import annotations

from gapreport.check.fairness import DueBy, due_by
from gapreport.check.plans import ScenarioPlan
from gapreport.language.texts import localize
from gapreport.load.schema import Source
from gapreport.model.keyfigures import delivered_share
from gapreport.model.projection import series_labels
from gapreport.outlook.what_it_takes import Requirement, first_intake
from gapreport.render.page import Page


class BriefPage(Page):
    """The page model with every section's rows and sentences."""

    def scenarios(self) -> list[dict]:
        """Each scenario with its result sentence, caveat and what it rests on."""
        return [self._scenario(plan) for plan in self.analysis.projection.plans]

    def _scenario(self, plan: ScenarioPlan) -> dict:
        key = str(self.dataset.brief.key_year)
        unit = self.unit(plan.unit)
        if len(plan.series) == 2:
            low, high = (s.id for s in plan.series)
            result = self.say(
                "scenario",
                "result_band",
                key_year=key,
                demand_low=self.fig(f"{low}.demand", cite=False),
                demand_high=self.fig(f"{high}.demand", cite=False),
                supply=self.fig(f"{low}.supply", cite=False),
                gap_low=self.fig(f"{low}.gap", cite=False),
                gap_high=self.fig(f"{high}.gap", cite=False),
                unit=unit,
            )
        else:
            result = self.say(
                "scenario",
                "result",
                key_year=key,
                demand=self.fig(f"{plan.id}.demand", cite=False),
                supply=self.fig(f"{plan.id}.supply", cite=False),
                gap=self.fig(f"{plan.id}.gap", cite=False),
                unit=unit,
            )
        figure = self.analysis.figures[f"{plan.series[0].id}.gap"]
        return {
            "id": plan.id,
            "title": localize(plan.scenario.title, self.lang),
            "description": self.text(plan.scenario.description),
            "result": result,
            "caveat": self.text(plan.scenario.caveat) if plan.scenario.caveat else None,
            "extrapolated": self._extrapolated(plan),
            "source_ids": figure.sources,
            "assumptions": self.w.join(
                ", ",
                [
                    self.assumption_link(a)
                    for a in sorted(figure.assumptions, key=self.assumption_numbers.__getitem__)
                ],
            ),
        }

    def _extrapolated(self, plan: ScenarioPlan) -> str | None:
        """Where a scenario's paths go on past their sources, a sentence saying from when."""
        projection = self.analysis.projection
        years: dict[str, int] = {}
        for side in ("demand", "supply"):
            found = [
                year
                for series in plan.series
                if (year := projection.extrapolated_after(series.id, side)) is not None
            ]
            if found:
                years[side] = min(found)
        if not years:
            return None
        if len(years) == 2 and years["demand"] != years["supply"]:
            return self.say(
                "scenario",
                "extrapolated_sides",
                demand_year=str(years["demand"]),
                supply_year=str(years["supply"]),
            )
        if len(years) == 2:
            return self.say("scenario", "extrapolated", year=str(years["demand"]))
        side, year = next(iter(years.items()))
        return self.say(
            "scenario",
            "extrapolated_one",
            year=str(year),
            side=self.t.get("scenario", "sides", side),
        )

    def assumptions(self) -> list[dict]:
        rows = []
        for assumption in self.dataset.assumptions:
            value = self.fmt.value
            rows.append(
                {
                    "id": assumption.id,
                    "mark": self.assumption_mark(assumption.id),
                    "title": localize(assumption.title, self.lang),
                    "value": f"{value(assumption.value, assumption.unit)} "
                    f"{self._unit_word(assumption.unit)}".strip(),
                    "range": f"{value(assumption.low, assumption.unit)}–"
                    f"{value(assumption.high, assumption.unit)}",
                    "rationale": self.text(assumption.rationale),
                    "basis": self.cites(
                        s for ref in assumption.basis for s in self._sources_of(ref)
                    ),
                }
            )
        return rows

    def _unit_word(self, unit: str) -> str:
        return "" if unit in ("percent", "ratio", "index") else self.unit(unit)

    def _sources_of(self, ref: str) -> tuple[str, ...]:
        if ref in self.source_numbers:
            return (ref,)
        return self.analysis.figures[ref].sources if ref in self.analysis.figures else ()

    def figures_table(self) -> list[dict]:
        """Every published figure with its scope, so readers can see what each one counts."""
        rows = []
        for figure in self.dataset.figures:
            names = (
                [figure.id]
                if figure.value is not None
                else [f"{figure.id}.low", f"{figure.id}.high"]
            )
            value = "–".join(self.plain(n) for n in names)
            scope = ", ".join(
                self.label(k, getattr(figure.scope, k)) for k in ("profession", "sector", "region")
            )
            years = (
                f"{figure.base_year}–{figure.year}"
                if figure.base_year
                else str(figure.year or self.t.get("method", "undated"))
            )
            rows.append(
                {
                    "id": figure.id,
                    "note": self.text(figure.note),
                    "value": f"{value} {self._unit_word(figure.unit)}".strip(),
                    "years": years,
                    "scope": scope,
                    "cite": self.cite(self.analysis.figures[names[0]]),
                }
            )
        return rows

    def number(self, value: float) -> str:
        return self.fmt.number(value)

    def requirements(self) -> list[tuple[str, ...]]:
        """The what-it-takes table: one row per need path and stock-and-flow supply."""
        labels = series_labels(self.analysis.projection, self.lang, self.t)
        value = self.fmt.value
        rows: list[tuple[str, ...]] = []
        for r in self.analysis.requirements:
            unit = self.unit(r.unit)
            needed = (
                self.t.get("uncertainty", "unreachable")
                if r.exit_rate_needed is None
                else value(r.exit_rate_needed * 100, "percent", computed=True)
            )
            rows.append(
                (
                    labels[r.demand_series],
                    labels[r.supply_scenario],
                    f"{value(r.gap, r.unit, computed=True)} {unit}",
                    value(r.graduates_now, r.unit, computed=True),
                    self._or_too_late(r.extra_graduates, r.unit),
                    self._or_too_late(r.extra_study_places, "persons_per_year"),
                    str(r.from_year),
                    self._or_too_late(r.graduates_needed, r.unit),
                    value(r.exit_rate_now * 100, "percent", computed=True),
                    needed,
                )
            )
        return rows

    def _or_too_late(self, number: float | None, unit: str) -> str:
        """A graduates figure, or 'too late' when new places graduate after the key year."""
        if number is None:
            return str(self.t.get("uncertainty", "too_late"))
        return self.fmt.value(number, unit, computed=True)

    def first_intake(self) -> str:
        """The intake year extra study places start from, as the what-it-takes intro says."""
        return str(first_intake(self.dataset, self.analysis.projection))

    def tornado_sentences(self) -> str:
        """For each series, the assumption that moves its gap most, in words."""
        labels = series_labels(self.analysis.projection, self.lang, self.t)
        sentences = []
        for series_id in dict.fromkeys(s.series_id for s in self.analysis.swings):
            top = next(s for s in self.analysis.swings if s.series_id == series_id)
            unit = self.analysis.projection.plan_of(series_id).unit
            sentences.append(
                self.t.fill(
                    "charts",
                    "tornado_item",
                    label=labels[series_id],
                    assumption=self.assumption_titles[top.assumption],
                    low=self.fmt.value(top.gap_at_low, unit, computed=True),
                    high=self.fmt.value(top.gap_at_high, unit, computed=True),
                    unit=self.unit(unit),
                )
            )
        return " ".join(sentences)

    def takes_sentence(self) -> str:
        """The lead requirement in words: the number that would close the gap (the first lead
        scenario's need, if a stock-and-flow supply is set against it)."""
        leads = self.dataset.brief.lead_scenarios
        r = min(
            self.analysis.requirements,
            key=lambda q: leads.index(q.demand_series) if q.demand_series in leads else len(leads),
        )
        labels = series_labels(self.analysis.projection, self.lang, self.t)
        value = self.fmt.value
        said = {
            "gap": value(r.gap, r.unit, computed=True),
            "unit": self.unit(r.unit),
            "key_year": str(r.year),
            "need": labels[r.demand_series],
            "supply": labels[r.supply_scenario],
            "from_year": str(r.from_year),
        }
        if r.extra_graduates is None or r.graduates_needed is None:
            return self.t.fill("uncertainty", "takes_too_late", intake=self.first_intake(), **said)
        return self.t.fill(
            "uncertainty",
            "takes_sentence",
            extra=value(r.extra_graduates, r.unit, computed=True),
            needed=value(r.graduates_needed, r.unit, computed=True),
            now=value(r.graduates_now, r.unit, computed=True),
            **said,
        ) + self._places_sentence(r)

    def _places_sentence(self, r: Requirement) -> str:
        """The extra graduates as study places (and practice placements, where the data gives
        how many each student needs): what a ministry would actually fund."""
        value = self.fmt.value
        if r.extra_study_places is None:
            return ""
        places = self.t.fill(
            "uncertainty",
            "takes_places",
            places=value(r.extra_study_places, "persons_per_year", computed=True),
            completion=value(r.completion * 100, "percent", computed=True),
        )
        if r.extra_placements is None:
            return f" {places}"
        placements = self.t.fill(
            "uncertainty",
            "takes_placements",
            placements=value(r.extra_placements, "persons_per_year", computed=True),
        )
        return f" {places} {placements}"

    def comparison(self) -> list[dict]:
        """The figures the data sets side by side, each with the scope it counts."""
        comparison = self.dataset.prose.comparison
        rows = []
        for ref in comparison.figures if comparison else []:
            quantity = self.analysis.quantities[ref.partition(".")[0]]
            scope = next(iter(sorted(quantity.scopes)), None)
            entry = next((f for f in self.dataset.figures if f.id == quantity.id), None)
            rows.append(
                {
                    "region": self.label("region", scope[2]) if scope else "",
                    "sector": self.label("sector", scope[1]) if scope else "",
                    "note": self.text(entry.note) if entry is not None else "",
                    "value": self.fig(ref),
                    "years": (
                        f"{quantity.base_year}–{quantity.year}"
                        if quantity.base_year
                        else str(quantity.year or "")
                    ),
                }
            )
        return rows

    def backtests(self) -> list[dict]:
        """Each back-test as a table row and a sentence, with the observation's caveat when
        the path counts something else."""
        labels = series_labels(self.analysis.projection, self.lang, self.t)
        rows = []
        for test in self.analysis.backtests:
            comparable = test.unit == test.projected_unit  # posts against FTEs: no percentage
            error = test.percent_error
            off = "–" if error is None else self._signed_percent(error)
            values = {
                "label": labels[test.series_id],
                "measure": self.t.get("backtest", "measures", test.measure),
                "year": str(test.year),
                "projected": self.fmt.value(test.projected, test.projected_unit, computed=True),
                "projected_unit": self.unit(test.projected_unit),
                "observed": self.fig(test.figure),
                "unit": self.unit(test.unit),
            }
            if not comparable:
                sentence = self.say("backtest", "other_unit", **values)
            elif error is None or abs(error) < 0.5:
                sentence = self.say("backtest", "exact", **values)
            else:
                direction = "above" if error > 0 else "below"
                sentence = self.say(
                    "backtest",
                    "sentence",
                    off=self.fmt.value(abs(error), "percent", computed=True),
                    direction=self.t.get("backtest", direction),
                    **values,
                )
            rows.append(
                {
                    **values,
                    "off": off,
                    "sentence": sentence,
                    "caveat": None if test.like_for_like else self.text(test.observation.caveat),
                    "missed": test.missed,
                }
            )
        return rows

    def _signed_percent(self, value: float) -> str:
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return f"{sign}{self.fmt.value(abs(value), 'percent', computed=True)}"

    def progress_note(self) -> dict | None:
        """What the progress bar needs said beside it: why comparing the two is fair (when
        they count different things), and the like-for-like share (when the delivered change
        covers fewer years than the need it is set against)."""
        progress = self.prose.progress
        if progress is None:
            return None
        due = due_by(
            progress,
            self.analysis.quantities,
            list(self.analysis.projection.plans),
            self.dataset.brief.lead_scenarios,
        )
        fair = None
        if isinstance(due, DueBy) and "progress_share_due" in self.analysis.figures:
            labels = series_labels(self.analysis.projection, self.lang, self.t)
            fair = self.say(
                "charts",
                "progress_fair",
                delivered=self.fig(progress.delivered),
                share=self.fig("progress_share_due"),
                headline=self.fig(delivered_share(self.dataset) or "progress_share"),
                year=str(due.end),
                path=labels[due.series_id],
                due=self.fig("progress_due"),
                unit=self.unit(self.analysis.figures["progress_due"].unit),
            )
        caveat = self.text(progress.caveat) if progress.caveat is not None else None
        if fair is None and caveat is None:
            return None
        return {"fair": fair, "caveat": caveat}

    def claims(self) -> list[dict]:
        return [
            {
                "statement": self.text(r.claim.statement),
                "actual": self.fig(r.claim.actual),
                "expected": self.fig(r.claim.expected),
                "holds": r.holds,
            }
            for r in self.analysis.claims
        ]

    def source_entry(self, source: Source) -> dict:
        return {
            "id": source.id,
            "number": self.source_numbers[source.id],
            "title": source.title,
            "publisher": source.publisher,
            "year": source.year,
            "authors": ", ".join(source.authors),
            "url": source.url,
            "language": source.language,
            "note": self.text(source.note),
        }
