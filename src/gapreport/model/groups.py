"""A brief per region, profession or sector, from one data folder (`build --by region`).

A scenario belongs to the group its need counts (the scope of its base figure). A group's
brief holds only its own scenarios; whatever in the prose names a scenario outside the group
is left out, and what is left empty is filled with plain sentences about the group's own
scenarios. Nothing here knows any particular region or profession.
"""

from __future__ import annotations

import dataclasses
import re

from gapreport.analysis import Analysis
from gapreport.language.strings import Strings
from gapreport.language.texts import placeholders
from gapreport.load.schema import Highlight, Prose, Text
from gapreport.model.claims import evaluate_claims
from gapreport.model.keyfigures import key_figures
from gapreport.model.projection import project

GROUPINGS = {"profession": 0, "sector": 1, "region": 2}


def group_codes(analysis: Analysis, by: str) -> list[str]:
    """The codes of the groups, in the order their first scenario appears."""
    index = GROUPINGS[by]
    return list(
        dict.fromkeys(
            plan.scope[index] for plan in analysis.projection.plans if plan.scope is not None
        )
    )


def subset(analysis: Analysis, by: str, code: str, strings: dict[str, Strings]) -> Analysis:
    """The analysis of one group's scenarios, with prose fit for them."""
    index = GROUPINGS[by]
    plans = [p for p in analysis.projection.plans if p.scope is not None and p.scope[index] == code]
    kept = {p.id for p in plans} | {s.id for p in plans for s in p.series}
    dropped = {p.id for p in analysis.projection.plans} - {p.id for p in plans}
    dropped |= {s.id for p in analysis.projection.plans for s in p.series} - kept
    dataset = analysis.dataset
    label = getattr(dataset.labels, by).get(code, code)
    brief = dataset.brief.model_copy(
        update={
            "title": _suffixed(dataset.brief.title, label, dataset.brief.languages),
            "lead_scenarios": [s for s in dataset.brief.lead_scenarios if s in kept],
        }
    )
    claims = [
        c
        for c in dataset.claims
        if not _names(c.actual, dropped) and not _names(c.expected, dropped)
    ]
    sub = dataclasses.replace(
        dataset,
        brief=brief,
        prose=_prose(dataset.prose, dropped, plans, strings, brief),
        scenarios=[p.scenario for p in plans],
        claims=claims,
    )
    projection = project(plans, brief.horizon)
    figures = key_figures(sub, analysis.quantities, projection)
    return dataclasses.replace(
        analysis,
        dataset=sub,
        projection=projection,
        figures=figures,
        claims=evaluate_claims(sub, figures),
        backtests=[t for t in analysis.backtests if t.series_id in kept],
        fans=[f for f in analysis.fans if f.scenario in kept],
        swings=[s for s in analysis.swings if s.series_id in kept],
        requirements=[
            r
            for r in analysis.requirements
            if r.demand_series in kept and r.supply_scenario in kept
        ],
    )


def _names(ref: str, dropped: set[str]) -> bool:
    return ref.partition(".")[0] in dropped


def _mentions(text: Text | None, dropped: set[str]) -> bool:
    return any(_names(name, dropped) for name in placeholders(text))


def _prose(prose: Prose, dropped: set[str], plans, strings: dict[str, Strings], brief) -> Prose:
    highlights = [
        h
        for h in prose.highlights
        if not _names(h.value, dropped) and not _mentions(h.meaning, dropped)
    ]
    if len(highlights) < len(prose.highlights):  # the group's own gaps take the place left
        room = 5 - len(highlights)
        highlights = [
            Highlight(
                value=f"{p.series[0].id}.gap",
                meaning={
                    lang: strings[lang].fill(
                        "group", "gap_meaning", label=_label(p, lang), key_year=str(brief.key_year)
                    )
                    for lang in brief.languages
                },
            )
            for p in plans[:room]
        ] + highlights
    summary = prose.summary
    if _mentions(summary, dropped):
        summary = {
            lang: " ".join(
                strings[lang]
                .fill("group", "summary", label=_label(p, lang), key_year=str(brief.key_year))
                .replace("GAP", "{" + f"{p.series[0].id}.gap" + "}")
                for p in plans
            )
            for lang in brief.languages
        }
    return prose.model_copy(
        update={
            "summary": summary,
            "highlights": highlights,
            "context": [t for t in prose.context if not _mentions(t, dropped)],
            "progress": (
                None
                if prose.progress is not None
                and any(_names(r, dropped) for r in (prose.progress.delivered, prose.progress.need))
                else prose.progress
            ),
        }
    )


def _label(plan, lang: str) -> str:
    name = plan.scenario.label or plan.scenario.title
    text = name if isinstance(name, str) else name[lang]
    return re.sub(r"[{}]", "", text)


def _suffixed(title: Text, label: Text, languages: list[str]) -> Text:
    def pick(text: Text, lang: str) -> str:
        return text if isinstance(text, str) else text[lang]

    return {lang: f"{pick(title, lang)}: {pick(label, lang)}" for lang in languages}
