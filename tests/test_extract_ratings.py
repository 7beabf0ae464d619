"""Ofsted ratings of councils' children's services in prose: every phrasing, current vs previous, and
traps."""

import pytest
from evidence import facts_with_evidence


def ratings(text, published=None):
    return facts_with_evidence("ratings", text, published)


POSITIVES = [
    # (text, published, [(judgement, when, council)])
    (
        "Warwickshire's children's services were described as 'requiring improvement' by inspectors.",
        None,
        [("requires improvement", "current", "Warwickshire")],
    ),
    (
        "Somerset County Council was rated inadequate by Ofsted last March.",
        "2016-05-03",
        [("inadequate", "current", "Somerset")],
    ),
    ("Ofsted judged Hackney's children's services to be good.", None, [("good", "current", "Hackney")]),
    (
        "Birmingham Children's Trust has been rated requires improvement to be good by Ofsted.",
        None,
        [("requires improvement", "current", "Birmingham")],
    ),
    ("Sandwell Children's Trust was rated good by Ofsted in 2023.", None, [("good", "current", "Sandwell")]),
    (
        "Stockport Council's children's services have been rated outstanding by Ofsted.",
        None,
        [("outstanding", "current", "Stockport")],
    ),
    (
        "Children's services at Medway Council have moved from requires improvement to good.",
        None,
        [("requires improvement", "previous", "Medway"), ("good", "current", "Medway")],
    ),
    (
        "The inadequate-rated council, Sandwell, has a new director of children's services.",
        None,
        [("inadequate", "current", "Sandwell")],
    ),
    (
        "Torbay Council's children's services were judged to require improvement to be good in 2023.",
        None,
        [("requires improvement", "current", "Torbay")],
    ),
    (
        "Nottinghamshire County Council has been downgraded to 'requires improvement' by Ofsted.",
        None,
        [("requires improvement", "current", "Nottinghamshire")],
    ),
    (
        "Since the downgrading from its previous 'good' rating, Warwickshire County Council has recruited "
        "staff.",
        None,
        [("good", "previous", "Warwickshire")],
    ),
    (
        "Croydon, which Ofsted rated RI in 2020, has reduced caseloads.",
        None,
        [("requires improvement", "current", "Croydon")],
    ),
    (
        "Leeds City Council's children's services were rated outstanding by Ofsted in 2022, repeating the "
        "outstanding judgement of 2018.",
        None,
        [("outstanding", "current", "Leeds"), ("outstanding", "previous", "Leeds")],
    ),
    (
        "Birmingham's children's services improved from inadequate to requires improvement.",
        None,
        [("inadequate", "previous", "Birmingham"), ("requires improvement", "current", "Birmingham")],
    ),
    ("Thurrock Council's children's services remain rated good.", None, [("good", "current", "Thurrock")]),
    (
        "Ofsted gave Kent County Council's children's services a 'good' rating after its inspection.",
        None,
        [("good", "current", "Kent")],
    ),
    (
        "Inspectors found Dudley Council's services for children to be inadequate.",
        None,
        [("inadequate", "current", "Dudley")],
    ),
    (
        "Norfolk County Council, previously judged inadequate, is now rated good by Ofsted.",
        None,
        [("inadequate", "previous", "Norfolk"), ("good", "current", "Norfolk")],
    ),
    (
        "Ofsted 'inadequate' council Slough has been given a new improvement plan.",
        None,
        [("inadequate", "current", "Slough")],
    ),
    (
        "Lincolnshire County Council's children's services were judged outstanding overall.",
        None,
        [("outstanding", "current", "Lincolnshire")],
    ),
    (
        "Wigan Council's children's services are now rated 'Good' by Ofsted, up from requires improvement.",
        None,
        [("good", "current", "Wigan"), ("requires improvement", "previous", "Wigan")],
    ),
    (
        "Bradford's children's services, rated inadequate in 2018, are now run by a trust.",
        None,
        [("inadequate", "current", "Bradford")],
    ),
    (
        "Children's services in Sheffield were rated good by Ofsted in 2023.",
        None,
        [("good", "current", "Sheffield")],
    ),
    (
        "Ofsted has rated Essex County Council's children's services as outstanding for the third time.",
        None,
        [("outstanding", "current", "Essex")],
    ),
    (
        "Cornwall Council's children's services kept their good rating at the latest inspection.",
        None,
        [("good", "current", "Cornwall")],
    ),
    (
        "Rotherham's children's services were judged inadequate by inspectors in 2014, Ofsted's report said.",
        None,
        [("inadequate", "current", "Rotherham")],
    ),
    (
        "Children's services in Bradford, which were rated inadequate in 2018 and handed to a trust, have "
        "improved to requires improvement.",
        None,
        [("inadequate", "previous", "Bradford"), ("requires improvement", "current", "Bradford")],
    ),
    (
        "Hull City Council's children's services have been graded as requires improvement to be good.",
        None,
        [("requires improvement", "current", "Kingston upon Hull")],
    ),
    (
        "Members noted that Halton's children's services had been rated good by Ofsted in 2019.",
        None,
        [("good", "current", "Halton")],
    ),
    (
        "The Committee noted that Ofsted had rated Solihull's service 'requires improvement' in 2022, having "
        "judged it inadequate in 2016.",
        None,
        [("requires improvement", "current", "Solihull"), ("inadequate", "previous", "Solihull")],
    ),
    (
        "Children's services in Plymouth have been judged 'requires improvement to be good' by Ofsted, "
        "having been rated 'inadequate' in 2018.",
        None,
        [("requires improvement", "current", "Plymouth"), ("inadequate", "previous", "Plymouth")],
    ),
    (
        "Ofsted has given Bolton Council's children's services its lowest rating of 'inadequate', two years "
        "after judging them 'good'.",
        None,
        [("inadequate", "current", "Bolton"), ("good", "previous", "Bolton")],
    ),
    (
        "Inspectors were back in Luton a year after describing the department as 'requiring improvement'.",
        None,
        [("requires improvement", "current", "Luton")],
    ),
    (
        "Lambeth Council's children's services have been awarded Ofsted's top rating of outstanding, two "
        "grades higher than at their last inspection in 2019, when they were found to require improvement.",
        None,
        [("outstanding", "current", "Lambeth"), ("requires improvement", "previous", "Lambeth")],
    ),
    (
        "The director confirmed that Bolton's children's services had been rated good by Ofsted since 2019.",
        None,
        [("good", "current", "Bolton")],
    ),
    (
        "Ofsted found that children's services at Luton Borough Council require improvement to be good, the "
        "same grade as at its previous inspection in 2019.",
        "2024-03-15",
        [("requires improvement", "current", "Luton"), ("requires improvement", "previous", "Luton")],
    ),
    # a scope-like phrase after the grade is not an institution ("across all areas", "in every area")
    (
        "Ofsted last visited Bury's children's services in 2021, with a judgement of requires improvement to "
        "be good across all areas.",
        None,
        [("requires improvement", "current", "Bury")],
    ),
    (
        "Ofsted judged Lancashire's children's services to be good in every area.",
        None,
        [("good", "current", "Lancashire")],
    ),
    # one grade said of a list of councils: a rating each
    (
        "Ofsted has now rated Wirral, Knowsley and Sefton inadequate.",
        None,
        [
            ("inadequate", "current", "Wirral"),
            ("inadequate", "current", "Knowsley"),
            ("inadequate", "current", "Sefton"),
        ],
    ),
    (
        "Inspectors returned to 'inadequate' Swindon, Thurrock and Torbay in May, and praised good-rated "
        "Kent and Essex.",
        None,
        [
            ("inadequate", "current", "Swindon"),
            ("inadequate", "current", "Thurrock"),
            ("inadequate", "current", "Torbay"),
            ("good", "current", "Kent"),
            ("good", "current", "Essex"),
        ],
    ),
    (
        "Meanwhile the 'outstanding' authorities Leeds and Lincolnshire kept their grades, Ofsted said.",
        None,
        [("outstanding", "current", "Leeds"), ("outstanding", "current", "Lincolnshire")],
    ),
    (
        "Bury and Wigan were judged good by Ofsted, unlike Bolton.",
        None,
        [("good", "current", "Bury"), ("good", "current", "Wigan")],
    ),
    # an earlier inspection named before the grade, a grade left behind, "more recently", "after years of"
    (
        "At Redcar's previous inspection, in 2016, inspectors judged its services to be good.",
        None,
        [("good", "previous", "Redcar and Cleveland")],
    ),
    (
        "Since its previous inspection, Redcar has been judged good by Ofsted.",
        None,
        [("good", "current", "Redcar and Cleveland")],
    ),
    (
        "Halton's children's services have finally shed the 'inadequate' label, Ofsted said.",
        None,
        [("inadequate", "previous", "Halton")],
    ),
    (
        "Halton Council had been issued a warning notice and more recently had been rated inadequate by "
        "Ofsted.",
        None,
        [("inadequate", "current", "Halton")],
    ),
    (
        "Rochdale children's services judged 'good' after six years of 'requires improvement' ratings",
        None,
        [("good", "current", "Rochdale"), ("requires improvement", "previous", "Rochdale")],
    ),
    (
        "Rochdale is no longer rated 'inadequate' after Ofsted judged it to be 'good'.",
        None,
        [("inadequate", "previous", "Rochdale"), ("good", "current", "Rochdale")],
    ),
    (
        "Ofsted's verdict on Dudley was 'requires improvement', which followed the previous inspection in "
        "2016 that had reached the same judgement.",
        "2019-05-02",
        [("requires improvement", "current", "Dudley"), ("requires improvement", "previous", "Dudley")],
    ),
    # the same grade in two years is two ratings; an undated mention of one of them adds nothing
    (
        "Ofsted rated Dorset inadequate in 2013 and again in 2017. Dorset's 'inadequate' label is a heavy "
        "one.",
        None,
        [("inadequate", "previous", "Dorset"), ("inadequate", "current", "Dorset")],
    ),
    # two grades for two scopes are two ratings, not an aggregate
    (
        "Inspectors judged Rutland's children's services good and outstanding for care leavers.",
        None,
        [("good", "current", "Rutland"), ("outstanding", "current", "Rutland")],
    ),
]


