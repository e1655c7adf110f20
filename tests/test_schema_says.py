"""What the schema can say for a new profession: the gaps a new analyst met, each closed."""

from __future__ import annotations

from helpers import MINIMAL, edit, run_cli, write_data

from gapreport.pipeline import analyse


def test_a_growth_from_an_undated_base_takes_its_years_from_the_change(tmp_path):
    """The guide promises years default to the years of the figures named; an undated base
    (an assumption) with an `added` figure that has base_year and year once failed with
    'give base_year and target_year; the figures named do not say them'."""
    folder = write_data(tmp_path / "data", MINIMAL)
    edit(
        folder / "numbers.yaml",
        "scenarios:",
        "assumptions:\n"
        "  - {id: start, title: Start, value: 100, low: 90, high: 110, unit: fte,"
        " rationale: A guess., scope: {profession: nurse, sector: care, region: X}}\n"
        "scenarios:",
    )
    edit(folder / "numbers.yaml", "base: base, added: added", "base: start, added: added")
    result = run_cli("validate", "--data", str(folder))
    assert result.exit_code == 0, result.output
    projection = analyse(folder).projection
    assert projection.value("main", 2020, "demand") == 100  # from the change's base year
    assert projection.value("main", 2025, "demand") == 150  # to the change's year


DERIVED_LEVELS = """
  - id: level_2025
    value: 130
    unit: fte
    year: 2025
    scope: {profession: nurse, sector: care, region: X}
    source: src
  - id: employed
    value: 200
    unit: persons
    year: 2020
    scope: {profession: nurse, sector: care, region: X}
    source: src
  - id: in_care
    value: 50
    unit: percent
    year: 2020
    scope: {profession: nurse, sector: care, region: X}
    source: src
  - id: fte_each
    value: 0.9
    unit: ratio
    year: 2020
    scope: {profession: nurse, sector: care, region: X}
    source: src
derived:
  - {id: grown, op: sum, of: [level_2025], minus: [base], base_year: 2020}
  - {id: care_fte, op: product, of: [employed, in_care, fte_each], unit: fte}
scenarios:"""


def _derived_folder(tmp_path, supply: str):
    folder = write_data(tmp_path / "data", MINIMAL)
    edit(folder / "numbers.yaml", "scenarios:", DERIVED_LEVELS.lstrip("\n"))
    edit(
        folder / "numbers.yaml",
        "supply: {method: anchors, points: [{value: base}], beyond: hold}",
        supply,
    )
    return folder


def test_a_trend_can_run_at_the_pace_of_a_change_derived_from_two_levels(tmp_path):
    folder = _derived_folder(tmp_path, "supply: {method: trend, base: base, change: grown}")
    result = run_cli("validate", "--data", str(folder))
    assert result.exit_code == 0, result.output
    projection = analyse(folder).projection
    assert projection.value("main", 2025, "supply") == 130  # 30 over 2020-2025: 6 a year
    assert projection.value("main", 2030, "supply") == 160


def test_a_product_multiplies_a_count_by_shares_and_ratios(tmp_path):
    folder = _derived_folder(
        tmp_path, "supply: {method: anchors, points: [{value: care_fte}], beyond: hold}"
    )
    result = run_cli("validate", "--data", str(folder))
    assert result.exit_code == 0, result.output
    analysis = analyse(folder)
    care = analysis.quantities["care_fte"]
    assert (care.value, care.unit, care.year) == (90.0, "fte", 2020)  # 200 x 50 % x 0.9
    assert analysis.projection.value("main", 2022, "supply") == 90.0


def test_a_product_of_two_counts_or_a_unit_on_a_sum_is_refused_at_its_field(tmp_path):
    folder = _derived_folder(
        tmp_path, "supply: {method: anchors, points: [{value: base}], beyond: hold}"
    )
    edit(folder / "numbers.yaml", "of: [employed, in_care, fte_each]", "of: [employed, base]")
    edit(folder / "numbers.yaml", "minus: [base], base_year: 2020}", "minus: [base], unit: fte}")
    result = run_cli("validate", "--data", str(folder))
    assert result.exit_code == 1
    assert "derived[1].of: a product takes one count" in result.output
    assert "employed (persons), base (fte)" in result.output
    assert "derived[0].unit: only a product may say its unit" in result.output
    assert "Traceback" not in result.output


def test_the_organisation_can_be_named_in_each_language(ruritania_copy, tmp_path):
    """It was one string, so the Norwegian page carried the English name (and vice versa)."""
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(ruritania_copy), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    english = (out / "index.html").read_text(encoding="utf-8")
    norwegian = (out / "nb" / "index.html").read_text(encoding="utf-8")
    assert 'name="author" content="Ruritanian Pharmacists&#39; Guild"' in english
    assert 'name="author" content="Ruritanias farmasøytforbund"' in norwegian
    assert "farmasøytforbund" not in english


