"""Rerunning extraction: versioned runs, superseded facts, diffs, prune, resumable after SIGINT or kill -9.

The extract functions below are real functions with the contract of ``extractors.api.extract_facts``,
injected into ``run_extraction`` (or ``casewatch extract --extractor``) so the tests control exactly which
facts each "extractor version" produces: ``extract_v2`` is ``extract_v1`` with a changed pattern.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils.utils import sqlite3

from corpus.ingest import ingest_paths
from db.database import open_db
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli
from pipeline.extract import fail_abandoned_runs, function_version, run_extraction
from pipeline.runs import diff_runs, prune_versions

TESTS_DIR = Path(__file__).resolve().parent
CASEWATCH = Path(sys.executable).with_name("casewatch")
KINDS = KIND_NAMES

COUNCILS = ["Barnsley", "Warwickshire", "Leeds", "Kingston upon Thames", "Bradford", "Norfolk", "Hackney"]
SENTENCES = [
    "Social workers at {council} Council now carry caseloads of {n} children on average, the report says.",
    "Inspectors found caseloads at {n} in the assessment team, down from {m} a year earlier.",
    "Nationally caseloads of {m} are typical, according to the Department for Education.",
    "Agency workers make up {p} per cent of {council}'s children's social work staff.",
    "The cabinet agreed {council} would recruit {r} newly qualified social workers this year.",
    "Councillors noted that staff turnover had been a concern for some time.",
]
# v1: the original patterns. v2 changes the caseload pattern ("caseloads at N" now counts, national
# figures no longer do) and reads "on average" as the measure.
PATTERNS_V1 = {"caseloads": r"caseloads (?:of) (\d+)", "agency": r"(\d+) per cent"}
PATTERNS_V2 = {"caseloads": r"(?<!Nationally )caseloads (?:of|at) (\d+)", "agency": r"(\d+) per cent"}


def empty_facts() -> dict:
    return {"councils": [], **{kind: [] for kind in KINDS}}


def sentence_of(text: str, start: int) -> str:
    begin = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    end = text.find(". ", start)
    return text[begin : end + 1 if end != -1 else len(text)]


def pattern_facts(text: str, patterns: dict, average_measure: bool) -> dict:
    facts = empty_facts()
    for m in re.finditer(patterns["caseloads"], text):
        sentence = sentence_of(text, m.start())
        measure = "average" if average_measure and "on average" in sentence else "unspecified"
        facts["caseloads"].append(
            {
                "value": float(m.group(1)),
                "measure": measure,
                "quote": m.group(0),
                "start": m.start(),
                "end": m.end(),
                "sentence": sentence,
                "council_code": None,
            }
        )
    for m in re.finditer(patterns["agency"], text):
        facts["workforce"].append(
            {
                "metric": "agency_rate",
                "value": float(m.group(1)),
                "unit": "percent",
                "quote": m.group(0),
                "start": m.start(),
                "end": m.end(),
                "sentence": sentence_of(text, m.start()),
                "council_code": "370",
            }
        )
    return facts


def extract_v1(text, published=None, title=None, source_kind=None, url=None, council=None):
    return pattern_facts(text, PATTERNS_V1, average_measure=False)


def extract_v2(text, published=None, title=None, source_kind=None, url=None, council=None):
    return pattern_facts(text, PATTERNS_V2, average_measure=True)


def extract_v1_failing(text, published=None, title=None, source_kind=None, url=None, council=None):
    if "turnover" in text:
        raise ValueError("this extractor cannot read turnover sentences")
    return extract_v1(text)


def extract_v1_unloadable(text, published=None, title=None, source_kind=None, url=None, council=None):
    """Facts the tables cannot hold for documents about turnover: a value that is a list."""
    facts = extract_v1(text)
    if "turnover" in text:
        facts["workforce"].append(
            {
                "metric": "turnover_rate",
                "value": [12, 14],
                "unit": "percent",
                "quote": "turnover",
                "start": text.index("turnover"),
                "end": text.index("turnover") + 8,
            }
        )
    return facts


def slow_extract_v1(text, published=None, title=None, source_kind=None, url=None, council=None):
    """extract_v1 at the pace of a real spaCy pipeline, so a test can interrupt it mid-run."""
    time.sleep(0.01)
    return extract_v1(text)


def make_documents(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        council = rng.choice(COUNCILS)
        picked = rng.sample(SENTENCES, rng.randint(2, 4))
        body = " ".join(
            s.format(
                council=council,
                n=rng.randint(12, 30),
                m=rng.randint(14, 24),
                p=rng.randint(5, 40),
                r=rng.randint(3, 40),
            )
            for s in picked
        )
        docs.append(f"{council} children's services update no. {i}\n\n{body}\n")
    return docs


def write_corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus_db(tmp_path):
    """A database with 60 stored documents, none extracted yet."""
    db = open_db(tmp_path / "casewatch.db")
    ingest_paths(db, tmp_path / "data", [write_corpus(tmp_path / "docs", make_documents(60, seed=6))])
    return db


def fact_keys(facts: dict) -> Counter:
    """(kind, start, end, value, measure) of each fact: what identifies and distinguishes facts here."""
    return Counter(
        (kind, f["start"], f["end"], f["value"], f.get("measure")) for kind in KINDS for f in facts[kind]
    )


def stored_keys(db, document_id: int) -> Counter:
    keys = Counter()
    for kind, measure in (("caseloads", "measure"), ("workforce", "NULL")):
        rows = db.execute(
            f"SELECT char_start, char_end, value, {measure} FROM [{kind}] WHERE document_id = ?",
            [document_id],
        ).fetchall()
        keys.update((kind, *row) for row in rows)
    return keys


def documents(db) -> list[dict]:
    return list(db.query("SELECT id, text, extracted_version FROM documents ORDER BY id"))


def test_rerun_after_changed_pattern_replaces_exactly_the_affected_facts(corpus_db):
    db = corpus_db
    first = run_extraction(db, extract=extract_v1, version="v1")
    second = run_extraction(db, rerun=True, extract=extract_v2, version="v2")
    assert (first["status"], second["status"]) == ("complete", "complete")
    assert first["documents_processed"] == second["documents_processed"] == 60
    for doc in documents(db):
        assert doc["extracted_version"] == "v2"
        assert stored_keys(db, doc["id"]) == fact_keys(extract_v2(doc["text"]))
    superseded = Counter(
        (r["document_id"], r["kind"], r["char_start"], r["char_end"], json.loads(r["fact"])["value"])
        for r in db.query("SELECT * FROM superseded_facts")
    )
    expected = Counter(
        (doc["id"], kind, f["start"], f["end"], f["value"])
        for doc in documents(db)
        for kind, facts in extract_v1(doc["text"]).items()
        if kind != "councils"
        for f in facts
    )
    assert superseded == expected and sum(expected.values()) > 0
    assert {r["superseded_by_run"] for r in db.query("SELECT superseded_by_run FROM superseded_facts")} == {2}


def expected_changes(text: str) -> dict:
    """What diff should report for one document, worked out from the two extract functions directly."""
    old = {(k, f["start"], f["end"]): f for k in KINDS for f in extract_v1(text)[k]}
    new = {(k, f["start"], f["end"]): f for k in KINDS for f in extract_v2(text)[k]}
    return {
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
        "changed": sorted(
            k
            for k in old.keys() & new.keys()
            if (old[k]["value"], old[k].get("measure")) != (new[k]["value"], new[k].get("measure"))
        ),
    }


def reported_changes(doc: dict) -> dict:
    return {
        change: sorted(
            (kind, f["char_start"], f["char_end"])
            for kind, changes in doc["kinds"].items()
            for f in changes[change]
        )
        for change in ("added", "removed", "changed")
    }


def test_diff_reports_the_added_removed_and_changed_facts(corpus_db):
    db = corpus_db
    run_extraction(db, extract=extract_v1, version="v1")
    run_extraction(db, rerun=True, extract=extract_v2, version="v2")
    diff = diff_runs(db, 1, 2)
    texts = {doc["id"]: doc["text"] for doc in documents(db)}
    expected = {doc_id: expected_changes(text) for doc_id, text in texts.items()}
    expected = {doc_id: changes for doc_id, changes in expected.items() if any(changes.values())}
    assert {doc["document_id"]: reported_changes(doc) for doc in diff["documents"]} == expected
    for change in ("added", "removed", "changed"):
        assert diff["summary"][change] == sum(len(c[change]) for c in expected.values()) > 0
    assert diff["summary"]["documents_compared"] == 60
    for doc in diff["documents"]:
        for changes in doc["kinds"].values():
            for fact in changes["added"] + changes["removed"] + changes["changed"]:
                assert texts[doc["document_id"]][fact["char_start"] : fact["char_end"]] == fact["quote"]


def test_diff_command_text_and_json(corpus_db, tmp_path):
    run_extraction(corpus_db, extract=extract_v1, version="v1")
    run_extraction(corpus_db, rerun=True, extract=extract_v2, version="v2")
    db_path = str(tmp_path / "casewatch.db")
    as_json = CliRunner().invoke(cli, ["diff", "1", "2", "--db", db_path, "--json"])
    as_text = CliRunner().invoke(cli, ["diff", "1", "2", "--db", db_path])
    assert as_json.exit_code == as_text.exit_code == 0, as_text.output
    summary = json.loads(as_json.output)["summary"]
    last_line = as_text.output.strip().splitlines()[-1]
    assert (
        f"{summary['added']} facts added, {summary['removed']} removed, {summary['changed']} changed"
        in last_line
    )
    assert re.search(r'caseloads \+ \[\d+:\d+\] "caseloads at \d+"', as_text.output)
    assert re.search(r'caseloads - \[\d+:\d+\] "caseloads of \d+"', as_text.output)
    assert re.search(r"caseloads ~ .*measure: unspecified -> average", as_text.output)


def test_diff_of_an_unknown_run_is_an_error(corpus_db, tmp_path):
    run_extraction(corpus_db, extract=extract_v1, version="v1")
    result = CliRunner().invoke(cli, ["diff", "1", "7", "--db", str(tmp_path / "casewatch.db")])
    assert result.exit_code == 1 and "no extraction run 7" in result.output


@pytest.mark.parametrize(
    "failing_extract,error",
    [
        (extract_v1_failing, "ValueError: this extractor cannot read turnover sentences"),
        # the SQLite module's word for a value it cannot bind (Python's own: ProgrammingError; pysqlite3's:
        # InterfaceError)
        (extract_v1_unloadable, "could not load its facts: (ProgrammingError|InterfaceError)"),
    ],
    ids=["extractor-raises", "facts-unloadable"],
)
def test_a_failing_document_is_counted_left_unmarked_and_retried(corpus_db, failing_extract, error):
    db = corpus_db
    failing = {d["id"] for d in documents(db) if "turnover" in d["text"]}
    first = run_extraction(db, extract=failing_extract, version="v1")
    assert failing and first["errors"] == len(failing)
    assert first["documents_processed"] == 60 - len(failing)
    assert {d["id"] for d in documents(db) if d["extracted_version"] is None} == failing
    errors = db.query("SELECT document_id, error FROM run_documents WHERE status = 'error'")
    assert {r["document_id"] for r in errors if re.match(error, r["error"])} == failing
    assert not any(stored_keys(db, doc_id) for doc_id in failing)  # none of a failed document's facts
    retry = run_extraction(db, extract=extract_v1, version="v1")
    assert (retry["documents_processed"], retry["errors"]) == (len(failing), 0)
    assert all(d["extracted_version"] == "v1" for d in documents(db))


def test_prune_keeps_the_newest_versions_and_all_current_facts(corpus_db):
    db = corpus_db
    for version, extract in [("v1", extract_v1), ("v2", extract_v2), ("v3", extract_v1)]:
        run_extraction(db, rerun=True, extract=extract, version=version)
    current = {kind: db[kind].count for kind in KINDS}
    per_version = Counter(
        r["extractor_version"] for r in db.query("SELECT extractor_version FROM superseded_facts")
    )
    assert set(per_version) == {"v1", "v2"}
    result = prune_versions(db, keep=2)
    assert (result["kept"], result["dropped"], result["facts_deleted"]) == (
        ["v3", "v2"],
        ["v1"],
        per_version["v1"],
    )
    assert {r["extractor_version"] for r in db.query("SELECT extractor_version FROM superseded_facts")} == {
        "v2"
    }
    assert {kind: db[kind].count for kind in KINDS} == current
    assert [r["id"] for r in db.query("SELECT id FROM extraction_runs WHERE pruned_at IS NOT NULL")] == [1]
    db_path = db.execute("PRAGMA database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["prune", "--keep", "1", "--db", db_path])
    assert result.exit_code == 0 and f"{per_version['v2']} superseded facts deleted" in result.output
    assert db["superseded_facts"].count == 0 and {kind: db[kind].count for kind in KINDS} == current
    pruned_diff = diff_runs(db, 1, 3)  # run 1 has nothing left to compare: all of run 3 reads as added
    assert (
        len(pruned_diff["notes"]) == 1
        and pruned_diff["summary"]["removed"] == 0 < pruned_diff["summary"]["added"]
    )


def test_only_runs_whose_process_is_gone_are_marked_failed(corpus_db):
    db = corpus_db
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    try:
        for pid in (alive.pid, gone.pid):
            db["extraction_runs"].insert(
                {
                    "status": "running",
                    "pid": pid,
                    "extractor_version": "v1",
                    "documents_processed": 0,
                    "facts_produced": 0,
                    "errors": 0,
                }
            )
        assert fail_abandoned_runs(db) == [2]
        statuses = {r["pid"]: r["status"] for r in db.query("SELECT pid, status FROM extraction_runs")}
        assert statuses == {alive.pid: "running", gone.pid: "failed"}
    finally:
        alive.kill()
        alive.wait()


def subprocess_env() -> dict:
    """The environment for a ``casewatch`` subprocess that can import this module's extract functions."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")])),
    }


