"""Derived tables: what the published pages read, kept up to date as facts are loaded, not computed per
request.

Every fact in one table (``facts``), the caseload timeline, each kind with its sources, the claims beside the
official record and the per-council summary were views; at a million facts a view recomputed on every request
(and counted, and faceted) no longer answers within Datasette's time limit. Each is now a table, defined once
in :data:`DERIVED` by the SQL of its rows, the key its rows are refreshed by, and the indexes its pages and
queries need:

- ``document_id``: when a document's facts are swapped in (db/load.py, in the same transaction), its rows are
  deleted and selected again (:func:`refresh_documents`), then the summary rows of every council it named
  before or names now (:func:`refresh_councils`);
- ``official``: rebuilt whole when the official record is imported (:func:`refresh_official`); the claims and
  the summary read the official tables too, so they are rebuilt then as well;
- ``totals``: counts over every document (``candidate_reasons``, ``fact_totals``), kept by taking away a
  document's rows before they are replaced and adding them after (:func:`count_rows`), so that no page counts
  a million rows to show them (the facets of the ``facts`` and ``candidates`` pages read them, db/facets.py).

A table whose definition (SQL or indexes) changed since it was built is rebuilt when the database is next
opened (:func:`ensure_current`, by signature). :func:`reindex` (``casewatch reindex``) drops and rebuilds
every derived table and its indexes from the fact and official tables, for a database restored from a backup
or filled by other tools; it gives the same rows as loading document by document.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from extractors.kinds import KIND_NAMES, KINDS

from . import claims, publish

# The condition a refresh puts on a derived table's key ({t}): its values are the JSON array bound to :ids.
ONLY_IDS = "{t} IN (SELECT value FROM json_each(:ids))"


@dataclass(frozen=True)
class DerivedTable:
    name: str
    sql: Callable[[str], str]  # the SELECT of its rows, given a condition on its key ("1": every row)
    key: str  # "document_id" (per document), "code" (per council), "official" (rebuilt whole) or "totals"
    indexes: tuple = ()
    reads_official: bool = False  # rebuilt when the official record is imported
    # Totals (key "totals"): the rows of ``totals_of`` counted by the ``unique`` columns into the ``counts``
    # columns (the first: its rows), kept by adding and taking away each document's (:func:`count_rows`).
    unique: tuple = ()
    counts: tuple = ()
    totals_of: str | None = None

    @functools.cached_property
    def refresh_sql(self) -> str:
        """Its rows for the keys bound to ``:ids``, inserted (built once: loading runs it per document)."""
        return f"INSERT INTO [{self.name}] {self.sql(ONLY_IDS)}"

    @functools.cached_property
    def add_sql(self) -> tuple[str, ...]:
        """For a totals table: add ``:sign`` times the counts of the documents bound to ``:ids`` to the totals
        already there, insert new ones, drop those left at nothing. Rows match with ``IS``, so a total whose
        value is NULL (a fact of no council) is one row, which a unique index would not ensure."""
        counted = f"({self.sql(ONLY_IDS)}) AS d"
        same = " AND ".join(f"t.[{column}] IS d.[{column}]" for column in self.unique)
        added = ", ".join(f"[{column}] = t.[{column}] + :sign * d.[{column}]" for column in self.counts)
        columns = ", ".join(f"[{column}]" for column in (*self.unique, *self.counts))
        values = ", ".join([*(f"d.[{c}]" for c in self.unique), *(f":sign * d.[{c}]" for c in self.counts)])
        return (
            f"UPDATE [{self.name}] AS t SET {added} FROM {counted} WHERE {same}",
            f"INSERT INTO [{self.name}] ({columns}) SELECT {values} FROM {counted}"
            f" WHERE NOT EXISTS (SELECT 1 FROM [{self.name}] AS t WHERE {same})",
            f"DELETE FROM [{self.name}] WHERE [{self.counts[0]}] = 0",
        )


# Indexes the council summary reads through (db/publish.py council_summary_sql), covering its columns.
SUMMARY_INDEXES = {
    "ratings": (("council_code", "scope", "period", "as_of", "published", "id"),),
    "funding": (("council_code", "amount_gbp"),),
}


def with_sources(kind) -> DerivedTable:
    indexes = {
        ("document_id",),
        ("council",),
        *kind.indexed,
        *((facet,) for facet in kind.facets),
        ("council_code", "published", "document_id", "id"),  # a council page's newest facts
        *SUMMARY_INDEXES.get(kind.name, ()),
    }
    return DerivedTable(
        f"{kind.name}_with_sources",
        functools.partial(publish.with_sources_sql, kind),
        "document_id",
        tuple(sorted(indexes)),
    )


# In the order they are built: a table reads only the tables before it.
DERIVED = (
    DerivedTable(
        "official_inspections",
        claims.official_inspections_sql,
        "official",
        (("council_code", "scope", "inspection_date"), ("scope",), ("judgement",)),
        reads_official=True,
    ),
    DerivedTable(
        "official_latest_ratings",
        claims.latest_ratings_sql,
        "official",
        (("council_code", "scope"), ("scope",), ("judgement",)),
        reads_official=True,
    ),
    DerivedTable(
        "facts",
        publish.facts_sql,
        "document_id",
        (
            ("document_id",),
            ("kind", "fact_id"),
            ("council_code", "kind", "document_id"),
            ("council_code", "published"),
            ("council", "published", "fact_id"),
            ("published", "fact_id"),
            ("extracted_at", "published", "kind", "fact_id"),
            ("source_kind",),
        ),
    ),
    DerivedTable(
        "caseload_timeline",
        publish.caseload_timeline_sql,
        "document_id",
        (
            ("document_id",),
            ("council_code", "measure", "as_of", "published", "fact_id"),
            ("council_code", "as_of"),
            ("council", "measure", "as_of"),
            ("measure", "as_of", "value"),
            ("as_of",),
            ("value",),
            ("as_of_from",),
            ("source_kind",),
        ),
    ),
    *(with_sources(kind) for kind in KINDS),
    DerivedTable(
        "caseload_claims_vs_official",
        claims.caseload_claims_sql,
        "document_id",
        (
            ("document_id",),
            ("claim_id",),
            ("council_code", "claim_date"),
            # official_caseload_rose_while_claimed_fell (metadata.yaml) reads these alone
            (
                "council_code",
                "measure",
                "role",
                "official_as_of",
                "claim_date",
                "claim_id",
                "claimed",
                "days_apart",
                "official_caseload_fte",
            ),
            ("disagrees", "claim_date", "claim_id"),
            ("claim_date", "claim_id"),
            ("comparable",),
            ("measure",),
        ),
        reads_official=True,
    ),
    DerivedTable(
        "rating_claims_vs_official",
        claims.rating_claims_sql,
        "document_id",
        (
            ("document_id",),
            ("claim_id",),
            ("council_code", "claim_date"),
            ("disagrees", "claim_date", "claim_id"),
            ("claim_date", "claim_id"),
            ("claimed_scope",),
            ("claimed_period",),
        ),
        reads_official=True,
    ),
    DerivedTable(
        "council_documents",
        publish.council_documents_sql,
        "document_id",
        (("document_id",), ("council_code", "facts", *KIND_NAMES)),
    ),
    DerivedTable("council_summary", publish.council_summary_sql, "code", (("code",),), reads_official=True),
    # Totals over every document: each document's counts added when its rows go in, taken away when they go
    # (count_rows). The Datasette plugin's facets of the counted table read them (db/facets.py).
    DerivedTable(
        "candidate_reasons",
        publish.candidate_reasons_sql,
        "totals",
        (("candidates",), ("kind",)),
        unique=("kind", "reason"),
        counts=("candidates", "documents"),
        totals_of="candidates",
    ),
    DerivedTable(
        "fact_totals",
        publish.fact_totals_sql,
        "totals",
        counts=("facts",),
        unique=publish.FACT_FACETS,
        totals_of="facts",
    ),
)

DERIVED_NAMES = tuple(table.name for table in DERIVED)


def tables_keyed_by(key: str) -> list[DerivedTable]:
    return [table for table in DERIVED if table.key == key]


def delete_and_select(db, table: DerivedTable, ids: list):
    """Replace the rows of ``table`` whose key is in ``ids`` by what its SQL selects for them now."""
    bound = {"ids": json.dumps(ids)}
    db.execute(f"DELETE FROM [{table.name}] WHERE {ONLY_IDS.format(t=table.key)}", bound)
    db.execute(table.refresh_sql, bound)


def councils_of(db, document_ids: list) -> set:
    sql = f"SELECT DISTINCT council_code FROM facts WHERE {ONLY_IDS.format(t='document_id')}"
    return {row[0] for row in db.execute(sql, {"ids": json.dumps(document_ids)})} - {None}


def refresh_documents(db, document_ids: list):
    """The derived rows of ``document_ids`` (a document and the older versions it replaces) after their facts
    changed, and the summary of every council they named before or name now. In the caller's transaction."""
    named_before = councils_of(db, document_ids)
    count_rows(db, "facts", document_ids, -1)
    for table in tables_keyed_by("document_id"):
        delete_and_select(db, table, document_ids)
    count_rows(db, "facts", document_ids, 1)
    refresh_councils(db, named_before | councils_of(db, document_ids))


