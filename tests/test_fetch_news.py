"""`casewatch fetch news` against council feeds and pages served on 127.0.0.1.

Swindon's RSS feed has two relevant articles, one off-topic item and one relevant item whose page is gone
(404); Leeds has an Atom feed; Rochdale has no feed, only a listing page. The real sites' hosts in the
fixtures are rewritten onto the test server (--base-url).
"""

import pytest
from click.testing import CliRunner
from fixtures.sites.mirror import Mirror

from corpus.fetch import Fetcher, client_settings, fetch_configured_sources, load_config
from corpus.sources import news
from db.database import open_db
from pipeline.cli import cli

ARTICLES = "/news/article/"
RECRUITS = ARTICLES + "1401/council_recruits_40_new_social_workers_as_caseloads_fall"
BINS = ARTICLES + "1400/bin_collections_over_the_bank_holiday_weekend"
FOSTERING = ARTICLES + "1388/extra_2m_to_support_foster_carers"
CARE_LEAVERS = ARTICLES + "1290/ofsted_praises_help_for_care_leavers"

CONFIG = """
[client]
delay = 0
backoff = 0.01

[news]
keywords = {keywords}

[[councils]]
name = "Swindon"
feeds = ["https://www.swindon.gov.uk/rss/news"]

[[councils]]
name = "Rochdale"
news_listing = {{ url = "https://www.rochdale.gov.uk/news", link_selector = "a.news-list__link" }}
"""
KEYWORDS = '["social workers", "foster carers", "care leavers", "family hubs"]'


def serve_councils(site):
    site.robots()
    site.route("/rss/news", "swindon-rss.xml", content_type="application/rss+xml")
    site.route(RECRUITS, "article-1401.html")
    site.route(BINS, body="<html><body><p>Bins</p></body></html>")
    site.route(CARE_LEAVERS, "article-1290.html")
    site.route("/news", "rochdale-listing.html")
    site.route(ARTICLES + "2051/new-family-hubs-open-across-the-borough", "rochdale-family-hubs.html")
    site.server.expect_request(FOSTERING).respond_with_data("Not found", status=404)


@pytest.fixture
def council_site(httpserver):
    site = Mirror(httpserver, "news")
    serve_councils(site)
    return site


def write_config(tmp_path, keywords=KEYWORDS):
    path = tmp_path / "sources.toml"
    path.write_text(CONFIG.format(keywords=keywords))
    return path


def run_news(tmp_path, site, config, **options):
    db = open_db(tmp_path / "cw.db")
    summary = fetch_configured_sources(
        db, tmp_path / "data", config, sources=["news"], delay=0, base_urls={"news": site.url()}, **options
    )
    return db, summary


def stored(db) -> dict:
    return {row["url"].split("/")[-1]: row for row in db["documents"].rows}


def test_relevant_articles_stored_with_main_text_date_and_council(tmp_path, council_site):
    db, summary = run_news(tmp_path, council_site, write_config(tmp_path))
    docs = stored(db)
    assert set(docs) == {
        RECRUITS.split("/")[-1],
        CARE_LEAVERS.split("/")[-1],
        "new-family-hubs-open-across-the-borough",
    }
    recruits = docs[RECRUITS.split("/")[-1]]
    assert (recruits["source_kind"], recruits["council_code"], recruits["published"]) == (
        "news",
        "866",
        "2024-05-14",
    )
    assert recruits["title"] == "Council recruits 40 new social workers as caseloads fall"
    assert "fallen from 21 children last summer to 17 children now" in recruits["text"]
    for boilerplate in ("cookies", "Council Tax payments", "Accessibility statement", "Related news"):
        assert boilerplate not in recruits["text"]
    assert docs["new-family-hubs-open-across-the-borough"]["council_code"] == "354"


def test_date_falls_back_on_the_feed_when_the_page_has_none(tmp_path, council_site):
    db, _ = run_news(tmp_path, council_site, write_config(tmp_path))
    assert stored(db)[CARE_LEAVERS.split("/")[-1]]["published"] == "2022-09-12"


def test_off_topic_items_are_not_downloaded_and_a_missing_page_is_logged(tmp_path, council_site):
    db, summary = run_news(tmp_path, council_site, write_config(tmp_path))
    assert council_site.hits(BINS) == 0 and council_site.hits(ARTICLES + "2050/town-hall-clock-restored") == 0
    assert summary["skipped"] == 2
    assert [f["url"] for f in summary["failures"]] == [council_site.url(FOSTERING)]
    (row,) = db["fetch_log"].rows_where("outcome = 'failed'")
    assert row["status"] == 404 and row["source"] == "news"


