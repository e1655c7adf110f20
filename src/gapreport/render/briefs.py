"""Everything the brief shows for one language: its charts, its HTML, and its PDF.

Charts are drawn once per language and shared by the HTML and the PDF of that language, and
kept by the runner it is handed, so they are drawn again only when what they show has
changed. The briefs are independent of each other, so the runner may make them side by side
(a build's forks them); a PDF (or a chart's picture) is typeset in a worker only by a
process that has not run Typst itself, whose threads a forked process must not inherit.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gapreport.analysis import Analysis
from gapreport.chart.sets import charts_drawn, make_charts
from gapreport.language.strings import Strings, load_strings
from gapreport.render import pdf
from gapreport.render.build_info import BuildInfo
from gapreport.render.downloads import chart_files
from gapreport.render.page import PageLinks
from gapreport.render.pdf_page import PdfPage
from gapreport.render.sections import BriefPage
from gapreport.render.templates import render_brief, render_typst
from gapreport.render.whatif import whatif
from gapreport.seam import Runner
from gapreport.timing import Stopwatch


@dataclass(frozen=True)
class LanguageOutput:
    lang: str
    folder: str  # "" for the default language, "en/" for the others
    html: str
    typst: str | None = None  # the PDF's source, when a PDF is asked for
    pdf: bytes | None = None
    warnings: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BriefJob:
    """What every language needs: the analysis, where templates are, the build's facts."""

    analysis: Analysis
    strings: dict[str, Strings]
    templates: Path
    info: BuildInfo
    pdf: bool  # also make the PDF of each language
    runner: Runner  # keeps and draws the charts, keeps the PDFs
    prefix: str = ""  # the folder of a group's brief ("region/HSO/"); "" for the site
    whatif: bool = True  # the HTML gets the in-page what-if


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
    others = tuple(
        (
            other,
            job.strings[other].get("name"),
            posixpath.relpath(
                job.prefix + site_folder(other, languages) + "index.html", folder or "."
            ),
        )
        for other in languages
        if other != lang
    )
    with clock.stage("charts"):
        charts = make_charts(job.analysis, lang, strings, job.runner)
    links = PageLinks(root, others)
    with clock.stage("downloads"):
        files = chart_files(charts, job.analysis, strings, job.info.date, job.runner)
    with clock.stage("render"):
        panel = whatif(job.analysis, strings, job.templates) if job.whatif else None
        page = BriefPage(
            job.analysis, lang, strings, charts, job.info, links, downloads=files, whatif=panel
        )
        html = render_brief(page, job.templates)
        source = (
            render_typst(
                PdfPage(job.analysis, lang, strings, charts, job.info, links), job.templates
            )
            if job.pdf
            else None
        )
    return LanguageOutput(lang, folder, html, source, seconds=clock.seconds)


def print_language(job: BriefJob, output: LanguageOutput) -> LanguageOutput:
    """The same output with its PDF (kept by the runner if this source was typeset before)."""
    source, day = output.typst, job.info.date
    assert source is not None
    clock = Stopwatch()
    with clock.stage("pdf"):
        made, warnings = job.runner.remember(
            "pdf",
            "typst",
            pdf.pdf_inputs(source, day),
            lambda: pdf.typeset(source, day),
            pdf.pdf_to_bytes,
            pdf.pdf_from_bytes,
        )
    return dataclasses.replace(
        output, pdf=made, warnings=tuple(warnings), seconds={**output.seconds, **clock.seconds}
    )


Brief = tuple[int, str]  # (which job, which language): small, so cheap to hand a worker


def render_briefs(
    jobs: list[BriefJob], languages: list[str], workers: int | None = None
) -> list[LanguageOutput]:
    """Every language of every job (the site's brief, and a group's with ``--by``): first the
    charts, HTML and PDF source of all, then the PDFs of all. Each round runs side by side in
    forked workers, at most ``workers`` at once, where there is real work to share: what
    the cache holds is quicker taken here."""
    runner = jobs[0].runner
    briefs: list[Brief] = [(i, lang) for i in range(len(jobs)) for lang in languages]
    most = max(1, min(len(briefs), workers or os.cpu_count() or 1))
    drawing = sum(
        not charts_drawn(jobs[i].analysis, lang, jobs[i].strings[lang], runner)
        for i, lang in briefs
    )
    # each brief draws its charts' pictures with Typst
    outputs = runner.each(_render, jobs, briefs, most if drawing and _may_fork() else 1)
    if not jobs[0].pdf:
        return outputs
    typesetting = sum(
        not runner.kept("pdf", "typst", pdf.pdf_inputs(o.typst or "", jobs[i].info.date))
        for (i, _), o in zip(briefs, outputs, strict=True)
    )
    fork = typesetting > 1 and _may_fork()
    return runner.each(
        _print, (jobs, briefs, outputs), list(range(len(briefs))), most if fork else 1
    )


def _may_fork() -> bool:
    """Whether workers that run Typst may be forked from here: Typst runs threads of its
    own, and a process that has used it must not fork workers that use it again (they would
    inherit its thread pool without its threads)."""
    return "typst" not in sys.modules


def _render(jobs: list[BriefJob], brief: Brief) -> LanguageOutput:
    index, lang = brief
    return render_language(jobs[index], lang)


def _print(
    work: tuple[list[BriefJob], list[Brief], list[LanguageOutput]], at: int
) -> LanguageOutput:
    jobs, briefs, outputs = work
    return print_language(jobs[briefs[at][0]], outputs[at])
