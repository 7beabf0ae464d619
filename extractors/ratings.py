"""Ratings: Ofsted judgements of a council's children's services in news and minutes prose.

A judgement word ("good", "inadequate", "requires improvement", "RI") counts only when a rating phrase
governs it: "rated good", "judged inadequate", "'good' rating", "inadequate-rated", "from RI to good",
or a quoted judgement in a sentence about Ofsted. Hypotheticals ("could be rated inadequate"),
aggregates ("good or outstanding") and ratings of schools, nurseries or homes are not council ratings.
"""

import itertools
import re

from spacy.util import filter_spans

from .candidates import rejected
from .components import lower_words
from .dates import MONTH, MONTHS, date_in, sentence_lead_date
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("rating_rules.json"))
QUOTES = RULES["quote_marks"]
SAME_GRADE_RE = re.compile(RULES["same_grade_regex"], re.I)
SAME_REACH = 120  # characters after a grade in which "the same grade as at the previous inspection" is read
EARLIER_INSPECTION_RE = re.compile(RULES["earlier_inspection_regex"], re.I)
DATE_STOP_RE = re.compile(RULES["date_stop_regex"], re.I)
EARLIER_NAMED_RE = re.compile(RULES["earlier_inspection_named_regex"], re.I)
GIVEN_EARLIER_RE = re.compile(RULES["given_earlier_regex"], re.I)
EARLIER_WORD_RE = re.compile(r"previous|prior|earlier|preceding", re.I)
GIVEN_EARLIER_REACH = 90  # characters after a grade in which "given at the previous inspection" is looked for
BARE_RATING_RE = re.compile(RULES["bare_rating_regex"], re.I)
REPEAT_BEFORE_RE = re.compile(RULES["repeat_before_regex"], re.I)
REPEAT_AFTER_RE = re.compile(RULES["repeat_after_regex"], re.I)
NEXT_INSPECTION_RE = re.compile(RULES["next_inspection_regex"], re.I)
PASSIVE_RATING_RE = re.compile(RULES["passive_rating_regex"], re.I)
RELATIVE_RE = re.compile(r"\b(?:which|that|where|when|whom|whose|who)\b")
GRADE_TABLE_HEAD_RE = re.compile(RULES["grade_table_heading"], re.I | re.M)
TABLE_CELL_RE = re.compile(r"[^\s](?:[^\n\t]*?[^\s])??(?=[ ]{2,}|\t|[ \t]*\n|[ \t]*$)")
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
GRADE_TABLE_SPAN = 2000  # characters after a judgement table's heading that its rows may take
LINE_LABEL_RE = re.compile(RULES["line_label_regex"])
LINE_REST_RE = re.compile(RULES["line_rest_regex"])
LABEL_SEPARATORS = (":", "–", "—", "-")
LIST_JOINS = {",", "and", "&"}
BRACKETED_YEAR_RE = re.compile(r"\s*['\"‘’“”]?\s*\(\s*((?:19|20)\d\d)\s*\)")
YEAR_PAIR_RE = re.compile(
    r"(?<=\d{4})\s+(?:and|&)\s+(?:again\s+)?(?:in\s+)?(?:" + MONTH + r"\s+)?((?:19|20)\d\d)\b", re.I
)
SAME_GRADE_YEAR_RE = re.compile(RULES["same_grade_year_regex"], re.I)
CLAUSE_BREAK_RE = re.compile(r"[,;]|:(?!\d)")
HYPOTHETICAL_CLAUSE_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted(RULES["hypothetical_clause_words"], key=len, reverse=True))
    + r")(?:\b|(?=n['’]t))",
    re.I,
)
TO_BE_RE = re.compile(r"\bto\s+be\s+$", re.I)
OBJECT_REACH = (
    22  # tokens before "to be GRADE" in which the verb of "found <the services> to be" is looked for
)


def read(ctx):
    doc = ctx.doc
    spans = filter_spans(list(doc.spans.get("ratings", [])))
    judgements = {span.start: span for span in spans}
    table = list(read_grade_tables(ctx))
    yield from table
    in_table = {chars[0] for _, _, chars in table}
    for span in spans:
        if span.start_char in in_table:
            continue  # a table's cell, read with its row and column
        label = line_label(ctx.text, span)
        labelled, scope = labelled_councils(ctx, span, label), labelled_scope(ctx.text, span, label)
        sent = line_of(ctx, span) if labelled else ctx.sentence(span.start)
        named_after = councils_named_after(ctx, span, sent)
        reason = why_not_a_rating(
            ctx, span, sent, judgements, named_after is not None, bool(labelled or scope)
        )
        if reason:
            if (
                ctx.words_in(sent.start, sent.end) & RULES["context_words"]
            ):  # a grade word in an Ofsted sentence
                yield rejected(reason, span)
            continue
        found = list(read_rating(ctx, span, sent, judgements, scope))
        councils = labelled or rated_councils(ctx, span, named_after)
        if len(councils) > 1:  # "two 'good' ratings for Kent and Medway": one each, no run
            found = [(fact, tokens, chars) for fact, tokens, chars in found if "repeat" not in fact]
        for council in councils:
            for fact, tokens, chars in found:
                yield (dict(fact, council_named=council) if council else dict(fact)), tokens, chars


