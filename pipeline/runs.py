"""Extraction runs after the fact: list them, compare the facts of two, prune old versions' facts.

A run's facts are those it loaded: still current in the kind tables, or since replaced by a newer
extractor version and kept in ``superseded_facts``. Two runs are compared document by document, for
the documents both processed; a fact is identified by its kind and character span, so a fact at the
same span with other values is *changed*, not removed and added.
"""

import datetime
import json
from collections import Counter, defaultdict

from db.schema import KIND_COLUMNS

FACT_KEY = ("kind", "char_start", "char_end")


def list_runs(db, limit: int | None = None) -> list[dict]:
    sql = "SELECT * FROM extraction_runs ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    return list(db.query(sql))


def get_run(db, run_id: int) -> dict:
    rows = list(db.query("SELECT * FROM extraction_runs WHERE id = ?", [run_id]))
    if not rows:
        raise LookupError(f"no extraction run {run_id}")
    return rows[0]


def current_facts(db, run_id: int):
    for kind, columns in KIND_COLUMNS.items():
        for row in db.query(f"SELECT * FROM [{kind}] WHERE run_id = ?", [run_id]):
            yield {
                "kind": kind,
                "document_id": row["document_id"],
                "char_start": row["char_start"],
                "char_end": row["char_end"],
                "quote": row["quote"],
                "fields": {"council_code": row["council_code"], **{c: row[c] for c in columns}},
            }


def superseded_facts(db, run_id: int):
    for row in db.query("SELECT * FROM superseded_facts WHERE run_id = ?", [run_id]):
        yield {
            "kind": row["kind"],
            "document_id": row["document_id"],
            "char_start": row["char_start"],
            "char_end": row["char_end"],
            "quote": row["quote"],
            "fields": {"council_code": row["council_code"], **json.loads(row["fact"])},
        }


def run_facts(db, run_id: int) -> dict:
    """``{document_id: [fact, ...]}`` for the facts ``run_id`` loaded, current or superseded."""
    by_document = defaultdict(list)
    for fact in [*current_facts(db, run_id), *superseded_facts(db, run_id)]:
        by_document[fact["document_id"]].append(fact)
    return by_document


def processed_documents(db, run_id: int) -> set:
    return {
        r["document_id"]
        for r in db.query(
            "SELECT document_id FROM run_documents WHERE run_id = ? AND status = 'ok'", [run_id]
        )
    }


def fact_identity(fact: dict) -> tuple:
    return tuple(fact[k] for k in FACT_KEY) + (json.dumps(fact["fields"], sort_keys=True),)


def without_common(before: list, after: list) -> tuple[list, list, int]:
    """The facts of ``before`` and ``after`` not in both (as multisets), and how many were."""
    common = Counter(map(fact_identity, before)) & Counter(map(fact_identity, after))
    unchanged, left = sum(common.values()), []
    for facts in (before, after):
        seen = Counter(common)
        kept = []
        for fact in facts:
            if seen[fact_identity(fact)]:
                seen[fact_identity(fact)] -= 1
            else:
                kept.append(fact)
        left.append(kept)
    return left[0], left[1], unchanged


def changed_fields(before: dict, after: dict) -> dict:
    keys = sorted(set(before["fields"]) | set(after["fields"]))
    return {
        k: [before["fields"].get(k), after["fields"].get(k)]
        for k in keys
        if before["fields"].get(k) != after["fields"].get(k)
    }


def compare_facts(before: list, after: list) -> dict:
    """Added, removed and changed facts between two lists of one document's facts."""
    before, after, unchanged = without_common(before, after)
    by_key = defaultdict(list)
    for fact in before:
        by_key[tuple(fact[k] for k in FACT_KEY)].append(fact)
    added, changed = [], []
    for fact in after:
        olds = by_key.get(tuple(fact[k] for k in FACT_KEY))
        if olds:
            old = olds.pop(0)
            changed.append(
                {
                    "kind": fact["kind"],
                    "char_start": fact["char_start"],
                    "char_end": fact["char_end"],
                    "quote": fact["quote"],
                    "before": old["fields"],
                    "after": fact["fields"],
                    "fields": changed_fields(old, fact),
                }
            )
        else:
            added.append(fact)
    removed = [fact for olds in by_key.values() for fact in olds]
    return {"added": added, "removed": removed, "changed": changed, "unchanged": unchanged}


