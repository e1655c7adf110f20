"""End to end in real processes: build.py, the console script and `python -m`, on two datasets."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, RURITANIA


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_build_py_builds_the_shipped_data_from_anywhere(tmp_path):
    out = tmp_path / "site"
    done = run(sys.executable, str(ROOT / "build.py"), "--out", str(out), "--no-pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = read_rows(out / "data" / "projection.csv")
    assert {r["scenario"] for r in rows} >= {"helsemod", "hn2040-low", "hn2040-high"}


def test_python_m_gapreport_builds_a_made_up_profession(tmp_path):
    out = tmp_path / "site"
    done = run(
        sys.executable,
        "-m",
        "gapreport",
        "build",
        "--data",
        str(RURITANIA),
        "--out",
        str(out),
        "--no-pdf",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    rows = read_rows(out / "data" / "projection.csv")
    assert {r["scenario"] for r in rows} == {"ministry", "north_whatif", "guild-low", "guild-high"}
    years = sorted({int(r["year"]) for r in rows})
    assert years == list(range(2020, 2036))
    gap_2030 = next(r for r in rows if r["scenario"] == "ministry" and r["year"] == "2030")
    assert float(gap_2030["gap"]) == pytest.approx(150) and gap_2030["unit"] == "fte"


def test_console_script_reports_bad_data_without_a_traceback(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "brief.yaml").write_text("brief:\n  title: [unclosed\n", encoding="utf-8")
    done = run("gapreport", "validate", "--data", str(bad), cwd=tmp_path)
    assert done.returncode == 1
    assert re.search(r"brief\.yaml:\d+:\d+: YAML syntax error", done.stderr)
    assert "Traceback" not in done.stderr + done.stdout


def test_same_inputs_give_the_same_bytes_in_every_output(tmp_path):
    builds = []
    for name in ("a", "b"):
        out = tmp_path / name
        done = run(sys.executable, str(ROOT / "build.py"), "--out", str(out), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        builds.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert sorted(map(str, builds[0])) == [
        ".gapreport-site",
        "brief.pdf",
        "data/gapreport.xlsx",
        "data/projection.csv",
        "en/brief.pdf",
        "en/index.html",
        "index.html",
    ]
    assert builds[0] == builds[1]


def test_the_code_names_no_profession_country_or_figure():
    """The schema is general: the shipped data's words live only in data/."""
    words = re.compile(
        r"bioing|bioengineer|norw|norge|helsemod|nito|hn2040|ssb\b|sør-øst", re.IGNORECASE
    )
    offenders = [
        f"{path.name}:{n}"
        for path in (ROOT / "src" / "gapreport").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if words.search(line)
    ]
    assert offenders == []
