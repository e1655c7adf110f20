"""The brief's interface text in one language, read from ``templates/strings/<lang>.yaml``.

Headings, unit names and the generic sentences around numbers live in one file per language,
so a translator edits words, never templates or code. A sentence names what it quotes in
braces (``"gap {gap}"``); :meth:`Strings.fill` puts plain text in, :meth:`Strings.markup` puts
already-safe HTML in and escapes everything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from gapreport.errors import TemplateFault
from gapreport.language.texts import PLACEHOLDER
from gapreport.load.yamlfile import YamlProblem, read_yaml


class Strings:
    """Lookup of interface text by key path, for one language."""

    def __init__(self, lang: str, table: dict[str, Any], file: str):
        self.lang = lang
        self.table = table
        self.file = file

    @property
    def locale(self) -> str:
        return str(self.table["locale"])

    def get(self, *keys: str) -> Any:
        node: Any = self.table
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise TemplateFault(
                    f"{self.file}: {'.'.join(keys)}: this interface text is missing"
                )
            node = node[key]
        return node

    def fill(self, *keys: str, **values: str) -> str:
        """The text at ``keys`` with its ``{names}`` replaced by plain strings."""
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], str(self.get(*keys)))

    def markup(self, *keys: str, **values: Markup | str) -> Markup:
        """Like :meth:`fill`, but HTML-safe: the text is escaped, the values are inserted."""
        template = str(escape(self.get(*keys)))
        return Markup(PLACEHOLDER.sub(lambda m: str(escape(values[m.group(1)])), template))


_READ: dict[str, tuple[bytes, Strings]] = {}  # each file's text as last read, and its bytes


def load_strings(folder: Path, lang: str) -> Strings:
    """Read one language's interface text; a missing or broken file is a clear error.

    A file read before is parsed again only if its bytes changed: the watcher rebuilds many
    times a minute, and parsing the two languages' files took ~60 ms of every rebuild."""
    path = folder / "strings" / f"{lang}.yaml"
    shown = str(path)
    if not path.is_file():
        raise TemplateFault(
            f"{shown}: no interface text for the language '{lang}'; add "
            f"{path.name} beside the others"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateFault(f"{shown}: cannot read the interface text: {error}") from None
    known = _READ.get(shown)
    if known is not None and known[0] == raw:
        return known[1]
    strings = _parse(path, shown, lang)
    _READ[shown] = (raw, strings)
    return strings


def _parse(path: Path, shown: str, lang: str) -> Strings:
    try:
        document = read_yaml(path, shown)
    except YamlProblem as problem:
        raise TemplateFault(str(problem.problem)) from None
    if not isinstance(document.data, dict) or "locale" not in document.data:
        raise TemplateFault(f"{shown}:1:1: expected a mapping with a 'locale' (such as nb_NO)")
    return Strings(lang, document.data, shown)
