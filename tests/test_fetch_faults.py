"""`casewatch fetch` against hostile servers on 127.0.0.1: one real server per fault.

Every fault is met on a second run, after a first run stored a document: the fault is logged as that URL's
failure in plain words, the run goes on to the next item, and what was stored before is still there.
"""

import gzip
import logging
import socket
import threading
import time
import tracemalloc

import pytest
from click.testing import CliRunner
from fixtures.sites.mirror import Mirror
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from corpus.fetch import fetch_configured_sources
from corpus.store import RawStore
from db.database import open_db
from pipeline.cli import cli

CONFIG = """[client]
delay = 0
backoff = {backoff}
retries = {retries}
deadline = 1
max_megabytes = 1

[news]
keywords = ["social workers"]

[[councils]]
name = "Barnsley"
feeds = [{feeds}]
"""
ITEM = "<item><title>Social workers: {slug}</title><link>{link}</link></item>"
RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}</channel></rss>'
ARTICLE = (
    "<html><head><title>{slug}</title></head><body><article><h1>Social workers: {slug}</h1>"
    "<p>The council recruited 30 social workers this year ({slug}).</p></article></body></html>"
)
GZIP_BOMB = gzip.compress(b"\0" * 50 * 1024 * 1024)  # 50 MB of zeros in ~50 KB


@pytest.fixture
def server():
    """A threaded server, so a trickling answer does not hold up the next request."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


class Listener:
    """Another local service: a bare socket that counts the connections it is offered."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port, self.connections, self.running = self.sock.getsockname()[1], 0, True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.sendall(
                b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>secret social workers"
                b" admin page</body></html>"
            )
            conn.close()

    def close(self):
        self.running = False
        self.sock.close()


@pytest.fixture
def listener():
    service = Listener()
    yield service
    service.close()


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


class Council:
    """A council site whose feed lists ``items``: (slug, link or None for the site's own /news/<slug>)."""

    def __init__(self, server):
        self.server, self.items, self.robots = server, [("before", None)], b"User-agent: *\nAllow: /\n"
        self.robots_headers = {}
        self.url = server.url_for("").rstrip("/")
        server.expect_request("/robots.txt").respond_with_handler(
            lambda request: Response(self.robots, headers=self.robots_headers, content_type="text/plain")
        )
        server.expect_request("/rss/news").respond_with_handler(self.feed)
        for slug in ("before", "after", "other"):
            server.expect_request(f"/news/{slug}").respond_with_data(
                ARTICLE.format(slug=slug), content_type="text/html"
            )

    def feed(self, request):
        items = "".join(
            ITEM.format(slug=slug, link=link or f"{self.url}/news/{slug}") for slug, link in self.items
        )
        return Response(RSS.format(items=items), content_type="application/rss+xml")

    def hits(self, path) -> int:
        return sum(1 for request, _ in self.server.log if request.path == path)


@pytest.fixture
def council(server):
    return Council(server)


def fetch_news(tmp_path, feeds, backoff=0.01, retries=1):
    config = tmp_path / "sources.toml"
    config.write_text(
        CONFIG.format(feeds=", ".join(f'"{url}"' for url in feeds), backoff=backoff, retries=retries)
    )
    db = open_db(tmp_path / "cw.db")
    return db, fetch_configured_sources(db, tmp_path / "data", config, sources=["news"], delay=0)


def stored(db) -> dict:
    return {row["url"].rsplit("/", 1)[-1]: row for row in db["documents"].rows}


def failures(db) -> dict:
    return {row["url"]: row["error"] for row in db["fetch_log"].rows_where("outcome = 'failed'")}


@pytest.fixture
def before(tmp_path, council):
    """The first run: one article stored. Returns its row."""
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/news"])
    assert summary["failed"] == 0 and set(stored(db)) == {"before"}
    return stored(db)["before"]


def still_there(tmp_path, db, before):
    row = stored(db)["before"]
    assert (row["id"], row["sha256"]) == (before["id"], before["sha256"])
    assert RawStore(tmp_path / "data").get(before["sha256"]) == ARTICLE.format(slug="before").encode()


