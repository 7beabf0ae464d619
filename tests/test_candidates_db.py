"""The candidates table: what the extractors turned down, loaded with a document's facts, replaced on a rerun,
and published by reason in Datasette (the ``candidate_reasons`` view, links to the rows and evidence pages).

Loading tests use a database of their own; the Datasette tests serve the documents, facts and candidates
written in tests/test_datasette.py through Datasette's own test client.
"""

import html
import re

import pytest
from markupsafe import escape
from sqlite_utils.utils import sqlite3
from test_datasette import get, load_known_facts, rows, with_evidence

from db.database import open_db
from db.datasette_plugin import casewatch_datasette, load_metadata
from db.load import replace_document_facts
from extractors import extract_facts
from extractors.kinds import KIND_NAMES
from pipeline.extract import run_extraction

TEXT = (
    "Hull Council said average caseloads were 19 in March 2024. The council aims for an agency rate of "
    "10 per cent, and 45% of its social workers said their caseload was too high."
)
CASELOAD = {
    "value": 19,
    "measure": "average",
    "as_of": "2024-03",
    "council_code": "810",
    "quote": "average caseloads were 19",
}
TARGET = {"kind": "workforce", "reason": "a target", "quote": "10 per cent"}
PERCENTAGE = {"kind": "caseloads", "reason": "a percentage, ratio or date", "quote": "45%"}


def facts_with(*rejected, caseloads=(CASELOAD,)) -> dict:
    """Facts of TEXT in the contract of ``extract_facts``: the caseloads and the candidates turned down."""
    return {
        "caseloads": [with_evidence(TEXT, fact) for fact in caseloads],
        "rejected": [with_evidence(TEXT, candidate) for candidate in rejected],
    }


def start_run(db, version: str) -> int:
    return (
        db["extraction_runs"]
        .insert(
            {
                "started_at": "2026-01-01T00:00:00+00:00",
                "extractor_version": version,
                "documents_processed": 0,
                "facts_produced": 0,
                "errors": 0,
                "status": "running",
            }
        )
        .last_pk
    )


def candidates_of(db, document_id: int) -> list[tuple]:
    return [
        (r["kind"], r["reason"], r["quote"], r["extractor_version"])
        for r in db.query("SELECT * FROM candidates WHERE document_id = ? ORDER BY id", [document_id])
    ]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "casewatch.db")


@pytest.fixture
def document_id(db):
    return (
        db["documents"]
        .insert(
            {
                "sha256": "hull-1",
                "source_kind": "council_press",
                "title": "Hull caseloads",
                "published": "2024-04-02",
                "text": TEXT,
            }
        )
        .last_pk
    )


# --- loading -----------------------------------------------------------------------------------


def test_a_document_is_loaded_with_its_candidates_and_their_evidence(db, document_id):
    run_id = start_run(db, "v1")
    replace_document_facts(db, document_id, facts_with(TARGET, PERCENTAGE), run_id, "v1")
    stored = list(db.query("SELECT * FROM candidates ORDER BY id"))
    assert [(r["kind"], r["reason"], r["quote"]) for r in stored] == [
        ("workforce", "a target", "10 per cent"),
        ("caseloads", "a percentage, ratio or date", "45%"),
    ]
    assert all(
        TEXT[r["char_start"] : r["char_end"]] == r["quote"] and r["quote"] in r["sentence"] for r in stored
    )
    assert {(r["document_id"], r["run_id"], r["extractor_version"]) for r in stored} == {
        (document_id, run_id, "v1")
    }


def test_candidates_are_not_counted_as_facts(db, document_id):
    run_id = start_run(db, "v1")
    assert replace_document_facts(db, document_id, facts_with(TARGET, PERCENTAGE), run_id, "v1") == 1
    assert db["extraction_runs"].get(run_id)["facts_produced"] == 1
    assert db["run_documents"].get((run_id, document_id))["facts"] == 1
    assert db["caseloads"].count == 1 and db["candidates"].count == 2


