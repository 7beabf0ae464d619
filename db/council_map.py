"""The map of England: each upper-tier authority's shape with its Ofsted judgement and DfE workforce figures.

The shapes are ONS's May 2023 boundaries (``db/data/england_upper_tier_2023.geojson``, README beside it). A
shape is matched to its council by GSS code, the council's current one or an old one
(``councils.old_gss_codes``); a council that has ended is followed to its successor. A council with no
figure of its own (a successor created after the last inspection or count) shows its predecessor's, labelled
with the predecessor's name.

:func:`map_features` joins shapes and figures (the rows of ``MAP_QUERIES``) into GeoJSON features, served as
``/-/map.geojson``; :func:`svg_map` draws them as an inline SVG, projected here (no tiles, no script),
coloured by one of ``COLOURINGS``, each shape a link to its council page.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup

from .councils import LIST_SEPARATOR, council_page_path

GEOJSON = Path(__file__).resolve().parent / "data" / "england_upper_tier_2023.geojson"

MAP_QUERIES = {
    "councils": "SELECT code, name, gss_code, old_gss_codes, successor_code, successor_codes, ended "
    "FROM councils",
    "ratings": "SELECT council_code, judgement, inspection_date, publication_date, inspection_type "
    "FROM official_latest_ratings WHERE scope = 'overall' AND council_code IS NOT NULL",
    "workforce": "SELECT council_code, time_period, as_of, caseload_fte, agency_rate_fte "
    "FROM official_workforce WHERE council_code IS NOT NULL ORDER BY time_period",
}

NO_DATA_COLOUR = "#d9d9d9"

# Drawing: degrees of latitude to SVG units; longitude shrunk by the cosine of England's middle latitude.
MAP_SCALE = 130
MIDDLE_LATITUDE = 52.5
LONDON_INSET_SCALE = 2.8
LONDON_PREFIX = "E09"  # GSS codes of the London boroughs and the City, drawn again larger in an inset


# ---------------------------------------------------------------- colourings


@dataclass(frozen=True)
class Colouring:
    """How the map is coloured: by a feature property, its values in classes, each with a colour and label.

    A text property (the judgement) takes its colour from ``categories``; a number falls in the first class
    whose upper bound (``bounds``, exclusive) is above it, or the last class."""

    key: str
    label: str
    title: str
    property: str
    year_property: str | None = None
    categories: tuple = ()
    bounds: tuple = ()
    colours: tuple = ()
    unit: str = ""

    def colour(self, value) -> str:
        if value is None:
            return NO_DATA_COLOUR
        if self.categories:
            return dict(self.categories).get(value, NO_DATA_COLOUR)
        return next(
            (c for b, c in zip(self.bounds, self.colours, strict=False) if value < b), self.colours[-1]
        )

    def legend(self) -> list[tuple[str, str]]:
        """(label, colour) of each class, then "no figure"."""
        if self.categories:
            classes = [(value.capitalize(), colour) for value, colour in self.categories]
        else:
            edges = [None, *self.bounds, None]
            ranges = zip(edges[:-1], edges[1:], self.colours, strict=True)
            classes = [(range_label(low, high, self.unit), colour) for low, high, colour in ranges]
        return [*classes, ("No figure", NO_DATA_COLOUR)]

    def describe(self, value) -> str:
        if value is None:
            return "no figure"
        return value if self.categories else f"{value:g}{self.unit}"


def range_label(low, high, unit: str) -> str:
    if low is None:
        return f"under {high:g}{unit}"
    if high is None:
        return f"{low:g}{unit} or more"
    return f"{low:g}–{high:g}{unit}"


# Ofsted's four judgements, green to red; the figures in five classes of ColorBrewer's yellow-orange-red.
YELLOW_TO_RED = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
COLOURINGS = {
    c.key: c
    for c in (
        Colouring(
            "rating",
            "Ofsted judgement",
            "Ofsted's latest overall judgement",
            "rating",
            categories=(
                ("outstanding", "#1a7a3a"),
                ("good", "#8cc665"),
                ("requires improvement", "#f5b041"),
                ("inadequate", "#c0392b"),
            ),
        ),
        Colouring(
            "caseload",
            "Caseload",
            "Caseload per FTE social worker (DfE, at 30 September)",
            "caseload_fte",
            "caseload_year",
            bounds=(14, 16, 18, 20),
            colours=YELLOW_TO_RED,
        ),
        Colouring(
            "agency",
            "Agency rate",
            "Agency social workers, % of FTE (DfE, at 30 September)",
            "agency_rate",
            "agency_year",
            bounds=(10, 15, 20, 30),
            colours=YELLOW_TO_RED,
            unit="%",
        ),
    )
}
DEFAULT_COLOURING = "rating"


# ---------------------------------------------------------------- joining shapes and figures


@cache
def load_shapes() -> tuple:
    """The boundary features, read once, each geometry cleaned by :func:`valid_geometry`."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    return tuple({**f, "geometry": valid_geometry(f["geometry"])} for f in features)


