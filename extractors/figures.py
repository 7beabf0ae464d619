"""Reading one figure at a token: "17", "20.5", "fifteen", "twenty-five", "mid 20s", "between 18 and 22",
"18-22"."""

import functools
import re
from dataclasses import dataclass

from .components import lower_words
from .gazetteer import load_gazetteer
from .numbers import DECADE_PARTS, parse_decade, parse_number, word_number
from .wordlists import load_words


@dataclass
class Figure:
    start: int  # token span of the figure
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    spread: bool = False  # an explicit range ("between 18 and 22", "ranged from 14 to 16"), not "mid 20s"


def read_figure(doc, i: int, limit: int) -> Figure | None:
    """The figure starting at token ``i`` (not reading past ``limit``), or None."""
    token = doc[i]
    decade = read_decade(doc, i)
    if decade:
        return decade
    value = parse_number(token.text)
    if value is None:
        return read_dash_range(token, i)
    if word_number(token.text) is not None and i + 2 < limit and doc[i + 1].text == "-":
        combined = word_number(f"{token.text}-{doc[i + 2].text}")
        if combined is not None:
            return read_range(doc, i, i + 3, combined, limit)
    return read_range(doc, i, i + 1, value, limit)


DASH_RANGE_RE = re.compile(r"^(\d+(?:\.\d+)?)[–—-](\d+(?:\.\d+)?)$")


def read_dash_range(token, i: int) -> Figure | None:
    """ "15–18" kept as one token by the tokenizer (an en dash between figures)."""
    match = DASH_RANGE_RE.match(token.text)
    if not match:
        return None
    low, high = parse_number(match.group(1)), parse_number(match.group(2))
    if not low < high <= low * 3:
        return None
    return Figure(i, i + 1, (low + high) / 2, low, high, spread=True)


def read_decade(doc, i: int) -> Figure | None:
    token = doc[i]
    before = doc[i - 1].lower_ if i else ""
    hyphen = before == "-" and i > 1  # "mid-teens" split as "mid", "-", "teens"
    if hyphen:
        before = doc[i - 2].lower_
    qualifier = before if before in DECADE_PARTS else None
    parsed = parse_decade(token.text, qualifier)
    if not parsed:
        return None
    start = i - (2 if hyphen else 1) if qualifier else i
    return Figure(start, i + 1, *parsed, qualifier="~")


RANGE_LEADS = {
    "(",
    "of",
    "between",
    "averaging",
    "average",
    "around",
    "about",
    "approximately",
    "roughly",
    "had",
    "have",
    "has",
    "each",
    "holds",
    "carries",
    "handle",
    "handles",
    "handling",
    "juggling",
    "manages",
    "with",
    "carrying",
    "holding",
    "hold",
    "held",
    "carry",
    "manage",
    "managing",
    "typically",
}


SPREAD_VERBS = {
    "range",
    "ranges",
    "ranged",
    "ranging",
    "vary",
    "varies",
    "varied",
    "varying",
    "span",
    "spans",
}


def read_range(doc, start: int, end: int, value, limit: int) -> Figure:
    """ "between 18 and 22", "18-22", "of 18 to 22" widen a figure to a range; "from 37 to 17" does not."""
    before = doc[start - 1].lower_ if start else ""
    spread = start >= 2 and before == "from" and doc[start - 2].lower_ in SPREAD_VERBS
    if spread and end + 1 < limit and doc[end].lower_ == "to":
        other = parse_number(doc[end + 1].text)
        if other is not None and value < other:
            return Figure(start - 1, end + 2, (value + other) / 2, value, other, spread=True)
    if (
        end + 1 < limit
        and doc[end].lower_ in ("and", "-", "to", "–")
        and (before in RANGE_LEADS or doc[end].text in "-–")
    ):
        if before == "between" or doc[end].lower_ != "and":
            other = parse_number(doc[end + 1].text)
            if other is not None and value < other <= value * 3:
                first = start - 1 if before == "between" else start
                return Figure(first, end + 2, (value + other) / 2, value, other, spread=True)
    return Figure(start, end, value)


def words_before(doc, i: int, n: int, floor: int = 0) -> list[str]:
    return lower_words(doc, max(floor, i - n), i)


def qualifier_before(doc, i: int, floor: int = 0) -> str | None:
    """ ">" for "over 50"/"more than 50", "<" for "under 20", "~" for "around 30"."""
    table = load_words_table("qualifiers.txt")
    before = " ".join(words_before(doc, i, 4, floor))
    for phrase, symbol in table:
        if before == phrase or before.endswith(" " + phrase):
            return None if symbol == "none" else symbol
    return None


