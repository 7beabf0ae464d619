"""Caseload lists and tables that give each worker's or team's own figure, as freedom-of-information answers
do:

    Children with disabilities team: 15, 14, 12 and 9
    • SW CWD review team: 35
    • Social Worker 1 – 15 children
    • Aftercare - 1 social worker - 21 cases

A row is a label naming a worker or a team, a colon or dash, and one or more figures with at most a counted
noun after them. Rows count only under a lead that asks or tells about cases per worker; each figure is one
worker's or one team's (SCHEMA: `individual`) unless the lead or row says it is an average. Rows inside the
request an answer quotes ("For example; Social Worker 1 - Assessment Team - 7 children") are the requester's
examples.

Tables flattened one row a line under a heading line naming the columns: the caseload column's figure of each
row ("Team  Social workers  Average caseload" over "Assessment  14  19") is that team's; a heading of dates
("Measure  March 2023  March 2024") dates each column's figure. Tables set off by bars or laid out one cell a
line are read into cells by ``grids``: a caseload column's cell is its row's team's, a caseload row's cell
takes its column's date, and its council or England.
"""

import bisect
import re

from .candidates import Rejected
from .dates import MONTH, date_after, date_in, now_before, published_month
from .figures import CELL_RE, TABLE_ROW_RE
from .gazetteer import load_gazetteer
from .grids import grid_cells
from .numbers import parse_number
from .wordlists import load_json, load_words

RULES = load_json("caseload_rules.json")["worker_rows"]
BULLET = r"[-•*▪◦·◼][ \t]*"
FIGURE = r"\d{1,2}(?:\.\d)?"
ROW_END = (
    r"(?::|[ \t][-–—][ \t]*)[ \t]*(?P<values>"
    + FIGURE
    + r"(?:[ \t]*(?:,|and|&)[ \t]*"
    + FIGURE
    + r")*)[ \t]*"
    r"(?P<noun>" + "|".join(RULES["counted_nouns"]) + r")?[ \t]*(?:\.{1,3}|…|etc\.?)?[ \t]*$"
)
ROW_END_RE = re.compile(
    r"[:\-–—][ \t]*\d{1,2}\b[^\n]{0,40}$", re.M
)  # found first: a colon or dash, figures, line end
ROW_RE = re.compile(r"^[ \t]*(?:" + BULLET + r")?(?P<label>\S[^\n]*?)[ \t]*" + ROW_END, re.M | re.I)
VALUE_RE = re.compile(FIGURE)
WORKER_RE = re.compile(r"\b(?:" + "|".join(RULES["worker_words"]) + r")\b", re.I)
TEAM_AT_END_RE = re.compile(r"\b(?:" + "|".join(RULES["team_words"]) + r")$", re.I)
TRAILING_ID_RE = re.compile(r"\s+(?:[A-Z]|\d+)$")
COUNT_LABEL_RE = re.compile(r"\b(?:" + "|".join(RULES["count_label_words"]) + r")\b", re.I)
COUNTED_WORKERS_RE = re.compile(
    r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+"
    r"(?:" + "|".join(RULES["worker_words"] + RULES["team_words"]) + r")\b",
    re.I,
)
HEADING_RE = re.compile(r"^[ \t]*(?:" + BULLET + r")?([A-Za-z][A-Za-z ,'’&-]{2,60}?)[ \t]*:?[ \t]*$")
CONTEXT_RE = re.compile("|".join(RULES["lead_phrases"]), re.I)
AVERAGE_RE = re.compile(r"\b(?:average|avg|mean)\b", re.I)
PER_WORKER_RE = re.compile(
    r"\bper\s+(?:[\w-]+\s+){0,2}?(?:sw|social worker|worker|practitioner|fte)s?\b", re.I
)
CASELOAD_WORD_RE = re.compile(r"\bcase-?loads?\b", re.I)
REQUEST_RE = re.compile(r"^[ \t]*(?:" + "|".join(RULES["request_headings"]) + r")\b", re.M | re.I)
ANSWER_RE = re.compile(r"^[ \t]*(?:" + "|".join(RULES["answer_headings"]) + r")\b", re.M | re.I)
LEAD_MIN_LENGTH = 40  # a lead is a line of prose; shorter lines above a list are its headings
LOOK_UP_LINES, LOOK_UP_CHARS = 40, 4000
MIN_VALUE, MAX_VALUE = load_json("caseload_rules.json")["plausible_range"]


