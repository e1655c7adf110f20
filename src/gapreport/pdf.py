"""The brief as an A4 PDF, rendered by WeasyPrint from the same HTML readers open.

WeasyPrint is imported only here, and only when a PDF is asked for, so HTML-only builds stay
fast. The PDF is tagged (PDF/UA-1) so screen readers get headings, tables and the charts' text
alternatives; title, author and language come from the HTML's own metadata. Its warnings are
collected and shown, never swallowed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import OutputError


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def html_to_pdf(html: str, base_url: Path) -> tuple[bytes, list[str]]:
    """The PDF bytes and any warnings WeasyPrint raised while laying the page out."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries are missing
        raise OutputError(f"cannot make the PDF: WeasyPrint is not usable here ({exc}); "
                          "build with --no-pdf, or install WeasyPrint and Pango") from None
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(string=html, base_url=str(base_url))
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    finally:
        logger.removeHandler(handler)
    return pdf, handler.messages
