"""Money in budget tables flattened to text, in the unit the document declares ("Figures are shown in £000s",
"(£m)"): a heading of columns naming money ("Service line / Cash limit / Forecast outturn / Variance"), then
a row per service, either one cell a line

    Children's social work services
    54,310
    56,214
    +1,904

or one row a line with its cells set off by "|" ("Care leavers | 8,215 | 8,402 | +187"). Each figure of a row
naming a children's service (or of any row but another service's, in a document about children's services)
is an amount budgeted, spent or overspent; a figure with a minus sign (an underspend) is not.
"""
import bisect
import re
from dataclasses import dataclass

from .numbers import parse_number
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("funding_rules.json"))
UNIT_RES = [(re.compile(pattern, re.I), scale) for pattern, scale in RULES["table_units"].items()]
NUMBER_CELL_RE = re.compile(r"^(?P<sign>[+\-–−]?)\s*£?(?P<number>\d[\d,]*(?:\.\d+)?)$")
MONEY_COLUMN_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, RULES["table_money_columns"])) + r")(?!\w)", re.I)
LINE_RE = re.compile(r"[^\n]+")
HEADING_MAX_CHARS = 40


@dataclass
class Cell:
    start: int         # character offsets of the cell's text
    end: int
    text: str


def table_amounts(ctx, about_children) -> list[tuple[float, Cell]]:
    """(amount in pounds, cell) for each money cell of a children's service's row in the text's tables
    (``about_children()``: whether the document is about children's services)."""
    units = declared_units(ctx.text)
    if not units:
        return []
    amounts = []
    for heading_end, rows in tables(ctx.text, units[0][0]):
        scale = unit_before(units, heading_end)
        for label, cells in rows:
            if names_childrens_service(label.text, about_children):
                amounts += [(round(value * scale, 2), cell) for cell, value in figures(cells)]
    return amounts


def declared_units(text: str) -> list[tuple[int, float]]:
    """(offset, pounds per unit) of each unit declaration ("£000s", "£'000", "(£m)"), in text order."""
    if "£" not in text:
        return []
    found = [(m.start(), scale) for pattern, scale in UNIT_RES for m in pattern.finditer(text)]
    return sorted(found)


def unit_before(units: list[tuple[int, float]], end: int) -> float:
    """The unit declared last before ``end`` (the table's heading included), else the first declared."""
    k = bisect.bisect_left(units, (end, 0.0)) - 1
    return units[max(k, 0)][1]


def tables(text: str, start: int):
    """(end of the heading, rows) of each table after ``start``; a row is (label cell, figure cells)."""
    lines = [Cell(m.start(), m.end(), m.group().strip()) for m in LINE_RE.finditer(text, start) if m.group().strip()]
    k = 0
    while k < len(lines):
        width = piped_width(lines[k]) or column_width(lines, k)
        if not width:
            k += 1
            continue
        heading_end = lines[k if "|" in lines[k].text else k + width - 1].end
        rows, k = rows_under(lines, k, width)
        if rows:
            yield heading_end, rows


def piped_width(line: Cell) -> int:
    """The number of cells of a heading line set off by "|" ("Service | Budget £000 | Forecast"), or 0."""
    cells = [c.strip() for c in line.text.split("|")]
    return len(cells) if len(cells) >= 2 and all(is_money_column(c) for c in cells[1:]) else 0


def column_width(lines: list[Cell], k: int) -> int:
    """The number of heading lines from ``k``: a first heading, then two or more lines naming money columns."""
    if is_number(lines[k].text) or len(lines[k].text) > HEADING_MAX_CHARS:
        return 0
    n = 1
    while k + n < len(lines) and is_money_column(lines[k + n].text):
        n += 1
    return n if n >= 3 else 0


def rows_under(lines: list[Cell], k: int, width: int) -> tuple[list, int]:
    """The rows under the heading at ``k`` and the line after them: one line each when the heading is piped,
    else a label line and ``width - 1`` figure lines each."""
    piped = "|" in lines[k].text
    k += 1 if piped else width
    rows = []
    while k < len(lines):
        row = piped_row(lines[k], width) if piped else stacked_row(lines, k, width)
        if row is None:
            break
        rows.append(row)
        k += 1 if piped else width
    return rows, k


def piped_row(line: Cell, width: int):
    parts, cells, at = line.text.split("|"), [], line.start + len(line.text) - len(line.text.lstrip())
    for part in parts:
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(at + lead, at + lead + len(part.strip()), part.strip()))
        at += len(part) + 1
    if len(cells) != width or is_number(cells[0].text) or not all(is_number(c.text) for c in cells[1:]):
        return None
    return cells[0], cells[1:]


def stacked_row(lines: list[Cell], k: int, width: int):
    cells = lines[k:k + width]
    if len(cells) < width or is_number(cells[0].text) or not all(is_number(c.text) for c in cells[1:]):
        return None
    return cells[0], cells[1:]


def is_number(text: str) -> bool:
    return bool(NUMBER_CELL_RE.match(text))


def is_money_column(text: str) -> bool:
    return len(text) <= HEADING_MAX_CHARS and not is_number(text) and bool(MONEY_COLUMN_RE.search(text))


def figures(cells: list[Cell]) -> list[tuple[Cell, float]]:
    return [(cell, value) for cell in cells if (value := cell_value(cell)) is not None]


def cell_value(cell: Cell) -> float | None:
    """The cell's figure; None for an underspend ("-187")."""
    match = NUMBER_CELL_RE.match(cell.text)
    if match.group("sign") not in ("", "+"):
        return None
    return parse_number(match.group("number").replace(",", ""))


def names_childrens_service(label: str, about_children) -> bool:
    """A row for a children's service: its label names one, or names no other service in a document about
    children's services."""
    text = label.lower()
    if any(p in text for p in RULES["other_services_phrases"] | RULES["adult_service_markers"]):
        return False
    return any(p in text for p in RULES["children_services_phrases"]) or about_children()
