"""Load a document's extracted facts: all of them in one transaction, or none."""
from .schema import EVIDENCE_COLUMNS, KIND_COLUMNS

# schema field name -> column name, where they differ
FIELD_COLUMNS = {"when": "period", "start": "char_start", "end": "char_end"}


def fact_row(kind: str, fact: dict, document_id: int, run_id: int, version: str) -> dict:
    renamed = {FIELD_COLUMNS.get(k, k): v for k, v in fact.items()}
    columns = set(KIND_COLUMNS[kind]) | set(EVIDENCE_COLUMNS)
    row = {k: v for k, v in renamed.items() if k in columns}
    row.update(document_id=document_id, council_code=fact.get("council_code"), run_id=run_id,
               extractor_version=version)
    return row


def replace_document_facts(db, document_id: int, facts: dict, run_id: int, version: str) -> int:
    """Swap a document's facts for ``facts`` atomically and mark it extracted; returns the count."""
    count = 0
    with db.conn:
        for kind in KIND_COLUMNS:
            db.execute(f"DELETE FROM [{kind}] WHERE document_id = ?", [document_id])
            rows = [fact_row(kind, f, document_id, run_id, version) for f in facts.get(kind, [])]
            if rows:
                db[kind].insert_all(rows)
            count += len(rows)
        db.execute("UPDATE documents SET extracted_version = ? WHERE id = ?", [version, document_id])
    return count
