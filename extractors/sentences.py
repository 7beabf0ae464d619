"""A sentence splitter for news paragraphs and minutes lines.

News text arrives one paragraph a line; minutes and PDFs break lines inside sentences. A sentence
ends at ". ! ?" before a capital, at a blank line, and at a line break unless the next line carries
on in lower case. Done with one regex over the text, so the cost is per boundary, not per token.
"""
import re

import numpy
from spacy.language import Language

from .wordlists import load_words

BOUNDARY_RE = re.compile(
    r"(?<=[.!?])[\"')\]]*[ \t]+(?=[\"'(\[]?[A-Z0-9£])"   # end punctuation, space, a capital
    r"|\n[ \t]*\n\s*"                                     # a blank line
    r"|\n[ \t]*(?=[^a-z\s])"                              # a line break before anything but lower case
)
WRAP_WIDTH = 60   # a longer line that ends without punctuation was wrapped (PDF), not ended
ABBREVIATION_RE = re.compile(r"(?:^|\s)([A-Za-z][A-Za-z.]{0,5})\.[\"')\]]*[ \t]+$")


def boundary_offsets(text: str) -> list[int]:
    abbreviations = load_words("abbreviations.txt")
    offsets = []
    for match in BOUNDARY_RE.finditer(text):
        if text[match.start()] == "\n" and is_wrapped_line(text, match.start()):
            continue
        before = text[max(0, match.start() - 12):match.end()]
        abbreviation = ABBREVIATION_RE.search(before)
        if abbreviation and abbreviation.group(1).lower() in abbreviations:
            continue
        offsets.append(match.end())
    return offsets


def is_wrapped_line(text: str, newline: int) -> bool:
    """A single line break inside a sentence: the line is long and ends in a word, the next is not a bullet."""
    if text.startswith("\n", newline + 1) or text[newline + 1:newline + 2] in ("•", "-", "*", "◼"):
        return False
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    return len(line) >= WRAP_WIDTH and line[-1:].isalnum() or line[-1:] in (",", "(")


def token_index(starts: numpy.ndarray, char: int) -> int:
    return int(numpy.searchsorted(starts, char, side="right")) - 1


@Language.factory("casewatch_sentences")
def make_sentences(nlp, name):
    return split_sentences


def split_sentences(doc):
    if not len(doc):
        return doc
    starts = doc.to_array("IDX")
    doc[0].is_sent_start = True
    if len(doc) > 1:
        doc[1].is_sent_start = False    # spaCy reads boundaries as set only when a later token is marked
    for char in boundary_offsets(doc.text):
        i = token_index(starts, char)
        if 0 < i < len(doc) and starts[i] == char:
            doc[i].is_sent_start = True
    return doc
