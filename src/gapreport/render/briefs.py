"""Everything the brief shows for one language: its charts, its HTML, and its PDF.

Charts are drawn once per language and shared by the HTML and the PDF of that language, and
kept (in memory for a long-lived process, on disk in the cache for every build) so that they
are drawn again only when what they show has changed (:mod:`gapreport.chart.sets`). The
languages are independent of each other, so drawing their charts runs side by side in forked
workers where that is safe (:mod:`gapreport.runner.forks`). The PDFs are typeset here, one after
the other: Typst takes a fraction of a second and runs threads of its own, which a forked
process must not inherit.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gapreport.chart.sets import charts_in_cache, make_charts
from gapreport.language.strings import Strings, load_strings
from gapreport.render.build_info import BuildInfo
from gapreport.render.page import Page, PageLinks, PdfPage, render_brief, render_typst
from gapreport.runner.cache import Cache
from gapreport.runner.chart_workers import Drawer, keep_figures_when_drawn
from gapreport.runner.forks import each
from gapreport.timing import Stopwatch


@dataclass(frozen=True)
class LanguageOutput:
    lang: str
    folder: str            # "" for the default language, "en/" for the others
    html: str
    typst: str | None = None  # the PDF's source, when a PDF is asked for
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
    """Charts, HTML and the PDF's source for one language, with the time each took (the PDF
    itself comes after)."""
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
    links = PageLinks(root, others)
    with clock.stage("render"):
        html = render_brief(Page(job.analysis, lang, strings, charts, job.info, links),
                            job.templates)
        source = render_typst(PdfPage(job.analysis, lang, strings, charts, job.info, links),
                              job.templates) if job.pdf else None
    return LanguageOutput(lang, folder, html, source, seconds=clock.seconds)


def print_language(job: BriefJob, output: LanguageOutput) -> LanguageOutput:
    """The same output with its PDF (from the cache if this source was typeset before)."""
    from gapreport.render.pdf import cached_pdf

    assert output.typst is not None
    clock = Stopwatch()
    with clock.stage("pdf"):
        pdf, warnings = cached_pdf(output.typst, job.info.date, job.cache)
    return dataclasses.replace(output, pdf=pdf, warnings=tuple(warnings),
                               seconds={**output.seconds, **clock.seconds})


Brief = tuple[int, str]  # (which job, which language): small, so cheap to hand a worker


def render_briefs(jobs: list[BriefJob], languages: list[str],
                  workers: int | None = None) -> list[LanguageOutput]:
    """Every language of every job (the site's brief, and a group's with ``--by``): first the
    charts, HTML and PDF source of all, then the PDFs of all. Each round runs side by side in
    forked workers, at most ``workers`` at once, where there is real work to share: what
    the cache holds is quicker taken here."""
    briefs: list[Brief] = [(i, lang) for i in range(len(jobs)) for lang in languages]
    most = max(1, min(len(briefs), workers or os.cpu_count() or 1))
    drawing = sum(not charts_in_cache(jobs[i].analysis, lang, jobs[i].strings[lang],
                                      jobs[i].cache) for i, lang in briefs)
    if len(briefs) > most:  # a worker makes several briefs: it draws on kept figures
        keep_figures_when_drawn()
    outputs = each(_render, jobs, briefs, most if drawing else 1)
    if not jobs[0].pdf:
        return outputs
    from gapreport.render.pdf import pdf_in_cache

    typesetting = sum(not pdf_in_cache(o.typst, jobs[i].info.date, jobs[i].cache)
                      for (i, _), o in zip(briefs, outputs, strict=True))
    # Typst runs threads of its own; a process that has used it must not fork workers that
    # use it again (they would inherit its thread pool without its threads)
    fork = typesetting > 1 and "typst" not in sys.modules
    return each(_print, (jobs, briefs, outputs), list(range(len(briefs))), most if fork else 1)


def _render(jobs: list[BriefJob], brief: Brief) -> LanguageOutput:
    index, lang = brief
    return render_language(jobs[index], lang)


def _print(work: tuple[list[BriefJob], list[Brief], list[LanguageOutput]],
           at: int) -> LanguageOutput:
    jobs, briefs, outputs = work
    return print_language(jobs[briefs[at][0]], outputs[at])
