"""The kind registry (extractors/kinds.py): every layer builds on it, and it agrees with what readers give."""

import ast
import dataclasses
import re
from pathlib import Path

import pytest
from test_samples import DOCUMENTS, text_of

from db.database import open_db
from db.datasette_plugin import load_metadata
from extractors import api, kinds
from extractors.kinds import COUNCIL, EVIDENCE, EVIDENCE_COLUMNS, KIND_NAMES, KINDS, Reader
from pipeline.evaluate import KINDS as SCORED_KINDS
from pipeline.evaluate import MATCHERS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_MD = ROOT.parent / "shared" / "eval" / "SCHEMA.md"
COMMON_FIELDS = {f.name for f in COUNCIL + EVIDENCE}
PACKAGES = ["corpus", "db", "extractors", "pipeline", "tests"]


@pytest.mark.parametrize("kind", KINDS, ids=KIND_NAMES)
def test_every_reader_follows_the_protocol(kind):
    assert isinstance(kind.reader_module(), Reader)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_NAMES)
def test_every_kind_has_its_rule_files(kind):
    assert (ROOT / "extractors" / "patterns" / kind.patterns).is_file()
    assert (ROOT / "extractors" / "data" / kind.rules).is_file()


def test_fields_doc_is_generated_from_the_registry():
    """docs/FIELDS.md is what `python -m extractors.kinds` prints: regenerate it after editing a kind."""
    assert (ROOT / "docs" / "FIELDS.md").read_text(encoding="utf-8") == kinds.fields_markdown()


def schema_md_fields(text: str) -> dict:
    """kind -> (field names, the text of its block) of SCHEMA.md's example object."""
    blocks = {}
    for kind in KIND_NAMES:
        start = text.index(f'"{kind}": [')
        ends = [text.find(f'"{other}": [', start + 1) for other in KIND_NAMES]
        ends.append(text.find("\nConventions", start))
        block = text[start + len(kind) + 4 : min(end for end in ends if end > start)]
        blocks[kind] = (re.findall(r'"(\w+)":', block), block)
    return blocks


@pytest.mark.skipif(not SCHEMA_MD.exists(), reason="no ../shared/eval/SCHEMA.md here")
def test_registry_agrees_with_the_evaluation_schema():
    for kind in KINDS:
        names, block = schema_md_fields(SCHEMA_MD.read_text(encoding="utf-8"))[kind.name]
        assert sorted(names) == sorted(kind.contract_fields), kind.name
        for field in [f for f in kind.fields if f.contract]:
            missing = [v for v in field.values if v is not None and v not in block]
            assert missing == [], (kind.name, field.name)


@pytest.fixture(scope="module")
def sample_facts():
    return [api.extract_facts(text_of(path)) for path in DOCUMENTS]


@pytest.mark.parametrize("kind", KINDS, ids=KIND_NAMES)
def test_facts_carry_the_declared_fields(sample_facts, kind):
    declared = {f.name: f for f in kind.fields}
    facts = [fact for found in sample_facts for fact in found[kind.name]]
    assert facts, f"no {kind.name} in the samples"
    for fact in facts:
        assert set(fact) - COMMON_FIELDS <= set(declared), (kind.name, fact)
        assert set(kind.contract_fields) <= set(fact), (kind.name, fact)
        assert [f.name for f in kind.fields if not f.extracted and f.name in fact] == []
        for name, value in fact.items():
            field = declared.get(name)
            if field and field.values and value is not None:
                assert value in field.values, (kind.name, name, value)


def test_kind_tables_are_built_from_the_registry(tmp_path):
    db = open_db(tmp_path / "kinds.db")
    for kind in KINDS:
        assert list(db[kind.name].columns_dict) == [
            "id",
            "document_id",
            "council_code",
            *kind.columns,
            *EVIDENCE_COLUMNS,
            "run_id",
            "extractor_version",
            "fact_key",  # added by migration 020 (db/factkeys.py)
        ]


def test_identity_columns_are_the_kinds_own():
    for kind in KINDS:
        assert kind.identity and set(kind.identity) <= set(kind.columns), kind.name


def test_kind_tables_are_described_from_the_registry(tmp_path):
    tables, db = load_metadata()["databases"]["casewatch"]["tables"], open_db(tmp_path / "kinds.db")
    for kind in KINDS:
        described = tables[kind.name]
        assert described["description"] == kind.description
        undescribed = set(db[kind.name].columns_dict) - set(described["columns"])
        assert undescribed == {"id", "document_id", "council_code"}, kind.name  # the key and foreign keys


def test_the_scorer_matches_every_kind():
    assert SCORED_KINDS == ["councils", *KIND_NAMES] and set(MATCHERS) == set(SCORED_KINDS)


def test_describing_a_kind_keeps_the_extractor_version(monkeypatch):
    version = api.extractor_version()
    described = tuple(dataclasses.replace(kind, description="new words") for kind in KINDS)
    monkeypatch.setattr(kinds, "KINDS", described)
    assert api.extractor_version() == version
    monkeypatch.setattr(kinds, "KINDS", (dataclasses.replace(KINDS[0], needs_number=False), *KINDS[1:]))
    assert api.extractor_version() != version


def kind_listings(path: Path) -> list[int]:
    """Lines of ``path`` where a list, tuple, set or dict literal names every kind."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            names = {item.value for item in items if isinstance(item, ast.Constant)}
            if set(KIND_NAMES) <= names:
                found.append(node.lineno)
    return found


def test_the_kinds_are_listed_in_one_module_only():
    """Code reads the kinds from extractors/kinds.py; the scorer's MATCHERS (one matching rule per kind, as
    the contract's score.py has them) are checked against it above."""
    allowed = {ROOT / "extractors" / "kinds.py", ROOT / "pipeline" / "evaluate.py"}
    paths = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if path not in allowed]
    listings = {str(path.relative_to(ROOT)): lines for path in paths if (lines := kind_listings(path))}
    assert listings == {}
