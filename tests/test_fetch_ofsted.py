"""`casewatch fetch ofsted` against a small mirror of reports.ofsted.gov.uk on 127.0.0.1.

The mirror: the search listing of local authority children's services (three authorities) -> each
authority's provider page -> its report PDFs on files.ofsted.gov.uk (rebased onto the mirror).
Haringey's page is disallowed by robots.txt; one Croydon report 404s and one will not parse.
"""

import json
import time

import pytest
from click.testing import CliRunner
from fixtures.sites.mirror import Mirror
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from corpus.fetch import fetch_configured_sources
from corpus.store import RawStore
from db.database import open_db
from pipeline.cli import cli

SEARCH = "/search"
FILES = {
    "50190643": "files/50190643.pdf",
    "50155555": "files/50155555.pdf",
    "50263391": "files/50263391.pdf",
    "50200001": "files/50200001.pdf",
}


def serve_ofsted(site):
    site.robots("User-agent: *\nDisallow: /provider/44/80498\n")
    site.route(
        SEARCH,
        "search.html",
        query_string={
            "q": "",
            "location": "",
            "lat": "",
            "lon": "",
            "radius": "",
            "level_1_types": "3",
            "level_2_types[]": "12",
            "start": "0",
            "rows": "100",
        },
    )
    site.route(SEARCH, "search-past-the-end.html")
    for urn in ("80456", "80492", "80498"):
        if urn != "80498":
            site.route(f"/provider/44/{urn}", f"provider-{urn}.html")
    for file_id, name in FILES.items():
        site.route(f"/v1/file/{file_id}", name, content_type="application/pdf", etag=False)
    site.server.expect_request("/v1/file/50299999").respond_with_data("Not found", status=404)


@pytest.fixture
def ofsted(httpserver):
    site = Mirror(httpserver, "ofsted")
    serve_ofsted(site)
    return site


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[client]\ndelay = 0\nbackoff = 0.01\n\n[ofsted]\ndiscover = "search"\n')
    return path


def run_ofsted(tmp_path, site, config, **options):
    db = open_db(tmp_path / "cw.db")
    summary = fetch_configured_sources(
        db,
        tmp_path / "data",
        config,
        sources=["ofsted"],
        delay=0,
        base_urls={"ofsted": site.url()},
        **options,
    )
    return db, summary


def documents(db) -> dict:
    return {row["url"].rsplit("/", 1)[-1]: row for row in db["documents"].rows}


def test_reports_discovered_from_the_listing_are_stored_with_type_date_and_council(tmp_path, ofsted, config):
    db, summary = run_ofsted(tmp_path, ofsted, config)
    docs = documents(db)
    assert set(docs) == {"50190643", "50155555", "50263391"}
    coventry = docs["50190643"]
    assert (
        coventry["source_kind"],
        coventry["report_type"],
        coventry["council_code"],
        coventry["published"],
    ) == ("ofsted_report", "inspection", "331", "2022-08-12")
    assert coventry["title"] == "Coventry City Council: Children's services inspection (2022-08-12)"
    assert "caseloads of around 16 children" in coventry["text"]
    assert coventry["final_url"] == ofsted.url("/v1/file/50190643") and coventry["http_status"] == 200
    assert json.loads(coventry["http_headers"])["content-type"] == "application/pdf"
    assert RawStore(tmp_path / "data").get(coventry["sha256"]).startswith(b"%PDF")
    assert (docs["50155555"]["report_type"], docs["50263391"]["council_code"]) == ("focused_visit", "306")
    assert (summary["stored"], summary["skipped"], summary["failed"]) == (3, 1, 3)


def test_failures_are_logged_and_skipped_and_the_run_goes_on(tmp_path, ofsted, config):
    db, summary = run_ofsted(tmp_path, ofsted, config)
    failed = {row["url"].rsplit("/", 1)[-1]: row for row in db["fetch_log"].rows_where("outcome = 'failed'")}
    assert failed["50299999"]["status"] == 404 and "HTTP 404" in failed["50299999"]["error"]
    assert "broken PDF" in failed["50200001"]["error"] or "PDF" in failed["50200001"]["error"]
    assert "robots.txt" in failed["80498"]["error"]
    assert ofsted.hits("/provider/44/80498") == 0
    assert {f["url"].rsplit("/", 1)[-1] for f in summary["failures"]} == {"50299999", "50200001", "80498"}


