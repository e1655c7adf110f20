"""The projection table as analysts read it in a terminal: CSV or Markdown."""

from __future__ import annotations

import pandas as pd

from .errors import OptionError
from .projection import Projection, to_csv
from .schema_errors import did_you_mean


def select_scenarios(projection: Projection, wanted: tuple[str, ...]) -> pd.DataFrame:
    """The rows of the named series (all when none is named); an unknown name is an error."""
    known = projection.series_ids()
    for name in wanted:
        if name not in known:
            raise OptionError(f"--scenario {name}: no such scenario{did_you_mean(name, known)}; "
                              f"choose from {', '.join(known)}")
    table = projection.table
    return table[table["scenario"].isin(wanted)] if wanted else table


def format_table(table: pd.DataFrame, fmt: str) -> str:
    if fmt == "markdown":
        return table.to_markdown(index=False, floatfmt=".1f") + "\n"
    return to_csv(table).decode("utf-8")
