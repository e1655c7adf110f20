"""Loading and validating data: every problem named by file, line, field, expected and found."""

from __future__ import annotations

import pytest
from helpers import MINIMAL, edit, write_data

from gapreport.check import load_and_check as load_dataset
from gapreport.errors import DataError


def problems(folder) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    return [str(p) for p in caught.value.problems]


def only(folder) -> str:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


def test_minimal_data_loads(minimal):
    checked = load_dataset(minimal)
    assert checked.dataset.counts()["figures"] == 2
    assert [p.id for p in checked.plans] == ["main"]


def test_string_where_number_belongs_names_file_line_field(minimal):
    edit(minimal / "numbers.yaml", "value: 100", "value: '100'")
    assert only(minimal) == (
        f"{minimal / 'numbers.yaml'}:5:12: figures[0].value: expected a number, found '100'"
    )


def test_misspelt_key_suggests_the_right_one(minimal):
    edit(minimal / "numbers.yaml", "    source: src\n", "    sorce: src\n")
    found = problems(minimal)
    assert any(
        "figures[0].sorce: unknown field 'sorce' (did you mean 'source'?)" in p for p in found
    )
    assert any("figures[0].source: required field is missing" in p for p in found)


def test_misspelt_section_suggests_the_right_one(minimal):
    edit(minimal / "numbers.yaml", "figures:", "figuers:")
    assert "unknown field 'figuers' (did you mean 'figures'?)" in " ".join(problems(minimal))


def test_unknown_method_suggests_the_right_one(minimal):
    edit(minimal / "numbers.yaml", "method: anchors", "method: anchor")
    message = only(minimal)
    assert (
        "scenarios[0].supply.method: unknown method 'anchor' (did you mean 'anchors'?)" in message
    )
    assert "numbers.yaml:21:22:" in message


def test_unknown_unit_lists_the_choices(minimal):
    edit(minimal / "numbers.yaml", "unit: fte", "unit: FTE")
    assert "expected one of 'fte', 'persons'" in only(minimal)


def test_nan_and_infinity_are_refused(minimal):
    edit(minimal / "numbers.yaml", "value: 100", "value: .nan")
    edit(minimal / "numbers.yaml", "value: 50", "value: .inf")
    found = problems(minimal)
    assert len(found) == 2 and all("expected a finite number" in p for p in found)


def test_all_problems_in_all_files_are_reported_together(minimal):
    edit(minimal / "numbers.yaml", "value: 100", "value: lots")
    edit(minimal / "brief.yaml", "key_year: 2025", "key_year: soon")
    found = problems(minimal)
    assert len(found) == 2
    assert "brief.yaml" in found[0] and "numbers.yaml" in found[1]


def test_unknown_source_is_refused_with_suggestion(minimal):
    edit(minimal / "numbers.yaml", "source: src", "source: scr")
    assert "figures[0].source: unknown source 'scr' (did you mean 'src'?)" in only(minimal)


def test_unknown_figure_in_scenario_is_refused_with_suggestion(minimal):
    edit(minimal / "numbers.yaml", "added: added", "added: addded")
    message = only(minimal)
    assert "scenarios[0].demand.added: unknown id 'addded' (did you mean 'added'?)" in message


def test_duplicate_id_names_the_first(minimal):
    edit(minimal / "numbers.yaml", "- id: added", "- id: base")
    message = problems(minimal)[0]
    assert "duplicate id 'base'" in message and "numbers.yaml:4:" in message


def test_low_above_high_is_refused(minimal):
    edit(minimal / "numbers.yaml", "value: 50", "low: 60\n    high: 40")
    assert "figures[1].low: low (60) is above high (40)" in " ".join(problems(minimal))


def test_base_year_after_year_is_refused(minimal):
    edit(minimal / "numbers.yaml", "base_year: 2020", "base_year: 2026")
    assert "the base year (2026) must come before the year (2025)" in only(minimal)


def test_target_year_before_base_year_is_refused(minimal):
    edit(minimal / "numbers.yaml", "shape: linear", "shape: linear, target_year: 2019")
    assert (
        "demand.target_year: the target year (2019) must come after the base year (2020)"
        in only(minimal)
    )


