"""Export the current facts with their evidence and provenance, for use outside Datasette.

Each record is one fact: its kind, its ``fact_key``, council, the kind's fields, the evidence (quote,
sentence, character offsets into the document text) and where it came from (document id, URL, path, title,
published date, sha256, the evidence page's site-relative path, which is its permanent link
``/-/fact/<fact_key>``, and the run and extractor version that produced it). Formats: CSV, a JSON array,
JSON lines.
"""

import csv
import json

from db.publish import EVIDENCE_PATH
from db.schema import EVIDENCE_COLUMNS, KIND_COLUMNS

FORMATS = ["csv", "json", "jsonl"]
LEADING_COLUMNS = ["kind", "id", "fact_key", "council_code", "council"]
PROVENANCE_COLUMNS = [
    "document_id",
    "document_url",
    "document_path",
    "document_title",
    "document_published",
    "document_sha256",
    "evidence",
    "run_id",
    "extractor_version",
]


def kind_fields(kinds: list[str]) -> list[str]:
    fields = []
    for kind in kinds:
        fields += [column for column in KIND_COLUMNS[kind] if column not in fields]
    return fields


def export_columns(kinds: list[str]) -> list[str]:
    return LEADING_COLUMNS + kind_fields(kinds) + list(EVIDENCE_COLUMNS) + PROVENANCE_COLUMNS


def kind_sql(kind: str) -> str:
    fields = ", ".join(f"f.[{column}]" for column in [*KIND_COLUMNS[kind], *EVIDENCE_COLUMNS])
    return f"""
        SELECT '{kind}' AS kind, f.id, f.fact_key, f.council_code, c.name AS council, {fields},
            f.document_id, d.url AS document_url, d.path AS document_path, d.title AS document_title,
            d.published AS document_published, d.sha256 AS document_sha256,
            {EVIDENCE_PATH.format(t="f")} AS evidence, f.run_id, f.extractor_version
        FROM [{kind}] f JOIN documents d ON d.id = f.document_id
        LEFT JOIN councils c ON c.code = f.council_code
        ORDER BY f.document_id, f.char_start, f.id"""


def fact_records(db, kinds: list[str]):
    """The current facts of ``kinds`` as flat dicts, document by document."""
    for kind in kinds:
        yield from db.query(kind_sql(kind))


def write_csv(records, out, kinds: list[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=export_columns(kinds), restval="", extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(record)
        count += 1
    return count


def write_jsonl(records, out, kinds=None) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(records, out, kinds=None) -> int:
    """A JSON array, written record by record so a large export never sits in memory."""
    count = 0
    out.write("[")
    for count, record in enumerate(records, 1):
        out.write(("," if count > 1 else "") + "\n  " + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n")
    return count


WRITERS = {"csv": write_csv, "json": write_json, "jsonl": write_jsonl}


def export_facts(db, out, format: str = "csv", kinds: list[str] | None = None) -> int:
    """Write the facts of ``kinds`` (default: all) to the text stream ``out``; returns how many."""
    kinds = kinds or list(KIND_COLUMNS)
    return WRITERS[format](fact_records(db, kinds), out, kinds)
