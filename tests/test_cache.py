"""The cache of charts, PDFs and the uncertainty: a rebuild reuses them, never a stale one.

Builds run as a user runs them, twice over the same cache (the ``own_cache`` folder each test
gets); the second build's site must be byte-identical to a build made from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import SHIPPED, edit, run_cli
from test_nothing_lost import snapshot

import gapreport.render.pdf as pdf_module
from gapreport.check import check
from gapreport.model.projection import project
from gapreport.options import TEMPLATES
from gapreport.outlook.inputs import outlook_inputs
from gapreport.outlook.sensitivity import sensitivity
from gapreport.outlook.uncertainty import simulate
from gapreport.outlook.what_it_takes import what_it_takes
from gapreport.pipeline import analyse
from gapreport.runner.cache import Cache
from gapreport.runner.runners import CachedRunner


def build(data: Path, out: Path, *extra: str) -> dict[str, bytes]:
    result = run_cli("build", "--data", str(data), "--out", str(out), "--quiet", *extra)
    assert result.exit_code == 0, result.output
    return snapshot(out)


def imports_of_build(data: Path, out: Path, *extra: str) -> str:
    """The modules a build imports, from Python's own import log."""
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "gapreport",
            "build",
            "--data",
            str(data),
            "--out",
            str(out),
            "--quiet",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def entries(cache: Path, kind: str) -> set[str]:
    """The names of the entries of a kind in the store below the cache folder."""
    store = cache / "gapreport" / "v1"
    return {p.name for p in store.glob(f"{kind}-*")} if store.is_dir() else set()


def test_rebuild_takes_charts_and_pdfs_from_the_cache(tmp_path, own_cache):
    first = imports_of_build(SHIPPED, tmp_path / "a")
    assert "matplotlib.figure" in first and "typst" in first
    # two sets of charts (the projection's, the outlook's) and a PDF per language
    assert len(entries(own_cache, "charts")) == 4 and len(entries(own_cache, "pdf")) == 2
    second = imports_of_build(SHIPPED, tmp_path / "b")
    assert "matplotlib.figure" not in second and "typst" not in second
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_an_edit_draws_new_charts_and_the_site_matches_a_fresh_build(
    tmp_path, shipped_copy, own_cache
):
    build(shipped_copy, tmp_path / "warm", "--no-pdf")
    before = entries(own_cache, "charts")
    edit(shipped_copy / "assumptions.yaml", "value: 10\n", "value: 11\n")
    warm = build(shipped_copy, tmp_path / "warm", "--no-pdf")
    assert len(entries(own_cache, "charts") - before) == 4  # both sets, in each language
    fresh = build(shipped_copy, tmp_path / "fresh", "--no-pdf", "--no-cache")
    assert warm == fresh


def test_an_edit_that_moves_only_the_outlook_redraws_only_its_charts(
    tmp_path, shipped_copy, own_cache
):
    """A plausible range moves the spread of the draws and the swings, not the projection:
    the projection's charts come from the cache, the outlook's are drawn anew."""
    build(shipped_copy, tmp_path / "warm", "--no-pdf")
    before = entries(own_cache, "charts")
    edit(shipped_copy / "assumptions.yaml", "low: 7\n", "low: 6\n")
    warm = build(shipped_copy, tmp_path / "warm", "--no-pdf")
    new = entries(own_cache, "charts") - before
    assert len(new) == 2  # the outlook's, in each language ...
    store = Cache(own_cache / "gapreport" / "v1")
    drawn = [chart["key"] for name in new for chart in json.loads(store.get(name))]
    assert sorted(drawn) == ["fan", "fan", "tornado", "tornado"]  # ... and nothing else
    fresh = build(shipped_copy, tmp_path / "fresh", "--no-pdf", "--no-cache")
    assert warm == fresh


def test_a_damaged_entry_is_made_again(tmp_path, own_cache):
    made = build(SHIPPED, tmp_path / "a", "--no-pdf")
    stored = [entry for entry in own_cache.rglob("*-*") if entry.is_file()]
    assert len(stored) > 2  # the charts of both languages, and the outlook
    for entry in stored:
        entry.write_bytes(b"not what was stored")
    assert build(SHIPPED, tmp_path / "b", "--no-pdf") == made
    store = Cache(own_cache / "gapreport" / "v1")
    assert all(store.get(name).startswith(b"[") for name in entries(own_cache, "charts"))


def test_an_unusable_cache_folder_never_fails_a_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache path is taken by a file")
    monkeypatch.setenv("GAPREPORT_CACHE", str(blocker / "cache"))
    assert "index.html" in build(SHIPPED, tmp_path / "out", "--no-pdf")


def test_no_cache_stores_nothing(tmp_path, own_cache):
    build(SHIPPED, tmp_path / "out", "--no-pdf", "--no-cache")
    assert not own_cache.exists()


def test_off_in_the_environment_stores_nothing(tmp_path, own_cache, monkeypatch):
    monkeypatch.setenv("GAPREPORT_CACHE", "off")
    build(SHIPPED, tmp_path / "out", "--no-pdf")
    assert not own_cache.exists() and not (Path.cwd() / "off").exists()


