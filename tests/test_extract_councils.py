"""Council mentions and attribution: nearest unambiguous mention, national figures, non-council mentions."""

import pytest

from extractors import extract_facts


@pytest.mark.parametrize(
    "text,title,expected",
    [
        (
            "Social workers at Barnsley Council's children's services have seen caseloads fall.",
            None,
            ["Barnsley"],
        ),
        (
            "Mel John-Ross, Executive Director of Children's Services, BMBC, introduced the social care "
            "report.",
            None,
            ["Barnsley"],
        ),
        (
            "SOCIAL workers' caseloads in Warwickshire's children's services department are still too high.",
            None,
            ["Warwickshire"],
        ),
        (
            "Barnsley beat Reading 2-1 at Oakwell on Saturday, with Barnsley's striker scoring twice.",
            None,
            [],
        ),
        ("Reading the report, councillors said children's social care caseloads were falling.", None, []),
        ("Cllr Jeff Warwick said the council's children's services were improving.", None, []),
        (
            "Kate Bury, director of children's services at Kent County Council, praised social workers.",
            None,
            ["Kent"],
        ),
        (
            "Ofsted inspected the Royal Borough of Kingston upon Thames's children's services.",
            None,
            ["Kingston upon Thames"],
        ),
        ("Barnsley FC's academy staff met children's social care leaders.", None, []),
        (
            "Rotherham's social workers have an average caseload of 18, while Doncaster Council's average is "
            "24.",
            None,
            ["Doncaster", "Rotherham"],
        ),
        (
            "The average caseload is now 17, the report says.",
            "Kent children's social work caseloads fall",
            ["Kent"],
        ),
        (
            "Slough had the highest agency rate, at 48 per cent, followed by Walsall on 35 per cent.",
            None,
            ["Slough", "Walsall"],
        ),
        (
            "News | Lancashire | Preston | Blackpool | Lancaster\n"
            "Children's social workers in Lancashire hold 21 cases each.\nMost read\n"
            "Blackpool council tax to rise by 4.99 per cent",
            None,
            ["Lancashire"],
        ),
        # "a Cumbria council" names some council in an area: so does the headline's "Cumbria council" there
        (
            "Essex council faces £4m overspend on children's social care\n\n"
            "Placements are costing an Essex council £6,000 a week, a report to Southend-on-Sea City "
            "Council's cabinet shows.",
            None,
            ["Southend-on-Sea"],
        ),
        (
            "Essex council rated good by Ofsted\n\nEssex County Council's children's services were rated "
            "good.",
            None,
            ["Essex"],
        ),
        # a headline's county over a story about a council whose name ends with it
        (
            "2 September 2022 9.00 am\n\nNorth East Lincolnshire Council has recruited 30 social workers for "
            "its children's services.",
            "Recruits arrive in Lincolnshire",
            ["North East Lincolnshire"],
        ),
        (
            "2 September 2022 9.00 am\n\nThe county council has recruited 30 social workers for its "
            "children's services.",
            "Recruits arrive in Lincolnshire",
            ["Lincolnshire"],
        ),
    ],
)
def test_document_councils(text, title, expected):
    assert extract_facts(text, title=title)["councils"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Barnsley Council's average caseload is 20, compared with 17.8 nationally.",
            [("Barnsley", "370"), (None, None)],
        ),
        (
            "Rotherham's average caseload is 18, while Doncaster Council's average caseload is 24.",
            [("Rotherham", "372"), ("Doncaster", "371")],
        ),
        (
            "Rotherham Metropolitan Borough Council published its children's services report.\n\n"
            "The average caseload is 18.",
            [("Rotherham", "372")],
        ),
        (
            "Tameside Council's average caseload has fallen to 19.\n"
            "Across England, the average caseload is 16.3, according to the Department for Education.",
            [("Tameside", "357"), (None, None)],
        ),
        (
            "Members heard that caseloads in Kent were 19.4, against a national average of 17.8 and 20 in "
            "Medway.",
            [("Kent", "886"), (None, None), ("Medway", "887")],
        ),
    ],
)
def test_caseload_attribution(text, expected):
    found = extract_facts(text)["caseloads"]
    assert [(f["council"], f["council_code"]) for f in found] == expected


