"""Stable fact identity: every fact's ``fact_key``, the same across reruns and extractor versions.

A fact's row id changes whenever its document is extracted again; its ``fact_key`` does not, while the fact
stays the same: 16 hex characters of the sha256 of what the fact is — the document's sha256, the kind, the
character span, the council and the values of the kind's ``identity`` columns (extractors/kinds.py). A fact
whose span, council or defining values change is another fact, with another key. ``/-/fact/<fact_key>`` is its
evidence page (db/datasette_plugin.py) and its Atom entry id is built from the key.

Keys are computed here only: when facts are loaded (db/load.py), and by migration ``020_fact_keys`` for the
rows of a database made before them, ``superseded_facts`` included (with the id the fact had, so an old
``/-/evidence/<kind>/<id>`` link still finds it).
"""

import hashlib
import json

from extractors.kinds import KINDS

KEY_LENGTH = 16  # hex characters: 64 bits, no collision in any corpus casewatch will hold
IDENTITY = {kind.name: kind.identity for kind in KINDS}


def canonical(value):
    """A value as it hashes: 16, 16.0 and "16.0" read back from SQLite are one number."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(float(value))
    return str(value)


def fact_key(kind: str, document_sha256: str, row: dict) -> str:
    """The key of a fact ``row`` (database column names) of a document with this sha256."""
    parts = [
        document_sha256,
        kind,
        row.get("char_start"),
        row.get("char_end"),
        row.get("council_code"),
        [canonical(row.get(column)) for column in IDENTITY[kind]],
    ]
    material = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def add_key_columns(db):
    """``fact_key`` on every kind table, and ``fact_key`` with ``fact_id`` (the row's id in its kind table)
    on ``superseded_facts``, all indexed."""
    for kind in IDENTITY:
        if "fact_key" not in db[kind].columns_dict:
            db[kind].add_column("fact_key", str)
        db[kind].create_index(["fact_key"], index_name=f"idx_{kind}_by_fact_key", if_not_exists=True)
    superseded = db["superseded_facts"]
    for column in ("fact_key", "fact_id"):
        if column not in superseded.columns_dict:
            superseded.add_column(column, str if column == "fact_key" else int)
    superseded.create_index(["fact_key"], index_name="idx_superseded_by_fact_key", if_not_exists=True)
    superseded.create_index(["kind", "fact_id"], index_name="idx_superseded_by_fact_id", if_not_exists=True)


def fill_kind_keys(db, kind: str):
    sql = f"SELECT f.*, d.sha256 AS document_sha256 FROM [{kind}] f JOIN documents d ON d.id = f.document_id"
    keys = [(fact_key(kind, row["document_sha256"], row), row["id"]) for row in db.query(sql)]
    db.conn.executemany(f"UPDATE [{kind}] SET fact_key = ? WHERE id = ?", keys)


def superseded_key(row: dict) -> str:
    """A superseded fact's key, from its evidence columns and its kind's columns (kept as JSON)."""
    return fact_key(row["kind"], row["document_sha256"], {**json.loads(row["fact"] or "{}"), **row})


def fill_superseded_keys(db):
    rows = db.query("SELECT * FROM superseded_facts WHERE fact_key IS NULL AND kind IN (%s)" % kind_list())
    keys = [(superseded_key(row), row["id"]) for row in rows]
    db.conn.executemany("UPDATE superseded_facts SET fact_key = ? WHERE id = ?", keys)


def kind_list() -> str:
    return ", ".join(f"'{kind}'" for kind in IDENTITY)


def m020_fact_keys(db):
    add_key_columns(db)
    for kind in IDENTITY:
        fill_kind_keys(db, kind)
    fill_superseded_keys(db)
