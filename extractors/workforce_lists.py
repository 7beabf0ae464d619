"""Workforce figures laid out as lists and tables: a team's line ("CLA – 16 social workers"), a factbox line
("Agency social workers: 47") and a flattened table's rate row ("Agency rate (%) 27 17.6")."""
import re

from .figures import in_council_column, in_national_column, table_cells
from .numbers import parse_number
from .workforce_common import RULES


TEAM_LABEL_RE = re.compile(r"^[ \t]*(?:[-•*·][ \t]*)?[A-Za-z][A-Za-z '&()/-]{0,50}$")


def is_team_line(ctx, span) -> bool:
    """"CLA – 16 social workers (6 agency)", "Review team: 3 SW": a list line giving a team's size under its
    label, the line ending there or going on with a bracket or a dash."""
    text, label_end = ctx.text, span.start_char
    label = text[text.rfind("\n", 0, label_end) + 1:label_end]
    line_end = text.find("\n", span.end_char)
    rest = text[span.end_char:line_end if line_end >= 0 else len(text)].strip()
    return bool(TEAM_LABEL_RE.match(label)) and len(label.split()) <= 6 and (not rest or rest[0] in "(-–—,;")


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
