"""PDF text cleanup: running headers/footers, page numbers, letterheads, footnotes, page breaks and
words broken across lines. The PDFs are built here (a minimal writer: one Helvetica line per text
line) so the PDF reader reads real PDF bytes; the real Ofsted reports in ../shared are checked too when
present.
"""

from pathlib import Path

import pytest

from corpus.normalise import normalise_text
from corpus.text import (
    DocumentError,
    drop_letterhead,
    extract_text,
    join_pages,
    running_lines,
    split_footnotes,
    strip_page_number,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPORTS = SHARED / "data" / "ofsted" / "reports"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines (Helvetica, WinAnsi: keep to Latin-1 text)."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        body = body if isinstance(body, bytes) else body.encode("latin-1")
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HEADER = "Inspection of Northshire local authority children's services"
DATES = "14 to 25 October 2024"


def report_pages() -> list[list[str]]:
    body = [
        [
            "Inspection of Northshire local authority",
            "children's services",
            "Inspection dates: 14 to 25 October 2024",
            "What needs to improve?1",
            "- The timeliness of assessments for children in",
            "need.",
            "1 The areas for improvement have been cross-referenced with the national framework.",
        ],
        [
            HEADER,
            f"{DATES} 2",
            "1. Social workers visit children regularly and their multi-",
            "agency partners share information well. Some plans lack informa-",
            "tion about",
            "3",
        ],
        [HEADER, f"{DATES} 3", "contingency arrangements. Managers know this.", "4"],
        [
            HEADER,
            f"{DATES} 4",
            "2. Leaders have invested in early help. The informa-",
            "tion is shared quickly.",
            "5",
        ],
    ]
    return body


@pytest.fixture(scope="module")
def report_text() -> str:
    return extract_text(make_pdf(report_pages()), "application/pdf").text


@pytest.mark.parametrize("debris", [HEADER, f"{DATES} 2", f"{DATES} 3", "\n3\n", "\n4\n", "\n5\n"])
def test_running_headers_and_page_numbers_removed(report_text, debris):
    assert debris not in report_text


@pytest.mark.parametrize(
    "phrase",
    [
        "Inspection dates: 14 to 25 October 2024",  # the first page's own date line stays
        "What needs to improve?\n",  # footnote marker "1" gone from the heading
        "multi-agency partners",  # compound kept whole, hyphen kept
        # a page break mid-sentence: no blank line
        "Some plans lack information about\ncontingency arrangements",
        "The information is shared quickly",  # broken word rejoined (the document writes "information")
    ],
)
def test_report_text_reads_cleanly(report_text, phrase):
    assert phrase in report_text


def test_footnote_moved_to_the_end(report_text):
    assert report_text.rstrip().endswith(
        "1 The areas for improvement have been cross-referenced with the national framework."
    )
    assert "need.\n1. Social workers" in report_text or "need.\n\n1. Social workers" in report_text


def test_title_joins_a_wrapped_first_line():
    result = extract_text(make_pdf(report_pages()), "application/pdf")
    assert result.title == "Inspection of Northshire local authority children's services"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("14 to 25 October 2024 2", "14 to 25 October 2024"),
        (
            "Inspection of Croydon local authority children's services  12 ",
            "Inspection of Croydon local authority children's services",
        ),
        (
            "Kent County Council Inspection of looked after children services",
            "Kent County Council Inspection of looked after children services",
        ),
    ],
)
def test_strip_page_number(line, expected):
    assert strip_page_number(line) == expected


def test_running_lines_need_most_pages():
    pages = [f"Header\nbody of page {chr(97 + i)}\nFooter {i + 1}" for i in range(6)]
    assert running_lines(pages) == {"Header", "Footer"}
    assert running_lines(pages[:2]) == set()


@pytest.mark.parametrize(
    "lines,kept",
    [
        (
            [
                "partnership work has flourished,",
                "Ofsted",
                "Piccadilly Gate",
                "Store Street",
                "Manchester",
                "M1 2WD",
                "",
                "T 0300 123 1231",
                "www.gov.uk/ofsted",
                "",
                "and children are safe.",
            ],
            ["partnership work has flourished,", "", "and children are safe."],
        ),
        (
            ["County Hall", "Loughborough Road", "Nottingham", "NG2 7QP"],
            ["County Hall", "Loughborough Road", "Nottingham", "NG2 7QP"],
        ),
        (
            ["Children in Manchester are safe.", "Ofsted inspectors visited."],
            ["Children in Manchester are safe.", "Ofsted inspectors visited."],
        ),
    ],
)
def test_drop_letterhead(lines, kept):
    assert drop_letterhead(lines) == kept


@pytest.mark.parametrize(
    "lines,body,notes",
    [
        (
            ["What needs to improve?1", "- Plans.", "1 The areas for improvement are cross-referenced."],
            ["What needs to improve?", "- Plans."],
            ["1 The areas for improvement are cross-referenced."],
        ),
        (
            [
                "Review of the LSCB Board1",
                "Judged good.2",
                "1 Ofsted produces this report.",
                "2 A full description.",
            ],
            ["Review of the LSCB Board", "Judged good."],
            ["1 Ofsted produces this report.", "2 A full description."],
        ),
        (
            ["Of the children:", "12 live in residential homes"],
            ["Of the children:", "12 live in residential homes"],
            [],
        ),
        (
            ["Children aged 16 and 17 are housed.", "17 Young people said so."],
            ["Children aged 16 and 17 are housed.", "17 Young people said so."],
            [],
        ),
    ],
)
def test_split_footnotes(lines, body, notes):
    assert split_footnotes(lines) == (body, notes)


