"""Ofsted reports as text from other PDF converters than our own reading (corpus.text, PDFium).

A document may reach us as a .txt some other tool made from the PDF: poppler's ``pdftotext`` (the page's
reading order, bullets and numbers alone on their lines, form feeds between pages, running headers and
page numbers kept) or ``pdftotext -layout`` (the judgement table's label and grade side by side, columns
padded with spaces). Two halves: snippets written here in those shapes (always run), and the real PDFs in
../shared/data/ofsted converted at test time (skipped when ../shared or ``pdftotext`` is absent), which must
give the judgements and recommendations our own reading gives.
"""

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_ofsted_reports import (
    OFSTED,
    RECOMMENDATION_COUNTS,
    REPORT_ROWS,
    assert_offsets,
    expected_judgements,
    ratings_by_scope,
    real_pdfs,
    real_report,
)

from corpus.text import extract_text
from extractors.ofsted_report import report_facts


def as_text_file(text: str) -> str:
    """The text as ``casewatch extract-file`` reads a .txt file (normalised: padding collapsed, glyphs
    mapped)."""
    return extract_text(text.encode("utf-8"), "text/plain").text


def table_ratings(facts: dict) -> dict:
    return {r["scope"]: r["judgement"] for r in facts["ratings"] if r["source"] == "table"}


# ---------------------------------------------------------------- judgement tables, written in converters'
# shapes
HEAD = """Inspection of Eastmoor local authority children's services
Inspection dates: 2 to 13 June 2025
Lead inspector: Sam Example, His Majesty's Inspector

"""
TAIL = """
Children in Eastmoor are helped sooner than at the last inspection. Leaders have steadied the workforce.
"""
RI = "requires improvement"
TABLES = {
    # pdftotext -layout: the grade on the first line of its wrapped label, columns padded
    "layout-grade-on-first-label-line": (
        """\
 Judgement                                        Grade

 The impact of leaders on social work             Good
 practice with children and families

 The experiences and progress of                  Requires improvement to be good
 children who need help and protection

 The experiences and progress of                  Good
 children in care

 The experiences and progress of care             Inadequate
 leavers

 Overall effectiveness                            Requires improvement to be good
""",
        {
            "leaders": "good",
            "help_and_protection": RI,
            "in_care": "good",
            "care_leavers": "inadequate",
            "overall": RI,
        },
    ),
    # the grade wrapped too: its tail ("to be good") after the label's last line; the overall grade
    # centred on a row of one label line, so its first line stands above the label
    "layout-grade-wrapped-beside-label": (
        """\
 Judgement                                                      Grade

 The impact of leaders on social work practice with children    Requires improvement
 and families                                                   to be good

 The experiences and progress of children who need help and     Inadequate
 protection

 The experiences and progress of children in care and care      Requires improvement
 leavers                                                        to be good

                                                                Requires improvement
 Overall effectiveness
                                                                to be good
""",
        {"leaders": RI, "help_and_protection": "inadequate", "in_care": RI, "overall": RI},
    ),
    # the grade centred between the two lines of its label
    "layout-grade-between-label-lines": (
        """\
 Judgement                                                      Grade

 The impact of leaders on social work practice with children
                                                                Outstanding
 and families

 The experiences and progress of children who need help and
                                                                Good
 protection

 The experiences and progress of children in care and care
                                                                Good
 leavers

 Overall effectiveness                                          Outstanding
""",
        {
            "leaders": "outstanding",
            "help_and_protection": "good",
            "in_care": "good",
            "overall": "outstanding",
        },
    ),
    # the same with no blank line between rows
    "layout-rows-not-spaced": (
        """\
 Judgement                                        Grade
 The impact of leaders on social work             Inadequate
 practice with children and families
 The experiences and progress of                  Inadequate
 children who need help and protection
 The experiences and progress of                  Requires improvement to be good
 children in care
 Overall effectiveness                            Inadequate
""",
        {
            "leaders": "inadequate",
            "help_and_protection": "inadequate",
            "in_care": RI,
            "overall": "inadequate",
        },
    ),
    # pdftotext: the label column, then the grade column under its own heading
    "label-column-then-grade-column": (
        """\
Judgement
The impact of leaders on social work practice
with children and families
The experiences and progress of children who
need help and protection
The experiences and progress of children in
care
The experiences and progress of care leavers
Overall effectiveness

Grade
Good
Requires improvement to be good
Good
Inadequate
Requires improvement to be good
""",
        {
            "leaders": "good",
            "help_and_protection": RI,
            "in_care": "good",
            "care_leavers": "inadequate",
            "overall": RI,
        },
    ),
    # pdftotext -layout of the 2025- template, whose last label reads "children care leavers": the grade
    # stands on the label's first line, the words that name the row on the second
    "layout-children-care-leavers": (
        """\
 Judgement                                  Grade

 The impact of leaders on social work       Good
 practice with children and families

 The experiences and progress of            Outstanding
 children who need help and protection

 The experiences and progress of            Requires improvement to be good
 children in care

 The experiences and progress of            Inadequate
 children care leavers

 Overall effectiveness                      Good
""",
        {
            "leaders": "good",
            "help_and_protection": "outstanding",
            "in_care": RI,
            "care_leavers": "inadequate",
            "overall": "good",
        },
    ),
    # the grade column too narrow for "Requires improvement to be good": its words wrap beside the label's
    # second line ("... to" / "be good"), which must not read as a grade of its own
    "layout-grade-wrapped-to-be-good": (
        """\
Judgement                                                 Grade

The impact of leaders on social work practice with        Requires improvement to
children and families                                     be good

The experiences and progress of children who need         Inadequate
help and protection

The experiences and progress of children in care and      Requires improvement to
care leavers                                              be good

Overall effectiveness                                     Inadequate
""",
        {"leaders": RI, "help_and_protection": "inadequate", "in_care": RI, "overall": "inadequate"},
    ),
    # an indented table opening with its overall row, no header line
    "indented-overall-first": (
        """\
    Overall effectiveness                          Inadequate
    The impact of leaders on social work practice with children and families    Inadequate
    The experiences and progress of children who need help and protection    Inadequate
    The experiences and progress of children in care    Requires improvement to be good
""",
        {
            "overall": "inadequate",
            "leaders": "inadequate",
            "help_and_protection": "inadequate",
            "in_care": RI,
        },
    ),
}


