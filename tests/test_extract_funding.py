"""Funding amounts for children's services in prose, with recurrence; prices, salaries, fees and savings are
traps."""

import pytest
from evidence import facts_with_evidence

from extractors import extract_facts


def funding(text, published=None):
    return facts_with_evidence("funding", text, published)


POSITIVES = [
    # (text, [(amount_gbp, recurrence, council)])
    (
        "Barnsley Council's plan for its care leavers service included a one-off investment of £6.5m, and "
        "£2.5m funding per year.",
        [(6500000, "one-off", "Barnsley"), (2500000, "annual", "Barnsley")],
    ),
    (
        "Hampshire County Council will spend an extra £8.9m a year on children's social care.",
        [(8900000, "annual", "Hampshire")],
    ),
    (
        "Kent County Council's children's services are forecast to overspend by £12.3m in 2023-24.",
        [(12300000, "unspecified", "Kent")],
    ),
    (
        "Cornwall Council has agreed a one-off investment of £3.2m to grow its own social workers.",
        [(3200000, "one-off", "Cornwall")],
    ),
    (
        "Croydon agreed a one-off £1.8m retention package for children's social workers.",
        [(1800000, "one-off", "Croydon")],
    ),
    (
        "The council has invested £800,000 in its fostering service, Stockport Council said.",
        [(800000, "unspecified", "Stockport")],
    ),
    (
        "Birmingham City Council's children's trust will receive an additional £1.2bn over five years.",
        [(1200000000, "unspecified", "Birmingham")],
    ),
    (
        "Thurrock Council has allocated an additional £2.1 million to children's social care.",
        [(2100000, "unspecified", "Thurrock")],
    ),
    (
        "Norfolk County Council is to invest £15 million in early help for families.",
        [(15000000, "unspecified", "Norfolk")],
    ),
    (
        "Derbyshire's children's services budget will rise by £4.5m annually.",
        [(4500000, "annual", "Derbyshire")],
    ),
    (
        "A further £1.5m one-off sum will pay for more foster carer recruitment at Hampshire County Council.",
        [(1500000, "one-off", "Hampshire")],
    ),
    (
        "Wigan Council has committed £600,000 of recurrent funding to its edge of care team.",
        [(600000, "annual", "Wigan")],
    ),
    (
        "Sheffield City Council set aside £3m for children's social care placements.",
        [(3000000, "unspecified", "Sheffield")],
    ),
    (
        "Torbay received a one-off allocation of £1.2 million to strengthen its safeguarding services.",
        [(1200000, "one-off", "Torbay")],
    ),
    (
        "Leeds City Council is cutting £5m from its children's services budget.",
        [(5000000, "unspecified", "Leeds")],
    ),
    (
        "Dudley Council will put £750k a year into recruiting social workers for children.",
        [(750000, "annual", "Dudley")],
    ),
    (
        "Medway Council's £2m grant for children in care was confirmed by the cabinet.",
        [(2000000, "unspecified", "Medway")],
    ),
    (
        "The £6.5 million one-off investment (and £2.5 million recurrent funding) for Barnsley's children's "
        "services was agreed in November.",
        [(6500000, "one-off", "Barnsley"), (2500000, "annual", "Barnsley")],
    ),
    (
        "Essex County Council overspent its children's social care budget by £9.7m last year.",
        [(9700000, "unspecified", "Essex")],
    ),
    (
        "Torbay Council's children's services received a one-off allocation of £1.2\n"
        "million from the government.",
        [(1200000, "one-off", "Torbay")],
    ),
    (
        "Lancashire County Council's children's services budget for 2024/25 is £120.5m.",
        [(120500000, "unspecified", "Lancashire")],
    ),
    (
        "Rotherham will spend 2 million pounds on a new children's home for young people in care.",
        [(2000000, "unspecified", "Rotherham")],
    ),
    (
        "Wiltshire Council's budget includes growth of £6.1 million for children's social care.",
        [(6100000, "unspecified", "Wiltshire")],
    ),
    (
        "Peterborough City Council's 'grow your own' social work scheme costs £450,000 a year, the council "
        "said.",
        [(450000, "annual", "Peterborough")],
    ),
    (
        "The Department for Education has given Wigan Council £1.5m to improve its children's services.",
        [(1500000, "unspecified", "Wigan")],
    ),
    (
        "Barnsley Council received £3m from the Department for Education's Families First programme.",
        [(3000000, "unspecified", "Barnsley")],
    ),
    (
        "Swindon Borough Council has invested £2m each year since 2021 in its social work academy.",
        [(2000000, "annual", "Swindon")],
    ),
    (
        "Wiltshire budget: children's services to get £15m more\n\n"
        "Wiltshire Council has approved an extra £15.1m for children's social care.",
        [(15100000, "unspecified", "Wiltshire")],
    ),
    (
        "Wiltshire to put £3m into children's social care\n\nWiltshire Council will spend £3m on children's "
        "social care and £3.2m on early help for families.",
        [(3000000, "unspecified", "Wiltshire"), (3200000, "unspecified", "Wiltshire")],
    ),
    (
        "RESOLVED that Dorset Council's net budget requirement of £420m be approved, including £1.8m a year "
        "for additional children's social workers.",
        [(1800000, "annual", "Dorset")],
    ),
    (
        "Walsall Council's children's social care budget is forecast to overspend by £7m, mostly on "
        "residential placements.",
        [(7000000, "unspecified", "Walsall")],
    ),
    # "£6.3million", "£2.5million per year": the scale glued to the figure
    (
        "Sefton Council's children's services are heading for an overspend of £4.7million this year.",
        [(4700000, "unspecified", "Sefton")],
    ),
    (
        "Solihull Council will fund three new children's social work teams at a cost of £1.9million per "
        "year.",
        [(1900000, "annual", "Solihull")],
    ),
    # amounts in words, in capitals too
    (
        "A FOUR MILLION pound boost for children's social care has been announced by Bolton Council.",
        [(4000000, "unspecified", "Bolton")],
    ),
    (
        "Halton Council is to invest two million pounds in its fostering service.",
        [(2000000, "unspecified", "Halton")],
    ),
    # "£12,375m" in a finance table's prose: the comma is a decimal point in £m
    (
        "Wakefield Council spent £96.210m on children's social care against a budget of £83.835m, an "
        "overspend of £12,375m.",
        [
            (96210000, "unspecified", "Wakefield"),
            (83835000, "unspecified", "Wakefield"),
            (12375000, "unspecified", "Wakefield"),
        ],
    ),
    # a budget raised by an amount is money committed; its forecast moving is not (traps below)
    (
        "Cabinet agreed to increase children's social care resources by £2.4m next year in Salford.",
        [(2400000, "unspecified", "Salford")],
    ),
    (
        "Redcar Council has cut its children's services budget by £1.5m.",
        [(1500000, "unspecified", "Redcar and Cleveland")],
    ),
    # a projected overspend
    (
        "Children's services in Bury are heading for a projected £4.6m overspend this year.",
        [(4600000, "unspecified", "Bury")],
    ),
    # what many children, a service or its agency staff cost is spending; one child's or one placement's is a
    # price
    (
        "There are now 420 children in care in Plymouth, costing the council more than £25 million a year.",
        [(25000000, "annual", "Plymouth")],
    ),
    (
        "Agency social workers in Sefton's children's services cost £3.1m last year.",
        [(3100000, "unspecified", "Sefton")],
    ),
    # a range: the first amount shares the words after the second
    (
        "Oldham Council will spend between £2m and £3m a year on children's social care placements.",
        [(2000000, "annual", "Oldham"), (3000000, "annual", "Oldham")],
    ),
    # each amount of a split sum has its own purpose
    (
        "Kent set aside £2m for children's social work teams and £3m for a housing scheme for older people.",
        [(2000000, "unspecified", "Kent")],
    ),
    # "nearly £12 million" rounds the exact total given later: one amount
    (
        "Bexley Council spent nearly £12 million on agency social workers for children over four years. "
        "Figures show the council spent £11,842,300 on children's agency social workers from 2019 to 2023.",
        [(11842300, "unspecified", "Bexley")],
    ),
    (
        "Enfield Council will spend more than £2m on children's social care this year and £2.3m next year.",
        [(2000000, "unspecified", "Enfield"), (2300000, "unspecified", "Enfield")],
    ),
    # a level reached is an amount ("down to"), and a budget's decided increase is money committed
    (
        "Remedial action will bring Sefton's children's services overspend down to £0.6m.",
        [(600000, "unspecified", "Sefton")],
    ),
    (
        "Lancashire's children's services budget for 2025/26 is £251m, an increase of £14m on this year.",
        [(251000000, "unspecified", "Lancashire"), (14000000, "unspecified", "Lancashire")],
    ),
    (
        "Children's social care spending in Bury is expected to be £2.1m higher than budgeted.",
        [(2100000, "unspecified", "Bury")],
    ),
    # the second amount of a pair shares the first's verb
    (
        "The new children's home will cost £1.4m to build and £700,000 a year to run, Rochdale Council said.",
        [(1400000, "unspecified", "Rochdale"), (700000, "annual", "Rochdale")],
    ),
    (
        "Halton Council has been awarded £1.3m by the DfE to open more family hubs.",
        [(1300000, "unspecified", "Halton")],
    ),
    # a children's service's own net budget (the council's net budget is a trap below)
    ("Children's Services – net budget £58.2m (Bury Council, 2023/24).", [(58200000, "unspecified", "Bury")]),
    (
        "Bury's children's social care net budget of £41m is under strain, members heard.",
        [(41000000, "unspecified", "Bury")],
    ),
    # recurrence: added to a base budget, or said at the clause's end; "in a year" and a base budget named
    # before the amount are no rate
    (
        "Oldham Council has added £900,000 to the children's services base budget to fund six more social "
        "workers.",
        [(900000, "annual", "Oldham")],
    ),
    (
        "Of the package, £1.4m will be added to Wigan's children's social care budget every year from April.",
        [(1400000, "annual", "Wigan")],
    ),
    (
        "Councils spent £750m on agency children's social workers in a year, a survey found.",
        [(750000000, "unspecified", None)],
    ),
    (
        "The base budget overspend on Bury's children's services was brought down to £0.8m.",
        [(800000, "unspecified", "Bury")],
    ),
    # a budget's decided change is money committed
    ("Children's services in Bury face a cut of £2m next year.", [(2000000, "unspecified", "Bury")]),
    (
        "The cabinet approved growth of £4.2m for children's social care in Oldham.",
        [(4200000, "unspecified", "Oldham")],
    ),
    # an outturn is money spent
    ("The final outturn for Bury's children's social care was £64.8m.", [(64800000, "unspecified", "Bury")]),
    (
        "Children's services in Wigan had an outturn of £71.3m in 2023/24.",
        [(71300000, "unspecified", "Wigan")],
    ),
    # "a further" amount after money committed is money committed
    (
        "Bury will invest £2m in children's social care this year and a further £1m next year.",
        [(2000000, "unspecified", "Bury"), (1000000, "unspecified", "Bury")],
    ),
    # other words of spending: expenditure, a bill, paying, a share, money going into something
    (
        "Expenditure on residential placements for children in care in Slough reached £14.2m in 2022/23.",
        [(14200000, "unspecified", "Slough")],
    ),
    (
        "Bolton paid £2.3m to agencies for locum children's social workers last year.",
        [(2300000, "unspecified", "Bolton")],
    ),
    (
        "Rutland County Council is paying an agency £400,000 a year to staff its children's social care "
        "front door.",
        [(400000, "annual", "Rutland")],
    ),
    ("Wigan's bill for agency children's social workers came to £3.6m.", [(3600000, "unspecified", "Wigan")]),
    (
        "Councils in the North East will share £12m to open family hubs for children.",
        [(12000000, "unspecified", None)],
    ),
    (
        "A further £300,000 a year will go into a mentoring scheme for care leavers in Hull.",
        [(300000, "annual", "Kingston upon Hull")],
    ),
    ("Around £2m will go towards new children's homes in Kent.", [(2000000, "unspecified", "Kent")]),
    # a dash before the amount does not hide "a year"
    (
        "The bill for agency staff in Hull's children's social care budget has been laid bare - £3 million a "
        "year.",
        [(3000000, "annual", "Kingston upon Hull")],
    ),
]


