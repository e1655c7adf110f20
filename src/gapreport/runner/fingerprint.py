"""A fingerprint of anything a stage is given: the key under which its result is kept.

The key is taken from the very objects the work receives, walked field by field, so a chart
that starts reading a new field is never served a result made without it: there is no list of
"what a chart reads" to keep up to date. Numbers keep every bit (floats by their bytes, arrays
by dtype, shape and bytes); where an entry came from in the data files (pydantic's private
``_where``) is left out, since it does not change what is drawn.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import math
import struct
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import numpy as np
from pydantic import BaseModel


def fingerprint(*things: Any) -> str:
    """SHA-256 of ``things``, walked deterministically (see the module's docstring)."""
    digest = hashlib.sha256()
    for thing in things:
        _feed(digest, thing, set())
    return digest.hexdigest()


def _feed(digest, thing: Any, seen: set[int]) -> None:  # noqa: C901 (one case per kind)
    write = digest.update
    if thing is None or isinstance(thing, bool):
        write(b"n" if thing is None else (b"T" if thing else b"F"))
    elif isinstance(thing, int):
        write(b"i" + str(thing).encode() + b";")
    elif isinstance(thing, float):
        write(b"f" + (b"nan" if math.isnan(thing) else struct.pack("<d", thing)))
    elif isinstance(thing, str):
        _sized(write, b"s", thing.encode("utf-8", "surrogatepass"))
    elif isinstance(thing, (bytes, bytearray)):
        _sized(write, b"b", bytes(thing))
    elif isinstance(thing, np.ndarray):
        _sized(write, b"a", f"{thing.dtype.str}{thing.shape}".encode())
        _sized(write, b"", np.ascontiguousarray(thing).tobytes())
    elif isinstance(thing, np.generic):
        _feed(digest, thing.item(), seen)
    elif isinstance(thing, enum.Enum):
        _feed(digest, (type(thing).__qualname__, thing.value), seen)
    elif isinstance(thing, PurePath):
        _feed(digest, str(thing), seen)
    elif isinstance(thing, datetime.date):  # (a datetime is one too: isoformat keeps its time)
        _feed(digest, (type(thing).__qualname__, thing.isoformat()), seen)
    elif isinstance(thing, (list, tuple)):
        write(b"(" + type(thing).__qualname__.encode() + b":")
        for item in thing:
            _feed(digest, item, seen)
        write(b")")
    elif isinstance(thing, (set, frozenset)):
        _feed(digest, sorted(thing, key=repr), seen)
    elif type(thing).__name__ == "DataFrame":  # pandas, without importing it here
        _feed(digest, (list(thing.columns), [str(t) for t in thing.dtypes]), seen)
        _feed(digest, _frame_hashes(thing), seen)
    elif isinstance(thing, Mapping):
        write(b"{")
        for key, value in thing.items():
            _feed(digest, key, seen)
            _feed(digest, value, seen)
        write(b"}")
    else:
        _feed_object(digest, thing, seen)


def _feed_object(digest, thing: Any, seen: set[int]) -> None:
    """A model, dataclass or plain object: its class and its public fields."""
    if id(thing) in seen:  # (a cycle back to an object on the way)
        digest.update(b"@")
        return
    seen.add(id(thing))
    digest.update(
        b"<" + type(thing).__module__.encode() + b"." + type(thing).__qualname__.encode() + b">"
    )
    if isinstance(thing, BaseModel):
        fields = {name: getattr(thing, name) for name in type(thing).model_fields}
    elif dataclasses.is_dataclass(thing):
        fields = {f.name: getattr(thing, f.name) for f in dataclasses.fields(thing)}
    elif hasattr(thing, "__dict__"):
        fields = {k: v for k, v in vars(thing).items() if not k.startswith("_")}
    else:
        raise TypeError(f"cannot fingerprint a {type(thing).__name__}")
    _feed(digest, fields, seen)
    seen.discard(id(thing))


def _frame_hashes(frame) -> np.ndarray:
    import pandas as pd

    return pd.util.hash_pandas_object(frame, index=True).to_numpy()


def _sized(write, tag: bytes, data: bytes) -> None:
    write(tag + len(data).to_bytes(8, "little") + data)
