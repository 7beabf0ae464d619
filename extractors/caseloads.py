"""Caseloads: numbers of cases or children per social worker, with measure, role and date.

Figures are read only in sentences holding a caseload cue (patterns/caseloads.jsonl) and near it. A
figure must look like a count of cases: not a percentage, money, a year, a day of the month, a
channel, an age, or a count of something else ("12 social workers", "11 recommendations").
"""

import functools
import re

from .candidates import Rejected
from .caseload_rows import (
    answers_a_request,
    column_date,
    read_figure_answers,
    read_grid_caseloads,
    read_stat_rows,
    read_table_columns,
    read_worker_rows,
    speaks_of_caseloads,
    table_date,
)
from .components import lower_words
from .dates import MONTHS, date_after, date_in, now_before, published_month, sentence_lead_date
from .figures import (
    SPREAD_VERBS,
    load_words_table,
    national_cell_at,
    outside_council_column,
    qualifier_before,
    read_figure,
    words_before,
)
from .gazetteer import load_gazetteer
from .sentences import is_headline
from .tense import TENSE_OF_WORD, tense_before
from .wordlists import load_json, load_words

RULES = load_json("caseload_rules.json")
MEASURE_OF_WORD = {word: measure for measure, words in RULES["measure_words"].items() for word in words}
WORKER_WORDS = frozenset(RULES["worker_words"])
NOT_COMPARED_TOPICS = frozenset(RULES["not_compared_topics"])
AREA_NOUNS = frozenset(RULES["area_nouns"])
HOLDING_VERBS = frozenset(RULES["holding_verbs"])
SINGULAR_WORKERS = frozenset(RULES["singular_workers"])
CASELOAD_WORDS = frozenset(RULES["caseload_words"])
PEOPLE_WORDS = WORKER_WORDS | frozenset(RULES["people_words"])
ROLE_LINK_RE = re.compile(r"\b(for|per|among|in)\b")
MIN_VALUE, MAX_VALUE = RULES["plausible_range"]
COMPARED_DATES = dict(
    sorted(RULES["compared_dates"].items(), key=lambda item: -len(item[0]))
)  # longest first


def read(ctx):
    doc = ctx.doc
    in_grids = yield from read_grid_caseloads(ctx)
    cues = list(doc.spans.get("caseloads", []))
    by_sentence = {}
    for cue in cues:
        by_sentence.setdefault(ctx.sentence(cue.start).start, []).append(cue)
    cue_sentences = {start for start, found in by_sentence.items() if any(c.label_ == "CUE" for c in found)}
    for start in sorted(by_sentence):
        sent = ctx.sentence(start)
        if all(c.label_ == "COMPARE" for c in by_sentence[start]) and not follows_a_cue(
            ctx, sent, cue_sentences, by_sentence[start]
        ):
            continue
        near = usable_cues(ctx, sent, by_sentence[start])
        if near:  # a holding verb with no worker named ("took 45 days") does not open the sentence
            cue_sentences.add(start)  # the next sentence's "the average was 17" may speak of it
            own = [(c.start, c.end) for c in by_sentence[start] if c.label_ == "OWN"]
            yield from read_sentence(ctx, sent, near, in_grids, own)
    yield from read_council_rows(ctx)
    cue_chars = sorted(doc[c.start].idx for c in cues if c.label_ == "CUE")
    rows = speaks_of_caseloads(ctx.text)
    yield from read_worker_rows(ctx, cue_chars) if rows else ()
    yield from read_table_columns(ctx, cue_chars)
    yield from read_stat_rows(ctx, cue_chars) if rows else ()
    yield from read_figure_answers(ctx, cue_chars)


def usable_cues(ctx, sent, cues) -> list[tuple[int, int]]:
    """The sentence's cues as token ranges; a holding verb counts only where a worker is named ("social
    workers hold 20 cases", not "the council holds 20 meetings")."""
    holds = any(c.label_ == "HOLD" for c in cues) and not WORKER_WORDS.isdisjoint(
        ctx.words_in(sent.start, sent.end)
    )
    return [(c.start, c.end) for c in cues if c.label_ != "HOLD" or holds]


COUNCIL_ROW_RE = re.compile(
    r"^[ \t]*(?:[-•*][ \t]+|\d{1,2}[.)][ \t]+)?(?P<label>[A-Z][A-Za-z'’ .-]{2,40}?)"
    r"(?:[ \t]*:|[ \t]+[–—-])[ \t]*(?P<value>\d{1,2}(?:\.\d)?)[ \t]*$",
    re.M,
)
LIST_LEAD_RE = re.compile(r"caseload|cases (?:per|each|a)\b", re.I)
SUBHEADING_MAX = 30  # "Lowest:", "Councils in the North West:": a list's part, under the list's lead


def read_council_rows(ctx):
    """ "- Gateshead: 21" rows under a lead line that ends with a colon and names caseloads ("the average
    caseload at each authority in January 2024:"): each row is the caseload of the council its label names."""
    gazetteer = load_gazetteer()
    for row in council_rows(ctx.text):
        lead = list_lead(ctx.text, row.start())
        council = gazetteer.resolve(row.group("label").strip(), on_date=ctx.published) if lead else None
        value = float(row.group("value"))
        span = ctx.doc.char_span(row.start("value"), row.end("value"), alignment_mode="expand")
        if council is None or span is None or not MIN_VALUE <= value <= MAX_VALUE:
            continue
        measure = next(
            (MEASURE_OF_WORD[w] for w in re.findall(r"[a-z]+", lead.lower()) if w in MEASURE_OF_WORD),
            RULES["default_measure"],
        )
        fact = {
            "value": int(value) if value.is_integer() else value,
            "low": None,
            "high": None,
            "qualifier": None,
            "measure": measure,
            "role": None,
            "as_of": date_in(lead, ctx.published),
            "council_named": council,
        }
        yield fact, (span.start, span.end), (row.start("label"), row.end("value"))