POSITIVES += [
    # adults' services by another name, in a report about children's services
    (
        "Children's services budget monitoring\n\nLuton's children's services are forecasting an overspend "
        "of £3.2m.\nAdult Social Services is forecasting an overspend of £2.1m, reported separately.",
        [(3200000, "unspecified", "Luton")],
    ),
]


@pytest.mark.parametrize("text,expected", POSITIVES)
def test_funding_amounts(text, expected):
    found = funding(text)
    assert [(f["amount_gbp"], f["recurrence"], f["council"]) for f in found] == expected


TRAPS = [
    # pay and savings named at the head of the clause, however far from the amount
    "Starting salaries for newly qualified children's social workers at Luton Council will be up to £38,000.",
    "In Luton's children's services, savings from the new fostering model are expected to reach some "
    "£750,000 a year.",
    # what a council pays each of its staff is pay, not spending
    "Luton Council pays its children's social workers between £31,000 and £42,000 a year.",
    "Children's social workers employed by Luton are paid up to £44,500.",
    "CYP Now Digital membership: From £15 / month.",
    "Kent County Council is advertising social worker posts with a salary of £42,000 for children's "
    "services.",
    "Agency social workers in Croydon are paid £450 a day.",
    "Three children's homes in Swindon received grants of £15,000 each.",
    "Barnsley Council received £2m from the sale of a former children's home.",
    "A residential placement for a child in Peterborough's care costs £250,000 a year.",
    "Figures provided by Wigan Council show that a children's home place costs £5,000 a week.",
    "The council expects to save £2m over two years from children's social care placements.",
    "Savings of £3.4m are planned in Hampshire's children's services.",
    "A placement in a children's home costs £5,000 a week in Norfolk.",
    "Sheffield City Council is spending £20m on road resurfacing and potholes.",
    "Tickets cost £12 for the children's pantomime in Wigan.",
    "Leeds City Council agreed £4m for a new leisure centre and library.",
    "Warwickshire County Council paid £250,000 in compensation to a family after a data breach.",
    "Subscription fees for the social care journal start at £99 a year.",
    "The average house in Surrey is worth £500,000.",
    "Barnsley FC signed a striker for £1.5m.",
    "Councillors in Dudley spent £30,000 on adult social care transport.",
    "Children's services in Torbay have an annual budget, the report says.",
    "Ofsted praised Torbay's children's services.\nThe council's total budget for next year is £180m, with "
    "council tax up 4.99 per cent.",
    "Councillors in Stockport heard that adult social care faces an overspend of £4m this year.",
    "The extra investment forms part of Suffolk County Council's 2024/25 budget of £720m.",
    "The money was approved as part of Bristol City Council's £545m budget for 2024-25.",
    "Calderdale Council's leader said the government should invest £2.6bn in children's social care.",
    "The director told Dudley Council's cabinet that adult social care would overspend by £6.2m, largely on "
    "residential placements for older people.",
    "Members approved Somerset Council's revenue budget of £540m, which includes more for children's "
    "services.",
    "Kent social work caseloads fall, report says.\n\nRelated articles\n"
    "Council children's services spending hits £12bn\nMedway Council invests £3m in fostering drive\n\n"
    "Subscribe for full access.",
    "Bury Council's net budget of £350m includes children's services and adult social care.",
    # a forecast's movement; management and recovery actions are savings
    "Bury's children's services forecast shows a movement of +£0.9m since the last report.",
    "There has been an adverse movement of £1.2m in the children's placements forecast since June.",
    "Management action totalling £600k has been identified to reduce the children's services overspend in "
    "Bury.",
    "Recovery actions of £1.1m have been agreed to reduce the children's services overspend in Wigan.",
    # "a further" or "another" amount after a saving or a forecast's change is one too
    "Savings of £0.9m are forecast from Bury's children's services fostering programme, with a further £0.4m "
    "at risk.",
    "Wigan expects to save £1.1m on children's placements this year and another £500,000 next year.",
    "The children's services overspend in Bury has risen by £700,000, with a further £300,000 expected.",
    # the size of the council's reserves
    "The council's reserves fell to £12m after it used them to cover the children's services overspend in "
    "Bury.",
    "Wigan's general reserve of £20m will not be used for children's social care.",
    # what a person is paid
    "Newly qualified children's social workers in Kent are paid £32,000.",
    "Experienced social workers in Bury's children's services get paid up to £45,000.",
    "Bolton Council will share £2m of savings from children's social care with its partners.",
    "The bill for Hull's new bridge came to £40m.",
    # the amount a forecast or spending moved, differed or was misstated by
    "The children's services overspend in Bury had grown by £450k since the last report.",
    "Children's social care in Bury: because of rising demand this had increased by £1.1m since April.",
    "Bexley Council said: 'We have reduced our spending on children's agency social workers by £2.2m.'",
    "The blog says Derby understated its children's services budget by £4m again.",
    "Children's services in Sefton are expected to cost £2m more than the council forecast in June.",
    "The spending pressure on Halton's children's services has gone up by more than £3m since June.",
    "The overspend on children's placements in Bury has risen, up £1.4m from the previous forecast.",
    # a shortfall or gap is not money committed or spent
    "Bury Council's budget gap of £23m is the largest in its history, children's services heard.",
    "Councils warned of a £3bn funding gap in children's social care by 2025.",
    # savings measures
    "Children's services pressures in Bury had £2.2m of remedial action identified to reduce the overspend.",
    # the cost of one unit, a range of rates
    "It costs around £180,000 a year to keep one child in a secure children's home in Devon.",
    "Residential care is costing Bury between £40,000 and £60,000 per week for children with complex needs.",
    "A residential placement for one child in Oldham's care is costing £320,000 a year.",
    "It costs Oldham's children's services, on average, about £62,000 a year to look after a child in care.",
    # both amounts of a range take the words before the first
    "Agency social workers in children's services cost £600 a day, against a salary of between £38,000 and "
    "£45,000 for a permanent social worker.",
    # a number of people, not pounds
    "Two million children in England live in families facing hardship, a children's charity said.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_funding(text):
    assert funding(text) == []


TITLED = [
    # minutes under a children's services title, whose sentences name only "the Directorate"
    (
        "Quarter 2 finance report - Children and Families Directorate",
        "He said the Directorate had a budget of £48m for 2019/20, excluding schools grants.",
        [48000000],
    ),
    (
        "Children & Families budget monitoring",
        "The grant was now estimated at some £512,300 for 2019-20.",
        [512300],
    ),
    # money released from reserves is spent on the service the document is about; money put into reserves is
    # not
    (
        "Children's Services improvement plan - Cabinet decision",
        "That one-off funding of £900,000 be drawn from the council's general reserves to deliver the plan.",
        [900000],
    ),
    (
        "Children and Families budget monitoring",
        "This is on top of the £1.2m of one-off money already released from earmarked reserves in June.",
        [1200000],
    ),
    (
        "Children and Families budget monitoring",
        "The council has put £3m into its general reserves this year.",
        [],
    ),
    # the adults' directorate named by its other names, under a children's services title
    (
        "Children's Services budget monitoring",
        "For comparison, the Health and Social Care directorate (adults) is forecasting an overspend of "
        "£3.4m.",
        [],
    ),
    (
        "Children's Services budget monitoring",
        "The Adults and Communities directorate forecasts an overspend of £1.9m.",
        [],
    ),
    (
        "Highways and Transport budget monitoring",
        "He said the Directorate had a budget of £48m for 2019/20, excluding schools grants.",
        [],
    ),
    ("Adult social care budget monitoring", "The Directorate's budget was £48m for 2019/20.", []),
]


@pytest.mark.parametrize("title,text,expected", TITLED)
def test_funding_under_a_childrens_services_title(title, text, expected):
    assert [f["amount_gbp"] for f in extract_facts(text, title=title)["funding"]] == expected


@pytest.mark.parametrize(
    "text,quote",
    [
        (
            "A further £300,000 a year will go into a mentoring scheme for care leavers in Hull.",
            "£300,000 a year",
        ),
        ("Stockport Council put £2.2m into a new edge of care service for children.", "put £2.2m"),
    ],
)
def test_quote_ends_on_a_telling_word(text, quote):
    assert [f["quote"] for f in funding(text)] == [quote]


TABLES = [
    # one cell a line under a heading of money columns, in the unit the caption declares; an underspend is no
    # amount
    (
        "Children and Families Directorate - budget monitoring, month 6 (£000s)\n\nService\nBudget\n"
        "Forecast\nVariance\nFostering and adoption\n12,450\n13,020\n+570\nEarly help\n4,100\n3,950\n-150\n\n"
        "The position will be reported again in March.",
        [12450000, 13020000, 570000, 4100000, 3950000],
    ),
    # one row a line, cells set off by "|", the unit declared in the text before; another service's row is
    # left out
    (
        "Figures are in £m.\n\nArea | Budget | Outturn\nChildren's social care | 61.2 | 64.9\n"
        "Adult social care | 98.0 | 97.1\n",
        [61200000, 64900000],
    ),
    # no unit declared: the figures could be anything
    ("Service\nBudget\nForecast\nFostering and adoption\n12,450\n13,020\n", []),
    # a unit declared, but the columns are counts of staff
    ("Costs are shown in £000s.\n\nTeam | Social workers | Vacancies\nAssessment team | 24 | 3\n", []),
]


@pytest.mark.parametrize("text,expected", TABLES)
def test_budget_table_cells(text, expected):
    assert [f["amount_gbp"] for f in funding(text)] == expected