# ------------------------------------------------------------------ 1. outbound policy
def test_a_redirect_to_another_local_service_is_refused(tmp_path, server, council, before, listener):
    other = f"http://127.0.0.1:{listener.port}/admin"
    server.expect_request("/news/moved").respond_with_data("", status=302, headers={"Location": other})
    council.items = [("before", None), ("moved", None), ("linked", other), ("after", None)]
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/news"])
    errors = failures(db)
    assert errors[f"{council.url}/news/moved"] == f"redirect to a private address 127.0.0.1 ({other}) refused"
    assert errors[other] == f"private address 127.0.0.1 ({other}) refused: not a host you named"
    assert listener.connections == 0
    assert set(stored(db)) == {"before", "after"} and summary["failed"] == 2
    still_there(tmp_path, db, before)


@pytest.mark.parametrize(
    "target, address",
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.5/", "10.0.0.5"),
        ("http://[::1]:9/", "::1"),
        ("http://0.0.0.0:9/", "0.0.0.0"),
        ("http://224.0.0.1/", "224.0.0.1"),
    ],
)
def test_a_redirect_to_a_private_or_reserved_address_is_refused_before_connecting(
    tmp_path, server, council, before, target, address
):
    server.expect_request("/news/moved").respond_with_data("", status=302, headers={"Location": target})
    council.items = [("moved", None), ("after", None)]
    started = time.monotonic()
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/news"])
    assert time.monotonic() - started < 5  # no connection was tried (the connect timeout is 10 s)
    assert failures(db) == {
        f"{council.url}/news/moved": f"redirect to a private address {address} ({target}) refused"
    }
    assert set(stored(db)) == {"before", "after"}
    still_there(tmp_path, db, before)


def test_the_named_local_server_stays_allowed_with_its_own_redirects(tmp_path, server, council, before):
    server.expect_request("/news/moved").respond_with_data(
        "", status=301, headers={"Location": f"{council.url}/news/other"}
    )
    council.items = [("moved", None)]
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/news"])
    assert summary["failed"] == 0 and stored(db)["moved"]["final_url"] == f"{council.url}/news/other"


def test_a_name_that_resolves_elsewhere_when_connecting_is_refused(
    tmp_path, server, council, before, monkeypatch
):
    """DNS rebinding: the policy's lookup sees a public address, the connection reaches 127.0.0.1."""
    resolve = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return resolve(host, port, *args, **kwargs)

    monkeypatch.setattr("corpus.http.resolve", lambda host, port: ["93.184.215.14"])  # the check's lookup
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)  # the connection's
    link = f"http://rebind.test:{server.port}/news/after"
    council.items = [("linked", link)]
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/news"])
    assert failures(db) == {
        link: f"connection to a private address 127.0.0.1 (rebind.test:{server.port}) refused"
    }
    assert council.hits("/robots.txt") == 2 and council.hits("/news/after") == 0  # nothing was sent to it
    still_there(tmp_path, db, before)


# ------------------------------------------------------------------ 2. deadline
def trickle(request):
    def one_byte_at_a_time():
        for _ in range(40):
            time.sleep(0.2)
            yield b"<"

    return Response(one_byte_at_a_time(), headers={"Content-Length": "40"}, content_type="text/html")


def test_a_trickling_server_fails_at_the_deadline_and_the_run_goes_on(tmp_path, server, council, before):
    server.expect_request("/news/slow").respond_with_handler(trickle)
    council.items = [("slow", None), ("after", None)]
    started = time.monotonic()
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/news"])
    assert time.monotonic() - started < 5
    assert failures(db) == {f"{council.url}/news/slow": "download took longer than 1 s"}
    assert set(stored(db)) == {"before", "after"}
    still_there(tmp_path, db, before)


# ------------------------------------------------------------------ 3. size caps on decoded bytes
def bomb(request):
    return Response(GZIP_BOMB, headers={"Content-Encoding": "gzip"}, content_type="text/html")


@pytest.mark.parametrize("where", ["robots.txt", "article", "feed"])
def test_a_gzip_bomb_is_cut_at_the_cap_without_filling_memory(tmp_path, server, council, before, where):
    feeds = [f"{council.url}/rss/news"]
    if where == "robots.txt":
        council.robots, council.robots_headers = GZIP_BOMB, {"Content-Encoding": "gzip"}
        council.items = [("after", None)]
    elif where == "article":
        server.expect_request("/news/bomb").respond_with_handler(bomb)
        council.items = [("bomb", None), ("after", None)]
    else:
        server.expect_request("/rss/bomb").respond_with_handler(bomb)
        feeds, council.items = [f"{council.url}/rss/bomb", *feeds], [("after", None)]
    tracemalloc.start()
    started = time.monotonic()
    try:
        db, summary = fetch_news(tmp_path, feeds)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 30 * 1024 * 1024 and time.monotonic() - started < 20
    expected = (
        {}
        if where == "robots.txt"
        else {
            f"{council.url}/{'news' if where == 'article' else 'rss'}/"
            "bomb": "response exceeds the 1048576-byte limit"
        }
    )
    assert failures(db) == expected
    assert set(stored(db)) == {"before", "after"}
    still_there(tmp_path, db, before)


