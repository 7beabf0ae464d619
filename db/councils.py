"""The ``councils`` table filled from the gazetteer, and ``council_aliases`` beside it.

``load_councils(db)`` upserts every authority of :mod:`extractors.gazetteer` (today's and predecessors)
and replaces the alias table; running it twice leaves the same rows. ``open_db`` calls
``load_councils_if_empty`` so fact foreign keys to ``councils`` always resolve.
"""

import functools
import re

from extractors.gazetteer import load_gazetteer

# Columns the gazetteer adds to the ``councils`` table created by 001_initial.
GAZETTEER_COLUMNS = {
    "started": str,
    "successor_codes": str,
    "old_gss_codes": str,
    "other_domains": str,
    "notes": str,
}
LIST_SEPARATOR = "; "
COUNCIL_PAGE_PREFIX = "/-/council/"


def m040_council_gazetteer(db):
    existing = db["councils"].columns_dict
    for column, column_type in GAZETTEER_COLUMNS.items():
        if column not in existing:
            db["councils"].add_column(column, column_type)
    db["council_aliases"].create(
        {"alias": str, "code": str, "ambiguous": int, "reason": str},
        pk=("alias", "code"),
        foreign_keys=[("code", "councils", "code")],
        if_not_exists=True,
    )
    db["council_aliases"].create_index(["code"], if_not_exists=True)


def council_row(council) -> dict:
    """A :class:`~extractors.gazetteer.Council` as a ``councils`` row (lists joined with "; ")."""
    row = {
        column: getattr(council, column)
        for column in (
            "code",
            "name",
            "official_name",
            "gss_code",
            "region",
            "type",
            "ofsted_urn",
            "domain",
            "successor_code",
            "ended",
            "started",
            "notes",
        )
    }
    for column in ("successor_codes", "old_gss_codes", "other_domains"):
        row[column] = LIST_SEPARATOR.join(getattr(council, column)) or None
    return row


def load_councils(db, gazetteer=None) -> int:
    """Upsert the gazetteer into ``councils`` and ``council_aliases``; returns the number of councils."""
    gazetteer = gazetteer or load_gazetteer()
    rows = [council_row(c) for c in gazetteer.councils]
    with db.conn:
        db["councils"].upsert_all(rows, pk="code", alter=True)
        db["council_aliases"].delete_where()
        db["council_aliases"].insert_all(gazetteer.alias_rows(), pk=("alias", "code"))
    return len(rows)


def load_councils_if_empty(db) -> int:
    """Load the gazetteer into a database whose ``councils`` table is still empty; 0 if it was not."""
    return 0 if db["councils"].count else load_councils(db)


def add_councils_from_gazetteer(db, codes: set) -> set:
    """Insert the councils rows the gazetteer knows for ``codes``; returns the codes it knows."""
    councils = [c for c in map(load_gazetteer().by_code, codes) if c is not None]
    rows = [council_row(c) for c in councils]
    if rows:
        db["councils"].insert_all(rows, pk="code", ignore=True)
    return {c.code for c in councils}


@functools.cache  # pages list every council's URL, each asking which council owns a slug
def council_slug(name: str) -> str:
    """The council's short name as a URL part: "Bournemouth, Christchurch and Poole" ->
    "bournemouth-christchurch-and-poole", "St Helens" -> "st-helens". Two councils of one name (the Dorset
    county council that ended in 2019 and today's Dorset) share a slug: the council page shows the current
    one."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", name.lower()).replace("&", " and "))
    return "-".join(words)


def council_page_path(name: str) -> str:
    """The path of the council's page, ``/-/council/<slug>`` (before Datasette's base_url)."""
    return COUNCIL_PAGE_PREFIX + council_slug(name)