# ": 21" or " - 21" ending a line, found apart: each opens with a literal, which keeps the scan fast
COUNCIL_ROW_END_RES = [
    re.compile(r":[ \t]*\d{1,2}(?:\.\d)?[ \t]*$", re.M),
    re.compile(r" [–—-][ \t]*\d{1,2}(?:\.\d)?[ \t]*$", re.M),
]


def council_rows(text: str):
    """COUNCIL_ROW_RE's rows, found from the ": 21" ending them (a scan of every line start is ten times
    slower)."""
    line_starts = {
        text.rfind("\n", 0, end.start()) + 1 for ends in COUNCIL_ROW_END_RES for end in ends.finditer(text)
    }
    for line_start in sorted(line_starts):
        row = COUNCIL_ROW_RE.match(text, line_start)
        if row:
            yield row


def list_lead(text: str, start: int) -> str | None:
    """The line that introduces a list of rows: the first line above that is not a row, if it ends with ":"
    and names caseloads; a short heading of a list's second part ("Lowest:") is read past."""
    for line in reversed(text[:start].rstrip("\n").split("\n")[-12:]):
        if not line.strip() or COUNCIL_ROW_RE.match(line):
            continue
        if not line.rstrip().endswith(":"):
            return None
        if LIST_LEAD_RE.search(line):
            return line
        if len(line.strip()) > SUBHEADING_MAX:
            return None
    return None


def follows_a_cue(ctx, sent, cue_sentences, compares=()) -> bool:
    """ "That compares with a national average of 16.3": a comparison right after a caseload sentence, or
    after one with no figure that follows it ("Members asked how the county compared. Gateshead reported an
    average of 17")."""
    if sent.start in cue_sentences:
        return True
    if all(compared_topic(ctx, sent, cue) for cue in compares):  # "the national average turnover is 15.4"
        return False
    previous = ctx.sentence(sent.start - 1) if sent.start > 0 else None
    if previous is None or previous.start in cue_sentences or ends_council_rows(ctx, previous):
        return previous is not None
    return (
        previous.start > 0
        and not ctx.numbers_in(previous.start, previous.end)
        and ctx.sentence(previous.start - 1).start in cue_sentences
    )


def compared_topic(ctx, sent, cue) -> bool:
    """A word of another topic around the comparison's cue ("the national average turnover", "the average
    agency rate"), not elsewhere in its sentence ("an average of 18 and agency staff down to 10%")."""
    return bool(
        ctx.words_in(max(sent.start, cue.start - 3), min(sent.end, cue.end + 4)) & NOT_COMPARED_TOPICS
    )


def ends_council_rows(ctx, sent) -> bool:
    """ "- South Tyneside: 19" then "The England average is 16.3": the list's caseload cue carries on."""
    row = COUNCIL_ROW_RE.search(ctx.text[sent.start_char : sent.end_char].strip())
    return row is not None and list_lead(ctx.text, sent.start_char) is not None


def read_sentence(ctx, sent, cues, in_grids=frozenset(), own=()):
    """The figures near the sentence's cues; ``in_grids``: where the table cells already read start; ``own``:
    the cues in which a worker tells of their own caseload ("I'm working with 17 children")."""
    doc, done = ctx.doc, sent.start
    for i in ctx.numbers_in(sent.start, sent.end):
        if i < done or doc[i].idx in in_grids:
            continue
        figure = read_figure(doc, i, sent.end)
        if figure is None:
            continue
        done = figure.end
        reason = why_not_a_caseload(ctx, figure, sent, cues, own)
        if reason:
            yield Rejected(reason, (figure.start, figure.end), figure_chars(doc, figure))
        elif national_cell_at(ctx, doc[figure.start].idx):  # "Average caseload 19.4 16.3" under "England"
            fact, tokens, chars = build(ctx, figure, sent, cues, own)
            yield dict(fact, national=True), tokens, (doc[figure.start].idx, chars[1])
        elif national_cue_before(doc, figure, cues):
            fact, tokens, chars = build(ctx, figure, sent, cues, own)
            yield dict(fact, national=True), tokens, chars
        elif outside_council_column(ctx, doc[figure.start].idx, figure.start, figure.end) and not column_date(
            ctx.text, doc[figure.start].idx
        ):  # a column of dates is the council's
            yield Rejected(
                "in a table column of another area", (figure.start, figure.end), figure_chars(doc, figure)
            )
        else:
            yield build(ctx, figure, sent, cues, own)


YEAR_RE = re.compile(r"(?:19|20)\d\d")
NATIONAL_CUE_REACH = 6


def national_cue_before(doc, figure, cues) -> bool:
    """ "the England average for 2015 of 16.1": the figure of a national comparison whose cue is the nearest
    before it, with at most a year between ("Average caseload 19.4 16.3" under "England" is a table's:
    national_cell_at)."""
    before = [(start, end) for start, end in cues if end <= figure.start <= end + NATIONAL_CUE_REACH]
    if not before:
        return False
    start, end = max(before)
    return doc[start].lower_ in load_words("national_words.txt") and not any(
        doc[i].like_num and not YEAR_RE.fullmatch(doc[i].text) for i in range(end, figure.start)
    )


def figure_chars(doc, figure) -> tuple[int, int]:
    return doc[figure.start].idx, doc[figure.end - 1].idx + len(doc[figure.end - 1])


CLAUSE_BREAK_RE = re.compile(r"[,;:]")
CONDITION_RE = re.compile(r"\b(?:" + "|".join(RULES["conditions"]) + r")\b", re.I)


