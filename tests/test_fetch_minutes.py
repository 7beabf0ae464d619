"""`casewatch fetch minutes` against a ModernGov site served on 127.0.0.1.

The site (Kirklees-style): four committees, of which the Children and Young People Scrutiny Board has two
meetings: 12 March 2024 with its minutes published (inline and as printed minutes) and an item report,
9 January 2024 with an agenda only, one report linked from the agenda and one only from its agenda item's
page (mgAi.aspx). The Corporate Parenting Board met in 2022.
"""

import pytest
from click.testing import CliRunner
from fixtures.sites.make_pdfs import PDFS, minimal_pdf
from fixtures.sites.mirror import Mirror

from corpus.fetch import Fetcher, client_settings, fetch_configured_sources, load_config
from corpus.sources import moderngov as source
from db.database import open_db
from pipeline.cli import cli

SITE = "https://democracy.kirklees.gov.uk"
MINUTES_PDF = (
    "/documents/g5101/Printed minutes 12th-Mar-2024 18.30 Children and Young People Scrutiny Board.pdf"
)
WORKFORCE_PDF = "/documents/s20431/Social Care Workforce Update.pdf"
PARENTING_PDF = "/documents/s20987/Corporate Parenting Annual Report.pdf"
EARLY_HELP_PDF = "/documents/s20990/Early Help Strategy 2024-2027.pdf"


def meeting_query(cid, mid):
    return {"CId": str(cid), "MId": str(mid), "Ver": "4"}


def serve_site(site):
    site.robots("User-agent: *\nDisallow: /mgMeetingAttendance.aspx\n")
    site.route("/mgListCommittees.aspx", "mgListCommittees.aspx.html")
    for cid in (148, 160):
        site.route(
            "/ieListMeetings.aspx", f"ieListMeetings-{cid}.html", query_string={"CId": str(cid), "Year": "0"}
        )
    for cid, mid in ((148, 5101), (148, 5050), (160, 4400)):
        site.route(
            "/ieListDocuments.aspx", f"ieListDocuments-{mid}.html", query_string=meeting_query(cid, mid)
        )
    site.route("/mgAi.aspx", "mgAi-29945.html", query_string={"ID": "29945"})
    for path in (MINUTES_PDF, WORKFORCE_PDF, PARENTING_PDF, EARLY_HELP_PDF):
        site.route(path, path.lstrip("/"), content_type="application/pdf")


@pytest.fixture
def moderngov(httpserver):
    site = Mirror(httpserver, "moderngov")
    serve_site(site)
    return site


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[client]\ndelay = 0\nbackoff = 0.01\n\n[minutes]\ncommittee_keywords = ["children", '
        f'"corporate parenting"]\n\n[[councils]]\nname = "Kirklees"\nmoderngov = "{SITE}"\n'
    )
    return path


def run_minutes(tmp_path, site, config, **options):
    db = open_db(tmp_path / "cw.db")
    summary = fetch_configured_sources(
        db,
        tmp_path / "data",
        config,
        sources=["minutes"],
        delay=0,
        base_urls={"minutes": site.url()},
        **options,
    )
    return db, summary


def by_title(db) -> dict:
    return {row["title"]: row for row in db["documents"].rows}


def test_minutes_and_reports_of_childrens_committees_are_stored(tmp_path, moderngov, config):
    db, summary = run_minutes(tmp_path, moderngov, config)
    docs = by_title(db)
    board = "Children and Young People Scrutiny Board"
    assert set(docs) == {
        f"{board}, 2024-03-12: agenda and minutes",
        f"{board}, 2024-03-12: Printed minutes",
        f"{board}, 2024-03-12: Social Care Workforce Update",
        f"{board}, 2024-01-09: Corporate Parenting Annual Report",
        f"{board}, 2024-01-09: Early Help Strategy 2024-2027",
    }
    page = docs[f"{board}, 2024-03-12: agenda and minutes"]
    assert (page["media_type"], page["report_type"], page["source_kind"]) == (
        "text/html",
        "minutes",
        "council_minutes",
    )
    assert "the average caseload of a children's social worker had fallen to 17" in page["text"]
    assert page["council_code"] == "382" and page["published"] == "2024-03-12"
    printed = docs[f"{board}, 2024-03-12: Printed minutes"]
    assert printed["report_type"] == "minutes" and "average caseloads had fallen to 17" in printed["text"]
    assert docs[f"{board}, 2024-03-12: Social Care Workforce Update"]["report_type"] == "report"
    assert summary["failed"] == 0


