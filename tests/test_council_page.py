"""The council pages (db/council_page.py, db/charts.py): ``/-/council/<slug|code|name>``, the A-Z index and
its search, on the demo database (real Ofsted and DfE tables, invented sample documents)."""

import re

import pytest
from sqlite_utils.utils import sqlite3
from test_datasette import datasette, db_path, get  # noqa: F401 (the demo database's fixtures)

from db.charts import Chart, Line, Marker, line_chart, nice_step, y_ticks, year_fraction
from db.council_page import (
    all_councils,
    close_matches,
    council_path,
    fact_link,
    find_council,
    report_link,
)

LEEDS = "/-/council/leeds"
BRADFORD = "/-/council/bradford"  # Ofsted and DfE figures, no document in the sample corpus


@pytest.fixture(scope="module")
def conn(db_path):  # noqa: F811
    return sqlite3.connect(db_path)


def hrefs(html: str, pattern: str) -> list:
    return re.findall(rf'href="({pattern})"', html)


# --- finding a council -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code",
    [
        ("leeds", "383"),
        ("383", "383"),
        ("Leeds City Council", "383"),
        ("Leeds%20City%20Council", "383"),
        ("leeds city council", "383"),
        ("E08000035", "383"),
        ("leeds.gov.uk", "383"),
        ("dorset", "838"),  # today's Dorset, not the county council that ended in 2019
        ("Dorset County Council", "835"),
        ("bournemouth-christchurch-and-poole", "839"),
        ("St Helens", "342"),
    ],
)
def test_find_council_by_slug_code_or_any_name(conn, text, code):
    assert find_council(conn, text)["code"] == code


def test_a_shared_slug_goes_to_the_current_council_and_the_other_keeps_its_code(conn):
    assert council_path(conn, "dorset") == "/-/council/dorset"
    assert council_path(conn, "835") == "/-/council/835"


def test_close_matches_of_a_misspelt_name(conn):
    assert find_council(conn, "Leedz") is None
    assert [c["name"] for c in close_matches(conn, "Leedz")][:1] == ["Leeds"]
    assert close_matches(conn, "Xyzzy Qwerty") == []


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/-/council/383", "/-/council/Leeds%20City%20Council", "/-/council/LEEDS"])
def test_three_url_forms_reach_one_page(datasette, path):  # noqa: F811
    response = get(datasette, path)
    assert response.status_code == 302
    assert response.headers["location"] == LEEDS
    page = get(datasette, LEEDS)
    assert page.status_code == 200
    assert "<h1>Leeds</h1>" in page.text and "Leeds City Council" in page.text


def test_every_council_in_the_lookup_has_a_page(datasette, conn):  # noqa: F811
    for council in all_councils(conn):
        path = council_path(conn, council["code"])
        response = get(datasette, path)
        assert response.status_code == 200, path
        assert council["name"] in response.text


def test_every_map_link_reaches_a_council_page(datasette):  # noqa: F811
    links = set(hrefs(get(datasette, "/-/map").text, r"/-/council/[^\"]+"))
    assert len(links) >= 150
    assert all(get(datasette, link).status_code == 200 for link in links)


def test_the_old_dorset_page_names_its_successors(datasette):  # noqa: F811
    html = get(datasette, "/-/council/835").text
    assert "This council ended on 2019-04-01" in html
    assert (
        'href="/-/council/dorset"' in html and 'href="/-/council/bournemouth-christchurch-and-poole"' in html
    )
    assert "Dorset Council" in get(datasette, "/-/council/dorset").text


def test_a_council_without_facts_has_its_judgements_and_charts(datasette):  # noqa: F811
    html = get(datasette, BRADFORD).text
    assert "No facts extracted for Bradford" in html
    assert "Overall: inadequate" in html and "2022-11-21" in html
    assert 'href="https://reports.ofsted.gov.uk/provider/44/' in html
    assert html.count('<svg class="line-chart"') == 4
    assert len(re.findall(r'<polyline class="series" points="[\d., ]+"', html)) == 4
    assert "sample documents invented" not in html


def test_judgements_link_the_report_on_ofsteds_site(datasette, conn):  # noqa: F811
    """Without a URL in the official table, the council's page on Ofsted's site (by its URN)."""
    leeds = find_council(conn, "leeds")
    page = f"https://reports.ofsted.gov.uk/provider/44/{leeds['ofsted_urn']}"
    assert report_link("Ofsted Local Authority Webpage", leeds) == page and report_link(None, leeds) == page
    assert report_link("https://reports.ofsted.gov.uk/provider/44/383", leeds).endswith("/44/383")
    assert "Ofsted Local Authority Webpage" not in get(datasette, LEEDS).text


def test_judgements_link_the_report_the_official_table_gives(datasette, conn):  # noqa: F811
    """The report links come from the spreadsheet's HYPERLINK formulas (``official_ratings.web_link``), even
    for a council the lookup knows no Ofsted URN for (Bournemouth, before it merged into BCP)."""
    links = dict(
        conn.execute("SELECT council_code, max(web_link) FROM official_ratings GROUP BY 1").fetchall()
    )
    assert links["383"] == "https://reports.ofsted.gov.uk/provider/44/383"
    assert f'<a href="{links["383"]}">report</a>' in get(datasette, LEEDS).text
    assert find_council(conn, "837")["ofsted_urn"] is None
    html = get(datasette, council_path(conn, "837")).text
    assert f'<a href="{links["837"]}">report</a>' in html


