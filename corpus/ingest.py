"""Ingest documents from disk: raw bytes into the store, one ``documents`` row each, errors logged."""
import datetime
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .store import RawStore, sha256_of
from .text import MEDIA_TYPES, DocumentError, extract_text, media_type_for

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    stored: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (path, reason)


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def iter_document_paths(paths):
    """Files named directly, and the supported files under any folder named, in a stable order."""
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


def document_row(path: Path, data: bytes, media_type: str) -> dict:
    return row_from_bytes(data, media_type, read_sidecar(path), path=str(path))


def row_from_bytes(data: bytes, media_type: str, meta: dict, path: str | None = None) -> dict:
    """The ``documents`` row of ``data``: its text, and what ``meta`` (url, title, published, source_kind)
    says, falling back on what the document says about itself. Shared by ``ingest`` and the scrapers."""
    extracted = extract_text(data, media_type)
    return {
        "sha256": sha256_of(data),
        "source_kind": meta.get("source_kind") or guess_source_kind(extracted.text, media_type),
        "url": meta.get("url"),
        "path": path,
        "title": meta.get("title") or extracted.title,
        "published": meta.get("published") or extracted.published,
        "media_type": media_type,
        "ingested_at": now_iso(),
        "text": extracted.text,
    }


def ingest_file(db, store: RawStore, path: Path, report: IngestReport):
    media_type = media_type_for(path)
    try:
        if media_type is None:
            raise DocumentError(f"unsupported file type {path.suffix or '(none)'}")
        data = path.read_bytes()
        if db["documents"].count_where("sha256 = ?", [sha256_of(data)]):
            report.skipped.append(str(path))
            return
        row = document_row(path, data, media_type)
    except (DocumentError, OSError) as exc:
        record_error(db, str(path), str(exc), report)
        return
    store.put(data)
    with db.conn:
        db["documents"].insert(row)
    report.stored.append(str(path))


def record_error(db, source: str, reason: str, report: IngestReport):
    log.warning("%s: %s", source, reason)
    report.errors.append((source, reason))
    with db.conn:
        db["ingest_errors"].insert({"source": source, "reason": reason, "at": now_iso()})


def ingest_paths(db, data_dir, paths, progress=None) -> IngestReport:
    store, report = RawStore(data_dir), IngestReport()
    for path in iter_document_paths(paths):
        ingest_file(db, store, path, report)
        if progress:
            progress(path)
    return report