def totals_of(counted: str) -> list[DerivedTable]:
    return [table for table in DERIVED if table.totals_of == counted]


def count_rows(db, counted: str, document_ids: list, sign: int):
    """Add (``sign`` 1) or take away (-1) the rows of ``document_ids`` in table ``counted`` to or from the
    totals kept of it: around the replacing of a document's rows (its candidates in the loader, its facts in
    :func:`refresh_documents`)."""
    bound = {"ids": json.dumps(document_ids), "sign": sign}
    for table in totals_of(counted):
        for sql in table.add_sql:
            db.execute(sql, bound)


def refresh_councils(db, codes):
    for table in tables_keyed_by("code"):
        delete_and_select(db, table, sorted(codes))


def rebuild(db, table: DerivedTable):
    """Every row of ``table`` selected again (its indexes kept)."""
    db.execute(f"DELETE FROM [{table.name}]")
    db.execute(f"INSERT INTO [{table.name}] {table.sql('1')}")


def refresh_official(db):
    """After an import of the official record: the tables that read it, whole."""
    for table in DERIVED:
        if table.reads_official:
            rebuild(db, table)


def refresh_summary(db):
    """After councils were added to the lookup: every council's summary row."""
    for table in tables_keyed_by("code"):
        rebuild(db, table)