def test_a_cached_pdf_keeps_its_warnings(tmp_path):
    made = []

    def fake(source):
        made.append(source)
        return b"%PDF-1.7 made once", ["a warning Typst gave"]

    runner, day = CachedRunner(Cache(tmp_path)), datetime.date(2026, 12, 1)

    def pdf(source):
        return runner.remember(
            "pdf",
            "typst",
            pdf_module.pdf_inputs(source, day),
            lambda: fake(source),
            pdf_module.pdf_to_bytes,
            pdf_module.pdf_from_bytes,
        )

    first, again, other = pdf("= Brief"), pdf("= Brief"), pdf("= Another brief")
    assert first == again == (b"%PDF-1.7 made once", ["a warning Typst gave"])
    assert other == first and made == ["= Brief", "= Another brief"]


def test_the_least_recently_used_entries_go_first(tmp_path):
    cache = Cache(tmp_path, limit=650)
    names = {age: f"charts-{age * 64}" for age in "abcd"}  # names as cache_key makes them
    for number, age in enumerate("abc"):  # a: oldest, c: newest
        cache.put(names[age], bytes(100))
        os.utime(tmp_path / names[age], (1_000_000 + number, 1_000_000 + number))
    assert cache.get(names["a"]) == bytes(100)  # reading it makes it the most recent
    cache.put(names["d"], bytes(100))  # over the limit: one entry must go, the least recently used
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[age] for age in "acd")


