"""Workforce figures: agency, turnover, vacancy and sickness rates, recruits, leavers and FTE headcounts.

A percentage belongs to the metric named just before it in its sentence ("agency numbers are still
high at 22 per cent", "turnover ... from 20 per cent to 14 per cent"), or after it when it is a share
of staff in one clause ("34% of social worker posts are not filled"); a rate may be said in words ("over
a quarter", "two in five"). Changes ("down 5 per cent"), targets ("aims to cut agency use to 10 per
cent"), premiums, adults' staff and councils left unnamed ("some councils") are not figures. A count of
social workers is "recruited" when they are new, recruited, joining, due to start or planned ("will take
on 40 more"), "leavers" when they left, agency staff in post unless they are moving to permanent posts,
and a headcount when the text gives a group's size ("Of the 92 social workers, ...", "the equivalent of
91 full-time staff", a list line "CLA – 16 social workers").
"""
import re

from spacy.tokens import Span
from spacy.util import filter_spans

from .candidates import Rejected, rejected
from .dates import date_after, now_before
from .figures import in_council_column, in_national_column, table_cells
from .numbers import TENS, UNITS, parse_number, word_number
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("workforce_rules.json"))
METRICS = ("agency_rate", "turnover_rate", "vacancy_rate", "sickness_rate")
NEEDS_COUNCIL = False


def read(ctx):
    doc = ctx.doc
    spans = list(doc.spans.get("workforce", []))
    cues = [s for s in spans if s.label_ in METRICS and is_metric_cue(doc, s)]
    rates, counted = [], set()
    figures = [s for s in spans if s.label_ not in METRICS and not ends_in_percent(doc, s)]
    for span in filter_spans(figures):
        sent = ctx.sentence(span.start)
        span = as_read(ctx, span, sent)
        if span is None:
            continue
        if span.label_ in COUNTED_GROUPS:
            yield from read_counted(ctx, span, sent, counted)
        elif span.label_ == "AGENCY_TOO":
            yield from read_permanent_and_agency(ctx, span, sent)
        elif span.start not in counted:     # "number of agency social workers fell to 4,500 FTE": counted already
            yield from read_figure(ctx, span, sent, cues, rates)
    yield from read_no_agency(ctx, cues)
    yield from read_table_rates(ctx)
    yield from read_labelled_counts(ctx)


def read_counted(ctx, span, sent, counted: set):
    for found in read_number_of(ctx, span, sent):
        counted.add(found.tokens[0] if isinstance(found, Rejected) else found[1][0])
        yield found


def read_figure(ctx, span, sent, cues, rates):
    """A percentage, a rate in words or a count of staff (with the count it is compared with)."""
    if span.label_ == "PERCENT":
        fact = read_rate(ctx, span, sent, cues, rates)
    elif span.label_ == "FRACTION":
        fact, span = read_fraction(ctx, span, sent, cues)
    else:
        fact = read_count(ctx, span, sent, cues)
    if isinstance(fact, dict) and unnamed_councils(ctx, sent, span.start):
        fact = "councils the text does not name"      # "some councils rely on agency staff for over 30%"
    if isinstance(fact, str):
        yield rejected(fact, span)
    elif fact:
        end_char, fact["as_of"] = dated(ctx, span, sent)
        yield fact, (span.start, span.end), (span.start_char, end_char)
        if fact["unit"] == "count":
            yield from earlier_count(ctx, span, sent, fact)


def as_read(ctx, span, sent):     # -> Span | None
    """A group's size ("Of the 92 social workers, ...", a list line "Assessment team – 16 social workers") is
    read as such only in its construction; elsewhere ("one of the 40 new social workers") its count is
    read like any other."""
    if span.label_ == "GROUP":
        return group_read(ctx.doc, span, sent)
    start = compound_start(ctx.doc, span.start, sent.start)
    if start < span.start:                 # "thirty three new recruits", "twenty-five per cent"
        return Span(ctx.doc, start, span.end, label=span.label_)
    if span.label_ == "TEAM_COUNT":        # the figure on, without the dash or colon before it
        if span[-1].lower_ == "social":    # "- 5 social care staff": no team line
            return None
        return Span(ctx.doc, span.start + 1, span.end, label="TEAM_COUNT" if is_team_line(ctx, span) else "STAFF")
    return span


