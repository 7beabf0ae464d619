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
from .sentences import is_headline
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("recommendation_rules.json"))
NEEDS_COUNCIL = False
INSPECTOR_SPEAKERS = RULES["inspector_names"] | RULES["other_inspector_speakers"]    # "the monitoring visit found"
LIST_INTRO_RE = re.compile(RULES["list_intro"], re.I)
AREAS_INTRO_RE = re.compile(RULES["areas_intro"], re.I)
AREAS_MARKER_RE = re.compile(RULES["areas_marker"], re.I)
COPULA_RE = re.compile(r"\b(?:are|were|is|was)\s+", re.I)
PARTICIPLE_RE = re.compile(r"(?:also\s+|being\s+)?(?:\w+ed|set\s+out|found|made|seen|shown|given|known|drawn)\b",
                           re.I)
REFERENCE_RE = re.compile(RULES["reference_to_report"], re.I)
AREAS_IN_RE = re.compile(RULES["areas_in"], re.I)
HEADING_IN_A_LIST_RE = re.compile(r"^\s*,?\s*(?:and|or|&)\s", re.I)
CLAUSE_END_RE = re.compile(RULES["clause_end"], re.I)
SERIES_RE = re.compile(r"^[^,;]{8,},\s[^,;]{8,}(?:,\s[^,;]{8,})*,?\s+and\s[^,;]{8,}$")
PAIR_AND_RE = re.compile(RULES["pair_and"], re.I)
LEADING_AND_RE = re.compile(r"^\s*(?:and|or)\b", re.I)
LIST_ITEM_RE = re.compile(RULES["list_item"], re.M)
COUNCIL_DECISION_RE = re.compile(RULES["council_decision"], re.I)
NOT_AN_ASK_RE = re.compile(RULES["not_an_ask"], re.I)     # "keep up its excellent work", "should be proud"
INLINE_LABEL_RE = re.compile(RULES["inline_label"])
NOUN_CUES = ("AREAS", "AREAS_NAMED", "FOLLOWING", "RECS")     # a noun naming the list: its items follow
CLAUSE_CUES = ("SHOULD", "WORK")                              # the item is the whole clause, from its subject
MAX_LIST_ITEMS = 20
MAX_WRAPPED_LINES = 4
PLAIN_LINES_RE = re.compile(r"[ \t]*\n((?:[ \t]*\S[^\n]*\n){1,%d}[ \t]*\S[^\n]*)(?:\n[ \t]*\n|\n?$)" % MAX_LIST_ITEMS)


def read(ctx):
    taken = []      # character ranges already read: a cue inside a list item read before is not read again
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
            yield {"text": " ".join(text.split())}, token_span(ctx.doc, start), (start, end)


def inside(ranges: list[tuple[int, int]], char: int) -> bool:
    return any(start <= char < end for start, end in ranges)


def token_span(doc, char: int) -> tuple[int, int]:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 1)


def why_no_items(ctx, trigger, sent) -> str:
    rest = ctx.text[trigger.end_char:sent.end_char]
    if trigger.label_ in NOUN_CUES and (referred_to(rest) or HEADING_IN_A_LIST_RE.match(rest)):
        return "areas named but not listed (a reference to the report or one heading among others)"
    return "no item could be read after the cue"


# ------------------------------------------------------------------ whose voice
def in_inspector_voice(ctx, trigger, sent) -> bool:
    if someone_else_asks(ctx, trigger, sent):
        return False
    return VOICE_CHECKS.get(trigger.label_, said_by_inspectors)(ctx, trigger, sent)


def someone_else_asks(ctx, trigger, sent) -> bool:
    """"We need to improve", "the government should", "no areas for improvement", and asks of all councils
    ("Ofsted urged local authorities to tackle the problem")."""
    before = {t.lower_ for t in ctx.doc[max(sent.start, trigger.start - 3):trigger.start]}
    return bool(before & RULES["not_inspector_subjects"] or before & {"not", "no", "never", "nothing"}
                or {t.lower_ for t in trigger} & RULES["national_subjects"])


def not_found_by_a_committee(ctx, trigger, sent) -> bool:
    """"Areas for improvement" are the inspectors' unless a panel or committee found them."""
    return last_speaker(lead_in_words(ctx, trigger, sent)) not in RULES["own_finders"]


def named_by_inspectors(ctx, trigger, sent) -> bool:
    """"Ofsted made five recommendations:"; a report's own "Recommendations:" heading is the council's."""
    if ctx.words_in(sent.start, trigger.start) & INSPECTOR_SPEAKERS:
        words = [t.lower_ for t in ctx.doc[sent.start:trigger.start]]
        if last_speaker(words) in INSPECTOR_SPEAKERS:
            return True
    return words_about_inspectors(ctx, sent)


