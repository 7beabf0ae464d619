"""The map of England (db/council_map.py): shapes matched to councils, successors and predecessors,
colourings, ``/-/map`` and ``/-/map.geojson`` on the demo database (the real Ofsted and DfE tables bundled
with casewatch).
"""

import asyncio
import json
import re
import xml.etree.ElementTree as ET

import pytest
from test_datasette import datasette, db_path, get  # noqa: F401 (the demo database's fixtures)

from db.council_map import (
    COLOURINGS,
    MAP_QUERIES,
    NO_DATA_COLOUR,
    load_shapes,
    map_features,
    svg_map,
)
from db.councils import council_page_path, council_slug
from db.database import open_db
from db.datasette_plugin import casewatch_datasette

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Leeds", "leeds"),
        ("Bournemouth, Christchurch and Poole", "bournemouth-christchurch-and-poole"),
        ("St Helens", "st-helens"),
        ("Stockton-on-Tees", "stockton-on-tees"),
        ("Brighton & Hove", "brighton-and-hove"),
        ("King's Lynn", "kings-lynn"),
    ],
)
def test_council_slug(name, slug):
    assert council_slug(name) == slug
    assert council_page_path(name) == f"/-/council/{slug}"


def map_rows(database) -> dict:
    return {name: list(database.query(sql)) for name, sql in MAP_QUERIES.items()}


@pytest.fixture(scope="module")
def gazetteer_rows(tmp_path_factory):
    """The councils of the gazetteer, no official figures."""
    return map_rows(open_db(tmp_path_factory.mktemp("empty") / "casewatch.db"))


def by_gss(features) -> dict:
    return {f["properties"]["gss_code"]: f["properties"] for f in features}


def test_every_shape_has_its_council_and_page(gazetteer_rows):
    features = map_features(gazetteer_rows)
    assert len(features) == len(load_shapes()) == 153
    assert all(f["properties"].get("council_code") for f in features)
    assert all(f["properties"]["url"].startswith("/-/council/") for f in features)
    assert len({f["properties"]["council_code"] for f in features}) == 153


def test_a_shape_of_an_old_gss_code_finds_its_council(gazetteer_rows):
    """The 2023 shapes carry Barnsley's and Sheffield's codes before their 2024 change."""
    shapes = by_gss(map_features(gazetteer_rows))
    assert shapes["E08000016"]["council"] == "Barnsley" and shapes["E08000016"]["council_code"] == "370"
    assert shapes["E08000019"]["council"] == "Sheffield"


def test_a_shape_of_an_ended_council_goes_to_its_successor(gazetteer_rows):
    councils = [
        {**c, "gss_code": "E99999999"} if c["code"] == "805" else c for c in gazetteer_rows["councils"]
    ]
    ended = {
        "code": "800",
        "name": "Old Hartlepool",
        "gss_code": "E06000001",
        "old_gss_codes": None,
        "successor_code": "805",
        "successor_codes": "805",
        "ended": "2020-04-01",
    }
    shapes = by_gss(map_features({**gazetteer_rows, "councils": [*councils, ended]}))
    assert shapes["E06000001"]["council_code"] == "805"
    assert shapes["E06000001"]["url"] == "/-/council/hartlepool"


def test_a_successor_without_figures_of_its_own_shows_its_predecessors(gazetteer_rows):
    """Cumberland (942) and Westmorland and Furness (943) succeeded Cumbria (909) in April 2023."""
    rows = {
        **gazetteer_rows,
        "ratings": [
            rating("909", "requires improvement", "2022-09-20"),
            rating("943", "good", "2024-04-22"),
        ],
        "workforce": [workforce("909", 2022, 15.5, 21.5), workforce("942", 2023, 16.3, None)],
    }
    shapes = {f["properties"]["council_code"]: f["properties"] for f in map_features(rows)}
    cumberland, westmorland = shapes["942"], shapes["943"]
    assert (cumberland["rating"], cumberland["rating_of"]) == ("requires improvement", "Cumbria")
    assert (westmorland["rating"], westmorland["rating_of"]) == ("good", None)
    assert (cumberland["caseload_fte"], cumberland["caseload_year"], cumberland["caseload_of"]) == (
        16.3,
        2023,
        None,
    )
    assert (cumberland["agency_rate"], cumberland["agency_year"], cumberland["agency_of"]) == (
        21.5,
        2022,
        "Cumbria",
    )
    svg = svg_map(map_features(rows), COLOURINGS["rating"])
    assert (
        "Cumberland: requires improvement (inspected 2022-09-20), the figure of its predecessor Cumbria"
        in svg
    )


def rating(code, judgement, date):
    return {
        "council_code": code,
        "judgement": judgement,
        "inspection_date": date,
        "publication_date": None,
        "inspection_type": "ILACS",
    }


def workforce(code, year, caseload, agency):
    return {
        "council_code": code,
        "time_period": year,
        "as_of": f"{year}-09-30",
        "caseload_fte": caseload,
        "agency_rate_fte": agency,
    }


def test_the_latest_year_with_a_figure_is_shown(gazetteer_rows):
    rows = {
        **gazetteer_rows,
        "workforce": [workforce("380", 2023, 17.0, 9.0), workforce("380", 2024, None, 12.0)],
    }
    bradford = {f["properties"]["council_code"]: f["properties"] for f in map_features(rows)}["380"]
    assert (bradford["caseload_fte"], bradford["caseload_year"]) == (17.0, 2023)
    assert (bradford["agency_rate"], bradford["agency_year"]) == (12.0, 2024)