def group_read(doc, span, sent):
    """"Of the 92 social workers, ..." opening a clause is a group's size; "the 92 social workers in X", "one
    of the 40 new social workers" are read as counts of staff."""
    if span[0].lower_ == "of" and opens_clause(doc, span.start, sent):
        return Span(doc, span.start, span.end, label="HEADCOUNT_OF")
    i = next(t.i for t in span if t.like_num)
    if doc[i + 1].lower_ in RULES["fte_words"]:      # "employed the equivalent of 412.5 FTE social workers"
        return Span(doc, i, i + 2, label="FTE")
    return Span(doc, i, span.end, label="STAFF")


def opens_clause(doc, i: int, sent) -> bool:
    return i == sent.start or doc[i - 1].text in (",", ";", ":", "-", "–", "—", "(")


TEAM_LABEL_RE = re.compile(r"^[ \t]*(?:[-•*·][ \t]*)?[A-Za-z][A-Za-z '&()/-]{0,50}$")


def is_team_line(ctx, span) -> bool:
    """"CLA – 16 social workers (6 agency)", "Review team: 3 SW": a list line giving a team's size under its
    label, the line ending there or going on with a bracket or a dash."""
    text, label_end = ctx.text, span.start_char
    label = text[text.rfind("\n", 0, label_end) + 1:label_end]
    line_end = text.find("\n", span.end_char)
    rest = text[span.end_char:line_end if line_end >= 0 else len(text)].strip()
    return bool(TEAM_LABEL_RE.match(label)) and len(label.split()) <= 6 and (not rest or rest[0] in "(-–—,;")


EARLIER_LEADS = sorted((phrase.split() for phrase in RULES["earlier_count_leads"]), key=len, reverse=True)


def earlier_count(ctx, span, sent, fact):
    """"There were 11 agency social workers, down from 19 a year ago": the count it is compared with."""
    doc = ctx.doc
    start = span.end
    if [t.lower_ for t in doc[start:start + 1]] == ["per"] or doc[start:start + 2].text.lower() in RULES["per_period"]:
        start += 2                                 # "107 agency staff per month, against ..."
    for lead in EARLIER_LEADS:
        i = start + len(lead)
        if i >= sent.end or [t.lower_ for t in doc[start:i]] != lead:
            continue
        while i < sent.end - 1 and doc[i].lower_ in RULES["earlier_count_fillers"]:
            i += 1                                 # "against an average of 145 per month"
        value = parse_number(doc[i].text)
        if value is None or not 1 <= value <= 5000 or is_percent_after(doc, i + 1):
            return
        earlier = dict(fact, value=value)
        end_char, earlier["as_of"] = dated(ctx, doc[i:i + 1], sent)
        yield earlier, (i, i + 1), (doc[i - 1].idx, end_char)
        return


LABELLED_VALUE_RE = re.compile(r"[:–—-][ \t]*\d[\d,]*[ \t]*$", re.M)      # finds the few lines to try
LABELLED_COUNT_RE = re.compile(r"[ \t]*(?:[-•*][ \t]+)?(?P<label>[A-Za-z][A-Za-z' ]{2,60}?)"
                               r"(?:[ \t]*:|[ \t]+[-–—])[ \t]*(?P<value>\d[\d,]*)[ \t]*$", re.M)
LABEL_LEAD_RE = re.compile(r"^(?:the )?(?:total )?(?:number of |no\.? of )?")


def labelled_lines(text: str):
    """Lines "label: 47" / "label – 47", found from their ends (a figure after a colon or dash)."""
    for end in LABELLED_VALUE_RE.finditer(text):
        line = LABELLED_COUNT_RE.match(text, text.rfind("\n", 0, end.start()) + 1)
        if line:
            yield line


def read_labelled_counts(ctx):
    """A factbox or scorecard line, "Agency social workers: 47", "Leavers: 12": a count under its label."""
    for line in labelled_lines(ctx.text):
        metric = RULES["count_labels"].get(LABEL_LEAD_RE.sub("", line.group("label").strip().lower()))
        value = parse_number(line.group("value").replace(",", ""))
        span = ctx.doc.char_span(line.start("value"), line.end("value"), alignment_mode="expand")
        if metric is None or value is None or span is None or not 1 <= value <= 5000:
            continue
        yield {"metric": metric, "value": value, "unit": "count", "as_of": None}, (span.start, span.end), \
            (line.start("label"), line.end("value"))


