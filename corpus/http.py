"""One polite HTTP client for every scraper: identified, robots.txt-abiding, paced, retrying, bounded.

:class:`PoliteClient` wraps a ``requests.Session``:

- a User-Agent naming casewatch and a contact URL;
- robots.txt read once per host with protego (a host whose robots.txt cannot be reached is treated as
  disallowing everything, as RFC 9309 asks; a 4xx robots.txt allows everything);
- a pause between two requests to the same host (``delay``, or the host's Crawl-delay if longer);
- connect/read timeouts; retries with exponential backoff on connection errors, 429 and 5xx, honouring
  Retry-After (urllib3's ``Retry``, capped so a server cannot park us for hours);
- conditional GET from an :class:`HttpCache` (ETag / Last-Modified), so an unchanged page costs a 304 and
  its body comes back from the raw store;
- a maximum download size, checked on Content-Length and while streaming;
- redirects followed one hop at a time, only to http(s), each hop checked against robots.txt.

Every failure raises a :class:`FetchError` whose message says what happened, for the fetch log.
"""
import datetime
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

try:
    VERSION = version("casewatch")
except PackageNotFoundError:  # running from a checkout that was never installed
    VERSION = "0"

CONTACT_URL = "https://github.com/casewatch/casewatch"
ROBOTS_AGENT = "casewatch"
RETRY_STATUSES = (429, 500, 502, 503, 504)
# Response headers worth keeping with a document: what it is, how big, and how to ask again cheaply.
KEPT_HEADERS = ("content-type", "content-length", "content-disposition", "etag", "last-modified", "date")
MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After is cut to this
ROBOTS_MAX_BYTES = 512 * 1024


def user_agent(contact: str = CONTACT_URL) -> str:
    return f"casewatch/{VERSION} (+{contact}; research on children's social care)"


@dataclass
class ClientSettings:
    user_agent: str = field(default_factory=user_agent)
    delay: float = 1.0             # seconds between two requests to the same host
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0           # first retry after ~backoff s, then doubling
    max_bytes: int = 100 * 1024 * 1024
    max_redirects: int = 5
    obey_robots: bool = True


class FetchError(Exception):
    """A URL that could not be fetched; ``status`` is the HTTP status when there was one."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class RobotsDisallowed(FetchError):
    pass


class TooLarge(FetchError):
    pass


@dataclass
class FetchResult:
    url: str                # the URL asked for
    final_url: str          # after redirects
    status: int             # 200, or 304 when not_modified
    headers: dict           # the KEPT_HEADERS present, lower-cased names
    content: bytes          # on a 304, the body last seen (from the cache)
    not_modified: bool = False


class CappedRetry(Retry):
    """urllib3's Retry, with Retry-After capped at :data:`MAX_RETRY_AFTER`."""

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


def retry_policy(settings: ClientSettings) -> Retry:
    return CappedRetry(total=settings.retries, connect=settings.retries, read=settings.retries,
                       status=settings.retries, other=0, redirect=False, backoff_factor=settings.backoff,
                       status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}),
                       respect_retry_after_header=True, raise_on_status=False)


