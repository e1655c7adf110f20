"""Each chart's downloads: its numbers (CSV), the chart (SVG) and a picture for slides (PNG),
taken from the page file alone, as a reader or a journalist takes them."""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil
import struct
import urllib.parse
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup
from helpers import RURITANIA, SHIPPED, run_cli

from gapreport.language.strings import load_strings
from gapreport.language.texts import localize
from gapreport.options import TEMPLATES
from gapreport.pipeline import analyse

KINDS = ("csv", "svg", "png")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("downloads") / "site"
    result = run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.output
    return out


def files_of(page: Path) -> dict[str, dict[str, tuple[str, bytes]]]:
    """{chart key: {kind: (file name, bytes)}}, read from the page's download links."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found: dict[str, dict[str, tuple[str, bytes]]] = {}
    for figure in soup.select("figure.chart"):
        key = figure["id"].removesuffix("-chart")
        for link in figure.select(".chart-downloads a"):
            head, _, data = link["href"].partition(",")
            raw = (
                base64.b64decode(data)
                if head.endswith(";base64")
                else urllib.parse.unquote_to_bytes(data)
            )
            name = link["download"]
            found.setdefault(key, {})[name.rsplit(".", 1)[1]] = (name, raw)
    return found


def rows_of(raw: bytes, comma: bool = False) -> list[list[str]]:
    """A downloaded CSV's rows: in Norwegian (``comma``), fields parted by semicolons and
    numbers with a decimal comma, as a spreadsheet set up for it reads them."""
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet then reads the letters right
    text = raw.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if comma else ","))


def number(cell: str, comma: bool) -> float:
    assert re.fullmatch(r"-?\d+([,.]\d{1,2})?", cell), cell
    assert ("." not in cell) if comma else ("," not in cell), cell
    return float(cell.replace(",", "."))


def png_size(raw: bytes) -> tuple[int, int]:
    assert raw.startswith(b"\x89PNG\r\n\x1a\n") and raw[12:16] == b"IHDR"
    return struct.unpack(">II", raw[16:24])


@pytest.mark.browser
def test_every_chart_downloads_from_the_page_file_alone(browser, site, tmp_path):
    """The page mailed on its own (no folder beside it): each chart's three links download
    files named after the chart, and opening and clicking makes no request."""
    alone = tmp_path / "mailed" / "brief.html"
    alone.parent.mkdir()
    shutil.copy(site / "en" / "index.html", alone)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    got: dict[str, dict[str, bytes]] = {}
    try:
        page.goto(alone.as_uri())
        for figure in page.locator("figure.chart:has(.chart-downloads)").all():
            key = figure.get_attribute("id").removesuffix("-chart")
            links = figure.locator(".chart-downloads a")
            assert links.count() == 3, key
            for at in range(3):
                with page.expect_download() as taken:
                    links.nth(at).click()
                download = taken.value
                stem, kind = download.suggested_filename.rsplit(".", 1)
                got.setdefault(key, {})[kind] = Path(download.path()).read_bytes()
                assert stem == re.sub(
                    r"[\W_]+", "-", figure.locator("h3").inner_text().lower()
                ).strip("-")
    finally:
        context.close()
    assert set(got) == {"paths", "gaps", "progress", "fan", "tornado"}
    assert all(sorted(files) == sorted(KINDS) for files in got.values())
    assert requests == [alone.as_uri()], requests  # nothing but the page itself
    for key, files in got.items():
        assert len(rows_of(files["csv"])) > 1, key  # (the English page's: commas)
        ET.fromstring(files["svg"])
        png_size(files["png"])


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_chart_s_numbers_download_as_the_model_worked_them_out(site, lang):
    """Plain numbers (a point for the decimal sign, no grouping), a unit with every value, the
    years past a path's sources marked as the brief's extrapolation; the same numbers as
    the pipeline's, to two decimals."""
    page = site / ("index.html" if lang == "nb" else "en/index.html")
    files = files_of(page)
    analysis = analyse(SHIPPED)
    strings = load_strings(TEMPLATES, lang)
    projection = analysis.projection
    yes, no = strings.get("charts", "csv_yes"), strings.get("charts", "csv_no")
    measures = {strings.get("charts", m): m for m in ("demand", "supply", "gap")}

    comma = lang == "nb"
    header, *rows = rows_of(files["paths"]["csv"][1], comma)
    assert len(header) == 6
    paths: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for row in rows:
        number(row[4], comma)
        if row[2] in measures:  # (else an observed level, in its year)
            paths[row[1], measures[row[2]]].append(row)
    every = [(s, p) for p in projection.plans for s in p.series]
    assert len(paths) == len(every) * 3
    for (label, measure), path in paths.items():
        assert [int(row[0]) for row in path] == list(projection.years)
        values = np.array([number(row[4], comma) for row in path])
        series, plan = next(  # the series whose path this is (two may share a supply path)
            (s, p)
            for s, p in every
            if np.allclose(values, np.round(projection.path(s.id, measure), 2), atol=0.006)
        )
        assert {row[3] for row in path} == {strings.get("units", plan.unit)}, label
        until = projection.extrapolated_after(series.id, None if measure == "gap" else measure)
        assert [row[5] for row in path] == [
            yes if until is not None and year > until else no for year in projection.years
        ], label
    assert yes in {row[5] for row in rows} and no in {row[5] for row in rows}

    _, *gaps = rows_of(files["gaps"]["csv"][1], comma)
    assert [number(row[5], comma) for row in gaps] == [
        pytest.approx(round(analysis.figures[f"{s.id}.gap"].value, 2), abs=0.006)
        for p in projection.plans
        for s in p.series
    ]


