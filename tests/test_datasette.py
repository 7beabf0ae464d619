"""Publishing with Datasette: tables, views, metadata, canned queries, search, evidence pages, Atom feed.

The database is the demo's (the bundled sample corpus through the real pipeline) plus a few documents
written here whose facts (and candidates the extractors turned down, ``rejected``) are loaded with
``replace_document_facts``, so the expected rows do not depend on how well the extractors do on the samples.
"""

import asyncio
import datetime
import re
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner
from datasette_dashboards import replace_opts_in_query
from markupsafe import escape

from db.database import open_db
from db.datasette_plugin import casewatch_datasette, highlighted_text, load_metadata
from db.load import replace_document_facts
from db.publish import VIEWS
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli

ATOM = "{http://www.w3.org/2005/Atom}"

# Councils of our own, so no real authority is given facts it never stated.
COUNCILS = [
    {"code": "990", "name": "Northmoor", "region": "North West", "type": "Metropolitan District"},
    {"code": "991", "name": "Eastbridge", "region": "East of England", "type": "Unitary Authority"},
    {"code": "992", "name": "Westvale", "region": "South West", "type": "Unitary Authority"},
]

# (document row, {kind: [facts], "rejected": [candidates]}): each quote is found in the text to give its
# offsets.
DOCUMENTS = [
    (
        {
            "source_kind": "council_press",
            "url": "https://www.northmoor.gov.uk/news/caseloads-fall",
            "title": "Caseloads fall as Northmoor recruits permanent social workers",
            "published": "2024-03-12",
            "council_code": "990",
            "text": "Caseloads fall as Northmoor recruits permanent social workers\n\n"
            "Northmoor Council said average caseloads for its children's social workers had fallen to 16 "
            "in February 2024, down from 22 a year earlier. The council will invest £3.2m over two years "
            "in recruiting permanent staff. Agency workers now make up 18% of the children's social care "
            "workforce.",
        },
        {
            "caseloads": [
                {
                    "value": 16,
                    "measure": "average",
                    "as_of": "2024-02",
                    "council_code": "990",
                    "quote": "fallen to 16 in February 2024",
                },
                {
                    "value": 22,
                    "measure": "average",
                    "as_of": "2023-02",
                    "council_code": "990",
                    "quote": "22 a year earlier",
                },
            ],
            "funding": [
                {
                    "amount_gbp": 3200000,
                    "recurrence": "one-off",
                    "purpose": "recruiting permanent staff",
                    "council_code": "990",
                    "quote": "£3.2m",
                }
            ],
            "workforce": [
                {
                    "metric": "agency_rate",
                    "value": 18,
                    "unit": "percent",
                    "council_code": "990",
                    "quote": "18%",
                }
            ],
            "rejected": [{"kind": "caseloads", "reason": "a percentage, ratio or date", "quote": "18%"}],
        },
    ),
    (
        {
            "source_kind": "ofsted_report",
            "url": "https://reports.ofsted.gov.uk/provider/44/80999",
            "title": "Eastbridge City Council: inspection of children's social care services",
            "published": "2023-07-20",
            "council_code": "991",
            "report_type": "ILACS",
            "text": "Eastbridge City Council\nInspection of children's social care services\n\n"
            "Overall effectiveness: Inadequate\n\n"
            "Some social workers in the assessment service hold caseloads of more than 30 children, which "
            "limits the time they spend with families.\n\n"
            "What needs to improve in this local authority?\n\n"
            "The timeliness of assessments for children in need of help and protection.\n"
            "The quality and frequency of supervision for frontline social workers.",
        },
        {
            "ratings": [
                {
                    "judgement": "inadequate",
                    "when": "current",
                    "scope": "overall",
                    "as_of": "2023",
                    "council_code": "991",
                    "quote": "Overall effectiveness: Inadequate",
                }
            ],
            "caseloads": [
                {
                    "value": 30,
                    "qualifier": ">",
                    "measure": "individual",
                    "role": "assessment service",
                    "council_code": "991",
                    "quote": "caseloads of more than 30 children",
                }
            ],
            "recommendations": [
                {
                    "text": "The timeliness of assessments for children in need of help and protection.",
                    "council_code": "991",
                    "quote": "The timeliness of assessments for children in need of help and protection.",
                },
                {
                    "text": "The quality and frequency of supervision for frontline social workers.",
                    "council_code": "991",
                    "quote": "The quality and frequency of supervision for frontline social workers.",
                },
            ],
        },
    ),
    (
        {
            "source_kind": "news",
            "url": "https://www.eastbridge-echo.co.uk/news/caseloads-cut",
            "title": "Eastbridge cuts caseloads after Ofsted failure",
            "published": "2024-05-02",
            "council_code": "991",
            "text": "Eastbridge cuts caseloads after Ofsted failure\n\n"
            "Eastbridge has cut average caseloads to 21 since its inadequate rating, the council's cabinet "
            "heard on Tuesday.",
        },
        {
            "caseloads": [
                {"value": 21, "measure": "average", "council_code": "991", "quote": "average caseloads to 21"}
            ],
            "ratings": [
                {
                    "judgement": "inadequate",
                    "when": "current",
                    "scope": "overall",
                    "council_code": "991",
                    "quote": "its inadequate rating",
                }
            ],
            "rejected": [
                {"kind": "workforce", "reason": "no workforce measure named with it", "quote": "21"}
            ],
        },
    ),
    (
        {
            "source_kind": "council_minutes",
            "path": "minutes/westvale-cyp-scrutiny-2022-11-08.txt",
            "title": "Children and Young People Scrutiny Committee, 8 November 2022",
            "published": "2022-11-08",
            "council_code": "992",
            "text": "Westvale Borough Council\nChildren and Young People Scrutiny Committee\n"
            "Minutes of the meeting held on 8 November 2022\n\n"
            "The Director reported that Ofsted had rated the service requires improvement in 2019 and good "
            "at the inspection in July 2022. The average caseload was 19 children per social worker in "
            "October 2022.",
        },
        {
            "ratings": [
                {
                    "judgement": "requires improvement",
                    "when": "previous",
                    "scope": "overall",
                    "as_of": "2019",
                    "council_code": "992",
                    "quote": "requires improvement in 2019",
                },
                {
                    "judgement": "good",
                    "when": "current",
                    "scope": "overall",
                    "as_of": "2022-07",
                    "council_code": "992",
                    "quote": "good at the inspection in July 2022",
                },
            ],
            "caseloads": [
                {
                    "value": 19,
                    "measure": "average",
                    "as_of": "2022-10",
                    "council_code": "992",
                    "quote": "The average caseload was 19 children per social worker",
                }
            ],
            "rejected": [
                {"kind": "caseloads", "reason": "a percentage, ratio or date", "quote": "8 November 2022"},
                {"kind": "caseloads", "reason": "outside the range of a caseload", "quote": "2019"},
            ],
        },
    ),
]