@pytest.mark.parametrize("normalised", [False, True], ids=["as-converted", "as-read-from-txt"])
@pytest.mark.parametrize("table,expected", TABLES.values(), ids=TABLES.keys())
def test_judgement_tables_in_converter_layouts(table, expected, normalised):
    text = HEAD + table + TAIL
    text = as_text_file(text) if normalised else text
    facts = report_facts(text)
    assert table_ratings(facts) == expected
    assert ratings_by_scope(facts) == expected
    assert_offsets(text, facts)


def test_table_row_sentence_reads_label_then_grade():
    facts = report_facts(HEAD + TABLES["layout-grade-on-first-label-line"][0] + TAIL)
    leaders = next(r for r in facts["ratings"] if r["scope"] == "leaders")
    assert (
        leaders["sentence"] == "The impact of leaders on social work practice with children and families Good"
    )


def test_grade_column_the_converter_shuffled_gives_no_rating():
    """A grade on the last label's line, then the rest of the column out of order: no pairing is sure."""
    table = """\
Judgement
The impact of leaders on social work practice
with children and families
The experiences and progress of children who
need help and protection
The experiences and progress of children in care Good
Inadequate

Good
"""
    facts = report_facts(HEAD + table + TAIL)
    assert table_ratings(facts) == {}


