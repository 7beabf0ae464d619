"""Load a document's extracted facts: all of them in one transaction, or none.

A reader of the kind tables never sees a document with half its facts: the previous version's facts
move to ``superseded_facts``, the new ones go in, the document is marked extracted and the run's
counters move on, all in one transaction. A process killed at any moment leaves either the old state
or the new one.

The same holds across versions of a document: when the fetcher stores a changed page or report as a
new row (``documents.version_of`` pointing at the one it replaces), loading the new version's facts
moves the older versions' facts to ``superseded_facts``, so the kind tables show the latest only.

The candidates the extractors turned down (``rejected``, see db/candidates.py) go in with the facts, in the
same transaction, replacing the document's previous ones (and its older versions'): working data, not kept.
"""

import datetime
import json
import logging

from extractors.kinds import EVIDENCE, KINDS

from . import derived
from .candidates import CANDIDATE_COLUMNS
from .councils import add_councils_from_gazetteer
from .factkeys import fact_key
from .schema import EVIDENCE_COLUMNS, KIND_COLUMNS

log = logging.getLogger(__name__)

# field name -> column name, where they differ: the evidence's (start -> char_start), and each kind's
EVIDENCE_FIELD_COLUMNS = {f.name: f.column_name for f in EVIDENCE if f.column_name != f.name}
FIELD_COLUMNS = {kind.name: {**EVIDENCE_FIELD_COLUMNS, **kind.field_columns} for kind in KINDS}


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def fact_row(kind: str, fact: dict, document_id: int, run_id: int, version: str) -> dict:
    renamed = {FIELD_COLUMNS[kind].get(k, k): v for k, v in fact.items()}
    columns = set(KIND_COLUMNS[kind]) | set(EVIDENCE_COLUMNS)
    row = {k: renamed.get(k) for k in columns}
    row.update(
        document_id=document_id,
        council_code=fact.get("council_code"),
        run_id=run_id,
        extractor_version=version,
    )
    return row


def distinct(rows) -> list:
    """``rows`` in order, a row repeated identically kept once."""
    unique = {}
    for row in rows:
        unique.setdefault(json.dumps(row, sort_keys=True, default=str), row)
    return list(unique.values())


def unique_rows(kind: str, facts: list, document_id: int, run_id: int, version: str) -> list:
    """The rows of ``facts``, a fact repeated identically (same span, same fields) kept once."""
    return distinct(fact_row(kind, fact, document_id, run_id, version) for fact in facts)


def candidate_row(candidate: dict, document_id: int, run_id: int, version: str) -> dict:
    renamed = {EVIDENCE_FIELD_COLUMNS.get(k, k): v for k, v in candidate.items()}
    row = {column: renamed.get(column) for column in CANDIDATE_COLUMNS if column != "id"}
    row.update(document_id=document_id, run_id=run_id, extractor_version=version)
    return row


def candidate_rows(rejected: list, document_id: int, run_id: int, version: str) -> list:
    """The ``candidates`` rows of the extractors' ``rejected`` list, a repeat kept once."""
    return distinct(candidate_row(candidate, document_id, run_id, version) for candidate in rejected)


def superseded_select(kind: str, every_version: bool = False) -> str:
    """SQL copying a document's facts of other extractor versions (or all of them, with
    ``every_version``) into ``superseded_facts``."""
    fields = ", ".join(f"'{column}', f.[{column}]" for column in KIND_COLUMNS[kind])
    return f"""
        INSERT INTO superseded_facts (kind, document_id, document_sha256, council_code, char_start,
            char_end, quote, sentence, fact, extractor_version, run_id, superseded_by_run, superseded_at,
            fact_key, fact_id)
        SELECT '{kind}', f.document_id, d.sha256, f.council_code, f.char_start, f.char_end, f.quote,
            f.sentence, json_object({fields}), f.extractor_version, f.run_id, :run_id, :at, f.fact_key, f.id
        FROM [{kind}] f JOIN documents d ON d.id = f.document_id
        WHERE f.document_id = :document_id""" + (
        "" if every_version else " AND f.extractor_version IS NOT :version"
    )


def supersede_document_facts(
    db, document_id: int, run_id: int, version: str | None, every_version: bool = False
):
    """Move the document's current facts out of the kind tables, keeping in ``superseded_facts`` those
    of other extractor versions (or all of them, with ``every_version``)."""
    params = {"document_id": document_id, "run_id": run_id, "version": version, "at": now_iso()}
    for kind in KIND_COLUMNS:
        db.execute(superseded_select(kind, every_version), params)
        db.execute(f"DELETE FROM [{kind}] WHERE document_id = ?", [document_id])


OLDER_VERSIONS_SQL = """
WITH RECURSIVE older(id) AS (
  SELECT version_of FROM documents WHERE id = ? AND version_of IS NOT NULL
  UNION
  SELECT d.version_of FROM documents d JOIN older ON d.id = older.id WHERE d.version_of IS NOT NULL
)
SELECT id FROM older"""


def older_versions(db, document_id: int) -> list[int]:
    """The documents ``document_id`` replaced: its ``version_of``, that one's, and so on."""
    return [row[0] for row in db.execute(OLDER_VERSIONS_SQL, [document_id]).fetchall()]


def supersede_older_versions(db, older_ids: list[int], run_id: int):
    """A newer version's facts replace its older versions' ones: all of those move to ``superseded_facts``."""
    for older_id in older_ids:
        supersede_document_facts(db, older_id, run_id, None, every_version=True)


