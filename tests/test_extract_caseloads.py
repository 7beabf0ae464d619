"""Caseload figures in news, press-release and minutes phrasing: positives and traps, with evidence
offsets."""

import pytest
from evidence import facts_with_evidence

from extractors import extract_facts


def caseloads(text, published=None):
    return facts_with_evidence("caseloads", text, published)


POSITIVES = [
    # (text, published, [(value, measure, qualifier, as_of, council)])
    (
        "Social workers at Rotherham Council now have an average caseload of 16.",
        "2023-06-01",
        [(16, "average", None, "2023-06", "Rotherham")],
    ),
    (
        "Average caseloads in Hull have fallen from 24 in April 2022 to 18 in April 2023, the report says.",
        None,
        [
            (24, "average", None, "2022-04", "Kingston upon Hull"),
            (18, "average", None, "2023-04", "Kingston upon Hull"),
        ],
    ),
    (
        "Wigan Council has capped caseloads at a maximum of 18 children per social worker.",
        None,
        [(18, "maximum", None, None, "Wigan")],
    ),
    (
        "The council's target is for each social worker to hold no more than 15 cases.",
        None,
        [(15, "target", None, None, None)],
    ),
    (
        "Some social workers in Croydon had caseloads of over 50, inspectors found.",
        None,
        [(50, "individual", ">", None, "Croydon")],
    ),
    (
        "Caseloads in the assessment team were in the mid 20s, according to Ofsted.",
        None,
        [(25, "average", "~", None, None)],
    ),
    ("Kent's social workers hold caseloads in the low 20s.", None, [(22, None, "~", None, "Kent")]),
    (
        "Caseloads across Norfolk's family support teams are between 18 and 22 children.",
        None,
        [(20, "unspecified", None, None, "Norfolk")],
    ),
    (
        "Social workers in Slough Borough Council's children's services have caseloads of around twenty.",
        None,
        [(20, None, "~", None, "Slough")],
    ),
    (
        "The average caseload is now 17, Derbyshire County Council said.",
        "2024-09-11",
        [(17, "average", None, "2024-09", "Derbyshire")],
    ),
    (
        "Members heard that average caseloads in Bradford were 19.4 in January 2024, against 17.8 "
        "nationally.",
        None,
        [(19.4, "average", None, "2024-01", "Bradford"), (17.8, "average", None, None, None)],
    ),
    (
        "Newly qualified social workers in Leeds hold a maximum of 12 cases in their first year.",
        None,
        [(12, "maximum", None, None, "Leeds")],
    ),
    ("In Torbay, one social worker was holding 41 cases.", None, [(41, None, None, None, "Torbay")]),
    (
        "Personal advisers in Wigan support an average of 22 young people each.",
        None,
        [(22, "average", None, None, "Wigan")],
    ),
    (
        "Caseloads in Thurrock's assessment service range from 22 to 31 children.",
        None,
        [(26.5, None, None, None, "Thurrock")],
    ),
    (
        "Caseloads in the children looked after teams are more stable, in the mid-teens.",
        None,
        [(15, None, "~", None, None)],
    ),
    (
        "Sheffield's average caseload dropped from 24 children in September 2023 to 17 in September 2024.",
        None,
        [(24, "average", None, "2023-09", "Sheffield"), (17, "average", None, "2024-09", "Sheffield")],
    ),
    (
        "It remains above the national average caseload of 15.4, Sheffield City Council said.",
        None,
        [(15.4, "average", None, None, None)],
    ),
    (
        "Caseloads for social workers in Essex have been reduced to an average of 14 now.",
        "2016-05-03",
        [(14, "average", None, "2016-05", "Essex")],
    ),
    (
        "BMBC has also set a maximum of 20 children for experienced social workers and 14 children for newly "
        "qualified social workers.",
        None,
        [(20, "maximum", None, None, "Barnsley"), (14, "maximum", None, None, "Barnsley")],
    ),
    (
        "The number of cases per social worker in Walsall was in the mid 20s last March.",
        "2019-05-01",
        [(25, None, "~", "2018-03", "Walsall")],
    ),
    ("Social workers in Stockport carry around 16 cases each.", None, [(16, None, "~", None, "Stockport")]),
    (
        "The average caseload in Derbyshire is 19 per worker, compared with 22 at neighbouring "
        "Nottinghamshire.",
        None,
        [(19, "average", None, None, "Derbyshire"), (22, "average", None, None, "Nottinghamshire")],
    ),
    ("Caseloads in Sefton are in the region of 20.", None, [(20, "unspecified", "~", None, "Sefton")]),
    (
        "Lincolnshire's average caseload stands at 14.5 children per worker.",
        None,
        [(14.5, "average", None, None, "Lincolnshire")],
    ),
    (
        "The caseload cap of 18 children per social worker has been kept, Leeds City Council said.",
        None,
        [(18, "maximum", None, None, "Leeds")],
    ),
    (
        "Some newly qualified social workers in Thurrock are holding over 25 children.",
        None,
        [(25, None, ">", None, "Thurrock")],
    ),
    ("Across Cornwall, caseloads averaged 17 in 2023.", None, [(17, "average", None, "2023", "Cornwall")]),
    (
        "Social workers in the duty team at Dudley Council carry caseloads of up to 30.",
        None,
        [(30, "maximum", None, None, "Dudley")],
    ),
    (
        "Caseloads in Croydon rose to 21 last month, up from 18 in the autumn.",
        "2023-05-16",
        [(21, None, None, "2023-04", "Croydon"), (18, None, None, "2022", "Croydon")],
    ),
    (
        "Leaders in Medway had brought caseloads down from 27 in early 2021.",
        None,
        [(27, None, None, "2021", "Medway")],
    ),
    (
        "In March 2023, the average caseload in Somerset was 17.",
        None,
        [(17, "average", None, "2023-03", "Somerset")],
    ),
    (
        "In March last year, caseloads for social workers in Bolton had come down to 17 on average.",
        "2024-06-01",
        [(17, "average", None, "2023-03", "Bolton")],
    ),
    ("Social workers in Bury handle around 18 cases each.", None, [(18, "unspecified", "~", None, "Bury")]),
    (
        "Current caseloads in Bolton average 20.3, a report to the executive says.",
        "2024-11-05",
        [(20.3, "average", None, "2024-11", "Bolton")],
    ),
    (
        "In April, the average caseload in Bolton was 18.",
        "2024-06-01",
        [(18, "average", None, "2024-04", "Bolton")],
    ),
    (
        "In 2023, the average caseload in Bolton was 18.",
        "2024-06-01",
        [(18, "average", None, "2023", "Bolton")],
    ),
    (
        "Caseloads in Bolton fell to an average of 19 in March last year.",
        "2024-06-01",
        [(19, "average", None, "2023-03", "Bolton")],
    ),
    (
        "Caseloads in Bolton stood at 18 in February this year.",
        "2024-06-01",
        [(18, None, None, "2024-02", "Bolton")],
    ),
    (
        "Some social workers at Rochdale Council were holding 40+ cases, inspectors found.",
        None,
        [(40, None, ">", None, "Rochdale")],
    ),
    (
        "Reading Borough Council aspires to reduce caseloads to between 18 and 22 within the next six "
        "months.",
        None,
        [(20, "target", None, None, "Reading")],
    ),
    (
        "West Berkshire's social workers in the court team have high caseloads (74 to 92 children).",
        None,
        [(83, "unspecified", None, None, "West Berkshire")],
    ),
    (
        "Social workers in Salford are each working with about 18 children, Salford City Council said.",
        None,
        [(18, None, "~", None, "Salford")],
    ),
    (
        "Some practitioners in Bury Council's front door team have more than 28 families on their books.",
        None,
        [(28, None, ">", None, "Bury")],
    ),
    (
        "In Luton caseloads averaged 17.2 per practitioner in March 2024, up from 16.8 a year earlier.",
        None,
        [(17.2, "average", None, "2024-03", "Luton"), (16.8, "average", None, "2023-03", "Luton")],
    ),
    (
        "Each social worker in Hull now has an average caseload of 18.5, a council report says.",
        "2024-04-11",
        [(18.5, "average", None, "2024-04", "Kingston upon Hull")],
    ),
    (
        "In Kingston, the average caseload rose to 19 in December, up from 15 in the summer.",
        "2024-02-06",
        [
            (19, "average", None, "2023-12", "Kingston upon Thames"),
            (15, "average", None, "2023", "Kingston upon Thames"),
        ],
    ),
    (
        "Plymouth City Council has pledged to bring caseloads down to 16 by the end of 2025.",
        None,
        [(16, "target", None, "2025", "Plymouth")],
    ),
    (
        "Each social worker at Bury Council looks after an average of 21 children per worker. That compares "
        "with a national average of 16.6.",
        None,
        [(21, "average", None, None, "Bury"), (16.6, "average", None, None, None)],
    ),
    (
        "Social workers at Halton Borough Council are each responsible for 19 children on average.",
        None,
        [(19, "average", None, None, "Halton")],
    ),
    (
        "Average caseloads at Leicestershire County Council had increased to 20 from 17 twelve months "
        "earlier.",
        None,
        [(20, "average", None, None, "Leicestershire"), (17, "average", None, None, "Leicestershire")],
    ),
    (
        "Bury Council caseload report\n\nMeasure\tBury\tNorth West\nAverage caseload\t21.5\t17.9",
        None,
        [(21.5, "average", None, None, "Bury")],
    ),
    (
        "The average caseload in Greenwich is 17.2, with the highest caseloads, of up to 24 children, in the "
        "assessment teams.",
        None,
        [(17.2, "average", None, None, "Greenwich"), (24, "maximum", None, None, "Greenwich")],
    ),
    (
        "Social workers in Calderdale have manageable caseloads, with most holding between 15 and 18 "
        "children.",
        None,
        [(16.5, "unspecified", None, None, "Calderdale")],
    ),
    (
        "Newly qualified social workers in Bury hold around 15 cases.",
        None,
        [(15, "unspecified", "~", None, "Bury")],
    ),
    (
        "Cheshire East Council aims to cut caseloads to an average of 18 by next summer.",
        None,
        [(18, "target", None, None, "Cheshire East")],
    ),
    (
        "Wigan Council wants to reduce caseloads, which average 21 children per social worker.",
        None,
        [(21, "average", None, None, "Wigan")],
    ),
    (
        "Hackney Council has reduced the number of agency social workers to 33, and caseloads have come down "
        "to 15 a worker.",
        None,
        [(15, "average", None, None, "Hackney")],
    ),
    (
        "Social workers in Torbay's assessment teams hold an average of 23 children, and a small number hold "
        "more than 30.",
        None,
        [(23, "average", None, None, "Torbay"), (30, "individual", ">", None, "Torbay")],
    ),
    (
        "Each Barnsley social worker is now working with 18 families on average.",
        "2024-01-10",
        [(18, "average", None, "2024-01", "Barnsley")],
    ),
    (
        "In Bury the average caseload is 16, above the regional average of 15.2 and below the 17.8 national "
        "figure.",
        None,
        [
            (16, "average", None, None, "Bury"),
            (15.2, "average", None, None, None),
            (17.8, "average", None, None, None),
        ],
    ),
    (
        "Some social workers at Barnsley Council have had caseloads of 40 or more, the union said.",
        None,
        [(40, "individual", ">", None, "Barnsley")],
    ),
    (
        "Social workers at Barnsley Council have caseloads of 15–18 children.",
        None,
        [(16.5, "unspecified", None, None, "Barnsley")],
    ),
    (
        "The average caseload for Barnsley social workers is 18\u00a0children.",
        None,
        [(18, "average", None, None, "Barnsley")],
    ),
    (
        "Walsall's social workers hold an average of 18 children, down from 23 two years ago.",
        "2024-09-05",
        [(18, "average", None, "2024-09", "Walsall"), (23, "average", None, "2022-09", "Walsall")],
    ),
    (
        "Walsall's social workers hold an average of 18 children, down from 21 seven months ago.",
        "2024-09-05",
        [(18, "average", None, "2024-09", "Walsall"), (21, "average", None, "2024-02", "Walsall")],
    ),
    (
        "Social workers at Wigan Council held an average of 19 cases each. At Bolton Council the average was "
        "23.",
        None,
        [(19, "average", None, None, "Wigan"), (23, "average", None, None, "Bolton")],
    ),
    (
        "Social workers in some councils hold 24 cases as others hold 11\n\n"
        "Social workers at Wigan Council held an average of 24 cases each, while at Rutland it was just 11 "
        "cases each.",
        None,
        [(24, "average", None, None, "Wigan"), (11, "average", None, None, "Rutland")],
    ),
    (
        "Councils supplied the average caseload of their children's social workers in March 2024:\n\n"
        "- Bolton: 18\n- Wigan: 22.5\n- Bury: 16\n",
        None,
        [
            (18, "average", None, "2024-03", "Bolton"),
            (22.5, "average", None, "2024-03", "Wigan"),
            (16, "average", None, "2024-03", "Bury"),
        ],
    ),
    (
        "Bury Council caseload report\n\nMeasure Bury England\nAverage caseload 18.2 16.3",
        None,
        [(18.2, "average", None, None, "Bury"), (16.3, "average", None, None, None)],
    ),
    (
        "The average caseload at each council was:\n\n- Bolton: 18\n- Wigan: 21\n\n"
        "The national average, the DfE says, is 16.3.",
        None,
        [
            (18, "average", None, None, "Bolton"),
            (21, "average", None, None, "Wigan"),
            (16.3, "average", None, None, None),
        ],
    ),
]