def read_grade_tables(ctx):
    """A judgement table in a committee report, flattened one cell a line (or cells set apart by wide spaces):
    "Judgement", a heading per inspection ("Grade 2018 inspection", "Grade 2023 inspection"), then per row a
    judgement area and its grades. The latest column is the council's current grade, the others previous."""
    if "judg" not in ctx.lower_text:
        return  # every heading GRADE_TABLE_HEAD_RE reads says "judgement" or "judgment"
    for head in GRADE_TABLE_HEAD_RE.finditer(ctx.text):
        cells = table_cells(ctx.text, head.end())
        years = [
            YEAR_RE.search(text).group()
            for _, _, text in itertools.takewhile(lambda cell: YEAR_RE.search(cell[2]), cells[:4])
        ]
        for row in table_rows(cells[len(years) :], len(years)) if years else []:
            yield from grade_row_facts(ctx, row, years)


def table_cells(text: str, start: int) -> list[tuple[int, int, str]]:
    """The non-empty cells after ``start``: one a line, or set apart on a line by a tab or wide spaces."""
    region = text[start : start + GRADE_TABLE_SPAN]
    return [(start + m.start(), start + m.end(), m.group()) for m in TABLE_CELL_RE.finditer(region)]


def table_rows(cells: list, width: int):
    """Rows of a judgement area and ``width`` grades (or N/A), up to the first cell that breaks the
    pattern."""
    for i in range(0, len(cells) - width, width + 1):
        scopes = subject_scopes(cells[i][2] + " was judged")
        grades = cells[i + 1 : i + 1 + width]
        if not scopes or not all(
            grade_of(text) or text.strip(" .").lower() in RULES["not_graded"] for _, _, text in grades
        ):
            return
        yield scopes[0], grades


def grade_row_facts(ctx, row, years: list[str]):
    scope, grades = row
    latest = max(years)
    for year, (start, end, text) in zip(years, grades, strict=False):
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if grade_of(text) and span is not None:
            fact = {
                "judgement": grade_of(text),
                "when": "current" if year == latest else "previous",
                "scope": scope,
                "as_of": year,
            }
            yield fact, (span.start, span.end), (start, end)


def grade_of(cell: str) -> str | None:
    """The judgement a table cell holds ("Outstanding", "Requires improvement to be good"), or None."""
    words = " ".join(cell.lower().strip(" .'\"‘’“”").split())
    return next((label for label, forms in RULES["grade_cells"].items() if words in forms), None)


def rated_councils(ctx, span, named_after) -> list:
    """Each council one grade is said of ("Surrey, Newham and Medway were rated inadequate"), the council
    named right after it ("'inadequate' council Slough"), or [None]: the usual attribution."""
    group = ctx.coordinated_councils(span.start, span.end, named_after)
    if group:
        return group
    return [next((m[3] for m in ctx.mentions if m[0] == named_after), None)]


def councils_named_after(ctx, span, sent) -> int | None:
    """Where the councils a grade describes begin, when they follow it: "'inadequate' Surrey", "good-rated
    Gateshead", "'good' authorities Bromley and Gateshead"; None when no council follows."""
    doc, i = ctx.doc, span.end
    while i < min(sent.end, span.end + 4) and (
        doc[i].text in QUOTES or doc[i].lower_ in RULES["attributive_between"]
    ):
        i += 1
    return i if any(m[0] == i for m in ctx.mentions) else None


