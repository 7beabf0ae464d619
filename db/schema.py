"""The casewatch database schema, created and migrated by code.

``ensure_schema(db)`` brings any database, new or old, to the current schema. Each migration is
a function applied once, in order; ``PRAGMA user_version`` records how far a database has got.
"""
import sqlite_utils

from extractors.kinds import EVIDENCE_COLUMNS, KINDS

# One table per fact kind (extractors/kinds.py): the columns each adds to the evidence every fact carries.
KIND_COLUMNS = {kind.name: kind.columns for kind in KINDS}


def open_db(path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    from db.councils import load_councils_if_empty  # imported here: db.councils imports this module
    load_councils_if_empty(db)  # so fact foreign keys to councils always resolve
    return db


def create_councils(db):
    db["councils"].create({
        "code": str, "name": str, "official_name": str, "gss_code": str, "region": str,
        "type": str, "ofsted_urn": str, "domain": str, "successor_code": str, "ended": str,
    }, pk="code", if_not_exists=True)


def create_documents(db):
    db["documents"].create({
        "id": int, "sha256": str, "source_kind": str, "url": str, "path": str, "title": str,
        "published": str, "media_type": str, "ingested_at": str, "fetched_at": str,
        "council_code": str, "report_type": str, "version_of": int, "extracted_version": str,
        "text": str,
    }, pk="id", foreign_keys=[("council_code", "councils", "code"), ("version_of", "documents", "id")],
        if_not_exists=True)
    db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
    db["documents"].create_index(["published"], if_not_exists=True)
    db["ingest_errors"].create({"id": int, "source": str, "reason": str, "at": str}, pk="id",
                               if_not_exists=True)


def create_runs(db):
    db["extraction_runs"].create({
        "id": int, "started_at": str, "finished_at": str, "extractor_version": str,
        "spacy_version": str, "documents_processed": int, "facts_produced": int, "errors": int,
        "status": str,
    }, pk="id", if_not_exists=True)


def create_fact_tables(db):
    for kind, columns in KIND_COLUMNS.items():
        db[kind].create({
            "id": int, "document_id": int, "council_code": str, **columns, **EVIDENCE_COLUMNS,
            "run_id": int, "extractor_version": str,
        }, pk="id", foreign_keys=[("document_id", "documents", "id"), ("council_code", "councils", "code"),
                                  ("run_id", "extraction_runs", "id")], if_not_exists=True)
        for column in ("document_id", "council_code", "run_id"):
            db[kind].create_index([column], if_not_exists=True)


def m001_initial(db):
    create_councils(db)
    create_documents(db)
    create_runs(db)
    create_fact_tables(db)


# Migrations in the order they apply: (name, function). Feature modules (fetch log, versioned facts,
# official statistics, rejected candidates, publishing) add theirs with @migration in their own db/ module, listed in
# FEATURE_MODULES so they are imported, and registered in that order. A name, once applied, is never
# applied again; PRAGMA user_version mirrors the count applied.
MIGRATIONS = [("001_initial", m001_initial)]
FEATURE_MODULES = ["db.fetchlog", "db.versions", "db.official", "db.candidates", "db.publish", "db.councils"]


def migration(name):
    def register(fn):
        if name not in dict(MIGRATIONS):
            MIGRATIONS.append((name, fn))
        return fn
    return register


def load_feature_migrations():
    import importlib

    for module in FEATURE_MODULES:
        importlib.import_module(module)


def applied_migrations(db) -> set:
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    return {row["name"] for row in db["_migrations"].rows}


def schema_version(db) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def ensure_schema(db):
    """Bring ``db`` to the current schema; safe to call on every open."""
    import datetime

    db.enable_wal()
    load_feature_migrations()
    done = applied_migrations(db)
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            fn(db)
            db["_migrations"].insert({"name": name, "applied_at":
                                      datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")})
            db.execute(f"PRAGMA user_version = {len(done) + 1}")
        done.add(name)
