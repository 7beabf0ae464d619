"""Workforce figures: agency, turnover, vacancy and sickness rates, recruits, leavers and FTE headcounts.

A percentage belongs to the metric named just before it in its sentence ("agency numbers are still
high at 22 per cent", "turnover ... from 20 per cent to 14 per cent"), or after it when it is a share
of staff in one clause ("34% of social worker posts are not filled"), or to the measure of the sentence
before when it refers back ("This is 27 per cent."); a rate may be said in words ("over a quarter", "two
in five"). Changes ("down 5 per cent"), targets ("aims to cut agency use to 10 per cent"), premiums,
adults' staff and councils left unnamed ("some councils") are not figures. A count of social workers
(or managers, personal advisers, trainees) is "recruited" when they are new, recruited, joining, due to
start or planned ("will take on 40 more", "will fund 12 posts"), "leavers" when they left, agency staff in
post unless they are moving to permanent posts, and a headcount when the text gives a group's size ("Of
the 92 social workers, ...", "the equivalent of 91 full-time staff", "there were 142 social workers in",
a list line "CLA – 16 social workers"). Tables give a figure per cell, the measure named by the row or
the column.

Rates are read in ``workforce_rates``, counts in ``workforce_counts``, list lines and tables in
``workforce_lists``; this module walks the candidates and decides whose staff a figure counts.
"""

import re

from spacy.tokens import Span
from spacy.util import filter_spans

from .candidates import Rejected, rejected
from .workforce_common import METRICS, RULES, compound_start, dated
from .workforce_counts import (
    COUNTED_GROUPS,
    earlier_count,
    group_read,
    read_count,
    read_no_agency,
    read_number_of,
    read_permanent_and_agency,
)
from .workforce_lists import is_team_line, read_grid_figures, read_labelled_counts, read_table_rates
from .workforce_rates import ends_in_percent, is_metric_cue, read_fraction, read_rate


def read(ctx):
    doc = ctx.doc
    spans = list(doc.spans.get("workforce", [])) + written_pc(ctx)
    cues = [s for s in spans if s.label_ in METRICS and is_metric_cue(doc, s)]
    found, counted = [], set()  # found: (start, end, metric) of the figures read so far
    in_tables = yield from read_grid_figures(ctx)
    figures = [s for s in spans if s.label_ not in METRICS and not ends_in_percent(doc, s)]
    for span in filter_spans(figures):
        if span.start_char in in_tables:  # a table's cell, read by its row and column
            continue
        sent = ctx.sentence(span.start)
        span = as_read(ctx, span, sent)
        if span is None:
            continue
        if span.label_ in COUNTED_GROUPS:
            yield from read_counted(ctx, span, sent, counted)
        elif span.label_ == "AGENCY_TOO":
            yield from read_permanent_and_agency(ctx, span, sent)
        elif (
            span.start not in counted
        ):  # "number of agency social workers fell to 4,500 FTE": counted already
            yield from read_figure(ctx, span, sent, cues, found)
    yield from read_no_agency(ctx, cues)
    yield from read_table_rates(ctx)
    yield from read_labelled_counts(ctx)


PC_RE = re.compile(r"^\d+(?:\.\d+)?pc$", re.I)


def written_pc(ctx) -> list[Span]:
    """ "25pc": a newspaper's percentage, written as one token the patterns do not see."""
    doc = ctx.doc
    return [Span(doc, i, i + 1, label="PERCENT") for i in ctx.numbers if PC_RE.match(doc[i].text)]


def read_counted(ctx, span, sent, counted: set):
    for found in read_number_of(ctx, span, sent):
        counted.add(found.tokens[0] if isinstance(found, Rejected) else found[1][0])
        yield found


def read_figure(ctx, span, sent, cues, found):
    """A percentage, a rate in words or a count of staff (with the count it is compared with)."""
    if span.label_ == "PERCENT":
        fact = read_rate(ctx, span, sent, cues, found)
    elif span.label_ == "FRACTION":
        fact, span = read_fraction(ctx, span, sent, cues, found)
    else:
        fact = read_count(ctx, span, sent, cues)
    if isinstance(fact, dict):
        fact = whose_staff(ctx, sent, span.start) or fact
    if isinstance(fact, str):
        yield rejected(fact, span)
    elif fact:
        end_char, fact["as_of"] = dated(ctx, span, sent)
        yield fact, (span.start, span.end), (span.start_char, end_char)
        if span.label_ != "PERCENT":  # a percentage's rate was noted with the cue it took
            found.append((span.start, span.end, fact["metric"]))
        if fact["unit"] == "count":
            yield from earlier_count(ctx, span, sent, fact)


