"""Ofsted reports and letters: judgement tables of every framework, recommendation lists, dates.

Two halves: snippets written here in the shape of each framework (always run), and the real PDFs in
../shared/data/ofsted (skipped when absent) checked against the published judgements.
"""

import csv
import functools
import logging
import re
from pathlib import Path

import pytest
import yaml

from corpus.text import extract_text
from extractors import ofsted_report
from extractors.ofsted_report import (
    DATA_FILE,
    document_kind,
    is_ofsted_report,
    parse_dates,
    report_facts,
    resolve_council,
)
from pipeline.evaluate_reports import GRADE_COLUMNS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OFSTED = SHARED / "data" / "ofsted"


def ratings_by_scope(facts: dict) -> dict:
    """The current judgements by scope (an inspection report's prose about the previous one left out)."""
    return {r["scope"]: r["judgement"] for r in facts["ratings"] if r["when"] == "current"}


def assert_offsets(text: str, facts: dict):
    for fact in facts["ratings"] + facts["recommendations"]:
        assert text[fact["start"] : fact["end"]] == fact["quote"], fact


# ---------------------------------------------------------------- snippets in each framework's shape
ILACS_2023 = """Inspection of Northshire local authority
children's services
Inspection dates: 4 to 15 March 2024
Lead inspector: Jane Example, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Requires improvement to be good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Outstanding
Overall effectiveness Good
Children in Northshire mostly receive effective help. Leaders know their services well.

What needs to improve?
• The timeliness of initial child protection conferences.
• The quality of written plans for children in need, so that they are specific and
help families to understand what needs to change. (outcome 3, national framework)
• Sufficiency of homes for children in care close to where they live.
The experiences and progress of children who need help and
protection: requires improvement to be good
1. Children and families benefit from an extensive early help offer.
"""

ILACS_2019 = """Bath and North East Somerset Council
Inspection of children's social care services
Inspection dates: 29 October 2018 to 9 November 2018
Lead inspector: John Example
Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children
and families
Requires improvement
to be good
The experiences and progress of children who need help and
protection
Inadequate
The experiences and progress of children in care and care
leavers
Requires improvement
to be good
Overall effectiveness Requires improvement to be good

Services for children have declined since the last inspection.
What needs to improve
\u2022 The quality of assessments, so that they take account of children's histories.

\u2022 Management oversight and supervision of frontline practice.
"""

ILACS_SHORT = """Suffolk County Council
Inspection of children's social care services
Inspection dates: 8 April 2019 to 12 April 2019
Lead inspector: Anne Example
Judgement Grade
The impact of leaders on social work practice with children
and families Outstanding
The experiences and progress of children who need help and
protection Good
The experiences and progress of children in care and care
leavers Good
Overall effectiveness Outstanding

Services are of an exceptionally high standard.
"""

REFORM_2026 = """Inspection of Westshire local authority
children's services
Inspection dates: 11 to 22 May 2026
Lead inspector: Sam Example, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Inadequate
The experiences and progress of care
leavers
Requires improvement to be good

Since the last inspection, children's services in Westshire are outstanding in places and the
experiences and progress for care leavers are good.
What needs to improve?1
\u2022 The stability of homes for children in care. (outcome 4, national
framework)
"""

SIF = """Doncaster Metropolitan Borough Council
Inspection of services for children in need of help and protection,
children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 11 May 2015 - 4 June 2015
Report published: 24 July 2015

Children's services in Doncaster require improvement to be good
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence Requires improvement

2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Inadequate
3. Leadership, management and governance Requires improvement

The Local Safeguarding Children Board (LSCB) is inadequate.

Executive summary
Children are not always protected quickly enough, although services are improving.

Recommendations
1. Ensure that all children at risk of harm are seen promptly, and that strategy
discussions include the police and health professionals.
2. Improve the quality of assessments so that they consider family history.
Social workers should record their analysis of risk.

3. Ensure that care leavers have up-to-date pathway plans.
Summary for children and young people
\u2022 Inspectors found that most children are safe.

The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board is inadequate

Recommendations
4. The board should monitor the quality of multi-agency audits.
"""

SIF_2014 = """London Borough of Hackney
Inspection of services for children in need of help and protection,
children looked after and care leavers
Inspection date: 3 March - 25 March 2014
Report published: 13 May 2014
The overall judgement is that children's services are good
Leaders have sustained good services.

The judgements on areas of the service that contribute to overall effectiveness are:
1. Children who need help and protection Good
2. Children looked after and achieving
permanence Good

2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Good
Contents
The local authority 3
What does the local authority need to improve? 4

What does the local authority need to improve?
Priority and immediate action
Quality of practice
1. Implement the following areas for improvement from the previous inspection:
\u2022 Legal advice is sought when necessary and leads to timely legal action.
\u2022 Core groups monitor plans effectively.
Workforce
2. Implement the workforce strategy to improve stability.
Areas for improvement
Care leavers
3. Improve the quality of pathway planning by:
\u2022 updating plans when young people transfer to the care leaver service
\u2022 strengthening the involvement of care leavers in their plans.
The local authority's strengths
4. The early help service is effective.
"""

PRE_SIF = """Inspection of looked after children
services
Eastshire County Council

Inspection dates: 15 - 19 July 2012
Reporting inspector Jo Example HMI

Overall effectiveness of services for looked after children and
young people
Grade 3 (Adequate)

Areas for improvement
22. In order to improve the quality of provision and services for looked after
children and young people, the local authority should take the
following action.
Immediately:
\u2022 improve the quality of supervision and management oversight in
casework
\u2022 ensure that the voice of the child contributes to care planning.

Within three months:
\u2022 improve the timeliness of care proceedings.

Outcomes for looked after children and young people
23. Children are healthy.

Record of main findings
Services for looked after children
Overall effectiveness Adequate
Capacity to improve Good
Outcomes for looked after children and
young people
Adequate
Quality of provision Adequate
Leadership and management Adequate
"""

