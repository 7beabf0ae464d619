"""How figures and quotes read on the published pages: money as money, whole numbers without ``.0``, a quote
in its whole clause, the fact's value and quote first and the internal columns out of the way.

Display only: the database, its CSV and JSON and the extraction output keep the exact values and offsets.
"""

import re

from extractors.kinds import KINDS

# Columns every fact table has that a reader rarely needs: hidden from its page, still in the table
# (ask for them with ``?_col=char_start`` or in SQL).
INTERNAL_COLUMNS = ("char_start", "char_end", "run_id", "extractor_version")

# A clause ends at these marks (a hyphen inside "2023-24" does not).
CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\s[–—-]\s|[.!?](?=\s|$)")
CLAUSE_MAX_SIDE = 120  # characters of context kept on each side of the quote at most


def lead_columns(kind) -> list[str]:
    """What a fact of ``kind`` is, first: its first field (value, judgement, amount...), value, quote."""
    own = list(kind.columns)
    return list(dict.fromkeys([own[0], *(["value"] if "value" in own else []), "quote"]))


# table -> columns shown first on its page, and columns hidden from it
LEAD_COLUMNS = {kind.name: lead_columns(kind) for kind in KINDS}
LEAD_COLUMNS["candidates"] = ["kind", "reason", "quote"]
HIDDEN_COLUMNS = {table: INTERNAL_COLUMNS for table in LEAD_COLUMNS}


def display_order(table: str | None, columns: list[str], explicit: bool = False) -> list[int]:
    """Indexes of ``columns`` in the order to show them: primary key, lead columns, the rest, with the
    internal columns left out; every column in its own order when ``explicit`` (``?_col=``/``?_nocol=``)."""
    positions = list(range(len(columns)))
    if explicit or table not in LEAD_COLUMNS:
        return positions
    lead = [columns.index(c) for c in [*LEAD_COLUMNS[table], "council_code"] if c in columns]
    first = positions[:1] if columns and columns[0] in ("id", "rowid", "Link") else []
    rest = [i for i in positions if i not in first + lead and columns[i] not in HIDDEN_COLUMNS[table]]
    return first + [i for i in lead if i not in first] + rest


def money(amount) -> str:
    """£12.3m, £1.25bn, £450,000: millions and billions to at most two decimals, smaller sums in full."""
    amount = float(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    for size, suffix in ((1e9, "bn"), (1e6, "m")):
        if amount >= size:
            return f"{sign}£{amount / size:.2f}".rstrip("0").rstrip(".") + suffix
    return f"{sign}£{amount:,.0f}" if amount == int(amount) else f"{sign}£{amount:,.2f}"


def plain_number(value):
    """16.0 -> "16"; 16.3 stays 16.3; anything else is returned as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return value


def display_value(column: str, value):
    """A field as a page shows it: an amount in pounds as money, a whole number without ``.0``."""
    if (column == "amount_gbp" or column.endswith("_gbp")) and isinstance(value, (int, float)):
        return f"{money(value)} (£{value:,.0f})"
    return plain_number(value)


def one_line(text: str) -> str:
    return " ".join(text.split())


def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause of ``sentence`` around [start, end): from the mark before to the mark after."""
    before = [m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)]
    after = CLAUSE_BREAK.search(sentence, end)
    left = max([0, *before], key=int)
    right = after.start() if after else len(sentence)
    if after and after.group().strip() in ".!?":
        right = after.end()
    return max(left, start - CLAUSE_MAX_SIDE), min(right, end + CLAUSE_MAX_SIDE)


def clause_around(sentence: str | None, quote: str | None) -> tuple[str, str, str]:
    """(before, quote, after): the quote with the rest of its clause around it, on one line; the quote
    alone when the sentence does not hold it."""
    quote = quote or ""
    found = (sentence or "").find(quote) if quote else -1
    if found < 0:
        return "", one_line(quote), ""
    left, right = clause_bounds(sentence, found, found + len(quote))
    before, after = sentence[left:found], sentence[found + len(quote) : right]
    space_before = " " if before[-1:].isspace() and before.strip() else ""
    return (
        ("…" if left > 0 else "") + one_line(before) + space_before,
        one_line(quote),
        (" " if after[:1].isspace() else "")
        + one_line(after).rstrip()
        + ("…" if right < len(sentence) else ""),
    )
