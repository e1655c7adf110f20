"""Fair comparisons: delivered against need like for like in time, and numbers that count
different things set side by side only with a caveat."""

from __future__ import annotations

import pytest
from helpers import RURITANIA, SHIPPED, edit, run_cli

from gapreport.pipeline import analyse


def test_a_shorter_delivered_change_is_set_against_the_need_due_by_then():
    """Ruritania: 20 FTEs delivered 2020-2024 against 250 needed 2020-2030. On the ministry's
    straight need path 100 of the 250 were due by 2024, so like for like the share is 20 %,
    not the 8 % the bar shows."""
    figures = analyse(RURITANIA).figures
    assert figures["progress_due"].value == pytest.approx(100)
    assert figures["progress_due"].year == 2024
    assert figures["progress_share_due"].value == pytest.approx(20)


def test_the_shipped_share_is_read_off_ssbs_need_path():
    analysis = analyse(SHIPPED)
    path = analysis.projection
    due = path.value("helsemod", 2022, "demand") - path.value("helsemod", 2017, "demand")
    assert analysis.figures["progress_due"].value == pytest.approx(due)
    assert analysis.figures["progress_share_due"].value == pytest.approx(80 / due * 100)
    assert analysis.figures["share_of_need_met"].value == pytest.approx(4)


def test_the_brief_states_both_shares_and_the_caveat(tmp_path):
    out = tmp_path / "site"
    assert run_cli("build", "--data", str(SHIPPED), "--out", str(out), "--no-pdf").exit_code == 0
    english = (out / "en" / "index.html").read_text(encoding="utf-8")
    norwegian = (out / "index.html").read_text(encoding="utf-8")
    assert "Set against only the need due by 2022 (Helsemod 2019: " in english
    assert "over the same years, the share is" in english
    assert "Målt bare mot behovet som var ventet innen 2022 (Helsemod 2019: " in norwegian
    assert "The increase is measured in the specialist health service only" in english


def test_progress_counting_different_things_needs_a_caveat(shipped_copy):
    """Before this rule the shipped progress bar set a specialist-service change against an
    all-sector need with no word about it."""
    text = (shipped_copy / "prose.yaml").read_text(encoding="utf-8")
    start = text.index("    caveat:\n      nb: >-\n        Økningen")
    (shipped_copy / "prose.yaml").write_text(text[:start], encoding="utf-8")
    result = run_cli("validate", "--data", str(shipped_copy))
    assert result.exit_code == 1
    assert (
        "prose.progress.caveat: 'observed_added_fte' counts fte for bioengineer/specialist/NO"
        in (result.output)
    )
    assert "setting them side by side is refused unless a 'caveat:' says why" in result.output


def test_a_shorter_change_with_no_need_path_is_refused(ruritania_copy):
    edit(
        ruritania_copy / "numbers.yaml",
        "base: base_fte, added: added_fte",
        "base: base_fte, percent: growth_pct",
    )
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert result.exit_code == 1
    assert "prose.progress.path: the delivered change covers 4 years (2020-2024) but the need" in (
        result.output
    )
    edit(ruritania_copy / "numbers.yaml", "need: added_fte}", "need: added_fte, path: ministy}")
    result = run_cli("validate", "--data", str(ruritania_copy))
    assert "prose.progress.path: unknown need path 'ministy'" in result.output
    edit(ruritania_copy / "numbers.yaml", "path: ministy}", "path: ministry}")
    assert run_cli("validate", "--data", str(ruritania_copy)).exit_code == 0
    figures = analyse(ruritania_copy).figures
    assert figures["progress_share_due"].value == pytest.approx(20)  # 25 % of 1,000 is 250 too


def test_a_comparison_of_different_things_needs_its_caveat(shipped_copy):
    text = (shipped_copy / "prose.yaml").read_text(encoding="utf-8")
    start = text.index("    caveat:", text.index("  comparison:"))
    end = text.index("\n  what_it_takes:") if "\n  what_it_takes:" in text else None
    assert end is not None
    (shipped_copy / "prose.yaml").write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    result = run_cli("validate", "--data", str(shipped_copy))
    assert result.exit_code == 1
    assert "prose.comparison.caveat:" in result.output


def test_a_range_of_scenario_outcomes_is_never_drawn_as_a_probability():
    """Helse-Norge 2040's 13,000-29,000 are the outcomes of the report's scenarios: each end
    gets a fan of its own, drawn from the assumptions only, with its own path as centre."""
    fans = {fan.scenario: fan for fan in analyse(SHIPPED).fans}
    assert {"hn2040-low", "hn2040-high"} <= set(fans) and "hn2040" not in fans
    projection = analyse(SHIPPED).projection
    for end in ("hn2040-low", "hn2040-high"):
        assert fans[end].central is not None
        assert fans[end].central == pytest.approx(projection.path(end, "gap"))
    # the low end's whole fan lies below the high end's: the ends are never mixed
    assert (fans["hn2040-low"].quantiles[95] <= fans["hn2040-high"].quantiles[5] + 1e-9).all()


def test_a_stated_uncertainty_range_is_drawn_evenly_between_its_ends(shipped_copy):
    edit(
        shipped_copy / "figures.yaml",
        "  - id: hn2040_need\n",
        "  - id: hn2040_need\n    range: uncertainty\n",
    )
    fans = {fan.scenario: fan for fan in analyse(shipped_copy).fans}
    assert "hn2040" in fans and "hn2040-low" not in fans
    assert fans["hn2040"].central is None  # a drawn range has no published centre


def test_range_needs_a_low_and_high(shipped_copy):
    edit(
        shipped_copy / "figures.yaml",
        "  - id: observed_added_fte\n",
        "  - id: observed_added_fte\n    range: uncertainty\n",
    )
    result = run_cli("validate", "--data", str(shipped_copy))
    assert result.exit_code == 1
    assert "'range' says what a low and a high are; this figure has no 'low' and 'high'" in (
        result.output
    )


def test_the_headline_share_is_delivered_over_the_whole_need(tmp_path):
    """Ruritania has no ratio of its own for the bar: the sentence once quoted the same-period
    share (20 %) as the whole-need share, which is 20 of 250 = 8 %."""
    assert analyse(RURITANIA).figures["progress_share"].value == pytest.approx(8)
    out = tmp_path / "site"
    assert run_cli("build", "--data", str(RURITANIA), "--out", str(out), "--no-pdf").exit_code == 0
    english = (out / "index.html").read_text(encoding="utf-8")
    headline = english[english.index("against the whole growth in need:") :][:200]
    assert ">8%<" in headline and ">20%<" not in headline
