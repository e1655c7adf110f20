"""The ``gapreport`` command: thin click commands over the library.

Each command parses its options and calls one library function. Mistakes in the data end
here as a list of ``file:line:col: field: message`` lines and exit code 1; a bad option exits
with 2; nothing a user can cause prints a Python traceback. Heavy imports (pandas) happen
inside the commands so that ``--help`` answers at once.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from gapreport.errors import DataError, GapreportError, OptionError

EXIT_DATA_ERROR = 1
EXIT_INTERRUPTED = 130  # the shell's code for a command ended by Ctrl-C


def cache_option(func):
    return click.option(
        "--cache/--no-cache",
        default=True,
        help="Reuse the charts, PDFs and uncertainty analysis made before from the same "
        "inputs (default), or make everything afresh. The cache is in gapreport/v1/ "
        "below $GAPREPORT_CACHE, else $XDG_CACHE_HOME, else ~/.cache.",
    )(func)


def data_option(func):
    return click.option(
        "--data",
        type=click.Path(path_type=Path),
        default="data",
        show_default=True,
        help="The folder of YAML data files.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gapreport")
def main() -> None:
    """Build a policy brief on a health-workforce gap from sourced YAML data."""


@main.command()
@data_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default="site",
    show_default=True,
    help="The folder to write the site to: absent, empty, or a site gapreport "
    "wrote (replaced only when the build succeeds).",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="CODE",
    help="Build only this language (repeatable); default: every language of the brief.",
)
@click.option("--pdf/--no-pdf", default=True, help="Also write the PDF (default) or skip it.")
@click.option(
    "--whatif/--no-whatif",
    default=True,
    help="Give the HTML its in-page what-if (default; a small inline script), or leave it "
    "out: the page then has no script at all.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A folder of templates to use instead of the shipped ones.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="How many languages to make at once (default: one per core).",
)
@click.option(
    "--by",
    type=click.Choice(["region", "profession", "sector"]),
    default=None,
    help="Also write a brief per region (profession, sector) under OUT/region/CODE/.",
)
@cache_option
@click.option("--timings", is_flag=True, help="Print the time each stage took.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(
    data: Path,
    out: Path,
    languages: tuple[str, ...],
    pdf: bool,
    whatif: bool,
    templates: Path | None,
    jobs: int | None,
    by: str | None,
    cache: bool,
    timings: bool,
    quiet: bool,
) -> None:
    """Check the data, project every scenario, and write the site."""
    from gapreport.interrupts import install
    from gapreport.options import TEMPLATES, BuildOptions

    install()
    options = BuildOptions(
        data=data,
        out=out,
        languages=languages,
        pdf=pdf,
        whatif=whatif,
        templates=templates or TEMPLATES,
        jobs=jobs,
        by=by,
        cache=cache,
    )
    if cache and _said_up_to_date(options, quiet, timings):
        return
    with heavy_imports():
        from gapreport.pipeline import build as run_build
        from gapreport.progress import Progress

    progress = Progress(enabled=not quiet)
    try:
        with user_errors():
            result = run_build(options, progress=progress)
    finally:
        progress.close()
    if not quiet:
        for name in result.written:
            click.echo(f"wrote {out / name}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if timings and result.clock is not None:
        click.echo(result.clock.report(), err=True)


def _said_up_to_date(options, quiet: bool, timings: bool) -> bool:
    """Whether the site is already what this build would make (said, with the warnings that
    build gave), checked before pandas or matplotlib loads; see
    :mod:`gapreport.runner.up_to_date`."""
    import time

    from gapreport.runner.up_to_date import already_built

    started = time.perf_counter()
    with user_errors():
        record = already_built(options)
    if record is None:
        return False
    if not quiet:
        click.echo(f"up to date: {options.out} (built from these very inputs; nothing written)")
    for warning in record.warnings:
        click.echo(f"warning: {warning}", err=True)
    if timings:
        click.echo(f"checked in {(time.perf_counter() - started) * 1000:.0f} ms", err=True)
    return True


@main.command()
@data_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default="site",
    show_default=True,
    help="The folder to build into and serve: absent, empty, or a site gapreport wrote.",
)
@click.option("--pdf/--no-pdf", default=True, help="Also remake the PDFs (after the HTML).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="The port to serve on (0: any free port).",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A folder of templates to use instead of the shipped ones.",
)
@cache_option
def watch(data: Path, out: Path, pdf: bool, port: int, templates: Path | None, cache: bool) -> None:
    """Rebuild on every save under data/ and templates/, serve the site on localhost,
    and reload the open page."""
    with heavy_imports():
        from gapreport.options import TEMPLATES, BuildOptions
        from gapreport.watch.server import run

    options = BuildOptions(
        data=data, out=out, pdf=pdf, templates=templates or TEMPLATES, cache=cache
    )
    with user_errors():
        run(options, lambda line: click.echo(line, err=True), port=port)


@main.command()
@data_option
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (a path that misses an observation by more than its tolerance) as "
    "errors: exit 1.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="How to print problems: text, GitHub Actions annotations, or a JSON list.",
)
def validate(data: Path, strict: bool, fmt: str) -> None:
    """Check the data and print a summary, or every problem found."""
    with heavy_imports():
        from gapreport.model.backtests import misses
        from gapreport.pipeline import analyse
        from gapreport.summary import summary

    if fmt != "text":
        _validate_for_ci(data, strict, fmt)
        return
    with user_errors():
        analysis = analyse(data)
    warnings = misses(analysis.backtests)
    if strict and warnings:
        for problem in warnings:
            click.echo(str(problem), err=True)
        count = len(warnings)
        click.echo(
            f"{count} warning{'s' if count != 1 else ''} found in the data; --strict makes "
            "them errors.",
            err=True,
        )
        sys.exit(EXIT_DATA_ERROR)
    click.echo(summary(analysis, data))
    for problem in warnings:
        click.echo(f"warning: {problem}", err=True)


def _validate_for_ci(data: Path, strict: bool, fmt: str) -> None:
    """Every problem (and warning) on standard output in a form CI reads; exit 1 if the data
    cannot be used (or, with --strict, has warnings)."""
    from gapreport.annotations import github_lines, json_text
    from gapreport.errors import DataError
    from gapreport.model.backtests import misses
    from gapreport.pipeline import analyse

    errors, warnings = [], []
    with user_errors():  # (what is not a data problem is said as ever)
        try:
            warnings = misses(analyse(data).backtests)
        except DataError as error:
            errors = error.problems
    if strict:
        errors, warnings = errors + warnings, []
    if fmt == "json":
        click.echo(json_text(errors, warnings))
    else:
        for line in github_lines(errors, warnings):
            click.echo(line)
    if errors:
        sys.exit(EXIT_DATA_ERROR)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="CODE",
    help="A language of the brief (repeatable; the first is the default): nb or en. Default: both.",
)
def new(folder: Path, languages: tuple[str, ...]) -> None:
    """Start a case: write a small, commented, valid data folder to FOLDER (new or empty)."""
    from gapreport.starter import new_case

    with user_errors():
        written = new_case(folder, languages)
    click.echo(f"wrote {folder}: {', '.join(written)}")
    click.echo(f"next: gapreport build --data {folder}  (every number in it is made up)")


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the schema to this file instead of printing it.",
)
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the data files (for an editor's completion and checks)."""
    from gapreport.load.json_schema import schema_text

    text = schema_text()
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}")