def why_not_a_caseload(ctx, figure, sent, cues, own=()) -> str | None:
    """Why a figure in a caseload sentence is not a caseload; None when it is one. A figure a worker's own
    words count ("I had 35 families to support") is one whatever the words around it."""
    doc = ctx.doc
    if not near_cue(figure, cues):
        return "too far from the caseload cue"
    if held_by_other_staff(doc, figure, sent):
        return "the workload of staff outside children's social work"
    if in_a_condition(ctx, figure, sent):
        return "a condition, not a fact ('if caseloads creep back up to 20')"
    if only_possible(ctx, figure, sent):
        return "a possibility, not a fact ('caseloads could rise above 25')"
    if within(figure, own):
        return None if MIN_VALUE <= figure.value <= MAX_VALUE else "outside the range of a caseload"
    return not_a_count_of_cases(doc, figure, sent)


def within(figure, cues) -> bool:
    return any(start <= figure.start and figure.end <= end for start, end in cues)


def in_a_condition(ctx, figure, sent) -> bool:
    """ "If the caseloads creep back up to 20 or 25, ...": an "if" or "unless" opens the figure's clause."""
    clause = CLAUSE_BREAK_RE.split(ctx.text[sent.start_char : ctx.doc[figure.start].idx])[-1]
    return CONDITION_RE.search(clause) is not None


POSSIBILITY_RE = re.compile(r"\b(?:" + "|".join(RULES["possibility_words"]) + r")\b")
CAP_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, RULES["cap_phrases"])) + r")\b", re.I)


def only_possible(ctx, figure, sent) -> bool:
    """ "caseloads could rise above 25", "might reach 30": a possibility opens the figure's clause; a cap
    stated with one is still a cap ("may hold up to 18", "no caseload may exceed 20")."""
    clause = CLAUSE_BREAK_RE.split(ctx.text[sent.start_char : ctx.doc[figure.start].idx])[-1]
    return (
        POSSIBILITY_RE.search(clause) is not None
        and CAP_RE.search(clause) is None
        and not negated(ctx.doc, figure, sent)
    )


CHILDRENS_RE = re.compile(r"\bchildren ?['’]? ?s\b")
OTHER_STAFF_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, RULES["other_service_workers"])) + r")\b")


def held_by_other_staff(doc, figure, sent) -> bool:
    """ "adult social workers are handling about 30 cases each", "For adult social workers, caseloads range
    between 14 in A to 75 in B": the workload of staff outside children's social work, named before the figure
    in its sentence with no children's staff named after them, or right after it ("an average of 34 per care
    manager")."""
    before = " ".join(words_before(doc, figure.start, figure.start - sent.start, sent.start))
    other = max((m.end() for m in OTHER_STAFF_RE.finditer(before)), default=None)
    if other is not None and not CHILDRENS_RE.search(before[other:]):
        return True
    after = [t.lower_ for t in doc[figure.end : min(sent.end, figure.end + 5)] if not t.is_space]
    after = after[1:] if after[:1] and after[0] in RULES["counted_nouns"] else after
    return (
        bool(after)
        and after[0] in RULES["other_staff_links"]
        and bool(OTHER_STAFF_RE.match(" ".join(after[1:])))
    )


def near_cue(figure, cues) -> bool:
    return any(
        end <= figure.start <= end + RULES["cue_reach"]
        or figure.end <= start <= figure.end + 6
        or start <= figure.start < end
        for start, end in cues
    )


def not_a_count_of_cases(doc, figure, sent) -> str | None:
    """Why the figure is not a number of cases per worker (a percentage, a year, a count of people...), or
    None."""
    if not MIN_VALUE <= figure.value <= MAX_VALUE:
        return "outside the range of a caseload"
    before = doc[figure.start - 1] if figure.start > sent.start else None
    after = [t.lower_ for t in doc[figure.end : min(sent.end, figure.end + 4)] if not t.is_space][
        :3
    ]  # "22\xa0per cent"
    lead = word_before_qualifier(doc, figure, sent)  # "rise by around 30"
    month = is_month(lead or "") and lead == doc[figure.start - 1].lower_  # "May 22", not "may exceed 22"
    if lead is not None and (lead in load_words("caseload_not_before.txt") or month):
        return "money, a date or a label by the word before it"
    if numbers_a_list_item(doc, figure):
        return "the number of a list's item ('3. caseload data by team')"
    if not after:
        return None
    if after[0] == "+":  # "40+ cases" is a caseload, "16+ teams" an age group
        return None if len(after) > 1 and after[1] in RULES["counted_nouns"] else "an age group ('16+')"
    if after[0] in ("%", "percent", "pc", "/", ":") or after[:2] == ["per", "cent"] or is_month(after[0]):
        return "a percentage, ratio or date"
    if after[0] == "in" and len(after) > 1 and after[1].isdigit() and len(after[1]) < 3:  # "1 in 5"
        return "a proportion ('1 in 5')"
    if set(words_before(doc, figure.start, 4, sent.start)) & set(RULES["not_before_within_4"]):
        return "a count of something else, by the words before it"
    if counts_people(words_before(doc, figure.start, 7, sent.start)):
        return "a count of people"  # "reduced the number of agency social workers to 33"
    if (
        " ".join(after) in RULES["follow_phrases"]
        or " ".join(after[:2]) in RULES["comparison_after"]
        or " ".join(after[:2]) in RULES["per_head_after"]
    ):  # "15 a worker", "16 cases a head"
        return None  # "up from 16.3 a year earlier", "below the 17.8 national figure"
    if (
        after[0] in RULES["counted_nouns"]
        and after[1:2] in (["each"], ["a"], ["per"], ["every"])
        and after[2:]
        and after[2] in RULES["time_units"]
    ):
        return (
            "a number of children or cases a year, month or week, not per worker"  # "30 children each year"
        )
    if (
        after[0] in RULES["counted_nouns"]
        and after[1:2] in (["were"], ["was"], ["are"], ["is"])
        and after[2:]
        and after[2] in RULES["passive_after_count"]
    ):
        return "a total of cases or children, not per worker"  # "18 cases were held by agency staff"
    if after[0] in RULES["counted_nouns"]:
        return counted_noun_reason(before, after)
    if not after[0].isalpha() or after[0] in load_words("caseload_follow_words.txt"):
        return None
    if date_follows(doc, figure, sent) or named_a_caseload(doc, figure, sent, after[0]):
        return None  # "21 seven months ago", "an average caseload of 16 means social workers have time"
    return "followed by words a caseload is not"


