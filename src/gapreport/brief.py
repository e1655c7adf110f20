"""Everything the brief shows for one language: its charts, its HTML, and its PDF.

Charts are drawn once per language and shared by the HTML and the PDF of that language, and
kept (in memory for a long-lived process, on disk in the cache for every build) so that they
are drawn again only when what they show has changed (:mod:`gapreport.chart_sets`). The
languages are independent of each other, so their real work (drawing, then laying out PDFs)
runs side by side in forked workers where that is safe (:mod:`gapreport.workers`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .build_info import BuildInfo
from .cache import Cache
from .chart_sets import charts_in_cache, make_charts
from .chart_workers import Drawer
from .render import Page, PageLinks, render_brief
from .strings import Strings, load_strings
from .timing import Stopwatch
from .workers import each


@dataclass(frozen=True)
class LanguageOutput:
    lang: str
    folder: str            # "" for the default language, "en/" for the others
    html: str
    pdf: bytes | None = None
    warnings: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BriefJob:
    """What every language needs: the analysis, where templates are, the build's facts."""

    analysis: object
    strings: dict[str, Strings]
    templates: Path
    info: BuildInfo
    pdf: bool              # also make the PDF of each language
    prefix: str = ""       # the folder of a group's brief ("region/HSO/"); "" for the site
    cache: Cache = field(default_factory=lambda: Cache(None))
    drawer: Drawer | None = None  # draws the charts elsewhere (the watcher's workers)


def site_folder(lang: str, languages: list[str]) -> str:
    """The default (first) language lives at the root; the others in a folder of their own."""
    return "" if lang == languages[0] else f"{lang}/"


def load_all_strings(templates: Path, languages: list[str]) -> dict[str, Strings]:
    return {lang: load_strings(templates, lang) for lang in languages}


def render_language(job: BriefJob, lang: str) -> LanguageOutput:
    """Charts and HTML for one language, with the time each took (the PDF comes after)."""
    clock = Stopwatch()
    languages = job.analysis.dataset.brief.languages
    strings = job.strings[lang]
    folder = job.prefix + site_folder(lang, languages)
    root = "../" * folder.count("/")
    others = tuple((other, job.strings[other].get("name"), posixpath.relpath(
                        job.prefix + site_folder(other, languages) + "index.html",
                        folder or "."))
                   for other in languages if other != lang)
    with clock.stage("charts"):
        charts = make_charts(job.analysis, lang, strings, job.cache, job.drawer)
    with clock.stage("render"):
        page = Page(job.analysis, lang, strings, charts, job.info, PageLinks(root, others))
        html = render_brief(page, job.templates)
    return LanguageOutput(lang, folder, html, seconds=clock.seconds)


def print_language(job: BriefJob, output: LanguageOutput) -> LanguageOutput:
    """The same output with its PDF (from the cache if this HTML was printed before)."""
    from .pdf import cached_pdf  # WeasyPrint is imported only when a PDF must be made

    clock = Stopwatch()
    with clock.stage("pdf"):
        pdf, warnings = cached_pdf(output.html, job.cache)
    return dataclasses.replace(output, pdf=pdf, warnings=tuple(warnings),
                               seconds={**output.seconds, **clock.seconds})


def render_languages(job: BriefJob, languages: list[str],
                     jobs: int | None = None) -> list[LanguageOutput]:
    """Every language's outputs: first the charts and HTML of all, then the PDFs of all.

    Work that is really done (charts to draw, PDFs to lay out) runs side by side in forked
    workers, at most ``jobs`` at once, where that is safe; what the cache already holds is
    quicker taken here than in a worker. While the workers draw, this process loads
    WeasyPrint, so the PDF workers forked next start with it loaded.
    """
    workers = min(len(languages), jobs or os.cpu_count() or 1)
    drawing = [lang for lang in languages
               if not charts_in_cache(job.analysis, lang, job.strings[lang], job.cache)]
    preload = _load_weasyprint if job.pdf and drawing else None
    outputs = each(render_language, job, languages, workers if drawing else 1, preload)
    if not job.pdf:
        return outputs
    from .pdf import pdf_in_cache

    to_print = sum(not pdf_in_cache(output.html, job.cache) for output in outputs)
    return each(print_language, job, outputs, workers if to_print > 1 else 1)


def _load_weasyprint() -> None:
    with contextlib.suppress(ImportError, OSError):  # the PDF step reports it properly
        import weasyprint  # noqa: F401
