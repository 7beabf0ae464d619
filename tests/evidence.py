"""Shared by the per-kind extractor tests: a kind's facts for a text, each checked to carry its own
evidence."""

from extractors import extract_facts


def facts_with_evidence(kind: str, text: str, published: str | None = None) -> list[dict]:
    """The ``kind`` facts of ``text``; every quote is ``text[start:end]`` and sits in its sentence, itself in
    the text."""
    facts = extract_facts(text, published=published)[kind]
    for fact in facts:
        assert text[fact["start"] : fact["end"]] == fact["quote"]
        assert fact["quote"] in fact["sentence"] and fact["sentence"] in text
    return facts
