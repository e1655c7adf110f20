"""Everything the brief shows for one language: its charts, its HTML, and its PDF.

Charts are drawn once per language and shared by the HTML and the PDF of that language, and
kept (in memory for a long-lived process, on disk in the cache for every build) so that they
are drawn again only when what they show has changed. The languages are independent of each
other, so their real work (drawing, then laying out PDFs) runs side by side in forked workers
where that is safe (:mod:`gapreport.workers`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .build_info import BuildInfo
from .cache import Cache, cache_key
from .chart_workers import ChartOrder, draw_here
from .chartdata import Chart, ChartInputs, charts_from_bytes, charts_to_bytes
from .formatting import Formatter
from .render import Page, PageLinks, render_brief
from .strings import Strings, load_strings
from .texts import localize, series_labels
from .timing import Stopwatch
from .workers import each

Drawer = Callable[[list[ChartOrder]], list[Chart]]


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


_CHARTS: dict[str, list[Chart]] = {}  # by what they were drawn from; outlives one build
_CHART_CACHE_SIZE = 8


def make_charts(analysis, lang: str, strings: Strings, cache: Cache | None = None,
                drawer: Drawer | None = None) -> list[Chart]:
    """The charts of one language, drawn again only when something they show has changed.

    A long-lived process (the watcher) gets them back from memory after an edit that leaves
    them as they were; any build finds them in the cache on disk if they were drawn before.
    Those that must be drawn are drawn by ``drawer`` (the watcher's worker processes), or
    here.
    """
    key = _chart_key(analysis, lang, strings)
    if key not in _CHARTS:
        if len(_CHARTS) >= _CHART_CACHE_SIZE:
            _CHARTS.pop(next(iter(_CHARTS)))
        _CHARTS[key] = (cache or Cache(None)).remember(
            _stored_name(key), lambda: (drawer or draw_here)(chart_orders(analysis, lang,
                                                                          strings)),
            charts_to_bytes, charts_from_bytes)
    return _CHARTS[key]


def _stored_name(key: str) -> str:
    """The name of a language's charts in the cache on disk."""
    return cache_key("charts", "matplotlib", key.encode())


def _chart_key(analysis, lang: str, strings: Strings) -> str:
    """A fingerprint of everything the charts read: paths, labels, units, figures, text."""
    projection = analysis.projection
    digest = hashlib.sha256()
    digest.update(repr((lang, strings.table, projection.ids, analysis.dataset.brief.key_year,
                        projection.years.tolist())).encode())
    digest.update(projection.demand.tobytes() + projection.supply.tobytes())
    for plan in projection.plans:
        scenario = plan.scenario
        gap = analysis.figures[f"{plan.series[0].id}.gap"]
        digest.update(repr((plan.id, plan.unit, scenario.label, scenario.title,
                            gap.sources)).encode())
    for fan in analysis.fans:
        digest.update(repr((fan.scenario, fan.unit)).encode())
        digest.update(b"".join(q.tobytes() for q in fan.quantiles.values()))
    digest.update(repr((analysis.swings, [(a.id, a.title) for a in
                                          analysis.dataset.assumptions])).encode())
    progress = analysis.dataset.prose.progress
    if progress is not None:
        share = _share_of(analysis, progress.delivered, progress.need)
        digest.update(repr((analysis.figures[progress.delivered],
                            analysis.figures[progress.need], share)).encode())
    return digest.hexdigest()


def chart_orders(analysis, lang: str, strings: Strings) -> list[ChartOrder]:
    """The charts of one language as orders to draw (:mod:`gapreport.chart_workers`)."""
    brief = analysis.dataset.brief
    inputs = ChartInputs(analysis.projection, analysis.figures, brief.key_year, lang,
                         Formatter(strings.locale), strings)
    orders: list[ChartOrder] = [("paths_chart", (inputs,)), ("gaps_chart", (inputs,))]
    progress = analysis.dataset.prose.progress
    if progress is not None:
        share = _share_of(analysis, progress.delivered, progress.need)
        orders.append(("progress_chart", (inputs, progress.delivered, progress.need, share)))
    labels = series_labels(analysis, lang, strings)
    if analysis.fans:
        orders.append(("fan_chart", (inputs, analysis.fans, labels)))
    if analysis.swings:
        titles = {a.id: localize(a.title, lang) for a in analysis.dataset.assumptions}
        orders.append(("tornado_chart", (inputs, analysis.swings, titles, labels)))
    return orders


def _share_of(analysis, delivered: str, need: str):
    """A derived ratio of exactly these two numbers, if the data defines one, to quote as is."""
    for entry in analysis.dataset.derived:
        if entry.op == "ratio" and list(entry.of) == [delivered, need]:
            return analysis.figures[entry.id]
    return None


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
        html = render_brief(page, job.templates, job.cache.subfolder("templates"))
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
    drawing = [lang for lang in languages if not charts_in_cache(job, lang)]
    preload = _load_weasyprint if job.pdf and drawing else None
    outputs = each(render_language, job, languages, workers if drawing else 1, preload)
    if not job.pdf:
        return outputs
    from .pdf import pdf_in_cache

    to_print = sum(not pdf_in_cache(output.html, job.cache) for output in outputs)
    return each(print_language, job, outputs, workers if to_print > 1 else 1)


def charts_in_cache(job: BriefJob, lang: str) -> bool:
    """Whether a language's charts are already drawn, in this process or in the cache."""
    key = _chart_key(job.analysis, lang, job.strings[lang])
    return key in _CHARTS or job.cache.has(_stored_name(key))


def _load_weasyprint() -> None:
    with contextlib.suppress(ImportError, OSError):  # the PDF step reports it properly
        import weasyprint  # noqa: F401
