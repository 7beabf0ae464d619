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
it revises. The views
``caseload_claims_vs_official`` and ``rating_claims_vs_official`` put each extracted claim beside the official
figure.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from corpus.official import (
    BUNDLED,
    CSWW_MEASURES,
    ENGLAND,
    PARSERS,
    READER_VERSIONS,
    OfficialDataError,
    read_source,
)

from .councils import add_councils_from_gazetteer

# Comparison tolerances, stated in the views' ``tolerance`` column.
CASELOAD_TOLERANCE_PERCENT = 20
CASELOAD_TOLERANCE_CASES = 3
CASELOAD_MAX_DAYS_APART = 366
COMPARABLE_CASELOAD_MEASURES = ("average", "unspecified")


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


def create_official_views(db):
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {sql}")


# Bumped whenever a view's SQL changes, so that databases made earlier get the new views (migration 032's id
# carries it: db/database.py).
VIEWS_VERSION = 6


def recreate_official_views(db):
    create_official_views(db)


def m130_official_reader_version(db):
    """Each import records the version of the reader that read it (``READER_VERSIONS``), so that a file read
    again by a newer reader (the outcomes' report links) is imported again: one import per file and reader."""
    if "reader_version" not in db["official_imports"].columns_dict:
        db["official_imports"].add_column("reader_version", int)
    db.execute("UPDATE official_imports SET reader_version = 1 WHERE reader_version IS NULL")
    db.execute("DROP INDEX IF EXISTS idx_official_imports_kind_sha256")
    db["official_imports"].create_index(["kind", "sha256", "reader_version"], unique=True, if_not_exists=True)


CLAIM_DATE_SQL = """CASE WHEN length({as_of}) = 4 THEN {as_of} || '{year_suffix}'
    WHEN length({as_of}) = 7 THEN {as_of} || '{month_suffix}'
    WHEN length({as_of}) >= 10 THEN substr({as_of}, 1, 10)
    ELSE substr(d.published, 1, 10) END"""

CASELOAD_TOLERANCE_TEXT = (
    f"disagrees: more than {CASELOAD_TOLERANCE_PERCENT}% or more than {CASELOAD_TOLERANCE_CASES} cases "
    f"apart; compared: average or unspecified caseloads of the whole service (no role), within "
    f"{CASELOAD_MAX_DAYS_APART} days of a 30 September count"
)

OFFICIAL_INSPECTIONS_SQL = """
SELECT r.council_code, coalesce(max(c.name), max(r.area_name)) AS council, max(r.area_code) AS area_code, r.scope,
       r.inspection_date, max(r.publication_date) AS publication_date, max(r.inspection_type) AS inspection_type,
       max(r.judgement) AS judgement, max(r.judgement_as_published) AS judgement_as_published,
       max(CASE WHEN r.web_link LIKE 'http%' THEN r.web_link END) AS web_link
FROM official_ratings r LEFT JOIN councils c ON c.code = r.council_code
WHERE r.judgement IS NOT NULL
GROUP BY coalesce(r.council_code, r.area_code), r.scope, r.inspection_date"""  # noqa: E501

CASELOAD_VIEW_SQL = f"""
WITH claims AS (
  SELECT c.id AS claim_id, c.fact_key, c.document_id, d.title AS document_title, d.url AS document_url,
         d.published AS document_published, c.council_code, c.value AS claimed, c.qualifier, c.measure, c.role,
         c.as_of AS claimed_as_of, c.quote,
         {CLAIM_DATE_SQL.format(as_of="c.as_of", year_suffix="-07-01", month_suffix="-15")} AS claim_date,
         coalesce(c.council_code, '{ENGLAND}') AS area_code,
         (coalesce(c.measure, 'unspecified') IN {COMPARABLE_CASELOAD_MEASURES}
          AND coalesce(c.role, '') = '') AS comparable
  FROM caseloads c JOIN documents d ON d.id = c.document_id
), ranked AS (
  SELECT claims.*, w.rowid AS official_rowid,
         row_number() OVER (PARTITION BY claims.claim_id
                            ORDER BY abs(julianday(w.as_of) - julianday(claims.claim_date)), w.as_of) AS nearness
  FROM claims LEFT JOIN official_workforce w
    ON w.area_code = claims.area_code AND claims.claim_date IS NOT NULL
), matched AS (
  SELECT * FROM ranked WHERE nearness = 1
), compared AS (
  SELECT m.*, w.area_name AS official_area, w.reported_as AS official_reported_as, w.as_of AS official_as_of,
         w.caseload_fte AS official_caseload_fte, w.caseload_fte_marker AS official_marker,
         round(m.claimed - w.caseload_fte, 1) AS difference,
         round(100.0 * (m.claimed - w.caseload_fte) / w.caseload_fte, 1) AS difference_percent,
         CAST(abs(julianday(w.as_of) - julianday(m.claim_date)) AS INTEGER) AS days_apart
  FROM matched m LEFT JOIN official_workforce w ON w.rowid = m.official_rowid
)
SELECT claim_id, fact_key, document_id, document_title, document_url, document_published, council_code,
       claimed, qualifier, measure, role, claimed_as_of, claim_date, quote, official_area,
       official_reported_as,
       official_as_of, official_caseload_fte, official_marker, difference, difference_percent, days_apart,
       comparable,
       CASE WHEN official_caseload_fte IS NULL OR claimed IS NULL OR NOT comparable
                 OR days_apart > {CASELOAD_MAX_DAYS_APART} THEN NULL
            WHEN abs(difference) > {CASELOAD_TOLERANCE_CASES}
                 OR abs(difference_percent) > {CASELOAD_TOLERANCE_PERCENT} THEN 1 ELSE 0 END AS disagrees,
       '{CASELOAD_TOLERANCE_TEXT}' AS tolerance
FROM compared"""  # noqa: E501

