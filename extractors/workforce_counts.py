"""Counts of staff: agency workers in post, vacancies, recruits (planned ones too), leavers and headcounts,
from "63 agency social workers", "the number of agency social workers has fallen from 64 to 38", "Of the 92
social workers, ...", "42 FTE vacancies"; targets, changes and moves between contracts are not counts."""

from spacy.tokens import Span

from .candidates import rejected
from .components import lower_words
from .numbers import parse_number
from .workforce_common import RULES, clause_words, dated, is_percent_after, span_figure
from .workforce_rates import is_metric_cue, share_in


def group_read(doc, span, sent):
    """ "Of the 92 social workers, ..." opening a clause is a group's size; "the 92 social workers in X", "one
    of the 40 new social workers" are read as counts of staff."""
    if span[0].lower_ == "of" and opens_clause(doc, span.start, sent):
        return Span(doc, span.start, span.end, label="HEADCOUNT_OF")
    i = next(t.i for t in span if t.like_num)
    if doc[i + 1].lower_ in RULES["fte_words"]:  # "employed the equivalent of 412.5 FTE social workers"
        return Span(doc, i, i + 2, label="FTE")
    return Span(doc, i, span.end, label="STAFF")


def opens_clause(doc, i: int, sent) -> bool:
    return i == sent.start or doc[i - 1].text in (",", ";", ":", "-", "–", "—", "(")


EARLIER_LEADS = sorted((phrase.split() for phrase in RULES["earlier_count_leads"]), key=len, reverse=True)


def earlier_count(ctx, span, sent, fact):
    """ "There were 11 agency social workers, down from 19 a year ago", "31 social workers left, compared with
    48 in 2017": the count it is compared with, right after it or at the end of its clause."""
    doc = ctx.doc
    for start in comparison_starts(doc, span, sent):
        for lead in EARLIER_LEADS:
            i = start + len(lead)
            if i >= sent.end or lower_words(doc, start, i) != lead:
                continue
            while i < sent.end - 1 and doc[i].lower_ in RULES["earlier_count_fillers"]:
                i += 1  # "against an average of 145 per month"
            value = parse_number(doc[i].text)
            if (
                value is None
                or not 1 <= value <= RULES["council_count_max"]
                or is_percent_after(doc, i + 1)
                or is_year(doc[i].text)
            ):
                return
            earlier = dict(fact, value=value)
            end_char, earlier["as_of"] = dated(ctx, doc[i : i + 1], sent)
            yield earlier, (i, i + 1), (doc[i - 1].idx, end_char)
            return


def comparison_starts(doc, span, sent) -> list[int]:
    """Where a comparison of a count may begin: right after it (past "per month": "107 agency staff per month,
    against ..."), or at the comma ending its clause when no other figure comes first ("26 agency social
    workers were working in the service in October, up from 19")."""
    start = span.end
    if (
        lower_words(doc, start, start + 1) == ["per"]
        or doc[start : start + 2].text.lower() in RULES["per_period"]
    ):
        start += 2
    for i in range(start, min(sent.end, start + RULES["comparison_reach"])):
        if doc[i].text == "," and i > start:
            return [start, i]
        if doc[i].like_num or doc[i].text in (";", ":"):
            break
    return [start]


def is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and 1990 <= int(text) <= 2040


COUNTED_GROUPS = {
    "NUMBER_OF_AGENCY": "agency_workers",
    "NUMBER_OF_VACANCIES": "vacancies",
    "NUMBER_OF_STAFF": "headcount_fte",
}


def read_number_of(ctx, span, sent):
    """ "The number of agency social workers has fallen from 64 to 38": counts after the phrase (England's
    "fell to 6,500 full-time equivalents" too: the phrase names what is counted). A planned "to" figure
    ("a restructure taking the number of posts from 313 to 473") is not a count yet."""
    doc = ctx.doc
    start, metric = counted_metric(doc, span, sent)
    end = min(sent.end, start + 16)
    stop = next((t.i for t in doc[start:end] if t.lower_ in RULES["number_of_stops"]), end)
    planned = bool(ctx.words_in(sent.start, span.start) & RULES["plan_words"])
    for i in ctx.numbers_in(start, stop):  # "... to 33, and caseloads have come down to 15": not 15
        value = parse_number(doc[i].text)
        before = doc[i - 1].lower_
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if (
            value is None
            or not 1 <= value <= RULES["number_of_max"]
            or after in ("%", "per", "percent")
            or before not in RULES["count_leads"]
        ):
            continue
        if planned and before == "to":
            yield rejected("a planned figure, not a count", doc[i : i + 1])
            continue
        full_time = after in RULES["fte_words"] or ctx.words_in(span.start, span.end) & RULES["fte_words"]
        fact = {
            "metric": staff_metric(doc, span, i) if metric == "headcount_fte" else metric,
            "value": value,
            "unit": "fte" if full_time else "count",
        }
        end_char, fact["as_of"] = dated(ctx, doc[i : i + 1], sent)
        yield fact, (i, i + 1), (doc[i - 1].idx, end_char)