# ---------------------------------------------------------------- recommendation lists, written in
# converters' shapes
LIST_HEAD = (
    HEAD
    + """Judgement Grade
Overall effectiveness Requires improvement to be good

Children in Eastmoor are helped sooner than at the last inspection.

"""
)
NEXT_SECTION = """
The experiences and progress of children who need help and
protection: requires improvement to be good
1. Early help workers know families well.
"""
ITEMS = [
    "The timeliness of strategy meetings for children at risk of harm",
    "The quality of return home interviews, so that what children say informs their safety plans",
    "Support for care leavers to find stable homes",
]
PARAGRAPH_ITEMS = [
    "Ensure that strategy meetings are held promptly for every child at risk of harm. Managers "
    "should record the reasons for their decisions",
    "Improve the quality of return home interviews so that they inform safety plans",
    "Provide care leavers with timely help to find stable homes",
]
SUB_ITEMS = [
    "The timeliness of strategy meetings for children at risk of harm",
    "Support for care leavers, including: help to find stable homes; access to education, employment "
    "and training; their health histories",
    "The quality of return home interviews",
]
LISTS = {
    # an item that introduces a sub-list of another glyph is one item, whole, its sub-items listed in it
    "sub-bullets-under-an-item": (
        """What needs to improve?
\u2022 The timeliness of strategy meetings for children at risk of harm.
\u2022 Support for care leavers, including:
\u0336 help to find stable homes
\u0336 access to education, employment and
training
\u0336 their health histories.
\u2022 The quality of return home interviews.
""",
        SUB_ITEMS,
    ),
    "sub-bullets-alone-on-their-lines": (
        """What needs to improve?
\u2022
The timeliness of strategy meetings for children at risk of harm.
\u2022
Support for care leavers, including:
-
help to find stable homes
-
access to education, employment and training
-
their health histories.
\u2022
The quality of return home interviews.
""",
        SUB_ITEMS,
    ),
    "glyph-bullets": (
        """What needs to improve?
\u25aa The timeliness of strategy meetings for children at risk of harm.
\u25aa The quality of return home interviews, so that what children say informs their
safety plans.
\u25aa Support for care leavers to find stable homes.
""",
        ITEMS,
    ),
    "private-use-bullets-no-question-mark": (
        """What needs to improve
\uf0b7 The timeliness of strategy meetings for children at risk of harm.
\uf0b7 The quality of return home interviews, so that what children say informs their
  safety plans.
\uf0b7 Support for care leavers to find stable homes.
""",
        ITEMS,
    ),
    "dash-bullets": (
        """What needs to improve?
- The timeliness of strategy meetings for children at risk of harm.
- The quality of return home interviews, so that what children say informs their
  safety plans.
- Support for care leavers to find stable homes.
""",
        ITEMS,
    ),
    "bullets-alone-then-blank-line": (
        """What needs to improve?
\u2022

The timeliness of strategy meetings for children at risk of harm.
\u2022

The quality of return home interviews, so that what children say informs their
safety plans.
\u2022

Support for care leavers to find stable homes.
""",
        ITEMS,
    ),
    "page-break-header-and-number-inside": (
        """\x0cWhat needs to improve?
\u25fc The timeliness of strategy meetings for children at risk of harm.
\u25fc The quality of return home interviews, so that what children say informs their

Inspection of Eastmoor local authority children's services
2 to 13 June 2025
7

\x0csafety plans.
\u25fc Support for care leavers to find stable homes.

Inspection of Eastmoor local authority children's services
2 to 13 June 2025
8

\x0cInspection of Eastmoor local authority children's services
2 to 13 June 2025
""",
        ITEMS,
    ),
    "bullets-lost": (
        """What needs to improve?
The timeliness of strategy meetings for children at risk of harm.
The quality of return home interviews, so that what children say informs their
safety plans.
Support for care leavers to find stable homes.
""",
        ITEMS,
    ),
    "crlf-line-ends": (
        """What needs to improve?\r
\u2022 The timeliness of strategy meetings for children at risk of harm.\r
\u2022 The quality of return home interviews, so that what children say informs their\r
safety plans.\r
\u2022 Support for care leavers to find stable homes.\r
""",
        ITEMS,
    ),
    "numbers-alone-then-blank-line": (
        """Recommendations
1.

Ensure that strategy meetings are held promptly for every child at risk of harm. Managers
should record the reasons for their decisions.

2.

Improve the quality of return home interviews so that they inform safety plans.

3.

Provide care leavers with timely help to find stable homes.
""",
        PARAGRAPH_ITEMS,
    ),
    "numbers-printed-before-their-paragraphs": (
        """Recommendations
1.

2.

3.

Ensure that strategy meetings are held promptly for every child at risk of harm. Managers
should record the reasons for their decisions.

Improve the quality of return home interviews so that they inform safety plans.

Provide care leavers with timely help to find stable homes.
""",
        PARAGRAPH_ITEMS,
    ),
    "numbers-lost": (
        """Recommendations

Ensure that strategy meetings are held promptly for every child at risk of harm. Managers
should record the reasons for their decisions.

Improve the quality of return home interviews so that they inform safety plans.

Provide care leavers with timely help to find stable homes.
""",
        PARAGRAPH_ITEMS,
    ),
}


@pytest.mark.parametrize("normalised", [False, True], ids=["as-converted", "as-read-from-txt"])
@pytest.mark.parametrize("items,expected", LISTS.values(), ids=LISTS.keys())
def test_recommendation_lists_in_converter_shapes(items, expected, normalised):
    text = LIST_HEAD + items + NEXT_SECTION
    text = as_text_file(text) if normalised else text
    facts = report_facts(text)
    assert [r["text"] for r in facts["recommendations"]] == expected
    assert_offsets(text, facts)


FOCUSED_VISIT = """Focused visit to Eastmoor children's services
This letter summarises the findings of the focused visit to Eastmoor children's services on 4 and 5
March 2025.
Dear Director,
Headline findings
Leaders have begun to tackle the weaknesses found at the last inspection.
Areas for priority action
\u2022 The capacity of the assessment teams, so that social workers have manageable caseloads.
What needs to improve in this area of social work practice?
Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD
T 0300 123 1231
www.gov.uk/ofsted

\u2022 The quality of supervision for social workers.
\u2022 The timeliness of initial child protection conferences.
Main findings
Social workers visit children regularly.
"""