# ------------------------------------------------------------------ 8. not a feed
@pytest.mark.parametrize(
    "body, content_type, reason",
    [
        (b"", "application/rss+xml", "not a feed: empty answer"),
        (b"   \n", "text/xml", "not a feed: empty answer"),
        (
            b"<html><head><title>Please sign in</title></head><body><form>Sign in</form></body></html>",
            "text/html",
            "not a feed: an HTML page",
        ),
    ],
)
def test_an_empty_or_non_feed_answer_is_that_feeds_failure(
    tmp_path, server, council, before, body, content_type, reason
):
    server.expect_request("/rss/broken").respond_with_data(body, content_type=content_type)
    council.items = [("after", None)]
    db, summary = fetch_news(tmp_path, [f"{council.url}/rss/broken", f"{council.url}/rss/news"])
    assert failures(db) == {f"{council.url}/rss/broken": reason}
    assert [
        row["outcome"] for row in db["fetch_log"].rows_where("url = ?", [f"{council.url}/rss/broken"])
    ] == ["failed"]
    assert set(stored(db)) == {"before", "after"}
    still_there(tmp_path, db, before)


# ------------------------------------------------------------------ 7. no network
def test_an_unreachable_host_is_one_fast_failure_without_retry_noise(tmp_path, council, before, caplog):
    dead = f"127.0.0.1:{closed_port()}"
    council.items = [("after", None)]
    started = time.monotonic()
    with caplog.at_level(logging.DEBUG):
        db, summary = fetch_news(
            tmp_path,
            [f"http://{dead}/rss", f"http://{dead}/rss2", f"{council.url}/rss/news"],
            backoff=1,
            retries=3,
        )
    assert time.monotonic() - started < 3  # backoff 1 s, 3 retries: 7 s if the refused host were retried
    reason = f"cannot reach host {dead}: connection refused"
    assert failures(db) == {f"http://{dead}/rss": reason, f"http://{dead}/rss2": reason}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [reason]
    assert set(stored(db)) == {"before", "after"}
    still_there(tmp_path, db, before)


def test_fetch_with_no_network_says_which_host_it_cannot_reach(tmp_path):
    dead = f"127.0.0.1:{closed_port()}"
    config = tmp_path / "sources.toml"
    config.write_text("[client]\ndelay = 0\nbackoff = 1\nretries = 3\n")
    started = time.monotonic()
    result = CliRunner().invoke(
        cli,
        [
            "fetch",
            "news",
            "--config",
            str(config),
            "--feed",
            f"http://{dead}/rss",
            "--feed",
            f"http://{dead}/other",
            "--db",
            str(tmp_path / "cw.db"),
            "--data-dir",
            str(tmp_path / "data"),
        ],
    )
    assert time.monotonic() - started < 3
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if "cannot reach" in line]
    assert lines == [f"failed: cannot reach host {dead}: connection refused (2 URLs)"], result.stderr
    assert "Retrying" not in result.output and "Traceback" not in result.output


def test_run_with_no_network_says_which_host_it_cannot_reach(tmp_path):
    dead = f"127.0.0.1:{closed_port()}"
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[client]\ndelay = 0\nretries = 3\n\n[ofsted]\nbase_url = "http://{dead}"\n\n'
        f'[[councils]]\nname = "Barnsley"\nfeeds = ["http://{dead}/rss", "http://{dead}/other"]\n'
    )
    result = CliRunner().invoke(
        cli,
        [
            "run",
            "--config",
            str(config),
            "--db",
            str(tmp_path / "cw.db"),
            "--data-dir",
            str(tmp_path / "data"),
        ],
    )
    assert result.exit_code == 1, result.output + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(lines) == 1 and lines[0].startswith(
        f"failed: cannot reach host {dead}: connection refused ("
    ), lines