def read_table_rates(ctx):
    """"Agency rate (%) 27 17.6" under "Measure Sefton England": the rate in the column headed by the council
    the cell is attributed to; comparison columns (England, region, neighbours) are not the council's."""
    for cell in table_cells(ctx.text):
        metric = table_rate_metric(cell.label)
        span = ctx.doc.char_span(cell.start, cell.end, alignment_mode="expand")
        if metric is None or span is None or not 0 < cell.value <= 100:
            continue
        national = in_national_column(cell)     # "Agency rate (%) 27 17.6" under "Sefton England"
        if not national and not in_council_column(ctx, cell, ctx.council_for(span.start, span.end)):
            continue
        yield {"metric": metric, "value": cell.value, "unit": "percent", "as_of": None, "national": national}, \
            (span.start, span.end), (cell.start, cell.end)


def table_rate_metric(label: str) -> str | None:
    words = label.lower().replace("(", " (").split()
    if not set(words) & RULES["table_rate_marks"]:
        return None
    return next((metric for metric, cues in RULES["table_rate_labels"].items() if set(words) & set(cues)), None)


COUNTED_GROUPS = {"NUMBER_OF_AGENCY": "agency_workers", "NUMBER_OF_VACANCIES": "vacancies",
                  "NUMBER_OF_STAFF": "headcount_fte"}


def read_number_of(ctx, span, sent):
    """"The number of agency social workers has fallen from 64 to 38": counts after the phrase (England's
    "fell to 6,500 full-time equivalents" too: the phrase names what is counted). A planned "to" figure
    ("a restructure taking the number of posts from 313 to 473") is not a count yet."""
    doc = ctx.doc
    start, metric = counted_metric(doc, span, sent)
    end = min(sent.end, start + 16)
    stop = next((t.i for t in doc[start:end] if t.lower_ in RULES["number_of_stops"]), end)
    planned = bool(ctx.words_in(sent.start, span.start) & RULES["plan_words"])
    for i in ctx.numbers_in(start, stop):     # "... to 33, and caseloads have come down to 15": not 15
        value = parse_number(doc[i].text)
        before = doc[i - 1].lower_
        after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if value is None or not 1 <= value <= RULES["number_of_max"] or after in ("%", "per", "percent") or \
                before not in RULES["count_leads"]:
            continue
        if planned and before == "to":
            yield rejected("a planned figure, not a count", doc[i:i + 1])
            continue
        full_time = after in RULES["fte_words"] or ctx.words_in(span.start, span.end) & RULES["fte_words"]
        fact = {"metric": staff_metric(doc, span, i) if metric == "headcount_fte" else metric, "value": value,
                "unit": "fte" if full_time else "count"}
        end_char, fact["as_of"] = dated(ctx, doc[i:i + 1], sent)
        yield fact, (i, i + 1), (doc[i - 1].idx, end_char)


def counted_metric(doc, span, sent) -> tuple[int, str]:
    """Where the figures may start and what they count: "the number of social work vacancies" counts vacancies."""
    metric = COUNTED_GROUPS[span.label_]
    if span.end < sent.end and doc[span.end].lower_ == "per":
        return sent.end, metric                    # "the number of social workers per 10,000 children"
    if metric == "headcount_fte" and span.end < sent.end and doc[span.end].lower_ in RULES["vacancy_words"]:
        return span.end + 1, "vacancies"
    return span.end, metric


def group_metric(doc, span, sent) -> str | None:
    """"Of the 92 social workers in X, ...": a headcount; "Of the 30 social workers recruited in 2022, ...":
    recruits; "Of the 12 social workers interviewed, ...": a sample (None)."""
    end = next((t.i for t in doc[span.end:sent.end] if t.text in (",", ";", ":", "(")), sent.end)
    end = min(end, span.end + 8)
    if {t.lower_ for t in doc[span.end:end]} & RULES["sample_words"]:
        return None
    return staff_metric(doc, span, end)


def staff_metric(doc, span, i: int) -> str:
    """"the number of social workers leaving", "the number of new social workers": leavers, recruits, or
    the headcount."""
    words = {t.lower_ for t in doc[span.start:i]}
    if words & RULES["leaver_words"]:
        return "leavers"
    if words & (RULES["new_words"] | RULES["recruit_after"] | RULES["recruit_before"]) - RULES["employ_words"]:
        return "recruited"
    return "headcount_fte"


