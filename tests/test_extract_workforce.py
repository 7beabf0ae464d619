"""Workforce figures: agency, turnover, vacancy and sickness rates, recruits, leavers and headcounts; targets
are traps."""

import pytest
from evidence import facts_with_evidence


def workforce(text, published=None):
    return facts_with_evidence("workforce", text, published)


POSITIVES = [
    # (text, [(metric, value, council)])
    (
        "Across England, 6,800 children's social workers left their posts in the year to September, the DfE "
        "said.",
        [("leavers", 6800, None)],
    ),
    (
        "We know that our agency numbers are still high at 22 per cent, Barnsley Council said.",
        [("agency_rate", 22, "Barnsley")],
    ),
    (
        "Somerset County Council's social worker turnover rate has been reduced from 20 per cent to 14 per "
        "cent.",
        [("turnover_rate", 20, "Somerset"), ("turnover_rate", 14, "Somerset")],
    ),
    (
        "A total of 44 permanent new social workers have been recruited by Somerset County Council, as well "
        "as 26 new graduate social workers.",
        [("recruited", 44, "Somerset"), ("recruited", 26, "Somerset")],
    ),
    (
        "Around 30 new social workers are due to start at Warwickshire County Council in September.",
        [("recruited", 30, "Warwickshire")],
    ),
    (
        "Agency social workers made up 14.2% of Kent County Council's children's social work workforce, and "
        "the vacancy rate was 18%.",
        [("agency_rate", 14.2, "Kent"), ("vacancy_rate", 18, "Kent")],
    ),
    (
        "Turnover at Kent County Council had reduced to 16.5% over the previous year and the sickness rate "
        "was 4.3%.",
        [("turnover_rate", 16.5, "Kent"), ("sickness_rate", 4.3, "Kent")],
    ),
    (
        "Agency staff now make up 11 per cent of Sheffield's children's social work workforce, down from 19 "
        "per cent a year earlier.",
        [("agency_rate", 11, "Sheffield"), ("agency_rate", 19, "Sheffield")],
    ),
    (
        "Croydon Council has 58 vacant social worker posts, and 74 social workers left the council in 2022.",
        [("vacancies", 58, "Croydon"), ("leavers", 74, "Croydon")],
    ),
    (
        "Derbyshire County Council recruited 37 newly qualified social workers last year.",
        [("recruited", 37, "Derbyshire")],
    ),
    (
        "Sheffield City Council employs around 430 children's social workers.",
        [("headcount_fte", 430, "Sheffield")],
    ),
    (
        "Of the 310 social workers employed by Leeds City Council, 45 are agency staff.",
        [("headcount_fte", 310, "Leeds"), ("agency_workers", 45, "Leeds")],
    ),
    ("Kirklees Council has employed 20 new social workers since April.", [("recruited", 20, "Kirklees")]),
    (
        "Dudley Council's social worker turnover has reduced from 27% in March 2023 to 19% in March 2024.",
        [("turnover_rate", 27, "Dudley"), ("turnover_rate", 19, "Dudley")],
    ),
    (
        "Thurrock Council said 12 international social workers are due to join in March 2024.",
        [("recruited", 12, "Thurrock")],
    ),
    (
        "Some 63 agency social workers were working for Nottinghamshire County Council at the time of the "
        "inspection.",
        [("agency_workers", 63, "Nottinghamshire")],
    ),
    ("Wigan Council's children's services have 212 FTE social workers.", [("headcount_fte", 212, "Wigan")]),
    (
        "The vacancy rate for children's social workers in Leeds is 9 per cent.",
        [("vacancy_rate", 9, "Leeds")],
    ),
    ("Medway Council has hired 15 experienced social workers from overseas.", [("recruited", 15, "Medway")]),
    ("Reliance on agency workers in Norfolk has fallen to 8 per cent.", [("agency_rate", 8, "Norfolk")]),
    (
        "Sickness absence among Torbay's social workers stands at 5.1 per cent.",
        [("sickness_rate", 5.1, "Torbay")],
    ),
    (
        "Cornwall Council welcomed 20 newly qualified social workers this autumn.",
        [("recruited", 20, "Cornwall")],
    ),
    ("Staff turnover in Slough's children's services was 31% last year.", [("turnover_rate", 31, "Slough")]),
    (
        "Staff turnover in West Berkshire is high at 29%, and within children's social care, 50% of social "
        "workers and managers in the core teams are agency staff.",
        [("turnover_rate", 29, "West Berkshire"), ("agency_rate", 50, "West Berkshire")],
    ),
    (
        "The number of agency social workers at Dudley Council has fallen from 64 to 38.",
        [("agency_workers", 64, "Dudley"), ("agency_workers", 38, "Dudley")],
    ),
    (
        "The number of vacancies in Leeds children's social work teams was 31 in March.",
        [("vacancies", 31, "Leeds")],
    ),
    (
        "The Assistant Director reported to Kent County Council's committee: vacancy rate 14.6%, agency "
        "11.2%, turnover 13.9%, sickness 3.1%.",
        [
            ("vacancy_rate", 14.6, "Kent"),
            ("agency_rate", 11.2, "Kent"),
            ("turnover_rate", 13.9, "Kent"),
            ("sickness_rate", 3.1, "Kent"),
        ],
    ),
    (
        "Nearly half (46%) of social workers in Thurrock Council's assessment service are agency staff.",
        [("agency_rate", 46, "Thurrock")],
    ),
    (
        "Calderdale Council currently employs 54 agency social workers.",
        [("agency_workers", 54, "Calderdale")],
    ),
    (
        "Oldham Council has about 300 social workers, and roughly 85 of them are agency staff.",
        [("agency_workers", 85, "Oldham")],
    ),
    (
        "Rotherham's service has 27 social work vacancies and 9 had left the authority since April.",
        [("vacancies", 27, "Rotherham"), ("leavers", 9, "Rotherham")],
    ),
    ("In Gateshead vacancies stood at 17 FTE at the end of the quarter.", [("vacancies", 17, "Gateshead")]),
    (
        "Turnover at Bolton Council was 22 per cent in the year to March, well above the national rate of "
        "15.4 per cent.",
        [("turnover_rate", 22, "Bolton"), ("turnover_rate", 15.4, None)],
    ),
    (
        "At Wokingham Borough Council there were 11 agency social workers in December.",
        [("agency_workers", 11, "Wokingham")],
    ),
    (
        "Some 44% of social workers at Kent County Council are employed through agencies.",
        [("agency_rate", 44, "Kent")],
    ),
    (
        "The Royal Borough of Greenwich employs 262 FTE social workers, of whom 58 are agency staff.",
        [("headcount_fte", 262, "Greenwich"), ("agency_workers", 58, "Greenwich")],
    ),
    (
        "The number of agency children's social workers in England fell to 4,500 full-time equivalents last "
        "year, from 7,200 a year earlier.",
        [("agency_workers", 4500, None), ("agency_workers", 7200, None)],
    ),
    (
        "The sickness rate in Kirklees children's social care was 4.2%, against a council-wide figure of "
        "5.1%.",
        [("sickness_rate", 4.2, "Kirklees")],
    ),
    (
        "Telford & Wrekin Council children's social care\n\nKEY FIGURES\nAgency social workers: 47\n"
        "Children in care: 512",
        [("agency_workers", 47, "Telford and Wrekin")],
    ),
    ("Dorset Council Q3 scorecard\n- Agency SWs: 9% of the workforce", [("agency_rate", 9, "Dorset")]),
    (
        "Barnsley Council's agency rate is 22\u00a0per cent of its social workers.",
        [("agency_rate", 22, "Barnsley")],
    ),
    (
        "Inspectors found that one in five social workers at Stockport Council was employed through an "
        "agency.",
        [("agency_rate", 20, "Stockport")],
    ),
    (
        "Wirral Council has recruited 15 social workers from overseas, and a further 10 are due to start in "
        "September.",
        [("recruited", 15, "Wirral"), ("recruited", 10, "Wirral")],
    ),
    (
        "There were 43 vacancies at Derbyshire County Council, although 29 of these were covered by agency "
        "social workers.",
        [("vacancies", 43, "Derbyshire"), ("agency_workers", 29, "Derbyshire")],
    ),
    (
        "Hackney Council has reduced the number of agency social workers to 33, and caseloads have come down "
        "to 15 a worker.",
        [("agency_workers", 33, "Hackney")],
    ),
    (
        "Torbay Council's children's services remain inadequate after Ofsted found that one in three social "
        "work posts was vacant.",
        [("vacancy_rate", 33.3, "Torbay")],
    ),
    ("At Torbay Council 14 social work posts are vacant.", [("vacancies", 14, "Torbay")]),
    (
        "At Halton Borough Council there were 11 agency social workers, down from 19 a year ago.",
        [("agency_workers", 11, "Halton"), ("agency_workers", 19, "Halton")],
    ),
    (
        "Wigan Council has recruited 30 new social workers, compared with 18 the year before.",
        [("recruited", 30, "Wigan"), ("recruited", 18, "Wigan")],
    ),
    (
        "Stockton-on-Tees Borough Council workforce report\n\nMeasure Stockton-on-Tees England\n"
        "Agency rate (%) 23 17.6\nTurnover rate (%) 15.2 17.1",
        [
            ("agency_rate", 23, "Stockton-on-Tees"),
            ("agency_rate", 17.6, None),
            ("turnover_rate", 15.2, "Stockton-on-Tees"),
            ("turnover_rate", 17.1, None),
        ],
    ),
    (
        "North Yorkshire Council children's social care\n\nIndicator\tNorth Yorkshire\tEngland\n"
        "Vacancy rate (%)\t9\t20.7",
        [("vacancy_rate", 9, "North Yorkshire"), ("vacancy_rate", 20.7, None)],
    ),
]


