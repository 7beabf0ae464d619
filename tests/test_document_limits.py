"""Hostile documents are refused early, in words, and logged against the document: an encrypted PDF, a PDF of
more pages than ``[limits] pdf_pages`` (default 2,000), HTML of more markup than ``[limits] html_megabytes``
(default 10 MB). What was stored before stays; normal documents are read as before."""

import io

import pytest
from click.testing import CliRunner
from fixtures.sites.mirror import Mirror
from test_ingest import ARTICLE, minimal_pdf
from test_pdf_text import make_pdf

import corpus.text
from corpus.fetch import Fetcher, client_settings, load_config
from corpus.ingest import ingest_paths
from corpus.sources import news
from corpus.text import LIMITS, DocumentError, configure_limits, extract_text
from db.database import open_db
from pipeline.cli import cli

REPORT_LINE = "Inspection of Anytown local authority children's services"


@pytest.fixture(autouse=True)
def default_limits():
    configure_limits({})
    yield
    configure_limits({})


@pytest.fixture
def db_with_a_document(tmp_path):
    """A database already holding one document, which nothing below may lose."""
    (tmp_path / "kept.txt").write_text("Caseloads in Wigan fell to 18.\n", encoding="utf-8")
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [tmp_path / "kept.txt"])
    return db, list(db["documents"].rows)


def ingest(tmp_path, *paths, limits: str | None = None):
    options = []
    if limits is not None:
        (tmp_path / "sources.toml").write_text(f"[limits]\n{limits}\n")
        options = ["--config", str(tmp_path / "sources.toml")]
    return CliRunner().invoke(
        cli,
        [
            "ingest",
            *map(str, paths),
            *options,
            "--db",
            str(tmp_path / "cw.db"),
            "--data-dir",
            str(tmp_path / "data"),
        ],
    )


def assert_only_refused(db, before, path, reason):
    assert [(row["source"], row["reason"]) for row in db["ingest_errors"].rows] == [(str(path), reason)]
    assert list(db["documents"].rows) == before


def encrypted(data: bytes, user_password: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ------------------------------------------------------------------ encrypted PDF
def test_an_encrypted_pdf_is_refused_in_words(tmp_path, db_with_a_document):
    db, before = db_with_a_document
    path = tmp_path / "report.pdf"
    path.write_bytes(encrypted(make_pdf([[REPORT_LINE]]), user_password="secret"))
    result = ingest(tmp_path, path)
    assert "encrypted PDF: cannot read without a password" in result.output
    assert_only_refused(db, before, path, "encrypted PDF: cannot read without a password")


def test_a_pdf_encrypted_only_against_changes_is_read():
    data = encrypted(make_pdf([[REPORT_LINE]]), user_password="")
    assert extract_text(data, "application/pdf").text.strip() == REPORT_LINE


# ------------------------------------------------------------------ PDF pages
def test_a_pdf_claiming_80000_pages_is_refused_before_any_page_is_read(monkeypatch):
    monkeypatch.setattr(corpus.text, "page_text", lambda pdf, index: pytest.fail("a page was read"))
    data = minimal_pdf(REPORT_LINE).replace(b"/Count 1", b"/Count 80000")
    with pytest.raises(DocumentError) as refused:
        extract_text(data, "application/pdf")
    assert str(refused.value) == "PDF has 80,000 pages, over the limit of 2,000"


@pytest.mark.parametrize("limit,stored", [(3, False), (5, True)])
def test_the_page_limit_is_the_config_files(tmp_path, db_with_a_document, limit, stored):
    db, before = db_with_a_document
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([[f"{REPORT_LINE}, page {n}."] for n in range(5)]))
    result = ingest(tmp_path, path, limits=f"pdf_pages = {limit}")
    if stored:
        assert "1 stored" in result.output
        assert [row["path"] for row in db["documents"].rows] == [before[0]["path"], str(path)]
    else:
        assert "PDF has 5 pages, over the limit of 3" in result.output
        assert_only_refused(db, before, path, "PDF has 5 pages, over the limit of 3")


# ------------------------------------------------------------------ HTML size
def test_html_over_the_default_limit_is_refused_before_it_is_parsed(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: pytest.fail("the page was parsed"))
    data = b"<html><body>" + b"<p>Caseloads in Wigan fell to 18.</p>\n" * 300_000 + b"</body></html>"
    assert len(data) > 10 * 1024 * 1024
    with pytest.raises(DocumentError) as refused:
        extract_text(data, "text/html")
    assert str(refused.value) == "HTML page of 10.9 MB, over the limit of 10 MB"


def test_html_of_normal_size_is_read_as_before():
    assert "average caseload fall to 17 children" in extract_text(ARTICLE.encode(), "text/html").text
    assert LIMITS.html_megabytes == 10 and LIMITS.pdf_pages == 2000


def test_the_html_limit_is_the_config_files(tmp_path, db_with_a_document):
    db, before = db_with_a_document
    path = tmp_path / "article.html"
    path.write_text(ARTICLE, encoding="utf-8")
    result = ingest(tmp_path, path, limits="html_megabytes = 0.0004")
    reason = "HTML page of 0.000503 MB, over the limit of 0.0004 MB"
    assert reason in result.output
    assert_only_refused(db, before, path, reason)


def test_a_fetched_page_over_the_limit_is_a_logged_failure(tmp_path, httpserver, db_with_a_document):
    db, before = db_with_a_document
    site = Mirror(httpserver, "news")
    site.robots()
    site.route("/feed.atom", "leeds-atom.xml", content_type="application/atom+xml")
    site.route("/news/leeds-childrens-services-rated-outstanding-again", "leeds-outstanding.html")
    (tmp_path / "sources.toml").write_text(
        '[client]\ndelay = 0\n\n[news]\nkeywords = ["outstanding"]\n\n[limits]\nhtml_megabytes = 0.0005\n'
    )
    config = load_config(tmp_path / "sources.toml")
    fetcher = Fetcher(db, tmp_path / "data", client_settings(config, 0))
    news.run(fetcher, config, feeds=["https://news.leeds.gov.uk/feed.atom"], base_url=site.url())
    (failure,) = fetcher.summary.failures
    assert "over the limit of 0.0005 MB" in failure[1]
    logged = list(db.query("SELECT outcome, error FROM fetch_log WHERE url LIKE '%rated-outstanding-again'"))
    assert [row["outcome"] for row in logged] == ["failed"] and "over the limit" in logged[0]["error"]
    assert list(db["documents"].rows) == before


# ------------------------------------------------------------------ the [limits] section
@pytest.mark.parametrize(
    "limits,message",
    [
        ("pdf_page = 10", "unknown setting in [limits]: pdf_page (known: pdf_pages, html_megabytes)"),
        ("pdf_pages = -1", "[limits] pdf_pages must be a positive number, not -1"),
        ('html_megabytes = "big"', "[limits] html_megabytes must be a positive number, not 'big'"),
    ],
)
def test_a_wrong_limit_is_refused_in_words(tmp_path, limits, message):
    (tmp_path / "a.txt").write_text("Caseloads in Wigan fell to 18.\n", encoding="utf-8")
    result = ingest(tmp_path, tmp_path / "a.txt", limits=limits)
    assert result.exit_code == 2
    assert message in result.output
