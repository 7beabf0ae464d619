"""Recommendations in prose: each thing Ofsted said must improve.

"was told it needs to improve in a number of areas, including A; B; and C" gives three items;
"told by Ofsted that it needs to improve its service for care leavers" gives one; "areas for improvement
identified during the inspection:" gives the bulleted, numbered or lettered lines after it; "inspectors
considered that capacity should be increased for X" and "more work needed to be done on X" give the clause.
The sentence must carry the inspector's voice (Ofsted, inspectors, told, recommended...); a council's own
"we need to improve", a committee's recommendations and plain criticism are not recommendations.
"""

import re

from spacy.util import filter_spans

from .candidates import rejected
from .recommendation_lists import (
    CLAUSE_END_RE,
    LIST_ITEM_RE,
    clean_item,
    colon_lead_in,
    list_after,
    short_lead_in,
    split_list,
    split_pair,
)
from .recommendation_voice import in_inspector_voice
from .sentences import is_headline
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("recommendation_rules.json"))
LIST_INTRO_RE = re.compile(RULES["list_intro"], re.I)
AREAS_INTRO_RE = re.compile(RULES["areas_intro"], re.I)
AREAS_MARKER_RE = re.compile(RULES["areas_marker"], re.I)
COPULA_RE = re.compile(r"\b(?:are|were|is|was)\s+", re.I)
PARTICIPLE_RE = re.compile(
    r"(?:also\s+|being\s+)?(?:\w+ed|set\s+out|found|made|seen|shown|given|known|drawn)\b", re.I
)
REFERENCE_RE = re.compile(RULES["reference_to_report"], re.I)
AREAS_IN_RE = re.compile(RULES["areas_in"], re.I)
HEADING_IN_A_LIST_RE = re.compile(r"^\s*,?\s*(?:and|or|&)\s", re.I)
SERIES_RE = re.compile(r"^[^,;]{8,},\s[^,;]{8,}(?:,\s[^,;]{8,})*,?\s+and\s[^,;]{8,}$")
NOT_AN_ASK_RE = re.compile(RULES["not_an_ask"], re.I)  # "keep up its excellent work", "should be proud"
NEXT_ASK_RE = re.compile(RULES["next_ask"], re.I)  # ", and return home interviews should be ..."
NOUN_CUES = ("AREAS", "AREAS_NAMED", "FOLLOWING", "RECS")  # a noun naming the list: its items follow
CLAUSE_CUES = ("SHOULD", "WORK")  # the item is the whole clause, from its subject


def read(ctx):
    taken = []  # character ranges already read: a cue inside a list item read before is not read again
    for trigger in filter_spans(list(ctx.doc.spans.get("recommendations", []))):
        if inside(taken, trigger.start_char):
            continue
        sent = ctx.sentence(trigger.start)
        if not in_inspector_voice(ctx, trigger, sent):
            yield rejected("not in an inspector's voice", trigger)
            continue
        items = [item for item in items_after(ctx, trigger, sent) if not inside(taken, item[0])]
        if not items:
            yield rejected(why_no_items(ctx, trigger, sent), trigger)
            continue
        taken.append((trigger.start_char, max(end for _, end, _ in items)))
        for start, end, text in items:
            fact = with_cue_council(ctx, {"text": " ".join(text.split())}, trigger, sent, start)
            yield fact, token_span(ctx.doc, start), (start, end)


def with_cue_council(ctx, fact: dict, trigger, sent, start: int) -> dict:
    """An item on a line of its own below "the report says Solihull should improve:" is Solihull's: the
    council of the cue's sentence, not of the item's line."""
    council = ctx.council_for(trigger.start, trigger.end) if start >= sent.end_char else None
    return {**fact, "council_named": council} if council else fact


def inside(ranges: list[tuple[int, int]], char: int) -> bool:
    return any(start <= char < end for start, end in ranges)


def token_span(doc, char: int) -> tuple[int, int]:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 1)