@pytest.mark.parametrize(
    "text,scopes",
    [
        (
            "Ofsted rated the service 'good' overall, with 'outstanding' for the experiences of children in "
            "care, Hampshire County Council said.",
            [("good", "overall"), ("outstanding", "in_care")],
        ),
        (
            "Ofsted rated Doncaster Council's children's services as 'good' with 'outstanding' leadership.",
            [("good", "overall"), ("outstanding", "leaders")],
        ),
        (
            "Lewisham's children's services were judged outstanding for leadership and good overall.",
            [("outstanding", "leaders"), ("good", "overall")],
        ),
        (
            "Ofsted judged Hackney's children's services requires improvement to be good for children in "
            "care.",
            [("requires improvement", "in_care")],
        ),
        (
            "Ofsted inspected Gateshead's children's services in March. The judgements were:\n\n"
            "Overall effectiveness: Good\nImpact of leaders: Outstanding\n"
            "Care leavers: Requires improvement to be good",
            [("good", "overall"), ("outstanding", "leaders"), ("requires improvement", "care_leavers")],
        ),
        # the scopes named in the subject of a passive rating verb
        (
            "At Darlington, the experiences and progress of children in care and of care leavers were both "
            "judged to be 'good', and the impact of leaders was rated 'outstanding'.",
            [("good", "in_care"), ("good", "care_leavers"), ("outstanding", "leaders")],
        ),
        (
            "In Ofsted's report, Darlington's services for children who need help and protection were judged "
            "inadequate.",
            [("inadequate", "help_and_protection")],
        ),
        ("Ofsted judged Darlington's services for children in care good overall.", [("good", "overall")]),
        (
            "The old inspection of services for children in care, for which Darlington was rated 'good', was "
            "shorter.",
            [("good", "overall")],
        ),
    ],
)
def test_rating_scopes(text, scopes):
    assert [(f["judgement"], f["scope"]) for f in ratings(text)] == scopes


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "In Wigan, inspectors rated services 'requires improvement to be good', up from 'inadequate' in "
            "2019.",
            [("requires improvement", None), ("inadequate", "2019")],
        ),
        (
            "Sunderland's children's services have been upgraded from 'good' to 'outstanding' following an "
            "inspection in January 2024.",
            [("good", None), ("outstanding", "2024-01")],
        ),
        (
            "Luton's children's services moved from 'inadequate' in 2018 to 'good' in 2022.",
            [("inadequate", "2018"), ("good", "2022")],
        ),
        (
            "Lambeth Council's children's services have been awarded Ofsted's top rating of outstanding, two "
            "grades higher than at their last inspection in 2019, when they were found to require "
            "improvement.",
            [("outstanding", None), ("requires improvement", None)],
        ),
    ],
)
def test_rating_dates_belong_to_their_own_judgement(text, expected):
    assert [(f["judgement"], f["as_of"]) for f in ratings(text)] == expected


