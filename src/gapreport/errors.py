"""The one error type for mistakes in an analyst's data.

Everything a user can get wrong in `data/` ends up as a :class:`DataProblem`: where it is
(file, line, column), which field (a dotted path such as ``figures[3].value``), and a sentence
saying what was expected and what was found. Problems are collected, not raised one by one, so
an analyst sees every slip in one run; :class:`DataError` carries them to the CLI, which prints
them and exits 1. A Python traceback is reserved for bugs in gapreport itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a data file; line and column count from 1, as editors show them."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class DataProblem:
    """One mistake in the data: where, which field, and what is wrong."""

    location: Location
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.location}:{field} {self.message}"


class GapreportError(Exception):
    """A mistake the user can fix (bad data, an unusable output folder): no traceback shown."""


class OutputError(GapreportError):
    """The output folder cannot be written; the previous site is left as it was."""


class TemplateFault(GapreportError):
    """A template that cannot be rendered (a typo, a name it does not know)."""


class OptionError(GapreportError):
    """An option that does not fit the data (say, a language the brief is not written in)."""


class DataError(GapreportError):
    """Raised when the data cannot be used; holds every problem found, in file order."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__(self.report())

    def __reduce__(self):  # so a problem found in a worker process reaches the parent whole
        return (DataError, (self.problems,))

    def report(self) -> str:
        """All problems, one per line, ready to print."""
        lines = [str(p) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in the data.")
        return "\n".join(lines)


def _problem_order(problem: DataProblem) -> tuple:
    loc = problem.location
    return (loc.file, loc.line or 0, loc.column or 0, problem.field, problem.message)


class ProblemLog:
    """Collects problems while a stage runs, then raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[DataProblem] = []

    def add(self, location: Location, field: str, message: str) -> None:
        self.problems.append(DataProblem(location, field, message))

    def extend(self, problems: list[DataProblem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)


def display_path(path: Path) -> str:
    """The path as the analyst would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
