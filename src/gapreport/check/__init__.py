"""Stage 2, check: what the data means, checked as a whole, and what it resolves to.

:func:`check` takes the :class:`~gapreport.load.dataset.Dataset` the load stage read and
returns a :class:`Checked`: the same data with its quantities (every id's value, range, unit,
scope and sources) and its scenarios' plans, or raises a DataError listing every problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gapreport.check.plans import ScenarioPlan
from gapreport.check.quantities import Quantities
from gapreport.check.rules import check_dataset
from gapreport.errors import ProblemLog
from gapreport.load.dataset import Dataset, read_dataset


@dataclass(frozen=True)
class Checked:
    """Data whose meaning has been checked, and what it resolves to."""

    dataset: Dataset
    quantities: Quantities
    plans: list[ScenarioPlan]


def check(dataset: Dataset) -> Checked:
    """The meaning checks on a dataset; every problem found is raised at once."""
    log = ProblemLog()
    quantities, plans = check_dataset(dataset, log)
    log.raise_if_any()
    return Checked(dataset, quantities, plans)


def load_and_check(folder: Path) -> Checked:
    """Read a data folder and check it (for tests and tools that want both in one call)."""
    return check(read_dataset(folder))
