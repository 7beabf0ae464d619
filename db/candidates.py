"""What the extractors saw and turned down: the ``candidates`` table.

One row per candidate a reader rejected (``extractors.candidates``) in the current extraction of each
document: a figure, amount, grade or list cue read in a children's-services context, the reader's kind,
the reason in words and the evidence (quote, sentence, character offsets into ``documents.text``).
Read grouped by reason (the ``candidate_reasons`` totals, db/derived.py), they show an analyst what the
rules miss in a new corpus.

Candidates are working data, not facts. ``db.load.replace_document_facts`` replaces a document's
candidates in the transaction that replaces its facts; the replaced ones are dropped, not kept the way
``superseded_facts`` keeps facts (``casewatch diff`` compares facts only), and no fact counter
(``facts_produced``, ``run_documents.facts``) counts them.
"""

CANDIDATE_COLUMNS = {
    "id": int,
    "document_id": int,
    "kind": str,
    "reason": str,
    "quote": str,
    "sentence": str,
    "char_start": int,
    "char_end": int,
    "run_id": int,
    "extractor_version": str,
}

# the view groups by (kind, reason); a click-through filters by both; a re-extraction deletes by document
CANDIDATE_INDEXES = [["kind", "reason"], ["reason"], ["document_id"]]


def m050_candidates(db):
    db["candidates"].create(
        CANDIDATE_COLUMNS,
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("run_id", "extraction_runs", "id")],
        if_not_exists=True,
    )
    for columns in CANDIDATE_INDEXES:
        db["candidates"].create_index(columns, if_not_exists=True)
