"""Reader-grade quality, judged by the tools readers' software is judged by.

axe-core in headless Chromium (WCAG 2.1 A and AA) at phone and laptop widths, the Nu HTML
checker, layout at 360 px, network requests counted, Chromium's print preview paginated and
read back, the PDF read back with poppler and pypdf, and screenshots saved for people to look
at. Browser tests are marked `browser`, the Nu checker `validator`, so `pytest -m "not browser
and not validator"` runs the fast rest; CI runs everything.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, RURITANIA, SHIPPED
from PIL import Image
from pypdf import PdfReader

from gapreport.options import BuildOptions
from gapreport.pipeline import build

TOOLS = ROOT / "tests" / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DATASETS = {"shipped": SHIPPED, "ruritania": RURITANIA}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Both datasets built once, with PDFs: {'shipped': site folder, 'ruritania': ...}."""
    root = tmp_path_factory.mktemp("quality")
    for name, data in DATASETS.items():
        build(BuildOptions(data=data, out=root / name))
    return {name: root / name for name in DATASETS}


def pages(sites: dict[str, Path]) -> list[tuple[str, str, Path]]:
    """(dataset, language, index.html) for every page of both sites."""
    found = []
    for name, site in sites.items():
        for path in sorted(site.rglob("index.html")):
            lang = path.parent.name if path.parent != site else "default"
            found.append((name, lang, path))
    return found


PAGE_IDS = [(d, lang) for d in DATASETS for lang in ("default", "other")]


def page_path(sites, dataset: str, which: str) -> Path:
    site = sites[dataset]
    if which == "default":
        return site / "index.html"
    return next(p for p in site.rglob("index.html") if p.parent != site)


