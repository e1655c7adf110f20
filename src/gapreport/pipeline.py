"""The build, start to finish: load -> check -> project -> outlook -> chart -> render -> write.

Each step is one call into the stage package named for it; nothing flows backwards, and only
the last step touches the output folder, so a build that fails leaves the previous site
intact. How fast it goes is the runner's business (:mod:`gapreport.seam`): the pipeline is
handed one, and has no branch for a watcher or a cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gapreport.analysis import Analysis
from gapreport.chart.sets import projection_orders
from gapreport.check import check
from gapreport.errors import OptionError
from gapreport.interrupts import checkpoint
from gapreport.load.dataset import read_dataset
from gapreport.model.backtests import backtests, misses
from gapreport.model.claims import evaluate_claims, require_claims
from gapreport.model.groups import group_codes, subset
from gapreport.model.keyfigures import key_figures
from gapreport.model.projection import export_table, project, to_csv
from gapreport.options import BuildOptions
from gapreport.outlook.inputs import outlook_inputs
from gapreport.outlook.sensitivity import sensitivity
from gapreport.outlook.uncertainty import simulate
from gapreport.outlook.what_it_takes import takes_figures, what_it_takes
from gapreport.render.briefs import BriefJob, load_all_strings, render_briefs
from gapreport.render.build_info import build_info
from gapreport.render.workbook import workbook_bytes
from gapreport.runner.runners import CachedRunner, PlainRunner, build_runner
from gapreport.runner.stored_outlook import outlook_from_bytes, outlook_to_bytes
from gapreport.runner.up_to_date import inputs_key, remember_build
from gapreport.seam import Runner
from gapreport.site.writer import SiteFolder, output_folder
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


def analyse(
    data: Path, clock: Stopwatch | None = None, runner: Runner | None = None, outlook: bool = True
) -> Analysis:
    """Load and check the data, project every scenario, and recompute the claims; then
    (unless ``outlook`` is False: :func:`add_outlook` does it later) the uncertainty,
    sensitivity and what it takes."""
    clock, runner = clock or Stopwatch(), runner or PlainRunner()
    with _without_cycle_collection():
        analysis = _analyse(data, clock)
    if outlook:
        add_outlook(analysis, clock, runner)
    return analysis


def add_outlook(analysis: Analysis, clock: Stopwatch, runner: Runner) -> None:
    """Work out the uncertainty, sensitivity and what it takes (kept by the runner, under the
    parts of the data they can depend on: :func:`outlook_inputs`)."""
    dataset, projection = analysis.dataset, analysis.projection
    with clock.stage("uncertainty"):
        analysis.fans, analysis.swings, analysis.requirements = runner.remember(
            "outlook",
            "numpy",
            outlook_inputs(dataset),
            lambda: (
                simulate(dataset, projection),
                sensitivity(dataset, projection),
                what_it_takes(dataset, projection),
            ),
            outlook_to_bytes,
            outlook_from_bytes,
        )
    _add_takes_figures(analysis)


def _add_takes_figures(analysis: Analysis) -> Analysis:
    """What closes each stock-and-flow scenario's gap, as figures the prose may quote: made
    from the outlook's requirements, so again for a group's brief, whose figures are its own."""
    analysis.figures.update(takes_figures(analysis.requirements, analysis.projection))
    return analysis


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
        tests = backtests(dataset.observations, checked.quantities, projection)
    return Analysis(dataset, checked.quantities, projection, figures, claims, tests)


WORKBOOK = "data/gapreport.xlsx"


def build(
    options: BuildOptions,
    runner: Runner | None = None,
    keep: dict[str, bytes] | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Analyse the data and write the site; the site is replaced only if every step succeeds.

    ``runner`` makes it fast (a build's own by default: cached unless ``options.cache`` is
    off); ``keep`` names files to carry into the new site as they are (the watcher keeps the
    other languages' pages while the page in view is made first).
    """
    site = output_folder(options)
    runner = runner or build_runner(options.cache)
    # a record of what these inputs make (not of the watcher's sites, which mix ages)
    cache = runner.cache if isinstance(runner, CachedRunner) and not keep else None
    with site.locked():
        key = inputs_key(options) if cache is not None and cache.folder is not None else None
        result = _build_locked(options, site, runner, keep or {}, progress or (lambda s: None))
        if cache is not None and key is not None:
            remember_build(key, cache, site.path, list(result.warnings))
        return result


def _build_locked(
    options: BuildOptions,
    site: SiteFolder,
    runner: Runner,
    keep: dict[str, bytes],
    progress: Callable[[str], None],
) -> BuildResult:
    """load -> check -> project, then the outlook (the projection's charts may start ahead
    meanwhile), then charts, HTML and PDF of every brief, then write."""
    clock = Stopwatch()
    progress("reading and checking the data")
    analysis = analyse(options.data, clock, runner, outlook=False)
    brief = analysis.dataset.brief
    _check_languages(options.languages, brief.languages)
    languages = list(options.languages or brief.languages)
    strings = load_all_strings(options.templates, brief.languages)
    for lang in languages:
        runner.ahead(projection_orders(analysis, lang, strings[lang]))
    add_outlook(analysis, clock, runner)
    info = build_info(
        brief.date, analysis.dataset.digest, [Path(f) for f in analysis.dataset.files]
    )
    job = BriefJob(
        analysis, strings, options.templates, info, options.pdf, runner, whatif=options.whatif
    )
    by = options.by
    jobs = [job] + (
        [
            dataclasses.replace(
                job,
                analysis=_add_takes_figures(subset(analysis, by, code, strings)),
                prefix=f"{by}/{code}/",
            )
            for code in group_codes(analysis, by)
        ]
        if by
        else []
    )
    made = "charts, HTML and PDF" if options.pdf else "charts and HTML"
    progress(f"making the {made} for {', '.join(languages)}")
    with clock.stage("languages (wall)"):
        outputs = render_briefs(jobs, languages, options.jobs)
    files = {**keep, "data/projection.csv": to_csv(export_table(analysis.projection))}
    # the watcher's first, partial build carries the last workbook; the full build after it
    # makes it anew
    if WORKBOOK not in keep:
        files[WORKBOOK] = workbook_bytes(analysis, strings[brief.languages[0]], info)
    warnings: list[str] = [runner.warning] if runner.warning else []
    warnings += [str(problem) for problem in misses(analysis.backtests)]
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
        raise OptionError(
            f"--lang {unknown[0]}: the brief is written in {', '.join(offered)} "
            "(set by brief.languages in the data)"
        )
