"""The projection table as analysts read it in a terminal: CSV or Markdown."""

from __future__ import annotations

import pandas as pd

from gapreport.analysis import Analysis
from gapreport.errors import OptionError
from gapreport.load.messages import did_you_mean
from gapreport.model.projection import Projection, export_table


def select_scenarios(projection: Projection, wanted: tuple[str, ...]) -> pd.DataFrame:
    """The rows of the named series (all when none is named); an unknown name is an error."""
    known = projection.series_ids()
    for name in wanted:
        if name not in known:
            raise OptionError(
                f"--scenario {name}: no such scenario{did_you_mean(name, known)}; "
                f"choose from {', '.join(known)}"
            )
    table = export_table(projection)
    return table[table["scenario"].isin(wanted)] if wanted else table


def sensitivity_table(analysis: Analysis) -> pd.DataFrame:
    """One row per series and assumption: the key-year gap at the low, centre and high."""
    from gapreport.outlook.sensitivity import sensitivity

    rows = [
        {
            "scenario": s.series_id,
            "assumption": s.assumption,
            "low": as_given(s.low),
            "high": as_given(s.high),
            "gap_at_low": s.gap_at_low,
            "gap_at_centre": s.gap_at_centre,
            "gap_at_high": s.gap_at_high,
            "swing": s.swing,
        }
        for s in sensitivity(analysis.dataset, analysis.projection)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "assumption",
            "low",
            "high",
            "gap_at_low",
            "gap_at_centre",
            "gap_at_high",
            "swing",
        ],
    )


def what_it_takes_table(analysis: Analysis) -> pd.DataFrame:
    """For each stock-and-flow supply and need path: the gap and what would close it."""
    from gapreport.outlook.what_it_takes import what_it_takes

    rows = [
        {
            "need": r.demand_series,
            "supply": r.supply_scenario,
            "unit": r.unit,
            "year": r.year,
            "demand": r.demand,
            "supply_level": r.supply,
            "gap": r.gap,
            "graduates_now": r.graduates_now,
            "from_year": r.from_year,
            "extra_graduates_per_year": r.extra_graduates,
            "graduates_needed_per_year": r.graduates_needed,
            "extra_study_places_per_year": r.extra_study_places,
            "extra_practice_placements": r.extra_placements,
            "exit_rate_now_percent": r.exit_rate_now * 100,
            "exit_rate_needed_percent": (
                None if r.exit_rate_needed is None else r.exit_rate_needed * 100
            ),
        }
        for r in what_it_takes(analysis.dataset, analysis.projection)
    ]
    return pd.DataFrame(rows)


def as_given(number: float) -> str:
    """A number from the data as the analyst wrote it (0.85 stays 0.85, 80 stays 80), for
    columns that echo inputs rather than results."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """Any table as CSV or Markdown, for the terminal: computed numbers with one decimal,
    text (and inputs echoed as the data gives them, see :func:`as_given`) as it is."""
    if fmt == "markdown":
        numeric = [_numbers(frame[c]) for c in frame.columns]
        cells = frame.astype(object).where(frame.notna(), "")
        for column in frame.columns:
            if pd.api.types.is_float_dtype(frame[column]):
                cells[column] = [_one_decimal(v) for v in frame[column]]
        return (
            cells.to_markdown(
                index=False,
                disable_numparse=True,
                colalign=["right" if n else "left" for n in numeric],
            )
            + "\n"
        )
    return frame.to_csv(index=False, float_format="%.1f", lineterminator="\n")


def _numbers(column: pd.Series) -> bool:
    """Whether a column holds numbers (or inputs echoed as text), to align it right."""
    if pd.api.types.is_numeric_dtype(column):
        return True
    return bool(len(column)) and bool(pd.to_numeric(column, errors="coerce").notna().all())


def _one_decimal(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.1f}"