def as_read(ctx, span, sent):  # -> Span | None
    """A group's size ("Of the 92 social workers, ...", a list line "Assessment team – 16 social workers") is
    read as such only in its construction; elsewhere ("one of the 40 new social workers") its count is
    read like any other."""
    if span.label_ == "GROUP":
        return group_read(ctx.doc, span, sent)
    if span.label_ == "TEAM_COUNT":  # the figure on, without the dash or colon before it
        if span[-1].lower_ == "social":  # "- 5 social care staff": no team line
            return None
        span = Span(
            ctx.doc, span.start + 1, span.end, label="TEAM_COUNT" if is_team_line(ctx, span) else "STAFF"
        )
    start = compound_start(ctx.doc, span.start, sent.start)
    if start < span.start:  # "thirty three new recruits", "twenty-five per cent", "Sixty-four"
        return Span(ctx.doc, start, span.end, label=span.label_)
    return span


def whose_staff(ctx, sent, i: int) -> str | None:
    """Why a figure is none of a council's children's social care staff, or None when it is."""
    if unnamed_councils(ctx, sent, i):
        return "councils the text does not name"  # "some councils rely on agency staff for over 30%"
    if about_adults(ctx, sent):
        return "adults' services, not children's"
    return None


def about_adults(ctx, sent) -> bool:
    """ "Adults' Services had 21 agency social workers", "the adult social care committee was told of 148
    vacancies": a sentence about adults' services that names no children's."""
    words = ctx.words_in(sent.start, sent.end)
    if not words & RULES["adult_words"] or words & RULES["children_words"]:
        return False
    lower = [t.lower_ for t in sent if t.text != "'"]
    return any(
        a in RULES["adult_words"] and b in RULES["adult_service_words"]
        for a, b in zip(lower, lower[1:], strict=False)
    )


def unnamed_councils(ctx, sent, i: int) -> bool:
    """ "with one local authority struggling at 45%", "but some councils depend on locums for more than a
    third": the figure's clause speaks of a quantity of councils and the sentence names none. A news story's
    opening "One council is investing £1m to recruit 20 social workers" is about its own council."""
    if not ctx.words_in(sent.start, sent.end) & RULES["council_nouns"] or any(
        sent.start <= m[0] < sent.end for m in ctx.mentions
    ):
        return False
    words = [t.lower_ for t in ctx.doc[sent.start : i]]
    opening = max((k for k, w in enumerate(words) if w in (",", ";", ":")), default=-1) + 1
    some = RULES["some_words"] | ({"one"} if opening else set())
    nouns = [w for w in words[opening:] if w != "local"]  # "some local authorities"
    return any(a in some and b in RULES["council_nouns"] for a, b in zip(nouns, nouns[1:], strict=False))


def finalize(facts: list[dict]) -> list[dict]:
    """A rate in words beside a figure for the same measure ("more than half of the posts were vacant" ...
    "56.6%") is a rounding of it: the figure is kept; one the figure is compared with is not a rounding."""
    figures = [f for f in facts if f["unit"] == "percent" and not in_words(f)]
    restated = [
        f for f in facts if in_words(f) and not f.get("earlier") and any(rounds(f, g) for g in figures)
    ]
    for fact in facts:
        fact.pop("earlier", None)  # "down from more than half": a rate in words of an earlier date
    return [f for f in facts if not any(f is r for r in restated)]


def rounds(fact: dict, figure: dict) -> bool:
    return (
        fact["metric"] == figure["metric"]
        and abs(fact["value"] - figure["value"]) <= RULES["words_restate_within"]
    )


def in_words(fact: dict) -> bool:
    """A rate stated in words ("a third", "one in five")."""
    return fact["unit"] == "percent" and not any(ch.isdigit() for ch in fact["quote"])


def identity(fact):
    return (fact["metric"], fact["value"], fact["council"])
