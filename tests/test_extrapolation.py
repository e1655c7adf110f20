"""Paths past their sources' last year are the brief's own extrapolation, and say so: faded
in the chart, starred in its table, named in the scenario's text."""

from __future__ import annotations

import pytest
from helpers import SHIPPED, edit, run_cli

from gapreport.chart.drawing import paths_chart
from gapreport.chart.sets import projection_orders
from gapreport.options import TEMPLATES
from gapreport.pipeline import analyse
from gapreport.render.briefs import load_all_strings


@pytest.fixture(scope="module")
def shipped():
    return analyse(SHIPPED)


def test_each_path_knows_its_sources_last_year(shipped):
    projection = shipped.projection
    assert projection.extrapolated_after("helsemod", "demand") == 2035  # SSB's target year
    assert projection.extrapolated_after("helsemod", "supply") == 2035  # the last anchor
    assert projection.extrapolated_after("observed_trend", "supply") == 2022  # the change's end
    assert projection.extrapolated_after("observed_trend") == 2022  # the gap: either side
    assert projection.extrapolated_after("hn2040-low") is None  # the report reaches 2040
    assert projection.extrapolated_after("helsemod_stockflow", "supply") is None  # own model


def test_the_chart_table_stars_extrapolated_years_and_says_why(shipped):
    strings = load_all_strings(TEMPLATES, ["en"])["en"]
    _, args = next(o for o in projection_orders(shipped, "en", strings) if o[0] == "paths_chart")
    chart = paths_chart(*args)
    column = chart.table.header.index("Need: Helsemod 2019")
    cells = {row[0]: row[column] for row in chart.table.rows}
    assert not cells["2035"].endswith("*") and cells["2036"].endswith("*")
    assert cells["2040"].endswith("*")
    supply = chart.table.header.index("Supply: Growth so far")
    assert not cells_of(chart, supply)["2022"].endswith("*")
    assert cells_of(chart, supply)["2023"].endswith("*")
    assert "extrapolated by this brief past the last year of its sources" in chart.table.caption
    assert "Faded: extrapolated past its sources" in chart.svg
    assert "this brief's extrapolation" in chart.description


def cells_of(chart, column: int) -> dict[str, str]:
    return {row[0]: row[column] for row in chart.table.rows}


def test_the_scenarios_say_where_their_paths_go_past_their_sources(tmp_path):
    out = tmp_path / "site"
    assert run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf").exit_code == 0
    english = (out / "en" / "index.html").read_text(encoding="utf-8")
    norwegian = (out / "index.html").read_text(encoding="utf-8")
    assert "After 2035 its paths go on past their sources" in english
    assert (
        "Its need path goes on past its sources after 2035, its supply path after 2022" in english
    )
    assert "Etter 2035 går banene videre forbi kildene" in norwegian


def test_a_brief_within_its_sources_marks_nothing(minimal, tmp_path):
    edit(
        minimal / "brief.yaml",
        "horizon: {start: 2020, end: 2030}",
        "horizon: {start: 2020, end: 2025}",
    )
    edit(  # a path held flat past its one point is an extrapolation too: end on a figure
        minimal / "numbers.yaml",
        "supply: {method: anchors, points: [{value: base}], beyond: hold}",
        "supply: {method: growth, base: base, added: added, shape: compound}",
    )
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(minimal), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "extrapolat" not in page and "*</td>" not in page
