"""What the prose may quote besides a figure's value: its year, and what would close a
stock-and-flow scenario's gap; and how the brief says what it leaves out."""

from __future__ import annotations

import subprocess

import pytest
from bs4 import BeautifulSoup
from helpers import SHIPPED, refused, run_cli

from gapreport.outlook.what_it_takes import what_it_takes
from gapreport.pipeline import analyse

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("quoting") / "site"
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def _page(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_dated_figure_carries_its_year_in_the_text(site):
    """{graduates_2018.year} is the figure's own year, shown as a year (no grouping) and
    uncited: the sentence cites the number, not the year again."""
    page = _page(site / "en" / "index.html")
    years = page.select('[data-figure="graduates_2018.year"]')
    assert years and {y.get_text() for y in years} == {"2018"}
    assert all(y.find_next_sibling() is None or y.find_next_sibling().name != "sup" for y in years)
    assert "In 2018, the last year with a count," in page.select_one("#scenarios").get_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{graduates_2018.year}", "{graduates_2019.year}", "unknown id 'graduates_2019'"),
        ("{graduates_2018.year}", "{fte_per_person.year}", "'fte_per_person' has no year"),
        (
            "{graduates_2018.year}",
            "{graduates_2018.base_year}",
            "'graduates_2018' has no base year",
        ),
    ],
)
def test_a_year_that_is_not_there_is_a_located_error(shipped_copy, old, new, message):
    refused(shipped_copy / "prose.yaml", old, new, "prose.yaml:", message)


def test_an_ask_quotes_what_it_takes_and_the_number_is_the_model_s(site):
    analysis = analyse(SHIPPED)
    own = next(
        r
        for r in what_it_takes(analysis.dataset, analysis.projection)
        if r.supply_scenario == "helsemod_stockflow"
    )
    page = _page(site / "en" / "index.html")
    shown = page.select_one('#asks [data-figure="helsemod_stockflow.extra_study_places"]')
    assert shown is not None
    assert int(shown.get_text().replace(",", "")) == pytest.approx(own.extra_study_places, abs=5)
    cite = shown.find_next_sibling("sup")
    assert cite.select_one("a.scenario-ref")["href"] == "#scenario-helsemod_stockflow"
    year = page.select_one('#asks [data-figure="helsemod_stockflow.takes_from"]')
    assert year.get_text() == str(own.from_year)


def test_what_it_takes_is_quotable_only_for_a_stock_and_flow_scenario(shipped_copy):
    refused(
        shipped_copy / "prose.yaml",
        "{helsemod_stockflow.extra_study_places}",
        "{helsemod.extra_study_places}",
        "prose.yaml:",
        "'helsemod.extra_study_places': what it takes is worked out only for a scenario "
        "whose supply is a stock_flow",
    )


def test_the_limitations_section_says_who_made_the_brief_and_when(site):
    for path, made in (
        (site / "index.html", "Laget av NITO"),
        (site / "en" / "index.html", "Made by NITO"),
    ):
        section = _page(path).select_one("#limitations")
        assert section is not None and len(section.select("p")) >= 4
        assert made in section.select_one("p.made").get_text()
        assert "23" in section.select_one("p.made").get_text()  # the brief's own date
    toc = [a["href"] for a in _page(site / "index.html").select("nav.toc a")]
    assert "#limitations" in toc and toc.index("#limitations") < toc.index("#method")
    text = subprocess.run(
        ["pdftotext", str(site / "en" / "brief.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Limitations" in text and "Made by NITO" in text


def test_the_contents_list_comes_after_the_key_figures(site):
    page = _page(site / "index.html")
    order = [tag.get("id") or tag.get("class", [""])[0] for tag in page.select("main > *")]
    assert order.index("summary") < order.index("highlights") < order.index("toc")


def test_a_scenario_s_caveat_shows_even_when_its_scopes_agree(shipped_copy, tmp_path):
    """Helse-Norge 2040 counts persons on both sides, yet its base is at odds with the
    register: the analyst's caveat is shown."""
    page = _page(_built(shipped_copy, tmp_path))
    assert page.select_one("#scenario-hn2040 .caveat")
    assert not page.select_one("#scenario-helsemod .caveat")  # none given: none shown


def _built(data, tmp_path):
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(data), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    return out / "index.html"


def test_a_misspelt_scenario_in_prose_gets_a_suggestion(shipped_copy):
    """Prose may name scenarios as well as numbers, so a slip in either is answered with the
    closest of both (a scenario name got no suggestion before)."""
    refused(
        shipped_copy / "prose.yaml",
        "{helsemod_stockflow.gap}",
        "{helsemod_stokflow.gap}",
        "prose.yaml:",
        "unknown id 'helsemod_stokflow' (did you mean 'helsemod_stockflow'?); expected a "
        "figure, assumption, derived value or scenario",
    )


def test_a_slip_in_one_language_s_text_is_shown_on_that_language_s_line(shipped_copy):
    path = shipped_copy / "prose.yaml"
    text = path.read_text(encoding="utf-8")
    english = text.index("    en: >-")  # the summary's English text
    path.write_text(
        text[:english]
        + text[english:].replace("{helsemod_stockflow.gap}", "{helsemod_stokflow.gap}", 1),
        encoding="utf-8",
    )
    result = run_cli("validate", "--data", str(shipped_copy))
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "helsemod_stokflow" in x)
    number = int(line.split("prose.yaml:")[1].split(":")[0])
    assert "prose.summary.en:" in line
    assert text.count("\n", 0, english) + 1 <= number <= text.count("\n", 0, english) + 3