def test_a_candidate_repeated_identically_is_stored_once(db, document_id):
    replace_document_facts(db, document_id, facts_with(TARGET, TARGET), start_run(db, "v1"), "v1")
    assert candidates_of(db, document_id) == [("workforce", "a target", "10 per cent", "v1")]


def test_facts_and_candidates_load_in_one_transaction(db, document_id):
    """A candidate the table cannot hold undoes the whole load: the old facts and candidates stay."""
    replace_document_facts(db, document_id, facts_with(TARGET), start_run(db, "v1"), "v1")
    unstorable = {**PERCENTAGE, "reason": {"not": "text"}}
    with pytest.raises((sqlite3.InterfaceError, sqlite3.ProgrammingError)):
        replace_document_facts(
            db, document_id, facts_with(unstorable, caseloads=()), start_run(db, "v2"), "v2"
        )
    assert candidates_of(db, document_id) == [("workforce", "a target", "10 per cent", "v1")]
    assert [r["extractor_version"] for r in db["caseloads"].rows] == ["v1"]
    assert db["documents"].get(document_id)["extracted_version"] == "v1"
    assert db["superseded_facts"].count == 0


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_rerun_replaces_the_documents_candidates(db, document_id, version):
    replace_document_facts(db, document_id, facts_with(TARGET, PERCENTAGE), start_run(db, "v1"), "v1")
    replace_document_facts(db, document_id, facts_with(PERCENTAGE), start_run(db, version), version)
    assert candidates_of(db, document_id) == [("caseloads", "a percentage, ratio or date", "45%", version)]
    assert db["superseded_facts"].count == (1 if version == "v2" else 0)  # facts are kept, candidates not


def test_a_newer_version_of_a_document_drops_the_older_versions_candidates(db, document_id):
    replace_document_facts(db, document_id, facts_with(TARGET), start_run(db, "v1"), "v1")
    newer_id = (
        db["documents"]
        .insert({"sha256": "hull-2", "source_kind": "council_press", "text": TEXT, "version_of": document_id})
        .last_pk
    )
    replace_document_facts(db, newer_id, facts_with(PERCENTAGE), start_run(db, "v1"), "v1")
    assert candidates_of(db, document_id) == []
    assert candidates_of(db, newer_id) == [("caseloads", "a percentage, ratio or date", "45%", "v1")]


def caseloads_only(text, published=None, title=None, source_kind=None, url=None, council=None):
    """An extract function (``casewatch extract --extractor``) that gives no "rejected" key."""
    start = text.index(CASELOAD["quote"])
    return {
        "councils": [],
        "caseloads": [
            {
                **CASELOAD,
                "start": start,
                "end": start + len(CASELOAD["quote"]),
                "sentence": text.split(". ")[0],
            }
        ],
    }


def test_an_extract_function_without_rejected_loads_no_candidates(db, document_id):
    run = run_extraction(db, extract=caseloads_only)
    assert (run["status"], run["documents_processed"], run["facts_produced"], run["errors"]) == (
        "complete",
        1,
        1,
        0,
    )
    assert db["candidates"].count == 0


def test_extract_loads_what_the_extractors_turned_down(db, document_id):
    """``casewatch extract`` stores exactly the real extractors' ``rejected`` list, evidence included."""
    run = run_extraction(db)
    expected = extract_facts(
        TEXT, published="2024-04-02", title="Hull caseloads", source_kind="council_press"
    )["rejected"]
    stored = list(db.query("SELECT * FROM candidates WHERE document_id = ? ORDER BY id", [document_id]))
    assert expected, "the text was chosen for its candidates: the extractors turn none of it down any more"
    assert [
        (r["kind"], r["reason"], r["quote"], r["char_start"], r["char_end"], r["sentence"]) for r in stored
    ] == [(c["kind"], c["reason"], c["quote"], c["start"], c["end"], c["sentence"]) for c in expected]
    assert {r["run_id"] for r in stored} == {run["run_id"]}
    assert run["facts_produced"] == sum(db[kind].count for kind in KIND_NAMES)