def test_facts_link_to_evidence_pages_that_answer(datasette):  # noqa: F811
    html = get(datasette, LEEDS).text
    links = set(hrefs(html, r"/-/fact/[0-9a-f]{16}"))
    assert len(links) >= 5
    assert all(get(datasette, link).status_code == 200 for link in links)
    assert "Caseloads (" in html and "Funding (" in html


def test_caseload_claims_are_points_on_the_chart_linking_to_their_evidence(datasette):  # noqa: F811
    html = get(datasette, LEEDS).text
    start = html.index('<svg class="line-chart"')
    chart = html[start : html.index("</svg>", start)]
    claims = re.findall(r'<a href="(/-/fact/[0-9a-f]{16})"><circle class="claim[^"]*"', chart)
    assert claims and all(get(datasette, link).status_code == 200 for link in claims)
    assert "<title>Claimed: " in chart


def test_sample_facts_are_said_to_be_invented(datasette):  # noqa: F811
    assert "sample documents invented for the" in get(datasette, LEEDS).text


def test_recommendations_are_grouped_by_report(datasette, conn):  # noqa: F811
    code = conn.execute("SELECT council_code FROM recommendations WHERE council_code IS NOT NULL").fetchone()[
        0
    ]
    html = get(datasette, council_path(conn, code)).text
    assert "Ofsted&#39;s recommendations (" in html or "Ofsted's recommendations (" in html
    assert re.search(r"<h4>(<a href=\"https://[^\"]+\">)?[^<]+(</a>)?, \d{4}-\d\d-\d\d</h4>\s*<ol", html)


def test_neighbours_are_the_same_region_and_type(datasette):  # noqa: F811
    html = get(datasette, LEEDS).text
    neighbours = html[html.index('id="neighbours"') :]
    assert "The other Metropolitan District councils of Yorkshire and the Humber" in neighbours
    assert 'href="/-/council/bradford">Bradford</a>' in neighbours and "/-/council/leeds" not in neighbours
    assert 'href="/-/council/norfolk"' not in neighbours


def test_fact_links_come_from_one_helper():
    assert fact_link("caseloads", {"id": 7, "fact_key": "0123456789abcdef"}) == "/-/fact/0123456789abcdef"


# --- the index and its search ------------------------------------------------------------------


def test_index_lists_every_current_council_with_a_search_box(datasette, conn):  # noqa: F811
    html = get(datasette, "/-/council").text
    current = [c for c in all_councils(conn) if not c["ended"]]
    assert len(current) >= 153
    assert all(f'href="{council_path(conn, c["code"])}"' in html for c in current)
    assert '<form class="council-search" action="/-/council" method="get"' in html


@pytest.mark.parametrize("q", ["Leeds City Council", "leeds", "383", " Leeds "])
def test_search_finds_leeds(datasette, q):  # noqa: F811
    response = get(datasette, "/-/council?" + f"q={q.replace(' ', '+')}")
    assert response.status_code == 302 and response.headers["location"] == LEEDS


@pytest.mark.parametrize("path", ["/-/council?q=Leedz", "/-/council/Leedz"])
def test_an_unknown_name_answers_404_with_close_matches(datasette, path):  # noqa: F811
    response = get(datasette, path)
    assert response.status_code == 404
    assert "No council called" in response.text and 'href="/-/council/leeds">Leeds</a>' in response.text


def test_a_name_nothing_like_a_council_says_what_to_try(datasette):  # noqa: F811
    response = get(datasette, "/-/council?q=Xyzzy+Qwerty")
    assert response.status_code == 404
    assert "No council" in response.text and 'href="/-/council"' in response.text


# --- charts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, year",
    [("2023-09-30", 2023.745), ("2023-01-01", 2023.0), ("2023", 2023.496), ("2023-03", 2023.2), (None, None)],
)
def test_year_fraction(day, year):
    assert year_fraction(day) == year


def test_gridlines_are_round_numbers():
    assert nice_step(17) == 5 and nice_step(0.7) == 0.2
    assert y_ticks([16.7, 13.8]) == [0, 5, 10, 15, 20]


def test_line_chart_draws_lines_axes_and_linked_markers():
    chart = Chart(
        "Caseload",
        [Line("Leeds", [(2017.75, 16.7), (2018.75, None), (2019.75, 15.0)])],
        [Marker(2025.2, 15.2, "Claimed: 15.2", "/-/evidence/caseloads/1")],
    )
    svg = line_chart(chart)
    assert svg.startswith("<svg") and svg.count("<polyline") == 1
    assert re.search(r'points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"', svg)  # the gap year left out
    assert '<a href="/-/evidence/caseloads/1"><circle class="claim"' in svg
    assert ">2017</text>" in svg and ">2026</text>" in svg and ">20</text>" in svg
    assert line_chart(Chart("Nothing", [Line("Leeds", [])])) == ""