@pytest.mark.parametrize("text,published,expected", POSITIVES)
def test_caseload_figures(text, published, expected):
    found = caseloads(text, published)
    assert len(found) == len(expected), found
    for fact, (value, measure, qualifier, as_of, council) in zip(found, expected, strict=True):
        assert fact["value"] == value
        if measure:
            assert fact["measure"] == measure
        assert fact["qualifier"] == qualifier
        assert fact["as_of"] == as_of
        assert fact["council"] == council


@pytest.mark.parametrize(
    "text,roles",
    [
        (
            "BMBC has also set a maximum of 20 children for experienced social workers and 14 children for "
            "newly qualified social workers.",
            ["experienced social workers", "newly qualified social workers"],
        ),
        (
            "Derbyshire County Council said it had recruited 21 newly qualified social workers this year and "
            "that its average caseload was 17.",
            [None],
        ),
    ],
)
def test_caseload_roles(text, roles):
    assert [f["role"] for f in caseloads(text)] == roles


TRAPS = [
    "Social workers in Bury handled 300 child protection cases last year.",
    "Social workers in Barnsley have seen their caseloads reduced by 54 per cent.",
    "Watch on Freeview 262 for the latest on caseloads in Barnsley.",
    "The council employs 120 social workers, and caseloads remain high.",
    "Caseloads are high, with 1,200 children in care in Kent.",
    "Caseloads rose after 12 social workers left in 2022.",
    "In the last 12 months caseloads in Hull have risen sharply.",
    "Caseloads were discussed at the meeting on 17 July.",
    "Since June 22, caseloads have reduced in Barnsley.",
    "The report made 11 recommendations on caseloads and supervision.",
    "Caseloads were high for care leavers aged 16 and 17.",
    "Call 01226 770770 to discuss caseloads with the team.",
    "Caseloads went up in 3 of the 4 locality teams.",
    "1 in 5 social workers said caseloads were unmanageable.",
    "Caseload pressures cost the council £2m last year.",
    "Caseloads fell in 2023 as the council recruited.",
    "The council plans to reduce caseloads over the next 18 months.",
    "A caseload review of 45 families was carried out by the service.",
    "Ofsted said caseloads were too high in the 3 assessment teams.",
    "Caseloads have dropped by 5 since the spring.",
    "Social workers with protected caseloads attended 6 training days.",
    "Caseloads in 16+ teams are significantly higher than in children in care teams.",
    "While personal advisers are allocated before children reach 18, social workers' caseloads are high.",
    "Care-leaving advisers, whose caseloads are heavy, support the five young people in custody well.",
    "Bury Council has 410 children in care. The national average is 71.",
    "Social workers in Bury held caseloads that were too high. The average was 12 weeks for an assessment.",
    "Bury Council caseload report\n\nMeasure North West Yorkshire\nAverage caseload 16.3 17.9",
    "Caseloads in Barnsley are 22\u00a0per cent higher than in 2022.",
    "Barnsley Council recruited 20 national graduate trainees, and caseloads fell.",
    "Caseloads in Barnsley are 22\u00a0% higher than in 2022.",
    "The council's own adult social workers in Derby are handling about 30 cases each, the union said.",
    "SEND case officers at Essex County Council each hold around 45 cases, the report says.",
    "Most read\n1. Croydon social workers handling 30 cases each, union warns\n"
    "2. Bus station revamp approved\n",
    "Councils were asked how many social workers they employ:\n- Bolton: 18\n- Wigan: 22\n",
    "Caseloads by team were as follows\n- Bolton: 18\n- Wigan: 22\n",
    "Councils were asked how many social workers they employ:\n- Bolton: 18\n\nThe national average is 16.3.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_caseloads(text):
    assert caseloads(text) == []


# SCHEMA: a figure stated in the present tense is dated to the published month; past, planned and "from"
# figures are not.
TENSES = [
    ("Social workers in Rochdale hold an average of 17 children each.", [(17, "2024-03")]),
    ("The average caseload in Bolton stands at 19, the report says.", [(19, "2024-03")]),
    ("Caseloads in Wigan have come down to 16 per worker.", [(16, "2024-03")]),
    ("Average caseloads at Bury Council have fallen from 25 to 18.", [(25, None), (18, "2024-03")]),
    (
        "Caseloads for children's social workers range from 13 in Trafford to 22 in Oldham.",
        [(13, "2024-03"), (22, "2024-03")],
    ),
    (
        "Oldham's caseload is 21 per social worker, compared with 17 in neighbouring Tameside.",
        [(21, "2024-03"), (17, "2024-03")],
    ),
    (
        "Social workers in Stockport are being asked to hold up to 26 cases each, the union says.",
        [(26, "2024-03")],
    ),
    # traps: past, past perfect, future, a plan, a forecast
    ("Caseloads in Bolton were 19 per worker, the report said.", [(19, None)]),
    ("Caseloads in Bolton had fallen to 17 per worker.", [(17, None)]),
    ("Newly qualified social workers in Bury will hold no more than 12 cases.", [(12, None)]),
    ("Stockport Council is to cap caseloads at 18 per social worker.", [(18, None)]),
    ("Caseloads in Wigan are expected to fall to 16 per worker.", [(16, None)]),
    ("Social workers in Bury should only take on 14 cases at a time.", [(14, None)]),
    ("Rochdale Council aims to cut caseloads to 15 per worker.", [(15, None)]),
]


@pytest.mark.parametrize("text,expected", TENSES)
def test_present_tense_dated_to_publication(text, expected):
    found = caseloads(text, "2024-03-12")
    assert [(f["value"], f["as_of"]) for f in found] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Caseloads in Wigan rose to 23 last month.", "2024-02"),
        ("Last month, the average caseload in Wigan was 19.", "2024-02"),
    ],
)
def test_last_month_is_the_month_before_publication(text, expected):
    assert [f["as_of"] for f in caseloads(text, "2024-03-12")] == [expected]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The average caseload at 30 September 2023 was 17.4 children per social worker.",
            [(17.4, "2023-09")],
        ),
        (
            "Caseloads in September 2023 were 17 per worker, and in March 2024 they were 19.",
            [(17, "2023-09"), (19, "2024-03")],
        ),
        # the date before belongs to another figure
        ("Caseloads fell from 24 in April 2022 to 18 per worker.", [(24, "2022-04"), (18, None)]),
    ],
)
def test_date_in_the_words_before_the_figure(text, expected):
    assert [(f["value"], f["as_of"]) for f in caseloads(text)] == expected