def counted_metric(doc, span, sent) -> tuple[int, str]:
    """Where the figures may start and what they count: "the number of social work vacancies" counts
    vacancies."""
    metric = COUNTED_GROUPS[span.label_]
    if span.end < sent.end and doc[span.end].lower_ == "per":
        return sent.end, metric  # "the number of social workers per 10,000 children"
    if metric == "headcount_fte" and span.end < sent.end and doc[span.end].lower_ in RULES["vacancy_words"]:
        return span.end + 1, "vacancies"
    return span.end, metric


def group_metric(doc, span, sent) -> str | None:
    """ "Of the 92 social workers in X, ...": a headcount; "Of the 30 social workers recruited in 2022, ...":
    recruits; "Of the 12 social workers interviewed, ...": a sample (None)."""
    end = next((t.i for t in doc[span.end : sent.end] if t.text in (",", ";", ":", "(")), sent.end)
    end = min(end, span.end + 8)
    if {t.lower_ for t in doc[span.end : end]} & RULES["sample_words"]:
        return None
    return staff_metric(doc, span, end)


def staff_metric(doc, span, i: int) -> str:
    """ "the number of social workers leaving", "the number of new social workers": leavers, recruits, or
    the headcount."""
    words = {t.lower_ for t in doc[span.start : i]}
    if words & RULES["leaver_words"]:
        return "leavers"
    if (
        words
        & (RULES["new_words"] | RULES["recruit_after"] | RULES["recruit_before"]) - RULES["employ_words"]
    ):
        return "recruited"
    return "headcount_fte"


LABEL_METRICS = {
    "LEAVERS": "leavers",
    "AGENCY_SHARE": "agency_workers",
    "POSTS": "vacancies",
    "VACANCIES": "vacancies",
    "VACANCIES_AT": "vacancies",
}
GROUP_SIZES = {"HEADCOUNT_OF", "TEAM_COUNT"}


def read_count(ctx, span, sent, cues) -> dict | str | None:
    """The count a number of staff gives, or why it gives none."""
    doc, value = ctx.doc, span_figure(span)
    if value is None or not 1 <= value <= RULES["number_of_max"]:  # England's "7,100 social workers left"
        return None
    before = lower_words(doc, max(sent.start, span.start - 6), span.start)
    after = lower_words(doc, span.end, min(sent.end, span.end + 8))
    reason = not_a_count(before, after)
    if reason:
        return reason
    if span.label_ == "STAFF":
        named = before[-1:] == ["the"] and ctx.council_right_after(span.end) is not None
        return staff_count(doc, span, sent, value, (before, after, named))
    return labelled_count(doc, span, sent, cues, value, (before, after))


def count(metric: str, value, unit: str = "count") -> dict:
    return {"metric": metric, "value": value, "unit": unit}


def not_a_count(before, after) -> str | None:
    if before[-1:] and before[-1] in RULES["reference_words"]:
        return "a reference number ('question 2'), not a count"
    if before[-2:] == ["out", "of"] and len(before) > 2 and parse_number(before[-3]) is not None:
        return "a share ('3 out of 10 social workers'), not a count"
    if (
        is_target(before)
        or set(after[:4]) & RULES["needed_after"]
        or is_change_by(before)
        or before[-2:] in (["fewer", "than"], ["less", "than"])
    ):
        return "a target, a change or a bound"  # "fewer than 10 of whom are agency staff"
    return None


