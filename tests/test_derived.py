"""Derived tables (db/derived.py): what loading keeps equals a rebuild from the fact and official tables, a
database filled in SQL gets them from ``casewatch reindex``, and the heavy pages' queries read them through
indexes.

The database is the demo's (the bundled samples through the real pipeline, the bundled official record), built
once; each test that changes it works on a copy.
"""

import asyncio
import re

import pytest
from click.testing import CliRunner
from datasette.utils import escape_fts
from sqlite_utils.utils import sqlite3

from db.database import open_db
from db.datasette_plugin import casewatch_datasette, load_metadata
from db.derived import DERIVED, DERIVED_NAMES, reindex
from db.facets import KEPT_TOTALS, counted_filters
from db.load import replace_document_facts
from db.official import import_bundled
from extractors.kinds import KIND_NAMES
from pipeline.bench_site import TYPICAL_PARAMETERS, sql_parameters
from pipeline.cli import cli

# The tables a page must never read row by row in full, nor sort whole: they grow with the documents.
GROWING_TABLES = {
    "documents",
    "candidates",
    *KIND_NAMES,
    *(table.name for table in DERIVED if table.key == "document_id"),
}


@pytest.fixture
def demo_copy(demo_path, tmp_path):
    """A copy of the demo database, its write-ahead log included (SQLite's backup)."""
    path = tmp_path / "copy.db"
    with sqlite3.connect(demo_path) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    return path


def snapshot(db) -> dict:
    """table -> its rows, sorted (row order and rowids are not part of what a derived table says)."""
    return {
        name: sorted((tuple(row) for row in db.execute(f"SELECT * FROM [{name}]")), key=repr)
        for name in DERIVED_NAMES
    }


def test_the_demo_has_rows_in_every_derived_table_of_facts(demo_path):
    db = open_db(demo_path)
    empty = [table.name for table in DERIVED if not db[table.name].count]
    assert empty == []
    assert db["facts"].count == sum(db[kind].count for kind in KIND_NAMES) > 0


def test_loading_keeps_the_derived_tables_equal_to_a_rebuild(demo_copy):
    db = open_db(demo_copy)
    loaded = snapshot(db)
    reindex(db)
    assert snapshot(db) == loaded


def test_a_reextraction_and_a_new_version_keep_them_equal_to_a_rebuild(demo_copy):
    db = open_db(demo_copy)
    document_id, council = db.execute(
        "SELECT document_id, council_code FROM caseloads WHERE council_code IS NOT NULL LIMIT 1"
    ).fetchone()
    run_id = db.execute("SELECT max(id) FROM extraction_runs").fetchone()[0]
    fact = {"value": 31.0, "measure": "average", "council_code": council, "quote": "31 cases each"}
    fact.update(start=0, end=12, sentence="31 cases each.")
    replace_document_facts(db, document_id, {"caseloads": [fact]}, run_id, "test-version")
    newer_version = {"sha256": "f" * 64, "source_kind": "news", "version_of": document_id}
    newer = db["documents"].insert(newer_version).last_pk
    replace_document_facts(db, newer, {"ratings": []}, run_id, "test-version")
    loaded = snapshot(db)
    assert not db.execute("SELECT 1 FROM facts WHERE document_id = ?", [document_id]).fetchall()
    reindex(db)
    assert snapshot(db) == loaded


def test_an_official_import_after_the_facts_keeps_them_equal_to_a_rebuild(demo_copy):
    db = open_db(demo_copy)
    db.execute("UPDATE official_imports SET sha256 = 'earlier ' || sha256")  # so the files are imported again
    import_bundled(db)
    loaded = snapshot(db)
    reindex(db)
    assert snapshot(db) == loaded


FILLED_BY_SQL = (
    "councils",
    "documents",
    "extraction_runs",
    "run_documents",
    *KIND_NAMES,
    "candidates",
    "official_workforce",
    "official_ratings",
)


