"""Tables of the scrapers: every fetch attempt, the HTTP validators of every URL, and where a document came
from.

``fetch_log`` answers "what happened when we asked for this URL?" (status, error, bytes, sha256, outcome);
``http_cache`` holds each URL's ETag / Last-Modified and the sha256 of the body last seen, so a rerun sends a
conditional GET and an unchanged page costs a 304; ``documents`` gains the final URL after redirects, the
HTTP status and the response headers that matter.
"""

FETCH_LOG_COLUMNS = {
    "id": int,
    "url": str,
    "final_url": str,
    "status": int,
    "outcome": str,
    "error": str,
    "bytes": int,
    "sha256": str,
    "at": str,
    "source": str,
    "document_id": int,
}


def m010_fetch_log(db):
    db["fetch_log"].create(
        FETCH_LOG_COLUMNS, pk="id", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True
    )
    db["fetch_log"].create_index(["url"], if_not_exists=True)
    db["fetch_log"].create_index(["source", "at"], if_not_exists=True)
    db["http_cache"].create(
        {"url": str, "etag": str, "last_modified": str, "sha256": str, "checked_at": str},
        pk="url",
        if_not_exists=True,
    )
    existing = db["documents"].columns_dict
    for column, kind in {"final_url": str, "http_status": int, "http_headers": str}.items():
        if column not in existing:
            db["documents"].add_column(column, kind)
    db["documents"].create_index(["url"], if_not_exists=True)
