"""Read one YAML data file safely, remembering where every value stands.

PyYAML's loaders forget positions once they build Python objects, and they silently accept
duplicate keys. So this module composes the node tree (which keeps each node's line and column),
then turns it into plain dicts, lists and scalars itself, recording the position of every value
and key by its path. Along the way it refuses what an analyst's data has no use for and what
could harm the machine: object-constructing tags, anchors and aliases (the "billion laughs"),
non-UTF-8 text, and files past a size limit. YAML 1.1's yes/no/on/off stay strings, so a region
code such as ``NO`` is not read as ``False``.

It also refuses what would reach the brief as something other than what the file shows:
YAML 1.1 numbers that change meaning silently (``33:55`` is 2035 in base 60, ``0x64`` and
``0144`` are 100), dates that do not exist, numbers too long to read, values nested deeper
than any data needs, and invisible or control characters (NUL, right-to-left overrides,
zero-width spaces, lone surrogates) that make a text, an id or a web address read differently
from what it holds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gapreport.errors import DataProblem, Location

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 32  # the shipped data nests 7 levels deep

# Characters that do not show, or show as something else: C0 and C1 controls (but tab and
# newline), bidirectional embeddings, overrides and isolates, zero-width and other invisible
# format characters, and lone surrogates (which no file can hold as text).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)
_PLAIN_NUMBER = re.compile(
    r"^[-+]?(?:\.(?:inf|Inf|INF|nan|NaN|NAN)|"
    r"(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|"
    r"\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$"
)

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_TRUE_FALSE = {"true", "false"}


@dataclass
class YamlDocument:
    """A data file's content as plain Python values, with the position of each value and key."""

    file: str
    data: Any
    raw: bytes = b""
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The location of a value (or its key) by path, else of its nearest recorded parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe not in table and probe:
            probe = probe[:-1]
        line, column = table.get(probe) or self.positions.get(probe, (1, 1))
        return Location(self.file, line, column)


class YamlProblem(Exception):
    """A file that cannot be read as data at all; carries one located problem."""

    def __init__(self, problem: DataProblem):
        self.problem = problem
        super().__init__(str(problem))


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Read and convert one file, or raise YamlProblem saying why it cannot be used."""
    raw = _read_bytes(path, display)
    text = _decode(raw, display)
    try:
        root = _compose(text)
    except _AliasRefused as refused:
        mark = refused.mark
        raise YamlProblem(
            DataProblem(
                Location(display, mark.line + 1, mark.column + 1),
                "",
                "YAML aliases (*name) are not allowed in data files; write the value out",
            )
        ) from None
    except _TooDeep as deep:
        mark = deep.mark
        raise YamlProblem(
            DataProblem(Location(display, mark.line + 1, mark.column + 1), "", _too_deep())
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_problem(exc, display)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(DataProblem(Location(display), "", f"YAML syntax error: {exc}")) from None
    doc = YamlDocument(display, None, raw)
    if root is None:
        return doc
    # a hidden character is either in the text itself or made by an escape ("\u202e")
    hidden = "\\" in text or _HIDDEN.search(text) is not None
    doc.data = _Converter(doc, check_hidden=hidden).convert(root, ())
    return doc


class _AliasRefused(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _TooDeep(Exception):
    """Values nested past :data:`MAX_DEPTH` (PyYAML's composer would recurse until Python's
    stack gives out)."""

    def __init__(self, mark: yaml.Mark):
        self.mark = mark


def _too_deep() -> str:
    return (
        f"values are nested more than {MAX_DEPTH} levels deep; data files need only a "
        "few (is a bracket left open?)"
    )


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer, stopping at the first alias: data files never need one, and
    refusing it at once keeps a "billion laughs" file from costing any time or memory. It
    stops as well at values nested past :data:`MAX_DEPTH`.

    It also reads ``1e5`` and ``2.5E-3`` as numbers, as YAML 1.2 does (YAML 1.1 wants a dot).
    """

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:  # (the document's root counts once)
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+0123456789"))

