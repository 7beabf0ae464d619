"""Tables a journalist can read (issue 15): money as money, the value and quote first, internal columns out
of the way but queryable, descriptions folded, quotes in their clause; search that stems; councils by any
name; exports with their sources; a demo that says its documents are invented.

Datasette's own client over the published test database of tests/test_datasette.py (the demo's sample
corpus and our own documents, real SQLite).
"""

# ruff: noqa: F811  (the fixtures of test_datasette, imported, are redefined as arguments)
import asyncio
import csv
import io
import re

import pytest
import sqlite_utils
from click.testing import CliRunner
from test_datasette import datasette, db, db_path, fact_ids, get, query, rows  # noqa: F401  (fixtures)

from db import humane
from db.database import MIGRATIONS, ensure_schema, open_db
from db.datasette_plugin import casewatch_datasette, export_with_sources
from db.publish import SEARCHABLE
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli


def header_columns(page: str) -> list[str]:
    """The columns of the page's rows table, in the order shown."""
    table = page[page.index('<table class="rows-and-columns">') : page.index("</thead>")]
    return re.findall(r'data-column="([^"]+)"', table)


# --- money, numbers, order, hidden columns, folded descriptions, clauses ------------------------------


@pytest.mark.parametrize(
    "amount,expected",
    [
        (12300000.0, "£12.3m"),
        (450000, "£450,000"),
        (3200000, "£3.2m"),
        (1000000, "£1m"),
        (12345678, "£12.35m"),
        (1250000000, "£1.25bn"),
        (2000.0, "£2,000"),
        (-8900000, "-£8.9m"),
    ],
)
def test_money(amount, expected):
    assert humane.money(amount) == expected


def test_whole_numbers_lose_their_point_zero():
    assert (humane.plain_number(16.0), humane.plain_number(16.3), humane.plain_number("16.0")) == (
        "16",
        16.3,
        "16.0",
    )


def test_money_shows_as_money_in_the_funding_table(datasette):
    page = get(datasette, "/casewatch/funding?_size=max").text
    assert ">£12.3m<" in page and ">£3.2m<" in page  # Kent's overspend (demo), Northmoor's £3.2m
    assert "12300000.0" not in page.split("<pre")[0]  # (the table's SQL below may say anything)


def test_whole_numbers_show_without_point_zero(datasette):
    page = get(datasette, "/casewatch/caseloads?council_code=990").text
    assert '<td class="col-value type-float">16</td>' in page
    assert "16.0" not in page.split("<pre")[0]


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_fact_tables_show_value_and_quote_first_and_hide_internal_columns(datasette, kind):
    columns = header_columns(get(datasette, f"/casewatch/{kind}").text)
    assert columns[0] == "id" and columns[1 : len(humane.LEAD_COLUMNS[kind]) + 1] == humane.LEAD_COLUMNS[kind]
    assert "quote" in columns[:4]
    assert not set(humane.INTERNAL_COLUMNS) & set(columns)


def test_internal_columns_stay_queryable(datasette):
    page = get(datasette, "/casewatch/caseloads?_col=char_start&_col=run_id").text
    assert header_columns(page) == ["id", "char_start", "run_id"]
    assert all("char_start" in row for row in rows(datasette, "/casewatch/caseloads.json?_col=char_start"))
    found = rows(datasette, "/casewatch.json?sql=select+char_start,+extractor_version+from+funding")
    assert found and all(row["char_start"] is not None for row in found)


def test_column_descriptions_are_folded_below_the_rows(datasette):
    page = get(datasette, "/casewatch/funding").text
    assert page.index("</table>") < page.index('<details class="column-descriptions-folded">')
    assert "Amount in pounds" in page[page.index("<details class=") :]


def test_quotes_are_widened_to_their_clause(datasette):
    page = get(datasette, "/casewatch/funding?_size=max").text
    assert '<strong class="quote">forecast to overspend by £12.3m</strong> in 2023-24' in page
    assert humane.clause_around("Caseloads, said Ann, fell to 16 in May 2024; good.", "fell to 16") == (
        "…",
        "fell to 16",
        " in May 2024…",
    )


def permalink(db, kind: str, fact_id) -> str:
    return f"/-/fact/{db[kind].get(int(fact_id))['fact_key']}"


def overspend_permalink(db) -> str:
    """The evidence page of the funding fact quoting "forecast to overspend by £12.3m"."""
    fact = next(db.query("SELECT fact_key FROM funding WHERE quote = 'forecast to overspend by £12.3m'"))
    return f"/-/fact/{fact['fact_key']}"


def test_evidence_page_shows_the_quote_in_its_clause(datasette, db):
    page = get(datasette, overspend_permalink(db)).text
    assert '<strong class="quote">forecast to overspend by £12.3m</strong> in 2023-24' in page


# --- search that stems, councils by any name ---------------------------------------------------------