def build_session(settings: ClientSettings) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = settings.user_agent
    adapter = HTTPAdapter(max_retries=retry_policy(settings))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_scheme(url: str):
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"refusing non-http(s) URL {url!r}")


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class PoliteClient:
    def __init__(self, settings: ClientSettings | None = None, cache=None):
        self.settings = settings or ClientSettings()
        self.cache = cache
        self.session = build_session(self.settings)
        self._robots = {}      # site root -> (Protego, reason or None)
        self._last_request = {}  # netloc -> time.monotonic() of the last request

    # ------------------------------------------------------------ public
    def get(self, url: str, conditional: bool = True) -> FetchResult:
        """GET ``url``; raises :class:`FetchError` on anything but a usable 200 or a 304."""
        check_scheme(url)
        validators = self.cache.validators(url) if (self.cache and conditional) else {}
        response, final_url = self._follow(url, validators)
        with response:
            if response.status_code == 304 and validators:
                return FetchResult(url, final_url, 304, kept_headers(response), self.cache.body(url), True)
            if response.status_code >= 400 or response.status_code == 304:
                raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip(),
                                 response.status_code)
            content = self._read(response)
        result = FetchResult(url, final_url, response.status_code, kept_headers(response), content)
        if self.cache:
            self.cache.remember(url, result)
        return result

    def allowed(self, url: str) -> bool:
        return self._robots_reason(url) is None

    # ------------------------------------------------------------ internals
    def _follow(self, url, validators):
        """Send the request, following redirects one hop at a time (http(s) only, robots.txt per hop)."""
        for hop in range(self.settings.max_redirects + 1):
            self._check_robots(url)
            response = self._send(url, {} if hop else validators)
            if not response.is_redirect:
                return response, url
            target = urljoin(url, response.headers.get("location", ""))
            response.close()
            if urlsplit(target).scheme not in ("http", "https"):
                raise FetchError(f"redirect to non-http(s) URL {target!r} refused", response.status_code)
            url = target
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _send(self, url, headers=None, stream=True):
        self._wait_turn(url)
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            return self.session.get(url, headers=headers or {}, timeout=timeout, stream=stream,
                                    allow_redirects=False)
        except requests.RequestException as exc:
            raise FetchError(describe(exc)) from None
        finally:
            self._last_request[urlsplit(url).netloc] = time.monotonic()

    def _read(self, response) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"response of {int(declared)} bytes exceeds the {limit}-byte limit", response.status_code)
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(f"response exceeds the {limit}-byte limit", response.status_code)
                chunks.append(chunk)
        except requests.RequestException as exc:
            raise FetchError(describe(exc), response.status_code) from None
        return b"".join(chunks)

    def _wait_turn(self, url):
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            pause = self._delay_for(url) - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)

    def _delay_for(self, url) -> float:
        parser, _ = self._robots.get(site_root(url), (None, None))
        crawl_delay = parser.crawl_delay(ROBOTS_AGENT) if parser else None
        return max(self.settings.delay, crawl_delay or 0)

    # ------------------------------------------------------------ robots.txt
    def _check_robots(self, url):
        reason = self._robots_reason(url)
        if reason:
            raise RobotsDisallowed(reason)

    def _robots_reason(self, url) -> str | None:
        if not self.settings.obey_robots:
            return None
        root = site_root(url)
        if root not in self._robots:
            self._robots[root] = self._load_robots(root)
        parser, unreachable = self._robots[root]
        if unreachable:
            return f"robots.txt of {root} unreachable ({unreachable}): not fetching from this host"
        if not parser.can_fetch(url, ROBOTS_AGENT):
            return f"disallowed by {root}/robots.txt"
        return None

    def _load_robots(self, root):
        try:
            response = self._send(f"{root}/robots.txt", stream=False)
        except FetchError as exc:
            return Protego.parse(""), str(exc)
        if response.status_code >= 500:
            return Protego.parse(""), f"HTTP {response.status_code}"
        if response.status_code >= 400 or response.is_redirect:
            return Protego.parse(""), None  # no robots.txt: everything allowed
        return Protego.parse(response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")), None


def kept_headers(response) -> dict:
    return {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}


def describe(exc: Exception) -> str:
    """A short reason for a requests exception: 'timeout: ...', 'connection error: ...'."""
    if isinstance(exc, requests.Timeout) or "timed out" in str(exc):
        kind = "timeout"
    elif isinstance(exc, requests.exceptions.RetryError):
        kind = "too many retries"
    elif isinstance(exc, requests.ConnectionError):
        kind = "connection error"
    else:
        kind = exc.__class__.__name__
    detail = str(exc.args[0]) if exc.args else ""
    return f"{kind}: {detail}"[:500]


class HttpCache:
    """ETag / Last-Modified per URL in the ``http_cache`` table; the body last seen lives in the raw store.

    Validators are only offered when the body they stand for is still in the store, so a 304 can
    always be answered with the page's bytes.
    """

    def __init__(self, db, store):
        self.db, self.store = db, store

    def _row(self, url):
        rows = list(self.db["http_cache"].rows_where("url = ?", [url]))
        return rows[0] if rows else None

    def validators(self, url) -> dict:
        row = self._row(url)
        if not row or not row["sha256"] or not self.store.has(row["sha256"]):
            return {}
        headers = {}
        if row["etag"]:
            headers["If-None-Match"] = row["etag"]
        if row["last_modified"]:
            headers["If-Modified-Since"] = row["last_modified"]
        return headers

    def body(self, url) -> bytes:
        return self.store.get(self._row(url)["sha256"])

    def remember(self, url, result: FetchResult):
        etag, modified = result.headers.get("etag"), result.headers.get("last-modified")
        if not (etag or modified):
            return
        digest = self.store.put(result.content)
        with self.db.conn:
            self.db["http_cache"].upsert({"url": url, "etag": etag, "last_modified": modified,
                                          "sha256": digest, "checked_at": now_iso()}, pk="url")