def is_metric_cue(doc, cue) -> bool:
    """"agency staff", "agency rate" name the metric; "the agency said" is an organisation; "filled" names
    vacancies in "not (been) filled"."""
    if cue[0].lower_ == "filled":
        return "not" in [t.lower_ for t in doc[max(0, cue.start - 2):cue.start]]
    if cue.label_ != "agency_rate" or cue[0].lower_ not in ("agency", "agencies"):
        return True
    following = doc[cue.end] if cue.end < len(doc) else None
    via = cue.start - 1
    while via > 1 and doc[via].lower_ in RULES["agency_adjectives"]:     # "through an agency", "by outside agencies"
        via -= 1
    if via > 0 and doc[via].lower_ in RULES["agency_via"] and \
            doc[via - 1].lower_ in RULES["agency_via_verbs"]:    # "employed through agencies"
        return True
    if via == cue.start - 1 and via > 0 and doc[via].lower_ in RULES["clause_verbs"]:
        return True                                  # "38% of our social workers are agency"
    return following is not None and (following.lower_ in RULES["agency_nouns"] or following.like_num or
                                      following.text in (":", "=", "("))   # "agency 11.2%" in a list of rates


def percent_value(span):
    """"22%", "22 per cent", "twenty-five per cent"."""
    if span[0].text.endswith("%") or span[0].lower_.endswith("pc"):
        return parse_number(span[0].text.lower().rstrip("%").removesuffix("pc"))
    return span_figure(span)


def read_rate(ctx, span, sent, cues, rates) -> dict | str | None:
    """The rate a percentage gives, or why it gives none (None: not worth saying, e.g. no number). A rate
    found is noted in ``rates`` (where it and its cue end) for the comparisons that follow it."""
    doc = ctx.doc
    value = percent_value(span)
    if value is None or not 0 < value <= 100:
        return None
    before = [t.lower_ for t in doc[max(sent.start, span.start - 8):span.start]]
    after = [t.lower_ for t in doc[span.end:min(sent.end, span.end + 4)]]
    reason = not_a_rate(before, after)
    if reason:
        return reason
    cue = metric_cue(span, sent, cues)
    metric = cue.label_ if cue is not None else previous_rate_metric(span, sent, rates) or \
        leavers_share(doc, span, sent)
    if metric is None:
        return "no workforce measure named with it"
    if metric == "sickness_rate" and ctx.words_in(sent.start, sent.end) & RULES["school_words"]:
        return "pupils' absence"
    if about_other_people(ctx.words_in(sent.start, sent.end)):
        return "about people other than staff"      # "the turnover of foster carers was 15%"
    rates.append((span.start, max(span.end, cue.end if cue is not None else 0), metric))
    return {"metric": metric, "value": value, "unit": "percent"}


def not_a_rate(before, after) -> str | None:
    """Why a percentage beside a workforce word is no rate of the council's children's social workers."""
    if is_change(before) or set(after[:2]) & RULES["change_after"]:
        return "a change, not a rate"         # "rose by 3%", "20-30 per cent on top of the salary"
    if set(before) & RULES["target_words"]:
        return "a target"
    if set(" ".join(before[-6:]).replace(" - ", "-").split()) & RULES["other_population_words"]:
        return "all the council's staff"      # "against a council-wide figure of 5.1%"
    if after[:1] == ["of"] and set(after[1:]) & RULES["adult_words"]:
        return "adults' social workers, not children's"     # "9.5 per cent of adult social workers"
    return None


def unnamed_councils(ctx, sent, i: int) -> bool:
    """"with one local authority struggling at 45%", "but some councils depend on locums for more than a
    third": the figure's clause speaks of a quantity of councils and the sentence names none. A news story's
    opening "One council is investing £1m to recruit 20 social workers" is about its own council."""
    if not ctx.words_in(sent.start, sent.end) & RULES["council_nouns"] or \
            any(sent.start <= m[0] < sent.end for m in ctx.mentions):
        return False
    words = [t.lower_ for t in ctx.doc[sent.start:i]]
    opening = max((k for k, w in enumerate(words) if w in (",", ";", ":")), default=-1) + 1
    some = RULES["some_words"] | ({"one"} if opening else set())
    nouns = [w for w in words[opening:] if w != "local"]         # "some local authorities"
    return any(a in some and b in RULES["council_nouns"] for a, b in zip(nouns, nouns[1:]))


def about_other_people(words) -> bool:
    return bool(words & RULES["other_groups"]) and not words & RULES["staff_words"]


