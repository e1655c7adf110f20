"""The in-page what-if, used as a reader uses it: in Chromium, moving the controls, and held
to the pipeline's own numbers for the same assumptions changed in the data."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from helpers import RURITANIA, SHIPPED, run_cli

from gapreport.check.plans import build_plans
from gapreport.check.quantities import resolve_quantities
from gapreport.errors import ProblemLog
from gapreport.language.formatting import Formatter
from gapreport.language.strings import load_strings
from gapreport.language.texts import localize
from gapreport.model.projection import project
from gapreport.options import TEMPLATES
from gapreport.outlook.what_it_takes import takes_figures, what_it_takes
from gapreport.pipeline import analyse

pytestmark = pytest.mark.browser
SITES = {"shipped": SHIPPED, "ruritania": RURITANIA}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("whatif")
    for name, data in SITES.items():
        for flag in ("--whatif", "--no-whatif"):
            out = root / f"{name}{flag}"
            result = run_cli(
                "build", "--data", str(data), "--out", str(out), "--no-pdf", flag, "-q"
            )
            assert result.exit_code == 0, result.output
    return {name: root / f"{name}--whatif" for name in SITES}


@pytest.fixture(scope="module")
def analyses() -> dict:
    return {name: analyse(data) for name, data in SITES.items()}


def expected(analysis, lang: str, settings: dict[str, float]) -> dict[str, tuple[str, ...]]:
    """What the pipeline makes of the data with these assumptions set: for every series, the
    gap in the key year and at the horizon, and what it takes, as the page words them."""
    dataset = analysis.dataset
    assumptions = [
        a.model_copy(update={"value": settings[a.id]}) if a.id in settings else a
        for a in dataset.assumptions
    ]
    log = ProblemLog()
    quantities = resolve_quantities(dataset.figures, assumptions, dataset.derived, log)
    plans = build_plans(dataset.scenarios, quantities, dataset.brief.horizon, log)
    projection = project(plans, dataset.brief.horizon)
    takes = takes_figures(what_it_takes(dataset, projection), projection)
    strings = load_strings(TEMPLATES, lang)
    fmt = Formatter(strings.locale)
    key, end = dataset.brief.key_year, dataset.brief.horizon.end
    found = {}
    for plan in projection.plans:
        unit = strings.get("units", plan.unit)
        for series in plan.series:
            gaps = (projection.value(series.id, year, "gap") for year in (key, end))
            found[series.id] = tuple(
                f"{fmt.value(g, plan.unit, computed=True)} {unit}" for g in gaps
            )
            places = takes.get(f"{series.id}.extra_study_places")
            if places is not None:  # and the latest planned intake it adds to
                planned = plan.series[0].supply.intake.values[-1]
                found[series.id] += tuple(
                    fmt.value(v, places.unit, computed=True) for v in (places.value, planned)
                )
    return found


def open_panel(browser, path: Path, width: int = 1280, **context):
    context = browser.new_context(viewport={"width": width, "height": 900}, **context)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return context, page, requests


def shown(page) -> dict[str, tuple[str, ...]]:
    """The panel's numbers by series: the gap in the key year and at the horizon, and the
    sentence on what it takes, where it has one."""
    rows = page.evaluate("""() => [...document.querySelectorAll('#whatif tbody tr')].map(tr => [
        tr.dataset.series, [...tr.querySelectorAll('td[data-year]')].map(td => td.textContent)])""")
    found = {series: tuple(cells) for series, cells in rows}
    for series, places, text in page.evaluate("""() => [...document.querySelectorAll(
            '#whatif .whatif-takes p')].map(p => [p.dataset.series, p.dataset.places,
                                                  p.textContent])"""):
        found[series] += (places, text)
    return found


def set_control(page, assumption: str, value: float, by: str = "field") -> None:
    target = page.locator(f"#whatif-{assumption}" + ("-range" if by == "slider" else ""))
    target.fill(repr(value))
    target.dispatch_event("change")


def choose_end(page, scenario: str, end: str) -> None:
    page.locator(f"#whatif-end-{scenario}-{end}").check()


def compare(page, analysis, lang: str, settings: dict[str, float]) -> None:
    want, got = expected(analysis, lang, settings), shown(page)
    assert got, "the panel shows no scenario"
    for series, cells in got.items():
        assert cells[:2] == want[series][:2], (series, settings)
        assert len(cells) == len(want[series]), (series, "what it takes")
        if len(cells) == 4:  # the extra study places, and the intake they add to
            assert cells[2] == want[series][2], (series, settings)
            intake = rf"(?<![\d\s]){re.escape(want[series][3])}(?![\d])"
            assert want[series][2] == "0" or re.search(intake, cells[3]), cells[3]


def series_ends(analysis) -> dict[str, str]:
    return {p.id: "low" for p in analysis.projection.plans if len(p.series) > 1}


@pytest.mark.parametrize("dataset", list(SITES))
def test_each_assumption_at_its_low_and_high_gives_the_pipeline_s_numbers(
    browser,
    sites,
    analyses,
    dataset,
):
    analysis = analyses[dataset]
    context, page, requests = open_panel(browser, sites[dataset] / "index.html")
    lang = analysis.dataset.brief.languages[0]
    try:
        compare(page, analysis, lang, {})
        fmt = Formatter(load_strings(TEMPLATES, lang).locale)
        for a in analysis.dataset.assumptions:  # each control starts at the brief's value
            assert float(page.locator(f"#whatif-{a.id}-range").input_value()) == a.value
            assert page.locator(f"#whatif-{a.id}").input_value() == fmt.value(a.value, "ratio")
        for a in analysis.dataset.assumptions:
            for value, by in ((a.low, "slider"), (a.high, "field")):
                set_control(page, a.id, value, by)
                compare(page, analysis, lang, {a.id: value})
            set_control(page, a.id, a.value)
        assert requests == [(sites[dataset] / "index.html").as_uri()], requests
    finally:
        context.close()


def test_many_random_settings_and_both_ends_of_a_range_give_the_pipeline_s_numbers(
    browser,
    sites,
    analyses,
):
    analysis = analyses["shipped"]
    bands = series_ends(analysis)
    assert bands, "the shipped data has a scenario built from a published range"
    pick = random.Random(18)
    context, page, _ = open_panel(browser, sites["shipped"] / "en" / "index.html")
    try:
        for round_ in range(12):
            settings = {}
            for a in analysis.dataset.assumptions:
                step = float(page.locator(f"#whatif-{a.id}-range").get_attribute("step"))
                steps = round((a.high - a.low) / step)
                settings[a.id] = round(a.low + pick.randint(0, steps) * step, 10)
                set_control(page, a.id, settings[a.id])
            for scenario in bands:
                choose_end(page, scenario, "high" if round_ % 2 else "low")
            compare(page, analysis, "en", settings)
            ends = [s for s in shown(page) if s.endswith("-high" if round_ % 2 else "-low")]
            assert ends  # the chosen end is the one shown
    finally:
        context.close()


def test_reset_gives_back_the_published_brief_s_numbers(browser, sites, analyses):
    analysis = analyses["shipped"]
    context, page, _ = open_panel(browser, sites["shipped"] / "index.html")
    try:
        first = shown(page)
        for a in analysis.dataset.assumptions:
            set_control(page, a.id, a.high)
        assert shown(page) != first
        page.get_by_role(
            "button", name=load_strings(TEMPLATES, "nb").get("whatif", "reset")
        ).click()
        assert shown(page) == first
        fmt = Formatter(load_strings(TEMPLATES, "nb").locale)
        for series, cells in first.items():  # the key-year gap is the brief's own key figure
            assert cells[0].startswith(fmt.figure(analysis.figures[f"{series}.gap"]) + " ")
    finally:
        context.close()


def test_the_keyboard_moves_a_slider_and_the_change_is_announced(browser, sites, analyses):
    analysis = analyses["shipped"]
    moving = max(analysis.swings, key=lambda s: s.swing).assumption
    context, page, _ = open_panel(browser, sites["shipped"] / "index.html", width=360)
    try:
        before = shown(page)
        live = page.locator("#whatif [aria-live=polite]")
        assert live.inner_text() == ""
        page.locator(f"#whatif-{moving}-range").focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        assert shown(page) != before
        page.wait_for_function("el => el.textContent.length > 0", arg=live.element_handle())
        assert str(analysis.dataset.brief.key_year) in live.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


@pytest.mark.parametrize("dataset", list(SITES))
def test_without_script_the_page_is_the_brief_without_a_panel(browser, sites, dataset):
    path = sites[dataset] / "index.html"
    bare = path.parent.parent / f"{dataset}--no-whatif" / "index.html"
    context, page, _ = open_panel(browser, path, java_script_enabled=False)
    try:
        assert page.locator("#whatif").count() == 0
        assert page.locator('a[href="#whatif"]').count() == 0
        text = page.locator("body").inner_text()
    finally:
        context.close()
    context, page, _ = open_panel(browser, bare)
    try:
        assert page.locator("script").count() == 0
        assert page.locator("body").inner_text() == text  # nothing broken, nothing left over
    finally:
        context.close()
    html, without = path.read_text(encoding="utf-8"), bare.read_text(encoding="utf-8")
    panel = (
        r'<style media="screen">/\* The what-if panel.*?</style>\n',
        r'<script type="application/json" id="whatif-data">.*?</script>\n<script>.*?</script>\n',
        r"script-src 'sha256-[A-Za-z0-9+/=]+'; ",
    )
    stripped = html
    for pattern in panel:
        stripped, found = re.subn(pattern, "", stripped, count=1, flags=re.S)
        assert found == 1, pattern
    assert stripped == without  # the same page, byte for byte, but for the panel's script


def test_the_script_is_allowed_by_its_hash_alone_and_is_small(sites):
    html = (sites["shipped"] / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+';", policy)
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
    size = sum(len(s.encode("utf-8")) for s in scripts)
    assert size <= 30 * 1024, f"the what-if is {size} bytes with its data"


def test_a_number_typed_outside_its_range_shows_what_the_model_uses(browser, sites, analyses):
    """Typed 30 where the range ends at 14: the box says 14 and why; an emptied box gets
    back the number in use (a reader's review found the box kept 30 while 14 was used)."""
    analysis = analyses["shipped"]
    a = max(analysis.dataset.assumptions, key=lambda a: a.high)
    strings = load_strings(TEMPLATES, "nb")
    fmt = Formatter(strings.locale)
    context, page, _ = open_panel(browser, sites["shipped"] / "index.html")
    try:
        field = page.locator(f"#whatif-{a.id}")
        field.fill(str(a.high * 2 + 1))
        field.press("Tab")
        assert field.input_value() == fmt.value(a.high, "ratio")
        kept = page.locator(f"#whatif-{a.id}-kept").inner_text()
        assert kept == strings.fill("whatif", "kept", value=fmt.value(a.high, "ratio"))
        compare(page, analysis, "nb", {a.id: a.high})
        field.fill("")
        field.press("Tab")
        assert field.input_value() == fmt.value(a.high, "ratio")
        low = fmt.value(a.low, "ratio")  # typed as a Norwegian writes it, decimal comma and all
        field.fill(low)
        field.press("Tab")
        compare(page, analysis, "nb", {a.id: a.low})
        assert page.locator(f"#whatif-{a.id}-kept").inner_text() == ""
    finally:
        context.close()


def test_a_decimal_comma_is_read_as_a_norwegian_means_it(browser, sites, analyses):
    analysis = analyses["shipped"]
    a = next(a for a in analysis.dataset.assumptions if a.high != int(a.high))  # (a comma)
    context, page, _ = open_panel(browser, sites["shipped"] / "index.html")
    try:
        page.locator(f"#whatif-{a.id}").fill(repr(a.high).replace(".", ","))
        compare(page, analysis, "nb", {a.id: a.high})
    finally:
        context.close()


def test_when_supply_meets_need_nothing_more_is_asked_for(browser, sites, analyses):
    """Every assumption at the end that shrinks the gap: a scenario whose supply then
    exceeds need says no more study places are needed (not "about 0 more")."""
    analysis = analyses["shipped"]
    best = {}
    for swing in analysis.swings:  # the end that shrinks the gap, for the first series
        best.setdefault(
            swing.assumption, swing.low if swing.gap_at_low < swing.gap_at_high else swing.high
        )
    strings = load_strings(TEMPLATES, "en")
    context, page, _ = open_panel(browser, sites["shipped"] / "en" / "index.html")
    try:
        for assumption, value in best.items():
            set_control(page, assumption, value)
        compare(page, analysis, "en", best)
        met = [cells for cells in shown(page).values() if len(cells) == 4 and cells[2] == "0"]
        assert met, "at the best ends, some scenario's supply meets need"
        for cells in met:
            start = strings.get("whatif", "takes_none").split("{label}")[1].split("{year}")[0]
            assert start in cells[3] and "about 0" not in cells[3]
    finally:
        context.close()


def test_each_control_says_which_scenarios_it_moves(browser, sites, analyses):
    """A row that never moves is explained, not left to look like a fault."""
    analysis = analyses["shipped"]
    strings = load_strings(TEMPLATES, "en")
    shown_plans = [p for p in analysis.projection.plans if p.id in page_scenarios(sites["shipped"])]
    context, page, _ = open_panel(browser, sites["shipped"] / "en" / "index.html")
    try:
        for a in analysis.dataset.assumptions:
            note = page.locator(f"#whatif-{a.id}-note").inner_text()
            moved = [p for p in shown_plans if a.id in p.inputs]
            labels = [localize(p.scenario.label or p.scenario.title, "en") for p in moved]
            if moved:
                assert strings.fill("whatif", "moves", labels=", ".join(labels)) in note
            else:
                assert strings.get("whatif", "moves_none") in note
        fixed = strings.get("whatif", "fixed")
        for plan in shown_plans:
            rests = {a.id for a in analysis.dataset.assumptions} & set(plan.inputs)
            rows = ", ".join(
                f'#whatif tbody tr[data-series="{plan.id}{end}"] th' for end in ("", "-low")
            )
            row = page.locator(rows).first
            assert (fixed in row.inner_text()) == (not rests), plan.id
    finally:
        context.close()


def page_scenarios(site: Path) -> set[str]:
    import json

    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    data = re.search(r'id="whatif-data">(.*?)</script>', html, flags=re.S).group(1)
    return {s["id"] for s in json.loads(data)["scenarios"]}


def test_a_printed_page_leaves_the_what_if_out(browser, sites):
    """Sliders on paper move nothing: printed, the page is the brief (as its PDF is)."""
    context, page, _ = open_panel(browser, sites["shipped"] / "index.html")
    try:
        assert page.locator("#whatif").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("#whatif").is_visible()
    finally:
        context.close()