def speaks_of_caseloads(text: str) -> bool:
    """Whether the text holds a word the leads of caseload rows need: plain substring scans, fast."""
    return any(word in text for word in RULES["gate_substrings"])


def read_worker_rows(ctx, cue_chars=()):
    """Each figure of each worker or team row under a caseload lead; ``cue_chars``: rows holding a caseload
    cue are the sentence reader's."""
    requests = None
    for row in rows_ending_in_figures(ctx.text):
        if any(row.start() <= c < row.end() for c in cue_chars):
            continue
        lead = lead_of(ctx.text, row.start())
        if lead is None or not (
            names_worker_or_team(row.group("label"))
            or (team_list_lead(lead) and names_a_service(row.group("label"), ctx.published))
        ):
            continue
        requests = request_spans(ctx.text) if requests is None else requests
        reason = why_not_caseloads(row, requests)
        for value in VALUE_RE.finditer(row.group("values")):
            yield from row_fact(ctx, row, value, lead, reason)


STAT_MEASURES = RULES["stat_measures"]
STAT_RE = re.compile(
    r"\b(?P<stat>"
    + "|".join(STAT_MEASURES)
    + r")[ \t]*(?:of|:|=)?[ \t]*(?P<value>"
    + FIGURE
    + r")(?![\d.%])",
    re.I,
)
TEAM_LABEL_RE = re.compile(
    r"^\W*(?:" + "|".join(RULES["team_words"]) + r")\s*:", re.I
)  # "Team: Assessment (West)"


def read_stat_rows(ctx, cue_chars=()):
    """ "Team: Assessment (West) - mean 17.2; lowest 6; highest 27" under a caseload lead: each statistic of a
    team's row, the mean an average, the lowest and highest one worker's caseload. A line holding a caseload
    cue, or ending as a sentence does, is prose: the sentence reader's."""
    if not any(word in ctx.text for word in RULES["stat_gate_substrings"]):
        return
    for line_start, line in stat_rows(ctx.text):
        if line.rstrip().endswith(".") or holds_a_cue(cue_chars, line_start, line_start + len(line)):
            continue
        stats = list(STAT_RE.finditer(line))
        label = line[: stats[0].start()].strip(" \t-–—:;,")
        lead = (
            lead_of(ctx.text, line_start)
            if names_worker_or_team(label) or TEAM_LABEL_RE.match(label)
            else None
        )
        for stat in stats if lead else ():
            yield from stat_fact(ctx, line_start, stat, label, lead)


def holds_a_cue(cue_chars, start: int, end: int) -> bool:
    """Whether a cue's offset (``cue_chars`` sorted) lies in [start, end)."""
    k = bisect.bisect_left(cue_chars, start)
    return k < len(cue_chars) and cue_chars[k] < end


def stat_rows(text: str):
    """(offset, line) of each line holding two statistics or more."""
    done = -1
    for stat in STAT_RE.finditer(text):
        line_start = text.rfind("\n", 0, stat.start()) + 1
        if line_start > done:
            done = line_start
            line_end = text.find("\n", line_start)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            if len(STAT_RE.findall(line)) >= 2:
                yield line_start, line


