"""`casewatch ingest`: raw bytes stored once by hash, text recorded, bad files reported and skipped."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.ingest import ingest_paths
from corpus.store import RawStore, sha256_of
from corpus.text import DocumentError, extract_text, sniff_media_type
from db.database import open_db
from pipeline.cli import cli
from pipeline.extract import run_extraction

ARTICLE = """<html><head><title>Caseloads fall in Anytown</title>
<meta property="article:published_time" content="2023-03-01T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Caseloads fall in Anytown</h1>
<p>Social workers at Barnsley Council have seen their average caseload fall to 17 children, a report says.</p>
<div class="ad">Hide Ad</div>
<p>The council agreed a one-off investment of £6.5m in its children's services in November.</p>
</article><footer>Copyright</footer></body></html>"""


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with ``text``, built by hand so the test needs no PDF library of its own."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def good_and_bad(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = minimal_pdf("Inspection of Anytown local authority children's services")
    (folder / "report.pdf").write_bytes(pdf)
    (folder / "article.html").write_text(ARTICLE, encoding="utf-8")
    (folder / "notes.txt").write_text("Caseloads in Warwickshire were in the mid 20s.\n", encoding="utf-8")
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / "junk.html").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Caf\xe9 caseloads \xa3200".encode("latin-1"))
    return folder


def test_ingest_stores_good_files_and_reports_bad_ones(tmp_path, good_and_bad):
    db = open_db(tmp_path / "cw.db")
    report = ingest_paths(db, tmp_path / "data", [good_and_bad])
    assert sorted(Path(p).name for p in report.stored) == ["article.html", "notes.txt", "report.pdf"]
    reasons = {Path(p).name: reason for p, reason in report.errors}
    assert reasons.keys() == {"truncated.pdf", "junk.html", "empty.txt", "latin1.txt"}
    assert "broken PDF" in reasons["truncated.pdf"] or "no text" in reasons["truncated.pdf"]
    assert "binary" in reasons["junk.html"]
    assert reasons["empty.txt"] == "empty file"
    assert "undecodable" in reasons["latin1.txt"]
    assert db["ingest_errors"].count == 4
    assert db["documents"].count == 3


def test_raw_bytes_are_content_addressed(tmp_path, good_and_bad):
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [good_and_bad / "article.html"])
    row = next(db["documents"].rows)
    store = RawStore(tmp_path / "data")
    assert row["sha256"] == sha256_of((good_and_bad / "article.html").read_bytes())
    assert store.get(row["sha256"]) == (good_and_bad / "article.html").read_bytes()
    assert store.path_for(row["sha256"]).parent.name == row["sha256"][:2]


def test_html_text_title_and_date_without_debris(tmp_path, good_and_bad):
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [good_and_bad / "article.html"])
    row = next(db["documents"].rows)
    assert row["title"] == "Caseloads fall in Anytown"
    assert row["published"] == "2023-03-01"
    assert "average caseload fall to 17 children" in row["text"]
    assert "Hide Ad" not in row["text"] and "Home" not in row["text"].split("\n")[1:]
    assert row["media_type"] == "text/html"


def test_second_ingest_skips_stored_documents(tmp_path, good_and_bad):
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [good_and_bad])
    again = ingest_paths(db, tmp_path / "data", [good_and_bad])
    assert again.stored == [] and len(again.skipped) == 3
    assert db["documents"].count == 3


def test_sidecar_metadata_is_used(tmp_path):
    doc = tmp_path / "story.txt"
    doc.write_text("Social work caseloads in Somerset fell.\n", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(
        json.dumps(
            {
                "url": "https://example.org/story",
                "title": "Caseloads fall",
                "published": "2016-05-03",
                "source_kind": "news",
            }
        ),
        encoding="utf-8",
    )
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [doc])
    row = next(db["documents"].rows)
    assert (row["url"], row["title"], row["published"], row["source_kind"]) == (
        "https://example.org/story",
        "Caseloads fall",
        "2016-05-03",
        "news",
    )


def test_cli_ingest_names_each_failure(tmp_path, good_and_bad):
    result = CliRunner().invoke(
        cli,
        ["ingest", str(good_and_bad), "--db", str(tmp_path / "cw.db"), "--data-dir", str(tmp_path / "data")],
    )
    assert result.exit_code == 1, result.output  # finished, with failed files
    assert "3 stored, 0 already stored, 4 failed" in result.output
    for name in ("truncated.pdf", "junk.html", "empty.txt", "latin1.txt"):
        assert name in result.output


@pytest.mark.parametrize(
    "data,media_type,reason",
    [
        (b"", "text/plain", "empty file"),
        (b"%PDF-1.4\n%%EOF", "application/pdf", "PDF"),
        (b"<html><body>hello", "application/zip", "unsupported media type"),
        (b"\x00\x01\x02binary", "text/html", "binary"),
    ],
)
def test_extract_text_errors_say_why(data, media_type, reason):
    with pytest.raises(DocumentError, match=reason):
        extract_text(data, media_type)


SHARED = Path(__file__).resolve().parents[1].parent / "shared"

FOCUSED_VISIT = """Focused visit to Anytown children's services

This letter summarises the findings of the focused visit to Anytown local authority children's services
on 14 and 15 May 2024. Inspectors looked at the local authority's arrangements for children in need.