def test_present_tense_needs_a_publication_date():
    assert [f["as_of"] for f in caseloads("The average caseload in Bolton stands at 19.")] == [None]


# (text, published, [(value, measure, as_of)])
WHOSE_AND_WHAT = [
    # one worker's or one team's own figure is "individual"
    (
        "“We each have between 24 and 28 cases at the moment,” said a social worker in Hartlepool's "
        "assessment team.",
        "2023-05-02",
        [(26, "individual", "2023-05")],
    ),
    (
        "I am holding 32 cases, a Doncaster social worker told the union.",
        "2023-05-02",
        [(32, "individual", "2023-05")],
    ),
    (
        "In Rotherham the largest number of cases being juggled by a single social worker is 39.",
        "2023-05-02",
        [(39, "individual", "2023-05")],
    ),
    (
        "Before the restructure, team members had an average of 19 cases, the manager said.",
        "2023-05-02",
        [(19, "average", None)],
    ),
    # caps, however they are put
    (
        "Newly qualified social workers in Bury should only take on 14 cases at a time, while experienced "
        "staff may take on up to 22.",
        "2023-05-02",
        [(14, "maximum", None), (22, "maximum", None)],
    ),
    (
        "Under the new policy, social workers in Wigan will only hold 16 cases.",
        "2023-05-02",
        [(16, "maximum", None)],
    ),
    # a recommendation is a target
    (
        "Social workers in Sandwell each hold 25 cases, twice Lord Laming's recommendation of an average of "
        "12.",
        "2023-05-02",
        [(25, "average", "2023-05"), (12, "target", None)],
    ),
    # areas' figures are averages: "some areas", and a fraction of a case no worker holds
    (
        "Caseloads differ across the country, with some areas at eight children per practitioner and up to "
        "31.6 in others.",
        None,
        [(8, "average", None), (31.6, "average", None)],
    ),
    ("Some social workers in Bury hold 30 cases.", None, [(30, "individual", None)]),
]


@pytest.mark.parametrize("text,published,expected", WHOSE_AND_WHAT)
def test_caseload_measures(text, published, expected):
    found = caseloads(text, published)
    assert [(f["value"], f["measure"], f["as_of"]) for f in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The two teams each have 12 social workers and caseloads are rising.",
        "The highest number of referrals handled by the front door was 45 in a week.",
        "Committee members heard that an average of 30 cases a month are referred to the team.",
        "The council dealt with an average of 40 cases a week at the front door.",
        "The number of children in care is forecast to rise by around 40 children each year.",
        "For adult social workers, average caseloads range between 15 in Bolton, to 60 in Wigan.",
        "Social workers should only take on new cases after supervision, the 2023 review said.",
        "The recommendation was made at the meeting on 12 March, where caseloads were discussed.",
    ],
)
def test_not_caseloads_of_children_social_workers(text):
    assert caseloads(text, "2023-05-02") == []


def test_children_social_workers_named_after_adult_ones():
    found = caseloads(
        "Unlike adult social workers, children's social workers in Wigan hold an average of 17 cases."
    )
    assert [(f["value"], f["measure"]) for f in found] == [(17, "average")]


def test_a_service_working_with_children_is_not_a_caseload():
    text = "Primary mental health workers are working with an additional 14 young people in care."
    assert caseloads(text) == []


# Lists of each worker's or team's caseload (freedom-of-information answers): one worker's or team's figure
# each.
FOI_ANSWER = """Freedom of information request: caseloads

Request:
Please give the number of children allocated to each social worker, by team. For example:
Social Worker A - Referral Team - 10 children

Response:
The number of children allocated to each social worker on 3 June 2024 was:

Referral and assessment team: 17, 22 and 19
Child protection team – 14, 16
• Social worker 1 (ASYE) - 8 children
• Leaving care - 1 personal adviser - 24 young people
• Court team: 4 SW
• Disabled children's team - 3 social workers - 60 cases
"""


def test_each_workers_caseload_listed_by_team():
    found = caseloads(FOI_ANSWER, "2024-06-20")
    assert [(f["value"], f["measure"], f["as_of"]) for f in found] == [
        (17, "individual", "2024-06"),
        (22, "individual", "2024-06"),
        (19, "individual", "2024-06"),
        (14, "individual", "2024-06"),
        (16, "individual", "2024-06"),
        (8, "individual", "2024-06"),
        (24, "individual", "2024-06"),
    ]
    assert found[0]["role"] == "referral and assessment team" and found[-1]["role"] == "leaving care"


def test_request_examples_and_team_totals_are_turned_down_with_reasons():
    rejected = {
        r["quote"]: r["reason"]
        for r in extract_facts(FOI_ANSWER, published="2024-06-20")["rejected"]
        if r["kind"] == "caseloads"
    }
    assert (
        rejected["Social Worker A - Referral Team - 10 children"]
        == "an example in the request, not the answer"
    )
    assert "several workers" in rejected["Disabled children's team - 3 social workers - 60 cases"]


