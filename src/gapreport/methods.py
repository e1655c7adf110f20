"""The projection methods: pure functions from numbers to a yearly path.

Each takes an array of years and returns an array of values for those years, with no loops
over rows, so a projection of many scenarios stays fast. They know nothing of the data files;
:mod:`gapreport.plans` reads the numbers from the data and calls them.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Shape = Literal["compound", "linear"]


def growth_path(years: np.ndarray, base: float, base_year: int, target: float,
                target_year: int, shape: Shape) -> np.ndarray:
    """From ``base`` in ``base_year`` to ``target`` in ``target_year``, then on at the same pace.

    Compound growth keeps a constant yearly rate (how most demand models compound population
    and use); linear growth adds the same amount each year.
    """
    share = (np.asarray(years, dtype=float) - base_year) / (target_year - base_year)
    if shape == "compound":
        return base * (target / base) ** share
    return base + (target - base) * share


def anchor_path(years: np.ndarray, anchor_years: tuple[int, ...],
                anchor_values: tuple[float, ...], beyond: Literal["extend", "hold"]) -> np.ndarray:
    """Straight lines between anchor points; outside them, go on at the end slope or hold level."""
    x = np.asarray(years, dtype=float)
    xp = np.asarray(anchor_years, dtype=float)
    fp = np.asarray(anchor_values, dtype=float)
    path = np.interp(x, xp, fp)
    if beyond == "hold" or len(xp) < 2:
        return path
    first_slope = (fp[1] - fp[0]) / (xp[1] - xp[0])
    last_slope = (fp[-1] - fp[-2]) / (xp[-1] - xp[-2])
    path = np.where(x < xp[0], fp[0] + first_slope * (x - xp[0]), path)
    return np.where(x > xp[-1], fp[-1] + last_slope * (x - xp[-1]), path)


def trend_path(years: np.ndarray, base: float, base_year: int, change: float,
               period_years: float) -> np.ndarray:
    """A straight line through ``base`` that moves by ``change`` every ``period_years``."""
    return base + change / period_years * (np.asarray(years, dtype=float) - base_year)


def stock_flow_path(years: np.ndarray, stock: float, base_year: int, graduates: np.ndarray,
                    entry_share: float, exit_rate: float, fte_per_person: float) -> np.ndarray:
    """Stock carried forward: each year keeps ``1 - exit_rate`` of the last and adds entrants.

    ``graduates`` gives the graduates of each year in ``years``; of them ``entry_share`` enter
    and each counts ``fte_per_person``. With r = 1 - exit_rate and inflow_k the entrants of year
    k, the recurrence S_k = r S_(k-1) + inflow_k has the closed form
    S_n = r^n (S_0 + sum_(k<=n) inflow_k r^-k), computed here with one cumulative sum. Years
    before ``base_year`` are not projected: callers start the stock at or before the first year.
    """
    years = np.asarray(years, dtype=float)
    steps = years - base_year
    keep = 1.0 - exit_rate
    inflow = np.where(steps > 0, graduates * entry_share * fte_per_person, 0.0)
    if keep <= 0:
        return np.where(steps > 0, inflow, stock)
    discounted = np.cumsum(inflow * keep ** -np.clip(steps, 0, None))
    return keep ** np.clip(steps, 0, None) * (stock + discounted)