# ------------------------------------------------------------------ 4. HTML at a report URL
REPORT = "/v1/file/50190643"
SIGN_IN = "<!DOCTYPE html><html><head><title>Please sign in</title></head><body>Please sign in</body></html>"


def fetch_coventry(tmp_path, site):
    config = tmp_path / "sources.toml"
    config.write_text(
        '[client]\ndelay = 0\nbackoff = 0.01\n\n[ofsted]\nreport_types = ["inspection", "focused_visit"]\n'
    )
    db = open_db(tmp_path / "cw.db")
    summary = fetch_configured_sources(
        db,
        tmp_path / "data",
        config,
        sources=["ofsted"],
        delay=0,
        councils=["Coventry"],
        base_urls={"ofsted": site.url()},
    )
    return db, summary


def test_html_at_a_report_url_is_a_failure_and_asked_again_next_run(tmp_path, server):
    site, calls = Mirror(server, "ofsted"), []
    site.robots()
    site.route("/provider/44/80456", "provider-80456.html")
    site.route("/v1/file/50155555", "files/50155555.pdf", content_type="application/pdf", etag=False)
    pdf = (site.root / "files/50190643.pdf").read_bytes()

    def sign_in_then_the_pdf(request):
        calls.append(request.path)
        if len(calls) == 1:
            return Response(SIGN_IN, content_type="text/html")
        return Response(pdf, content_type="application/pdf")

    server.expect_request(REPORT).respond_with_handler(sign_in_then_the_pdf)
    db, summary = fetch_coventry(tmp_path, site)
    assert failures(db) == {
        site.url(REPORT): 'not a PDF: the server answered an HTML page ("Please sign in")'
    }
    assert set(stored(db)) == {"50155555"}
    earlier = stored(db)["50155555"]
    db, summary = fetch_coventry(tmp_path, site)
    assert (
        set(stored(db)) == {"50155555", "50190643"}
        and stored(db)["50190643"]["media_type"] == "application/pdf"
    )
    assert stored(db)["50155555"]["id"] == earlier["id"] and summary["known"] == 1
    assert (site.hits(REPORT), site.hits("/v1/file/50155555")) == (2, 1)  # the stored one is not asked again


def test_a_report_stored_as_html_by_an_older_version_is_asked_again(tmp_path, server):
    """Before report URLs had to answer a PDF, a sign-in page could be stored as the report: such a
    document is not counted as known, and the PDF becomes its new version."""
    from corpus.fetch import Fetcher, Target
    from corpus.http import FetchResult

    site = Mirror(server, "ofsted")
    site.robots()
    site.route("/provider/44/80456", "provider-80456.html")
    for file_id in ("50155555", "50190643"):
        site.route(f"/v1/file/{file_id}", f"files/{file_id}.pdf", content_type="application/pdf", etag=False)
    fetcher = Fetcher(open_db(tmp_path / "cw.db"), tmp_path / "data")
    old = FetchResult(site.url(REPORT), site.url(REPORT), 200, {}, SIGN_IN.encode())
    assert fetcher.keep(Target(site.url(REPORT), "ofsted", "ofsted_report"), old) == "stored"
    db, summary = fetch_coventry(tmp_path, site)
    versions = list(db["documents"].rows_where("url = ?", [site.url(REPORT)], order_by="id"))
    assert [v["media_type"] for v in versions] == ["text/html", "application/pdf"]
    assert versions[1]["version_of"] == versions[0]["id"] and summary["new_version"] == 1


def test_a_host_whose_name_does_not_resolve_is_one_fast_failure(tmp_path, council, before, monkeypatch):
    resolve = socket.getaddrinfo

    def no_such_name(host, *args, **kwargs):
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    council.server.expect_request("/news/moved").respond_with_data(
        "", status=302, headers={"Location": "http://gone.invalid/news"}
    )
    council.items = [("moved", None), ("after", None)]
    db, summary = fetch_news(
        tmp_path, ["http://news.invalid/rss", f"{council.url}/rss/news"], backoff=1, retries=3
    )
    assert failures(db) == {
        "http://news.invalid/rss": "cannot reach host news.invalid: name or service not known",
        f"{council.url}/news/moved": "cannot reach host gone.invalid: name or service not known",
    }
    assert set(stored(db)) == {"before", "after"}
    still_there(tmp_path, db, before)
