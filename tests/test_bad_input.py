"""The bad-input corpus: hand-made mistakes an analyst makes, each met with a clear message.

Every case starts from the small valid data folder in helpers.MINIMAL, breaks one thing, runs
`gapreport validate` as a user would, and asserts the exit code, that no traceback is shown,
and that the message names the file, the line and the field. A few cases must *work* (a BOM,
CRLF line endings): editors on Windows and Mac write them.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import MINIMAL, run_cli, write_data


@dataclass(frozen=True)
class Case:
    name: str
    message: str  # a phrase the message must contain
    line: int | None = None  # the line it must name (None: no line, e.g. a folder)
    field: str = ""  # the field path it must name
    file: str = "numbers.yaml"
    edits: tuple[tuple[str, str, str], ...] = ()  # (file, old, new) applied in order
    write: dict[str, str | bytes] = dataclasses.field(default_factory=dict)  # whole files
    exit_code: int = 1


def edit(old: str, new: str, file: str = "numbers.yaml") -> tuple[tuple[str, str, str], ...]:
    return ((file, old, new),)


FIRST_SCOPE = "scope: {profession: nurse, sector: care, region: X}\n    source: src\n  - id: added"
BIG = "figures:\n" + "".join(f"  - {{id: f{i}, value: {i}}}\n" for i in range(80_000))
LAUGHS = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)

CASES = [
    # --- YAML that cannot be read -----------------------------------------------------------
    Case("tab indentation", "tabs", 5, edits=edit("    value: 100", "\tvalue: 100")),
    Case(
        "unclosed bracket",
        "YAML syntax error",
        9,
        edits=edit(FIRST_SCOPE, FIRST_SCOPE.replace("X}", "X")),
    ),
    Case(
        "bad indentation",
        "YAML syntax error",
        6,
        edits=edit("    unit: fte\n    year: 2020", "     unit: fte\n    year: 2020"),
    ),
    Case("empty file", "the file is empty", 1, write={"numbers.yaml": ""}),
    Case("only a comment", "the file is empty", 1, write={"numbers.yaml": "# nothing yet\n"}),
    Case(
        "not UTF-8",
        "not UTF-8",
        2,
        write={"extra.yaml": b"sources: []\n# \xf8st\n"},
        file="extra.yaml",
    ),
    Case(
        "duplicate key",
        "duplicate key 'value'",
        6,
        field="figures[0].value",
        edits=edit("    value: 100\n", "    value: 100\n    value: 200\n"),
    ),
    Case(
        "two documents in a file",
        "YAML syntax error",
        22,
        edits=edit("beyond: hold}", "beyond: hold}\n---\nmore: 1"),
    ),
    Case(
        "a list as a key",
        "a key must be a plain name",
        1,
        write={"extra.yaml": "? [a, b]\n: 1\n"},
        file="extra.yaml",
    ),
    Case(
        "a whole file that is a list",
        "expected a mapping of sections",
        1,
        write={"extra.yaml": "- 1\n- 2\n"},
        file="extra.yaml",
    ),
    Case(
        "object-constructing tag",
        "is not allowed",
        5,
        field="figures[0].value",
        edits=edit("value: 100", "value: !!python/object/apply:os.system ['true']"),
    ),
    Case(
        "custom tag",
        "is not allowed",
        5,
        field="figures[0].value",
        edits=edit("value: 100", "value: !money 100"),
    ),
    Case("alias bomb", "aliases", 2, write={"extra.yaml": LAUGHS}, file="extra.yaml"),
    Case(
        "merge key",
        "merge keys",
        4,
        field="figures[0]",
        edits=edit("  - id: base\n", "  - <<: {unit: fte}\n    id: base\n"),
    ),
    Case("very large file", "limited to", None, write={"extra.yaml": BIG}, file="extra.yaml"),
    # --- wrong shapes and types ---------------------------------------------------------------
    Case(
        "string where a number belongs",
        "expected a number, found '100'",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: '100'"),
    ),
    Case(
        "thousands separator",
        "expected a number, found '1,000'",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: 1,000"),
    ),
    Case(
        "boolean where a number belongs",
        "expected a number, found true",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: true"),
    ),
    Case(
        "year as text",
        "expected a whole number, found '2020'",
        7,
        "figures[0].year",
        edits=edit("    year: 2020\n    scope", "    year: '2020'\n    scope"),
    ),
    Case(
        "NaN",
        "expected a finite number",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: .nan"),
    ),
    Case(
        "infinity",
        "expected a finite number",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: .inf"),
    ),
    Case(
        "list where a mapping belongs",
        "expected a mapping",
        8,
        "figures[0].scope",
        edits=edit(
            FIRST_SCOPE,
            FIRST_SCOPE.replace("{profession: nurse, sector: care, region: X}", "[nurse, care, X]"),
        ),
    ),
    Case(
        "mapping where a list belongs",
        "expected a list",
        2,
        "sources",
        edits=edit("sources:\n  - {id: src,", "sources:\n  first: {id: src,"),
    ),
    Case(
        "missing field",
        "required field is missing",
        4,
        "figures[0].unit",
        edits=edit("    unit: fte\n    year: 2020", "    year: 2020"),
    ),
    Case(
        "misspelt key",
        "unknown field 'sorce' (did you mean 'source'?)",
        9,
        "figures[0].sorce",
        edits=edit("    source: src\n  - id: added", "    sorce: src\n  - id: added"),
    ),
    Case(
        "misspelt section",
        "unknown field 'scenarioes' (did you mean 'scenarios'?)",
        17,
        "scenarioes",
        edits=edit("scenarios:", "scenarioes:"),
    ),
    Case(
        "unknown unit",
        "expected one of 'fte'",
        6,
        "figures[0].unit",
        edits=edit("    unit: fte\n    year: 2020", "    unit: FTE\n    year: 2020"),
    ),
    Case(
        "unknown method",
        "unknown method 'anchor' (did you mean 'anchors'?)",
        21,
        "scenarios[0].supply.method",
        edits=edit("method: anchors", "method: anchor"),
    ),
    Case(
        "id with a space",
        "expected an id",
        4,
        "figures[0].id",
        edits=edit("- id: base\n", "- id: base fte\n"),
    ),
    # --- values that make no sense ------------------------------------------------------------
    Case(
        "negative FTEs",
        "cannot be negative",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: -100"),
    ),
    Case(
        "absurdly large value",
        "no larger than",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: 1.0e+15"),
    ),
    Case(
        "percentage out of range",
        "expected a percentage between",
        11,
        "figures[1].value",
        edits=edit("value: 50\n    unit: fte", "value: 5000\n    unit: percent"),
    ),
    Case(
        "years in the wrong order",
        "must come before the year",
        13,
        "figures[1].base_year",
        edits=edit("base_year: 2020", "base_year: 2030"),
    ),
    Case(
        "target year before base year",
        "must come after the base year",
        20,
        "scenarios[0].demand.target_year",
        edits=edit("shape: linear}", "shape: linear, target_year: 2010}"),
    ),
    Case(
        "low above high",
        "low (60) is above high (40)",
        11,
        "figures[1].low",
        edits=edit("    value: 50\n", "    low: 60\n    high: 40\n"),
    ),
    Case(
        "range missing an end",
        "a range needs both ends",
        10,
        "figures[1].high",
        edits=edit("    value: 50\n", "    low: 60\n"),
    ),
    Case(
        "horizon ending before it starts",
        "the horizon must end after it starts",
        5,
        "brief.horizon.end",
        file="brief.yaml",
        edits=edit("end: 2030", "end: 2010", "brief.yaml"),
    ),
    # --- references ---------------------------------------------------------------------------
    Case(
        "unknown source",
        "unknown source 'scr' (did you mean 'src'?)",
        9,
        "figures[0].source",
        edits=edit("    source: src\n  - id: added", "    source: scr\n  - id: added"),
    ),
    Case(
        "dangling figure reference",
        "unknown id 'aded' (did you mean 'added'?)",
        20,
        "scenarios[0].demand.added",
        edits=edit("added: added", "added: aded"),
    ),
    Case(
        "duplicate id",
        "duplicate id 'base'",
        10,
        "figures[1].id",
        edits=edit("- id: added", "- id: base"),
    ),
    Case(
        "derived values in a cycle",
        "cycle: a -> b -> a",
        23,
        "derived[0].of",
        edits=edit(
            "beyond: hold}",
            "beyond: hold}\nderived:\n  - {id: a, op: sum, of: [b]}\n  - {id: b, op: sum, of: [a]}",
        ),
    ),
    Case(
        "range named without an end",
        "is a range: write",
        21,
        "scenarios[0].demand.added",
        edits=edit("    value: 50\n", "    low: 40\n    high: 60\n"),
    ),
    Case(
        "unknown lead scenario",
        "unknown scenario 'mian' (did you mean 'main'?)",
        7,
        "brief.lead_scenarios[0]",
        file="brief.yaml",
        edits=edit("key_year: 2025", "key_year: 2025\n  lead_scenarios: [mian]", "brief.yaml"),
    ),
    Case(
        "unknown placeholder",
        "unknown id 'mainn'",
        12,
        "prose.summary",
        file="brief.yaml",
        edits=edit("{main.gap}.", "{mainn.gap}.", "brief.yaml"),
    ),
    Case(
        "scope code without a label",
        "no label for the region 'Y'",
        8,
        "figures[0].scope.region",
        edits=edit(
            "region: X}\n    source: src\n  - id: added",
            "region: Y}\n    source: src\n  - id: added",
        ),
    ),
    Case(
        "mixed scopes without a caveat",
        "Comparing them is refused unless",
        18,
        "scenarios[0].caveat",
        edits=edit(
            "sector: care, region: X}\n    source: src\nscenarios:",
            "sector: clinics, region: X}\n    source: src\nscenarios:",
        ),
    ),
    Case(
        "band used for supply",
        "a band describes demand only",
        21,
        "scenarios[0].supply.method",
        edits=edit(
            "supply: {method: anchors, points: [{value: base}], beyond: hold}",
            "supply: {method: band, base: base, low: added, high: added}",
        ),
    ),
    Case(
        "stock in FTEs without an FTE factor",
        "needs 'fte_per_person'",
        21,
        "scenarios[0].supply.fte_per_person",
        edits=edit(
            "supply: {method: anchors, points: [{value: base}], beyond: hold}",
            "supply: {method: stock_flow, stock: base, intake: {method: anchors, "
            "points: [{value: base}]}, study_years: base, completion: base, "
            "entry_share: base, exit_rate: base}",
        ),
    ),
    Case(
        "text lacking a language",
        "lacks nb",
        19,
        "scenarios[0].title",
        edits=(
            ("brief.yaml", "languages: [en]", "languages: [en, nb]"),
            ("numbers.yaml", "title: Main", "title: {en: Main}"),
        ),
    ),
    # --- what YAML 1.1 would read silently, and what a brief cannot show ----------------------
    Case(
        "nested hundreds of levels deep",
        "nested more than",
        19,
        "scenarios[0].title",
        edits=edit("title: Main", "title: " + "[" * 600 + "]" * 600),
    ),
    Case(
        "deep nesting in a file the Python parser reads",
        "nested more than",
        19,
        edits=edit("title: Main", "title: " + "[" * 600 + "]" * 600 + "  # *"),
    ),
    Case(
        "a date that does not exist",
        "not a real date",
        7,
        "brief.date",
        file="brief.yaml",
        edits=edit("key_year: 2025", "key_year: 2025\n  date: 2024-02-30", "brief.yaml"),
    ),
    Case(
        "a number of 5,000 digits",
        "5,000 digits",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: " + "9" * 5000),
    ),
    Case(
        "a number in base 60",
        "base 60",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: 33:55"),
    ),
    Case(
        "a hexadecimal number",
        "hexadecimal",
        5,
        "figures[0].value",
        edits=edit("value: 100", "value: 0x64"),
    ),
    Case(
        "an octal number", "octal", 5, "figures[0].value", edits=edit("value: 100", "value: 0144")
    ),
    Case(
        "a lone surrogate escape",
        "U+D800",
        19,
        "scenarios[0].title",
        edits=edit("title: Main", 'title: "Main \\uD800"'),
    ),
    Case(
        "a NUL escape in a text",
        "U+0000",
        19,
        "scenarios[0].title",
        edits=edit("title: Main", 'title: "Ma\\0in"'),
    ),
    Case(
        "a right-to-left override in a text",
        "U+202E",
        19,
        "scenarios[0].title",
        edits=edit("title: Main", "title: Ma\u202ein"),
    ),
    Case(
        "a zero-width space in an id",
        "U+200B",
        4,
        "figures[0].id",
        edits=edit("- id: base\n", "- id: ba\u200bse\n"),
    ),
    Case(
        "a bidi override in a URL",
        "U+202E",
        2,
        "sources[0].url",
        edits=edit(
            "publisher: Stats office",
            'publisher: Stats office, url: "https://example.org/\u202egpj.exe"',
        ),
    ),
    Case(
        "a zero-width joiner in a key",
        "U+200D",
        6,
        "figures[0]",
        edits=edit("    unit: fte\n    year: 2020", "    unit\u200d: fte\n    year: 2020"),
    ),
    Case(
        "claim that no longer holds",
        "claim 'c' no longer holds",
        23,
        "claims[0]",
        edits=edit(
            "beyond: hold}",
            "beyond: hold}\nclaims:\n  - {id: c, statement: s, "
            "actual: added, expected: base, tolerance: 1}",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_gets_a_clear_message(tmp_path: Path, case: Case):
    folder = write_data(tmp_path / "data", MINIMAL)
    for file, old, new in case.edits:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for file, content in case.write.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / file).write_bytes(data)
    result = run_cli("validate", "--data", str(folder))
    output = result.output
    assert result.exit_code == case.exit_code, output
    assert "Traceback" not in output
    assert case.message in output, output
    where = re.escape(str(folder / case.file))
    if case.line is not None:
        where += f":{case.line}:\\d+:"
    if case.field:
        where += f".* {re.escape(case.field)}:"
    assert re.search(where, output), f"expected {where!r} in:\n{output}"


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("UTF-8 byte order mark", lambda b: b"\xef\xbb\xbf" + b),
        ("CRLF line endings", lambda b: b.replace(b"\n", b"\r\n")),
        ("old Mac CR line endings", lambda b: b.replace(b"\n", b"\r")),
    ],
)
def test_editor_quirks_are_read(tmp_path: Path, name, transform):
    folder = write_data(tmp_path / "data", MINIMAL)
    for path in folder.iterdir():
        path.write_bytes(transform(path.read_bytes()))
    result = run_cli("validate", "--data", str(folder))
    assert result.exit_code == 0, result.output


def test_missing_data_folder(tmp_path: Path):
    result = run_cli("validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "the data folder does not exist" in result.output
    assert str(tmp_path / "nowhere") in result.output


def test_data_path_that_is_a_file(tmp_path: Path):
    (tmp_path / "data.yaml").write_text("brief: {}\n")
    result = run_cli("validate", "--data", str(tmp_path / "data.yaml"))
    assert result.exit_code == 1 and "expected a data folder, found a file" in result.output


def test_unreadable_file_is_reported_not_skipped(tmp_path: Path):
    folder = write_data(tmp_path / "data", MINIMAL)
    (folder / "extra.yaml").symlink_to(tmp_path / "gone.yaml")  # dangling: cannot be opened
    result = run_cli("validate", "--data", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'extra.yaml'}: cannot read the file" in result.output


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
