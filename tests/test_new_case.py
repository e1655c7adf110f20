"""`gapreport new` starts a case that builds at once; `gapreport schema` describes the data
files so an editor can check them, and that schema agrees with the data gapreport accepts."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from helpers import RURITANIA, SHIPPED, run_cli

from gapreport.load.yamlfile import read_yaml


def test_a_new_case_validates_and_builds_at_once(tmp_path):
    folder = tmp_path / "radiographers"
    made = run_cli("new", str(folder))
    assert made.exit_code == 0, made.output
    names = sorted(p.name for p in folder.iterdir())
    assert "brief.yaml" in names and "gapreport.schema.json" in names and "README.md" in names
    for path in folder.glob("*.yaml"):  # the editor finds the schema from every data file
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=gapreport.schema.json", path.name
    brief = (folder / "brief.yaml").read_text(encoding="utf-8")
    assert f"  date: {datetime.date.today().isoformat()}  " in brief  # dated the day it starts
    assert run_cli("validate", "--data", str(folder)).exit_code == 0
    built = run_cli("build", "--data", str(folder), "--out", str(tmp_path / "site"), "--no-pdf")
    assert built.exit_code == 0, built.output
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Radiografer i Examplia" in page and 'data-figure="own_model.extra_study_places"' in page
    # so new study places count from the intake after today, not from the horizon's start
    intake = BeautifulSoup(page, "html.parser").select_one("#uncertainty").get_text()
    assert f"({datetime.date.today().year + 1})" in intake


def test_the_language_option_sets_the_brief_s_languages(tmp_path):
    folder = tmp_path / "case"
    assert run_cli("new", str(folder), "--language", "en").exit_code == 0
    line = next(
        line
        for line in (folder / "brief.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("  languages:")
    )
    assert line.startswith("  languages: [en]  ") and line.index("#") == 33  # the comment stays
    built = run_cli("build", "--data", str(folder), "--out", str(tmp_path / "site"), "--no-pdf")
    assert built.exit_code == 0, built.output
    assert not (tmp_path / "site" / "en").exists()  # one language: the site's own page
    refused = run_cli("new", str(tmp_path / "other"), "--language", "sv")
    assert refused.exit_code == 2 and "--language sv" in refused.output
    assert not (tmp_path / "other").exists()


def test_a_folder_that_holds_anything_is_never_written_into(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("new", str(folder))
    assert result.exit_code == 2 and "not an empty folder" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


def _as_json(path: Path):
    """A data file as an editor's YAML extension sees it: plain JSON values (a date as text),
    read by gapreport's own loader (so region NO stays the text "NO")."""
    data = read_yaml(path, path.name).data

    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    return plain(data)


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "gapreport.schema.json"
    result = run_cli("schema", "--out", str(out))
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("folder", [SHIPPED, RURITANIA], ids=["shipped", "ruritania"])
def test_the_data_gapreport_accepts_meets_the_schema(validator, folder):
    for path in sorted(folder.glob("*.yaml")):
        errors = [e.message for e in validator.iter_errors(_as_json(path))]
        assert errors == [], (path.name, errors[:3])


def test_the_schema_rejects_a_misspelt_key_and_a_wrong_unit(validator):
    figure = _as_json(SHIPPED / "figures.yaml")["figures"][0]
    misspelt = {**figure, "valeu": figure.pop("value")}
    assert any("valeu" in e.message for e in validator.iter_errors({"figures": [misspelt]}))
    wrong = {**_as_json(SHIPPED / "figures.yaml")["figures"][0], "unit": "fte_a_year"}
    assert any("fte_a_year" in e.message for e in validator.iter_errors({"figures": [wrong]}))


def test_the_schema_describes_fields_and_lists_units_and_methods():
    text = run_cli("schema").output
    schema = json.loads(text)
    figure = schema["$defs"]["Figure"]
    assert "unit" in figure["required"] and "scope" in figure["required"]
    assert "persons_per_year" in json.dumps(figure["properties"]["unit"])
    assert "up to" in figure["properties"]["bound"]["description"]
    methods = {
        d["properties"]["method"]["const"]
        for d in schema["$defs"].values()
        if "method" in d.get("properties", {}) and "const" in d["properties"]["method"]
    }
    assert {"growth", "band", "anchors", "trend", "stock_flow"} <= methods
