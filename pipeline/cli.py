"""The ``casewatch`` command line: thin click commands over the library functions."""

import importlib
import json
import logging
from pathlib import Path

import click

from corpus.councils import council_code
from corpus.ingest import display_name, ingest_paths, iter_document_paths, read_sidecar
from corpus.text import DocumentError, EmptyDocument, extract_text, sniff_media_type
from db.database import open_db
from db.official import import_bundled
from extractors import FACT_KINDS, extract_facts

from .cli_common import data_dir_option, db_option, exit_when_busy, finish, limits_config_option, read_config
from .extract import describe_run, exit_on_sigterm, load_extract_function, run_extraction
from .progress import configure_output

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "corpus" / "samples"


class FeatureGroup(click.Group):
    """A group whose feature commands (:data:`FEATURE_COMMANDS`) are imported when run or listed, click's
    lazy-loading pattern: `extract-file` (run once per batch by scorers) then loads neither the fetchers nor
    the official-statistics commands."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(FEATURE_COMMANDS))

    def get_command(self, ctx, name):
        if name in FEATURE_COMMANDS:
            module, attribute = FEATURE_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=FeatureGroup)
@click.version_option(package_name="casewatch")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or log lines: only results and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log every step (e.g. each document extracted).")
def cli(quiet, verbose):
    """casewatch: mine councils' children's social care documents for caseloads, Ofsted ratings,
    funding, recommendations and workforce figures, each with its evidence."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    configure_output(quiet=quiet, verbose=verbose)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@data_dir_option
@click.option(
    "--council",
    metavar="NAME|CODE",
    help="The council that published these documents (its minutes, press releases). Default: each "
    "file's NAME.meta.json council, else the council whose site its url is on.",
)
@limits_config_option
def ingest(paths, db_path, data_dir, council, config_path):
    """Store documents (.pdf, .html, .htm, .txt files or folders of them) and their text.

    Raw bytes go into the content-addressed store under --data-dir; a document already stored
    (same sha256) is skipped. Files that cannot be read, or over a limit of the config's [limits], are
    reported by name with the reason.
    """
    read_config(config_path)
    db = open_db(db_path)
    if council and not council_code(council):
        raise click.BadParameter(f"no council called {council!r}", param_hint="--council")
    report = ingest_paths(db, data_dir, paths, council=council)
    for path, reason in report.errors:
        click.echo(f"error: {path}: {reason}", err=True)
    click.echo(
        f"{len(report.stored)} stored, {len(report.skipped)} already stored, {len(report.errors)} failed"
    )
    finish(len(report.errors))


def load_extractor_option(ctx, param, value):
    try:
        return load_extract_function(value) if value else None
    except (ImportError, AttributeError, ValueError) as exc:
        raise click.BadParameter(str(exc)) from exc


@cli.command()
@db_option
@click.option(
    "--rerun", is_flag=True, help="Also re-extract documents extracted by another extractor version."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="Extract in this many processes (loading stays in one).",
)
@click.option(
    "--extractor",
    metavar="MODULE:FUNCTION",
    callback=load_extractor_option,
    help="Try another extract function with the same contract, recorded as its own version.",
)
def extract(db_path, rerun, workers, extractor):
    """Run the extractors over stored documents and load the facts into the database.

    Each call is a run (see `casewatch runs`). Documents already extracted by the current extractor
    version are skipped; an interrupted run is marked failed and the next one carries on.
    """
    db = open_db(db_path)
    exit_on_sigterm()
    with exit_when_busy():
        summary = run_extraction(db, rerun=rerun, extract=extractor, workers=workers)
    click.echo(describe_run(summary))
    finish(summary["errors"])


def file_facts(path: Path, published: str | None, council: str | None = None) -> dict:
    """Facts of one file; the date is ``--published``, else its NAME.meta.json's, else the document's own;
    the publishing council ``--council``, else the sidecar's ``council``, else the council of its ``url``."""
    meta = read_sidecar(path)
    published = published or meta.get("published")
    source = {"url": meta.get("url"), "council": council or meta.get("council")}
    data = path.read_bytes()
    try:
        extracted = extract_text(data, sniff_media_type(data))  # what the bytes are, whatever the name
    except EmptyDocument:
        click.echo(f"warning: {display_name(path)}: empty file, no facts", err=True)
        return {"path": display_name(path), **extract_facts("", published=published)}
    facts = extract_facts(
        extracted.text,
        published=published or extracted.published,
        title=meta.get("title") or extracted.title,
        **source,
    )
    return {"path": display_name(path), **facts}


