"""Texts longer than spaCy's max_length (1,000,000 characters) are extracted in pieces, never refused: their
facts are found wherever they sit, with document-wide offsets, and the headline and publisher still name the
council."""

import json

import pytest
from click.testing import CliRunner

from corpus.ingest import ingest_paths
from db.database import open_db
from extractors.api import extract_facts, get_nlp
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli
from pipeline.extract import run_extraction

HEADLINE = "Barnsley children's social care: annual workforce report"
NEAR_START = "Social workers in Barnsley now carry an average caseload of 17 children.\n\n"
NEAR_END = "Our social workers have an average caseload of 19 children, the Council said.\n\n"
FUNDING = "The Council will invest £6.5m a year in children's social care.\n\n"
FILLER = [
    f"Item {i}. The committee noted the minutes of the previous meeting and agreed that they were a correct "
    f"record of the discussion held on that day.\n" + ("\n" if i % 3 else "")
    for i in range(40)
]


def long_text(headline: str = HEADLINE, size: int = 1_200_000) -> str:
    """``headline``, filler paragraphs, a caseload sentence near 50,000 characters and two fact sentences near
    1,100,000."""
    parts, length, placed = [headline + "\n\n"], len(headline) + 2, set()
    i = 0
    while length < size:
        for at, sentence in ((50_000, NEAR_START), (1_100_000, NEAR_END + FUNDING)):
            if length >= at and at not in placed:
                placed.add(at)
                parts.append(sentence)
                length += len(sentence)
        parts.append(FILLER[i % len(FILLER)])
        length += len(FILLER[i % len(FILLER)])
        i += 1
    return "".join(parts)


def found(facts: dict) -> list[tuple]:
    return [
        (kind, f.get("value", f.get("amount_gbp")), f["council"])
        for kind in ("caseloads", "funding")
        for f in facts[kind]
    ]


def assert_offsets_are_document_wide(text: str, facts: dict):
    every = [f for kind in [*KIND_NAMES, "rejected"] for f in facts.get(kind, [])]
    assert every
    for fact in every:
        assert text[fact["start"] : fact["end"]] == fact["quote"]
        assert fact["quote"] in fact["sentence"]


def test_the_text_is_over_spacys_limit():
    assert len(long_text()) > get_nlp().max_length


@pytest.mark.parametrize(
    "headline,kwargs,council",
    [
        (HEADLINE, {}, "Barnsley"),  # the headline's council, in every piece
        (HEADLINE, {"title": HEADLINE}, "Barnsley"),
        ("Annual workforce report", {"council": "Wigan"}, "Wigan"),  # the publisher's, in every piece
    ],
    ids=["headline", "title", "publisher"],
)
def test_facts_are_found_in_every_piece_with_document_wide_offsets(headline, kwargs, council):
    text = long_text(headline)
    facts = extract_facts(text, **kwargs)
    assert found(facts) == [
        ("caseloads", 17, "Barnsley"),
        ("caseloads", 19, council),
        ("funding", 6_500_000, council),
    ]
    assert_offsets_are_document_wide(text, facts)
    assert facts["caseloads"][-1]["start"] > 1_000_000
    assert council in facts["councils"]


def test_a_paragraph_longer_than_a_piece_is_cut_and_still_read():
    text = HEADLINE + "\n\n" + "word " * 250_000 + NEAR_END.strip() + " " + "word " * 10_000
    facts = extract_facts(text)
    assert found(facts) == [("caseloads", 19, "Barnsley")]
    assert_offsets_are_document_wide(text, facts)


def test_many_documents_in_order_with_a_long_one_among_them():
    from extractors.api import extract_facts_many

    text = long_text()
    docs = [{"text": NEAR_START}, {"text": text}, {"text": FUNDING, "council": "Wigan"}]
    results = list(extract_facts_many(docs))
    assert [found(r) for r in results] == [
        [("caseloads", 17, "Barnsley")],
        found(extract_facts(text)),
        [("funding", 6_500_000, "Wigan")],
    ]
    assert_offsets_are_document_wide(text, results[1])


def test_extract_file_prints_the_long_file_and_the_next(tmp_path):
    text = long_text()
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    (tmp_path / "short.txt").write_text(FUNDING, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["extract-file", "--council", "Wigan", str(tmp_path / "long.txt"), str(tmp_path / "short.txt")]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(tmp_path / "long.txt"), str(tmp_path / "short.txt")]
    assert [f["value"] for f in lines[0]["caseloads"]] == [17, 19]
    assert_offsets_are_document_wide(text, lines[0])
    assert [f["amount_gbp"] for f in lines[1]["funding"]] == [6_500_000]


def test_the_extract_stage_loads_a_long_document_and_keeps_what_was_stored(tmp_path):
    (tmp_path / "short.txt").write_text(FUNDING, encoding="utf-8")
    (tmp_path / "long.txt").write_text(long_text(), encoding="utf-8")
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [tmp_path / "short.txt"], council="Wigan")
    run_extraction(db)
    before = list(db.query("SELECT document_id, quote, char_start FROM funding"))
    ingest_paths(db, tmp_path / "data", [tmp_path / "long.txt"])
    run = run_extraction(db)
    assert (run["documents_processed"], run["errors"]) == (1, 0)
    assert not list(db.query("SELECT * FROM run_documents WHERE error IS NOT NULL"))
    long_id = db.execute("SELECT id FROM documents WHERE path LIKE '%long.txt'").fetchone()[0]
    stored = db.execute("SELECT text FROM documents WHERE id = ?", [long_id]).fetchone()[0]
    rows = list(
        db.query(
            "SELECT value, council_code, quote, char_start, char_end FROM caseloads "
            "WHERE document_id = ? ORDER BY char_start",
            [long_id],
        )
    )
    assert [(r["value"], r["council_code"]) for r in rows] == [(17, "370"), (19, "370")]
    assert all(stored[r["char_start"] : r["char_end"]] == r["quote"] for r in rows)
    assert db.execute("SELECT extracted_version FROM documents WHERE id = ?", [long_id]).fetchone()[0]
    assert before == list(
        db.query("SELECT document_id, quote, char_start FROM funding WHERE document_id != ?", [long_id])
    )
