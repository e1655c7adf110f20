"""How sure, what matters most, what it would take: sensitivity and the what-it-takes solve."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from helpers import RURITANIA, SHIPPED, edit, run_cli

from gapreport.model.paths import path_of
from gapreport.outlook.sensitivity import sensitivity
from gapreport.outlook.what_it_takes import what_it_takes, with_exit_rate, with_extra_graduates
from gapreport.pipeline import analyse


@pytest.fixture(scope="module")
def shipped():
    return analyse(SHIPPED)


def test_swings_are_sorted_and_monotone(shipped):
    swings = sensitivity(shipped.dataset, shipped.projection)
    assert swings and [s.swing for s in swings] == sorted((s.swing for s in swings), reverse=True)
    for s in swings:  # the centre lies between the two ends: the gap is monotone in each input
        assert min(s.gap_at_low, s.gap_at_high) <= s.gap_at_centre + 1e-9
        assert s.gap_at_centre <= max(s.gap_at_low, s.gap_at_high) + 1e-9


def test_only_series_resting_on_an_assumption_move(shipped):
    moved = {(s.series_id, s.assumption) for s in sensitivity(shipped.dataset, shipped.projection)}
    assert ("helsemod_stockflow", "exit_rate_from_55") in moved
    assert not any(series == "helsemod" for series, _ in moved)  # SSB's own numbers only


def test_more_exits_mean_a_larger_gap(shipped):
    exit_rate = next(
        s
        for s in sensitivity(shipped.dataset, shipped.projection)
        if s.series_id == "helsemod_stockflow" and s.assumption == "exit_rate_from_55"
    )
    assert exit_rate.gap_at_low < exit_rate.gap_at_centre < exit_rate.gap_at_high


@pytest.mark.parametrize("data", [SHIPPED, RURITANIA])
def test_the_answer_fed_back_closes_the_gap_within_one(data):
    analysis = analyse(data)
    requirements = what_it_takes(analysis.dataset, analysis.projection)
    assert requirements
    for r in requirements:
        plan = next(p for p in analysis.projection.plans if p.id == r.supply_scenario)
        supply = plan.series[0].supply
        years = analysis.projection.years
        column = int(np.searchsorted(years, r.year))
        if r.extra_graduates is None:  # new places graduate too late to count
            assert r.from_year > r.year and r.graduates_needed is None
        else:
            extra = with_extra_graduates(supply, r.extra_graduates, r.from_year)
            assert path_of(extra, years)[column] == pytest.approx(r.demand, abs=1.0)
        if r.exit_rate_needed is not None:
            lower = path_of(with_exit_rate(supply, r.exit_rate_needed), years)
            assert lower[column] == pytest.approx(r.demand, abs=1.0)


def test_what_it_takes_for_the_shipped_data(shipped):
    requirements = {
        (r.demand_series, r.supply_scenario): r
        for r in what_it_takes(shipped.dataset, shipped.projection)
    }
    ssb = requirements[("helsemod", "helsemod_stockflow")]
    # the brief is dated November 2026, when that year's intake has been admitted: places
    # added at the next intake (2027) graduate three years on
    assert ssb.from_year == 2030
    assert ssb.gap == pytest.approx(shipped.figures["helsemod_stockflow.gap"].value)
    assert ssb.extra_graduates > 0 and ssb.graduates_needed > ssb.graduates_now
    assert ("hn2040-high", "hn2040") in requirements


def test_table_prints_sensitivity_and_what_it_takes():
    result = run_cli("table", "--data", str(SHIPPED), "--sensitivity")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["assumption"] == "exit_rate_before_55"
    result = run_cli("table", "--data", str(SHIPPED), "--what-it-takes", "--format", "markdown")
    assert result.exit_code == 0 and "extra_graduates_per_year" in result.output
    assert "helsemod_stockflow" in result.output


def test_fan_median_is_the_central_scenario_when_assumptions_sit_at_their_values(shipped_copy):
    from helpers import edit

    from gapreport.outlook.uncertainty import simulate

    for old, new in (
        ("low: 0.5\n    high: 2\n", "low: 1\n    high: 1\n"),
        ("low: 7\n    high: 14", "low: 10\n    high: 10"),
        ("low: 0.25\n    high: 1.5", "low: 0.5\n    high: 0.5"),
        ("low: 20\n    high: 60", "low: 40\n    high: 40"),
        ("low: 55\n    high: 80", "low: 65\n    high: 65"),
        ("low: 70\n    high: 95", "low: 85\n    high: 85"),
        ("low: 0.85\n    high: 1.0", "low: 0.95\n    high: 0.95"),
    ):
        edit(shipped_copy / "assumptions.yaml", old, new)
    analysis = analyse(shipped_copy)
    fan = next(
        f
        for f in simulate(analysis.dataset, analysis.projection, draws=500)
        if f.scenario == "helsemod_stockflow"
    )
    assert np.allclose(fan.quantiles[50], fan.central)
    assert np.allclose(fan.quantiles[5], fan.quantiles[95])


def test_fans_are_ordered_reproducible_and_seeded(shipped):
    from gapreport.outlook.uncertainty import QUANTILES, simulate

    first = simulate(shipped.dataset, shipped.projection, draws=2000)
    again = simulate(shipped.dataset, shipped.projection, draws=2000)
    other = simulate(shipped.dataset, shipped.projection, draws=2000, seed=99)
    # a band of scenario outcomes (Helse-Norge 2040) has a fan for each end
    assert {f.scenario for f in first} == {"helsemod_stockflow", "hn2040-low", "hn2040-high"}
    for a, b, c in zip(first, again, other, strict=True):
        assert all(np.array_equal(a.quantiles[q], b.quantiles[q]) for q in QUANTILES)
        assert not np.array_equal(a.quantiles[50], c.quantiles[50])
        stacked = np.vstack([a.quantiles[q] for q in QUANTILES])
        assert (np.diff(stacked, axis=0) >= -1e-9).all()


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_table_prints_an_assumptions_low_and_high_as_the_data_gives_them(shipped_copy, fmt):
    """0.85 and 0.95 once came out as 0.8 and 0.9: the table rounded every number to one
    decimal, the data's own inputs too."""
    from helpers import edit

    edit(shipped_copy / "assumptions.yaml", "low: 0.85\n    high: 1.0", "low: 0.85\n    high: 0.95")
    result = run_cli("table", "--data", str(shipped_copy), "--sensitivity", "--format", fmt)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "fte_per_person" in line)
    cells = [c.strip() for c in row.replace("|", ",").split(",") if c.strip()]
    assert cells[2:4] == ["0.85", "0.95"]
    assert all(len(c.partition(".")[2]) == 1 for c in cells[4:])  # results keep one decimal


def test_the_first_intake_can_be_set_and_cannot_lie_before_the_briefs_date(shipped_copy):
    edit(
        shipped_copy / "brief.yaml",
        "  date: 2026-11-23\n",
        "  date: 2026-11-23\n  first_intake: 2028\n",
    )
    analysis = analyse(shipped_copy)
    assert {r.from_year for r in analysis.requirements} == {2031}
    edit(shipped_copy / "brief.yaml", "first_intake: 2028", "first_intake: 2025")
    result = run_cli("validate", "--data", str(shipped_copy))
    assert result.exit_code == 1
    assert "brief.first_intake: new study places cannot start before the brief's date" in (
        result.output
    )