GARBLED_TABLE = """Inspection of Northshire local authority
children's services
Inspection dates: 20 June to 1 July 2022
Lead inspector: Jane Example, Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
The experiences and progress of
children who need help and protection
The experiences and progress of
children in care and care leavers
Good
Requires improvement to be good
Inadequate
Overall effectiveness Requires improvement to be good

Children's services in Northshire require improvement to be good.
"""

MISSING_ROW = """Inspection of Northshire local authority
children's services
Inspection dates: 20 June to 1 July 2022
Lead inspector: Jane Example, Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
Overall effectiveness Good

Most children receive the right help at the right time.

The experiences and progress of children who need help and
protection: good
1. Children benefit from early help.

The experiences and progress of children in care and care leavers:
requires improvement to be good
2. Not all children in care live close to home.
"""

TABLE_THEN_PROSE = """Inspection of Northshire local authority
children's services
Inspection dates: 20 June to 1 July 2022
Lead inspector: Jane Example, Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care and care leavers
Requires improvement to be good
Overall effectiveness Good
The experiences and progress of care leavers have improved, and services are good
because personal advisers stay in touch.
The experiences and progress of care leavers are good
1. Care leavers are well supported.
"""

NO_OVERALL_ROW = ILACS_2023.replace("Overall effectiveness Good\n", "").replace(
    "Children in Northshire mostly receive",
    "Children's services in Northshire are good. Children mostly receive",
)
REFORM_WITH_SUMMARY = REFORM_2026.replace(
    "Since the last inspection", "Children's services in Westshire are good\nSince"
)

NO_TABLE_HEADER = """Inspection of Northshire local authority
children's services
Inspection dates: 20 June to 1 July 2022
Lead inspector: Jane Example, Her Majesty's Inspector
Overall effectiveness Inadequate

Children are not safe.

The impact of leaders on social work practice with children and families:
inadequate
1. Leaders have not understood the weaknesses of practice.
"""

FOCUSED_VISIT = """12 January 2026
Jo Example
Director of Children's Services
Slough Borough Council

Dear Jo
Focused visit to Slough Borough Council children's services
This letter summarises the findings of the focused visit to Slough Borough Council
children's services on 19 and 20 November 2025. His Majesty's Inspectors for this
visit were A Example and B Example.
Headline findings
Care leavers receive an inconsistent level of support.
Areas for priority action
\u2022 Keeping in touch with and supporting care leavers over the age of 18 to
ensure their welfare is safeguarded. (outcome 4, national framework)
What needs to improve in this area of social work practice?1
\u2022 Management oversight, including the supervision of staff. (enabler 2, national
framework)
\u2022 The consistency of planning for care leavers. (enabler 3, national framework)
Main findings
\u2022 Inspectors saw some strong practice from personal advisers.
"""

MONITORING_VISIT = """14 March 2019
Jo Example
Director of Children's Services
Wakefield Council

Dear Jo
Monitoring visit to Wakefield children's services
This letter summarises the findings of the monitoring visit to Wakefield children's
services on 5 and 6 February 2019. The visit was the second monitoring visit since
the local authority was judged inadequate in July 2018.
Areas covered by the visit
Inspectors reviewed the progress made in the front door.
Overview
Senior leaders have made progress in improving services.
Yours sincerely
"""

JTAI = """9 May 2024
Jo Example, Director of Children's Services, Croydon

Dear local partners
Joint targeted area inspection of the multi-agency response to children and families who need help in Croydon
Between 5 and 9 March 2024, Ofsted, the Care Quality Commission (CQC), His Majesty's Inspectorate of
Constabulary and Fire & Rescue Services and His Majesty's Inspectorate of Probation carried out a
joint inspection.
This letter summarises the findings.
Areas for improvement
\u2022 The quality of information-sharing between partners at the front door.
"""

NEWS = """Croydon children's services rated good by Ofsted
Croydon Council's children's services have been rated good in an inspection of Croydon local authority
children's services carried out in October. Ofsted said the council needed to improve services out of hours.
What needs to improve?
\u2022 Services to children out of hours.
"""

MINUTES = """Children and Young People Scrutiny Committee - 12 March 2025
Item 5: Ofsted focused visit
Members noted the focused visit to Slough children's services in November 2025, which found
care leavers receive inconsistent support. The director said the action plan was on track.
"""


def top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, current, escaped = [], 0, "", False
    for ch in pattern:
        if not escaped and ch in "()":
            depth += 1 if ch == "(" else -1
        if ch == "|" and depth == 0 and not escaped:
            parts, current = parts + [current], ""
        else:
            current += ch
        escaped = ch == "\\" and not escaped
    return parts + [current]


