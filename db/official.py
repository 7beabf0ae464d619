"""The official record to check claims against, in the database: its tables and views, and importing it.

Two sources, each read by :mod:`corpus.official` and imported by :func:`import_official`:

- ``csww``: the DfE "children's social work workforce" indicators CSV (explore-education-statistics), one row
  per area and year, counted at 30 September of ``time_period``. Loaded into ``official_workforce``.
- ``ofsted-outcomes``: Ofsted's "local authority inspection outcomes" spreadsheet (.ods): latest judgements,
  in-year inspections and visits, and inspection history. Loaded into ``official_ratings``, one row per
  inspection (or visit), judgement scope and sheet.

Every import is recorded in ``official_imports`` (sha256, reader version, source, time). Importing a file
already imported changes nothing, unless its reader has changed since (``READER_VERSIONS``): then the file is
read again and the rows it now reads differently are updated; a newer release adds rows and updates the ones
it revises. An import rebuilds the tables derived from the official record (db/derived.py): Ofsted's
inspections and latest judgements, and ``caseload_claims_vs_official`` and ``rating_claims_vs_official``,
which put each extracted claim beside the official figure (db/claims.py).
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from corpus.official import (
    BUNDLED,
    CSWW_MEASURES,
    PARSERS,
    READER_VERSIONS,
    OfficialDataError,
    read_source,
)

from . import derived
from .councils import add_councils_from_gazetteer


@dataclass
class ImportReport:
    kind: str
    source: str
    sha256: str
    import_id: int | None = None
    already_imported: bool = False
    release: str | None = None
    counts: dict = field(default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0})
    unmapped: list = field(default_factory=list)

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.kind}: {self.source} already imported (import {self.import_id}); nothing changed"
        counts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"{self.kind} {self.release or ''}: {counts} (import {self.import_id})"


# ---------------------------------------------------------------- schema


def create_official_tables(db):
    db["official_imports"].create(
        {
            "id": int,
            "kind": str,
            "sha256": str,
            "source": str,
            "release": str,
            "imported_at": str,
            "rows_added": int,
            "rows_updated": int,
            "rows_unchanged": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["official_imports"].create_index(["kind", "sha256"], unique=True, if_not_exists=True)
    measures = {}
    for name in CSWW_MEASURES:
        measures[name] = int if name == "cases" else float
        measures[f"{name}_marker"] = str
    db["official_workforce"].create(
        {
            "area_code": str,
            "as_of": str,
            "time_period": int,
            "level": str,
            "council_code": str,
            "area_name": str,
            "la_code": str,
            "gss_code": str,
            "region_code": str,
            "region_name": str,
            "reported_as": str,
            **measures,
            "import_id": int,
        },
        pk=("area_code", "as_of"),
        foreign_keys=[("council_code", "councils", "code"), ("import_id", "official_imports", "id")],
        if_not_exists=True,
    )
    db["official_workforce"].create_index(["council_code", "as_of"], if_not_exists=True)
    db["official_ratings"].create(
        {
            "area_code": str,
            "inspection_date": str,
            "scope": str,
            "source_sheet": str,
            "council_code": str,
            "area_name": str,
            "status": str,
            "region": str,
            "judgement": str,
            "judgement_as_published": str,
            "publication_date": str,
            "inspection_type": str,
            "visit_theme": str,
            "sheet_kind": str,
            "release": str,
            "web_link": str,
            "import_id": int,
        },
        pk=("area_code", "inspection_date", "scope", "source_sheet"),
        foreign_keys=[("council_code", "councils", "code"), ("import_id", "official_imports", "id")],
        if_not_exists=True,
    )
    db["official_ratings"].create_index(["council_code", "scope", "inspection_date"], if_not_exists=True)


def m130_official_reader_version(db):
    """Each import records the version of the reader that read it (``READER_VERSIONS``), so that a file read
    again by a newer reader (the outcomes' report links) is imported again: one import per file and reader."""
    if "reader_version" not in db["official_imports"].columns_dict:
        db["official_imports"].add_column("reader_version", int)
    db.execute("UPDATE official_imports SET reader_version = 1 WHERE reader_version IS NULL")
    db.execute("DROP INDEX IF EXISTS idx_official_imports_kind_sha256")
    db["official_imports"].create_index(["kind", "sha256", "reader_version"], unique=True, if_not_exists=True)


# ---------------------------------------------------------------- import

TABLES = {"csww": "official_workforce", "ofsted-outcomes": "official_ratings"}
IMPORTERS = {kind: (TABLES[kind], parse) for kind, parse in PARSERS.items()}


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def previous_import(db, kind: str, sha256: str):
    """The import of this file by the current reader, if any (an import before readers had versions: 1)."""
    rows = db.query(
        "SELECT id FROM official_imports WHERE kind = ? AND sha256 = ? AND coalesce(reader_version, 1) = ?",
        [kind, sha256, READER_VERSIONS[kind]],
    )
    return next((row["id"] for row in rows), None)


def import_official(db, kind: str, source: str) -> ImportReport:
    """Import one release of an official source (path or URL); see the module docstring."""
    if kind not in IMPORTERS:
        raise OfficialDataError(f"unknown kind {kind!r}: expected one of {', '.join(IMPORTERS)}")
    data, origin = read_source(source)
    report = ImportReport(kind=kind, source=origin, sha256=hashlib.sha256(data).hexdigest())
    report.import_id = previous_import(db, kind, report.sha256)
    if report.import_id:
        report.already_imported = True
        return report
    table, parse = IMPORTERS[kind]
    rows, report.release = parse(data)
    report.unmapped = sorted(
        {
            (r.get("la_code") or r["area_code"], r["area_name"])
            for r in rows
            if r.get("level", "local_authority") == "local_authority" and not r.get("_council")
        }
    )
    with db.conn:
        add_councils_from_gazetteer(db, {r["_council"].code for r in rows if r.get("_council")})
        report.import_id = (
            db["official_imports"]
            .insert(
                {
                    "kind": kind,
                    "sha256": report.sha256,
                    "source": origin,
                    "release": report.release,
                    "reader_version": READER_VERSIONS[kind],
                    "imported_at": now_iso(),
                }
            )
            .last_pk
        )
        report.counts = upsert_rows(db, table, rows, report.import_id)
        db["official_imports"].update(report.import_id, {f"rows_{k}": v for k, v in report.counts.items()})
        derived.refresh_official(db)
    return report


def upsert_rows(db, table: str, rows: list, import_id: int) -> dict:
    """Insert new rows, update changed ones (credited to this import), leave the same ones alone."""
    pks = db[table].pks
    existing = {tuple(r[k] for k in pks): r for r in db[table].rows}
    counts, new_rows = {"added": 0, "updated": 0, "unchanged": 0}, {}
    for row in rows:
        row = {k: v for k, v in row.items() if not k.startswith("_")}
        key = tuple(row[k] for k in pks)
        old = existing.get(key)
        if old is None:
            new_rows[key] = {**row, "import_id": import_id}
        elif any(old.get(k) != v for k, v in row.items()):
            db[table].update(list(key), {**row, "import_id": import_id})
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db[table].insert_all(new_rows.values())
    counts["added"] = len(new_rows)
    return counts


def import_bundled(db) -> list[ImportReport]:
    """Import the official files bundled in ``corpus/official_data`` (what ``casewatch demo`` shows)."""
    return [import_official(db, kind, str(path)) for kind, path in BUNDLED.items() if path.exists()]


# ---------------------------------------------------------------- one council's claims and record

COUNCIL_QUERIES = {
    "caseload_claims": """SELECT claim_date, claimed, qualifier, measure, role, official_as_of,
        official_caseload_fte, official_marker, official_reported_as, difference, difference_percent,
        comparable, disagrees, quote, document_title, document_url, document_id
        FROM caseload_claims_vs_official WHERE council_code = :code ORDER BY claim_date, claim_id""",
    "rating_claims": """SELECT coalesce(claimed_as_of, substr(document_published, 1, 10)) AS claim_date,
        claimed_judgement, claimed_scope, claimed_period, official_inspection_date, official_judgement,
        disagrees, quote, document_title, document_url, document_id
        FROM rating_claims_vs_official WHERE council_code = :code ORDER BY claim_date, claim_id""",
    "official_workforce": """SELECT as_of, caseload_fte, caseload_fte_marker, agency_rate_fte, turnover_rate_fte,
        vacancy_rate_fte, inpost_fte, reported_as FROM official_workforce WHERE council_code = :code
        ORDER BY as_of""",  # noqa: E501
    "official_inspections": """SELECT inspection_date, publication_date, inspection_type,
        group_concat(scope || ': ' || judgement, '; ') AS judgements FROM (
          SELECT * FROM official_inspections WHERE council_code = :code
          ORDER BY inspection_date, CASE scope WHEN 'overall' THEN 0 WHEN 'leaders' THEN 1
            WHEN 'help_and_protection' THEN 2 WHEN 'in_care' THEN 3 ELSE 4 END)
        GROUP BY inspection_date ORDER BY inspection_date""",
    "official_visits": """SELECT DISTINCT inspection_date, publication_date, inspection_type, visit_theme
        FROM official_ratings WHERE council_code = :code AND scope = 'visit' ORDER BY inspection_date""",
}


def council_record(db, council_code: str) -> dict:
    """For one council: its claims beside the official figures, and the official record itself."""
    return {name: list(db.query(sql, {"code": council_code})) for name, sql in COUNCIL_QUERIES.items()}