def test_a_second_run_fetches_nothing_new(tmp_path, ofsted, config):
    db, _ = run_ofsted(tmp_path, ofsted, config)
    first_run_end = db["fetch_log"].count
    pdf_hits = ofsted.hits("/v1/file/50190643")
    db, summary = run_ofsted(tmp_path, ofsted, config)
    second = list(db["fetch_log"].rows_where("id > ?", [first_run_end]))
    assert summary["stored"] == 0 and db["documents"].count == 3
    pages = [row for row in second if row["outcome"] in ("page", "not_modified")]
    assert pages and all(row["status"] == 304 for row in pages)
    assert summary["known"] == 3 and ofsted.hits("/v1/file/50190643") == pdf_hits
    assert {row["outcome"] for row in second} <= {"not_modified", "failed"}


def test_since_skips_older_reports(tmp_path, ofsted, config):
    db, summary = run_ofsted(tmp_path, ofsted, config, since="2021-01-01")
    assert set(documents(db)) == {"50190643", "50263391"}
    assert ofsted.hits("/v1/file/50155555") == 0


@pytest.mark.parametrize("council", ["Coventry", "331", "Coventry City Council"])
def test_named_council_goes_straight_to_its_provider_page(tmp_path, ofsted, config, council):
    db, summary = run_ofsted(tmp_path, ofsted, config, councils=[council])
    assert ofsted.hits(SEARCH) == 0 and ofsted.hits("/provider/44/80492") == 0
    assert set(documents(db)) == {"50190643", "50155555"}


def test_unknown_council_is_reported(tmp_path, ofsted, config):
    db, summary = run_ofsted(tmp_path, ofsted, config, councils=["Atlantis"])
    assert summary["failed"] == 1 and "gazetteer" in summary["failures"][0]["reason"]


def test_cli_fetch_ofsted_against_a_mirror(tmp_path, ofsted, config):
    result = CliRunner().invoke(
        cli,
        [
            "fetch",
            "ofsted",
            "--config",
            str(config),
            "--base-url",
            ofsted.url(),
            "--db",
            str(tmp_path / "cw.db"),
            "--data-dir",
            str(tmp_path / "data"),
            "--delay",
            "0",
            "--council",
            "Croydon",
        ],
    )
    assert result.exit_code == 1, result.output  # finished, with failed items
    assert "1 stored" in result.output and "2 failed" in result.output
    assert open_db(tmp_path / "cw.db")["documents"].count == 1


@pytest.fixture
def threaded_server():
    """A server that answers other requests while one handler is still sleeping."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_a_timeout_and_a_malformed_page_are_logged_and_skipped(tmp_path, threaded_server, config):
    def too_slow(request):
        time.sleep(1.0)
        return Response(b"%PDF-1.4 late", content_type="application/pdf")

    site = Mirror(threaded_server, "ofsted")
    threaded_server.expect_request("/v1/file/50263391").respond_with_handler(too_slow)
    site.route("/provider/44/80456", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", content_type="text/html")
    serve_ofsted(site)
    config.write_text(config.read_text().replace("[client]\n", "[client]\nread_timeout = 0.3\nretries = 0\n"))
    db, summary = run_ofsted(tmp_path, site, config)
    reasons = {f["url"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failures"]}
    assert reasons["50263391"].startswith("timeout")
    assert "malformed page" in reasons["80456"]
    assert db["fetch_log"].count_where("outcome = 'failed' AND error LIKE 'timeout%'") == 1
    assert set(reasons) == {"50263391", "80456", "50299999", "50200001", "80498"}  # the run went on


def test_a_report_served_without_a_pdf_content_type_is_read_as_a_pdf(tmp_path, httpserver, config):
    """files.ofsted.gov.uk names no extension in its URLs; a server may call the bytes anything: they are a
    PDF."""
    site = Mirror(httpserver, "ofsted")
    site.route("/v1/file/50190643", "files/50190643.pdf", content_type="application/octet-stream", etag=False)
    serve_ofsted(site)
    db, _ = run_ofsted(tmp_path, site, config)
    coventry = documents(db)["50190643"]
    assert json.loads(coventry["http_headers"])["content-type"] == "application/octet-stream"
    assert (coventry["media_type"], coventry["report_type"]) == ("application/pdf", "inspection")
    assert "caseloads of around 16 children" in coventry["text"]
