"""The scrapers, one module per source; each keeps its URL patterns and selectors as data at its top.

- :mod:`corpus.sources.ofsted`: inspection reports on reports.ofsted.gov.uk / files.ofsted.gov.uk
- :mod:`corpus.sources.news`: council newsroom RSS/Atom feeds (or listing pages), filtered by keywords
- :mod:`corpus.sources.moderngov`: committee minutes and reports on ModernGov sites

Each module has ``run(fetcher, config, councils=(), since=None, base_url=None, **options)`` and hands
:class:`Target` s to the fetcher (:class:`corpus.fetch.Fetcher`); the helpers here are what they share.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup
from dateutil import parser as dateparser

from ..text import looks_binary


@dataclass
class Target:
    """A document a source wants, with what the source already knows about it."""

    url: str
    source: str  # the scraper: ofsted, news, minutes
    source_kind: str  # documents.source_kind: ofsted_report, news, council_minutes
    council_code: str | None = None
    report_type: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, wins over the document's own metadata
    published_fallback: str | None = None  # used when the document's metadata gives no date
    refetch: bool = True  # ask again (conditionally) when the URL is already stored
    media_type: str | None = None  # what the bytes must be (a report URL answers a PDF); anything else fails


def rebase(url: str, base_url: str | None, hosts) -> str:
    """``url`` moved onto ``base_url`` (a mirror or a test server) when its host is one of ``hosts``.

    Pages of a mirror keep the real sites' absolute links; rebasing them keeps the crawl on the mirror.
    """
    if not base_url:
        return url
    parts = urlsplit(url)
    if parts.netloc.lower() not in {h.lower() for h in hosts}:
        return url
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + parts.path, parts.query, ""))


def soup_of(fetcher, result, source):
    """The parsed page, or None after logging it as malformed (binary junk, no elements)."""
    if looks_binary(result.content):
        fetcher.failure(result.url, source, "malformed page: binary content, not HTML", status=result.status)
        return None
    soup = BeautifulSoup(result.content, "html.parser")
    if soup.find() is None:
        fetcher.failure(result.url, source, "malformed page: no HTML elements", status=result.status)
        return None
    return soup


def fetch_soup(fetcher, url, source, log=True):
    """(result, soup) of a listing page, or (None, None) once its failure is logged."""
    result = fetcher.page(url, source, log=log)
    soup = soup_of(fetcher, result, source) if result else None
    return (result, soup) if soup is not None else (None, None)


def iso_date(text) -> str | None:
    """'12 August 2022', '12 Aug 2022 6.30 pm', 'Tue, 16 Apr 2024 10:03:00 +0100' -> 'YYYY-MM-DD'."""
    if not text:
        return None
    try:
        return dateparser.parse(str(text), dayfirst=True, fuzzy=True).date().isoformat()
    except (ValueError, OverflowError):
        return None


def keyword_pattern(keywords) -> re.Pattern:
    """One case-insensitive pattern matching any keyword as whole words (straight or curly apostrophes)."""
    alternatives = [re.escape(k.strip()).replace("'", "['’]") for k in keywords if k.strip()]
    return re.compile(r"\b(?:" + "|".join(alternatives or ["(?!)"]) + r")\b", re.IGNORECASE)


def is_before(published: str | None, since: str | None) -> bool:
    """True when both dates are known and ``published`` is older than ``since``."""
    return bool(published and since and published < since)


def clean_label(text: str) -> str:
    return " ".join(text.replace("’", "'").split())