def test_caseload_and_caseloads_find_the_same_documents(datasette, db):
    def found(word):
        return {d["id"] for d in rows(datasette, f"/casewatch/documents.json?_search={word}&_col=title")}

    with_the_word = {r["id"] for r in db.query("SELECT id FROM documents WHERE text LIKE '%caseload%'")}
    assert found("caseload") == found("caseloads") == with_the_word


def test_every_search_index_uses_the_porter_stemmer(db):
    for table in SEARCHABLE:
        assert "porter" in db[f"{table}_fts"].schema


def test_an_older_database_gets_stemming_search(tmp_path):
    path = tmp_path / "old.db"
    older = [m for m in MIGRATIONS if m[0] != "120_humane_tables"]
    old = sqlite_utils.Database(path)
    ensure_schema(old, older)
    old["documents"].disable_fts()
    old["documents"].enable_fts(["title", "text"], create_triggers=True)  # as before: no stemming
    old["documents"].insert({"sha256": "x", "title": "t", "text": "Caseloads fell."})
    assert "porter" not in old["documents_fts"].schema
    db = open_db(path)
    assert "porter" in db["documents_fts"].schema
    assert list(db["documents"].search("caseload"))


@pytest.mark.parametrize("council", ["Leeds City Council", "Leeds", "383", "leeds", " leeds city council "])
def test_council_profile_takes_any_name_form(datasette, council):
    expected = query(datasette, "council_profile", council="Leeds")
    assert expected and query(datasette, "council_profile", council=council) == expected


def test_funding_by_council_takes_the_official_name(datasette):
    assert query(datasette, "funding_by_council", council="Kent County Council") == query(
        datasette, "funding_by_council", council="886"
    )


# --- exports with sources ------------------------------------------------------------------------------


def test_funding_csv_has_its_sources(datasette, db):
    response = get(datasette, "/casewatch/funding.csv?_size=max")
    assert response.status_code == 200
    records = list(csv.DictReader(io.StringIO(response.text)))
    assert {"url", "published", "document", "evidence", "amount_gbp", "quote"} <= set(records[0])
    northmoor = next(r for r in records if r["quote"] == "£3.2m")
    assert northmoor["url"] == "https://www.northmoor.gov.uk/news/caseloads-fall"
    assert northmoor["published"] == "2024-03-12"
    assert northmoor["evidence"] == permalink(db, "funding", northmoor["id"])


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_every_fact_table_exports_its_sources(datasette, db, kind):
    found = rows(datasette, f"/casewatch/{kind}.json")
    assert len(found) == db[kind].count
    assert all(r["evidence"] == permalink(db, kind, r["id"]) and "url" in r and r["published"] for r in found)


def test_asking_for_columns_exports_the_table_itself():
    assert export_with_sources("/casewatch/funding.csv", b"") == "/casewatch/funding_with_sources.csv"
    assert export_with_sources("/casewatch/funding.json", b"council_code=990") == (
        "/casewatch/funding_with_sources.json"
    )
    for query_string in (b"_col=char_start", b"_nocol=sentence", b"_next=5", b"_shape=object"):
        assert export_with_sources("/casewatch/funding.csv", query_string) is None
    assert export_with_sources("/casewatch/documents.csv", b"") is None


def test_all_funding_with_sources(datasette):
    found = query(datasette, "all_funding_with_sources")
    assert found[0]["amount_gbp"] == max(r["amount_gbp"] for r in found)
    assert all(r["evidence"].startswith("/-/fact/") and r["published"] for r in found)


def test_cli_export_carries_the_evidence_link(db_path):  # noqa: F811
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--kind", "funding"])
    records = list(csv.DictReader(io.StringIO(result.output)))
    assert records and all(r["evidence"] == f"/-/fact/{r['fact_key']}" for r in records)
    assert all(r["document_url"] or r["document_path"] for r in records)


# --- an honest demo -------------------------------------------------------------------------------------

DEMO_NOTICE = "invented for this\n  demonstration"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/casewatch",
        "/casewatch/funding",
        "/casewatch/facts",
        "/casewatch/claims_disagreeing_with_official_figures",
        "/-/fact/",
    ],
)
def test_demo_pages_say_the_sample_documents_are_invented(datasette, db, path):
    page = get(datasette, overspend_permalink(db) if path == "/-/fact/" else path).text
    assert 'class="demo-notice"' in page and DEMO_NOTICE in page
    assert "official DfE workforce\n  statistics and Ofsted's inspection outcomes are real" in page


def test_claims_against_official_figures_say_the_demo_claims_are_invented(datasette):
    page = get(datasette, "/casewatch/claims_disagreeing_with_official_figures").text
    assert "invented claims against real figures" in page
    assert "not findings about any council" in page


def test_a_database_without_sample_documents_has_no_demo_notice(tmp_path):
    path = tmp_path / "casewatch.db"
    open_db(path)
    page = asyncio.run(casewatch_datasette(path).client.get("/casewatch")).text
    assert "demo-notice" not in page


def test_evidence_page_shows_money_as_money(datasette, db):
    page = get(datasette, overspend_permalink(db)).text
    assert "£12.3m (£12,300,000)" in page and "12300000.0" not in page
