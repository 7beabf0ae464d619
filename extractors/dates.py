"""Dates a figure refers to: "in June 2022", "May 2015", "17 July 2019", "now", "last March", "earlier this
year".

Relative phrases resolve against the document's published date (YYYY-MM-DD) and give None when it is
unknown: a date is never guessed from the day extraction runs.
"""

import re

from .numbers import parse_number
from .wordlists import load_lines

MONTH_NAMES = [line.split()[0] for line in load_lines("months.txt")]  # "January", ... "December"
MONTHS = {word.lower(): i for i, line in enumerate(load_lines("months.txt"), 1) for word in line.split()}
MONTH_KINDS = {
    "month_year",
    "month_only",
    "month_of_year",
    "last_month",
}  # resolvers whose first group is a month
MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"  # a name or abbreviation
LEAD = (
    r"^[\s,(]*(?:-\s*)?(?:in|as of|as at|at|by|since|during|for|on|of)?\s*(?:the end of\s+|end of\s+|"
    r"early\s+|late\s+|mid-?\s*|the (?:year|12 months|twelve months|quarter) (?:to|ending)\s+)?"
)
DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
RELATIVE_YEAR = r",?\s+(?:of\s+)?(last|this|the\s+previous)\s+year\b"  # "in March last year"

# Tried in order against the text right after a figure; each returns a resolver name and groups.
AFTER_PATTERNS = [
    ("month_year", re.compile(LEAD + DAY + MONTH + r",?\s+(\d{4})\b", re.I)),
    ("month_year", re.compile(LEAD + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)),
    ("last_month", re.compile(LEAD + r"last\s+" + MONTH, re.I)),
    ("month_of_year", re.compile(LEAD + DAY + MONTH + RELATIVE_YEAR, re.I)),
    (
        "month_only",
        re.compile(
            r"^[\s,(]*(?:in|since|during|by|at the end of|in early|in late|in the (?:year|12 months|"
            r"twelve months|quarter) (?:to|ending))\s+" + DAY + MONTH + r"(?!\s*\d)",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"^[\s,(]*(?:in|as of|by|since|during)\s+(?:the end of\s+|early\s+|late\s+|"
            r"mid-?\s*)?(\d{4})(?![\d/-])",
            re.I,
        ),
    ),
    ("now", re.compile(r"^[\s,(]*(?:now|currently|at present|at the moment|today|this month)\b", re.I)),
    ("this_year", re.compile(r"^[\s,(]*(?:earlier |so far |later )?this year\b", re.I)),
    ("last_year", re.compile(r"^[\s,(]*(?:in |during )?(?:the )?(?:last|previous) year\b", re.I)),
    ("previous_month", re.compile(r"^[\s,(]*(?:in |during )?(?:the )?(?:last|previous) month\b", re.I)),
    (
        "season",
        re.compile(
            r"^[\s,(]*(?:in|during|over)\s+the\s+(spring|summer|autumn|winter)\b(?!\s+(?:of\s+)?\d)", re.I
        ),
    ),
    (
        "year",
        re.compile(
            r"^[\s,(]*(?:in|during|over|by)\s+(?:the\s+)?(?:spring|summer|autumn|"
            r"winter)\s+(?:of\s+)?(\d{4})\b",
            re.I,
        ),
    ),
    (
        "coming_season",
        re.compile(
            r"^[\s,(]*(?:by\s+(?:the\s+)?(?:next\s+)?|next\s+)(spring|summer|autumn|winter)\b"
            r"(?!\s+(?:of\s+)?\d)",
            re.I,
        ),
    ),
    ("last_season", re.compile(r"^[\s,(]*last\s+(spring|summer|autumn|winter)\b", re.I)),
    (
        "this_year",
        re.compile(r"^[\s,(]*(?:by|before)\s+(?:christmas|the\s+end\s+of\s+(?:the|this)\s+year)\b", re.I),
    ),
    (
        "now",
        re.compile(
            r"^[\s,(]*(?:(?:on|last|this)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
            r"this\s+week|yesterday)\b",
            re.I,
        ),
    ),
    ("ago", re.compile(r"^[\s,(]*(a|an|[a-z]+|\d{1,2})\s+(year|month)s?\s+ago\b", re.I)),
]
NOW_BEFORE_RE = re.compile(r"\b(?:now|current|currently|at present)\b", re.I)
SENTENCE_LEAD_RE = re.compile(
    r"^\W*(?:in|as of|as at|by|at the end of|since)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    + MONTH
    + r",?\s+(\d{4})\b",
    re.I,
)


PUBLISHED_RE = re.compile(r"^(\d{4})-(\d{2})")