def sentence_of(text: str, start: int, end: int) -> str:
    """The line or sentence around a span: enough for the tests, not the extractors' segmentation."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def with_evidence(text: str, fact: dict) -> dict:
    start = text.index(fact["quote"])
    end = start + len(fact["quote"])
    return {**fact, "start": start, "end": end, "sentence": sentence_of(text, start, end)}


def newest_run_time(db) -> str:
    """A minute after every run so far (or now): our facts are the newest in the feed."""
    finished = [r["finished_at"] for r in db["extraction_runs"].rows if r["finished_at"]]
    latest = max(
        [datetime.datetime.now(datetime.timezone.utc)]
        + [datetime.datetime.fromisoformat(f) for f in finished]
    )
    return (latest + datetime.timedelta(minutes=1)).isoformat(timespec="seconds")


def load_known_facts(db) -> dict:
    """Our documents and their facts, loaded a second after any others (the feed's newest, by load time);
    returns {(kind, quote): fact id}."""
    time.sleep(1)
    db["councils"].upsert_all(COUNCILS, pk="code")
    at = newest_run_time(db)
    run_id = (
        db["extraction_runs"]
        .insert({"started_at": at, "finished_at": at, "extractor_version": "test", "status": "complete"})
        .last_pk
    )
    for number, (document, facts) in enumerate(DOCUMENTS):
        document_id = (
            db["documents"]
            .insert({**document, "sha256": f"known-{number}", "ingested_at": "2026-11-20T09:00:00+00:00"})
            .last_pk
        )
        facts = {
            kind: [with_evidence(document["text"], f) for f in kind_facts]
            for kind, kind_facts in facts.items()
        }
        replace_document_facts(db, document_id, facts, run_id, "test")
    return {(kind, row["quote"]): row["id"] for kind in KIND_NAMES for row in db[kind].rows}


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    path = folder / "casewatch.db"
    result = CliRunner().invoke(
        cli, ["demo", "--no-serve", "--db", str(path), "--data-dir", str(folder / "data")]
    )
    assert result.exit_code == 0, result.output
    load_known_facts(open_db(path))
    return path


@pytest.fixture(scope="session")
def db(db_path):
    return open_db(db_path)


@pytest.fixture(scope="session")
def fact_ids(db):
    return {(kind, row["quote"]): row["id"] for kind in KIND_NAMES for row in db[kind].rows}


@pytest.fixture(scope="session")
def fact_keys(db):
    return {(kind, row["quote"]): row["fact_key"] for kind in KIND_NAMES for row in db[kind].rows}


@pytest.fixture(scope="session")
def datasette(db_path):
    return casewatch_datasette(db_path)


def get(datasette, path):
    return asyncio.run(datasette.client.get(path))


def rows(datasette, path):
    response = get(datasette, path + ("&" if "?" in path else "?") + "_shape=array&_size=max")
    assert response.status_code == 200, response.text
    return response.json()


def query(datasette, name, **params):
    return rows(datasette, f"/casewatch/{name}.json?{urlencode(params)}")


# --- tables and views --------------------------------------------------------------------------


def published_names(db) -> list[str]:
    """The tables and views of the database, not SQLite's own, the migrations' or the search indexes'."""
    tables = [t for t in db.table_names() if not t.startswith(("_", "sqlite_")) and "_fts" not in t]
    return tables + db.view_names()


def test_every_table_and_view_answers(datasette, db):
    names = published_names(db)
    assert set(VIEWS) <= set(names) and set(KIND_NAMES) <= set(names)
    for name in names:
        assert get(datasette, f"/casewatch/{name}").status_code == 200, name
        assert get(datasette, f"/casewatch/{name}.json?_size=5").status_code == 200, name


def test_facts_view_lists_every_fact_once(datasette, db):
    facts = rows(datasette, "/casewatch/facts.json")
    assert len(facts) == sum(db[kind].count for kind in KIND_NAMES)
    assert all(f["evidence"] == f"/-/fact/{f['fact_key']}" for f in facts)
    assert all(len(f["fact_key"]) == 16 for f in facts)


def test_caseload_timeline_dates_undated_figures_by_publication(datasette):
    timeline = {(r["council"], r["value"]): r for r in rows(datasette, "/casewatch/caseload_timeline.json")}
    assert timeline[("Northmoor", 16.0)]["as_of"] == "2024-02"
    assert timeline[("Northmoor", 16.0)]["as_of_from"] == "text"
    assert timeline[("Eastbridge", 21.0)]["as_of"] == "2024-05"
    assert timeline[("Eastbridge", 21.0)]["as_of_from"] == "published date"
    assert timeline[("Eastbridge", 21.0)]["document"] == "Eastbridge cuts caseloads after Ofsted failure"


@pytest.mark.parametrize(
    "code,expected",
    [
        (
            "990",
            {
                "latest_rating": None,
                "latest_average_caseload": 16.0,
                "latest_average_caseload_as_of": "2024-02",
                "total_funding_gbp": 3200000.0,
                "caseloads_count": 2,
                "funding_count": 1,
                "workforce_count": 1,
            },
        ),
        (
            "991",
            {
                "latest_rating": "inadequate",
                "latest_rating_as_of": "2024-05-02",
                "latest_average_caseload": 21.0,
                "total_funding_gbp": None,
                "caseloads_count": 2,
                "ratings_count": 2,
                "recommendations_count": 2,
                "documents_count": 2,
            },
        ),
        (
            "992",
            {
                "latest_rating": "good",
                "latest_rating_as_of": "2022-07",
                "latest_average_caseload": 19.0,
                "ratings_count": 2,
                "facts_count": 3,
            },
        ),
    ],
)
def test_council_summary(datasette, code, expected):
    summary = rows(datasette, f"/casewatch/council_summary.json?code={code}")
    assert len(summary) == 1
    assert {key: summary[0][key] for key in expected} == expected


@pytest.mark.parametrize(
    "code,official",
    [("332", ("requires improvement", "2022-10-31")), ("886", ("outstanding", "2022-05-09"))],
)
def test_council_summary_takes_the_latest_rating_from_ofsteds_table(datasette, code, official):
    """Ofsted's own judgement wins over what the (sample) documents say: 332's documents say inadequate in
    2023-05, 886's good."""
    (summary,) = rows(datasette, f"/casewatch/council_summary.json?code={code}")
    assert (summary["latest_rating"], summary["latest_rating_as_of"], summary["latest_rating_from"]) == (
        *official,
        "Ofsted",
    )


def test_council_summary_rates_every_council_ofsted_rated(datasette):
    rated = rows(datasette, "/casewatch/council_summary.json?latest_rating_from=Ofsted")
    assert len(rated) >= 150
    assert rows(datasette, "/casewatch/council_summary.json?code=991")[0]["latest_rating_from"] == "documents"


def test_a_database_from_before_publishing_gets_search_and_views(tmp_path):
    path = tmp_path / "casewatch.db"
    older = open_db(path)
    load_known_facts(older)
    for view in VIEWS:
        older[view].drop()
    for table in ("documents", "recommendations"):
        older[table].disable_fts()
    older.execute("DELETE FROM _migrations WHERE name = '100_publish'")
    older.conn.commit()
    db = open_db(path)
    assert set(VIEWS) <= set(db.view_names())
    assert [r["text"] for r in db["recommendations"].search("supervision")] == [
        "The quality and frequency of supervision for frontline social workers."
    ]
    assert "100_publish" in {r["name"] for r in db["_migrations"].rows}


# --- metadata ----------------------------------------------------------------------------------


def test_instance_metadata_shows(datasette):
    page = get(datasette, "/").text
    assert "Open Government Licence v3.0" in page
    assert "Ofsted inspection reports" in page
    assert 'href="/-/dashboards/council"' in page


@pytest.mark.parametrize("table", ["councils", "documents", *KIND_NAMES, "extraction_runs", *VIEWS])
def test_every_table_has_a_description_that_shows(datasette, table):
    description = load_metadata()["databases"]["casewatch"]["tables"][table]["description"]
    assert str(escape(description)) in get(datasette, f"/casewatch/{table}").text


def test_every_table_and_view_of_the_database_is_described(db):
    tables = load_metadata()["databases"]["casewatch"]["tables"]
    names = published_names(db)
    assert [name for name in names if not tables.get(name, {}).get("description")] == []


@pytest.mark.parametrize(
    "table,column",
    [
        ("caseloads", "qualifier"),
        ("caseloads", "measure"),
        ("ratings", "period"),
        ("documents", "sha256"),
        ("workforce", "metric"),
        ("council_summary", "latest_rating_as_of"),
    ],
)
def test_column_descriptions_show(datasette, table, column):
    description = load_metadata()["databases"]["casewatch"]["tables"][table]["columns"][column]
    assert str(escape(description)) in get(datasette, f"/casewatch/{table}").text


@pytest.mark.parametrize(
    "table,column",
    [
        ("extraction_runs", "pid"),
        ("extraction_runs", "extractor"),
        ("extraction_runs", "note"),
        ("extraction_runs", "pruned_at"),
        ("documents", "final_url"),
        ("documents", "http_status"),
        ("documents", "http_headers"),
        ("superseded_facts", "superseded_by_run"),
        ("fetch_log", "outcome"),
    ],
)
def test_run_and_fetch_columns_are_described(datasette, table, column):
    description = load_metadata()["databases"]["casewatch"]["tables"][table]["columns"][column]
    assert str(escape(description)) in get(datasette, f"/casewatch/{table}").text


@pytest.mark.parametrize("table", ["http_cache", "_migrations"])
def test_internal_tables_are_hidden_but_queryable(datasette, table):
    assert load_metadata()["databases"]["casewatch"]["tables"][table]["description"]
    assert f'href="/casewatch/{table}"' not in get(datasette, "/casewatch").text
    assert get(datasette, f"/casewatch/{table}").status_code == 200
    assert (
        rows(datasette, f"/casewatch.json?sql={quote(f'SELECT count(*) AS n FROM [{table}]')}")[0]["n"] >= 0
    )
    assert rows(datasette, f"/casewatch.json?sql={quote('SELECT name FROM _migrations')}")


def test_foreign_keys_show_council_and_document_names(datasette):
    page = get(datasette, "/casewatch/caseloads?council_code=990").text
    assert "Northmoor" in page
    assert "Caseloads fall as Northmoor recruits permanent social workers" in page


@pytest.mark.parametrize(
    "table,facet",
    [("caseloads", "measure"), ("ratings", "judgement"), ("documents", "source_kind"), ("facts", "kind")],
)
def test_default_facets(datasette, table, facet):
    facets = get(datasette, f"/casewatch/{table}.json").json()["facet_results"]
    assert facet in facets


def test_metadata_follows_the_database_name():
    metadata = load_metadata("evening-news")
    assert "evening-news" in metadata["databases"] and "casewatch" not in metadata["databases"]
    charts = metadata["plugins"]["datasette-dashboards"]["council"]["charts"].values()
    assert {chart["db"] for chart in charts} == {"evening-news"}
    assert 'href="/evening-news/council_summary"' in metadata["databases"]["evening-news"]["description_html"]


# --- canned queries ----------------------------------------------------------------------------


def test_caseloads_above_n(datasette, db):
    found = query(datasette, "caseloads_above", n=20)
    assert all(row["value"] > 20 for row in found)
    assert len(found) == db["caseloads"].count_where("value > 20")
    ours = [
        (row["council"], row["value"])
        for row in found
        if row["council"] in {"Northmoor", "Eastbridge", "Westvale"}
    ]
    assert ours == [("Eastbridge", 30.0), ("Northmoor", 22.0), ("Eastbridge", 21.0)]


def test_struggling_councils_and_what_they_said_about_caseloads(datasette, db):
    found = query(datasette, "struggling_councils_caseloads", since_year="")
    assert {row["latest_rating"] for row in found} <= {"inadequate", "requires improvement"}
    ours = sorted(
        (row["council"], row["caseload"])
        for row in found
        if row["council"] in {"Northmoor", "Eastbridge", "Westvale"}
    )
    assert ours == [("Eastbridge", 21.0), ("Eastbridge", 30.0)]  # Westvale is now good; Northmoor unrated
    recent = query(datasette, "struggling_councils_caseloads", since_year="2024")
    assert [(r["council"], r["caseload"]) for r in recent if r["council"] == "Eastbridge"] == [
        ("Eastbridge", 21.0)
    ]


@pytest.mark.parametrize("council", ["Northmoor", "northmoor", "990"])
def test_funding_by_council(datasette, council):
    found = query(datasette, "funding_by_council", council=council)
    assert [(r["council"], r["amount_gbp"], r["quote"]) for r in found] == [("Northmoor", 3200000.0, "£3.2m")]
    assert found[0]["source"] == "https://www.northmoor.gov.uk/news/caseloads-fall"


def test_funding_by_council_none(datasette):
    assert query(datasette, "funding_by_council", council="Westvale") == []


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("supervision", ["The quality and frequency of supervision for frontline social workers."]),
        (
            "timeliness assessments",
            ["The timeliness of assessments for children in need of help and protection."],
        ),
        (
            '"help and protection"',
            ["The timeliness of assessments for children in need of help and protection."],
        ),
    ],
)
def test_search_recommendations_finds_by_a_word_in_them(datasette, phrase, expected):
    found = query(datasette, "search_recommendations", phrase=phrase)
    assert [r["text"] for r in found if r["council"] == "Eastbridge"] == expected
    words = phrase.strip('"').lower().split()
    assert all(all(w[:5] in r["text"].lower() for w in words) for r in found)


