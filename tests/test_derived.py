"""Derived tables (db/derived.py): what loading keeps equals a rebuild from the fact and official tables, a
database filled in SQL gets them from ``casewatch reindex``, and the heavy pages' queries read them through
indexes.

The database is the demo's (the bundled samples through the real pipeline, the bundled official record), built
once; each test that changes it works on a copy.
"""

import re
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.utils import escape_fts

from db.database import open_db
from db.datasette_plugin import load_metadata
from db.derived import DERIVED, DERIVED_NAMES, reindex
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


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("derived")
    path = folder / "casewatch.db"
    result = CliRunner().invoke(
        cli, ["demo", "--no-serve", "--db", str(path), "--data-dir", str(folder / "data")]
    )
    assert result.exit_code == 0, result.output
    return path


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
    db = open_db(demo_path)
    first_columns = {index.columns[0] for index in db[table].indexes}
    assert facet in first_columns