@pytest.mark.parametrize("data", [SHIPPED, RURITANIA], ids=["shipped", "ruritania"])
def test_a_chart_taken_away_carries_its_title_and_sources(tmp_path, data):
    """On a slide, the chart still says what it shows and where its numbers come from."""
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(data), "--out", str(out), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.output
    analysis = analyse(data)
    strings = load_strings(TEMPLATES, analysis.dataset.brief.languages[0])
    publishers = {s.id: s.publisher for s in analysis.dataset.sources}
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    for key, files in files_of(out / "index.html").items():
        figure = soup.select_one(f"#{key}-chart")
        svg = ET.fromstring(files["svg"][1])
        written = " ".join(
            " ".join(t.itertext()) for t in svg.findall(f"{SVG}text")
        )  # the title and credit lines, outside the chart itself
        words = " ".join(written.split())
        assert " ".join(figure.h3.get_text().split()) in words
        assert svg.findtext(f"{SVG}title") == figure.h3.get_text()  # its name for a reader
        line = str(strings.get("charts", "download_credit"))
        before, after = line.split("{sources}")[0], line.split("{sources}")[1].split("{")[0]
        listed = words.split(before, 1)[1].split(after, 1)[0].split("; ")
        names = [re.sub(r" \([\d, ]+\)$", "", entry) for entry in listed]
        assert len(names) == len(set(names)), listed  # each publisher once, with its years
        cited = [a["href"].removeprefix("#src-") for a in figure.select(".chart-source a")]
        assert cited and all(publishers[c] in words for c in cited), key
        assert (
            localize(analysis.dataset.brief.organisation, analysis.dataset.brief.languages[0])
            in words
        )
        width, height = png_size(files["png"][1])
        box = [float(v) for v in svg.get("viewBox").split()]
        assert width == pytest.approx(box[2] * 120 / 72, abs=2)  # 120 pixels an inch
        assert height / width == pytest.approx(box[3] / box[2], rel=0.02)


def test_the_downloads_are_the_same_bytes_from_build_to_build(tmp_path):
    pages = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run_cli(
            "build", "--out", str(out), "--data", str(SHIPPED), "--no-pdf", "--no-cache", "-q"
        )
        assert result.exit_code == 0, result.output
        pages.append((out / "index.html").read_bytes())
    assert pages[0] == pages[1]
    assert np.all([b"data:image/png;base64," in page for page in pages])
