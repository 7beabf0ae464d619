"""`casewatch export`: the current facts with evidence and provenance, as CSV, JSON or JSON lines."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from test_reruns import extract_v1, extract_v2, make_documents, write_corpus

from corpus.ingest import ingest_paths
from db.database import open_db
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli
from pipeline.extract import run_extraction

PROVENANCE = [
    "document_id",
    "document_url",
    "document_path",
    "document_title",
    "document_published",
    "document_sha256",
    "run_id",
    "extractor_version",
]


@pytest.fixture
def db_path(tmp_path):
    """20 documents extracted by v1, then rerun by v2: the export must show v2's facts only."""
    path = tmp_path / "casewatch.db"
    db = open_db(path)
    docs = write_corpus(tmp_path / "docs", make_documents(20, seed=11))
    (docs / "doc0000.meta.json").write_text(
        json.dumps({"url": "https://www.barnsley.gov.uk/news/caseloads", "published": "2023-03-01"}),
        encoding="utf-8",
    )
    ingest_paths(db, tmp_path / "data", [docs])
    run_extraction(db, extract=extract_v1, version="v1")
    run_extraction(db, rerun=True, extract=extract_v2, version="v2")
    return str(path)


def export(db_path, *args) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", db_path, *args])
    assert result.exit_code == 0, result.output
    return result.output


def parse(fmt: str, output: str) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(output)))
    if fmt == "json":
        return json.loads(output)
    return [json.loads(line) for line in output.splitlines()]


def current_fact_count(db_path, kinds=KIND_NAMES) -> int:
    db = open_db(db_path)
    return sum(db[kind].count for kind in kinds)


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_writes_every_current_fact_with_evidence_and_provenance(db_path, fmt):
    records = parse(fmt, export(db_path, "--format", fmt))
    db = open_db(db_path)
    texts = {row["id"]: row["text"] for row in db.query("SELECT id, text FROM documents")}
    assert len(records) == current_fact_count(db_path) > 0
    for record in records:
        assert set(PROVENANCE + ["quote", "sentence", "char_start", "char_end", "kind"]) <= set(record)
        start, end = int(record["char_start"]), int(record["char_end"])
        assert texts[int(record["document_id"])][start:end] == record["quote"]
        assert record["extractor_version"] == "v2" and len(record["document_sha256"]) == 64
    first = next(r for r in records if int(r["document_id"]) == 1)
    assert (first["document_url"], first["document_published"]) == (
        "https://www.barnsley.gov.uk/news/caseloads",
        "2023-03-01",
    )


@pytest.mark.parametrize("kind", ["caseloads", "workforce"])
def test_export_one_kind(db_path, kind):
    records = parse("jsonl", export(db_path, "--format", "jsonl", "--kind", kind))
    assert {r["kind"] for r in records} == {kind}
    assert len(records) == current_fact_count(db_path, [kind])


def test_export_csv_of_one_kind_has_only_its_columns(db_path):
    header = export(db_path, "--format", "csv", "--kind", "workforce").splitlines()[0].split(",")
    assert {"metric", "unit", "value", "council"} <= set(header)
    assert not {"judgement", "amount_gbp", "measure"} & set(header)


def test_export_to_a_file(db_path, tmp_path):
    target = tmp_path / "facts.json"
    result = CliRunner().invoke(cli, ["export", "--db", db_path, "--format", "json", "--output", str(target)])
    assert result.exit_code == 0, result.output
    records = json.loads(target.read_text(encoding="utf-8"))
    assert len(records) == current_fact_count(db_path)
    assert f"{len(records)} facts written to {target}" in result.output