@pytest.mark.parametrize("text,expected", POSITIVES)
def test_workforce_figures(text, expected):
    found = workforce(text)
    assert [(f["metric"], f["value"], f["council"]) for f in found] == expected


TRAPS = [
    "Barnsley Council aims to cut its agency rate to 10 per cent by 2025.",
    "Kent County Council wants to recruit 50 more social workers next year.",
    "Agency social workers cost Croydon 30 per cent more than permanent staff.",
    "Agency spending in Leeds rose by 12 per cent last year.",
    "Fifteen agency workers in Barnsley are transferring to permanent posts.",
    "Caseloads in Somerset were reduced by 30 per cent.",
    "A significant rise of up to 20 per cent in the numbers of children on child protection plans was noted.",
    "Persistent absence among pupils in Hull schools rose to 21 per cent.",
    "The council's target is a vacancy rate below 10 per cent, Wigan Council said.",
    "Norfolk County Council needs 40 more social workers to meet demand.",
    "Turnover fell by 4 percentage points in Dudley.",
    "The agency said 30 per cent of referrals came from schools in Medway.",
    "The number of agency social workers in Kent has fallen by 12 since 2022.",
    "Wakefield Council said that fewer than 10 of them are agency staff.",
    "Kent County Council said 30% of referrals came from agencies such as the police.",
    "Kent County Council children's social care\n\nKEY FIGURES\nChildren in care: 512\nAgency placements: 40",
    "The turnover of Kent County Council's foster carers was 15% last year.",
    "Kent County Council opened two family hubs, and a further 3 are due to start construction in May.",
    "One in five social workers in Leeds said they felt stressed, a Leeds City Council survey found.",
    "Kent County Council workforce report\n\nMeasure England North West\nAgency rate (%) 17.6 18",
    "Kent County Council\n\nMeasure Kent England\nAgency spend (£m) 12 40",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_workforce_figures(text):
    assert workforce(text) == []


def found(text, published=None):
    return [(f["metric"], f["value"], f["council"]) for f in workforce(text, published)]


# Agency staff counted in the ways real reports put it; moves and plans beside them are not counts.
AGENCY_COUNTS = [
    (
        "Salford City Council currently has around 45 agency staff in its children's services.",
        [("agency_workers", 45, "Salford")],
    ),
    (
        "The director's aim is to replace 25 agency workers with permanent staff, Bury Council said.",
        [("agency_workers", 25, "Bury")],
    ),
    (
        "Agency staff were filling 31 of the vacant posts at Oldham Council.",
        [("agency_workers", 31, "Oldham")],
    ),
    ("Rochdale Council said 38 were employed through an agency.", [("agency_workers", 38, "Rochdale")]),
    ("York City Council said it now uses no agency social workers.", [("agency_workers", 0, "York")]),
    (
        "Trafford Council had 12 permanent team managers and 4 agency.",
        [("headcount_fte", 12, "Trafford"), ("agency_workers", 4, "Trafford")],
    ),
    (
        "Last year Bolton Council took on an average of 52 agency social work staff a month, against an "
        "average of 70 a month in 2019.",
        [("agency_workers", 52, "Bolton"), ("agency_workers", 70, "Bolton")],
    ),
    (
        "Hull City Council's review found the service relied on 19 frontline agency workers, as well as its "
        "own staff.",
        [("agency_workers", 19, "Kingston upon Hull")],
    ),
    (
        "Looked-after children team (Wigan Council) – 14 practitioners (3 agency workers)",
        [("headcount_fte", 14, "Wigan"), ("agency_workers", 3, "Wigan")],
    ),
]
AGENCY_COUNT_TRAPS = [
    "Havering Council said it had converted 12 agency workers to permanent contracts since the summer.",
    "York City Council will have no agency social workers by 2026, its plan says.",
    "Agency staff were covering 3 teams in Oldham, the council said.",
    "Bolton Council cut agency social work staff by 52 over the year.",
    "Twenty agency workers in Bury are moving onto permanent contracts.",
    "Kirklees Council said no agency will be used for the new service.",
    "Kirklees Council has set a cap of 10 agency workers in each team.",
]


@pytest.mark.parametrize("text,expected", AGENCY_COUNTS)
def test_agency_counts(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", AGENCY_COUNT_TRAPS)
def test_agency_count_traps(text):
    assert found(text) == []


# Headcounts: a group's size opening a clause, FTE equivalents, "the number of ... from X to Y", team list
# lines.
HEADCOUNTS = [
    (
        "Last year, of the 85 social workers in Halton Borough Council's teams, 20 were agency staff.",
        [("headcount_fte", 85, "Halton"), ("agency_workers", 20, "Halton")],
    ),
    (
        "Of 300 social worker posts at Kent County Council, 60 are vacant.",
        [("headcount_fte", 300, "Kent"), ("vacancies", 60, "Kent")],
    ),
    (
        "Bexley Council's children's service has the equivalent of 75 full-time staff.",
        [("headcount_fte", 75, "Bexley")],
    ),
    (
        "Bexley Council employs 110 full-time equivalents in children's social care.",
        [("headcount_fte", 110, "Bexley")],
    ),
    (
        "Sefton Council has increased the number of children's social workers from 120 in 2019 to 150 this "
        "year.",
        [("headcount_fte", 120, "Sefton"), ("headcount_fte", 150, "Sefton")],
    ),
    (
        "A report will recommend a restructure taking the number of full-time posts at Sefton Council from "
        "200 to 260.",
        [("headcount_fte", 200, "Sefton")],
    ),
    (
        "The number of social workers leaving Sefton Council rose to 40 last year.",
        [("leavers", 40, "Sefton")],
    ),
    (
        "In England, 7,200 FTE children and family social workers left their local authority in the year, "
        "while 6,900 FTE joined.",
        [("leavers", 7200, None), ("recruited", 6900, None)],
    ),
    (
        "Wigan Council FOI answer\n\n- Children in care – 18 social workers (5 agency workers) – 14 cases "
        "each\n- Disabled children - Main team: 6 SW\n- Leaving care - 1 social worker",
        [
            ("headcount_fte", 18, "Wigan"),
            ("agency_workers", 5, "Wigan"),
            ("headcount_fte", 6, "Wigan"),
            ("headcount_fte", 1, "Wigan"),
        ],
    ),
    (
        "The service employed the equivalent of 212.5 FTE children's social workers at Wirral Council.",
        [("headcount_fte", 212.5, "Wirral")],
    ),
    (
        "The 92 social workers in North East Lincolnshire each hold about 20 cases.",
        [("headcount_fte", 92, "North East Lincolnshire")],
    ),
    ("The 40 new social workers at Leeds City Council start in May.", [("recruited", 40, "Leeds")]),
]
HEADCOUNT_TRAPS = [
    "A survey of 200 social workers at Essex County Council found morale was low.",
    "The number of social workers per 10,000 children in Sefton is 60.",
    "Sefton Council plans to raise the number of social workers to 180 by 2026.",
    "Wigan Council FOI answer\n\n- Social Worker 1 – 15 children\n- Social Worker 2 – 21 children",
    "Update – 30 social workers attended the Wigan Council conference this year.",
    "The 3 social workers involved in the case were praised, Leeds City Council said.",
]


@pytest.mark.parametrize("text,expected", HEADCOUNTS)
def test_headcounts(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", HEADCOUNT_TRAPS)
def test_headcount_traps(text):
    assert found(text) == []


# Planned and announced recruitment counts as recruited; an aim, a need or a case taken up does not.
RECRUITMENT = [
    ("Stockport Council will take on 25 more social workers next year.", [("recruited", 25, "Stockport")]),
    ("Barnet Council recruits 18 children's social workers from abroad.", [("recruited", 18, "Barnet")]),
    (
        "Three social workers are flying in from Zimbabwe to take up posts with Hull City Council.",
        [("recruited", 3, "Kingston upon Hull")],
    ),
    ("Calderdale Council is to hire 12 extra social workers.", [("recruited", 12, "Calderdale")]),
    (
        "Calderdale Council's plan includes money to recruit up to 60 additional children's social work "
        "staff.",
        [("recruited", 60, "Calderdale")],
    ),
    (
        "The Barnet Council team will be joined by twenty five new recruits in May.",
        [("recruited", 25, "Barnet")],
    ),
    (
        "The £5m will fund 20 additional social workers at Stoke-on-Trent City Council.",
        [("recruited", 20, "Stoke-on-Trent")],
    ),
]
RECRUITMENT_TRAPS = [
    "Stockport Council wants to take on 25 more social workers.",
    "It will take 25 social workers to clear the backlog in Stockport.",
    "Two social workers took up the case with Hull City Council.",
    "Barnet Council needs to hire 18 more social workers.",
    "Calderdale Council cut its children's social work staff by 12 last year.",
    "Stoke-on-Trent City Council said 20 additional social workers would be needed to meet demand.",
    "Stoke-on-Trent City Council would require 20 extra social workers to bring caseloads down.",
]


@pytest.mark.parametrize("text,expected", RECRUITMENT)
def test_planned_recruitment(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", RECRUITMENT_TRAPS)
def test_planned_recruitment_traps(text):
    assert found(text) == []


# Rates stated of posts, supplied "by outside agencies", compared with "a figure" before; adults' rates, cost
# premiums and shares in a clause of their own are not children's workforce rates.
RATES = [
    (
        "In Swindon some 28% of children's social work posts are not filled by permanent staff, and "
        "Wiltshire Council's figure is 19%.",
        [("vacancy_rate", 28, "Swindon"), ("vacancy_rate", 19, "Wiltshire")],
    ),
    (
        "Around 31 per cent of Norfolk County Council's children's social workers are supplied by external "
        "agencies, a figure which has fallen from the 40 per cent recorded in 2022.",
        [("agency_rate", 31, "Norfolk"), ("agency_rate", 40, "Norfolk")],
    ),
    (
        "Agency staff made up 18 per cent of Essex County Council's children's social workers and 6 per cent "
        "of its adult social workers.",
        [("agency_rate", 18, "Essex")],
    ),
    (
        "Dorset Council now employs no agency staff and has a settled workforce, with over 60 per cent of "
        "its social workers qualified for more than five years.",
        [("agency_workers", 0, "Dorset")],
    ),
]
RATE_TRAPS = [
    "Agency workers cost Devon County Council anywhere between 20-30 per cent on top of a permanent salary.",
    "Agency staff in Devon are used less, while 60 per cent of the county's social workers hold a masters "
    "degree.",
    "Some 40 per cent of adult social workers at Devon County Council are supplied by agencies.",
    "Devon County Council is working towards having 85 per cent of social workers on permanent contracts "
    "this year, with less use of agency staff.",
]


@pytest.mark.parametrize("text,expected", RATES)
def test_rates(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", RATE_TRAPS)
def test_rate_traps(text):
    assert found(text) == []


# Rates in words: fractions and "two in five"; a rounding beside the exact figure, shares of something other
# than a workforce measure, and councils left unnamed ("some councils") are not rates.
RATES_IN_WORDS = [
    (
        "Until 2019 Cumbria County Council relied on locum staff for over a quarter of its social workers.",
        [("agency_rate", 25, "Cumbria")],
    ),
    (
        "Roughly two in five social workers at Slough Borough Council are from agencies.",
        [("agency_rate", 40, "Slough")],
    ),
    (
        "Of the 30 social workers Hartlepool Borough Council recruited in 2022, nearly a third left within "
        "the year.",
        [("recruited", 30, "Hartlepool"), ("turnover_rate", 33.3, "Hartlepool")],
    ),
    (
        "More than half of the social work posts at Thurrock Council were vacant last spring.",
        [("vacancy_rate", 50, "Thurrock")],
    ),
    (
        "More than half of the social work posts at Thurrock Council were vacant last spring, a vacancy rate "
        "of 54.5%.",
        [("vacancy_rate", 54.5, "Thurrock")],
    ),
    (
        "Two-thirds of the social workers in Luton Council's assessment teams are agency staff.",
        [("agency_rate", 66.7, "Luton")],
    ),
]
RATES_IN_WORDS_TRAPS = [
    "Hartlepool Borough Council's performance report for the third quarter shows a rise in referrals.",
    "Some councils still depend on agency staff for more than a third of their social workers, the report "
    "said.",
    "Half of them had been in post for less than four months, Luton Council said of its agency staff.",
    "Two-thirds of Luton Council's social workers said they felt supported, a staff survey found.",
    "A quarter of the agency social workers at Luton Council were paid above the cap.",
    "Thirty per cent of referrals at Kent County Council were from agencies such as the police.",
    "Vacancy rates vary widely, with one local authority struggling at 45%, the figures show.",
]


@pytest.mark.parametrize("text,expected", RATES_IN_WORDS)
def test_rates_in_words(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", RATES_IN_WORDS_TRAPS)
def test_rates_in_words_traps(text):
    assert found(text) == []


# National workforce statistics: shortages, FTE vacancies, leavers and joiners, vacancies stated as a count.
NATIONAL = [
    (
        "Government figures point to a national shortage of around 6,500 social workers.",
        [("vacancies", 6500, None)],
    ),
    (
        "Across England, vacancies stood at 7,900 in September 2023, while 5,100 FTE children and family "
        "social workers left.",
        [("vacancies", 7900, None), ("leavers", 5100, None)],
    ),
    (
        "There were 7,900 FTE vacancies nationally, and 6,900 FTE joiners.",
        [("vacancies", 7900, None), ("recruited", 6900, None)],
    ),
    ("In England vacancies rose to 20.7% last year.", [("vacancy_rate", 20.7, None)]),
    (
        "Kent County Council said vacancies were 41, down from 58 a year earlier.",
        [("vacancies", 41, "Kent"), ("vacancies", 58, "Kent")],
    ),
]
NATIONAL_TRAPS = [
    "Vacancies rose by 200 across England last year.",
    "A shortage of foster carers means 40 children are placed out of the county, Kent County Council said.",
]


@pytest.mark.parametrize("text,expected", NATIONAL)
def test_national_statistics(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", NATIONAL_TRAPS)
def test_national_statistics_traps(text):
    assert found(text) == []


# Near misses of the constructions above, met while checking precision: a sample of staff, an intention to
# leave, some of the leavers, a budget, councils left unnamed.
NEAR_MISSES = [
    "Of the 12 social workers interviewed by Ofsted at Leeds City Council, 9 said caseloads were too high.",
    "Half of the social workers at Leeds City Council said they were considering leaving.",
    "A third of the social workers who left Leeds City Council said pay was the reason.",
    "Leeds City Council has no agency staff budget this year.",
    "Many councils employ 20 agency social workers or more, the survey found.",
    "Nearly a third of children in care in Leeds have had three or more social workers.",
    "Half of the children left care after their social workers changed, Leeds City Council said.",
    "A third of the budget at Leeds City Council is spent on agency staff.",
    "About 40% of the £4m budget at Leeds City Council went on agency workers.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses(text):
    assert found(text) == []


# More of the same classes in other words: "are agency", shares "in every", nouns that name the measure.
MORE_FORMS = [
    ("Currently 38% of Leeds City Council's social workers are agency.", [("agency_rate", 38, "Leeds")]),
    (
        "Around one in six children's social workers left their jobs last year, DfE data shows.",
        [("turnover_rate", 16.7, None)],
    ),
    (
        "At Leeds City Council one in every four posts is held by an agency worker.",
        [("agency_rate", 25, "Leeds")],
    ),
    (
        "Leeds City Council had 50 starters and 38 leavers in the year.",
        [("recruited", 50, "Leeds"), ("leavers", 38, "Leeds")],
    ),
    (
        "One council is putting £2m into hiring 25 extra social workers to cut caseloads.",
        [("recruited", 25, None)],
    ),
]
MORE_FORMS += [
    (
        "Some 14% of children's social workers at Leeds City Council left in the year.",
        [("turnover_rate", 14, "Leeds")],
    ),
    ("Turnover at Leeds City Council was twenty-five per cent last year.", [("turnover_rate", 25, "Leeds")]),
    ("Leeds City Council recruited twenty one new social workers.", [("recruited", 21, "Leeds")]),
]
MORE_FORMS_TRAPS = [
    "Leeds City Council has 12 social workers on long-term sick leave.",
    "About 40% of children in care at Leeds City Council left care with no plan, social workers said.",
    "One in four posts at Leeds City Council was advertised twice.",
]


@pytest.mark.parametrize("text,expected", MORE_FORMS)
def test_more_forms(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", MORE_FORMS_TRAPS)
def test_more_forms_traps(text):
    assert found(text) == []


# Minutes and FOI answers: "of which N are agency", "N of which were covered by agency staff", "an
# establishment of 120 posts, of which 24 are vacant", labelled lines with "Number of ..." and a dash; a
# question's number is a reference, not a count.
MINUTES_AND_FOI = [
    (
        "Members were advised that there were currently 27 vacancies across Bury Council's service, 19 of "
        "which were covered by agency staff.",
        [("vacancies", 27, "Bury"), ("agency_workers", 19, "Bury")],
    ),
    ("Agency staffing levels at Bury Council remain at 18%.", [("agency_rate", 18, "Bury")]),
    (
        "Bury Council currently employs 186 qualified social workers, of which 31 are agency.",
        [("headcount_fte", 186, "Bury"), ("agency_workers", 31, "Bury")],
    ),
    (
        "Bury Council FOI response\n\nNumber of agency social workers: 23\nNumber of leavers: 14\n"
        "Total number of social workers employed – 145",
        [("agency_workers", 23, "Bury"), ("leavers", 14, "Bury"), ("headcount_fte", 145, "Bury")],
    ),
    (
        "Bury Council has an establishment of 120 social worker posts, of which 24 are vacant.",
        [("headcount_fte", 120, "Bury"), ("vacancies", 24, "Bury")],
    ),
]
MINUTES_AND_FOI_TRAPS = [
    "Bury Council FOI request: how many of the social workers listed in question 2 are agency staff?",
    "Bury Council FOI response\n\nNumber of complaints: 23\nNumber of foster carers – 145",
]


@pytest.mark.parametrize("text,expected", MINUTES_AND_FOI)
def test_minutes_and_foi(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", MINUTES_AND_FOI_TRAPS)
def test_minutes_and_foi_traps(text):
    assert found(text) == []


# A number word with a hyphen ("Forty-three") opening a count is one number, not a list line's dash before
# "three".
HYPHENED_WORD_NUMBERS = [
    (
        "Forty-three social workers had left Rochdale Borough Council by the end of the year.",
        [("leavers", 43, "Rochdale")],
    ),
    (
        "Twenty-six social workers recruited from India joined Walsall Council over the summer.",
        [("recruited", 26, "Walsall")],
    ),
    (
        "Bolton Council FOI answer\n\n- Looked-after children team – seven social workers",
        [("headcount_fte", 7, "Bolton")],
    ),
]


@pytest.mark.parametrize("text,expected", HYPHENED_WORD_NUMBERS)
def test_hyphened_word_numbers(text, expected):
    assert found(text) == expected


# Tables set off by bars or laid out one cell a line: the measure named by the row label or the column
# heading, the figure that of the council, England, date or team named across from it; regions and neighbours
# are not.
GRID_TABLES = [
    (
        "Agency reliance in the North East, 2022\n\nAuthority | Agency rate | Turnover rate\n"
        "Gateshead | 12.5% | 16%\nSunderland | 8.1% | 11.9%",
        [
            ("agency_rate", 12.5, "Gateshead"),
            ("turnover_rate", 16, "Gateshead"),
            ("agency_rate", 8.1, "Sunderland"),
            ("turnover_rate", 11.9, "Sunderland"),
        ],
    ),
    (
        "Wakefield Council workforce dashboard\n\nIndicator\nMarch 2023\nMarch 2024\nVacancy rate\n21.3%\n"
        "17.0%\nAgency social workers\n58\n41",
        [
            ("vacancy_rate", 21.3, "Wakefield"),
            ("vacancy_rate", 17.0, "Wakefield"),
            ("agency_workers", 58, "Wakefield"),
            ("agency_workers", 41, "Wakefield"),
        ],
    ),
    (
        "Walsall Council\n\nMeasure\nWalsall\nEngland\nTurnover rate\n14.2%\n17.1%\nSickness absence rate\n"
        "3.9%\n3.2%",
        [
            ("turnover_rate", 14.2, "Walsall"),
            ("turnover_rate", 17.1, None),
            ("sickness_rate", 3.9, "Walsall"),
            ("sickness_rate", 3.2, None),
        ],
    ),
    (
        "Tameside Council children's workforce\n\nMeasure | 2022/23 | 2023/24\nLeavers | 61 | 44\n"
        "Starters | 38 | 52",
        [
            ("leavers", 61, "Tameside"),
            ("leavers", 44, "Tameside"),
            ("recruited", 38, "Tameside"),
            ("recruited", 52, "Tameside"),
        ],
    ),
    (
        "Answer from Bury Council:\n\n| Team | Social workers (FTE) | Of which agency |\n|---|---|---|\n"
        "| Front door | 14.5 | 4 |\n| Children in care | 20 | 2 |",
        [
            ("headcount_fte", 14.5, "Bury"),
            ("agency_workers", 4, "Bury"),
            ("headcount_fte", 20, "Bury"),
            ("agency_workers", 2, "Bury"),
        ],
    ),
    (
        "Rochdale Borough Council minutes\n| Social work staffing, 31 March 2024 | |\n|---|---|\n"
        "| Measure | Rochdale |\n|---|---|\n| Agency rate | 9.1% |\n| Turnover rate | 12% |",
        [("agency_rate", 9.1, "Rochdale"), ("turnover_rate", 12, "Rochdale")],
    ),
    (
        "Oldham Council scorecard\n\nMeasure | Target | Actual\nVacancy rate | 10% | 16.5%\n"
        "Sickness rate | 3% | 4.1%",
        [("vacancy_rate", 16.5, "Oldham"), ("sickness_rate", 4.1, "Oldham")],
    ),
]
GRID_TABLE_TRAPS = [
    "Kent County Council\n\nRegion | Agency rate\nSouth East | 18.2%\nLondon | 21.7%",
    "Kent County Council\n\nMeasure\nStatistical neighbours\nNorth West\nAgency rate\n18.2%\n15.1%",
    "Kent County Council\n\nTeam | Children in care | Average caseload\nNorth | 120 | 17\nSouth | 98 | 15",
    "Kent County Council\n\nSpending\n2022/23\n2023/24\nAgency staff (£m)\n12.4\n9.8\n"
    "Agency social workers (cost)\n8\n7",
]


@pytest.mark.parametrize("text,expected", GRID_TABLES)
def test_grid_tables(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", GRID_TABLE_TRAPS)
def test_grid_table_traps(text):
    assert found(text) == []


# Posts said to be empty or held by agency staff; adults' services, aims and the next clause's share of
# leavers.
POSTS_AND_LEAVERS = [
    (
        "Nine of the 52 frontline posts at Oldham Council's front door were unfilled in June.",
        [("vacancies", 9, "Oldham")],
    ),
    ("At Bury Council 17 of its 90 social work posts remain vacant.", [("vacancies", 17, "Bury")]),
    (
        "Twenty-two posts are currently covered by locums at Stockport Council.",
        [("agency_workers", 22, "Stockport")],
    ),
    (
        "At Bolton Council 14 social worker posts were filled by agency staff.",
        [("agency_workers", 14, "Bolton")],
    ),
    (
        "Twelve full-time equivalent social worker posts were vacant at Wigan Council in March.",
        [("vacancies", 12, "Wigan")],
    ),
    (
        "Vacancies across Salford City Council's assessment teams stood at 8.5 FTE at the end of June.",
        [("vacancies", 8.5, "Salford")],
    ),
    (
        "Vacancies at Wigan Council fell after it recruited 12 FTE social workers.",
        [("recruited", 12, "Wigan")],
    ),
    (
        "The vacancy rate at Halton Borough Council was 20% in March, while 13 per cent of its social "
        "workers had left during the year.",
        [("vacancy_rate", 20, "Halton"), ("turnover_rate", 13, "Halton")],
    ),
]
POSTS_AND_LEAVERS_TRAPS = [
    "Twelve of the 48 social worker posts at Oldham Council were advertised twice.",
    "At Bury Council 30 posts are held by staff with more than ten years' service.",
    "Adults' services at Bury Council had 30 agency social workers in March.",
    "The adult social care committee at Bolton Council heard there were 150 vacancies for home care workers.",
    "A campaign at Stockport Council aimed to bring agency use down to 12 per cent by 2025.",
]


@pytest.mark.parametrize("text,expected", POSTS_AND_LEAVERS)
def test_posts_and_leavers(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", POSTS_AND_LEAVERS_TRAPS)
def test_posts_and_leavers_traps(text):
    assert found(text) == []


# Comparisons: a count compared at the end of its clause, a rate in words compared with a figure, "25pc", and
# shares "one in four of the ... social workers"; a year after "compared with" and shares of other things are
# not.
COMPARISONS = [
    (
        "In 2023 58 social workers left Oldham Council, compared with 71 the year before.",
        [("leavers", 58, "Oldham"), ("leavers", 71, "Oldham")],
    ),
    (
        "At Bury Council 33 agency social workers were covering vacant posts in March, down from 45 last "
        "autumn.",
        [("agency_workers", 33, "Bury"), ("agency_workers", 45, "Bury")],
    ),
    (
        "Agency staff now fill 9 per cent of Wigan Council's social work posts, compared with almost a third "
        "in 2019.",
        [("agency_rate", 9, "Wigan"), ("agency_rate", 33.3, "Wigan")],
    ),
    (
        "Turnover at Bolton Council fell to 12%, down from more than a quarter two years earlier.",
        [("turnover_rate", 12, "Bolton"), ("turnover_rate", 25, "Bolton")],
    ),
    (
        "Salford City Council said 17pc of its children's social workers were employed by agencies.",
        [("agency_rate", 17, "Salford")],
    ),
    (
        "Roughly one in three of Rochdale Borough Council's frontline social workers is a locum.",
        [("agency_rate", 33.3, "Rochdale")],
    ),
    (
        "Bolton's teams were stretched last year. One in five of them was employed through an agency, Bolton "
        "Council said.",
        [("agency_rate", 20, "Bolton")],
    ),
    (
        "Bury Council recruited 41 social workers, compared with 2019 when it recruited none.",
        [("recruited", 41, "Bury")],
    ),
]
COMPARISON_TRAPS = [
    "Half of Wigan Council's social workers said pay was poor, compared with a quarter of its managers.",
    "One in four of Rochdale Borough Council's referrals came from agencies such as the police.",
    "Stockport Council said 40pc of its budget was spent on placements.",
]


@pytest.mark.parametrize("text,expected", COMPARISONS)
def test_comparisons(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", COMPARISON_TRAPS)
def test_comparison_traps(text):
    assert found(text) == []


# Recruitment said in more ways (roles other than social workers, a list after one verb, "bring in", "offered
# permanent contracts", "28 were recruited", posts a budget will fund) and staff in post ("there were 96 ...
# in", "out of 180 ... employed"); posts created in the past, offers of training and staff on sick leave are
# not.
RECRUITMENT_AND_STAFF = [
    (
        "Sefton Council will recruit 20 residential care workers and three registered managers for two new "
        "homes.",
        [("recruited", 20, "Sefton"), ("recruited", 3, "Sefton")],
    ),
    (
        "The £2m will fund 8 temporary social worker posts and 2 team managers at Wirral Council.",
        [("recruited", 8, "Wirral"), ("recruited", 2, "Wirral")],
    ),
    (
        "Two additional personal advisers have been appointed at Halton Borough Council.",
        [("recruited", 2, "Halton")],
    ),
    ("Knowsley Council plans to bring in 30 social workers from Zimbabwe.", [("recruited", 30, "Knowsley")]),
    ("The Knowsley Council academy will take on 12 trainees in September.", [("recruited", 12, "Knowsley")]),
    (
        "St Helens Council's academy greets its second intake of 14 newly qualified social workers next "
        "month.",
        [("recruited", 14, "St Helens")],
    ),
    (
        "Nine social workers at Bury Council were offered permanent contracts in May.",
        [("recruited", 9, "Bury")],
    ),
    (
        "Last year 40 social workers left Oldham Council, while 28 were recruited.",
        [("leavers", 40, "Oldham"), ("recruited", 28, "Oldham")],
    ),
    (
        "The budget would see 15 additional social work posts created at Sefton Council next year.",
        [("recruited", 15, "Sefton")],
    ),
    (
        "There were 96 case-holding social workers in Bury Council's children's services at the end of "
        "March.",
        [("headcount_fte", 96, "Bury")],
    ),
    (
        "At Sefton Council 30 agency social workers were working in the service, out of 180 qualified social "
        "workers employed by the council.",
        [("agency_workers", 30, "Sefton"), ("headcount_fte", 180, "Sefton")],
    ),
]
RECRUITMENT_AND_STAFF_TRAPS = [
    "An extra 20 social work posts have been created at Sefton Council.",
    "Sefton Council offered 12 social workers training in court skills.",
    "There are 12 social workers on long-term sick leave at Bury Council.",
    "Bury Council has 40 social workers, and 3 team managers are retiring this year.",
    "Three out of 10 social workers at Bury Council said they planned to leave.",
    "At Bury Council 14 social workers said they intend to leave within a year.",
    "Bury Council's leaving care team has 9 personal advisers working with 240 care leavers.",
]


@pytest.mark.parametrize("text,expected", RECRUITMENT_AND_STAFF)
def test_recruitment_and_staff(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", RECRUITMENT_AND_STAFF_TRAPS)
def test_recruitment_and_staff_traps(text):
    assert found(text) == []


# A rate referring to the sentence before ("This is 19 per cent.", "the figure had dropped to 9%"); forecasts
# and shares of other things are not.
REFERRING = [
    (
        "At Bolton Council 41 agency social workers were in post in March. This is 19 per cent of the "
        "workforce.",
        [("agency_workers", 41, "Bolton"), ("agency_rate", 19, "Bolton")],
    ),
    (
        "In 2021 a quarter of Wigan Council's social work posts were vacant. By last month the figure had "
        "dropped to 9%.",
        [("vacancy_rate", 25, "Wigan"), ("vacancy_rate", 9, "Wigan")],
    ),
]
REFERRING_TRAPS = [
    "At Bolton Council 41 agency social workers were in post in March. This is 5 per cent of the budget.",
    "Wigan Council has 30 vacant social work posts. The figure is expected to fall to 9% next year.",
]


@pytest.mark.parametrize("text,expected", REFERRING)
def test_referring_rates(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", REFERRING_TRAPS)
def test_referring_traps(text):
    assert [
        fact for fact in found(text) if fact[0] not in ("agency_workers", "vacancies", "headcount_fte")
    ] == []


def test_number_first_changes_no_match(monkeypatch):
    """Patterns marked number_first are only tried at anchors with a number close before them: an anchor no
    match could use is skipped, so the spans found are those of the unmarked patterns."""
    from extractors import components
    from extractors.api import get_nlp, make_doc

    nlp = get_nlp()
    marked = components.load_patterns("workforce.jsonl")
    assert any(entry.get("number_first") for entry in marked)
    plain = [{key: value for key, value in entry.items() if key != "number_first"} for entry in marked]
    positives = (
        POSITIVES
        + AGENCY_COUNTS
        + HEADCOUNTS
        + RECRUITMENT
        + RATES
        + RATES_IN_WORDS
        + NATIONAL
        + MORE_FORMS
        + MINUTES_AND_FOI
        + HYPHENED_WORD_NUMBERS
        + GRID_TABLES
        + POSTS_AND_LEAVERS
        + COMPARISONS
        + RECRUITMENT_AND_STAFF
        + REFERRING
    )
    traps = (
        TRAPS
        + NEAR_MISSES
        + GRID_TABLE_TRAPS
        + POSTS_AND_LEAVERS_TRAPS
        + COMPARISON_TRAPS
        + RECRUITMENT_AND_STAFF_TRAPS
        + REFERRING_TRAPS
    )
    texts = [text for text, _ in positives] + traps

    def spans(entries):
        monkeypatch.setattr(components, "load_patterns", lambda name: entries)
        matcher = components.PatternMatcher(nlp, "workforce.jsonl", "found", needs_number=True)
        found = []
        for text in texts:
            doc = matcher(nlp.get_pipe("sentences")(make_doc(nlp, text)))
            found.append(sorted((s.start, s.end, s.label_) for s in doc.spans["found"]))
        return found

    assert spans(marked) == spans(plain)