def split_published(published: str | None) -> tuple[int, int] | None:
    match = PUBLISHED_RE.match(published or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def month_without_year(month: int, published) -> str | None:
    """ "in March" / "last March": the latest such month not after publication."""
    pub = split_published(published)
    if not pub:
        return None
    year = pub[0] if month <= pub[1] else pub[0] - 1
    return f"{year}-{month:02d}"


def last_month_name(month: int, published) -> str | None:
    """ "last March" in British news is March of the year before publication ("this March" is the same
    year)."""
    pub = split_published(published)
    return f"{pub[0] - 1}-{month:02d}" if pub else None


def month_of_relative_year(month: int, which: str, published) -> str | None:
    """ "March last year" / "March this year", against the publication year."""
    pub = split_published(published)
    return f"{pub[0] - (which.lower() != 'this')}-{month:02d}" if pub else None


def resolve(kind: str, groups: tuple, published) -> str | None:
    pub = split_published(published)
    month = MONTHS[groups[0].lower().rstrip(".")] if kind in MONTH_KINDS else None
    if kind == "month_year":
        return f"{int(groups[1]):04d}-{month:02d}"
    if kind == "year":
        return groups[0]
    if kind == "numeric":
        return f"{groups[1]}-{int(groups[0]):02d}"
    if kind == "month_only":
        return month_without_year(month, published)
    if kind == "month_of_year":
        return month_of_relative_year(month, groups[1], published)
    if kind == "last_month":
        return last_month_name(month, published)
    if not pub:
        return None
    if kind == "ago":
        return ago(groups, pub)
    if kind == "season":
        return last_season(groups[0].lower(), pub)
    if kind == "coming_season":
        return coming_season(groups[0].lower(), pub)
    if kind == "last_season":
        return season_before_last(groups[0].lower(), pub)
    if kind == "previous_month":
        return ago(("a", "month"), pub)
    return {"now": f"{pub[0]}-{pub[1]:02d}", "this_year": str(pub[0]), "last_year": str(pub[0] - 1)}[kind]


SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


def last_season(season: str, pub: tuple[int, int]) -> str:
    """ "in the summer": the year of the latest such season begun by publication."""
    return str(pub[0] if SEASON_START[season] <= pub[1] else pub[0] - 1)


def coming_season(season: str, pub: tuple[int, int]) -> str:
    """ "by the summer", "next spring": the year of the first such season not begun by publication."""
    return str(pub[0] if SEASON_START[season] > pub[1] else pub[0] + 1)


def season_before_last(season: str, pub: tuple[int, int]) -> str:
    """ "last summer": the latest such season ended by publication (in July, the summer of the year
    before)."""
    year = int(last_season(season, pub))
    months_since_start = (pub[0] - year) * 12 + pub[1] - SEASON_START[season]
    return str(year - 1 if months_since_start < 3 else year)


def ago(groups: tuple, pub: tuple[int, int]) -> str | None:
    """ "two years ago", "six months ago": that many years or months before the publication month."""
    n = 1 if groups[0].lower() in ("a", "an") else parse_number(groups[0])
    if not n or n != int(n):
        return None
    n = int(n)
    months = pub[0] * 12 + pub[1] - 1 - (n * 12 if groups[1].lower() == "year" else n)
    return f"{months // 12}-{months % 12 + 1:02d}"


def date_after(text: str, published=None) -> tuple[str | None, int]:
    """The date that opens ``text`` (the words right after a figure) and how many characters it takes."""
    for kind, pattern in AFTER_PATTERNS:
        match = pattern.match(text)
        if match:
            return resolve(kind, match.groups(), published), match.end()
    return None, 0


def published_month(published) -> str | None:
    """The publication's YYYY-MM: the date of what the text states in the present tense."""
    pub = split_published(published)
    return f"{pub[0]}-{pub[1]:02d}" if pub else None


def now_before(text: str, published=None) -> str | None:
    """ "caseloads are now 17": a "now" shortly before the figure dates it to publication."""
    return published_month(published) if NOW_BEFORE_RE.search(text) else None


# A date phrase opening the sentence: "In March 2023, the average ...", or set off by a comma: "In March last
# year, ...".
SENTENCE_LEAD_PATTERNS = [
    ("month_year", SENTENCE_LEAD_RE),
    ("month_of_year", re.compile(r"^\W*(?:in\s+)?" + MONTH + RELATIVE_YEAR + r"\s*,", re.I)),
    ("last_month", re.compile(r"^\W*last\s+" + MONTH + r"\s*,", re.I)),
    ("month_only", re.compile(r"^\W*(?:in|by|at the end of)\s+" + MONTH + r"\s*,", re.I)),
    ("year", re.compile(r"^\W*(?:in|during|by the end of)\s+((?:19|20)\d\d)\s*,", re.I)),
    ("previous_month", re.compile(r"^\W*last month\s*,", re.I)),
]


def sentence_lead_date(sentence: str, published=None) -> str | None:
    """ "In March 2023, the average caseload was 17" (or "In March last year, ..."): a date opening the
    sentence."""
    for kind, pattern in SENTENCE_LEAD_PATTERNS:
        match = pattern.match(sentence)
        if match:
            return resolve(kind, match.groups(), published)
    return None


SEARCH_PATTERNS = [
    ("month_year", re.compile(r"\b" + DAY + MONTH + r",?\s+(\d{4})\b", re.I)),
    ("last_month", re.compile(r"\blast\s+" + MONTH, re.I)),
    ("month_of_year", re.compile(r"\b(?:(?:in|since|during)\s+)?" + DAY + MONTH + RELATIVE_YEAR, re.I)),
    ("month_only", re.compile(r"\b(?:in|since|during)\s+" + DAY + MONTH + r"(?!\s*\d)", re.I)),
    (
        "year",
        re.compile(r"\b(?:in|during|since|of|for)\s+(?:early\s+|late\s+)?(20\d\d|19\d\d)(?![\d/-])", re.I),
    ),
    ("numeric", re.compile(r"\b\d{1,2}[/.](0?[1-9]|1[0-2])[/.]((?:19|20)\d\d)\b")),  # "28/02/2021"
    ("last_year", re.compile(r"\b(?:last|previous) year\b", re.I)),
    ("this_year", re.compile(r"\b(?:earlier|so far|later) this year\b", re.I)),
]


# Each SEARCH_PATTERNS phrase holds a digit, "year", "last" or the first three letters of a month: most
# clauses a date is looked for in hold none of them, and are not searched with every pattern
DATE_HINT_RE = re.compile(r"\d|year|last|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)


def date_in(text: str, published=None) -> str | None:
    """The first date phrase anywhere in ``text`` (a clause around a rating), resolved."""
    if not DATE_HINT_RE.search(text):
        return None
    best = None
    for kind, pattern in SEARCH_PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind, match.groups())
    return resolve(best[1], best[2], published) if best else None