PERIOD_BOUND_SQL = """CASE WHEN length({as_of}) = 4 THEN {as_of} || '{year_suffix}'
    WHEN length({as_of}) = 7 THEN {as_of} || '{month_suffix}'
    WHEN length({as_of}) >= 10 THEN substr({as_of}, 1, 10) END"""

RATING_TOLERANCE_TEXT = (
    "disagrees: a different judgement for the same inspection; the inspection is the latest held or "
    "published in the period the claim gives (as_of; none compared when Ofsted's table has none then), or "
    "for an undated claim the latest published by the document's date (the one before it for a previous "
    "rating)"
)

# Which inspection a rating claim is about: the latest held or published within the claim's period; for an
# undated claim, the latest published by the document's date. A dated claim with no inspection in its period
# (e.g. one newer than the release imported) is compared with nothing rather than with an older inspection.
RATING_VIEW_SQL = f"""
WITH claims AS (
  SELECT r.id AS claim_id, r.fact_key, r.document_id, d.title AS document_title, d.url AS document_url,
         d.published AS document_published, d.source_kind, r.council_code, r.judgement AS claimed_judgement,
         r.scope AS claimed_scope, r.period AS claimed_period, r.as_of AS claimed_as_of, r.quote,
         CASE WHEN coalesce(r.scope, 'unspecified') IN ('unspecified', '') THEN 'overall' ELSE r.scope END
           AS official_scope,
         {PERIOD_BOUND_SQL.format(as_of="r.as_of", year_suffix="-01-01", month_suffix="-01")} AS period_start,
         {PERIOD_BOUND_SQL.format(as_of="r.as_of", year_suffix="-12-31", month_suffix="-31")} AS period_end,
         substr(d.published, 1, 10) AS document_date,
         (r.as_of IS NULL AND r.period = 'previous') AS wants_previous
  FROM ratings r JOIN documents d ON d.id = r.document_id
), ranked AS (
  SELECT claims.claim_id, i.inspection_date AS official_inspection_date,
         row_number() OVER (PARTITION BY claims.claim_id ORDER BY i.inspection_date DESC) AS recency
  FROM claims JOIN official_inspections i
    ON i.council_code = claims.council_code AND i.scope = claims.official_scope
   AND (claims.document_date IS NULL OR i.inspection_date <= claims.document_date)
   AND CASE WHEN claims.period_end IS NOT NULL
            THEN i.inspection_date BETWEEN claims.period_start AND claims.period_end
                 OR i.publication_date BETWEEN claims.period_start AND claims.period_end
            ELSE coalesce(i.publication_date, i.inspection_date) <= claims.document_date END
), matched AS (
  SELECT claims.*, (SELECT r.official_inspection_date FROM ranked r WHERE r.claim_id = claims.claim_id
                    AND r.recency = 1 + claims.wants_previous) AS official_inspection_date
  FROM claims
)
SELECT m.claim_id, m.fact_key, m.document_id, m.document_title, m.document_url, m.document_published,
       m.source_kind,
       m.council_code, m.claimed_judgement, m.claimed_scope, m.claimed_period, m.claimed_as_of, m.quote,
       m.official_scope, i.inspection_date AS official_inspection_date,
       i.publication_date AS official_publication_date, i.inspection_type AS official_inspection_type,
       i.judgement AS official_judgement, i.judgement_as_published AS official_judgement_as_published,
       CASE WHEN i.judgement IS NULL OR m.claimed_judgement IS NULL THEN NULL
            WHEN lower(m.claimed_judgement) != i.judgement THEN 1 ELSE 0 END AS disagrees,
       '{RATING_TOLERANCE_TEXT.replace("'", "''")}' AS tolerance
FROM matched m LEFT JOIN official_inspections i
  ON i.council_code = m.council_code AND i.scope = m.official_scope
 AND i.inspection_date = m.official_inspection_date"""

LATEST_RATINGS_SQL = """
SELECT council_code, council, area_code, scope, inspection_date, publication_date, inspection_type, judgement,
       judgement_as_published, web_link
FROM (SELECT i.*, row_number() OVER (PARTITION BY coalesce(i.council_code, i.area_code), i.scope
                                     ORDER BY i.inspection_date DESC) AS recency
      FROM official_inspections i)
WHERE recency = 1"""

VIEWS = {
    "official_inspections": OFFICIAL_INSPECTIONS_SQL,
    "official_latest_ratings": LATEST_RATINGS_SQL,
    "caseload_claims_vs_official": CASELOAD_VIEW_SQL,
    "rating_claims_vs_official": RATING_VIEW_SQL,
}


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