def unreadable_file(path: Path, reason: str) -> dict:
    """The line printed for a file that could not be read: its error and no facts."""
    return {
        "path": display_name(path),
        "error": reason,
        "councils": [],
        **{kind: [] for kind in FACT_KINDS},
        "rejected": [],
        "report_type": None,
    }


@cli.command("extract-file")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date, to resolve relative dates.")
@click.option(
    "--council",
    metavar="NAME|CODE",
    help='The council that published the files (its minutes, press releases): "the Council", '
    "\"our social workers\" are its. Default: NAME.meta.json's council, else its url's site.",
)
@click.option(
    "--explain",
    is_flag=True,
    help='Also print "rejected": the figures, amounts, grades and list cues the extractors read '
    "and turned down, each with its reason and evidence.",
)
@limits_config_option
def extract_file(paths, published, council, explain, config_path):
    """Print the facts of each file as one JSON object per line (schema: ../shared/eval/SCHEMA.md).

    Nothing is stored. A file that cannot be read still gets its line, with "error" and no facts;
    the reason goes to stderr too, the rest go on, and the exit status is 1. An empty file has no facts.
    """
    read_config(config_path)
    if council and not council_code(council):
        raise click.BadParameter(f"no council called {council!r}", param_hint="--council")
    failed = 0
    for path in iter_document_paths(paths):
        try:
            line = file_facts(path, published, council)
        except (DocumentError, OSError) as exc:
            failed += 1
            click.echo(f"error: {display_name(path)}: {exc}", err=True)
            line = unreadable_file(path, str(exc))
        if not explain:
            del line["rejected"]
        click.echo(json.dumps(line, ensure_ascii=False))
    finish(failed)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
def serve(db_path, host, port):
    """Publish the database with Datasette, read-only: metadata, canned queries, the council
    dashboard (/-/dashboards/council), evidence pages and an Atom feed of new facts."""
    if not Path(db_path).exists():
        raise click.BadParameter(
            f"no database at {db_path}: run `casewatch demo --no-serve` or ingest first", param_hint="--db"
        )
    # imported here: Datasette (with uvicorn and its plugins) takes longer to import than most commands run
    from db.datasette_plugin import serve_datasette

    open_db(db_path)
    click.echo(f"Serving {db_path} at http://{host}:{port}/ (dashboard: /-/dashboards/council)")
    serve_datasette(db_path, host, port)


@cli.command()
@db_option
@data_dir_option
@click.option("--no-serve", is_flag=True, help="Build the demo database and stop.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.pass_context
def demo(ctx, db_path, data_dir, no_serve, host, port):
    """Ingest the bundled sample corpus, extract, load and serve it: the whole pipeline, offline."""
    db = open_db(db_path)
    report = ingest_paths(db, data_dir, [SAMPLES_DIR])
    with exit_when_busy():
        summary = run_extraction(db)
    click.echo(f"demo: {len(report.stored)} documents stored, {summary['facts_produced']} facts in {db_path}")
    for official in import_bundled(db):
        click.echo(f"demo: official record, {official.summary()}")
    if not no_serve:
        ctx.invoke(serve, db_path=db_path, host=host, port=port)
    finish(len(report.errors) + summary["errors"])


# Commands of other features, imported when run or listed (FeatureGroup). Their modules import
# pipeline.cli_common, never this module, so there is no cycle.
FEATURE_COMMANDS = {
    "run": "pipeline.cli_runs:run_command",
    "runs": "pipeline.cli_runs:runs_command",
    "diff": "pipeline.cli_runs:diff_command",
    "prune": "pipeline.cli_runs:prune_command",
    "export": "pipeline.cli_runs:export_command",
    "import-official": "pipeline.cli_official:import_official_command",
    "check": "pipeline.cli_official:check_command",
    "fetch": "pipeline.cli_fetch:fetch_command",
}