def stat_fact(ctx, line_start: int, stat, label: str, lead: str):
    start, end = line_start + stat.start("value"), line_start + stat.end("value")
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    value = plain_number(stat.group("value"))
    if span is None or not MIN_VALUE <= value <= MAX_VALUE:
        return
    role = TEAM_LABEL_RE.sub("", label).strip().lower() or None
    fact = {
        "value": value,
        "low": None,
        "high": None,
        "qualifier": None,
        "measure": STAT_MEASURES[stat.group("stat").lower()],
        "role": role,
        "as_of": date_in(lead, ctx.published) or answer_date(ctx),
    }
    yield fact, (span.start, span.end), (line_start + stat.start(), end)


def rows_ending_in_figures(text: str):
    """The list rows of ``text``: lines with a colon or dash and figures near their end, read whole."""
    last = -1
    for end in ROW_END_RE.finditer(text):
        line_start = text.rfind("\n", 0, end.start()) + 1
        row = ROW_RE.match(text, line_start) if line_start > last else None
        if row:
            last = line_start
            yield row


def names_worker_or_team(label: str) -> bool:
    """ "SW CWD", "Social Worker 2", "Assessment team", "Team B" name a worker or a team; "Team meeting rooms"
    and "Number of agency social workers" do not."""
    core = TRAILING_ID_RE.sub("", re.sub(r"\(.*?\)", " ", label)).strip()
    if COUNT_LABEL_RE.search(core):
        return False
    return bool(WORKER_RE.search(core)) or bool(TEAM_AT_END_RE.search(core))


TEAM_LIST_LEAD_RE = re.compile(r"\b(?:each|per|by|every)\s+(?:team|service)s?\b", re.I)
SERVICE_LABEL_MAX_WORDS = 8
SERVICE_WITH_A_COUNT_WORD_RE = re.compile(r"\bcare leavers?\b", re.I)  # a team's name, not a count of leavers


def team_list_lead(lead: str) -> bool:
    """A line right above its list that introduces each team's figure per worker ("Average number of children
    allocated per case-holding worker, 28/02/2021:", "Average caseload in each team:"): its rows are the
    teams'."""
    return (
        "\n" not in lead
        and lead.rstrip().endswith(":")
        and bool(PER_WORKER_RE.search(lead) or TEAM_LIST_LEAD_RE.search(lead))
    )


def names_a_service(label: str, published=None) -> bool:
    """ "MASH and Assessment", "Children in Need / Child Protection", "Leaving Care (Personal Advisers)": a
    short label of words, no count ("Number of ..."), no council (the council rows' reader's) and not
    England."""
    words = label.split()
    counts = COUNT_LABEL_RE.search(SERVICE_WITH_A_COUNT_WORD_RE.sub(" ", label))
    if not words or len(words) > SERVICE_LABEL_MAX_WORDS or re.search(r"\d", label) or counts:
        return False
    place = label.strip(" -–—:").lower()
    return (
        place not in load_words("national_columns.txt")
        and load_gazetteer().resolve(place, on_date=published) is None
    )


def row_fact(ctx, row, value, lead: str, reason: str | None):
    start = row.start("values") + value.start()
    span = ctx.doc.char_span(start, start + len(value.group()), alignment_mode="expand")
    figure = plain_number(value.group())
    if span is None or not MIN_VALUE <= figure <= MAX_VALUE:
        return
    chars = (row.start("label"), row.end("values") if row.group("noun") is None else row.end("noun"))
    if reason:
        yield Rejected(reason, (span.start, span.end), chars)
        return
    average = AVERAGE_RE.search(lead) or AVERAGE_RE.search(row.group("label")) or isinstance(figure, float)
    fact = {
        "value": figure,
        "low": None,
        "high": None,
        "qualifier": None,
        "measure": "average" if average else "individual",
        "role": role_of(ctx.text, row),
        "as_of": date_in(lead, ctx.published) or answer_date(ctx),
    }
    yield fact, (span.start, span.end), chars


def plain_number(text: str) -> int | float:
    """ "17" -> 17, "15.2" -> 15.2, "12.0" -> 12 (a fraction of a case is an average's)."""
    value = float(text)
    return int(value) if value.is_integer() else value