def test_focused_visit_letterhead_dropped_into_the_list():
    facts = report_facts(as_text_file(FOCUSED_VISIT))
    assert [(r["section"], r["text"]) for r in facts["recommendations"]] == [
        (
            "Areas for priority action",
            "The capacity of the assessment teams, so that social workers have manageable caseloads",
        ),
        (
            "What needs to improve in this area of social work practice",
            "The quality of supervision for social workers",
        ),
        (
            "What needs to improve in this area of social work practice",
            "The timeliness of initial child protection conferences",
        ),
    ]


def test_contents_entry_of_the_lscb_part_does_not_end_the_council_list():
    contents = (
        "Contents\nExecutive summary\nRecommendations\nThe Local Safeguarding Children Board (LSCB)\n"
        "Executive summary\nRecommendations\nInformation about this inspection\n\n"
    )
    text = (
        LIST_HEAD
        + "Some opening words of the report about children in Eastmoor, long enough to be prose.\n"
        + contents
        + LISTS["numbers-alone-then-blank-line"][0]
        + NEXT_SECTION
    )
    assert [r["text"] for r in report_facts(as_text_file(text))["recommendations"]] == PARAGRAPH_ITEMS


MARKDOWN = """# Inspection of Eastmoor local authority children's services

**Inspection dates:** 2 to 13 June 2025

**Lead inspector:** Sam Example, His Majesty's Inspector

| Judgement | Grade |
|---|---|
| The impact of leaders on social work practice with children and families | Good |
| The experiences and progress of children who need help and protection | Requires improvement to be good |
| The experiences and progress of children in care | Good |
| The experiences and progress of care leavers | Inadequate |
| Overall effectiveness | Requires improvement to be good |

Children in Eastmoor are helped sooner than at the last inspection.

## What needs to improve?

- The timeliness of strategy meetings for children at risk of harm.
- The quality of return home interviews, so that what children say informs their safety plans.
- Support for care leavers to find stable homes.

## The experiences and progress of children who need help and protection: requires improvement to be good

1. Early help workers know families well.
"""


@pytest.mark.parametrize(
    "text",
    [MARKDOWN, MARKDOWN.replace("## What needs to improve?", "**What needs to improve?**")],
    ids=["heading-marks", "bold-heading"],
)
def test_markdown_from_a_converter(text):
    facts = report_facts(text)
    assert table_ratings(facts) == {
        "leaders": "good",
        "help_and_protection": RI,
        "in_care": "good",
        "care_leavers": "inadequate",
        "overall": RI,
    }
    assert [r["text"] for r in facts["recommendations"]] == ITEMS
    assert facts["inspection"] == {
        "type": "ilacs",
        "framework": "standard",
        "start": "2025-06-02",
        "end": "2025-06-13",
        "lead_inspector": "Sam Example",
    }
    assert_offsets(text, facts)


# ---------------------------------------------------------------- the real reports, converted
CONVERTERS = {"pdftotext": [], "pdftotext-layout": ["-layout"]}
needs_converter = pytest.mark.skipif(
    not OFSTED.exists() or shutil.which("pdftotext") is None,
    reason="../shared/data/ofsted or pdftotext (poppler-utils) not present",
)


@functools.lru_cache(maxsize=None)
def converted(path: Path, converter: str) -> tuple[str, dict]:
    """The PDF as the converter gives it, read as a .txt file is, and its facts."""
    out = subprocess.run(
        ["pdftotext", *CONVERTERS[converter], str(path), "-"], capture_output=True, check=True
    )
    text = extract_text(out.stdout, "text/plain").text
    return text, report_facts(text)


def squashed(texts: list[str]) -> list[str]:
    """Item texts without their spaces: converters space a few words differently ("care -experienced")."""
    return [re.sub(r"\s", "", text) for text in texts]


@needs_converter
@pytest.mark.parametrize("converter", CONVERTERS)
@pytest.mark.parametrize("name,row", REPORT_ROWS, ids=[name.split("-children")[0] for name, _ in REPORT_ROWS])
def test_converted_report_judgements(name, row, converter):
    text, facts = converted(OFSTED / "reports" / name, converter)
    assert ratings_by_scope(facts) == expected_judgements(name, row)
    assert_offsets(text, facts)


@needs_converter
@pytest.mark.parametrize("converter", CONVERTERS)
@pytest.mark.parametrize(
    "path",
    real_pdfs(),
    ids=[p.name.split("-children")[0] + ("-fv" if "focused" in p.name else "") for p in real_pdfs()],
)
def test_converted_recommendations_match_our_reading(path, converter):
    text, facts = converted(path, converter)
    texts = [r["text"] for r in facts["recommendations"]]
    assert len(texts) == RECOMMENDATION_COUNTS[path.name]
    assert squashed(texts) == squashed([r["text"] for r in real_report(path)[1]["recommendations"]])
    assert_offsets(text, facts)