@pytest.mark.parametrize(
    "published,expected", [("2023-11-28", ["West Northamptonshire"]), ("2019-05-01", ["Northamptonshire"])]
)
def test_a_predecessor_named_beside_its_successor_is_not_a_subject(published, expected):
    text = (
        "Children's services in West Northamptonshire, run by Northamptonshire Children's Trust, were rated "
        "'requires improvement' by Ofsted in 2022."
    )
    facts = extract_facts(text, published=published)
    assert [r["council"] for r in facts["ratings"]] == expected


def test_a_council_of_the_past_resolves_on_the_documents_day():
    text = "Northamptonshire County Council's children's services had an average caseload of 25."
    facts = extract_facts(text, published="2019-06-01")
    assert facts["councils"] == ["Northamptonshire"]
    assert facts["caseloads"][0]["council"] == "Northamptonshire"


def test_ratings_without_a_council_are_dropped():
    assert extract_facts("A council was rated inadequate by Ofsted in 2023.")["ratings"] == []


def test_bullets_under_a_line_take_the_headline_council_not_a_passing_neighbour():
    text = (
        "Medway Council children's services judged good by Ofsted\n"
        "Medway has been a unitary authority, separate from Kent County Council, since 1998.\n"
        "Inspectors identified three areas for improvement:\n"
        "- the quality of return home interviews for children who go missing\n"
        "- the timeliness of health assessments for children in care\n"
    )
    facts = extract_facts(text)
    assert facts["councils"] == ["Medway"]
    assert [f["council"] for f in facts["recommendations"]] == ["Medway", "Medway"]


# ------------------------------------------------------------------ the document's own council (its
# publisher)
MINUTES = (
    "Minutes\n\nMembers received the report on the inspection of the local authority's children's "
    "services.\n\nThe Council had been judged inadequate overall by Ofsted in its inspection in May. "
    "Our social workers now hold an average of 19 cases each.\n"
)


@pytest.mark.parametrize(
    "source,expected",
    [
        ({"url": "https://democracy.rochdale.gov.uk/ieListDocuments.aspx?MId=1"}, ["Rochdale"]),
        ({"url": "https://rochdale.moderngov.co.uk/mgAi.aspx?ID=7"}, ["Rochdale"]),
        ({"council": "Rochdale"}, ["Rochdale"]),
        ({"council": "354", "url": "https://democracy.leeds.gov.uk/x"}, ["Rochdale"]),  # named source wins
        ({"url": "https://www.bbc.co.uk/news/uk-england-1"}, []),  # nobody's own site
        ({}, []),
    ],
    ids=["council-host", "moderngov-host", "named", "named-over-url", "news-site", "unknown"],
)
def test_a_councils_own_document_is_about_that_council(source, expected):
    facts = extract_facts(MINUTES, published="2024-09-10", **source)
    assert facts["councils"] == expected
    assert [r["council"] for r in facts["ratings"]] == expected
    assert [c["council"] for c in facts["caseloads"]] == (expected or [None])


@pytest.mark.parametrize(
    "text,expected",
    [
        # another council named in the sentence keeps its own figure
        ("Members compared caseloads: Oldham's social workers hold 24 cases on average.", ["Oldham"]),
        # a sentence speaking of the council itself is the publisher's, whatever else the paragraph names
        ("Oldham was rated inadequate last year. Our social workers hold 17 cases on average.", ["Rochdale"]),
        # a sentence that names no council and does not speak of itself follows its paragraph
        ("Oldham's inspection report was noted. Social workers there hold 24 cases on average.", ["Oldham"]),
    ],
    ids=["named-in-sentence", "self-reference", "paragraph"],
)
def test_the_publisher_takes_what_no_other_council_claims(text, expected):
    facts = extract_facts(text, url="https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1")
    assert [c["council"] for c in facts["caseloads"]] == expected


def test_the_council_spoken_of_is_the_one_named_last_before():
    text = (
        "Ofsted praised the way Rutland County Council handled a serious case review.\n\n"
        "The report was published on Friday.\n\n"
        "Judging the council's children's services to be 'good', inspectors noted strong leadership.\n\n"
        "Elsewhere, Ofsted also rated Leicester inadequate.\n"
    )
    facts = extract_facts(text)
    assert [(r["judgement"], r["council"]) for r in facts["ratings"]] == [
        ("good", "Rutland"),
        ("inadequate", "Leicester"),
    ]


