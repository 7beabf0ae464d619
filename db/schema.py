"""The casewatch database's first tables: documents, councils, extraction runs and one table per fact kind.

``m001_initial`` creates them; the later migrations live with the feature they serve (db/fetchlog.py,
db/versions.py, ...), and :mod:`db.database` applies them all, in number order (``open_db``).
"""

from extractors.kinds import EVIDENCE_COLUMNS, KINDS

# One table per fact kind (extractors/kinds.py): the columns each adds to the evidence every fact carries.
KIND_COLUMNS = {kind.name: kind.columns for kind in KINDS}


def create_councils(db):
    db["councils"].create(
        {
            "code": str,
            "name": str,
            "official_name": str,
            "gss_code": str,
            "region": str,
            "type": str,
            "ofsted_urn": str,
            "domain": str,
            "successor_code": str,
            "ended": str,
        },
        pk="code",
        if_not_exists=True,
    )


def create_documents(db):
    db["documents"].create(
        {
            "id": int,
            "sha256": str,
            "source_kind": str,
            "url": str,
            "path": str,
            "title": str,
            "published": str,
            "media_type": str,
            "ingested_at": str,
            "fetched_at": str,
            "council_code": str,
            "report_type": str,
            "version_of": int,
            "extracted_version": str,
            "text": str,
        },
        pk="id",
        foreign_keys=[("council_code", "councils", "code"), ("version_of", "documents", "id")],
        if_not_exists=True,
    )
    db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
    db["documents"].create_index(["published"], if_not_exists=True)
    db["ingest_errors"].create(
        {"id": int, "source": str, "reason": str, "at": str}, pk="id", if_not_exists=True
    )


def create_runs(db):
    db["extraction_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "extractor_version": str,
            "spacy_version": str,
            "documents_processed": int,
            "facts_produced": int,
            "errors": int,
            "status": str,
        },
        pk="id",
        if_not_exists=True,
    )


def create_fact_tables(db):
    for kind, columns in KIND_COLUMNS.items():
        db[kind].create(
            {
                "id": int,
                "document_id": int,
                "council_code": str,
                **columns,
                **EVIDENCE_COLUMNS,
                "run_id": int,
                "extractor_version": str,
            },
            pk="id",
            foreign_keys=[
                ("document_id", "documents", "id"),
                ("council_code", "councils", "code"),
                ("run_id", "extraction_runs", "id"),
            ],
            if_not_exists=True,
        )
        for column in ("document_id", "council_code", "run_id"):
            db[kind].create_index([column], if_not_exists=True)


def m001_initial(db):
    create_councils(db)
    create_documents(db)
    create_runs(db)
    create_fact_tables(db)


def m060_report_type_read_by_extractors(db):
    """``documents.report_type`` becomes the extractors' reading of an Ofsted report when the source
    declared none (set when the document's facts are loaded, so their version covers it);
    ``declared_report_type`` keeps the source's own word (Ofsted's listing, a committee paper's link, a
    sidecar). Existing rows keep theirs."""
    if "declared_report_type" not in db["documents"].columns_dict:
        db["documents"].add_column("declared_report_type", str)
        db.execute("UPDATE documents SET declared_report_type = report_type")
