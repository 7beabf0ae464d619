"""Workforce figures laid out as lists and tables: a team's line ("CLA – 16 social workers"), a factbox line
("Agency social workers: 47"), a flattened table's rate row ("Agency rate (%) 27 17.6") and the cells of
tables set off by bars or laid out one cell a line (``grids``)."""

import re

from .candidates import Rejected
from .dates import date_in
from .figures import in_council_column, in_national_column, table_cells
from .gazetteer import load_gazetteer
from .grids import grid_cells
from .numbers import parse_number
from .wordlists import load_words
from .workforce_common import RULES

TEAM_LABEL_RE = re.compile(r"^[ \t]*(?:[-•*·][ \t]*)?[A-Za-z][A-Za-z '&()/-]{0,50}$")


def is_team_line(ctx, span) -> bool:
    """ "CLA – 16 social workers (6 agency)", "Review team: 3 SW": a list line giving a team's size under its
    label, the line ending there or going on with a bracket or a dash."""
    text, label_end = ctx.text, span.start_char
    label = text[text.rfind("\n", 0, label_end) + 1 : label_end]
    line_end = text.find("\n", span.end_char)
    rest = text[span.end_char : line_end if line_end >= 0 else len(text)].strip()
    return bool(TEAM_LABEL_RE.match(label)) and len(label.split()) <= 6 and (not rest or rest[0] in "(-–—,;")


LABELLED_VALUE_RE = re.compile(r"[:–—-][ \t]*\d[\d,]*[ \t]*$", re.M)  # finds the few lines to try
LABELLED_COUNT_RE = re.compile(
    r"[ \t]*(?:[-•*][ \t]+)?(?P<label>[A-Za-z][A-Za-z' ]{2,60}?)"
    r"(?:[ \t]*:|[ \t]+[-–—])[ \t]*(?P<value>\d[\d,]*)[ \t]*$",
    re.M,
)
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
        if metric is None or value is None or span is None or not 1 <= value <= RULES["council_count_max"]:
            continue
        yield (
            {"metric": metric, "value": value, "unit": "count", "as_of": None},
            (span.start, span.end),
            (line.start("label"), line.end("value")),
        )


def read_table_rates(ctx):
    """ "Agency rate (%) 27 17.6" under "Measure Sefton England": the rate in the column headed by the council
    the cell is attributed to; comparison columns (England, region, neighbours) are not the council's."""
    for cell in table_cells(ctx.text):
        metric = table_rate_metric(cell.label)
        span = ctx.doc.char_span(cell.start, cell.end, alignment_mode="expand")
        if metric is None or span is None or not 0 < cell.value <= 100:
            continue
        national = in_national_column(cell)  # "Agency rate (%) 27 17.6" under "Sefton England"
        if not national and not in_council_column(ctx, cell, ctx.council_for(span.start, span.end)):
            continue
        yield (
            {"metric": metric, "value": cell.value, "unit": "percent", "as_of": None, "national": national},
            (span.start, span.end),
            (cell.start, cell.end),
        )


def table_rate_metric(label: str) -> str | None:
    words = label.lower().replace("(", " (").split()
    if not set(words) & RULES["table_rate_marks"]:
        return None
    return next(
        (metric for metric, cues in RULES["table_rate_labels"].items() if set(words) & set(cues)), None
    )


# ------------------------------------------------------------------ tables set off by bars or one cell a line
BRACKETS_RE = re.compile(r"\s*\([^)]*\)")
LABEL_WORD_RE = re.compile(r"[a-z'-]+")
COUNT_BRACKETS_RE = re.compile(
    r"\s*\((?:" + "|".join(RULES["count_label_units"]) + r")\)", re.I
)  # "(headcount)"