@pytest.mark.parametrize(
    "text,published,expected",
    [
        (
            "Average caseloads by team in March 2024:\nAssessment team: 19\nChildren in care team: 15.\n",
            None,
            [(19, "average", "2024-03"), (15, "average", "2024-03")],
        ),
        (
            "Please state each practitioner's current caseload.\n\nAnswer:\nLong-term team – 21, 18, 24 …\n",
            "2024-02-01",
            [(21, "individual", None), (18, "individual", None), (24, "individual", None)],
        ),
        # a verbless figure in a freedom-of-information answer is as at the reply
        (
            "Freedom of information response\n\nCIN team - 12 social workers - 17 cases each on average.",
            "2024-06-20",
            [(17, "average", "2024-06")],
        ),
        (
            "Team summary\n\nCIN team - 12 social workers - 17 cases each on average.",
            "2024-06-20",
            [(17, "average", None)],
        ),
    ],
)
def test_caseload_rows(text, published, expected):
    found = caseloads(text, published)
    assert [(f["value"], f["measure"], f["as_of"]) for f in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Social workers employed in each team at 31 March:\nAssessment team: 14\nChildren in care team: 11\n",
        "Caseload information by team:\nAssessment team: 6 social workers\nCourt team: 4 SW\n",
        "Caseloads by team:\nAssessment team: 120 cases\n",
        "Caseload review panel dates:\nPanel 1 - 12\nPanel 2 - 14\n",
        "Our teams support children's caseloads.\nTeam meeting rooms: 4\n",
        "The training budget allocated to each team is listed below.\nAssessment team: 12\nCourt team: 14\n",
    ],
)
def test_not_caseload_rows(text):
    assert caseloads(text, "2024-06-20") == []


def test_counts_of_workers_under_a_caseload_lead_are_not_caseloads():
    text = (
        "Workforce and caseload figures for the children's services committee, March 2024:\n"
        "Number of agency social workers: 12\nTotal social workers: 85\nAgency team: 9\n"
    )
    assert caseloads(text) == []


# (text, [(value, measure, qualifier)]): caps put as negations, one worker's figure, and levels with "over"
CAPS_AND_LEVELS = [
    ("One social worker in the Barnet assessment team was carrying 38 cases.", [(38, "individual", None)]),
    ("No social worker in Bury's court team holds more than 19 children.", [(19, "maximum", None)]),
    (
        "Social workers in Wigan will not be asked to take on more than 17 children under the new policy.",
        [(17, "maximum", None)],
    ),
    (
        "ASYEs in Bolton have caseloads kept at no\nmore than 11 children in their first year.",
        [(11, "maximum", None)],
    ),
    ("In some locality teams in Bolton, practitioners hold up to 27 children.", [(27, "maximum", None)]),
    ("Caseloads in Bolton are in excess of 24.", [(24, "unspecified", ">")]),
    (
        "Average caseloads are 16 in Wigan, though a small number of workers hold more than 25.",
        [(16, "average", None), (25, "individual", ">")],
    ),
    # the negation belongs to another clause
    ("Caseloads have not fallen, with some workers holding more than 30 cases.", [(30, "individual", ">")]),
    # a count of workers, not what they hold
    ("Caseloads are falling because the number of social workers has risen to 48.", []),
]


@pytest.mark.parametrize("text,expected", CAPS_AND_LEVELS)
def test_caps_and_levels(text, expected):
    assert [(f["value"], f["measure"], f["qualifier"]) for f in caseloads(text)] == expected


# (text, [(value, measure, qualifier, as_of)]) published 2024-03-12: more ways of saying who holds how many
MORE_WAYS = [
    ("One agency social worker in Slough had 33 cases.", [(33, "individual", None, None)]),
    ("A Wigan social worker said she was holding 36 cases when she left.", [(36, "individual", None, None)]),
    (
        "Child protection practitioners in Bury typically manage around 21 cases.",
        [(21, "unspecified", "~", "2024-03")],
    ),
    ("Each practitioner in Hull now has 17 children allocated.", [(17, "average", None, "2024-03")]),
    (
        "Caseloads at Bolton average 19, compared with 15 in Bury.",
        [(19, "average", None, "2024-03"), (15, "average", None, "2024-03")],
    ),
    (
        "Newly qualified social workers in Rochdale have a protected caseload of 9 children.",
        [(9, "maximum", None, "2024-03")],
    ),
    ("Staff in Oldham will not hold more than 21 cases under the new model.", [(21, "maximum", None, None)]),
    ("Practitioners in Salford each have 22 to 26 cases.", [(24, "unspecified", None, "2024-03")]),
    (
        "An average caseload of 18 in Bolton compares with 16.3 nationally.",
        [(18, "average", None, None), (16.3, "average", None, "2024-03")],
    ),
    # traps
    ("The team manager had 30 cases of concern escalated last year.", []),
    ("Managers managed 25 staff across the service.", []),
    ("Social workers had 40 cases referred to them in March.", []),
    ("Members noted that 18 cases were held by agency staff.", []),
    ("Social workers said 25 children are allocated to the duty team each week.", []),
]


@pytest.mark.parametrize("text,expected", MORE_WAYS)
def test_more_ways_of_stating_caseloads(text, expected):
    found = caseloads(text, "2024-03-12")
    assert [(f["value"], f["measure"], f["qualifier"], f["as_of"]) for f in found] == expected


# Tables flattened one row a line under a heading naming the columns: (text, [(value, measure, as_of, council,
# role)])
TABLES = [
    (
        "Caseloads by team at 1 April 2024\n\nTeam  Social workers  Average caseload\nAssessment  14  19\n"
        "Children in care  12  16\n",
        [
            (19, "average", "2024-04", None, "assessment"),
            (16, "average", "2024-04", None, "children in care"),
        ],
    ),
    (
        "Staffing by team\n\nTeam Social workers Caseload\nAssessment 14 19\nLeaving care 6 22\n",
        [(19, "individual", None, None, "assessment"), (22, "individual", None, None, "leaving care")],
    ),
    ("Team  Caseload  Vacancy rate\nAssessment  19  12%\n", [(19, "individual", None, None, "assessment")]),
    (
        "Children's services performance\n\nMeasure  March 2023  March 2024\nAverage caseload  18.2  16.9\n",
        [(18.2, "average", "2023-03", None, None), (16.9, "average", "2024-03", None, None)],
    ),
    (
        "Workforce report\n\nIndicator 2022 2023\nAverage caseload 18.2 16.9\n",
        [(18.2, "average", "2022", None, None), (16.9, "average", "2023", None, None)],
    ),
    (
        "Wigan Council workforce report\n\nThe table below shows the position at 31 January 2024.\n\n"
        "Measure Wigan England\nAverage caseload 19.4 16.3\n",
        [(19.4, "average", "2024-01", "Wigan", None), (16.3, "average", "2024-01", None, None)],
    ),
    # no caseload column, or no heading naming one
    ("Team  Social workers  Vacancies\nAssessment  14  3\n", []),
    ("Caseloads are discussed below\nAssessment 14 19\n", []),
]


@pytest.mark.parametrize("text,expected", TABLES)
def test_caseloads_in_flattened_tables(text, expected):
    found = caseloads(text)
    assert [(f["value"], f["measure"], f["as_of"], f["council"], f["role"]) for f in found] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Social workers in Kent work with 18 children each.", [(18, "2024-03")]),
        ("Personal advisers in Kent support an average of 25 young people.", [(25, "2024-03")]),
        ("Social workers in Kent look after 19 children each.", [(19, "2024-03")]),
        ("Family support workers in Kent held 12 cases each.", [(12, None)]),
    ],
)
def test_present_verbs_known_by_the_word_after_them(text, expected):
    assert [(f["value"], f["as_of"]) for f in caseloads(text, "2024-03-12")] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Some social workers in Bolton have caseloads of 26-plus.", [(26, "individual", ">")]),
        ("Social workers in Bolton hold 30 plus cases each.", [(30, "unspecified", ">")]),
        ("Social workers in Bolton are responsible for upwards of 28 children.", [(28, "unspecified", ">")]),
        ("The council is responsible for 45 children placed out of area.", []),
    ],
)
def test_at_least_and_responsible_for(text, expected):
    assert [(f["value"], f["measure"], f["qualifier"]) for f in caseloads(text)] == expected