def read_rating(ctx, span, sent, judgements, labelled: str | None = None):
    """The rating (and the earlier one it repeats, "the same grade as at its previous inspection"); one "given
    at the previous inspection in 2014" is previous, and dated by the date after that phrase. ``labelled``:
    the scope of the label before it on its line."""
    doc = ctx.doc
    repeated = same_as_before(ctx.text[span.end_char : sent.end_char])
    given_earlier = given_at_an_earlier_inspection(ctx, span, sent)
    after_end = span.end_char + repeated[0] if repeated else next_judgement_char(doc, span, sent, judgements)
    fact = {
        "judgement": span.label_,
        "when": "previous" if given_earlier else when_of(doc, span, sent, judgements),
    }
    scopes = (
        [labelled]
        if labelled
        else subject_scopes(ctx.text[clause_start(doc, span, sent, judgements) : span.start_char])
        or object_scopes(ctx, span, sent)
        or [scope_of(doc, span, sent)]
    )
    dates = (
        [date_in(ctx.text[given_earlier.end() : after_end][:40], ctx.published)]
        if given_earlier
        else dates_of(ctx, span, sent, judgements, after_end)
    )
    for as_of in dates:
        for scope in scopes:
            yield (
                dict(fact, scope=scope, as_of=as_of),
                (span.start, span.end),
                (doc[span.start].idx, span.end_char),
            )
    for repeat in range(1, times_in_a_row(ctx, span, sent)):  # "judged inadequate for a second time"
        yield (
            dict(fact, when="previous", scope=scopes[0], as_of=None, repeat=repeat),
            (span.start, span.end),
            (doc[span.start].idx, span.end_char),
        )
    if repeated:  # "requires improvement, the same grade as at its previous inspection in 2019"
        start, end = span.end_char + repeated[0], span.end_char + repeated[1]
        as_of = date_in(ctx.text[start:end], ctx.published)
        for when in [as_of] + (dates_given_with(ctx.text[start:end], as_of) if as_of else []):
            yield (
                dict(fact, when="previous", scope=scopes[0], as_of=when),
                (span.start, span.end),
                (start, end),
            )


def given_at_an_earlier_inspection(ctx, span, sent):
    """ "the inadequate judgement given at the previous inspection": the match of that phrase after the
    grade."""
    end = min(sent.end_char, span.end_char + GIVEN_EARLIER_REACH)
    if not EARLIER_WORD_RE.search(ctx.text, span.end_char, end):
        return None
    return GIVEN_EARLIER_RE.match(ctx.text, span.end_char, sent.end_char)


def times_in_a_row(ctx, span, sent) -> int:
    """How many times running the grade was given: "the second consecutive good judgement", "two inadequate
    judgements in a row", "rated outstanding at two consecutive inspections"; the earlier ones are ratings too
    (undated, they give way to a dated statement of the same grade). "Rated inadequate for the second time" is
    read as the one rating it states (the dev set's convention)."""
    before = REPEAT_BEFORE_RE.search(ctx.text, max(sent.start_char, span.start_char - 30), span.start_char)
    if (
        before
        and content_after(ctx.doc, span, sent, 1)[:1]
        and content_after(ctx.doc, span, sent, 1)[0] in RULES["rating_nouns_after"]
    ):
        return RULES["repeat_numbers"][before.group(1).lower()]
    after = REPEAT_AFTER_RE.match(ctx.text, span.end_char, sent.end_char)
    return RULES["repeat_numbers"][after.group(1).lower()] if after else 1


def clause_start(doc, span, sent, judgements) -> int:
    """The character where the words leading to a grade begin: the sentence's start, or the end of the grade
    before it in the sentence."""
    earlier = [judgements[j].end_char for j in judgements if sent.start <= j < span.start]
    return max(earlier + [sent.start_char])


def same_as_before(rest: str) -> tuple[int, int] | None:
    """Where the clause after a grade says an earlier inspection gave the same one ("..., the same grade as at
    its previous inspection in 2019", "which came after the previous inspection in 2014 had determined the
    same judgement", "the same verdict inspectors reached in 2009 and again in 2010"): the characters from the
    first of the two phrases to the end of the second."""
    clause = rest[:SAME_REACH]
    same = SAME_GRADE_RE.search(clause)
    earlier = same and (EARLIER_INSPECTION_RE.search(clause) or SAME_GRADE_YEAR_RE.search(clause, same.end()))
    if not earlier:
        return None
    start, end = min(same.start(), earlier.start()), max(same.end(), earlier.end())
    year = re.match(r"\s+in\s+(?:19|20)\d\d", clause[end:])
    return start, end + (year.end() if year else 0)


def dates_of(ctx, span, sent, judgements, after_end: int) -> list:
    """The dates of a grade: the date phrase after it (up to the next grade), else the one before it in its
    clause, else (when no grade comes before it) in its sentence or opening it ("In September 2017 I sat in
    the gallery while ... Ofsted had found ... inadequate"), else [None]. Two years given together ("in 2013
    and again in 2017", "In 2009 and 2011, ... labelled 'inadequate'") are two ratings, one each."""
    doc = ctx.doc
    after = DATE_STOP_RE.split(ctx.text[span.end_char : after_end][:90])[0]
    earlier = [judgements[j].end for j in judgements if sent.start <= j < span.start]
    before = (
        ctx.text[doc[max(earlier + [sent.start, span.start - 20])].idx : span.start_char]
        .rstrip()
        .split(";")[-1]
    )
    clause = before.rsplit(",", 1)[-1]
    for window in (
        (after, clause) if earlier else (after, clause, before)
    ):  # an earlier grade's date is its own
        as_of = date_in(window, ctx.published) or (window is after and bracketed_year(after))
        if as_of:
            return [as_of] + dates_given_with(window, as_of)
    return [
        None if earlier else sentence_lead_date(ctx.text[sent.start_char : span.start_char], ctx.published)
    ]


