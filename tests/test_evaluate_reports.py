"""`make eval-reports`: the report reader scored on real reports against their ground truth.

The scoring is checked on a folder built here (a report PDF of our own and a ground-truth table, one of whose
values a correction overrides); then the real evaluation over ../shared/data/ofsted (skipped when absent) must
keep its floors: every report recognised, none with two current overall judgements, the judgements read right.
"""

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_extract_file import REPORT_PAGE
from test_pdf_text import make_pdf

from pipeline.evaluate_reports import (
    CORRECTIONS,
    GRADE_COLUMNS,
    SHARED_OFSTED,
    format_summary,
    load_corrections,
    main,
    read_csv,
    read_reports,
    summarise,
)

COLUMNS = [
    "file",
    "inspection_framework",
    "inspector_name",
    "inspection_start_date",
    "inspection_end_date",
    *GRADE_COLUMNS.values(),
]
# overall judgement at least this, each sub-judgement at least SUB_FLOOR (the targets); never lowered
OVERALL_FLOOR, SUB_FLOOR, DETAIL_FLOOR = 0.995, 0.99, 0.99


def write_truth(folder: Path, rows: list[dict]):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "ground_truth.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def made_root(tmp_path):
    """more-reports/ with one report of our own: its truth right but for the in-care grade and the
    inspector."""
    folder = tmp_path / "more-reports"
    folder.mkdir()
    (folder / "northshire.pdf").write_bytes(make_pdf([REPORT_PAGE]))
    write_truth(
        folder,
        [
            {
                "file": "northshire.pdf",
                "inspection_framework": "standard",
                "inspector_name": "Jane Example",
                "inspection_start_date": "03/03/2025",
                "inspection_end_date": "14/03/2025",
                "overall_effectiveness_grade": "good",
                "impact_of_leaders_grade": "good",
                "help_and_protection_grade": "requires improvement",
                "in_care_grade": "outstanding",
                "care_leavers_grade": "good",
            }
        ],
    )
    return tmp_path


def test_scores_misses_and_corrections(made_root, tmp_path):
    summary = summarise(read_reports(made_root, corrections={}))
    assert (summary["reports"], summary["recognised"], summary["two_current_overall"]) == (1, 1, [])
    assert summary["judgements"]["in_care"]["misses"] == [("northshire.pdf", "outstanding", "good")]
    assert {name: score["correct"] for name, score in summary["judgements"].items()} == {
        "overall": 1,
        "leaders": 1,
        "help_and_protection": 1,
        "in_care": 0,
        "care_leavers": 1,
    }
    assert summary["details"]["framework"]["correct"] == summary["details"]["lead_inspector"]["correct"] == 1
    assert summary["recommendations"]["items"] == 1
    fixed = {("northshire.pdf", "in_care_grade"): ("good", "the PDF's table: in care Good")}
    assert summarise(read_reports(made_root, corrections=fixed))["judgements"]["in_care"]["accuracy"] == 1.0
    printed = format_summary(summary, fixed)
    assert "northshire.pdf, in_care: outstanding -> good" in printed and "in care Good" in printed


def test_the_command_prints_the_figures(made_root):
    result = CliRunner().invoke(main, ["--root", str(made_root)])
    assert result.exit_code == 0, result.output
    assert "recognised: 1/1" in result.output and "in_care" in result.output


def test_the_command_says_when_there_is_nothing_to_score(tmp_path):
    result = CliRunner().invoke(main, ["--root", str(tmp_path)])
    assert result.exit_code != 0 and "no ground_truth.csv" in result.output


# ---------------------------------------------------------------- the real reports
needs_shared = pytest.mark.skipif(
    not (SHARED_OFSTED / "more-reports" / "ground_truth.csv").exists(),
    reason="../shared/data/ofsted/more-reports not present",
)


@needs_shared
def test_every_correction_names_a_real_ground_truth_value():
    """A correction says what the ground truth said: it cannot drift from the table it corrects."""
    truth = {
        row["file"]: row
        for folder in ("more-reports", "reports")
        for row in read_csv(SHARED_OFSTED / folder / "ground_truth.csv")
    }
    for row in read_csv(CORRECTIONS):
        assert truth[row["file"]][row["column"]] == row["truth_says"], row
        assert row["pdf_says"] != row["truth_says"] and row["reason"], row


@needs_shared
def test_real_reports_are_read_right():
    summary = summarise(read_reports(SHARED_OFSTED, load_corrections()))
    assert summary["not_recognised"] == [] and summary["two_current_overall"] == []
    report = format_summary(summary, load_corrections())
    assert summary["judgements"]["overall"]["accuracy"] >= OVERALL_FLOOR, report
    for scope in ("leaders", "help_and_protection", "in_care", "care_leavers"):
        assert summary["judgements"][scope]["accuracy"] >= SUB_FLOOR, report
    for _name, score in summary["details"].items():
        assert score["accuracy"] >= DETAIL_FLOOR, report