def is_change(before) -> bool:
    """"down 5 per cent", "rose by 3%": a change, not a rate ("make up 11 per cent" is a rate)."""
    if not before or before[-1] not in RULES["change_before"]:
        return False
    return not (before[-1] == "up" and len(before) > 1 and before[-2] in RULES["make_up"])


def previous_rate_metric(span, sent, rates) -> str | None:
    """"make up 11 per cent ..., down from 19 per cent": a rate compared with the one just before it.

    "..., almost double the national rate of 15.4 per cent" names its comparison and may reach further.
    """
    doc = span.doc
    compared = {t.lower_ for t in doc[max(sent.start, span.start - 3):span.start]} & RULES["comparison_words"]
    reach = 20 if compared else 12
    for start, end, metric in reversed(rates):      # from the end of the rate or of its cue after it
        if sent.start <= start and span.start - end <= reach:
            return metric
    return None


def is_share_of(doc, start: int, end: int) -> bool:
    """"46% of social workers in the service are agency staff": one clause, of staff or posts, "are" before the
    metric ("30% of referrals were from agencies" is no share of staff)."""
    words = {t.lower_ for t in doc[start:end]}
    return not {",", ";", ":"} & words and bool({"are", "were", "is", "was"} & words) and \
        bool(words & (RULES["staff_words"] | RULES["group_pronouns"]))


# ------------------------------------------------------------------ rates in words: "a third", "half"
def read_fraction(ctx, span, sent, cues) -> tuple:
    """"over a quarter of its social workers" (after "relied on agency staff for"), "half of the posts were
    vacant", "nearly a third left within the year": a rate in words, with the span that states it."""
    doc = ctx.doc
    start, value = fraction_value(doc, span)
    if value is None:
        return None, span
    stated, clause = doc[start:span.end], share_clause(doc, span, sent)
    metric = fraction_metric(ctx, span, sent, cues, clause)
    if metric is None:             # turned down in words only when it was a share of staff
        staff = clause[:1] == ["of"] and set(clause[:6]) & RULES["staff_words"]
        return ("a share ('a third') of staff with no workforce measure" if staff else None), stated
    return {"metric": metric, "value": value, "unit": "percent"}, stated


def fraction_value(doc, span) -> tuple[int, float | None]:
    """"a third" 33.3, "two-thirds" 66.7, "half" 50; "the third year", "last quarter" are none."""
    parts = RULES["fraction_parts"][span[0].lower_]
    i = span.start - 1 - (span.start > 1 and doc[span.start - 1].text == "-")
    word = doc[i].lower_ if i >= 0 else ""
    numerator = 1 if word in ("a", "an") else parse_number(word) if word else None
    if numerator is None and parts == 2:          # "half of the posts"
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
        return None                               # "half of the children", "a third of the budget"
    following = [c for c in cues if span.end <= c.start < span.end + len(clause)]
    if following and is_share_of(doc, span.end, following[0].start):
        return following[0].label_
    shared = [c for c in cues if sent.start <= c.start and c.end <= span.start]
    if shared and {t.lower_ for t in doc[shared[-1].end:span.start]} <= RULES["share_links"] | RULES["agency_nouns"]:
        return shared[-1].label_
    return "turnover_rate" if has_left(clause) else None


def share_clause(doc, span, sent) -> list[str]:
    """The words after a share up to the end of its clause: "of new recruits left within a year"."""
    after = [t.lower_ for t in doc[span.end:min(sent.end, span.end + RULES["share_reach"])]]
    return after[:next((k for k, w in enumerate(after) if w in (",", ";", ":")), len(after))]


def leavers_share(doc, span, sent) -> str | None:
    """"14% of children's social workers left in the year": a turnover rate."""
    if span.end >= sent.end or doc[span.end].lower_ != "of":
        return None
    clause = share_clause(doc, span, sent)
    staff = clause[:1] == ["of"] and set(clause[:6]) & RULES["staff_words"]
    return "turnover_rate" if staff and has_left(clause) else None


def has_left(words) -> bool:
    """"left", "quit" as what the staff did ("a third of those who left said ..." is about some leavers; "half
    are considering leaving" an intention)."""
    return any(w in RULES["left_words"] and (k == 0 or words[k - 1] not in ("who", "that", "which"))
               for k, w in enumerate(words))


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
    return near[0] if near and follows != "of" else None      # a share "of" names its metric in its clause