def test_every_title_begins_with_a_title_word():
    """The cheap pre-check of is_ofsted_report looks for these words first; a title beginning otherwise
    would never be found."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    words = [w.lower() for w in data["title_words"]]
    for kind in data["kinds"]:
        for alternative in top_level_alternatives(kind["title"]):
            assert any(alternative.lower().startswith(w) for w in words), (kind["type"], alternative)


@pytest.mark.parametrize(
    "text,expected",
    [
        (ILACS_2023, True),
        (ILACS_2019, True),
        (ILACS_SHORT, True),
        (REFORM_2026, True),
        (SIF, True),
        (SIF_2014, True),
        (PRE_SIF, True),
        (FOCUSED_VISIT, True),
        (MONITORING_VISIT, True),
        (JTAI, True),
        (NEWS, False),
        (MINUTES, False),
    ],
    ids=[
        "ilacs-2023",
        "ilacs-2019",
        "ilacs-short",
        "reform-2026",
        "sif",
        "sif-2014",
        "pre-sif",
        "focused-visit",
        "monitoring-visit",
        "jtai",
        "news",
        "minutes",
    ],
)
def test_is_ofsted_report(text, expected):
    assert is_ofsted_report(text) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            ILACS_2023,
            {
                "leaders": "good",
                "help_and_protection": "requires improvement",
                "in_care": "good",
                "care_leavers": "outstanding",
                "overall": "good",
            },
        ),
        (
            ILACS_2019,
            {
                "leaders": "requires improvement",
                "help_and_protection": "inadequate",
                "in_care": "requires improvement",
                "overall": "requires improvement",
            },
        ),
        (
            ILACS_SHORT,
            {
                "leaders": "outstanding",
                "help_and_protection": "good",
                "in_care": "good",
                "overall": "outstanding",
            },
        ),
        (
            REFORM_2026,
            {
                "leaders": "good",
                "help_and_protection": "good",
                "in_care": "inadequate",
                "care_leavers": "requires improvement",
            },
        ),
        (
            SIF,
            {
                "overall": "requires improvement",
                "help_and_protection": "requires improvement",
                "in_care": "requires improvement",
                "adoption": "good",
                "care_leavers": "inadequate",
                "leaders": "requires improvement",
            },
        ),
        (
            SIF_2014,
            {
                "overall": "good",
                "help_and_protection": "good",
                "in_care": "good",
                "adoption": "outstanding",
                "care_leavers": "good",
                "leaders": "good",
            },
        ),
        (PRE_SIF, {}),
        (
            GARBLED_TABLE,
            {
                "leaders": "good",
                "help_and_protection": "requires improvement",
                "in_care": "inadequate",
                "overall": "requires improvement",
            },
        ),
        (
            MISSING_ROW,
            {
                "leaders": "good",
                "overall": "good",
                "help_and_protection": "good",
                "in_care": "requires improvement",
            },
        ),
        (
            TABLE_THEN_PROSE,
            {
                "leaders": "good",
                "help_and_protection": "good",
                "in_care": "requires improvement",
                "overall": "good",
            },
        ),
        (NO_TABLE_HEADER, {"overall": "inadequate", "leaders": "inadequate"}),
        (
            NO_OVERALL_ROW,
            {
                "leaders": "good",
                "help_and_protection": "requires improvement",
                "in_care": "good",
                "care_leavers": "outstanding",
                "overall": "good",
            },
        ),
        (
            REFORM_WITH_SUMMARY,
            {
                "leaders": "good",
                "help_and_protection": "good",
                "in_care": "inadequate",
                "care_leavers": "requires improvement",
            },
        ),
        (FOCUSED_VISIT, {}),
        (MONITORING_VISIT, {"overall": "inadequate"}),
        (JTAI, {}),
    ],
    ids=[
        "ilacs-2023",
        "ilacs-2019-split-grades",
        "ilacs-grade-on-label-line",
        "reform-no-overall",
        "sif-lscb-excluded",
        "sif-overall-sentence",
        "pre-sif-adequate-skipped",
        "garbled-columns",
        "body-heading-fallback",
        "table-then-prose-no-care-leavers",
        "no-table-header",
        "ilacs-overall-from-summary",
        "reform-summary-not-overall",
        "focused-visit",
        "monitoring-visit",
        "jtai",
    ],
)
def test_judgements(text, expected):
    facts = report_facts(text)
    assert ratings_by_scope(facts) == expected
    assert len([r for r in facts["ratings"] if r["when"] == "current"]) == len(expected)
    assert_offsets(text, facts)
    for rating in facts["ratings"]:
        assert rating["council"] == (facts["councils"][0] if facts["councils"] else None)


# Judgement tables as pypdf lays out reports not among the real PDFs: footnote markers on grades, grades
# wrapped mid-phrase, the whole grade column before the label column, the overall row first, no header line.
LAYOUT_HEAD = """Inspection of Northshire local authority
children's services
Inspection dates: 20 June to 1 July 2022
Lead inspector: Jane Example, Her Majesty's Inspector
"""
LAYOUT_TAIL = """
Children in Northshire receive help that is improving. Leaders know their services well.
"""
LEADERS = "The impact of leaders on social work practice with children\nand families"
HELP = "The experiences and progress of children who need help and\nprotection"
IN_CARE = "The experiences and progress of children in care and care\nleavers"
RI_INAD_RI_INAD = {
    "leaders": "requires improvement",
    "help_and_protection": "inadequate",
    "in_care": "requires improvement",
    "overall": "inadequate",
}
RI_GOOD_INAD_INAD = {
    "leaders": "requires improvement",
    "help_and_protection": "good",
    "in_care": "inadequate",
    "overall": "inadequate",
}
TABLE_LAYOUTS = {
    "footnote-digit": (
        f"Judgement Grade\n{LEADERS}\nRequires improvement to be good\n{HELP}\nInadequate1\n"
        f"{IN_CARE}\nRequires improvement to be good2\nOverall effectiveness Inadequate1\n",
        RI_INAD_RI_INAD,
    ),
    "footnote-spaced": (
        f"Judgement Grade\n{LEADERS}\nRequires improvement to be good *\n{HELP}\nInadequate 3\n"
        f"{IN_CARE}\nRequires improvement to be good\nOverall effectiveness Inadequate 3\n",
        RI_INAD_RI_INAD,
    ),
    "grades-glued-to-labels": (
        "Judgement Grade\n"
        + "\n".join(
            [
                LEADERS.replace("\n", " ") + "Requires improvement to be good",
                HELP.replace("\n", " ") + "Good",
                IN_CARE.replace("\n", " ") + "Inadequate",
                "Overall effectivenessInadequate",
            ]
        )
        + "\n",
        RI_GOOD_INAD_INAD,
    ),
    "footnote-superscript": (
        "Judgement Grade\n"
        + "\n".join(
            [
                LEADERS.replace("\n", " ") + " Requires improvement to be good\u00b9",
                HELP.replace("\n", " ") + " Good",
                IN_CARE.replace("\n", " ") + " Inadequate\u00b2",
                "Overall effectiveness Inadequate\u00b9",
            ]
        )
        + "\n",
        RI_GOOD_INAD_INAD,
    ),
    "grades-before-labels": (
        "Judgement Grade\nRequires improvement to be good\nInadequate\nRequires improvement "
        f"to be good\nInadequate\n{LEADERS}\n{HELP}\n{IN_CARE}\nOverall effectiveness\n",
        RI_INAD_RI_INAD,
    ),
    "grades-before-labels-overall-apart": (
        "Judgement Grade\nRequires improvement to be good\nInadequate\n"
        f"Requires improvement to be good\n{LEADERS}\n{HELP}\n{IN_CARE}\n"
        "Overall effectiveness Inadequate\n",
        RI_INAD_RI_INAD,
    ),
    "table-before-title": (None, RI_GOOD_INAD_INAD),
    "grade-wrapped-mid-phrase": (
        f"Judgement Grade\n{LEADERS}\nRequires improvement to be\ngood\n{HELP}\nGood\n"
        f"{IN_CARE}\nRequires\nimprovement to be good\nOverall effectiveness Requires "
        "improvement to\nbe good\n",
        {
            "leaders": "requires improvement",
            "help_and_protection": "good",
            "in_care": "requires improvement",
            "overall": "requires improvement",
        },
    ),
    "grades-on-label-lines": (
        "Judgement Grade\n"
        + "\n".join(
            [
                LEADERS.replace("\n", " ") + " Requires improvement to be good",
                HELP.replace("\n", " ") + " Good",
                IN_CARE.replace("\n", " ") + " Inadequate",
                "Overall effectiveness Inadequate",
            ]
        )
        + "\n",
        RI_GOOD_INAD_INAD,
    ),
    "overall-row-first": (
        "Judgement Grade\nOverall effectiveness Inadequate\n"
        + "\n".join(
            [
                LEADERS.replace("\n", " ") + " Requires improvement to be good",
                HELP.replace("\n", " ") + " Good",
                IN_CARE.replace("\n", " ") + " Inadequate",
            ]
        )
        + "\n",
        RI_GOOD_INAD_INAD,
    ),
    "no-header-line": (
        f"{LEADERS}\nRequires improvement to be good\n{HELP}\nGood\n{IN_CARE}\nInadequate\n"
        "Overall effectiveness Inadequate\n",
        RI_GOOD_INAD_INAD,
    ),
    "header-split-blank-lines": (
        f"Judgement\nGrade\n\n{LEADERS}\n\nRequires improvement to be good\n\n{HELP}\n\n"
        f"Good\n\n{IN_CARE}\n\nInadequate\n\nOverall effectiveness\n\nInadequate\n",
        RI_GOOD_INAD_INAD,
    ),
}


@pytest.mark.parametrize("table,expected", TABLE_LAYOUTS.values(), ids=TABLE_LAYOUTS.keys())
def test_judgement_table_layouts(table, expected):
    text = (
        LAYOUT_HEAD + table + LAYOUT_TAIL
        if table
        else TABLE_LAYOUTS["grades-on-label-lines"][0] + LAYOUT_HEAD
    )
    facts = report_facts(text)
    assert ratings_by_scope(facts) == expected
    assert all(r["source"] == "table" for r in facts["ratings"])
    assert_offsets(text, facts)


@pytest.mark.parametrize(
    "title,council",
    [
        (
            "Inspection of Bath and North East\nSomerset local authority children's services",
            "Bath and North East Somerset",
        ),
        (
            "Inspection of Royal Borough of\nKensington and Chelsea local authority\nchildren's services",
            "Kensington and Chelsea",
        ),
        (
            "Inspection of Bath and North East Somerset local\nauthority children's services",
            "Bath and North East Somerset",
        ),
    ],
    ids=["name-wraps", "name-and-title-wrap", "title-wraps"],
)
def test_council_name_wrapping_in_the_title(title, council):
    text = title + "\n" + LAYOUT_HEAD.split("\n", 2)[2] + TABLE_LAYOUTS["no-header-line"][0] + LAYOUT_TAIL
    facts = report_facts(text)
    assert is_ofsted_report(text)
    assert facts["councils"] == [council]
    assert ratings_by_scope(facts) == TABLE_LAYOUTS["no-header-line"][1]


PROSE_REPORT = ILACS_2023.replace(
    "Children in Northshire mostly receive effective help.",
    "Since the last inspection in 2019, when services were judged to be inadequate,\n"
    "children in Northshire mostly receive effective help. The fostering service was\n"
    "judged to be good in 2022.",
)
PROSE_FOCUSED_VISIT = FOCUSED_VISIT.replace(
    "Care leavers receive an inconsistent level of support.",
    "Since the last inspection in March 2022, when children's services were "
    "judged to be\nrequires improvement to be good, care leavers' support has "
    "slipped.",
)


@pytest.mark.parametrize(
    "text,expected",
    [
        (PROSE_REPORT, [("unspecified", "inadequate", "previous", "2019")]),
        (PROSE_FOCUSED_VISIT, [("overall", "requires improvement", "current", "2022-03")]),
        (MONITORING_VISIT, [("overall", "inadequate", "current", "2018-07")]),
        (
            MONITORING_VISIT.replace("Overview", "Overview\nIn 2015, services were judged to be good."),
            [("overall", "inadequate", "current", "2018-07"), ("unspecified", "good", "previous", "2015")],
        ),
        (PRE_SIF, []),
        (
            SIF.replace(
                "Executive summary",
                "Executive summary\nThe local authority was judged to be adequate in 2012.",
            ),
            [],
        ),
    ],
    ids=[
        "report-previous",
        "focused-visit-standing",
        "monitoring-visit-standing",
        "letter-older-is-previous",
        "none",
        "adequate-skipped",
    ],
)
def test_judgements_stated_in_prose(text, expected):
    facts = report_facts(text)
    prose = [r for r in facts["ratings"] if r["source"] == "prose"]
    assert [(r["scope"], r["judgement"], r["when"], r["as_of"]) for r in prose] == expected
    assert_offsets(text, facts)


def test_monitoring_visit_prose_recommendations():
    text = MONITORING_VISIT.replace(
        "Yours sincerely",
        "Leaders now need to ensure that plans for children in need "
        "are\nreviewed on time. Leaders should also strengthen oversight of private "
        "fostering, so that\nchildren are visited.\nYours sincerely",
    )
    facts = report_facts(text)
    assert [r["text"] for r in facts["recommendations"]] == [
        "ensure that plans for children in need are reviewed on time",
        "strengthen oversight of private fostering",
    ]
    assert_offsets(text, facts)


@pytest.mark.parametrize(
    "text,council,code,kind,start,end",
    [
        (ILACS_2023, None, None, "ilacs", "2024-03-04", "2024-03-15"),
        (ILACS_2019, "Bath and North East Somerset", "800", "ilacs", "2018-10-29", "2018-11-09"),
        (ILACS_SHORT, "Suffolk", "935", "ilacs", "2019-04-08", "2019-04-12"),
        (REFORM_2026, None, None, "ilacs_2026", "2026-05-11", "2026-05-22"),
        (SIF, "Doncaster", "371", "sif", "2015-05-11", "2015-06-04"),
        (SIF_2014, "Hackney", "204", "sif", "2014-03-03", "2014-03-25"),
        (PRE_SIF, None, None, "looked_after_children", "2012-07-15", "2012-07-19"),
        (FOCUSED_VISIT, "Slough", "871", "focused_visit", "2025-11-19", "2025-11-20"),
        (MONITORING_VISIT, "Wakefield", "384", "monitoring_visit", "2019-02-05", "2019-02-06"),
        (JTAI, "Croydon", "306", "jtai", "2024-03-05", "2024-03-09"),
        (
            FOCUSED_VISIT.replace("on 19 and 20 November 2025", "on 30 September and 1\nOctober 2025"),
            "Slough",
            "871",
            "focused_visit",
            "2025-09-30",
            "2025-10-01",
        ),
    ],
)
def test_council_type_and_dates(text, council, code, kind, start, end):
    facts = report_facts(text)
    assert {key: facts["inspection"][key] for key in ("type", "start", "end")} == {
        "type": kind,
        "start": start,
        "end": end,
    }
    if council:
        assert facts["councils"] and load_code(facts) == code
    for rating in facts["ratings"]:
        assert rating["as_of"] == end[:7] or rating["when"] != "current" or kind.endswith(("visit", "jtai"))


@pytest.mark.parametrize(
    "reform_from,kind",
    [("2026", "ilacs_2026"), ("2026-05-11", "ilacs_2026"), ("2026-05-12", "ilacs"), ("2027", "ilacs")],
)
def test_ilacs_reform_date_is_read_from_the_data(monkeypatch, reform_from, kind):
    """When the 2026 reform began is ofsted_report.yaml's ``ilacs_reform_from``, not a date in the code:
    moving it past the inspection's first day (11 May 2026) makes a table without an overall row a pre-reform
    one."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    assert data["ilacs_reform_from"] == "2026"
    data["ilacs_reform_from"] = reform_from
    moved = ofsted_report.Patterns(data)
    monkeypatch.setattr(ofsted_report, "patterns", lambda: moved)
    assert report_facts(REFORM_2026)["inspection"]["type"] == kind