def test_a_rows_team_abbreviation_is_spelled_out():
    text = "Caseloads of each social worker:\n• SW CIN: 18\n• SW CWD review team: 31\n"
    assert [f["role"] for f in caseloads(text)] == [
        "children in need",
        "children with disabilities review team",
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Caseloads in Bury are well above the 12 recommended by Lord Laming.", [(12, "target")]),
        ("Social workers in Bury have between 23 and 27 cases.", [(25, "unspecified")]),
        ("Social workers in Bury have up to 30 cases.", [(30, "maximum")]),
        ("Social workers in Bury have 3 cases of burnout a month.", []),
    ],
)
def test_recommended_after_and_have_n_cases(text, expected):
    assert [(f["value"], f["measure"]) for f in caseloads(text)] == expected


def test_hold_patterns_run_where_caseloads_py_looks_for_workers():
    """The jsonl cannot name caseload_rules.json's worker_words, so it repeats them: they must agree."""
    from extractors.caseloads import WORKER_WORDS
    from extractors.wordlists import load_patterns

    also = [set(p["also"]) for p in load_patterns("caseloads.jsonl") if p["label"] == "HOLD" and "also" in p]
    assert also and all(words == set(WORKER_WORDS) for words in also)


# Lists and tables in councils' answers and reports: (text, [(value, measure, as_of, council)])
LISTS_AND_TABLES = [
    # a team's row with a decimal figure under an average's lead
    (
        "Average caseload by service at 30 June 2022 was as follows:\n\n"
        "Fostering and permanence service - 14.6\n\nFront door service - 21.3\n",
        [(14.6, "average", "2022-06", None), (21.3, "average", "2022-06", None)],
    ),
    (
        "Mean caseloads per team, March 2021:\n• Court team: 17.5\n• Disabled children's team: 12.8\n",
        [(17.5, "average", "2021-03", None), (12.8, "average", "2021-03", None)],
    ),
    # councils ranked in a numbered list, a dash before each figure, and a second part under its own heading
    (
        "Average caseloads (children per worker, March 2020), highest first:\n1. Bolton - 24.1\n"
        "2. Wigan - 22.9\n\nLowest:\nBury - 13.2\n",
        [
            (24.1, "average", "2020-03", "Bolton"),
            (22.9, "average", "2020-03", "Wigan"),
            (13.2, "average", "2020-03", "Bury"),
        ],
    ),
    (
        "Councils with the heaviest caseloads in 2019:\n1) Rochdale - 25\n2) Oldham - 23\n",
        [(25, "average", "2019", "Rochdale"), (23, "average", "2019", "Oldham")],
    ),
    # a table whose cells are split by bars
    (
        "Team | Social workers | Average caseload\nFront door | 12 | 19.5\nCourt | 8 | 22\n",
        [(19.5, "average", None, None), (22, "average", None, None)],
    ),
    ("| Team | Caseload | Agency staff |\n| Assessment | 18 | 3 |\n", [(18, "individual", None, None)]),
    (
        "| Service | Average caseload |\n|---|---|\n| Front door | 21.5 |\n| Court | 17 |\n",
        [(21.5, "average", None, None), (17, "average", None, None)],
    ),
    # a table flattened one cell a line: each column's date and place
    (
        "Table 2: workforce\n\nIndicator\nBolton (31 March 2024)\nEngland (30 September 2023)\n"
        "Turnover rate\n15.5%\n17.1%\nAverage caseload\n17.2\n16.3\n",
        [(17.2, "average", "2024-03", "Bolton"), (16.3, "average", "2023-09", None)],
    ),
    (
        "Measure\nJune 2022\nDecember 2022\nAgency social workers\n41\n38\n"
        "Average caseload per social worker\n21.5\n19.5\n",
        [(21.5, "average", "2022-06", None), (19.5, "average", "2022-12", None)],
    ),
    # a team's row of statistics: the mean is an average, the lowest and highest one worker's caseload
    (
        "Caseloads by team on 1 May 2024 were as set out below.\n\n"
        "Assessment team - mean 18.4; lowest 9; highest 26\nCourt team - median 16, highest 23\n",
        [
            (18.4, "average", "2024-05", None),
            (9, "individual", "2024-05", None),
            (26, "individual", "2024-05", None),
            (16, "average", "2024-05", None),
            (23, "individual", "2024-05", None),
        ],
    ),
    (
        "Caseloads per worker, 1 May 2024\nTeam: Front Door (North): average 20.5, min 12, max 29\n",
        [
            (20.5, "average", "2024-05", None),
            (12, "individual", "2024-05", None),
            (29, "individual", "2024-05", None),
        ],
    ),
    # traps: lists and tables of other things
    ("The training budget per team is listed below.\nAssessment team: 12.5\n", []),
    ("Councils with the most agency social workers:\n1. Bolton - 24\n2. Wigan - 22\n", []),
    ("Agency staff numbers:\n1. Bolton - 24\n\nLowest:\nBury - 13\n", []),
    ("Team | Social workers | Vacancies\nFront door | 12 | 3\n", []),
    ("Referrals by team:\nAssessment team - mean 18.4; lowest 9; highest 26\n", []),
    (
        "Measure\nCourt team\nFront door\nAverage caseload\n21.5\n19.5\n",
        [(21.5, "average", None, None), (19.5, "average", None, None)],
    ),
    ("Measure\nJune 2022\nDecember 2022\nSocial workers (FTE)\n41\n38\nVacancy rate\n12.5%\n9.5%\n", []),
    # a sentence with two statistics is the sentence reader's, read once
    (
        "Caseloads by team were reviewed.\nCaseloads in the assessment team average 19, with a maximum of 27 "
        "for one worker",
        [(19, "average", None, None), (27, "maximum", None, None)],
    ),
]


@pytest.mark.parametrize("text,expected", LISTS_AND_TABLES)
def test_caseloads_in_lists_and_tables(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [(f["value"], f["measure"], f["as_of"], f["council"]) for f in found] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # the figure after "and (of)" shares the measure of the figure it is joined to, however far back its
        # word is
        (
            "Wigan's caseload policy sets a limit of 16 children for newly qualified staff in the Assessed "
            "and Supported Year in Employment and of 21 for everyone else.",
            [(16, "maximum", "2024-06"), (21, "maximum", "2024-06")],
        ),
        (
            "Bolton caps caseloads at 12 for social workers in their first year of practice in the front "
            "door service and at 18 for experienced staff.",
            [(12, "maximum", "2024-06"), (18, "maximum", "2024-06")],
        ),
        # a figure with its own measure word keeps it
        (
            "Caseloads in Bury are capped at 20 for each social worker in the county's locality teams and "
            "average 16.",
            [(20, "maximum", "2024-06"), (16, "average", "2024-06")],
        ),
        # a count of the workers, not what they hold
        ("There were 140 case-holding social workers in Bury, of whom 21 were agency staff.", []),
        ("Bolton's 96 social workers hold caseloads, of whom 30 work in the assessment teams.", []),
    ],
)
def test_coordinated_figures_and_parts_of_counts(text, expected):
    assert [(f["value"], f["measure"], f["as_of"]) for f in caseloads(text, "2024-06-20")] == expected


# The sentence after a caseload sentence may name only "the average" or a figure for a place; "allocated",
# "capped at" are holding verbs where workers are named: (text, [(value, measure, as_of)]) published
# 2024-06-20
ELLIPTICAL_AVERAGES = [
    (
        "Caseloads at Bolton Council have fallen this year. The average across its locality teams is now 17.",
        [(17, "average", "2024-06")],
    ),
    (
        "Each frontline social worker in Wigan holds 21 children. In the court team the average was 24.",
        [(21, None, "2024-06"), (24, "average", None)],
    ),
    (
        "Oldham publishes caseloads every quarter. Teams in the north of the borough currently average 22.",
        [(22, "average", "2024-06")],
    ),
    (
        "Average caseloads in Bury fell to 16 in March. Across England the average stood at 17.1 a year "
        "earlier. Rochdale reported an average of 19.",
        [(16, "average", "2024-03"), (17.1, "average", "2023-03"), (19, "average", None)],
    ),
    (
        "Social workers in Bury carry heavy caseloads. The most recent figure for England was 16.3.",
        [(16.3, "average", None)],
    ),
    (
        "The average number of children allocated to each qualified social worker in Bolton is 17.",
        [(17, "average", "2024-06")],
    ),
    (
        "One practitioner in Wigan's front door team had been allocated 29 children.",
        [(29, "individual", None)],
    ),
    ("Newly qualified staff in Bury are capped at 12 cases.", [(12, "maximum", "2024-06")]),
    ("Agency practitioners in Wigan are limited to 20 children.", [(20, "maximum", "2024-06")]),
    (
        "Caseloads in Bury are 21 per worker. The recruits are expected to bring the average down to 18 by "
        "the spring.",
        [(21, None, "2024-06"), (18, "target", "2025")],
    ),
    (
        "The average caseload in Bolton is 19 children. New posts should take the average to 16.",
        [(19, "average", "2024-06"), (16, "target", None)],
    ),
    ("Wigan kept the caseload cap of 20 that its director set.", [(20, "maximum", None)]),
    # traps: the average of something else, a cap on something else, children allocated
    (
        "Caseloads in Bury are 18 per worker. The average age of a child entering care is 11.",
        [(18, None, "2024-06")],
    ),
    ("Caseloads in Bolton are 17. The average placement lasted 14 months.", [(17, None, "2024-06")]),
    ("Bolton Council has 410 children in care. The average for the region is 71.", []),
    ("Pay rises for staff in Bury are capped at 3 per cent.", []),
    ("Thirty-one children were allocated a social worker in Wigan last month.", []),
    ("Social workers in Bury said 40 children were allocated to the duty team.", []),
]


