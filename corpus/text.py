"""Turn raw document bytes into clean text: PDF with pypdf, HTML with trafilatura, text as UTF-8.

One entry point, :func:`extract_text`, used alike by ``ingest``, the scrapers and ``extract-file``,
so a figure's offsets mean the same thing whichever way a document arrived.
"""
import collections
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .normalise import normalise_text

log = logging.getLogger(__name__)

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}


class DocumentError(Exception):
    """A document that cannot be turned into text; the message says why, for the person running it."""


@dataclass
class ExtractedText:
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD when the document itself says


def media_type_for(path) -> str | None:
    return MEDIA_TYPES.get(Path(str(path)).suffix.lower())


def looks_binary(data: bytes) -> bool:
    """True for bytes no text or HTML file would hold (NULs, or mostly control characters)."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def extract_text(data: bytes, media_type: str) -> ExtractedText:
    if not data or not data.strip():
        raise DocumentError("empty file")
    handler = {"application/pdf": pdf_text, "text/html": html_text, "text/plain": plain_text}.get(media_type)
    if handler is None:
        raise DocumentError(f"unsupported media type {media_type!r}")
    result = handler(data)
    result.text = normalise_text(result.text)
    if not result.text.strip():
        raise DocumentError("no text could be extracted")
    return result


def plain_text(data: bytes) -> ExtractedText:
    if looks_binary(data):
        raise DocumentError("binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"undecodable bytes (not UTF-8) at byte {exc.start}") from None
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return ExtractedText(text=text, title=first_line)


# ---------------------------------------------------------------- PDF
def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError("not a PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        return [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError(f"broken PDF: {exc.__class__.__name__}: {exc}") from None


def running_lines(pages: list[str], edge: int = 4) -> set[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    seen = collections.Counter()
    for page in pages:
        lines = [strip_page_number(line) for line in page.splitlines() if line.strip()]
        seen.update(set(lines[:edge] + lines[-edge:]))
    return {line for line, n in seen.items() if n >= max(3, len(pages) // 2) and line}


PAGE_NUMBER_RE = re.compile(r"\s+\d{1,3}\s*$")


def strip_page_number(line: str) -> str:
    return PAGE_NUMBER_RE.sub("", line.strip())


def pdf_text(data: bytes) -> ExtractedText:
    pages = pdf_pages(data)
    furniture = running_lines(pages)
    kept = []
    for page in pages:
        lines = [line for line in page.splitlines() if strip_page_number(line) not in furniture]
        kept.append("\n".join(lines))
    text = "\n".join(kept)
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return ExtractedText(text=text, title=title)


# ---------------------------------------------------------------- HTML
def html_text(data: bytes) -> ExtractedText:
    import trafilatura
    from bs4 import BeautifulSoup

    if looks_binary(data):
        raise DocumentError("binary content, not HTML")
    soup = BeautifulSoup(data, "html.parser")
    if soup.find() is None:
        raise DocumentError("malformed HTML: no elements found")
    html = str(soup)
    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True)
    body = (doc.text if doc else None) or soup.get_text("\n")
    title = (doc.title if doc else None) or (soup.title.get_text(strip=True) if soup.title else None)
    published = (doc.date if doc else None) or None
    if title and not body.lstrip().startswith(title):
        body = f"{title}\n\n{body}"
    return ExtractedText(text=body, title=title, published=published)
