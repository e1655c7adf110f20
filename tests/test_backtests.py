"""Observations and back-tests: each path set against what was actually observed."""

from __future__ import annotations

import pytest
from helpers import RURITANIA, edit, refused, run_cli

from gapreport.model.backtests import misses
from gapreport.pipeline import analyse


@pytest.fixture(scope="module")
def ruritania():
    return analyse(RURITANIA)


def _tests(analysis):
    return {(t.series_id, t.measure): t for t in analysis.backtests}


def test_each_path_of_the_same_scope_and_unit_is_tested_against_the_observation(ruritania):
    """1,030 hospital FTEs seen in 2024: the ministry's straight line from 1,000 (2020) to
    1,100 (2030) is at 1,040 then, the trend of +20 per four years at 1,020."""
    tests = _tests(ruritania)
    ministry, north = tests["ministry", "supply"], tests["north_whatif", "supply"]
    assert (ministry.year, ministry.observed) == (2024, 1030)
    assert ministry.projected == pytest.approx(1040)
    assert ministry.difference == pytest.approx(10)
    assert ministry.percent_error == pytest.approx(10 / 1030 * 100)
    assert north.projected == pytest.approx(1020)
    assert north.percent_error == pytest.approx(-10 / 1030 * 100)
    assert ministry.like_for_like and not ministry.missed  # within the 2 % tolerance
    # the guild counts persons in all sectors: not the same thing, and not named, so untested
    assert not any(t.scenario == "guild" for t in ruritania.backtests)


def test_an_observed_shortage_is_set_against_the_gap_only_with_its_caveat(ruritania):
    test = _tests(ruritania)["ministry", "gap"]
    assert (test.unit, test.projected_unit) == ("posts", "fte")
    assert test.projected == pytest.approx(60)  # need 1,100 less supply 1,040 in 2024
    assert test.observed == 40 and not test.like_for_like


def test_a_named_scenario_without_caveat_is_refused_at_the_caveat(ruritania_copy):
    text = (ruritania_copy / "numbers.yaml").read_text(encoding="utf-8")
    start = text.index('    caveat:\n      en: "Unfilled')
    end = text.index("\n\nscenarios:")
    (ruritania_copy / "numbers.yaml").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "observations[1]" in line)
    assert "numbers.yaml:" in line and "observations[1].caveat:" in line
    assert "'unfilled_2024' counts posts for pharmacist/hospitals/RU" in line
    assert "the gap of 'ministry' counts fte for pharmacist/hospitals/RU" in line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "scenarios: [ministry]",
            "scenarios: [ministy]",
            "unknown scenario 'ministy' (did you mean 'ministry'?)",
        ),
        (
            "{figure: hospital_fte_2024, tolerance: 2}",
            "{figure: dropout}",
            "expected a number in fte or persons or posts, found 'dropout' in percent",
        ),
        (
            "{figure: hospital_fte_2024, tolerance: 2}",
            "{figure: need_range}",
            "'need_range' is a range",
        ),
        (
            "{figure: hospital_fte_2024, tolerance: 2}",
            "{figure: hospital_fte_2024, measure: stock}",
            "observations[0].measure",
        ),
        (
            "{id: hospital_fte_2024, value: 1030, unit: fte, year: 2024,",
            "{id: hospital_fte_2024, value: 1030, unit: fte, year: 2019,",
            "needs a year within the horizon 2020-2035; 'hospital_fte_2024' has 2019",
        ),
    ],
)
def test_a_wrong_observation_is_named_at_its_field(ruritania_copy, old, new, message):
    refused(ruritania_copy / "numbers.yaml", old, new, message)


def test_an_input_of_the_path_or_its_own_base_year_is_no_test(ruritania_copy):
    edit(
        ruritania_copy / "numbers.yaml",
        "{figure: hospital_fte_2024, tolerance: 2}",
        "{figure: base_fte}",
    )
    tests = analyse(ruritania_copy).backtests
    assert [t.figure for t in tests] == ["unfilled_2024"]


def test_a_miss_beyond_the_tolerance_warns_and_strict_makes_it_fail(ruritania_copy):
    edit(
        ruritania_copy / "numbers.yaml",
        "{figure: hospital_fte_2024, tolerance: 2}",
        "{figure: hospital_fte_2024, tolerance: 0.5}",
    )
    analysis = analyse(ruritania_copy)
    assert [t.series_id for t in analysis.backtests if t.missed] == ["ministry", "north_whatif"]
    warnings = [str(w) for w in misses(analysis.backtests)]
    assert "observations[0].tolerance: the supply of 'ministry' is +1.0 % off" in warnings[0]
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert result.exit_code == 0
    assert "warning: " in result.output and "numbers.yaml:" in result.output
    assert "2 miss by more than the tolerance" in result.output
    strict = run_cli("validate", "--data", str(ruritania_copy), "--strict")
    assert strict.exit_code == 1
    assert "2 warnings found in the data; --strict makes them errors." in strict.output
    assert "valid (" not in strict.output


def test_the_brief_shows_each_back_test_in_both_languages(tmp_path):
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(RURITANIA), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    english = (out / "index.html").read_text(encoding="utf-8")
    norwegian = (out / "nb" / "index.html").read_text(encoding="utf-8")
    assert 'id="backtests"' in english and 'href="#backtests"' in english
    assert (
        "Northern growth everywhere: projected supply was 1% below the count observed in 2024"
        in english
    )
    # posts against FTEs: set side by side with the caveat, but no percentage
    assert "projected gap was 60 FTEs in 2024, against <span" in english
    assert "posts observed; the two count different things, so no percentage" in english
    assert "+50%" not in english
    assert "Not like for like:</strong> Unfilled posts are jobs" in english
    assert "anslått tilgang lå 1\u00a0% under tallet som ble observert i 2024" in norwegian
    assert "Ikke like for like:</strong> Ubesatte stillinger" in norwegian


def test_a_brief_without_observations_has_no_back_test_section(tmp_path):
    from helpers import SHIPPED

    out = tmp_path / "site"
    assert run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf").exit_code == 0
    assert 'id="backtests"' not in (out / "index.html").read_text(encoding="utf-8")


def test_the_paths_chart_draws_each_observation_as_a_keyed_point(ruritania):
    """Both layouts key the point (in the corner when wide, with the lines' labels on a
    phone); the table under the chart and the text alternative give its value."""
    from gapreport.chart.drawing import paths_chart
    from gapreport.chart.sets import projection_orders
    from gapreport.options import TEMPLATES
    from gapreport.render.briefs import load_all_strings

    strings = load_all_strings(TEMPLATES, ["en"])["en"]
    name, args = next(
        o for o in projection_orders(ruritania, "en", strings) if o[0] == "paths_chart"
    )
    chart = paths_chart(*args)
    assert "Observed supply" in chart.svg and "Observed supply" in chart.svg_narrow
    assert "Observed supply: 1,030 FTEs in 2024, drawn as a circle." in chart.description
    column = chart.table.header.index("Observed supply")
    assert [row[column] for row in chart.table.rows if row[0] == "2024"] == ["1,030"]
    assert {row[column] for row in chart.table.rows if row[0] != "2024"} == {""}
    assert "guild2024" in chart.sources
    # a point counting something else (unfilled posts against FTEs) is not drawn
    assert "Observed shortage" not in chart.svg