@main.command()
@data_option
@click.option(
    "--scenario",
    "-s",
    "scenarios",
    multiple=True,
    metavar="ID",
    help="Only this scenario (repeatable); a band's two ends are ID-low and ID-high.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "markdown"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--sensitivity",
    "view",
    flag_value="sensitivity",
    help="Instead: the key-year gap with each assumption at its low and high.",
)
@click.option(
    "--what-it-takes",
    "view",
    flag_value="what-it-takes",
    help="Instead: the graduates a year (or exit rate) that would close the gap.",
)
def table(data: Path, scenarios: tuple[str, ...], fmt: str, view: str | None) -> None:
    """Print the projection: scenario, year, demand, supply and gap."""
    with heavy_imports():
        from gapreport.pipeline import analyse
        from gapreport.tables import (
            format_frame,
            select_scenarios,
            sensitivity_table,
            what_it_takes_table,
        )

    with user_errors():
        analysis = analyse(data)
        if view == "sensitivity":
            frame = sensitivity_table(analysis)
        elif view == "what-it-takes":
            frame = what_it_takes_table(analysis)
        else:
            frame = select_scenarios(analysis.projection, scenarios)
    click.echo(format_frame(frame, fmt), nl=False)


@contextlib.contextmanager
def heavy_imports() -> Iterator[None]:
    """Pause the cyclic garbage collector while pandas, matplotlib and the data models load.

    Imports make a few hundred thousand objects that live as long as the process; the collector
    would scan them again and again as they load and find nothing to free (about a tenth of a
    second of every command, measured). Once loaded they are frozen, so later collections
    (which the build needs: charts and PDFs make reference cycles) skip them too.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the user's mistakes into messages and exit codes, never tracebacks."""
    try:
        yield
    except DataError as error:
        click.echo(error.report(), err=True)
        sys.exit(EXIT_DATA_ERROR)
    except OptionError as error:
        raise click.UsageError(str(error)) from None
    except GapreportError as error:
        raise click.ClickException(str(error)) from None
    except KeyboardInterrupt:
        click.echo(
            "Interrupted before the build finished; the site in --out is unchanged.", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
