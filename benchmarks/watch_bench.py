"""Watch latency: the time from a one-number edit to fresh HTML in a warm watcher process.

Two kinds of edit: one that moves the projection (four of the five charts are redrawn), and
one that does not (a figure quoted in the text only). Each is timed to the page in view being
fresh (the watcher makes it first and reloads it) and to the whole site (every language).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from gapreport.options import TEMPLATES, BuildOptions
from gapreport.watch.server import Watcher

ROOT = Path(__file__).resolve().parent.parent
EDITS = {  # the figure's line in data/figures.yaml, and the new values to write into it
    "moves the projection": ("value: 4900\n", lambda run: f"value: {4901 + run}\n"),
    "quoted in the text only": ("value: 2.9\n", lambda run: f"value: {2.91 + run / 100:.2f}\n"),
}


def measure_rebuild(
    runs: int, kind: str = "moves the projection", pdfs: bool = False
) -> list[tuple[float, float]]:
    """Seconds per rebuild, to the page in view and to the whole site, after each edit of one
    number in figures.yaml (a new value every time, so nothing is served from memory or the
    cache that should not be). With ``pdfs``, the watcher also makes the PDFs (after the page
    in view), and the whole site's time includes them."""
    line, new_line = EDITS[kind]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GAPREPORT_CACHE"] = str(Path(tmp) / "cache")  # empty: no earlier run helps
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        options = BuildOptions(data=data, out=Path(tmp) / "site", pdf=pdfs, templates=TEMPLATES)
        watcher = Watcher(options, say=lambda line: None)
        watcher.rebuild()  # warm up: the first build pays for fonts and caches
        figures = data / "figures.yaml"
        latencies = []
        for run in range(runs):
            text = figures.read_text(encoding="utf-8")
            figures.write_text(text.replace(line, new_line(run), 1), encoding="utf-8")
            line = new_line(run)
            watcher.rebuild()
            latencies.append(watcher.seconds)
            assert watcher.state.error == "", watcher.state.error
        watcher.close()
    return latencies


CASES = [(kind, False) for kind in EDITS] + [("moves the projection", True)]


def medians(runs: int) -> list[tuple[str, bool, float, float]]:
    """(edit, PDFs made too, ms to the page in view, ms to the whole site) per case."""
    results = []
    for kind, pdfs in CASES:
        times = measure_rebuild(runs, kind, pdfs)
        in_view, whole = (statistics.median(t[i] for t in times) * 1000 for i in (0, 1))
        results.append((kind, pdfs, in_view, whole))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="edits per case")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    args = parser.parse_args()
    results = medians(args.runs)
    if args.json:
        print(json.dumps(results))
    for kind, pdfs, in_view, whole in [] if args.json else results:
        print(
            f"{kind}{', with the PDFs' if pdfs else ''}: median {in_view:.0f} ms to "
            f"the page in view, {whole:.0f} ms to the whole site"
        )
