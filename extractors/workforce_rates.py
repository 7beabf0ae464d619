"""Workforce rates: a percentage paired with the metric named beside it, a share of staff ("46% of social
workers ... are agency staff"), a rate in words ("over a quarter", "two in five"); changes, targets, premiums,
adults' staff and other people's rates are turned down."""

from .components import lower_words
from .numbers import parse_number
from .workforce_common import METRICS, RULES, clause_words, is_percent_after, span_figure


def is_metric_cue(doc, cue) -> bool:
    """ "agency staff", "agency rate" name the metric; "the agency said" is an organisation; "filled" names
    vacancies in "not (been) filled"."""
    if cue[0].lower_ == "filled":
        return "not" in [t.lower_ for t in doc[max(0, cue.start - 2) : cue.start]]
    if cue.label_ != "agency_rate" or cue[0].lower_ not in ("agency", "agencies"):
        return True
    following = doc[cue.end] if cue.end < len(doc) else None
    via = cue.start - 1
    while (
        via > 1 and doc[via].lower_ in RULES["agency_adjectives"]
    ):  # "through an agency", "by outside agencies"
        via -= 1
    if (
        via > 0
        and doc[via].lower_ in RULES["agency_via"]
        and doc[via - 1].lower_ in RULES["agency_via_verbs"]
    ):  # "employed through agencies"
        return True
    if via == cue.start - 1 and via > 0 and doc[via].lower_ in RULES["clause_verbs"]:
        return True  # "38% of our social workers are agency"
    return following is not None and (
        following.lower_ in RULES["agency_nouns"] or following.like_num or following.text in (":", "=", "(")
    )  # "agency 11.2%" in a list of rates


def percent_value(span):
    """ "22%", "22 per cent", "twenty-five per cent"."""
    if span[0].text.endswith("%") or span[0].lower_.endswith("pc"):
        return parse_number(span[0].text.lower().rstrip("%").removesuffix("pc"))
    return span_figure(span)


def read_rate(ctx, span, sent, cues, found) -> dict | str | None:
    """The rate a percentage gives, or why it gives none (None: not worth saying, e.g. no number). A rate
    found is noted in ``found`` (where it and its cue end) for the comparisons that follow it."""
    doc = ctx.doc
    value = percent_value(span)
    if value is None or not 0 < value <= 100:
        return None
    before = lower_words(doc, max(sent.start, span.start - 8), span.start)
    after = lower_words(doc, span.end, min(sent.end, span.end + 4))
    reason = not_a_rate(before, after)
    if reason:
        return reason
    cue = metric_cue(span, sent, cues)
    metric = (
        cue.label_
        if cue is not None
        else leavers_share(doc, span, sent)
        or previous_rate_metric(span, sent, found)
        or referred_metric(ctx, span, sent, found)
    )
    if metric is None:
        return "no workforce measure named with it"
    if metric == "sickness_rate" and ctx.words_in(sent.start, sent.end) & RULES["school_words"]:
        return "pupils' absence"
    if about_other_people(ctx.words_in(sent.start, sent.end)):
        return "about people other than staff"  # "the turnover of foster carers was 15%"
    found.append((span.start, max(span.end, cue.end if cue is not None else 0), metric))
    return {"metric": metric, "value": value, "unit": "percent"}


def not_a_rate(before, after) -> str | None:
    """Why a percentage beside a workforce word is no rate of the council's children's social workers."""
    if is_change(before) or set(after[:2]) & RULES["change_after"]:
        return "a change, not a rate"  # "rose by 3%", "20-30 per cent on top of the salary"
    if set(before) & RULES["target_words"]:
        return "a target"
    if set(" ".join(before[-6:]).replace(" - ", "-").split()) & RULES["other_population_words"]:
        return "all the council's staff"  # "against a council-wide figure of 5.1%"
    if after[:1] == ["of"] and set(after[1:]) & RULES["adult_words"]:
        return "adults' social workers, not children's"  # "9.5 per cent of adult social workers"
    return None


def about_other_people(words) -> bool:
    return bool(words & RULES["other_groups"]) and not words & RULES["staff_words"]


def is_change(before) -> bool:
    """ "down 5 per cent", "rose by 3%": a change, not a rate ("make up 11 per cent" is a rate)."""
    if not before or before[-1] not in RULES["change_before"]:
        return False
    return not (before[-1] == "up" and len(before) > 1 and before[-2] in RULES["make_up"])


