"""A stock-and-flow supply an analyst can defend: arrivals and departures, moves to another
sector, and what it takes stated as study places and practice placements."""

from __future__ import annotations

import dataclasses
import re

import pytest
from helpers import RURITANIA, edit, refused, run_cli

from gapreport.outlook.sensitivity import sensitivity
from gapreport.pipeline import analyse


@pytest.fixture(scope="module")
def ruritania():
    return analyse(RURITANIA)


def test_net_arrivals_raise_supply_by_their_kept_sum(ruritania, ruritania_copy):
    """Removing the migration lowers supply by sum over years of (arrivals - departures) x the
    share kept since: 5 a year net, 3 % leaving, ten years after the base year."""
    flat = "      exit_rate: leave_rate\n"  # one flat rate, so the sum has a closed form
    text = (ruritania_copy / "numbers.yaml").read_text(encoding="utf-8")
    start, end = text.index("      ages:"), text.index("      inflow: arrivals")
    (ruritania_copy / "numbers.yaml").write_text(text[:start] + flat + text[end:], "utf-8")
    with_migration = analyse(ruritania_copy).projection
    edit(ruritania_copy / "numbers.yaml", "      inflow: arrivals\n      outflow: departures\n", "")
    without = analyse(ruritania_copy).projection
    years = range(1, 11)  # 2021..2030
    expected = sum((10 - 5) * 0.97 ** (10 - t) for t in years)
    difference = with_migration.value("guild-low", 2030, "supply") - without.value(
        "guild-low", 2030, "supply"
    )
    assert difference == pytest.approx(expected)


def test_arrivals_with_a_range_join_the_sensitivity_and_the_fan(ruritania):
    swings = [s for s in sensitivity(ruritania.dataset, ruritania.projection)]
    moved = {(s.series_id, s.assumption) for s in swings}
    assert ("guild-low", "arrivals") in moved and ("guild-high", "arrivals") in moved
    swing = next(s for s in swings if s.assumption == "arrivals" and s.series_id == "guild-low")
    assert swing.gap_at_low > swing.gap_at_centre > swing.gap_at_high  # more arrivals, less gap
    assert {"guild-low", "guild-high"} <= {fan.scenario for fan in ruritania.fans}


def test_what_it_takes_says_study_places_and_placements(ruritania):
    requirement = next(r for r in ruritania.requirements if r.demand_series == "guild-high")
    assert requirement.completion == pytest.approx(0.9)  # 100 % - 10 % dropout
    assert requirement.extra_study_places == pytest.approx(requirement.extra_graduates / 0.9)
    assert requirement.extra_placements == pytest.approx(2 * requirement.extra_study_places)


def test_the_brief_says_the_study_places_in_both_languages(tmp_path):
    out = tmp_path / "site"
    assert run_cli("build", "--data", str(RURITANIA), "--out", str(out), "--no-pdf").exit_code == 0
    english = (out / "index.html").read_text(encoding="utf-8")
    norwegian = (out / "nb" / "index.html").read_text(encoding="utf-8")
    assert "more study places a year, since 90% of students complete" in english
    assert "more practice placements" in english
    assert "flere studieplasser i året, siden 90\u00a0% av studentene fullfører" in norwegian
    assert "flere praksisplasser" in norwegian


def test_moves_to_another_sector_leave_the_stock_and_are_checked(ruritania_copy):
    edit(
        ruritania_copy / "numbers.yaml",
        "      inflow: arrivals\n",
        "      inflow: arrivals\n      move_rate: dropout\n",
    )
    moved = analyse(ruritania_copy).projection.value("guild-low", 2030, "supply")
    assert moved < analyse(RURITANIA).projection.value("guild-low", 2030, "supply")
    edit(ruritania_copy / "numbers.yaml", "move_rate: dropout", "move_rate: arrivals")
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert result.exit_code == 1
    assert "scenarios[2].supply.move_rate: expected a number in percent, found 'arrivals'" in (
        result.output
    )


def test_exits_and_moves_together_cannot_pass_all_of_the_stock(ruritania_copy):
    edit(ruritania_copy / "numbers.yaml", "      inflow: arrivals\n", "      move_rate: most\n")
    edit(
        ruritania_copy / "numbers.yaml",
        "derived:\n",
        "  - {id: most, title: Most, value: 98, low: 97, high: 99, unit: percent, rationale: x}\n"
        "derived:\n",
    )
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert result.exit_code == 1, result.output
    assert "move_rate: exits and moves to other sectors together exceed 100 % a year" in (
        result.output
    )


def test_places_that_graduate_after_the_key_year_are_called_too_late(ruritania_copy, tmp_path):
    """Five years of study from the 2026 intake end in 2031, after the key year 2030: the
    brief must not offer a number of graduates that could not arrive in time."""
    edit(ruritania_copy / "brief.yaml", "  first_intake: 2025", "  first_intake: 2026")
    analysis = analyse(ruritania_copy)
    assert all(r.extra_graduates is None and r.from_year == 2031 for r in analysis.requirements)
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(ruritania_copy), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    english = (out / "index.html").read_text(encoding="utf-8")
    assert "would produce graduates only from 2031, after 2030" in english
    assert "too late" in english
    shown = re.sub(r"<script[^>]*>.*?</script>", "", english, flags=re.S)  # the what-if
    assert not re.search(r"\b(nan|inf)\b", shown, re.IGNORECASE)


def test_a_stock_in_age_bands_has_an_exit_rate_per_band_and_ages(ruritania):
    plan = ruritania.projection.plan_of("guild-low").series[0].supply
    assert plan.age_shares == pytest.approx((0.7, 0.2, 0.1))
    assert plan.age_widths[:2] == (25.0, 12.0) and plan.age_widths[2] == float("inf")
    assert plan.exit_rate == pytest.approx(0.7 * 0.03 + 0.2 * 0.04 + 0.1 * 0.12)  # the mean
    swings = {s.assumption for s in sensitivity(ruritania.dataset, ruritania.projection)}
    assert "retire_rate" in swings  # a band's exit rate with a range joins the sensitivity


def test_the_age_bands_stock_follows_the_method(ruritania):
    """The projection is the aged method run on the plan's own numbers."""
    import numpy as np

    from gapreport.model.methods import aged_stock_flow_paths
    from gapreport.model.paths import path_of

    plan = ruritania.projection.plan_of("guild-low").series[0].supply
    years = ruritania.projection.years
    no_entrants = dataclasses.replace(plan, entry_share=0.0, inflow=0.0, outflow=0.0)
    flows = np.zeros((1, len(years)))
    expected = aged_stock_flow_paths(
        years, [1200.0], [2020], flows, [plan.age_shares], [plan.age_exits], [plan.age_widths]
    )[0]
    assert np.allclose(path_of(no_entrants, years), expected)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "share: old_share,",
            "share: mid_share,",
            "the age bands' shares must add up to 100 %, found 110 %",
        ),
        ("{age: 62,", "{age: 40,", "age bands must rise, found ages [25, 50, 40]"),
        (
            "      ages:",
            "      exit_rate: leave_rate\n      ages:",
            "give one 'exit_rate' for the whole stock, or 'ages'",
        ),
        (
            "exit_rate: retire_rate}",
            "exit_rate: arrivals}",
            "supply.ages[2].exit_rate: expected a number in percent",
        ),
    ],
)
def test_wrong_age_bands_are_named_at_their_field(ruritania_copy, old, new, message):
    refused(ruritania_copy / "numbers.yaml", old, new, message)