def named_a_caseload(doc, figure, sent, following: str) -> bool:
    """ "an average caseload of 16 means ...": the figure a caseload word names, "of" (and a qualifier)
    between, whatever verb follows it, unless workers do ("caseloads of 16 social workers were reviewed")."""
    if following in PEOPLE_WORDS or not any(
        t.lower_ in CASELOAD_WORDS for t in doc[max(sent.start, figure.start - 6) : figure.start]
    ):
        return False
    words = words_before_qualifier(doc, figure, sent)
    return len(words) > 1 and words[-1] == "of" and words[-2] in CASELOAD_WORDS


ITEM_MARKS = frozenset({".", ")"})
LINE_ENDS = frozenset({".", ":", ";", ")"})


ITEM_LOOK_BACK = 80  # tokens back to the line before


def numbers_a_list_item(doc, figure) -> bool:
    """ "3. caseload data by team be reported quarterly": a figure opening a line, with "." or ")" and a word
    after it, after a line that ended a sentence or clause or was an item itself (a line of prose wrapped
    before "17. The ..." is not one)."""
    if not opens_an_item(doc, figure.start):
        return False
    newline = figure.start - 1
    if newline == 0 or doc[newline - 1].text in LINE_ENDS or doc[newline].text.count("\n") > 1:
        return True
    line_before = next(
        (i for i in range(newline - 1, max(-1, newline - ITEM_LOOK_BACK), -1) if "\n" in doc[i].text), None
    )
    return line_before is not None and doc[line_before + 1].like_num and opens_an_item(doc, line_before + 1)


def opens_an_item(doc, i: int) -> bool:
    """A number opening a line with "." or ")" and a word after it: "3. caseload", "2) the plan"."""
    return (
        0 < i
        and i + 2 < len(doc)
        and "\n" in doc[i - 1].text
        and doc[i + 1].text in ITEM_MARKS
        and doc[i + 2].is_alpha
    )


def word_before_qualifier(doc, figure, sent) -> str | None:
    """The word before the figure and its qualifier: "by" in "rise by around 30", "£" in "£25"."""
    words = words_before_qualifier(doc, figure, sent)
    return words[-1] if words else None


def words_before_qualifier(doc, figure, sent) -> list[str]:
    words = words_before(doc, figure.start, 5, sent.start)
    for phrase in qualifier_phrases():  # longest first
        if words[-len(phrase) :] == phrase:
            return words[: -len(phrase)]
    return words


@functools.lru_cache(maxsize=1)
def qualifier_phrases() -> list[list[str]]:
    """The phrases of qualifiers.txt as word lists, longest first, split once (they are tried at every
    figure)."""
    return [phrase.split() for phrase, _ in load_words_table("qualifiers.txt")]


def counted_noun_reason(before, after) -> str | None:
    """ "24 children per worker" is a caseload; "the five young people", "24 children were placed" are
    counts."""
    if before is not None and before.lower_ in RULES["determiners_before_count"]:  # "the five young people"
        return "a count of children, not per worker"
    if (len(after) > 1 and after[1] in RULES["after_counted_noun"]) or (
        before is not None and before.lower_ in RULES["before_counted_noun"]
    ):
        return None
    return "a count of children, not per worker"


def date_follows(doc, figure, sent) -> bool:
    return date_after(" " + doc[figure.end : min(sent.end, figure.end + 6)].text)[1] > 0


def counts_people(before: list[str]) -> bool:
    """ "the number of agency social workers to 33" (not "the number of cases per worker", "a small number
    hold more than 30")."""
    joined = " ".join(before)
    if not any(f"{lead} of" in joined for lead in RULES["counted_people_before"]):
        return False
    people = set(joined.split(" of ", 1)[1].split())
    if people & HOLDING_VERBS:  # "a small number of workers hold more than 25": what they hold
        return False
    return bool(people & (WORKER_WORDS | {"staff"})) and not people & (
        set(RULES["counted_nouns"]) | {"caseload", "caseloads"}
    )


@functools.lru_cache(maxsize=None)
def is_month(word: str) -> bool:
    return word.rstrip(".") in MONTHS


