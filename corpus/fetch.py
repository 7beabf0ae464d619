"""Fetch documents from the web into the corpus: what every source shares.

A source (``corpus.sources.ofsted``, ``.news``, ``.moderngov``) walks its site and hands :class:`Target` s to
a :class:`Fetcher`, which downloads each one through the polite client, stores new bytes in the same
content-addressed :class:`~corpus.store.RawStore` as ``ingest``, writes the ``documents`` row (a changed
document at a known URL becomes a new version linked by ``version_of``), and logs every attempt in
``fetch_log``. A failure is logged and counted, never raised: the run goes on, and a rerun picks up
where it stopped because stored documents are skipped or answered with a 304.

:func:`fetch_configured_sources` runs the sources named in the TOML config; it is what ``casewatch
fetch`` and ``casewatch run`` call.
"""

import collections
import datetime
import json
import logging
import re
from dataclasses import dataclass, field

from .config import load_config
from .http import CONTACT_URL, ClientSettings, FetchError, HttpCache, PoliteClient, Unreachable, user_agent
from .ingest import row_from_bytes
from .sources import Target, moderngov, news, ofsted
from .store import RawStore, sha256_of
from .text import DocumentError, sniff_media_type

log = logging.getLogger(__name__)

SOURCE_NAMES = ("ofsted", "news", "minutes")
OUTCOMES = ("stored", "new_version", "unchanged", "not_modified", "duplicate", "known", "skipped", "failed")
# [client] settings read as numbers: seconds, counts; max_megabytes and robots_max_kilobytes are converted.
NUMERIC_SETTINGS = ("read_timeout", "connect_timeout", "deadline", "retries", "backoff")
MEDIA_NAMES = {"application/pdf": "a PDF", "text/html": "an HTML page", "text/plain": "text"}


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------ config
def client_settings(config: dict, delay: float | None = None) -> ClientSettings:
    section = config.get("client", {})
    settings = ClientSettings(user_agent=user_agent(section.get("contact") or CONTACT_URL))
    settings.delay = float(section.get("delay", settings.delay) if delay is None else delay)
    if "max_megabytes" in section:
        settings.max_bytes = int(float(section["max_megabytes"]) * 1024 * 1024)
    if "robots_max_kilobytes" in section:
        settings.robots_max_bytes = int(float(section["robots_max_kilobytes"]) * 1024)
    for name in NUMERIC_SETTINGS:
        if name in section:
            setattr(settings, name, type(getattr(settings, name))(section[name]))
    return settings


# ------------------------------------------------------------------ fetching
@dataclass
class FetchSummary:
    counts: collections.Counter = field(default_factory=collections.Counter)
    failures: list = field(default_factory=list)  # (url, reason)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def as_dict(self) -> dict:
        counts = {outcome: self.counts.get(outcome, 0) for outcome in OUTCOMES}
        return {
            **counts,
            "pages": self.counts.get("page", 0),
            "failed": self.failed,
            "failures": [{"url": url, "reason": reason} for url, reason in self.failures],
            "failure_lines": self.failure_lines(),
        }

    def failure_lines(self) -> list[str]:
        """'URL: reason' per failure, but one line per host that could not be reached, with its count."""
        down = collections.Counter(
            reason for _, reason in self.failures if reason.startswith("cannot reach host ")
        )
        lines = [f"{url}: {reason}" for url, reason in self.failures if reason not in down]
        return lines + [f"{reason} ({n} URL{'s' if n > 1 else ''})" for reason, n in down.items()]

    def line(self) -> str:
        c = self.counts
        return (
            f"{c['stored']} stored, {c['new_version']} new versions, "
            f"{c['unchanged'] + c['not_modified'] + c['known'] + c['duplicate']} unchanged or known, "
            f"{c['skipped']} skipped, {self.failed} failed"
        )