@pytest.mark.parametrize(
    "pages,expected",
    [
        (
            ["leaders have recognised a need to", "strengthen recording."],
            "leaders have recognised a need to\nstrengthen recording.",
        ),
        (["The end of a paragraph.", "A new paragraph."], "The end of a paragraph.\n\nA new paragraph."),
        (["", "Only page."], "Only page."),
    ],
)
def test_join_pages(pages, expected):
    assert join_pages(pages) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "the informa-\ntion was shared; information matters",
            "the information was shared; information matters",
        ),
        ("our multi-\nagency partners", "our multi-agency partners"),
        ("decision-\nmaking is timely", "decision-making is timely"),
        ("assess-\nment of need", "assessment of need"),
        ("out-of-\nhours service; out-of-hours work", "out-of-hours service; out-of-hours work"),
        ("well-\nbeing and well-being", "well-being and well-being"),
        (
            "care-\nexperienced adults and care-experienced children",
            "care-experienced adults and care-experienced children",
        ),
        ("16- and 17-\nyear-olds", "16- and 17-\nyear-olds"),
        ("Stockton-\non-Tees children", "Stockton-on-Tees children"),
        ("a sector-\nled approach", "a sector-led approach"),
        ("work is re-\nemerging", "work is re-emerging"),
        (
            "the service was\nreviewed; the sub-\ngroup met; the team review work",
            "the service was\nreviewed; the sub-group met; the team review work",
        ),
        ("the respon-\nse was timely", "the response was timely"),
        (
            "\u25fc Plans \uf06e Visits \uf0a7 Audits \uf02d dash",
            "\u2022 Plans \u2022 Visits \u2022 Audits - dash",
        ),
    ],
)
def test_normalise_hyphenation_and_glyphs(text, expected):
    assert normalise_text(text) == expected + "\n"


def test_not_a_pdf():
    with pytest.raises(DocumentError, match="not a PDF"):
        extract_text(b"<html>hello</html>", "application/pdf")


BROKEN_PDFS = {
    "truncated": lambda pdf: pdf[: len(pdf) // 2],
    "header-only": lambda pdf: b"%PDF-1.4\n%%EOF\n",
    "garbage-after-header": lambda pdf: b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "no-page-tree": lambda pdf: pdf.replace(b"/Type /Pages", b"/Type /Pagez").replace(b"/Kids", b"/Kidz"),
}


@pytest.mark.parametrize("damage", BROKEN_PDFS.values(), ids=BROKEN_PDFS.keys())
def test_broken_pdf_is_a_document_error(damage):
    """A PDF that cannot be read says so (DocumentError, naming it a broken PDF), whatever the damage."""
    with pytest.raises(DocumentError, match="broken PDF|no text"):
        extract_text(damage(make_pdf(report_pages())), "application/pdf")


needs_reports = pytest.mark.skipif(not REPORTS.exists(), reason="../shared/data/ofsted not present")


@needs_reports
@pytest.mark.parametrize(
    "name,header",
    [
        (
            "croydon-children-s-services-inspection-03-december-2024.pdf",
            "Inspection of Croydon local authority children's services",
        ),
        ("knowsley-children-s-services-inspection-20-january-2025.pdf", "18 to 29 November 2024"),
        (
            "kent-children-s-services-inspection-pdf-23-august-2013.pdf",
            "Kent County Council Inspection of looked after children services",
        ),
    ],
)
def test_real_running_headers_gone(name, header):
    text = extract_text((REPORTS / name).read_bytes(), "application/pdf").text
    assert f"\n{header}" not in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


@needs_reports
def test_real_footnote_marker_and_letterhead_gone():
    text = extract_text(
        (REPORTS / "shropshire-children-s-services-inspection-12-august-2025.pdf").read_bytes(),
        "application/pdf",
    ).text
    assert "What needs to improve?\n" in text and "improve?1" not in text
    fv = (
        SHARED
        / "data"
        / "ofsted"
        / "focused-visits"
        / "slough-children-s-services-focused-visit-12-january-2026.pdf"
    )
    assert "Piccadilly Gate" not in extract_text(fv.read_bytes(), "application/pdf").text


@pytest.mark.parametrize(
    "text,expected",
    [
        ("care leavers.\n\n14\n\nPlanning", "care leavers.\n\nPlanning"),  # a page number
        ("Leavers\n12\n9\nStarters\n20\n31", "Leavers\n12\n9\nStarters\n20\n31"),  # a table, one cell a line
        ("Agency rate\n18.2%\n15\nTurnover", "Agency rate\n18.2%\n15\nTurnover"),
    ],
)
def test_bare_numbers_dropped_unless_in_a_column_of_figures(text, expected):
    assert normalise_text(text) == expected + "\n"
