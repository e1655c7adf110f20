"""What the outlook is worked out from, and so what it is kept under.

The draws, the sensitivity and what it takes read the brief's settings, the assumptions, the
derived numbers and the scenarios, and, through them, the figures they name. A figure that
nothing names (one quoted in the prose only, such as a tightness indicator) cannot move any
of them, so leaving it out of the key lets an edit of it keep the outlook: in ``watch`` that
edit no longer waits for thousands of draws to be made again. Everything else is kept whole,
text included: a key that holds too much costs a draw, one that holds too little would show
a stale fan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from gapreport.load.dataset import Dataset


def outlook_inputs(dataset: Dataset) -> tuple:
    """The parts of ``dataset`` the outlook can depend on (see the module's docstring)."""
    reading = (dataset.brief, dataset.assumptions, dataset.derived, dataset.scenarios)
    named = {text.split(".", 1)[0] for text in _strings(reading)}
    figures = [figure for figure in dataset.figures if figure.id in named]
    return (*reading, figures)


def _strings(thing: Any) -> Iterator[str]:
    """Every string in ``thing``, models and containers walked (a reference is one of them)."""
    if isinstance(thing, str):
        yield thing
    elif isinstance(thing, BaseModel):
        for name in type(thing).model_fields:
            yield from _strings(getattr(thing, name))
    elif isinstance(thing, dict):
        for key, value in thing.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(thing, (list, tuple, set, frozenset)):
        for item in thing:
            yield from _strings(item)
