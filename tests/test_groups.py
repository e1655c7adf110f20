"""A brief per region (or profession, sector) from one data folder: `build --by region`."""

from __future__ import annotations

from bs4 import BeautifulSoup
from helpers import SHIPPED, edit, run_cli

NORTH = """
  - {id: north_base, value: 200, unit: fte, year: 2020, source: guild2024,
     scope: {profession: pharmacist, sector: hospitals, region: north}}
"""
NORTH_SCENARIO = """
  - id: north
    title: {en: The north on its own, nb: Nord for seg}
    demand: {method: growth, base: north_base, percent: north_growth}
    supply: {method: anchors, points: [{value: north_base}], beyond: hold}
"""


def page(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_brief_per_region(tmp_path, ruritania_copy):
    numbers = ruritania_copy / "numbers.yaml"
    edit(numbers, "\nassumptions:", NORTH + "\nassumptions:")
    edit(numbers, "\nclaims:", NORTH_SCENARIO + "\nclaims:")
    out = tmp_path / "site"
    result = run_cli(
        "build", "--data", str(ruritania_copy), "--out", str(out), "--no-pdf", "--by", "region"
    )
    assert result.exit_code == 0, result.output
    north, whole = page(out / "region" / "north" / "index.html"), page(out / "index.html")
    assert north.title.get_text() == "Hospital pharmacists in Ruritania: the northern province"
    assert [a["id"] for a in north.select("article.scenario")] == ["scenario-north"]
    assert len(whole.select("article.scenario")) == 4
    assert north.select_one('.highlight [data-figure="north.gap"]')  # its own key figure
    assert "{" not in north.select_one("#summary").get_text()
    ids = {tag["id"] for tag in north.find_all(id=True)}
    assert {a["href"][1:] for a in north.select('a[href^="#"]')} <= ids
    assert north.select_one('a[hreflang="nb"]')["href"] == "nb/index.html"
    assert north.select_one("#data a")["href"] == "../../data/projection.csv"
    assert (out / "region" / "north" / "nb" / "index.html").is_file()
    assert (out / "region" / "RU" / "index.html").is_file()


def test_groups_follow_the_data_not_the_code(tmp_path, ruritania_copy):
    out = tmp_path / "site"
    result = run_cli(
        "build", "--data", str(ruritania_copy), "--out", str(out), "--no-pdf", "--by", "profession"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "profession").iterdir()) == ["pharmacist"]


def test_the_shipped_brief_builds_a_brief_per_region(tmp_path):
    """A group's brief has figures of its own; the prose's ask quotes what it takes, which
    must be there too (it was not: 'the prose quotes helsemod_stockflow.extra_study_places')."""
    out = tmp_path / "site"
    result = run_cli(
        "build", "--data", str(SHIPPED), "--out", str(out), "--by", "region", "--no-pdf"
    )
    assert result.exit_code == 0, result.output
    page = (out / "region" / "NO" / "index.html").read_text(encoding="utf-8")
    assert 'data-figure="helsemod_stockflow.extra_study_places"' in page
