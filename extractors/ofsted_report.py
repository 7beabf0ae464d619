"""Facts from Ofsted's own documents about a local authority's children's services.

Inspection reports of every framework (the pre-2013 looked-after-children and safeguarding
inspections, the single inspection framework 2013-2017 with its numbered judgements, ILACS from 2018
with three then four judgements and "Overall effectiveness", the 2026 reform without it), focused-visit,
monitoring-visit and JTAI letters. The wording of each framework lives in
``data/ofsted_report.yaml``; this module only walks the text. A document is recognised by its content (a
kind's title and the lines only such a document carries, see ``kinds``), whatever its title's line breaks.

Ratings come from the report's judgement table (one per row, ``scope`` from the row's label), then, for
a scope the table did not give, from the body headings that repeat the judgement. Grades the schema
cannot hold ("Adequate", graded before 2013) are recognised and skipped, and so is the LSCB review.
Recommendations are the items of the lists under "What needs to improve?", "Areas for priority action",
"Areas for improvement" and the SIF "Recommendations"; a numbered lead-in followed by bullets
("Improve the quality of pathway planning by:") gives its bullets, not itself.

The judgement a document states in prose ("since the last inspection in 2019, when services were judged
to be inadequate") is a rating too: in a visit letter it is the one the council still holds (``when``
current, scope overall), in an inspection report the previous one (``when`` previous, scope
unspecified, so it never collides with a row of the new table). Monitoring-visit letters, which have no
list, give their prose recommendations ("Leaders now need to ensure that ...").

The text may come from any PDF converter, not only our own reading (``corpus.text``, PDFium): poppler's
pdftotext (bullets and numbers alone on their lines, or all of a list's numbers before its paragraphs; form
feeds; running headers, page numbers and the letterhead inside lists; the label column then the grade
column), its ``-layout`` mode (a row's grade beside the first or middle line of its wrapped label), or
Markdown. Where a table's columns come out shuffled, no grade is paired rather than a wrong one.

Every fact carries ``quote``/``start``/``end`` (``text[start:end] == quote``) and ``sentence``; ratings
also ``source`` (table | summary | heading | prose), recommendations ``section`` (the list's heading).
"""

import collections
import datetime
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .dates import MONTH_NAMES, MONTHS
from .gazetteer import load_gazetteer
from .page_furniture import LETTERHEAD_LINE, PAGE_FOOTER, PAGE_NUMBER

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "ofsted_report.yaml"
HEAD_CHARS = 3000  # the title block, judgement table and dates sit in the first page or so
# The kinds of Ofsted document (``kinds`` in the data file) as ``documents.report_type`` says them, in the
# words the Ofsted scraper gives the same reports (corpus/sources/ofsted.py, sources.toml ``report_types``),
# so the column means one thing whether a report was fetched or ingested from disk.
REPORT_TYPES = {
    "ilacs": "inspection",
    "ilacs_2026": "inspection",
    "sif": "inspection",
    "looked_after_children": "inspection",
    "focused_visit": "focused_visit",
    "monitoring_visit": "monitoring_visit",
    "jtai": "jtai",
}
TABLE_SPAN = 1500  # a judgement table is shorter than this
LIST_LEAD = 6  # lines of sub-headings allowed between a list heading and its first item
LIST_SPAN = 20000  # a list is shorter than this (the longest in the real reports, under 5,000)


@dataclass
class Kind:
    type: str
    title: re.Pattern
    markers: list[re.Pattern]


def kind_title(kind: dict) -> str:
    return r"^[ \t]*(?:" + kind["title"] + ")" if kind.get("title_at_line_start") else kind["title"]


@dataclass
class Rule:
    key: str
    regex: re.Pattern


class LineStartRegex:
    """A pattern written ``^...`` (multiline) that ends at or before a line's end, searched as its twin led by
    a literal newline: the regex engine skips ahead to a newline far faster than it tries ``^`` everywhere.
    Matches carry group ``line``, the span the pattern itself matches."""

    def __init__(self, pattern: str, flags: int):
        assert pattern.startswith("^"), pattern
        body = "(?P<line>" + pattern[1:] + ")"
        self.first = re.compile(body, flags | re.MULTILINE)
        self.twin = re.compile("\n" + body, flags | re.MULTILINE)

    def finditer(self, text: str):
        first = self.first.match(text)
        if first:
            yield first
        yield from self.twin.finditer(text, first.end() if first else 0)