@pytest.mark.parametrize(
    "key, value, colour",
    [
        ("rating", "outstanding", "#1a7a3a"),
        ("rating", "inadequate", "#c0392b"),
        ("rating", None, NO_DATA_COLOUR),
        ("caseload", 13.9, "#ffffb2"),
        ("caseload", 14, "#fecc5c"),
        ("caseload", 25.1, "#bd0026"),
        ("agency", 30, "#bd0026"),
        ("agency", None, NO_DATA_COLOUR),
    ],
)
def test_colourings(key, value, colour):
    assert COLOURINGS[key].colour(value) == colour


def test_legends_name_each_class():
    assert [label for label, _ in COLOURINGS["agency"].legend()] == [
        "under 10%",
        "10–15%",
        "15–20%",
        "20–30%",
        "30% or more",
        "No figure",
    ]
    assert COLOURINGS["rating"].legend()[0] == ("Outstanding", "#1a7a3a")


# ---------------------------------------------------------------- on the demo database


def test_map_geojson_has_every_shape_with_a_rating_and_its_page(datasette):  # noqa: F811
    response = get(datasette, "/-/map.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = json.loads(response.text)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 153
    assert sum(1 for f in features if f["properties"]["rating"]) >= 150
    assert sum(1 for f in features if f["properties"]["caseload_fte"] is not None) >= 150
    assert sum(1 for f in features if f["properties"]["agency_rate"] is not None) >= 150
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert valid_rings(feature["geometry"])
        assert re.fullmatch(r"http://localhost/-/council/[a-z0-9-]+", feature["properties"]["url"])
    leeds = next(f["properties"] for f in features if f["properties"]["council"] == "Leeds")
    assert leeds["url"] == "http://localhost/-/council/leeds"
    assert leeds["rating"] in ("outstanding", "good", "requires improvement", "inadequate")
    assert leeds["caseload_year"] == 2025 and leeds["gss_code"] == "E08000035"


def valid_rings(geometry) -> bool:
    """Every ring closed, of four points or more, each a [longitude, latitude] in England."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [ring for polygon in polygons for ring in polygon]
    return all(
        len(ring) >= 4 and ring[0] == ring[-1] and all(-7 < lon < 2 and 49 < lat < 56 for lon, lat in ring)
        for ring in rings
    )


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg class=\"england-map\".*?</svg>", html, re.S).group(0))


def shape_links(svg: ET.Element) -> list:
    return svg.findall(f".//{SVG}a")


def test_map_page_links_every_shape_to_its_council_page(datasette):  # noqa: F811
    response = get(datasette, "/-/map")
    assert response.status_code == 200
    svg = svg_of(response.text)
    links = shape_links(svg)
    hrefs = {a.get("href") for a in links}
    assert len(hrefs) >= 150 and all(re.fullmatch(r"/-/council/[a-z0-9-]+", h) for h in hrefs)
    assert "/-/council/leeds" in hrefs
    paths = [a.find(f"{SVG}path") for a in links]
    assert len(paths) >= 153 and all(p.get("d").startswith("M") for p in paths)
    assert all(p.find(f"{SVG}title").text for p in paths)
    assert "Outstanding" in response.text and "/-/map.geojson" in response.text


def fills(html: str) -> dict:
    """council code -> fill colour of its (first) shape."""
    found = {}
    for a in shape_links(svg_of(html)):
        found.setdefault(a.get("data-code"), a.find(f"{SVG}path").get("fill"))
    return found


def test_the_switch_changes_the_colours(datasette):  # noqa: F811
    by_rating = fills(get(datasette, "/-/map").text)
    page = get(datasette, "/-/map?by=caseload").text
    by_caseload = fills(page)
    assert by_rating.keys() == by_caseload.keys()
    assert by_rating != by_caseload
    assert set(by_caseload.values()) <= {*COLOURINGS["caseload"].colours, NO_DATA_COLOUR}
    assert set(by_rating.values()) <= {colour for _, colour in COLOURINGS["rating"].categories} | {
        NO_DATA_COLOUR
    }
    assert 'href="?by=rating"' in page and 'aria-current="page">Caseload' in page
    leeds = next(a for a in shape_links(svg_of(page)) if a.get("href") == "/-/council/leeds")
    assert re.fullmatch(r"Leeds: [\d.]+ \(2025\)", leeds.find(f"{SVG}path/{SVG}title").text)
    agency = get(datasette, "/-/map?by=agency").text
    assert fills(agency) != by_caseload and "30% or more" in agency


def test_an_unknown_colouring_is_a_bad_request(datasette):  # noqa: F811
    response = get(datasette, "/-/map?by=turnover")
    assert response.status_code == 400
    assert "cannot colour the map by &#39;turnover&#39;" in response.text


def test_the_map_of_a_database_without_official_figures(tmp_path):
    path = tmp_path / "casewatch.db"
    open_db(path)
    empty = casewatch_datasette(path)
    page = asyncio.run(empty.client.get("/-/map"))
    assert page.status_code == 200 and "No official data imported yet" in page.text
    assert set(fills(page.text).values()) == {NO_DATA_COLOUR}
    features = asyncio.run(empty.client.get("/-/map.geojson")).json()["features"]
    assert len(features) == 153 and not any(f["properties"]["rating"] for f in features)