def previous_rate_metric(span, sent, found) -> str | None:
    """ "make up 11 per cent ..., down from 19 per cent": a rate compared with the one just before it.

    "..., almost double the national rate of 15.4 per cent" names its comparison and may reach further.
    """
    doc = span.doc
    compared = {t.lower_ for t in doc[max(sent.start, span.start - 3) : span.start]} & RULES[
        "comparison_words"
    ]
    reach = 20 if compared else 12
    for start, end, metric in reversed(found):  # from the end of the rate or of its cue after it
        if metric in METRICS and sent.start <= start and span.start - end <= reach:
            return metric
    return None


def referred_metric(ctx, span, sent, found) -> str | None:
    """ "This is 27 per cent.", "By February the figure had fallen to 11%": the rate of the measure the
    sentence before gave ("63 agency social workers ..." gives the agency rate); a forecast or a share of
    something else ("This is 5 per cent of the budget") is none."""
    doc = ctx.doc
    opening = " ".join(lower_words(doc, sent.start, span.start))
    if (
        sent.start == 0
        or span.start - sent.start > RULES["referring_reach"]
        or not any(f" {phrase} " in f" {opening} " for phrase in RULES["referring_openings"])
        or set(opening.split()) & RULES["forecast_words"]
        or not share_of_staff_or_none(doc, span, sent)
    ):
        return None
    before = ctx.sentence(sent.start - 1)
    metrics = [
        RULES["rate_of_count"].get(m, m) for start, _, m in found if before.start <= start < before.end
    ]
    return next((m for m in reversed(metrics) if m in METRICS), None)


def share_of_staff_or_none(doc, span, sent) -> bool:
    """No "of ..." after the rate, or "of" staff."""
    clause = share_clause(doc, span, sent)
    return clause[:1] != ["of"] or bool(set(clause[:6]) & RULES["staff_words"])


def is_share_of(doc, start: int, end: int) -> bool:
    """ "46% of social workers in the service are agency staff": one clause, of staff or posts, "are" before
    the metric ("30% of referrals were from agencies" is no share of staff)."""
    words = {t.lower_ for t in doc[start:end]}
    return (
        not {",", ";", ":"} & words
        and bool({"are", "were", "is", "was"} & words)
        and bool(words & (RULES["staff_words"] | RULES["group_pronouns"]))
    )


# ------------------------------------------------------------------ rates in words: "a third", "half"


def read_fraction(ctx, span, sent, cues, found) -> tuple:
    """ "over a quarter of its social workers" (after "relied on agency staff for"), "half of the posts were
    vacant", "nearly a third left within the year", "14 per cent ..., compared with a quarter in 2014": a rate
    in words, with the span that states it."""
    doc = ctx.doc
    start, value = fraction_value(doc, span)
    if value is None:
        return None, span
    stated, clause = doc[start : span.end], share_clause(doc, span, sent)
    metric = fraction_metric(ctx, span, sent, cues, clause)
    if metric is None and is_compared(doc, start, sent):
        metric = previous_rate_metric(span, sent, found)
        return (
            {"metric": metric, "value": value, "unit": "percent", "earlier": True} if metric else None
        ), stated
    if metric is None:  # turned down in words only when it was a share of staff
        staff = clause[:1] == ["of"] and set(clause[:6]) & RULES["staff_words"]
        return ("a share ('a third') of staff with no workforce measure" if staff else None), stated
    return {"metric": metric, "value": value, "unit": "percent"}, stated


COMPARISON_LEADS = [lead.split() for lead in {phrase.lstrip(", ") for phrase in RULES["earlier_count_leads"]}]


def is_compared(doc, start: int, sent) -> bool:
    """ "down from more than half", "compared with a quarter": a rate in words a figure before is compared
    with."""
    i = start
    while i > sent.start and doc[i - 1].lower_ in RULES["fraction_qualifiers"]:
        i -= 1
    return any(lower_words(doc, max(sent.start, i - len(lead)), i) == lead for lead in COMPARISON_LEADS)


def fraction_value(doc, span) -> tuple[int, float | None]:
    """ "a third" 33.3, "two-thirds" 66.7, "half" 50; "the third year", "last quarter" are none."""
    parts = RULES["fraction_parts"][span[0].lower_]
    i = span.start - 1 - (span.start > 1 and doc[span.start - 1].text == "-")
    word = doc[i].lower_ if i >= 0 else ""
    numerator = 1 if word in ("a", "an") else parse_number(word) if word else None
    if numerator is None and parts == 2:  # "half of the posts"
        return span.start, 50.0
    if numerator is None or not 0 < numerator < parts:
        return span.start, None
    return i, round(100 * numerator / parts, 1)


