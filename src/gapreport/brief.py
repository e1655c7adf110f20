"""Everything the brief shows for one language: its charts, then its HTML (and PDF).

Charts are drawn once per language and shared by the HTML and the PDF of that language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build_info import BuildInfo
from .charts import Chart, ChartInputs, gaps_chart, paths_chart, progress_chart
from .formatting import Formatter
from .render import Page, PageLinks, render_brief
from .strings import Strings, load_strings


@dataclass(frozen=True)
class LanguageOutput:
    lang: str
    folder: str            # "" for the default language, "en/" for the others
    html: str
    strings: Strings


def site_folder(lang: str, languages: list[str]) -> str:
    """The default (first) language lives at the root; the others in a folder of their own."""
    return "" if lang == languages[0] else f"{lang}/"


def make_charts(analysis, lang: str, strings: Strings) -> list[Chart]:
    brief = analysis.dataset.brief
    inputs = ChartInputs(analysis.projection, analysis.figures, brief.key_year, lang,
                         Formatter(strings.locale), strings)
    charts = [paths_chart(inputs), gaps_chart(inputs)]
    progress = analysis.dataset.prose.progress
    if progress is not None:
        share = _share_of(analysis, progress.delivered, progress.need)
        charts.append(progress_chart(inputs, progress.delivered, progress.need, share))
    return charts


def _share_of(analysis, delivered: str, need: str):
    """A derived ratio of exactly these two numbers, if the data defines one, to quote as is."""
    for entry in analysis.dataset.derived:
        if entry.op == "ratio" and list(entry.of) == [delivered, need]:
            return analysis.figures[entry.id]
    return None


def render_language(analysis, lang: str, templates: Path, info: BuildInfo) -> LanguageOutput:
    languages = analysis.dataset.brief.languages
    strings = load_strings(templates, lang)
    folder = site_folder(lang, languages)
    root = "../" * folder.count("/")
    others = tuple((other, load_strings(templates, other).get("name"),
                    root + site_folder(other, languages) + "index.html")
                   for other in languages if other != lang)
    page = Page(analysis, lang, strings, make_charts(analysis, lang, strings), info,
                PageLinks(root, others))
    return LanguageOutput(lang, folder, render_brief(page, templates), strings)