def build(ctx, figure, sent, cues=(), own=()):
    doc = ctx.doc
    start_char, end_char = doc[figure.start].idx, doc[figure.end - 1].idx + len(doc[figure.end - 1])
    if (
        figure.end < sent.end and doc[figure.end].lower_ in RULES["counted_nouns"]
    ):  # "24 children in May 2023"
        end_char = doc[figure.end].idx + len(doc[figure.end])
    following = [end for start, end in cues if figure.end <= start <= figure.end + 1]
    if following:  # quote the unit too: "14 children for newly qualified social workers"
        end_char = max(end_char, doc[max(following) - 1].idx + len(doc[max(following) - 1]))
    measure, measure_at = measure_of(doc, figure, sent)
    if measure_at is None and within(figure, own):  # "I'm working with 17 children": one worker's figure
        measure = "individual"
    earlier = coordinated_figure(doc, figure, sent) if measure_at is None else None
    if earlier is not None:  # "a limit of 18 for ASYEs and of 22 for others": 22 is a limit too
        measure = measure_of(doc, earlier, sent)[0]
    if measure == "average" and planned_change(doc, figure, sent):
        measure = "target"
    as_of, end_char = date_of(ctx, figure, sent, end_char, measure)
    measure, qualifier = measure_and_qualifier(doc, figure, sent, measure, measure_at)
    quote_start = (
        doc[measure_at].idx if measure_at is not None and 0 < figure.start - measure_at <= 3 else start_char
    )
    if measure_at is not None and measure_at >= figure.end:  # "12 recommended by Lord Laming"
        end_char = max(end_char, doc[measure_at].idx + len(doc[measure_at]))
    fact = {
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "qualifier": qualifier,
        "measure": measure,
        "role": role_of(ctx, figure, sent),
        "as_of": as_of,
    }
    return fact, (figure.start, figure.end), (quote_start, end_char)


def measure_and_qualifier(doc, figure, sent, measure: str, measure_at: int | None) -> tuple[str, str | None]:
    """The measure word's measure and the qualifier before or after the figure, read together: a negated
    "more than" is a cap, "over 20" with no measure word says neither an average nor one worker's figure."""
    qualifier = figure.qualifier or qualifier_before(doc, figure.start, sent.start)
    if (figure.end < len(doc) and doc[figure.end].text == "+") or more_after(doc, figure, sent):
        qualifier = ">"  # "40+ cases", "caseloads of 40 or more", "25-plus"
    if qualifier == ">" and negated(doc, figure, sent):
        qualifier, measure = None, measure if measure == "target" else "maximum"
    elif measure == "average" and measure_at is None and qualifier == ">":
        measure = "unspecified"  # "caseloads in excess of 20"
    elif measure_at is None and (figure.spread or (qualifier == "~" and figure.low is None)):
        measure = "unspecified"  # "between 18 and 22 children", "around 20 cases": no average is stated
    if measure in ("individual", "maximum") and not float(figure.value).is_integer() and not figure.spread:
        measure = "average"  # "up to 34.2 children": no worker holds, and no cap allows, a fraction of a case
    return measure, qualifier


def date_of(ctx, figure, sent, end_char: int, measure: str) -> tuple[str | None, int]:
    """The figure's date and where its quote ends (a date phrase right after it is quoted with it): a date
    after the figure, "now" before it, a date opening the sentence, else the published month when the figure
    is stated in the present tense (SCHEMA) or, without a verb, in the answer to an information request; a
    past or verbless figure's date is looked for around it (date_of_the_past)."""
    doc, text = ctx.doc, ctx.text
    as_of, taken = date_right_after(text, end_char, ctx.published)
    if taken:
        return as_of, end_char + taken
    following = text[end_char : end_char + 40].lower()
    phrase = next((p for p in COMPARED_DATES if following.startswith(" " + p)), None)
    if phrase:  # "16.3 a year earlier": quoted with the figure; finalize dates it from the one compared
        return None, end_char + len(phrase) + 1
    as_of = date_before(ctx, figure, sent)
    if as_of or measure == "target" or changed_from(doc, figure, sent):
        return as_of, end_char
    tense = tense_before(words_for_tense(doc, sent.start, figure.start))
    if tense == "present" or (tense is None and answers_a_request(ctx)):
        return published_month(ctx.published), end_char
    if tense == "future":
        return None, end_char
    return date_of_the_past(ctx, figure, sent, tense), end_char


def date_of_the_past(ctx, figure, sent, tense: str | None) -> str | None:
    """A past (or verbless) figure happened when its sentence says, in a date phrase before it that is no
    other figure's ("After a spike in January one practitioner had been allocated 31 children", "In 2017
    social workers were carrying caseloads in the mid-20s"); a past one, else, when the sentence before it in
    its paragraph says, if that one states no figure ("Tameside left inadequate in 2022. Inspectors found
    ...")."""
    text = ctx.text
    before = text[sent.start_char : ctx.doc[figure.start].idx]
    found = last_free_date(before, ctx.published) or event_date(ctx, text[sent.start_char : sent.end_char])
    if found or tense != "past" or sent.start == 0:
        return found
    previous = ctx.sentence(sent.start - 1)
    if ctx.paragraph_of(previous.start_char) != ctx.paragraph_of(sent.start_char):
        return None
    return last_free_date(text[previous.start_char : previous.end_char] + " ", ctx.published, alone=True)


EVENT_NAMED_RE = re.compile(r"\b(?:the|this|that)\s+(?:\w+\s+)?(visit|inspection)\b", re.I)


def event_date(ctx, sentence: str) -> str | None:
    """ "one practitioner was responsible for 29 children at the time of the visit": the date of the visit (or
    inspection) the sentence names, as the document first states it ("Inspectors, who visited in October")."""
    named = EVENT_NAMED_RE.search(sentence)
    return dated_event(ctx.text, named.group(1).lower(), ctx.published) if named else None


@functools.lru_cache(maxsize=64)
def dated_event(text: str, event: str, published) -> str | None:
    """The date the first sentence of ``text`` telling when the visit (inspection) was gives close after the
    word, not a previous one's, nor a "since" date."""
    for told in re.finditer(RULES["event_words"][event], text, re.I):
        start = max(text.rfind(". ", 0, told.start()), text.rfind("\n", 0, told.start())) + 1
        end = min(
            (i for i in (text.find(". ", told.end()), text.find("\n", told.end())) if i >= 0),
            default=len(text),
        )
        window = re.split(
            r"\bsince\b", text[told.start() : min(end, told.end() + RULES["event_date_reach"])]
        )[0]
        when = date_in(window, published)
        if when and not re.search(RULES["earlier_event_words"], text[start : told.start()], re.I):
            return when
    return None