def test_table_search_on_recommendations_and_documents(datasette):
    found = rows(datasette, "/casewatch/recommendations.json?_search=frontline")
    assert any("frontline social workers" in r["text"] for r in found)
    documents = rows(datasette, "/casewatch/documents.json?_search=cabinet&_col=title")
    assert "Eastbridge cuts caseloads after Ofsted failure" in [d["title"] for d in documents]


@pytest.mark.parametrize(
    "path,counted",
    [
        ("/casewatch/documents.json?_search=cabinet", False),
        ("/casewatch/documents.json?_search=cabinet&_facet=source_kind", True),
        ("/casewatch/documents.json", True),
    ],
)
def test_a_table_search_skips_the_count_and_facets_unless_a_facet_is_asked(datasette, path, counted):
    page = get(datasette, path).json()
    assert (page["filtered_table_rows_count"] is not None) == counted
    assert bool(page["facet_results"]) == counted
    if "cabinet" in path:
        assert page["rows"]


def test_search_index_follows_new_facts(db_path, datasette):
    db = open_db(db_path)
    document_id = (
        db["documents"]
        .insert(
            {
                "sha256": "known-late",
                "source_kind": "ofsted_report",
                "title": "Westvale focused visit",
                "published": "2024-09-01",
                "text": "Leaders should strengthen management oversight of private fostering.",
            }
        )
        .last_pk
    )
    text = db["documents"].get(document_id)["text"]
    fact = with_evidence(
        text,
        {
            "text": "strengthen management oversight of private fostering",
            "council_code": "992",
            "quote": "strengthen management oversight of private fostering",
        },
    )
    replace_document_facts(db, document_id, {"recommendations": [fact]}, None, "test")
    try:
        assert [r["council"] for r in query(datasette, "search_recommendations", phrase="fostering")] == [
            "Westvale"
        ]
    finally:
        replace_document_facts(db, document_id, {}, None, "test")
    assert query(datasette, "search_recommendations", phrase="fostering") == []