def dates_given_with(window: str, as_of: str) -> list[str]:
    """ "in 2019 and again in October 2024": the second date given with the first (as_of), or []."""
    for month, year in YEAR_PAIR_RE.findall(window):
        if year != as_of[:4]:
            return [f"{year}-{MONTHS[month.lower()]:02d}" if month else year]
    return []


def bracketed_year(after: str) -> str | None:
    """ "Stockport – outstanding (2021)": a year in brackets right after the grade."""
    found = BRACKETED_YEAR_RE.match(after)
    return found.group(1) if found else None


def next_judgement_char(doc, span, sent, judgements) -> int:
    """Where the next judgement in the sentence starts: a date after it is that judgement's ("up from
    'inadequate' in 2019" does not date the rating before it)."""
    later = [j for j in judgements if span.end <= j < sent.end]
    return doc[min(later)].idx if later else sent.end_char


def content_before(doc, span, sent, n=6) -> list[str]:
    """The words before the judgement, lower-cased, quotes left out ("May" the month keeps its capital: it is
    not the hypothetical "may")."""
    start = max(sent.start, span.start - n - 3)
    words = [
        word if word != "may" or doc[start + k].text != "May" else "May"
        for k, word in enumerate(lower_words(doc, start, span.start))
    ]
    return [word for word in words if word not in QUOTES][-n:]


def content_after(doc, span, sent, n=4) -> list[str]:
    return [
        word for word in lower_words(doc, span.end, min(sent.end, span.end + n + 3)) if word not in QUOTES
    ][:n]


def why_not_a_rating(
    ctx, span, sent, judgements, councils_follow: bool = False, labelled: bool = False
) -> str | None:
    """Why a judgement word is not a council's Ofsted rating (None when it is one). Most grade words ("a good
    day") have no rating phrase: that is asked first, the rest only of those that have one. ``labelled``: the
    grade follows a line's label of councils or of a judgement area ("Stockport – outstanding (2021)", "Care
    leavers: Good")."""
    doc = ctx.doc
    after = content_after(doc, span, sent)
    if not is_governed_rating(ctx, span, sent, judgements, after, labelled):
        return "no rating phrase governs it"
    before = content_before(doc, span, sent)
    reason = (
        blocked(before, [] if councils_follow else after, sent)
        or hypothetical_clause(ctx, span, sent)
        or aim_for_the_next_inspection(ctx, span, sent)
    )
    if reason:
        return reason
    if in_grade_list(doc, span, sent, judgements):
        # "graded 'Inadequate', 'Requires Improvement', 'Good' or 'Outstanding'"
        return "the grading scale, not a rating"
    if about_an_institution(ctx, span, sent):
        return "the rating of a school, home or other body"
    sentence_words = ctx.words_in(sent.start, sent.end)
    if sentence_words & RULES["other_inspectorates"] and "ofsted" not in sentence_words:
        return "another inspectorate's rating"  # "rated 'good' by the Care Quality Commission"
    if after[:1] and after[0] in RULES["adjective_nouns"]:
        return "a word of praise, not a judgement"  # "inspectors praised the 'good' relationships"
    return None


def is_governed_rating(ctx, span, sent, judgements, after, labelled: bool = False) -> bool:
    """A rating phrase governs the judgement: a label, a rating verb or noun, "from RI to good", quotes."""
    doc = ctx.doc
    in_context = bool(ctx.words_in(sent.start, sent.end) & RULES["context_words"])
    if labelled and (in_context or "ofsted" in ctx.words_in(0, len(doc))):
        return True  # "Overall effectiveness: Good" in a story about an Ofsted inspection
    if (
        governed(doc, span, sent, in_context, judgements)
        or governs_after(after)
        or in_from_to(doc, span, sent, judgements)
        or object_of_rating(ctx, span, sent, in_context)
    ):
        return True
    if (
        not in_context
        and weak_verb_before(ctx, span, sent)
        and after_an_inspection(ctx, span, sent)
        and (governed(doc, span, sent, True, judgements) or object_of_rating(ctx, span, sent, True))
    ):
        return True  # "... last inspected in 2014. Before that they were found to be inadequate."
    if span.label_ == "requires improvement" and (len(span) >= 5 or (span.text == "RI" and in_context)):
        return True
    if in_context and council_is_grade(ctx, span, sent, after):
        return True
    return (is_quoted(doc, span) and in_context) or (
        span.label_ == "requires improvement"
        and span.text != "RI"
        and in_context
        and services_subject(doc, span, sent)
    )