def load_code(facts: dict) -> str | None:
    codes = {fact["council_code"] for fact in facts["ratings"] + facts["recommendations"]}
    if codes:
        assert len(codes) == 1
        return codes.pop()
    return resolve_council(facts["councils"][0]).code


# ---------------------------------------------------------------- recognised by content, whatever the title
REPORT_HEAD = """Inspection dates: 3 to 14 November 2025
Lead inspector: Robin Example, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children and families Good
The experiences and progress of children who need help and protection Good
The experiences and progress of children in care Requires improvement to be good
The experiences and progress of care leavers Good
Overall effectiveness Good
Children in the area are helped at the right time, and leaders know where practice is weaker.
"""
TITLES = {
    "one-line": "Inspection of Northshire local authority children's services\n",
    "council-title": "Inspection of Northshire Metropolitan\nBorough Council children's services\n",
    "trust": "Inspection of Northshire Children and\nFamilies Trust\n",
    "council-line-first": "London Borough of Northshire\n\nInspection of local authority children's social "
    "care\nservices\n\n",
    "markdown-heading": "# Inspection of Northshire local authority children's services\n\n",
    "indented": "      Inspection of Northshire local authority\n      children's services\n",
}


@pytest.mark.parametrize("title", TITLES.values(), ids=TITLES.keys())
def test_an_inspection_report_is_recognised_by_its_content(title):
    facts = report_facts(title + REPORT_HEAD)
    assert facts["inspection"]["type"] == "ilacs"
    assert ratings_by_scope(facts) == {
        "leaders": "good",
        "help_and_protection": "good",
        "in_care": "requires improvement",
        "care_leavers": "good",
        "overall": "good",
    }