def test_percentage_out_of_range_is_refused(minimal):
    edit(minimal / "numbers.yaml", "value: 50\n    unit: fte", "value: 5000\n    unit: percent")
    assert "expected a percentage between -100 and 1000, found 5000" in problems(minimal)[0]


def test_negative_fte_is_refused(minimal):
    edit(minimal / "numbers.yaml", "value: 100", "value: -100")
    assert "figures[0].value: a number in fte cannot be negative, found -100" in only(minimal)


def test_unit_must_fit_the_method(minimal):
    edit(minimal / "numbers.yaml", "added: added", "percent: added")
    assert "demand.percent: expected a number in percent, found 'added' in fte" in only(minimal)


def test_range_needs_an_end_named(minimal):
    edit(minimal / "numbers.yaml", "value: 50", "low: 40\n    high: 60")
    assert "'added' is a range: write 'added.low' or 'added.high'" in only(minimal)


def test_derived_cycle_is_reported_not_followed(minimal):
    with open(minimal / "numbers.yaml", "a", encoding="utf-8") as f:
        f.write("derived:\n  - {id: a, op: sum, of: [b]}\n  - {id: b, op: sum, of: [a]}\n")
    assert "refer to each other in a cycle: a -> b -> a" in only(minimal)


def test_text_must_cover_every_language(minimal):
    edit(minimal / "brief.yaml", "languages: [en]", "languages: [en, nb]")
    edit(minimal / "numbers.yaml", "title: Main", "title: {en: Main}")
    assert "scenarios[0].title: the text is given per language but lacks nb" in only(minimal)


def test_placeholder_must_name_a_known_number(minimal):
    edit(minimal / "numbers.yaml", "title: Main", "title: 'Main, {ad} more'")
    assert "scenarios[0].title: unknown id 'ad'" in only(minimal)


def test_scope_code_needs_a_label(minimal):
    edit(minimal / "numbers.yaml", "region: X}", "region: Y}")
    assert "figures[0].scope.region: no label for the region 'Y'" in only(minimal)


def test_lead_scenario_must_exist(minimal):
    edit(minimal / "brief.yaml", "key_year: 2025", "key_year: 2025\n  lead_scenarios: [mian]")
    assert "unknown scenario 'mian' (did you mean 'main'?)" in only(minimal)


def test_key_year_outside_horizon_is_refused(minimal):
    edit(minimal / "brief.yaml", "key_year: 2025", "key_year: 2045")
    assert "brief.key_year: expected a year within the horizon 2020-2030, found 2045" in only(
        minimal
    )


def test_brief_may_be_given_only_once(minimal):
    brief = (minimal / "brief.yaml").read_text(encoding="utf-8").split("labels:")[0]
    (minimal / "more.yaml").write_text(brief, encoding="utf-8")
    message = only(minimal)
    assert "more.yaml:1:1: brief: 'brief' is already given in" in message


def test_missing_brief_is_reported_at_the_folder(tmp_path):
    folder = write_data(tmp_path / "d", {"numbers.yaml": MINIMAL["numbers.yaml"]})
    assert "no file in the data folder has a 'brief:' section" in " ".join(problems(folder))


def test_missing_folder_and_empty_folder(tmp_path):
    assert "the data folder does not exist" in only(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    assert "holds no .yaml files" in only(tmp_path / "empty")


def test_empty_file_and_list_file_are_reported(minimal):
    (minimal / "empty.yaml").write_text("", encoding="utf-8")
    (minimal / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    found = problems(minimal)
    assert any("empty.yaml:1:1: the file is empty" in p for p in found)
    assert any("list.yaml:1:1: expected a mapping of sections" in p for p in found)


def test_crlf_data_is_read(minimal):
    for path in minimal.iterdir():
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_dataset(minimal).dataset.brief.title == "Test brief"


def test_comparison_names_known_figures(minimal):
    edit(
        minimal / "brief.yaml",
        "  highlights:",
        "  comparison: {heading: h, caveat: c, figures: [base, adeed]}\n  highlights:",
    )
    assert "prose.comparison.figures[1]: unknown id 'adeed' (did you mean 'added'?)" in only(
        minimal
    )
