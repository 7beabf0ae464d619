"""Whose voice a recommendations cue is in: the inspectors' (Ofsted, inspectors, their report or letter,
reported speech of them, a list under their words), not a council's own "we need to improve", a committee's
recommendations or asks of all councils."""

import re

from .recommendation_lists import MAX_LIST_ITEMS, colon_lead_in, list_after, starts_list_item
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("recommendation_rules.json"))
INSPECTOR_SPEAKERS = (
    RULES["inspector_names"] | RULES["other_inspector_speakers"]
)  # "the monitoring visit found"


def in_inspector_voice(ctx, trigger, sent) -> bool:
    if someone_else_asks(ctx, trigger, sent):
        return False
    return VOICE_CHECKS.get(trigger.label_, said_by_inspectors)(ctx, trigger, sent)


def someone_else_asks(ctx, trigger, sent) -> bool:
    """ "We need to improve", "the government should", "no areas for improvement", and asks of all councils
    ("Ofsted urged local authorities to tackle the problem")."""
    before = {t.lower_ for t in ctx.doc[max(sent.start, trigger.start - 3) : trigger.start]}
    return bool(
        before & RULES["not_inspector_subjects"]
        or before & {"not", "no", "never", "nothing"}
        or {t.lower_ for t in trigger} & RULES["national_subjects"]
    )


def not_found_by_a_committee(ctx, trigger, sent) -> bool:
    """ "Areas for improvement" are the inspectors' unless a panel or committee found them."""
    return last_speaker(lead_in_words(ctx, trigger, sent)) not in RULES["own_finders"]


def named_by_inspectors(ctx, trigger, sent) -> bool:
    """ "Ofsted made five recommendations:"; a report's own "Recommendations:" heading is the council's."""
    if ctx.words_in(sent.start, trigger.start) & INSPECTOR_SPEAKERS:
        words = [t.lower_ for t in ctx.doc[sent.start : trigger.start]]
        if last_speaker(words) in INSPECTOR_SPEAKERS:
            return True
    return words_about_inspectors(ctx, sent)


def listed_by_inspectors(ctx, trigger, sent) -> bool:
    """ "Key areas identified by inspectors were around:", "the report identified the following areas:"."""
    return inspectors_speak(ctx, sent, sent.end)


def wanted_by_inspectors(ctx, trigger, sent) -> bool:
    """ "Inspectors want to see ..."."""
    return inspectors_speak(ctx, sent, trigger.start)


def reported_from_inspectors(ctx, trigger, sent) -> bool:
    """ "Inspectors considered that X should be Y", or a list item under "The Ofsted report said:"."""
    return inspectors_report_it(ctx, sent, trigger) or under_inspectors_intro(ctx, sent)


def said_by_inspectors(ctx, trigger, sent) -> bool:
    """ "needs to improve", "recommended that", "called for improvements in": Ofsted or its words in the
    sentence (or, for "It recommended that", just before), reported speech, or a list heading under them."""
    if trigger.label_ == "CALLED_FOR" and not words_about_inspectors(ctx, sent):
        return False
    words = ctx.words_in(sent.start, sent.end)
    if trigger.label_ in ("RECOMMEND", "CALLED_FOR"):
        words |= ctx.words_in(sent.start - 40, sent.start)
    return (
        bool(words & RULES["inspector_words"])
        or reports_inspectors(ctx, sent)
        or under_inspectors_intro(ctx, sent)
        or (heads_a_list(ctx, trigger, sent) and inspectors_speak(ctx, sent, trigger.start))
    )


def reports_inspectors(ctx, sent) -> bool:
    """ "They also said leaders should strengthen X": reported speech of the inspectors named just before."""
    opening = ctx.words_in(sent.start, min(sent.end, sent.start + 4))
    return bool(opening & RULES["reporting_verbs"]) and words_about_inspectors(ctx, sent)


def words_about_inspectors(ctx, sent) -> bool:
    """Ofsted named in the sentence, or "They also called for..." right after a sentence naming it."""
    if ctx.words_in(sent.start, sent.end) & RULES["inspector_names"]:
        return True
    first = sent.start + (ctx.doc[sent.start].lower_ in RULES["leading_conjunctions"])  # "But they said..."
    return (
        first < sent.end
        and ctx.doc[first].lower_ in ("they", "it")
        and bool(ctx.words_in(max(0, sent.start - 40), sent.start) & RULES["inspector_names"])
    )


def lead_in_words(ctx, trigger, sent) -> list[str]:
    """The sentence's words up to the items: before the cue and after it up to ":", "include" or "were"
    ("areas for improvement identified by the panel were")."""
    words = [t.lower_ for t in ctx.doc[sent.start : trigger.end]]
    for token in ctx.doc[trigger.end : sent.end]:
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
    speaker = last_speaker([t.lower_ for t in ctx.doc[sent.start : end]])
    if speaker is not None:
        return speaker in INSPECTOR_SPEAKERS
    earlier = [t.lower_ for t in ctx.doc[max(0, sent.start - 60) : sent.start]]
    title = set(re.findall(r"[a-z]+", (ctx.title or "").lower()))
    return last_speaker(earlier) in RULES["strong_inspector_names"] or bool(
        title & RULES["strong_inspector_names"]
    )


def inspectors_report_it(ctx, sent, trigger) -> bool:
    """ "Inspectors considered that capacity should be increased", "in the inspectors' view there should be":
    the inspectors are named with a reporting word after them, no one else speaks after, and they are not
    the clause's subject ("Ofsted should be abolished")."""
    if not ctx.words_in(sent.start, trigger.start) & INSPECTOR_SPEAKERS:
        return False
    words = [t.lower_ for t in ctx.doc[sent.start : trigger.start]]
    named = [k for k, word in enumerate(words) if word in INSPECTOR_SPEAKERS]
    if not named or last_speaker(words) not in INSPECTOR_SPEAKERS or named[-1] >= len(words) - 2:
        return False
    return bool(set(words[named[0] + 1 :]) & RULES["inspector_reporting_words"])


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
            return sent if ctx.text[sent.start_char : sent.end_char].rstrip().endswith(":") else None
    return None


def heads_a_list(ctx, trigger, sent) -> bool:
    """ "What needs to improve in this area of practice:" or a heading line, with list lines right after
    it."""
    rest = ctx.text[trigger.end_char : sent.end_char].strip()
    lead_in = rest == "" or (rest.endswith(":") and colon_lead_in(rest) == len(rest))
    return lead_in and bool(list_after(ctx.text, sent.end_char))


VOICE_CHECKS = {
    "AREAS": not_found_by_a_committee,
    "AS_AREA": not_found_by_a_committee,
    "AMONG_AREAS": not_found_by_a_committee,
    "RECS": named_by_inspectors,
    "AREAS_NAMED": listed_by_inspectors,
    "FOLLOWING": listed_by_inspectors,
    "SEE": wanted_by_inspectors,
    "SHOULD": reported_from_inspectors,
    "WORK": reported_from_inspectors,
}