class Fetcher:
    """Downloads targets, stores documents, logs every attempt; one per run, shared by its sources.

    ``add_councils(db, codes) -> codes added`` inserts the ``councils`` rows the gazetteer knows for codes
    the table lacks (``db.councils.add_councils_from_gazetteer``, passed in by the CLI); without it a
    document whose council is not in the table is stored without one."""

    def __init__(
        self,
        db,
        data_dir,
        settings: ClientSettings | None = None,
        progress=None,
        client=None,
        add_councils=None,
    ):
        self.db, self.store = db, RawStore(data_dir)
        self.add_councils = add_councils
        self.client = client or PoliteClient(settings, cache=HttpCache(db, self.store))
        self.progress = progress
        self.summary = FetchSummary()

    def allow(self, *urls):
        """Hosts the user named (a mirror, a configured feed or site): reachable even on a private address."""
        for url in urls:
            self.client.allow(url)

    # -------------------------------------------------------------- listing pages
    def page(self, url: str, source: str, log: bool = True):
        """A listing page (index, feed, committee list): fetched conditionally and logged, not stored
        as a document. Returns the FetchResult, or None after logging the failure. ``log=False`` when
        the caller will :meth:`keep` the page as a document (which logs it)."""
        try:
            result = self.client.get(url)
        except FetchError as exc:
            self.fetch_failure(url, source, exc)
            return None
        if log:
            self.log_page(url, source, result)
        return result

    def log_page(self, url, source, result):
        self._log(url, source, "not_modified" if result.not_modified else "page", result)
        self.summary.counts["page"] += 1

    # -------------------------------------------------------------- documents
    def document(self, target: Target) -> str:
        """Download ``target`` unless known, and keep it; returns the outcome (see :data:`OUTCOMES`)."""
        latest = self.latest_version(target.url)
        if latest and not target.refetch and target.media_type in (None, latest["media_type"]):
            return self.count("known", target.url)
        try:
            result = self.client.get(target.url, conditional=latest is not None)
        except FetchError as exc:
            return self.fetch_failure(target.url, target.source, exc)
        return self.keep(target, result, latest)

    def keep(self, target: Target, result, latest=None) -> str:
        """Store an already fetched ``result`` as the document ``target``: new, a new version, or known."""
        latest = latest or self.latest_version(target.url)
        wrong = unexpected_media(target, result.content)
        if wrong:
            return self.failure(target.url, target.source, wrong, result=result)
        if result.not_modified and latest:  # a 304 for a page never kept still carries its cached body
            return self.record("not_modified", target, result)
        digest = sha256_of(result.content)
        seen = self.document_with_hash(digest)
        if seen:
            outcome = "unchanged" if seen["url"] == target.url else "duplicate"
            return self.record(outcome, target, result, digest, seen["id"])
        try:
            row = self.document_row(target, result, latest)
        except DocumentError as exc:
            return self.failure(target.url, target.source, str(exc), result=result, sha256=digest)
        self.store.put(result.content)
        with self.db.conn:
            document_id = self.db["documents"].insert(row).last_pk
        return self.record("new_version" if latest else "stored", target, result, digest, document_id)

    def document_row(self, target: Target, result, latest) -> dict:
        meta = {
            "url": target.url,
            "title": target.title,
            "published": target.published,
            "source_kind": target.source_kind,
        }
        row = row_from_bytes(
            result.content, sniff_media_type(result.content), meta
        )  # by the bytes, not the URL
        row.update(
            fetched_at=now_iso(),
            final_url=result.final_url,
            http_status=result.status,
            http_headers=json.dumps(result.headers, sort_keys=True),
            report_type=target.report_type or row["report_type"],
            declared_report_type=target.report_type or row["report_type"],
            council_code=self.known_council(target.council_code or row["council_code"]),
            version_of=latest["id"] if latest else None,
        )
        row["published"] = row["published"] or target.published_fallback
        return row

    def known_council(self, code):
        """``code`` when it can satisfy the councils foreign key (adding the gazetteer's row if needed)."""
        if not code:
            return None
        known = self.db["councils"].count_where("code = ?", [code])
        if known or (self.add_councils and self.add_councils(self.db, {code})):
            return code
        log.warning("council code %s is not in the gazetteer; document stored without council", code)
        return None

    def latest_version(self, url: str):
        rows = self.db.execute(
            "SELECT id, sha256, media_type FROM documents WHERE url = ? ORDER BY id DESC LIMIT 1", [url]
        ).fetchall()
        return {"id": rows[0][0], "sha256": rows[0][1], "media_type": rows[0][2]} if rows else None

    def document_with_hash(self, digest: str):
        rows = self.db.execute("SELECT id, url FROM documents WHERE sha256 = ?", [digest]).fetchall()
        return {"id": rows[0][0], "url": rows[0][1]} if rows else None

    # -------------------------------------------------------------- bookkeeping
    def count(self, outcome: str, url: str) -> str:
        self.summary.counts[outcome] += 1
        if self.progress:
            self.progress(outcome, url)
        return outcome

    def skip(self, url: str) -> str:
        """A link the source decided not to follow (off-topic, too old)."""
        return self.count("skipped", url)

    def record(self, outcome, target, result, digest=None, document_id=None) -> str:
        self._log(target.url, target.source, outcome, result, digest, document_id)
        return self.count(outcome, target.url)

    def fetch_failure(self, url, source, exc: FetchError) -> str:
        """A failed download; a host already known to be down in this run is not warned about again."""
        if isinstance(exc, Unreachable):  # one warning per host, not one per URL
            if not exc.repeated:
                log.warning("%s", exc)
            return self.failure(url, source, str(exc), status=exc.status, warn=False)
        return self.failure(url, source, str(exc), status=exc.status)

    def failure(self, url, source, reason, status=None, result=None, sha256=None, warn=True) -> str:
        if warn:
            log.warning("%s: %s", url, reason)
        self.summary.failures.append((url, reason))
        self._log(url, source, "failed", result, sha256, error=reason, status=status)
        return self.count("failed", url)

    def _log(self, url, source, outcome, result=None, sha256=None, document_id=None, error=None, status=None):
        row = {
            "url": url,
            "source": source,
            "outcome": outcome,
            "at": now_iso(),
            "error": error,
            "status": status,
            "sha256": sha256,
            "document_id": document_id,
            "final_url": None,
            "bytes": None,
        }
        if result is not None:
            row.update(
                final_url=result.final_url,
                status=result.status,
                bytes=None if result.not_modified else len(result.content),
            )
        with self.db.conn:
            self.db["fetch_log"].insert(row)