def weak_verb_before(ctx, span, sent) -> bool:
    return bool(
        ctx.words_in(max(sent.start, span.start - OBJECT_REACH), span.start) & RULES["weak_rating_verbs"]
    )


def after_an_inspection(ctx, span, sent) -> bool:
    """A sentence that refers back ("they", "the services", a council) to the one before, which speaks of an
    inspection: "... last inspected in 2014, when they were rated as requiring improvement. Before that they
    were found to be inadequate in 2011."""
    if sent.start == 0:
        return False
    refers_back = ctx.words_in(sent.start, span.start) & RULES["referring_back_words"] or any(
        sent.start <= m[0] < span.start for m in ctx.mentions
    )
    return bool(refers_back) and bool(
        ctx.words_in(ctx.sentence(sent.start - 1).start, sent.start) & RULES["context_words"]
    )


def object_of_rating(ctx, span, sent, in_context: bool):
    """ "Ofsted found Croydon's services for vulnerable children to be inadequate", "judged the authority's
    arrangements to be inadequate": a rating verb, an object naming the services, "to be" and the grade; the
    object's tokens, or None."""
    doc = ctx.doc
    if not TO_BE_RE.search(ctx.text, max(sent.start_char, span.start_char - 12), span.start_char):
        return None
    start = max(sent.start, span.start - OBJECT_REACH)
    verbs = [
        t.i
        for t in doc[start : span.start - 2]
        if t.lower_ in RULES["rating_verbs"] or (in_context and t.lower_ in RULES["weak_rating_verbs"])
    ]
    thing = doc[verbs[-1] + 1 : span.start - 2] if verbs else None
    return thing if thing and {t.lower_ for t in thing} & RULES["object_services_words"] else None


def council_is_grade(ctx, span, sent, after) -> bool:
    """ "Manchester is rated good; Trafford is inadequate", "Ofsted said Kent's children's services are now
    good": a council or its services, a copula and the grade (not "Medway is good at recruiting")."""
    doc, i = ctx.doc, span.start - 1
    while i > sent.start and doc[i].lower_ in RULES["copula_adverbs"]:
        i -= 1
    if i <= sent.start or doc[i].lower_ not in RULES["copulas"] or not_a_grade_after_copula(after):
        return False
    j = i - 1
    if doc[j].lower_ in ("services", "service"):
        j -= 1
        while (
            j > sent.start
            and doc[j].lower_ in RULES["services_fillers"]
            and not any(m[1] - 1 == j for m in ctx.mentions)
        ):
            j -= 1
    return any(m[1] - 1 == j for m in ctx.mentions)


def not_a_grade_after_copula(after) -> bool:
    """ "is good at recruiting", "is outstanding in its use of data" (but "was inadequate in 2015")."""
    if after[:1] == ["in"] and after[1:2] and (YEAR_RE.fullmatch(after[1]) or after[1] in MONTHS):
        return False
    return bool(after[:1]) and after[0] in RULES["copula_not_after"]


def services_subject(doc, span, sent) -> bool:
    """ "Dudley's children's services still require improvement" (the services), not "its private fostering
    arrangements require improvement" (a part of them); "up from requires improvement" is a rating too."""
    if content_before(doc, span, sent, 1) == ["from"]:
        return True
    for token in reversed(doc[sent.start : span.start]):
        word = token.lower_
        if token.text in QUOTES or (
            word in RULES["skippable_before"] and word not in RULES["council_subjects"]
        ):
            continue
        return (
            word in RULES["council_subjects"]
            or word in ("they", "it", "services", "service")
            or token.is_title
        )
    return False


def childrens_trust(words) -> bool:
    """ "Sandwell Children's Trust", "Doncaster Children's Services Trust": the council's children's
    services."""
    if not words or words[-1] != "trust":
        return False
    return (
        " ".join(words[-3:-1]) in RULES["childrens_trust_before"]
        or " ".join(words[-4:-1]) in RULES["childrens_trust_before"]
    )


def blocked(before, after, sent) -> str | None:
    """Why the words around a judgement rule it out (a hypothesis, an aggregate, another body), or None."""
    near = before[-4:]
    negation = set(near) & RULES["hypothetical_words"]
    if (negation and not (negation == {"no"} and "longer" in near)) or near[-2:] == ["at", "least"]:
        return "hypothetical, an aim or a negation"  # ("no longer rated 'inadequate'" is a grade left behind)
    if joined_grades(near, after):
        return "an aggregate of grades ('good or outstanding')"
    institution = RULES["not_council_subjects"]
    services = RULES["council_subjects"]
    for i in reversed(range(len(before))):
        word = before[i]
        if word in ("services", "service") and i and before[i - 1] in RULES["other_service_kinds"]:
            return "another service's rating"  # "SEND services were judged inadequate"
        if word in services or word in (",", ";", "and") or childrens_trust(before[: i + 1]):
            break
        if word in institution:
            return "the rating of a school, home or other body"
    following = [w for w in after if w not in ("-", "rated")][:2]  # "good-rated councils"
    return "the rating of a school, home or other body" if set(following) & institution else None


