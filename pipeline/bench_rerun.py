"""Benchmark of incremental extraction and of loading, printed by ``make bench``.

1. Extract N documents from scratch, then change 1 % of them (a new version of each, as when a council
   edits a page) and run again: the second run should cost about 1 % of the first plus a constant.
2. Load throughput: facts per second written by ``replace_document_facts`` (one transaction per
   document), first into an empty database, then again under a new version (superseding the first).

Run: ``python -m pipeline.bench_rerun [--documents N]``.
"""

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from db.database import open_db
from db.load import replace_document_facts
from extractors.api import extract_facts
from extractors.kinds import KIND_NAMES

from . import bench_extract
from .extract import finish_run, run_extraction, start_run
from .progress import configure_output


def generate_documents(n: int, seed: int = 0) -> list[str]:
    """The texts of the throughput benchmark's generated documents (pipeline/bench_extract.py)."""
    return [doc["text"] for doc in bench_extract.generate_documents(n, seed)]


def store_documents(db, texts: list[str], version_of=None):
    rows = [
        {
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "source_kind": "news",
            "text": text,
            "title": text[:60],
            "published": "2024-06-01",
            "version_of": (version_of or {}).get(i),
        }
        for i, text in enumerate(texts)
    ]
    db["documents"].insert_all(rows)


def warm_up(text: str):
    """Build the spaCy pipeline before timing, so the runs compare extraction work only."""
    try:
        extract_facts(text)
    except Exception:  # noqa: BLE001 - a failing document is the run's business, counted there
        pass


def timed_run(db, **options) -> tuple[float, dict]:
    started = time.perf_counter()
    run = run_extraction(db, **options)
    return time.perf_counter() - started, run


def change_one_percent(db, texts: list[str]) -> int:
    """Store a new version of 1 % of the documents (an edited sentence), as a refetch would."""
    count = max(1, len(texts) // 100)
    changed = {i: texts[i] + " The figures were updated in a correction." for i in range(count)}
    ids = [r["id"] for r in db.query("SELECT id FROM documents ORDER BY id LIMIT ?", [count])]
    store_documents(db, list(changed.values()), version_of=dict(enumerate(ids)))
    return count


def rerun_report(n: int) -> list[str]:
    texts = generate_documents(n, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        store_documents(db, texts)
        warm_up(texts[0])
        scratch, first = timed_run(db)
        changed = change_one_percent(db, texts)
        rerun, second = timed_run(db, rerun=True)
    return [
        f"extract from scratch: {first['documents_processed']} documents in {scratch:.2f} s "
        f"({first['documents_processed'] / scratch:.1f} documents/s, {first['facts_produced']} facts)",
        f"rerun after {changed} of {n} documents changed (1 %): {second['documents_processed']} documents "
        f"in {rerun:.3f} s; rerun / scratch = {rerun / scratch:.3f} (1 % would be 0.010; the rest is "
        f"the run's constant cost: finding pending documents, recording the run)",
    ]


def synthetic_facts(i: int, per_document: int) -> dict:
    facts = {"councils": [], **{kind: [] for kind in KIND_NAMES}}
    for j in range(per_document):
        start = j * 40
        facts["caseloads"].append(
            {
                "value": float(10 + (i + j) % 20),
                "measure": "average",
                "quote": "caseloads",
                "start": start,
                "end": start + 9,
                "sentence": "caseloads",
                "council_code": None,
            }
        )
    return facts


def load_report(documents: int = 2000, per_document: int = 10) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "load.db")
        db.execute("PRAGMA synchronous = NORMAL")  # as run_extraction does
        store_documents(db, [f"document {i}" for i in range(documents)])
        lines = []
        for label, version in (("into an empty database", "bench-1"), ("superseding a version", "bench-2")):
            run_id = start_run(db, version)
            started = time.perf_counter()
            for i in range(1, documents + 1):
                replace_document_facts(db, i, synthetic_facts(i, per_document), run_id, version)
            elapsed = time.perf_counter() - started
            finish_run(db, run_id, "complete")
            lines.append(
                f"load {label}: {documents * per_document} facts in {documents} transactions, "
                f"{elapsed:.2f} s ({documents * per_document / elapsed:,.0f} facts/s)"
            )
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500, help="documents to extract (default 500)")
    args = parser.parse_args(argv)
    configure_output(quiet=True)
    print("== extraction reruns ==")
    for line in rerun_report(args.documents) + load_report():
        print(line, flush=True)


if __name__ == "__main__":
    main()
