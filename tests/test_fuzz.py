"""Property-based fuzzing with hypothesis: whatever YAML holds, the loader answers with data
errors or a dataset, never another exception; valid data projects with no NaN and with
gap = demand - supply in every row."""

from __future__ import annotations

import math
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import yaml
from helpers import MINIMAL, write_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapreport.errors import DataError
from gapreport.pipeline import analyse

SECTIONS = [
    "brief",
    "labels",
    "prose",
    "sources",
    "figures",
    "assumptions",
    "derived",
    "scenarios",
    "claims",
]
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "fte",
            "percent",
            "growth",
            "anchors",
            "base",
            "added",
            "src",
            "main",
            "2020",
            "en",
            "X",
            "main.gap",
            "base.low",
            "{main.gap}",
        ]
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.sampled_from(SECTIONS), inner, max_size=4)
    ),
    max_leaves=25,
)


def analyse_or_data_error(files: dict[str, str]) -> None:
    """Load and project; a DataError is a fine answer, anything else fails the test."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        try:
            analysis = analyse(folder)
        except DataError as error:
            assert error.problems and all(str(p) for p in error.problems)
            return
        table = analysis.projection.table
        assert not table.isna().any().any()


@FUZZ
@given(st.dictionaries(st.sampled_from(SECTIONS), values, max_size=5))
def test_any_mapping_gives_data_errors_or_a_dataset(content):
    base = {name: textwrap.dedent(text) for name, text in MINIMAL.items()}
    analyse_or_data_error({**base, "fuzz.yaml": yaml.safe_dump(content, allow_unicode=True)})


def paths(node, prefix=()):
    """Every path into a nested structure of dicts and lists."""
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from paths(child, (*prefix, i))


def replaced(node, path, value):
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = replaced(node[path[0]], path[1:], value)
    return copy


MINIMAL_DATA = {name: yaml.safe_load(textwrap.dedent(text)) for name, text in MINIMAL.items()}


@FUZZ
@given(st.data())
def test_one_field_replaced_by_anything_gives_data_errors_or_a_dataset(data):
    """Mutate one field of valid data: reaches deep into validation and the projection."""
    name = data.draw(st.sampled_from(sorted(MINIMAL_DATA)))
    candidates = [p for p in paths(MINIMAL_DATA[name]) if p]
    path = data.draw(st.sampled_from(candidates))
    new = replaced(MINIMAL_DATA[name], path, data.draw(values))
    files = {n: yaml.safe_dump(d, allow_unicode=True) for n, d in MINIMAL_DATA.items()}
    files[name] = yaml.safe_dump(new, allow_unicode=True)
    analyse_or_data_error(files)


SCOPE = "{{profession: p, sector: s, region: r}}"
FIGURES = [
    ("base", "fte", "{y0}"),
    ("later", "fte", "{y1}"),
    ("higher", "fte", "{y1}"),
    ("pct", "percent", "{y1}"),
    ("places", "persons_per_year", "{y0}"),
    ("length", "years", "{y0}"),
]
SCENARIO_DATA = (
    "sources:\n  - {{id: src, publisher: P, language: en}}\nfigures:\n"
    + "".join(
        f"  - {{{{id: {name}, value: {{{name}}}, unit: {unit}, year: {year}, "
        f"source: src, scope: {SCOPE}}}}}\n"
        for name, unit, year in FIGURES
    )
    + f"  - {{{{id: change, value: {{change}}, unit: fte, base_year: {{y0}}, year: {{y1}}, "
    f"source: src, scope: {SCOPE}}}}}\n"
    + """assumptions:
  - {{id: rate, title: r, value: {rate}, low: 0, high: 100, unit: percent, rationale: r}}
  - {{id: factor, title: f, value: {factor}, low: 0, high: 2, unit: ratio, rationale: f}}
scenarios:
  - {{id: a, title: a, demand: {{method: growth, base: base, percent: pct, shape: {shape}}},
     supply: {{method: anchors, points: [{{value: base}}, {{value: later}}], beyond: {beyond}}}}}
  - {{id: b, title: b, demand: {{method: growth, base: base, target: later, shape: linear}},
     supply: {{method: trend, base: base, change: change}}}}
  - {{id: c, title: c,
     demand: {{method: band, base: base, low: later, high: higher, shape: {shape}}},
     supply: {{method: stock_flow, stock: base,
              intake: {{method: anchors, points: [{{value: places}}]}},
              study_years: length, completion: rate, entry_share: rate, exit_rate: rate,
              fte_per_person: factor}}}}
"""
)


@FUZZ
@given(
    base=st.floats(1, 1e6),
    later=st.floats(1, 1e6),
    change=st.floats(0, 1e4),
    pct=st.floats(-99, 1000),
    places=st.floats(0, 1e4),
    length=st.integers(0, 8),
    rate=st.floats(0, 100),
    factor=st.floats(0, 2),
    y0=st.integers(1990, 2040),
    span=st.integers(1, 40),
    length_years=st.integers(1, 60),
    shape=st.sampled_from(["compound", "linear"]),
    beyond=st.sampled_from(["extend", "hold"]),
)
def test_valid_data_projects_without_nan_and_gap_is_demand_minus_supply(
    base, later, change, pct, places, length, rate, factor, y0, span, length_years, shape, beyond
):
    brief = f"""
brief:
  title: t
  organisation: o
  languages: [en]
  horizon: {{start: {y0}, end: {y0 + length_years}}}
  key_year: {y0 + min(span, length_years)}
labels: {{profession: {{p: p}}, sector: {{s: s}}, region: {{r: r}}}}
prose: {{summary: s, highlights: [{{value: a.gap, meaning: m}}]}}
"""
    numbers = SCENARIO_DATA.format(
        base=base,
        later=later,
        higher=later + change,
        change=change,
        pct=pct,
        places=places,
        length=length,
        rate=rate,
        factor=factor,
        y0=y0,
        y1=y0 + span,
        shape=shape,
        beyond=beyond,
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data(Path(tmp) / "data", {"brief.yaml": brief, "numbers.yaml": numbers})
        try:
            analysis = analyse(folder)
        except DataError as error:
            # Valid inputs can still grow past what the brief can print; the only excuse.
            assert all("grows too large" in p.message for p in error.problems), error.report()
            return
    table = analysis.projection.table
    assert not table.isna().any().any()
    assert np.isfinite(table[["demand_fte", "supply_fte", "gap_fte"]].to_numpy()).all()
    assert np.allclose(table["gap_fte"], table["demand_fte"] - table["supply_fte"])
    assert all(math.isfinite(f.value) for f in analysis.figures.values())
