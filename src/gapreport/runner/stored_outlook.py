"""The slow part of the analysis, kept in the cache by the data's fingerprint.

The uncertainty draws, the sensitivity swings and what it would take to close the gap are
most of the analysis's time (tens of milliseconds, against a few for reading, checking and
projecting the data), and a pure function of the data files (their SHA-256, which covers every
byte) with gapreport's code and numpy's version (which fixes the random draws). They are stored
as JSON, whose numbers read back to the same bits.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np

from gapreport.outlook.sensitivity import Swing
from gapreport.outlook.uncertainty import Fan
from gapreport.outlook.what_it_takes import Requirement

Outlook = tuple[list[Fan], list[Swing], list[Requirement]]


def outlook_from_bytes(data: bytes) -> Outlook | None:
    try:
        stored = json.loads(data)
        return (
            [_fan(entry) for entry in stored["fans"]],
            [Swing(**entry) for entry in stored["swings"]],
            [Requirement(**entry) for entry in stored["requirements"]],
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # damaged: computed again


def outlook_to_bytes(outlook: Outlook) -> bytes:
    fans, swings, requirements = outlook
    stored = {
        "fans": [_fan_entry(fan) for fan in fans],
        "swings": [dataclasses.asdict(swing) for swing in swings],
        "requirements": [dataclasses.asdict(r) for r in requirements],
    }
    return json.dumps(stored, default=_plain).encode()


def _fan_entry(fan: Fan) -> dict:
    return {
        "scenario": fan.scenario,
        "unit": fan.unit,
        "years": fan.years.tolist(),
        "quantiles": [[q, path.tolist()] for q, path in fan.quantiles.items()],
        "central": None if fan.central is None else fan.central.tolist(),
    }


def _fan(entry: dict) -> Fan:
    central = entry["central"]
    return Fan(
        entry["scenario"],
        entry["unit"],
        np.array(entry["years"]),
        {q: np.array(path, dtype=float) for q, path in entry["quantiles"]},
        None if central is None else np.array(central, dtype=float),
    )


def _plain(value):
    """numpy's scalars as the Python numbers JSON knows."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__}")