def new_clause(doc, start: int, end: int) -> bool:
    """"... employed no agency staff and had an experienced workforce": a clause of its own begins between."""
    words = [t.lower_ for t in doc[start:end]]
    if set(words) & RULES["clause_breaks"]:
        return True
    return any(a == "and" and b in RULES["clause_verbs"] for a, b in zip(words, words[1:]))


LABEL_METRICS = {"LEAVERS": "leavers", "AGENCY_SHARE": "agency_workers", "POSTS": "vacancies",
                 "VACANCIES": "vacancies", "VACANCIES_AT": "vacancies"}
GROUP_SIZES = {"HEADCOUNT_OF", "TEAM_COUNT"}


def span_figure(span):
    """The number a count's span carries: first in "63 agency staff", last in "agency workers covering 82",
    both words of "thirty three new recruits", "twenty-five"."""
    i = next((t.i for t in span if parse_number(t.text) is not None), None)
    if i is None:
        return None
    doc = span.doc
    if doc[i].lower_ in TENS:                     # "twenty - five", "thirty three"
        for last in (i + 2, i + 1):
            pair = word_number(doc[i:last + 1].text) if last < span.end else None
            if pair is not None:
                return pair
    return parse_number(doc[i].text)


def compound_start(doc, i: int, floor: int) -> int:
    """Where a number in two words ending at token ``i`` starts: "thirty three", "twenty-five"."""
    if doc[i].lower_ not in UNITS:
        return i
    for j in (i - 2, i - 1):
        if j >= floor and doc[j].lower_ in TENS and word_number(doc[j:i + 1].text) is not None:
            return j
    return i


def read_count(ctx, span, sent, cues) -> dict | str | None:
    """The count a number of staff gives, or why it gives none."""
    doc, value = ctx.doc, span_figure(span)
    if value is None or not 1 <= value <= RULES["number_of_max"]:     # England's "7,100 social workers left"
        return None
    before = [t.lower_ for t in doc[max(sent.start, span.start - 6):span.start]]
    after = [t.lower_ for t in doc[span.end:min(sent.end, span.end + 8)]]
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
    if is_target(before) or set(after[:4]) & RULES["needed_after"] or is_change_by(before) or \
            before[-2:] in (["fewer", "than"], ["less", "than"]):
        return "a target, a change or a bound"     # "fewer than 10 of whom are agency staff"
    return None


def labelled_count(doc, span, sent, cues, value, around) -> dict | str | None:
    """A count whose construction names what it counts: "one in five social workers", "Of the 92 social
    workers, ...", "42 FTE vacancies", "agency workers were covering 82 of the vacancies", "14 posts are vacant"."""
    label, (before, after) = span.label_, around
    if label == "SHARE_IN":
        return share_in(parse_number(span[0].text), span_figure(span[2:]), span, sent, cues)
    if label in GROUP_SIZES:
        return group_size(doc, span, sent, value)
    if label == "FTE":
        return count(fte_metric(before, after), value, "fte")
    if label == "AGENCY_COVER":
        return agency_cover(value, after)
    if label == "MORE_STARTERS":    # "has recruited 15 social workers ..., and a further 10 are due to start"
        more = before[-1:] and before[-1] in RULES["more_of_the_same"] and "social" in before_sentence(doc, span, sent)
        return count("recruited", value) if more else None
    return count(LABEL_METRICS[label], value)


def group_size(doc, span, sent, value) -> dict | str:
    unit = "fte" if {t.lower_ for t in span} & RULES["fte_words"] else "count"
    metric = group_metric(doc, span, sent)
    return count(metric, value, unit) if metric else "a sample of staff, not the workforce"


def staff_count(doc, span, sent, value, around) -> dict | str:
    """"63 agency social workers", "37 newly qualified social workers", "50 starters": what a count of staff
    counts is said by its own words and those around it; "the 92 social workers in X" is X's headcount."""
    (before, after, named), noun = around, span[-1].lower_
    adjectives = {t.lower_ for t in span[1:]}
    if noun in RULES["noun_metrics"]:             # "50 starters and 38 leavers"
        return count(RULES["noun_metrics"][noun], value)
    if "agency" in adjectives:
        return agency_count(value, before, after)
    metric = staff_metric_around(doc, span, sent, adjectives, before, after) or ("headcount_fte" if named else None)
    return count(metric, value) if metric else "staff counted with no word of joining, leaving or working"


