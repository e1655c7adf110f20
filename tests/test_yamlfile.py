"""Reading YAML safely: positions kept, and what data files have no use for refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapreport.load import yamlfile as yamlfile
from gapreport.load.yamlfile import YamlProblem, read_yaml


def read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "f.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_yaml(path, "f.yaml")


def problem(tmp_path: Path, text: str | bytes):
    with pytest.raises(YamlProblem) as caught:
        read(tmp_path, text)
    return caught.value.problem


def test_positions_are_recorded_for_values_and_keys(tmp_path):
    doc = read(tmp_path, "figures:\n  - id: a\n    value: 3\n")
    assert doc.data == {"figures": [{"id": "a", "value": 3}]}
    assert doc.locate(("figures", 0, "value")).line == 3
    assert doc.locate(("figures", 0, "value")).column == 12
    assert doc.locate(("figures", 0, "value"), key=True).column == 5


def test_locating_a_missing_field_falls_back_to_its_parent(tmp_path):
    doc = read(tmp_path, "figures:\n  - id: a\n")
    assert doc.locate(("figures", 0, "unit")).line == 2


def test_norway_stays_a_string_but_true_stays_boolean(tmp_path):
    doc = read(tmp_path, "region: NO\nother: yes\nflag: true\n")
    assert doc.data == {"region": "NO", "other": "yes", "flag": True}


def test_duplicate_key_is_refused_with_both_lines(tmp_path):
    found = problem(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert found.location.line == 3
    assert "duplicate key 'a'" in found.message and "line 1" in found.message


def test_object_constructing_tag_is_refused(tmp_path):
    found = problem(tmp_path, "x: !!python/object/apply:os.system ['echo hi']\n")
    assert "tag" in found.message and "not allowed" in found.message
    assert found.location.line == 1


def test_alias_is_refused(tmp_path):
    found = problem(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert "aliases" in found.message
    assert (found.location.line, found.location.column) == (2, 4)


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    found = problem(tmp_path, "\n".join(lines) + "\n")
    assert "aliases" in found.message


def test_utf8_bom_and_crlf_are_read(tmp_path):
    doc = read(tmp_path, b"\xef\xbb\xbfname: \xc3\xb8st\r\nother: 2\r\n")
    assert doc.data == {"name": "øst", "other": 2}
    assert doc.locate(("other",)).line == 2


def test_non_utf8_is_refused_with_its_line(tmp_path):
    found = problem(tmp_path, b"a: 1\nname: \xf8st\n")
    assert found.location.line == 2
    assert "not UTF-8" in found.message


def test_tab_indentation_gets_a_hint(tmp_path):
    found = problem(tmp_path, "a:\n\tb: 1\n")
    assert found.location.line == 2
    assert "tabs" in found.message


def test_unclosed_bracket_is_a_syntax_error_with_position(tmp_path):
    found = problem(tmp_path, "a: [1, 2\nb: 3\n")
    assert found.message.startswith("YAML syntax error")
    assert found.location.line is not None


def test_empty_file_reads_as_nothing(tmp_path):
    assert read(tmp_path, "").data is None


def test_oversized_file_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 100)
    found = problem(tmp_path, "a: " + "x" * 200 + "\n")
    assert "limited to 100 bytes" in found.message


def test_format_path_reads_like_the_yaml():
    assert yamlfile.format_path(("figures", 3, "scope", "region")) == "figures[3].scope.region"


def test_exponent_numbers_are_numbers_as_in_yaml_1_2(tmp_path):
    doc = read(tmp_path, "a: 1e5\nb: 2.5E-3\nc: 5e-324\nd: 1e\n")
    assert doc.data == {"a": 100000.0, "b": 0.0025, "c": 5e-324, "d": "1e"}
