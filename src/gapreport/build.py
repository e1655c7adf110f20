"""The build, start to finish: load -> validate -> project -> check claims -> write.

Each step is one call into the module named for it; nothing flows backwards, and only the
last step touches the output folder, so a build that fails leaves the previous site intact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .brief import render_language
from .build_info import build_info
from .claims import ClaimResult, evaluate_claims, require_claims
from .errors import OptionError
from .interrupts import checkpoint
from .keyfigures import KeyFigure, key_figures
from .loading import Dataset, load_dataset
from .pdf import html_to_pdf
from .projection import Projection, project, to_csv
from .site_writer import check_output, output_lock, write_site

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class BuildOptions:
    """What ``gapreport build`` and ``build.py`` were asked to do."""

    data: Path = Path("data")
    out: Path = Path("site")
    languages: tuple[str, ...] = ()
    pdf: bool = True
    templates: Path = TEMPLATES


@dataclass
class Analysis:
    """Everything computed from the data, before anything is rendered or written."""

    dataset: Dataset
    projection: Projection
    figures: dict[str, KeyFigure]
    claims: list[ClaimResult] = field(default_factory=list)


@dataclass(frozen=True)
class BuildResult:
    analysis: Analysis
    written: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def analyse(data: Path) -> Analysis:
    """Load and check the data, project every scenario, and recompute the claims."""
    dataset = load_dataset(data)
    projection = project(dataset.plans, dataset.brief.horizon)
    figures = key_figures(dataset, projection)
    claims = evaluate_claims(dataset, figures)
    require_claims(claims)
    return Analysis(dataset, projection, figures, claims)


def build(options: BuildOptions) -> BuildResult:
    """Analyse the data and write the site; the site is replaced only if every step succeeds."""
    check_output(options.out)
    with output_lock(options.out):
        return _build_locked(options)


def _build_locked(options: BuildOptions) -> BuildResult:
    analysis = analyse(options.data)
    brief = analysis.dataset.brief
    _check_languages(options.languages, brief.languages)
    info = build_info(brief.date, analysis.dataset.digest,
                      [Path(f) for f in analysis.dataset.files])
    files = {"data/projection.csv": to_csv(analysis.projection.table)}
    warnings: list[str] = []
    for lang in options.languages or tuple(brief.languages):
        checkpoint()
        output = render_language(analysis, lang, options.templates, info)
        files[f"{output.folder}index.html"] = output.html.encode("utf-8")
        if options.pdf:
            checkpoint()
            pdf, messages = html_to_pdf(output.html, options.out.resolve() / output.folder)
            files[f"{output.folder}brief.pdf"] = pdf
            warnings += messages
    checkpoint()
    write_site(options.out, files)
    return BuildResult(analysis, tuple(sorted(files)), tuple(warnings))


def _check_languages(asked: tuple[str, ...], offered: list[str]) -> None:
    unknown = [lang for lang in asked if lang not in offered]
    if unknown:
        raise OptionError(f"--lang {unknown[0]}: the brief is written in {', '.join(offered)} "
                          "(set by brief.languages in the data)")