def test_the_keyword_list_is_the_users_to_change(tmp_path, council_site):
    db, summary = run_news(tmp_path, council_site, write_config(tmp_path, '["bank holiday"]'))
    assert set(stored(db)) == {BINS.split("/")[-1]}


def test_since_skips_older_articles(tmp_path, council_site):
    db, _ = run_news(tmp_path, council_site, write_config(tmp_path), since="2023-01-01")
    assert CARE_LEAVERS.split("/")[-1] not in stored(db) and council_site.hits(CARE_LEAVERS) == 0


def test_a_second_run_fetches_nothing_new(tmp_path, council_site):
    config = write_config(tmp_path)
    db, _ = run_news(tmp_path, council_site, config)
    first_run_end = db["fetch_log"].count
    db, summary = run_news(tmp_path, council_site, config)
    second = list(db["fetch_log"].rows_where("id > ?", [first_run_end]))
    assert summary["stored"] == 0 and summary["new_version"] == 0 and db["documents"].count == 3
    assert {row["status"] for row in second if row["outcome"] != "failed"} == {304}
    assert {row["outcome"] for row in second} == {"not_modified", "failed"}


def test_a_changed_article_is_stored_as_a_new_version(tmp_path, httpserver, council_site):
    config = write_config(tmp_path)
    db, _ = run_news(tmp_path, council_site, config)
    httpserver.clear()
    corrected = (
        (council_site.root / "article-1401.html")
        .read_text()
        .replace("from 23% two years ago", "from 25% two years ago")
    )
    council_site.route(RECRUITS, body=corrected)  # registered first, so it wins over the original
    serve_councils(council_site)
    db, summary = run_news(tmp_path, council_site, config, councils=["Swindon"])
    versions = list(db["documents"].rows_where("url = ?", [council_site.url(RECRUITS)], order_by="id"))
    assert summary["new_version"] == 1 and len(versions) == 2
    assert versions[1]["version_of"] == versions[0]["id"] and "from 25% two years ago" in versions[1]["text"]


def test_malformed_feed_is_logged(tmp_path, httpserver):
    site = Mirror(httpserver, "news")
    site.robots()
    site.route("/rss/news", body=b"\x00\x01 this is not a feed", content_type="application/rss+xml")
    db, summary = run_news(tmp_path, site, write_config(tmp_path), councils=["Swindon"])
    assert summary["failed"] == 1 and "not a feed: malformed" in summary["failures"][0]["reason"]


def test_cli_reads_an_atom_feed_given_on_the_command_line(tmp_path, httpserver):
    site = Mirror(httpserver, "news")
    site.robots()
    site.route("/feed.atom", "leeds-atom.xml", content_type="application/atom+xml")
    site.route("/news/leeds-childrens-services-rated-outstanding-again", "leeds-outstanding.html")
    result = CliRunner().invoke(
        cli,
        [
            "fetch",
            "news",
            "--feed",
            "https://news.leeds.gov.uk/feed.atom",
            "--council",
            "Leeds",
            "--base-url",
            site.url(),
            "--config",
            str(write_config(tmp_path, '["outstanding"]')),
            "--db",
            str(tmp_path / "cw.db"),
            "--data-dir",
            str(tmp_path / "data"),
            "--delay",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "news: 1 stored" in result.output
    (doc,) = open_db(tmp_path / "cw.db")["documents"].rows
    assert (doc["council_code"], doc["published"]) == ("383", "2024-03-01")
    assert site.hits("/news/road-closures-for-the-half-marathon") == 0


def test_feed_url_names_its_council_by_domain(tmp_path, httpserver):
    site = Mirror(httpserver, "news")
    site.robots()
    site.route("/feed.atom", "leeds-atom.xml", content_type="application/atom+xml")
    site.route("/news/leeds-childrens-services-rated-outstanding-again", "leeds-outstanding.html")
    db = open_db(tmp_path / "cw.db")
    config = load_config(write_config(tmp_path, '["outstanding"]'))
    fetcher = Fetcher(db, tmp_path / "data", client_settings(config, 0))
    news.run(fetcher, config, feeds=["https://news.leeds.gov.uk/feed.atom"], base_url=site.url())
    assert [row["council_code"] for row in db["documents"].rows] == ["383"]