@pytest.mark.parametrize(
    "text",
    [
        # a news story quoting a report's title, without the report's dates and lead inspector
        "Inspection of Northshire local authority children's services finds care leavers well supported\n"
        "Overall effectiveness was judged good, the council said on Tuesday.\n",
        # a focused-visit letter names the inspection framework after its own title
        FOCUSED_VISIT.replace(
            "This letter summarises",
            "Inspection of local authority children's services (ILACS)\n"
            "Inspection dates: 19 and 20 November 2025\nThis letter summarises",
        ),
    ],
    ids=["news-quoting-a-title", "letter-naming-the-framework"],
)
def test_what_is_not_an_inspection_report_is_not_read_as_one(text):
    assert document_kind(text) in (None, "focused_visit")


def test_two_different_current_overall_judgements_give_none(caplog):
    """Two sentences of one letter, of the same date, that disagree: no current overall judgement, and why."""
    text = FOCUSED_VISIT + (
        "\nThe local authority was judged to be good in March 2023. The local authority was "
        "judged inadequate in March 2023.\n"
    )
    with caplog.at_level(logging.WARNING, logger="extractors.ofsted_report"):
        ratings = report_facts(text)["ratings"]
    assert not [r for r in ratings if r["when"] == "current" and r["scope"] in ("overall", "unspecified")]
    assert "different current overall judgements" in caplog.text


