"""The commands over a database: ``ingest``, ``extract``, ``reindex``, ``serve`` and ``demo`` (loaded when
run, so that ``extract-file``, which stores nothing, starts without the database layer)."""

from pathlib import Path

import click

from corpus.councils import council_code
from corpus.ingest import ingest_paths
from db.database import open_db
from db.derived import reindex as reindex_database
from db.official import import_bundled
from db.site_metadata import analyze_page_orders

from .cli_common import data_dir_option, db_option, exit_when_busy, finish, limits_config_option, read_config
from .extract import describe_run, exit_on_sigterm, load_extract_function, run_extraction
from .lock import database_file, extraction_lock

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "corpus" / "samples"


@click.command("ingest")
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


@click.command("extract")
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


@click.command("reindex")
@db_option
def reindex(db_path):
    """Rebuild every derived table and index the pages read from the fact and official tables.

    Loading keeps them current; run this on a database restored from a backup, or whose fact tables other
    tools filled. One transaction: the pages keep the old tables until it ends. Takes the extraction lock.
    """
    db = open_db(db_path)
    with exit_when_busy(), extraction_lock(database_file(db), label="reindex"):
        counts = reindex_database(db)
        analyze_page_orders(db)
    click.echo(f"reindexed {db_path}: " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))


@click.command("serve")
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


@click.command("demo")
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
