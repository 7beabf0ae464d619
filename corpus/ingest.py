"""Ingest documents from disk: raw bytes into the store, one ``documents`` row each, errors logged."""

import datetime
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from .councils import council_code, council_for_url
from .store import RawStore, sha256_of
from .text import MEDIA_TYPES, DocumentError, extract_text, sniff_media_type

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    stored: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (path, reason)


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def display_name(path) -> str:
    """A file's name as stored and shown: a name whose bytes are not UTF-8 (a Latin-1 "caf\\xe9.txt" on Linux,
    which Python holds with surrogate escapes that SQLite and terminals refuse) gets U+FFFD for those bytes.
    The file's bytes are in the raw store, so the name is only for people to read."""
    return os.fsencode(path).decode("utf-8", "replace")


def iter_document_paths(paths):
    """Files named directly (whatever their name: their bytes say what they are), and the files under any
    folder named whose extension is one of MEDIA_TYPES, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in MEDIA_TYPES and p.is_file())
        else:
            yield path


def read_sidecar(path: Path) -> dict:
    """Optional ``NAME.meta.json`` beside a file: url, title, published, source_kind."""
    sidecar = path.with_name(path.stem + ".meta.json")
    if sidecar.exists():
        try:
            return json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable %s: %s", sidecar, exc)
    return {}


def guess_source_kind(text: str, media_type: str) -> str:
    head = text[:3000].lower()
    if "ofsted" in head and any(w in head for w in ("inspection of", "focused visit", "monitoring visit")):
        return "ofsted_report"
    if any(w in head for w in ("minutes", "agenda item", "committee", "councillors present")):
        return "council_minutes"
    return "news" if media_type == "text/html" else "other"


def kind_and_report_type(text: str, media_type: str, meta: dict) -> tuple[str, str | None]:
    """``(source_kind, report_type)``: as ``meta`` declares them, else the kind the document's opening
    suggests and no report type (the extractors read an Ofsted report's type when they extract it)."""
    return meta.get("source_kind") or guess_source_kind(text, media_type), meta.get("report_type")


def document_row(path: Path, data: bytes, council: str | None = None) -> dict:
    """The row of a file, read as what its bytes are (a report saved without ".pdf" is still a PDF)."""
    meta = read_sidecar(path)
    if council:
        meta["council"] = council
    return row_from_bytes(data, sniff_media_type(data), meta, path=display_name(path))


def publisher_code(meta: dict) -> str | None:
    """The council whose own document this is: ``meta``'s ``council`` (name or code), else the council whose
    site its ``url`` is on (``democracy.leeds.gov.uk``); None for anyone else's."""
    if meta.get("council"):
        return council_code(meta["council"])
    return council_for_url(meta["url"]) if meta.get("url") else None


def row_from_bytes(data: bytes, media_type: str, meta: dict, path: str | None = None) -> dict:
    """The ``documents`` row of ``data``: its text, and what ``meta`` (url, title, published, source_kind,
    report_type, council) says, falling back on what the document says about itself. Shared by ``ingest``
    and the scrapers."""
    extracted = extract_text(data, media_type)
    source_kind, report_type = kind_and_report_type(extracted.text, media_type, meta)
    return {
        "sha256": sha256_of(data),
        "source_kind": source_kind,
        "report_type": report_type,
        "declared_report_type": report_type,
        "url": meta.get("url"),
        "council_code": publisher_code(meta),
        "path": path,
        "title": meta.get("title") or extracted.title,
        "published": meta.get("published") or extracted.published,
        "media_type": media_type,
        "ingested_at": now_iso(),
        "text": extracted.text,
    }


def ingest_file(db, store: RawStore, path: Path, report: IngestReport, council: str | None = None):
    try:
        data = path.read_bytes()
        if db["documents"].count_where("sha256 = ?", [sha256_of(data)]):
            report.skipped.append(display_name(path))
            return
        row = document_row(path, data, council)
    except (DocumentError, OSError) as exc:
        record_error(db, display_name(path), failure_reason(exc), report)
        return
    store.put(data)
    with db.conn:
        db["documents"].insert(row)
    report.stored.append(display_name(path))


def failure_reason(exc: Exception) -> str:
    """Why a file was not stored, in words: for a file that cannot be read, the system's reason (an OSError's
    text repeats the file name, escaped)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read the file: {exc.strerror}"
    return str(exc)


def record_error(db, source: str, reason: str, report: IngestReport):
    log.warning("%s: %s", source, reason)
    report.errors.append((source, reason))
    with db.conn:
        db["ingest_errors"].insert({"source": source, "reason": reason, "at": now_iso()})


def ingest_paths(db, data_dir, paths, progress=None, council: str | None = None) -> IngestReport:
    """Store every document of ``paths``; ``council`` names the council that published them all."""
    store, report = RawStore(data_dir), IngestReport()
    for path in iter_document_paths(paths):
        ingest_file(db, store, path, report, council)
        if progress:
            progress(path)
    return report