def test_every_council_of_a_list_in_a_sentence_stating_a_fact_is_a_subject():
    text = (
        "Ministers have awarded £4.2m to spread the family safeguarding model to Halton, Knowsley and St "
        "Helens, building on its use in children's services elsewhere.\n\n"
        "A passing mention of Wirral and Sefton adds none."
    )
    assert extract_facts(text)["councils"] == ["Halton", "Knowsley", "St Helens"]


@pytest.mark.parametrize(
    "text,names",
    [
        ("The table put Wigan, Bolton and Bury at the top.", ["Wigan", "Bolton", "Bury"]),
        ("Bury and Reading came top of the table.", []),  # two ambiguous names and no council context
        ("Bury came top of the table.", []),
    ],
)
def test_an_ambiguous_name_listed_with_a_council_is_a_council(text, names):
    from extractors.api import get_nlp

    nlp = get_nlp()
    doc = nlp.make_doc(text)
    for pipe in ("sentences", "councils"):
        doc = nlp.get_pipe(pipe)(doc)
    assert [span.text for span in doc.spans["councils"]] == names


def council_mentions(text):
    from extractors.api import get_nlp

    nlp = get_nlp()
    doc = nlp.make_doc(text)
    for pipe in ("sentences", "councils"):
        doc = nlp.get_pipe(pipe)(doc)
    return [span.text for span in doc.spans["councils"]]


@pytest.mark.parametrize(
    "text,names",
    [
        # once a list has shown an ambiguous name to be a council, later bare uses of it are the council too
        (
            "Ofsted rated Wakefield, Bolton and Bury good this year.\n\nBolton had been inadequate in 2017.",
            ["Wakefield", "Bolton", "Bury", "Bolton"],
        ),
        (
            "Inspectors upgraded Rotherham and Harrow.\n\nHarrow, which held the lower grade since 2016, was "
            "praised.",
            ["Rotherham", "Harrow", "Harrow"],
        ),
        # the council's name inside a longer proper name is still not the council
        (
            "Ofsted rated Wakefield, Bolton and Trafford good this year.\n\n"
            "The match at Old Trafford was a sell-out.",
            ["Wakefield", "Bolton", "Trafford"],
        ),
        # a bare name the text never showed to be a council stays a word
        ("Ofsted rated Wakefield good this year.\n\nBury beat Harrow on Saturday.", ["Wakefield"]),
    ],
    ids=["later-sentence", "relative-clause", "longer-name", "never-shown"],
)
def test_an_ambiguous_name_once_shown_to_be_a_council_stays_one(text, names):
    assert council_mentions(text) == names


@pytest.mark.parametrize(
    "text,rated",
    [
        (
            "Stockport became the first Greater Manchester council to be judged outstanding.",
            [("outstanding", "Stockport")],
        ),
        (
            "In Greater Manchester, only Wigan's children's services were rated inadequate.",
            [("inadequate", "Wigan")],
        ),
        (
            "Manchester City Council's children's services were rated good by Ofsted.",
            [("good", "Manchester")],
        ),
    ],
    ids=["region-council", "region-and-council", "the-city-council"],
)
def test_a_region_is_not_the_council_of_its_city(text, rated):
    facts = extract_facts(text)
    assert [(r["judgement"], r["council"]) for r in facts["ratings"]] == rated
    assert facts["councils"] == sorted({council for _, council in rated})