def test_a_database_from_before_candidates_gets_the_table_and_its_view(tmp_path):
    path = tmp_path / "casewatch.db"
    older = open_db(path)
    older["candidate_reasons"].drop()
    older["candidates"].drop()
    older.execute("DELETE FROM _migrations WHERE name IN ('050_candidates', '101_candidate_reasons')")
    older.conn.commit()
    db = open_db(path)
    assert "candidates" in db.table_names() and "candidate_reasons" in db.table_names()
    assert {tuple(index.columns) for index in db["candidates"].indexes} >= {
        ("kind", "reason"),
        ("reason",),
        ("document_id",),
    }


# --- Datasette ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def datasette(tmp_path_factory):
    path = tmp_path_factory.mktemp("candidates") / "casewatch.db"
    load_known_facts(open_db(path))
    return casewatch_datasette(path)


def test_candidate_reasons_lists_the_reasons_with_their_counts(datasette):
    found = rows(datasette, "/casewatch/candidate_reasons.json")
    assert [{k: v for k, v in row.items() if k != "rowid"} for row in found] == [
        {"kind": "caseloads", "reason": "a percentage, ratio or date", "candidates": 2, "documents": 2},
        {"kind": "caseloads", "reason": "outside the range of a caseload", "candidates": 1, "documents": 1},
        {
            "kind": "workforce",
            "reason": "no workforce measure named with it",
            "candidates": 1,
            "documents": 1,
        },
    ]


def reason_href(datasette, reason: str) -> str:
    page = get(datasette, "/casewatch/candidate_reasons").text
    found = re.search(
        r'<a class="reason" href="([^"]+)"[^>]*>' + re.escape(str(escape(reason))) + "</a>", page
    )
    assert found, f"no link for {reason!r}"
    return html.unescape(found.group(1))


def test_a_reason_links_to_its_candidates(datasette):
    path, _, query = reason_href(datasette, "a percentage, ratio or date").partition("?")
    assert path == "/casewatch/candidates"
    found = rows(datasette, f"{path}.json?{query}")
    assert sorted(r["quote"] for r in found) == ["18%", "8 November 2022"]
    page = get(datasette, f"{path}?{query}").text
    assert "Caseloads fall as Northmoor recruits permanent social workers" in page  # the document's title
    assert "Agency workers now make up 18% of the children&#39;s social care workforce." in page


def test_each_candidate_quote_opens_its_document_with_the_span_highlighted(datasette):
    candidate = rows(datasette, "/casewatch/candidates.json?quote=18%25")[0]
    page = get(datasette, "/casewatch/candidates?kind=caseloads").text
    assert f'<a class="evidence" href="/-/evidence/candidates/{candidate["id"]}"' in page
    evidence = get(datasette, f"/-/evidence/candidates/{candidate['id']}")
    assert evidence.status_code == 200
    assert '<mark class="quote" id="quote">18%</mark>' in evidence.text
    assert "the caseloads reader turned this down" in evidence.text
    assert "a percentage, ratio or date" in evidence.text
    assert f'href="{escape(reason_href(datasette, "a percentage, ratio or date"))}"' in evidence.text


def test_the_evidence_page_of_no_candidate_is_not_found(datasette):
    assert get(datasette, "/-/evidence/candidates/999999").status_code == 404


@pytest.mark.parametrize("table", ["candidates", "candidate_reasons"])
def test_the_candidate_tables_and_their_columns_are_described(datasette, table):
    described = load_metadata()["databases"]["casewatch"]["tables"][table]
    page = get(datasette, f"/casewatch/{table}").text
    assert str(escape(described["description"])) in page
    assert [text for text in described["columns"].values() if str(escape(text)) not in page] == []
