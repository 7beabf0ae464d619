"""The extractor version hashes exactly what decides extraction output: the extraction code, its config,
the rule and pattern files, the spaCy version. Every edit is made on a copy of the package, never on the
real files."""

import shutil
from pathlib import Path

import pytest

from extractors import api
from extractors.api import EXTRACTOR_VERSION, extractor_version, versioned_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy of the repository's extractors/ and pipeline/evaluate.py, the version computed from the copy."""
    package = tmp_path / "extractors"
    shutil.copytree(api.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "pipeline").mkdir()
    shutil.copy(ROOT / "pipeline" / "evaluate.py", tmp_path / "pipeline" / "evaluate.py")
    monkeypatch.setattr(api, "PACKAGE_DIR", package)
    assert extractor_version() == EXTRACTOR_VERSION
    return tmp_path


def append(path: Path, text: str):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


@pytest.mark.parametrize(
    "edit",
    [
        "pipeline/evaluate.py",  # evaluation is not extraction
        "extractors/NOTES.md",  # nor a note left in the package
        "extractors/__pycache__/api.cpython-311.pyc",
    ],
)
def test_editing_what_does_not_extract_keeps_the_version(copy, edit):
    (copy / edit).parent.mkdir(exist_ok=True)
    append(copy / edit, "\n# a comment that changes nothing extracted\n")
    assert extractor_version() == EXTRACTOR_VERSION


@pytest.mark.parametrize(
    "edit,text",
    [
        ("extractors/data/caseload_rules.json", " "),
        ("extractors/patterns/caseloads.jsonl", "\n"),
        ("extractors/data/ofsted_report.yaml", "\n# the report reader's rules\n"),
        ("extractors/caseloads.py", "\n# code\n"),
    ],
)
def test_editing_a_rule_pattern_or_extraction_code_changes_the_version(copy, edit, text):
    append(copy / edit, text)
    assert extractor_version() != EXTRACTOR_VERSION


def test_the_spacy_version_is_part_of_it(copy, monkeypatch):
    monkeypatch.setattr(api.spacy, "__version__", "0.0.1")
    assert extractor_version() != EXTRACTOR_VERSION


def test_the_hashed_files_are_the_extraction_code_patterns_and_data():
    files = {str(path.relative_to(api.PACKAGE_DIR)) for path in versioned_files(api.PACKAGE_DIR)}
    assert {"api.py", "patterns/caseloads.jsonl", "data/ofsted_report.yaml"} <= files
    assert not {"evaluate.py", "benchmark.py", "kinds.py", "data/benchmark_templates.json"} & files
    assert all(f.endswith(".py") or f.split("/")[0] in ("data", "patterns") for f in files)
