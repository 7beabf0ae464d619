"""Table pages at national scale: a search in the page's order, searches and next pages without totals.

Datasette searches a table with ``rowid IN (SELECT rowid FROM <fts> WHERE <fts> MATCH :search)``. SQLite
takes that list for a few row ids to look up (it guesses 25), so a word found in most of a hundred thousand
documents means reading and sorting every one of them, rows of several kB, to show the newest hundred:
100 ms with the pages in memory, past Datasette's 1 s limit without. Written ``+rowid IN (...)`` the list is
only tested, and SQLite walks the index of the page's order (``documents`` by ``published``) until the page
is full: 10 ms. A word in a few documents walks the whole index, about as long. So a search of a table in
:data:`SEARCHED_IN_ORDER` arrives renamed (:func:`searched_in_order`: Datasette adds its own clause for any
``_search…`` argument) and :func:`search_filter` adds the clause (escaped, or raw with ``_searchmode=raw``
as in Datasette). A search of one column (``_search_title=``) is left to Datasette.

A next page (``_next=``) comes without facets (:func:`without_totals`): Datasette would count its facets over
the rows after the page's first, every remaining row of the table on the second page of a million; the first
page shows the table's facets. Its order is read through the sort column's index once that index has
statistics (:func:`analyze_page_orders`).
"""

import re
from urllib.parse import parse_qsl, urlencode

from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite

# Tables whose pages sort by an indexed column and whose rows are large.
SEARCHED_IN_ORDER = {"documents"}
SEARCH = "_search"
IN_ORDER = "_fulltext"  # not ``_search…``, which Datasette would take for a search of a column
TABLE_PATH = re.compile(r"^/[^/]+/(?P<table>[^/.]+)(\.(json|csv))?$")

MATCHES_SQL = "+rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {words})"


def searched_in_order(path: str, query_string: bytes) -> bytes | None:
    """The query string of a search of a table in :data:`SEARCHED_IN_ORDER`, its words as ``_fulltext``
    (a new search replacing the one the page's filter form carries along); None for any other request."""
    match = TABLE_PATH.match(path)
    if not match or match["table"] not in SEARCHED_IN_ORDER:
        return None
    args = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    words = [value for key, value in args if key == SEARCH and value]
    if len(words) != 1:
        return None
    kept = [(key, value) for key, value in args if key not in (SEARCH, IN_ORDER)]
    return urlencode([*kept, (IN_ORDER, words[0])]).encode("latin-1")


async def search_filter(request, database: str, table: str, datasette) -> FilterArguments | None:
    """The clause of a search in the page's order, as Datasette describes a search (its box keeps the
    words)."""
    words = request.args.get(IN_ORDER)
    fts = words and await datasette.get_database(database).fts_table(table)
    if not fts:
        return None
    raw = request.args.get("_searchmode") == "raw"
    return FilterArguments(
        [MATCHES_SQL.format(fts=escape_sqlite(fts), words=":fulltext" if raw else "escape_fts(:fulltext)")],
        {"fulltext": words},
        [f'search matches "{words}"'],
        {"search": words},
    )


def without_totals(query_string: bytes) -> bytes | None:
    """A table search answered without its row count and facets, and a next page without facets, unless a
    facet is asked for (``_facet=``): a common word matches most of a hundred thousand documents while the
    page shows the newest hundred (**Search documents** ranks them), and a next page's facets would count
    every row after it."""
    args = [key for key, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)]
    searching = any(arg == IN_ORDER or (arg.startswith(SEARCH) and arg != "_searchmode") for arg in args)
    if any(arg.startswith("_facet") for arg in args):
        return None
    if searching:
        return query_string + b"&_nocount=1&_nofacet=1"
    return query_string + b"&_nofacet=1" if "_next" in args else None