DATE_OPENER_RE = re.compile(
    r"\b(?:in|during|on|at|as|last|this|over)\b|\b(?:a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,2})(?=\s+(?:years?|months?)\s+ago\b)",
    re.I,
)  # "Six years ago, ..."
FIGURE_BEFORE_RE = re.compile(
    r"\d[\d.,]*(?:%|m|bn|k)?(?:\s+(?:cases|children|per\s+cent))?\s*$"
)  # "£6.3m last year"


def last_free_date(text: str, published, alone: bool = False) -> str | None:
    """The last date phrase in ``text`` with no figure after it and none right before it (whose date it
    would be: "from 24 in April 2022 to"), with no figure at all beside it when ``alone``; "since 2019" dates
    no figure."""
    segment_end = len(text)
    for opener in reversed(list(DATE_OPENER_RE.finditer(text))):
        as_of, taken = date_after(text[opener.start() : opener.start() + 60], published)
        if taken:
            before, after = text[: opener.start()], text[opener.start() + taken :]
            free = not (
                FIGURE_BEFORE_RE.search(before)
                or re.search(r"\d", after)
                or (alone and re.search(r"\d", before))
            )
            return as_of if free else None
        if re.search(r"\d", DATE_NUMBER_RE.sub("", text[opener.start() : segment_end])):
            return None  # a figure after this opener, none of whose words gave a date
        segment_end = opener.start()
    return None


TAIL_BEFORE_DATE_RE = re.compile(
    r" (?:" + "|".join(map(re.escape, RULES["tails_before_date"])) + r")\b"
    r"| when\b[^,.;:\n]{0,50}?(?= (?:in|on|during|at) )",
    re.I,
)


def date_right_after(text: str, end_char: int, published) -> tuple[str | None, int]:
    """The date right after a figure, or after its "on average" or "each" ("held 21.4 cases on average at the
    end of September") or a "when" clause ("from 28 when the report was published in October 2016"), and the
    characters up to its end."""
    as_of, taken = date_after(text[end_char : end_char + 40], published)
    tail = TAIL_BEFORE_DATE_RE.match(text, end_char) if not taken else None
    if tail:
        as_of, taken = date_after(text[tail.end() : tail.end() + 40], published)
        return (as_of, tail.end() - end_char + taken) if taken else (None, 0)
    return as_of, taken


def words_for_tense(doc, start: int, end: int) -> list[str]:
    """The lower-cased words of doc[start:end], a word of a capitalised name ("Assessed and Supported Year in
    Employment") left out: it is no verb."""
    words = lower_words(doc, start, end)
    return [
        "" if k and word in TENSE_OF_WORD and in_capitalised_name(doc, start + k) else word
        for k, word in enumerate(words)
    ]


def in_capitalised_name(doc, i: int) -> bool:
    return doc[i].is_title and (doc[i - 1].is_title or (i + 1 < len(doc) and doc[i + 1].is_title))


def date_before(ctx, figure, sent) -> str | None:
    """ "now" or a date in the words just before the figure, a date opening its sentence, set off by commas
    before its verb, before a "when" clause holding it, or "that date" of the sentence before; or its table's
    date."""
    text, start_char = ctx.text, ctx.doc[figure.start].idx
    clause = re.split(
        r"[,;:]", text[ctx.doc[max(sent.start, figure.start - RULES["now_reach"])].idx : start_char]
    )[-1]
    before = text[sent.start_char : start_char]
    return (
        now_before(clause, ctx.published)
        or sentence_lead_date(text[sent.start_char : sent.end_char], ctx.published)
        or date_of_subject(clause, ctx.published)
        or date_set_off(before, ctx.published)
        or date_before_when(before, ctx.published)
        or that_date(ctx, sent, before)
        or table_date(text, start_char, ctx.published)
    )


SET_OFF_VERB_WORDS = 3


def date_set_off(before: str, published) -> str | None:
    """ "The latest figure for England, for September 2024, is 16.3": a date phrase set off by commas right
    before the figure's verb."""
    parts = before.split(",")
    if len(parts) < 3 or len(parts[-1].split()) > SET_OFF_VERB_WORDS or re.search(r"\d", parts[-1]):
        return None
    as_of, taken = date_after(parts[-2], published)
    return as_of if taken and not parts[-2][taken:].strip() else None


WHEN_CLAUSE_RE = re.compile(
    r"(?P<date>\b(?:since|in|during|by|until|from)\s[^,;]{3,30}?),?\s+when\b[^,;\d]*$", re.I
)


def date_before_when(before: str, published) -> str | None:
    """ "has come down since March 2013, when a typical social worker was carrying 22.5": the date a "when"
    clause holding the figure hangs on."""
    when = WHEN_CLAUSE_RE.search(before)
    if when is None:
        return None
    as_of, taken = date_after(" " + when.group("date"), published)
    return as_of if taken and not when.group("date")[taken - 1 :].strip() else None


THAT_DATE_RE = re.compile(r"\b(?:on|at|by|as at|as of)\s+(?:that|the same|this)\s+(?:date|day)\b", re.I)


def that_date(ctx, sent, before: str) -> str | None:
    """ "On 31 May 2013 ... 16.4 children. On that date the largest caseload ... was 28": the date of the
    sentence before, in its paragraph."""
    if sent.start == 0 or not THAT_DATE_RE.search(before):
        return None
    previous = ctx.sentence(sent.start - 1)
    if ctx.paragraph_of(previous.start_char) != ctx.paragraph_of(sent.start_char):
        return None
    return date_in(ctx.text[previous.start_char : previous.end_char], ctx.published)


