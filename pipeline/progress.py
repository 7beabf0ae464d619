"""Progress of long commands: a tqdm bar (documents/s, ETA) on a terminal, plain log lines elsewhere.

``casewatch --quiet`` turns both off (errors only); ``--verbose`` adds a log line per step. Library
code asks :func:`progress` for a tracker and calls ``update()`` per item; it never looks at the flags.
"""

import logging
import os
import sys
import time

from tqdm import tqdm

log = logging.getLogger("casewatch.progress")
SETTINGS = {"quiet": False, "verbose": False, "log_every": 10.0}


def configure_output(quiet: bool = False, verbose: bool = False):
    """Set the log levels for the global ``--quiet`` / ``--verbose`` flags."""
    SETTINGS.update(quiet=quiet, verbose=verbose)
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    logging.getLogger().setLevel(level)
    log.setLevel(logging.ERROR if quiet else logging.INFO)


def format_seconds(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


class LogProgress:
    """Progress as log lines, at most one every ``log_every`` seconds, plus a final one."""

    def __init__(self, total: int | None, desc: str, unit: str):
        self.total, self.desc, self.unit, self.n = total, desc, unit, 0
        self.started = self.last = time.monotonic()
        if total is not None:
            log.info("%s: %d %s to process", desc, total, unit)

    def line(self) -> str:
        rate = self.n / max(time.monotonic() - self.started, 1e-9)
        if self.total is None:  # a count without an end (pages of a site being walked)
            return f"{self.desc}: {self.n} {self.unit} ({rate:.1f}/s)"
        eta = format_seconds((self.total - self.n) / rate) if rate else "?"
        return f"{self.desc}: {self.n}/{self.total} {self.unit} ({rate:.1f}/s, ETA {eta})"

    def update(self, n: int = 1):
        self.n += n
        if time.monotonic() - self.last >= SETTINGS["log_every"]:
            self.last = time.monotonic()
            log.info(self.line())

    def close(self):
        elapsed = time.monotonic() - self.started
        log.info(
            "%s: %d %s done in %s (%.1f/s)",
            self.desc,
            self.n,
            self.unit,
            format_seconds(elapsed),
            self.n / max(elapsed, 1e-9),
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class NoProgress(LogProgress):
    def __init__(self, total: int = 0, desc: str = "", unit: str = ""):
        self.n = 0

    def update(self, n: int = 1):
        self.n += n

    def close(self):
        pass


def on_terminal() -> bool:
    """stderr is a terminal with a width (a pty without a size, as under ``script``, shows no bar)."""
    try:
        return sys.stderr.isatty() and os.get_terminal_size(sys.stderr.fileno()).columns > 0
    except (OSError, ValueError, AttributeError):
        return False


def progress(total: int | None, desc: str, unit: str = "documents"):
    """A progress tracker fit for where output goes: a bar on a terminal, log lines otherwise.
    ``total`` None: a count with a rate but no ETA."""
    if SETTINGS["quiet"]:
        return NoProgress()
    if on_terminal():
        return tqdm(total=total, desc=desc, unit=" " + unit.rstrip("s"), file=sys.stderr, dynamic_ncols=True)
    return LogProgress(total, desc, unit)