@pytest.mark.parametrize(
    "council,expected_kinds",
    [
        ("Westvale", ["caseloads", "ratings", "ratings"]),
        ("992", ["caseloads", "ratings", "ratings"]),
        ("Northmoor", ["caseloads", "caseloads", "funding", "workforce"]),
    ],
)
def test_council_profile(datasette, council, expected_kinds):
    found = query(datasette, "council_profile", council=council)
    assert sorted(r["kind"] for r in found) == expected_kinds
    assert all(r["evidence"].startswith("/-/fact/") for r in found)


def test_canned_query_pages_render(datasette):
    for name in load_metadata()["databases"]["casewatch"]["queries"]:
        assert get(datasette, f"/casewatch/{name}").status_code == 200, name


# --- evidence ----------------------------------------------------------------------------------


def test_evidence_page_highlights_the_quote(datasette, fact_keys):
    fact_key = fact_keys[("caseloads", "fallen to 16 in February 2024")]
    response = get(datasette, f"/-/fact/{fact_key}")
    assert response.status_code == 200
    page = response.text
    assert '<mark class="quote" id="quote">fallen to 16 in February 2024</mark>' in page
    assert (
        '<mark class="sentence">Northmoor Council said average caseloads for its children&#39;s social '
        'workers had <mark class="quote"'
    ) in page
    assert 'href="https://www.northmoor.gov.uk/news/caseloads-fall"' in page
    assert "Northmoor" in page


