"""Recommendations in news prose: one fact per item Ofsted said must improve; plain criticism is not one."""
import pytest

from evidence import facts_with_evidence


def recommendations(text, published=None):
    return facts_with_evidence("recommendations", text, published)


POSITIVES = [
    ("However, Barnsley Council was told it needs to improve in a number of areas, including providing earlier "
     "opportunities for care leavers to build relationships with personal advisers; managing workload capacity; "
     "and regular reviews when young people's circumstances change.",
     ["providing earlier opportunities for care leavers to build relationships with personal advisers",
      "managing workload capacity", "regular reviews when young people's circumstances change"]),
    ("In March, Barnsley Council was told by Ofsted that it needs to improve its service for youngsters leaving "
     "care, noting that it had been 'weakened' by workload pressures.",
     ["improve its service for youngsters leaving care"]),
    ("Ofsted said Nottinghamshire County Council needs to improve the timeliness of assessments for children in "
     "need of help and protection, the consistency of management oversight in the assessment teams, and the "
     "response to children who go missing from home.",
     ["improve the timeliness of assessments for children in need of help and protection",
      "the consistency of management oversight in the assessment teams",
      "the response to children who go missing from home"]),
    ("Inspectors said Stockport Council should improve the timeliness of return home interviews for children "
     "who go missing, and should make sure that care leavers' pathway plans are updated when their "
     "circumstances change.",
     ["improve the timeliness of return home interviews for children who go missing",
      "make sure that care leavers' pathway plans are updated when their circumstances change"]),
    ("Ofsted recommended that Torbay Council strengthens management oversight of children in need plans.",
     ["Torbay Council strengthens management oversight of children in need plans"]),
    ("Inspectors told Croydon Council it must improve the quality of supervision for social workers.",
     ["improve the quality of supervision for social workers"]),
    ("Areas for improvement identified by Ofsted include the quality of pathway plans; the sufficiency of "
     "placements; and the use of data by leaders in Medway.",
     ["the quality of pathway plans", "the sufficiency of placements", "the use of data by leaders in Medway"]),
    ("Ofsted told Wigan Council it needs to improve in three areas: the recording of management decisions, "
     "the timeliness of health assessments, and return home interviews.",
     ["the recording of management decisions", "the timeliness of health assessments", "return home interviews"]),
    ("The inspection report said Kent County Council needs to strengthen its response to 16 and 17-year-olds who "
     "present as homeless.", ["strengthen its response to 16 and 17-year-olds who present as homeless"]),
    ("Dudley Council was told by inspectors that it should ensure that supervision helps social workers to "
     "reflect on children's experiences.",
     ["ensure that supervision helps social workers to reflect on children's experiences"]),
    ("Ofsted said that Thurrock Council must address the quality and frequency of supervision for social "
     "workers.", ["address the quality and frequency of supervision for social workers"]),
    ("Areas for priority action:\n• The quality of assessments for children at risk of harm.\n• The timeliness "
     "of initial child protection conferences.\n\nThe local authority has accepted the findings.",
     ["The quality of assessments for children at risk of harm", "The timeliness of initial child protection conferences"]),
    ("Inspectors found that Norfolk County Council needs to make sure that care leavers receive their health "
     "histories.", ["make sure that care leavers receive their health histories"]),
    ("Ofsted has told Sandwell that it needs to improve its help for disabled children, but praised its "
     "leadership.", ["improve its help for disabled children"]),
    ("Ofsted inspectors called for improvements in supervision and management oversight at Luton Borough Council.",
     ["supervision and management oversight at Luton Borough Council"]),
    ("The Ofsted report recommended improvements to the timeliness of assessments, the quality of plans and "
     "the support for care leavers in Bolton.",
     ["the timeliness of assessments", "the quality of plans", "the support for care leavers in Bolton"]),
    ("The watchdog recommended that Slough improves the quality of return home interviews.",
     ["Slough improves the quality of return home interviews"]),
    ("Ofsted said Bolton Council should improve the quality of supervision and the timeliness of assessments "
     "for disabled children.",
     ["improve the quality of supervision", "the timeliness of assessments for disabled children"]),
    ("Inspectors said Trafford should continue to improve the consistency of plans for children in need.",
     ["improve the consistency of plans for children in need"]),
    ("Ofsted inspected Rochdale in May. They also called for improvements in the quality of pathway plans.",
     ["the quality of pathway plans"]),
    ("The Ofsted report on Halton identified the timeliness of initial health assessments as an area for "
     "improvement.", ["the timeliness of initial health assessments"]),
    ("Inspectors said Knowsley Council must urgently improve the response to children at risk of harm.",
     ["improve the response to children at risk of harm"]),
    ("Inspectors visited Oldham in March. They also said leaders should strengthen the oversight of children "
     "placed out of the borough.", ["strengthen the oversight of children placed out of the borough"]),
    ("Inspectors praised social workers in Gateshead. But they said the council should improve the quality of "
     "pathway plans for care leavers and the timeliness of their health assessments.",
     ["improve the quality of pathway plans for care leavers", "the timeliness of their health assessments"]),
    ("The areas for improvement identified by Ofsted in Barnsley were the quality of supervision and the "
     "consistency of plans.", ["the quality of supervision", "the consistency of plans"]),
    ("Ofsted said Cheshire East Council needed to urgently improve the response to children at risk of harm and "
     "the quality of management oversight.",
     ["improve the response to children at risk of harm", "the quality of management oversight"]),
    ("Inspectors said Hartlepool Council should improve the quality of pathway plans for care leavers and reduce "
     "the number of changes of social worker for children.",
     ["improve the quality of pathway plans for care leavers",
      "reduce the number of changes of social worker for children"]),
    ("Inspectors said Stockport Council must urgently improve the quality of assessments and the management "
     "oversight of cases, and make sure that children at risk of exploitation are protected.",
     ["improve the quality of assessments", "the management oversight of cases",
      "make sure that children at risk of exploitation are protected"]),
]


@pytest.mark.parametrize("text,expected", POSITIVES)
def test_recommendation_items(text, expected):
    assert [f["text"] for f in recommendations(text)] == expected


TRAPS = [
    "An education watchdog has made a number of recommendations for Barnsley Council to improve its service.",
    "Barnsley Council to improve service for care leavers and praised for investment.",
    "We know we need to improve our services for care leavers, the director of Kent's children's services said.",
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
    "The scrutiny committee recommended that Cabinet consider a market supplement for social workers in Bury.",
    "Rochdale children's services making progress but must improve, Ofsted says",
    "Leaders in Oldham welcomed the visit. They also said the council should improve its website.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_recommendations(text):
    assert recommendations(text) == []
