"""The names a brief may quote besides the data's own ids: a scenario's measures and the
brief's settings. Checking refuses any other; the key figures compute these."""

from __future__ import annotations

# Scenario measures and their unit: "level" is the scenario's own unit (fte or persons).
SCENARIO_MEASURES: dict[str, str] = {
    "demand": "level",  # in the key year
    "supply": "level",
    "gap": "level",
    "demand_end": "level",  # in the horizon's last year
    "supply_end": "level",
    "gap_end": "level",
    "gap_share": "percent",  # gap as a share of demand, key year
    "demand_growth": "percent",  # growth of demand from the horizon's start to the key year
    "supply_growth": "percent",
}
SETTING_FIGURES = ("key_year", "horizon_start", "horizon_end")

# What would close a stock-and-flow scenario's own gap in the key year (from what it takes), so
# an ask can name its number: "{scenario.extra_study_places} more study places a year".
TAKES_MEASURES: dict[str, str] = {
    "graduates_now": "persons_per_year",
    "extra_graduates": "persons_per_year",
    "graduates_needed": "persons_per_year",
    "extra_study_places": "persons_per_year",
    "extra_placements": "persons_per_year",
    "takes_from": "year",  # the first year the new graduates come
}

# The years of a figure, assumption or derived value, which prose may quote so that a dated
# number carries its year in the text ("{graduates_2018.year}"); quoted as years, uncited.
YEAR_PARTS = ("year", "base_year")

# What a progress bar is fairly set against (defined when the prose has a progress bar): the
# need due by the end of the delivered change, and the delivered change as a share of it.
PROGRESS_FIGURES: dict[str, str] = {
    "progress_share": "percent",  # delivered as a share of the whole need
    "progress_due": "level",
    "progress_share_due": "percent",
}