def test_reindex_gives_a_database_filled_in_sql_what_loading_gave(demo_path, tmp_path):
    """The fact and official tables copied by plain SQL into a new database: its derived tables are empty
    until ``casewatch reindex``, then equal the loaded database's."""
    path = tmp_path / "filled.db"
    open_db(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS loaded", [str(demo_path)])
    for table in FILLED_BY_SQL:
        conn.execute(f"DELETE FROM main.[{table}]")
        conn.execute(f"INSERT INTO main.[{table}] SELECT * FROM loaded.[{table}]")
    conn.commit()
    conn.close()
    assert open_db(path)["facts"].count == 0
    result = CliRunner().invoke(cli, ["reindex", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert re.search(r"facts [\d,]+", result.output)
    assert snapshot(open_db(path)) == snapshot(open_db(demo_path))


def canned_queries() -> dict:
    return load_metadata()["databases"]["casewatch"]["queries"]


def query_plan(db, sql: str) -> list[str]:
    params = {name: TYPICAL_PARAMETERS[name] for name in sql_parameters(sql)}
    return [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def reads_whole(step: str) -> str | None:
    """The growing table a query-plan step reads in full without an index, or sorts whole, if any."""
    match = re.match(r"SCAN (\w+)(.*)", step)
    if match and match[1] in GROWING_TABLES and "INDEX" not in match[2]:
        return match[1]
    return None


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_every_canned_query_reads_the_growing_tables_through_an_index(demo_path, name):
    sql = canned_queries()[name]["sql"]
    assert set(sql_parameters(sql)) <= set(TYPICAL_PARAMETERS), "give it a typical value"
    db = open_db(demo_path)
    db.conn.create_function("escape_fts", 1, escape_fts)  # as Datasette gives its connections
    plan = query_plan(db, sql)
    assert [step for step in plan if reads_whole(step)] == []


def dashboard_charts() -> dict:
    dashboards = load_metadata()["plugins"]["datasette-dashboards"]
    return {
        f"{name}/{chart_name}": chart["query"]
        for name, dashboard in dashboards.items()
        for chart_name, chart in dashboard["charts"].items()
    }


@pytest.mark.parametrize("name", sorted(dashboard_charts()))
@pytest.mark.parametrize("council", ["", "Cornwall"])
def test_every_dashboard_chart_reads_the_growing_tables_through_an_index(demo_path, name, council):
    sql = dashboard_charts()[name]
    sql = re.sub(r"\[\[(.*?)\]\]", (lambda m: m[1]) if council else "", sql, flags=re.S)
    plan = query_plan(open_db(demo_path), sql.replace(":council", f"'{council}'"))
    assert [step for step in plan if reads_whole(step)] == []


def metadata_facets() -> list[tuple]:
    tables = load_metadata()["databases"]["casewatch"]["tables"]
    return [(t, f) for t, meta in tables.items() if t in GROWING_TABLES for f in meta.get("facets", [])]


@pytest.mark.parametrize("table,facet", metadata_facets())
def test_every_facet_of_a_growing_table_has_an_index(demo_path, table, facet):
    """A column facet counts through an index; one of kept totals reads them, and counts through an index
    once the page is narrowed otherwise."""
    column = facet if isinstance(facet, str) else facet["totals"]
    if not isinstance(facet, str):
        assert column in KEPT_TOTALS[table].unique
    db = open_db(demo_path)
    first_columns = {index.columns[0] for index in db[table].indexes}
    assert column in first_columns


@pytest.mark.parametrize(
    "query_string,filters",
    [
        ("", {}),
        ("kind=ratings", {"kind": "ratings"}),
        ("kind__exact=ratings&council=Leeds", {"kind": "ratings", "council": "Leeds"}),
        ("council=&_sort=as_of&_size=20&_facet=kind&_nocount=1", {"council": ""}),
        ("kind=ratings&kind=funding", None),
        ("kind=ratings&kind__exact=funding", None),
        ("_search=caseload", None),
        ("_next=120", None),
        ("_where=fact_id>3", None),
        ("as_of__gte=2020", None),
        ("kind__contains=rat", None),
        ("document_id=4", None),
    ],
)
def test_the_kept_totals_answer_filters_on_the_columns_they_count(query_string, filters):
    assert counted_filters(query_string, ("kind", "council", "source_kind")) == filters


def facet_pages(db) -> list[str]:
    """Pages of the tables with kept totals: whole, narrowed to values of counted columns, and otherwise."""
    council = db.execute("SELECT council FROM facts GROUP BY council ORDER BY count(*) DESC").fetchone()[0]
    kind, reason = db.execute("SELECT kind, reason FROM candidates LIMIT 1").fetchone()
    return [
        "facts",
        "facts?kind=caseloads",
        f"facts?council={council}&kind__exact=ratings",
        "facts?source_kind=news&_sort=as_of",
        "facts?as_of__gte=2020",
        "facts?_next=20",
        "candidates",
        f"candidates?kind={kind}&reason={reason}",
        "candidates?char_start__gt=100",
    ]


def facets_of(datasette, database: str, page: str) -> dict:
    """The page's facets, each beside the same column's facet counted by Datasette (``_facet=``)."""
    columns = KEPT_TOTALS[page.split("?")[0]].unique
    asked = "".join(f"&_facet={column}" for column in columns)
    path = f"/{database}/{page.replace('?', '.json?', 1) if '?' in page else page + '.json?'}{asked}"
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, response.text
    results = response.json()["facet_results"]
    pairs = [sorted((results[column], results[f"{column}_2"]), key=hideable) for column in columns]
    return dict(zip(columns, pairs, strict=True))


def hideable(facet: dict) -> bool:
    return facet["hideable"]  # the metadata's (not hideable) first, the one asked for in the URL second


def test_facets_from_kept_totals_show_what_counting_the_rows_shows(demo_path):
    datasette = casewatch_datasette(demo_path)
    for page in facet_pages(open_db(demo_path)):
        for column, (kept, counted) in facets_of(datasette, demo_path.stem, page).items():
            assert kept["results"] == counted["results"], (page, column)
            assert kept["results"] or "=" in page, (page, column)
            assert (kept["type"], kept["truncated"]) == ("column", counted["truncated"])
            assert (kept["hideable"], counted["hideable"]) == (False, True)


def test_facets_of_the_whole_table_read_the_kept_totals(demo_copy):
    """Totals made wrong on purpose show on the whole table and on a page narrowed to a counted column's
    value; a page narrowed otherwise counts its rows."""
    db = open_db(demo_copy)
    one = "(SELECT min(rowid) FROM fact_totals WHERE kind = 'caseloads')"
    db.execute(f"UPDATE fact_totals SET facts = facts + 1000 WHERE rowid = {one}")
    db.conn.commit()
    datasette = casewatch_datasette(demo_copy)
    for page, shown in (("facts", True), ("facts?kind=caseloads", True), ("facts?as_of__gte=1900", False)):
        kind, counted = facets_of(datasette, demo_copy.stem, page)["kind"]
        caseloads = {value["value"]: value["count"] for value in kind["results"]}["caseloads"]
        truth = {value["value"]: value["count"] for value in counted["results"]}["caseloads"]
        assert (caseloads == truth + 1000) is shown, page