def why_not_caseloads(row, requests: list[tuple[int, int]]) -> str | None:
    """ "CLA - 16 social workers - 13": a label counting several workers gives their total, not a caseload;
    rows in the request an answer quotes are its examples."""
    counted = COUNTED_WORKERS_RE.search(row.group("label"))
    if counted and parse_number(counted.group("count")) != 1:
        return "a total over several workers, not one worker's caseload"
    if any(start <= row.start() < end for start, end in requests):
        return "an example in the request, not the answer"
    return None


def request_spans(text: str) -> list[tuple[int, int]]:
    """From each "Request:" heading to the "Response:" heading after it (a request with no answer after it is
    not one this document answers)."""
    spans = []
    for request in REQUEST_RE.finditer(text):
        answer = ANSWER_RE.search(text, request.end())
        if answer:
            spans.append((request.start(), answer.start()))
    return spans


def lead_of(text: str, start: int) -> str | None:
    """The lead of the list holding the row: the first line of prose above it, with the list's headings
    between, if it speaks of cases per worker."""
    lines = lines_above(text, start)
    headings = []
    for line in reversed(lines):
        if (
            ROW_RE.match(line)
            or not line.strip()
            or re.match(r"[ \t]*" + BULLET, line)
            or len(STAT_RE.findall(line)) >= 2
        ):
            continue
        headings.append(line)
        if len(line.strip()) >= LEAD_MIN_LENGTH:
            break
    lead = "\n".join(reversed(headings))
    return lead if CONTEXT_RE.search(lead) else None


def lines_above(text: str, start: int) -> list[str]:
    return text[max(0, start - LOOK_UP_CHARS) : start].rstrip("\n").split("\n")[-LOOK_UP_LINES:]


def role_of(text: str, row) -> str | None:
    """The team a row names ("Aftercare - 1 social worker" -> "aftercare"), else the heading above the list's
    rows ("Assessment" over "Social Worker 1 - 15 children")."""
    team = WORKER_RE.sub(" ", re.sub(r"\(.*?\)|\d+", " ", row.group("label"))).strip(" -–—:")
    if re.search(r"[A-Za-z]", team):  # "SW CWD review team" -> "children with disabilities review team"
        return " ".join(RULES["team_abbreviations"].get(word, word) for word in team.lower().split())
    for line in reversed(lines_above(text, row.start())):
        if line.strip() and not ROW_RE.match(line):
            heading = HEADING_RE.match(line)
            return heading.group(1).strip().lower() if heading else None
    return None


# "A4. 26 (Children in Need / Child Protection)." (read only where a line opens with "Q")
FIGURE_ANSWER_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:A|Answer|ANSWER|Response|RESPONSE|Reply)[ \t]*(?P<number>\d{1,2})?[ \t]*[.:)]"
    r"[ \t]*(?P<value>"
    + FIGURE
    + r")(?![\d.,%])[ \t]*(?P<noun>(?i:"
    + "|".join(RULES["counted_nouns"])
    + r")\b)?[ \t]*(?:\((?P<role>[^()\n]{1,60})\))?"
    r"[ \t]*[.;]?[ \t]*(?=\n|$)"
)
QUESTION_RE = re.compile(r"^[ \t]*(?:Q|Question|QUESTION)[ \t]*(?P<number>\d{1,2})?[ \t]*[.:)]")
QUESTION_LOOK_UP_LINES = 8
ANSWER_MEASURES = RULES["answer_measures"]
DEFAULT_MEASURE = load_json("caseload_rules.json")["default_measure"]


