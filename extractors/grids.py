"""Tables flattened to text in the two layouts ``figures.table_cells`` does not read (it reads a row a line,
figures set off by spaces, under a heading line): cells set off by bars, a row a line,

    Council | Agency rate | Vacancy rate
    Luton | 36.4% | 31.0%

and one cell a line, the corner and a heading per column, then each row's label and its figures:

    Measure
    30 June 2013
    30 September 2013
    Vacancy rate
    18.2%
    15.7%

Each figure is a GridCell with its row's label and its column's heading; which of the two names the measure,
and whose figure it is, is for the reader of each kind to say.
"""

import functools
import re
from dataclasses import dataclass

# a figure may carry its sign: a variance or change column ("+1,904", "-150")
FIGURE_RE = re.compile(r"[+\-–−]?\d[\d,]*(?:\.\d+)?%?")
VALUE_LINE_RE = re.compile(r"^[ \t]*(?:[+\-–−]?\d[\d,]*(?:\.\d+)?[ \t]*%?|n/?a|[-–—])[ \t]*$", re.I | re.M)
SEPARATOR_RE = re.compile(r"^[\s|:=-]+$")  # a markdown rule under the heading: "|---|---|"
HEADING_MAX = 60  # a heading longer than this, or one ending in a full stop, is a line of prose


@dataclass(frozen=True)
class GridCell:
    row: str  # the row's label: "Vacancy rate", "Luton"
    column: str | None  # the column's heading: "30 June 2013", "Agency rate" (None: the table has none)
    start: int  # character offsets of the figure
    end: int
    figure: str  # "18.2%"


@functools.lru_cache(maxsize=8)
def grid_cells(text: str) -> tuple[GridCell, ...]:
    """Every figure of the bar-separated and one-cell-a-line tables of ``text``."""
    cells = []
    for block in blocks(text) if "|" in text or VALUE_LINE_RE.search(text) else ():
        bars = next((k for k, (_, line) in enumerate(block) if "|" in line), None)  # under a caption, maybe
        cells += line_table_cells(block) if bars is None else bar_table_cells(block[bars:])
    return tuple(cells)


def blocks(text: str):
    """Runs of non-blank lines, each line with its character offset."""
    block, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            block.append((offset, line))
        elif block:
            yield block
            block = []
        offset += len(line) + 1
    if block:
        yield block


# ------------------------------------------------------------------ "Council | Agency rate | Vacancy rate"
def bar_table_cells(block) -> list[GridCell]:
    """The rows of figures under the last row without any (the heading; a caption row above it gives way), as
    long as they have as many cells as it has."""
    headings, cells = None, []
    for offset, line in block:
        row = split_bars(offset, line)
        if SEPARATOR_RE.match(line) or len(row) < 2:
            continue
        if not any(FIGURE_RE.fullmatch(text) for _, text in row[1:]):
            headings = row
            continue
        if headings is not None and len(row) != len(headings):
            break
        columns = [text or None for _, text in headings[1:]] if headings else [None] * (len(row) - 1)
        cells += [
            GridCell(row[0][1], column, start, start + len(text), text)
            for column, (start, text) in zip(columns, row[1:], strict=False)
            if FIGURE_RE.fullmatch(text)
        ]
    return cells


def split_bars(offset: int, line: str) -> list[tuple[int, str]]:
    """The cells of a line set off by bars, each with its character offset (outer bars dropped)."""
    cells, at = [], offset
    for part in line.split("|"):
        text = part.strip()
        cells.append((at + len(part) - len(part.lstrip()), text))
        at += len(part) + 1
    first, last = int(not cells[0][1]), len(cells) - int(not cells[-1][1])
    return cells[first:last]


# ------------------------------------------------------------------ one cell a line
def line_table_cells(block) -> list[GridCell]:
    """Rows of a label line and ``n`` figure lines each, the ``n`` lines above the first label heading the
    columns; a table has two rows or two columns at least (a label over a figure alone is no table)."""
    is_value = [bool(VALUE_LINE_RE.match(line)) for _, line in block]
    first = is_value.index(True) if True in is_value else 0
    n = next((k for k, value in enumerate(is_value[first:]) if not value), len(block) - first)
    if first == 0:
        return []
    labels = range(first - 1, len(block) - n, n + 1)
    rows = labels[: next((j for j, k in enumerate(labels) if not is_row(is_value, k, n)), len(labels))]
    if len(rows) < 2 and n < 2:
        return []
    columns = line_headings(block[: first - 1], n)
    return [
        GridCell(block[k][1].strip(), column, offset + figure.start(), offset + figure.end(), figure.group())
        for k in rows
        for column, (offset, line) in zip(columns, block[k + 1 : k + 1 + n], strict=False)
        for figure in [FIGURE_RE.search(line)]
        if figure
    ]


def is_row(is_value: list[bool], k: int, n: int) -> bool:
    """A label at ``k`` and exactly ``n`` figure lines after it."""
    return (
        not is_value[k]
        and all(is_value[k + 1 : k + 1 + n])
        and (k + 1 + n == len(is_value) or not is_value[k + 1 + n])
    )


def line_headings(lines, n: int) -> list[str | None]:
    headings = [line.strip() for _, line in lines[-n:]] if len(lines) >= n else []
    if not headings or any(len(h) > HEADING_MAX or h.endswith(".") for h in headings):
        return [None] * n
    return headings