@pytest.mark.parametrize("text,published,expected", POSITIVES)
def test_ratings_in_prose(text, published, expected):
    found = ratings(text, published)
    assert sorted((f["judgement"], f["when"], f["council"]) for f in found) == sorted(expected)


TRAPS = [
    "Three quarters of councils are rated good or outstanding by Ofsted.",
    "Barnsley Council says its social workers do good work.",
    "Oakwood Primary School in Kent was rated outstanding by Ofsted.",
    "The Stockport nursery was judged inadequate at its last inspection.",
    "A children's home run by Sandwell Council was rated good by Ofsted.",
    "Sandwell Children's Trust runs three children's homes, one of which was rated good.",
    "An academy trust in Bolton was rated good by Ofsted.",
    "Leaders in Croydon hope to avoid an inadequate rating at the next inspection.",
    "Hull City Council could be rated inadequate if progress stalls, inspectors warned.",
    "The council's housing provision for care leavers in Medway was inadequate, the report said.",
    "There is an outstanding debt of £2m owed to Warwickshire County Council.",
    "Wigan's councillors said they had a good meeting with Ofsted inspectors.",
    "Kent's schools were judged good by Ofsted, with 90 per cent at least good.",
    "Somerset County Council's report notes good progress since the last Ofsted visit.",
    "Thurrock said that supervision requires improvement in some teams.",
    "Birmingham's outstanding issues were raised with inspectors.",
    "The good news for Norfolk is that caseloads have fallen.",
    "Dudley's children's services are not yet good, the director said.",
    "No council in the region has been judged inadequate this year.",
    "Authorities rated inadequate by Ofsted receive a commissioner.",
    "Ofsted rated 12 per cent of councils inadequate in 2023.",
    "Reading is good for children, a Reading Borough Council librarian said.",
    "Wigan Council has improved good practice in its family hubs, inspectors said.",
    "Derbyshire County Council's adult social care was rated 'good' by the Care Quality Commission.",
    "Derbyshire Constabulary was rated 'requires improvement' by HMICFRS.",
    "Inspectors praised the 'good' relationships between social workers and families in Calderdale.",
    "Barnsley Council's fostering service was rated good by Ofsted in 2023.",
    "Barnsley Council's SEND services were judged inadequate by Ofsted and the CQC.",
    "Barnsley Council's early help service was graded 'good' in a peer review.",
    "Barnsley Council's private fostering arrangements require improvement, inspectors said.",
    # grades joined by "and", an aim in the clause, the grading scale
    "Leaders at Bury Council set out an ambition to move to a rating of 'good' and 'outstanding' after "
    "Ofsted's visit.",
    "Hull's improvement board said more work was needed if the council is to reach 'good' at its next Ofsted "
    "inspection.",
    "Ofsted grades Leeds and every other council as 'outstanding', 'good', 'requires improvement' or "
    "'inadequate'.",
    "The report reminded members that Ofsted's judgements for Wirral are 'Inadequate'; 'Requires "
    "Improvement'; 'Good' and 'Outstanding'.",
    # grades of bodies in the plural, right after the grade; a county's councils are not its county council
    "Ofsted praised two good-rated Essex councils and five 'inadequate' local authorities in its round-up.",
    "Three 'inadequate' London boroughs were revisited by Ofsted.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_council_ratings(text):
    assert ratings(text) == []


@pytest.mark.parametrize(
    "text,published,as_of",
    [
        ("Medway was rated good by Ofsted in March last year.", "2024-06-01", "2023-03"),
        ("Ofsted rated Medway inadequate in June.", "2024-06-01", "2024-06"),
        ("Ofsted rated Medway inadequate in November 2021.", "2024-06-01", "2021-11"),
    ],
)
def test_the_date_of_a_rating(text, published, as_of):
    assert [f["as_of"] for f in ratings(text, published)] == [as_of]


CELL_A_LINE = (
    "Report to the Children's Scrutiny Committee, Solihull Council\n\nJudgement\n\nGrade at 2019 inspection\n"
    "\nGrade at 2024 inspection\n\nImpact of leaders\n\nRequires improvement to be good\n\nGood\n\n"
    "Experiences and progress of care leavers\n\nN/A\n\nOutstanding\n\nOverall effectiveness\n\n"
    "Requires improvement to be good\n\nGood\n\nThe service has improved since 2019.\n"
)
WIDE_SPACES = (
    "Solihull Council: report of the Director of Children's Services\n"
    "Judgements\n2019 inspection    2024 inspection\n"
    "Impact of leaders    Requires improvement    Good\n"
    "Overall effectiveness    Requires improvement    Good\n"
)


@pytest.mark.parametrize("text", [CELL_A_LINE, WIDE_SPACES], ids=["cell-a-line", "wide-spaces"])
def test_a_judgement_table_in_a_committee_report(text):
    found = {(f["judgement"], f["when"], f["scope"], f["as_of"]) for f in ratings(text)}
    assert {
        ("requires improvement", "previous", "leaders", "2019"),
        ("good", "current", "leaders", "2024"),
        ("requires improvement", "previous", "overall", "2019"),
        ("good", "current", "overall", "2024"),
    } <= found
    assert all(f[2] in ("leaders", "overall", "care_leavers") for f in found)


def test_a_list_of_grades_without_inspection_columns_is_not_a_table():
    text = (
        "Judgements\n\nOfsted uses four grades for Solihull and every council:\n\nOutstanding\n\nGood\n\n"
        "Inadequate\n"
    )
    assert ratings(text) == []


SCORECARD = (
    "How each council in the county did at its latest Ofsted inspection.\n\n"
    "Halton – good (2022)\nHalton's social workers hold 15 cases each.\n\n"
    "Knowsley and St Helens — requires improvement\nBoth councils are recruiting.\n\n"
    "Sefton: inadequate\nA commissioner has been appointed.\n"
)
AREA_LINES = (
    "Ofsted's grades for Walsall after the inspection in May were:\n\n"
    "The impact of leaders on social work practice – Good\n"
    "The experiences and progress of children in care and care leavers – Requires improvement to be good\n"
)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            SCORECARD,
            [
                ("good", "current", "Halton", "2022"),
                ("requires improvement", "current", "Knowsley", None),
                ("requires improvement", "current", "St Helens", None),
                ("inadequate", "current", "Sefton", None),
            ],
        ),
        (AREA_LINES, []),
    ],
    ids=["council-lines", "area-lines-are-scopes"],
)
def test_a_scorecard_line_of_councils_and_their_grade(text, expected):
    found = [
        (f["judgement"], f["when"], f["council"], f["as_of"])
        for f in ratings(text)
        if f["scope"] == "overall"
    ]
    assert found == expected


