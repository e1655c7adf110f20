"""The projection methods, each checked against numbers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from gapreport.model.methods import (
    anchor_path,
    anchor_paths,
    growth_path,
    stock_flow_path,
    stock_flow_paths,
    trend_path,
)

YEARS = np.arange(2017, 2041)


def test_compound_growth_hits_target_and_keeps_its_rate():
    path = growth_path(YEARS, 4900, 2017, 6900, 2035, "compound")
    assert path[0] == pytest.approx(4900)
    assert path[YEARS == 2035][0] == pytest.approx(6900)
    ratios = path[1:] / path[:-1]
    assert np.allclose(ratios, (6900 / 4900) ** (1 / 18))


def test_linear_growth_adds_the_same_each_year():
    path = growth_path(YEARS, 100, 2017, 190, 2035, "linear")
    assert np.allclose(np.diff(path), 5)
    assert path[YEARS == 2040][0] == pytest.approx(215)


def test_anchor_path_interpolates_and_extends_the_end_slopes():
    path = anchor_path(
        np.array([2015, 2017, 2026, 2035, 2040]), (2017, 2035), (4900, 5200), "extend"
    )
    assert path.tolist() == pytest.approx(
        [4900 - 2 * 300 / 18, 4900, 5050, 5200, 5200 + 5 * 300 / 18]
    )


def test_anchor_path_can_hold_beyond_its_ends():
    path = anchor_path(np.array([2010, 2020, 2030]), (2019, 2022), (323, 376), "hold")
    assert path.tolist() == [323, 323 + (376 - 323) / 3, 376]


def test_single_anchor_is_a_constant():
    assert anchor_path(YEARS, (2020,), (7.0,), "extend").tolist() == [7.0] * len(YEARS)


def _plain_anchor_path(years, xp, fp, hold):
    """One row, one year at a time, the way it is said in words."""
    values = []
    for year in years:
        if year < xp[0]:
            values.append(
                fp[0] if hold else fp[0] + (fp[1] - fp[0]) / (xp[1] - xp[0]) * (year - xp[0])
            )
        elif year > xp[-1]:
            values.append(
                fp[-1] if hold else fp[-1] + (fp[-1] - fp[-2]) / (xp[-1] - xp[-2]) * (year - xp[-1])
            )
        else:
            values.append(np.interp(year, xp, fp))
    return np.array(values)


@pytest.mark.parametrize("shared", [True, False])
@pytest.mark.parametrize("own_years", [False, True])
def test_many_anchor_paths_at_once_match_one_at_a_time(shared, own_years):
    """The matrix form (one set of anchor years for all rows, as the uncertainty draws have,
    or each row its own; one row of years for all, or each row its own, as intakes shifted
    by study years have) gives every row what the plain definition gives it."""
    rng = np.random.default_rng(7)
    years = np.arange(2005, 2061) - (rng.integers(0, 6, (40, 1)) if own_years else 0)
    for points in (2, 3, 5):
        rows = 40
        own = [
            np.sort(rng.choice(np.arange(2010, 2056), points, replace=False)) for _ in range(rows)
        ]
        xp = np.array([own[0]] * rows if shared else own, dtype=float)
        fp = rng.normal(5000, 800, (rows, points))
        hold = rng.random(rows) < 0.5
        paths = anchor_paths(years, xp, fp, hold)
        for row in range(rows):
            row_years = years[row] if own_years else years
            expected = _plain_anchor_path(row_years, xp[row], fp[row], hold[row])
            assert np.allclose(paths[row], expected, rtol=1e-12, atol=1e-9), (points, row)


def test_trend_moves_by_the_change_per_period():
    path = trend_path(np.array([2017, 2022, 2035]), 4900, 2017, 80, 5)
    assert path.tolist() == pytest.approx([4900, 4980, 4900 + 16 * 18])


def _loop_stock(years, stock, base_year, graduates, entry, exit_rate, fte):
    """The recurrence written the slow, obvious way, to check the closed form against."""
    values = []
    current = stock
    for year, grads in zip(years, graduates, strict=True):
        if year > base_year:
            current = current * (1 - exit_rate) + grads * entry * fte
        values.append(current)
    return np.array(values)


@pytest.mark.parametrize("exit_rate", [0.0, 0.035, 0.2, 1.0])
def test_stock_flow_matches_the_plain_recurrence(exit_rate):
    years = np.arange(2017, 2041)
    graduates = np.linspace(240, 290, len(years))
    fast = stock_flow_path(years, 4900, 2017, graduates, 0.9, exit_rate, 0.9)
    slow = _loop_stock(years, 4900, 2017, graduates, 0.9, exit_rate, 0.9)
    assert np.allclose(fast, slow)


def test_stock_flow_settles_where_inflow_equals_exits():
    years = np.arange(2000, 2300)
    path = stock_flow_path(years, 0, 2000, np.full(len(years), 100.0), 1.0, 0.05, 1.0)
    assert path[-1] == pytest.approx(100 / 0.05, rel=1e-3)


def _constant_stock_flow(**flows):
    from gapreport.check.plans import AnchorPlan, StockFlowPlan

    numbers = dict(
        stock=1000.0,
        base_year=2020,
        intake=AnchorPlan((2000,), (100.0,), "hold"),
        study_years=3,
        completion=0.8,
        entry_share=0.9,
        exit_rate=0.04,
        fte_per_person=0.9,
    )
    return StockFlowPlan(**{**numbers, **flows})


@pytest.mark.parametrize(
    "flows",
    [
        {},
        {"inflow": 25.0},
        {"inflow": 25.0, "outflow": 10.0},
        {"move_rate": 0.02},
        {"inflow": 25.0, "outflow": 40.0, "move_rate": 0.01},
    ],
)
def test_stock_flow_with_migration_and_moves_matches_the_closed_form(flows):
    """A constant inflow E and a kept share k give S_t = k^t S_0 + E (1 - k^t) / (1 - k): E is
    (graduates x entry share + arrivals - departures) x FTE per person, k = 1 - exits - moves."""
    from gapreport.model.paths import path_of

    plan = _constant_stock_flow(**flows)
    years = np.arange(2020, 2041)
    kept = 1 - 0.04 - flows.get("move_rate", 0.0)
    entering = (100 * 0.8 * 0.9 + flows.get("inflow", 0.0) - flows.get("outflow", 0.0)) * 0.9
    t = years - 2020
    expected = kept**t * 1000 + entering * (1 - kept**t) / (1 - kept)
    assert np.allclose(path_of(plan, years), expected)


def test_stock_flow_draws_carry_migration_and_moves():
    """The uncertainty draws compute the same path as the projection when every draw is the
    central value, and move with a drawn inflow."""
    from gapreport.model.paths import draws, path_of

    plan = _constant_stock_flow(inflow=25.0, outflow=5.0, move_rate=0.02)
    years = np.arange(2020, 2041)
    assert np.allclose(draws(plan, years, 3), path_of(plan, years))
    drawn = _constant_stock_flow(inflow=np.array([0.0, 25.0, 50.0]), outflow=5.0, move_rate=0.02)
    paths = draws(drawn, years, 3)
    assert np.allclose(paths[1], path_of(plan, years))
    assert paths[0][0] == paths[1][0] == paths[2][0] == 1000  # the base year is the stock
    assert (paths[0][1:] < paths[1][1:]).all() and (paths[2][1:] > paths[1][1:]).all()


def _aged(stock, shares, exits, widths, entrants=0.0):
    from gapreport.model.methods import aged_stock_flow_paths

    years = np.arange(2020, 2031)
    flows = np.full((1, len(years)), entrants)
    return aged_stock_flow_paths(years, [stock], [years[0]], flows, [shares], [exits], [widths])[0]


def test_one_age_band_is_the_flat_stock_and_flow_model():
    years = np.arange(2020, 2031)
    flat = stock_flow_paths(years, [1000.0], [2020], (np.full((1, 11), 30.0), [0.04]))[0]
    assert np.allclose(_aged(1000.0, [1.0], [0.04], [np.inf], 30.0), flat)


def test_ageing_without_exits_keeps_the_stock_and_moves_it_band_by_band():
    """Two bands, no exits: the total stays; the young band keeps (1 - 1/w)^t of itself."""
    from gapreport.model.methods import aged_stock_flow_paths

    years = np.arange(2020, 2031)
    total = _aged(1000.0, [0.6, 0.4], [0.0, 0.0], [10.0, np.inf])
    assert np.allclose(total, 1000.0)
    flows = np.zeros((1, len(years)))
    young = aged_stock_flow_paths(  # the first band alone: its own exits are the ageing out
        years, [600.0], [2020], flows, [[1.0]], [[0.1]], [[np.inf]]
    )[0]
    assert np.allclose(young, 600 * 0.9 ** (years - 2020))


def test_an_older_stock_shrinks_faster_where_the_old_leave_sooner():
    """Same mean exit rate at the start (3 %), but the older band leaves at 9 %: in a stock
    that ages, exits rise over time, so it ends lower than the flat 3 % model."""
    aged = _aged(1000.0, [0.75, 0.25], [0.01, 0.09], [20.0, np.inf])
    flat = _aged(1000.0, [1.0], [0.03], [np.inf])
    assert aged[1] == pytest.approx(flat[1])  # the first year's exits are the same
    assert aged[-1] < flat[-1]
    # by hand, year one: young 750 x 0.99 = 742.5, of which 1/20 ages: 37.125
    young, old = 742.5 - 37.125, 250 * 0.91 + 37.125
    assert aged[1] == pytest.approx(young + old)
    second = (young * 0.99) * (1 - 1 / 20) + old * 0.91 + young * 0.99 / 20
    assert aged[2] == pytest.approx(second)