class Patterns:
    """The compiled contents of the data file."""

    def __init__(self, data: dict):
        flags = re.IGNORECASE
        self.kinds = [
            Kind(
                k["type"],
                re.compile(kind_title(k), flags | re.MULTILINE),
                [re.compile(m, flags) for m in k["markers"]],
            )
            for k in data["kinds"]
        ]
        # the cheap pre-check every document goes through: a case-sensitive first letter lets the regex
        # engine skip ahead, then any kind's title must begin at one of the words found
        words = data["title_words"]
        self.title_word = re.compile(
            "["
            + "".join(w[0].upper() + w[0].lower() for w in words)
            + "](?i:"
            + "|".join(re.escape(w[1:]) for w in words)
            + ")"
        )
        self.any_title = re.compile(
            "|".join(f"(?:{kind_title(k)})" for k in data["kinds"]), flags | re.MULTILINE
        )
        self.council_names = [re.compile(p, re.MULTILINE) for p in data["council_names"]]
        self.prefixes = data["council_name_affixes"]["prefixes"]
        self.suffixes = sorted(data["council_name_affixes"]["suffixes"], key=len, reverse=True)
        self.grade_judgements = [
            (re.compile(g["pattern"] + "$", flags), g["judgement"]) for g in data["grades"]
        ]
        grade = "|".join(g["pattern"] for g in data["grades"])
        self.grade = grade
        # a grade ends its line; it starts a word, or a converter glued it to its label ("familiesGood")
        self.grade_at_eol = re.compile(
            r"(?:(?<!\S)|(?-i:(?<=[a-z])(?=[A-Z])))(?P<grade>"
            + grade
            + r")(?:"
            + data["grade_footnote"]
            + "|"
            + data["grade_wrap"]
            + r")?(?=[ \t]*$)",
            flags | re.MULTILINE,
        )
        self.grade_tail = re.compile(data["grade_tail"], flags)
        self.labels = [
            Rule(lab["scope"], re.compile(lab["pattern"], flags)) for lab in data["judgement_labels"]
        ]
        # a label starts a word (or follows a row number); saying so halves the time of the search
        self.any_label = re.compile(
            r"(?<![^\W\d_])(?:"
            + "|".join(f"(?P<l{i}>{lab['pattern']})" for i, lab in enumerate(data["judgement_labels"]))
            + ")",
            flags,
        )
        self.column_header = re.compile(
            r"^[ \t]*(?:(?:" + "|".join(data["table_column_headers"]) + r")[ \t]*)+$", flags
        )
        # a table may be indented (a converter keeping the page's layout)
        self.table_starts = [LineStartRegex(r"^[ \t]*(?:" + p[1:] + ")", flags) for p in data["table_starts"]]
        self.sif_overall = [
            re.compile(p.replace("GRADE", grade), flags | re.MULTILINE) for p in data["sif_overall"]
        ]
        self.headings = [
            Rule(
                lab["scope"],
                LineStartRegex(
                    r"^[ \t]*(?:"
                    + lab["pattern"]
                    + ")"
                    + data["heading_link"]
                    + r"(?P<grade>"
                    + grade
                    + r")[ \t]*\.?[ \t]*$",
                    flags,
                ),
            )
            for lab in data["judgement_labels"]
            if lab["scope"] not in ("skip", "overall")
        ]
        self.recommendation_heading = re.compile(
            r"^[ \t]*(?:\*\*|__)?(?P<heading>"
            + "|".join(data["recommendation_headings"])
            + r")\??(?:(?<=[?a-z])\d{1,2})?(?:\*\*|__)?[ \t]*:?[ \t]*$",
            re.MULTILINE,
        )  # (bold in Markdown)
        glyphs, spaced = (re.escape("".join(data[key])) for key in ("bullets", "spaced_bullets"))
        bullet = rf"[{glyphs}][ \t]*|[{spaced}][ \t]+"
        self.item_start = re.compile(
            rf"^[ \t]*(?:(?P<bullet>{bullet})(?=\S)|(?P<number>\d{{1,3}})[.)][ \t]*(?=[A-Za-z(]))"
        )
        self.lone_marker = re.compile(
            rf"^[ \t]*(?:(?P<bullet>[{glyphs}{spaced}])|(?P<number>\d{{1,3}})[.)])[ \t]*$"
        )
        self.letterhead = re.compile(r"[ \t]*" + LETTERHEAD_LINE + r"[ \t]*$")
        self.list_ender = re.compile(r"^\s*(?:" + "|".join(data["list_enders"]) + r")\s*:?\s*$", flags)
        self.other_party = [re.compile(p, re.MULTILINE) for p in data["other_party_sections"]]
        self.trailers = [re.compile(r"\s*" + p + r"\s*$", flags) for p in data["recommendation_trailers"]]
        self.prose_ratings = [
            re.compile(p.replace("GRADE", grade), flags | re.MULTILINE) for p in data["prose_ratings"]
        ]
        self.prose_rating_when = data["prose_rating_when"]
        self.prose_recommendation_kinds = set(data["prose_recommendation_kinds"])
        self.prose_recommendations = [re.compile(p) for p in data["prose_recommendations"]]
        self.date_contexts = [re.compile(p, flags | re.DOTALL) for p in data["date_contexts"]]
        self.lead_inspector = re.compile(data["lead_inspector"], flags)
        self.inspector_title = re.compile(data["inspector_titles"], flags)
        self.ilacs_short_max_days = data["ilacs_short_max_days"]
        self.ilacs_reform_from = str(data["ilacs_reform_from"])
        self.months = {name.lower(): MONTHS[name.lower()] for name in MONTH_NAMES}
        month = "|".join(MONTH_NAMES)
        day = r"(\d{1,2})(?:st|nd|rd|th)?"
        self.date_range = re.compile(
            rf"{day}(?:\s+({month}))?(?:\s+(\d{{4}}))?\s*(?:to|-|and|until)\s*{day}\s+({month})\s+(\d{{4}})",
            flags,
        )
        self.single_date = re.compile(rf"{day}\s+({month})\s+(\d{{4}})", flags)
        self.month_year = re.compile(rf"\b(?:({month})\s+)?((?:19|20)\d\d)\b", flags)

    def judgement(self, grade_text: str):
        words = " ".join(grade_text.split())
        return next((j for regex, j in self.grade_judgements if regex.match(words)), None)

    def label_scope(self, match: re.Match) -> str:
        index = int(next(name for name, value in match.groupdict().items() if value is not None)[1:])
        return self.labels[index].key


@functools.lru_cache(maxsize=1)
def patterns() -> Patterns:
    with open(DATA_FILE, encoding="utf-8") as fh:
        return Patterns(yaml.safe_load(fh))


# ---------------------------------------------------------------- public API
def is_ofsted_report(text: str, title: str | None = None) -> bool:
    """True for an Ofsted inspection report or visit letter about a council's children's services."""
    return document_kind(text, title) is not None