def fraction_metric(ctx, span, sent, cues, clause) -> str | None:
    """The measure of a share of staff: a cue after it in its clause, the cue it shares ("relied on agency
    staff for over a quarter of ..."), or leaving ("a third of new recruits left", "nearly a third left")."""
    doc = span.doc
    if clause[:1] != ["of"]:
        staff = ctx.words_in(sent.start, sent.end) & RULES["staff_words"]
        return "turnover_rate" if has_left(clause[:1]) and staff else None
    if not set(clause[:6]) & RULES["staff_words"]:
        return None  # "half of the children", "a third of the budget"
    following = [c for c in cues if span.end <= c.start < span.end + len(clause)]
    if following and is_share_of(doc, span.end, following[0].start):
        return following[0].label_
    shared = [c for c in cues if sent.start <= c.start and c.end <= span.start]
    if (
        shared
        and {t.lower_ for t in doc[shared[-1].end : span.start]}
        <= RULES["share_links"] | RULES["agency_nouns"]
    ):
        return shared[-1].label_
    return "turnover_rate" if has_left(clause) else None


def share_clause(doc, span, sent) -> list[str]:
    """The words after a share up to the end of its clause: "of new recruits left within a year"."""
    return clause_words([t.lower_ for t in doc[span.end : min(sent.end, span.end + RULES["share_reach"])]])


def leavers_share(doc, span, sent) -> str | None:
    """ "14% of children's social workers left in the year": a turnover rate."""
    if span.end >= sent.end or doc[span.end].lower_ != "of":
        return None
    clause = share_clause(doc, span, sent)
    staff = clause[:1] == ["of"] and set(clause[:6]) & RULES["staff_words"]
    return "turnover_rate" if staff and has_left(clause) else None


def has_left(words) -> bool:
    """ "left", "quit" as what the staff did ("a third of those who left said ..." is about some leavers;
    "half are considering leaving" an intention)."""
    return any(
        w in RULES["left_words"] and (k == 0 or words[k - 1] not in ("who", "that", "which"))
        for k, w in enumerate(words)
    )


def metric_cue(span, sent, cues):
    """The metric's cue named nearest before the rate; for "46% of social workers ... are agency staff", the
    one after. A share ("50 per cent of the county's social workers qualified ...") takes a cue before it only
    from its own clause."""
    doc = span.doc
    follows = doc[span.end].lower_ if span.end < len(doc) else ""
    if follows == ")" and span.end + 1 < len(doc):
        follows = doc[span.end + 1].lower_
    reach = RULES["share_reach"] if follows == "of" else 3
    after = [c for c in cues if c.start >= span.end and c.start - span.end <= reach and c.end <= sent.end]
    if after and follows == "of" and is_share_of(doc, span.end, after[0].start):
        return after[0]
    before = [c for c in cues if sent.start <= c.start and c.end <= span.start and span.start - c.end <= 15]
    if before and not (follows == "of" and new_clause(doc, before[-1].end, span.start)):
        return before[-1]
    near = [c for c in after if c.start - span.end <= RULES["after_reach"]]
    return near[0] if near and follows != "of" else None  # a share "of" names its metric in its clause


def new_clause(doc, start: int, end: int) -> bool:
    """ "... employed no agency staff and had an experienced workforce": a clause of its own begins
    between."""
    words = [t.lower_ for t in doc[start:end]]
    if set(words) & RULES["clause_breaks"]:
        return True
    return any(a == "and" and b in RULES["clause_verbs"] for a, b in zip(words, words[1:], strict=False))


def share_in(part, whole, span, sent, cues) -> dict | str:
    """ "One in five social workers was employed through an agency", "two in five of them were on agency
    contracts": a rate, when the sentence names one metric."""
    if span[-1].lower_ == "of" and not staff_after(span.doc, span.end, sent):
        return "a share ('one in five of ...') of something other than staff"
    metrics = {c.label_ for c in cues if sent.start <= c.start < sent.end}
    if not metrics and has_left([t.lower_ for t in span.doc[span.end : sent.end]]):
        metrics = {"turnover_rate"}  # "one in six children's social workers left their jobs"
    if len(metrics) != 1 or part is None or whole is None or not 0 < part < whole:
        return "a share ('one in five') of no one measure"
    return {"metric": metrics.pop(), "value": round(100 * part / whole, 1), "unit": "percent"}


def staff_after(doc, i: int, sent) -> bool:
    """ "(one in four of) the city's children's social workers", "(of) them": staff, or a pronoun for them."""
    words = [t.lower_ for t in doc[i : min(sent.end, i + RULES["share_reach"])]]
    subject = words[: next((k for k, w in enumerate(words) if w in RULES["subject_ends"]), len(words))]
    return bool(set(subject) & (RULES["staff_words"] | RULES["group_pronouns"]))


def ends_in_percent(doc, span) -> bool:
    """ "vacancies rose to 20.7%", "agency staff were covering 30%": a rate, read as one, not a count."""
    return span.label_ != "PERCENT" and span[-1].like_num and is_percent_after(doc, span.end)
