"""Exit codes cron and CI can rely on: 0 when everything asked for was done, 1 when the run finished but some
items failed (each named on stderr, the others stored), 2 when it could not run (usage, configuration).

Files are real files, URLs are served by a real local server (pytest-httpserver), the database is real.
"""

import logging

import pytest
from click.testing import CliRunner

from corpus.ingest import ingest_paths
from db.database import open_db
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli

GOOD_TEXT = (
    "Barnsley Council said average caseloads for its children's social workers had fallen to 17 in "
    "January 2024, from 22 a year earlier.\n"
)
BROKEN_PDF = b"%PDF-1.4\n1 0 obj <<>> this is not a PDF at all\n"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Barnsley Council news</title><link>{url}/news</link>
<item><title>Council recruits 30 social workers as caseloads fall</title><link>{url}/news/recruits</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 GMT</pubDate><description>More social workers.</description></item>
<item><title>Agency social workers cut by a third</title><link>{url}/news/agency</link>
<pubDate>Mon, 12 Feb 2024 09:00:00 GMT</pubDate><description>Fewer agency social workers.</description></item>
</channel></rss>"""
ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>Barnsley Council said average caseloads for its children's social workers had fallen to 17 in
January 2024, from 22 a year earlier.</p><p>{title}: the council's cabinet heard the news on Tuesday.</p>
</article></body></html>"""
SOURCES = """[client]
delay = 0
backoff = 0.01
retries = 0

[ofsted]
base_url = "{url}"

[news]
keywords = ["social workers"]

[[councils]]
name = "Barnsley"
feeds = ["{url}/rss/news"]
"""


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write_files(folder, broken: bool):
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "also-good.txt").write_text(GOOD_TEXT.replace("Barnsley", "Leeds"), encoding="utf-8")
    if broken:
        (folder / "broken.pdf").write_bytes(BROKEN_PDF)
    return folder


def serve_news(httpserver, missing: bool) -> str:
    """A council feed of two articles on 127.0.0.1; with ``missing``, the second answers 404."""
    url = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/search").respond_with_data(
        "<html><body><p>No results</p></body></html>", content_type="text/html"
    )  # Ofsted: no authorities
    httpserver.expect_request("/rss/news").respond_with_data(
        RSS.format(url=url), content_type="application/rss+xml"
    )
    httpserver.expect_request("/news/recruits").respond_with_data(
        ARTICLE.format(title="Council recruits 30 social workers"), content_type="text/html"
    )
    if missing:
        httpserver.expect_request("/news/agency").respond_with_data("Not found", status=404)
    else:
        httpserver.expect_request("/news/agency").respond_with_data(
            ARTICLE.format(title="Agency social workers cut"), content_type="text/html"
        )
    return url


def write_config(tmp_path, url):
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES.format(url=url), encoding="utf-8")
    return path


def stored_names(db_path) -> set:
    return {(row["url"] or row["path"]).rsplit("/", 1)[-1] for row in open_db(db_path)["documents"].rows}


@pytest.mark.parametrize("broken,expected", [(False, 0), (True, 1)], ids=["all-good", "one-broken"])
def test_ingest(tmp_path, broken, expected):
    db_path = tmp_path / "cw.db"
    result = invoke(
        "ingest", write_files(tmp_path / "docs", broken), "--db", db_path, "--data-dir", tmp_path / "data"
    )
    assert result.exit_code == expected, result.output + result.stderr
    assert stored_names(db_path) == {"good.txt", "also-good.txt"}
    assert ("broken.pdf" in result.stderr) == broken and result.stderr.count("error:") == int(broken)


@pytest.mark.parametrize("missing,expected", [(False, 0), (True, 1)], ids=["all-good", "one-404"])
def test_fetch(tmp_path, httpserver, missing, expected):
    db_path = tmp_path / "cw.db"
    config = write_config(tmp_path, serve_news(httpserver, missing))
    result = invoke(
        "fetch", "news", "--config", config, "--db", db_path, "--data-dir", tmp_path / "data", "--delay", "0"
    )
    assert result.exit_code == expected, result.output + result.stderr
    assert stored_names(db_path) == ({"recruits"} if missing else {"recruits", "agency"})
    assert result.stderr.count("failed: " + httpserver.url_for("/news/agency")) == int(missing)


@pytest.mark.parametrize(
    "missing,broken,expected",
    [(False, False, 0), (True, False, 1), (False, True, 1)],
    ids=["all-good", "one-404", "one-broken-file"],
)
def test_run(tmp_path, httpserver, missing, broken, expected):
    db_path = tmp_path / "cw.db"
    config = write_config(tmp_path, serve_news(httpserver, missing))
    result = invoke(
        "run",
        write_files(tmp_path / "docs", broken),
        "--config",
        config,
        "--db",
        db_path,
        "--data-dir",
        tmp_path / "data",
    )
    assert result.exit_code == expected, result.output + result.stderr
    fetched = {"recruits"} if missing else {"recruits", "agency"}
    assert stored_names(db_path) == fetched | {"good.txt", "also-good.txt"}
    assert result.stderr.count("failed: ") == int(missing) and result.stderr.count("error: ") == int(broken)
    db = open_db(db_path)
    assert [d["extracted_version"] is not None for d in db["documents"].rows] == [True] * db[
        "documents"
    ].count


def fail_on_leeds(text, **context):
    """An extract function that fails on the documents about Leeds, as a buggy extractor would."""
    if "Leeds" in text:
        raise ValueError("cannot read Leeds")
    return {"councils": [], **{kind: [] for kind in KIND_NAMES}}


@pytest.mark.parametrize(
    "extractor,expected", [(None, 0), ("test_exit_codes:fail_on_leeds", 1)], ids=["all-good", "one-failing"]
)
def test_extract(tmp_path, extractor, expected):
    db_path = tmp_path / "cw.db"
    ingest_paths(open_db(db_path), tmp_path / "data", [write_files(tmp_path / "docs", broken=False)])
    result = invoke("extract", "--db", db_path, *(["--extractor", extractor] if extractor else []))
    assert result.exit_code == expected, result.output + result.stderr
    run = open_db(db_path)["extraction_runs"].get(1)
    assert (run["status"], run["documents_processed"], run["errors"]) == ("complete", 2 - expected, expected)


@pytest.mark.parametrize("command", [["fetch", "news"], ["run"]])
def test_a_config_that_cannot_be_read_is_a_usage_error(tmp_path, command):
    config = tmp_path / "sources.toml"
    config.write_text("[client\ndelay = 0\n", encoding="utf-8")
    db_path = tmp_path / "cw.db"
    result = invoke(*command, "--config", config, "--db", db_path, "--data-dir", tmp_path / "data")
    assert result.exit_code == 2, result.output + result.stderr
    assert f"cannot read {config}" in result.stderr and "Traceback" not in result.stderr


def test_quiet_extract_still_names_each_failed_document(tmp_path, caplog):
    """--quiet drops progress and log lines, not errors: a document the extractors failed on is logged at the
    level --quiet keeps."""
    db_path = tmp_path / "cw.db"
    ingest_paths(open_db(db_path), tmp_path / "data", [write_files(tmp_path / "docs", broken=False)])
    result = invoke("--quiet", "extract", "--db", db_path, "--extractor", "test_exit_codes:fail_on_leeds")
    assert result.exit_code == 1
    failed = [
        r for r in caplog.records if "extraction failed: ValueError: cannot read Leeds" in r.getMessage()
    ]
    assert [r.levelno for r in failed] == [logging.ERROR]
