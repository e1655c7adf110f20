"""Synthetic data folders of any size, for the scale benchmark.

`make_dataset(folder, professions, regions, scenarios)` writes one YAML file per profession,
each with the figures of its regions and `scenarios` scenarios per region, cycling through
every projection method (growth by added amount and by percentage, anchors, trend,
stock-and-flow, band). The numbers are made up but valid: the folder passes validation.
"""

from __future__ import annotations

import random
from pathlib import Path

SCOPE = "{{profession: {p}, sector: all, region: {r}}}"


def make_dataset(
    folder: Path,
    professions: int,
    regions: int,
    scenarios: int,
    start: int = 2017,
    end: int = 2060,
    seed: int = 1,
) -> int:
    """Write the folder; return how many scenarios it holds."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.yaml").write_text(_brief(professions, regions, start, end), encoding="utf-8")
    (folder / "shared.yaml").write_text(_shared(), encoding="utf-8")
    for p in range(professions):
        lines = ["figures:"]
        for r in range(regions):
            lines += _figures(f"p{p}", f"r{r}", rng)
        lines.append("scenarios:")
        for r in range(regions):
            lines += [_scenario(f"p{p}", f"r{r}", k) for k in range(scenarios)]
        (folder / f"profession_{p:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return professions * regions * scenarios


def _brief(professions: int, regions: int, start: int, end: int) -> str:
    labels_p = ", ".join(f"p{p}: Profession {p}" for p in range(professions))
    labels_r = ", ".join(f"r{r}: Region {r}" for r in range(regions))
    return f"""brief:
  title: Synthetic brief
  organisation: Benchmark
  date: 2026-01-01
  languages: [en]
  horizon: {{start: {start}, end: {end}}}
  key_year: 2035
labels:
  profession: {{{labels_p}, edu: education}}
  sector: {{all: all sectors}}
  region: {{{labels_r}}}
prose:
  summary: "A synthetic gap of {{s_p0_r0_0.gap}}."
  highlights:
    - {{value: s_p0_r0_0.gap, meaning: gap}}
"""


def _shared() -> str:
    return """sources:
  - {id: synthetic, publisher: Benchmark, year: 2026, language: en}
figures:
  - {id: study_years, value: 3, unit: years, year: 2020, source: synthetic,
     scope: {profession: edu, sector: all, region: r0}}
  - {id: completion, value: 75, unit: percent, year: 2020, source: synthetic,
     scope: {profession: edu, sector: all, region: r0}}
assumptions:
  - {id: exit_rate, title: Exits, value: 3.5, low: 2.5, high: 4.5, unit: percent, rationale: r}
  - {id: entry, title: Entry, value: 90, low: 80, high: 98, unit: percent, rationale: r}
  - {id: fte_factor, title: FTE, value: 0.9, low: 0.8, high: 1.0, unit: ratio, rationale: r}
"""


def _figures(p: str, r: str, rng: random.Random) -> list[str]:
    scope = SCOPE.format(p=p, r=r)
    base = rng.randint(500, 20_000)
    later = base + rng.randint(-100, 2_000)
    items = [
        f"base_{p}_{r}, value: {base}, unit: fte, year: 2017",
        f"added_{p}_{r}, value: {rng.randint(50, base // 2)}, unit: fte, base_year: 2017, "
        "year: 2035",
        f"pct_{p}_{r}, value: {rng.randint(5, 60)}, unit: percent, year: 2035",
        f"later_{p}_{r}, value: {later}, unit: fte, year: 2035",
        f"change_{p}_{r}, value: {rng.randint(0, 400)}, unit: fte, base_year: 2017, year: 2022",
        f"places_{p}_{r}, value: {rng.randint(20, 400)}, unit: persons_per_year, year: 2020",
        f"high_{p}_{r}, value: {later + 2 * base}, unit: fte, year: 2040",
    ]
    return [f"  - {{id: {item}, source: synthetic, scope: {scope}}}" for item in items]


def _scenario(p: str, r: str, k: int) -> str:
    x = f"{p}_{r}"
    demands = [
        f"{{method: growth, base: base_{x}, added: added_{x}, shape: compound}}",
        f"{{method: growth, base: base_{x}, percent: pct_{x}, base_year: 2017, shape: linear}}",
        f"{{method: band, base: base_{x}, low: later_{x}, high: high_{x}}}",
    ]
    supplies = [
        f"{{method: anchors, points: [{{value: base_{x}}}, {{value: later_{x}}}]}}",
        f"{{method: trend, base: base_{x}, change: change_{x}}}",
        f"{{method: stock_flow, stock: base_{x}, intake: {{method: anchors, points: "
        f"[{{value: places_{x}}}], beyond: hold}}, study_years: study_years, "
        f"completion: completion, entry_share: entry, exit_rate: exit_rate, "
        f"fte_per_person: fte_factor}}",
    ]
    demand = demands[k % len(demands)]
    supply = supplies[(k // len(demands)) % len(supplies)]
    return f"  - {{id: s_{x}_{k}, title: Scenario {k}, demand: {demand},\n     supply: {supply}}}"
