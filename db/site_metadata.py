"""The site's metadata: ``metadata.yaml`` with the fact tables described from the kind registry, and the
statistics of the indexes its table pages are listed in. Kept apart from the Datasette plugin (which reads it)
so that the pipeline can refresh those statistics after a run without importing Datasette."""

from pathlib import Path

import yaml

from extractors.kinds import KIND_NAMES, KINDS

from .derived import DERIVED

METADATA = Path(__file__).resolve().parent / "metadata.yaml"
DEFAULT_DATABASE = "casewatch"
WITH_SOURCES = "_with_sources"
TOTALS_FACET = "totals"  # a facet read from kept totals (db/facets.py)

# The totals kept of a table's rows, by the table counted.
KEPT_TOTALS = {table.totals_of: table for table in DERIVED if table.totals_of}


def totals_facets(table: str) -> list[dict]:
    """The facets of ``table`` (metadata): a column facet read from the kept totals for each column they
    count by; none for a table without kept totals."""
    totals = KEPT_TOTALS.get(table)
    return [{TOTALS_FACET: column} for column in totals.unique] if totals else []


def kind_table(kind) -> dict:
    """A fact table's metadata, from its kind's declaration: description, default sort and facets, columns."""
    sort = {"sort_desc": kind.sort_desc} if kind.sort_desc else {}
    return {
        "description": kind.description,
        **sort,
        "facets": list(kind.facets),
        "columns": kind.column_descriptions(),
    }


def with_sources_table(kind) -> dict:
    """The metadata of a kind's ``<kind>_with_sources`` view (what its table's CSV and JSON answer)."""
    search = {"fts_table": f"{kind.name}_fts", "fts_pk": "id"} if kind.searchable else {}
    sort = {"sort_desc": kind.sort_desc} if kind.sort_desc else {}
    return {
        "description": f"{kind.description} With the source of each: the document's title, published "
        "date and URL, and the evidence page (the table's CSV and JSON export this).",
        **sort,
        **search,
        "facets": ["council" if facet == "council_code" else facet for facet in kind.facets],
        "columns": {
            **kind.column_descriptions(),
            "evidence": "The page showing the document with the quote highlighted.",
            "council": "The council's name.",
            "document": "Title of the document the fact was read in.",
            "published": "The document's publication date.",
            "url": "Where the document was published (its source URL).",
        },
    }


def load_metadata(database: str = DEFAULT_DATABASE) -> dict:
    """``metadata.yaml`` with the fact tables described from the kind registry (``{fact_kinds}`` in its text
    is their list), for a database served under another name than ``casewatch``."""
    text = METADATA.read_text(encoding="utf-8").replace("{fact_kinds}", ", ".join(KIND_NAMES))
    metadata = yaml.safe_load(text)
    metadata["databases"][DEFAULT_DATABASE]["tables"].update({kind.name: kind_table(kind) for kind in KINDS})
    metadata["databases"][DEFAULT_DATABASE]["tables"].update(
        {f"{kind.name}{WITH_SOURCES}": with_sources_table(kind) for kind in KINDS}
    )
    for table in KEPT_TOTALS:
        metadata["databases"][DEFAULT_DATABASE]["tables"][table]["facets"] = totals_facets(table)
    databases = metadata.get("databases", {})
    if DEFAULT_DATABASE in databases:
        databases[database] = databases.pop(DEFAULT_DATABASE)
        introduction = databases[database].get("description_html", "")
        databases[database]["description_html"] = introduction.replace(
            f"/{DEFAULT_DATABASE}/", f"/{database}/"
        )
    for dashboard in metadata.get("plugins", {}).get("datasette-dashboards", {}).values():
        for part in [*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()]:
            if part.get("db") == DEFAULT_DATABASE:
                part["db"] = database
    return metadata


def page_order_indexes(db) -> list[str]:
    """The indexes of the table pages' orders: those whose first column is the column a table's page sorts
    by (its metadata's ``sort`` or ``sort_desc``)."""
    tables, present = load_metadata()["databases"][DEFAULT_DATABASE]["tables"], set(db.table_names())
    orders = {
        name: spec.get("sort") or spec.get("sort_desc") for name, spec in tables.items() if name in present
    }
    return sorted(
        index.name
        for table, column in orders.items()
        for index in db[table].indexes
        if index.columns[0] == column
    )


def analyze_page_orders(db):
    """Statistics of the indexes of the table pages' orders (``ANALYZE``, theirs alone: other queries keep
    the plans they were written for). With them SQLite reads a next page through its order's index; without,
    a page sorted newest first reads and sorts every row after it (db/table_pages.py)."""
    for name in page_order_indexes(db):
        db.execute(f"ANALYZE [{name}]")