def casewatch(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CASEWATCH), *args], env=subprocess_env(), capture_output=True, text=True, timeout=300, **kwargs
    )


def documents_done(db_path: Path) -> int:
    with sqlite3.connect(db_path, timeout=10) as conn:
        try:
            return conn.execute("SELECT count(*) FROM run_documents").fetchone()[0]
        except sqlite3.OperationalError:  # schema not created yet
            return 0


def interrupt_extract(db_path: Path, sig: int, workers: int, after: int) -> subprocess.Popen:
    """Start ``casewatch extract`` and send it ``sig`` once ``after`` documents are loaded."""
    args = [
        str(CASEWATCH),
        "extract",
        "--db",
        str(db_path),
        "--extractor",
        "test_reruns:slow_extract_v1",
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(
        args,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while documents_done(db_path) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    return proc


@pytest.mark.parametrize(
    "sig,workers",
    [(signal.SIGKILL, 1), (signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGKILL, 2)],
    ids=["kill-9", "sigint", "sigterm", "kill-9-two-workers"],
)
def test_interrupted_extract_resumes_with_every_fact_once(tmp_path, sig, workers):
    db_path = tmp_path / "casewatch.db"
    db = open_db(db_path)
    ingest_paths(db, tmp_path / "data", [write_corpus(tmp_path / "docs", make_documents(300, seed=9))])
    interrupt_extract(db_path, sig, workers, after=25)
    interrupted = db["extraction_runs"].get(1)
    assert 25 <= interrupted["documents_processed"] < 300, "the run was not interrupted part-way"
    assert interrupted["status"] == ("running" if sig == signal.SIGKILL else "failed")
    resumed = casewatch("extract", "--db", str(db_path), "--extractor", "test_reruns:slow_extract_v1")
    assert resumed.returncode == 0, resumed.stderr
    first, second = db["extraction_runs"].get(1), db["extraction_runs"].get(2)
    expected_note = {
        signal.SIGKILL: "interrupted: its process ended",
        signal.SIGINT: "interrupted (SIGINT)",
        signal.SIGTERM: "stopped (exit status 143)",
    }[sig]
    assert first["status"] == "failed" and first["note"].startswith(expected_note)
    assert second["status"] == "complete"
    assert first["documents_processed"] + second["documents_processed"] == 300
    version = function_version(slow_extract_v1)
    for doc in documents(db):
        assert doc["extracted_version"] == version
        assert stored_keys(db, doc["id"]) == fact_keys(extract_v1(doc["text"]))
    per_document = Counter(r["document_id"] for r in db.query("SELECT document_id FROM run_documents"))
    assert set(per_document.values()) == {1} and len(per_document) == 300
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_incremental_run_on_an_unchanged_corpus_does_no_extraction_work(tmp_path):
    docs = write_corpus(tmp_path / "docs", make_documents(12, seed=3))
    args = [
        "run",
        "--skip-fetch",
        str(docs),
        "--db",
        str(tmp_path / "casewatch.db"),
        "--data-dir",
        str(tmp_path / "data"),
    ]
    first, second = casewatch(*args), casewatch(*args)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert "12 stored" in first.stdout and "0 stored, 12 already stored" in second.stdout
    runs = {r["id"]: r for r in open_db(tmp_path / "casewatch.db")["extraction_runs"].rows}
    assert (runs[1]["status"], runs[1]["documents_processed"] + runs[1]["errors"]) == ("complete", 12)
    assert (runs[2]["status"], runs[2]["documents_processed"], runs[2]["errors"]) == ("complete", 0, 0)


def test_runs_command_lists_runs_newest_first(corpus_db, tmp_path):
    run_extraction(corpus_db, extract=extract_v1, version="v1")
    run_extraction(corpus_db, rerun=True, extract=extract_v2, version="v2")
    result = CliRunner().invoke(cli, ["runs", "--db", str(tmp_path / "casewatch.db"), "--json"])
    runs = json.loads(result.output)
    assert [(r["id"], r["extractor_version"], r["status"], r["documents_processed"]) for r in runs] == [
        (2, "v2", "complete", 60),
        (1, "v1", "complete", 60),
    ]
    text = CliRunner().invoke(cli, ["runs", "--db", str(tmp_path / "casewatch.db"), "--limit", "1"]).output
    assert len(text.strip().splitlines()) == 2 and "v2" in text and "v1" not in text


@pytest.mark.parametrize(
    "flags,expect_progress,expect_steps",
    [([], True, False), (["--quiet"], False, False), (["--verbose"], True, True)],
)
def test_progress_is_logged_when_not_on_a_terminal(tmp_path, flags, expect_progress, expect_steps):
    db_path = tmp_path / "casewatch.db"
    ingest_paths(
        open_db(db_path), tmp_path / "data", [write_corpus(tmp_path / "docs", make_documents(5, seed=1))]
    )
    result = casewatch(*flags, "extract", "--db", str(db_path), "--extractor", "test_reruns:extract_v1")
    assert result.returncode == 0, result.stderr
    assert ("extract: 5 documents done" in result.stderr) == expect_progress
    assert bool(re.search(r"document 5: \d+ facts", result.stderr)) == expect_steps
    assert "run 1 complete: 5 documents extracted" in result.stdout


@pytest.mark.skipif(not shutil.which("script"), reason="needs script(1) to run casewatch on a terminal")
def test_progress_bar_with_rate_and_eta_on_a_terminal(tmp_path):
    db_path = tmp_path / "casewatch.db"
    ingest_paths(
        open_db(db_path), tmp_path / "data", [write_corpus(tmp_path / "docs", make_documents(5, seed=1))]
    )
    command = f"stty cols 100 rows 30; {CASEWATCH} extract --db {db_path} --extractor test_reruns:extract_v1"
    typescript = tmp_path / "typescript"
    subprocess.run(
        ["script", "-qc", command, str(typescript)],
        env=subprocess_env(),
        capture_output=True,
        timeout=300,
        check=True,
    )
    screen = typescript.read_text(encoding="utf-8", errors="replace")
    assert re.search(r"extract: 100%\|.*\| 5/5 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ document/s\]", screen)
    assert "documents done" not in screen  # the bar, not the log lines


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Barnsley Council news</title><link>{url}/news</link>
<item><title>Council recruits 30 social workers as caseloads fall</title><link>{url}/news/recruits</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate>
<description>More social workers for children's services.</description></item>
<item><title>Agency social workers cut by a third</title><link>{url}/news/agency</link>
<pubDate>Mon, 12 Feb 2024 09:00:00 GMT</pubDate><description>Fewer agency social workers.</description></item>
</channel></rss>"""
ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>Barnsley Council said average caseloads for its children's social workers had fallen to 17 in
January 2024, from 22 a year earlier.</p><p>{text}</p></article></body></html>"""
SOURCES = """[client]
delay = 0
backoff = 0.01

[ofsted]
base_url = "{url}"

[news]
keywords = ["social workers"]

[[councils]]
name = "Barnsley"
feeds = ["{url}/rss/news"]
"""


def serve_council_news(httpserver):
    url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/rss/news").respond_with_data(
        RSS.format(url=url), content_type="application/rss+xml"
    )
    for slug, title, text in [
        ("recruits", "Council recruits 30 social workers", "The council recruited 30 social workers."),
        ("agency", "Agency social workers cut", "Agency workers are now 12 per cent of staff."),
    ]:
        httpserver.expect_request(f"/news/{slug}").respond_with_data(
            ARTICLE.format(title=title, text=text), content_type="text/html"
        )
    httpserver.expect_request("/search").respond_with_data(
        "<html><body><p>No results</p></body></html>", content_type="text/html"
    )  # Ofsted: no providers
    return url


def test_run_fetches_extracts_and_a_second_run_does_nothing_new(tmp_path, httpserver):
    """`casewatch run` with the configured sources on 127.0.0.1: the second run fetches nothing new and
    its extraction run processes no document."""
    config = tmp_path / "sources.toml"
    config.write_text(SOURCES.format(url=serve_council_news(httpserver)), encoding="utf-8")
    args = [
        "run",
        "--config",
        str(config),
        "--db",
        str(tmp_path / "casewatch.db"),
        "--data-dir",
        str(tmp_path / "data"),
    ]
    first, second = casewatch(*args), casewatch(*args)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    db = open_db(tmp_path / "casewatch.db")
    assert sorted(row["url"].rsplit("/", 1)[-1] for row in db["documents"].rows) == ["agency", "recruits"]
    runs = {r["id"]: r for r in db["extraction_runs"].rows}
    assert runs[1]["documents_processed"] + runs[1]["errors"] == 2
    assert (runs[2]["status"], runs[2]["documents_processed"], runs[2]["errors"]) == ("complete", 0, 0)
    for result in (first, second):
        assert re.search(r"^fetch: .*, 0 failed$", result.stdout, re.M), result.stdout
    assert db["documents"].count == 2  # nothing stored twice
