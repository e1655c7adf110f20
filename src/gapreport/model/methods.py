"""The projection methods: pure functions from numbers to yearly paths, many at a time.

Each takes its parameters as arrays (one entry per path) and returns a matrix with one row per
path and one column per year, so projecting thousands of scenarios costs a handful of numpy
operations, never a Python loop over rows. The scalar forms (``growth_path`` ...) are the same
functions for one path. They know nothing of the data files; :mod:`gapreport.check.plans` reads the
numbers from the data and calls them.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def _column(values) -> Array:
    """Parameters as a column, so they broadcast across the years."""
    return np.asarray(values, dtype=float).reshape(-1, 1)


def _grid(years, rows: int) -> Array:
    """Years as a (rows, T) matrix: one shared row of years, or one row per path."""
    years = np.asarray(years, dtype=float)
    return np.broadcast_to(years, (rows, years.shape[-1]))


def growth_paths(years, base, base_year, target, target_year, compound) -> Array:
    """From ``base`` in ``base_year`` to ``target`` in ``target_year``, then on at the same pace.

    Compound growth keeps a constant yearly rate (how most demand models compound population
    and use); linear growth adds the same amount each year.
    """
    base, target = _column(base), _column(target)
    share = (_grid(years, len(base)) - _column(base_year)) / (
        _column(target_year) - _column(base_year)
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(base > 0, target / np.where(base > 0, base, 1.0), 1.0)
        compounded = base * np.power(np.maximum(ratio, 0.0), share)
    straight = base + (target - base) * share
    return np.where(np.asarray(compound, dtype=bool).reshape(-1, 1), compounded, straight)


def anchor_paths(years, anchor_years, anchor_values, hold) -> Array:
    """Straight lines between each row's anchor points (all rows with the same number of
    points); outside them, go on at the end slope, or hold the end level where ``hold``.

    Every year is ``value at a base anchor + slope x years since it``: between two anchors
    the base is the earlier one (the later segment where a year is an anchor), after the
    last the base is the last anchor and the slope that of the last segment, before the
    first the base is the first anchor. Which anchor and slope a year uses is worked out
    once per year (or per row and year when rows have their own anchor years), so the cost
    is a few whole-matrix operations however many anchors there are.
    """
    xp = np.asarray(anchor_years, dtype=float)
    fp = np.asarray(anchor_values, dtype=float)
    rows, points = xp.shape
    grid = _grid(years, rows)
    if points == 1:
        return np.broadcast_to(fp, grid.shape).copy()
    slopes = (fp[:, 1:] - fp[:, :-1]) / (xp[:, 1:] - xp[:, :-1])
    keep = np.asarray(hold, dtype=bool).reshape(-1, 1)
    if np.ndim(years) == 1 and bool((xp == xp[:1]).all()):  # work out each year once
        base, segment, outside = _anchor_use(grid[0], xp[0])
        slope = np.where(keep & outside, 0.0, slopes[:, segment])
        return fp[:, base] + slope * (grid[0] - xp[0, base])
    base, segment, outside = _anchor_use(grid, xp)
    slope = np.where(keep & outside, 0.0, np.take_along_axis(slopes, segment, axis=1))
    return np.take_along_axis(fp, base, axis=1) + slope * (
        grid - np.take_along_axis(xp, base, axis=1)
    )


def _anchor_use(grid: Array, xp: Array) -> tuple[Array, Array, Array]:
    """For each year (per row, for matrices): the anchor it counts from, the segment whose
    slope it takes, and whether it lies outside the anchors."""
    points = xp.shape[-1]
    segment = np.clip((grid[..., None] >= xp[..., None, :]).sum(axis=-1) - 1, 0, points - 2)
    after = grid > xp[..., -1:]
    return np.where(after, points - 1, segment), segment, (grid < xp[..., :1]) | after


def trend_paths(years, base, base_year, change, period_years) -> Array:
    """Straight lines through ``base`` that move by ``change`` every ``period_years``."""
    base = _column(base)
    pace = _column(change) / _column(period_years)
    return base + pace * (_grid(years, len(base)) - _column(base_year))


def stock_flow_paths(years, stock, base_year, inflow) -> Array:
    """Stocks carried forward year by year: each keeps ``1 - exit_rate`` and adds its inflow.

    ``inflow`` is a tuple ``(entrants, exit_rate)``: ``entrants`` a (rows, G) matrix of the
    people (or FTEs) entering in each year of the grid from ``min(base_year)`` on, ``exit_rate``
    one rate per row. The loop runs over years, with every row at once; a year at or before a
    row's base year keeps its stock.
    """
    entrants, exit_rate = inflow
    stock = np.asarray(stock, dtype=float)
    base_year = np.asarray(base_year, dtype=float)
    keep = 1.0 - np.asarray(exit_rate, dtype=float)
    first = int(base_year.min())
    grid = np.arange(first, first + entrants.shape[1])
    paths = np.empty(entrants.shape)
    current = stock.copy()
    for column, year in enumerate(grid):
        current = np.where(year > base_year, current * keep + entrants[:, column], current)
        paths[:, column] = current
    wanted = np.asarray(years, dtype=int) - first
    return paths[:, wanted]


def aged_stock_flow_paths(years, stock, base_year, entrants, shares, exits, widths) -> Array:
    """Stocks in age bands, carried forward year by year, the total returned.

    Each row's stock starts split by ``shares`` (rows, B; fractions summing to one). Every
    year each band keeps ``1 - exits`` of itself (its own rate), then a ``1 / widths`` part of
    what is left grows into the next band (people spread evenly over a band's years; the last
    band's width is infinite: it ages out only by exits), and the year's entrants join the
    first band. ``entrants`` is as for :func:`stock_flow_paths`. With one band this is the
    flat stock-and-flow model.
    """
    stock = np.asarray(stock, dtype=float)
    base_year = np.asarray(base_year, dtype=float)
    shares, exits = np.asarray(shares, dtype=float), np.asarray(exits, dtype=float)
    ageing = 1.0 / np.asarray(widths, dtype=float)
    first = int(base_year.min())
    grid = np.arange(first, first + entrants.shape[1])
    bands = stock[:, None] * shares
    paths = np.empty(entrants.shape)
    for column, year in enumerate(grid):
        kept = bands * (1.0 - exits)
        moving = kept * ageing
        moved = kept - moving
        moved[:, 1:] += moving[:, :-1]
        moved[:, 0] += entrants[:, column]
        bands = np.where((year > base_year)[:, None], moved, bands)
        paths[:, column] = bands.sum(axis=1)
    return paths[:, np.asarray(years, dtype=int) - first]


# --- one path at a time -------------------------------------------------------------------


def growth_path(years, base, base_year, target, target_year, shape) -> Array:
    return growth_paths(years, [base], [base_year], [target], [target_year], [shape == "compound"])[
        0
    ]


def anchor_path(years, anchor_years, anchor_values, beyond) -> Array:
    return anchor_paths(years, [anchor_years], [anchor_values], [beyond == "hold"])[0]


def trend_path(years, base, base_year, change, period_years) -> Array:
    return trend_paths(years, [base], [base_year], [change], [period_years])[0]


def stock_flow_path(
    years, stock, base_year, graduates, entry_share, exit_rate, fte_per_person
) -> Array:
    """One stock: ``graduates`` per year of ``years`` (which start at ``base_year``)."""
    entrants = np.asarray(graduates, dtype=float).reshape(1, -1) * entry_share * fte_per_person
    return stock_flow_paths(years, [stock], [base_year], (entrants, [exit_rate]))[0]
