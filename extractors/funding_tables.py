"""Money in budget tables flattened to text (read into cells by :mod:`.grids`: one cell a line, or rows with
cells set off by "|"), in the unit the document declares ("Figures are shown in £000s", "(£m)"):

    Service line
    Cash limit
    Forecast outturn
    Variance
    Children's social work services
    54,310
    56,214
    +1,904

Each figure under a column heading naming money, in a row naming a children's service (or any row but another
service's, in a document about children's services), is an amount budgeted, spent or overspent; a figure with
a minus sign (an underspend) or a percentage is not.
"""

import bisect
import re

from .grids import grid_cells
from .numbers import parse_number
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("funding_rules.json"))
UNIT_RES = [(re.compile(pattern, re.I), scale) for pattern, scale in RULES["table_units"].items()]
MONEY_COLUMN_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, RULES["table_money_columns"])) + r")(?!\w)", re.I
)


def table_amounts(ctx, about_children) -> list[tuple[float, object]]:
    """(amount in pounds, grid cell) for each money cell of a children's service's row in the text's tables
    (``about_children()``: whether the document is about children's services)."""
    units = declared_units(ctx.text)
    if not units:
        return []
    return [
        (round(value * unit_before(units, cell.start), 2), cell)
        for cell in grid_cells(ctx.text)
        if cell.start > units[0][0]
        and is_money_column(cell.column)
        and names_childrens_service(cell.row, about_children)
        and (value := cell_value(cell.figure)) is not None
    ]


def declared_units(text: str) -> list[tuple[int, float]]:
    """(offset, pounds per unit) of each unit declaration ("£000s", "£'000", "(£m)"), in text order."""
    if "£" not in text:
        return []
    return sorted((m.start(), scale) for pattern, scale in UNIT_RES for m in pattern.finditer(text))


def unit_before(units: list[tuple[int, float]], start: int) -> float:
    """The unit declared last before the cell at ``start`` (in its column's heading, maybe)."""
    return units[bisect.bisect_left(units, (start, 0.0)) - 1][1]


def is_money_column(heading: str | None) -> bool:
    """ "Cash limit", "Forecast outturn", "Variance", "Budget £000"."""
    return heading is not None and bool(MONEY_COLUMN_RE.search(heading))


def cell_value(figure: str) -> float | None:
    """The cell's figure; None for an underspend ("-187") or a percentage."""
    if figure[0] in "-–−" or figure.endswith("%"):
        return None
    return parse_number(figure.lstrip("+").replace(",", ""))


def names_childrens_service(label: str, about_children) -> bool:
    """A row for a children's service: its label names one, or names no other service in a document about
    children's services."""
    text = label.lower()
    if any(p in text for p in RULES["other_services_phrases"] | RULES["adult_service_markers"]):
        return False
    return any(p in text for p in RULES["children_services_phrases"]) or about_children()
