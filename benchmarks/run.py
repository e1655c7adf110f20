"""Benchmarks: build time against the import floor, stages, scale, memory, watch latency.

    python benchmarks/run.py            # everything (a few minutes)
    python benchmarks/run.py --quick    # fewer runs and a smaller scale curve

Whole-process times are medians of several runs, reported as ratios to the floor (a bare
import of the libraries any tool of this kind loads), so a faster or slower machine does not
change the verdict. Memory is reported two ways: the peak resident set of the largest
process (what `/usr/bin/time -v` reports), and the peak of the proportional set size (PSS)
summed over the build and its worker processes, sampled from /proc every 10 ms. Builds are
timed with an empty cache, again with the cache that build left (nothing changed: the site is
found up to date), and with a data file touched before each run (every step runs, its slow
results read from the cache); see the README's Speed section. Nothing here is a pass/fail
test; it prints a report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

FLOOR = [sys.executable, "-c", "import pandas, matplotlib, jinja2, yaml, click"]
TARGETS = {
    ("html", "empty"): 2.5,
    ("full", "empty"): 3.0,  # first builds (issue 13)
    ("html", "warm"): 1.2,
    ("full", "warm"): 1.2,
}  # rebuilds, nothing changed
MEMORY_MB = 250  # issue 6: peak RSS of a full build, in megabytes (10**6 bytes)
VERDICTS: list[tuple[str, str, bool]] = []  # (target, measured, met), printed at the end


def verdict(target: str, measured: str, met: bool) -> None:
    VERDICTS.append((target, measured, met))


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall seconds, the peak summed PSS (KiB) of a command and its children, and the peak
    resident set of its largest single process (KiB, as `/usr/bin/time -v` reports it)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=errors, env={**os.environ, **(env or {})}
        )
        peak, done = [0], threading.Event()
        sampler = threading.Thread(target=_sample_pss, args=(process.pid, peak, done), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}\n{errors.read().decode()}")
    return elapsed, peak[0], usage.ru_maxrss


def _sample_pss(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], _tree_rss(pid))
        time.sleep(0.01)


def _tree_rss(pid: int) -> int:
    """Proportional set size (KiB) of a process and its descendants: memory a forked worker
    shares with its parent is counted once, not twice."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            total += sum(_tree_rss(int(child)) for child in children.read().split())
    except (OSError, ValueError):
        pass
    return total


def median_run(
    command: list[str], runs: int, env: Callable[[], dict[str, str]] = dict
) -> tuple[float, float, int, int]:
    """Median seconds and median ratio to the floor, and peak memory, over ``runs`` runs.

    Each run is paired with a run of the floor just before it, and the ratio taken within the
    pair, so a machine whose speed drifts during the benchmark does not skew the verdict.
    """
    results, ratios = [], []
    for _ in range(runs):
        floor = timed(FLOOR)[0]
        results.append(timed(command, env()))
        ratios.append(results[-1][0] / floor)
    return (
        statistics.median(r[0] for r in results),
        statistics.median(ratios),
        max(r[1] for r in results),
        max(r[2] for r in results),
    )