def staff_metric_around(doc, span, sent, adjectives, before, after) -> str | None:
    if set(before[-4:]) & RULES["shortage_words"] and "of" in before[-2:]:
        return "vacancies"                        # "a national shortage of around 6,500 social workers"
    if leaving_first(after):
        return "leavers"
    if adjectives & RULES["new_words"]:
        return "recruited"
    if after[:1] and after[0] in RULES["employ_words"] and after[1:2] in (["by"], ["at"]):
        return "headcount_fte"                    # "the 310 social workers employed by"
    if set(after) & RULES["recruit_after"] or set(before[-4:]) & RULES["recruit_before"] or \
            takes_on(before) or takes_up_posts(doc, span, sent):
        return "recruited"
    if set(before[-3:]) & (RULES["employ_words"] | RULES["establishment_words"]):    # "an establishment of 120"
        return "headcount_fte"
    return None


def is_change_by(before) -> bool:
    """"cut by 12 social workers" is a change; "will be joined by 25 new recruits" is not."""
    return before[-1:] == ["by"] and not (len(before) > 1 and before[-2] in RULES["recruit_after"])


def takes_on(before) -> bool:
    """"will take on 40 more social workers", "is taking on 12 social workers"."""
    return len(before) > 1 and before[-1] == "on" and before[-2] in RULES["take_words"]


def takes_up_posts(doc, span, sent) -> bool:
    """"Two social workers are travelling from South Africa to take up new jobs in ...": new starters."""
    words = [t.lower_ for t in doc[span.end:sent.end]]
    for k, word in enumerate(words[:-2]):
        if word in RULES["take_words"] and words[k + 1] == "up" and set(words[k + 2:k + 5]) & RULES["job_words"]:
            return True
    return False


def leaving_first(after) -> bool:
    """"74 social workers left the council": leavers; "40 new social workers recruited in 2022 ... have already
    left" are recruits (the first word of joining or leaving decides); "on sick leave" is no leaving."""
    kinds = [w for k, w in enumerate(after) if w in RULES["recruit_after"] or
             w in RULES["leaver_words"] and not (k and after[k - 1] in RULES["leave_kinds"])]
    return bool(kinds) and kinds[0] in RULES["leaver_words"]


def is_target(before) -> bool:
    """"wants to recruit 50 more": an aim; but "aims to replace 60 agency staff" counts the staff there now."""
    return bool(set(before) & RULES["target_words"]) and not set(before[-4:]) & RULES["replace_words"]


def fte_metric(before, after) -> str:
    """"42 FTE vacancies", "Vacancies stood at 42 FTE", "4,800 FTE agency workers", "7,200 FTE social workers
    left", "6,900 FTE joined"; otherwise a headcount ("120 full-time equivalents")."""
    clause = after[:next((k for k, word in enumerate(after) if word in (",", ";")), len(after))]
    if (set(clause[:3]) | set(before[-3:])) & RULES["vacancy_words"]:
        return "vacancies"
    if "agency" in clause[:2]:
        return "agency_workers"
    if set(clause) & RULES["leaver_words"]:
        return "leavers"
    if set(clause) & RULES["joiner_words"]:
        return "recruited"
    return "headcount_fte"


def before_sentence(doc, span, sent) -> set:
    return {t.lower_ for t in doc[sent.start:span.start]}


def share_in(part, whole, span, sent, cues) -> dict | str:
    """"One in five social workers was employed through an agency": a rate, when the sentence names one metric."""
    metrics = {c.label_ for c in cues if sent.start <= c.start < sent.end}
    if not metrics and has_left([t.lower_ for t in span.doc[span.end:sent.end]]):
        metrics = {"turnover_rate"}           # "one in six children's social workers left their jobs"
    if len(metrics) != 1 or part is None or whole is None or not 0 < part < whole:
        return "a share ('one in five') of no one measure"
    return {"metric": metrics.pop(), "value": round(100 * part / whole, 1), "unit": "percent"}


def agency_count(value, before, after) -> dict | str:
    """"63 agency social workers were working for the council", "replace more than 60 agency staff", "(6 agency
    workers)": agency staff in post; "12 agency workers are converting to permanent contracts" is a move."""
    replaced = set(before[-4:]) & RULES["replace_words"]      # "to replace 25 agency workers with permanent staff"
    if not replaced and (set(after) & RULES["agency_moving"] or set(before[-3:]) & RULES["agency_moved_by"]):
        return "agency staff moving, not in post"
    return {"metric": "agency_workers", "value": value, "unit": "count"}


