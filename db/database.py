"""Opening the database: ``open_db`` brings any casewatch database, new or old, to the current schema.

Every migration has an id whose number says where it goes (``010_fetch_log`` after ``006_versioned_facts``);
:data:`MIGRATIONS` lists them all, each beside the function that applies it, in the module of the feature it
serves. A migration not yet recorded in ``_migrations`` (one row per id applied, with its time) is applied, in
number order, in its own transaction with its record; one recorded is never applied again. ``PRAGMA
user_version`` is the highest number applied (140 when every migration below has been), a quick sign of how
recent a database's schema is; ``_migrations`` is the record.

A migration that must run again when its feature changes gets a new id with the same number (as the official
views' ``032_official_views_v4`` did before they became derived tables): on an older database it runs once,
after those already applied. A migration no longer needed leaves the list; databases that had it keep its
record.
"""

import datetime

import sqlite_utils

from . import candidates, councils, derived, factkeys, fetchlog, official, publish, schema, versions

MIGRATIONS = [
    ("001_initial", schema.m001_initial),
    ("006_versioned_facts", versions.m006_versioned_facts),
    ("010_fetch_log", fetchlog.m010_fetch_log),
    ("020_fact_keys", factkeys.m020_fact_keys),
    ("030_official_statistics", official.create_official_tables),
    ("040_council_gazetteer", councils.m040_council_gazetteer),
    ("050_candidates", candidates.m050_candidates),
    ("060_report_type_read_by_extractors", schema.m060_report_type_read_by_extractors),
    ("100_publish", publish.m100_publish),
    ("101_candidate_reasons", publish.m101_candidate_reasons),
    ("110_fact_key_views", publish.m110_fact_key_views),
    ("120_humane_tables", publish.m120_humane_tables),
    ("130_official_reader_version", official.m130_official_reader_version),
    ("131_council_summary_official_rating", publish.m131_council_summary_official_rating),
    ("140_derived_tables", derived.m140_derived_tables),
]


def open_db(path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    derived.ensure_current(db)
    if councils.load_councils_if_empty(db):  # so fact foreign keys to councils always resolve
        derived.refresh_summary(db)
    return db


def number(migration_id: str) -> int:
    """``"032_official_views_v4"`` -> 32."""
    return int(migration_id.split("_", 1)[0])


def in_number_order(migrations=None) -> list:
    return sorted(migrations or MIGRATIONS, key=lambda migration: number(migration[0]))


def applied_migrations(db) -> set:
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    return {row["name"] for row in db["_migrations"].rows}


def schema_version(db) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def ensure_schema(db, migrations=None) -> list[str]:
    """Apply the migrations ``db`` has not had, in number order; returns their ids. Safe on every open."""
    db.enable_wal()
    done, applied = applied_migrations(db), []
    for migration_id, apply in in_number_order(migrations):
        if migration_id in done:
            continue
        with db.conn:
            apply(db)
            db["_migrations"].insert({"name": migration_id, "applied_at": now_iso()})
            done.add(migration_id)
            set_user_version(db, done)
        applied.append(migration_id)
    set_user_version(db, done)  # a database made before numbered migrations counted them instead
    return applied


def set_user_version(db, done: set):
    highest = max(map(number, done), default=0)
    if schema_version(db) != highest:
        db.execute(f"PRAGMA user_version = {highest}")
