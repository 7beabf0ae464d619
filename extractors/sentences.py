"""A sentence splitter for news paragraphs and minutes lines.

News text arrives one paragraph a line; minutes and PDFs break lines inside sentences. A sentence
ends at ". ! ?" before a capital, at a blank line, and at a line break unless the next line carries
on in lower case. Done with one regex over the text, so the cost is per boundary, not per token.
"""

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language

from .wordlists import load_words

BOUNDARY_RE = re.compile(
    r"[.!?][\"')\]]*[ \t]+(?=[\"'(\[]?[A-Z0-9£])"  # end punctuation, space, a capital
    r"|\n[ \t]*\n\s*"  # a blank line
    r"|\n[ \t]*(?=[^a-z\s])"  # a line break before anything but lower case
)
BULLETS = ("•", "-", "*", "◼", "·", "▪", "–", "\uf0b7")  # a line opening with one of these starts an item
WRAP_WIDTH = 60  # a longer line that ends without punctuation was wrapped (PDF), not ended
ABBREVIATION_RE = re.compile(r"(?:^|\s)([A-Za-z][A-Za-z.]{0,5})\.[\"')\]]*[ \t]+$")


def boundary_offsets(text: str) -> list[int]:
    abbreviations = load_words("abbreviations.txt")
    offsets, layout = [], Layout(text)
    for match in BOUNDARY_RE.finditer(text):
        start = match.start()
        if text[start] == "\n":
            if is_wrapped_line(text, start, layout) or broken_mid_sentence(text, start, match.end()):
                continue
        elif text[start] == "." and abbreviation_before(text, start + 1, match.end(), abbreviations):
            continue
        offsets.append(match.end())
    return offsets


def abbreviation_before(text: str, start: int, end: int, abbreviations) -> bool:
    """ "Cllr. Smith", "approx. 20": the full stop ends an abbreviation, not a sentence."""
    found = ABBREVIATION_RE.search(text[max(0, start - 12) : end])
    return bool(found) and found.group(1).lower() in abbreviations


class Layout:
    """Whether a text's long lines were wrapped (PDF, minutes) or are each a paragraph (news), worked out the
    first time a line break asks: in a paragraph-a-line text most long lines end a sentence, and one that does
    not is a headline, not half a sentence."""

    def __init__(self, text: str):
        self.text, self._wrapped = text, None

    @property
    def wrapped(self) -> bool:
        if self._wrapped is None:
            long_lines = [m.group().rstrip() for m in LINE_END_RE.finditer(self.text)]
            ended = sum(line[-1:] in ".!?:;\"'”’)" for line in long_lines)
            self._wrapped = ended * 2 < len(long_lines)
        return self._wrapped


LINE_END_RE = re.compile(r"^[^\n]{%d,}$" % WRAP_WIDTH, re.M)


def broken_mid_sentence(text: str, start: int, end: int) -> bool:
    """ "... of safeguarding and looked after children's\n\nservices, in July 2012, ...": a blank line a
    scraped page put inside a sentence (the line before ends in a word, the next begins in lower case)."""
    return text[start - 1 : start].isalnum() and text[end : end + 1].islower()


def is_wrapped_line(text: str, newline: int, layout=None) -> bool:
    """A single line break inside a sentence: the line ends in a comma or bracket, or (in a wrapped layout) is
    long and ends in a word; the next line is not a bullet."""
    next_line = text[newline + 1 : newline + 80].lstrip(" \t\u00a0")
    if not next_line or text.startswith("\n", newline + 1) or next_line[:1] in BULLETS:
        return False
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    if line[-1:] in (",", "("):
        return True
    return len(line) >= WRAP_WIDTH and line[-1:].isalnum() and (layout is None or layout.wrapped)


SENT_STARTS_KEY = "casewatch_sentence_starts"
TEXT_KEY = "casewatch_text"  # Doc.text joins every token: computed once here, dropped by the facts step
NOT_START = numpy.uint64(2**64 - 1)  # -1: spaCy's "not a sentence start"


@Language.factory("casewatch_sentences")
def make_sentences(nlp, name):
    return split_sentences


def split_sentences(doc):
    """Mark sentence starts in one array write and keep their token indices in ``doc.user_data``."""
    if not len(doc):
        doc.user_data[SENT_STARTS_KEY] = [0]
        return doc
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    idx = doc.to_array("IDX")
    offsets = numpy.array(boundary_offsets(text), dtype=idx.dtype)
    found = numpy.searchsorted(idx, offsets)
    keep = found < len(doc)
    found = found[keep]
    found = found[(idx[found] == offsets[keep]) & (found > 0)]
    starts = [0] + sorted(set(found.tolist()))
    column = numpy.full((len(doc), 1), NOT_START, dtype="uint64")
    column[starts, 0] = 1
    doc.from_array([SENT_START], column)
    doc.user_data[SENT_STARTS_KEY] = starts
    return doc


def is_headline(sentence: str) -> bool:
    """A headline or standfirst: one line with no full stop, question or exclamation mark at its end."""
    return "\n" not in sentence.strip() and not sentence.rstrip(" '\"’”").endswith((".", "!", "?"))
