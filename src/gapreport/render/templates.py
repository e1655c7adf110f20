"""The brief rendered with Jinja from the templates folder: HTML for the browser, Typst
source for the PDF.

Undefined names are errors, so text from the data is always shown as text and a typo in a
template fails the build, naming the template's file and line. HTML is escaped by Jinja's
autoescape; Typst through the environment's ``finalize``, which passes every value printed
through the Typst writer.
"""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from gapreport.errors import TemplateFault
from gapreport.render.markup import Typst, TypstCode, string
from gapreport.render.pdf_page import PdfPage
from gapreport.render.sections import BriefPage


def render_brief(page: BriefPage, templates: Path) -> str:
    """The brief for one language as one self-contained HTML document.

    The templates are compiled once per process and kept in memory only: Jinja's on-disk
    bytecode cache would run whatever code a planted file holds.
    """
    environment = _environment(templates.resolve())
    try:
        css = {
            name: Markup((templates / "css" / f"{name}.css").read_text(encoding="utf-8"))
            for name in ("base", "narrow", "wide", "print", *(["whatif"] if page.whatif else []))
        }
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateFault(f"{templates / 'css'}: cannot read the stylesheets: {error}") from None
    try:
        return environment.get_template("brief.html").render(
            page=page, t=page.t, css=css, brief=page.dataset.brief
        )
    except TemplateError as error:
        raise TemplateFault(f"{_where_in_templates(error, templates)}: {error}") from None


def render_typst(page: PdfPage, templates: Path) -> str:
    """The brief for one language as Typst source, from the templates in ``templates/pdf``."""
    environment = _typst_environment(templates.resolve())
    try:
        return environment.get_template("brief.typ").render(
            page=page, t=page.t, brief=page.dataset.brief
        )
    except TemplateError as error:
        raise TemplateFault(f"{_where_in_templates(error, templates)}: {error}") from None


@functools.lru_cache(maxsize=4)
def _typst_environment(templates: Path) -> Environment:
    """Jinja for Typst: no HTML escaping, but every value printed passes the Typst writer's
    escape (``finalize``), so text from the data is a string literal there, never markup;
    ``| str`` writes a value as a Typst string literal, for arguments in code."""
    writer = Typst()
    environment = Environment(
        loader=FileSystemLoader(templates / "pdf"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=writer.escape,
    )
    environment.filters["str"] = lambda value: TypstCode(
        string("" if value is None else str(value))
    )
    return environment


@functools.lru_cache(maxsize=4)
def _environment(templates: Path) -> Environment:
    """One Jinja environment per template folder in a process (it notices edited templates)."""
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _where_in_templates(error: TemplateError, templates: Path) -> str:
    """file:line of a template error: from a syntax error itself, else the deepest template
    frame of the traceback (Jinja maps those frames back to template lines)."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    frame = error.__traceback__
    while frame is not None:
        code = frame.tb_frame.f_code.co_filename
        if code.endswith((".html", ".typ")) and Path(code).resolve().is_relative_to(
            templates.resolve()
        ):
            filename, line = code, frame.tb_lineno
        frame = frame.tb_next
    return f"{filename or templates}:{line}" if line else str(filename or templates)