def labelled_count(doc, span, sent, cues, value, around) -> dict | str | None:
    """A count whose construction names what it counts: "one in five social workers", "Of the 92 social
    workers, ...", "42 FTE vacancies", "agency workers were covering 82 of the vacancies", "14 posts are
    vacant"."""
    label, (before, after) = span.label_, around
    if label == "SHARE_IN":
        return share_in(parse_number(span[0].text), span_figure(span[2:]), span, sent, cues)
    if label in GROUP_SIZES:
        return group_size(doc, span, sent, value)
    if label == "FTE":
        return count(fte_metric(before, after, clause_opening(doc, span, sent)), value, "fte")
    if label == "POSTS_OF":
        return posts_of(
            value, [t.lower_ for t in doc[span.end : min(sent.end, span.end + RULES["share_reach"])]]
        )
    if label == "AGENCY_COVER":
        return agency_cover(value, after)
    if label == "MORE_STARTERS":
        return more_starters(doc, span, sent, value, before)
    return count(LABEL_METRICS[label], value)


def more_starters(doc, span, sent, value, before) -> dict | None:
    """ "has recruited 15 social workers ..., and a further 10 are due to start", "31 social workers left,
    while 15 were recruited": recruits counted after social workers were named."""
    further = before[-1:] and before[-1] in RULES["more_of_the_same"]
    recruited = span[-1].lower_ in RULES["recruit_after"] - RULES["employ_words"] - RULES["joiner_verbs"]
    named = "social" in before_sentence(doc, span, sent)
    return count("recruited", value) if (further or recruited) and named else None


def group_size(doc, span, sent, value) -> dict | str:
    unit = "fte" if {t.lower_ for t in span} & RULES["fte_words"] else "count"
    metric = group_metric(doc, span, sent)
    return count(metric, value, unit) if metric else "a sample of staff, not the workforce"


def staff_count(doc, span, sent, value, around) -> dict | str:
    """ "63 agency social workers", "37 newly qualified social workers", "50 starters": what a count of staff
    counts is said by its own words and those around it; "the 92 social workers in X" is X's headcount."""
    (before, after, named), noun = around, span[-1].lower_
    adjectives = {t.lower_ for t in span[1:]}
    if noun in RULES["noun_metrics"]:  # "50 starters and 38 leavers"
        return count(RULES["noun_metrics"][noun], value)
    if "agency" in adjectives:
        return agency_count(value, before, after)
    metric = staff_metric_around(doc, span, sent, adjectives, before, after) or (
        "headcount_fte" if named else None
    )
    if metric == "recruited" and noun in RULES["post_words"] and not posts_planned(doc, span, sent, before):
        return "posts created, not staff recruited"
    return count(metric, value) if metric else "staff counted with no word of joining, leaving or working"


def posts_planned(doc, span, sent, before) -> bool:
    """ "will fund 12 temporary social worker posts", "to create 20 additional posts", "would see 23 posts
    created": planned recruitment (SCHEMA); "an extra 40 posts had been created" says nothing of who fills
    them."""
    to_create = len(before) > 1 and before[-2] == "to" and before[-1] in RULES["recruit_before"]
    return to_create or bool(before_sentence(doc, span, sent) & RULES["plan_words"])


def staff_metric_around(doc, span, sent, adjectives, before, after) -> str | None:
    if set(before[-4:]) & RULES["shortage_words"] and "of" in before[-2:]:
        return "vacancies"  # "a national shortage of around 6,500 social workers"
    if leaving_first(after):
        return "leavers"
    if adjectives & RULES["new_words"]:
        return "recruited"
    if in_post(before, after):
        return "headcount_fte"
    if is_recruited(doc, span, sent, before, after):
        return "recruited"
    if set(before[-3:]) & (RULES["employ_words"] | RULES["establishment_words"]) or there_are(before, after):
        return "headcount_fte"  # "an establishment of 120", "there were 142 social workers in"
    return None


def in_post(before, after) -> bool:
    """ "the 310 social workers employed by", "233 social workers employed or engaged", "..., out of 233
    qualified social workers": the staff in post."""
    employed = (
        after[:1] and after[0] in RULES["employ_words"] and after[1:2] and after[1] in RULES["employed_links"]
    )
    return bool(employed) or before[-2:] == ["out", "of"]


def is_recruited(doc, span, sent, before, after) -> bool:
    return (
        bool(set(after) & RULES["recruit_after"] or set(before[-4:]) & RULES["recruit_before"])
        or takes_on(before)
        or takes_up_posts(doc, span, sent)
        or listed_after_recruits(doc, span, sent)
    )


