"""Commands about extraction runs: the whole pipeline (`run`), `runs`, `diff`, `prune` and `export`."""

import json
import logging

import click

from corpus.fetch import fetch_configured_sources
from corpus.ingest import ingest_paths, iter_document_paths
from db.councils import add_councils_from_gazetteer
from db.database import open_db
from db.schema import KIND_COLUMNS

from .cli_common import data_dir_option, db_option, exit_when_busy, finish, read_config
from .export import FORMATS, export_facts
from .extract import describe_run, exit_on_sigterm, run_extraction
from .lock import extraction_lock
from .progress import progress
from .runs import diff_runs, list_runs, prune_versions

log = logging.getLogger(__name__)

# (column, heading, width)
RUN_COLUMNS = [
    ("id", "id", 4),
    ("status", "status", 9),
    ("started_at", "started", 26),
    ("finished_at", "finished", 26),
    ("documents_processed", "docs", 6),
    ("facts_produced", "facts", 7),
    ("errors", "errors", 6),
    ("extractor_version", "extractor version", 0),
]


def format_run(run: dict) -> str:
    cells = [str(run[name] if run[name] is not None else "-").ljust(width) for name, _, width in RUN_COLUMNS]
    extra = [f"spaCy {run['spacy_version']}"] + [
        f"{k}: {run[k]}" for k in ("extractor", "note", "pruned_at") if run.get(k)
    ]
    return " ".join(cells) + "  (" + "; ".join(extra) + ")"


@click.command("runs")
@db_option
@click.option("--limit", type=click.IntRange(1), help="Show only the most recent N runs.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as a JSON array.")
def runs_command(db_path, limit, as_json):
    """List extraction runs, newest first: status, times, documents, facts, errors, extractor version."""
    runs = list_runs(open_db(db_path), limit)
    if as_json:
        click.echo(json.dumps(runs, indent=2))
        return
    click.echo(" ".join(heading.ljust(width) for _, heading, width in RUN_COLUMNS))
    for run in runs:
        click.echo(format_run(run))


def fact_text(fact: dict) -> str:
    fields = " ".join(f"{k}={v}" for k, v in fact.get("fields", {}).items() if v is not None)
    return (
        f"[{fact['char_start']}:{fact['char_end']}] {json.dumps(fact['quote'], ensure_ascii=False)}  {fields}"
    )


def change_text(change: dict) -> str:
    fields = ", ".join(f"{k}: {old} -> {new}" for k, (old, new) in change["fields"].items())
    return (
        f"[{change['char_start']}:{change['char_end']}] "
        f"{json.dumps(change['quote'], ensure_ascii=False)}  {fields}"
    )


def document_lines(doc: dict):
    where = doc["url"] or doc["path"] or ""
    yield (
        f"document {doc['document_id']} {json.dumps(doc['title'] or '', ensure_ascii=False)} "
        f"sha256 {doc['sha256'][:12]} {where}".rstrip()
    )
    for kind, changes in doc["kinds"].items():
        yield from (f"  {kind} + {fact_text(fact)}" for fact in changes["added"])
        yield from (f"  {kind} - {fact_text(fact)}" for fact in changes["removed"])
        yield from (f"  {kind} ~ {change_text(change)}" for change in changes["changed"])


def summary_line(diff: dict) -> str:
    a, b, s = diff["run_a"], diff["run_b"], diff["summary"]
    return (
        f"run {a['id']} ({a['extractor_version']}) -> run {b['id']} ({b['extractor_version']}): "
        f"{s['documents_compared']} documents compared, {s['documents_changed']} changed; "
        f"{s['added']} facts added, {s['removed']} removed, {s['changed']} changed, "
        f"{s['unchanged']} unchanged; {s['documents_only_in_a']} documents only in run {a['id']}, "
        f"{s['documents_only_in_b']} only in run {b['id']}"
    )


@click.command("diff")
@click.argument("run_a", type=int)
@click.argument("run_b", type=int)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
def diff_command(run_a, run_b, db_path, as_json):
    """Compare the facts of two extraction runs, per document and kind: added (+), removed (-) and
    changed (~) facts with their quotes, and a summary line. Facts are matched by kind and character
    span; only documents both runs processed are compared."""
    try:
        diff = diff_runs(open_db(db_path), run_a, run_b)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(diff, indent=2, ensure_ascii=False))
        return
    for doc in diff["documents"]:
        click.echo("\n".join(document_lines(doc)))
    for note in diff["notes"]:
        click.echo(f"note: {note}", err=True)
    click.echo(summary_line(diff))


