"""The page model of one language's brief, and its rendering with Jinja: as HTML for the
browser, and as Typst source for the PDF.

Templates never compute: they get key figures already formatted for the language, each with
a link to its source (or to the assumption it rests on), and texts from the data with their
``{placeholders}`` filled the same way. The page model writes those pieces through a writer
of the format (:mod:`gapreport.render.markup`), which escapes every text from the data: HTML with
Jinja's autoescape, Typst through the environment's ``finalize``. Undefined names are errors,
so text from the data is always shown as text and a typo in a template fails the build.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from gapreport.analysis import Analysis
from gapreport.chart.inputs import Chart
from gapreport.check.plans import ScenarioPlan
from gapreport.errors import TemplateFault
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import PLACEHOLDER, localize
from gapreport.load.schema import Source, Text
from gapreport.model.keyfigures import KeyFigure
from gapreport.model.projection import series_labels
from gapreport.render.build_info import BuildInfo
from gapreport.render.markup import Html, Typst, TypstCode, Writer, string


@dataclass(frozen=True)
class PageLinks:
    """Where this page sits in the site: the path back to the root, and the other languages."""

    root: str
    languages: tuple[tuple[str, str, str], ...]  # (code, name in that language, href)


class Page:
    """What the templates see for one language: formatted numbers, texts, charts, tables."""

    def __init__(
        self,
        analysis: Analysis,
        lang: str,
        strings: Strings,
        charts: list[Chart],
        info: BuildInfo,
        links: PageLinks,
        writer: Writer | None = None,
    ):
        self.w = writer or Html()
        self.analysis = analysis
        self.dataset = analysis.dataset
        self.lang = lang
        self.t = strings
        self.fmt = Formatter(strings.locale)
        self.charts = charts
        self.info = info
        self.links = links
        self.sources = list(self.dataset.sources)
        self.source_numbers = {s.id: i for i, s in enumerate(self.sources, 1)}
        self.assumption_titles = {a.id: localize(a.title, lang) for a in self.dataset.assumptions}
        self.assumption_numbers = {a.id: i for i, a in enumerate(self.dataset.assumptions, 1)}

    # --- numbers and citations ---------------------------------------------------------

    def fig(self, name: str, cite: bool = True) -> str:
        """A key figure, formatted for the language, followed by its citation unless told not."""
        figure = self.analysis.figures[name]
        shown = self.w.number(self.fmt.figure(figure), name, figure.kind)
        return self.w.safe(shown + (self.cite(figure) if cite else ""))

    def plain(self, name: str) -> str:
        """A key figure as plain text (for alt text and tables)."""
        return self.fmt.figure(self.analysis.figures[name])

    def _ordered(self, source_ids) -> list[str]:
        """Distinct source ids in the order of the numbered source list."""
        return sorted(dict.fromkeys(source_ids), key=self.source_numbers.__getitem__)

    def cite(self, figure: KeyFigure) -> str:
        """Links to a figure's sources and to the assumptions it rests on."""
        links = [self.source_link(s) for s in self._ordered(figure.sources)]
        return self.w.citation(links + [self.assumption_link(a) for a in figure.assumptions])

    def source_link(self, source_id: str) -> str:
        number = self.source_numbers[source_id]
        source = self.sources[number - 1]
        title = self.t.fill(
            "cite", "source_title", number=str(number), title=source.title or source.publisher
        )
        return self.w.source_link(source_id, number, title)

    def assumption_link(self, assumption_id: str) -> str:
        title = self.t.fill("cite", "assumption_title", title=self.assumption_titles[assumption_id])
        return self.w.assumption_link(assumption_id, self.assumption_mark(assumption_id), title)

    def source_list(self, source_ids) -> str:
        """Full-size links to numbered sources, for a line such as "Sources: 3, 5"."""
        return self.w.join(", ", (self.source_link(s) for s in self._ordered(source_ids)))

    def assumption_mark(self, assumption_id: str) -> str:
        """F1, F2 ... (A1 ... in English): the assumption's letter and place in the table."""
        return f"{self.t.get('cite', 'assumption')}{self.assumption_numbers[assumption_id]}"

    def cites(self, source_ids) -> str:
        return self.w.citation([self.source_link(s) for s in self._ordered(source_ids)])

    # --- texts -------------------------------------------------------------------------

    def text(self, text: Text | None) -> str:
        """A text from the data in this language: escaped, with its placeholders filled."""
        raw = localize(text, self.lang)
        return self.w.fill(
            raw, {name: self._placeholder(name) for name in PLACEHOLDER.findall(raw)}
        )

    def say(self, *keys: str, **values: object) -> str:
        """An interface sentence with its ``{names}`` filled (values may be safe pieces)."""
        return self.w.fill(str(self.t.get(*keys)), values)

    def _placeholder(self, name: str) -> str:
        if name.startswith("@"):
            return self.cites([name[1:]])
        return self.fig(name)

    def plain_text(self, text: Text | None) -> str:
        """A text from the data as plain text, numbers filled in, without citations (for a
        title in metadata or a running header)."""
        raw = localize(text, self.lang)
        return PLACEHOLDER.sub(
            lambda m: "" if m.group(1).startswith("@") else self.plain(m.group(1)), raw
        ).strip()

    @staticmethod
    def css_string(text: str) -> Markup:
        """Text as a quoted CSS string, safe inside a <style> element whatever it holds."""
        escaped = "".join(
            c if c.isalnum() or c in " -.,:;!?()'–" else f"\\{ord(c):x} " for c in text
        )
        return Markup(f'"{escaped}"')

    def label(self, kind: str, code: str) -> str:
        return localize(getattr(self.dataset.labels, kind)[code], self.lang)

    def unit(self, unit: str) -> str:
        return self.t.get("units", unit)

    def date(self, day: datetime.date) -> str:
        return self.fmt.date(day)

    # --- sections ----------------------------------------------------------------------

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
            "caveat": self.text(plan.scenario.caveat) if plan.mixed_scope else None,
            "source_ids": figure.sources,
            "assumptions": self.w.join(", ", [self.assumption_link(a) for a in figure.assumptions]),
        }

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
            years = f"{figure.base_year}–{figure.year}" if figure.base_year else str(figure.year)
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
                    value(r.extra_graduates, r.unit, computed=True),
                    str(r.from_year),
                    value(r.graduates_needed, r.unit, computed=True),
                    value(r.exit_rate_now * 100, "percent", computed=True),
                    needed,
                )
            )
        return rows

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
        return self.t.fill(
            "uncertainty",
            "takes_sentence",
            gap=value(r.gap, r.unit, computed=True),
            unit=self.unit(r.unit),
            key_year=str(r.year),
            need=labels[r.demand_series],
            supply=labels[r.supply_scenario],
            extra=value(r.extra_graduates, r.unit, computed=True),
            from_year=str(r.from_year),
            needed=value(r.graduates_needed, r.unit, computed=True),
            now=value(r.graduates_now, r.unit, computed=True),
        )

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


