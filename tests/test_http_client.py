"""The polite HTTP client against a real server on 127.0.0.1: robots.txt, retries, timeouts, limits, 304s."""

import time

import pytest
from werkzeug.wrappers import Response

from corpus.http import ClientSettings, FetchError, HttpCache, PoliteClient, RobotsDisallowed, TooLarge
from corpus.store import RawStore
from db.database import open_db

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def fast_settings(**overrides) -> ClientSettings:
    values = {"delay": 0, "backoff": 0.05, "retries": 2, "read_timeout": 5, **overrides}
    return ClientSettings(**values)


def local_client(server, cache=None, **overrides) -> PoliteClient:
    """A client allowed to reach the test server (127.0.0.1: a host the user named)."""
    return PoliteClient(fast_settings(**overrides), cache=cache, allow=[server.url_for("/")])


@pytest.fixture
def site(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data(ROBOTS, content_type="text/plain")
    return httpserver


def requests_to(server, path) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


def test_user_agent_names_casewatch_and_a_contact(site):
    site.expect_request("/page").respond_with_data("<p>hello</p>", content_type="text/html")
    result = local_client(site).get(site.url_for("/page"))
    assert result.content == b"<p>hello</p>"
    agent = site.log[-1][0].headers["User-Agent"]
    assert agent.startswith("casewatch/") and "+http" in agent


def test_robots_disallow_is_respected_without_requesting_the_page(site):
    site.expect_request("/private/report.pdf").respond_with_data("secret")
    client = local_client(site)
    with pytest.raises(RobotsDisallowed, match="robots.txt"):
        client.get(site.url_for("/private/report.pdf"))
    assert requests_to(site, "/private/report.pdf") == 0
    assert requests_to(site, "/robots.txt") == 1


def test_unreachable_robots_txt_means_disallow(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    httpserver.expect_request("/page").respond_with_data("ok")
    with pytest.raises(RobotsDisallowed, match="unreachable"):
        local_client(httpserver, retries=0).get(httpserver.url_for("/page"))
    assert requests_to(httpserver, "/page") == 0


def test_missing_robots_txt_allows_everything(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("not found", status=404)
    httpserver.expect_request("/page").respond_with_data("ok")
    assert local_client(httpserver).get(httpserver.url_for("/page")).content == b"ok"


@pytest.mark.parametrize(
    "first",
    [
        {"status": 429, "headers": {"Retry-After": "1"}},
        {"status": 500},
        {"status": 503, "headers": {"Retry-After": "0"}},
    ],
)
def test_retried_after_429_or_5xx(site, first):
    site.expect_oneshot_request("/flaky").respond_with_data("busy", **first)
    site.expect_oneshot_request("/flaky").respond_with_data("fine now")
    result = local_client(site).get(site.url_for("/flaky"))
    assert (result.status, result.content) == (200, b"fine now")
    assert requests_to(site, "/flaky") == 2


def test_retry_after_is_waited_for(site):
    seen = []

    def busy_then_fine(request):
        seen.append(time.monotonic())
        if len(seen) == 1:
            return Response("wait", status=429, headers={"Retry-After": "1"})
        return Response("ok")

    site.expect_request("/slowdown").respond_with_handler(busy_then_fine)
    local_client(site).get(site.url_for("/slowdown"))
    assert len(seen) == 2 and seen[1] - seen[0] >= 0.9  # the server saw us come back no sooner than asked


def test_gives_up_after_the_retries_and_reports_the_status(site):
    site.expect_request("/broken").respond_with_data("oops", status=500)
    with pytest.raises(FetchError) as caught:
        local_client(site, retries=2).get(site.url_for("/broken"))
    assert caught.value.status == 500
    assert requests_to(site, "/broken") == 3


def test_404_is_not_retried(site):
    site.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        local_client(site).get(site.url_for("/gone"))
    assert requests_to(site, "/gone") == 1


def test_timeout_is_reported(site):
    def slow(request):
        time.sleep(1.0)
        return Response("too late")

    site.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match="timeout"):
        local_client(site, read_timeout=0.2, retries=0).get(site.url_for("/slow"))


def streamed(size):
    def handler(request):
        return Response((b"x" * 1000 for _ in range(size // 1000)), content_type="application/pdf")

    return handler


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_oversized_response_is_refused(site, declared):
    if declared:
        site.expect_request("/big.pdf").respond_with_data(b"x" * 5000, content_type="application/pdf")
    else:
        site.expect_request("/big.pdf").respond_with_handler(streamed(5000))
    with pytest.raises(TooLarge, match="limit"):
        local_client(site, max_bytes=2000).get(site.url_for("/big.pdf"))


def test_redirect_followed_and_final_url_kept(site):
    site.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    site.expect_request("/new").respond_with_data("moved here")
    result = local_client(site).get(site.url_for("/old"))
    assert result.final_url == site.url_for("/new") and result.content == b"moved here"


@pytest.mark.parametrize("target", ["ftp://example.org/file.pdf", "file:///etc/passwd"])
def test_redirect_to_other_schemes_refused(site, target):
    site.expect_request("/sneaky").respond_with_data("", status=302, headers={"Location": target})
    with pytest.raises(FetchError, match="non-http"):
        local_client(site).get(site.url_for("/sneaky"))


def test_redirect_into_a_disallowed_path_is_refused(site):
    site.expect_request("/public").respond_with_data("", status=302, headers={"Location": "/private/x"})
    with pytest.raises(RobotsDisallowed):
        local_client(site).get(site.url_for("/public"))
    assert requests_to(site, "/private/x") == 0


def conditional_page(request):
    if request.headers.get("If-None-Match") == '"v1"':
        return Response(status=304, headers={"ETag": '"v1"'})
    return Response("<h1>Committee list</h1>", content_type="text/html", headers={"ETag": '"v1"'})


def test_conditional_get_turns_a_second_fetch_into_a_304(site, tmp_path):
    site.expect_request("/committees").respond_with_handler(conditional_page)
    db = open_db(tmp_path / "cw.db")
    client = local_client(site, cache=HttpCache(db, RawStore(tmp_path)))
    first = client.get(site.url_for("/committees"))
    second = client.get(site.url_for("/committees"))
    assert (first.status, first.not_modified) == (200, False)
    assert (second.status, second.not_modified) == (304, True)
    assert second.content == first.content
    assert site.log[-1][0].headers["If-None-Match"] == '"v1"'


def test_last_modified_is_sent_back(site, tmp_path):
    stamp = "Wed, 01 May 2024 10:00:00 GMT"

    def page(request):
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response("news", headers={"Last-Modified": stamp})

    site.expect_request("/news").respond_with_handler(page)
    db = open_db(tmp_path / "cw.db")
    client = local_client(site, cache=HttpCache(db, RawStore(tmp_path)))
    client.get(site.url_for("/news"))
    assert client.get(site.url_for("/news")).not_modified


def test_crawl_delay_from_robots_txt_lengthens_the_pause(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 7\n")
    client = local_client(httpserver, delay=1)
    assert client.allowed(httpserver.url_for("/a"))
    assert client._delay_for(httpserver.url_for("/b")) == 7