DATE_NUMBER_RE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?(?=\s+[A-Za-z]{3})")


def date_of_subject(clause: str, published) -> str | None:
    """ "The average caseload at 31 March 2024 was 16.9": a date in the words just before the figure, when no
    other figure stands between ("from 24 in April 2022 to 18" dates 24, not 18)."""
    if re.search(r"\d", DATE_NUMBER_RE.sub("", clause)):
        return None
    return date_in(clause, published)


def changed_from(doc, figure, sent) -> bool:
    """ "has fallen from 30 to 25": the figure a change started from is not the present one ("caseloads range
    from 14.6 in Darlington to 25 in Stockton" spreads across places, not time)."""
    for i in range(figure.start - 1, max(sent.start, figure.start - 4) - 1, -1):
        if doc[i].like_num or doc[i].is_punct:
            return False
        if doc[i].lower_ == "from":
            return not (i > sent.start and doc[i - 1].lower_ in SPREAD_VERBS)
    return False


def more_after(doc, figure, sent) -> bool:
    """ "40 or more", "25-plus", "30 plus cases": at least the figure."""
    words = lower_words(doc, figure.end, min(sent.end, figure.end + 3))
    following = " ".join(words[1:] if words[:1] == ["-"] else words)
    return any(following == p or following.startswith(p + " ") for p in RULES["more_after"])


CHANGE_ENDS = frozenset({"below", "under"})


def planned_change(doc, figure, sent) -> bool:
    """ "expected to bring the average down to 16", "want to cut caseloads to 18", "will fall to 15", "want to
    get them below 17": where a change planned or forecast is to end is a target."""
    near = doc[max(sent.start, figure.start - 4) : figure.start]
    ends = word_before_qualifier(doc, figure, sent) == "to" or doc[figure.start - 1].lower_ in CHANGE_ENDS
    return (
        ends
        and any(t.lower_ == "to" for t in near)
        and tense_before(words_for_tense(doc, sent.start, figure.start)) == "future"
    )


def coordinated_figure(doc, figure, sent):
    """ "a limit of 18 children for ASYEs and of 22 for experienced staff": the figure the one after "and
    (of)" is coordinated with, whose measure it shares (None when the figure is not so joined)."""
    i = figure.start - 1
    if i > sent.start and doc[i].lower_ in ("of", "to", "at"):
        i -= 1
    if i <= sent.start or doc[i].lower_ != "and":
        return None
    for j in range(i - 1, max(sent.start, i - RULES["cue_reach"]) - 1, -1):
        earlier = read_figure(doc, j, figure.start) if doc[j].like_num else None
        if earlier is not None:
            return earlier if MIN_VALUE <= earlier.value <= MAX_VALUE else None
    return None


def measure_of(doc, figure, sent) -> tuple[str, int | None]:
    """The nearest measure word before the figure in its sentence ("average", "maximum", "target"...).

    "up to"/"no more than" say maximum unless a target or average word further back, before any other figure,
    says more ("target ... no more than 15"); "some social workers hold up to 28" is still a cap.
    """
    found = None
    floor = max(sent.start, figure.start - 16)
    words = [i for i in range(figure.start - 1, floor - 1, -1) if not doc[i].is_space]  # a PDF's line breaks
    for k, i in enumerate(words):
        word = doc[i].lower_
        bigram = f"{doc[words[k + 1]].lower_} {word}" if k + 1 < len(words) else ""
        if (
            found is None and bigram in RULES["firm_bigrams"]
        ):  # "should only take on 15": a cap, whoever says it
            return RULES["firm_bigrams"][bigram], words[k + 1]
        if found is None and bigram in RULES["measure_bigrams"]:
            found = RULES["measure_bigrams"][bigram], words[k + 1]
            continue
        if (
            found is not None and doc[i].like_num
        ):  # "average ... is 17.2, with ... up to 24": not 24's measure
            return found
        if word == "," and i + 1 < figure.start and doc[i + 1].lower_ in ("and", "while", "but", "whereas"):
            return found or (
                RULES["default_measure"],
                None,
            )  # "an average of 23, and a few hold more than 30"
        measure = MEASURE_OF_WORD.get(word) or one_worker(doc, i, figure.start)
        if measure == "individual" and i + 1 < figure.start and doc[i + 1].lower_ in AREA_NOUNS:
            continue  # "some regions having seven children per worker": an area's average, not a worker's
        if measure == "average" and found is None and aimed_at(doc, i, floor):
            return "target", i  # "aims to cut caseloads to an average of 18"
        if measure and found is not None:
            return found if measure == "individual" else (measure, found[1])
        if measure:
            return measure, i
    return found or measure_after(doc, figure, sent) or (RULES["default_measure"], None)


def measure_after(doc, figure, sent) -> tuple[str, int] | None:
    """ "the 12 recommended by Lord Laming": a measure word right after the figure."""
    if figure.end < sent.end and doc[figure.end].lower_ in RULES["measure_after"]:
        return RULES["measure_after"][doc[figure.end].lower_], figure.end
    return None


def one_worker(doc, i: int, figure_start: int) -> str | None:
    """ "One newly qualified social worker had 30 cases": "one" before a singular worker is one worker's
    figure."""
    if doc[i].lower_ != "one":
        return None
    following = {t.lower_ for t in doc[i + 1 : min(figure_start, i + 5)]}
    return "individual" if following & SINGULAR_WORKERS else None


