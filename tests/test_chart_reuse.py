"""Charts drawn on kept figures (as the watcher's chart workers draw them) are the same, byte
for byte, as charts drawn on new ones, whatever was drawn on those figures before."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import RURITANIA, edit

from gapreport.chart import drawing as charts
from gapreport.chart.sets import chart_orders
from gapreport.model.groups import group_codes, subset
from gapreport.options import TEMPLATES
from gapreport.pipeline import analyse
from gapreport.render.briefs import load_all_strings
from gapreport.runner.chart_workers import draw_here


@pytest.fixture
def kept_figures():
    """Figures kept for the test only, then this process draws on new ones again."""
    charts.keep_figures()
    yield
    charts._SHELF.on = False
    charts._SHELF.figures.clear()


def _analyses(shipped_copy: Path) -> list:
    """Analyses that differ in their numbers (gaps smaller and larger than the shipped
    data's, so stale axis limits would show), their scenarios and their panels."""
    shipped = analyse(shipped_copy)
    moved = []
    for exit_rate in ("7", "13"):  # exits from 55
        edit(shipped_copy / "assumptions.yaml", "value: 10\n", f"value: {exit_rate}\n")
        moved.append(analyse(shipped_copy))
        edit(shipped_copy / "assumptions.yaml", f"value: {exit_rate}\n", "value: 10\n")
    strings = load_all_strings(TEMPLATES, shipped.dataset.brief.languages)
    regions = [subset(shipped, "region", code, strings) for code in group_codes(shipped, "region")]
    others = [*moved, analyse(RURITANIA), *regions]
    return [shipped, *others, shipped, *reversed(others)]


def _drawn(analysis) -> list[str]:
    languages = analysis.dataset.brief.languages
    strings = load_all_strings(TEMPLATES, languages)
    return [
        svg
        for lang in languages
        for chart in draw_here(chart_orders(analysis, lang, strings[lang]))
        for svg in (chart.svg, chart.svg_narrow)
    ]


def test_kept_figures_draw_what_new_ones_draw(shipped_copy, kept_figures):
    analyses = _analyses(shipped_copy)
    on_kept = [_drawn(analysis) for analysis in analyses]
    assert charts._SHELF.figures, "no figure was kept: the test would prove nothing"
    charts._SHELF.on = False
    for analysis, kept in zip(analyses, on_kept, strict=True):
        assert kept == _drawn(analysis)
