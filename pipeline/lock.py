"""One extraction at a time per database: an exclusive ``flock`` on ``<database>.lock`` beside it.

The operating system releases a ``flock`` when the process holding it ends, however it ends (``kill -9``,
a power cut), so a lock is never stale: the file may outlive its run, the lock does not. The file holds the
holder's pid, command and start time, for the message the next run prints.
"""

import contextlib
import datetime
import fcntl
import json
import os
from pathlib import Path

HELD = {}  # lock file path -> descriptor, for the locks this process holds


class DatabaseBusy(Exception):
    """Another process is extracting into this database."""


def database_file(db) -> str | None:
    """The file of a sqlite-utils database, None for an in-memory one."""
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or None


def holder_text(fd: int) -> str:
    """``extract run (pid N, started at T)`` from the lock file, as far as it can be read."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"{holder['label']} (pid {holder['pid']}, started at {holder['started_at']})"
    except (ValueError, KeyError, TypeError, OSError):
        return "extraction run"


def take(path: Path, label: str) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = holder_text(fd)
        os.close(fd)
        raise DatabaseBusy(
            f"another {holder} is using {path.name.removesuffix('.lock')}: wait for it to finish, or stop it"
        ) from None
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "label": label, "started_at": started}).encode(), 0)
    return fd


@contextlib.contextmanager
def extraction_lock(db_file, label: str = "extract run"):
    """Hold the database's extraction lock, or raise :class:`DatabaseBusy` naming the run that has it.

    Re-entrant within a process (``casewatch run`` holds it from the start, its extract stage again);
    a database in memory needs none."""
    path = Path(str(db_file) + ".lock").resolve() if db_file else None
    if path is None or path in HELD:
        yield
        return
    HELD[path] = take(path, label)
    try:
        yield
    finally:
        fd = HELD.pop(path)
        os.ftruncate(fd, 0)  # no holder left to name
        os.close(fd)  # releases the lock


def forget_inherited_locks():
    """In a forked worker: close the parent's lock descriptors without unlocking, so the lock ends with the
    parent and never outlives it in an orphaned child."""
    for fd in HELD.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    HELD.clear()