def replace_candidates(db, document_ids: list[int], rows: list[dict]):
    """``rows`` become the candidates of the first of ``document_ids``; the others' (its older versions)
    go."""
    derived.count_rows(db, "candidates", document_ids, -1)
    for document_id in document_ids:
        db.execute("DELETE FROM candidates WHERE document_id = ?", [document_id])
    insert_rows(db, "candidates", rows)
    derived.count_rows(db, "candidates", document_ids, 1)


def known_councils(db, rows_by_kind: dict) -> dict:
    """Make sure every council code the facts name has its ``councils`` row; a code nobody knows
    is logged and stored as unknown, so a fact is never lost to a foreign key."""
    codes = {row["council_code"] for rows in rows_by_kind.values() for row in rows} - {None}
    if not codes:
        return rows_by_kind
    marks = ", ".join("?" * len(codes))
    known = {r["code"] for r in db.query(f"SELECT code FROM councils WHERE code IN ({marks})", list(codes))}
    known |= add_councils_from_gazetteer(db, codes - known)
    for code in codes - known:
        log.warning("council code %s is unknown to the gazetteer; stored as unknown", code)
    for rows in rows_by_kind.values():
        for row in rows:
            if row["council_code"] not in known:
                row["council_code"] = None
    return rows_by_kind


def keyed_rows(db, document_id: int, rows_by_kind: dict) -> dict:
    """Each row with its ``fact_key`` (db/factkeys.py); a fact the document has already keeps its row id, so
    a link made with the id before this extraction still leads to the same fact."""
    sha256 = db.execute("SELECT sha256 FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    for kind, rows in rows_by_kind.items():
        current = dict(
            db.execute(
                f"SELECT fact_key, id FROM [{kind}] WHERE document_id = ? AND fact_key IS NOT NULL",
                [document_id],
            ).fetchall()
        )
        for row in rows:
            row["fact_key"] = fact_key(kind, sha256, row)
            row["id"] = current.pop(row["fact_key"], None)
    return rows_by_kind


def record_document(db, run_id: int, document_id: int, facts: int, error: str | None = None):
    status = "error" if error else "ok"
    db.execute(
        "INSERT OR REPLACE INTO run_documents (run_id, document_id, status, facts, error, at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [run_id, document_id, status, facts, error, now_iso()],
    )
    counter = "errors = errors + 1" if error else "documents_processed = documents_processed + 1"
    db.execute(
        f"UPDATE extraction_runs SET {counter}, facts_produced = facts_produced + ? WHERE id = ?",
        [facts, run_id],
    )


def insert_rows(db, table: str, rows: list[dict]):
    """Plain ``executemany``: rows of one shape, inside the caller's transaction, without the
    per-call table introspection of ``Table.insert_all`` (loading is the pipeline's hot loop)."""
    if rows:
        columns = list(rows[0])
        names, marks = ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
        db.conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})", [[row[c] for c in columns] for row in rows]
        )


def replace_document_facts(db, document_id: int, facts: dict, run_id: int, version: str) -> int:
    """Make ``facts`` the document's current facts, atomically, and mark it extracted by ``version``.

    Facts of another extractor version are kept in ``superseded_facts``; facts of the same version
    (a document extracted again by the same extractor) are replaced; the facts of the documents it is
    a newer version of move to ``superseded_facts``. The candidates the extractors turned down
    (``facts["rejected"]``; none when an extract function gives no such key) replace the document's
    previous ones and its older versions', without a copy kept. The report type the extractors read goes in
    too (:func:`record_report_type`), and the derived tables the pages read follow (db/derived.py). Returns
    the number of facts, candidates not counted.
    """
    rows = {
        kind: unique_rows(kind, facts.get(kind) or [], document_id, run_id, version) for kind in KIND_COLUMNS
    }
    candidates = candidate_rows(facts.get("rejected") or [], document_id, run_id, version)
    count = sum(len(kind_rows) for kind_rows in rows.values())
    with db.atomic():
        older = older_versions(db, document_id)
        rows = keyed_rows(db, document_id, known_councils(db, rows))
        supersede_document_facts(db, document_id, run_id, version)
        supersede_older_versions(db, older, run_id)
        for kind, kind_rows in rows.items():
            insert_rows(db, kind, kind_rows)
        replace_candidates(db, [document_id, *older], candidates)
        db.execute("UPDATE documents SET extracted_version = ? WHERE id = ?", [version, document_id])
        record_report_type(db, document_id, facts.get("report_type"))
        record_document(db, run_id, document_id, count)
        derived.refresh_documents(db, [document_id, *older])
    return count


# An Ofsted report's type is the one its source declared, else the one the extractors read (their version
# covers it); a document ingest could only call "other" that the extractors read as a report is an Ofsted
# report. A news story or minutes quoting a report keep their kind and get no report type.
REPORT_TYPE_SQL = """UPDATE documents SET report_type = coalesce(declared_report_type, :read),
    source_kind = CASE WHEN :read IS NOT NULL THEN 'ofsted_report' ELSE source_kind END
WHERE id = :id AND source_kind IN ('ofsted_report', 'other')"""


def record_report_type(db, document_id: int, report_type: str | None):
    db.execute(REPORT_TYPE_SQL, {"id": document_id, "read": report_type})


def record_document_error(db, document_id: int, run_id: int, error: str):
    """A document the extractors failed on: counted, logged, and left unmarked so the next run retries it."""
    log.error("document %s: extraction failed: %s", document_id, error)
    with db.atomic():
        record_document(db, run_id, document_id, 0, error=error)
