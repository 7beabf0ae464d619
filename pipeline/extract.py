"""The extract stage: run the extractors over stored documents and load their facts, as one recorded run.

Every call of :func:`run_extraction` is an ``extraction_runs`` row (extractor and spaCy versions, counters,
status running → complete or failed). Documents are extracted in worker processes if asked, and loaded
by this process one transaction per document, so a run killed at any moment loses at most the document
in flight: the next run marks the dead one failed and picks up the documents it had not reached.
"""

import ctypes
import ctypes.util
import datetime
import functools
import hashlib
import importlib
import inspect
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time

import spacy
from sqlite_utils.utils import sqlite3  # the SQLite sqlite-utils and Datasette use (pysqlite3 when installed)

from db.load import record_document_error, replace_document_facts
from db.site_metadata import analyze_page_orders
from extractors.api import EXTRACTOR_VERSION, extract_facts

from .lock import database_file, extraction_lock, forget_inherited_locks
from .progress import progress

log = logging.getLogger(__name__)
BATCH_SIZE = 64  # documents read from the database at a time
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def function_version(extract) -> str:
    """Version of a non-default extract function: its dotted name and a hash of its module's source."""
    name = f"{extract.__module__}.{extract.__qualname__}"
    try:
        source = inspect.getsource(inspect.getmodule(extract))
    except (OSError, TypeError):
        source = name
    return f"{name}@{hashlib.sha256(source.encode()).hexdigest()[:12]}"


def load_extract_function(spec: str):
    """The function named by ``"package.module:function"``."""
    module, _, name = spec.partition(":")
    if not module or not name:
        raise ValueError(f"expected MODULE:FUNCTION, got {spec!r}")
    return getattr(importlib.import_module(module), name)


def exit_on_sigterm():
    """Let SIGTERM (kill, systemd, cron timeouts) stop a run cleanly, recorded as failed."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def describe_run(run: dict) -> str:
    line = (
        f"run {run['id']} {run['status']}: {run['documents_processed']} documents extracted, "
        f"{run['facts_produced']} facts, {run['errors']} errors (extractor {run['extractor_version']})"
    )
    return line + (f" - {run['note']}" if run.get("note") else "")


def process_alive(pid) -> bool:
    if not pid or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_run(db, run_id: int, status: str, note: str | None = None):
    db["extraction_runs"].update(run_id, {"finished_at": now_iso(), "status": status, "note": note})


def fail_abandoned_runs(db) -> list[int]:
    """Mark failed the runs still ``running`` whose process is gone (killed, crashed, machine restarted)."""
    runs = list(db.query("SELECT id, pid FROM extraction_runs WHERE status = 'running'"))
    abandoned = [run["id"] for run in runs if not process_alive(run["pid"])]
    for run in runs:
        if run["id"] not in abandoned:
            log.warning(
                "run %s (process %s) is still running: both runs may extract the same documents",
                run["id"],
                run["pid"],
            )
    for run_id in abandoned:
        log.warning("run %s was interrupted; marking it failed", run_id)
        finish_run(db, run_id, "failed", "interrupted: its process ended before the run finished")
    return abandoned


def start_run(db, version: str = EXTRACTOR_VERSION, extractor: str | None = None) -> int:
    fail_abandoned_runs(db)
    return (
        db["extraction_runs"]
        .insert(
            {
                "started_at": now_iso(),
                "extractor_version": version,
                "spacy_version": spacy.__version__,
                "documents_processed": 0,
                "facts_produced": 0,
                "errors": 0,
                "status": "running",
                "pid": os.getpid(),
                "extractor": extractor,
            }
        )
        .last_pk
    )


def pending_document_ids(db, version: str = EXTRACTOR_VERSION, rerun: bool = False) -> list[int]:
    """Documents never extracted, or (with ``rerun``) extracted by another extractor version.

    A document a newer version replaced (``version_of`` points at it) counts as done: its facts
    would only be moved to ``superseded_facts`` again by the newer version's."""
    where = "extracted_version IS NULL"
    if rerun:
        where += " OR extracted_version != :version"
    sql = (
        f"SELECT id FROM documents WHERE ({where}) AND id NOT IN "
        "(SELECT version_of FROM documents WHERE version_of IS NOT NULL) ORDER BY id"
    )
    return [row["id"] for row in db.query(sql, {"version": version})]


def read_documents(db, ids: list[int]):
    """The documents of ``ids`` in batches, so memory stays flat however large the corpus."""
    for i in range(0, len(ids), BATCH_SIZE):
        batch = ids[i : i + BATCH_SIZE]
        marks = ", ".join("?" * len(batch))
        yield list(
            db.query(
                "SELECT id, text, published, title, source_kind, url, council_code FROM documents "
                f"WHERE id IN ({marks}) ORDER BY id",
                batch,
            )
        )


def extract_document(extract, doc: dict) -> tuple:
    """``(id, facts, None)`` or ``(id, None, error)``: one bad document never stops a run."""
    try:
        facts = extract(
            doc["text"] or "",
            published=doc["published"],
            title=doc["title"],
            source_kind=doc["source_kind"],
            url=doc["url"],
            council=doc["council_code"],
        )
        return doc["id"], facts, None
    except Exception as exc:  # noqa: BLE001 - any extractor bug is reported per document
        return doc["id"], None, f"{type(exc).__name__}: {exc}"


