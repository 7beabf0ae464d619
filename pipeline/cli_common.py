"""What the ``casewatch`` commands share: their common options, reading the config, and the exit statuses."""

import contextlib
import sys

import click

from corpus.config import DEFAULT_CONFIG, load_config

from .lock import DatabaseBusy

db_option = click.option(
    "--db",
    "db_path",
    default="casewatch.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite database file.",
)
data_dir_option = click.option(
    "--data-dir",
    default="data",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of the raw document store.",
)
limits_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Config file whose [limits] (PDF pages, HTML size) apply (default corpus/sources.toml).",
)


def read_config(config_path=None) -> dict:
    """The config file (default corpus/sources.toml), its ``[limits]`` applied; a wrong one is a usage
    error."""
    try:
        return load_config(config_path)
    except (OSError, ValueError) as exc:  # TOML syntax, bad UTF-8 and bad limits are ValueErrors
        raise click.BadParameter(
            f"cannot read {config_path or DEFAULT_CONFIG}: {exc}", param_hint="--config"
        ) from None


# Exit statuses, the same for every command (README, "Exit status"); click's own usage errors exit 2.
ITEMS_FAILED = 1  # the command finished, but some files, URLs or documents failed (each reported)
BUSY = 3  # could not run: another extraction run is using the database


class Busy(click.ClickException):
    exit_code = BUSY


@contextlib.contextmanager
def exit_when_busy():
    """Turn "another run has the database" into one plain line and exit status 3."""
    try:
        yield
    except DatabaseBusy as exc:
        raise Busy(str(exc)) from None


def finish(failed: int):
    """End a command that ran to the end: status 1 when any item failed (each already reported), else 0."""
    if failed:
        sys.exit(ITEMS_FAILED)