def joined_grades(before, after) -> bool:
    """ "good or outstanding", "'good' and 'outstanding'", "good or better": grades joined as one aggregate;
    not when the second has a scope of its own ("good and outstanding for care leavers" is two ratings)."""
    joins, grades = RULES["grade_joins"], RULES["judgement_words"]
    if after[:1] == ["or"] and after[1:2] and after[1] in RULES["grade_comparatives"]:
        return True  # "good or better"
    if after[:1] and after[0] in joins and after[1:2] and after[1] in grades:
        return after[2:3] != ["for"]
    if before[-1:] and before[-1] in joins and before[-2:-1] and before[-2] in grades:
        return after[:1] != ["for"]
    return False


def aim_for_the_next_inspection(ctx, span, sent) -> str | None:
    """ "hoped to be judged good at its next full inspection": a grade the next inspection may give (not "was
    rated good at the next inspection, in 2019")."""
    if not NEXT_INSPECTION_RE.match(ctx.text, span.end_char, sent.end_char):
        return None
    return (
        None
        if set(content_before(ctx.doc, span, sent)) & RULES["past_verbs"]
        else "an aim for the next inspection"
    )


def hypothetical_clause(ctx, span, sent) -> str | None:
    """ "if the council were to reach 'good'", "the ambition to progress to a rating of 'good'": an aim or a
    condition anywhere in the judgement's clause (from the last comma, semicolon or colon before it)."""
    clause = CLAUSE_BREAK_RE.split(ctx.text[sent.start_char : span.start_char])[-1]
    return "hypothetical, an aim or a negation" if HYPOTHETICAL_CLAUSE_RE.search(clause) else None


def in_grade_list(doc, span, sent, judgements) -> bool:
    """The judgement is one of three or more grades listed one after another: the scale, not a council's
    grade."""
    listed = sorted(j for j in judgements if sent.start <= j < sent.end)
    run = [listed[0]] if listed else []
    for previous, start in zip(listed, listed[1:], strict=False):
        gap = doc[judgements[previous].end : start]
        run = run + [start] if all(t.is_punct or t.lower_ in RULES["grade_joins"] for t in gap) else [start]
        if span.start in run and len(run) >= 3:
            return True
    return False


def about_an_institution(ctx, span, sent) -> bool:
    """ "A children's home run by Sandwell Council was rated good": a school, home or nursery, no services."""
    words = ctx.words_in(max(sent.start, span.start - 25), span.start)
    return bool(words & RULES["institutions"]) and not words & RULES["services_words"]


def governed(doc, span, sent, in_context: bool, judgements=None) -> bool:
    """A rating verb governs the judgement: "rated good", "judged Hackney's children's services to be good",
    and the second of two grades it governs ("judged good and outstanding for care leavers")."""
    other_grades = dated_grades(doc, span, sent, judgements or {})
    for token in reversed(doc[max(sent.start, span.start - 12) : span.start]):
        word = token.lower_
        if token.i in other_grades or (word == "and" and token.i - 1 in other_grades):
            continue
        if word in (",", "and") and token.i + 1 < span.start and doc[token.i + 1].is_title:
            continue  # "rated Wirral, Knowsley and Sefton inadequate"
        if word in RULES["rating_verbs"] or (in_context and word in RULES["weak_rating_verbs"]):
            return True
        if (
            word in RULES["change_verbs"]
            and token.i + 1 < len(doc)
            and doc[token.i + 1].lower_ in RULES["change_particles"]
        ):
            return True  # "has improved to requires improvement", "moved out of inadequate"
        if not (
            word in RULES["skippable_before"]
            or token.text in QUOTES
            or token.is_title
            or word in ("'s", "’s", "children", "service", "for", "social", "care", "out")
        ):
            return False
    return False


def dated_grades(doc, span, sent, judgements) -> set[int]:
    """The tokens of the sentence's other grades, each with a date right after it: "judged inadequate in 2016
    and then requires improvement in 2019" (the second grade is the verb's too)."""
    tokens = set()
    for start, other in judgements.items():
        if start != span.start and sent.start <= start < sent.end:
            end = other.end
            while end < min(len(doc), other.end + 3) and (
                doc[end].lower_ == "in" or doc[end].lower_ in MONTHS or YEAR_RE.fullmatch(doc[end].text)
            ):
                end += 1
            tokens.update(range(start, end))
    return tokens


def governs_after(after) -> bool:
    words = [w for w in after if w != "-"]
    return bool(words) and (
        words[0] in RULES["rating_nouns_after"] or words[:2] in (["by", "ofsted"], ["from", "ofsted"])
    )