def document_info(db, document_id: int) -> dict:
    row = db["documents"].get(document_id)
    return {
        "document_id": document_id,
        "sha256": row["sha256"],
        "title": row["title"],
        "url": row["url"],
        "path": row["path"],
    }


def by_kind(changes: dict) -> dict:
    kinds = defaultdict(lambda: {"added": [], "removed": [], "changed": []})
    for change in ("added", "removed", "changed"):
        for fact in changes[change]:
            kinds[fact["kind"]][change].append(
                {k: v for k, v in fact.items() if k not in ("kind", "document_id")}
            )
    return {kind: kinds[kind] for kind in KIND_COLUMNS if kind in kinds}


def diff_summary(documents: list, compared: int, unchanged: int, only_a: set, only_b: set) -> dict:
    totals = Counter()
    for doc in documents:
        totals.update(
            {change: len(facts) for kind in doc["kinds"].values() for change, facts in kind.items()}
        )
    return {
        "documents_compared": compared,
        "documents_changed": len(documents),
        "added": totals["added"],
        "removed": totals["removed"],
        "changed": totals["changed"],
        "unchanged": unchanged,
        "documents_only_in_a": len(only_a),
        "documents_only_in_b": len(only_b),
    }


def diff_runs(db, run_a: int, run_b: int) -> dict:
    """Per document and kind, the facts run ``run_b`` added, removed and changed relative to ``run_a``."""
    runs = [get_run(db, run_a), get_run(db, run_b)]
    facts_a, facts_b = run_facts(db, run_a), run_facts(db, run_b)
    docs_a, docs_b = processed_documents(db, run_a), processed_documents(db, run_b)
    documents, unchanged_total = [], 0
    for document_id in sorted(docs_a & docs_b):
        changes = compare_facts(facts_a.get(document_id, []), facts_b.get(document_id, []))
        unchanged_total += changes["unchanged"]
        if changes["added"] or changes["removed"] or changes["changed"]:
            documents.append(
                {
                    **document_info(db, document_id),
                    "unchanged": changes["unchanged"],
                    "kinds": by_kind(changes),
                }
            )
    summary = diff_summary(documents, len(docs_a & docs_b), unchanged_total, docs_a - docs_b, docs_b - docs_a)
    notes = [
        f"run {run['id']}'s superseded facts were pruned on {run['pruned_at']}: only its facts still "
        "current are compared"
        for run in runs
        if run.get("pruned_at")
    ]
    return {"run_a": runs[0], "run_b": runs[1], "documents": documents, "summary": summary, "notes": notes}


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def versions_newest_first(db) -> list[str]:
    return [
        r["extractor_version"]
        for r in db.query(
            "SELECT extractor_version, max(id) AS last_run FROM extraction_runs "
            "GROUP BY extractor_version ORDER BY last_run DESC"
        )
    ]


def prune_versions(db, keep: int) -> dict:
    """Drop the superseded facts of all but the ``keep`` most recently run extractor versions.

    Current facts (the kind tables) are never dropped, whatever version produced them; runs stay
    listed, marked ``pruned_at``.
    """
    if keep < 1:
        raise ValueError("--keep must be at least 1: the current version is always kept")
    versions = versions_newest_first(db)
    dropped = versions[keep:]
    marks = ", ".join("?" * len(dropped))
    with db.atomic():
        deleted = (
            db.execute(f"DELETE FROM superseded_facts WHERE extractor_version IN ({marks})", dropped).rowcount
            if dropped
            else 0
        )
        if dropped:
            db.execute(
                f"UPDATE extraction_runs SET pruned_at = ? WHERE extractor_version IN ({marks}) "
                "AND pruned_at IS NULL",
                [now_iso(), *dropped],
            )
    return {"kept": versions[:keep], "dropped": dropped, "facts_deleted": deleted}