@pytest.mark.parametrize("text,expected", ELLIPTICAL_AVERAGES)
def test_elliptical_averages_and_more_holding_verbs(text, expected):
    found = caseloads(text, "2024-06-20")
    assert len(found) == len(expected), found
    for fact, (value, measure, as_of) in zip(found, expected, strict=True):
        assert (fact["value"], fact["as_of"]) == (value, as_of)
        if measure:
            assert fact["measure"] == measure


@pytest.mark.parametrize(
    "text,expected",
    [
        # a date after "on average" or "each"
        ("Social workers in Bolton held 18.2 cases on average at the end of March.", [(18.2, "2024-03")]),
        ("Practitioners in Wigan carried 20 children each in January 2024.", [(20, "2024-01")]),
        # or after a "when" clause
        (
            "Caseloads in Bury have fallen to 17, from 26 when the council was judged inadequate in March "
            "2022.",
            [(17, "2024-06"), (26, "2022-03")],
        ),
        ("Caseloads in Bolton stood at 30 when Ofsted visited in November 2023.", [(30, "2023-11")]),
        ("Caseloads in Bolton stood at 30 when the service was in crisis.", [(30, None)]),
        # dated from the figure compared: a year before it, or its own date "for the same period"
        (
            "Bolton's average caseload was 18.2 in March 2024. Across England the average stood at 16.9 at "
            "the same point last year. Wigan reported an average of 21 for the same period.",
            [(18.2, "2024-03"), (16.9, "2023-03"), (21, "2024-03")],
        ),
        (
            "Caseloads in Bury averaged 17 in September 2023, against 19 at the same time a year earlier.",
            [(17, "2023-09"), (19, "2022-09")],
        ),
        # nothing dated to compare with
        (
            "Caseloads in Bury were 17 per worker, against 19 at the same time a year earlier.",
            [(17, None), (19, None)],
        ),
    ],
)
def test_dates_after_a_tail_and_from_the_figure_compared(text, expected):
    assert [(f["value"], f["as_of"]) for f in caseloads(text, "2024-06-20")] == expected


# (text, [(value, measure, qualifier)]): where a planned or forecast change ends is a target; a "typical"
# caseload an average; a hyphenated decade is read; a figure in a condition is no fact
PLANS_AND_CONDITIONS = [
    ("Wigan Council expects the new recruits to bring average caseloads down to 17.", [(17, "target", None)]),
    ("Bolton's extra posts were expected to allow caseloads to come down to 18.", [(18, "target", None)]),
    (
        "Officers in Bury want to get caseloads for each social worker down to 16 by the autumn.",
        [(16, "target", None)],
    ),
    ("A typical caseload in Rochdale is about 21 children.", [(21, "average", "~")]),
    ("Social workers in Oldham were holding caseloads in the mid-20s.", [(25, "average", "~")]),
    ("Caseloads for Bury's social workers are in the low-teens.", [(12, None, "~")]),
    (
        "The new posts are designed to bring the average caseload in Bolton down to 17.",
        [(17, "target", None)],
    ),
    ("Extra funding in Wigan is intended to cut caseloads to 18 per worker.", [(18, "target", None)]),
    # a change that happened is no target; a condition is no fact
    ("Average caseloads in Wigan have come down to 17.", [(17, "average", None)]),
    ("Caseloads in Bolton fell to 18 after the recruitment drive.", [(18, None, None)]),
    ("If caseloads in Bury creep back up to 22, social workers will leave.", []),
    ("Unless caseloads per social worker in Wigan fall below 20, agency staff will stay.", []),
]


@pytest.mark.parametrize("text,expected", PLANS_AND_CONDITIONS)
def test_plans_typical_caseloads_decades_and_conditions(text, expected):
    found = caseloads(text)
    assert len(found) == len(expected), found
    for fact, (value, measure, qualifier) in zip(found, expected, strict=True):
        assert (fact["value"], fact["qualifier"]) == (value, qualifier)
        if measure:
            assert fact["measure"] == measure


# A past figure with no date of its own: the date earlier in its sentence (no other figure's), that of the
# visit or inspection it names, or that of the sentence before it in its paragraph: (text, [(value, as_of)]),
# published 2024-06-20
PAST_FIGURES = [
    (
        "After a rise in referrals in February one social worker in Bolton had been allocated 33 children.",
        [(33, "2024-02")],
    ),
    ("In 2021 practitioners in Wigan were carrying caseloads in the high 20s.", [(28, "2021")]),
    ("During the autumn, one practitioner in Bury's court team held 36 cases.", [(36, "2023")]),
    ("The national figure, as at 31 March 2023, was 16.9 children per social worker.", [(16.9, "2023-03")]),
    (
        "Bolton Council was last rated inadequate in 2022. Inspectors found social workers were holding 30 "
        "cases.",
        [(30, "2022")],
    ),
    (
        "Inspectors visited Wigan in April this year.\n\nAt the time of the visit, one social worker was "
        "holding 31 cases.",
        [(31, "2024-04")],
    ),
    (
        "Ofsted carried out its inspection of Rochdale between 3 and 14 March 2024. High caseloads were a "
        "feature of the inspection: one social worker held 40 cases.",
        [(40, "2024-03")],
    ),
    # another figure's date, a "since", a previous inspection, a sentence with figures of its own: no date
    ("Caseloads fell from 24 in April 2022 to 18 per worker.", [(24, "2022-04"), (18, None)]),
    ("Since 2019 one social worker in Bury had held 32 cases.", [(32, None)]),
    ("Bolton recruited 30 social workers in 2022. Caseloads were 19 per worker.", [(19, None)]),
    (
        "At its previous inspection in 2019 Wigan was judged good.\n\n"
        "At the time of the inspection, one social worker was holding 31 cases.",
        [(31, None)],
    ),
    ("Caseloads in Wigan were 19 per worker.", [(19, None)]),
]


@pytest.mark.parametrize("text,expected", PAST_FIGURES)
def test_past_figures_dated_from_their_sentence_or_the_one_before(text, expected):
    assert [(f["value"], f["as_of"]) for f in caseloads(text, "2024-06-20")] == expected


# A worker's own caseload, in their words or a reporter's ("I'm working with 17 children", "she had 35
# families to support"), and "working with" as a holding verb where a worker is named: (text, [(value,
# measure, as_of)]), published 2024-06-20
OWN_CASELOADS = [
    (
        '"These days I\'m working with 19 children, and I can actually get to know them," she said.',
        [(19, "individual", "2024-06")],
    ),
    (
        '"Before I moved to Bolton I had 40 families to support," the practitioner said.',
        [(40, "individual", None)],
    ),
    ("In her last job she was holding 32 cases at once.", [(32, "individual", None)]),
    ('"I currently support 14 young people," said the personal adviser.', [(14, "individual", "2024-06")]),
    ("One social worker in Wigan's court team is working with 27 children.", [(27, "individual", "2024-06")]),
    ("Because of sickness, one practitioner was working with 31 families.", [(31, "individual", None)]),
    # traps: a parent's children, a count of families a service works with, things worked with
    ('"I have four children of my own," she said.', []),
    ("He has 12 children in his extended family.", []),
    ("Bolton's family support service is working with 140 families.", []),
    ("Social workers in Bury are working with 12 schools on the pilot.", []),
    ("Practitioners in Bolton's edge-of-care team are working with an extra 20 children this term.", []),
    ("School health workers in Wigan are working with 16 children in care.", []),
]