def listed_by_inspectors(ctx, trigger, sent) -> bool:
    """"Key areas identified by inspectors were around:", "the report identified the following areas:"."""
    return inspectors_speak(ctx, sent, sent.end)


def wanted_by_inspectors(ctx, trigger, sent) -> bool:
    """"Inspectors want to see ..."."""
    return inspectors_speak(ctx, sent, trigger.start)


def reported_from_inspectors(ctx, trigger, sent) -> bool:
    """"Inspectors considered that X should be Y", or a list item under "The Ofsted report said:"."""
    return inspectors_report_it(ctx, sent, trigger) or under_inspectors_intro(ctx, sent)


def said_by_inspectors(ctx, trigger, sent) -> bool:
    """"needs to improve", "recommended that", "called for improvements in": Ofsted or its words in the
    sentence (or, for "It recommended that", just before), reported speech, or a list heading under them."""
    if trigger.label_ == "CALLED_FOR" and not words_about_inspectors(ctx, sent):
        return False
    words = ctx.words_in(sent.start, sent.end)
    if trigger.label_ in ("RECOMMEND", "CALLED_FOR"):
        words |= ctx.words_in(sent.start - 40, sent.start)
    return (bool(words & RULES["inspector_words"]) or reports_inspectors(ctx, sent) or under_inspectors_intro(ctx, sent)
            or heads_a_list(ctx, trigger, sent) and inspectors_speak(ctx, sent, trigger.start))


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


def lead_in_words(ctx, trigger, sent) -> list[str]:
    """The sentence's words up to the items: before the cue and after it up to ":", "include" or "were"
    ("areas for improvement identified by the panel were")."""
    words = [t.lower_ for t in ctx.doc[sent.start:trigger.end]]
    for token in ctx.doc[trigger.end:sent.end]:
        if token.lower_ in RULES["lead_in_ends"]:
            break
        words.append(token.lower_)
    return words


def last_speaker(words: list[str]) -> str | None:
    """The last word that names who speaks: "ofsted" in "Members heard that Ofsted made...", "committee" in
    "the committee made the following recommendations"."""
    speakers = INSPECTOR_SPEAKERS | RULES["not_inspector_subjects"]
    return next((w for w in reversed(words) if w in speakers), None)


def inspectors_speak(ctx, sent, end: int) -> bool:
    """The inspectors are the last speaker named in the sentence before token ``end``, or, when it names
    none, in the 60 words before it or the title: "Inspectors want to see", "the following areas:"."""
    speaker = last_speaker([t.lower_ for t in ctx.doc[sent.start:end]])
    if speaker is not None:
        return speaker in INSPECTOR_SPEAKERS
    earlier = [t.lower_ for t in ctx.doc[max(0, sent.start - 60):sent.start]]
    title = set(re.findall(r"[a-z]+", (ctx.title or "").lower()))
    return last_speaker(earlier) in RULES["strong_inspector_names"] or bool(title & RULES["strong_inspector_names"])


def inspectors_report_it(ctx, sent, trigger) -> bool:
    """"Inspectors considered that capacity should be increased", "in the inspectors' view there should be":
    the inspectors are named with a reporting word after them, no one else speaks after, and they are not
    the clause's subject ("Ofsted should be abolished")."""
    if not ctx.words_in(sent.start, trigger.start) & INSPECTOR_SPEAKERS:
        return False
    words = [t.lower_ for t in ctx.doc[sent.start:trigger.start]]
    named = [k for k, word in enumerate(words) if word in INSPECTOR_SPEAKERS]
    if not named or last_speaker(words) not in INSPECTOR_SPEAKERS or named[-1] >= len(words) - 2:
        return False
    return bool(set(words[named[0] + 1:]) & RULES["inspector_reporting_words"])


def under_inspectors_intro(ctx, sent) -> bool:
    """A list item under "The Ofsted report said:": the inspectors speak in the line that opens the list."""
    intro = list_intro_of(ctx, sent)
    return intro is not None and last_speaker([t.lower_ for t in intro]) in INSPECTOR_SPEAKERS


def list_intro_of(ctx, sent):
    """The sentence ending in ":" that opens the list whose item ``sent`` is, or None."""
    if not starts_list_item(ctx.text, sent.start_char):
        return None
    for _ in range(MAX_LIST_ITEMS):
        if sent.start == 0:
            return None
        sent = ctx.sentence(sent.start - 1)
        if not starts_list_item(ctx.text, sent.start_char):
            return sent if ctx.text[sent.start_char:sent.end_char].rstrip().endswith(":") else None
    return None