def document_kind(text: str, title: str | None = None) -> str | None:
    """The kind of Ofsted document (see ``kinds`` in the data file) whose title comes first in the head and
    whose markers the head holds; None for any other document."""
    head = as_lines(text[:HEAD_CHARS])
    if not has_title(head):
        return None
    found = []
    for order, kind in enumerate(patterns().kinds):
        title_match = kind.title.search(head, 0, HEAD_CHARS // 2 + 200)
        if (
            title_match
            and title_match.start() < HEAD_CHARS // 2
            and all(m.search(head) for m in kind.markers)
        ):
            found.append((title_match.start(), order, kind.type))
    return min(found)[2] if found else None


def report_type(inspection: dict | None) -> str | None:
    """The ``documents.report_type`` of a report whose ``inspection`` :func:`report_facts` read."""
    return REPORT_TYPES.get(inspection["type"], inspection["type"]) if inspection else None


def report_facts(text: str, published: str | None = None, title: str | None = None) -> dict:
    """Councils, ratings, recommendations and inspection dates of one Ofsted document (see module doc)."""
    facts = read_report(as_lines(text), published, title)
    for fact in facts["ratings"] + facts["recommendations"]:
        fact["quote"] = text[
            fact["start"] : fact["end"]
        ]  # the page breaks read as line breaks are the text's own
    return facts


# What a converter adds around the text: page breaks (form feeds) read as line breaks, Markdown's heading
# marks and table rules as spaces. Each is one character for one, so offsets hold.
CONVERTER_MARKS = {"\f": "\n", "\v": "\n", "\r": " ", "#": " ", "|": " "}


def as_lines(text: str) -> str:
    """The text as lines of words: page breaks as line breaks, Markdown marks as spaces (see
    CONVERTER_MARKS)."""
    for mark, replacement in CONVERTER_MARKS.items():
        text = text.replace(mark, replacement)  # (str.replace is many times faster than str.translate)
    return text


def read_report(text: str, published: str | None, title: str | None) -> dict:
    kind = document_kind(text, title)
    if kind is None:
        return {"councils": [], "ratings": [], "recommendations": [], "inspection": None}
    council = report_council(text)
    start, end = inspection_dates(text)
    rows = judgement_rows(text, kind, start)
    if (
        kind == "ilacs"
        and rows
        and not any(row["scope"] == "overall" for row in rows)
        and may_be_reformed(start)
    ):
        kind = "ilacs_2026"
    as_of = (end or start or published or "")[:7] or None
    name, code = (council.name, council.code) if council else (None, None)
    ratings = [
        dict(row, when="current", as_of=as_of, council=name, council_code=code)
        for row in rows
        if row["judgement"]
    ]
    ratings += [dict(row, council=name, council_code=code) for row in prose_ratings(text, kind, start)]
    ratings = one_current_overall(ratings, name)
    if kind in TABLE_KINDS and not rows:
        log.warning(
            "%s report (%s): no judgement table could be read, so no ratings from it",
            kind,
            name or "council?",
        )
    items = recommendation_items(text)
    if not items and kind in patterns().prose_recommendation_kinds:
        items = prose_recommendations(text)
    recommendations = [dict(item, council=name, council_code=code) for item in items]
    return {
        "councils": [name] if name else [],
        "ratings": ratings,
        "recommendations": recommendations,
        "inspection": {
            "type": kind,
            "framework": ilacs_framework(kind, start, end),
            "start": start,
            "end": end,
            "lead_inspector": lead_inspector(text),
        },
    }


TABLE_KINDS = ("ilacs", "ilacs_2026", "sif")  # the kinds of report that open with a judgement table
CURRENT_OVERALL = ("overall", "unspecified")


def one_current_overall(ratings: list[dict], council: str | None) -> list[dict]:
    """A document gives one current overall judgement. Where its statements disagree (two letters' sentences
    of the same date, say), none is kept rather than a wrong one, and why is logged."""
    judgements = {r["judgement"] for r in ratings if r["when"] == "current" and r["scope"] in CURRENT_OVERALL}
    if len(judgements) < 2:
        return ratings
    log.warning(
        "%s: the document states different current overall judgements (%s); none is kept",
        council or "council?",
        ", ".join(sorted(judgements)),
    )
    return [r for r in ratings if not (r["when"] == "current" and r["scope"] in CURRENT_OVERALL)]


def has_title(head: str) -> bool:
    """True when some kind's title begins in the first half of the head (cheap: most documents have none
    of the words a title begins with there)."""
    p = patterns()
    for word in p.title_word.finditer(head):
        if word.start() >= HEAD_CHARS // 2:
            return False
        if p.any_title.match(head, word.start()) or p.any_title.match(
            head, head.rfind("\n", 0, word.start()) + 1
        ):
            return True  # (a title that opens a line may be indented)
    return False


# ---------------------------------------------------------------- council
def report_council(text: str):
    head, titled = text[:HEAD_CHARS], False
    for regex in patterns().council_names:
        match = regex.search(head)
        if match:
            council, titled = resolve_council(match.group("name")), True
            if council:
                return council
    return None if titled else council_named_in(head)


def council_named_in(head: str):
    """Last resort: the council whose short name the head of the document mentions most (then first)."""
    best, best_key = None, None
    for council in load_gazetteer().councils:
        hits = [m.start() for m in re.finditer(r"\b" + re.escape(council.name) + r"\b", head)]
        if hits and (best_key is None or (len(hits), -hits[0]) > best_key):
            best, best_key = council, (len(hits), -hits[0])
    return best


def resolve_council(name: str):
    """The gazetteer's council for a name as a report writes it ("Wakefield District Metropolitan
    Council")."""
    gazetteer = load_gazetteer()
    for candidate in name_candidates(" ".join(name.split())):
        council = gazetteer.resolve(candidate) or council_by_key(candidate)
        if council:
            return council
    return None


def name_candidates(name: str) -> list[str]:
    name = re.sub(r"['\u2019]s$", "", name)  # "Kent County Council's children's services"
    candidates, current = [name], name
    for prefix in patterns().prefixes:
        if current.lower().startswith(prefix.lower()):
            current = current[len(prefix) :]
            candidates.append(current)
    changed = True
    while changed:
        changed = False
        for suffix in patterns().suffixes:
            if current.lower().endswith(suffix.lower()) and len(current) > len(suffix):
                current = current[: -len(suffix)]
                candidates.append(current)
                changed = True
    return candidates


def name_key(name: str) -> str:
    key = re.sub(r",\s*city\s+of$", "", name.lower().replace("&", "and"))
    return " ".join(re.sub(r"[.,']", "", key).split())


@functools.lru_cache(maxsize=1)
def councils_by_key() -> dict:
    return {name_key(c.name): c for c in load_gazetteer().councils}


def council_by_key(name: str):
    return councils_by_key().get(name_key(name))


# ---------------------------------------------------------------- judgement table
def judgement_rows(text: str, kind: str, start: str | None = None) -> list[dict]:
    """One row per scope: the first table's rows, then later tables and body headings for missing scopes."""
    rows = {}
    for row in table_rows(text, log_unread=kind in TABLE_KINDS):
        if row["scope"] != "skip":
            rows.setdefault(row["scope"], dict(row, source="table"))
    if "overall" not in rows and summary_states_overall(kind, start):
        for row in summary_overall_rows(text):
            rows.setdefault("overall", dict(row, source="summary"))
    for row in heading_rows(text, rows):
        rows.setdefault(row["scope"], dict(row, source="heading"))
    return sorted(rows.values(), key=lambda row: row["start"])


def table_rows(text: str, log_unread: bool = False) -> list[dict]:
    starts = sorted({m.end() for regex in patterns().table_starts for m in regex.finditer(text)})
    rows, covered = [], 0
    for start in starts:
        if start >= covered:
            found, covered = parse_table(text, start, log_unread)
            rows.extend(found)
            log_unread = False
    return rows


def parse_table(text: str, start: int, log_unread: bool = False) -> tuple[list[dict], int]:
    """Rows of the judgement table that begins at ``start``, and where the table ends; ``log_unread``: say
    which rows got no grade (for the report's first table, not for body headings that look like its rows)."""
    region = text[start : start + TABLE_SPAN]
    events = table_events(region)
    end = table_end(region, events)
    events = [e for e in events if e[1] < end]
    pairs = pair_events(region, events)
    if log_unread:
        log_unpaired(events, pairs, start)
    return [table_row(text, start, label, grade) for label, grade in pairs], start + end


def log_unpaired(events: list[tuple], pairs: list[tuple], offset: int):
    """Say which rows of a judgement table got no grade (a converter shuffled its columns): no rating is read
    for them rather than a wrong one."""
    unpaired = [e[3] for e in events if e[0] == "label" and e[3] != "skip" and e not in {p[0] for p in pairs}]
    if unpaired:
        log.warning(
            "judgement table at character %d: no grade could be paired with the rows %s (a grade "
            "missing, or the columns out of order); no rating is read for them",
            offset,
            ", ".join(unpaired),
        )


def table_row(text: str, offset: int, label: tuple, grade: tuple) -> dict:
    """The row of a label and its grade; the sentence reads label then grade even where the grade column
    cut the label's lines in two ("The impact of leaders on social work Good / practice with children")."""
    (_, ls, le, scope), (_, gs, ge, grade_text) = label, grade
    start, end = offset + min(ls, gs), offset + max(le, ge)
    label_words = (
        text[offset + ls : offset + gs] + " " + text[offset + ge : offset + le]
        if ls < gs < le
        else text[offset + ls : offset + le]
    )
    return make_row(text, start, end, scope, grade_text, " ".join((label_words + " " + grade_text).split()))


def table_events(region: str) -> list[tuple]:
    """(kind, start, end, value) of every label and end-of-line grade, in order. Labels are looked for with
    the grades blanked out: a converter that keeps the page's layout prints a row's grade at the end of the
    first (or middle) line of its wrapped label, and the tail of a wrapped grade ("to be good", "be good")
    after the rest."""
    p = patterns()
    grades, blanked = [], list(region)
    for m in p.grade_at_eol.finditer(region):
        if not p.grade_tail.search(region, max(0, m.start() - 12), m.start()):
            grades.append(("grade", m.start(), m.end("grade"), m.group("grade")))
        blanked[m.start() : m.end()] = [c if c == "\n" else " " for c in region[m.start() : m.end()]]
    labels = [("label", m.start(), m.end(), p.label_scope(m)) for m in p.any_label.finditer("".join(blanked))]
    return sorted(labels + grades, key=lambda e: e[1])


PARAGRAPH_NUMBER_RE = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
PROSE_RE = re.compile(r"\.\s|[.,;:]\s*$")


def table_end(region: str, events: list[tuple]) -> int:
    """The table is the run of lines touched by a label or grade. It ends at the first other line, at a
    line of prose (a full stop or comma: table rows have none), or after the "Overall effectiveness" row."""
    offset, seen = 0, False
    for line in region.split("\n"):
        line_end = offset + len(line)
        touching = [e for e in events if e[1] <= line_end and e[2] > offset]
        if line.strip() and not patterns().column_header.match(line):
            if (not touching and seen) or PROSE_RE.search(PARAGRAPH_NUMBER_RE.sub("", line)):
                return offset
            seen = seen or bool(touching)
            if any(e[0] == "grade" and e[2] <= line_end for e in touching) and overall_row_ends(
                events, line_end
            ):
                return line_end
        offset = line_end + 1
    return len(region)


def overall_row_ends(events: list[tuple], line_end: int) -> bool:
    """True when the last label before the end of this line is "Overall effectiveness" and its grade is in,
    it is not the first row (a table may open with its overall row), and every label has had its grade (the
    grade column may follow the label column)."""
    before = [e for e in events if e[1] < line_end]
    labels = [e for e in before if e[0] == "label"]
    return (
        len(labels) > 1
        and labels[-1][3] == "overall"
        and before[-1][0] == "grade"
        and len(before) >= 2 * len(labels)
    )


def pair_events(region: str, events: list[tuple]) -> list[tuple]:
    """(label, grade) events of each row. A grade goes to the one label since the previous grade; the labels
    of a label column, to the grade column that follows them (as many grades, each on a line of its own);
    grades opening the table, to the labels that follow them in turn; a grade no label waits for, to a label
    on the next line that gets no grade of its own (the grade column centred on a label that wraps round it).
    Any other grade is dropped: an unknown row's, or one of a table whose columns the converter shuffled."""
    k = grades_before_labels(events)
    pairs = list(zip(events[k : 2 * k], events[:k], strict=False))
    waiting, last_grade_end, orphan, in_column = [], 0, None, set()
    events = events[2 * k :]
    for i, event in enumerate(events):
        kind, start, end, value = event
        if kind == "label":
            waiting.append(event)
            if orphan and grade_above_label(region, orphan, event, events[i + 1 :]):
                pairs.append((waiting.pop(), orphan))
            orphan = None
            continue
        if start not in in_column:  # (a grade of a column already paired)
            since = [w for w in waiting if w[1] >= last_grade_end]
            column = grade_column(region, events[i : i + len(since)]) if len(since) > 1 else []
            orphan = None if waiting else event
            if column or len(since) == 1:
                pairs.extend(zip(since, column or [event], strict=False))
                in_column.update(grade[1] for grade in column)
                waiting = [w for w in waiting if w not in since]
        last_grade_end = end
    return pairs


def grade_column(region: str, events: list[tuple]) -> list[tuple]:
    """``events`` when they are grades each on a line of its own, one after the other (a grade column)."""
    for i, (kind, start, _, _) in enumerate(events):
        if kind != "grade" or region[region.rfind("\n", 0, start) + 1 : start].strip():
            return []
        if i and region[events[i - 1][2] : start].strip():
            return []
    return list(events)


def grade_above_label(region: str, grade: tuple, label: tuple, later: list[tuple]) -> bool:
    """True when ``grade`` stands on the line just above ``label`` and no grade follows the label in its
    row."""
    between = region[grade[2] : label[1]]
    return between.count("\n") == 1 and not between.strip() and (not later or later[0][0] == "label")


def grades_before_labels(events: list[tuple]) -> int:
    """How many grades a converter put before the labels they belong to (a grade column printed before its
    label column): a run of two or more grades opening the table, then at least as many labels; else 0."""
    k = next((i for i, e in enumerate(events) if e[0] != "grade"), len(events))
    labels = events[k : 2 * k]
    return k if k >= 2 and len(labels) == k and all(e[0] == "label" for e in labels) else 0


def make_row(
    text: str, start: int, end: int, scope: str, grade_text: str, sentence: str | None = None
) -> dict:
    quote = text[start:end]
    return {
        "scope": scope,
        "judgement": patterns().judgement(grade_text),
        "quote": quote,
        "start": start,
        "end": end,
        "sentence": sentence or " ".join(quote.split()),
    }


def summary_states_overall(kind: str, start: str | None) -> bool:
    """The single inspection framework states its overall judgement as a sentence; an ILACS report (before
    the reform dropped the judgement, see ``ilacs_reform_from``) is read that way only when its table has no
    overall row."""
    return kind == "sif" or (kind == "ilacs" and may_predate_reform(start))


def may_be_reformed(start: str | None) -> bool:
    """An ILACS inspection that began on or after the reform (``ilacs_reform_from``), or whose dates are
    unknown."""
    return not start or start >= patterns().ilacs_reform_from


def may_predate_reform(start: str | None) -> bool:
    """An ILACS inspection that began before the reform (``ilacs_reform_from``), or whose dates are
    unknown."""
    return not start or start < patterns().ilacs_reform_from


def summary_overall_rows(text: str) -> list[dict]:
    for regex in patterns().sif_overall:
        match = regex.search(text[:HEAD_CHARS])
        if match:
            return [make_row(text, match.start(), match.end("grade"), "overall", match.group("grade"))]
    return []


def heading_rows(text: str, judged: dict) -> list[dict]:
    """Body headings that repeat a judgement, for scopes the table (``judged``) missed. A heading stands on
    its own: a colon links label and grade, or a numbered paragraph follows it. Care leavers are not looked
    for when the framework judged them together with children in care."""
    rows = []
    for rule in patterns().headings:
        if rule.key in judged:
            continue  # the table gave it
        if (
            rule.key == "care_leavers"
            and "care leavers" in judged.get("in_care", {}).get("sentence", "").lower()
        ):
            continue
        for match in rule.regex.finditer(text):
            if ":" in match.group(0) or NUMBERED_NEXT_RE.match(text, match.end()):
                rows.append(
                    make_row(text, match.start("line"), match.end("grade"), rule.key, match.group("grade"))
                )
                break
    return rows


NUMBERED_NEXT_RE = re.compile(r"\s*\n\s*\d{1,3}\.\s")


# ---------------------------------------------------------------- judgements stated in prose
def prose_ratings(text: str, kind: str, inspection_start: str | None) -> list[dict]:
    """The council's standing (letters) or previous (reports) judgement as the prose states it."""
    p = patterns()
    when = p.prose_rating_when.get(kind, p.prose_rating_when["default"])
    rows, seen = [], set()
    for regex in p.prose_ratings:
        for match in regex.finditer(text):
            judgement = p.judgement(match.group("grade"))
            as_of = stated_date(text, match.start(), match.end())
            if not judgement or (judgement, as_of) in seen:
                continue
            if when == "previous" and (
                as_of is None or (inspection_start and as_of >= inspection_start[: len(as_of)])
            ):
                continue  # no date: not plainly an earlier inspection
            seen.add((judgement, as_of))
            row = make_row(
                text,
                match.start(),
                match.end("grade"),
                "overall" if when == "current" else "unspecified",
                match.group("grade"),
            )
            row.update(
                when=when,
                as_of=as_of,
                source="prose",
                sentence=sentence_around(text, match.start(), match.end()),
            )
            rows.append(row)
    return latest_stands(rows) if when == "current" else rows


def latest_stands(rows: list[dict]) -> list[dict]:
    """Of the judgements a letter recalls, the latest is the one that stands; earlier ones are previous."""
    dated = sorted((row["as_of"] or "" for row in rows), reverse=True)
    for row in rows:
        if dated and (row["as_of"] or "") < dated[0]:
            row.update(when="previous", scope="unspecified")
    return rows


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind(".\n", 0, start), text.rfind("\n\n", 0, start))
    right = min([i for i in (text.find(". ", end), text.find(".\n", end)) if i != -1] + [len(text) - 1])
    return (left + 2 if left != -1 else 0), right + 1


