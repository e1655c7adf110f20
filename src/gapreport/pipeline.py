"""The build, start to finish: load -> validate -> project -> check claims -> write.

Each step is one call into the module named for it; nothing flows backwards, and only the
last step touches the output folder, so a build that fails leaves the previous site intact.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gapreport.analysis import Analysis
from gapreport.chart.sets import start_projection_charts
from gapreport.check import check
from gapreport.errors import OptionError
from gapreport.interrupts import checkpoint
from gapreport.load.dataset import Dataset, read_dataset
from gapreport.model.claims import evaluate_claims, require_claims
from gapreport.model.groups import group_codes, subset
from gapreport.model.keyfigures import key_figures
from gapreport.model.projection import Projection, project, to_csv
from gapreport.options import BuildOptions
from gapreport.outlook.sensitivity import sensitivity
from gapreport.outlook.uncertainty import simulate
from gapreport.outlook.what_it_takes import what_it_takes
from gapreport.render.briefs import BriefJob, load_all_strings, render_briefs
from gapreport.render.build_info import build_info
from gapreport.runner.cache import Cache, default_cache
from gapreport.runner.chart_workers import Drawer
from gapreport.runner.stored_outlook import Outlook, remembered_outlook
from gapreport.site.writer import SiteFolder
from gapreport.timing import Stopwatch


@dataclass(frozen=True)
class BuildResult:
    analysis: Analysis
    written: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    clock: Stopwatch | None = None
    outputs: tuple = ()


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the data is read and checked.

    Loading builds many small objects that live to the end of the build; the collector
    re-scans them again and again (four fifths of the load time on large data, measured by
    benchmarks/run.py) and finds nothing to free: nothing here makes reference cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse(data: Path, clock: Stopwatch | None = None, cache: Cache | None = None,
            outlook: bool = True) -> Analysis:
    """Load and check the data, project every scenario, and recompute the claims; then
    (unless ``outlook`` is False: :func:`add_outlook` does it later) the uncertainty,
    sensitivity and what it takes."""
    clock, cache = clock or Stopwatch(), cache or Cache(None)
    with _without_cycle_collection():
        analysis = _analyse(data, clock)
    if outlook:
        add_outlook(analysis, clock, cache)
    return analysis


def add_outlook(analysis: Analysis, clock: Stopwatch, cache: Cache) -> None:
    """Work out the uncertainty, sensitivity and what it takes (from the cache if this data
    was seen before)."""
    with clock.stage("uncertainty"):
        analysis.fans, analysis.swings, analysis.requirements = _outlook(
            analysis.dataset, analysis.projection, cache)


def _analyse(data: Path, clock: Stopwatch) -> Analysis:
    with clock.stage("load"):
        dataset = read_dataset(data)
    with clock.stage("validate"):
        checked = check(dataset)
    with clock.stage("project"):
        projection = project(checked.plans, dataset.brief.horizon)
        figures = key_figures(dataset, checked.quantities, projection)
        claims = evaluate_claims(dataset, figures)
        require_claims(claims)
    return Analysis(dataset, checked.quantities, projection, figures, claims)


def _outlook(dataset: Dataset, projection: Projection, cache: Cache) -> Outlook:
    """Uncertainty, sensitivity and what it takes: from the cache if this data was seen."""
    return remembered_outlook(cache, dataset.digest, lambda: (
        simulate(dataset, projection), sensitivity(dataset, projection),
        what_it_takes(dataset, projection)))


def build(options: BuildOptions, keep: dict[str, bytes] | None = None,
          progress: Callable[[str], None] | None = None,
          drawer: Drawer | None = None) -> BuildResult:
    """Analyse the data and write the site; the site is replaced only if every step succeeds.

    ``keep`` names files to carry into the new site as they are (the watcher keeps the last
    PDFs while fresh ones are made); ``drawer`` draws the charts (the watcher's workers).
    """
    site = output_folder(options)
    with site.locked():
        return _build_locked(options, site, keep or {}, progress or (lambda stage: None),
                             drawer)


def output_folder(options: BuildOptions) -> SiteFolder:
    """The output folder, refused unless it is safe to replace (see :class:`SiteFolder`)."""
    return SiteFolder(options.out, [("data", options.data), ("templates", options.templates)])


def _build_locked(options: BuildOptions, site: SiteFolder, keep: dict[str, bytes],
                  progress: Callable[[str], None], drawer: Drawer | None) -> BuildResult:
    clock = Stopwatch()
    progress("reading and checking the data")
    cache = default_cache(options.cache)
    analysis = analyse(options.data, clock, cache, outlook=drawer is None)
    brief = analysis.dataset.brief
    _check_languages(options.languages, brief.languages)
    languages = list(options.languages or brief.languages)
    info = build_info(brief.date, analysis.dataset.digest,
                      [Path(f) for f in analysis.dataset.files])
    job = BriefJob(analysis, load_all_strings(options.templates, brief.languages),
                   options.templates, info, options.pdf, cache=cache, drawer=drawer)
    if drawer is not None:  # its workers draw the projection's charts while this works
        start_projection_charts(analysis, job.strings, languages, cache, drawer)
        add_outlook(analysis, clock, cache)
    files = {**keep, "data/projection.csv": to_csv(analysis.projection.table)}
    warnings: list[str] = [cache.warning] if cache.warning else []
    made = "charts, HTML and PDF" if options.pdf else "charts and HTML"
    progress(f"making the {made} for {', '.join(languages)}")
    jobs = [job] + [dataclasses.replace(job, analysis=subset(analysis, options.by, code,
                                                             job.strings),
                                        prefix=f"{options.by}/{code}/")
                    for code in (group_codes(analysis, options.by) if options.by else [])]
    with clock.stage("languages (wall)"):
        outputs = render_briefs(jobs, languages, options.jobs)
    for output in outputs:
        files[f"{output.folder}index.html"] = output.html.encode("utf-8")
        if output.pdf is not None:
            files[f"{output.folder}brief.pdf"] = output.pdf
        warnings += [f"PDF: {warning}" for warning in output.warnings]
        clock.merge(output.seconds)
    checkpoint()
    progress(f"writing {options.out}")
    with clock.stage("write"):
        site.write(files)
    return BuildResult(analysis, tuple(sorted(files)), tuple(warnings), clock, tuple(outputs))


def _check_languages(asked: tuple[str, ...], offered: list[str]) -> None:
    unknown = [lang for lang in asked if lang not in offered]
    if unknown:
        raise OptionError(f"--lang {unknown[0]}: the brief is written in {', '.join(offered)} "
                          "(set by brief.languages in the data)")