def test_a_table_that_cannot_be_read_gives_no_rating_and_says_why(caplog):
    table_without_grades = REPORT_HEAD.replace(" Good\n", "\n").replace(
        " Requires improvement to be good\n", "\n"
    )
    with caplog.at_level(logging.WARNING, logger="extractors.ofsted_report"):
        facts = report_facts(TITLES["one-line"] + table_without_grades)
    assert facts["inspection"]["type"] == "ilacs" and ratings_by_scope(facts) == {}
    assert (
        "no grade could be paired with the rows leaders, help_and_protection, in_care, care_leavers"
        in caplog.text
    )


@pytest.mark.parametrize(
    "text,lead_inspector,framework",
    [
        (ILACS_2023, "Jane Example", "standard"),  # "Lead inspector: Jane Example, His Majesty's Inspector"
        (ILACS_2019, "John Example", "standard"),  # the title on the next line
        (ILACS_SHORT, "Anne Example", "short"),  # one week on site: a short inspection
        (REFORM_2026, "Sam Example", "standard"),
        (PRE_SIF, "Jo Example", None),  # "Reporting inspector Jo Example HMI"; not an ILACS inspection
        (FOCUSED_VISIT, None, None),
    ],
)
def test_lead_inspector_and_framework(text, lead_inspector, framework):
    inspection = report_facts(text)["inspection"]
    assert (inspection["lead_inspector"], inspection["framework"]) == (lead_inspector, framework)


def test_unknown_council_in_made_up_place_gives_no_code():
    facts = report_facts(ILACS_2023)
    assert facts["councils"] == [] and all(r["council_code"] is None for r in facts["ratings"])


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            ILACS_2023,
            [
                "The timeliness of initial child protection conferences",
                "The quality of written plans for children in need, so that they are specific and help "
                "families to understand what needs to change",
                "Sufficiency of homes for children in care close to where they live",
            ],
        ),
        (
            ILACS_2019,
            [
                "The quality of assessments, so that they take account of children's histories",
                "Management oversight and supervision of frontline practice",
            ],
        ),
        (REFORM_2026, ["The stability of homes for children in care"]),
        (
            SIF,
            [
                "Ensure that all children at risk of harm are seen promptly, and that strategy discussions "
                "include the police and health professionals",
                "Improve the quality of assessments so that they consider family history. Social workers "
                "should record their analysis of risk",
                "Ensure that care leavers have up-to-date pathway plans",
            ],
        ),
        (
            SIF_2014,
            [
                "Legal advice is sought when necessary and leads to timely legal action",
                "Core groups monitor plans effectively",
                "Implement the workforce strategy to improve stability",
                "updating plans when young people transfer to the care leaver service",
                "strengthening the involvement of care leavers in their plans",
            ],
        ),
        (
            PRE_SIF,
            [
                "improve the quality of supervision and management oversight in casework",
                "ensure that the voice of the child contributes to care planning",
                "improve the timeliness of care proceedings",
            ],
        ),
        (
            FOCUSED_VISIT,
            [
                "Keeping in touch with and supporting care leavers over the age of 18 to ensure their "
                "welfare is safeguarded",
                "Management oversight, including the supervision of staff",
                "The consistency of planning for care leavers",
            ],
        ),
        (JTAI, ["The quality of information-sharing between partners at the front door"]),
        (
            JTAI.replace("\u2022 The quality", "\u2022The quality"),
            ["The quality of information-sharing between partners at the front door"],
        ),
        (MONITORING_VISIT, []),
        (ILACS_SHORT, []),
    ],
    ids=[
        "ilacs-bullets-wrapped",
        "ilacs-2019-blank-lines",
        "reform-footnote-and-ref",
        "sif-numbered-lscb-excluded",
        "sif-subheadings-and-lead-ins",
        "pre-sif-timescales",
        "focused-visit-priority-action",
        "jtai",
        "bullet-no-space",
        "monitoring-visit-none",
        "no-list",
    ],
)
def test_recommendations(text, expected):
    facts = report_facts(text)
    assert [r["text"] for r in facts["recommendations"]] == expected
    assert_offsets(text, facts)