def sentence_around(text: str, start: int, end: int) -> str:
    s, e = sentence_bounds(text, start, end)
    return " ".join(text[s:e].split())


def stated_date(text: str, start: int, end: int) -> str | None:
    """YYYY-MM or YYYY of the date the sentence gives the judgement (else the sentence before it)."""
    s, e = sentence_bounds(text, start, end)
    for lo, hi in ((s, e), sentence_bounds(text, max(s - 2, 0), max(s - 2, 0))):
        dates = list(patterns().month_year.finditer(text, lo, hi))
        if dates:
            month, year = min(dates, key=lambda m: abs(m.start() - end)).groups()
            return f"{year}-{patterns().months[month.lower()]:02d}" if month else year
    return None


def prose_recommendations(text: str) -> list[dict]:
    items = []
    for regex in patterns().prose_recommendations:
        for match in regex.finditer(text):
            start, end = match.span("item")
            items.append(
                {
                    "text": " ".join(match.group("item").split()),
                    "quote": text[start:end],
                    "start": start,
                    "end": end,
                    "sentence": sentence_around(text, start, end),
                    "section": None,
                }
            )
    return items


# ---------------------------------------------------------------- recommendations
TERMINAL_RE = re.compile(r"[.;?!:][\"')]?\s*$")


def recommendation_items(text: str) -> list[dict]:
    p = patterns()
    stop = other_party_start(text)
    items, seen, furniture = [], set(), repeated_lines(text)
    for heading in p.recommendation_heading.finditer(text, 0, stop):
        for start, end in list_items(text, heading.end(), stop, furniture):
            if start not in seen:
                seen.add(start)
                items.append(make_recommendation(text, start, end, heading.group("heading"), furniture))
    return [item for item in items if item]


