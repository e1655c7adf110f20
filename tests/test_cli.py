"""The gapreport command as a user runs it: exit codes, output, and no tracebacks."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import SHIPPED, edit, run_cli


def test_build_writes_the_projection_csv(tmp_path):
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "data" / "projection.csv").read_text())))
    assert list(rows[0].keys()) == ["scenario", "year", "unit", "demand", "supply", "gap"]
    row = next(r for r in rows if r["scenario"] == "helsemod" and r["year"] == "2035")
    assert (row["unit"], row["demand"], row["supply"], row["gap"]) == (
        "fte",
        "6900.0",
        "5200.0",
        "1700.0",
    )
    persons = next(r for r in rows if r["scenario"] == "hn2040-low")  # not in an "fte" column
    assert persons["unit"] == "persons"
    assert "projection.csv" in result.output


def test_build_accepts_the_brief_languages_and_refuses_others(tmp_path):
    out = str(tmp_path / "site")
    result = run_cli("build", "--data", str(SHIPPED), "--out", out, "--lang", "en", "--no-pdf")
    assert result.exit_code == 0
    assert (tmp_path / "site" / "en" / "index.html").exists()
    assert not (tmp_path / "site" / "index.html").exists()
    result = run_cli("build", "--data", str(SHIPPED), "--out", out, "--lang", "de")
    assert result.exit_code == 2
    assert "--lang de: the brief is written in nb, en" in result.output


def test_validate_prints_a_summary(tmp_path):
    result = run_cli("validate", "--data", str(SHIPPED))
    assert result.exit_code == 0
    assert f"valid ({len(list(SHIPPED.glob('*.yaml')))} files)" in result.output
    assert "Claims: 3 of 3 hold." in result.output
    assert "helsemod" in result.output and "1,700 fte" in result.output
    assert len(result.output.splitlines()) <= 24  # one screen


def test_validate_reports_every_problem_and_exits_1(shipped_copy):
    edit(shipped_copy / "figures.yaml", "value: 4900", "value: 4,900")
    edit(shipped_copy / "scenarios.yaml", "method: trend", "method: trnd")
    result = run_cli("validate", "--data", str(shipped_copy))
    assert result.exit_code == 1
    assert "figures.yaml:8:12: figures[0].value: expected a number, found '4,900'" in result.output
    assert "unknown method 'trnd' (did you mean 'trend'?)" in result.output
    assert "2 problems found in the data." in result.output
    assert "Traceback" not in result.output


def test_build_refuses_an_output_path_that_is_a_file(tmp_path):
    target = tmp_path / "site"
    target.write_text("not a folder")
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(target))
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.output
    assert target.read_text() == "not a folder"


def test_table_prints_csv_for_one_scenario():
    result = run_cli("table", "--data", str(SHIPPED), "--scenario", "hso_whatif")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "scenario,year,unit,demand,supply,gap"
    assert len(lines) == 1 + 24 and all(line.startswith("hso_whatif,") for line in lines[1:])


def test_table_prints_markdown():
    result = run_cli("table", "--data", str(SHIPPED), "-s", "helsemod", "--format", "markdown")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("| scenario")
    assert "| helsemod   |   2035 | fte    |   6900.0 |   5200.0 | 1700.0 |" in result.output


def test_table_refuses_an_unknown_scenario_with_a_suggestion():
    result = run_cli("table", "--data", str(SHIPPED), "--scenario", "helsemood")
    assert result.exit_code == 2
    assert "no such scenario (did you mean 'helsemod'?)" in result.output


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["table"]])
def test_help_is_available_everywhere(command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_unknown_option_is_a_usage_error():
    assert run_cli("build", "--colour").exit_code == 2


def test_build_writes_a_workbook_with_a_sheet_each_and_the_same_bytes_again(tmp_path):
    """data/gapreport.xlsx: the projection, key figures, assumptions and sources, numbers
    as numbers, each row with its unit; two builds give the same bytes."""
    import openpyxl

    for name in ("a", "b"):
        result = run_cli("build", "--data", str(SHIPPED), "--out", str(tmp_path / name), "--no-pdf")
        assert result.exit_code == 0, result.output
    first, second = (tmp_path / n / "data" / "gapreport.xlsx" for n in "ab")
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    assert book.sheetnames == ["Projection", "Key figures", "Assumptions", "Sources"]
    rows = list(book["Projection"].iter_rows(values_only=True))
    assert rows[0] == ("scenario", "title", "year", "unit", "demand", "supply", "gap")
    helsemod = next(r for r in rows if r[0] == "helsemod" and r[2] == 2035)
    assert helsemod[3] == "fte" and helsemod[6] == pytest.approx(1700, abs=1)
    assert next(r for r in rows if r[0] == "hn2040-low")[3] == "persons"
    rationale = next(
        r for r in book["Assumptions"].iter_rows(values_only=True) if r[0] == "fte_per_person"
    )[6]
    assert "{" not in rationale and "4 900" in rationale.replace("\u00a0", " ")
    sources = {r[0]: r for r in book["Sources"].iter_rows(values_only=True)}
    assert sources["rohr2016"][5].startswith("https://")
    page = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert 'href="data/gapreport.xlsx"' in page
