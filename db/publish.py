"""What publishing needs in the database: full-text search, indexes for facets and joins, and views.

The kind tables hold current facts only (a re-extraction moves the old ones to ``superseded_facts``,
see db/versions.py), so the views read them as they are. Each view is built from the live schema by
a function in ``VIEWS``; a later migration that changes a view calls ``create_views`` again.
"""

from extractors.kinds import KIND_NAMES, KINDS

from .humane import LEAD_COLUMNS

# table -> columns indexed for full-text search (kept current by triggers)
SEARCHABLE = {
    "documents": ["title", "text"],
    **{kind.name: list(kind.searchable) for kind in KINDS if kind.searchable},
}

# table -> columns filtered, faceted or sorted on by the metadata, views and canned queries
INDEXED = {
    "documents": [["source_kind"], ["council_code"], ["report_type"]],
    **{kind.name: [list(columns) for columns in kind.indexed] for kind in KINDS if kind.indexed},
}

# A fact's link, as SQL over table alias {t}: its permalink, the evidence page by fact_key (db/factkeys.py),
# the same after a re-extraction. The one place every view, query and export takes a fact's link from.
EVIDENCE_PATH = "'/-/fact/' || {t}.fact_key"

# FTS5 tokenizer: the porter stemmer, so "caseload" finds "caseloads" and "recruiting" finds "recruited".
SEARCH_TOKENIZER = "porter"

# kind -> SQL expression: the fact in a few words, for feeds and one-line listings
FACT_SUMMARIES = {kind.name: kind.summary_sql for kind in KINDS}


def fact_select(db, kind: str) -> str:
    as_of = f"{kind}.as_of" if "as_of" in db[kind].columns_dict else "NULL"
    return (
        f"SELECT '{kind}' AS kind, {kind}.id AS fact_id, {kind}.fact_key, {kind}.council_code, "
        f"{kind}.document_id, "
        f"{FACT_SUMMARIES[kind].format(t=kind)} AS summary, {as_of} AS as_of, {kind}.quote, "
        f"{kind}.run_id, {EVIDENCE_PATH.format(t=kind)} AS evidence "
        f"FROM {kind}"
    )


def facts_sql(db) -> str:
    union = "\n  UNION ALL\n  ".join(fact_select(db, kind) for kind in KIND_NAMES)
    return f"""SELECT f.kind, f.fact_id, f.fact_key, f.council_code,
  coalesce(c.name, f.council_code) AS council, f.summary, f.as_of, f.quote, f.document_id,
  d.title AS document, d.published, d.source_kind,
  coalesce(d.url, d.path) AS source, r.finished_at AS extracted_at, f.evidence
FROM (
  {union}
) AS f
JOIN documents d ON d.id = f.document_id
LEFT JOIN councils c ON c.code = f.council_code
LEFT JOIN extraction_runs r ON r.id = f.run_id"""


def caseload_timeline_sql(db) -> str:
    return f"""SELECT k.id AS fact_id, k.fact_key, k.council_code,
  coalesce(c.name, k.council_code) AS council,
  coalesce(k.as_of, substr(d.published, 1, 7)) AS as_of,
  CASE WHEN k.as_of IS NULL THEN 'published date' ELSE 'text' END AS as_of_from,
  k.value, k.qualifier, k.low, k.high, k.measure, k.role, k.quote,
  k.document_id, d.title AS document, d.published, d.source_kind, coalesce(d.url, d.path) AS source,
  {EVIDENCE_PATH.format(t="k")} AS evidence
FROM caseloads k
JOIN documents d ON d.id = k.document_id
LEFT JOIN councils c ON c.code = k.council_code"""


def council_summary_sql(db) -> str:
    """One row per council: its latest overall rating, latest average caseload, funding and counts.

    The latest rating is Ofsted's own (the latest overall judgement in ``official_latest_ratings``) when the
    official table has one for the council, else the latest the documents state (``latest_rating_from`` says
    which). Among documents "latest" orders by the date the text gives for the fact, else the document's
    published date; a rating the text calls previous never counts as newer than its own stated date.
    """
    counts = ", ".join(f"sum(kind = '{kind}') AS {kind}_count" for kind in KIND_NAMES)
    return f"""WITH rated AS (
  SELECT r.council_code, r.judgement,
    CASE WHEN r.period = 'previous' THEN r.as_of ELSE coalesce(r.as_of, substr(d.published, 1, 10)) END AS as_of,
    row_number() OVER (PARTITION BY r.council_code ORDER BY
      CASE WHEN r.period = 'previous' THEN coalesce(r.as_of, '') ELSE coalesce(r.as_of, d.published, '') END DESC,
      r.period = 'current' DESC, d.published DESC, r.id DESC) AS n
  FROM ratings r JOIN documents d ON d.id = r.document_id
  WHERE coalesce(r.scope, 'overall') IN ('overall', 'unspecified')
), official AS (
  SELECT council_code, judgement, inspection_date AS as_of FROM official_latest_ratings
  WHERE scope = 'overall' AND council_code IS NOT NULL
), averaged AS (
  SELECT council_code, value, as_of,
    row_number() OVER (PARTITION BY council_code ORDER BY as_of DESC, published DESC, fact_id DESC) AS n
  FROM caseload_timeline WHERE measure = 'average'
), funded AS (
  SELECT council_code, sum(amount_gbp) AS total FROM funding GROUP BY council_code
), counted AS (
  SELECT council_code, count(DISTINCT document_id) AS documents_count, count(*) AS facts_count, {counts}
  FROM facts GROUP BY council_code
)
SELECT c.code, c.name, c.region, c.type,
  coalesce(official.judgement, rated.judgement) AS latest_rating,
  CASE WHEN official.judgement IS NOT NULL THEN official.as_of ELSE rated.as_of END AS latest_rating_as_of,
  CASE WHEN official.judgement IS NOT NULL THEN 'Ofsted' WHEN rated.judgement IS NOT NULL THEN 'documents' END
    AS latest_rating_from,
  averaged.value AS latest_average_caseload, averaged.as_of AS latest_average_caseload_as_of,
  funded.total AS total_funding_gbp,
  coalesce(counted.documents_count, 0) AS documents_count, coalesce(counted.facts_count, 0) AS facts_count,
  {", ".join(f"coalesce(counted.{kind}_count, 0) AS {kind}_count" for kind in KIND_NAMES)}
FROM councils c
LEFT JOIN official ON official.council_code = c.code
LEFT JOIN rated ON rated.council_code = c.code AND rated.n = 1
LEFT JOIN averaged ON averaged.council_code = c.code AND averaged.n = 1
LEFT JOIN funded ON funded.council_code = c.code
LEFT JOIN counted ON counted.council_code = c.code"""  # noqa: E501