def other_party_start(text: str) -> int:
    """Where the part about someone other than the council begins (not its entry in the contents)."""
    starts = [
        m.start()
        for regex in patterns().other_party
        for m in regex.finditer(text, HEAD_CHARS // 3)
        if not in_contents(text, m.end())
    ]
    return min(starts, default=len(text))


CONTENTS_LOOKAHEAD = 4  # a contents entry is followed by this many more titles; a section, by prose sooner
PROSE_LINE_RE = re.compile(r".{61}|[a-z]\.$")


def in_contents(text: str, pos: int) -> bool:
    """True when the line ending at ``pos`` is followed by titles only (page numbers aside): a contents
    page."""
    following = (line_key(line) for line in text[pos : pos + 2000].split("\n")[1:])
    following = [line for line in following if line][:CONTENTS_LOOKAHEAD]
    return len(following) == CONTENTS_LOOKAHEAD and not any(PROSE_LINE_RE.search(line) for line in following)


def text_lines(text: str, pos: int, stop: int):
    """(start, end) of each line from ``pos`` (the start of a line) up to ``stop``."""
    while pos < stop:
        end = text.find("\n", pos, stop)
        end = stop if end == -1 else end
        yield pos, end
        pos = end + 1


PAGE_NUMBER_RE = re.compile(r"\s+" + PAGE_NUMBER + r"\s*$")


def line_key(line: str) -> str:
    """A line without its surrounding space and page number (the running header it may be)."""
    line = line.strip()
    return PAGE_NUMBER_RE.sub("", line) if line[-1:].isdigit() else line


def repeated_lines(text: str) -> set[str]:
    """Lines repeated on three or more pages (running headers a text copied from a PDF still carries)."""
    counts = collections.Counter(map(line_key, text.split("\n")))
    return {
        line
        for line, n in counts.items()
        if n >= 3 and len(line) >= 12 and not patterns().item_start.match(line)
    }


PAGE_FOOTER_RE = re.compile(r"[ \t]*" + PAGE_FOOTER + r"[ \t]*$", re.IGNORECASE)


def list_items(text: str, pos: int, stop: int, furniture: set = frozenset()) -> list[tuple[int, int]]:
    """Spans of the items of the list that follows a heading (see ``ListReader``)."""
    lines = [
        (s, e)
        for s, e in text_lines(
            text, pos + 1 if text[pos : pos + 1] == "\n" else pos, min(stop, pos + LIST_SPAN)
        )
        if not is_furniture(text[s:e], furniture)
    ]
    return drop_lead_ins(text, ListReader(text, lines).read())


def is_furniture(line: str, furniture: set) -> bool:
    """A running header or footer, a page number, or a line of the letterhead that a letter prints in a
    side column (which a converter may drop into the middle of a list)."""
    return line_key(line) in furniture or bool(
        PAGE_FOOTER_RE.match(line) or patterns().letterhead.match(line)
    )


class ListReader:
    """Walks the lines after a list heading and collects its items ([start, end, kind]). An item opens with
    a bullet or number, on its first line or on a line of its own before it; a converter may print several
    such markers in a row before their paragraphs, which then take them in turn. A list whose markers the
    converter lost is read as paragraphs (kind "paragraph"): a new one after a blank line, or where a line
    that ended a sentence is followed by one that starts with a capital. Lines wrap."""

    def __init__(self, text: str, lines: list[tuple[int, int]]):
        self.text, self.lines = text, lines
        self.items, self.current, self.gap, self.number = [], None, False, None
        self.markers, self.after_marker = [], False
        self.glyph, self.sub_glyph = None, None  # the bullet of the current item, and of its sub-items

    def read(self) -> list[list]:
        for i, (s, e) in enumerate(self.lines):
            line = self.text[s:e]
            lone = patterns().lone_marker.match(line)
            if lone or not line.strip():
                self.gap = self.gap or not line.strip()
                if lone:
                    self.markers.append(lone)
                    self.after_marker = True
                continue
            if ends_list(line) or not self.take(i, s, e, line):
                break
            self.after_marker = False
        self.close()
        return self.items

    def take(self, i: int, s: int, e: int, line: str) -> bool:
        """Place one line of text (an item's first line, a wrapped line, a sub-heading); False ends the
        list."""
        indent, stripped = len(line) - len(line.lstrip()), line.strip()
        if self.is_sub_item(line):
            self.current[1], self.gap = e, False
            return True
        start = self.marked_start(line)
        if start:
            self.open(s + start[0], e, start[1], start[2])
        elif self.current and continues_item(self.text[self.current[0] : self.current[1]], line, self.gap):
            self.current[1], self.gap = e, False
        elif self.markers and self.current and not is_title_line(stripped):
            marker = self.markers.pop(0)  # the next of the markers printed ahead of their paragraphs
            self.open(s + indent, e, marker_kind(marker), marker_number(marker))
        elif (self.items or self.current or i < LIST_LEAD) and is_subheading(
            self.text, self.lines, i, self.number
        ):
            self.close()
        elif self.current and self.current[2] == "number" and not self.gap:
            self.current[1] = e  # numbered recommendations are paragraphs of several sentences
        elif self.in_paragraphs() and stripped[:1].isupper() and not is_title_line(stripped):
            self.open(s + indent, e, "paragraph", None)
        else:
            return False
        return True

    def is_sub_item(self, line: str) -> bool:
        """A bullet of another glyph under an item that introduces it ("... including:" then "- sufficiency of
        accommodation"): part of that item, which stays whole."""
        glyph = self.line_glyph(line)
        if not (glyph and self.current and self.glyph) or glyph == self.glyph:
            return False
        if self.sub_glyph is None and self.text[self.current[0] : self.current[1]].rstrip().endswith(":"):
            self.sub_glyph = glyph
        if glyph == self.sub_glyph and not patterns().item_start.match(line):
            self.markers.pop(0)  # (the sub-item's marker stood alone on the line above)
        return glyph == self.sub_glyph

    def line_glyph(self, line: str) -> str | None:
        """The bullet that opens an item on this line: its own, or one alone on the line above."""
        match = patterns().item_start.match(line) or (self.markers[0] if self.after_marker else None)
        return (match.group("bullet") or "").strip() or None if match else None

    def marked_start(self, line: str) -> tuple | None:
        """(offset of the text, kind, number) of an item opened by its own marker or one just above it (which
        it uses up)."""
        match = patterns().item_start.match(line)
        if match:
            self.markers, self.glyph = [], (match.group("bullet") or "").strip() or None
            return match.end(), marker_kind(match), marker_number(match)
        if self.after_marker:
            marker = self.markers.pop(0)
            self.glyph = (marker.group("bullet") or "").strip() or None
            return len(line) - len(line.lstrip()), marker_kind(marker), marker_number(marker)
        return None

    def in_paragraphs(self) -> bool:
        """True at the list's first text (no marker seen) or after unmarked paragraphs."""
        return (self.current[2] == "paragraph") if self.current else not self.items

    def open(self, start: int, end: int, kind: str, number: int | None):
        self.close()
        self.current, self.gap, self.sub_glyph = [start, end, kind], False, None
        self.number = number if number is not None else self.number

    def close(self):
        if self.current:
            self.items.append(self.current)
        self.current, self.gap = None, False


def ends_list(line: str) -> bool:
    return bool(patterns().list_ender.match(line))


def marker_kind(match: re.Match) -> str:
    return "bullet" if match.group("bullet") else "number"


def marker_number(match: re.Match) -> int | None:
    return int(match.group("number")) if match.group("number") else None


def continues_item(item: str, line: str, gap: bool) -> bool:
    stripped = line.strip()
    if stripped[:1].islower() or stripped[:1] == "(":
        return True
    if gap:
        return False
    return not TERMINAL_RE.search(item) and not closes_with_trailer(item)


def closes_with_trailer(item: str) -> bool:
    return any(t.search(item) for t in patterns().trailers)


def is_subheading(text: str, lines: list, i: int, number: int | None) -> bool:
    """A short title line inside a list: one ending with a colon ("Within three months:") before an item,
    or one before the next numbered item ("Quality of practice" between items 1 and 2). Any other
    title ("Findings", "Summary for children and young people") ends the list."""
    s, e = lines[i]
    line = text[s:e].strip()
    if not is_title_line(line) or patterns().list_ender.match(line):
        return False
    for s2, e2 in lines[i + 1 : i + LIST_LEAD]:
        following = text[s2:e2].strip()
        item = patterns().item_start.match(following) or patterns().lone_marker.match(following)
        if item:
            return line.endswith(":") or marker_number(item) == (number or 0) + 1
        if following and not is_title_line(following):
            return False
    return False


def is_title_line(line: str) -> bool:
    return (
        len(line) <= 60
        and line[:1].isupper()
        and not TERMINAL_RE.search(line[:-1] if line.endswith(":") else line)
    )


def drop_lead_ins(text: str, items: list) -> list[tuple[int, int]]:
    """A numbered item or a paragraph followed by bullets introduces them ("Improve ... by:"): keep the
    bullets only."""
    kept = []
    for i, (start, end, kind) in enumerate(items):
        nxt = items[i + 1][2] if i + 1 < len(items) else None
        if kind in ("number", "paragraph") and nxt == "bullet":
            continue
        kept.append((start, end))
    return kept


def make_recommendation(text: str, start: int, end: int, heading: str, furniture: set) -> dict | None:
    end = trim_item_end(text, start, end)
    quote = text[start:end]
    kept = [line for line in quote.split("\n") if not is_furniture(line, furniture)]
    clean = SPACE_BEFORE_PUNCTUATION_RE.sub("", " ".join(" ".join(with_sub_items(kept)).split()))
    if len(clean) < 4:
        return None
    return {
        "text": clean,
        "quote": quote,
        "start": start,
        "end": end,
        "sentence": clean,
        "section": " ".join(heading.split()),
    }


def with_sub_items(lines: list[str]) -> list[str]:
    """An item's lines with the bullets of its sub-items (on their lines or alone above them) turned into a
    list in the sentence ("including: sufficiency of accommodation; assessment and support")."""
    out, marked = lines[:1], False
    for line in lines[1:]:
        if patterns().lone_marker.match(line):
            marked = True
            continue
        match = patterns().item_start.match(line)
        if marked or (match and match.group("bullet")):
            line = line[match.end() :] if match else line
            if not out[-1].rstrip().endswith(":"):
                out[-1] = TRAILING_STOP_RE.sub("", out[-1]) + ";"
        out.append(line)
        marked = False
    return out


TRAILING_STOP_RE = re.compile(r"[\s.;,]+$")
SPACE_BEFORE_PUNCTUATION_RE = re.compile(r" (?=[,;:)]|'s\b)")  # a converter spacing out "children 's"
TRAILING_JUNK_RE = re.compile(r"(?:[\s.;,]|(?<=[a-z.)])\d{1,2}|[;,]\s*(?:and|or))+$")


def trim_item_end(text: str, start: int, end: int) -> int:
    """Move ``end`` back over framework cross-references, footnote markers, "; and" and final stops."""
    changed = True
    while changed and end > start:
        changed = False
        for regex in patterns().trailers + [TRAILING_JUNK_RE]:
            match = regex.search(text, start, end)
            if match and match.end() == end and match.start() > start:
                end, changed = match.start(), True
    return end


# ---------------------------------------------------------------- dates
def inspection_dates(text: str) -> tuple[str | None, str | None]:
    head = text[:HEAD_CHARS]
    for regex in patterns().date_contexts:
        match = regex.search(head)
        if match:
            dates = parse_dates(match.group("dates"))
            if dates[0]:
                return dates
    return None, None


def ilacs_framework(kind: str, start: str | None, end: str | None) -> str | None:
    """ "short" or "standard" for an ILACS inspection, told by how long the inspectors were on site."""
    if not kind.startswith("ilacs") or not (start and end):
        return None
    days = (datetime.date.fromisoformat(end) - datetime.date.fromisoformat(start)).days
    return "short" if days <= patterns().ilacs_short_max_days else "standard"


def lead_inspector(text: str) -> str | None:
    match = patterns().lead_inspector.search(text[:HEAD_CHARS])
    if not match:
        return None
    name = patterns().inspector_title.sub("", " ".join(match.group("name").split()))
    return name or None


def parse_dates(value: str) -> tuple[str | None, str | None]:
    """("YYYY-MM-DD", "YYYY-MM-DD") of "14 to 25 October 2024", "29 October to 9 November 2018", ..."""
    p = patterns()
    match = p.date_range.search(value)
    if match:
        d1, m1, y1, d2, m2, y2 = match.groups()
        return iso_date(d1, m1 or m2, y1 or y2), iso_date(d2, m2, y2)
    match = p.single_date.search(value)
    if match:
        day = iso_date(*match.groups())
        return day, day
    return None, None


def iso_date(day: str, month: str, year: str) -> str:
    return f"{int(year):04d}-{patterns().months[month.lower()]:02d}-{int(day):02d}"