def test_other_committees_and_word_documents_are_not_fetched(tmp_path, moderngov, config):
    run_minutes(tmp_path, moderngov, config)
    assert moderngov.hits("/mgAi.aspx") == 1  # only the item whose row lists no document
    requested = {
        request.query_string.decode()
        for request, _ in moderngov.server.log
        if request.path == "/ieListMeetings.aspx"
    }
    assert requested == {"CId=148&Year=0", "CId=160&Year=0"}
    assert not any(request.path.endswith(".docx") for request, _ in moderngov.server.log)


def test_a_second_run_fetches_nothing_new(tmp_path, moderngov, config):
    db, _ = run_minutes(tmp_path, moderngov, config)
    first_run_end = db["fetch_log"].count
    db, summary = run_minutes(tmp_path, moderngov, config)
    second = list(db["fetch_log"].rows_where("id > ?", [first_run_end]))
    assert summary["stored"] == 0 and db["documents"].count == 5
    assert second and {row["status"] for row in second} == {304}
    assert {row["outcome"] for row in second} == {"not_modified"}


@pytest.mark.parametrize(
    "committee, expected",
    [
        ("Scrutiny", {"CId=148&Year=0"}),
        ("corporate parenting", {"CId=160&Year=0"}),
    ],
)
def test_committee_option_picks_committees_by_name(tmp_path, moderngov, config, committee, expected):
    cfg = load_config(config)
    fetcher = Fetcher(open_db(tmp_path / "cw.db"), tmp_path / "data", client_settings(cfg, 0))
    source.run(fetcher, cfg, sites=[SITE], committees=[committee], base_url=moderngov.url())
    requested = {
        request.query_string.decode()
        for request, _ in moderngov.server.log
        if request.path == "/ieListMeetings.aspx"
    }
    assert requested == expected


def test_since_skips_older_meetings(tmp_path, moderngov, config):
    db, summary = run_minutes(tmp_path, moderngov, config, since="2024-02-01")
    assert {row["published"] for row in db["documents"].rows} == {"2024-03-12"}
    assert moderngov.hits(PARENTING_PDF) == 0


def test_revised_minutes_become_a_new_version(tmp_path, httpserver, moderngov, config):
    db, _ = run_minutes(tmp_path, moderngov, config)
    httpserver.clear()
    revised = PDFS["moderngov" + MINUTES_PDF] + ["Minute 5 was corrected at the following meeting."]
    moderngov.route(MINUTES_PDF, body=minimal_pdf(revised), content_type="application/pdf")  # answers first
    serve_site(moderngov)
    db, summary = run_minutes(tmp_path, moderngov, config)
    versions = list(
        db["documents"].rows_where("url = ?", [moderngov.url(MINUTES_PDF).replace(" ", "%20")], order_by="id")
    )
    assert summary["new_version"] == 1 and summary["stored"] == 0
    assert [v["version_of"] for v in versions] == [None, versions[0]["id"]]
    assert "corrected at the following meeting" in versions[1]["text"]


def test_cli_fetch_minutes_for_one_site(tmp_path, moderngov, config):
    result = CliRunner().invoke(
        cli,
        [
            "fetch",
            "minutes",
            "--site",
            SITE,
            "--committee",
            "Scrutiny Board",
            "--base-url",
            moderngov.url(),
            "--config",
            str(config),
            "--delay",
            "0",
            "--db",
            str(tmp_path / "cw.db"),
            "--data-dir",
            str(tmp_path / "data"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "minutes: 5 stored" in result.output and "0 failed" in result.output
    codes = {row["council_code"] for row in open_db(tmp_path / "cw.db")["documents"].rows}
    assert codes == {"382"}


def test_the_shipped_source_list_names_real_councils_and_their_sites():
    config = load_config()
    entries = config["councils"]
    with_sites = [entry for entry in entries if entry.get("moderngov", "").startswith("https://")]
    assert len(with_sites) >= 10
    resolved = {source.council_code(entry["name"]) for entry in entries}
    assert None not in resolved and resolved == {entry["code"] for entry in entries}
    assert config["minutes"]["committee_keywords"] and config["news"]["keywords"]
    assert all(entry.get("feeds") or entry.get("moderngov") for entry in entries)