def test_running_headers_left_in_a_copied_text_do_not_break_a_list():
    header = "Inspection of Northshire local authority children's services\n4 to 15 March 2024 {}\n"
    text = ILACS_2023.replace("• Sufficiency of homes", header.format(2) + "• Sufficiency of homes")
    text = text.replace(
        "The quality of written plans for children in need, so that they are specific and\n",
        "The quality of written plans for children in need, so that they are specific and\n"
        + header.format(3),
    )
    text += "\n" + header.format(4) + "2. Children are seen.\n"
    facts = report_facts(text)
    assert [r["text"] for r in facts["recommendations"]] == [
        "The timeliness of initial child protection conferences",
        "The quality of written plans for children in need, so that they are specific and help families to "
        "understand what needs to change",
        "Sufficiency of homes for children in care close to where they live",
    ]
    assert_offsets(text, facts)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("14 to 25 October 2024", ("2024-10-14", "2024-10-25")),
        ("29 October to 9 November 2018", ("2018-10-29", "2018-11-09")),
        ("29 October 2018 to 9 November 2018", ("2018-10-29", "2018-11-09")),
        ("15 - 19 July 2013", ("2013-07-15", "2013-07-19")),
        ("3 March - 25 March 2015", ("2015-03-03", "2015-03-25")),
        ("30 December 2019 to 10 January 2020", ("2019-12-30", "2020-01-10")),
        ("1-12 July 2019", ("2019-07-01", "2019-07-12")),
        ("19 and 20 November 2025", ("2025-11-19", "2025-11-20")),
        ("16 June 2021", ("2021-06-16", "2021-06-16")),
        ("sometime next year", (None, None)),
    ],
)
def test_parse_dates(value, expected):
    assert parse_dates(value) == expected


@pytest.mark.parametrize(
    "name,code",
    [
        ("Wakefield District Metropolitan Council", "384"),
        ("London Borough of Hackney", "204"),
        ("City of York Council", "816"),
        ("Kingston upon Hull City Council", "810"),
        ("Bristol City Council", "801"),
        ("Telford & Wrekin Council", "894"),
        ("St Helens Council", "342"),
        ("Reading Borough Council", "870"),
        ("Royal Borough of Windsor and Maidenhead", "868"),
        ("Stockton-on-Tees", "808"),
        ("City of Bradford Metropolitan District Council", "380"),
        ("City of London Corporation", "201"),
        ("Kent County Council's", "886"),
    ],
)
def test_resolve_council_titles(name, code):
    council = resolve_council(name)
    assert council is not None and council.code == code


# ---------------------------------------------------------------- the real reports
NO_FACT = {"", "inspection_pre_dates_judgement", "not_reported_post_reform"}
# What the PDFs say where the public scraper could not read them (read by hand). Kent 2013 is a
# looked-after-children inspection graded "Adequate", which the schema cannot hold: no rating.
PINNED = {
    "reading-children-s-services-inspection-05-august-2016.pdf": {
        "overall": "inadequate",
        "help_and_protection": "inadequate",
        "in_care": "inadequate",
        "adoption": "requires improvement",
        "care_leavers": "requires improvement",
        "leaders": "inadequate",
    },
    "west-berkshire-children-s-services-inspection-18-may-2015.pdf": {
        "overall": "inadequate",
        "help_and_protection": "inadequate",
        "in_care": "requires improvement",
        "adoption": "requires improvement",
        "care_leavers": "requires improvement",
        "leaders": "requires improvement",
    },
    "kent-children-s-services-inspection-pdf-23-august-2013.pdf": {},
}
PINNED_DATES = {
    "reading-children-s-services-inspection-05-august-2016.pdf": ("2016-05-23", "2016-06-15"),
    "west-berkshire-children-s-services-inspection-18-may-2015.pdf": ("2015-03-03", "2015-03-25"),
    "kent-children-s-services-inspection-pdf-23-august-2013.pdf": ("2013-07-15", "2013-07-19"),
    "north-yorkshire-children-s-services-focused-visit-26-july-2021.pdf": ("2021-06-16", "2021-06-16"),
    "nottinghamshire-children-s-services-focused-visit-12-january-2026.pdf": ("2025-11-26", "2025-11-26"),
    "rotherham-children-s-services-focused-visit-04-december-2020.pdf": ("2020-10-20", "2020-10-22"),
    "slough-children-s-services-focused-visit-12-january-2026.pdf": ("2025-11-19", "2025-11-20"),
    "southend-on-sea-children-s-services-focused-visit-09-may-2022.pdf": ("2022-03-22", "2022-03-23"),
}
RECOMMENDATION_COUNTS = {
    "coventry-children-s-services-inspection-12-august-2022.pdf": 4,
    "croydon-children-s-services-inspection-03-december-2024.pdf": 4,
    "haringey-children-s-services-inspection-14-december-2018.pdf": 9,
    "kent-children-s-services-inspection-pdf-23-august-2013.pdf": 12,
    "knowsley-children-s-services-inspection-20-january-2025.pdf": 10,
    "lancashire-children-s-services-inspection-20-august-2026.pdf": 3,
    "reading-children-s-services-inspection-05-august-2016.pdf": 18,
    "shropshire-children-s-services-inspection-12-august-2025.pdf": 2,
    "stockton-on-tees-children-s-services-inspection-09-may-2023.pdf": 4,
    "suffolk-children-s-services-inspection-21-may-2019.pdf": 1,
    "wakefield-children-s-services-inspection-17-july-2018.pdf": 12,
    "west-berkshire-children-s-services-inspection-18-may-2015.pdf": 21,
    "north-yorkshire-children-s-services-focused-visit-26-july-2021.pdf": 1,
    "nottinghamshire-children-s-services-focused-visit-12-january-2026.pdf": 2,
    "rotherham-children-s-services-focused-visit-04-december-2020.pdf": 4,
    "slough-children-s-services-focused-visit-12-january-2026.pdf": 5,
    "southend-on-sea-children-s-services-focused-visit-09-may-2022.pdf": 5,
}
RECOMMENDATION_TEXTS = {
    "croydon-children-s-services-inspection-03-december-2024.pdf": [
        "Services to children out of hours",
        "Consistency of practitioners for children and families",
        "Sufficiency of accommodation for children in care and care leavers",
        "Waiting time for early help support",
    ],
    "lancashire-children-s-services-inspection-20-august-2026.pdf": [
        "The recognition and reflection of the needs of young carers, including those receiving support from "
        "statutory children's services, in the child's assessments and plans",
        "The consistency and quality of plans and planning that are focused on addressing the immediate risk "
        "of harm",
        "The management oversight of children living in unregistered children's homes and those who have "
        "their liberty restricted through Deprivation of Liberty orders",
    ],
    "slough-children-s-services-focused-visit-12-january-2026.pdf": [
        "Keeping in touch with and supporting care leavers over the age of 18 to ensure their welfare is "
        "safeguarded and promoted in line with statutory duties and care leaver entitlements",
        "Management oversight, including the supervision of staff",
        "Performance management and quality assurance arrangements",
        "The consistency of planning for care leavers",
        "How manageable workers' caseloads are, so that they have sufficient time to enable stronger and "
        "more consistent practice with care leavers",
    ],
    "rotherham-children-s-services-focused-visit-04-december-2020.pdf": [
        "The quality and monitoring of children's plans",
        "Placement sufficiency to reduce the need for children to be placed out of authority and in "
        "unregistered provision",
        "The timeliness of children in care accessing education",
        "The timely return to full-time education for children with SEND",
    ],
}


