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
- a maximum download size on every body (robots.txt and feeds included), counted in decoded bytes as they
  stream, so a small gzip answer that inflates to gigabytes is cut at the cap;
- a deadline per download (wall clock, from connecting to the last byte), so a server trickling one byte a
  second cannot hold the run: a watchdog shuts the socket when the time is up;
- an outbound policy (:class:`Outbound`): http(s) only, and no private, loopback, link-local, multicast or
  reserved address unless its host:port is one the user named (``--base-url``, a configured feed or site);
- redirects followed one hop at a time, each hop checked against the policy and robots.txt;
- a host that cannot be reached (refused, no route, no such name) is not retried and is remembered for the
  rest of the run: one failure "cannot reach host X: connection refused" instead of minutes of retries.

Every failure raises a :class:`FetchError` whose message says what happened, for the fetch log.
"""

import datetime
import ipaddress
import logging
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.util.retry import Retry

# urllib3 logs every retry as a warning; the client reports the outcome once, in words.
logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)

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
DEFAULT_PORTS = {"http": 80, "https": 443}


def user_agent(contact: str = CONTACT_URL) -> str:
    return f"casewatch/{VERSION} (+{contact}; research on children's social care)"


@dataclass
class ClientSettings:
    user_agent: str = field(default_factory=user_agent)
    delay: float = 1.0  # seconds between two requests to the same host
    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # the longest wait for a byte, the first one included
    deadline: float = 300.0  # wall clock for a whole download, connecting to the last byte
    retries: int = 3
    backoff: float = 1.0  # first retry after ~backoff s, then doubling
    max_bytes: int = 100 * 1024 * 1024  # decoded bytes of any answer
    robots_max_bytes: int = 512 * 1024  # robots.txt is read this far, the rest ignored (RFC 9309)
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


class Refused(FetchError):
    """A destination the outbound policy refuses (private address not named by the user)."""


class TooSlow(FetchError):
    """A download that outlived its deadline."""


class Unreachable(FetchError):
    """A host that could not be reached; ``repeated`` when it was already known to be down in this run."""

    def __init__(self, host, reason, repeated=False):
        super().__init__(f"cannot reach host {host}: {reason}")
        self.host, self.reason, self.repeated = host, reason, repeated


@dataclass
class FetchResult:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 when not_modified
    headers: dict  # the KEPT_HEADERS present, lower-cased names
    content: bytes  # on a 304, the body last seen (from the cache)
    not_modified: bool = False


class CappedRetry(Retry):
    """urllib3's Retry, with Retry-After capped at :data:`MAX_RETRY_AFTER`, and no retry when a connection
    could not even be made (refused, no route, no such name): asking again a second later does not help."""

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if isinstance(error, NewConnectionError):
            raise MaxRetryError(_pool, url, error) from error
        return super().increment(method, url, response, error, _pool, _stacktrace)


def retry_policy(settings: ClientSettings) -> Retry:
    return CappedRetry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        other=0,
        redirect=False,
        backoff_factor=settings.backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )


# ------------------------------------------------------------------ outbound policy and deadline
def endpoint(url: str) -> tuple[str, int]:
    """(host, port) of a URL, the host lower-cased without IPv6 brackets, the port explicit."""
    parts = urlsplit(url)
    return normal_host(parts.hostname or ""), parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def normal_host(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def is_public(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to; :class:`Unreachable` when it does not resolve."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except (socket.gaierror, UnicodeError) as exc:
        raise Unreachable(host, (getattr(exc, "strerror", None) or "name not resolved").lower()) from None


class Watch:
    """The deadline of one download: when it passes, the sockets in use are shut so a blocked read returns."""

    def __init__(self, seconds: float):
        self.seconds, self.expired, self.sockets = seconds, False, []
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def expire(self):
        self.expired = True
        for sock in list(self.sockets):
            shut(sock)


def shut(sock):
    """Shut a socket from another thread (the plain socket's shutdown: an SSLSocket's would drop its
    state)."""
    try:
        if sock is not None and sock.fileno() != -1:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


class Outbound:
    """Where the client may connect, and for how long.

    A host:port the user named (``allow``) may be anything, 127.0.0.1 included: a mirror or a test server.
    Any other host must resolve only to public addresses: :meth:`check` runs before every request and
    redirect hop, and the connection itself checks the address it reached (a name that resolves to a public
    address for the check and to a private one for the connection, DNS rebinding, is caught there).
    """

    def __init__(self, named=()):
        self.named, self.current = set(), None
        for url in named:
            self.allow(url)

    def allow(self, url: str | None):
        if url:
            self.named.add(endpoint(url))

    def check(self, url: str, redirect: bool = False):
        host, port = endpoint(url)
        if (host, port) in self.named:
            return
        for address in resolve(host, port):
            if not is_public(address):
                raise Refused(refusal(address, url, redirect))

    def check_peer(self, connection):
        """Called on each new connection, before the request is sent (through a proxy, the address reached
        is the proxy's: only the check before the request applies then)."""
        host, port = normal_host(connection.host), connection.port
        address = connection.sock.getpeername()[0]
        if not connection.proxy and (host, port) not in self.named and not is_public(address):
            raise Refused(f"connection to a private address {address} ({host}:{port}) refused")
        self.watch(connection.sock)

    @contextmanager
    def deadline(self, seconds: float):
        watch = self.current = Watch(seconds)
        watch.timer.start()
        try:
            yield watch
        finally:
            watch.timer.cancel()
            self.current = None

    def watch(self, sock):
        """Put ``sock`` (None for a connection not yet made) under the current deadline."""
        if self.current is not None:
            if self.current.expired:
                raise TooSlow("deadline passed")
            if sock is not None:
                self.current.sockets.append(sock)


def refusal(address, url, redirect) -> str:
    if redirect:
        return f"redirect to a private address {address} ({url}) refused"
    return f"private address {address} ({url}) refused: not a host you named"


def guarded_pools(outbound: Outbound) -> dict:
    """urllib3 pool classes whose connections report to ``outbound``: the address reached, the deadline."""

    def pool_class(pool_base, connection_base):
        class GuardedConnection(connection_base):
            def connect(self):
                super().connect()
                try:
                    outbound.check_peer(self)
                except FetchError:
                    self.close()
                    raise

        class GuardedPool(pool_base):
            ConnectionCls = GuardedConnection

            def _get_conn(self, timeout=None):
                connection = super()._get_conn(timeout)
                outbound.watch(connection.sock)  # a kept-alive connection; a new one reports in connect()
                return connection

        return GuardedPool

    return {
        "http": pool_class(HTTPConnectionPool, HTTPConnection),
        "https": pool_class(HTTPSConnectionPool, HTTPSConnection),
    }


class GuardedAdapter(HTTPAdapter):
    def __init__(self, outbound: Outbound, **kwargs):
        self.outbound = outbound
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = guarded_pools(self.outbound)

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = guarded_pools(self.outbound)
        return manager


def build_session(settings: ClientSettings, outbound: Outbound) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = settings.user_agent
    adapter = GuardedAdapter(outbound, max_retries=retry_policy(settings))
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
    def __init__(self, settings: ClientSettings | None = None, cache=None, allow=()):
        """``allow``: URLs the user named, whose host:port may be a private address (a mirror, a test
        server)."""
        self.settings = settings or ClientSettings()
        self.cache = cache
        self.outbound = Outbound(allow)
        self.session = build_session(self.settings, self.outbound)
        self._robots = {}  # site root -> (Protego, reason or None)
        self._last_request = {}  # netloc -> time.monotonic() of the last request
        self._unreachable = {}  # netloc -> why it could not be reached, for the rest of the run

    # ------------------------------------------------------------ public
    def allow(self, url: str | None):
        """Let the host:port of ``url`` be reached whatever its address (a URL the user named)."""
        self.outbound.allow(url)

    def get(self, url: str, conditional: bool = True) -> FetchResult:
        """GET ``url``, following redirects one hop at a time; raises :class:`FetchError` on anything but a
        usable 200 or a 304."""
        check_scheme(url)
        validators = self.cache.validators(url) if (self.cache and conditional) else {}
        hop_url = url
        for hop in range(self.settings.max_redirects + 1):
            self._check_destination(hop_url, redirect=hop > 0)
            self._check_robots(hop_url)
            with self._exchange(hop_url, {} if hop else validators) as response:
                if not response.is_redirect:
                    result = self._result(url, hop_url, response, validators)
                    break
                target, status = urljoin(hop_url, response.headers.get("location", "")), response.status_code
            if urlsplit(target).scheme not in ("http", "https"):
                raise FetchError(f"redirect to non-http(s) URL {target!r} refused", status)
            hop_url = target
        else:
            raise FetchError(f"more than {self.settings.max_redirects} redirects")
        if self.cache and not result.not_modified:
            self.cache.remember(url, result)
        return result

    def allowed(self, url: str) -> bool:
        return self._robots_reason(url) is None

    # ------------------------------------------------------------ internals
    def _check_destination(self, url, redirect):
        """The outbound policy, before anything is sent; a name that does not resolve is an unreachable
        host."""
        netloc = urlsplit(url).netloc
        self._check_reachable(netloc)
        try:
            self.outbound.check(url, redirect)
        except Unreachable as exc:
            if self._proxied(url):  # behind a proxy, names may resolve only there
                return
            self._unreachable[netloc] = exc.reason
            raise Unreachable(netloc, exc.reason) from None

    def _proxied(self, url) -> bool:
        environ = requests.utils.get_environ_proxies(url) if self.session.trust_env else {}
        return bool(requests.utils.select_proxy(url, {**environ, **self.session.proxies}))

    def _result(self, url, final_url, response, validators) -> FetchResult:
        if response.status_code == 304 and validators:
            return FetchResult(url, final_url, 304, kept_headers(response), self.cache.body(url), True)
        if response.status_code >= 400 or response.status_code == 304:
            raise FetchError(
                f"HTTP {response.status_code} {response.reason or ''}".strip(), response.status_code
            )
        content = self._read(response, self.settings.max_bytes)
        return FetchResult(url, final_url, response.status_code, kept_headers(response), content)

    @contextmanager
    def _exchange(self, url, headers=None):
        """One request and its answer, all of it within ``settings.deadline`` seconds."""
        with self.outbound.deadline(self.settings.deadline) as watch:
            try:
                with self._send(url, headers) as response:
                    yield response
            except (FetchError, requests.RequestException, OSError):
                if not watch.expired:
                    raise
            if watch.expired:  # a body cut short by the watchdog can look complete: never keep it
                raise TooSlow(f"download took longer than {self.settings.deadline:g} s")

    def _send(self, url, headers=None):
        netloc = urlsplit(url).netloc
        self._check_reachable(netloc)
        self._wait_turn(url)
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        try:
            return self.session.get(
                url, headers=headers or {}, timeout=timeout, stream=True, allow_redirects=False
            )
        except requests.RequestException as exc:
            raise self._failure(netloc, exc) from None
        finally:
            self._last_request[netloc] = time.monotonic()

    def _check_reachable(self, netloc):
        if netloc in self._unreachable:
            raise Unreachable(netloc, self._unreachable[netloc], repeated=True)

    def _failure(self, netloc, exc) -> FetchError:
        """The error for a failed request; a host that could not be reached is remembered as such."""
        reason = unreachable_reason(exc)
        if reason is None:
            return FetchError(describe(exc))
        self._unreachable[netloc] = reason
        return Unreachable(netloc, reason)

    def _read(self, response, limit, truncate=False) -> bytes:
        """The decoded body, up to ``limit`` bytes: beyond it, :class:`TooLarge` (or the first ``limit`` bytes
        when ``truncate``). Reading stops at the limit, so a gzip bomb is never inflated whole."""
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise TooLarge(
                f"response of {int(declared)} bytes exceeds the {limit}-byte limit", response.status_code
            )
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if truncate:
                        break
                    raise TooLarge(f"response exceeds the {limit}-byte limit", response.status_code)
        except requests.RequestException as exc:
            raise FetchError(describe(exc), response.status_code) from None
        return b"".join(chunks)[:limit]

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
        """(parser, None), or (empty parser, why) when robots.txt could not be read: nothing is fetched then.
        A host that cannot be reached at all, or may not be, raises (:class:`Unreachable`, :class:`Refused`)
        instead, and is not remembered here, so its next URL fails the same way."""
        try:
            with self._exchange(f"{root}/robots.txt") as response:
                if response.status_code >= 500:
                    return Protego.parse(""), f"HTTP {response.status_code}"
                if response.status_code >= 400 or response.is_redirect:
                    return Protego.parse(""), None  # no robots.txt: everything allowed
                body = self._read(response, self.settings.robots_max_bytes, truncate=True)
        except (Unreachable, Refused):
            raise
        except FetchError as exc:
            return Protego.parse(""), str(exc)
        return Protego.parse(body.decode("utf-8", "replace")), None


def unreachable_reason(exc) -> str | None:
    """'connection refused', 'name not resolved', ... when ``exc`` says the host could not be reached."""
    error = exc.args[0] if exc.args else None
    error = getattr(error, "reason", error)  # MaxRetryError -> what made it give up
    if isinstance(error, NewConnectionError):  # refused, no route, no such name (NameResolutionError)
        cause = error.__cause__
        default = "name not resolved" if isinstance(error, NameResolutionError) else str(cause or error)
        return (getattr(cause, "strerror", None) or default).lower()
    if isinstance(error, ConnectTimeoutError):
        return "connection timed out"
    return None


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
            self.db["http_cache"].upsert(
                {
                    "url": url,
                    "etag": etag,
                    "last_modified": modified,
                    "sha256": digest,
                    "checked_at": now_iso(),
                },
                pk="url",
            )
