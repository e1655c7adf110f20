"""The data files' JSON Schema, made from the very pydantic models that check the data, so it
cannot drift from them. An editor given it (VS Code's YAML extension reads the
``# yaml-language-server: $schema=...`` line) completes keys, lists the units and methods,
and marks a misspelt key as one types; other tools can check data with it too.

It describes a file's shape; what the data means as a whole (ids that exist, units that fit)
is still for ``gapreport validate`` to say.
"""

from __future__ import annotations

import json
from typing import Any

from gapreport.load.schema import DataFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "gapreport.schema.json"  # what `gapreport new` writes beside the data files


def data_schema() -> dict[str, Any]:
    """The schema of one data file (any of its sections)."""
    schema = DataFile.model_json_schema()
    return {"$schema": DIALECT, **schema, "title": "gapreport data file"}


def schema_text() -> str:
    """The schema as the file ``gapreport schema`` writes: stable, readable JSON."""
    return json.dumps(data_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