def valid_geometry(geometry: dict) -> dict:
    """The geometry without rings of fewer than four positions, which GeoJSON does not allow (the file has
    one, a single point of Bournemouth, Christchurch and Poole), nor polygons whose outer ring was one."""
    kept = [
        [ring for ring in polygon if len(ring) >= 4] for polygon in polygons(geometry) if len(polygon[0]) >= 4
    ]
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": kept}
    return {"type": "Polygon", "coordinates": kept[0]}


def split_list(value) -> list:
    return [v for v in (value or "").split(LIST_SEPARATOR) if v]


def councils_by_gss(councils: list) -> dict:
    """GSS code (current or old) -> council row."""
    found = {}
    for council in councils:
        for code in [council["gss_code"], *split_list(council["old_gss_codes"])]:
            if code:
                found.setdefault(code, council)
    return found


def current_council(council, by_code: dict):
    """The council itself, or, if it has ended, its one successor (followed to today's)."""
    seen = set()
    while council["ended"] and council["successor_code"] in by_code and council["code"] not in seen:
        seen.add(council["code"])
        council = by_code[council["successor_code"]]
    return council


def predecessors(councils: list) -> dict:
    """council code -> the councils it succeeded."""
    found = {}
    for council in councils:
        for successor in split_list(council["successor_codes"]) or [council["successor_code"]]:
            if successor:
                found.setdefault(successor, []).append(council)
    return found


def own_or_predecessors(council, values: dict, before: dict, date_key: str):
    """(value, council whose value it is): the council's own, else its predecessors' newest; (None, None)."""
    if council["code"] in values:
        return values[council["code"]], council
    candidates = [(values[p["code"]], p) for p in before.get(council["code"], []) if p["code"] in values]
    return max(candidates, key=lambda pair: pair[0][date_key]) if candidates else (None, None)


def latest_figures(workforce: list, column: str) -> dict:
    """council code -> the row of the latest year with a figure in ``column``."""
    return {row["council_code"]: row for row in workforce if row[column] is not None}  # rows in year order


@dataclass
class OfficialFigures:
    """The official rows of ``MAP_QUERIES`` indexed by council, each council's predecessors beside them."""

    rows: dict

    def __post_init__(self):
        self.before = predecessors(self.rows["councils"])
        self.ratings = {r["council_code"]: r for r in self.rows["ratings"]}
        self.caseloads = latest_figures(self.rows["workforce"], "caseload_fte")
        self.agency = latest_figures(self.rows["workforce"], "agency_rate_fte")

    def rating(self, council):
        return own_or_predecessors(council, self.ratings, self.before, "inspection_date")

    def caseload(self, council):
        return own_or_predecessors(council, self.caseloads, self.before, "time_period")

    def agency_rate(self, council):
        return own_or_predecessors(council, self.agency, self.before, "time_period")


def map_properties(council, figures: OfficialFigures, page_url) -> dict:
    """The properties of the feature of one council's shape."""
    (rating, rated), (caseload, counted) = figures.rating(council), figures.caseload(council)
    agency, agency_counted = figures.agency_rate(council)
    return {
        "council_code": council["code"],
        "council": council["name"],
        "url": page_url(council["name"]),
        "rating": rating and rating["judgement"],
        "rating_inspection_date": rating and rating["inspection_date"],
        "rating_publication_date": rating and rating["publication_date"],
        "rating_inspection_type": rating and rating["inspection_type"],
        "rating_of": predecessor_name(council, rated),
        "caseload_fte": caseload and caseload["caseload_fte"],
        "caseload_year": caseload and caseload["time_period"],
        "caseload_of": predecessor_name(council, counted),
        "agency_rate": agency and agency["agency_rate_fte"],
        "agency_year": agency and agency["time_period"],
        "agency_of": predecessor_name(council, agency_counted),
    }


def predecessor_name(council, source) -> str | None:
    """The name of the council a figure belongs to, when it is not the council's own."""
    return source["name"] if source is not None and source["code"] != council["code"] else None


def map_features(rows: dict, page_url=council_page_path) -> list[dict]:
    """GeoJSON features: each shape with its ``gss_code``, ``name`` and :func:`map_properties`.

    ``rows``: the rows of each of ``MAP_QUERIES``, as dicts; ``page_url(name)``: the council page's URL."""
    by_gss = councils_by_gss(rows["councils"])
    by_code = {c["code"]: c for c in rows["councils"]}
    figures = OfficialFigures(rows)
    features = []
    for shape in load_shapes():
        gss, name = shape["properties"]["code"], shape["properties"]["name"]
        council = by_gss.get(gss)
        properties = {"gss_code": gss, "name": name}
        if council is not None:
            properties.update(map_properties(current_council(council, by_code), figures, page_url))
        features.append({"type": "Feature", "properties": properties, "geometry": shape["geometry"]})
    return features


