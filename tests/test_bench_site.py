"""The site benchmark (pipeline/bench_site.py) at small scale: the database it builds, the pages it times, and
one run against a served database. Timings are never asserted: ``make bench-site`` measures them."""

import asyncio

import pytest

from db.database import open_db
from db.datasette_plugin import casewatch_datasette, load_metadata
from extractors.kinds import KIND_NAMES
from pipeline import bench_site

FACTS = 3000
BASE_DOCUMENTS = 150  # generated documents extracted for the pool (1,500 at full size)


@pytest.fixture(scope="module", params=["loader", "sql"])
def built(request, tmp_path_factory):
    path = tmp_path_factory.mktemp(f"bench_{request.param}") / "bench.db"
    bench_site.build_national_db(path, facts=FACTS, fill=request.param, base_documents=BASE_DOCUMENTS)
    return path


@pytest.fixture(scope="module")
def loader_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench_served") / "bench.db"
    bench_site.build_national_db(path, facts=FACTS, fill="loader", base_documents=BASE_DOCUMENTS)
    return path


def test_the_database_holds_the_facts_asked_for(built):
    assert bench_site.facts_in(open_db(built)) >= FACTS


def test_documents_are_distinct(built):
    db = open_db(built)
    documents, hashes, texts = db.execute(
        "SELECT count(*), count(DISTINCT sha256), count(DISTINCT text) FROM documents"
    ).fetchone()
    assert documents == hashes == texts > FACTS // 30


def test_every_council_has_facts(built):
    db = open_db(built)
    with_facts = {row[0] for row in db.execute("SELECT DISTINCT council_code FROM facts")}
    assert {c["code"] for c in bench_site.current_councils(db)} <= with_facts


def test_fact_keys_are_unique(built):
    db = open_db(built)
    for kind in KIND_NAMES:
        count, keys = db.execute(f"SELECT count(*), count(DISTINCT fact_key) FROM [{kind}]").fetchone()
        assert count == keys, kind


def test_offsets_still_point_at_the_quotes(built):
    """Joined base texts and the reference line added at the end leave every quote where its offsets say."""
    db = open_db(built)
    sql = (
        "SELECT count(*) FROM caseloads k JOIN documents d ON d.id = k.document_id "
        "WHERE substr(d.text, k.char_start + 1, k.char_end - k.char_start) != k.quote"
    )
    assert db.execute(sql).fetchone()[0] == 0


def test_numbers_are_jittered_and_councils_spread(built):
    db = open_db(built)
    values, councils = db.execute(
        "SELECT count(DISTINCT value), count(DISTINCT council_code) FROM caseloads"
    ).fetchone()
    assert values > 20 and councils > 100


def test_the_official_record_is_in(built):
    db = open_db(built)
    assert db.execute("SELECT count(*) FROM official_workforce").fetchone()[0] > 1000
    assert db.execute("SELECT count(*) FROM official_ratings").fetchone()[0] > 100


def test_a_database_built_with_the_same_parameters_is_reused(tmp_path, capsys, monkeypatch):
    path = tmp_path / "reuse.db"
    bench_site.ensure_database(path, 200, "loader", base_documents=60)
    monkeypatch.setattr(bench_site, "build_national_db", lambda *a, **k: pytest.fail("built again"))
    bench_site.ensure_database(path, 200, "loader", base_documents=60)
    assert "reusing" in capsys.readouterr().out


# --- the pages: derived from the metadata, so a new query, table, view or chart cannot be missed --------


@pytest.fixture(scope="module")
def pages(loader_db):
    return bench_site.site_pages(loader_db)


def names_of(pages, prefix):
    return {p.name.removeprefix(prefix) for p in pages if p.name.startswith(prefix)}


def test_every_canned_query_is_timed(pages, loader_db):
    queries = load_metadata(loader_db.stem)["databases"][loader_db.stem]["queries"]
    assert set(queries) and names_of(pages, "query ") == set(queries)


def test_every_table_and_view_datasette_lists_is_timed(pages, loader_db):
    """Against Datasette's own listing of the database (what its database page links to)."""
    datasette = casewatch_datasette(loader_db)
    listing = asyncio.run(datasette.client.get(f"/{loader_db.stem}.json")).json()
    tables = {t["name"] for t in listing["tables"] if not t["hidden"]}
    views = {v["name"] if isinstance(v, dict) else v for v in listing["views"]}
    assert tables and names_of(pages, "table ") == tables
    assert views and names_of(pages, "view ") == views


def test_every_dashboard_chart_is_timed_with_and_without_a_filter(pages):
    dashboards = load_metadata()["plugins"]["datasette-dashboards"]
    charts = {f"{slug}/{chart}" for slug, d in dashboards.items() for chart in d["charts"]}
    timed = {name.rsplit(" (", 1)[0] for name in names_of(pages, "chart ")}
    assert charts and timed == charts
    assert len(names_of(pages, "chart ")) == 2 * len(charts)


def test_a_query_parameter_without_a_typical_value_fails_loudly():
    with pytest.raises(ValueError, match="no typical value"):
        bench_site.typical_arguments("new_query", "SELECT * FROM facts WHERE kind = :kind_of_fact")


def test_colons_inside_strings_are_not_parameters():
    assert bench_site.sql_parameters("SELECT 'urn:casewatch:fact:' || x FROM t WHERE c = :council") == [
        "council"
    ]


@pytest.mark.parametrize(
    "arguments,expected",
    [
        ({}, "SELECT 1 WHERE 1  AND (0 )"),
        ({"council": "Leeds"}, "SELECT 1 WHERE 1 AND c = :council AND (0 OR c = :council)"),
    ],
)
def test_optional_clauses_as_datasette_dashboards_reads_them(arguments, expected):
    sql = "SELECT 1 WHERE 1 [[AND c = :council]] AND (0 [[OR c = :council]])"
    assert bench_site.optional_clauses(sql, arguments) == expected


def test_a_small_run_times_every_page_without_failures(loader_db, pages):
    lines = []
    report = bench_site.serve_and_measure(loader_db, repeat=1, show=lines.append)
    timed = [r["page"] for r in report["results"]]
    assert timed[: len(pages)] == pages
    second_pages = [page.name for page in timed[len(pages) :]]
    assert "next page documents" in second_pages and "next page facts" in second_pages
    assert all(name.startswith("next page ") for name in second_pages)
    failing = [(r["page"].name, r["verdict"]) for r in report["results"] if r["verdict"].startswith("FAIL")]
    assert failing == []
    assert any(line.startswith("pages: ") for line in lines)
    assert report["facts_loaded"] >= FACTS
