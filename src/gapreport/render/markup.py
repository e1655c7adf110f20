"""How the page model's pieces are written: HTML for the browser, Typst for the PDF.

The page model (:class:`gapreport.render.page.Page`) decides what the brief says: which number, with
which sources, in which sentence. A writer decides how a number, a citation or a link is
written in one format, and escapes every text from the data for it, as Jinja's autoescape
does for HTML. Both formats then share one page model and one set of sentences, so the PDF
says exactly what the page says.

Citations stand a space apart from what they cite, in brackets ("1 700 [1, 3]"), so a number
copied from the page or the PDF reads as the number it is.

In Typst, text from the data is written as a string literal (``#"...";``): inside one, no
character has a meaning in Typst's markup, so nothing in the data can become markup or code;
only the backslash and the quote need escaping.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from gapreport.language.texts import PLACEHOLDER


class Writer:
    """The pieces of one format (see :class:`Html`, :class:`Typst`)."""

    def escape(self, text: object) -> str:
        raise NotImplementedError

    def safe(self, code: str) -> str:
        """Code of this format, already safe (not escaped again)."""
        raise NotImplementedError

    def number(self, shown: str, name: str, kind: str) -> str:
        """A key figure as shown; ``kind`` (published, computed, assumption ...) styles it."""
        raise NotImplementedError

    def source_link(self, source_id: str, number: int, title: str) -> str:
        raise NotImplementedError

    def assumption_link(self, assumption_id: str, mark: str, title: str) -> str:
        raise NotImplementedError

    def scenario_link(self, scenario_id: str, mark: str, title: str) -> str:
        raise NotImplementedError

    def citation(self, links: list[str]) -> str:
        """Links to sources and assumptions after what they back: " [1, 3, F2]"."""
        raise NotImplementedError

    def join(self, separator: str, items: Iterable[object]) -> str:
        return self.safe(self.escape(separator).join(self.escape(item) for item in items))

    def fill(self, text: str, values: dict[str, object]) -> str:
        """An interface sentence with ``{names}`` replaced: the sentence is escaped, the
        values are escaped unless they are safe already."""
        parts, last = [], 0
        for match in PLACEHOLDER.finditer(text):
            parts += [self.escape(text[last : match.start()]), self.escape(values[match.group(1)])]
            last = match.end()
        parts.append(self.escape(text[last:]))
        return self.safe("".join(parts))


class Html(Writer):
    """HTML, escaped by markupsafe; what it makes is :class:`markupsafe.Markup`."""

    def escape(self, text: object) -> Markup:
        return escape("" if text is None else text)

    def safe(self, code: str) -> Markup:
        return Markup(code)

    def number(self, shown: str, name: str, kind: str) -> Markup:
        return Markup(
            f'<span class="fig fig-{escape(kind)}" data-figure="{escape(name)}">'
            f"{escape(shown)}</span>"
        )

    def source_link(self, source_id: str, number: int, title: str) -> Markup:
        return Markup(f'<a href="#src-{escape(source_id)}" title="{escape(title)}">{number}</a>')

    def assumption_link(self, assumption_id: str, mark: str, title: str) -> Markup:
        return _reference("assumption-ref", f"asm-{assumption_id}", mark, title)

    def scenario_link(self, scenario_id: str, mark: str, title: str) -> Markup:
        return _reference("scenario-ref", f"scenario-{scenario_id}", mark, title)

    def citation(self, links: list[str]) -> Markup:
        if not links:
            return Markup("")
        return Markup(' <sup class="cite">[') + Markup(", ").join(links) + Markup("]</sup>")


def _reference(kind: str, anchor: str, mark: str, title: str) -> Markup:
    """A link of ``kind`` to ``#anchor`` on the page, shown as ``mark``."""
    return Markup(
        f'<a class="{kind}" href="#{escape(anchor)}" title="{escape(title)}">{escape(mark)}</a>'
    )


class TypstCode(str):
    """Typst source that is safe as it is: written by gapreport, or escaped already."""


class Typst(Writer):
    """Typst markup; text from the data goes in as string literals."""

    def escape(self, text: object) -> TypstCode:
        if isinstance(text, TypstCode):
            return text
        text = "" if text is None else str(text)
        return TypstCode(f"#{string(text)};" if text else "")

    def safe(self, code: str) -> TypstCode:
        return TypstCode(code)

    def number(self, shown: str, name: str, kind: str) -> TypstCode:
        return TypstCode(f"#fig({string(shown)}, kind: {string(kind)})")

    def source_link(self, source_id: str, number: int, title: str) -> TypstCode:
        return TypstCode(f"#link(<src-{source_id}>)[{number}]")

    def assumption_link(self, assumption_id: str, mark: str, title: str) -> TypstCode:
        return TypstCode(f"#link(<asm-{assumption_id}>)[{self.escape(mark)}]")

    def scenario_link(self, scenario_id: str, mark: str, title: str) -> TypstCode:
        return TypstCode(f"#link(<scn-{scenario_id}>)[{self.escape(mark)}]")

    def citation(self, links: list[str]) -> TypstCode:
        if not links:
            return TypstCode("")
        return TypstCode(" #cite-marks[[" + ", ".join(links) + "]]")


def string(text: str) -> str:
    """A Typst string literal holding ``text`` exactly."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'