class PdfPage(Page):
    """The page model written in Typst, with the few pieces only the PDF's templates need."""

    def __init__(
        self,
        analysis: Analysis,
        lang: str,
        strings: Strings,
        charts: list[Chart],
        info: BuildInfo,
        links: PageLinks,
    ):
        super().__init__(analysis, lang, strings, charts, info, links, writer=Typst())

    def anchor(self, kind: str, entry_id: str) -> str:
        """A label the citations link to (ids are letters, digits, '_' and '-' only)."""
        return self.w.safe(f"<{kind}-{entry_id}>")

    def cells(self, items) -> str:
        """Table cells, one content block each: ``[a], [b]``."""
        return self.w.safe(", ".join(f"[{self.w.escape(item)}]" for item in items))

    def chart_block(self, chart: Chart) -> str:
        """A chart: its title, the SVG with its text alternative, and its sources. A chart
        is as wide as the text, or narrower where it would otherwise take more than
        :data:`CHART_MAX_MM` of the page's height (two such charts then share a page)."""
        width = "100%"
        aspect = _aspect(chart.svg)  # height / width
        if aspect * TEXT_WIDTH_MM > CHART_MAX_MM:
            width = f"{CHART_MAX_MM / aspect:.1f}mm"
        drawing = (
            f"align(center, image(bytes({string(pdf_svg(chart.svg))}), "
            f'format: "svg", width: {width}, alt: {string(chart.description)}))'
        )
        sources = self.w.fill(
            str(self.t.get("charts", "source"))
            + " {list}. "
            + str(self.t.get("charts", "projection")),
            {"list": self.source_list(chart.sources)},
        )
        return self.w.safe(f"#chart([{self.w.escape(chart.title)}], {drawing}, [{sources}])")


