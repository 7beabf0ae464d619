"""The ``casewatch`` command line: thin click commands over the library functions."""

import importlib
import json
import logging
from pathlib import Path

import click

from corpus.councils import council_code
from corpus.ingest import display_name, iter_document_paths, read_sidecar
from corpus.text import DocumentError, EmptyDocument, extract_text, sniff_media_type
from extractors import FACT_KINDS, extract_facts

from .cli_common import finish, limits_config_option, read_config
from .progress import configure_output


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


# Commands of other features, imported when run or listed (FeatureGroup). Their modules import
# pipeline.cli_common, never this module, so there is no cycle.
FEATURE_COMMANDS = {
    "ingest": "pipeline.cli_db:ingest",
    "extract": "pipeline.cli_db:extract",
    "reindex": "pipeline.cli_db:reindex",
    "serve": "pipeline.cli_db:serve",
    "demo": "pipeline.cli_db:demo",
    "run": "pipeline.cli_runs:run_command",
    "runs": "pipeline.cli_runs:runs_command",
    "diff": "pipeline.cli_runs:diff_command",
    "prune": "pipeline.cli_runs:prune_command",
    "export": "pipeline.cli_runs:export_command",
    "import-official": "pipeline.cli_official:import_official_command",
    "check": "pipeline.cli_official:check_command",
    "fetch": "pipeline.cli_fetch:fetch_command",
}