@pytest.mark.parametrize("text,expected", OWN_CASELOADS)
def test_a_workers_own_caseload(text, expected):
    assert [(f["value"], f["measure"], f["as_of"]) for f in caseloads(text, "2024-06-20")] == expected


# "The average" in a sentence after a caseload sentence, or after a figureless one that follows it; another
# topic is looked for around the comparison's words, not the whole sentence; a national comparison's figure is
# national however a year parts them: (text, [(value, measure, council)]), published 2024-06-20
COMPARISONS_FURTHER_ON = [
    (
        "Social workers in Bury's locality teams hold 21 children each. Councillors asked how that compared "
        "with the neighbouring boroughs. Bolton Council currently reports an average of 18, still above the "
        "England average for 2023 of 16.3.",
        [(21, None, "Bury"), (18, "average", "Bolton"), (16.3, "average", None)],
    ),
    (
        "Caseloads in Wigan remain too high.\n\nMembers asked what could be done.\n\n"
        "The plan aims to bring them down to an average of 17 and to cut agency use to 10% within two years.",
        [(17, "target", "Wigan")],
    ),
    (
        "Caseloads in Oldham are a concern. The recovery plan wants to reach an average of 19 and to halve "
        "agency spending.",
        [(19, "target", "Oldham")],
    ),
    # traps: two sentences or a sentence with figures of its own between; another topic by the comparison's
    # words
    ("Caseloads in Bury are a concern. The service took 310 referrals in May. The average was 40.", []),
    (
        "Caseloads in Wigan remain high. The chair thanked officers. The meeting then turned to schools. "
        "The average was 24.",
        [],
    ),
    ("Caseloads in Wigan remain high. The national average agency rate is 18.", []),
]