TEXT_WIDTH_MM = 176  # A4 less the PDF layout's side margins (templates/pdf/layout.typ)
CHART_MAX_MM = 112  # the most of the page's height a chart takes


def _aspect(svg: str) -> float:
    """A chart's height over its width, from its viewBox."""
    box = re.search(r'viewBox="([\d. -]+)"', svg)
    if box is None:
        return 0.0
    _, _, width, height = (float(v) for v in box.group(1).split())
    return height / width if width else 0.0


def pdf_svg(svg: str) -> str:
    """A chart's inline SVG as an image file for the PDF: in the font the chart was laid out
    for (matplotlib measures its labels in DejaVu Sans; the page's font applies on screen)."""
    return svg.replace(
        "<svg ", '<svg xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans" ', 1
    )


def render_brief(page: Page, templates: Path) -> str:
    """The brief for one language as one self-contained HTML document.

    The templates are compiled once per process and kept in memory only: Jinja's on-disk
    bytecode cache would run whatever code a planted file holds.
    """
    environment = _environment(templates.resolve())
    try:
        css = {
            name: Markup((templates / "css" / f"{name}.css").read_text(encoding="utf-8"))
            for name in ("base", "narrow", "wide", "print")
        }
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateFault(f"{templates / 'css'}: cannot read the stylesheets: {error}") from None
    try:
        return environment.get_template("brief.html").render(
            page=page, t=page.t, css=css, brief=page.dataset.brief
        )
    except TemplateError as error:
        raise TemplateFault(f"{_where_in_templates(error, templates)}: {error}") from None


def render_typst(page: PdfPage, templates: Path) -> str:
    """The brief for one language as Typst source, from the templates in ``templates/pdf``."""
    environment = _typst_environment(templates.resolve())
    try:
        return environment.get_template("brief.typ").render(
            page=page, t=page.t, brief=page.dataset.brief
        )
    except TemplateError as error:
        raise TemplateFault(f"{_where_in_templates(error, templates)}: {error}") from None


@functools.lru_cache(maxsize=4)
def _typst_environment(templates: Path) -> Environment:
    """Jinja for Typst: no HTML escaping, but every value printed passes the Typst writer's
    escape (``finalize``), so text from the data is a string literal there, never markup;
    ``| str`` writes a value as a Typst string literal, for arguments in code."""
    writer = Typst()
    environment = Environment(
        loader=FileSystemLoader(templates / "pdf"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=writer.escape,
    )
    environment.filters["str"] = lambda value: TypstCode(
        string("" if value is None else str(value))
    )
    return environment


@functools.lru_cache(maxsize=4)
def _environment(templates: Path) -> Environment:
    """One Jinja environment per template folder in a process (it notices edited templates)."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _where_in_templates(error: TemplateError, templates: Path) -> str:
    """file:line of a template error: from a syntax error itself, else the deepest template
    frame of the traceback (Jinja maps those frames back to template lines)."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    frame = error.__traceback__
    while frame is not None:
        code = frame.tb_frame.f_code.co_filename
        if code.endswith((".html", ".typ")) and Path(code).resolve().is_relative_to(
            templates.resolve()
        ):
            filename, line = code, frame.tb_lineno
        frame = frame.tb_next
    return f"{filename or templates}:{line}" if line else str(filename or templates)
