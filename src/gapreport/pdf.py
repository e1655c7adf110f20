"""The brief as an A4 PDF, rendered by WeasyPrint from the same HTML readers open.

WeasyPrint is imported only here, and only when a PDF must really be made, so HTML-only builds
and builds whose PDFs are in the cache (the same HTML made them before) stay fast. The PDF is
tagged (PDF/UA-1) so screen readers get headings, tables and the charts' text alternatives;
title, author and language come from the HTML's own metadata. Its warnings are collected and
shown, never swallowed (and kept with a cached PDF, so they are shown again when it is reused).

The PDF step fetches nothing: the brief is self-contained, so WeasyPrint is given a fetcher
that refuses every address but inline ``data:`` ones. An image, stylesheet or attachment that
names a web address or a local file (which only a tampered chart could) is left out with a
warning, never fetched or embedded.
"""

from __future__ import annotations

import json
import logging

from .cache import Cache, cache_key
from .errors import OutputError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def html_to_pdf(html: str) -> tuple[bytes, list[str]]:
    """The PDF bytes and any warnings WeasyPrint raised while laying the page out.

    The HTML needs no files (styles and charts are inline), so there is no base URL: links
    into the site ("data/projection.csv") stay relative, and work from the PDF's place beside
    the page, wherever the site is published, instead of naming the builder's own disk.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise OutputError(f"cannot make the PDF: WeasyPrint is not usable here ({exc}); "
                          "build with --no-pdf, or install WeasyPrint and Pango") from None
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    from weasyprint.urls import URLFetcher

    try:
        document = weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    finally:
        logger.removeHandler(handler)
    return pdf, handler.messages


def pdf_in_cache(html: str, cache: Cache) -> bool:
    return cache.has(_key(html))


def _key(html: str) -> str:
    return cache_key("pdf", "weasyprint", html.encode("utf-8"))


def cached_pdf(html: str, cache: Cache) -> tuple[bytes, list[str]]:
    """The PDF of ``html`` from the cache if this HTML was printed before, else made now.

    The brief's HTML carries its styles and charts inline, so the HTML is all a PDF depends on
    (with WeasyPrint's version and gapreport's code).
    """
    return cache.remember(_key(html), lambda: html_to_pdf(html), _to_bytes, _from_bytes)


def _to_bytes(made: tuple[bytes, list[str]]) -> bytes:
    """The warnings as a line of JSON, then the PDF."""
    pdf, warnings = made
    return json.dumps(warnings).encode() + b"\n" + pdf


def _from_bytes(stored: bytes) -> tuple[bytes, list[str]] | None:
    head, _, pdf = stored.partition(b"\n")
    try:
        warnings = json.loads(head)
    except ValueError:
        return None
    return (pdf, warnings) if isinstance(warnings, list) and pdf.startswith(b"%PDF-") else None
