"""Claims beside the official record: the SQL of the tables that put each extracted caseload and rating next
to the DfE figure or Ofsted judgement it can be checked against, with the rules of the comparison.

Derived tables (db/derived.py): ``official_inspections`` and ``official_latest_ratings`` are rebuilt when the
official record is imported; ``caseload_claims_vs_official`` and ``rating_claims_vs_official`` when a
document's facts are loaded (only that document's claims: ``only`` picks them) and when the official record
changes.
"""

from corpus.official import ENGLAND

# Comparison tolerances, stated in the views' ``tolerance`` column.
CASELOAD_TOLERANCE_PERCENT = 20
CASELOAD_TOLERANCE_CASES = 3
CASELOAD_MAX_DAYS_APART = 366
COMPARABLE_CASELOAD_MEASURES = ("average", "unspecified")


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

CASELOAD_CLAIMS_SQL = f"""
WITH claims AS (
  SELECT c.id AS claim_id, c.fact_key, c.document_id, d.title AS document_title, d.url AS document_url,
         d.published AS document_published, c.council_code, c.value AS claimed, c.qualifier, c.measure, c.role,
         c.as_of AS claimed_as_of, c.quote,
         {CLAIM_DATE_SQL.format(as_of="c.as_of", year_suffix="-07-01", month_suffix="-15")} AS claim_date,
         coalesce(c.council_code, '{ENGLAND}') AS area_code,
         (coalesce(c.measure, 'unspecified') IN {COMPARABLE_CASELOAD_MEASURES}
          AND coalesce(c.role, '') = '') AS comparable
  FROM caseloads c JOIN documents d ON d.id = c.document_id
  WHERE {{only}}
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
RATING_CLAIMS_SQL = f"""
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
  WHERE {{only}}
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
       m.council_code, m.claimed_judgement, m.claimed_scope, m.claimed_period, m.claimed_as_of,
       coalesce(m.claimed_as_of, m.document_date) AS claim_date, m.quote,
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


def caseload_claims_sql(only: str = "1") -> str:
    """Every caseload claim beside the DfE caseload per FTE nearest its date; ``only`` picks them by
    document (``{t}``: the document id; ``1``: all)."""
    return CASELOAD_CLAIMS_SQL.replace("{only}", only.format(t="c.document_id"))


def rating_claims_sql(only: str = "1") -> str:
    """Every rating claim beside Ofsted's judgement of the inspection it is about; ``only`` picks them by
    document (``{t}``: the document id; ``1``: all)."""
    return RATING_CLAIMS_SQL.replace("{only}", only.format(t="r.document_id"))


def official_inspections_sql(only: str = "1") -> str:
    return OFFICIAL_INSPECTIONS_SQL


def latest_ratings_sql(only: str = "1") -> str:
    return LATEST_RATINGS_SQL