def feature_collection(features: list) -> dict:
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------- drawing


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude to SVG units: equirectangular, longitude scaled by cos(middle latitude), rounded
    to whole units (at ``MAP_SCALE`` about 0.9 km, finer than a pixel of the map as shown)."""

    west: float
    north: float
    scale: float = MAP_SCALE
    squeeze: float = math.cos(math.radians(MIDDLE_LATITUDE))

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return round((lon - self.west) * self.squeeze * self.scale), round((self.north - lat) * self.scale)

    def size(self, east: float, south: float) -> tuple[float, float]:
        return self.point(east, south)


def polygons(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def bounds(features: list) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every shape."""
    points = [p for f in features for polygon in polygons(f["geometry"]) for ring in polygon for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def ring_path(ring: list, projection: Projection) -> str:
    """One ring as ``M x y L x y ... Z``, points that round to the one before left out."""
    points = []
    for lon, lat in ring:
        point = projection.point(lon, lat)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) < 3:
        return ""
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z"


def path_data(geometry: dict, projection: Projection) -> str:
    return "".join(ring_path(ring, projection) for polygon in polygons(geometry) for ring in polygon)


def shape_title(properties: dict, colouring: Colouring) -> str:
    """What hovering over a shape says: the council, the value, its date, whose it is if a predecessor's."""
    value = properties.get(colouring.property)
    text = f"{properties.get('council') or properties['name']}: {colouring.describe(value)}"
    if value is not None and colouring.year_property:
        text += f" ({properties[colouring.year_property]})"
    elif value is not None and properties.get("rating_inspection_date"):
        text += f" (inspected {properties['rating_inspection_date']})"
    of = properties.get(
        {"rating": "rating_of", "caseload": "caseload_of", "agency": "agency_of"}[colouring.key]
    )
    return text + (f", the figure of its predecessor {of}" if of else "")


def svg_shape(feature: dict, colouring: Colouring, projection: Projection, url_of) -> Markup:
    properties = feature["properties"]
    value = properties.get(colouring.property)
    path = Markup('<path d="{}" fill="{}" data-value="{}"><title>{}</title></path>').format(
        path_data(feature["geometry"], projection),
        colouring.colour(value),
        "" if value is None else value,
        shape_title(properties, colouring),
    )
    if not properties.get("url"):
        return path
    return Markup('<a href="{}" class="council" id="council-{}" data-code="{}">{}</a>').format(
        url_of(properties["url"]), properties["council_code"], properties["council_code"], path
    )


def london_inset(
    features: list, colouring: Colouring, projection: Projection, width: float, url_of
) -> Markup:
    """London's boroughs again, larger, in a framed box at the top right (the North Sea)."""
    london = [f for f in features if f["properties"]["gss_code"].startswith(LONDON_PREFIX)]
    if not london:
        return Markup()
    west, south, east, north = bounds(london)
    inset = Projection(west - 0.02, north + 0.02, MAP_SCALE * LONDON_INSET_SCALE)
    inset_width, inset_height = inset.size(east + 0.02, south - 0.02)
    shapes = Markup("").join(svg_shape(f, colouring, inset, url_of) for f in london)
    return Markup(
        '<g class="london-inset" transform="translate({x} 4)">'
        '<rect width="{w}" height="{h}" class="inset-frame"/>'
        '<text x="6" y="16" class="inset-label">London</text>{shapes}</g>'
    ).format(x=round(width - inset_width - 4, 1), w=inset_width, h=inset_height, shapes=shapes)


def svg_map(features: list, colouring: Colouring, url_of=lambda url: url) -> Markup:
    """The map as an inline ``<svg>``: one linked, titled path per shape, and London again in an inset."""
    west, south, east, north = bounds(features)
    projection = Projection(west, north)
    width, height = projection.size(east, south)
    shapes = Markup("").join(svg_shape(f, colouring, projection, url_of) for f in features)
    return Markup(
        '<svg class="england-map" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-label="Map of England\'s local authorities: {title}">{shapes}{inset}</svg>'
    ).format(
        w=width,
        h=height,
        title=colouring.title,
        shapes=shapes,
        inset=london_inset(features, colouring, projection, width, url_of),
    )


def legend_counts(features: list, colouring: Colouring) -> list[tuple[str, str, int]]:
    """(label, colour, number of councils) of each class of the legend."""
    colours = [colouring.colour(f["properties"].get(colouring.property)) for f in features]
    return [(label, colour, colours.count(colour)) for label, colour in colouring.legend()]
