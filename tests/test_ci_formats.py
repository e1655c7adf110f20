"""`validate --format github|json`: data problems where CI shows them."""

from __future__ import annotations

import json

from helpers import edit, run_cli

from gapreport.annotations import github_lines
from gapreport.errors import DataProblem, Location


def test_a_problem_becomes_a_github_annotation_on_its_file_and_line(ruritania_copy):
    edit(ruritania_copy / "numbers.yaml", "value: ", "valeu: ")
    result = run_cli("validate", "--data", str(ruritania_copy), "--format", "github")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("::")]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"::error file={ruritania_copy / 'numbers.yaml'},line=")
    assert ",col=" in lines[0] and ",title=figures[0].valeu::unknown field 'valeu'" in lines[0]
    assert "Traceback" not in result.output


def test_json_lists_every_problem_and_warnings_with_their_severity(ruritania_copy):
    edit(
        ruritania_copy / "numbers.yaml",
        "{figure: hospital_fte_2024, tolerance: 2}",
        "{figure: hospital_fte_2024, tolerance: 0.5}",
    )
    result = run_cli("validate", "--data", str(ruritania_copy), "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert [p["severity"] for p in found] == ["warning", "warning"]
    assert found[0]["field"] == "observations[0].tolerance" and found[0]["line"] > 0
    strict = run_cli("validate", "--data", str(ruritania_copy), "--format", "json", "--strict")
    assert strict.exit_code == 1
    assert {p["severity"] for p in json.loads(strict.output)} == {"error"}
    clean = run_cli("validate", "--data", str(ruritania_copy.parent / "none"), "--format", "json")
    assert clean.exit_code == 1 and json.loads(clean.output)[0]["message"].startswith("the data")


def test_annotations_escape_what_would_end_them_early():
    problem = DataProblem(Location("a,b:c.yaml", 3, 4), "x", "50% off:\nsee line 2")
    (line,) = github_lines([problem], [])
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=x::50%25 off:%0Asee line 2"