def build_command(out: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--out", str(out), *extra]


def stage_breakdown(out: Path, *extra: str) -> str:
    done = subprocess.run(
        [*build_command(out, *extra), "--timings", "--no-cache"],
        capture_output=True,
        text=True,
        check=True,
    )
    return "\n".join(
        f"    {line}" for line in done.stderr.splitlines() if line.strip().endswith("ms")
    )


BUILDS: tuple[tuple[str, list[str], str], ...] = (
    ("HTML, both languages", ["--no-pdf"], "html"),
    ("HTML, both languages, --jobs 1", ["--no-pdf", "--jobs", "1"], "html"),
    ("full, with both PDFs", [], "full"),
    ("full, with both PDFs, --jobs 1", ["--jobs", "1"], "full"),
)


def whole_builds(runs: int) -> None:
    """Each build twice: first with an empty cache (every chart drawn, every PDF laid out),
    then again with the cache the first left (a rebuild of unchanged pages)."""
    with tempfile.TemporaryDirectory() as tmp:
        out, data = Path(tmp) / "site", Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        floor, _, _, floor_rss = median_run(FLOOR, runs)
        print(
            f"## Whole builds (median of {runs}; floor = bare import of pandas, matplotlib, "
            "jinja2, yaml, click)\n"
        )
        print(
            "Each run is paired with a run of the floor just before it; x floor is the median "
            "of those ratios. Memory: the peak resident set of the largest process (as "
            "`/usr/bin/time -v` reports it), and the peak of the PSS summed over the build "
            "and its workers.\n"
        )
        print(
            f"| build | cache | seconds | x floor | target | peak RSS (MiB) | "
            f"peak PSS summed (MiB) |\n|---|---|---:|---:|---:|---:|---:|\n"
            f"| floor | | {floor:.2f} | 1.00 | | {floor_rss / 1024:.0f} | |"
        )
        found: dict[tuple[str, str], list[tuple[str, tuple]]] = {}
        for name, extra, target in BUILDS:
            fresh = _fresh_cache(Path(tmp))
            extra = ["--data", str(data), *extra]
            measured = median_run(build_command(out, *extra), runs, fresh)
            _row(name, "empty", *measured, TARGETS[target, "empty"])
            found.setdefault((target, "empty"), []).append((name, measured))
            warm = {"GAPREPORT_CACHE": str(Path(tmp) / "warm")}
            timed(build_command(out, *extra), warm)  # fill it
            measured = median_run(build_command(out, *extra), runs, _same(warm))
            _row(name, "warm", *measured, TARGETS[target, "warm"])
            found.setdefault((target, "warm"), []).append((name, measured))
            measured = median_run(build_command(out, *extra), runs, _touched(data, warm))
            _row(name, "warm, data touched", *measured, None)
        _build_verdicts(found)
        print(
            "\nStages of a full build with an empty cache (ms; charts, render and pdf are "
            "summed over the languages, which run side by side):\n"
        )
        print(stage_breakdown(out))
        print()


def _build_verdicts(found: dict[tuple[str, str], list[tuple[str, tuple]]]) -> None:
    what = {"html": "HTML-only build, both languages", "full": "full build with both PDFs"}
    for (kind, cache), rows in found.items():
        ratios = [measured[1] for _, measured in rows]  # the default first, then --jobs 1
        verdict(
            f"{what[kind]} <= {TARGETS[kind, cache]} x floor ({cache} cache)",
            " / ".join(f"{ratio:.2f} x" for ratio in ratios) + " (2 workers / --jobs 1)",
            ratios[0] <= TARGETS[kind, cache],
        )
    full = [measured for (kind, _), rows in found.items() if kind == "full" for _, measured in rows]
    rss, pss = max(m[3] for m in full) * 1024, max(m[2] for m in full) * 1024  # bytes
    verdict(
        f"peak memory of a full build <= {MEMORY_MB} MB (peak RSS of its largest process)",
        f"largest process {rss / 2**20:.0f} MiB = {rss / 1e6:.0f} MB RSS; all processes "
        f"together {pss / 2**20:.0f} MiB = {pss / 1e6:.0f} MB PSS",
        rss <= MEMORY_MB * 1e6,
    )


def _same(env: dict[str, str]) -> Callable[[], dict[str, str]]:
    """The same environment for every run (a cache the first build filled)."""
    return lambda: env


def _touched(data: Path, env: dict[str, str]) -> Callable[[], dict[str, str]]:
    """The same warm cache, but a data file touched before every run: its bytes unchanged,
    its date newer, so the site is not already up to date and every step runs (each slow
    result, charts, PDFs, draws, read from the cache)."""

    def touch() -> dict[str, str]:
        (data / "brief.yaml").touch()
        return env

    return touch


def _fresh_cache(tmp: Path) -> Callable[[], dict[str, str]]:
    """A new, empty cache folder for every run."""

    def env() -> dict[str, str]:
        return {"GAPREPORT_CACHE": tempfile.mkdtemp(dir=tmp)}

    return env


def _row(
    name: str, cache: str, seconds: float, ratio: float, pss: int, rss: int, target: float | None
) -> None:
    aim = f"<= {target}" if target is not None else ""
    print(
        f"| {name} | {cache} | {seconds:.2f} | {ratio:.2f} | {aim} | "
        f"{rss / 1024:.0f} | {pss / 1024:.0f} |"
    )


def scale_curve(sizes: list[int], runs: int) -> None:
    from synthetic import make_dataset

    from gapreport.pipeline import analyse
    from gapreport.timing import Stopwatch

    print(
        "## Scale (synthetic data: professions x 10 regions x 20 scenarios, 2017-2060; "
        f"median of {runs})\n"
    )
    print(
        "| scenarios | rows | load | validate | project (+ key figures) | project per 1,000 "
        "scenarios |\n|---:|---:|---:|---:|---:|---:|"
    )
    per_thousand = []
    for professions in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "data"
            count = make_dataset(folder, professions, 10, 20)
            clocks = []
            for _ in range(runs):
                clock = Stopwatch()
                analysis = analyse(folder, clock)
                clocks.append(clock.seconds)
            rows = len(analysis.projection.table)
            median = {k: statistics.median(c[k] for c in clocks) for k in clocks[0]}
            print(
                f"| {count:,} | {rows:,} | {median['load']:.2f} s | {median['validate']:.2f} s "
                f"| {median['project']:.2f} s | {median['project'] / count * 1000:.3f} s |"
            )
            per_thousand.append(
                sum(median[k] for k in ("load", "validate", "project")) / count * 1000
            )
    print()
    verdict(
        f"validation <= 1 s at the largest ({count:,} scenarios)",
        f"{median['validate']:.2f} s",
        median["validate"] <= 1.0,
    )
    growth = per_thousand[-1] / per_thousand[0]
    verdict(
        "cost grows linearly (load + validate + project per 1,000 scenarios, largest "
        "against smallest, within 1.5 x)",
        f"{growth:.2f} x",
        growth <= 1.5,
    )


def projection_only(professions: int, runs: int) -> None:
    from synthetic import make_dataset

    from gapreport.check import check
    from gapreport.load.dataset import read_dataset
    from gapreport.model.projection import project

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        count = make_dataset(folder, professions, 10, 20)
        dataset = read_dataset(folder)
        checked = check(dataset)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            projection = project(checked.plans, dataset.brief.horizon)
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"## Projection alone, the largest ({count:,} scenarios, "
        f"{len(projection.table):,} rows): median {median:.3f} s (target <= 0.5 s)\n"
    )
    verdict(
        f"projection of the largest ({count:,} scenarios) <= 0.5 s",
        f"{median:.2f} s",
        median <= 0.5,
    )