_FastLoader: type[yaml.CSafeLoader] | None = None
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser: ten times faster, used when the text cannot hold an alias."""

    _CLoader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+0123456789"))
    _FastLoader = _CLoader


def _compose(text: str) -> yaml.Node | None:
    """The node tree, by libyaml where it is safe; errors always come from the Python parser,
    so their wording and positions are the same whichever parser ran."""
    if _FastLoader is not None and "*" not in text:
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except (yaml.YAMLError, RecursionError):  # (libyaml's composer recurses too)
            pass
    return yaml.compose(text, Loader=_Loader)


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlProblem(
                DataProblem(
                    Location(display),
                    "",
                    f"file is {size:,} bytes; data files are limited to {MAX_BYTES:,} bytes "
                    "(split it, or check that it is the right file)",
                )
            )
        return path.read_bytes()
    except OSError as exc:
        raise YamlProblem(
            DataProblem(Location(display), "", f"cannot read the file: {exc.strerror or exc}")
        ) from None


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            DataProblem(
                Location(display, line, column),
                "",
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                "save it as UTF-8 in your editor",
            )
        ) from None


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> DataProblem:
    mark = exc.problem_mark or exc.context_mark
    location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    if "\t" in str(exc) or "'\\t'" in str(exc):
        what += " (YAML does not allow tabs for indentation: use spaces)"
    return DataProblem(location, "", f"YAML syntax error: {what}")


class _Converter:
    """Turns a composed node tree into plain values, recording positions and refusing the unsafe."""

    def __init__(self, doc: YamlDocument, check_hidden: bool = True):
        self.doc = doc
        self.count = 0
        self.check_hidden = check_hidden
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self._admit(node, path)
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path)
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _admit(self, node: yaml.Node, path: Path_) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self._fail(
                node,
                path,
                f"the file holds more than {MAX_NODES:,} values; "
                "that is past the limit for a data file",
            )
        if len(path) > MAX_DEPTH:
            named = max(i for i, part in enumerate((None, *path)) if isinstance(part, str))
            self._fail(node, path[:named], _too_deep())

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            self._refuse_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, path, "YAML merge keys (<<) are not allowed in data files")
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, path, "a key must be a plain name, not a list or mapping")
            key = key_node.value
            self._refuse_hidden(key_node, path, key, is_key=True)
            if key in result:
                self._fail(
                    key_node,
                    (*path, key),
                    f"duplicate key '{key}': it is already given at line "
                    f"{self.doc.key_positions[(*path, key)][0]}",
                )
            self.doc.key_positions[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _sequence(self, node: yaml.SequenceNode, path: Path_) -> list[Any]:
        if node.tag != _SEQ_TAG:
            self._refuse_tag(node, path)
        return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == _STR_TAG:  # most scalars: the text is the value
            self._refuse_hidden(node, path, node.value)
            return node.value
        if node.tag not in _PLAIN_TAGS:
            self._refuse_tag(node, path)
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in _TRUE_FALSE:
            return node.value
        if node.tag in (_INT_TAG, _FLOAT_TAG) and not _PLAIN_NUMBER.match(node.value):
            self._fail(node, path, _number_form(node.value))
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # a date that does not exist, an integer too long to read
            self._fail(node, path, _unreadable(node, exc))

    def _refuse_hidden(self, node: yaml.Node, path: Path_, text: str, is_key: bool = False) -> None:
        found = _HIDDEN.search(text) if self.check_hidden else None
        if found:
            where = f"the key {_shown(text)}" if is_key else "the text"
            self._fail(
                node,
                path,
                f"{where} contains {_character(found.group())}, which "
                "does not show as itself; delete it (or retype the text)",
            )

    def _refuse_tag(self, node: yaml.Node, path: Path_) -> None:
        self._fail(
            node,
            path,
            f"the YAML tag '{node.tag}' is not allowed; data files hold "
            "plain text, numbers, lists and mappings only",
        )

    def _fail(self, node: yaml.Node, path: Path_, message: str) -> None:
        mark = node.start_mark
        location = Location(self.doc.file, mark.line + 1, mark.column + 1)
        raise YamlProblem(DataProblem(location, format_path(path), message))


def _character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if name:
        return f"{code} ({name})"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code} (half of a surrogate pair, not a character)"
    return f"{code} (a control character)"


def _shown(text: str) -> str:
    """Text with its hidden characters spelt out, to quote in a message."""
    return "'" + _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "'"


def _number_form(text: str) -> str:
    """Why a number YAML 1.1 reads in another form is refused, and what it would become."""
    if ":" in text:
        form = "a number in base 60 (YAML 1.1 reads 33:55 as 2035)"
    elif text.lstrip("+-").lower().startswith("0x"):
        form = "a hexadecimal number"
    elif text.lstrip("+-").lower().startswith("0b"):
        form = "a binary number"
    elif text.lstrip("+-").startswith("0"):
        form = "an octal number (a leading 0 makes 0144 read as 100)"
    else:
        form = "not a plain decimal number"
    return (
        f"'{text}' is {form}; write the number in plain decimal digits, or put it in "
        "quotes if it is text"
    )


def _unreadable(node: yaml.ScalarNode, exc: ValueError) -> str:
    if node.tag == "tag:yaml.org,2002:timestamp":
        return f"'{node.value}' is not a real date ({exc}); write it as YYYY-MM-DD"
    digits = sum(char.isdigit() for char in node.value)
    return f"a number of {digits:,} digits cannot be read; expected a number of sensible size"


def format_path(path: Path_) -> str:
    """A field path as analysts read it: ``figures[3].scope.region``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
