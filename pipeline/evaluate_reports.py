"""How well the Ofsted report reader reads real reports: ``make eval-reports`` (``python -m
pipeline.evaluate_reports``).

A measurement, not a test: each report of ``../shared/data/ofsted/more-reports`` and ``reports`` is read as
``extract-file`` reads it (PDF text, then ``extract_facts``; the reader's inspection details from
``report_facts``) and compared with its folder's ``ground_truth.csv``. That table comes from another project's
parser, so where it and a PDF disagree and the PDF was checked by hand,
``data/report_ground_truth_corrections.csv`` says what the PDF says and why; the corrections are applied
before scoring and listed in the output.

Printed: reports recognised (and those not), counts per framework, accuracy per judgement, inspection dates,
lead inspector and framework, reports with two different current overall judgements, recommendation counts,
then every miss with its file.
"""

import collections
import csv
import datetime
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import click

from corpus.text import extract_text
from extractors import extract_facts
from extractors.ofsted_report import report_facts

SHARED_OFSTED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ofsted"
FOLDERS = ("more-reports", "reports")
CORRECTIONS = Path(__file__).with_name("data") / "report_ground_truth_corrections.csv"
GRADE_COLUMNS = {
    "overall": "overall_effectiveness_grade",
    "leaders": "impact_of_leaders_grade",
    "help_and_protection": "help_and_protection_grade",
    "in_care": "in_care_grade",
    "care_leavers": "care_leavers_grade",
}
NO_GRADE = {"", "inspection_pre_dates_judgement", "not_reported_post_reform", "data_unreadable"}
DETAIL_COLUMNS = {
    "start": "inspection_start_date",
    "end": "inspection_end_date",
    "lead_inspector": "inspector_name",
    "framework": "inspection_framework",
}


@dataclass
class ReportResult:
    """What the reader made of one report, beside what the ground truth expects."""

    folder: str
    file: str
    expected: dict  # scope -> judgement (None: no grade expected); detail -> value
    ratings: dict = field(default_factory=dict)  # scope -> current judgement read
    overall_judgements: set = field(default_factory=set)
    inspection: dict | None = None
    recommendations: list = field(default_factory=list)
    error: str | None = None


# ---------------------------------------------------------------- ground truth
def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def load_corrections(path: Path = CORRECTIONS) -> dict:
    """{(file, column): (value the PDF gives, reason)} of ground-truth errors confirmed in the PDF."""
    return {(row["file"], row["column"]): (row["pdf_says"], row["reason"]) for row in read_csv(path)}


def corrected(row: dict, corrections: dict) -> dict:
    row = dict(row)
    for (file, column), (value, _) in corrections.items():
        if file == row["file"]:
            row[column] = value
    return row


def iso(day_month_year: str) -> str | None:
    """ "18/02/2019" -> "2019-02-18"; "" -> None."""
    if not day_month_year.strip():
        return None
    return datetime.datetime.strptime(day_month_year.strip(), "%d/%m/%Y").date().isoformat()


def expectations(row: dict) -> dict:
    """Scope -> expected judgement (None where the report gives none), and the expected inspection details."""
    expected = {
        scope: (None if row[column] in NO_GRADE else row[column]) for scope, column in GRADE_COLUMNS.items()
    }
    expected.update(
        start=iso(row["inspection_start_date"]),
        end=iso(row["inspection_end_date"]),
        lead_inspector=row["inspector_name"].strip() or None,
        framework=row["inspection_framework"].strip() or None,
    )
    return expected


def truth_rows(root: Path, corrections: dict) -> list[tuple[str, dict]]:
    """(folder, corrected ground-truth row) of every report of the evaluation folders present under
    ``root``."""
    rows = []
    for folder in FOLDERS:
        table = root / folder / "ground_truth.csv"
        if table.exists():
            rows += [(folder, corrected(row, corrections)) for row in read_csv(table)]
    return rows


# ---------------------------------------------------------------- reading
def read_report(root: Path, folder: str, row: dict) -> ReportResult:
    """Read one report as extract-file does and keep what the scoring needs."""
    result = ReportResult(folder, row["file"], expectations(row))
    try:
        extracted = extract_text((root / folder / row["file"]).read_bytes(), "application/pdf")
    except Exception as exc:  # noqa: BLE001 - a report that cannot be read is a miss, not the end of the run
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    facts = extract_facts(extracted.text, title=extracted.title)
    current = [r for r in facts["ratings"] if r.get("when") == "current"]
    result.ratings = {r["scope"]: r["judgement"] for r in current if r["scope"] in GRADE_COLUMNS}
    result.overall_judgements = {r["judgement"] for r in current if r["scope"] in ("overall", "unspecified")}
    result.inspection = report_facts(extracted.text, title=extracted.title)["inspection"]
    result.recommendations = [r["text"] for r in facts["recommendations"]]
    return result


def read_reports(root: Path = SHARED_OFSTED, corrections: dict | None = None) -> list[ReportResult]:
    corrections = load_corrections() if corrections is None else corrections
    return [read_report(root, folder, row) for folder, row in truth_rows(root, corrections)]


# ---------------------------------------------------------------- scoring
def detail(result: ReportResult, name: str):
    return (result.inspection or {}).get(name)