def read_figure_answers(ctx, cue_chars=()):
    """ "Q4. What is the highest caseload currently held by a single social worker?" answered "A4. 26
    (Children in Need / Child Protection).": an answer that is a figure alone, to a question about caseloads,
    is a caseload of the question's measure, of the team its brackets name. A question about adults' workers
    is turned down."""
    if "\nQ" not in ctx.text and not ctx.text.startswith("Q"):
        return
    for answer in FIGURE_ANSWER_RE.finditer(ctx.text):
        question = question_of(ctx.text, answer)
        start, end = answer.start("value"), answer.end("value")
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        value = plain_number(answer.group("value"))
        if (
            question is None
            or span is None
            or holds_a_cue(cue_chars, start, answer.end())
            or not MIN_VALUE <= value <= MAX_VALUE
        ):
            continue
        if re.search(r"\badults?\b", question, re.I):
            yield Rejected("an answer about adults' social workers", (span.start, span.end), (start, end))
            continue
        fact = {
            "value": value,
            "low": None,
            "high": None,
            "qualifier": None,
            "measure": answer_measure(question),
            "role": (answer.group("role") or "").strip().lower() or None,
            "as_of": date_in(question, ctx.published)
            or answer_date(ctx)
            or now_before(question, ctx.published),
        }
        yield fact, (span.start, span.end), (answer.start("value"), answer.end())


def question_of(text: str, answer) -> str | None:
    """The question line above an answer, of the same number when both are numbered, if it asks about
    caseloads."""
    for line in reversed(lines_above(text, answer.start() + 1)[-QUESTION_LOOK_UP_LINES:]):
        asked = QUESTION_RE.match(line)
        if asked:
            numbers = {asked.group("number"), answer.group("number")}
            same = None in numbers or len(numbers) == 1
            return line if same and asks_about_caseloads(line) else None
    return None


COUNTED_RE = re.compile(r"\b(?:" + "|".join(RULES["counted_nouns"]) + r")\b", re.I)


def asks_about_caseloads(question: str) -> bool:
    """ "the average caseload", "cases per worker", "the number of cases any one practitioner holds"."""
    return bool(
        CONTEXT_RE.search(question)
        or PER_WORKER_RE.search(question)
        or (COUNTED_RE.search(question) and WORKER_RE.search(question))
    )