def test_the_stored_outlook_reads_back_bit_for_bit(tmp_path):
    """Fans, swings and requirements from the cache equal the ones just computed."""
    runner = CachedRunner(Cache(tmp_path))
    fresh = analyse(SHIPPED, runner=runner)
    again = analyse(SHIPPED, runner=runner)
    assert len(list(tmp_path.glob("outlook-*"))) == 1
    assert fresh.fans and fresh.swings and fresh.requirements
    assert again.swings == fresh.swings and again.requirements == fresh.requirements
    for stored, made in zip(again.fans, fresh.fans, strict=True):
        assert (stored.scenario, stored.unit) == (made.scenario, made.unit)
        assert np.array_equal(stored.years, made.years)
        assert stored.quantiles.keys() == made.quantiles.keys()
        assert all(np.array_equal(stored.quantiles[q], made.quantiles[q]) for q in made.quantiles)
        assert (stored.central is None) == (made.central is None)
        assert made.central is None or np.array_equal(stored.central, made.central)


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    from gapreport.runner.cache import default_cache

    monkeypatch.delenv("GAPREPORT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache().folder == tmp_path / "xdg" / "gapreport" / "v1"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache().folder == tmp_path / "home" / ".cache" / "gapreport" / "v1"
    assert default_cache(enabled=False).folder is None
    monkeypatch.setenv("GAPREPORT_CACHE", "OFF")
    assert default_cache().folder is None


def test_a_half_written_entry_left_by_a_crash_is_cleared_later(tmp_path):
    cache = Cache(tmp_path)
    abandoned, recent = tmp_path / ".gapreport-new-crashed", tmp_path / ".gapreport-new-now"
    for leftover in (abandoned, recent):
        leftover.write_bytes(b"half")
    os.utime(abandoned, (1_000_000, 1_000_000))
    cache.put("pdf-" + "0" * 64, b"whole")
    assert not abandoned.exists() and recent.exists()  # another build may be writing it
    assert cache.get("pdf-" + "0" * 64) == b"whole"


def test_the_code_fingerprint_covers_every_module_and_its_place(tmp_path):
    """A change to a module in a subpackage, or a module moved, makes every entry new."""
    from gapreport.runner.cache import code_version

    package = tmp_path / "gapreport"
    (package / "stage").mkdir(parents=True)
    (package / "cache.py").write_text("CACHE = 1\n", encoding="utf-8")
    (package / "stage" / "step.py").write_text("STEP = 1\n", encoding="utf-8")
    first = code_version.__wrapped__(package)
    (package / "stage" / "step.py").write_text("STEP = 2\n", encoding="utf-8")
    edited = code_version.__wrapped__(package)
    (package / "stage" / "step.py").rename(package / "step.py")
    moved = code_version.__wrapped__(package)
    assert len({first, edited, moved}) == 3


def test_an_edit_of_a_figure_only_the_prose_quotes_keeps_the_outlook(tmp_path, shipped_copy):
    """The tightness indicator feeds no scenario: editing it (as an analyst in ``watch`` does)
    must not make the draws again; editing a figure a scenario rests on must."""
    store = tmp_path / "store"
    store.mkdir()
    analyse(shipped_copy, runner=CachedRunner(Cache(store)))
    edit(shipped_copy / "figures.yaml", "value: 2.9\n", "value: 3.1\n")
    analyse(shipped_copy, runner=CachedRunner(Cache(store)))
    assert len(list(store.glob("outlook-*"))) == 1
    edit(shipped_copy / "figures.yaml", "value: 4900", "value: 4950")
    analyse(shipped_copy, runner=CachedRunner(Cache(store)))
    assert len(list(store.glob("outlook-*"))) == 2


def test_no_figure_left_out_of_the_outlook_key_can_move_the_outlook():
    """Each figure :func:`outlook_inputs` leaves out, doubled (and its range moved): the
    fans, swings and requirements stay exactly as they were."""
    dataset = analyse(SHIPPED, outlook=False).dataset
    kept = {figure.id for figure in outlook_inputs(dataset)[-1]}
    left_out = [figure for figure in dataset.figures if figure.id not in kept]
    assert left_out and kept  # (both kinds exist in the shipped data)

    def outlook(figures: list) -> tuple:
        moved = dataclasses.replace(dataset, figures=figures)
        projection = project(check(moved).plans, moved.brief.horizon)
        return (
            simulate(moved, projection),
            sensitivity(moved, projection),
            what_it_takes(moved, projection),
        )

    before = outlook(dataset.figures)
    changed = [
        figure.model_copy(
            update={
                name: getattr(figure, name) * 2 + 1
                for name in ("value", "low", "high")
                if getattr(figure, name) is not None
            }
        )
        if figure in left_out
        else figure
        for figure in dataset.figures
    ]
    after = outlook(changed)
    assert after[1:] == before[1:]
    for one, other in zip(after[0], before[0], strict=True):
        assert one.scenario == other.scenario
        assert all(np.array_equal(one.quantiles[q], other.quantiles[q]) for q in one.quantiles)


def test_a_rebuild_of_unchanged_inputs_writes_nothing_and_loads_nothing_heavy(tmp_path):
    """Nothing changed: the site is checked against the record of the build that wrote it,
    and the command ends before pandas or matplotlib is loaded."""
    site = tmp_path / "site"
    build(SHIPPED, site)
    before = {path: path.stat().st_mtime_ns for path in site.rglob("*")}
    again = imports_of_build(SHIPPED, site)
    assert "pandas" not in again and "matplotlib" not in again
    assert {path: path.stat().st_mtime_ns for path in site.rglob("*")} == before
    said = run_cli("build", "--data", str(SHIPPED), "--out", str(site))
    assert said.exit_code == 0 and "up to date" in said.output and "wrote" not in said.output


def _touch(path: Path) -> None:
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


@pytest.mark.parametrize(
    "change",
    [
        "a data file edited",
        "a data file touched",
        "a template edited",
        "a page of the site edited",
        "a page of the site deleted",
        "SOURCE_DATE_EPOCH set",
        "other options",
        "the record damaged",
    ],
)
def test_any_change_to_what_a_build_reads_or_wrote_makes_a_real_build(
    tmp_path, change, monkeypatch, own_cache
):
    data, templates, site = tmp_path / "data", tmp_path / "templates", tmp_path / "site"
    shutil.copytree(SHIPPED, data)
    shutil.copytree(TEMPLATES, templates)
    extra = ["--templates", str(templates), "--no-pdf"]
    build(data, site, *extra)
    if change == "a data file edited":
        edit(data / "figures.yaml", "value: 2.9\n", "value: 3.1\n")
    elif change == "a data file touched":
        _touch(data / "brief.yaml")
    elif change == "a template edited":
        edit(templates / "brief.html", "</main>", "</main><!-- edited -->")
    elif change == "a page of the site edited":
        (site / "en" / "index.html").write_text("edited", encoding="utf-8")
    elif change == "a page of the site deleted":
        (site / "en" / "index.html").unlink()
    elif change == "SOURCE_DATE_EPOCH set":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    elif change == "other options":
        extra += ["--lang", "en"]
    elif change == "the record damaged":
        for record in (own_cache / "gapreport" / "v1").glob("built-*"):
            record.write_bytes(record.read_bytes().replace(b'"warnings"', b'"warnings!"'))
    result = run_cli("build", "--data", str(data), "--out", str(site), *extra)
    assert result.exit_code == 0, result.output
    assert "up to date" not in result.output and "wrote" in result.output
    fresh = build(data, tmp_path / "fresh", *extra, "--no-cache")
    assert snapshot(site) == fresh


def test_a_file_added_to_the_site_is_still_refused(tmp_path):
    site = tmp_path / "site"
    build(SHIPPED, site, "--no-pdf")
    (site / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(site), "--no-pdf")
    assert result.exit_code == 2 and "did not write: notes.txt" in result.output
    assert (site / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_up_to_date_site_gives_its_build_s_warnings_again(tmp_path, ruritania_copy):
    edit(
        ruritania_copy / "numbers.yaml",
        "{figure: hospital_fte_2024, tolerance: 2}",
        "{figure: hospital_fte_2024, tolerance: 0.5}",
    )
    site = tmp_path / "site"
    first = run_cli("build", "--data", str(ruritania_copy), "--out", str(site), "--no-pdf")
    again = run_cli("build", "--data", str(ruritania_copy), "--out", str(site), "--no-pdf")
    assert "up to date" in again.output
    warned = [line for line in first.output.splitlines() if line.startswith("warning:")]
    assert warned and warned == [
        line for line in again.output.splitlines() if line.startswith("warning:")
    ]