def create(db, table: DerivedTable):
    """``table`` dropped (a view of that name too, as databases before migration 140 had) and built afresh,
    with its indexes and the signature of its definition."""
    kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", [table.name]).fetchone()
    if kind:
        db.execute(f"DROP {kind[0].upper()} [{table.name}]")
    db.execute(f"CREATE TABLE [{table.name}] AS {table.sql('1')}")
    for columns in table.indexes:
        db[table.name].create_index(list(columns), if_not_exists=True)
    if table.unique:
        db[table.name].create_index(list(table.unique), unique=True, if_not_exists=True)
    record = "INSERT OR REPLACE INTO _derived_tables (name, signature) VALUES (?, ?)"
    db.execute(record, [table.name, signature(table)])


def signature(table: DerivedTable) -> str:
    """A digest of what defines ``table``: its SQL and its indexes."""
    return hashlib.sha256(f"{table.sql('1')}\n{table.indexes}".encode()).hexdigest()[:16]


def recorded_signatures(db) -> dict:
    db.execute("CREATE TABLE IF NOT EXISTS _derived_tables (name TEXT PRIMARY KEY, signature TEXT)")
    return dict(db.execute("SELECT name, signature FROM _derived_tables").fetchall())


def outdated(db) -> list[DerivedTable]:
    """The derived tables built from another definition than today's (or never built, or dropped since), and
    every table after the first of them (a later table may read it)."""
    recorded, present = recorded_signatures(db), set(db.table_names())
    changed = [
        i
        for i, table in enumerate(DERIVED)
        if recorded.get(table.name) != signature(table) or table.name not in present
    ]
    return list(DERIVED[changed[0] :]) if changed else []


def ensure_current(db) -> list[str]:
    """Rebuild the derived tables whose definition changed since they were built (as ``open_db`` does on every
    open, after the migrations); returns their names."""
    tables = outdated(db)
    with db.atomic():
        for table in tables:
            create(db, table)
    return [table.name for table in tables]


def reindex(db) -> dict:
    """Drop and rebuild every derived table and its indexes from the fact and official tables, in one
    transaction. Returns each table's row count. (No ``ANALYZE``: the queries are written for their indexes,
    and a database loaded document by document, which has no statistics, is planned the same way.)"""
    recorded_signatures(db)
    with db.atomic():
        for table in DERIVED:
            create(db, table)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # into the database file: the log held all of it (GBs)
    return {table.name: db[table.name].count for table in DERIVED}


def m140_derived_tables(db):
    """The publishing views become derived tables (this module's docstring says why); the tables that grow
    get an index for each facet of their pages (``publish.INDEXED``)."""
    recorded_signatures(db)
    for table in DERIVED:
        create(db, table)
    publish.create_indexes(db)