def answer_measure(question: str) -> str:
    """The measure the question asks for: the first of an average, a cap (or policy) and one worker's highest
    whose words it holds, else the default."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    return next(
        (measure for measure, listed in ANSWER_MEASURES.items() if words & set(listed)), DEFAULT_MEASURE
    )


REQUEST_ANSWER_RE = re.compile(r"freedom of information|\bFOI\b|\bFOIA\b|information request", re.I)


def answers_a_request(ctx) -> bool:
    """A freedom-of-information answer: its figures are "as at the date of the reply", its publication."""
    return bool(REQUEST_ANSWER_RE.search((ctx.title or "") + " " + ctx.text[:400]))


def answer_date(ctx) -> str | None:
    return published_month(ctx.published) if answers_a_request(ctx) else None


HEADING_LINE_RE = re.compile(r"[ \t]*[A-Za-z][^\d\n.|]{0,120}")
COLUMN_SPLIT_RE = re.compile(r"\t+|[ ]{2,}|[ ]*\|[ ]*")
YEARS_RE = re.compile(r"[ \t]*[A-Za-z][^\d\n]*?(?:[ \t]+(?:19|20)\d\d)+[ \t]*")  # "Indicator  2023  2024"
DATE_COLUMN_RE = re.compile(MONTH + r"\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\b(?![/-])", re.I)


def read_table_columns(ctx, cue_chars=()):
    """Each row's figure in a table's caseload column ("Team  Social workers  Average caseload")."""
    for heading in caseload_headings(ctx.text, cue_chars):
        index = caseload_column(heading.group())
        if index is None:
            continue
        lead = " ".join(lines_above(ctx.text, heading.start())[-2:])
        for row in rows_under(ctx.text, heading.end()):
            cells = list(CELL_RE.finditer(row.group("cells")))
            if index < len(cells) and not any(row.start() <= c < row.end() for c in cue_chars):
                yield from column_fact(ctx, row, cells[index], heading.group(), lead)


def caseload_headings(text: str, cue_chars):
    """Lines holding a caseload cue, without figures or full stops ("Team  Social workers  Average
    caseload")."""
    last = -1
    for char in cue_chars:
        line_start = text.rfind("\n", 0, char) + 1
        line_end = text.find("\n", char)
        heading = HEADING_LINE_RE.fullmatch(text, line_start, len(text) if line_end < 0 else line_end)
        if heading and line_start > last:
            last = line_start
            yield heading


def caseload_column(heading: str) -> int | None:
    """Which figure of a row is the caseload: the column named so when the heading splits into columns
    ("Team  FTE  Average caseload": 1), the last when it ends with the caseload's name (-1), else None."""
    columns = [c for c in COLUMN_SPLIT_RE.split(heading.strip()) if c]
    named = [i for i, column in enumerate(columns) if CONTEXT_RE.search(column)]
    if len(columns) > 2 and named:
        return named[0] - 1
    return (
        -1
        if re.search(r"(?:caseloads?|per (?:social )?worker)\W*$", heading, re.I) and len(columns) <= 2
        else None
    )


def rows_under(text: str, start: int):
    """The table rows right under a heading line, up to the first line that is not one."""
    for row in TABLE_ROW_RE.finditer(text, start):
        if text[start : row.start()].strip():
            return
        yield row
        start = row.end()


def column_fact(ctx, row, cell, heading: str, lead: str):
    start = row.start("cells") + cell.start()
    span = ctx.doc.char_span(start, start + len(cell.group()), alignment_mode="expand")
    value = parse_number(cell.group().rstrip("%"))
    if span is None or value is None or cell.group().endswith("%") or not MIN_VALUE <= value <= MAX_VALUE:
        return
    fact = {
        "value": plain_number(str(value)),
        "low": None,
        "high": None,
        "qualifier": None,
        "measure": "average" if AVERAGE_RE.search(heading) else "individual",
        "role": " ".join(row.group("label").lower().split()),
        "as_of": date_in(lead, ctx.published) or answer_date(ctx),
    }
    yield fact, (span.start, span.end), (row.start(), start + len(cell.group()))


def column_date(text: str, char: int) -> str | None:
    """ "Measure  March 2023  March 2024" over "Average caseload  18.2  16.9": the date heading the figure's
    column."""
    row, above = table_row_at(text, char)
    if row is None:
        return None
    cells = [row.start("cells") + c.start() for c in CELL_RE.finditer(row.group("cells"))]
    dates = [m.group() for m in DATE_COLUMN_RE.finditer(above[0] if above else "")]
    if len(dates) != len(cells) or char not in cells:
        return None
    return date_after(" in " + dates[cells.index(char)])[0]


def table_date(text: str, char: int, published) -> str | None:
    """The date of the figure's column, else of the line that introduces its table ("The table below sets out
    the position at 31 January 2024." over "Measure  Sefton  England")."""
    row, above = table_row_at(text, char)
    if row is None:
        return None
    return column_date(text, char) or (date_in(above[1], published) if len(above) > 1 else None)


def table_row_at(text: str, char: int) -> tuple[re.Match | None, list[str]]:
    """The flattened table row holding ``char`` and the lines above its rows: heading first, then the lead."""
    line_start = text.rfind("\n", 0, char) + 1
    row = TABLE_ROW_RE.match(text, line_start)
    if row is None or not row.start("cells") <= char < row.end():
        return None, []
    lines = [line for line in reversed(lines_above(text, line_start)[-12:]) if line.strip()]
    above = [line for line in lines if not TABLE_ROW_RE.fullmatch(line) or YEARS_RE.fullmatch(line)]
    return row, above[:2]


def naming_strength(heading: str | None) -> int:
    """How plainly a row label or column heading names a caseload: 2 for a caseload or a figure per worker
    ("Average per SW"), 1 for words of a caseload's lead ("Children allocated", "All case-holding teams"),
    else 0."""
    if not heading:
        return 0
    if CASELOAD_WORD_RE.search(heading) or PER_WORKER_RE.search(heading):
        return 2
    return int(bool(CONTEXT_RE.search(heading)))


def read_grid_caseloads(ctx):
    """A cell of a table set off by bars or laid out one cell a line (``grids``) whose column heading or row
    label, the one naming caseloads more plainly, does: under a caseload column ("Team | FTE | Average
    caseload", "Average per SW"), the row's team's figure; on a caseload row ("Average caseload" over "18.9"
    and "16.6"), the figure of the date, the council or England its column heading names. The other cells of a
    row with a figure per worker are its totals or its staff ("Children allocated", "Social workers (FTE)").
    Returns where the cells read start, for the sentence reader to leave."""
    read = set()
    cells = grid_cells(ctx.text)
    rows_per_worker = {cell.row for cell in cells if naming_strength(cell.column) == 2}
    for cell in cells:
        by_row, by_column = naming_strength(cell.row), naming_strength(cell.column)
        beside = (
            by_column < 2 and cell.row in rows_per_worker
        )  # the totals or staff beside a figure per worker
        value = parse_number(cell.figure.replace(",", "")) if by_row != by_column and not beside else None
        span = ctx.doc.char_span(cell.start, cell.end, alignment_mode="expand")
        if value is None or span is None or cell.figure.endswith("%") or not MIN_VALUE <= value <= MAX_VALUE:
            continue
        read.add(cell.start)
        yield (
            {
                "value": plain_number(str(value)),
                "low": None,
                "high": None,
                "qualifier": None,
                **(caseload_column_cell(ctx, cell) if by_column > by_row else caseload_row_cell(ctx, cell)),
            },
            (span.start, span.end),
            (cell.start, cell.end),
        )
    return read


def caseload_column_cell(ctx, cell) -> dict:
    """A team's row under a caseload column: an average if the heading says so (or per worker), else the
    team's own figure; dated by the table's caption ("Table 2 - Allocated children, 31 May 2019") or the lines
    above it."""
    block_start = ctx.text.rfind("\n\n", 0, cell.start) + 1
    caption = ctx.text[block_start : ctx.text.find("\n", block_start + 1)].strip()
    caption = "" if caption in (cell.column, cell.row) else caption
    lead = " ".join([caption] + lines_above(ctx.text, block_start)[-2:])
    return {
        "measure": "average"
        if AVERAGE_RE.search(cell.column) or PER_WORKER_RE.search(cell.column)
        else "individual",
        "role": " ".join(cell.row.lower().split()),
        "as_of": date_in(lead, ctx.published) or answer_date(ctx),
    }


def caseload_row_cell(ctx, cell) -> dict:
    """A caseload row's figure under a column headed by a date, a council or England ("Somerset (31 July
    2023)"), or else by a team ("Court team")."""
    column = cell.column or ""
    as_of, place = date_in(column, ctx.published), column_place(column, ctx.published)
    role = " ".join(column.lower().split()) if column and not (as_of or place) else None
    return {"measure": "average", "role": role, "as_of": as_of or answer_date(ctx), **place}


COLUMN_PLACE_RE = re.compile(r"[^(\d]*[^(\d\s]")  # "Somerset (31 July 2023)" -> "Somerset"


def column_place(column: str, published=None) -> dict:
    """A column headed "England (30 September 2022)" holds national figures, one headed "Somerset (31 July
    2023)" that council's: {"national": True}, {"council_named": council} or {}."""
    place = COLUMN_PLACE_RE.match(column)
    place = place.group().strip() if place else ""
    if place.lower() in load_words("national_columns.txt"):
        return {"national": True}
    council = load_gazetteer().resolve(place, on_date=published) if place else None
    return {"council_named": council} if council else {}
