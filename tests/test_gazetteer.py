"""The gazetteer: every English authority with children's services, its aliases, predecessors and codes."""

import csv
from pathlib import Path

import pytest

from db.councils import load_councils
from db.database import open_db
from extractors.gazetteer import (
    Council,
    Gazetteer,
    alias_key,
    as_day,
    generated_aliases,
    load_gazetteer,
    read_alias_rules,
    read_councils,
    read_curated_aliases,
    surface_variants,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CSWW_CSV = SHARED / "data" / "official" / "csww_indicators_2017_to_2025.csv"
LOOKUP_CSV = SHARED / "data" / "lookup" / "ofsted_provider_la_lookup.csv"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


# (what people write, date of the text or None, expected DfE code)
ALIAS_CASES = [
    # official names
    ("Barnsley Metropolitan Borough Council", None, "370"),
    ("Royal Borough of Kingston upon Thames", None, "314"),
    ("Warwickshire County Council", None, "937"),
    ("City of Bradford Metropolitan District Council", None, "380"),
    ("Bournemouth, Christchurch and Poole Council", None, "839"),
    ("Council of the Isles of Scilly", None, "420"),
    ("Hull City Council", None, "810"),
    ("City of Doncaster Council", None, "371"),
    ("Royal Borough of Windsor and Maidenhead", None, "868"),
    ("Westmorland and Furness Council", None, "943"),
    # "X Council" and the type forms the rules generate
    ("Barnsley Council", None, "370"),
    ("Barnsley council", None, "370"),
    ("Hackney Council", None, "204"),
    ("Bristol City Council", None, "801"),
    ("City of York Council", None, "816"),
    ("Durham County Council", None, "840"),
    ("Wigan MBC", None, "359"),
    ("Reading Borough Council", None, "870"),
    ("Stoke-on-Trent City Council", None, "861"),
    ("Stoke on Trent City Council", None, "861"),
    ("Bradford Council", None, "380"),
    # London boroughs
    ("London Borough of Hackney", None, "204"),
    ("the London Borough of Barking & Dagenham", None, "301"),
    ("LB Hackney", None, "204"),
    ("LB of Lambeth", None, "208"),
    ("Tower Hamlets", None, "211"),
    ("RBKC", None, "207"),
    ("LBHF", None, "205"),
    ("Kingston", None, "314"),
    ("Kingston Council", None, "314"),
    ("Richmond", None, "318"),
    # informal names and abbreviations
    ("BMBC", None, "370"),
    ("Brighton", None, "846"),
    ("Brighton & Hove", None, "846"),
    ("Brighton and Hove City Council", None, "846"),
    ("BCP Council", None, "839"),
    ("BCP", None, "839"),
    ("Herts", None, "919"),
    ("Notts", None, "891"),
    ("Bucks", None, "825"),
    ("Hants", None, "850"),
    ("B&NES", None, "800"),
    ("Hull", None, "810"),
    ("Southend", None, "882"),
    ("Southend City Council", None, "882"),
    ("St. Helens", None, "342"),
    ("St Helens Council", None, "342"),
    ("Telford & Wrekin Council", None, "894"),
    ("County Durham", None, "840"),
    ("Kingston-upon-Thames", None, "314"),
    ("Birmingham Children's Trust", None, "330"),
    ("Together for Children", None, "394"),
    ("Bedford Borough Council", None, "822"),
    ("Kingston upon Hull, City of", None, "810"),
    ("Herefordshire, County of", None, "884"),
    ("Barnsley's", None, "370"),
    ("BARNSLEY COUNCIL", None, "370"),
    ("Barnsley children's services", None, "370"),
    ("Warwickshire County Council children’s services", None, "937"),
    ("Reading children's social care", None, "870"),
    # former names of authorities that kept their code
    ("North Yorkshire County Council", None, "815"),
    ("Somerset County Council", "2019-06-01", "933"),
    ("Buckinghamshire County Council", "2018-02-01", "825"),
    # predecessors by date
    ("Northamptonshire County Council", "2016-05-12", "928"),
    ("Northamptonshire", "2019", "928"),
    ("Northants", None, "928"),
    ("Cumbria County Council", "2021-03-01", "909"),
    ("Cumbria", "2024-01-15", "909"),
    ("Dorset", "2016-07-01", "835"),
    ("Dorset", "2019-04-01", "838"),
    ("Dorset", None, "838"),
    ("Dorset Council", "2024-02", "838"),
    ("Dorset County Council", "2024-02-01", "835"),
    ("Poole", "2017-01-01", "836"),
    ("Borough of Poole", None, "836"),
    ("Bournemouth Borough Council", "2018-08-27", "837"),
    ("Cumberland Council", "2024-05-01", "942"),
    ("West Northamptonshire", "2022", "941"),
    # codes: DfE, ONS GSS old and new, Ofsted URN, web domain
    ("370", None, "370"),
    ("E08000038", None, "370"),
    ("E08000016", None, "370"),
    ("E08000019", None, "373"),
    ("E10000002", None, "825"),
    ("E06000060", None, "825"),
    ("e10000023", None, "815"),
    ("E10000006", None, "909"),
    ("E06000048", None, "929"),
    ("80426", None, "370"),
    ("2532287", None, "839"),
    ("135513", None, "909"),
    ("barnsley.gov.uk", None, "370"),
    ("https://www.kingston.gov.uk/news/article/123", None, "314"),
    ("https://democracy.leeds.gov.uk/ieListDocuments.aspx?CId=1", None, "383"),
    ("birminghamchildrenstrust.co.uk", None, "330"),
]


@pytest.mark.parametrize("text,on_date,code", ALIAS_CASES)
def test_resolve_real_world_aliases(gazetteer, text, on_date, code):
    council = gazetteer.resolve(text, on_date=on_date)
    assert council is not None, text
    assert council.code == code


NOT_COUNCILS = [
    "Warwick",
    "Lincoln",
    "Cheshire",
    "Yorkshire",
    "Bedfordshire",
    "HCC",
    "Christchurch",
    "achievingforchildren.org.uk",
    "nctrust.co.uk",
    "999",
    "E07000223",
    "",
    "example.com",
]


@pytest.mark.parametrize("text", NOT_COUNCILS)
def test_names_that_are_not_one_authority_do_not_resolve(gazetteer, text):
    assert gazetteer.resolve(text) is None


def test_current_count_and_predecessors(gazetteer):
    assert len(gazetteer.current) == 153
    predecessors = {c.code for c in gazetteer.councils if not c.is_current}
    assert predecessors == {"835", "836", "837", "909", "928"}


def test_codes_are_unique(gazetteer):
    codes = [c.code for c in gazetteer.councils]
    gss = [g for c in gazetteer.councils for g in [c.gss_code, *c.old_gss_codes]]
    urns = [c.ofsted_urn for c in gazetteer.councils if c.ofsted_urn]
    assert len(codes) == len(set(codes)) and len(gss) == len(set(gss)) and len(urns) == len(set(urns))


REGIONS = {
    "London",
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "South East",
    "South West",
}
TYPES = {"London Borough", "Metropolitan District", "Unitary Authority", "County"}


def test_every_current_authority_is_complete(gazetteer):
    for council in gazetteer.current:
        assert council.region in REGIONS, council
        assert council.type in TYPES, council
        assert council.gss_code and council.gss_code.startswith(("E06", "E08", "E09", "E10")), council
        assert council.official_name and council.ofsted_urn and council.domain, council


def test_type_matches_gss_prefix(gazetteer):
    prefix = {
        "London Borough": "E09",
        "Metropolitan District": "E08",
        "Unitary Authority": "E06",
        "County": "E10",
    }
    for council in gazetteer.councils:
        assert council.gss_code.startswith(prefix[council.type]), council


def test_predecessors_name_their_successors_and_end(gazetteer):
    for council in gazetteer.councils:
        if council.is_current:
            assert not council.successor_codes
            continue
        assert (
            council.ended and council.successor_codes and council.successor_code == council.successor_codes[0]
        )
        for code in council.successor_codes:
            successor = gazetteer.by_code(code)
            assert successor.is_current and successor.started == council.ended


@pytest.mark.parametrize(
    "code,successors",
    [
        ("909", ["942", "943"]),
        ("928", ["940", "941"]),
        ("836", ["839"]),
        ("837", ["839"]),
        ("835", ["838", "839"]),
        ("370", ["370"]),
        ("nope", []),
    ],
)
def test_current_successors(gazetteer, code, successors):
    assert [c.code for c in gazetteer.current_successors(code)] == successors


def test_resolve_all_splits_combined_dfe_rows(gazetteer):
    assert [c.code for c in gazetteer.resolve_all("314 / 318")] == ["314", "318"]
    assert [c.code for c in gazetteer.resolve_all("North Northamptonshire / West Northamptonshire")] == [
        "940",
        "941",
    ]


@pytest.mark.parametrize(
    "alias,ambiguous",
    [
        ("Reading", True),
        ("Bury", True),
        ("Kingston", True),
        ("Halton", True),
        ("Dudley", True),
        ("York", True),
        ("Westminster", True),
        ("Poole", True),
        ("BMBC", True),
        ("Manchester", True),
        ("Wakefield", False),
        ("Sefton", False),
        ("Barnsley", False),
        ("Reading Borough Council", False),
        ("Kingston upon Thames", False),
        ("Bury Council", False),
        ("Royal Borough of Kingston upon Thames", False),
        ("Dorset", False),
        ("Warwickshire", False),
    ],
)
def test_ambiguous_aliases_are_flagged(gazetteer, alias, ambiguous):
    assert gazetteer.is_ambiguous(alias) is ambiguous


def test_forms_with_a_council_noun_are_never_ambiguous(gazetteer):
    for pattern in gazetteer.alias_patterns():
        if pattern["pattern"].endswith(("Council", "council")) and pattern["pattern"] != "Council":
            assert not pattern["ambiguous"], pattern


def test_no_alias_names_two_authorities_at_once(gazetteer):
    shared = [k for k in gazetteer._ambiguous.values() if k.startswith("shared by")]
    assert shared == []


@pytest.mark.parametrize(
    "alias,sentence,known,accepted",
    [
        ("Reading", "Reading's children's services were judged good by Ofsted in 2019.", (), True),
        ("Reading", "Reading beat Bury 2-1 on Saturday.", (), False),
        ("Reading", "Reading FC said the council's plans would not affect the stadium.", (), False),
        (
            "Dudley",
            "Ofsted's regional director, Dudley Smith, said social workers were stretched.",
            (),
            False,
        ),
        ("Dudley", "Social workers in Dudley have caseloads of 18.", (), True),
        ("York", "Caseloads in New York are not reported by Ofsted.", (), False),
        ("Bury", "In Bury, the average was 17.", ("351",), True),
        ("Bury", "In Bury, the average was 17.", (), False),
        ("Barnsley", "Barnsley beat Bury 2-1 on Saturday.", (), True),
        (
            "BMBC",
            "Jo Bloggs, Service Director, Children’s Social Care, BMBC\nCllr Ann Smith, Cabinet Member",
            (),
            True,
        ),
        ("Kingston", "Kingston Hospital said the council had been consulted.", (), False),
        ("Manchester", "Caseloads across Greater Manchester councils average 19.", (), False),
        ("Durham", "Social work students at Durham University", (), False),
        ("Halton", "Halton Council's social workers", (), True),
        ("Newcastle", "Newcastle-under-Lyme Borough Council does not run children's services.", (), False),
        ("Chester", "Social workers in Chester-le-Street, County Durham", (), False),
        ("Chester", "Social workers in Chester said caseloads had fallen.", (), True),
    ],
)
def test_accepts_mention_applies_the_ambiguity_rule(gazetteer, alias, sentence, known, accepted):
    assert gazetteer.accepts_mention(alias, sentence, known_codes=known) is accepted


def test_alias_patterns_work_in_a_span_ruler(gazetteer):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("span_ruler", config={"spans_key": "councils"}).add_patterns(gazetteer.alias_patterns())
    doc = nlp(
        "The London Borough of Hackney and Barnsley Council met officials from BCP Council, Notts, "
        "Newcastle-upon-Tyne and North Northamptonshire Council."
    )
    spans = spacy.util.filter_spans(doc.spans["councils"])
    assert [(s.text, s.id_) for s in spans] == [
        ("London Borough of Hackney", "204"),
        ("Barnsley Council", "370"),
        ("BCP Council", "839"),
        ("Notts", "891"),
        ("Newcastle-upon-Tyne", "391"),
        ("North Northamptonshire Council", "940"),
    ]


def test_alias_patterns_are_unique_and_case_sensitive(gazetteer):
    patterns = [p["pattern"] for p in gazetteer.alias_patterns()]
    assert len(patterns) == len(set(patterns))
    assert "Reading" in patterns and "reading" not in patterns
    assert {"St Helens", "St. Helens", "Brighton & Hove", "Stoke on Trent", "Newcastle-upon-Tyne"} <= set(
        patterns
    )


def test_every_council_has_its_name_and_official_name_as_aliases(gazetteer):
    for council in gazetteer.councils:
        assert council.name in council.aliases and council.official_name in council.aliases


def test_load_gazetteer_is_cached():
    assert load_gazetteer() is load_gazetteer()


def test_gazetteer_from_plain_councils_keeps_the_minimal_api():
    councils = [
        Council(code="370", name="Barnsley", type="Metropolitan District"),
        Council(code="314", name="Kingston upon Thames", type="London Borough", aliases=["Kingston"]),
    ]
    gazetteer = Gazetteer(councils, curated=[])
    assert gazetteer.resolve("Barnsley Metropolitan Borough Council").code == "370"
    assert gazetteer.resolve("Kingston").code == "314"
    assert gazetteer.resolve("Kingston upon Thames") is None  # its own aliases replace the generated ones
    assert {p["id"] for p in gazetteer.alias_patterns()} == {"370", "314"}


@pytest.mark.parametrize(
    "value,day",
    [
        ("2016", "2016-01-01"),
        ("2016-05", "2016-05-01"),
        ("2016-05-12", "2016-05-12"),
        ("2016-05-12T10:00:00Z", "2016-05-12"),
        (None, None),
        ("last March", None),
    ],
)
def test_as_day(value, day):
    assert as_day(value) == day


@pytest.mark.parametrize(
    "a,b",
    [
        ("Brighton & Hove", "brighton and hove"),
        ("St. Helens", "St Helens"),
        ("Stoke-on-Trent", "Stoke on Trent"),
        ("The London Borough of Hackney", "London Borough of Hackney"),
        ("Barnsley’s", "Barnsley"),
    ],
)
def test_alias_key_folds_spelling(a, b):
    assert alias_key(a) == alias_key(b)


def test_load_councils_is_idempotent(tmp_path):
    path = tmp_path / "casewatch.db"
    db = open_db(path)  # open_db loads the gazetteer into an empty councils table
    first = [dict(r) for r in db["councils"].rows_where(order_by="code")]
    aliases = db["council_aliases"].count
    assert len(first) == len(load_gazetteer().councils) and aliases > 1000
    assert load_councils(db) == len(first)
    db = open_db(path)
    assert [dict(r) for r in db["councils"].rows_where(order_by="code")] == first
    assert db["council_aliases"].count == aliases
    cumbria = db["councils"].get("909")
    assert (cumbria["ended"], cumbria["successor_codes"]) == ("2023-04-01", "942; 943")
    assert db.execute("select code from council_aliases where alias = 'BMBC'").fetchall() == [("370",)]


def test_councils_rows_accept_fact_foreign_keys(tmp_path):
    db = open_db(tmp_path / "casewatch.db")
    db["documents"].insert({"id": 1, "sha256": "x", "council_code": "370", "text": "Barnsley Council"})
    assert db.execute("select name from documents join councils on code = council_code").fetchone() == (
        "Barnsley",
    )


# ---------------------------------------------------------------- against the real shared data


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.skipif(not CSWW_CSV.exists(), reason="shared DfE workforce CSV not present")
def test_every_dfe_workforce_row_resolves_by_code_gss_and_name(gazetteer):
    for row in read_csv(CSWW_CSV):
        if row["geographic_level"] != "Local authority":
            continue
        by_code = [c.code for c in gazetteer.resolve_all(row["old_la_code"])]
        by_gss = [c.code for c in gazetteer.resolve_all(row["new_la_code"])]
        by_name = [
            c.code for c in gazetteer.resolve_all(row["la_name"], on_date=row["time_period"] + "-09-30")
        ]
        assert by_code == by_gss == by_name and by_code, row["la_name"]


@pytest.mark.skipif(not LOOKUP_CSV.exists(), reason="shared Ofsted lookup not present")
def test_every_lookup_row_resolves_by_urn(gazetteer):
    for row in read_csv(LOOKUP_CSV):
        assert gazetteer.resolve(row["urn"]).code == row["la_code"]
        assert gazetteer.resolve(row["local_authority_ons_name"]).code == row["la_code"]


def test_curated_aliases_add_what_the_rules_cannot():
    """A curated row is an abbreviation, informal or former name, or an ambiguity flag: never a rule's
    output."""
    forms, variants, _ = read_alias_rules()
    generated = {
        (spelling, c.code)
        for c in read_councils()
        for alias in generated_aliases(c, forms)
        for spelling in surface_variants(alias, variants)
    }
    codes = {c.code for c in read_councils()}
    for row in read_curated_aliases():
        assert row["code"] in codes, row
        assert row["ambiguous"] or (row["alias"], row["code"]) not in generated, row


def test_councils_agree_with_the_bundled_ofsted_lookup(gazetteer):
    """councils.csv is the curated lookup: same codes, URNs and GSS codes for every row it lists."""
    from extractors.gazetteer import LOOKUP_CSV as bundled

    rows = read_csv(bundled)
    assert len(rows) == 156
    for row in rows:
        council = gazetteer.by_code(row["la_code"])
        assert (council.ofsted_urn, council.gss_code) == (row["urn"], row["la_code_new"]), row["la_code"]


@pytest.mark.parametrize(
    "url,name",
    [
        ("https://democracy.leeds.gov.uk/ieListDocuments.aspx?CId=1", "Leeds"),
        ("http://www.slough.gov.uk/moderngov/mgAi.aspx?ID=1", "Slough"),
        (
            "https://worcestershire.moderngov.co.uk/mgAi.aspx?ID=1",
            "Worcestershire",
        ),  # shared host, alias label
        (
            "https://rbwm.moderngov.co.uk/mgAi.aspx?ID=1",
            "Windsor and Maidenhead",
        ),  # shared host, domain label
        ("https://derbynews.org.uk/2022/01/16/story", None),  # a news site named after a town
        ("https://www.bbc.co.uk/news/uk-england-derbyshire-1", None),
        ("https://norfolkcc.cmis.uk/committees/Default.aspx", "Norfolk"),  # council-type ending dropped
        ("https://kentcc.moderngov.co.uk/mgAi.aspx?ID=1", "Kent"),
        ("https://unknown.moderngov.co.uk/mgAi.aspx", None),
        ("https://cc.moderngov.co.uk/mgAi.aspx", None),
        ("https://norfolkcc.example.co.uk/story", None),  # not a shared council host
        (None, None),
    ],
)
def test_publisher_of_a_url(gazetteer, url, name):
    council = gazetteer.publisher_of(url)
    assert (council.name if council else None) == name