def test_a_judgement_area_before_a_dash_is_the_grades_scope():
    assert [(f["judgement"], f["scope"]) for f in ratings(AREA_LINES)] == [
        ("good", "leaders"),
        ("requires improvement", "in_care"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted inspections: how the area fared\n\nHalton – good news for families as caseloads fall\n",
        "Ofsted praised the county.\n\nSefton: good practice was seen in the front door team\n",
        "Allotment show results\n\nHalton – good\nSefton – outstanding\n",  # no inspection in sight
        "Ofsted inspections this year\n\nSchools in Halton – good\n",  # the label is not councils alone
    ],
    ids=["more-after-the-grade", "colon-and-more", "no-ofsted", "not-only-councils"],
)
def test_not_a_scorecard_line(text):
    assert ratings(text) == []


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # the council speaking of itself as the object of the rating verb
        (
            "Bexley's director said: \"Ofsted rated our services outstanding in 2019 and we intend to stay "
            'there."',
            None,
            [("outstanding", "current", "Bexley")],
        ),
        (
            "Four years after the inspection that judged us good, Salford has kept its caseloads low.",
            None,
            [("good", "current", "Salford")],
        ),
        # inspectors telling the council its grade
        (
            "Inspectors returned to Bexley in March and told the council its services are now good.",
            None,
            [("good", "current", "Bexley")],
        ),
        ("Swindon was re-inspected in June and told it is now good.", None, [("good", "current", "Swindon")]),
        # a rating verb, an object naming the services, "to be" and the grade
        (
            "In 2015 inspectors judged Bexley's arrangements for protecting children to be inadequate.",
            None,
            [("inadequate", "current", "Bexley")],
        ),
        (
            "Ofsted found Walsall's services for disabled children and their families to be good.",
            None,
            [("good", "current", "Walsall")],
        ),
        # a weak verb in a sentence that refers back to an inspection in the sentence before
        (
            "Bexley was last inspected in 2019, when it was rated good. Before that it was found to be "
            "inadequate in 2014.",
            None,
            [("good", "current", "Bexley"), ("inadequate", "previous", "Bexley")],
        ),
        (
            "Ofsted visited Walsall's children's services in May. They were found to be requiring "
            "improvement.",
            None,
            [("requires improvement", "current", "Walsall")],
        ),
    ],
    ids=[
        "our-services",
        "rated-us",
        "told-the-council",
        "told-it",
        "arrangements-to-be",
        "services-to-be",
        "found-after-inspected",
        "found-after-visited",
    ],
)
def test_rating_phrases_around_the_councils_services(text, published, expected):
    found = ratings(text, published)
    assert sorted((f["judgement"], f["when"], f["council"]) for f in found) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Families rated our schools good in the survey, Bexley Council said.",
        "Ofsted told us that our plan is good, a Bexley Council spokesperson said.",
        "Parents told Walsall Council the new playground is good.",
        "Inspectors found the council's new office in Walsall to be good.",
        "Inspectors visited Bexley in May. The weather was found to be good.",
        "The budget for Walsall was set in March. It was later found to be inadequate.",
    ],
    ids=[
        "our-schools",
        "told-our-plan",
        "told-without-inspection",
        "object-not-services",
        "unrelated-subject",
        "no-inspection-before",
    ],
)
def test_not_ratings_around_the_councils_services(text):
    assert ratings(text) == []


