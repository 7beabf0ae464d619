"""The extraction pipeline as a whole: one config, many documents in order, relative dates, a derived
version."""

import shutil

import pytest

from extractors import api, dates
from extractors.api import EXTRACTOR_VERSION, extract_facts, extract_facts_many, extractor_version, get_nlp
from extractors.kinds import KIND_NAMES, KINDS

DOCS = [
    {"text": "Barnsley Council's average caseload fell to 17 in March 2023.", "published": "2023-04-01"},
    {"text": "Somerset County Council was rated inadequate by Ofsted last March.", "published": "2016-05-03"},
    {"text": "Nothing to see here.", "published": None},
    {
        "text": "Kent County Council will spend an extra £8.9m a year on children's social care.",
        "title": "Kent budget",
    },
    {
        "text": "The Council's children's services were judged good by Ofsted in May.",
        "published": "2024-07-01",
        "url": "https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1",
    },
]


def test_pipeline_is_assembled_from_the_kind_registry():
    assert get_nlp().pipe_names == ["sentences", "councils", *[kind.component for kind in KINDS], "facts"]
    assert [get_nlp().get_pipe(kind.component).span_key for kind in KINDS] == list(KIND_NAMES)


@pytest.mark.parametrize("n_process", [1, 2])
def test_many_documents_in_order_match_one_at_a_time(n_process):
    many = list(extract_facts_many(DOCS, n_process=n_process, batch_size=2))
    one = [
        extract_facts(d["text"], published=d.get("published"), title=d.get("title"), url=d.get("url"))
        for d in DOCS
    ]
    assert many == one
    assert many[4]["ratings"][0]["council"] == "Rochdale"
    assert many[0]["caseloads"][0]["value"] == 17 and many[1]["ratings"][0]["as_of"] == "2015-03"
    assert many[3]["funding"][0]["recurrence"] == "annual"


def test_version_is_a_hash_of_the_package_and_changes_with_a_word_list(tmp_path, monkeypatch):
    assert EXTRACTOR_VERSION == extractor_version() and len(EXTRACTOR_VERSION) == 12
    copy = tmp_path / "extractors"
    shutil.copytree(api.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(api, "PACKAGE_DIR", copy)
    assert extractor_version() == EXTRACTOR_VERSION
    with open(copy / "data" / "qualifiers.txt", "a") as fh:
        fh.write("upward of = >\n")
    assert extractor_version() != EXTRACTOR_VERSION


@pytest.mark.parametrize(
    "after,published,expected",
    [
        (" in June 2022, to", None, "2022-06"),
        (" in May 2015 to an average", "2016-05-03", "2015-05"),
        (" now - a reduction", "2016-05-03", "2016-05"),
        (" now - a reduction", None, None),
        (" last March.", "2016-05-03", "2015-03"),
        (" in March.", "2023-05-16", "2023-03"),
        (" in November.", "2023-05-16", "2022-11"),
        (" earlier this year", "2023-05-16", "2023"),
        (" last year", "2023-05-16", "2022"),
        (" at the end of March 2023", None, "2023-03"),
        (" on 17th July 2019", None, "2019-07"),
        (" in 2019", None, "2019"),
        (" in early 2021", None, "2021"),
        (" may rise", "2023-05-16", None),
        (" children", "2023-05-16", None),
        # seasons: named with a year, coming ("by the summer", "next spring"), or gone ("last summer" in July
        # is a year back); "by Christmas", "by the end of the year"; a day of this week is the published month
        (" in the summer of 2017", "2020-11-10", "2017"),
        (" during the winter of 2021", "2023-05-16", "2021"),
        (" by the summer", "2019-02-21", "2019"),
        (" by next spring", "2013-05-09", "2014"),
        (" next autumn,", "2023-05-16", "2023"),
        (" last summer", "2017-07-12", "2016"),
        (" last summer", "2019-02-21", "2018"),
        (" by Christmas", "2015-09-07", "2015"),
        (" by the end of the year", "2024-04-11", "2024"),
        (" on Monday", "2025-03-04", "2025-03"),
        (" this week", "2025-03-04", "2025-03"),
        (" by the council", "2025-03-04", None),
        (" next year", "2025-03-04", None),
    ],
)
def test_dates_after_a_figure(after, published, expected):
    assert dates.date_after(after, published)[0] == expected


def test_relative_dates_stay_null_without_a_published_date():
    facts = extract_facts("Somerset County Council's average caseload is 14 now.")
    assert facts["caseloads"][0]["as_of"] is None


@pytest.mark.parametrize("text", ["", "   \n\n  ", "£", "x" * 5000])
def test_documents_without_facts_give_empty_lists(text):
    facts = extract_facts(text)
    assert facts == {"councils": [], **{kind: [] for kind in KIND_NAMES}, "rejected": [], "report_type": None}


def test_caseload_quotes_carry_their_unit():
    text = (
        "BMBC has set a maximum of 20 children for experienced social workers and 14 children for newly "
        "qualified social workers."
    )
    quotes = [f["quote"] for f in extract_facts(text)["caseloads"]]
    assert quotes == [
        "maximum of 20 children for experienced social workers",
        "14 children for newly qualified social workers",
    ]


def test_the_extract_stage_reads_the_publisher_the_document_was_stored_with(tmp_path):
    from corpus.ingest import ingest_paths
    from db.database import open_db
    from pipeline.extract import run_extraction

    (tmp_path / "minutes.txt").write_text("Minutes\n\nThe Council was judged inadequate by Ofsted in May.\n")
    (tmp_path / "minutes.meta.json").write_text('{"url": "https://democracy.rochdale.gov.uk/mgAi.aspx?ID=1"}')
    db = open_db(tmp_path / "cw.db")
    ingest_paths(db, tmp_path / "data", [tmp_path / "minutes.txt"])
    run_extraction(db)
    assert [(r["judgement"], r["council_code"]) for r in db["ratings"].rows] == [("inadequate", "354")]


NEWS_LAYOUT = (
    "Wirral children's services judged good after years of being rated inadequate by Ofsted\n"
    "Wirral Council's director, appointed in 2019, welcomed the report on Tuesday morning.\n"
    "The inspectors spent two weeks with social workers and met more than forty children.\n"
)
PDF_LAYOUT = (
    "The inspectors found that social workers in the assessment teams knew their children\n"
    "well and that managers in the service had a good grip on the quality of practice in\n"
    "Wirral, although supervision was not always recorded in the case files of children.\n"
)


@pytest.mark.parametrize(
    "text,sentences",
    [
        (NEWS_LAYOUT, 3),  # one paragraph a line: a line without a full stop is a headline
        (PDF_LAYOUT, 1),  # wrapped lines: a long line ending in a word carries on
        (PDF_LAYOUT.replace("\nwell", "\n   • well"), 2),  # but an indented bullet starts an item
        (
            "At Wirral's previous inspection of services for looked after children's\n\n"
            "services, in 2012, inspectors judged them good.\n\nThe report was published in May.",
            2,
        ),  # a blank line put inside a sentence
    ],
)
def test_sentences_of_news_and_wrapped_layouts(text, sentences):
    from extractors.sentences import SENT_STARTS_KEY

    nlp = get_nlp()
    doc = nlp.get_pipe("sentences")(nlp.make_doc(text))
    assert len(doc.user_data[SENT_STARTS_KEY]) == sentences