def there_are(before, after) -> bool:
    """ "there were 142 case-holding social workers in children's social care": the staff in post; "there are
    12 social workers on sick leave" is not."""
    return (
        before[-2:-1] == ["there"]
        and before[-1] in RULES["clause_verbs"]
        and bool(after[:1])
        and after[0] in RULES["in_post_after"]
    )


def listed_after_recruits(doc, span, sent) -> bool:
    """ "recruit 32 residential care workers and four registered managers", "fund 12 posts and 3 team
    managers": the next count of a list shares the first's verb."""
    if span.start - 1 <= sent.start or doc[span.start - 1].lower_ not in ("and", ","):
        return False
    floor = max(sent.start, span.start - RULES["list_reach"])
    first = next((i for i in range(span.start - 2, floor - 1, -1) if doc[i].like_num), None)
    lead = [t.lower_ for t in doc[max(sent.start, first - 4) : first]] if first is not None else []
    return bool(set(lead[-2:]) & RULES["recruit_before"]) or takes_on(lead)


def is_change_by(before) -> bool:
    """ "cut by 12 social workers" is a change; "will be joined by 25 new recruits" is not."""
    return before[-1:] == ["by"] and not (len(before) > 1 and before[-2] in RULES["recruit_after"])


def takes_on(before) -> bool:
    """ "will take on 40 more social workers", "is taking on 12 social workers", "to bring in 50 social
    workers"."""
    return len(before) > 1 and before[-2] in RULES["hiring_particles"].get(before[-1], ())


def takes_up_posts(doc, span, sent) -> bool:
    """ "Two social workers are travelling from South Africa to take up new jobs in ...", "14 social workers
    had been offered permanent posts": new starters."""
    words = [t.lower_ for t in doc[span.end : sent.end]]
    for k, word in enumerate(words[:-2]):
        taking = (word in RULES["take_words"] and words[k + 1] == "up") or word in RULES["offer_words"]
        if taking and set(words[k + 1 : k + 5]) & RULES["job_words"]:
            return True
    return False


def leaving_first(after) -> bool:
    """ "74 social workers left the council": leavers; "40 new social workers recruited in 2022 ... have
    already left" are recruits (the first word of joining or leaving decides); "on sick leave" and "planned to
    leave" are no leaving."""
    not_leaving = RULES["leave_kinds"] | RULES["leave_intents"]
    kinds = [
        w
        for k, w in enumerate(after)
        if w in RULES["recruit_after"]
        or (w in RULES["leaver_words"] and not (k and after[k - 1] in not_leaving))
    ]
    return bool(kinds) and kinds[0] in RULES["leaver_words"]


def is_target(before) -> bool:
    """ "wants to recruit 50 more": an aim; but "aims to replace 60 agency staff" counts the staff there
    now."""
    return bool(set(before) & RULES["target_words"]) and not set(before[-4:]) & RULES["replace_words"]


def fte_metric(before, after, opening) -> str:
    """ "42 FTE vacancies", "Vacancies stood at 42 FTE", "Vacancies in the team are running at 9 FTE posts",
    "31 FTE posts were vacant", "4,800 FTE agency workers", "7,200 FTE social workers left", "6,900 FTE
    joined"; otherwise a headcount ("120 full-time equivalents")."""
    clause = clause_words(after)
    if (
        (set(clause[:3]) | set(before[-3:])) & RULES["vacancy_words"]
        or posts_unfilled(clause)
        or vacancies_stand_at(before, opening)
    ):
        return "vacancies"
    if "agency" in clause[:2]:
        return "agency_workers"
    if set(clause) & RULES["leaver_words"]:
        return "leavers"
    if set(clause) & RULES["joiner_words"] or set(before[-3:]) & (
        RULES["recruit_before"] - RULES["employ_words"]
    ):
        return "recruited"  # "recruited 12 FTE social workers"
    return "headcount_fte"


def vacancies_stand_at(before, opening) -> bool:
    """ "Vacancies in the disabled children's team are still running at 9 FTE": vacancies open the clause and
    the figure is what they stand at."""
    return (
        bool(set(opening) & RULES["vacancy_words"])
        and before[-1:] != []
        and before[-1] in RULES["count_leads"]
    )


def posts_unfilled(clause) -> bool:
    """ "social work posts were vacant", "posts are currently unfilled": posts, then a word of their being
    empty."""
    post = next((k for k, word in enumerate(clause[:4]) if word in RULES["post_words"]), None)
    return post is not None and bool(set(clause[post + 1 : post + 4]) & RULES["unfilled_words"])


