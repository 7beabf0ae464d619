"""Migrations apply in the order of their number, each once, recorded by id in ``_migrations``.

``fixtures/db_of_main_9681390.db.gz`` is a database made by the code before numbered migrations (commit
9681390, whose CLI applied them in the order their modules were imported: 001, 050, 010, 006, ..., 040, and
set ``user_version`` to their count): two sample documents ingested and extracted (29 facts) and a DfE
workforce CSV imported. Made with ``casewatch ingest``, ``extract`` and ``import-official csww
tests/fixtures/official/csww_small.csv``, then checkpointed to one file and gzipped.
"""

import gzip
import random
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from db.database import MIGRATIONS, applied_migrations, ensure_schema, number, open_db, schema_version
from extractors.kinds import KIND_NAMES

OLD_DB = Path(__file__).parent / "fixtures" / "db_of_main_9681390.db.gz"
OLD_IDS = [
    "001_initial",
    "050_candidates",
    "010_fetch_log",
    "006_versioned_facts",
    "030_official_statistics",
    "031_official_views",
    "032_official_views_v4",
    "100_publish",
    "101_candidate_reasons",
    "040_council_gazetteer",
]
TABLES = [
    "documents",
    *KIND_NAMES,
    "candidates",
    "councils",
    "council_aliases",
    "official_workforce",
    "official_imports",
    "extraction_runs",
    "run_documents",
]


def ids(db) -> list[str]:
    return [row["name"] for row in db.query("SELECT name FROM _migrations ORDER BY rowid")]


def test_every_migration_has_a_unique_id_and_number():
    migration_ids = [migration_id for migration_id, _ in MIGRATIONS]
    assert len(set(migration_ids)) == len(migration_ids)
    assert len({number(i) for i in migration_ids}) == len(migration_ids)
    assert migration_ids == sorted(migration_ids, key=number)  # listed as they apply


def test_a_fresh_database_gets_them_in_number_order(tmp_path):
    db = open_db(tmp_path / "fresh.db")
    assert ids(db) == sorted((i for i, _ in MIGRATIONS), key=number)
    assert schema_version(db) == max(number(i) for i, _ in MIGRATIONS)
    assert ensure_schema(db) == []  # opened again: nothing to do
    assert len(ids(open_db(tmp_path / "fresh.db"))) == len(MIGRATIONS)


def test_they_apply_in_number_order_whatever_order_they_are_listed_in(tmp_path):
    ran = []
    shuffled = [(i, lambda db, i=i: ran.append(i)) for i, _ in MIGRATIONS]
    random.Random(1).shuffle(shuffled)
    db = sqlite_utils.Database(tmp_path / "order.db")
    assert ensure_schema(db, shuffled) == ran == sorted(ran, key=number)
    assert ensure_schema(db, shuffled) == [] and len(ran) == len(MIGRATIONS)


def test_a_failed_migration_is_not_recorded_and_runs_again(tmp_path):
    db = sqlite_utils.Database(tmp_path / "failing.db")

    def broken(db):
        raise RuntimeError("half done")

    with pytest.raises(RuntimeError):
        ensure_schema(db, [("001_one", lambda db: None), ("002_broken", broken)])
    assert applied_migrations(db) == {"001_one"} and schema_version(db) == 1
    fixed = [("001_one", lambda db: None), ("002_broken", lambda db: None)]
    assert ensure_schema(db, fixed) == ["002_broken"]


def old_database(tmp_path) -> Path:
    path = tmp_path / "old.db"
    with gzip.open(OLD_DB) as packed, open(path, "wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def test_a_database_of_the_previous_code_keeps_its_data_and_gets_only_the_new_migrations(tmp_path):
    path = old_database(tmp_path)
    before = sqlite_utils.Database(path)
    assert ids(before) == OLD_IDS and schema_version(before) == len(OLD_IDS)  # old order, a count
    counts = {table: before[table].count for table in TABLES}
    recorded = {row["name"]: row["applied_at"] for row in before["_migrations"].rows}
    documents = {row["id"]: row for row in before["documents"].rows}
    before.close()

    db = open_db(path)
    new = [i for i, _ in MIGRATIONS if i not in OLD_IDS]
    assert ids(db) == OLD_IDS + new  # the old ones not applied again, the new in number order
    assert {
        row["name"]: row["applied_at"] for row in db["_migrations"].rows if row["name"] in recorded
    } == recorded
    assert {table: db[table].count for table in TABLES} == counts and counts["caseloads"] == 7
    assert schema_version(db) == max(number(i) for i, _ in MIGRATIONS)
    for row in db["documents"].rows:  # report types kept, and kept as what was declared
        assert row["report_type"] == row["declared_report_type"] == documents[row["id"]]["report_type"]
    search = "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'caseloads'"
    assert db.execute(search).fetchone()[0] > 0  # full-text search still works
    assert ensure_schema(db) == []


def test_an_old_database_gets_the_official_views_with_council_names_and_reader_versions(tmp_path):
    db = open_db(old_database(tmp_path))
    for view in ("official_inspections", "official_latest_ratings"):
        assert {"council", "web_link"} <= set(db[view].columns_dict)
    assert "reader_version" in db["official_imports"].columns_dict
    assert {row["reader_version"] for row in db["official_imports"].rows} == {1}
    assert [i.columns for i in db["official_imports"].indexes] == [["kind", "sha256", "reader_version"]]