@pytest.mark.parametrize("text,expected", COMPARISONS_FURTHER_ON)
def test_comparisons_further_on(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [(f["value"], f["council"]) for f in found] == [(v, c) for v, _, c in expected]
    for fact, (_, measure, _) in zip(found, expected, strict=True):
        assert measure is None or fact["measure"] == measure


# A table's column per worker ("Average per SW", "Cases per practitioner") is the caseload column, whatever
# the row label says ("All case-holding teams"); a column of children allocated beside it holds each team's
# total; the table's caption dates it: (text, [(value, measure, as_of, role)]), published 2024-06-20
PER_WORKER_COLUMNS = [
    (
        "Table 3 - Allocated children by team, 30 April 2024\nTeam\nSocial workers (FTE)\n"
        "Children allocated\nAverage per SW\nFront door\n9.0\n41\n4.6\nCourt team\n12.5\n270\n21.6\n"
        "All case-holding teams\n21.5\n311\n14.5\n",
        [
            (4.6, "average", "2024-04", "front door"),
            (21.6, "average", "2024-04", "court team"),
            (14.5, "average", "2024-04", "all case-holding teams"),
        ],
    ),
    (
        "Caseloads at the end of March 2024 were as follows.\n\n"
        "Service | Practitioners | Cases per practitioner\nAssessment | 14 | 19.5\n"
        "All case-holding services | 30 | 17\n",
        [(19.5, "average", "2024-03", "assessment"), (17, "average", "2024-03", "all case-holding services")],
    ),
    # traps: the totals and the staff beside the column per worker
    (
        "Team | Children allocated | Average per SW\nCourt team | 48 | 16\n",
        [(16, "average", None, "court team")],
    ),
    (
        "Team | Practitioners (FTE) | Cases per worker\nAll case-holding teams | 31 | 18\n",
        [(18, "average", None, "all case-holding teams")],
    ),
]


@pytest.mark.parametrize("text,expected", PER_WORKER_COLUMNS)
def test_columns_per_worker(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [(f["value"], f["measure"], f["as_of"], f["role"]) for f in found] == expected


# Rows of teams named by their work ("Children in Need / Child Protection: 19.8") right under a line that
# introduces each team's figure per worker and ends with a colon: (text, [(value, measure, role)]), published
# 2024-06-20
TEAM_ROWS_UNDER_A_LEAD = [
    (
        "Average number of cases per qualified worker in each service, June 2024:\n"
        "- Front Door and MASH: 16.5\n- Disabled Children: 11.2\n- Care Leavers (Personal Advisers): 21\n",
        [
            (16.5, "average", "front door and multi-agency safeguarding hub"),
            (11.2, "average", "disabled children"),
            (21, "average", "care leavers"),
        ],
    ),
    (
        "Our caseloads by team are:\nReferral and Assessment - 19\nChildren in Care - 14\n",
        [(19, "individual", "referral and assessment"), (14, "individual", "children in care")],
    ),
    # traps: a lead further up, with other figures listed under a heading of their own; councils; England;
    # counts
    (
        "Average caseloads per worker fell again this quarter, the report to members says.\nOther measures:\n"
        "- Assessments completed on time: 87\n- Children in care: 41\n",
        [],
    ),
    ("Average number of cases per worker in each service:\n- England: 16.3\n- Number of teams: 12\n", []),
]


@pytest.mark.parametrize("text,expected", TEAM_ROWS_UNDER_A_LEAD)
def test_team_rows_under_a_lead(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [(f["value"], f["measure"], f["role"]) for f in found] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a date written in figures, a year after "for"
        (
            "Average caseload per worker in each team as at 31/03/2024:\n- Court Team: 17.5\n",
            [(17.5, "2024-03")],
        ),
        (
            "Caseloads at Bolton Council were 21 per worker, against an England average for 2023 of 16.3.",
            [(21, None), (16.3, "2023")],
        ),
        # a fraction or a pair of figures is no date
        (
            "Average caseload per worker in each team (1/3 of posts vacant):\n- Court Team: 17.5\n",
            [(17.5, None)],
        ),
    ],
)
def test_dates_in_figures_and_after_for(text, expected):
    assert [(f["value"], f["as_of"]) for f in caseloads(text, "2024-06-20")] == expected


# An answer that is a figure alone, under a numbered question about caseloads, takes the question's measure
# and the team its brackets name: (text, [(value, measure, as_of, role)]), published 2024-06-20
FIGURE_ANSWERS = [
    (
        "Q2. What is the largest number of cases any one practitioner currently holds?\n\n"
        "A2. 31 (Court Team).\n",
        [(31, "individual", "2024-06", "court team")],
    ),
    (
        "Question 5: What is the average caseload of a children's social worker in March 2024?\n"
        "Answer 5: 18.4\n",
        [(18.4, "average", "2024-03", None)],
    ),
    (
        "Q1. Do you cap caseloads for newly qualified social workers?\nA1. 12 cases.\n",
        [(12, "maximum", None, None)],
    ),
    # traps: a question about something else, about adults' workers, a different question's number, an answer
    # with more than a figure
    ("Q3. How many social workers left in 2023?\nA3. 26 (Children in Need).\n", []),
    ("Q6. What is the highest caseload held by an adult social care worker?\nA6. 41\n", []),
    (
        "Q7. What is the average caseload per worker?\nA7. Please see the table.\n"
        "Q8. How many agency staff?\nA8. 22\n",
        [],
    ),
    ("Q9. What is the average caseload per worker?\nA9. 19 social workers are agency staff.\n", []),
]


@pytest.mark.parametrize("text,expected", FIGURE_ANSWERS)
def test_figure_answers_to_caseload_questions(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [(f["value"], f["measure"], f["as_of"], f["role"]) for f in found] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # a figure a caseload word names, "of" between, whatever verb follows it
        ("A caseload of 14 lets our social workers in Bury spend real time with each family.", [(14, None)]),
        (
            "An average caseload of around 17 gives Wigan's practitioners room to do direct work.",
            [(17, "average")],
        ),
        ("Bolton says caseloads of 19 allow time for proper supervision.", [(19, None)]),
        # traps: workers, or something else, after the figure
        ("Caseloads of 16 social workers in Bury were audited.", []),
        ("The caseloads of 12 teams in Wigan were reviewed.", []),
    ],
)
def test_a_figure_a_caseload_word_names_before_a_verb(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [f["value"] for f in found] == [v for v, _ in expected]
    for fact, (_, measure) in zip(found, expected, strict=True):
        assert measure is None or fact["measure"] == measure


@pytest.mark.parametrize(
    "text,expected",
    [
        # "no fewer than" is at least, not a cap; the busiest or most stretched worker's figure is one
        # worker's
        (
            "The busiest social worker in Bolton's court team is holding no fewer than 33 cases.",
            [(33, "individual", ">")],
        ),
        (
            "In Wigan the most stretched practitioner was carrying no less than 29 children.",
            [(29, "individual", ">")],
        ),
        ("Caseloads in Bury average no fewer than 21 children per worker.", [(21, "average", ">")]),
        # traps: a count of people; a negated "more than" is still a cap
        ("No fewer than 40 social workers have left Bury this year.", []),
        ("No social worker in Oldham holds more than 22 cases.", [(22, "maximum", None)]),
    ],
)
def test_at_least_and_the_busiest_worker(text, expected):
    assert [(f["value"], f["measure"], f["qualifier"]) for f in caseloads(text, "2024-06-20")] == expected


# Not caseloads: cases moved between teams, a numbered item's number, adults' staff named after the figure or
# in the clause before it; a negated "exceed" is a cap: (text, [(value, measure)]), published 2024-06-20
MOVED_NUMBERED_AND_ADULTS = [
    (
        "After the reallocation of 15 cases per worker to the new hub, caseloads in Bury fell to 19.",
        [(19, None)],
    ),
    (
        "Bolton transferred 11 cases per team to the family help service; the average caseload is now 18.",
        [(18, "average")],
    ),
    (
        "The committee resolved that:\n1. the report be noted;\n"
        "2. caseload figures be reported each quarter.",
        [],
    ),
    ("Recommendations:\n\n4. Caseload data by team to be published monthly.", []),
    ("In adult care, the average caseload is 31 per care manager.", []),
    ("Caseloads in Wigan's adult social care teams average 27.", []),
    ("Our guidance says caseloads should not normally exceed 18.", [(18, "maximum")]),
    ("No social worker's caseload in Oldham may exceed 22 children.", [(22, "maximum")]),
    # traps: children's staff after adults'; a month before the figure, not a modal verb
    (
        "Unlike adult social care, children's social workers in Bury hold 17 cases on average.",
        [(17, "average")],
    ),
    ("Caseloads in Bolton peaked on May 22, officers said.", []),
]


@pytest.mark.parametrize("text,expected", MOVED_NUMBERED_AND_ADULTS)
def test_moved_cases_numbered_items_and_adults_staff(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [f["value"] for f in found] == [v for v, _ in expected]
    for fact, (_, measure) in zip(found, expected, strict=True):
        assert measure is None or fact["measure"] == measure


# A box of the story's figures at its end restates its prose: the row's figure is kept once, in the prose:
# (text, [(value, measure)]), published 2024-06-20
RESTATED_IN_A_BOX = [
    (
        "Bolton Council told us its social workers each hold 19 children on average. In Wigan one worker was "
        "holding 35 cases last month.\n\nHow they compare\nBolton - average caseload 19\n"
        "Wigan - highest caseload 35\n",
        [(19, "average"), (35, "individual")],
    ),
    (
        "Caseloads at Bury Council have come down to 18 per social worker.\n\nAt a glance\n"
        "• Average caseload: 18\n• Agency staff: 12%\n",
        [(18, None)],
    ),
    # traps: a box's figure the prose does not state; a worker's row equal to the prose's average
    (
        "Caseloads at Bury Council have come down, officers said.\n\nAt a glance\n• Average caseload: 17\n",
        [(17, "average")],
    ),
    (
        "The average caseload in Bury is 15.\n\nThe number of children allocated to each social worker on 1 "
        "May 2024 was:\n• Social Worker 1 – 15 children\n"
        "• Social Worker 2 – 21 children\n",
        [(15, "average"), (15, "individual"), (21, "individual")],
    ),
]


@pytest.mark.parametrize("text,expected", RESTATED_IN_A_BOX)
def test_figures_restated_in_a_box(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [f["value"] for f in found] == [v for v, _ in expected]
    for fact, (_, measure) in zip(found, expected, strict=True):
        assert measure is None or fact["measure"] == measure


@pytest.mark.parametrize(
    "text,expected",
    [
        # a possibility is no fact
        ("The director warned that caseloads in Bolton could rise above 24 if referrals keep growing.", []),
        ("Without the new posts, caseloads at Wigan Council might reach 30 by the spring.", []),
        ("Unison fears caseloads in Bury may climb to 28.", []),
        # traps: a cap stated with "may"; the month May; a possibility in another clause
        ("Newly qualified social workers in Oldham may hold no more than 12 cases.", [(12, "maximum")]),
        ("Caseloads in Bolton fell to 17 in May 2024.", [(17, None)]),
        ("Caseloads in Bury average 19, though they could rise.", [(19, "average")]),
    ],
)
def test_possibilities_are_no_facts(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [f["value"] for f in found] == [v for v, _ in expected]
    for fact, (_, measure) in zip(found, expected, strict=True):
        assert measure is None or fact["measure"] == measure


# After a caseload sentence: "bring it down to 18" (the caseload it stands for), a figure "for a full-time
# practitioner", "the 'true' average": (text, [(value, measure, qualifier)]), published 2024-06-20
MORE_COMPARISONS = [
    (
        "A typical caseload in Bolton is about 23 children. That is too high. The new posts should bring it "
        "down to 18.",
        [(23, "average", "~"), (18, "target", None)],
    ),
    (
        "Caseloads in Wigan average 21. Managers want to get them below 17 by next year.",
        [(21, "average", None), (17, "target", "<")],
    ),
    (
        "Bury's average caseload is 19. Unions say no more than 16 is safe for a full-time practitioner.",
        [(19, "average", None), (16, "maximum", None)],
    ),
    (
        "Oldham reported caseloads of 24 per worker. Officers said the underlying average was nearer 20.",
        [(24, None, None), (20, "average", "~")],
    ),
    # traps: no caseload sentence before; something else brought down; a count for a practitioner
    ("The new posts should bring it down to 18.", []),
    (
        "Caseloads in Wigan average 21. Managers want to get it below 5% by next year.",
        [(21, "average", None)],
    ),
    (
        "Bury's average caseload is 19. The course costs 300 for a full-time practitioner.",
        [(19, "average", None)],
    ),
]


@pytest.mark.parametrize("text,expected", MORE_COMPARISONS)
def test_more_comparisons_after_a_caseload_sentence(text, expected):
    found = caseloads(text, "2024-06-20")
    assert [(f["value"], f["qualifier"]) for f in found] == [(v, q) for v, _, q in expected]
    for fact, (_, measure, _) in zip(found, expected, strict=True):
        assert measure is None or fact["measure"] == measure


# Dates before the figure: set off by commas before its verb, a "when" clause's date, "that date" of the
# sentence before, "N years ago" opening the sentence; a date right after money is the money's: (text,
# [(value, as_of)]), published 2024-06-20
DATES_BEFORE_THE_FIGURE = [
    (
        "The most recent national figure, for March 2024, is 16.9 children per social worker.",
        [(16.9, "2024-03")],
    ),
    ("Bolton's average caseload, as at 30 April 2024, stands at 18.", [(18, "2024-04")]),
    (
        "Caseloads in Bury have fallen since January 2022, when a typical social worker was carrying 26 "
        "children.",
        [(26, "2022-01")],
    ),
    (
        "Wigan's caseloads are lower than in 2021, when practitioners held 24 cases on average.",
        [(24, "2021")],
    ),
    (
        "On 31 March 2024 social workers in Oldham held an average of 17 children. On that date the highest "
        "caseload held by one worker was 29.",
        [(17, "2024-03"), (29, "2024-03")],
    ),
    ("Three years ago, caseloads for social workers in Bolton were 25 on average.", [(25, "2021-06")]),
    # traps: a comma clause that is no date; "when" with no date; a date after money
    ("The figure for England, the report says, is 16.9 children per social worker.", [(16.9, "2024-06")]),
    ("Caseloads rose sharply when the service was in crisis, when workers held 30 cases.", [(30, None)]),
    (
        "Bury spent £4.2m last year, while its social workers were responsible for 19 children each.",
        [(19, None)],
    ),
]


@pytest.mark.parametrize("text,expected", DATES_BEFORE_THE_FIGURE)
def test_dates_before_the_figure(text, expected):
    assert [(f["value"], f["as_of"]) for f in caseloads(text, "2024-06-20")] == expected