def posts_of(value, after) -> dict | None:
    """ "12 of the 48 social worker posts in the safeguarding teams are empty": vacancies; "... are filled by
    agency staff": agency workers."""
    clause = set(clause_words(after))
    if clause & RULES["unfilled_words"]:
        return count("vacancies", value)
    if clause & RULES["filled_words"] and clause & RULES["agency_words"]:
        return count("agency_workers", value)
    return None


def clause_opening(doc, span, sent) -> list[str]:
    """The first two words of the clause a span is in: "Vacancies in the disabled children's team are ..."."""
    start = max(
        (t.i + 1 for t in doc[sent.start : span.start] if t.text in (",", ";", ":")), default=sent.start
    )
    return [t.lower_ for t in doc[start : min(start + 2, span.start)]]


def before_sentence(doc, span, sent) -> set:
    return {t.lower_ for t in doc[sent.start : span.start]}


def agency_count(value, before, after) -> dict | str:
    """ "63 agency social workers were working for the council", "replace more than 60 agency staff", "(6
    agency workers)": agency staff in post; "12 agency workers are converting to permanent contracts" is a
    move."""
    replaced = (
        set(before[-4:]) & RULES["replace_words"]
    )  # "to replace 25 agency workers with permanent staff"
    if not replaced and (set(after) & RULES["agency_moving"] or set(before[-3:]) & RULES["agency_moved_by"]):
        return "agency staff moving, not in post"
    return {"metric": "agency_workers", "value": value, "unit": "count"}


def agency_cover(value, after) -> dict | str:
    """ "Agency staff were filling 31 of the posts": the count of posts agency staff hold."""
    if not after[:1] or after[0] not in RULES["covered_nouns"]:
        return "agency staff covering something other than posts"
    return {"metric": "agency_workers", "value": value, "unit": "count"}


def read_no_agency(ctx, cues):
    """ "It now employs no agency staff": none in post, a count of 0."""
    doc = ctx.doc
    for cue in cues:
        i = cue.start
        if (
            cue.label_ != "agency_rate"
            or i < 2
            or doc[i - 1].lower_ != "no"
            or doc[i - 2].lower_ not in RULES["agency_have"]
            or not is_metric_cue(doc, cue)
        ):
            continue
        sent = ctx.sentence(i)
        end = cue.end
        while end < min(sent.end, cue.end + 2) and doc[end].lower_ in RULES["agency_nouns"]:
            end += 1  # "no agency social workers"
        if {t.lower_ for t in doc[end - 1 : end + 1]} & RULES["agency_spend_words"]:
            continue  # "has no agency staff budget", "no agency spend"
        if {t.lower_ for t in doc[max(sent.start, i - 5) : i]} & RULES["future_words"]:
            yield rejected("no agency staff planned, not in post", doc[i - 1 : cue.end + 1])
            continue
        yield (
            {"metric": "agency_workers", "value": 0, "unit": "count", "as_of": None},
            (i - 1, end),
            (doc[i - 2].idx, doc[end - 1].idx + len(doc[end - 1].text)),
        )


def read_permanent_and_agency(ctx, span, sent):
    """ "There were 5 permanent heads of service and 3 agency": the agency count, and the permanent one it
    pairs."""
    doc = ctx.doc
    value = span_figure(span)
    if value is None or not 1 <= value <= RULES["number_of_max"]:
        return
    fact = agency_count(value, [], [t.lower_ for t in doc[span.end : min(sent.end, span.end + 8)]])
    if isinstance(fact, str):
        yield rejected(fact, span)
        return
    yield dict(fact, as_of=None), (span.start + 1, span.end), (doc[span.start + 1].idx, span.end_char)
    for i in range(span.start - 2, max(sent.start, span.start - RULES["permanent_reach"]) - 1, -1):
        if doc[i].text in (";", ".", ":"):
            return
        if doc[i + 1].lower_ == "permanent" and parse_number(doc[i].text) is not None:
            fact = {
                "metric": "headcount_fte",
                "value": parse_number(doc[i].text),
                "unit": "count",
                "as_of": None,
            }
            yield fact, (i, i + 2), (doc[i].idx, doc[i + 1].idx + len(doc[i + 1].text))
            return
