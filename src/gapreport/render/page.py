"""The page model of one language's brief: its numbers, citations and texts, written for one
format.

Templates never compute: they get key figures already formatted for the language, each with
a link to its source (or to the assumption it rests on), and texts from the data with their
``{placeholders}`` filled the same way. The page model writes those pieces through a writer
of the format (:mod:`gapreport.render.markup`), which escapes every text from the data.
What each section shows, built from these pieces, is :mod:`gapreport.render.sections`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from markupsafe import Markup

from gapreport.analysis import Analysis
from gapreport.chart.inputs import Chart
from gapreport.errors import OutputError
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import PLACEHOLDER, localize
from gapreport.load.schema import Prose, Text
from gapreport.model.keyfigures import KeyFigure
from gapreport.render.build_info import BuildInfo
from gapreport.render.downloads import Downloads
from gapreport.render.markup import Html, Writer
from gapreport.render.whatif import WhatIf


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
        downloads: dict[str, Downloads] | None = None,
        whatif: WhatIf | None = None,
    ):
        self.w = writer or Html()
        self.downloads = downloads or {}  # each chart's files, by its key (HTML only)
        self.whatif = whatif  # the in-page what-if's data and script (HTML only)
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
        self.scenario_titles = {s.id: s.title for s in self.dataset.scenarios}
        self.scenario_labels = {s.id: s.label or s.title for s in self.dataset.scenarios}

    @property
    def prose(self) -> Prose:
        """The data's prose: the texts each section opens with, in every language."""
        return self.dataset.prose

    # --- numbers and citations ---------------------------------------------------------

    def fig(self, name: str, cite: bool = True) -> str:
        """A key figure, formatted for the language, followed by its citation unless told not."""
        figure = self.figure(name)
        shown = self.w.number(self.fmt.figure(figure), name, figure.kind)
        if figure.bound is not None:  # "up to 1,700": a bound is never shown as an estimate
            shown = self.w.fill(str(self.t.get("bound", figure.bound)), {"value": shown})
        return self.w.safe(shown + (self.cite(figure) if cite else ""))

    def plain(self, name: str) -> str:
        """A key figure as plain text (for alt text and tables)."""
        figure = self.figure(name)
        shown = self.fmt.figure(figure)
        if figure.bound is not None:
            return self.t.fill("bound", figure.bound, value=shown)
        return shown

    def figure(self, name: str) -> KeyFigure:
        """The figure a name stands for. Checking vouches for every name but one kind: what it
        takes is worked out only for the scenarios the outlook looks at (those resting on an
        assumption, at most eight), so a name beyond them is said plainly here."""
        figure = self.analysis.figures.get(name)
        if figure is None:
            raise OutputError(
                f"the prose quotes '{name}', but what it takes is worked out only for "
                "stock-and-flow scenarios that rest on an assumption (at most eight)"
            )
        return figure

    def _ordered(self, source_ids) -> list[str]:
        """Distinct source ids in the order of the numbered source list."""
        return sorted(dict.fromkeys(source_ids), key=self.source_numbers.__getitem__)

    def cite(self, figure: KeyFigure) -> str:
        """Links to a figure's sources and to the assumptions it rests on; a scenario's result,
        which may rest on a dozen of each, links to its scenario, which lists them all."""
        if figure.scenario is not None:
            return self.w.citation([self.scenario_link(figure.scenario)])
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

    def scenario_link(self, scenario_id: str) -> str:
        title = localize(self.scenario_titles[scenario_id], self.lang)
        mark = self.t.fill(
            "cite", "scenario", label=localize(self.scenario_labels[scenario_id], self.lang)
        )
        return self.w.scenario_link(
            scenario_id, mark, self.t.fill("cite", "scenario_title", title=title)
        )

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
