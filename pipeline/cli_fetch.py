"""``casewatch fetch``: thin click commands over :mod:`corpus.fetch` and the sources in
:mod:`corpus.sources`."""

import sys

import click

from corpus.config import DEFAULT_CONFIG
from corpus.fetch import Fetcher, client_settings, source_modules
from db.councils import add_councils_from_gazetteer
from db.database import open_db

from .cli_common import data_dir_option, db_option, finish, read_config
from .progress import SETTINGS


def common_options(fn):
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False),
            help=f"TOML source list (default: the bundled {DEFAULT_CONFIG.name}): feeds, ModernGov "
            "sites, keywords, per-council overrides.",
        ),
        click.option(
            "--base-url",
            metavar="URL",
            help="Fetch from this mirror or test server instead of the real site; links to the real "
            "site's hosts are rewritten onto it.",
        ),
        click.option(
            "--delay",
            type=float,
            metavar="SECONDS",
            help="Pause between two requests to the same host (default from the config, 1 s).",
        ),
        db_option,
        data_dir_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


since_option = click.option("--since", metavar="YYYY-MM-DD", help="Skip anything published before this date.")
council_option = click.option(
    "--council",
    "councils",
    multiple=True,
    metavar="NAME|CODE",
    help="Only this council (name or DfE code); repeatable.",
)


class ConsoleProgress:
    """A tqdm bar on a terminal, one plain line per URL otherwise (logs, CI), nothing with --quiet."""

    def __init__(self):
        self.bar, self.quiet = None, SETTINGS["quiet"]
        if sys.stderr.isatty() and not self.quiet:
            from tqdm import tqdm

            self.bar = tqdm(unit=" url", desc="fetch", file=sys.stderr)

    def __call__(self, outcome, url):
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(outcome)
        else:
            click.echo(f"{outcome:<12} {url}", err=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


def run_source(source, config_path, base_url, delay, db_path, data_dir, **options):
    config = read_config(config_path)
    progress = ConsoleProgress()
    fetcher = Fetcher(
        open_db(db_path),
        data_dir,
        client_settings(config, delay),
        progress=progress,
        add_councils=add_councils_from_gazetteer,
    )
    try:
        source_modules()[source].run(fetcher, config, base_url=base_url, **options)
    finally:
        progress.close()
    for line in fetcher.summary.failure_lines():
        click.echo(f"failed: {line}", err=True)
    click.echo(f"{source}: {fetcher.summary.line()}")
    finish(fetcher.summary.failed)


@click.group("fetch")
def fetch_command():
    """Build the corpus from the real sources, politely and incrementally.

    \b
    Sources:
      ofsted   inspection reports of local authority children's services (reports.ofsted.gov.uk):
               every authority in the site's listing, or --council; each report PDF downloaded once
      news     council newsroom RSS/Atom feeds (or listing pages); only articles matching the
               children's social care keywords are kept, as the page and its main text
      minutes  ModernGov committee sites: meetings of children's services committees, their minutes
               and reports (HTML and PDF)

    The source list is a TOML file (--config; default corpus/sources.toml): per council its feeds and
    ModernGov site, the news keywords and committee keywords, Ofsted settings, and the client's contact
    URL and delay. Every source takes --base-url to read from a mirror or a test server instead.

    Requests identify casewatch, obey robots.txt, pause --delay seconds per host (default 1), retry
    with backoff on errors, 429 and 5xx, and ask conditionally (ETag/Last-Modified) so an unchanged
    page costs a 304. Each download has a deadline and a size cap ([client] deadline, max_megabytes);
    private and loopback addresses are refused unless you named the host (--base-url, a configured
    feed or site). Raw bytes go into the store under --data-dir, documents into --db, every attempt
    into the fetch_log table. A failed page is logged and skipped; the run reports the failures at the
    end, and a rerun picks up where it stopped.
    """


@fetch_command.command("ofsted")
@council_option
@since_option
@common_options
def fetch_ofsted(councils, since, **common):
    """Ofsted reports of local authority children's services (inspections, focused and monitoring
    visits, JTAIs), with report type, publication date and council."""
    run_source("ofsted", councils=councils, since=since, **common)


@fetch_command.command("news")
@council_option
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="URL",
    help="Read this RSS/Atom feed instead of the configured ones (with --council: that council's).",
)
@since_option
@common_options
def fetch_news(councils, feeds, since, **common):
    """Council news articles about children's social care, from the configured feeds."""
    run_source("news", councils=councils, feeds=feeds, since=since, **common)


@fetch_command.command("minutes")
@click.option(
    "--site",
    "sites",
    multiple=True,
    metavar="URL",
    help="A ModernGov site, e.g. https://democracy.leeds.gov.uk (default: every configured one).",
)
@click.option(
    "--committee",
    "committees",
    multiple=True,
    metavar="NAME",
    help="Only committees whose name contains NAME (default: the configured committee keywords).",
)
@council_option
@since_option
@common_options
def fetch_minutes(sites, committees, councils, since, **common):
    """Minutes and reports of children's services committees on ModernGov sites."""
    run_source("minutes", sites=sites, committees=committees, councils=councils, since=since, **common)
