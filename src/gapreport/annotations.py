"""Data problems in the forms CI systems read, so an organisation can check its data in pull
requests: GitHub Actions workflow commands (each problem an annotation on its file and line)
or JSON (a list a script can read). The text form stays the one `validate` prints by default.
"""

from __future__ import annotations

import json

from gapreport.errors import DataProblem

FORMATS = ("text", "github", "json")


def github_lines(errors: list[DataProblem], warnings: list[DataProblem]) -> list[str]:
    """``::error file=F,line=L,col=C,title=FIELD::message``, one a problem (warnings as
    ``::warning``), escaped as GitHub's toolkit escapes them."""
    return [_command("error", p) for p in errors] + [_command("warning", p) for p in warnings]


def json_text(errors: list[DataProblem], warnings: list[DataProblem]) -> str:
    """Every problem as an object: severity, file, line, column, field, message."""
    return json.dumps(
        [_record("error", p) for p in errors] + [_record("warning", p) for p in warnings],
        ensure_ascii=False,
        indent=2,
    )


def _command(kind: str, problem: DataProblem) -> str:
    where = problem.location
    properties = {"file": where.file, "line": where.line, "col": where.column}
    if problem.field:
        properties["title"] = problem.field
    shown = ",".join(
        f"{name}={_property(str(value))}" for name, value in properties.items() if value is not None
    )
    return f"::{kind} {shown}::{_data(problem.message)}"


def _record(kind: str, problem: DataProblem) -> dict:
    where = problem.location
    return {
        "severity": kind,
        "file": where.file,
        "line": where.line,
        "column": where.column,
        "field": problem.field,
        "message": problem.message,
    }


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