def test_evidence_page_by_row_id_redirects_to_the_fact_key(datasette, fact_ids, fact_keys):
    quote = ("caseloads", "fallen to 16 in February 2024")
    response = get(datasette, f"/-/evidence/caseloads/{fact_ids[quote]}")
    assert response.status_code == 302
    assert response.headers["location"] == f"/-/fact/{fact_keys[quote]}"


def test_evidence_page_shows_the_permanent_link(datasette, fact_keys):
    fact_key = fact_keys[("caseloads", "fallen to 16 in February 2024")]
    page = get(datasette, f"/-/fact/{fact_key}").text
    assert f'<a class="permalink" href="/-/fact/{fact_key}">/-/fact/{fact_key}</a>' in page


def test_evidence_page_of_a_document_without_url_shows_its_path(datasette, fact_keys):
    page = get(datasette, f"/-/fact/{fact_keys[('ratings', 'good at the inspection in July 2022')]}").text
    assert "minutes/westvale-cyp-scrutiny-2022-11-08.txt" in page
    assert '<mark class="quote" id="quote">good at the inspection in July 2022</mark>' in page


@pytest.mark.parametrize(
    "path", ["/-/evidence/caseloads/999999", "/-/evidence/nonsense/1", "/-/fact/0123456789abcdef"]
)
def test_evidence_page_of_no_fact_is_not_found(datasette, path):
    assert get(datasette, path).status_code == 404