@click.command("prune")
@db_option
@click.option(
    "--keep",
    required=True,
    type=click.IntRange(1),
    help="How many extractor versions to keep, newest first (the current one counts).",
)
def prune_command(db_path, keep):
    """Drop the superseded facts of older extractor versions, keeping the newest N versions.

    The current facts are never dropped; the runs stay listed, marked as pruned.
    """
    result = prune_versions(open_db(db_path), keep)
    click.echo(
        f"{result['facts_deleted']} superseded facts deleted; versions kept: "
        f"{', '.join(result['kept']) or '-'}; dropped: {', '.join(result['dropped']) or '-'}"
    )


@click.command("export")
@db_option
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default="csv",
    show_default=True,
    help="csv, a JSON array, or JSON lines.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(list(KIND_COLUMNS)),
    help="Only facts of this kind (repeatable). Default: all kinds.",
)
@click.option(
    "--output",
    "-o",
    default="-",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write (default: standard output).",
)
def export_command(db_path, format_, kinds, output):
    """Write the current facts with their evidence (quote, sentence, character offsets) and provenance
    (document URL or path, title, published date, sha256, run and extractor version)."""
    db = open_db(db_path)
    with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
        count = export_facts(db, out, format_, list(kinds) or None)
    if output != "-":
        click.echo(f"{count} facts written to {output}", err=True)


def fetch_stage(db, data_dir, config_path=None) -> int:
    """Fetch the configured sources with the scrapers of :mod:`corpus.fetch`, reporting failures;
    returns how many URLs failed."""
    with progress(None, "fetch", "URLs") as bar:
        summary = fetch_configured_sources(
            db,
            data_dir,
            config_path=config_path,
            progress=lambda outcome, url: bar.update(),
            add_councils=add_councils_from_gazetteer,
        )
    for line in summary["failure_lines"]:
        click.echo(f"failed: {line}", err=True)
    counts = ", ".join(
        f"{count} {outcome}"
        for outcome, count in summary.items()
        if isinstance(count, int) and count and outcome != "failed"
    )
    click.echo(f"fetch: {counts or 'nothing new'}, {summary['failed']} failed")
    return summary["failed"]


def ingest_stage(db, data_dir, paths):
    """Ingest the files of ``paths``, reporting each that cannot be read."""
    files = list(iter_document_paths(paths))
    with progress(len(files), "ingest", "files") as bar:
        report = ingest_paths(db, data_dir, files, progress=lambda path: bar.update())
    for path, reason in report.errors:
        click.echo(f"error: {path}: {reason}", err=True)
    click.echo(
        f"ingest: {len(report.stored)} stored, {len(report.skipped)} already stored, "
        f"{len(report.errors)} failed"
    )
    return report


@click.command("run")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@data_dir_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Sources to fetch (TOML; default corpus/sources.toml, as for `casewatch fetch`).",
)
@click.option("--skip-fetch", is_flag=True, help="Do not fetch the configured sources; use what is stored.")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1), help="Extract in this many processes."
)
def run_command(paths, db_path, data_dir, config_path, skip_fetch, workers):
    """The whole pipeline, incrementally: fetch the configured sources, ingest PATHS (files or folders),
    extract and load. Only new or changed documents are fetched and stored, and only documents not yet
    extracted by the current extractor version are extracted."""
    read_config(
        config_path
    )  # a bad config stops the run before anything is fetched; its [limits] apply to PATHS
    db = open_db(db_path)
    exit_on_sigterm()
    with exit_when_busy(), extraction_lock(db_path, "casewatch run"):  # first: never fetch for nothing
        failed = fetch_stage(db, data_dir, config_path) if not skip_fetch else 0
        failed += len(ingest_stage(db, data_dir, paths).errors) if paths else 0
        run = run_extraction(db, rerun=True, workers=workers)
    click.echo(describe_run(run))
    finish(failed + run["errors"])
