"""Turn pydantic's validation errors into messages an analyst can act on.

Pydantic reports a location as a tuple that mixes the data's own keys with its internal
labels (the tag of a union, ``str`` or ``dict[str,str]`` for alternatives). Here that tuple is
walked against the raw YAML so only the analyst's keys remain, the line and column come from
the YAML file, and the message says what was expected and what was found, in plain words,
with a "did you mean" for misspelt keys.
"""

from __future__ import annotations

import difflib
import inspect
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from gapreport.errors import DataProblem
from gapreport.load.yamlfile import YamlDocument, format_path


def problems_from(
    error: ValidationError, document: YamlDocument, root: type[BaseModel]
) -> list[DataProblem]:
    """One problem per field that failed, alternatives at the same field merged into one."""
    grouped: dict[tuple, list[Any]] = {}  # pydantic's ErrorDetails
    for err in error.errors(include_url=False):
        path, missing_tail = _match(err["loc"], document.data, err["type"])
        grouped.setdefault((path, missing_tail), []).append(err)
    return [_problem(path, tail, errs, document, root) for (path, tail), errs in grouped.items()]


def _match(loc: tuple, data: Any, kind: str) -> tuple[tuple, tuple]:
    """Split a pydantic loc into the part found in the raw data and a missing field name."""
    path: list[str | int] = []
    node = data
    for seg in loc:
        if _has(node, seg):
            node = node[seg]
            path.append(seg)
        elif kind == "missing" and seg == loc[-1]:
            return tuple(path), (seg,)
        # otherwise a pydantic-internal label (union tag or alternative): skip it
    return tuple(path), ()


def _has(node: Any, seg: str | int) -> bool:
    if isinstance(node, dict):
        return seg in node
    return isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node)


def _problem(
    path: tuple,
    tail: tuple,
    errs: list[dict[str, Any]],
    document: YamlDocument,
    root: type[BaseModel],
) -> DataProblem:
    first = errs[0]
    field = format_path((*path, *tail))
    if first["type"] == "extra_forbidden":
        key = path[-1]
        allowed = _allowed_keys(root, first["loc"][:-1])
        message = f"unknown field '{key}'{did_you_mean(str(key), allowed, or_list=True)}"
        return DataProblem(document.locate(path, key=True), field, message)
    if first["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return _tag_problem(path, first, document)
    if first["type"] == "missing":
        return DataProblem(document.locate(path), field, "required field is missing")
    expected = _unique(_expected(err) for err in errs)
    message = f"expected {' or '.join(expected)}, found {_found(first.get('input'))}"
    return DataProblem(document.locate(path), field, message)


def _tag_problem(path: tuple, err: dict[str, Any], document: YamlDocument) -> DataProblem:
    """An unknown or missing method: point at the method key and suggest the closest one."""
    ctx = err.get("ctx") or {}
    tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
    choices = ", ".join(tags)
    if err["type"] == "union_tag_not_found":
        return DataProblem(
            document.locate(path),
            format_path((*path, "method")),
            f"required field is missing; expected one of: {choices}",
        )
    tag = str(ctx.get("tag", ""))
    message = f"unknown method '{tag}'{did_you_mean(tag, tags)}; expected one of: {choices}"
    return DataProblem(document.locate((*path, "method")), format_path((*path, "method")), message)


def _unique(items: typing.Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


_EXPECTED = {
    "float_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of language code to text",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "finite_number": "a finite number",
    "date_type": "a date written as YYYY-MM-DD",
    "too_short": "a list with at least one item",
}


def _expected(err: dict[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind == "literal_error":
        return f"one of {ctx.get('expected')}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"a 'method' that is one of {ctx.get('expected_tags')}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {
            "greater_than_equal": ">=",
            "less_than_equal": "<=",
            "greater_than": ">",
            "less_than": "<",
        }[kind]
        bound = next(iter(ctx.values()), "?")
        return f"a value {sign} {bound}"
    if kind == "string_pattern_mismatch":
        return _pattern_words(str(ctx.get("pattern", "")))
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    return err["msg"][0].lower() + err["msg"][1:]


def _pattern_words(pattern: str) -> str:
    from gapreport.load.schema import ID_PATTERN, LANG_PATTERN, REF_PATTERN

    return {
        ID_PATTERN: "an id (letters, digits, '_' or '-', starting with a letter)",
        REF_PATTERN: "a reference to an id, optionally with .low, .high or .value",
        LANG_PATTERN: "a two- or three-letter language code such as 'nb' or 'en'",
    }.get(pattern, "a web address starting with http:// or https://")


def _found(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(root: type, loc: tuple) -> list[str]:
    """The field names of the model that the pydantic ``loc`` points into, if it is one."""
    current: Any = root
    for seg in loc:
        current = _step(current, seg)
        if current is None:
            return []
    current = _unwrap(current)
    if inspect.isclass(current) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(tp: Any, seg: str | int) -> Any:
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin in (list, tuple) and isinstance(seg, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    if inspect.isclass(tp) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(seg))
        return field.annotation if field else None
    if origin in (typing.Union, types.UnionType):
        for member in typing.get_args(tp):
            member = _unwrap(member)
            method = getattr(member, "model_fields", {}).get("method")
            if method is not None and seg in typing.get_args(method.annotation):
                return member
    return None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional, which pydantic does not show in an error's loc."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            members = [m for m in typing.get_args(tp) if m is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def did_you_mean(word: str, choices: typing.Iterable[str], or_list: bool = False) -> str:
    """A ' (did you mean ...?)' suffix for an unknown word, from the closest choice; when
    none is close, nothing, or with ``or_list`` the choices themselves."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f"; expected one of: {', '.join(choices)}" if or_list and choices else ""
