"""Recommendations in prose: each thing Ofsted said must improve.

"was told it needs to improve in a number of areas, including A; B; and C" gives three items;
"told by Ofsted that it needs to improve its service for care leavers" gives one. The sentence must
carry the inspector's voice (Ofsted, inspectors, told, recommended...); a council's own "we need to
improve" and plain criticism are not recommendations.
"""
import re

from spacy.util import filter_spans

from .candidates import rejected
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("recommendation_rules.json"))
NEEDS_COUNCIL = False
LIST_INTRO_RE = re.compile(RULES["list_intro"], re.I)
AREAS_INTRO_RE = re.compile(RULES["areas_intro"], re.I)
CLAUSE_END_RE = re.compile(RULES["clause_end"], re.I)
SERIES_RE = re.compile(r"^[^,;]{8,},\s[^,;]{8,}(?:,\s[^,;]{8,})*,?\s+and\s[^,;]{8,}$")
PAIR_AND_RE = re.compile(RULES["pair_and"], re.I)
BULLET_RE = re.compile(r"^[ \t]*(?:[•◼▪*·-]|\d{1,2}[.)])[ \t]+(.+?)[ \t]*$", re.M)


def read(ctx):
    doc = ctx.doc
    for trigger in filter_spans(list(doc.spans.get("recommendations", []))):
        sent = ctx.sentence(trigger.start)
        if not in_inspector_voice(ctx, trigger, sent):
            yield rejected("not in an inspector's voice", trigger)
            continue
        items = items_after(ctx, trigger, sent)
        if not items:
            yield rejected("no item could be read after the cue", trigger)
        for start, end, text in items:
            yield {"text": text}, token_span(doc, start), (start, end)


def token_span(doc, char: int) -> tuple[int, int]:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 1)


def in_inspector_voice(ctx, trigger, sent) -> bool:
    before = [t.lower_ for t in ctx.doc[max(sent.start, trigger.start - 3):trigger.start]]
    if set(before[-3:]) & RULES["not_inspector_subjects"] or set(before[-3:]) & {"not", "no", "never", "nothing"}:
        return False
    if trigger.label_ in ("AREAS", "AS_AREA"):
        return True
    if trigger.label_ == "CALLED_FOR" and not words_about_inspectors(ctx, sent):
        return False
    words = ctx.words_in(sent.start, sent.end)
    if trigger.label_ in ("RECOMMEND", "CALLED_FOR"):   # "It recommended that...": the inspectors named just before
        words |= ctx.words_in(sent.start - 40, sent.start)
    return bool(words & RULES["inspector_words"]) or reports_inspectors(ctx, sent)


def reports_inspectors(ctx, sent) -> bool:
    """"They also said leaders should strengthen X": reported speech of the inspectors named just before."""
    opening = ctx.words_in(sent.start, min(sent.end, sent.start + 4))
    return bool(opening & RULES["reporting_verbs"]) and words_about_inspectors(ctx, sent)


def words_about_inspectors(ctx, sent) -> bool:
    """Ofsted named in the sentence, or "They also called for..." right after a sentence naming it."""
    if ctx.words_in(sent.start, sent.end) & RULES["inspector_names"]:
        return True
    first = sent.start + (ctx.doc[sent.start].lower_ in RULES["leading_conjunctions"])    # "But they said..."
    return first < sent.end and ctx.doc[first].lower_ in ("they", "it") and bool(
        ctx.words_in(max(0, sent.start - 40), sent.start) & RULES["inspector_names"])


def items_after(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    if trigger.label_ == "AS_AREA":
        return item_before(ctx, trigger, sent)
    text = ctx.text
    rest_start, rest_end = trigger.end_char, sent.end_char
    rest = text[rest_start:rest_end]
    intro = (AREAS_INTRO_RE if trigger.label_ in ("AREAS", "RECOMMEND", "CALLED_FOR") else LIST_INTRO_RE).match(rest)
    if intro and (trigger.label_ != "RECOMMEND" or trigger[-1].lower_ != "that"):
        body_start = rest_start + intro.end()
        body = text[body_start:rest_end]
        if not body.strip(" :\n"):
            return bullets_after(text, rest_end)
        return split_list(body, body_start)
    if trigger.label_ == "IMPROVE":
        rest_start = trigger[-1].idx     # keep the verb: "improve its service for care leavers"
        if trigger[-1].lower_ == "sure":
            rest_start = trigger[-2].idx
    clause = CLAUSE_END_RE.split(text[rest_start:rest_end], maxsplit=1)[0]
    if SERIES_RE.search(clause):         # "improve A, B, and C": one item each
        return split_list(clause, rest_start)
    return split_pair(clause, rest_start)


def split_pair(clause: str, offset: int) -> list[tuple[int, int, str]]:
    """"improve the quality of X and the timeliness of Y", "strengthen X and make sure Y": two items;
    "improve X and Y, and make sure Z": three. Only when every comma is one of the joins."""
    joins = list(PAIR_AND_RE.finditer(clause))
    if joins and clause.count(",") == sum(j.group().count(",") for j in joins):
        bounds = [0] + [k for j in joins for k in (j.start(), j.end())] + [len(clause)]
        items = [clean_item(clause[a:b], offset + a, min_words=4) for a, b in zip(bounds[::2], bounds[1::2])]
        if all(items):
            return items
    return [item for item in [clean_item(clause, offset, min_words=3)] if item]


def item_before(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    """"The report identified X as an area for improvement": X, after the verb naming it."""
    verbs = [t for t in ctx.doc[sent.start:trigger.start] if t.lower_ in RULES["as_area_verbs"]]
    if not verbs:
        return []
    start = verbs[-1].idx + len(verbs[-1])
    item = clean_item(ctx.text[start:trigger.start_char], start, min_words=2)
    return [item] if item else []


def split_list(body: str, offset: int) -> list[tuple[int, int, str]]:
    body = CLAUSE_END_RE.split(body, maxsplit=1)[0]
    if ";" in body:
        separator = r";"
    elif "," in body:
        separator = r",|\band\b(?=[^,]*$)"     # "A, B and C"
    else:
        paired = split_pair(body, offset)       # "the quality of supervision and the consistency of plans"
        if len(paired) == 2:
            return paired
        separator = r"(?!x)x"                   # one item: "supervision and management oversight"
    items, pos = [], 0
    for match in list(re.finditer(separator, body)) + [None]:
        end = match.start() if match else len(body)
        item = clean_item(body[pos:end], offset + pos)
        if item:
            items.append(item)
        pos = match.end() if match else len(body)
    return items


def bullets_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """Bullet lines right after "Areas for improvement:"."""
    items = []
    for match in BULLET_RE.finditer(text, start, start + 3000):
        gap = text[items[-1][1] if items else start:match.start()]
        if gap.strip(" \t\n.;,"):
            break
        item = clean_item(match.group(1), match.start(1))
        if item:
            items.append(item)
    return items


def clean_item(raw: str, offset: int, min_words: int = 2) -> tuple[int, int, str] | None:
    """Trim list glue ("and", "or", punctuation, quotes) from an item; None when nothing is left."""
    match = re.match(r"^[\s,;:'\"]*(?:(?:and|or|also|including|to)\s+)*", raw, re.I)
    start = match.end()
    end = len(raw.rstrip(" \t\n.,;:'\")"))
    if end - start < 4 or len(raw[start:end].split()) < min_words:
        return None
    return offset + start, offset + end, raw[start:end]


def identity(fact):
    return (" ".join(re.findall(r"[a-z0-9]+", fact["text"].lower())), fact["council"])