@functools.lru_cache(maxsize=None)
def load_words_table(name: str) -> list[tuple[str, str]]:
    """A two-column word list: ``phrase = value`` a line, longest phrases first."""
    rows = [line.split("=") for line in load_words(name)]
    return sorted(((p.strip(), v.strip()) for p, v in rows), key=lambda row: -len(row[0]))


# ------------------------------------------------------------------ tables flattened to text
TABLE_ROW_RE = re.compile(
    r"^[ \t]*(?P<label>[A-Za-z][^\d\n]*?)[ \t]+(?P<cells>\d[\d.,]*%?(?:[ \t]+\d[\d.,]*%?)+)[ \t]*$", re.M
)
ROW_END_RE = re.compile(r"\d[\d.,]*%?[ \t]+\d[\d.,]*%?[ \t]*$", re.M)  # the last two cells of every such row
CELL_RE = re.compile(r"\d[\d.,]*%?")


@dataclass
class TableCell:
    label: str  # the row's label: "Agency rate (%)"
    column: str | None  # the column's heading: "Sefton" (None: the heading's columns cannot be told apart)
    column_start: int  # character offset of the heading
    start: int  # character offsets of the cell's figure
    end: int
    value: float


@functools.lru_cache(maxsize=8)
def table_cells(text: str) -> tuple[TableCell, ...]:
    """Cells of tables flattened one row a line ("Agency rate (%) 27 17.6") under a heading line
    ("Measure Sefton England") that names one column per figure; rows without such a heading are skipped."""
    cells = []
    for row in table_rows(text):
        figures = list(CELL_RE.finditer(row.group("cells")))
        columns = heading_columns(text, row.start(), len(figures))
        if columns is None:
            continue
        columns = columns or [(None, -1)] * len(figures)  # a heading whose columns cannot be told apart
        for (column, column_start), figure in zip(columns, figures, strict=False):
            value = parse_number(figure.group().rstrip("%").replace(",", ""))
            if value is not None:
                start = row.start("cells") + figure.start()
                cells.append(
                    TableCell(
                        row.group("label").strip(),
                        column,
                        column_start,
                        start,
                        start + len(figure.group()),
                        value,
                    )
                )
    return tuple(cells)


def table_rows(text: str):
    """TABLE_ROW_RE's rows, found from the two figures ending them (matching the row pattern at every line
    start costs more than the rest of the table reading; few lines of prose end in two figures)."""
    line_starts = {text.rfind("\n", 0, end.start()) + 1 for end in ROW_END_RE.finditer(text)}
    for line_start in sorted(line_starts):
        row = TABLE_ROW_RE.match(text, line_start)
        if row:
            yield row


def in_council_column(ctx, cell: TableCell, council) -> bool:
    """The cell's column is headed by the council it is attributed to (not "England", "North West")."""
    named = load_gazetteer().resolve(cell.column, on_date=ctx.published) if cell.column else None
    return council is not None and named is not None and named.code == council.code


def in_national_column(cell: TableCell) -> bool:
    """The cell's column is headed "England" or "National": a national figure, not the council's."""
    return bool(cell.column) and cell.column.strip().lower() in load_words("national_columns.txt")


def national_cell_at(ctx, start_char: int) -> bool:
    cell = next((c for c in table_cells(ctx.text) if c.start == start_char), None)
    return cell is not None and in_national_column(cell)


def outside_council_column(ctx, start_char: int, start: int, end: int) -> bool:
    """A figure in a flattened table's comparison column: reading it as the council's would be wrong."""
    cell = next((c for c in table_cells(ctx.text) if c.start == start_char), None)
    return cell is not None and not in_council_column(ctx, cell, ctx.council_for(start, end))


def heading_columns(text: str, row_start: int, n: int) -> list[tuple[str, int]] | None:
    """The last ``n`` headings (with offsets) of the nearest line above the row without a figure, read over
    the rows between: "Measure Sefton England" gives [("Sefton", ..), ("England", ..)] for two figures;
    [] when that line cannot be split into ``n`` columns, None when there is no heading line."""
    end = row_start
    while end > 0:
        line_start = text.rfind("\n", 0, end - 1) + 1
        line = text[line_start:end].rstrip("\n")
        if line.strip() and not TABLE_ROW_RE.fullmatch(line):
            if any(ch.isdigit() for ch in line) or len(line) > 80:
                return None
            parts = [(m.group(), line_start + m.start()) for m in re.finditer(r"\S+", line)]
            wide = [(m.group(), line_start + m.start()) for m in re.finditer(r"\S+(?: \S+)*", line)]
            if ("  " in line or "\t" in line) and len(wide) == n + 1:
                return wide[1:]
            return parts[1:] if len(parts) == n + 1 else []
        end = line_start
    return None
