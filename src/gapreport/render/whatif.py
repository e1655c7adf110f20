"""The in-page what-if: the data its script needs, and the script itself.

A reader moves an assumption and the page works out the gaps again, in the browser, with no
server. The script (``templates/whatif.js``) is a port of the projection: it resolves the
quantities (figures as published, assumptions as set, derived values by their operation),
turns each scenario's recipe into a path by the same method and in the same order of
arithmetic as :mod:`gapreport.model.methods`, and formats the results as the brief rounds
them. The tests hold it to the pipeline's numbers on many settings.

What the script gets is a *recipe* per scenario: the structure the checks settled (years,
shapes, age bands) as plain values, and every number that could move as the reference it was
read from, so a moved assumption reaches every number that rests on it, derived ones too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

from gapreport.analysis import Analysis
from gapreport.chart.inputs import PALETTE
from gapreport.check.plans import AnchorPlan, GrowthPlan, ScenarioPlan, StockFlowPlan, TrendPlan
from gapreport.check.quantities import split_ref
from gapreport.errors import TemplateFault
from gapreport.language.formatting import Formatter
from gapreport.language.strings import Strings
from gapreport.language.texts import localize
from gapreport.load.schema import Anchors, Assumption, Band, Derived, Growth, StockFlow, Trend
from gapreport.outlook.uncertainty import focus
from gapreport.outlook.what_it_takes import first_intake

SCRIPT = "whatif.js"  # beside the HTML templates


@dataclass(frozen=True)
class WhatIf:
    """What the page embeds: the panel's data (JSON), the script, and the script's hash for
    the page's Content-Security-Policy."""

    data: str
    script: str
    digest: str


def whatif(analysis: Analysis, strings: Strings, templates: Path) -> WhatIf | None:
    """The what-if of one language's page; None when no shown scenario rests on an
    assumption (nothing would move)."""
    data = panel_data(analysis, strings)
    if data is None:
        return None
    try:
        script = (templates / SCRIPT).read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateFault(
            f"{templates / SCRIPT}: cannot read the what-if's script: {error}"
        ) from None
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # inside <script type="application/json">: no "</script>" or "<!--" can end it early
    return WhatIf(text.replace("<", "\\u003c"), script, digest)


def shown_scenarios(analysis: Analysis) -> list[ScenarioPlan]:
    """The lead scenarios, then the others that rest on an assumption (the outlook's)."""
    leads = set(analysis.dataset.brief.lead_scenarios)
    chosen = {p.id for p in focus(analysis.dataset, analysis.projection)}
    plans = [p for p in analysis.projection.plans if p.id in leads | chosen]
    return sorted(plans, key=lambda p: p.id not in leads)


def panel_data(analysis: Analysis, strings: Strings) -> dict | None:
    dataset, projection = analysis.dataset, analysis.projection
    lang = strings.lang
    assumption_ids = {a.id for a in dataset.assumptions}
    plans = shown_scenarios(analysis)
    if not any(assumption_ids & set(p.inputs) for p in plans):
        return None
    fmt = Formatter(strings.locale)
    quantities = analysis.quantities
    scenarios = [_scenario(analysis, plan, strings) for plan in plans]
    entries = {d.id: d for d in dataset.derived}
    needed = _needed(scenarios, analysis, entries)
    return {
        "lang": lang,
        "years": [int(y) for y in projection.years],
        "key": dataset.brief.key_year,
        "intake": first_intake(dataset, projection),
        "number": {
            "group": get_group_symbol(strings.locale),
            "decimal": get_decimal_symbol(strings.locale),
            "minus": get_minus_sign_symbol(strings.locale),
        },
        "assumptions": [_control(a, strings, fmt) for a in dataset.assumptions],
        "quantities": {
            q.id: [q.unit, q.value, q.low, q.high]
            for q in quantities.items.values()
            if q.kind != "derived" and q.id in needed
        },
        "derived": [  # in the order they were worked out: each after what it rests on
            {"id": q.id, "unit": q.unit, **_operation(entries[q.id])}
            for q in quantities.items.values()
            if q.kind == "derived" and q.id in needed
        ],
        "scenarios": scenarios,
        "text": dict(strings.get("whatif")),
        "units": {p.unit: str(strings.get("units", p.unit)) for p in plans},
    }


def _control(a: Assumption, strings: Strings, fmt: Formatter) -> dict:
    """What an assumption's slider and field need: its title, unit, value, range, step."""
    return {
        "id": a.id,
        "title": localize(a.title, strings.lang),
        "unit": str(strings.get("units", a.unit)),
        "value": a.value,
        "low": a.low,
        "high": a.high,
        "step": _step(a.value, a.low, a.high),
        "shown": fmt.value(a.value, a.unit),
    }