@pytest.mark.parametrize("table", ["caseloads", "caseload_timeline", "facts"])
def test_fact_rows_link_to_their_evidence(datasette, fact_keys, table):
    fact_key = fact_keys[("caseloads", "22 a year earlier")]
    page = get(datasette, f"/casewatch/{table}?_search=&_size=max").text
    assert f'href="/-/fact/{fact_key}"' in page


@pytest.mark.parametrize(
    "fact,expected",
    [
        (
            {"quote": "b", "char_start": 4, "char_end": 5, "sentence": "a b c."},
            'x.\n<mark class="sentence">a <mark class="quote" id="quote">b</mark> c.</mark> &lt;y&gt;',
        ),
        # offsets stale (text re-normalised): the quote is found by its words
        (
            {"quote": "b", "char_start": 0, "char_end": 1, "sentence": None},
            'x.\na <mark class="sentence"><mark class="quote" id="quote">b</mark></mark> c. &lt;y&gt;',
        ),
        ({"quote": "zz", "char_start": 0, "char_end": 2, "sentence": "zz"}, "x.\na b c. &lt;y&gt;"),
    ],
)
def test_highlighted_text(fact, expected):
    assert str(highlighted_text("x.\na b c. <y>", fact)) == expected


# --- Atom feed ---------------------------------------------------------------------------------