def is_quoted(doc, span) -> bool:
    return (
        0 < span.start
        and span.end < len(doc)
        and doc[span.start - 1].text in QUOTES
        and doc[span.end].text in QUOTES
    )


def in_from_to(doc, span, sent, judgements) -> bool:
    return bool(from_to_role(doc, span, sent, judgements))


def from_to_role(doc, span, sent, judgements) -> str | None:
    """ "from requires improvement to good": "previous" for the first judgement, "current" for the second."""
    before = content_before(doc, span, sent, 2)
    if before[-1:] == ["from"]:
        for j in range(span.end, min(sent.end, span.end + 8)):
            if j in judgements and doc[j - 1].lower_ in ("to", "‘", "'", '"', "“"):
                return "previous"
        return "previous" if "to" in content_after(doc, span, sent, 3) else None
    if before[-1:] == ["to"]:
        for j in range(max(sent.start, span.start - 9), span.start):
            if j in judgements and "from" in lower_words(doc, max(sent.start, j - 2), j):
                return "current"
    return None


def when_of(doc, span, sent, judgements) -> str:
    role = from_to_role(doc, span, sent, judgements)
    if role:
        return role
    before = content_before(doc, span, sent, 6)
    after = set(content_after(doc, span, sent, 3))
    if after & RULES["previous_after_words"]:  # "'inadequate' rating lifted"
        return "previous"
    if after & RULES["ongoing_after_words"]:  # "had been rated good by Ofsted since 2019": still holds it
        return "current"
    previous = set(before) & RULES["previous_words"]
    if previous == {"had"} and (reported_speech(doc, span, sent) or set(before) & RULES["latest_words"]):
        previous = (
            set()
        )  # "Members noted that Derby had been rated good in 2019", "had more recently been rated"
    if previous or before[-1:] == ["from"] or before[-2:] == ["out", "of"] or left_behind(before, after):
        return "previous"  # "upgraded from requires improvement", "moved out of inadequate"
    if earlier_inspection_before(doc, span, sent, judgements):
        return "previous"  # "At Bury's previous inspection, in 2012, inspectors judged services to be good"
    if "when" in before and EARLIER_INSPECTION_RE.search(doc[sent.start : span.start].text):
        # "... than at their last inspection in 2019, when they were found to require improvement"
        return "previous"
    if any(sent.start <= j < span.start for j in judgements) and earlier_clause(before):
        # "judged 'RI', having been rated 'inadequate' in 2018"; "'inadequate', two years after judging them
        # 'good'"
        return "previous"
    return "current"


def earlier_clause(before) -> bool:
    """The words before a second grade set it in the past: "having been rated", "two years after judging
    them", "after a decade of" (not "after Ofsted judged them": what came after is the new grade)."""
    if set(before) & RULES["earlier_clause_words"] or any(
        " ".join(pair) in RULES["previous_bigrams"] for pair in zip(before, before[1:], strict=False)
    ):
        return True
    if "after" not in before:
        return False
    following = before[len(before) - before[::-1].index("after") :]
    return not set(following) & RULES["rating_verbs"]


def left_behind(before, after) -> bool:
    """ "have shaken off the 'inadequate' label", "shed its 'requires improvement' rating": a grade left
    behind (not "dropped to 'inadequate'")."""
    verbs = [k for k, word in enumerate(before) if word in RULES["leaving_verbs"]]
    return bool(verbs) and before[verbs[-1] + 1 : verbs[-1] + 2] != ["to"]


def earlier_inspection_before(doc, span, sent, judgements) -> bool:
    """ "At its previous inspection ... judged good": an earlier inspection named in the words before the
    grade (from the last grade before it), not "since the previous inspection"."""
    start = max([judgements[j].end for j in judgements if sent.start <= j < span.start] + [sent.start])
    words = doc[start : span.start].text.lower()
    found = EARLIER_NAMED_RE.search(words)
    return bool(found) and "since" not in words[max(0, found.start() - 12) : found.start()]


def reported_speech(doc, span, sent) -> bool:
    lead = doc[sent.start : span.start].text.lower()
    return any(phrase in lead for phrase in RULES["reported_speech"])


SCOPE_OF_LABEL = {label: scope for scope, labels in RULES["scope_labels"].items() for label in labels}


def labelled_scope(text: str, span, label) -> str | None:
    """ "Care leavers: Requires improvement to be good", "The impact of leaders – Inadequate", a judgement
    list in a news story or a report: the scope of the grade's ``label`` (after a dash, only when the grade
    ends its line)."""
    if not label or (label[2] != ":" and not LINE_REST_RE.match(text, span.end_char)):
        return None
    name = label[0].strip(" '\"‘’“”").lower()
    return SCOPE_OF_LABEL.get(name) or SCOPE_OF_LABEL.get(name.removeprefix("the "))


