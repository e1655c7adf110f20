"""The PDF as a publication, read back with poppler as a reader's software reads it.

It says what the page says (every heading, number and sentence of the HTML is in the PDF's
text), in at most eight A4 pages for the shipped data, with page 1 carrying the title, the
summary, the key figures and the headline chart; no page is left less than half full but
where a major section ends; nothing runs past the margins; no chart is split.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import RURITANIA, SHIPPED, edit
from pypdf import PdfReader

from gapreport.options import BuildOptions
from gapreport.pipeline import build

DATASETS = {"shipped": SHIPPED, "ruritania": RURITANIA}
A4 = (595.28, 841.89)  # points
MARGIN_X = 17 / 25.4 * 72  # the layout's side margins, in points


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    for name, data in DATASETS.items():
        build(BuildOptions(data=data, out=root / name))
    return {name: root / name for name in DATASETS}


def briefs(sites) -> list[tuple[str, Path, Path]]:
    """(dataset, page, its PDF) for every language of both sites."""
    return [
        (name, page, page.parent / "brief.pdf")
        for name, site in sites.items()
        for page in sorted(site.rglob("index.html"))
    ]


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text without its page furniture (page numbers, the running header), so a
    paragraph that runs over a page break reads as one."""
    pages = ["-f", str(first)] if first else []
    pages += ["-l", str(last)] if last else []
    text = subprocess.run(
        ["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.split("\n")  # (splitlines would also split at the pages' form feeds)
    numbers = [i for i, line in enumerate(lines) if re.fullmatch(r"\f?\d+ / \d+", line.strip())]
    headers = {  # each next page's running header (the last page number ends the text)
        i + 1 for i in numbers if i + 1 < len(lines) and lines[i + 1].strip("\f ")
    }
    if len({lines[i] for i in headers}) > 1:
        headers = set()  # not one repeated header: keep those lines
    return "\n".join(line for i, line in enumerate(lines) if i not in {*numbers, *headers})


def flat(text: str) -> str:
    """Text with line ends, hyphenation points and spacing gone, to compare what it says."""
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


SCREEN_ONLY = "nav, .skip, .chart-data, .chart-downloads, svg, .visually-hidden, .site-footer"
BLOCKS = "h1, h2, h3, p, li, th, td, dt, dd, cite"


def html_blocks(page: Path) -> list[str]:
    """Every heading, paragraph, list item and table cell a reader of the page sees."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup.select(SCREEN_ONLY):
        hidden.decompose()
    blocks = []
    for element in soup.select("main, header")[0].parent.select(BLOCKS):
        if element.find(BLOCKS.split(", ")):
            continue  # its inner blocks are checked one by one
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(text)
    return blocks


def test_the_pdf_says_everything_the_page_says(sites):
    for dataset, page, pdf in briefs(sites):
        said = flat(pdf_text(pdf))
        missing = [block for block in html_blocks(page) if flat(block) not in said]
        assert not missing, f"{dataset} {page.parent.name}: not in the PDF: {missing[:5]}"


def test_the_parity_check_sees_a_missing_sentence(sites, tmp_path):
    """The check above is not blind: a sentence only the page has is found missing."""
    dataset, page, pdf = briefs(sites)[0]
    changed = tmp_path / "index.html"
    changed.write_text(
        page.read_text(encoding="utf-8").replace(
            "</main>", "<p>A sentence the PDF never had.</p></main>"
        ),
        encoding="utf-8",
    )
    said = flat(pdf_text(pdf))
    assert [b for b in html_blocks(changed) if flat(b) not in said] == [
        "A sentence the PDF never had."
    ]


def test_the_shipped_brief_fits_eight_pages_with_the_essentials_on_page_one(sites):
    for _, page, pdf in briefs({"shipped": sites["shipped"]}):
        reader = PdfReader(pdf)
        assert len(reader.pages) <= 8, len(reader.pages)
        first = flat(pdf_text(pdf, 1, 1))
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        essentials = [
            soup.h1.get_text(" "),
            soup.select_one("#summary p").get_text(" "),
            *(card.get_text(" ") for card in soup.select("#highlights li")),
            soup.select_one("#paths-chart h3").get_text(" "),
            soup.select_one("#paths-chart .chart-source").get_text(" "),
        ]
        for essential in essentials:
            assert flat(essential) in first, essential


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word on every page with its box (x0, y0, x1, y1), from poppler."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
            r'yMax="([\d.]+)">([^<]*)</word>',
            chunk,
        )
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in words])
    return pages


def _body(words):
    """The words of a page but its running header and page number."""
    return [w for w in words if 0.05 * A4[1] < w[1] < 0.95 * A4[1]]


def test_no_page_is_less_than_half_full_but_where_a_section_ends(sites):
    for dataset, _, pdf in briefs(sites):
        pages = _pages(pdf)
        sections = _section_starts(pdf)
        for number, words in enumerate(pages[:-1], 1):
            body = _body(words)
            filled = (max(w[3] for w in body) - 0.07 * A4[1]) / (0.86 * A4[1])
            ends_a_section = number + 1 in sections
            assert filled >= 0.5 or ends_a_section, (dataset, pdf.parent.name, number, filled)


def _section_starts(pdf: Path) -> set[int]:
    """The pages on which a major (level-2) section begins at the top."""
    reader = PdfReader(pdf)
    starts = set()
    for item in reader.outline:
        if isinstance(item, list):
            for sub in item:
                if not isinstance(sub, list) and float(sub.get("/Top", 0)) > 0.85 * A4[1]:
                    starts.add(reader.get_destination_page_number(sub) + 1)
    return starts


def test_nothing_runs_past_the_margins(sites):
    hang = 3  # points: Typst lets a line's last hyphen or stop hang into the margin, on purpose
    for dataset, _, pdf in briefs(sites):
        for number, words in enumerate(_pages(pdf), 1):
            over = [w[4] for w in words if w[2] > A4[0] - MARGIN_X + hang or w[0] < MARGIN_X - hang]
            assert not over, (dataset, pdf.parent.name, number, over[:5])


def test_no_chart_is_split_and_each_keeps_its_sources(sites):
    for dataset, page, pdf in briefs(sites):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        texts = [flat(pdf_text(pdf, n, n)) for n in range(1, len(PdfReader(pdf).pages) + 1)]
        for chart in soup.select("figure.chart"):
            title = flat(chart.h3.get_text(" "))
            source = flat(chart.select_one(".chart-source").get_text(" "))
            assert any(title in text and source in text for text in texts), (dataset, title)


def test_key_figures_keep_all_their_citations(sites):
    for dataset, page, pdf in briefs(sites):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        first = flat(pdf_text(pdf, 1, 1))
        for card in soup.select("#highlights .big"):
            assert flat(card.get_text(" ")) in first, (dataset, card.get_text(" "))


def test_copied_numbers_read_as_numbers(sites):
    """A citation stands apart from its number, in the PDF's text as in the page's."""
    page = sites["shipped"] / "en" / "index.html"
    pdf = page.parent / "brief.pdf"
    text = " ".join(pdf_text(pdf).split())
    html = " ".join(
        BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text().split()
    )
    for copied in (text, html):  # "1,700 [2, 13] FTEs", not "1,7002, 13 FTEs"
        assert re.search(r"up to 1,700 \[\d+(, \d+)*\] FTEs", copied)
        assert re.search(r"\d,\d{3} \[see Stock and flow\] FTEs", copied)


HOSTILE = [
    '#"; #panic("x") "',
    "*bold* _it_ `raw` $x^2$ <lbl> @ref = - + / \\ ~ // /* */",
    '] ) } #let x = 1 #import "@preview/a:0.1.0"',
    'line\nbreak\ttab "quotes"',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_typst_markup_in_the_data_is_shown_as_text(tmp_path, shipped_copy, text):
    import yaml

    edit(
        shipped_copy / "sources.yaml",
        "title: Helse-Norge 2040",
        "title: " + yaml.safe_dump(text, default_style='"').strip(),
    )
    out = tmp_path / "site"
    build(BuildOptions(data=shipped_copy, out=out, languages=("nb",)))
    shown = flat(pdf_text(out / "brief.pdf"))
    assert flat(text) in shown