def negated(doc, figure, sent) -> bool:
    """ "No social worker holds more than 20", "will not be asked to hold more than 18": a cap, not a
    level."""
    for i in range(figure.start - 1, max(sent.start, figure.start - 12) - 1, -1):
        if doc[i].is_punct or doc[i].like_num:
            return False
        if doc[i].lower_ in RULES["negations"]:
            return doc[i + 1].lower_ not in RULES["at_least_words"]  # "no fewer than 34" is at least 34
    return False


def aimed_at(doc, i: int, floor: int) -> bool:
    """A target word before the measure word at ``i`` in the same clause (no comma or figure between)."""
    for j in range(i - 1, floor - 1, -1):
        if doc[j].is_punct or doc[j].like_num:
            return False
        if MEASURE_OF_WORD.get(doc[j].lower_) == "target":
            return True
    return False


@functools.lru_cache(maxsize=1)
def role_regex():
    roles = sorted(load_words("caseload_roles.txt"), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(r) for r in roles) + r")\b", re.I)


def role_of(ctx, figure, sent) -> str | None:
    """The role a figure is for: "for/per <role>" right after it, else the nearest role before it that is not
    a count of people ("recruited 21 newly qualified social workers and its average caseload was 17")."""
    doc = ctx.doc
    offset = sent.start_char
    figure_start, figure_end = doc[figure.start].idx - offset, doc[figure.end - 1].idx - offset
    sent_text = ctx.text[sent.start_char : sent.end_char]
    found = [(m.start(), m.group(1)) for m in role_regex().finditer(sent_text)]
    after = [
        (pos, role)
        for pos, role in found
        if 0 < pos - figure_end <= 40 and ROLE_LINK_RE.search(sent_text[figure_end:pos])
    ]
    if after:
        return after[0][1].lower()
    before = [
        (pos, role)
        for pos, role in found
        if pos < figure_start and not COUNTED_ROLE_RE.search(sent_text[:pos])
    ]
    return before[-1][1].lower() if before else None


COUNTED_ROLE_RE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|\w+ty|number of)\s*$", re.I
)


def finalize(facts: list[dict]) -> list[dict]:
    """A headline's undated "cut caseloads to 15" restates the body's "to 15 children by 2026": keep the dated
    one. A headline's figure the body states again ("others hold 11" ... "at Rutland it was just 11") is kept
    once."""
    dated = {(f["value"], f["measure"], f["role"], f["council"]) for f in facts if f["as_of"]}
    facts = [
        f for f in facts if f["as_of"] or (f["value"], f["measure"], f["role"], f["council"]) not in dated
    ]
    for fact in facts:
        fact["as_of"] = fact["as_of"] or date_of_the_figure_compared(fact, facts)
    facts = [f for f in facts if not any(restated_below(f, other) for other in facts)]
    return [f for f in facts if not any(restated_in_a_list(f, other) for other in facts)]


def date_of_the_figure_compared(fact: dict, facts: list[dict]) -> str | None:
    """ "16.5 as of September 2023, up from 16.3 a year earlier", "... at the end of September. Across England
    the average stood at 16.3 at the same point last year": a year before (or, "for the same period", the date
    of) the figure compared, the nearest before it, in its sentence or close before, dated by its own
    words."""
    phrase = compared_phrase(fact)
    if phrase is None:
        return None
    earlier = [
        f
        for f in facts
        if f["start"] < fact["start"]
        and compared_phrase(f) is None
        and (f["sentence"] == fact["sentence"] or fact["start"] - f["end"] <= RULES["compared_reach"])
    ]
    anchor = max(earlier, key=lambda f: f["start"])["as_of"] if earlier else None
    if not anchor:
        return None
    year, _, month = anchor.partition("-")
    return f"{int(year) - COMPARED_DATES[phrase]}" + (f"-{month}" if month else "")


def compared_phrase(fact: dict) -> str | None:
    return next((p for p in COMPARED_DATES if fact["quote"].lower().endswith(p)), None)


def restated_below(fact: dict, other: dict) -> bool:
    return (
        fact is not other
        and fact["start"] < other["start"]
        and is_headline(fact["sentence"])
        and not is_headline(other["sentence"])
        and fact["council"] in (None, other["council"])
        and fact["value"] == other["value"]
    )


SUMMARY_ROW_RE = re.compile(r"[ \t]*(?:[-•*▪◦·][ \t]*\S|[A-Z][\w'’ .&-]{1,40}?[ \t]+[–—-][ \t]+\S)")
SUMMARY_ROW_MAX = 100
SUMMARY_MEASURE_RE = re.compile(r"case-?loads?|\baverage\b", re.I)


def restated_in_a_list(fact: dict, other: dict) -> bool:
    """ "Luton - average caseload 22" in a box of the story's figures ("How the councils compare", "At a
    glance") restates "its social workers were responsible for 22 children each" of its prose: the row's
    figure, read as a sentence, is kept once, in the prose."""
    same_place = fact["council"] == other["council"] or None in (fact["council"], other["council"])
    return (
        fact is not other
        and fact["value"] == other["value"]
        and same_place
        and in_a_summary_row(fact["sentence"])
        and not in_a_summary_row(other["sentence"])
    )


def in_a_summary_row(sentence: str) -> bool:
    """A bulleted line, or a short line opening with a label and a dash, that names the measure ("Luton -
    average caseload 22", "- Average caseload: 16"; not a worker's row: "Social worker 1 - 15 children")."""
    line = sentence.strip()
    return (
        "\n" not in line
        and len(line) <= SUMMARY_ROW_MAX
        and SUMMARY_ROW_RE.match(line) is not None
        and SUMMARY_MEASURE_RE.search(line) is not None
    )


def identity(fact):
    return (fact["value"], fact["measure"], fact["role"], fact["as_of"], fact["council"])
