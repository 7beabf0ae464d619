"""What publishing needs in the database: full-text search, indexes for facets and joins, views, and the SQL
of the tables the pages read.

The kind tables hold current facts only (a re-extraction moves the old ones to ``superseded_facts``,
see db/versions.py). What the pages list (every fact in one table, the caseload timeline, each kind with its
sources, the per-council summary) is kept in derived tables (db/derived.py) built by the ``*_sql`` functions
below; the small views left (``VIEWS``) are computed per request. A later migration that changes a view calls
``create_views`` again.
"""

from extractors.kinds import KIND_NAMES, KINDS

from .humane import LEAD_COLUMNS
from .schema import KIND_COLUMNS

# table -> columns indexed for full-text search (kept current by triggers)
SEARCHABLE = {
    "documents": ["title", "text"],
    **{kind.name: list(kind.searchable) for kind in KINDS if kind.searchable},
}

# table -> columns filtered, faceted or sorted on by the metadata, views and canned queries (with a kind's
# facets)
INDEXED = {
    "documents": [["source_kind"], ["council_code"], ["report_type"], ["media_type"]],
    "candidates": [["kind", "reason", "document_id"], ["reason"]],
    **{kind.name: [*map(list, kind.indexed), *([facet] for facet in kind.facets)] for kind in KINDS},
}

# A fact's link, as SQL over table alias {t}: its permalink, the evidence page by fact_key (db/factkeys.py),
# the same after a re-extraction. The one place every view, query and export takes a fact's link from.
EVIDENCE_PATH = "'/-/fact/' || {t}.fact_key"

# FTS5 tokenizer: the porter stemmer, so "caseload" finds "caseloads" and "recruiting" finds "recruited".
SEARCH_TOKENIZER = "porter"

# kind -> SQL expression: the fact in a few words, for feeds and one-line listings
FACT_SUMMARIES = {kind.name: kind.summary_sql for kind in KINDS}


def fact_select(kind: str, only: str = "1") -> str:
    as_of = f"{kind}.as_of" if "as_of" in KIND_COLUMNS[kind] else "NULL"
    return (
        f"SELECT '{kind}' AS kind, {kind}.id AS fact_id, {kind}.fact_key, {kind}.council_code, "
        f"{kind}.document_id, "
        f"{FACT_SUMMARIES[kind].format(t=kind)} AS summary, {as_of} AS as_of, {kind}.quote, "
        f"{kind}.run_id, {EVIDENCE_PATH.format(t=kind)} AS evidence "
        f"FROM {kind} WHERE {only.format(t=f'{kind}.document_id')}"
    )


def facts_sql(only: str = "1") -> str:
    """Every fact of every kind, a row each; ``only`` picks them by document (``{t}``: the document id;
    ``1``: all)."""
    union = "\n  UNION ALL\n  ".join(fact_select(kind, only) for kind in KIND_NAMES)
    return f"""SELECT f.kind, f.fact_id, f.fact_key, f.council_code,
  coalesce(c.name, f.council_code) AS council, f.summary, f.as_of, f.quote, f.document_id,
  d.title AS document, d.published, d.source_kind,
  coalesce(d.url, d.path) AS source, coalesce(rd.at, r.finished_at) AS extracted_at, f.evidence
FROM (
  {union}
) AS f
JOIN documents d ON d.id = f.document_id
LEFT JOIN councils c ON c.code = f.council_code
LEFT JOIN run_documents rd ON rd.run_id = f.run_id AND rd.document_id = f.document_id
LEFT JOIN extraction_runs r ON r.id = f.run_id"""


def caseload_timeline_sql(only: str = "1") -> str:
    return f"""SELECT k.id AS fact_id, k.fact_key, k.council_code,
  coalesce(c.name, k.council_code) AS council,
  coalesce(k.as_of, substr(d.published, 1, 7)) AS as_of,
  CASE WHEN k.as_of IS NULL THEN 'published date' ELSE 'text' END AS as_of_from,
  k.value, k.qualifier, k.low, k.high, k.measure, k.role, k.quote,
  k.document_id, d.title AS document, d.published, d.source_kind, coalesce(d.url, d.path) AS source,
  {EVIDENCE_PATH.format(t="k")} AS evidence
FROM caseloads k
JOIN documents d ON d.id = k.document_id
LEFT JOIN councils c ON c.code = k.council_code
WHERE {only.format(t="k.document_id")}"""


# A council's latest overall rating in the documents, and its latest average caseload: the first row of its
# facts in these orders (each read through an index of the derived table it is in, db/derived.py). Among
# documents "latest" orders by the date the text gives for the fact, else the document's published date; a
# rating the text calls previous never counts as newer than its own stated date.
LATEST_RATING_ORDER = """CASE WHEN period = 'previous' THEN coalesce(as_of, '')
    ELSE coalesce(as_of, published, '') END DESC, period = 'current' DESC, published DESC, id DESC"""