def watch_parent(parent_pid: int):
    while os.getppid() == parent_pid:
        time.sleep(1)
    os._exit(1)


def die_with_parent(parent_pid: int):
    """End this worker when its parent dies, even by ``kill -9``: the kernel kills it (Linux
    ``PR_SET_PDEATHSIG``), elsewhere a thread that sees it orphaned. An orphan would otherwise go on
    extracting what was queued, or wait for ever on a queue lock, holding the database open."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl failed")
    except (OSError, AttributeError):  # not Linux
        threading.Thread(target=watch_parent, args=(parent_pid,), daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the worker was set up
        os._exit(1)


def start_worker(parent_pid: int):
    """Workers leave Ctrl-C to the parent (which stops the pool and records the run as failed), die with
    it, and drop their copy of its extraction lock so the lock never outlives the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    forget_inherited_locks()
    die_with_parent(parent_pid)


def extract_in_pool(db, ids: list[int], work, workers: int):
    """Like :func:`extracted_documents` with a process pool; the next batch is queued before the
    current one is handed back, so the workers never wait for the loader.

    Not ``extractors.api.extract_facts_many(n_process=N)``: spaCy's ``nlp.pipe`` workers serialise
    every Doc back to the parent (400 news documents, 2 processes: 4.5 s against 0.85 s here), one
    failing document ends the whole stream, and its workers hang on after a ``kill -9`` of the parent;
    ours die with it (:func:`start_worker`)."""
    with multiprocessing.Pool(workers, initializer=start_worker, initargs=(os.getpid(),)) as pool:
        queued = None
        for batch in read_documents(db, ids):
            results = pool.imap(work, batch, chunksize=4)
            if queued is not None:
                yield from queued
            queued = results
        if queued is not None:
            yield from queued


def extracted_documents(db, ids: list[int], extract=extract_facts, workers: int = 1):
    """``(id, facts, error)`` for each document of ``ids``, in order, extracted by ``workers`` processes."""
    work = functools.partial(extract_document, extract)
    if workers > 1:
        yield from extract_in_pool(db, ids, work, workers)
        return
    for batch in read_documents(db, ids):
        yield from map(work, batch)


def load_document(db, run_id: int, version: str, result: tuple):
    doc_id, facts, error = result
    if error is None:
        try:
            count = replace_document_facts(db, doc_id, facts, run_id, version)
            log.info("document %s: %d facts", doc_id, count)
            return
        except (
            sqlite3.InterfaceError,
            sqlite3.ProgrammingError,
            sqlite3.IntegrityError,
            TypeError,
            ValueError,
            AttributeError,
        ) as exc:  # facts the tables cannot hold: that document fails, not the run
            error = f"could not load its facts: {type(exc).__name__}: {exc}"
    record_document_error(db, doc_id, run_id, error)


def abandon_open_transaction(db):
    """Roll back a document's load that an interruption cut short.

    Ctrl-C can land between ``BEGIN`` and the ``try`` that would roll it back: the run's "failed"
    status would then be written inside that transaction and lost when the process exits.
    """
    if db.conn.in_transaction:
        db.conn.rollback()


def interruption_note(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted (SIGINT)"
    if isinstance(exc, SystemExit):
        return f"stopped (exit status {exc.code})"
    return f"failed: {type(exc).__name__}: {exc}"


def resolve_extractor(extract=None, version: str | None = None) -> tuple:
    """``(function, version, name)``: name is None for the real extractors, else the function's dotted
    name."""
    if extract is None or extract is extract_facts:
        return extract_facts, version or EXTRACTOR_VERSION, None
    return extract, version or function_version(extract), f"{extract.__module__}.{extract.__qualname__}"


def run_extraction(
    db, rerun: bool = False, extract=None, version: str | None = None, workers: int = 1
) -> dict:
    """Extract and load every pending document as one run; returns the run's ``extraction_runs`` row.

    Raises :class:`pipeline.lock.DatabaseBusy` when another process is extracting into the same database.

    ``extract`` (default: the real :func:`extractors.api.extract_facts`) and ``version`` let an analyst
    try another extract function, recorded as a version of its own (default: its name and source hash).
    """
    extract, version, extractor = resolve_extractor(extract, version)
    with extraction_lock(database_file(db)):
        return extract_and_load(db, rerun, extract, version, extractor, workers)


def extract_and_load(db, rerun: bool, extract, version: str, extractor: str | None, workers: int) -> dict:
    """:func:`run_extraction` once it holds the database's extraction lock."""
    # WAL + synchronous=NORMAL: a crash never corrupts the database or splits a document's
    # transaction; a power cut may undo the last few commits, whose documents the next run redoes.
    db.execute("PRAGMA synchronous = NORMAL")
    ids = pending_document_ids(db, version, rerun)
    run_id = start_run(db, version, extractor)
    try:
        with progress(len(ids), "extract") as bar:
            for result in extracted_documents(db, ids, extract, workers):
                load_document(db, run_id, version, result)
                bar.update()
    except BaseException as exc:
        abandon_open_transaction(db)
        finish_run(db, run_id, "failed", interruption_note(exc))
        raise
    finish_run(db, run_id, "complete")
    if ids:  # a run with nothing to do leaves the database as it was
        analyze_page_orders(db)
    return {"run_id": run_id, **db["extraction_runs"].get(run_id)}
