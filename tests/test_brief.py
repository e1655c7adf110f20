"""The brief as readers get it: the HTML parsed back, the PDF read back with poppler."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import RURITANIA, SHIPPED, edit

from gapreport.options import BuildOptions
from gapreport.pipeline import build

NBSP = "\u00a0"


def build_site(data: Path, out: Path, pdf: bool = True) -> Path:
    build(BuildOptions(data=data, out=out, pdf=pdf))
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def figure_text(page: BeautifulSoup, name: str) -> list[str]:
    return [span.get_text() for span in page.select(f'[data-figure="{name}"]')]


def visible_text(page: BeautifulSoup) -> str:
    return page.body.get_text(" ")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(SHIPPED, tmp_path_factory.mktemp("shipped") / "site")


@pytest.fixture(scope="module")
def nb(site) -> BeautifulSoup:
    return soup(site / "index.html")


@pytest.fixture(scope="module")
def en(site) -> BeautifulSoup:
    return soup(site / "en" / "index.html")


def test_site_has_every_output(site):
    for name in ("index.html", "brief.pdf", "en/index.html", "en/brief.pdf", "data/projection.csv"):
        assert (site / name).is_file(), name


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nb",
            {
                "helsemod2035_shortfall": f"1{NBSP}700",
                "helsemod_stockflow.gap": re.compile(rf"^\d{{1,2}}{NBSP}\d{{3}}$"),
                "helsemod2019_growth": f"40{NBSP}%",
                "study_places_2024": "410",
            },
        ),
        (
            "en",
            {
                "helsemod2035_shortfall": "1,700",
                "helsemod_stockflow.gap": re.compile(r"^\d{1,2},\d{3}$"),
                "helsemod2019_growth": "40%",
                "study_places_2024": "410",
            },
        ),
    ],
)
def test_key_figures_are_formatted_for_the_language(lang, expected, nb, en):
    """Thousands grouped and percent signs set as each language writes them (a computed
    figure by its form: the model's number moves with the data)."""
    page = nb if lang == "nb" else en
    highlights = page.select(".highlight .big [data-figure]")
    shown = {span["data-figure"]: span.get_text() for span in highlights}
    assert shown.keys() == expected.keys()
    for name, want in expected.items():
        assert want.match(shown[name]) if isinstance(want, re.Pattern) else want == shown[name]


def test_pages_declare_their_language(nb, en):
    assert nb.html["lang"] == "nb" and en.html["lang"] == "en"
    assert nb.select_one('a[hreflang="en"]')["href"] == "en/index.html"
    assert en.select_one('a[hreflang="nb"]')["href"] == "../index.html"


def test_summary_states_the_gap_with_its_sources(nb):
    summary = nb.select_one("#summary")
    assert f"1{NBSP}700" in figure_text(summary, "helsemod2035_shortfall")
    assert "opptil" in summary.get_text()  # SSB's shortfall is a bound: "up to"
    cited = {a["href"] for a in summary.select("sup.cite a")}
    assert "#src-ssb2019_helsemod" in cited


def test_every_internal_link_resolves(nb, en):
    for page in (nb, en):
        ids = {tag["id"] for tag in page.find_all(id=True)}
        targets = {a["href"][1:] for a in page.select('a[href^="#"]')}
        assert targets and targets <= ids, targets - ids


def test_every_cited_figure_links_to_a_listed_source(nb):
    sources = {li["id"] for li in nb.select("ol.sources li")}
    cites = [a["href"][1:] for a in nb.select("sup.cite a:not(.assumption-ref, .scenario-ref)")]
    assert cites and set(cites) <= sources
    scenarios = {article["id"] for article in nb.select("article.scenario")}
    models = {a["href"][1:] for a in nb.select("sup.cite a.scenario-ref")}
    assert models and models <= scenarios  # a scenario's result cites its scenario


def test_no_template_leftovers_or_missing_values(nb, en):
    for page in (nb, en):
        text = visible_text(page)
        for leftover in ("{{", "{%", "}}", "None", "nan", "NaN", "undefined"):
            assert leftover not in text, leftover
        assert not re.search(r"\{[A-Za-z@][\w.-]*\}", text), "unfilled placeholder"


def test_html_is_self_contained(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert not page.find_all(["link", "img", "iframe", "object"])
    assert not [t for t in page.find_all(src=True)]
    # the what-if's data and its script, which the policy lets in by its hash alone
    scripts = page.find_all("script")
    assert [(s.get("type"), s.get("id")) for s in scripts] == [
        ("application/json", "whatif-data"),
        (None, None),
    ]
    digest = base64.b64encode(hashlib.sha256(scripts[1].string.encode()).digest()).decode()
    policy = page.select_one("meta[http-equiv]")["content"]
    assert (
        f"script-src 'sha256-{digest}';" in policy and "unsafe" not in policy.split("script-src")[1]
    )
    assert "Content-Security-Policy" in page.select_one("meta[http-equiv]")["http-equiv"]
    assert "default-src 'none'" in page.select_one("meta[http-equiv]")["content"]
    assert "url(" not in "".join(style.get_text() for style in page.find_all("style"))


def test_charts_are_inline_svg_with_text_alternatives_and_data(nb):
    charts = nb.select("figure.chart")
    assert [c["id"] for c in charts] == [
        "paths-chart",
        "gaps-chart",
        "progress-chart",
        "fan-chart",
        "tornado-chart",
    ]
    for chart in charts:
        svg = chart.select_one("svg")
        assert svg["role"] == "img"
        children = [c for c in svg.children if getattr(c, "name", None)]
        assert [c.name for c in children[:2]] == ["title", "desc"]
        assert len(children[1].get_text()) > 40
        assert chart.select_one("details table tbody tr")
        assert chart.select(".chart-source a")
        assert svg.find("text"), "chart text must stay text"


def test_svg_ids_are_unique_across_the_page(nb):
    ids = [tag["id"] for tag in nb.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_chart_description_says_what_it_shows(nb, en):
    assert f"6{NBSP}900" in nb.select_one("#chart-paths-desc").get_text()
    assert "1,700" in en.select_one("#chart-gaps-desc").get_text()


def test_mixed_scopes_show_their_caveat(nb):
    assert nb.select_one("#scenario-observed_trend .caveat")
    assert nb.select_one("#scenario-hso_whatif .caveat")
    assert not nb.select_one("#scenario-helsemod .caveat")


def test_assumptions_are_marked_and_listed(nb):
    rows = nb.select("table.assumptions tr.assumption")
    assert {row["id"] for row in rows} == {
        "asm-exit_rate_before_55",
        "asm-exit_rate_from_55",
        "asm-move_rate_health",
        "asm-inflow_abroad",
        "asm-entry_share_health",
        "asm-entry_share_profession",
        "asm-fte_per_person",
    }
    assert all(row.select_one(".assumption-mark") for row in rows)
    stock_flow = nb.select_one("#scenario-helsemod_stockflow")
    assert {a["href"] for a in stock_flow.select("a.assumption-ref")} >= {"#asm-exit_rate_from_55"}


def test_claims_are_listed_with_their_result(nb):
    rows = nb.select("table.claims tbody tr")
    assert len(rows) == 3
    assert all(row.find_all("td")[-1].get_text() == "stemmer" for row in rows)


def test_data_section_links_the_csv_and_names_the_build(site, nb, en):
    assert nb.select_one('#data a[href="data/projection.csv"]')
    assert en.select_one('#data a[href="../data/projection.csv"]')
    assert re.fullmatch(r"[0-9a-f]{64}", nb.select_one("#data .digest").get_text())
    assert "23. november 2026" in nb.select_one("#data").get_text()


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def test_pdf_text_has_the_key_figures_and_norwegian_letters(site):
    text = pdf_text(site / "brief.pdf")
    for expected in (
        f"1{NBSP}700",
        f"40{NBSP}%",
        "2,9",
        "Bioingeniørmangelen",
        "Sør-Øst",
        "Forutsetninger",
        "Kilder",
    ):
        assert expected in text.replace(" ", NBSP) or expected in text, expected
    english = pdf_text(site / "en" / "brief.pdf")
    assert "1,700" in english and "What the sources say" in english


def test_pdf_metadata_tags_and_fonts(site):
    info = pdf_info(site / "brief.pdf")
    assert info["Title"] == "Bioingeniørmangelen: behov og tilgang fram mot 2040"
    assert info["Author"].startswith("NITO")
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert 4 <= int(info["Pages"]) <= 20
    fonts = subprocess.run(
        ["pdffonts", str(site / "brief.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    catalog = subprocess.run(
        ["pdfinfo", "-struct", str(site / "brief.pdf")],  # (titles in
        capture_output=True,
        check=True,
    ).stdout.decode(errors="replace")
    # UTF-16, which pdfinfo prints as it is)
    assert "Figure" in catalog and "Table" in catalog and "H1" in catalog


def test_pdf_links_work_wherever_the_site_is_published(site):
    """Links into the site stay relative to the PDF; none names the builder's own disk."""
    for pdf, csv in (
        ("brief.pdf", "data/projection.csv"),
        ("en/brief.pdf", "../data/projection.csv"),
    ):
        links = subprocess.run(
            ["pdfinfo", "-url", str(site / pdf)], capture_output=True, text=True, check=True
        ).stdout.split()
        assert csv in links and "https://doi.org/10.1371/journal.pone.0149856" in links
        assert not any(link.startswith("file:") for link in links), links


def test_made_up_dataset_renders_in_its_own_languages(tmp_path):
    out = build_site(RURITANIA, tmp_path / "site", pdf=False)
    english, bokmal = soup(out / "index.html"), soup(out / "nb" / "index.html")
    assert english.html["lang"] == "en" and bokmal.html["lang"] == "nb"
    assert figure_text(english.select_one("#highlights"), "ministry.gap") == ["150"]
    assert "Ruritania" in english.title.get_text()
    assert not english.select("#asks")


def test_a_changed_figure_changes_prose_charts_and_tables(tmp_path, shipped_copy):
    edit(shipped_copy / "figures.yaml", "value: 1700", "value: 1500")
    out = build_site(shipped_copy, tmp_path / "site", pdf=False)
    page = soup(out / "index.html")
    assert figure_text(page.select_one("#summary"), "helsemod2035_shortfall") == [f"1{NBSP}500"]
    assert figure_text(page.select_one("#highlights"), "helsemod2035_shortfall") == [f"1{NBSP}500"]
    assert f"gap 1{NBSP}500" in page.select_one("#paths-chart svg").get_text()
    assert f"Helsemod 2019 1{NBSP}500 årsverk" in page.select_one("#chart-gaps-desc").get_text()
    gap_rows = [tr.get_text("|") for tr in page.select("#gaps-chart tbody tr")]
    assert gap_rows[0] == f"Helsemod 2019|6{NBSP}900|5{NBSP}400|1{NBSP}500"
    assert figure_text(page.select_one("#scenario-helsemod"), "helsemod.gap") == [f"1{NBSP}500"]


def test_text_from_data_is_shown_as_text_in_html_and_pdf(tmp_path, shipped_copy):
    hostile = '<script>alert(1)</script> {{ 7*7 }} {% if x %} **bold** "quoted" & <b>'
    edit(shipped_copy / "sources.yaml", "title: Helse-Norge 2040", "title: '" + hostile + "'")
    edit(
        shipped_copy / "brief.yaml",
        "organisation: NITO – Norges ingeniør- og teknologorganisasjon",
        "organisation: 'Org \"</style><script>x</script>'",
    )
    edit(shipped_copy / "assumptions.yaml", "nb: Avgang under 55 år,", "nb: '" + hostile + "',")
    out = build_site(shipped_copy, tmp_path / "site")
    html = (out / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    scripts = page.find_all("script")  # the what-if's data and code, and nothing else
    assert [s.get("id") for s in scripts] == ["whatif-data", None] and "<b>" not in html
    assert "alert(1)" not in scripts[1].string
    data = json.loads(scripts[0].string)  # the data block is whole, the text in it as given
    assert hostile in [a["title"] for a in data["assumptions"]]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if x %} **bold**" in html
    assert hostile in page.select_one("#src-hn2040 cite").get_text()
    assert page.select_one('meta[name="author"]')["content"] == 'Org "</style><script>x</script>'
    text = " ".join(pdf_text(out / "brief.pdf").split())
    assert '<script>alert(1)</script> {{ 7*7 }} {% if x %} **bold** "quoted" & <b>' in text
    assert 'Org "</style><script>x</script>' in text  # the running header, as plain text


def test_build_date_follows_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    out = build_site(SHIPPED, tmp_path / "site", pdf=False)
    assert "14. november 2023" in soup(out / "index.html").select_one("#data").get_text()


def test_uncertainty_section_names_what_moves_the_gap_and_what_it_takes(nb, en):
    section = nb.select_one("#uncertainty")
    assert section.select_one("#fan-chart svg") and section.select_one("#tornado-chart svg")
    tornado = section.select_one("#chart-tornado-desc").get_text()
    assert re.search(r"Avgang (under|fra) 55 år påvirker mangelen mest", tornado)
    sentence = section.select_one("p.result").get_text()
    assert re.match(
        rf"For å dekke underskuddet på \d{NBSP}\d{{3}} årsverk i 2035 \(Helsemod 2019 mot", sentence
    )
    rows = section.select("table.takes tbody tr")
    assert len(rows) == 4
    assert "10 000" in section.get_text().replace(NBSP, " ")
    visible = section.get_text()
    assert re.search(r"Beholdningsmodell: [^.]+ påvirker mangelen mest", visible)
    assert "BFI i 2014 at om lag 250" in visible.replace(NBSP, " ")  # a dated figure: its year
    english = en.select_one("#uncertainty p.result").get_text()
    assert re.match(r"To close the gap of \d,\d{3} FTEs in 2035 \(Helsemod 2019 against", english)


def test_a_region_stands_beside_the_country_with_its_caveat(nb):
    table = nb.select_one("table.comparison")
    regions = [row.th.get_text() for row in table.select("tbody tr")]
    assert regions == ["Helse Sør-Øst", "Norge"]
    values = [span.get_text() for span in table.select("[data-figure]")]
    assert values == [f"35{NBSP}%", f"40{NBSP}%"]
    assert (
        "Tallene teller ikke det samme"
        in table.find_parent("section").select_one("#comparison-heading ~ aside.caveat").get_text()
    )