OVERALL_SCOPES = "coalesce(scope, 'overall') IN ('overall', 'unspecified')"
LATEST_AVERAGE_ORDER = "as_of DESC, published DESC, fact_id DESC"


def council_documents_sql(only: str = "1") -> str:
    """How many facts of each kind each document gives each council, a row per council and document: what the
    council summary counts (summing a council's few hundred rows, not counting its thousands of facts);
    ``only`` picks the documents (``{t}``: the document id; ``1``: all)."""
    counts = ", ".join(f"sum(f.kind = '{kind}') AS {kind}" for kind in KIND_NAMES)
    return f"""SELECT f.council_code, f.document_id, count(*) AS facts, {counts}
FROM facts f
WHERE f.council_code IS NOT NULL AND {only.format(t="f.document_id")}
GROUP BY f.council_code, f.document_id"""


def council_summary_sql(only: str = "1") -> str:
    """One row per council: its latest overall rating, latest average caseload, funding and counts.

    The latest rating is Ofsted's own (the latest overall judgement in ``official_latest_ratings``) when the
    official table has one for the council, else the latest the documents state (``latest_rating_from`` says
    which; :data:`LATEST_RATING_ORDER`). Built from the other derived tables, each read by council through its
    index; ``only`` picks the councils (``{t}``: the council code; ``1``: all).
    """
    counts = ", ".join(f"sum(n.{kind}) AS {kind}_count" for kind in KIND_NAMES)
    return f"""SELECT c.code, c.name, c.region, c.type,
  coalesce(o.judgement, r.judgement) AS latest_rating,
  CASE WHEN o.judgement IS NOT NULL THEN o.inspection_date
    WHEN r.period = 'previous' THEN r.as_of ELSE coalesce(r.as_of, substr(r.published, 1, 10)) END
    AS latest_rating_as_of,
  CASE WHEN o.judgement IS NOT NULL THEN 'Ofsted' WHEN r.judgement IS NOT NULL THEN 'documents' END
    AS latest_rating_from,
  t.value AS latest_average_caseload, t.as_of AS latest_average_caseload_as_of,
  (SELECT sum(amount_gbp) FROM funding_with_sources WHERE council_code = c.code) AS total_funding_gbp,
  coalesce(counted.documents_count, 0) AS documents_count, coalesce(counted.facts_count, 0) AS facts_count,
  {", ".join(f"coalesce(counted.{kind}_count, 0) AS {kind}_count" for kind in KIND_NAMES)}
FROM councils c
LEFT JOIN official_latest_ratings o ON o.council_code = c.code AND o.scope = 'overall'
LEFT JOIN ratings_with_sources r ON r.rowid = (SELECT rowid FROM ratings_with_sources
  WHERE council_code = c.code AND {OVERALL_SCOPES} ORDER BY {LATEST_RATING_ORDER} LIMIT 1)
LEFT JOIN caseload_timeline t ON t.rowid = (SELECT rowid FROM caseload_timeline
  WHERE council_code = c.code AND measure = 'average' ORDER BY {LATEST_AVERAGE_ORDER} LIMIT 1)
LEFT JOIN (
  SELECT n.council_code, count(*) AS documents_count, sum(n.facts) AS facts_count, {counts}
  FROM council_documents n WHERE {only.format(t="n.council_code")} GROUP BY n.council_code
) AS counted ON counted.council_code = c.code
WHERE {only.format(t="c.code")}"""


def candidate_reasons_sql(only: str = "1") -> str:
    """What the extractors turned down, one row per reader and reason; the Datasette plugin links each reason
    to its candidates (the ``candidates`` table filtered by kind and reason). ``only`` picks the documents
    counted (``{t}``: the document id; ``1``: all): loading adds and takes away each document's counts."""
    return f"""SELECT kind, reason, count(*) AS candidates, count(DISTINCT document_id) AS documents
FROM candidates
WHERE {only.format(t="document_id")}
GROUP BY kind, reason"""


# The columns the facts table's page is faceted by: fact_totals counts the facts by them (db/derived.py).
FACT_FACETS = ("kind", "council", "source_kind")


def fact_totals_sql(only: str = "1") -> str:
    """How many facts there are of each kind, council and kind of source, what the facts table's facets show
    (``only`` picks the documents counted, as in :func:`candidate_reasons_sql`)."""
    columns = ", ".join(FACT_FACETS)
    return f"""SELECT {columns}, count(*) AS facts
FROM facts
WHERE {only.format(t="document_id")}
GROUP BY {columns}"""


def with_sources_sql(kind, only: str = "1") -> str:
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
LEFT JOIN councils c ON c.code = k.council_code
WHERE {only.format(t="k.document_id")}"""


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
    "council_names": council_names_sql,
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
    """Databases published before the candidates table got its view (a derived table since migration 140)."""
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
