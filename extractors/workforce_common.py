"""What the workforce readers share: their rule tables, the number a span of staff carries, dates after a
figure."""

from .dates import date_after, now_before
from .numbers import TENS, UNITS, parse_number, word_number
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("workforce_rules.json"))
METRICS = ("agency_rate", "turnover_rate", "vacancy_rate", "sickness_rate")


def span_figure(span):
    """The number a count's span carries: first in "63 agency staff", last in "agency workers covering 82",
    both words of "thirty three new recruits", "twenty-five"."""
    i = next((t.i for t in span if parse_number(t.text) is not None), None)
    if i is None:
        return None
    doc = span.doc
    if doc[i].lower_ in TENS:  # "twenty - five", "thirty three"
        for last in (i + 2, i + 1):
            pair = word_number(doc[i : last + 1].text) if last < span.end else None
            if pair is not None:
                return pair
    return parse_number(doc[i].text)


def compound_start(doc, i: int, floor: int) -> int:
    """Where a number in two words ending at token ``i`` starts: "thirty three", "twenty-five"."""
    if doc[i].lower_ not in UNITS:
        return i
    for j in (i - 2, i - 1):
        if j >= floor and doc[j].lower_ in TENS and word_number(doc[j : i + 1].text) is not None:
            return j
    return i


def is_percent_after(doc, i: int) -> bool:
    """ "%", "percent", "per cent" at token ``i`` ("145 per month" is a count)."""
    words = [t.lower_ for t in doc[i : i + 2]]
    return words[:1] in (["%"], ["percent"]) or words == ["per", "cent"]


def dated(ctx, span, sent):
    text, end_char = ctx.text, span.end_char
    as_of, taken = date_after(text[end_char : end_char + 40], ctx.published)
    if not taken:
        as_of = now_before(ctx.doc[max(sent.start, span.start - 4) : span.start].text, ctx.published)
    return end_char + taken, as_of


def clause_words(words: list[str]) -> list[str]:
    """The words up to the end of their clause (a comma, semicolon or colon)."""
    return words[: next((k for k, word in enumerate(words) if word in (",", ";", ":")), len(words))]
