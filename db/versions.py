"""Versioned facts: what each extraction run did, and the facts a newer extractor version replaced.

The kind tables (``caseloads``, ``ratings``, ...) hold the *current* facts only: those of the extractor
version that last extracted each document. When a document is re-extracted by another version, its
old facts move to ``superseded_facts`` (one row per fact, the kind's own columns kept as JSON), so
two runs can still be compared with ``casewatch diff`` until ``casewatch prune`` drops them.

``run_documents`` records every document a run processed (or failed on), in the same transaction as
the document's facts: it is what makes a run resumable and its counters exact.
"""

from .schema import KIND_COLUMNS


def create_superseded_facts(db):
    db["superseded_facts"].create(
        {
            "id": int,
            "kind": str,
            "document_id": int,
            "document_sha256": str,
            "council_code": str,
            "char_start": int,
            "char_end": int,
            "quote": str,
            "sentence": str,
            "fact": str,
            "extractor_version": str,
            "run_id": int,
            "superseded_by_run": int,
            "superseded_at": str,
        },
        pk="id",
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("run_id", "extraction_runs", "id"),
            ("superseded_by_run", "extraction_runs", "id"),
        ],
        if_not_exists=True,
    )
    for column in ("document_id", "run_id", "superseded_by_run", "extractor_version"):
        db["superseded_facts"].create_index([column], if_not_exists=True)


def create_run_documents(db):
    db["run_documents"].create(
        {
            "run_id": int,
            "document_id": int,
            "status": str,
            "facts": int,
            "error": str,
            "at": str,
        },
        pk=("run_id", "document_id"),
        foreign_keys=[("run_id", "extraction_runs", "id"), ("document_id", "documents", "id")],
        if_not_exists=True,
    )
    db["run_documents"].create_index(["document_id"], if_not_exists=True)


def extend_runs(db):
    """pid: to tell a crashed run from a live one; extractor: a non-default extract function;
    note: why a run failed; pruned_at: when its superseded facts were dropped."""
    runs = db["extraction_runs"]
    for column, type_ in {"pid": int, "extractor": str, "note": str, "pruned_at": str}.items():
        if column not in runs.columns_dict:
            runs.add_column(column, type_)


def index_fact_keys(db):
    """Facts are keyed by (document, char span, kind, extractor version)."""
    for kind in KIND_COLUMNS:
        db[kind].create_index(
            ["document_id", "char_start", "char_end", "extractor_version"],
            index_name=f"idx_{kind}_fact_key",
            if_not_exists=True,
        )


def m006_versioned_facts(db):
    create_superseded_facts(db)
    create_run_documents(db)
    extend_runs(db)
    index_fact_keys(db)
