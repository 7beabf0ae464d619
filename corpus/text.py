"""Turn raw document bytes into clean text: PDF with pypdfium2 (PDFium), HTML with trafilatura, text as UTF-8.

One entry point, :func:`extract_text`, used alike by ``ingest``, the scrapers and ``extract-file``,
so a figure's offsets mean the same thing whichever way a document arrived. What reading one document may cost
is bounded by :data:`LIMITS` (a config file's ``[limits]``), checked before the costly part.
"""

import collections
import logging
import re
from dataclasses import dataclass, fields
from pathlib import Path

from extractors.page_furniture import LETTERHEAD_LINE, PAGE_NUMBER

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


class EmptyDocument(DocumentError):
    """A file with no bytes, or only whitespace: nothing to store, but nothing wrong with reading it."""


@dataclass
class Limits:
    """What reading one document may cost. A document over a limit is refused with an error saying so, before
    its pages are read or its markup parsed. A config file's ``[limits]`` section changes them
    (:func:`configure_limits`)."""

    pdf_pages: int = 2000  # reports run to 10-60 pages; a PDF claiming 80,000 took 80 s of CPU to fail
    html_megabytes: float = 10  # news pages are 50 KB-2 MB of markup; 50 MB took 7 minutes and 2.3 GB


LIMITS = Limits()


def configure_limits(section: dict) -> Limits:
    """Set :data:`LIMITS` from a config file's ``[limits]`` section; a limit it does not name is the
    default."""
    known = {f.name: f for f in fields(Limits)}
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise ValueError(f"unknown setting in [limits]: {', '.join(unknown)} (known: {', '.join(known)})")
    for name, field_ in known.items():
        value = section.get(name, field_.default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"[limits] {name} must be a positive number, not {value!r}")
        setattr(LIMITS, name, value)
    return LIMITS


def megabytes(size: float) -> str:
    return f"{size / 2**20:.3g} MB"


@dataclass
class ExtractedText:
    text: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD when the document itself says


def media_type_for(path) -> str | None:
    """The media type a file name suggests: only to choose which files of a folder to read."""
    return MEDIA_TYPES.get(Path(str(path)).suffix.lower())


# What the bytes of a PDF and of an HTML page begin with. A PDF opens with its header (after at most a few
# bytes of junk, which readers allow); HTML, after any byte-order mark, whitespace, XML declaration or
# comment, with one of the tags the WHATWG MIME sniffing standard looks for.
PDF_HEADER = b"%PDF-"
PDF_HEADER_WITHIN = 1024
HTML_OPENING_TAGS = [
    "!doctype html",
    "html",
    "head",
    "body",
    "script",
    "iframe",
    "h1",
    "div",
    "font",
    "table",
    "a",
    "style",
    "title",
    "b",
    "br",
    "p",
    "meta",
    "article",
    "section",
    "main",
    "header",
    "nav",
]
HTML_OPENING_RE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:"
    + "|".join(t.replace(" ", r"\s+") for t in HTML_OPENING_TAGS).encode()
    + rb")(?=[\s>/])",
    re.IGNORECASE | re.DOTALL,
)


def is_pdf(data: bytes) -> bool:
    return PDF_HEADER in data[:PDF_HEADER_WITHIN]


def sniff_media_type(data: bytes) -> str:
    """The media type of a document by its bytes, whatever its name: a PDF by its header, HTML by its opening
    markup, anything else is read as text (which refuses binary content)."""
    if is_pdf(data):
        return "application/pdf"
    if HTML_OPENING_RE.match(data[:4096]):
        return "text/html"
    return "text/plain"


def looks_binary(data: bytes) -> bool:
    """True for bytes no text or HTML file would hold (NULs, or mostly control characters)."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def extract_text(data: bytes, media_type: str) -> ExtractedText:
    if not data or not data.strip():
        raise EmptyDocument("empty file")
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
# PDFium's text ends lines with CR LF, and joins a line that ends with a hyphen to the next, the hyphen
# marked U+FFFE: the line break is put back, so that normalise decides, as for any PDF line, whether the
# hyphen belongs to the word ("multi-agency") or only broke it ("informa-tion").
PDFIUM_MARKS = {"\r\n": "\n", "\ufffe": "-\n"}


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF, in reading order; a broken PDF raises DocumentError."""
    import pypdfium2 as pdfium

    if not is_pdf(data):
        raise DocumentError("not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DocumentError(unopened_pdf_reason(exc)) from None
    try:
        if len(pdf) > LIMITS.pdf_pages:
            raise DocumentError(f"PDF has {len(pdf):,} pages, over the limit of {LIMITS.pdf_pages:,}")
        return [page_text(pdf, i) for i in range(len(pdf))]
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"broken PDF: {exc}") from None
    finally:
        pdf.close()


def unopened_pdf_reason(exc) -> str:
    """Why PDFium could not open a PDF, in words: it needs a password, or it is broken."""
    import pypdfium2.raw as pdfium_c

    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return "encrypted PDF: cannot read without a password"
    return f"broken PDF: {exc}"


def page_text(pdf, index: int) -> str:
    page = pdf[index]
    try:
        text = page.get_textpage().get_text_range()
    finally:
        page.close()
    for mark, replacement in PDFIUM_MARKS.items():
        text = text.replace(mark, replacement)
    return text


