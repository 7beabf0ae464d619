"""Recommendations in news prose: one fact per item Ofsted said must improve; plain criticism is not one."""

import pytest
from evidence import facts_with_evidence


def recommendations(text, published=None):
    return facts_with_evidence("recommendations", text, published)


POSITIVES = [
    (
        "However, Barnsley Council was told it needs to improve in a number of areas, including providing "
        "earlier opportunities for care leavers to build relationships with personal advisers; managing "
        "workload capacity; and regular reviews when young people's circumstances change.",
        [
            "providing earlier opportunities for care leavers to build relationships with personal advisers",
            "managing workload capacity",
            "regular reviews when young people's circumstances change",
        ],
    ),
    (
        "In March, Barnsley Council was told by Ofsted that it needs to improve its service for youngsters "
        "leaving care, noting that it had been 'weakened' by workload pressures.",
        ["improve its service for youngsters leaving care"],
    ),
    (
        "Ofsted said Nottinghamshire County Council needs to improve the timeliness of assessments for "
        "children in need of help and protection, the consistency of management oversight in the assessment "
        "teams, and the response to children who go missing from home.",
        [
            "improve the timeliness of assessments for children in need of help and protection",
            "the consistency of management oversight in the assessment teams",
            "the response to children who go missing from home",
        ],
    ),
    (
        "Inspectors said Stockport Council should improve the timeliness of return home interviews for "
        "children who go missing, and should make sure that care leavers' pathway plans are updated when "
        "their circumstances change.",
        [
            "improve the timeliness of return home interviews for children who go missing",
            "make sure that care leavers' pathway plans are updated when their circumstances change",
        ],
    ),
    (
        "Ofsted recommended that Torbay Council strengthens management oversight of children in need plans.",
        ["Torbay Council strengthens management oversight of children in need plans"],
    ),
    (
        "Inspectors told Croydon Council it must improve the quality of supervision for social workers.",
        ["improve the quality of supervision for social workers"],
    ),
    (
        "Areas for improvement identified by Ofsted include the quality of pathway plans; the sufficiency of "
        "placements; and the use of data by leaders in Medway.",
        [
            "the quality of pathway plans",
            "the sufficiency of placements",
            "the use of data by leaders in Medway",
        ],
    ),
    (
        "Ofsted told Wigan Council it needs to improve in three areas: the recording of management "
        "decisions, the timeliness of health assessments, and return home interviews.",
        [
            "the recording of management decisions",
            "the timeliness of health assessments",
            "return home interviews",
        ],
    ),
    (
        "The inspection report said Kent County Council needs to strengthen its response to 16 and "
        "17-year-olds who present as homeless.",
        ["strengthen its response to 16 and 17-year-olds who present as homeless"],
    ),
    (
        "Dudley Council was told by inspectors that it should ensure that supervision helps social workers "
        "to reflect on children's experiences.",
        ["ensure that supervision helps social workers to reflect on children's experiences"],
    ),
    (
        "Ofsted said that Thurrock Council must address the quality and frequency of supervision for social "
        "workers.",
        ["address the quality and frequency of supervision for social workers"],
    ),
    (
        "Areas for priority action:\n• The quality of assessments for children at risk of harm.\n"
        "• The timeliness of initial child protection conferences.\n\n"
        "The local authority has accepted the findings.",
        [
            "The quality of assessments for children at risk of harm",
            "The timeliness of initial child protection conferences",
        ],
    ),
    (
        "Inspectors found that Norfolk County Council needs to make sure that care leavers receive their "
        "health histories.",
        ["make sure that care leavers receive their health histories"],
    ),
    (
        "Ofsted has told Sandwell that it needs to improve its help for disabled children, but praised its "
        "leadership.",
        ["improve its help for disabled children"],
    ),
    (
        "Ofsted inspectors called for improvements in supervision and management oversight at Luton Borough "
        "Council.",
        ["supervision and management oversight at Luton Borough Council"],
    ),
    (
        "The Ofsted report recommended improvements to the timeliness of assessments, the quality of plans "
        "and the support for care leavers in Bolton.",
        ["the timeliness of assessments", "the quality of plans", "the support for care leavers in Bolton"],
    ),
    (
        "The watchdog recommended that Slough improves the quality of return home interviews.",
        ["Slough improves the quality of return home interviews"],
    ),
    (
        "Ofsted said Bolton Council should improve the quality of supervision and the timeliness of "
        "assessments for disabled children.",
        ["improve the quality of supervision", "the timeliness of assessments for disabled children"],
    ),
    (
        "Inspectors said Trafford should continue to improve the consistency of plans for children in need.",
        ["improve the consistency of plans for children in need"],
    ),
    (
        "Ofsted inspected Rochdale in May. They also called for improvements in the quality of pathway "
        "plans.",
        ["the quality of pathway plans"],
    ),
    (
        "The Ofsted report on Halton identified the timeliness of initial health assessments as an area for "
        "improvement.",
        ["the timeliness of initial health assessments"],
    ),
    # the item as the subject of "was one of the areas for improvement"
    (
        "Ofsted said the timeliness of health assessments was among the areas for improvement.",
        ["the timeliness of health assessments"],
    ),
    (
        "Inspectors found that placement stability is one of the key areas for development in Dorset.",
        ["placement stability"],
    ),
    ("Recruitment remains one of the areas for improvement, the letter said.", ["Recruitment"]),
    (
        "Inspectors said Knowsley Council must urgently improve the response to children at risk of harm.",
        ["improve the response to children at risk of harm"],
    ),
    (
        "Inspectors visited Oldham in March. They also said leaders should strengthen the oversight of "
        "children placed out of the borough.",
        ["strengthen the oversight of children placed out of the borough"],
    ),
    (
        "Inspectors praised social workers in Gateshead. But they said the council should improve the "
        "quality of pathway plans for care leavers and the timeliness of their health assessments.",
        [
            "improve the quality of pathway plans for care leavers",
            "the timeliness of their health assessments",
        ],
    ),
    (
        "The areas for improvement identified by Ofsted in Barnsley were the quality of supervision and the "
        "consistency of plans.",
        ["the quality of supervision", "the consistency of plans"],
    ),
    (
        "Ofsted said Cheshire East Council needed to urgently improve the response to children at risk of "
        "harm and the quality of management oversight.",
        ["improve the response to children at risk of harm", "the quality of management oversight"],
    ),
    (
        "Inspectors said Hartlepool Council should improve the quality of pathway plans for care leavers and "
        "reduce the number of changes of social worker for children.",
        [
            "improve the quality of pathway plans for care leavers",
            "reduce the number of changes of social worker for children",
        ],
    ),
    # a second ask joined by "and to" and its verb; "and to" before a noun stays in the item
    (
        "Ofsted said the council needed to strengthen its scrutiny of unregulated placements and to ensure "
        "that every child in care has a health plan.",
        [
            "strengthen its scrutiny of unregulated placements",
            "ensure that every child in care has a health plan",
        ],
    ),
    (
        "The letter said leaders should improve the recording of visits and to provide care leavers with "
        "their health histories.",
        ["improve the recording of visits", "provide care leavers with their health histories"],
    ),
    (
        "Inspectors said Bexley should improve the help it gives to young carers and to their families.",
        ["improve the help it gives to young carers and to their families"],
    ),
    (
        "Inspectors said Stockport Council must urgently improve the quality of assessments and the "
        "management oversight of cases, and make sure that children at risk of exploitation are protected.",
        [
            "improve the quality of assessments",
            "the management oversight of cases",
            "make sure that children at risk of exploitation are protected",
        ],
    ),
]


