"""Claims recomputed at every build, and the key figures the brief will quote."""

from __future__ import annotations

import pytest
from helpers import SHIPPED, edit

from gapreport.errors import DataError
from gapreport.pipeline import analyse


@pytest.fixture(scope="module")
def shipped():
    return analyse(SHIPPED)


def test_shipped_claims_hold(shipped):
    results = {r.claim.id: r for r in shipped.claims}
    assert results["share_of_need_is_four_percent"].actual.value == pytest.approx(4.0)
    assert results["added_fte_is_forty_percent"].actual.value == pytest.approx(2000 / 4900 * 100)
    assert all(r.holds for r in results.values())


def test_a_claim_that_no_longer_holds_names_itself_and_both_numbers(shipped_copy):
    edit(shipped_copy / "figures.yaml", "value: 80\n", "value: 120\n")
    with pytest.raises(DataError) as caught:
        analyse(shipped_copy)
    message = str(caught.value.problems[0])
    assert "claims.yaml:" in message
    assert "claim 'share_of_need_is_four_percent' no longer holds" in message
    assert "share_of_need_met is 6 percent, observed_share_of_need is 4 percent" in message
    assert "more than the tolerance 0.5" in message


def test_claim_units_must_match(shipped_copy):
    edit(
        shipped_copy / "claims.yaml",
        "expected: observed_share_of_need",
        "expected: observed_added_fte",
    )
    with pytest.raises(DataError) as caught:
        analyse(shipped_copy)
    assert "the claim compares percent with fte" in str(caught.value)


def test_key_figures_carry_unit_kind_and_sources(shipped):
    figures = shipped.figures
    gap = figures["helsemod.gap"]
    assert (gap.value, gap.unit, gap.kind) == (pytest.approx(1700), "fte", "computed")
    assert "ssb2019_helsemod" in gap.sources
    assert figures["helsemod2019_growth"].kind == "published"
    assert figures["helsemod2019_growth"].sources == ("ssb2019_helsemod", "nito2022")
    assert figures["exit_rate_from_55"].kind == "assumption"
    assert figures["hn2040_need.low"].value == 13000
    assert figures["key_year"].value == 2035
    assert figures["share_of_need_met"].kind == "derived"


def test_computed_figures_name_the_assumptions_they_rest_on(shipped):
    assert shipped.figures["helsemod.gap"].assumptions == ()
    assert "exit_rate_from_55" in shipped.figures["helsemod_stockflow.gap"].assumptions


def test_scenario_measures(shipped):
    figures = shipped.figures
    assert figures["helsemod.demand"].value == pytest.approx(6900)
    assert figures["helsemod.gap_share"].value == pytest.approx(1700 / 6900 * 100)
    assert figures["helsemod.demand_growth"].value == pytest.approx(2000 / 4900 * 100)
    assert figures["hn2040-high.gap_end"].unit == "persons"