def test_an_organisation_missing_a_language_is_named_at_its_field(ruritania_copy):
    edit(ruritania_copy / "brief.yaml", ", nb: Ruritanias farmasøytforbund}", "}")
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert result.exit_code == 1
    assert "brief.yaml:4:" in result.output and "brief.organisation" in result.output
    assert "nb" in result.output


def test_a_figure_may_be_undated_and_the_brief_says_so(minimal, tmp_path):
    edit(
        minimal / "numbers.yaml",
        "scenarios:",
        "  - {id: course, value: 3, unit: years, scope: {profession: nurse, sector: care,"
        " region: X}, source: src, note: Length of the course.}\n"
        "  - {id: vacancies, value: 12, unit: posts, year: 2024, scope: {profession: nurse,"
        " sector: care, region: X}, source: src, note: Unfilled posts.}\n"
        "scenarios:",
    )
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(minimal), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    row = page[page.index("Length of the course.") :]
    assert "no year given" in row[: row.index("</tr>")]
    row = page[page.index("Unfilled posts.") :]
    assert "12 posts" in row[: row.index("</tr>")]


def test_an_undated_number_cannot_anchor_a_path_and_a_change_needs_its_year(minimal):
    edit(
        minimal / "numbers.yaml",
        "scenarios:",
        "  - {id: level, value: 90, unit: fte, scope: {profession: nurse, sector: care,"
        " region: X}, source: src}\n"
        "  - {id: grew, value: 5, unit: fte, base_year: 2020, scope: {profession: nurse,"
        " sector: care, region: X}, source: src}\n"
        "  - {id: short, value: -3, unit: posts, year: 2021, scope: {profession: nurse,"
        " sector: care, region: X}, source: src}\n"
        "scenarios:",
    )
    edit(minimal / "numbers.yaml", "points: [{value: base}]", "points: [{value: level}]")
    result = run_cli("validate", "--data", str(minimal))
    assert result.exit_code == 1
    assert "scenarios[0].supply.points[0].year: give the point a 'year'; 'level' has no year" in (
        result.output
    )
    assert "figures[3].base_year: a figure with a 'base_year' is a change" in result.output
    assert "figures[4].value: a number in posts cannot be negative, found -3" in result.output


BOUNDED = {
    "extra.yaml": """
        figures:
          - id: short
            value: 60
            bound: upper
            unit: fte
            year: 2025
            scope: {profession: nurse, sector: care, region: X}
            source: src
        claims:
          - id: within
            statement: "The gap stays within what the office said."
            actual: main.gap
            expected: short
            tolerance: 0
        """
}


def test_a_bound_is_worded_as_one_in_both_languages_and_claims_respect_it(minimal, tmp_path):
    """'up to 60': a claim that the gap (50) matches it holds, as 50 is within the bound,
    though it is 10 off the number."""
    write_data(minimal, BOUNDED)
    edit(minimal / "brief.yaml", "languages: [en]", "languages: [en, nb]")
    edit(
        minimal / "brief.yaml",
        'summary: "Short by {main.gap}."',
        'summary: "Short by {main.gap}, against {short}."',
    )
    edit(
        minimal / "brief.yaml",
        "meaning: short}",
        "meaning: short}\n    - {value: short, meaning: the bound}",
    )
    out = tmp_path / "site"
    result = run_cli("build", "--data", str(minimal), "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    english = (out / "index.html").read_text(encoding="utf-8")
    norwegian = (out / "nb" / "index.html").read_text(encoding="utf-8")
    assert 'against up to <span class="fig fig-published" data-figure="short">60</span>' in english
    assert 'opptil <span class="fig fig-published" data-figure="short">60</span>' in norwegian
    analysis = analyse(minimal)
    assert analysis.claims[0].holds and analysis.claims[0].difference == -10
    edit(minimal / "extra.yaml", "bound: upper", "bound: lower")
    result = run_cli("validate", "--data", str(minimal))
    assert result.exit_code == 1 and "claim 'within' no longer holds" in result.output


def test_a_range_cannot_be_a_bound(minimal):
    write_data(minimal, BOUNDED)
    edit(
        minimal / "extra.yaml",
        "value: 60\n    bound: upper",
        "low: 50\n    high: 70\n    bound: upper",
    )
    result = run_cli("validate", "--data", str(minimal))
    assert result.exit_code == 1
    assert "figures[0].bound: a bound is one number" in result.output