def running_lines(pages: list[str], edge: int = 4) -> set[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    seen = collections.Counter()
    for page in pages:
        lines = [strip_page_number(line) for line in page.splitlines() if line.strip()]
        seen.update(set(lines[:edge] + lines[-edge:]))
    return {line for line, n in seen.items() if n >= max(3, len(pages) // 2) and line}


PAGE_NUMBER_RE = re.compile(r"\s+" + PAGE_NUMBER + r"\s*$")
PAGE_ONLY_RE = re.compile(r"^\s*" + PAGE_NUMBER + r"\s*$")

# The sender's address that Ofsted letters print in a side column (extractors/data/page_furniture.yaml): a PDF
# reader may drop it into the middle of the text, sometimes mid-sentence. A run of LETTERHEAD_MIN_RUN such
# lines is removed.
LETTERHEAD_RE = re.compile(r"^\s*" + LETTERHEAD_LINE + r"\s*$")
LETTERHEAD_MIN_RUN = 3

# A footnote at the foot of a page ("1 The areas for improvement have been ...") whose marker sits on a
# word higher up the same page ("What needs to improve?1", "Board1").
FOOTNOTE_START_RE = re.compile(r"^\s*(\d{1,2})\s+(?=[A-Z(])")
FOOTNOTE_MARKER = r"(?<=[a-z?).,;:'\"]){n}(?!\d)(?=[\s.,;:)]|$)"
FOOTNOTE_ZONE = 12  # footnotes start within this many lines of the foot of a page
SENTENCE_END_RE = re.compile(r"[.!?:]['\")]?\s*$")


def strip_page_number(line: str) -> str:
    return PAGE_NUMBER_RE.sub("", line.strip())


def drop_letterhead(lines: list[str]) -> list[str]:
    """Remove runs of at least LETTERHEAD_MIN_RUN letterhead lines (blank lines inside a run allowed)."""
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j, hits = i, []
        while j < len(lines) and (LETTERHEAD_RE.match(lines[j]) or (hits and not lines[j].strip())):
            if lines[j].strip():
                hits.append(j)
            j += 1
        if len(hits) >= LETTERHEAD_MIN_RUN:
            for k in range(i, hits[-1] + 1):
                keep[k] = False
        i = max(j, i + 1)
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


def split_footnotes(lines: list[str]) -> tuple[list[str], list[str]]:
    """(body lines without footnotes or their markers, footnote lines) of one page."""
    body_end = None
    for i in range(len(lines) - 1, max(-1, len(lines) - 1 - FOOTNOTE_ZONE), -1):
        match = FOOTNOTE_START_RE.match(lines[i])
        if match and re.search(FOOTNOTE_MARKER.format(n=match.group(1)), "\n".join(lines[:i])):
            body_end = i
    if body_end is None:
        return lines, []
    body, notes = "\n".join(lines[:body_end]), lines[body_end:]
    for line in notes:
        match = FOOTNOTE_START_RE.match(line)
        if match:
            body = re.sub(FOOTNOTE_MARKER.format(n=match.group(1)), "", body, count=1)
    return body.split("\n"), notes


def clean_page(page: str, furniture: set[str]) -> tuple[str, list[str]]:
    """A page's text without running headers/footers, page numbers, letterhead or footnotes."""
    lines = [line.rstrip() for line in page.splitlines()]
    lines = [
        line for line in lines if strip_page_number(line) not in furniture and not PAGE_ONLY_RE.match(line)
    ]
    lines, notes = split_footnotes(drop_letterhead(lines))
    return "\n".join(lines).strip("\n ").strip(), notes


def join_pages(pages: list[str]) -> str:
    """Join page texts; a sentence running on to the next page is not broken by a blank line."""
    text = ""
    for page in filter(None, pages):
        if text:
            text += "\n\n" if SENTENCE_END_RE.search(text) else "\n"
        text += page
    return text


def pdf_text(data: bytes) -> ExtractedText:
    pages = pdf_pages(data)
    furniture = running_lines(pages)
    cleaned, footnotes = [], []
    for page in pages:
        body, notes = clean_page(page, furniture)
        cleaned.append(body)
        footnotes.extend(notes)
    text = join_pages(cleaned)
    if footnotes:
        text += "\n\n" + "\n".join(footnotes)
    return ExtractedText(text=text, title=pdf_title(text))


def pdf_title(text: str) -> str | None:
    """The first line, with the next line when it carries on the same phrase in lower case."""
    lines = [line.strip() for line in text.splitlines()[:3]]
    if not lines or not lines[0]:
        return None
    if len(lines) > 1 and lines[1][:1].islower():
        return f"{lines[0]} {lines[1]}"
    return lines[0]


# ---------------------------------------------------------------- HTML
def html_text(data: bytes) -> ExtractedText:
    import trafilatura
    from bs4 import BeautifulSoup

    if looks_binary(data):
        raise DocumentError("binary content, not HTML")
    if len(data) > LIMITS.html_megabytes * 2**20:
        raise DocumentError(
            f"HTML page of {megabytes(len(data))}, over the limit of {LIMITS.html_megabytes:g} MB"
        )
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