@pytest.mark.parametrize("text,expected", POSITIVES)
def test_recommendation_items(text, expected):
    assert [f["text"] for f in recommendations(text)] == expected


TRAPS = [
    "An education watchdog has made a number of recommendations for Barnsley Council to improve its service.",
    "Barnsley Council to improve service for care leavers and praised for investment.",
    "We know we need to improve our services for care leavers, the director of Kent's children's services "
    "said.",
    "Inspectors found that personal advisers were 'not spending enough time building strong relationships'.",
    "Barnsley Council implemented a plan to improve its care leavers service in November.",
    "The number of questionnaires completed is not as high as it should be, Barnsley councillors heard.",
    "All our staff and our partners know what needs to be done, Somerset County Council said.",
    "Ofsted said Warwickshire's supervision was not consistently good.",
    "Ofsted praised Stockport Council and said there was nothing it needs to improve urgently.",
    "The government says councils should improve recruitment, the minister told MPs.",
    "Wigan Council does not need to improve its fostering service, inspectors concluded.",
    "Parents said Croydon should improve its school transport.",
    "Residents called for improvements to bus services in Luton.",
    "The scrutiny committee recommended that Cabinet consider a market supplement for social workers in "
    "Bury.",
    "Rochdale children's services making progress but must improve, Ofsted says",
    "Leaders in Oldham welcomed the visit. They also said the council should improve its website.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_recommendations(text):
    assert recommendations(text) == []


LISTS = [
    # a lead-in with words before its colon, then bulleted lines (ModernGov's "·" and blank lines between)
    (
        "Members heard that the letter from Ofsted set out three areas for development found during the "
        "visit:\n\n·         The timeliness of strategy meetings for children at risk;\n\n"
        "·         The recording of management decisions, when cases were stepped down, needed to be "
        "clearer;\n\n·         The quality of return home interviews.\n\nMembers welcomed the findings.",
        [
            "The timeliness of strategy meetings for children at risk",
            "The recording of management decisions, when cases were stepped down, needed to be clearer",
            "The quality of return home interviews",
        ],
    ),
    # no-break spaces on the blank lines, a bullet item holding its own "needed to improve"
    (
        "Ofsted identified the following areas for improvement:\n\u00a0\n"
        "• That partners needed to improve how they share information about missing children;\n\u00a0\n"
        "• The consistency of supervision records.",
        [
            "partners needed to improve how they share information about missing children",
            "The consistency of supervision records",
        ],
    ),
    # numbered and lettered lines
    (
        "Ofsted made three recommendations for Solihull:\n1. Strengthen the oversight of private fostering.\n"
        "2. Reduce delay in initial health assessments.\n3. Improve the quality of pathway plans.",
        [
            "Strengthen the oversight of private fostering",
            "Reduce delay in initial health assessments",
            "Improve the quality of pathway plans",
        ],
    ),
    (
        "Key areas identified by inspectors were around:\na) the stability of the social work workforce\n"
        "b) the timeliness of child protection conferences",
        ["the stability of the social work workforce", "the timeliness of child protection conferences"],
    ),
    (
        "The inspection report identified the following priorities for the council:\n- faster permanence for "
        "babies\n- better help for young carers",
        ["faster permanence for babies", "better help for young carers"],
    ),
    # the asks listed after "needs to:"
    (
        "Inspectors said Swindon Borough Council needs to:\n• review the thresholds for early help\n"
        "• ensure that plans for disabled children are updated",
        ["review the thresholds for early help", "ensure that plans for disabled children are updated"],
    ),
    # "want/asked X to:" and the asks listed
    (
        "Inspectors want the council to:\n- speed up decisions for babies in care proceedings\n- improve the "
        "recording of supervision",
        ["speed up decisions for babies in care proceedings", "improve the recording of supervision"],
    ),
    (
        "In their letter, Ofsted asked leaders to:\n1. Review the use of agency staff at the front door.\n"
        "2. Strengthen oversight of unregistered placements.",
        [
            "Review the use of agency staff at the front door",
            "Strengthen oversight of unregistered placements",
        ],
    ),
    # "needs to make further progress in the following areas:"
    (
        "Ofsted said the council needs to make further progress in the following areas:\n• the timeliness of "
        "initial health assessments\n• the quality of return home interviews",
        ["the timeliness of initial health assessments", "the quality of return home interviews"],
    ),
    # a heading after a sentence naming the inspection
    (
        "Ofsted inspected Torbay's children's services in May.\n\nWhat needs to improve\n\n• The quality of "
        "supervision for newly qualified social workers.\n• Planning for children on the edge of care.",
        [
            "The quality of supervision for newly qualified social workers",
            "Planning for children on the edge of care",
        ],
    ),
    # inline list after a colon, an Oxford comma before an item holding "and"
    (
        "Two areas needing improvement were identified in the report: the handling of contacts at the front "
        "door, and how well young people aged 16 and 17 are told about their rights and entitlements.",
        [
            "the handling of contacts at the front door",
            "how well young people aged 16 and 17 are told about their rights and entitlements",
        ],
    ),
    (
        "Areas requiring further development included: supervision, planning and recording.",
        ["supervision", "planning", "recording"],
    ),
    (
        "The inspectors' recommendations were: (1) strengthen the oversight of private fostering "
        "arrangements (2) reduce delay in initial health assessments.",
        [
            "strengthen the oversight of private fostering arrangements",
            "reduce delay in initial health assessments",
        ],
    ),
    # "such as" after a participle
    (
        "Some areas where improvement was needed were also noted, such as making sure every child in care "
        "has an up-to-date health plan.",
        ["making sure every child in care has an up-to-date health plan"],
    ),
    # an item list of clauses: a join before "did not" starts a new item
    (
        "Areas for improvement included: the board needed to improve its quality assurance, and the youth "
        "offending team did not always record assessments and did not consistently review plans.",
        [
            "the board needed to improve its quality assurance",
            "the youth offending team did not always record assessments",
            "did not consistently review plans",
        ],
    ),
    # "recommended that the local authority:" and lettered lines
    (
        "Inspectors recommended that the local authority:\n(a) improve the consistency of practice in the "
        "MASH\n(b) reduce the number of changes of social worker",
        ["improve the consistency of practice in the MASH", "reduce the number of changes of social worker"],
    ),
    # bullet items wrapped onto the next line, a paragraph straight after the list
    (
        "The letter identified the following areas for development:\n"
        "• the quality of assessments for children who\n  are at risk of harm\n• oversight of\n"
        "  children in need plans\nThe council accepted the findings.",
        [
            "the quality of assessments for children who are at risk of harm",
            "oversight of children in need plans",
        ],
    ),
    (
        "In the letter, inspectors said the local authority should focus on:\n- the timeliness of health "
        "assessments\n- the voice of the child in plans",
        ["the timeliness of health assessments", "the voice of the child in plans"],
    ),
    (
        "Further improvements are needed in the quality of pathway plans, Ofsted said.",
        ["the quality of pathway plans"],
    ),
    # more ways of naming the list
    (
        "Ofsted also identified some areas where the council could do better, including the timeliness of "
        "health assessments and the stability of placements for older children.",
        ["the timeliness of health assessments", "the stability of placements for older children"],
    ),
    (
        "The areas identified for improvement are the consistency of supervision, the quality of plans and "
        "the timeliness of reviews.",
        ["the consistency of supervision", "the quality of plans", "the timeliness of reviews"],
    ),
    (
        "Ofsted's report stated that the local authority needs to make further improvements in:\n"
        "1. the response to privately fostered children\n2. the timeliness of initial conferences",
        ["the response to privately fostered children", "the timeliness of initial conferences"],
    ),
    (
        "Inspectors recommended improving the consistency of management oversight and the timeliness of "
        "assessments.",
        ["improving the consistency of management oversight", "the timeliness of assessments"],
    ),
    (
        "Ofsted inspected Derby's services for children in care in May.\n\n"
        "What needs to improve in this area of social work practice:\n• The quality of life story work.\n"
        "• Management oversight of placement moves.",
        ["The quality of life story work", "Management oversight of placement moves"],
    ),
    # plain lines after a colon, closed by a blank line
    (
        "Inspectors identified these areas for improvement:\nThe consistency of supervision\n"
        "The timeliness of pathway plans\n\nThe council accepted the findings.",
        ["The consistency of supervision", "The timeliness of pathway plans"],
    ),
    # an aside between the lead-in and its colon
    (
        "The inspectors identified the following areas for improvement, all of which are now in the service "
        "plan:\n\n(a) Improve the quality of supervision for team managers.\n\n"
        "(b) Reduce drift for children on child in need plans.",
        [
            "Improve the quality of supervision for team managers",
            "Reduce drift for children on child in need plans",
        ],
    ),
    (
        "Ofsted set out three areas for development, which are addressed in the action plan:\n"
        "• the timeliness of pathway plans\n• the voice of children in their reviews",
        ["the timeliness of pathway plans", "the voice of children in their reviews"],
    ),
    # plain lines after a blank line below the colon
    (
        "Inspectors said the council must improve:\n\nthe recording of visits to children in care\n"
        "the planning for young people leaving custody\n\nThe council said it would respond.",
        ["the recording of visits to children in care", "the planning for young people leaving custody"],
    ),
    (
        "Ofsted made eight recommendations. Among them, it said the local authority should:\n\n"
        "Make sure that strategy discussions include the police.\n"
        "Review the support given to kinship carers.\n\nThe director welcomed the report.",
        [
            "Make sure that strategy discussions include the police",
            "Review the support given to kinship carers",
        ],
    ),
]


@pytest.mark.parametrize("text,expected", LISTS)
def test_listed_items(text, expected):
    assert [f["text"] for f in recommendations(text)] == expected


CLAUSES = [
    # minutes reporting what inspectors said should change: the clause, from its subject
    (
        "Inspectors felt that the number of social workers in the assessment team should be increased.",
        ["the number of social workers in the assessment team should be increased"],
    ),
    (
        "(c) in Ofsted's view there should be closer scrutiny of children placed with relatives, because "
        "some arrangements were unassessed;",
        ["there should be closer scrutiny of children placed with relatives"],
    ),
    (
        "Inspectors considered that some visits should have been made sooner, and that capacity should be "
        "increased for work with families affected by domestic abuse.",
        ["capacity should be increased for work with families affected by domestic abuse"],
    ),
    (
        "It was also the inspectors' recommendation that return home interviews should be offered to every "
        "child who goes missing.",
        ["return home interviews should be offered to every child who goes missing"],
    ),
    (
        "Inspectors observed that more work needed to be done by team managers to ensure that plans are "
        "reviewed.",
        ["more work needed to be done by team managers to ensure that plans are reviewed"],
    ),
    # two asks, each with its own subject, joined by ", and"; an "and" with no new subject stays in the clause
    (
        "Inspectors felt that strategy meetings should be attended by health staff, and pathway plans should "
        "be reviewed every six months.",
        [
            "strategy meetings should be attended by health staff",
            "pathway plans should be reviewed every six months",
        ],
    ),
    (
        "The monitoring visit found that the front door needs to be better staffed, and referrals from "
        "schools need to be screened faster.",
        ["the front door needs to be better staffed", "referrals from schools need to be screened faster"],
    ),
    (
        "Inspectors felt that more foster carers should be recruited for teenagers, and for sibling groups.",
        ["more foster carers should be recruited for teenagers, and for sibling groups"],
    ),
    # news paraphrase of Ofsted's asks
    (
        "Ofsted said Swindon Borough Council needs to do more to find stable homes for teenagers in care.",
        ["do more to find stable homes for teenagers in care"],
    ),
    (
        "Inspectors said there is still more to do to make sure children in care have stable homes.",
        ["more to do to make sure children in care have stable homes"],
    ),
    # "want X to <verb>", "told X to make improvements to": the ask after "to"
    (
        "Inspectors want Bury to speed up decisions for babies in care proceedings.",
        ["speed up decisions for babies in care proceedings"],
    ),
    ("Ofsted wants leaders in Hull to tackle delays in adoption.", ["tackle delays in adoption"]),
    (
        "Ofsted told Bury to make improvements to its front door, which it said was too slow.",
        ["its front door"],
    ),
    (
        "Inspectors have asked Wigan to make urgent improvements in the quality of child protection plans.",
        ["the quality of child protection plans"],
    ),
    (
        "Inspectors want to see faster decisions for children waiting to be adopted in Leeds.",
        ["faster decisions for children waiting to be adopted in Leeds"],
    ),
    (
        "In their letter, inspectors asked the council to make sure that every child in care has a named "
        "nurse.",
        ["make sure that every child in care has a named nurse"],
    ),
    (
        "Inspectors noted that management oversight needs to be more consistent across the area teams.",
        ["management oversight needs to be more consistent across the area teams"],
    ),
    (
        "Inspectors found that the council had made progress since the last inspection, although more needs "
        "to be done to reduce caseloads.",
        ["more needs to be done to reduce caseloads"],
    ),
    (
        "Inspectors said leaders must make faster progress on reducing the number of children placed out of "
        "the area.",
        ["make faster progress on reducing the number of children placed out of the area"],
    ),
    # two asks joined by "and that"
    (
        "The report said the council needs to do more to find homes for care leavers, and that the quality "
        "of supervision should be more consistent.",
        ["do more to find homes for care leavers", "the quality of supervision should be more consistent"],
    ),
    # a headline's ask restated in the body is one recommendation
    (
        "Bury Council told to improve help for young carers\n\nOfsted inspectors who visited Bury Council in "
        "May have told it to improve its help for young carers.",
        ["improve its help for young carers"],
    ),
    # a list under the report's words: only the item that asks for change
    (
        "The Ofsted report said:\n\n  • Social workers know their children well\n"
        "  • More work needs to be done on planning for care leavers, as some plans are out of date\n"
        "  • Leaders are ambitious",
        ["More work needs to be done on planning for care leavers, as some plans are out of date"],
    ),
]


@pytest.mark.parametrize("text,expected", CLAUSES)
def test_reported_clauses(text, expected):
    assert [f["text"] for f in recommendations(text)] == expected


LIST_AND_CLAUSE_TRAPS = [
    # areas named, not listed
    "Strengths of the service, and areas for development, were set out in the Ofsted letter.",
    "The self-assessment shows the council's strengths, areas for improvement and the progress made so far.",
    "Ofsted's letter listed no areas for priority action.",
    # a lead-in whose colon belongs to another clause
    "The plan works through each of the 11 Ofsted recommendations and groups them under three themes:\n"
    "Scrutiny and oversight\nFrontline practice\nOutcomes for children",
    # a council report's own recommendations
    "Ofsted inspected the service in June.\n\nRECOMMENDATIONS:\n"
    "1. That the Panel notes the inspection findings.\n2. That the Panel endorses the draft action plan.",
    "The committee made the following recommendations to Cabinet:\n• extend the foster carer allowance\n"
    "• review the home to school transport policy",
    "Recommendations:\n2.1 Cabinet is recommended to note the Ofsted report.\n2.2 Cabinet is recommended to "
    "approve the action plan.",
    # praise listed
    "The report identified the following strengths:\n• stable leadership\n• strong partnerships",
    # a list under someone else's words
    "The director said:\n  • More work needs to be done on the budget\n  • Staff morale is high",
    "What we need to improve:\n• our website\n• our complaints process",
    # past criticism, someone else's should, the inspectors as subject
    "Inspectors said the plans should have been reviewed sooner.",
    "Councillors said Ofsted should be abolished and replaced.",
    "Members agreed that the action plan should be shared with partners and schools.",
    "The report should be read alongside the action plan, members heard.",
    "Ofsted's chief inspector said councils should be given more money for children's services.",
    "The director said more work was needed on the budget for next year.",
    "The council leader said the government needs to do more to fund children's services.",
    "Parents want to see more youth clubs in Leeds, the inspectors heard.",
    "It was the committee's recommendation that the report be noted and the plan approved.",
    "While Ofsted made 11 recommendations, it found that two of the five areas inspected are already good.",
    # a committee's own findings, asks of all councils, praise, no item named
    "The scrutiny panel identified the following areas for improvement:\n• communication with parents\n"
    "• the complaints process",
    "A council set out how it filled its vacancies, after Ofsted urged local authorities to tackle the "
    "problem.",
    "Ofsted said it wanted to see the council keep up its excellent work with care leavers.",
    "Inspectors said care leavers in Bury should be proud of what they have achieved.",
    'Ofsted said: "Leaders have a clear understanding of what needs to improve and have credible plans."',
    "Members heard that the council had addressed all the areas for improvement from the 2019 inspection.",
    "Members noted that the areas for improvement were being addressed through the service plan.",
    "The council's own self-assessment said more work needs to be done on recruitment.",
    "Councillor Smith said Ofsted inspectors need to be more open about their judgements.",
    "Ofsted praised the areas where the council does better than its neighbours, including early help.",
    "The scrutiny committee recommended improving the council's website for young people.",
    "The council leader said there was still more to do to improve services for children.",
    # plain lines that run on into a prose paragraph, a headline's "what needs to improve" over prose
    "Inspectors identified these areas for improvement:\nThe consistency of supervision\n"
    "The timeliness of plans\nThe council said it accepted the findings and had put an action plan in place.",
    "Ofsted report: what needs to improve\nThe council said it would act on the findings.\n"
    "Staff were committed.",
    "Inspectors identified these areas for improvement:\n\nThe consistency of supervision\n"
    "The council said it accepted the findings and had put an action plan in place.\n\n"
    "Members noted the report.",
    "The director said the council must improve:\n\nour website\nour complaints process\n\nMembers agreed.",
    # a pronoun as the subject; a panel's area for improvement
    "It was one of the areas for improvement identified by inspectors in Bury.",
    "Sickness absence was one of the areas for improvement identified by the scrutiny panel.",
    # progress made, or wanted by the council itself
    "The council says it has made good progress in the following areas:\n• recruitment\n• retention of staff",
    "We need to make further progress in the following areas:\n• our website\n• sickness absence",
    "Ofsted found that the council had made further progress on recruitment since the last visit.",
    # others asking someone to do things
    "Parents told the council they want the youth club to reopen after Ofsted's visit.",
    "Ofsted wants councils to share data more quickly.",
    "The director wants her team to take a break after the inspection.",
    "The council told landlords to make improvements to their homes.",
    "The committee asked officers to:\n• circulate the briefing to schools\n• report back in March",
    "Parents told the council to:\n- reopen the youth club on Fridays\n- mend the roads near the school",
    "The director wants her managers to:\n• attend the new training\n• complete the staff survey",
    # an aside whose own clause owns the colon; a panel's list with an aside
    "Ofsted's letter described the areas for improvement, which the service then sorted into three themes:\n"
    "Scrutiny\nPractice\nOutcomes",
    "The panel identified the following areas for improvement, each of which has an owner:\n• communication "
    "with families\n• the complaints process",
]


@pytest.mark.parametrize("text", LIST_AND_CLAUSE_TRAPS)
def test_not_listed_recommendations(text):
    assert recommendations(text) == []


def test_listed_items_are_the_council_of_their_lead_in():
    """Items on lines of their own take the council named in the lead-in, not the document's most named
    one."""
    text = (
        "Bolton, Solihull and Wigan were all rated good by Ofsted this summer.\n\nHowever, the report says "
        "Solihull should improve:\n- the timeliness of plans for care leavers;\n- the stability of the "
        "workforce.\n\nBolton was praised for its work with adolescents. Bolton Council had been rated "
        "requires improvement in 2019."
    )
    assert [(f["text"], f["council"]) for f in recommendations(text)] == [
        ("the timeliness of plans for care leavers", "Solihull"),
        ("the stability of the workforce", "Solihull"),
    ]
