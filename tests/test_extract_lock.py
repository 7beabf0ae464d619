"""One extraction at a time per database: a second `extract` or `run` while one is running exits at once
(status 3) naming the run that holds the database, and no document is extracted twice.

The first run is a real `casewatch extract` in a subprocess; the lock ends with it however it ends.
"""

import datetime
import json
import signal
import subprocess

import pytest
from click.testing import CliRunner
from test_extract_workers import MARKS, PACE, wait_for
from test_reruns import CASEWATCH, casewatch, make_documents, subprocess_env, write_corpus

from corpus.ingest import ingest_paths
from db.database import open_db
from pipeline.cli import cli

EXTRACTOR = "test_extract_workers:marking_extract"
DOCUMENTS = 80


def start_slow_extract(tmp_path, db_path) -> subprocess.Popen:
    """`casewatch extract` at 0.1 s a document, returned once it is extracting."""
    marks = tmp_path / "marks"
    marks.mkdir()
    env = {**subprocess_env(), MARKS: str(marks), PACE: "0.1"}
    first = subprocess.Popen(
        [str(CASEWATCH), "extract", "--db", str(db_path), "--extractor", EXTRACTOR],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_for(lambda: any(marks.iterdir()), 120), "the first run never started extracting"
    return first


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "casewatch.db"
    ingest_paths(
        open_db(path), tmp_path / "data", [write_corpus(tmp_path / "docs", make_documents(DOCUMENTS, 5))]
    )
    return path


@pytest.mark.parametrize("command", [["extract", "--extractor", EXTRACTOR], ["run", "--skip-fetch"]])
@pytest.mark.parametrize("end", [signal.SIGTERM, signal.SIGKILL], ids=["first-stopped", "first-killed"])
def test_a_second_run_exits_while_the_first_holds_the_database(tmp_path, db_path, command, end):
    first = start_slow_extract(tmp_path, db_path)
    try:
        second = CliRunner().invoke(cli, [*command, "--db", str(db_path)])
    finally:
        first.send_signal(end)
        first.wait()
    assert second.exit_code == 3, second.output
    assert f"another extract run (pid {first.pid}, started at " in second.stderr
    assert "is using casewatch.db" in second.stderr and "Traceback" not in second.stderr
    db = open_db(db_path)
    assert [run["status"] for run in db["extraction_runs"].rows] == [
        "running" if end == signal.SIGKILL else "failed"
    ]
    # the lock ended with the first run, however it ended: the next run takes over and finishes the rest
    resumed = casewatch("extract", "--db", str(db_path), "--extractor", EXTRACTOR)
    assert resumed.returncode == 0, resumed.stderr
    assert [run["status"] for run in db["extraction_runs"].rows] == ["failed", "complete"]
    done = [
        row["document_id"] for row in db.query("SELECT document_id FROM run_documents WHERE status = 'ok'")
    ]
    assert sorted(done) == list(range(1, DOCUMENTS + 1))  # each document extracted once
    assert db["documents"].count == DOCUMENTS


def test_the_lock_file_names_its_holder_while_held_and_nobody_after(tmp_path, db_path):
    first = start_slow_extract(tmp_path, db_path)
    try:
        holder = json.loads((tmp_path / "casewatch.db.lock").read_text())
    finally:
        first.kill()
        first.wait()
    assert (holder["pid"], holder["label"]) == (first.pid, "extract run")
    assert datetime.datetime.fromisoformat(holder["started_at"]).tzinfo is not None
    result = CliRunner().invoke(cli, ["extract", "--db", str(db_path), "--extractor", EXTRACTOR])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "casewatch.db.lock").read_text() == ""