def labelled_councils(ctx, span, label) -> list:
    """ "Stockport – outstanding (2021)", "Wigan, Bolton and Bury: good": a scorecard line whose ``label`` is
    councils alone and whose grade ends it (a date in brackets may follow); the councils, or []."""
    if not label or not LINE_REST_RE.match(ctx.text, span.end_char):
        return []
    text, start, _ = label
    tokens = ctx.doc.char_span(start, start + len(text), alignment_mode="expand")
    inside = [m for m in ctx.mentions if tokens.start <= m[0] and m[1] <= tokens.end]
    named = {i for m in inside for i in range(m[0], m[1])}
    if not inside or any(t.i not in named and t.lower_ not in LIST_JOINS for t in tokens):
        return []
    return list({m[3].code: m[3] for m in inside}.values())


def line_label(text: str, span) -> tuple[str, int, str] | None:
    """The label a grade follows on its line, before a colon or a spaced dash: (label, where it starts, the
    separator), or None."""
    if text[max(0, span.start_char - 12) : span.start_char].rstrip(" \t'\"‘’“”")[-1:] not in LABEL_SEPARATORS:
        return None
    line_start = text.rfind("\n", 0, span.start_char) + 1
    found = LINE_LABEL_RE.match(text, line_start, span.start_char)
    return (found.group("label"), found.start("label"), found.group("sep").strip()) if found else None


def line_of(ctx, span):
    """The grade's line, read in place of its sentence."""
    start = ctx.text.rfind("\n", 0, span.start_char) + 1
    end = ctx.text.find("\n", span.end_char)
    return ctx.doc.char_span(start, len(ctx.text) if end < 0 else end, alignment_mode="expand")


def subject_scopes(before: str) -> list[str]:
    """ "The experiences and progress of children in care and of care leavers were judged 'outstanding'": the
    scopes named in the subject of a passive rating verb, in order; [] when the subject names none."""
    verb = PASSIVE_RATING_RE.search(before)
    if not verb:
        return bare_verb_scopes(before)
    subject = RELATIVE_RE.split(before[: verb.start()].lower())[
        -1
    ]  # "the inspection for which York was graded"
    return scopes_named_in(subject)


def bare_verb_scopes(before: str) -> list[str]:
    """ "To see leadership judged outstanding": the scopes in the four words right before a bare rating
    verb."""
    tail = before[-30:]
    verb = BARE_RATING_RE.search(tail)
    if not verb:
        return []
    words = before[: len(before) - len(tail) + verb.start()].split()[-4:]
    return scopes_named_in(" ".join(words).lower())


def object_scopes(ctx, span, sent) -> list[str]:
    """ "found services for children in care and care leavers to be good": the scopes its object names."""
    thing = object_of_rating(ctx, span, sent, True)
    return scopes_named_in(thing.text.lower()) if thing else []


def scopes_named_in(words: str) -> list[str]:
    found = sorted(
        (words.find(phrase), scope)
        for scope, phrases in RULES["subject_scopes"].items()
        for phrase in phrases
        if phrase in words
    )
    return list(dict.fromkeys(scope for _, scope in found))


def scope_of(doc, span, sent) -> str:
    following = doc[span.end : min(sent.end, span.end + 8)].text.lower()
    for scope, phrases in RULES["scope_phrases"].items():
        if any(following.lstrip(" '\"’”").startswith(p) for p in phrases):
            return scope
    return "overall"


def finalize(facts: list[dict]) -> list[dict]:
    """A council holds one current rating: of two "current" ones the older is previous ("rated inadequate in
    2018 ... has improved to requires improvement": an undated statement is taken as today's)."""
    current = [f for f in facts if f["when"] == "current" and f["scope"] == "overall"]
    for fact in current:
        rivals = [o for o in current if o["council"] == fact["council"] and o is not fact]
        if fact["as_of"] and any(newer(o, fact) for o in rivals):
            fact["when"] = "previous"
    dated = {undated_identity(f) for f in facts if f["as_of"]}
    return [f for f in facts if f["as_of"] or undated_identity(f) not in dated]


def newer(other: dict, fact: dict) -> bool:
    if other["as_of"]:
        return other["as_of"][:4] > fact["as_of"][:4]
    return other["judgement"] != fact["judgement"]


def undated_identity(fact):
    return (fact["judgement"], fact["council"], fact["when"], fact["scope"])


def identity(fact):
    """One rating per grade, council, period, scope and year: "judged inadequate in 2013 ... its last
    'inadequate' grade, back in 2017" are two ratings; an undated mention of a dated one is dropped by
    ``finalize``. The earlier grades of a run ("two inadequate judgements in a row") are told apart by
    ``repeat``."""
    return (*undated_identity(fact), (fact["as_of"] or "")[:4], fact.get("repeat", 0))
