"""The one-screen summary `gapreport validate` prints when the data is sound."""

from __future__ import annotations

from pathlib import Path

from gapreport.analysis import Analysis
from gapreport.errors import display_path


def summary(analysis: Analysis, data: Path) -> str:
    """Counts of what the data holds, the claims' verdicts, and each scenario's key-year gap."""
    dataset = analysis.dataset
    brief = dataset.brief
    counts = dataset.counts()
    series = analysis.projection.series_ids()
    lines = [f"{display_path(data)}: valid ({len(dataset.files)} files)"]
    for name, count in counts.items():
        extra = f" ({len(series)} projected series)" if name == "scenarios" else ""
        lines.append(f"  {name:<12}{count:>5}{extra}")
    held = sum(result.holds for result in analysis.claims)
    lines.append(f"Claims: {held} of {len(analysis.claims)} hold.")
    if analysis.backtests:
        missed = sum(test.missed for test in analysis.backtests)
        lines.append(
            f"Back-tests: {len(analysis.backtests)} paths against what was observed; "
            f"{missed} miss by more than the tolerance."
        )
    lines.append(
        f"Horizon {brief.horizon.start}-{brief.horizon.end}, key year {brief.key_year}, "
        f"languages {', '.join(brief.languages)}."
    )
    lines.append(f"Gap in {brief.key_year} (demand - supply):")
    width = max((len(s) for s in series), default=0)
    for series_id in series:
        gap = analysis.figures[f"{series_id}.gap"]
        lines.append(f"  {series_id:<{width}}  {gap.value:>10,.0f} {gap.unit}")
    return "\n".join(lines)