def agency_cover(value, after) -> dict | str:
    """"Agency staff were filling 31 of the posts": the count of posts agency staff hold."""
    if not after[:1] or after[0] not in RULES["covered_nouns"]:
        return "agency staff covering something other than posts"
    return {"metric": "agency_workers", "value": value, "unit": "count"}


def ends_in_percent(doc, span) -> bool:
    """"vacancies rose to 20.7%", "agency staff were covering 30%": a rate, read as one, not a count."""
    return span.label_ != "PERCENT" and span[-1].like_num and is_percent_after(doc, span.end)


def is_percent_after(doc, i: int) -> bool:
    """"%", "percent", "per cent" at token ``i`` ("145 per month" is a count)."""
    words = [t.lower_ for t in doc[i:i + 2]]
    return words[:1] in (["%"], ["percent"]) or words == ["per", "cent"]


def read_no_agency(ctx, cues):
    """"It now employs no agency staff": none in post, a count of 0."""
    doc = ctx.doc
    for cue in cues:
        i = cue.start
        if cue.label_ != "agency_rate" or i < 2 or doc[i - 1].lower_ != "no" or \
                doc[i - 2].lower_ not in RULES["agency_have"] or not is_metric_cue(doc, cue):
            continue
        sent = ctx.sentence(i)
        end = cue.end
        while end < min(sent.end, cue.end + 2) and doc[end].lower_ in RULES["agency_nouns"]:
            end += 1                              # "no agency social workers"
        if {t.lower_ for t in doc[end - 1:end + 1]} & RULES["agency_spend_words"]:
            continue                              # "has no agency staff budget", "no agency spend"
        if {t.lower_ for t in doc[max(sent.start, i - 5):i]} & RULES["future_words"]:
            yield rejected("no agency staff planned, not in post", doc[i - 1:cue.end + 1])
            continue
        yield {"metric": "agency_workers", "value": 0, "unit": "count", "as_of": None}, (i - 1, end), \
            (doc[i - 2].idx, doc[end - 1].idx + len(doc[end - 1].text))


def read_permanent_and_agency(ctx, span, sent):
    """"There were 5 permanent heads of service and 3 agency": the agency count, and the permanent one it pairs."""
    doc = ctx.doc
    value = span_figure(span)
    if value is None or not 1 <= value <= RULES["number_of_max"]:
        return
    fact = agency_count(value, [], [t.lower_ for t in doc[span.end:min(sent.end, span.end + 8)]])
    if isinstance(fact, str):
        yield rejected(fact, span)
        return
    yield dict(fact, as_of=None), (span.start + 1, span.end), (doc[span.start + 1].idx, span.end_char)
    for i in range(span.start - 2, max(sent.start, span.start - RULES["permanent_reach"]) - 1, -1):
        if doc[i].text in (";", ".", ":"):
            return
        if doc[i + 1].lower_ == "permanent" and parse_number(doc[i].text) is not None:
            fact = {"metric": "headcount_fte", "value": parse_number(doc[i].text), "unit": "count", "as_of": None}
            yield fact, (i, i + 2), (doc[i].idx, doc[i + 1].idx + len(doc[i + 1].text))
            return


def dated(ctx, span, sent):
    text, end_char = ctx.text, span.end_char
    as_of, taken = date_after(text[end_char:end_char + 40], ctx.published)
    if not taken:
        as_of = now_before(ctx.doc[max(sent.start, span.start - 4):span.start].text, ctx.published)
    return end_char + taken, as_of


def finalize(facts: list[dict]) -> list[dict]:
    """A rate in words beside a figure for the same measure ("more than half of the posts were vacant" ...
    "56.6%") is a rounding of it: the figure is kept."""
    figures = [f for f in facts if f["unit"] == "percent" and not in_words(f)]
    return [f for f in facts if not (in_words(f) and any(rounds(f, figure) for figure in figures))]


def rounds(fact: dict, figure: dict) -> bool:
    return fact["metric"] == figure["metric"] and abs(fact["value"] - figure["value"]) <= RULES["words_restate_within"]


def in_words(fact: dict) -> bool:
    """A rate stated in words ("a third", "one in five")."""
    return fact["unit"] == "percent" and not any(ch.isdigit() for ch in fact["quote"])


def identity(fact):
    return (fact["metric"], fact["value"], fact["council"])