def _needed(scenarios: list[dict], analysis: Analysis, entries: dict[str, Derived]) -> set[str]:
    """The ids the recipes read, with what the derived ones among them rest on, and every
    assumption (each has a control)."""
    found = {a.id for a in analysis.dataset.assumptions}
    pending = [text for s in scenarios for text in _texts(s)]
    while pending:
        head = split_ref(pending.pop())[0]
        if head in analysis.quantities and head not in found:
            found.add(head)
            if head in entries:
                pending.extend([*entries[head].of, *entries[head].minus])
    return found


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _operation(entry: Derived) -> dict:
    return {"op": entry.op, "of": list(entry.of), "minus": list(entry.minus)}


def _step(*numbers: float) -> float:
    """A slider's step: at most a fiftieth of the range, a power of ten, and fine enough
    for the decimals the analyst wrote."""
    value, low, high = numbers
    span = (high - low) / 50 if high > low else 1.0
    step = 10.0 ** math.floor(math.log10(span))
    for number in numbers:
        exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
        step = min(step, 10.0 ** min(0, int(exponent)))
    return step


def _scenario(analysis: Analysis, plan: ScenarioPlan, strings: Strings) -> dict:
    scenario, lang = plan.scenario, strings.lang
    label = localize(scenario.label or scenario.title, lang)
    demand = scenario.demand
    series = []
    for at, s in enumerate(plan.series):
        if isinstance(demand, Band):
            end = ("low", "high")[at]
            need = _growth_recipe(s.demand, demand.base, "target", getattr(demand, end))
        else:
            end = None
            need = _recipe(demand, s.demand, analysis)
        series.append(
            {
                "id": s.id,
                "end": end,
                "demand": need,
                "takes": f"{s.id}.extra_study_places" in analysis.figures,
            }
        )
    place = analysis.projection.plans.index(plan)
    return {
        "id": plan.id,
        "label": label,
        "unit": plan.unit,
        "colour": PALETTE[place % len(PALETTE)],  # as in the brief's charts
        "rests": sorted({a.id for a in analysis.dataset.assumptions} & set(plan.inputs)),
        "supply": _recipe(scenario.supply, plan.series[0].supply, analysis),
        "series": series,
    }


def _recipe(spec, plan, analysis: Analysis) -> dict:
    """A side's path as the script computes it: structure settled, numbers as references."""
    if isinstance(spec, Growth):
        by = next(name for name in ("percent", "added", "target") if getattr(spec, name))
        return _growth_recipe(plan, spec.base, by, getattr(spec, by))
    if isinstance(spec, Anchors):
        return _anchor_recipe(spec, plan, analysis)
    if isinstance(spec, Trend):
        assert isinstance(plan, TrendPlan)
        return {
            "m": "trend",
            "base": spec.base,
            "y0": plan.base_year,
            "change": spec.change,
            "period": plan.period_years,
        }
    assert isinstance(spec, StockFlow) and isinstance(plan, StockFlowPlan)
    return {
        "m": "stock_flow",
        "stock": spec.stock,
        "y0": plan.base_year,
        "intake": _anchor_recipe(spec.intake, plan.intake, analysis),
        "study": spec.study_years,
        "completion": spec.completion,
        "entry": spec.entry_share,
        "exit": spec.exit_rate,
        "ages": [[band.share, band.exit_rate] for band in spec.ages or []],
        "widths": [w for w in plan.age_widths if math.isfinite(w)],
        "fte": spec.fte_per_person,
        "inflow": spec.inflow,
        "outflow": spec.outflow,
        "move": spec.move_rate,
    }


def _growth_recipe(plan, base: str, by: str, amount: str) -> dict:
    assert isinstance(plan, GrowthPlan)
    return {
        "m": "growth",
        "base": base,
        "by": by,
        "amount": amount,
        "y0": plan.base_year,
        "y1": plan.target_year,
        "compound": plan.shape == "compound",
    }


def _anchor_recipe(spec: Anchors, plan, analysis: Analysis) -> dict:
    """The points in the order of their years, as the plan holds them."""
    assert isinstance(plan, AnchorPlan)
    quantities = analysis.quantities
    dated = sorted(
        (point.year or quantities[split_ref(point.value)[0]].year, point.value)
        for point in spec.points
    )
    assert tuple(year for year, _ in dated) == plan.years
    return {
        "m": "anchors",
        "years": list(plan.years),
        "values": [ref for _, ref in dated],
        "hold": plan.beyond == "hold",
    }
