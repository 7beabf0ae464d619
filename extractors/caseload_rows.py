"""Caseload lists that give each worker's or team's own figure, as freedom-of-information answers do:

    Children with disabilities team: 15, 14, 12 and 9
    • SW CWD review team: 35
    • Social Worker 1 – 15 children
    • Aftercare - 1 social worker - 21 cases

A row is a label naming a worker or a team, a colon or dash, and one or more figures with at most a counted noun
after them. Rows count only under a lead that asks or tells about cases per worker; each figure is one worker's
or one team's (SCHEMA: `individual`) unless the lead or row says it is an average. Rows inside the request an
answer quotes ("For example; Social Worker 1 - Assessment Team - 7 children") are the requester's examples.
"""
import re

from .candidates import Rejected
from .dates import date_in, published_month
from .numbers import parse_number
from .wordlists import load_json

RULES = load_json("caseload_rules.json")["worker_rows"]
BULLET = r"[-•*▪◦·◼][ \t]*"
ROW_RE = re.compile(r"^[ \t]*(?:" + BULLET + r")?(?P<label>\S[^\n]*?)[ \t]*(?::|[ \t][-–—][ \t]*)[ \t]*"
                    r"(?P<values>\d{1,2}(?:[ \t]*(?:,|and|&)[ \t]*\d{1,2})*)[ \t]*"
                    r"(?P<noun>" + "|".join(RULES["counted_nouns"]) + r")?[ \t]*(?:\.{1,3}|…|etc\.?)?[ \t]*$", re.M | re.I)
VALUE_RE = re.compile(r"\d+")
WORKER_RE = re.compile(r"\b(?:" + "|".join(RULES["worker_words"]) + r")\b", re.I)
TEAM_AT_END_RE = re.compile(r"\b(?:" + "|".join(RULES["team_words"]) + r")$", re.I)
TRAILING_ID_RE = re.compile(r"\s+(?:[A-Z]|\d+)$")
COUNT_LABEL_RE = re.compile(r"\b(?:" + "|".join(RULES["count_label_words"]) + r")\b", re.I)
COUNTED_WORKERS_RE = re.compile(r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+"
                                r"(?:" + "|".join(RULES["worker_words"] + RULES["team_words"]) + r")\b", re.I)
HEADING_RE = re.compile(r"^[ \t]*(?:" + BULLET + r")?([A-Za-z][A-Za-z ,'’&-]{2,60}?)[ \t]*:?[ \t]*$")
CONTEXT_RE = re.compile("|".join(RULES["lead_phrases"]), re.I)
AVERAGE_RE = re.compile(r"\b(?:average|avg|mean)\b", re.I)
REQUEST_RE = re.compile(r"^[ \t]*(?:" + "|".join(RULES["request_headings"]) + r")\b", re.M | re.I)
ANSWER_RE = re.compile(r"^[ \t]*(?:" + "|".join(RULES["answer_headings"]) + r")\b", re.M | re.I)
LEAD_MIN_LENGTH = 40    # a lead is a line of prose; shorter lines above a list are its headings
LOOK_UP_LINES, LOOK_UP_CHARS = 40, 4000
MIN_VALUE, MAX_VALUE = load_json("caseload_rules.json")["plausible_range"]


def read_worker_rows(ctx, cue_chars=()):
    """Each figure of each worker or team row under a caseload lead; ``cue_chars``: rows holding a caseload cue
    are the sentence reader's."""
    if not CONTEXT_RE.search(ctx.text):
        return
    requests = None
    for row in ROW_RE.finditer(ctx.text):
        if not names_worker_or_team(row.group("label")) or any(row.start() <= c < row.end() for c in cue_chars):
            continue
        lead = lead_of(ctx.text, row.start())
        if lead is None:
            continue
        requests = request_spans(ctx.text) if requests is None else requests
        reason = why_not_caseloads(row, requests)
        for value in VALUE_RE.finditer(row.group("values")):
            yield from row_fact(ctx, row, value, lead, reason)


def names_worker_or_team(label: str) -> bool:
    """"SW CWD", "Social Worker 2", "Assessment team", "Team B" name a worker or a team; "Team meeting rooms" and
    "Number of agency social workers" do not."""
    core = TRAILING_ID_RE.sub("", re.sub(r"\(.*?\)", " ", label)).strip()
    if COUNT_LABEL_RE.search(core):
        return False
    return bool(WORKER_RE.search(core)) or bool(TEAM_AT_END_RE.search(core))


def row_fact(ctx, row, value, lead: str, reason: str | None):
    start = row.start("values") + value.start()
    span = ctx.doc.char_span(start, start + len(value.group()), alignment_mode="expand")
    if span is None or not MIN_VALUE <= int(value.group()) <= MAX_VALUE:
        return
    chars = (row.start("label"), row.end("values") if row.group("noun") is None else row.end("noun"))
    if reason:
        yield Rejected(reason, (span.start, span.end), chars)
        return
    average = AVERAGE_RE.search(lead) or AVERAGE_RE.search(row.group("label"))
    fact = {"value": int(value.group()), "low": None, "high": None, "qualifier": None,
            "measure": "average" if average else "individual", "role": role_of(ctx.text, row),
            "as_of": date_in(lead, ctx.published) or answer_date(ctx)}
    yield fact, (span.start, span.end), chars


def why_not_caseloads(row, requests: list[tuple[int, int]]) -> str | None:
    """"CLA - 16 social workers - 13": a label counting several workers gives their total, not a caseload; rows in
    the request an answer quotes are its examples."""
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
    """The lead of the list holding the row: the first line of prose above it, with the list's headings between,
    if it speaks of cases per worker."""
    lines = lines_above(text, start)
    headings = []
    for line in reversed(lines):
        if ROW_RE.match(line) or not line.strip() or re.match(r"[ \t]*" + BULLET, line):
            continue
        headings.append(line)
        if len(line.strip()) >= LEAD_MIN_LENGTH:
            break
    lead = "\n".join(reversed(headings))
    return lead if CONTEXT_RE.search(lead) else None


def lines_above(text: str, start: int) -> list[str]:
    return text[max(0, start - LOOK_UP_CHARS):start].rstrip("\n").split("\n")[-LOOK_UP_LINES:]


def role_of(text: str, row) -> str | None:
    """The team a row names ("Aftercare - 1 social worker" -> "aftercare"), else the heading above the list's rows
    ("Assessment" over "Social Worker 1 - 15 children")."""
    team = WORKER_RE.sub(" ", re.sub(r"\(.*?\)|\d+", " ", row.group("label"))).strip(" -–—:")
    if re.search(r"[A-Za-z]", team):
        return " ".join(team.lower().split())
    for line in reversed(lines_above(text, row.start())):
        if line.strip() and not ROW_RE.match(line):
            heading = HEADING_RE.match(line)
            return heading.group(1).strip().lower() if heading else None
    return None


REQUEST_ANSWER_RE = re.compile(r"freedom of information|\bFOI\b|\bFOIA\b|information request", re.I)


def answers_a_request(ctx) -> bool:
    """A freedom-of-information answer: its figures are "as at the date of the reply", its publication."""
    return bool(REQUEST_ANSWER_RE.search((ctx.title or "") + " " + ctx.text[:400]))


def answer_date(ctx) -> str | None:
    return published_month(ctx.published) if answers_a_request(ctx) else None