def why_no_items(ctx, trigger, sent) -> str:
    rest = ctx.text[trigger.end_char : sent.end_char]
    if trigger.label_ in NOUN_CUES and (referred_to(rest) or HEADING_IN_A_LIST_RE.match(rest)):
        return "areas named but not listed (a reference to the report or one heading among others)"
    return "no item could be read after the cue"


# ------------------------------------------------------------------ what the items are
def items_after(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    label = trigger.label_
    if label == "AS_AREA":
        return item_before(ctx, trigger, sent)
    if label == "AMONG_AREAS":
        return subject_item(ctx, trigger, sent)
    if label in CLAUSE_CUES:
        return clause_item(ctx, trigger, sent)
    text, rest_start, rest_end = ctx.text, trigger.end_char, sent.end_char
    rest = text[rest_start:rest_end]
    if not rest.strip(" :\n"):
        return list_after(text, rest_end)
    if label in NOUN_CUES:
        return noun_cue_items(text, rest_start, rest_end, label)
    if label == "SEE":
        items = split_pair(CLAUSE_END_RE.split(rest, maxsplit=1)[0], rest_start)
        return [item for item in items if not NOT_AN_ASK_RE.search(item[2])]
    return verb_cue_items(ctx, trigger, rest_start, rest_end)


def noun_cue_items(text: str, rest_start: int, rest_end: int, label: str) -> list[tuple[int, int, str]]:
    """Items after "areas for improvement", "recommendations", "identified the following areas"."""
    rest = text[rest_start:rest_end]
    body = colon_lead_in(rest)
    if body is None and HEADING_IN_A_LIST_RE.match(rest):
        return []  # "the council's strengths, areas for improvement and the improvements made"
    if body is None:
        body = areas_body(rest, label)
    if body is None:
        return []
    if label == "FOLLOWING" and not following_improvements(rest[:body]):
        return []
    return body_items(text, rest_start + body, rest_end)


def body_items(text: str, body_start: int, rest_end: int) -> list[tuple[int, int, str]]:
    """The items after a lead-in: the list on the lines below when the lead-in ends its line ("were around:"
    then "a) ..." lines the sentence splitter kept in the sentence), else the rest of the sentence split."""
    line_end = text.find("\n", body_start, rest_end)
    if not text[body_start : rest_end if line_end < 0 else line_end].strip():
        return list_after(text, body_start if line_end >= 0 else rest_end)
    return split_list(text[body_start:rest_end], body_start)


def areas_body(rest: str, label: str) -> int | None:
    """Where the items start after "areas for improvement": after "include", "such as" or "were" (not "were"
    before a participle: "areas where improvements were identified were also listed, such as X"); None when
    the areas are only referred to ("were described in the report", "from the last inspection")."""
    head = rest[:160]
    found = [m for m in (COPULA_RE.search(head), AREAS_MARKER_RE.search(head)) if m]
    for match in sorted(found, key=lambda m: m.start()):
        if not short_lead_in(head[: match.start()]):
            continue
        if match.re is COPULA_RE and PARTICIPLE_RE.match(head, match.end()):
            continue  # "areas where improvement was needed were ...": not yet the items
        return match.end()
    areas_in = AREAS_IN_RE.match(rest) if label == "AREAS" else None  # "needed in the quality of plans"
    return areas_in.end() if areas_in else None


def referred_to(rest: str) -> bool:
    """ "..., were described in the report": the areas are pointed to, not listed."""
    return bool(REFERENCE_RE.match(rest))


def following_improvements(lead: str) -> bool:
    """ "identified the following areas for development": the following things are ones to improve."""
    words = set(re.findall(r"[a-z]+", lead.lower()))
    return bool(words & RULES["improvement_nouns"]) and not words & RULES["praise_nouns"]


def verb_cue_items(ctx, trigger, rest_start: int, rest_end: int) -> list[tuple[int, int, str]]:
    """Items after "needs to improve", "recommended that", "called for improvements in"."""
    text = ctx.text
    rest = text[rest_start:rest_end]
    intro = (AREAS_INTRO_RE if trigger.label_ in ("RECOMMEND", "CALLED_FOR") else LIST_INTRO_RE).match(rest)
    if intro and (trigger.label_ != "RECOMMEND" or trigger[-1].lower_ != "that"):
        return body_items(text, rest_start + intro.end(), rest_end)
    colon = colon_lead_in(rest)
    if colon is not None and not text[rest_start + colon : rest_end].split("\n")[0].strip():
        return list_after(text, rest_start + colon)  # "recommended that the local authority:" and its lines
    if trigger.label_ == "IMPROVE":
        if trigger.start and ctx.doc[trigger.start - 1].lower_ in ("what", "where"):
            return []  # "leaders know what needs to improve": no item named
        rest_start = verb_start(trigger)
    clause = CLAUSE_END_RE.split(text[rest_start:rest_end], maxsplit=1)[0]
    if SERIES_RE.search(clause):  # "improve A, B, and C": one item each
        return split_list(clause, rest_start)
    return split_pair(clause, rest_start)


def verb_start(trigger) -> int:
    """The item keeps its verb: "improve its service for care leavers", "make sure that...", "do more to...",
    "make faster progress in ..."."""
    verb = next((t for t in trigger[-3:-1] if t.lower_ in ("make", "do")), None)
    return (verb or trigger[-1]).idx


def clause_item(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    """ "capacity should be increased for work with families", "there should be more oversight of X",
    "more work needed to be done by middle managers to X": the whole clause, from its subject, up to the next
    ask with its own subject (", and plans should be ..."); not when the subject is the government or councils
    at large."""
    start = clause_start(ctx, trigger, sent) if trigger.label_ == "SHOULD" else trigger.start_char
    clause = CLAUSE_END_RE.split(ctx.text[start : sent.end_char], maxsplit=1)[0]
    clause = NEXT_ASK_RE.split(clause, maxsplit=1)[0]
    next_item = LIST_ITEM_RE.search(clause, 1)  # an indented bullet the sentence splitter ran on into
    clause = clause[: next_item.start()] if next_item else clause
    item = clean_item(clause, start, min_words=4)
    if (
        item is None
        or item[2].split()[0].lower() in RULES["national_subjects"]
        or NOT_AN_ASK_RE.search(item[2])
    ):
        return []
    return [item]


def clause_start(ctx, trigger, sent) -> int:
    """Where the clause of "should be" (or "was one of the areas for improvement") starts: after "that", a
    comma, "view" or the reporting verb."""
    stops = RULES["clause_openers"] | RULES["inspector_reporting_words"]
    for token in reversed(ctx.doc[sent.start : trigger.start]):
        if token.lower_ in stops:
            return token.idx + len(token)
    return sent.start_char


def item_before(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    """ "The report identified X as an area for improvement": X, after the verb naming it."""
    verbs = [t for t in ctx.doc[sent.start : trigger.start] if t.lower_ in RULES["as_area_verbs"]]
    if not verbs:
        return []
    start = verbs[-1].idx + len(verbs[-1])
    item = clean_item(ctx.text[start : trigger.start_char], start, min_words=2)
    return [item] if item else []


def subject_item(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    """ "Workforce stability was one of the areas for improvement": the subject before the verb; not a pronoun
    ("It was among the areas for development")."""
    start = clause_start(ctx, trigger, sent)
    item = clean_item(ctx.text[start : trigger.start_char], start, min_words=1)
    if item is None or item[2].lower() in RULES["pronoun_subjects"]:
        return []
    return [item]


# ------------------------------------------------------------------ one ask stated twice
def finalize(facts: list[dict]) -> list[dict]:
    """A headline's ask restated in the body ("told to improve support for disabled children", then "told it
    to improve its services for disabled children") is one recommendation: the body's is kept."""
    body = [f for f in facts if not is_headline(f["sentence"])]
    return [f for f in facts if f in body or not any(restates(f, other) for other in body)]


def restates(headline: dict, other: dict) -> bool:
    words, others = content_words(headline["text"]), content_words(other["text"])
    return headline["council"] == other["council"] and len(words & others) >= RULES["restated_share"] * len(
        words
    )


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2} - RULES["function_words"]


def identity(fact):
    return (" ".join(re.findall(r"[a-z0-9]+", fact["text"].lower())), fact["council"])