def starts_list_item(text: str, char: int) -> bool:
    """The line holding ``char`` is a list item (bullet, number or letter) and ``char`` opens it."""
    line_start = text.rfind("\n", 0, char) + 1
    return not text[line_start:char].strip() and bool(LIST_ITEM_RE.match(text, line_start))


def heads_a_list(ctx, trigger, sent) -> bool:
    """"What needs to improve in this area of practice:" or a heading line, with list lines right after it."""
    rest = ctx.text[trigger.end_char:sent.end_char].strip()
    lead_in = rest == "" or rest.endswith(":") and colon_lead_in(rest) == len(rest)
    return lead_in and bool(list_after(ctx.text, sent.end_char))


# ------------------------------------------------------------------ what the items are
def items_after(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    label = trigger.label_
    if label == "AS_AREA":
        return item_before(ctx, trigger, sent)
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
        return []               # "the council's strengths, areas for improvement and the improvements made"
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
    if not text[body_start:rest_end if line_end < 0 else line_end].strip():
        return list_after(text, body_start if line_end >= 0 else rest_end)
    return split_list(text[body_start:rest_end], body_start)


def colon_lead_in(rest: str) -> int | None:
    """"... identified during the inspection:", "were around:": the offset after a colon that ends a short
    lead-in with no clause of its own ("groups them under three themes:" after "and" is another clause)."""
    colon = rest.find(":")
    return colon + 1 if colon >= 0 and short_lead_in(rest[:colon]) else None


def areas_body(rest: str, label: str) -> int | None:
    """Where the items start after "areas for improvement": after "include", "such as" or "were" (not "were"
    before a participle: "areas where improvements were identified were also listed, such as X"); None when
    the areas are only referred to ("were described in the report", "from the last inspection")."""
    head = rest[:160]
    found = [m for m in (COPULA_RE.search(head), AREAS_MARKER_RE.search(head)) if m]
    for match in sorted(found, key=lambda m: m.start()):
        if not short_lead_in(head[:match.start()]):
            continue
        if match.re is COPULA_RE and PARTICIPLE_RE.match(head, match.end()):
            continue            # "areas where improvement was needed were ...": not yet the items
        return match.end()
    areas_in = AREAS_IN_RE.match(rest) if label == "AREAS" else None    # "needed in the quality of plans"
    return areas_in.end() if areas_in else None


def short_lead_in(lead: str) -> bool:
    """A few words with no clause of their own: "identified by Ofsted in Barnsley"."""
    words = re.findall(r"[\w']+", lead.lower())
    return len(words) <= RULES["lead_in_max_words"] and not set(words) & RULES["lead_in_stops"]


def referred_to(rest: str) -> bool:
    """"..., were described in the report": the areas are pointed to, not listed."""
    return bool(REFERENCE_RE.match(rest))


def following_improvements(lead: str) -> bool:
    """"identified the following areas for development": the following things are ones to improve."""
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
    if colon is not None and not text[rest_start + colon:rest_end].split("\n")[0].strip():
        return list_after(text, rest_start + colon)      # "recommended that the local authority:" and its lines
    if trigger.label_ == "IMPROVE":
        if trigger.start and ctx.doc[trigger.start - 1].lower_ in ("what", "where"):
            return []                    # "leaders know what needs to improve": no item named
        rest_start = verb_start(trigger)
    clause = CLAUSE_END_RE.split(text[rest_start:rest_end], maxsplit=1)[0]
    if SERIES_RE.search(clause):         # "improve A, B, and C": one item each
        return split_list(clause, rest_start)
    return split_pair(clause, rest_start)


def verb_start(trigger) -> int:
    """The item keeps its verb: "improve its service for care leavers", "make sure that...", "do more to..."."""
    return trigger[-2].idx if trigger[-2].lower_ in ("make", "do") else trigger[-1].idx


def clause_item(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    """"capacity should be increased for work with families", "there should be more oversight of X",
    "more work needed to be done by middle managers to X": the whole clause, from its subject; not when the
    subject is the government or councils at large."""
    start = clause_start(ctx, trigger, sent) if trigger.label_ == "SHOULD" else trigger.start_char
    clause = CLAUSE_END_RE.split(ctx.text[start:sent.end_char], maxsplit=1)[0]
    next_item = LIST_ITEM_RE.search(clause, 1)        # an indented bullet the sentence splitter ran on into
    clause = clause[:next_item.start()] if next_item else clause
    item = clean_item(clause, start, min_words=4)
    if item is None or item[2].split()[0].lower() in RULES["national_subjects"] or NOT_AN_ASK_RE.search(item[2]):
        return []
    return [item]


def clause_start(ctx, trigger, sent) -> int:
    """Where the clause of "should be" starts: after "that", a comma, "view" or the reporting verb."""
    stops = RULES["clause_openers"] | RULES["inspector_reporting_words"]
    for token in reversed(ctx.doc[sent.start:trigger.start]):
        if token.lower_ in stops:
            return token.idx + len(token)
    return sent.start_char


def item_before(ctx, trigger, sent) -> list[tuple[int, int, str]]:
    """"The report identified X as an area for improvement": X, after the verb naming it."""
    verbs = [t for t in ctx.doc[sent.start:trigger.start] if t.lower_ in RULES["as_area_verbs"]]
    if not verbs:
        return []
    start = verbs[-1].idx + len(verbs[-1])
    item = clean_item(ctx.text[start:trigger.start_char], start, min_words=2)
    return [item] if item else []


# ------------------------------------------------------------------ splitting a list
def split_list(body: str, offset: int) -> list[tuple[int, int, str]]:
    """"A; B; and C", "A, B and C", "(a) A (b) B": one item each."""
    body = CLAUSE_END_RE.split(body, maxsplit=1)[0]
    labels = list(INLINE_LABEL_RE.finditer(body))
    if len(labels) >= 2:
        return pieces(body, offset, [(m.start(), m.end()) for m in labels], min_words=2)
    if ";" in body:
        return pieces(body, offset, [(m.start(), m.end()) for m in re.finditer(";", body)], min_words=2)
    if "," in body:
        return comma_items(body, offset)
    paired = split_pair(body, offset)       # "the quality of supervision and the consistency of plans"
    if len(paired) == 2:
        return paired
    return [item for item in [clean_item(body, offset)] if item]    # "supervision and management oversight"


def pieces(body: str, offset: int, cuts: list[tuple[int, int]], min_words: int) -> list[tuple[int, int, str]]:
    """The items between the ``cuts`` (separator spans) of ``body``."""
    bounds = [0] + [k for cut in cuts for k in cut] + [len(body)]
    items = [clean_item(body[a:b], offset + a, min_words) for a, b in zip(bounds[::2], bounds[1::2])]
    return [item for item in items if item]


def comma_items(body: str, offset: int) -> list[tuple[int, int, str]]:
    """"A, B and C", "A, B, and C whose words hold 'and'": split at the commas, then each part at a join
    that starts a new item ("and the", "and did not"); the last part at its first "and" only when the
    parts before it are short nouns ("supervision, planning and recording")."""
    cuts = [(m.start(), m.end()) for m in re.finditer(",", body)]
    parts = [body[a:b] for a, b in zip([0] + [cut[1] for cut in cuts], [cut[0] for cut in cuts] + [len(body)])]
    last, short = parts[-1], all(len(part.split()) <= 3 for part in parts[:-1])
    and_in_last = re.search(r"\s+and\s+", last)
    if short and and_in_last and not LEADING_AND_RE.match(last) and not PAIR_AND_RE.search(last):
        base = cuts[-1][1]
        cuts.append((base + and_in_last.start(), base + and_in_last.end()))
    bounds = [0] + [k for cut in cuts for k in cut] + [len(body)]
    items = []
    for a, b in zip(bounds[::2], bounds[1::2]):
        a += LEADING_AND_RE.match(body[a:b]).end() if LEADING_AND_RE.match(body[a:b]) else 0
        items += split_pair(body[a:b], offset + a, min_words=1)
    return items


def split_pair(clause: str, offset: int, min_words: int = 3) -> list[tuple[int, int, str]]:
    """"improve the quality of X and the timeliness of Y", "strengthen X and make sure Y": two items;
    "improve X and Y, and make sure Z": three. Only when every comma is one of the joins."""
    joins = list(PAIR_AND_RE.finditer(clause))
    if joins and clause.count(",") == sum(j.group().count(",") for j in joins):
        bounds = [0] + [k for j in joins for k in (j.start(), j.end())] + [len(clause)]
        items = [clean_item(clause[a:b], offset + a, min_words=4) for a, b in zip(bounds[::2], bounds[1::2])]
        if all(items):
            return items
    return [item for item in [clean_item(clause, offset, min_words=min_words)] if item]


def list_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """The lines of a list right after its lead-in: bulleted, numbered or lettered lines, blank lines between
    allowed; else, after a colon, two or more short plain lines in a row closed by a blank line."""
    items = bullets_after(text, start)
    colon_end = text.rfind(":", max(0, start - 40), start) + 1
    if items or not colon_end or text[colon_end:start].strip():
        return items
    return plain_lines_after(text, colon_end)


def bullets_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """List lines right after ``start``, blank lines between allowed, all with one kind of marker (a "3."
    after "2.1" lines is the next section, not an item); an item wrapped onto further lines keeps them."""
    items, end, kind = [], start, None
    for match in LIST_ITEM_RE.finditer(text, start, start + 4000):
        if match.start() < end:
            continue                    # a line already read as an item's continuation
        kind = kind or marker_kind(match)
        if text[end:match.start()].strip().strip(".;,") or marker_kind(match) != kind or len(items) >= MAX_LIST_ITEMS:
            break
        end = continued(text, match.end("item"))
        item = clean_item(text[match.start("item"):end], match.start("item"))
        if item:
            items.append(item)
    return items


def continued(text: str, end: int) -> int:
    """The end of a list item wrapped onto the lines below ("the quality of assessments for children who\n
    are at risk"): a next line that is no item and opens in lower case, or follows a line left open."""
    for _ in range(MAX_WRAPPED_LINES):
        line = re.match(r"\n[ \t]*(\S[^\n]*)", text[end:end + 400])
        if not line or starts_list_item(text, end + line.start(1)):
            return end
        opens_lower = line.group(1)[0].islower()
        last_word = (text[max(0, end - 12):end].split() or [""])[-1].lower()
        left_open = last_word.endswith(",") or last_word in RULES["open_line_words"]
        if not (opens_lower or left_open):
            return end
        end += line.end()
    return end


def marker_kind(match) -> str:
    """"•", "-", "1.", "a)", "(i)" ...: the glyph itself, or the shape of a number or letter with its punctuation."""
    if match.group("number"):
        return re.sub(r"\d+", "9", re.sub(r"[a-z]+", "a", match.group("number")))
    return match.group("glyph") or match.group("dash")


def plain_lines_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """Two or more short lines right after a colon, closed by a blank line, all ending alike (a prose
    paragraph straight after the list ends with a full stop where the items do not)."""
    block = PLAIN_LINES_RE.match(text[start:start + 4000])
    if not block:
        return []
    base = start + block.start(1)
    lines = [(base + m.start(), m.group()) for m in re.finditer(r"[^\n]+", block.group(1))]
    endings = {line.rstrip()[-1] in ".;" for _, line in lines}
    if len(endings) > 1 or any(len(line) > RULES["plain_line_max_chars"] for _, line in lines):
        return []
    return [item for item in (clean_item(line, at) for at, line in lines) if item]


def clean_item(raw: str, offset: int, min_words: int = 2) -> tuple[int, int, str] | None:
    """Trim list glue ("and", "or", "that", punctuation, quotes) from an item; None when nothing is left or
    the item is a committee's own decision ("That the Panel notes the findings")."""
    match = re.match(r"^[\s,;:'\"]*(?:(?:and|or|also|including|to|that)\s+)*", raw, re.I)
    start = match.end()
    end = len(raw.rstrip(" \t\n.,;:'\")"))
    if end - start < 4 or len(raw[start:end].split()) < min_words or COUNCIL_DECISION_RE.match(raw[start:end]):
        return None
    return offset + start, offset + end, raw[start:end]


def finalize(facts: list[dict]) -> list[dict]:
    """A headline's ask restated in the body ("told to improve support for disabled children", then "told it
    to improve its services for disabled children") is one recommendation: the body's is kept."""
    body = [f for f in facts if not is_headline(f["sentence"])]
    return [f for f in facts if f in body or not any(restates(f, other) for other in body)]


def restates(headline: dict, other: dict) -> bool:
    words, others = content_words(headline["text"]), content_words(other["text"])
    return headline["council"] == other["council"] and len(words & others) >= RULES["restated_share"] * len(words)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2} - RULES["function_words"]


VOICE_CHECKS = {"AREAS": not_found_by_a_committee, "AS_AREA": not_found_by_a_committee, "RECS": named_by_inspectors,
                "AREAS_NAMED": listed_by_inspectors, "FOLLOWING": listed_by_inspectors, "SEE": wanted_by_inspectors,
                "SHOULD": reported_from_inspectors, "WORK": reported_from_inspectors}


def identity(fact):
    return (" ".join(re.findall(r"[a-z0-9]+", fact["text"].lower())), fact["council"])