def ground_truth() -> dict:
    path = OFSTED / "reports" / "ground_truth.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def real_pdfs() -> list[Path]:
    """The reports and letters whose recommendations are pinned here (more-reports/ is for make
    eval-reports)."""
    return sorted(p for folder in ("reports", "focused-visits") for p in (OFSTED / folder).glob("*.pdf"))


@functools.lru_cache(maxsize=None)
def real_report(path: Path) -> tuple[str, dict]:
    text = extract_text(path.read_bytes(), "application/pdf").text
    return text, report_facts(text)


def expected_judgements(name: str, row: dict) -> dict:
    if name in PINNED:
        return PINNED[name]
    return {scope: row[column] for scope, column in GRADE_COLUMNS.items() if row[column] not in NO_FACT}


needs_shared = pytest.mark.skipif(not OFSTED.exists(), reason="../shared/data/ofsted not present")
REPORT_ROWS = sorted(ground_truth().items())


@needs_shared
@pytest.mark.parametrize("name,row", REPORT_ROWS, ids=[name.split("-children")[0] for name, _ in REPORT_ROWS])
def test_real_report_judgements(name, row):
    text, facts = real_report(OFSTED / "reports" / name)
    assert ratings_by_scope(facts) == expected_judgements(name, row)
    assert [re.sub(r"\W", "", name.lower()) for name in facts["councils"]] == [
        re.sub(r"\W", "", row["local_authority"])
    ]
    assert all(r["council_code"] for r in facts["ratings"] + facts["recommendations"])
    assert_offsets(text, facts)


@needs_shared
@pytest.mark.parametrize("name,row", REPORT_ROWS, ids=[name.split("-children")[0] for name, _ in REPORT_ROWS])
def test_real_report_dates(name, row):
    _, facts = real_report(OFSTED / "reports" / name)
    if row["inspection_start_date"]:
        day, month, year = row["inspection_start_date"].split("/")
        expected_start = f"{year}-{month}-{day}"
        day, month, year = row["inspection_end_date"].split("/")
        expected = (expected_start, f"{year}-{month}-{day}")
    else:
        expected = PINNED_DATES[name]
    assert (facts["inspection"]["start"], facts["inspection"]["end"]) == expected
    assert all(r["as_of"] == expected[1][:7] for r in facts["ratings"] if r["when"] == "current")


PDF_IDS = [p.name.split("-children")[0] + ("-fv" if "focused" in p.name else "") for p in real_pdfs()]


@needs_shared
@pytest.mark.parametrize("path", real_pdfs(), ids=PDF_IDS)
def test_real_recommendations(path):
    text, facts = real_report(path)
    assert is_ofsted_report(text)
    texts = [r["text"] for r in facts["recommendations"]]
    assert len(texts) == RECOMMENDATION_COUNTS[path.name]
    if path.name in RECOMMENDATION_TEXTS:
        assert texts == RECOMMENDATION_TEXTS[path.name]
    assert_offsets(text, facts)
    for item in texts:
        assert_no_debris(item)


DEBRIS = [
    r"\u2022",
    r"\n",
    r"Inspection of .* children's services",
    r"\b\d{1,2} to \d{1,2} \w+ \d{4}",
    r"Piccadilly",
    r"national framework",
    r"[a-z.?)]\d$",
    r"\s{2,}",
    r"[.;,]$",
    r"\b\w+-\s",
    r"^\d",
    r"www\.",
]


def assert_no_debris(item: str):
    for pattern in DEBRIS:
        assert not re.search(pattern, item, re.IGNORECASE), (pattern, item)


@needs_shared
def test_real_focused_visits_have_dates_and_council():
    for path in sorted((OFSTED / "focused-visits").glob("*.pdf")):
        _, facts = real_report(path)
        assert facts["inspection"]["type"] == "focused_visit"
        assert (facts["inspection"]["start"], facts["inspection"]["end"]) == PINNED_DATES[path.name]
        assert facts["councils"][0].lower().replace("-", " ") in path.name.replace("-", " ")
        assert ratings_by_scope(facts) == {}
