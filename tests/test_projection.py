"""The projection of the shipped data: SSB's published 2035 numbers come out of the data."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import SHIPPED, edit

from gapreport.check import load_and_check as load_dataset
from gapreport.errors import DataError
from gapreport.model.projection import COLUMNS, project
from gapreport.pipeline import analyse


@pytest.fixture(scope="module")
def shipped():
    return analyse(SHIPPED)


def test_helsemod_reproduces_ssb_2035_figures(shipped):
    """Acceptance: demand 6,900, supply 5,200, gap 1,700 FTEs in 2035, within 1 %."""
    projection = shipped.projection
    assert projection.value("helsemod", 2035, "demand_fte") == pytest.approx(6900, rel=0.01)
    assert projection.value("helsemod", 2035, "supply_fte") == pytest.approx(5200, rel=0.01)
    assert projection.value("helsemod", 2035, "gap_fte") == pytest.approx(1700, rel=0.01)


def test_table_is_tidy_one_row_per_scenario_and_year(shipped):
    table = shipped.projection.table
    assert list(table.columns) == COLUMNS
    assert not table.duplicated(["scenario", "year"]).any()
    for _, rows in table.groupby("scenario"):
        assert rows["year"].tolist() == list(range(2017, 2041))
    assert str(table["year"].dtype) == "int64"


def test_gap_is_demand_minus_supply_and_nothing_is_missing(shipped):
    table = shipped.projection.table
    assert not table.isna().any().any()
    assert np.allclose(table["gap_fte"], table["demand_fte"] - table["supply_fte"])


def test_shipped_scenarios_cover_the_required_cases(shipped):
    series = set(shipped.projection.series_ids())
    assert {"helsemod", "hso_whatif", "observed_trend", "hn2040-low", "hn2040-high"} <= series


def test_band_keeps_its_own_base_and_unit(shipped):
    projection = shipped.projection
    hn2040 = projection.plan_of("hn2040-low")
    assert hn2040.unit == "persons"
    assert projection.value("hn2040-low", 2017, "demand_fte") == pytest.approx(7000)
    assert projection.value("hn2040-low", 2040, "demand_fte") == pytest.approx(13000)
    assert projection.value("hn2040-high", 2040, "demand_fte") == pytest.approx(29000)


def test_hso_whatif_applies_35_percent_to_the_national_base(shipped):
    assert shipped.projection.value("hso_whatif", 2035, "demand_fte") == pytest.approx(4900 * 1.35)


def test_observed_trend_adds_80_fte_per_five_years(shipped):
    value = shipped.projection.value
    assert value("observed_trend", 2022, "supply_fte") == pytest.approx(4980)
    assert value("observed_trend", 2035, "supply_fte") == pytest.approx(4900 + 16 * 18)


def test_mixed_scopes_carry_their_caveat(shipped):
    plans = {p.id: p for p in shipped.projection.plans}
    assert plans["observed_trend"].mixed_scope and plans["observed_trend"].scenario.caveat
    assert plans["hso_whatif"].mixed_scope
    assert not plans["helsemod"].mixed_scope


def test_mixing_scopes_without_a_caveat_is_refused(shipped_copy):
    scenarios = shipped_copy / "scenarios.yaml"
    text = scenarios.read_text(encoding="utf-8")
    start = text.index("    caveat:\n      nb: >-\n        Veksten er målt")
    end = text.index("  - id: helsemod_stockflow")
    scenarios.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(shipped_copy)
    message = str(caught.value.problems[0])
    assert "scenarios[3].caveat: demand and supply do not count the same thing" in message
    assert "bioengineer/specialist/NO (observed_added_fte)" in message


def test_a_changed_figure_moves_the_projection(shipped_copy):
    edit(shipped_copy / "figures.yaml", "value: 1700", "value: 1500")
    edit(shipped_copy / "claims.yaml", "tolerance: 17", "tolerance: 500")
    result = analyse(shipped_copy)
    assert result.projection.value("helsemod", 2035, "supply_fte") == pytest.approx(5400)


def test_projection_of_no_plans_is_an_empty_tidy_table(shipped):
    empty = project([], shipped.dataset.brief.horizon)
    assert list(empty.table.columns) == COLUMNS and empty.table.empty
