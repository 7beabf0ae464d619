"""The extract stage: run the extractors over stored documents and load their facts."""
import datetime

import spacy

from db.load import replace_document_facts
from extractors import EXTRACTOR_VERSION, extract_facts


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def start_run(db) -> int:
    with db.conn:
        return db["extraction_runs"].insert({
            "started_at": now_iso(), "extractor_version": EXTRACTOR_VERSION,
            "spacy_version": spacy.__version__, "documents_processed": 0, "facts_produced": 0,
            "errors": 0, "status": "running",
        }).last_pk


def pending_documents(db, rerun: bool = False):
    """Documents never extracted, or (with ``rerun``) extracted by another extractor version."""
    where = "extracted_version IS NULL"
    if rerun:
        where += " OR extracted_version != :version"
    sql = f"SELECT id, text, published, title, source_kind FROM documents WHERE {where} ORDER BY id"
    return list(db.query(sql, {"version": EXTRACTOR_VERSION}))


def run_extraction(db, rerun: bool = False, progress=None) -> dict:
    run_id, processed, produced = start_run(db), 0, 0
    for doc in pending_documents(db, rerun):
        facts = extract_facts(doc["text"], published=doc["published"], title=doc["title"],
                              source_kind=doc["source_kind"])
        produced += replace_document_facts(db, doc["id"], facts, run_id, EXTRACTOR_VERSION)
        processed += 1
        if progress:
            progress(doc)
    summary = {"finished_at": now_iso(), "documents_processed": processed,
               "facts_produced": produced, "status": "complete"}
    with db.conn:
        db["extraction_runs"].update(run_id, summary)
    return {"run_id": run_id, **summary}