def test_atom_feed_of_new_facts(datasette, db):
    response = get(datasette, "/casewatch/new_facts.atom")
    assert response.status_code == 200
    assert "xml" in response.headers["content-type"]
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(100, sum(db[kind].count for kind in KIND_NAMES))
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert "Northmoor: £3,200,000 (one-off)" in titles and "Northmoor: agency_rate 18%" in titles
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(link.startswith("/-/fact/") for link in links)
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert all(re.fullmatch(r"urn:casewatch:fact:[0-9a-f]{16}", i) for i in ids)


def test_query_page_links_to_the_feed(datasette):
    assert "new_facts.atom" in get(datasette, "/casewatch/new_facts").text


# --- dashboard and read-only serving -----------------------------------------------------------


def test_council_dashboard_renders_with_bundled_javascript(datasette):
    page = get(datasette, "/-/dashboards/council").text
    assert 'id="chart-caseloads-over-time"' in page and 'id="chart-latest-ratings"' in page
    scripts = [line for line in page.splitlines() if "<script src=" in line]
    assert scripts and not any("//" in line.split('src="')[1][:8] for line in scripts)  # no CDN
    for line in scripts:
        src = line.split('src="')[1].split('"')[0]
        assert get(datasette, src).status_code == 200, src


@pytest.mark.parametrize("chart", ["caseloads-over-time", "latest-ratings", "council-facts"])
def test_dashboard_chart_queries_answer(datasette, chart):
    assert chart_rows(datasette, chart), chart


def test_dashboard_council_filter_lists_every_council_in_the_lookup(datasette, db):
    spec = load_metadata()["plugins"]["datasette-dashboards"]["council"]["filters"]["council"]
    listed = [r["council"] for r in rows(datasette, f"/casewatch.json?sql={quote(spec['query'])}")]
    assert set(listed) == {r["name"] for r in db["councils"].rows} and len(listed) >= 150
    assert "Bradford" in listed and "Bradford" not in {r["council"] for r in db["facts"].rows}
    page = get(datasette, "/-/dashboards/council?council=Bradford")
    assert page.status_code == 200 and "Bradford" in page.text


def test_dashboard_caseload_chart_plots_averages_and_the_dfe_figure_labelled(datasette, db):
    """Every council: the yearly mean of the claimed averages beside England's DfE figure (not every claim of
    every council); one council: its claimed averages, its DfE figure and England's."""
    everyone = chart_rows(datasette, "caseloads-over-time")
    years = db.execute(
        "SELECT count(DISTINCT substr(as_of, 1, 4)) FROM caseload_timeline WHERE measure = 'average'"
    ).fetchone()[0]
    means = [r for r in everyone if r["series"] == "yearly mean of claimed averages"]
    assert len(means) == years > 0 and {r["council"] for r in means} == {"All councils"}
    assert {r["council"] for r in everyone if r["series"] == "DfE caseload per FTE"} == {"England"}
    others = db.execute("SELECT count(*) FROM caseload_timeline WHERE measure != 'average'").fetchone()[0]
    assert others > 0  # maximums, targets... left out
    leeds = chart_rows(datasette, "caseloads-over-time", "Leeds")
    assert {r["council"] for r in leeds} == {"Leeds", "England"}
    assert {r["series"] for r in leeds} == {"average claimed", "DfE caseload per FTE"}
    dfe = [r["value"] for r in leeds if r["series"] == "DfE caseload per FTE" and r["council"] == "Leeds"]
    official = "SELECT count(*) FROM official_workforce WHERE council_code = ? AND caseload_fte IS NOT NULL"
    assert len(dfe) == db.execute(official, ["383"]).fetchone()[0]
    charts = load_metadata()["plugins"]["datasette-dashboards"]["council"]["charts"]
    encoding = charts["caseloads-over-time"]["display"]["encoding"]
    assert encoding["shape"]["field"] == encoding["detail"]["field"] == "series"  # one line each
    bradford = chart_rows(datasette, "caseloads-over-time", "Bradford")  # no claims: the DfE series alone
    assert bradford and {r["series"] for r in bradford} == {"DfE caseload per FTE"}


