"""`casewatch extract --workers N`: the workers die with their parent, even after ``kill -9``.

An orphaned worker went on extracting what was queued for it (or hung on a queue lock) and held the
database open. Real processes here: the command runs in a subprocess and is killed with SIGKILL.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

from sqlite_utils.utils import sqlite3
from test_reruns import CASEWATCH, casewatch, make_documents, subprocess_env, write_corpus

from corpus.ingest import ingest_paths
from db.database import open_db
from extractors.kinds import KIND_NAMES

MARKS = "CASEWATCH_TEST_MARKS"  # a folder where each worker leaves its pid when it starts on a document
PACE = "CASEWATCH_TEST_PACE"  # seconds per document


def marking_extract(text, **context):
    """An extract function at a set pace that tells the test which process is extracting."""
    if os.environ.get(MARKS):
        Path(os.environ[MARKS], str(os.getpid())).touch()
    time.sleep(float(os.environ.get(PACE, "0")))
    return {"councils": [], **{kind: [] for kind in KIND_NAMES}}


def process_gone(pid: int) -> bool:
    """No such process, or a zombie nobody has reaped yet (it holds no files and runs no code)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def children_of(pid: int) -> set:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_workers_die_with_their_parent_after_kill_9(tmp_path):
    db_path, marks = tmp_path / "casewatch.db", tmp_path / "marks"
    marks.mkdir()
    ingest_paths(
        open_db(db_path), tmp_path / "data", [write_corpus(tmp_path / "docs", make_documents(20, seed=4))]
    )
    env = {**subprocess_env(), MARKS: str(marks), PACE: "2"}  # a chunk of 4 documents takes a worker 8 s
    parent = subprocess.Popen(
        [
            str(CASEWATCH),
            "extract",
            "--db",
            str(db_path),
            "--workers",
            "2",
            "--extractor",
            "test_extract_workers:marking_extract",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: len(list(marks.iterdir())) == 2, 120), "the workers never started extracting"
        workers = {int(p.name) for p in marks.iterdir()} | children_of(parent.pid)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    assert wait_for(lambda: all(process_gone(pid) for pid in workers), 3), (
        f"workers {[pid for pid in workers if not process_gone(pid)]} outlived their parent"
    )
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 20
    resumed = casewatch(
        "extract", "--db", str(db_path), "--extractor", "test_extract_workers:marking_extract"
    )
    assert resumed.returncode == 0, resumed.stderr
    db = open_db(db_path)
    assert [run["status"] for run in db["extraction_runs"].rows] == ["failed", "complete"]
    done = [
        row["document_id"] for row in db.query("SELECT document_id FROM run_documents WHERE status = 'ok'")
    ]
    assert sorted(done) == sorted(row["id"] for row in db["documents"].rows)  # each document once