def unexpected_media(target: Target, content: bytes) -> str | None:
    """Why ``content`` is not what ``target`` must be (a sign-in page at a report URL), else None."""
    found = sniff_media_type(content) if content.strip() else None
    if target.media_type is None or found == target.media_type:
        return None
    what = MEDIA_NAMES.get(target.media_type, target.media_type)
    answered = MEDIA_NAMES.get(found, found) if found else "nothing (an empty answer)"
    title = html_title(content) if found == "text/html" else None
    return f"not {what}: the server answered {answered}" + (f' ("{title}")' if title else "")


def html_title(content: bytes) -> str | None:
    match = re.search(rb"<title[^>]*>(.*?)</title>", content[:16384], re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    return " ".join(match.group(1).decode("utf-8", "replace").split())[:80] or None


# ------------------------------------------------------------------ running sources
def source_modules() -> dict:
    return {"ofsted": ofsted, "news": news, "minutes": moderngov}


def fetch_configured_sources(
    db,
    data_dir,
    config_path=None,
    sources=SOURCE_NAMES,
    councils=(),
    since=None,
    delay=None,
    base_urls=None,
    progress=None,
    add_councils=None,
) -> dict:
    """Run the named sources over the councils of the config file; returns the summary as a dict
    (counts per outcome, ``failed`` and the ``failures`` list of {url, reason}).

    ``councils``: names or codes to restrict to; ``since``: YYYY-MM-DD, older reports/articles/meetings
    are skipped; ``delay``: seconds between requests to one host (default from the config, >= 1 s);
    ``base_urls``: {source: mirror URL}; ``add_councils``: as for :class:`Fetcher`.
    """
    config = load_config(config_path)
    fetcher = Fetcher(
        db, data_dir, client_settings(config, delay), progress=progress, add_councils=add_councils
    )
    modules = source_modules()
    for name in sources:
        modules[name].run(
            fetcher, config, councils=councils, since=since, base_url=(base_urls or {}).get(name)
        )
    return fetcher.summary.as_dict()
