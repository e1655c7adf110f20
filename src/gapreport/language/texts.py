"""Prose from the data: pick a language, and find the numbers it quotes by name.

A text in the data may quote a number by its name in braces, ``{shortfall_2035}``,
so that sentences written by analysts never carry a typed number that can go stale; the
brief fills each placeholder with the locale-formatted value and a link to its source.
``{@source_id}`` cites a source for a sentence that quotes no number. Braces that do not hold a
plain name (``{{ }}``, ``{ x }``) are left as they are.
"""

from __future__ import annotations

import re

from gapreport.load.schema import Text

PLACEHOLDER = re.compile(r"\{(@?[A-Za-z][A-Za-z0-9_-]*(?:\.[a-z_]+)?)\}")
"""``{name}`` quotes a number; ``{@source}`` cites a source for a statement without one."""


def placeholders(text: Text | None) -> list[str]:
    """Every name quoted in braces, in any language of the text."""
    if text is None:
        return []
    variants = text.values() if isinstance(text, dict) else [text]
    return [name for variant in variants for name in PLACEHOLDER.findall(variant)]


def localize(text: Text | None, language: str) -> str:
    """The text in ``language``; a plain string serves every language."""
    if text is None:
        return ""
    return text if isinstance(text, str) else text[language]
