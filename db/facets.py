"""Facets of the tables that grow with the corpus, read from the totals kept as documents load.

A facet counts a table page's rows by the values of a column. Over a million facts each facet of the
``facts`` table is a grouping query of 100 ms or more, on every visit, and more once a value is chosen. The
loader keeps those counts (``fact_totals``, ``candidate_reasons``: db/derived.py), so while a page shows the
whole table, or narrows it only to values of the columns counted (``?kind=ratings&council=Leeds``), a facet
reads them; narrowed any other way (a search, another filter, a next page) it counts the rows as Datasette's
column facet does. Tables with kept totals declare these facets (type ``totals``, db/site_metadata.py) in
place of their column facets; the page shows them as column facets.
"""

import urllib.parse

from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from .site_metadata import KEPT_TOTALS, TOTALS_FACET

# Query arguments that change how a page shows its rows, not which rows (any ``_facet…`` too).
DISPLAY_ARGUMENTS = {"_sort", "_sort_desc", "_size", "_nocount", "_nofacet", "_labels", "_nolabels", "_col"}
DISPLAY_ARGUMENTS |= {"_nocol", "_trace", "_context", "_shape", "_json", "_extra", "_stream", "_dl"}

TOTALS_SQL = """SELECT {column} AS value, sum({count}) AS count FROM {totals}
WHERE {column} IS NOT NULL{filters}
GROUP BY {column} ORDER BY count DESC, value LIMIT :limit"""


def counted_filters(query_string: str, counted_by: tuple) -> dict | None:
    """The page's filters when each is one value of a column in ``counted_by`` (``column=value`` or
    ``column__exact=value``) and nothing else narrows its rows; else None."""
    filters = {}
    for key, values in urllib.parse.parse_qs(query_string, keep_blank_values=True).items():
        if key in DISPLAY_ARGUMENTS or key.startswith("_facet"):
            continue
        column = key.removesuffix("__exact")
        if column not in counted_by or len(values) != 1 or column in filters:
            return None
        filters[column] = values[0]
    return filters


class TotalsFacet(ColumnFacet):
    type = TOTALS_FACET

    async def facet_results(self):
        filters = self.counted_filters()
        if filters is None:
            results, timed_out = await super().facet_results()
        else:
            results = [await self.totals_result(config, filters) for config in self.get_configs()]
            timed_out = []
        return [{**result, "type": ColumnFacet.type} for result in results], timed_out

    def counted_filters(self) -> dict | None:
        """The filters the kept totals can answer, if the table has them and they can: Datasette's query
        binds one parameter per filter (anything else it added would show as another)."""
        totals = KEPT_TOTALS.get(self.table)
        filters = totals and counted_filters(self.request.query_string, totals.unique)
        return filters if filters is not None and len(self.params) == len(filters) else None

    async def totals_result(self, config: dict, filters: dict) -> dict:
        column = config["config"].get("column") or config["config"]["simple"]
        totals = KEPT_TOTALS[self.table]
        narrowed = "".join(f" AND {escape_sqlite(name)} = :f{i}" for i, name in enumerate(filters))
        sql = TOTALS_SQL.format(
            column=escape_sqlite(column), count=totals.counts[0], totals=totals.name, filters=narrowed
        )
        size = self.get_facet_size()
        params = {"limit": size + 1, **{f"f{i}": value for i, value in enumerate(filters.values())}}
        rows = (await self.ds.execute(self.database, sql, params)).rows
        return {
            "name": column,
            "hideable": config["source"] != "metadata",
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": [self.facet_value(column, row) for row in rows[:size]],
            "truncated": len(rows) > size,
        }

    def facet_value(self, column: str, row) -> dict:
        """A value of the facet, its link narrowing the page to it, or widening it again once chosen (as
        ``column=value``: Datasette's column facet does not take ``column__exact=value`` for chosen)."""
        selected = (column, str(row["value"])) in self.get_querystring_pairs()
        if selected:
            path = path_with_removed_args(self.request, {column: str(row["value"])})
        else:
            path = path_with_added_args(self.request, {column: row["value"]})
        return {
            "value": row["value"],
            "label": row["value"],
            "count": row["count"],
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
            "selected": selected,
        }