def draws(runs: int) -> None:
    from gapreport.outlook.uncertainty import simulate
    from gapreport.pipeline import analyse

    analysis = analyse(ROOT / "data")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fans = simulate(analysis.dataset, analysis.projection, draws=10_000)
        times.append(time.perf_counter() - start)
    years = len(analysis.projection.years)
    median = statistics.median(times)
    print(
        f"## Uncertainty: 10,000 draws x {years} years x {len(fans)} uncertain scenarios "
        f"(of {len(analysis.projection.plans)}): median {median:.3f} s (target <= 0.5 s)\n"
    )
    verdict(
        "10,000 draws x every year x all uncertain scenarios <= 0.5 s",
        f"{median:.3f} s",
        median <= 0.5,
    )


def group_briefs(runs: int, groups: int = 20) -> None:
    """What each extra brief of ``--by region`` costs: synthetic data with ``groups`` regions
    (a scenario each), built with and without the groups' briefs, with and without PDFs."""
    from synthetic import make_dataset

    print(
        f"## Briefs by group (synthetic data: {groups} regions, a scenario each; --no-cache; "
        f"median of {runs})\n"
    )
    print("| build | seconds | each extra brief |\n|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        make_dataset(data, 1, groups, 1)
        for name, extra in (("HTML", ["--no-pdf"]), ("with the PDFs", [])):
            command = [
                *build_command(Path(tmp) / "site", "--data", str(data), "--no-cache"),
                *extra,
            ]
            alone = median_run(command, runs)[0]
            grouped = median_run([*command, "--by", "region"], runs)[0]
            each = (grouped - alone) / groups
            print(f"| {name}, the site's brief only | {alone:.2f} | |")
            print(f"| {name}, and a brief per region | {grouped:.2f} | {each * 1000:.0f} ms |")
    print()


def watch_latency(runs: int) -> None:
    """Timed in a process of its own, as a watcher runs: this one's heap, grown by the scale
    curve, would slow its garbage collection and so the rebuilds."""
    print(
        f"## Watch: one-number edit to fresh HTML, warm process (median of {runs}; "
        "target <= 200 ms)\n"
    )
    print("| edit | page in view | whole site (both languages) |\n|---|---:|---:|")
    output = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parent / "watch_bench.py"),
            "--runs",
            str(runs),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for kind, pdfs, in_view, whole in json.loads(output.splitlines()[-1]):
        kind += ", with the PDFs" if pdfs else ""
        print(f"| {kind} | {in_view:.0f} ms | {whole:.0f} ms |")
        verdict(
            f"watch: one-number edit ({kind}) to fresh HTML <= 200 ms",
            f"{in_view:.0f} ms to the page in view, {whole:.0f} ms to the whole site",
            in_view <= 200,
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller curve")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    print(f"# gapreport benchmarks ({os.cpu_count()} cores, Python {sys.version.split()[0]})\n")
    whole_builds(runs)
    group_briefs(1 if args.quick else 3)
    sizes = [5, 10, 25] if args.quick else [10, 25, 50, 100]
    scale_curve(sizes, 1 if args.quick else 3)
    projection_only(sizes[-1], runs)
    draws(runs)
    watch_latency(7 if args.quick else 15)  # quick to run, and noisier than whole builds
    print("## Against the targets\n\n| target | measured | met |\n|---|---|---|")
    for target, measured, met in VERDICTS:
        print(f"| {target} | {measured} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main()
