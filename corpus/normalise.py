"""Text normalisation, done once before any extractor sees a document.

Real pages and PDFs carry debris that breaks patterns: ad slots ("Hide Ad"), video promos,
cookie banners, curly quotes, non-breaking spaces, words hyphenated across PDF line breaks and
running headers. The normalised text is what the database stores, so every evidence offset
points into exactly the text a reader is shown.
"""

import collections
import re
import unicodedata

from extractors.page_furniture import PAGE_FOOTER

# Whole lines that are page furniture, never content. Kept as data: add a line, not code.
DEBRIS_LINES = [
    r"hide ad",
    r"advertisement",
    r"watch more of our videos on .*",
    r"and (?:live )?on freeview.*",
    r"visit shots! now",
    r"subscribe now",
    r"this site uses cookies.*",
    r"we use cookies.*",
    r"accept (?:all )?cookies",
    r"reject (?:all )?cookies",
    r"cookie (?:settings|preferences|policy)",
    r"skip to (?:main )?content",
    r"share (?:this|on) .*",
    r"read more: .*",  # an in-article link to another story
    r"(?:published|posted on|last updated|updated):?",  # a date label whose <time> trafilatura dropped
    r"home\s+news\s+article",
    PAGE_FOOTER,  # a page's number, "Page 3 of 40" (extractors/data/page_furniture.yaml)
]
DEBRIS_RE = re.compile(r"^\s*(?:" + "|".join(DEBRIS_LINES) + r")\s*$", re.IGNORECASE)

CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u00ad": "",
    "\u2013": "-",
    "\u2014": " - ",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2026": "...",
    "\u25fc": "\u2022",
    "\u25aa": "\u2022",
    "\uf0b7": "\u2022",
    "\u25cf": "\u2022",
    # Symbol/Wingdings glyphs that PDF text extraction leaves in the private use area: bullets and a dash
    "\u25a0": "\u2022",
    "\uf06e": "\u2022",
    "\uf0a7": "\u2022",
    "\uf0a8": "\u2022",
    "\uf076": "\u2022",
    "\uf02d": "-",
}
CHAR_TABLE = str.maketrans(CHAR_MAP)

# A word broken across a line at a hyphen: "informa-\ntion" or "multi-\nagency". Whether the hyphen belongs
# to the word is decided by the document's own vocabulary (is "information" or "multi-agency" written
# elsewhere?), then by the halves: a compound on either side ("Stockton-\non-Tees"), a prefix from
# COMPOUND_PREFIXES, or two halves that are words of the document ("sector-\nled") keep the hyphen.
HYPHEN_BREAK_RE = re.compile(r"\b([A-Za-z]+(?:-[A-Za-z]+)*)-\n([a-z]+(?:-[A-Za-z]+)*)\b")
WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
COMPOUND_PREFIXES = {
    "multi",
    "non",
    "co",
    "pre",
    "post",
    "self",
    "well",
    "out",
    "long",
    "short",
    "cross",
    "inter",
    "anti",
    "over",
    "under",
    "full",
    "part",
    "face",
    "one",
    "two",
    "three",
    "high",
    "low",
    "front",
    "step",
    "sub",
    "semi",
    "mid",
    "ex",
    "early",
    "first",
    "second",
    "third",
    "year",
    "time",
    "child",
    "family",
    "care",
    "risk",
    "decision",
    "information",
    "life",
    "day",
    "age",
    "court",
    "case",
    "hard",
    "joined",
    "up",
    "re",
    "in",
    "on",
    "off",
    "all",
    "open",
    "young",
    "health",
    "social",
    "back",
    "like",
}
# Second halves of compounds ("sector-led", "task-setting"): a break before one keeps the hyphen.
COMPOUND_SUFFIXES = {
    "led",
    "based",
    "focused",
    "making",
    "setting",
    "sharing",
    "term",
    "wide",
    "level",
    "related",
    "centred",
    "specific",
    "friendly",
    "free",
    "owned",
    "run",
    "scale",
    "funded",
    "informed",
    "quality",
    "up",
    "out",
}
TRAILING_SPACE_RE = re.compile(r"[ \t]+\n")
MANY_BLANK_RE = re.compile(r"\n{3,}")
SPACE_RUN_RE = re.compile(r"[ \t]{2,}")


def normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(CHAR_TABLE)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def rejoin_hyphenated(text: str) -> str:
    """Mend words broken at a hyphen across a line break (see ``HYPHEN_BREAK_RE``)."""
    if "-\n" not in text:
        return text
    unbroken = HYPHEN_BREAK_RE.sub(" ", text)  # the broken words' own halves are no evidence
    vocabulary = collections.Counter(word.lower() for word in WORD_RE.findall(unbroken))
    return HYPHEN_BREAK_RE.sub(lambda m: mend_hyphen_break(m.group(1), m.group(2), vocabulary), text)


def mend_hyphen_break(left: str, right: str, vocabulary) -> str:
    joined, hyphenated = (left + right).lower(), f"{left}-{right}".lower()
    if vocabulary[joined] != vocabulary[hyphenated]:
        return left + right if vocabulary[joined] > vocabulary[hyphenated] else f"{left}-{right}"
    halves_are_words = len(right) >= 3 and vocabulary[left.lower()] and vocabulary[right.lower()]
    if (
        "-" in left + right
        or left.lower() in COMPOUND_PREFIXES
        or right in COMPOUND_SUFFIXES
        or halves_are_words
    ):
        return f"{left}-{right}"
    if len(left) >= 5 and len(right) >= 5:
        return f"{left}-{right}"
    return left + right


FIGURE_LINE_RE = re.compile(r"^\s*\d[\d,]*(?:\.\d+)?\s*%?\s*$")


def drop_debris_lines(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        line for k, line in enumerate(lines) if not DEBRIS_RE.match(line) or in_figure_column(lines, k)
    )


def in_figure_column(lines: list[str], k: int) -> bool:
    """A bare number with a figure on the line above or below is a table's cell laid out one a line
    ("Agency social workers" over "74" and "61"), not a page number."""
    return bool(FIGURE_LINE_RE.match(lines[k])) and any(
        FIGURE_LINE_RE.match(lines[j]) for j in (k - 1, k + 1) if 0 <= j < len(lines)
    )


def normalise_text(text: str) -> str:
    """Return ``text`` cleaned for extraction and display (see module docstring)."""
    text = normalise_chars(text)
    text = TRAILING_SPACE_RE.sub("\n", text)
    text = rejoin_hyphenated(text)
    text = drop_debris_lines(text)
    text = SPACE_RUN_RE.sub(" ", text)
    text = MANY_BLANK_RE.sub("\n\n", text)
    return text.strip() + "\n" if text.strip() else ""