def candidate_reasons_sql(db) -> str:
    """What the extractors turned down, one row per reader and reason, commonest first; the Datasette
    plugin links each reason to its candidates (the ``candidates`` table filtered by kind and reason)."""
    return """SELECT kind, reason, count(*) AS candidates, count(DISTINCT document_id) AS documents
FROM candidates
GROUP BY kind, reason
ORDER BY candidates DESC, kind, reason"""


def with_sources_sql(kind) -> str:
    """A kind's facts with their sources, what its CSV and JSON export: the value, quote and evidence link
    first, the council and the kind's other fields, then the document's title, published date and URL;
    not the offsets, run or extractor version (the table keeps them)."""
    lead = [c for c in LEAD_COLUMNS[kind.name] if c != "quote"]
    others = [c for c in kind.columns if c not in lead]
    fields = ", ".join(f"k.{column}" for column in [*lead, "quote"])
    other_fields = "".join(f"k.{column}, " for column in others)
    return f"""SELECT k.id, {fields}, {EVIDENCE_PATH.format(t="k")} AS evidence,
  coalesce(c.name, k.council_code) AS council, {other_fields}d.title AS document, d.published, d.url,
  d.source_kind, k.council_code, k.document_id, k.sentence
FROM {kind.name} k
JOIN documents d ON d.id = k.document_id
LEFT JOIN councils c ON c.code = k.council_code"""


def council_names_sql(db) -> str:
    """Every form of a council's name a reader may type, folded (lower case, hyphens as spaces): the
    gazetteer's aliases, its name, official name, LA code, GSS code and slug ("kingston-upon-hull"). The
    canned queries find a council with ``code IN (SELECT code FROM council_names WHERE form = <folded>)``."""
    fold = "replace(lower(trim({})), '-', ' ')"
    forms = [f"SELECT code, {fold.format(column)} AS form FROM councils" for column in COUNCIL_NAME_COLUMNS]
    forms.append(f"SELECT code, {fold.format('alias')} FROM council_aliases")
    return "\nUNION ".join(forms)


COUNCIL_NAME_COLUMNS = ("code", "name", "official_name", "gss_code")

# view -> function building its SQL, in the order they are created (later views read earlier ones)
VIEWS = {
    "facts": facts_sql,
    "caseload_timeline": caseload_timeline_sql,
    "council_summary": council_summary_sql,
    "candidate_reasons": candidate_reasons_sql,
    "council_names": council_names_sql,
    **{f"{kind.name}_with_sources": lambda db, kind=kind: with_sources_sql(kind) for kind in KINDS},
}


def enable_search(db):
    """Full-text search with triggers, so the index follows every insert, update and delete.

    Also puts back triggers a table rebuild (``table.transform()``) dropped: a no-op when intact."""
    for table, columns in SEARCHABLE.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize=SEARCH_TOKENIZER, replace=True)


def create_indexes(db):
    for table, indexes in INDEXED.items():
        for columns in indexes:
            db[table].create_index(columns, if_not_exists=True)


def create_views(db):
    """Create the publishing views, or replace those whose SQL changed."""
    for name, build_sql in VIEWS.items():
        db.create_view(name, build_sql(db), replace=True)


def m100_publish(db):
    enable_search(db)
    create_indexes(db)
    create_views(db)


def m101_candidate_reasons(db):
    """Databases published before the candidates table get its view."""
    create_views(db)


def m110_fact_key_views(db):
    """The views carry each fact's ``fact_key`` and link its permalink, ``/-/fact/<fact_key>``."""
    create_views(db)


def m120_humane_tables(db):
    """Search that stems (the full-text indexes rebuilt with the porter tokenizer), the council name forms
    and each kind's facts with their sources (``<kind>_with_sources``)."""
    enable_search(db)
    create_views(db)


def m131_council_summary_official_rating(db):
    """``council_summary.latest_rating`` is Ofsted's latest overall judgement when its table has one."""
    create_views(db)
