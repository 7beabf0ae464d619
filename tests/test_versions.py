"""Changed documents: a newer version's facts replace its older versions' facts.

The fetcher stores a changed article or report as a new ``documents`` row whose ``version_of`` points at
the row it replaces. The tables and views a journalist reads show the latest version's facts only; the
older versions' facts move to ``superseded_facts`` in the transaction that loads the newer ones.

``extract_caseloads`` is a real function with the contract of ``extractors.api.extract_facts``, given to
``run_extraction`` so the tests control exactly which facts each version yields.
"""

import hashlib
import json
import re

import pytest

from db.database import open_db
from extractors.kinds import KIND_NAMES
from pipeline.extract import run_extraction

URL = "https://www.northmoor.gov.uk/news/childrens-services-update"

# An article as first published, then corrected twice: each version a new row.
VERSIONS = [
    "Children's services update. Social workers in Northmoor now hold caseloads of 24 children on average. "
    "Agency staff make up 21 per cent of the workforce.",
    "Children's services update. Social workers in Northmoor now hold caseloads of 19 children on average. "
    "Agency staff make up 21 per cent of the workforce.",
    "Children's services update (corrected). Social workers in Northmoor now hold caseloads of 17 children "
    "on average. Agency staff make up 18 per cent of the workforce.",
]
PATTERNS = {"caseloads": r"caseloads of (\d+)", "workforce": r"(\d+) per cent"}


def extract_caseloads(text, published=None, title=None, source_kind=None, url=None, council=None):
    facts = {"councils": [], **{kind: [] for kind in KIND_NAMES}}
    for kind, pattern in PATTERNS.items():
        for m in re.finditer(pattern, text):
            fields = (
                {"value": float(m.group(1)), "measure": "average"}
                if kind == "caseloads"
                else {"metric": "agency_rate", "value": float(m.group(1)), "unit": "percent"}
            )
            facts[kind].append(
                {
                    **fields,
                    "quote": m.group(0),
                    "start": m.start(),
                    "end": m.end(),
                    "sentence": text,
                    "council_code": None,
                }
            )
    return facts


def extract_caseloads_v2(text, published=None, title=None, source_kind=None, url=None, council=None):
    """The same facts from an "improved" extractor: recorded as another extractor version."""
    return extract_caseloads(text, published, title, source_kind)


def store_version(db, text: str, older_id=None) -> int:
    """A document row as the fetcher stores a new version of a URL."""
    return (
        db["documents"]
        .insert(
            {
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "source_kind": "council_press",
                "url": URL,
                "title": text.split(".")[0],
                "published": "2024-03-12",
                "text": text,
                "version_of": older_id,
            }
        )
        .last_pk
    )


def current_quotes(db) -> dict:
    return {
        kind: sorted((r["document_id"], r["quote"]) for r in db[kind].rows)
        for kind in ("caseloads", "workforce")
    }


def superseded(db) -> list:
    return sorted(
        (r["document_id"], r["kind"], r["quote"], r["superseded_by_run"]) for r in db["superseded_facts"].rows
    )


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "casewatch.db")


def test_a_new_version_replaces_the_older_versions_facts(db):
    first = store_version(db, VERSIONS[0])
    run_1 = run_extraction(db, extract=extract_caseloads)
    second = store_version(db, VERSIONS[1], first)
    run_2 = run_extraction(db, extract=extract_caseloads)
    assert run_2["documents_processed"] == 1
    assert current_quotes(db) == {
        "caseloads": [(second, "caseloads of 19")],
        "workforce": [(second, "21 per cent")],
    }
    assert superseded(db) == [
        (first, "caseloads", "caseloads of 24", run_2["run_id"]),
        (first, "workforce", "21 per cent", run_2["run_id"]),
    ]
    kept = next(db["superseded_facts"].rows_where("kind = 'caseloads'"))
    assert kept["run_id"] == run_1["run_id"] and json.loads(kept["fact"])["value"] == 24.0
    assert [r["quote"] for r in db.query("SELECT quote FROM facts ORDER BY kind")] == [
        "caseloads of 19",
        "21 per cent",
    ]


def test_every_older_version_in_a_chain_is_superseded(db):
    ids = []
    for text in VERSIONS:
        ids.append(store_version(db, text, ids[-1] if ids else None))
        run_extraction(db, extract=extract_caseloads)
    assert current_quotes(db) == {
        "caseloads": [(ids[2], "caseloads of 17")],
        "workforce": [(ids[2], "18 per cent")],
    }
    assert sorted((r["document_id"], r["quote"]) for r in db["superseded_facts"].rows) == [
        (ids[0], "21 per cent"),
        (ids[0], "caseloads of 24"),
        (ids[1], "21 per cent"),
        (ids[1], "caseloads of 19"),
    ]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_older_version_not_yet_extracted_counts_as_done(db):
    """Both versions fetched before extraction runs: only the newer one is extracted."""
    first = store_version(db, VERSIONS[0])
    second = store_version(db, VERSIONS[1], first)
    run = run_extraction(db, extract=extract_caseloads)
    assert run["documents_processed"] == 1
    assert current_quotes(db)["caseloads"] == [(second, "caseloads of 19")]
    assert db["documents"].get(first)["extracted_version"] is None


def test_a_rerun_by_a_new_extractor_version_keeps_the_latest_version_only(db):
    first = store_version(db, VERSIONS[0])
    run_extraction(db, extract=extract_caseloads)
    second = store_version(db, VERSIONS[1], first)
    run_extraction(db, extract=extract_caseloads)
    rerun = run_extraction(db, rerun=True, extract=extract_caseloads_v2)
    assert rerun["documents_processed"] == 1
    assert current_quotes(db)["caseloads"] == [(second, "caseloads of 19")]
    assert {r["extractor_version"] for r in db["caseloads"].rows} == {rerun["extractor_version"]}
    assert [
        (r["document_id"], r["quote"])
        for r in db["superseded_facts"].rows_where("kind = 'caseloads'", order_by="id")
    ] == [(first, "caseloads of 24"), (second, "caseloads of 19")]