Social workers told inspectors that their caseloads are manageable, at around 18 children each.
"""


@pytest.mark.parametrize(
    "text,meta,expected",
    [
        (FOCUSED_VISIT, {"source_kind": "ofsted_report"}, "focused_visit"),
        (
            FOCUSED_VISIT.replace("Focused visit to", "Monitoring visit to").replace(
                "focused visit", "monitoring visit"
            ),
            {"source_kind": "ofsted_report"},
            "monitoring_visit",
        ),
        # the sidecar's (or the scraper's) own report type wins
        (FOCUSED_VISIT, {"source_kind": "ofsted_report", "report_type": "jtai"}, "jtai"),
        # a news story about a visit is not a report, whatever it quotes
        (FOCUSED_VISIT, {"source_kind": "news"}, None),
        ("Ofsted praised the council's children's services.\n", {"source_kind": "ofsted_report"}, None),
    ],
)
def test_ofsted_report_type_is_read_by_extraction_not_ingest(tmp_path, text, meta, expected):
    doc = tmp_path / "visit.txt"
    doc.write_text(text, encoding="utf-8")
    (tmp_path / "visit.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [doc])
    assert next(db["documents"].rows)["report_type"] == meta.get("report_type")  # only what the sidecar says
    run_extraction(db)
    assert next(db["documents"].rows)["report_type"] == expected


@pytest.mark.parametrize(
    "folder,name,expected",
    [
        # an ILACS report whose first page never says "Ofsted": its title and markers make it a report
        ("reports", "coventry-children-s-services-inspection-12-august-2022.pdf", "inspection"),
        ("reports", "croydon-children-s-services-inspection", "inspection"),
        (
            "reports",
            "reading-children-s-services-inspection",
            "inspection",
        ),  # a 2010s single inspection (SIF)
        ("focused-visits", "north-yorkshire-children-s-services-focused", "focused_visit"),
        ("focused-visits", "slough-children-s-services-focused", "focused_visit"),
    ],
)
def test_real_ofsted_pdfs_get_their_report_type(tmp_path, folder, name, expected):
    found = sorted((SHARED / "data" / "ofsted" / folder).glob(f"{Path(name).stem}*.pdf"))
    if not found:
        pytest.skip(f"shared Ofsted PDFs not available under {SHARED}")
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", found[:1])
    run_extraction(db)
    row = next(db["documents"].rows)
    assert (row["source_kind"], row["report_type"]) == ("ofsted_report", expected)


@pytest.mark.parametrize(
    "data,media_type",
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\r\n%PDF-1.4\n", "application/pdf"),  # a few bytes before the header, as readers allow
        (b"<!DOCTYPE html>\n<html><body>x", "text/html"),
        (b"\xef\xbb\xbf  <html lang='en'>", "text/html"),  # byte-order mark and spaces first
        (b"<?xml version='1.0'?>\n<!-- saved page -->\n<html>", "text/html"),
        (b"<p>Caseloads fell.</p>", "text/html"),
        (b"Caseloads fell to 17 <in March>.", "text/plain"),  # a bracket in prose is not markup
        (b"<abbreviation> is no HTML tag", "text/plain"),
        (bytes(range(256)), "text/plain"),  # read as text, which refuses it as binary
    ],
)
def test_media_type_is_sniffed_from_the_bytes(data, media_type):
    assert sniff_media_type(data) == media_type


def test_a_file_without_extension_is_stored_as_what_its_bytes_are(tmp_path):
    from test_extract_file import REPORT_PAGE
    from test_pdf_text import make_pdf

    (tmp_path / "50190643").write_bytes(make_pdf([REPORT_PAGE]))
    (tmp_path / "story.pdf").write_text(ARTICLE, encoding="utf-8")  # HTML saved under a PDF's name
    db = open_db(tmp_path / "cw.db")
    report = ingest_paths(db, tmp_path / "data", [tmp_path / "50190643", tmp_path / "story.pdf"])
    assert report.errors == []
    run_extraction(db)
    rows = {Path(row["path"]).name: row for row in db["documents"].rows}
    assert (rows["50190643"]["media_type"], rows["50190643"]["report_type"]) == (
        "application/pdf",
        "inspection",
    )
    assert (rows["story.pdf"]["media_type"], rows["story.pdf"]["title"]) == (
        "text/html",
        "Caseloads fall in Anytown",
    )


MINUTES_TEXT = "Minutes\n\nThe Council's children's services were judged good by Ofsted in March.\n"


@pytest.mark.parametrize(
    "sidecar,option,code",
    [
        ({"url": "https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1"}, None, "354"),
        ({"council": "Oldham"}, None, "353"),
        ({"url": "https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1"}, "Oldham", "353"),
        ({"url": "https://www.bbc.co.uk/news/1"}, None, None),
    ],
    ids=["url-host", "sidecar-council", "option-wins", "news-site"],
)
def test_a_documents_publishing_council_is_stored(tmp_path, sidecar, option, code):
    (tmp_path / "minutes.txt").write_text(MINUTES_TEXT, encoding="utf-8")
    (tmp_path / "minutes.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    db_path = tmp_path / "cw.db"
    args = [
        "ingest",
        str(tmp_path / "minutes.txt"),
        "--db",
        str(db_path),
        "--data-dir",
        str(tmp_path / "data"),
    ]
    result = CliRunner().invoke(cli, args + (["--council", option] if option else []))
    assert result.exit_code == 0, result.output
    assert [row["council_code"] for row in open_db(db_path)["documents"].rows] == [code]


def test_an_unknown_council_is_refused(tmp_path):
    (tmp_path / "minutes.txt").write_text(MINUTES_TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["ingest", str(tmp_path / "minutes.txt"), "--db", str(tmp_path / "cw.db"), "--council", "Atlantis"],
    )
    assert result.exit_code == 2 and "no council called 'Atlantis'" in result.output
