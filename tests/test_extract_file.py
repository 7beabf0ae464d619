"""`casewatch extract-file`: one JSON object per file, in the schema score.py reads, whatever the files
hold."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_pdf_text import make_pdf

from extractors.kinds import KIND_NAMES
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CASEWATCH = Path(sys.executable).with_name("casewatch")
KEYS = {"path", "councils", *KIND_NAMES}

ARTICLE = "Medway Council said the average caseload of its children's social workers fell to 17 last March.\n"


def run_extract_file(*args):
    result = CliRunner().invoke(cli, ["extract-file", *map(str, args)])
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_one_object_per_file_with_evidence_offsets(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Ofsted rated Hartlepool Borough Council's children's services good.\n", encoding="utf-8"
    )
    result, lines = run_extract_file(tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.exit_code == 0, result.stderr
    assert [Path(line["path"]).name for line in lines] == ["a.txt", "b.txt"]
    assert all(KEYS <= line.keys() for line in lines)
    caseload = lines[0]["caseloads"][0]
    assert (caseload["value"], caseload["council"]) == (17, "Medway")
    assert ARTICLE[caseload["start"] : caseload["end"]] == caseload["quote"]
    assert [r["judgement"] for r in lines[1]["ratings"]] == ["good"]


@pytest.mark.parametrize(
    "published,sidecar,as_of",
    [
        ("2024-06-01", None, "2023-03"),
        (None, {"published": "2023-05-10"}, "2022-03"),
        ("2024-06-01", {"published": "2023-05-10"}, "2023-03"),
        (None, None, None),
    ],
    ids=["option", "sidecar", "option-wins", "no-date"],
)
def test_relative_dates_resolve_against_the_publication_date(tmp_path, published, sidecar, as_of):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    if sidecar:
        (tmp_path / "article.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    options = ["--published", published] if published else []
    result, lines = run_extract_file(*options, path)
    assert result.exit_code == 0, result.stderr
    assert lines[0]["caseloads"][0]["as_of"] == as_of


def test_folders_are_walked(tmp_path):
    (tmp_path / "docs").mkdir()
    for name in ("one", "two"):
        (tmp_path / "docs" / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
    result, lines = run_extract_file(tmp_path / "docs")
    assert result.exit_code == 0
    assert sorted(Path(line["path"]).name for line in lines) == ["one.txt", "two.txt"]


def test_an_empty_file_has_no_facts_and_is_no_failure(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result, lines = run_extract_file(tmp_path / "empty.txt", tmp_path / "a.txt")
    assert result.exit_code == 0
    assert "empty file" in result.stderr
    assert lines[0]["caseloads"] == [] and lines[0]["councils"] == []
    assert lines[1]["caseloads"]


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("junk.txt", bytes(range(256)) * 8, "binary"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<<", "PDF"),
        ("latin1.txt", "Caf\xe9 caseloads \xa3200".encode("latin-1"), "undecodable"),
    ],
)
def test_an_unreadable_file_gets_its_error_line_and_the_others_go_on(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "z.txt").write_text(ARTICLE, encoding="utf-8")
    result, lines = run_extract_file(tmp_path / name, tmp_path / "z.txt")
    assert result.exit_code == 1
    assert f"error: {tmp_path / name}" in result.stderr and reason in result.stderr
    assert reason in lines[0]["error"] and KEYS <= lines[0].keys() and lines[0]["caseloads"] == []
    assert lines[1]["caseloads"][0]["value"] == 17


REPORT_PAGE = [
    "Inspection of Northshire local authority",
    "children's services",
    "Inspection dates: 3 to 14 March 2025",
    "Lead inspector: Jane Example, His Majesty's Inspector",
    "Judgement Grade",
    "The impact of leaders on social work practice with children and families Good",
    "The experiences and progress of children who need help and protection Requires improvement to be good",
    "The experiences and progress of children in care Good",
    "The experiences and progress of care leavers Good",
    "Overall effectiveness Good",
    "Children in Northshire are helped at the right time.",
    "What needs to improve?",
    "- The timeliness of health assessments for children in care.",
]


def test_a_file_is_read_as_what_its_bytes_are_whatever_its_name(tmp_path):
    """A report saved without ".pdf" (as files.ofsted.gov.uk serves them) gives the JSON report.pdf gives."""
    pdf = make_pdf([REPORT_PAGE])
    (tmp_path / "report.pdf").write_bytes(pdf)
    (tmp_path / "report").write_bytes(pdf)
    result, (named, bare) = run_extract_file(tmp_path / "report.pdf", tmp_path / "report")
    assert result.exit_code == 0, result.stderr
    assert {r["scope"]: r["judgement"] for r in named["ratings"]} == {
        "leaders": "good",
        "help_and_protection": "requires improvement",
        "in_care": "good",
        "care_leavers": "good",
        "overall": "good",
    }
    assert [r["text"] for r in named["recommendations"]] == [
        "The timeliness of health assessments for children in care"
    ]
    assert {**bare, "path": None} == {**named, "path": None}


@pytest.mark.parametrize(
    "name,data",
    [
        (
            "page.txt",
            b"<!DOCTYPE html><html><body><p>" + ARTICLE.encode() + b"</p></body></html>",
        ),  # HTML named .txt
        ("story", ARTICLE.encode()),  # text, no extension
        ("story.pdf", ARTICLE.encode()),  # text named .pdf
    ],
)
def test_html_and_text_are_told_by_their_bytes(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    result, (line,) = run_extract_file(tmp_path / name)
    assert result.exit_code == 0, result.stderr
    assert [(c["value"], c["council"]) for c in line["caseloads"]] == [(17, "Medway")]
    assert "<" not in line["caseloads"][0]["sentence"]


@pytest.mark.skipif(
    not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the checkout"
)
def test_the_scorer_reads_what_the_command_prints():
    """The installed console script, run by ../shared/eval/score.py exactly as the held-out set is scored."""
    dev = SHARED / "eval" / "dev"
    scored = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            "--docs",
            str(dev / "docs"),
            "--gold",
            str(dev / "gold"),
            "--cmd",
            f"{CASEWATCH} extract-file",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert scored.returncode == 0, scored.stderr
    macro = float(re.search(r"macro F1 = ([0-9.]+)", scored.stdout).group(1))
    floors = json.loads((ROOT / "tests" / "eval_floors.json").read_text())
    assert macro >= min(floors["dev"]["f1_floors"].values()), scored.stdout


MINUTES = "Minutes\n\nThe Council's children's services were judged good by Ofsted in March.\n"


@pytest.mark.parametrize(
    "options,sidecar,councils",
    [
        ([], {"url": "https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1"}, ["Rochdale"]),
        ([], {"council": "Rochdale"}, ["Rochdale"]),
        (["--council", "Oldham"], {"url": "https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1"}, ["Oldham"]),
        ([], {"url": "https://www.bbc.co.uk/news/1"}, []),
    ],
    ids=["sidecar-url", "sidecar-council", "option-wins", "not-a-council-site"],
)
def test_the_publishing_council_comes_from_the_option_or_the_sidecar(tmp_path, options, sidecar, councils):
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES, encoding="utf-8")
    (tmp_path / "minutes.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    result, lines = run_extract_file(*options, path)
    assert result.exit_code == 0, result.stderr
    assert lines[0]["councils"] == councils
    assert [r["council"] for r in lines[0]["ratings"]] == councils


def test_explain_adds_the_candidates_turned_down(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Hull's agency rate for children's social workers fell by 12 per cent to 20 per cent.\n")
    _, plain = run_extract_file(path)
    result, explained = run_extract_file("--explain", path)
    assert result.exit_code == 0, result.stderr
    assert "rejected" not in plain[0]
    assert [(r["kind"], r["reason"], r["quote"]) for r in explained[0]["rejected"]] == [
        ("workforce", "a change, not a rate", "12 per cent")
    ]
    assert (
        [w["value"] for w in explained[0]["workforce"]] == [w["value"] for w in plain[0]["workforce"]] == [20]
    )