@pytest.mark.parametrize(
    "text,expected",
    [
        # the council whose children's services a sentence is about, named once
        (
            "Ofsted rated Kirklees good in May.\n\nMeanwhile, neighbouring Calderdale's children's services "
            "were described in another report as 'performing well'.",
            ["Calderdale", "Kirklees"],
        ),
        (
            "Ofsted rated Kirklees good in May.\n\nInspectors also praised children's social care in "
            "Calderdale for its work with care leavers.",
            ["Calderdale", "Kirklees"],
        ),
        # a council opening a line of a table or ranked list, a figure after it
        (
            "Children's social work vacancy rates, September 2023:\n\nCouncil | Vacancy rate\n"
            "Sandwell | 21.5%\nWalsall | 18.0%\n",
            ["Sandwell", "Walsall"],
        ),
        (
            "Highest caseloads per children's social worker:\n\n1. Sandwell – 24.1\n2. Walsall – 22.8\n",
            ["Sandwell", "Walsall"],
        ),
        # named once in passing, in a menu, or in another story's headline: not the document's subject
        (
            "Ofsted rated Kirklees good in May.\n\nThe inspectors had visited Calderdale a week earlier.",
            ["Kirklees"],
        ),
        (
            "News | Dudley | Walsall | Sandwell\n\nOfsted rated Kirklees's children's services good in May.",
            ["Kirklees"],
        ),
        (
            "Ofsted rated Kirklees good in May.\n\nMore on this story\n\n"
            "Calderdale children's services rated 'good'\nCouncil approves new care home\n",
            ["Kirklees"],
        ),
        ("Walsall has 120 children's social workers.\n\nSandwell – a view from the county\n", ["Walsall"]),
    ],
    ids=[
        "owner-possessive",
        "services-in",
        "table-row",
        "ranked-list",
        "in-passing",
        "menu",
        "link-list-after-blank",
        "line-without-figure",
    ],
)
def test_councils_named_once_as_a_subject(text, expected):
    assert extract_facts(text)["councils"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Social workers in Cornwall hold 17 cases each.\n\nThe council also runs some services for the "
            "Isles of Scilly; children from the Isles of Scilly are not counted.",
            ["Cornwall"],
        ),
        (
            "Social workers in Cornwall hold 17 cases each.\n\n"
            "The council also runs some services for Devon.\n\nDevon's own figures are published separately.",
            ["Cornwall", "Devon"],
        ),
    ],
    ids=["twice-in-one-sentence", "in-two-sentences"],
)
def test_a_council_named_again_is_a_subject_only_in_another_sentence(text, expected):
    assert extract_facts(text)["councils"] == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        (
            "North Northamptonshire Council has raised its children's services budget.\n\n"
            "The children's trust was formed after the former county council's children's services were "
            "judged inadequate by Ofsted.",
            "2023-02-01",
            [("inadequate", "Northamptonshire")],
        ),
        (
            "Cumberland Council and Westmorland and Furness Council share the costs.\n\n"
            "Inspectors had rated the former authority's children's services good in 2022.",
            "2024-01-10",
            [("good", "Cumbria")],
        ),
        # no predecessor of the councils named: "the former council" is not resolved to anyone new
        (
            "Kent County Council has raised its children's services budget.\n\n"
            "Inspectors rated the former council's children's services good in 2019.",
            "2024-01-10",
            [("good", "Kent")],
        ),
    ],
    ids=["former-county-council", "former-authority", "no-predecessor"],
)
def test_the_former_council_is_the_predecessor_of_the_councils_named(text, published, expected):
    facts = extract_facts(text, published=published)
    assert [(r["judgement"], r["council"]) for r in facts["ratings"]] == expected
    assert expected[0][1] in facts["councils"]


@pytest.mark.parametrize(
    "text,names",
    [
        ("Area | Rate\nLuton | 31%\nReading | 29%\n", ["Luton", "Reading"]),
        ("1. Wokingham – 24\n2. Bury – 22\n", ["Wokingham", "Bury"]),
        ("Luton | 31%\nReading the table, officers saw a fall.\n", ["Luton"]),  # no separator after it
        ("Luton | 31%\n\nReading | 29%\n", ["Luton"]),  # not the next line
        ("Bury | 12\nReading | 13\n", []),  # no council opens a row
    ],
    ids=["table", "ranked-list", "prose-after", "blank-between", "no-council-row"],
)
def test_an_ambiguous_name_opening_a_row_of_a_council_table_is_a_council(text, names):
    assert council_mentions(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted rated Kirklees good in May.\n\nIts new director was previously head of children's services "
        "at Calderdale.",
        "Ofsted rated Kirklees good in May.\n\nHer career began as a social worker in Calderdale.",
    ],
    ids=["services-at", "one-social-worker-in"],
)
def test_a_career_elsewhere_is_no_document_council(text):
    assert extract_facts(text)["councils"] == ["Kirklees"]
