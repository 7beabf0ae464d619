"""Table pages at national scale (db/table_pages.py): a search of the documents in their own order gives the
rows Datasette's own search gives, in the same order and pages, read through the index of that order;
searches and next pages come without totals; a next page is read through its order's index.

The database is the demo's (the bundled samples through the real pipeline), built once.
"""

import asyncio
import datetime

import pytest
from sqlite_utils.utils import sqlite3

from db import table_pages
from db.database import open_db
from db.datasette_plugin import casewatch_datasette
from db.site_metadata import analyze_page_orders, page_order_indexes
from db.table_pages import MATCHES_SQL, searched_in_order, without_totals
from pipeline.extract import run_extraction

WORDS = ["caseload", "social workers", "Ofsted", "inadequate", "zebra"]


@pytest.fixture(scope="module")
def datasette(demo_path):
    return casewatch_datasette(demo_path)


def get(datasette, path: str):
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize(
    "path,query_string,expected",
    [
        ("/casewatch/documents", "_search=caseload", "_fulltext=caseload"),
        ("/casewatch/documents.json", "_search=social+workers&_size=5", "_size=5&_fulltext=social+workers"),
        ("/casewatch/documents", "_fulltext=old&_search=new", "_fulltext=new"),
        ("/casewatch/documents", "_search=a&_searchmode=raw", "_searchmode=raw&_fulltext=a"),
        ("/casewatch/documents", "_search=%C2%A35m", "_fulltext=%C2%A35m"),
        ("/casewatch/documents", "_fulltext=old", None),
        ("/casewatch/documents", "_search=", None),
        ("/casewatch/documents", "_search_title=caseload", None),
        ("/casewatch/recommendations", "_search=supervision", None),
        ("/casewatch/documents/4", "_search=caseload", None),
    ],
)
def test_a_search_of_the_documents_is_renamed_for_the_filter(path, query_string, expected):
    renamed = searched_in_order(path, query_string.encode())
    assert renamed == (expected.encode() if expected else None)


def page_ids(datasette, path: str) -> list:
    """Every row's id, page after page (``next_url``)."""
    ids = []
    while path:
        page = get(datasette, path).json()
        ids += [row["id"] for row in page["rows"]]
        path = page["next_url"] and page["next_url"].removeprefix("http://localhost")
    return ids


@pytest.mark.parametrize("words", WORDS)
def test_the_search_gives_datasettes_rows_in_its_order_and_pages(datasette, monkeypatch, words):
    path = f"/casewatch/documents.json?_search={words}&_size=3&_col=title&_shape=objects"
    ours = page_ids(datasette, path)
    monkeypatch.setattr(table_pages, "SEARCHED_IN_ORDER", set())
    datasettes = page_ids(datasette, path)
    assert ours == datasettes
    assert ours or words == "zebra"


def test_the_page_shows_the_search_and_a_new_one_replaces_it(datasette):
    page = get(datasette, "/casewatch/documents?_search=caseload").text
    assert 'name="_search" value="caseload"' in page
    assert "search matches &#34;caseload&#34;" in page
    again = get(datasette, "/casewatch/documents.json?_fulltext=caseload&_search=zebra").json()
    assert again["rows"] == []


def test_the_search_walks_the_index_of_the_pages_order(demo_path):
    conn = sqlite3.connect(demo_path)
    conn.create_function("escape_fts", 1, lambda words: words)
    clause = MATCHES_SQL.format(fts="documents_fts", words="escape_fts(:fulltext)")
    sql = f"SELECT * FROM documents WHERE {clause} ORDER BY published DESC LIMIT 101"
    plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", {"fulltext": "caseload"})]
    assert any("USING INDEX idx_documents_published" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


@pytest.mark.parametrize(
    "query_string,expected",
    [
        ("_search=caseload", "_search=caseload&_nocount=1&_nofacet=1"),
        ("_fulltext=caseload&_size=20", "_fulltext=caseload&_size=20&_nocount=1&_nofacet=1"),
        ("_next=2025-01-02%2C7&_sort_desc=published", "_next=2025-01-02%2C7&_sort_desc=published&_nofacet=1"),
        ("_next=100&_facet=kind", None),
        ("_search=caseload&_facet=source_kind", None),
        ("kind=ratings&_sort=as_of", None),
        ("", None),
    ],
)
def test_searches_and_next_pages_come_without_totals(query_string, expected):
    lighter = without_totals(query_string.encode())
    assert lighter == (expected.encode() if expected else None)


def test_a_next_page_lists_rows_without_facets_and_keeps_the_count(datasette):
    first = get(datasette, "/casewatch/caseloads_with_sources.json?_size=5").json()
    assert first["facet_results"] and first["next_url"]
    second = get(datasette, first["next_url"].removeprefix("http://localhost")).json()
    assert second["rows"] and not second["facet_results"]
    assert second["filtered_table_rows_count"] == first["filtered_table_rows_count"]


def test_an_extraction_run_leaves_statistics_of_the_page_orders_alone(demo_path):
    db = open_db(demo_path)
    analyzed = {row[0] for row in db.execute("SELECT idx FROM sqlite_stat1")}
    assert analyzed == set(page_order_indexes(db))
    assert "idx_documents_published" in analyzed


def test_a_run_with_nothing_to_extract_leaves_the_statistics_as_they_were(demo_path, tmp_path):
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        open_db(demo_path).conn.backup(copy)
        copy.execute("DELETE FROM sqlite_stat1")
    db = open_db(tmp_path / "copy.db")
    assert run_extraction(db)["documents_processed"] == 0
    assert db.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] == 0


# Datasette 0.65's SQL for the second page of a table sorted newest first (views/table.py): the rows after the
# last one shown, whose sort value may be NULL.
NEXT_PAGE_SQL = """SELECT * FROM documents
WHERE (published < :p0 OR published IS NULL OR (published = :p0 AND ((id > :p1))))
ORDER BY published DESC, id LIMIT 101"""


def plan_of_next_page(db) -> list[str]:
    cursor = {"p0": "2024-12-20", "p1": 5}
    return [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {NEXT_PAGE_SQL}", cursor)]


def has_stat4(db) -> bool:
    return any("STAT4" in row[0] for row in db.execute("PRAGMA compile_options"))


def test_a_next_page_is_read_through_its_orders_index(demo_path, tmp_path):
    """Three thousand documents over ten years: once the page order's index has statistics, SQLite reads the
    second page through it instead of gathering and sorting every document after the first page."""
    db = open_db(demo_path)
    if not has_stat4(db):
        pytest.skip("this SQLite keeps no STAT4 statistics (pysqlite3-binary brings them)")
    with sqlite3.connect(tmp_path / "many.db") as copy:
        db.conn.backup(copy)
        copy.execute("DELETE FROM sqlite_stat1")  # as a database loaded before statistics were kept
        copy.execute("DELETE FROM sqlite_stat4")
    many = open_db(tmp_path / "many.db")
    days = [datetime.date(2015, 1, 1) + datetime.timedelta(days=n) for n in range(0, 3650, 3)]
    many["documents"].insert_all(
        {"sha256": f"{n:064x}", "source_kind": "news", "published": day.isoformat()}
        for n, day in enumerate(days * 3)
    )
    assert plan_of_next_page(many)[0] == "MULTI-INDEX OR"  # every row after the first page, then sorted
    analyze_page_orders(many)
    assert plan_of_next_page(many)[0] == "SCAN documents USING INDEX idx_documents_published"