CLAIM_CHARTS = {
    "caseload-claims-vs-official": "caseload_claims_vs_official",
    "rating-claims-vs-official": "rating_claims_vs_official",
}


def chart_rows(datasette, chart: str, council: str | None = None) -> list:
    """A dashboard chart's rows as the dashboard asks for them: its SQL with the council filter set or not."""
    options = {"council": council} if council else {}
    spec = load_metadata()["plugins"]["datasette-dashboards"]["council"]["charts"][chart]
    sql = replace_opts_in_query(spec["query"], options)
    return rows(datasette, f"/casewatch.json?{urlencode({'sql': sql, **options})}")


def test_council_dashboard_shows_claims_beside_the_official_record(datasette):
    dashboard = load_metadata()["plugins"]["datasette-dashboards"]["council"]
    placed = {chart for row in dashboard["layout"] for chart in row}
    page = get(datasette, "/-/dashboards/council?council=Northmoor").text
    for chart in CLAIM_CHARTS:
        assert dashboard["charts"][chart]["library"] == "table" and chart in placed
        assert f'id="chart-{chart}"' in page


@pytest.mark.parametrize("chart,view", CLAIM_CHARTS.items())
def test_claims_charts_follow_the_council_filter(datasette, db, chart, view):
    """For a council with official figures, the chart lists each of its claims once, beside the view's
    figure."""
    council = next(
        r["name"]
        for r in db.query(
            f"SELECT c.name FROM [{view}] v JOIN councils c ON c.code = v.council_code "
            "WHERE v.disagrees IS NOT NULL ORDER BY c.name LIMIT 1"
        )
    )
    claims = list(
        db.query(
            f"SELECT v.* FROM [{view}] v JOIN councils c ON c.code = v.council_code WHERE c.name = ?",
            [council],
        )
    )
    found = chart_rows(datasette, chart, council)
    assert {r["council"] for r in found} == {council} and len(found) == len(claims)
    links = {f'<a href="/-/fact/{c["fact_key"]}">' for c in claims}
    assert {r["quote"].split(">")[0] + ">" for r in found} == links
    assert {r["disagrees"] for r in found} <= {"disagrees", "agrees", "not compared"}
    assert "agrees" in {r["disagrees"] for r in found} or "disagrees" in {r["disagrees"] for r in found}
    assert len(chart_rows(datasette, chart)) >= len(found)


def test_claims_chart_of_a_council_without_official_figures(datasette):
    found = chart_rows(datasette, "caseload-claims-vs-official", "Northmoor")
    assert sorted(
        (r["claimed"], r["claim_date"], r["official_caseload_fte"], r["disagrees"]) for r in found
    ) == [(16.0, "2024-02-15", "none", "not compared"), (22.0, "2023-02-15", "none", "not compared")]
    assert all(r["quote"].startswith('<a href="/-/fact/') for r in found)
    ratings = chart_rows(datasette, "rating-claims-vs-official", "Westvale")
    assert sorted((r["claimed"], r["period"], r["official_judgement"]) for r in ratings) == [
        ("good", "current", "none"),
        ("requires improvement", "previous", "none"),
    ]


def test_no_writes(datasette, db):
    before = db["caseloads"].count
    response = asyncio.run(datasette.client.post("/casewatch/caseloads", json={"value": 1}))
    assert response.status_code >= 400 and db["caseloads"].count == before
    sql = "DELETE FROM caseloads"
    assert get(datasette, f"/casewatch.json?sql={quote(sql)}").status_code == 400
    assert datasette.setting("sql_time_limit_ms") <= 1000


def test_database_page_points_to_where_to_start(datasette):
    page = get(datasette, "/casewatch").text
    for href in ("/casewatch/council_summary", "/-/dashboards/council", "/casewatch/caseloads_above"):
        assert f'href="{href}"' in page