def scope_outcomes(
    results: list[ReportResult], scope: str
) -> list[tuple[ReportResult, str | None, str | None]]:
    """(report, expected, read) wherever a judgement was expected or read."""
    return [
        (r, r.expected[scope], r.ratings.get(scope))
        for r in results
        if r.expected[scope] is not None or r.ratings.get(scope) is not None
    ]


def detail_outcomes(
    results: list[ReportResult], name: str
) -> list[tuple[ReportResult, str | None, str | None]]:
    """(report, expected, read) of an inspection detail wherever the ground truth gives it."""
    return [(r, r.expected[name], detail(r, name)) for r in results if r.expected[name] is not None]


def summarise(results: list[ReportResult]) -> dict:
    """The figures ``make eval-reports`` prints, as a dict (the test over ../shared asserts floors on it)."""
    judgements = {scope: accuracy(scope_outcomes(results, scope)) for scope in GRADE_COLUMNS}
    details = {name: accuracy(detail_outcomes(results, name), same=same_detail) for name in DETAIL_COLUMNS}
    counts = [len(r.recommendations) for r in results]
    return {
        "reports": len(results),
        "recognised": sum(1 for r in results if r.inspection),
        "not_recognised": [r.file for r in results if not r.inspection],
        "frameworks": dict(collections.Counter(framework_name(r) for r in results)),
        "judgements": judgements,
        "details": details,
        "two_current_overall": [r.file for r in results if len(r.overall_judgements) > 1],
        "recommendations": {
            "items": sum(counts),
            "reports_with_none": [r.file for r in results if not r.recommendations],
            "median": statistics.median(counts) if counts else 0,
            "max": max(counts, default=0),
        },
    }


def same_detail(expected, read) -> bool:
    """Names compare without case, spacing or hyphen differences ("Jenny-Ellen" / "Jenny -ellen")."""
    if isinstance(expected, str) and isinstance(read, str):
        return name_key(expected) == name_key(read)
    return expected == read


def name_key(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def accuracy(outcomes: list, same=lambda a, b: a == b) -> dict:
    correct = sum(1 for _, expected, read in outcomes if same(expected, read))
    misses = [(r.file, expected, read) for r, expected, read in outcomes if not same(expected, read)]
    return {
        "correct": correct,
        "total": len(outcomes),
        "accuracy": correct / len(outcomes) if outcomes else 1.0,
        "misses": misses,
    }


def framework_name(result: ReportResult) -> str:
    if not result.inspection:
        return "not recognised"
    kind, framework = result.inspection["type"], result.inspection.get("framework")
    return f"{kind} ({framework})" if framework else kind


# ---------------------------------------------------------------- printing
def format_summary(summary: dict, corrections: dict) -> str:
    lines = [
        f"Ofsted report reader on {summary['reports']} real reports ({', '.join(FOLDERS)}); "
        f"{len(corrections)} confirmed ground-truth corrections applied",
        f"recognised: {summary['recognised']}/{summary['reports']}"
        + "".join(f"\n  not recognised: {name}" for name in summary["not_recognised"]),
        "frameworks: " + ", ".join(f"{name} {n}" for name, n in sorted(summary["frameworks"].items())),
        "",
        f"{'judgement':22} {'correct':>8} {'of':>5} {'accuracy':>9}",
    ]
    for name, score in [*summary["judgements"].items(), *summary["details"].items()]:
        lines.append(f"{name:22} {score['correct']:8} {score['total']:5} {score['accuracy']:9.3f}")
    recs = summary["recommendations"]
    lines += [
        "",
        f"two different current overall judgements: {len(summary['two_current_overall'])}"
        + "".join(f"\n  {name}" for name in summary["two_current_overall"]),
        f"recommendations: {recs['items']} items (median {recs['median']} a report, most {recs['max']}); "
        f"reports with none: {len(recs['reports_with_none'])}"
        + "".join(f"\n  {name}" for name in recs["reports_with_none"]),
    ]
    lines += ["", "misses (file, field: expected -> read):"] + miss_lines(summary)
    lines += ["", "ground-truth corrections (file, column: the PDF says; why):"]
    lines += [
        f"  {file}, {column}: {value}; {reason}"
        for (file, column), (value, reason) in sorted(corrections.items())
    ]
    return "\n".join(lines)


def miss_lines(summary: dict) -> list[str]:
    lines = [
        f"  {file}, {name}: {expected} -> {read}"
        for group in ("judgements", "details")
        for name, score in summary[group].items()
        for file, expected, read in score["misses"]
    ]
    return lines or ["  none"]


@click.command()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=SHARED_OFSTED,
    show_default=True,
    help="Folder holding more-reports/ and reports/, each with its ground_truth.csv.",
)
def main(root):
    """Score the report reader on the real reports under --root and print the figures and every miss."""
    if not any((root / folder / "ground_truth.csv").exists() for folder in FOLDERS):
        raise click.ClickException(f"no ground_truth.csv under {root}/{{{','.join(FOLDERS)}}}")
    corrections = load_corrections()
    click.echo(format_summary(summarise(read_reports(root, corrections)), corrections))


if __name__ == "__main__":
    main()