def open_page(browser, path: Path, width: int, *, bypass_csp: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto(path.as_uri())
    return context, page


def axe_violations(browser, path: Path, width: int) -> list[dict]:
    # The page's own CSP forbids every script, as it should; axe is let in for the audit only.
    context, page = open_page(browser, path, width, bypass_csp=True)
    try:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
        )
        return [
            {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("dataset", "which"), PAGE_IDS)
def test_axe_finds_no_wcag_violations(browser, sites, dataset, which, width):
    violations = axe_violations(browser, page_path(sites, dataset, which), width)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.browser
@pytest.mark.parametrize(("dataset", "which"), PAGE_IDS)
def test_no_horizontal_scrolling_at_360_px(browser, sites, dataset, which):
    context, page = open_page(browser, page_path(sites, dataset, which), 360)
    try:
        widths = page.evaluate("""() => {
            const boxes = '.chart-box, .table-scroll';
            const outside = [...document.querySelectorAll(`${boxes}, table, svg, p, h1, h2`)]
              .filter(e => e.matches(boxes) || !e.closest(boxes));
            return {
              page: document.documentElement.scrollWidth,
              view: document.documentElement.clientWidth,
              boxes: outside.map(e => Math.ceil(e.getBoundingClientRect().right)),
            };
        }""")
    finally:
        context.close()
    assert widths["page"] <= widths["view"] == 360
    assert max(widths["boxes"]) <= 360, "a box sticks out; it should scroll inside itself"


CHART_TEXT_OUTSIDE = """() => {
  // Every text of every chart that is shown: its box against the screen and against each
  // ancestor that clips (the <svg> itself, and any box whose overflow is not visible).
  const inside = (r, c) => r.left >= c.left - 0.5 && r.right <= c.right + 0.5 &&
                           r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5;
  const screen = {left: 0, right: document.documentElement.clientWidth,
                  top: -Infinity, bottom: Infinity};
  const outside = [];
  for (const text of document.querySelectorAll('figure.chart svg text')) {
    const box = text.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown (the other layout)
    let clipped = !inside(box, screen);
    for (let e = text.parentElement; e && !clipped; e = e.parentElement) {
      const style = getComputedStyle(e);
      const clips = e.tagName.toLowerCase() === 'svg' ||
                    style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (clips && !inside(box, e.getBoundingClientRect())) clipped = true;
    }
    if (clipped) outside.push(`${text.closest('figure').id}: ${text.textContent.trim()}`);
  }
  return outside;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("dataset", "which"), PAGE_IDS)
def test_every_chart_text_is_fully_on_screen(browser, sites, dataset, which, width):
    """No label, tick or key of a chart is cut off by the screen or by the chart's own box."""
    context, page = open_page(browser, page_path(sites, dataset, which), width)
    try:
        shown = page.evaluate("() => document.querySelectorAll('figure.chart svg text').length")
        outside = page.evaluate(CHART_TEXT_OUTSIDE)
    finally:
        context.close()
    assert shown > 20
    assert outside == [], f"{len(outside)} chart texts cut off: {outside[:8]}"


CHART_TEXTS_OVERLAPPING = """() => {
  // Pairs of texts within one shown chart whose boxes overlap (a label on a label).
  const found = [];
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const boxes = [...svg.querySelectorAll('text')].map(t => [t, t.getBoundingClientRect()])
      .filter(([, b]) => b.width > 0 && b.height > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, p] = boxes[i], [b, q] = boxes[j];
        const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (x > 1 && y > 1) found.push(`${svg.closest('figure').id}: "${a.textContent.trim()}"`
                                       + ` on "${b.textContent.trim()}"`);
      }
    }
  }
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("dataset", "which"), PAGE_IDS)
def test_no_chart_text_lies_on_another(browser, sites, dataset, which, width):
    context, page = open_page(browser, page_path(sites, dataset, which), width)
    try:
        overlapping = page.evaluate(CHART_TEXTS_OVERLAPPING)
    finally:
        context.close()
    assert overlapping == [], overlapping[:8]


@pytest.mark.browser
@pytest.mark.parametrize(("dataset", "which"), PAGE_IDS)
def test_every_table_cell_is_on_a_phones_screen(browser, sites, dataset, which):
    """The brief's tables become cards on a phone: no cell is left beyond the screen's edge
    (the table behind each chart, a row per year, scrolls instead)."""
    context, page = open_page(browser, page_path(sites, dataset, which), 360)
    try:
        outside = page.evaluate("""() => [...document.querySelectorAll(
            'main table th, main table td')].filter(c => !c.closest('.chart-data'))
            .filter(c => c.getClientRects().length && !c.closest('thead'))
            .filter(c => c.getBoundingClientRect().right > innerWidth + 0.5)
            .map(c => c.textContent.trim().slice(0, 40))""")
    finally:
        context.close()
    assert outside == [], outside[:8]


@pytest.mark.browser
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_opening_the_page_makes_no_network_requests(browser, sites, dataset):
    path = sites[dataset] / "index.html"
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    finally:
        context.close()
    assert requests == [path.as_uri()], requests  # the page itself, nothing more
    assert "default-src 'none'" in csp


def squash(text: str) -> str:
    """Runs of white space (no-break spaces included) as one plain space."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@pytest.mark.browser
def test_print_preview_keeps_charts_whole_and_headings_with_their_text(browser, sites, tmp_path):
    """Chromium's own print to PDF: each chart's title, drawing and sources share a page (seen
    to fail with the page-break rule of charts taken out and a chart pushed down the page);
    no page ends on a heading."""
    context, page = open_page(browser, sites["shipped"] / "index.html", 1280)
    try:
        page.emulate_media(media="print")
        charts = page.evaluate("""() => [...document.querySelectorAll('figure.chart')]
            .filter(f => f.getClientRects().length)  // (a printed page has no what-if)
            .map(f => [f.querySelector('h3').textContent,
                       f.querySelector('.chart-source').textContent,
                       ...[...f.querySelectorAll('svg text')]
                         .filter(t => t.getClientRects().length)  // (the drawing paper shows)
                         .map(t => t.textContent.trim())])""")
        headings = page.evaluate("""() => [...document.querySelectorAll('main h2, main h3')]
            .filter(h => h.offsetParent !== null).map(h => h.textContent)""")
        pdf = tmp_path / "preview.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        context.close()
    texts = [squash(p) for p in pdf_pages(pdf)]
    for title, source, *labels in charts:
        # Chromium moves an inline SVG whole to the next page, so what a break can cut is the
        # figure: its title, its drawing's texts and its source line must share one page
        wanted = [t for t in map(squash, labels) if len(t) > 3]
        assert wanted, labels
        whole = [
            text
            for text in texts
            if squash(title) in text
            and squash(source)[:40] in text
            and all(label in text for label in wanted)
        ]
        assert whole, f"no page holds all of '{title}' (cut across pages?)"
    for heading in map(squash, headings):
        for text in texts:
            for found in re.finditer(re.escape(heading), text):
                rest = re.sub(r"\d+ / \d+", "", text[found.end() :]).strip()
                if rest.startswith(":"):  # the same word as a label ("Assumptions: A1")
                    continue
                assert len(rest) > 20, f"'{heading}' is the last thing on its page"


@pytest.mark.validator
def test_nu_html_checker_finds_no_errors(sites):
    if shutil.which("java") is None or not VNU.exists():
        pytest.fail("the Nu checker needs Java and tests/tools: run tests/system-deps.sh")
    files = [str(path) for _, _, path in pages(sites)]
    assert len(files) == 4
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "gnu", "--also-check-svg", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.mark.parametrize(
    ("dataset", "lang", "title", "letters"),
    [
        ("shipped", "nb", "Bioingeniørmangelen: behov og tilgang fram mot 2040", "øå"),
        (
            "shipped",
            "en",
            "Biomedical laboratory scientists (bioengineers): need and supply to 2040",
            "ø",
        ),
        ("ruritania", "en", "Hospital pharmacists in Ruritania", ""),
        ("ruritania", "nb", "Sykehusfarmasøyter i Ruritania", "ø"),
    ],
)
def test_pdf_reads_back_cleanly(sites, dataset, lang, title, letters):
    site = sites[dataset]
    path = next(
        p for p in site.rglob("brief.pdf") if PdfReader(p).trailer["/Root"].get("/Lang") == lang
    )
    reader = PdfReader(path)
    assert reader.metadata.title == title
    assert reader.metadata.author
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    assert [item.title for item in reader.outline if not isinstance(item, list)][0] == title
    text = "".join(pdf_pages(path))
    assert title.split(":")[0] in text
    assert all(letter in text for letter in letters)
    assert "\ufffd" not in text  # no replacement characters: every glyph maps back to text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)


@pytest.mark.browser
def test_screenshots_for_people_to_look_at(browser, sites):
    """PNGs of the brief at 360 and 1280 px and of the PDF's first page, in artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (360, 1280):
        context, page = open_page(browser, sites["shipped"] / "index.html", width)
        try:
            page.screenshot(path=str(ARTIFACTS / f"brief-{width}.png"), full_page=False)
            if width == 1280:  # the what-if's top: its controls and the table
                shot = ARTIFACTS / "whatif-1280.png"
                page.locator("#whatif").screenshot(path=str(shot))
                with Image.open(shot) as image:
                    top = image.crop((0, 0, image.width, min(image.height, 1250)))
                top.save(shot)
        finally:
            context.close()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(sites["shipped"] / "brief.pdf"),
            str(ARTIFACTS / "brief-pdf-page1"),
        ],
        check=True,
    )
    for name in ("brief-360.png", "brief-1280.png", "brief-pdf-page1.png", "whatif-1280.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000, name
        if os.environ.get("UPDATE_SCREENSHOTS") == "1":  # refresh the README's copies
            shutil.copyfile(ARTIFACTS / name, ROOT / "tests" / "screenshots" / name)
