"""The one function that turns a document's text into facts (used by extract, extract-file, the loader).

Contract: ``extract_facts(text, published=None, title=None, source_kind=None)`` returns
``{"councils": [short names], "caseloads": [...], "ratings": [...], "funding": [...],
"recommendations": [...], "workforce": [...]}``: each fact a plain dict with the fields of
``../shared/eval/SCHEMA.md`` plus ``council_code`` (DfE code or None), ``start``/``end`` (character
offsets of ``quote`` in ``text``) and ``sentence`` (the sentence the quote sits in).
"""
FACT_KINDS = ["caseloads", "ratings", "funding", "recommendations", "workforce"]
EXTRACTOR_VERSION = "0"


def extract_facts(text: str, published: str | None = None, title: str | None = None,
                  source_kind: str | None = None) -> dict:
    facts = {"councils": []}
    facts.update({kind: [] for kind in FACT_KINDS})
    return facts