def read_grid_figures(ctx):
    """A table's cell whose row label or column heading names a workforce measure ("Vacancy rate", "Agency
    social workers (headcount)", "Of which agency"), the figure of whoever the label across from it names: a
    council ("Luton"), England, a date or a team of the document's council; a region's, neighbours' or a
    target's is none. Returns where the cells read start, for the sentence readers to leave alone."""
    read = set()
    for cell in grid_cells(ctx.text):
        measure = grid_measure(cell)
        span = ctx.doc.char_span(cell.start, cell.end, alignment_mode="expand")
        if measure is None or span is None:
            continue
        read.add(cell.start)
        (metric, unit), place, place_is_column = measure
        whose = grid_place(ctx, place, place_is_column)
        value = parse_number(cell.figure.rstrip("%").replace(",", ""))
        if whose is None:
            yield Rejected(
                f"in a table's '{place}' column or row, not the council's",
                (span.start, span.end),
                (cell.start, cell.end),
            )
        elif value is not None and 0 < value <= (100 if unit == "percent" else RULES["number_of_max"]):
            yield (
                {"metric": metric, "value": value, "unit": unit, **whose},
                (span.start, span.end),
                (cell.start, cell.end),
            )
    return read


def grid_measure(cell) -> tuple | None:
    """((metric, unit), the label across, whether that label heads the column): the measure is named by the
    row label or by the column heading, never by both."""
    by_row = label_measure(cell.row, cell.figure)
    by_column = label_measure(cell.column, cell.figure) if cell.column else None
    if (by_row is None) == (by_column is None):
        return None
    return (by_row, cell.column, True) if by_row else (by_column, cell.row, False)


def label_measure(label: str, figure: str) -> tuple[str, str] | None:
    """ "Turnover (rolling 12 months)" over a percentage, "Agency rate (%)": a rate; "Agency social workers
    (headcount)", "Social workers (FTE)": a count (or FTE)."""
    words = set(LABEL_WORD_RE.findall(label.lower()))
    if figure.endswith("%"):
        return next(
            ((metric, "percent") for metric, cues in RULES["table_rate_labels"].items() if words & set(cues)),
            None,
        )
    metric = table_rate_metric(label)
    if metric:
        return metric, "percent"
    metric = RULES["count_labels"].get(COUNT_BRACKETS_RE.sub("", label).strip().lower())
    return (metric, "fte" if words & RULES["fte_words"] else "count") if metric else None


def grid_place(ctx, label: str | None, is_column: bool) -> dict | None:
    """Whose a cell's figure is, from the label across from its measure, with the date that label gives:
    England ("national"), the council it names ("council_named"), or the document's council for a date ("30
    June 2013"), an "Actual" column and a team row; None for a region, neighbours, a target or another column
    heading."""
    if label is None:
        return {"as_of": None}
    name, as_of = BRACKETS_RE.sub("", label).strip(), heading_date(label, ctx.published)
    if name.lower() in load_words("national_columns.txt"):
        return {"national": True, "as_of": as_of}
    council = load_gazetteer().resolve(name, on_date=ctx.published)
    if council is not None:
        return {"council_named": council, "as_of": as_of}
    if as_of or name.lower() in RULES["own_columns"] or not (is_column or is_comparison(name)):
        return {"as_of": as_of}
    return None  # "Target", "North West", "Statistical neighbours"


YEAR_HEADING_RE = re.compile(r"\b((?:19|20)\d\d)([/-](?:\d\d){1,2})?\b")


def heading_date(label: str, published) -> str | None:
    """ "30 June 2013" gives 2013-06; a year "2023" or a financial year "2022/23" gives the year it ends
    in."""
    as_of = date_in(label, published)
    year = YEAR_HEADING_RE.search(label) if as_of is None else None
    return str(int(year.group(1)) + bool(year.group(2))) if year else as_of


def is_comparison(label: str) -> bool:
    """ "North West", "Statistical neighbours", "Regional average": a comparison row, no team of the
    council's."""
    lower = label.lower()
    return lower in RULES["region_labels"] or bool(set(lower.split()) & RULES["comparison_label_words"])