def test_the_object_of_found_to_be_names_the_scopes():
    text = "Ofsted found Walsall's services for children in care and for care leavers to be good."
    assert [(f["judgement"], f["scope"]) for f in ratings(text)] == [
        ("good", "in_care"),
        ("good", "care_leavers"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Stoke-on-Trent Council hoped to be judged good at its next full inspection.",
        "Bexley's children's services will be judged good at their next inspection, the director predicted.",
        "The council is confident that Ofsted will rate Walsall 'outstanding' at the next inspection.",
        "Every council in the region except Wigan was rated good or better.",
        "Bexley has been rated good or above at every inspection since 2012.",
    ],
    ids=["hoped", "will-be-at-next", "at-the-next", "or-better", "or-above"],
)
def test_an_aim_for_the_next_inspection_or_a_floor_is_no_rating(text):
    assert ratings(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Walsall was rated good at its last inspection in 2021.", [("good", "current", "Walsall")]),
        (
            "Bexley, rated good at the previous inspection, is now outstanding, Ofsted said.",
            [("good", "previous", "Bexley")],
        ),
    ],
    ids=["at-its-last", "at-the-previous"],
)
def test_a_grade_given_at_an_earlier_inspection_is_still_a_rating(text, expected):
    assert [(f["judgement"], f["when"], f["council"]) for f in ratings(text)] == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # one rating verb over two dated grades
        (
            "Bexley was judged inadequate in 2015 and then requires improvement in 2018.",
            None,
            [
                ("inadequate", "previous", "Bexley", "2015"),
                ("requires improvement", "current", "Bexley", "2018"),
            ],
        ),
        (
            "Inspectors rated Walsall good in March 2016 and then outstanding in 2021.",
            None,
            [("good", "previous", "Walsall", "2016-03"), ("outstanding", "current", "Walsall", "2021")],
        ),
        # a council (or its services), a copula and the grade, in a sentence about ratings
        (
            "Halton and Wirral are rated good; Sefton is inadequate and awaits a monitoring visit.",
            None,
            [
                ("good", "current", "Halton", None),
                ("good", "current", "Wirral", None),
                ("inadequate", "current", "Sefton", None),
            ],
        ),
        (
            "Ofsted said Walsall's children's services are now outstanding.",
            None,
            [("outstanding", "current", "Walsall", None)],
        ),
        # a grade left behind: "from" without a "to", "out of"
        (
            "Bexley was upgraded from requires improvement at its inspection in 2021.",
            None,
            [("requires improvement", "previous", "Bexley", "2021")],
        ),
        (
            "Ofsted said Sefton had climbed out of 'inadequate' after six years.",
            None,
            [("inadequate", "previous", "Sefton", None)],
        ),
    ],
    ids=["and-then-unordered", "and-then-ordered", "council-is", "services-are", "upgraded-from", "out-of"],
)
def test_more_rating_phrases(text, published, expected):
    found = ratings(text, published)
    assert sorted((f["judgement"], f["when"], f["council"], f["as_of"]) for f in found) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "Inspectors rated Wirral good; Sefton is good at recruiting, they added.",
        "Ofsted rated Wirral good, and the report said Sefton is outstanding in its use of data.",
        "Sefton is inadequate as a place to park, residents say.",
        "Ofsted rated Wirral good, though its finances are inadequate.",
    ],
    ids=["good-at", "outstanding-in", "no-rating-context", "not-the-council"],
)
def test_a_copula_that_is_no_rating(text):
    assert [f["council"] for f in ratings(text)] == (["Wirral"] if "Wirral" in text else [])


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # reported speech in minutes: the pluperfect of what was reported, "now" the latest
        (
            "It was highlighted that Ofsted's inspection in May 2022 had judged Sefton's service good.",
            None,
            [("good", "current", "2022-05")],
        ),
        (
            "The director pointed out that Sefton had now been rated good at two consecutive inspections, in "
            "2017 and again in June 2022.",
            None,
            [("good", "current", "2022-06"), ("good", "previous", "2017")],
        ),
        # the same grade at earlier inspections, by year
        (
            "Ofsted rated Sefton inadequate in May, the same verdict inspectors reached in 2014 and again in "
            "2017.",
            "2019-09-01",
            [
                ("inadequate", "current", "2019-05"),
                ("inadequate", "previous", "2014"),
                ("inadequate", "previous", "2017"),
            ],
        ),
        (
            "Sefton was judged good, the same grade it was given in 2016.",
            None,
            [("good", "current", None), ("good", "previous", "2016")],
        ),
        # a grade given at the previous inspection
        (
            "Sefton now requires improvement to be good, an improvement on the inadequate judgement given at "
            "the previous inspection in 2015.",
            None,
            [("requires improvement", "current", None), ("inadequate", "previous", "2015")],
        ),
        (
            "Ofsted rated Sefton good, up on the 'requires improvement' grade it received at its previous "
            "inspection.",
            None,
            [("good", "current", None), ("requires improvement", "previous", None)],
        ),
        # a date opening the sentence, far before the grade
        (
            "In November 2016 the committee sat in silence in the council chamber while it was told that "
            "Ofsted had found Sefton's services for children to be inadequate.",
            None,
            [("inadequate", "current", "2016-11")],
        ),
        # the earlier grades of a run
        (
            "Sefton's children's services now require improvement, after two inadequate judgements in a row.",
            None,
            [
                ("requires improvement", "current", None),
                ("inadequate", "previous", None),
                ("inadequate", "previous", None),
            ],
        ),
        (
            "Ofsted rated Sefton good in March, its second consecutive 'good' judgement.",
            "2024-05-01",
            [("good", "current", "2024-03"), ("good", "previous", None)],
        ),
    ],
    ids=[
        "highlighted-that",
        "had-now-been",
        "same-verdict-years",
        "same-grade-year",
        "judgement-given-at-previous",
        "grade-received-at-previous",
        "date-opening-the-sentence",
        "two-in-a-row",
        "second-consecutive",
    ],
)
def test_when_and_as_of_of_a_rating(text, published, expected):
    found = ratings(text, published)
    assert sorted(
        (f["judgement"], f["when"], f["as_of"]) for f in found if f["council"] == "Sefton"
    ) == sorted(expected, key=lambda e: (e[0], e[1], e[2] or ""))


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The council said that to see leadership judged outstanding was a proud moment.",
            [("outstanding", "leaders")],
        ),
        ("Hillingdon, with its care leavers service rated good, was praised.", [("good", "care_leavers")]),
    ],
    ids=["leadership-judged", "care-leavers-service-rated"],
)
def test_the_scope_named_right_before_a_bare_rating_verb(text, expected):
    found = extract_facts_with_publisher(text)
    assert [(f["judgement"], f["scope"]) for f in found] == expected


def extract_facts_with_publisher(text):
    from extractors import extract_facts

    return extract_facts(text, url="https://www.hillingdon.gov.uk/news/1")["ratings"]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Sefton was inadequate in 2015 and was rated good at the next inspection, in 2019.",
            [("inadequate", "previous", "Sefton"), ("good", "current", "Sefton")],
        ),
        (
            "Ofsted handed two 'good' ratings to Wirral and Sefton in the spring.",
            [("good", "current", "Wirral"), ("good", "current", "Sefton")],
        ),
    ],
    ids=["past-next-inspection", "two-ratings-two-councils"],
)
def test_traps_beside_the_next_inspection_and_runs(text, expected):
    assert sorted((f["judgement"], f["when"], f["council"]) for f in ratings(text)) == sorted(expected)
