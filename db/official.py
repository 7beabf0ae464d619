"""The official record to check claims against: DfE workforce statistics and Ofsted's published judgements.

Two sources, each imported by :func:`import_official`:

- ``csww``: the DfE "children's social work workforce" indicators CSV (explore-education-statistics), one row
  per area and year, counted at 30 September of ``time_period``. Loaded into ``official_workforce``.
- ``ofsted-outcomes``: Ofsted's "local authority inspection outcomes" spreadsheet (.ods): latest judgements,
  in-year inspections and visits, and inspection history. Loaded into ``official_ratings``, one row per
  inspection (or visit), judgement scope and sheet.

Every import is recorded in ``official_imports`` (sha256, source, time). Importing a file already imported
changes nothing; a newer release adds rows and updates the ones it revises. Column names change between
releases, so columns are found by meaning from the candidate names in :data:`CSWW_COLUMNS` and
:data:`OUTCOMES_COLUMNS`. The views ``caseload_claims_vs_official`` and ``rating_claims_vs_official`` put each
extracted claim beside the official figure.
"""
import csv
import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from dateutil import parser as date_parser
from odf import teletype
from odf.namespaces import OFFICENS, TABLENS, XLINKNS
from odf.opendocument import load as load_ods
from odf.table import Table, TableRow
from odf.text import A

from .load import add_councils_from_gazetteer
from .schema import migration

DATA_DIR = Path(__file__).parent / "official_data"
BUNDLED = {
    "csww": DATA_DIR / "csww_indicators_2017_to_2025.csv",
    "ofsted-outcomes": DATA_DIR / "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
}
ENGLAND = "E92000001"

# DfE workforce CSV: field -> (what it means, candidate column names, normalised as by ``column_key``).
# The first candidate is the name in the 2017-2025 release; the others are names earlier releases used.
CSWW_COLUMNS = {
    "time_period": ("reporting year", ["time_period", "year", "census_year"]),
    "geographic_level": ("geographic level", ["geographic_level", "level"]),
    "country_code": ("country code", ["country_code"]),
    "region_code": ("region code", ["region_code", "gor_code"]),
    "region_name": ("region name", ["region_name", "gor_name", "region"]),
    "old_la_code": ("3-digit local authority code", ["old_la_code", "la_code", "la_code_3", "lea_code"]),
    "new_la_code": ("GSS local authority code", ["new_la_code", "la_code_new", "gss_code", "la_gss_code"]),
    "la_name": ("local authority name", ["la_name", "local_authority", "la"]),
    "caseload_fte": ("caseload per FTE case holder", ["caseload_fte", "average_caseload_fte",
                                                      "caseload_per_fte", "average_caseload"]),
    "agency_rate_fte": ("agency worker rate (FTE, %)", ["agency_rate_fte", "agency_worker_rate_fte",
                                                         "agency_rate"]),
    "turnover_rate_fte": ("turnover rate (FTE, %)", ["turnover_rate_fte", "turnover_rate"]),
    "vacancy_rate_fte": ("vacancy rate (FTE, %)", ["vacancy_rate_fte", "vacancy_rate"]),
    "inpost_fte": ("social workers in post (FTE)", ["inpost_fte", "fte_social_workers", "fte", "sw_fte"]),
    "agency_fte": ("agency workers (FTE)", ["agency_fte", "agency_workers_fte"]),
    "vacancy_fte": ("vacancies (FTE)", ["vacancy_fte", "vacancies_fte"]),
    "starters_fte": ("starters (FTE)", ["starters_fte"]),
    "leavers_fte": ("leavers (FTE)", ["leavers_fte"]),
    "case_holders_fte": ("case holders (FTE)", ["case_holders_fte"]),
    "cases": ("cases held", ["cases", "cases_held"]),
}
CSWW_AREA_FIELDS = ["time_period", "geographic_level", "old_la_code", "la_name"]
CSWW_MEASURES = ["caseload_fte", "agency_rate_fte", "turnover_rate_fte", "vacancy_rate_fte", "inpost_fte",
                 "agency_fte", "vacancy_fte", "starters_fte", "leavers_fte", "case_holders_fte", "cases"]
CSWW_REQUIRED = ["caseload_fte", "agency_rate_fte", "turnover_rate_fte", "vacancy_rate_fte", "inpost_fte"]
CSWW_LEVELS = {"national": "national", "regional": "regional", "local authority": "local_authority"}
# Published in place of a figure: low (rounds to 0), x (not available), z (not applicable), c (confidential),
# u (low reliability). Any other text in a number column is kept as its marker too.
SUPPRESSION_MARKERS = {"low", "x", "z", "c", "u"}
CSWW_COMBINED_SEPARATOR = " / "

# Ofsted outcomes spreadsheet: field -> candidate headers (lower case); scopes and judgements as published.
OUTCOMES_COLUMNS = {
    "area_code": ["local authority area code", "la area code", "local authority code", "ons code"],
    "area_name": ["local authority name", "local authority"],
    "status": ["local authority status"],
    "region": ["ofsted region", "region"],
    "inspection_date": ["inspection date", "inspection/visit date", "visit date", "inspection start date"],
    "publication_date": ["publication date", "report publication date"],
    "inspection_type": ["inspection type", "inspection/visit type", "visit type"],
    "visit_theme": ["visit theme"],
    "web_link": ["web link"],
}
OUTCOMES_REQUIRED = ["area_code", "inspection_date"]
# (words in the header, scope) in the order they are tried: "children in care and care leavers" is in_care.
SCOPE_HEADERS = [
    ("overall effectiveness", "overall"),
    ("impact of leaders", "leaders"),
    ("help and protection", "help_and_protection"),
    ("children in care", "in_care"),
    ("care leavers", "care_leavers"),
]
JUDGEMENTS = {
    "outstanding": "outstanding", "good": "good", "requires improvement to be good": "requires improvement",
    "requires improvement": "requires improvement", "inadequate": "inadequate",
}
# (words in the sheet name, kind of sheet)
SHEET_KINDS = [("as_at", "latest"), ("as at", "latest"), ("in-year", "in_year"), ("in_year", "in_year"),
               ("history", "history")]
HEADER_SEARCH_ROWS = 10

# Comparison tolerances, stated in the views' ``tolerance`` column.
CASELOAD_TOLERANCE_PERCENT = 20
CASELOAD_TOLERANCE_CASES = 3
CASELOAD_MAX_DAYS_APART = 366
COMPARABLE_CASELOAD_MEASURES = ("average", "unspecified")


class OfficialDataError(ValueError):
    """A source that cannot be imported; the message says why, for the person running the import."""


class WrongKindError(OfficialDataError):
    pass


class MissingColumnError(OfficialDataError):
    pass


@dataclass
class ImportReport:
    kind: str
    source: str
    sha256: str
    import_id: int | None = None
    already_imported: bool = False
    release: str | None = None
    counts: dict = field(default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0})
    unmapped: list = field(default_factory=list)

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.kind}: {self.source} already imported (import {self.import_id}); nothing changed"
        counts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"{self.kind} {self.release or ''}: {counts} (import {self.import_id})"


# ---------------------------------------------------------------- schema

@migration("030_official_statistics")
def create_official_tables(db):
    db["official_imports"].create({
        "id": int, "kind": str, "sha256": str, "source": str, "release": str, "imported_at": str,
        "rows_added": int, "rows_updated": int, "rows_unchanged": int,
    }, pk="id", if_not_exists=True)
    db["official_imports"].create_index(["kind", "sha256"], unique=True, if_not_exists=True)
    measures = {}
    for name in CSWW_MEASURES:
        measures[name] = int if name == "cases" else float
        measures[f"{name}_marker"] = str
    db["official_workforce"].create({
        "area_code": str, "as_of": str, "time_period": int, "level": str, "council_code": str,
        "area_name": str, "la_code": str, "gss_code": str, "region_code": str, "region_name": str,
        "reported_as": str, **measures, "import_id": int,
    }, pk=("area_code", "as_of"), foreign_keys=[("council_code", "councils", "code"),
                                                 ("import_id", "official_imports", "id")], if_not_exists=True)
    db["official_workforce"].create_index(["council_code", "as_of"], if_not_exists=True)
    db["official_ratings"].create({
        "area_code": str, "inspection_date": str, "scope": str, "source_sheet": str, "council_code": str,
        "area_name": str, "status": str, "region": str, "judgement": str, "judgement_as_published": str,
        "publication_date": str, "inspection_type": str, "visit_theme": str, "sheet_kind": str,
        "release": str, "web_link": str, "import_id": int,
    }, pk=("area_code", "inspection_date", "scope", "source_sheet"),
        foreign_keys=[("council_code", "councils", "code"), ("import_id", "official_imports", "id")],
        if_not_exists=True)
    db["official_ratings"].create_index(["council_code", "scope", "inspection_date"], if_not_exists=True)


@migration("031_official_views")
def create_official_views(db):
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {sql}")


# Bumped whenever a view's SQL changes, so that databases made earlier get the new views.
VIEWS_VERSION = 4


@migration(f"032_official_views_v{VIEWS_VERSION}")
def recreate_official_views(db):
    create_official_views(db)


CLAIM_DATE_SQL = """CASE WHEN length({as_of}) = 4 THEN {as_of} || '{year_suffix}'
    WHEN length({as_of}) = 7 THEN {as_of} || '{month_suffix}'
    WHEN length({as_of}) >= 10 THEN substr({as_of}, 1, 10)
    ELSE substr(d.published, 1, 10) END"""

CASELOAD_TOLERANCE_TEXT = (
    f"disagrees: more than {CASELOAD_TOLERANCE_PERCENT}% or more than {CASELOAD_TOLERANCE_CASES} cases apart; "
    f"compared: average or unspecified caseloads of the whole service (no role), within "
    f"{CASELOAD_MAX_DAYS_APART} days of a 30 September count")

OFFICIAL_INSPECTIONS_SQL = """
SELECT council_code, max(area_code) AS area_code, scope, inspection_date, max(publication_date) AS publication_date,
       max(inspection_type) AS inspection_type, max(judgement) AS judgement,
       max(judgement_as_published) AS judgement_as_published
FROM official_ratings WHERE judgement IS NOT NULL
GROUP BY coalesce(council_code, area_code), scope, inspection_date"""

CASELOAD_VIEW_SQL = f"""
WITH claims AS (
  SELECT c.id AS claim_id, c.document_id, d.title AS document_title, d.url AS document_url,
         d.published AS document_published, c.council_code, c.value AS claimed, c.qualifier, c.measure, c.role,
         c.as_of AS claimed_as_of, c.quote,
         {CLAIM_DATE_SQL.format(as_of="c.as_of", year_suffix="-07-01", month_suffix="-15")} AS claim_date,
         coalesce(c.council_code, '{ENGLAND}') AS area_code,
         (coalesce(c.measure, 'unspecified') IN {COMPARABLE_CASELOAD_MEASURES}
          AND coalesce(c.role, '') = '') AS comparable
  FROM caseloads c JOIN documents d ON d.id = c.document_id
), ranked AS (
  SELECT claims.*, w.rowid AS official_rowid,
         row_number() OVER (PARTITION BY claims.claim_id
                            ORDER BY abs(julianday(w.as_of) - julianday(claims.claim_date)), w.as_of) AS nearness
  FROM claims LEFT JOIN official_workforce w
    ON w.area_code = claims.area_code AND claims.claim_date IS NOT NULL
), matched AS (
  SELECT * FROM ranked WHERE nearness = 1
), compared AS (
  SELECT m.*, w.area_name AS official_area, w.reported_as AS official_reported_as, w.as_of AS official_as_of,
         w.caseload_fte AS official_caseload_fte, w.caseload_fte_marker AS official_marker,
         round(m.claimed - w.caseload_fte, 1) AS difference,
         round(100.0 * (m.claimed - w.caseload_fte) / w.caseload_fte, 1) AS difference_percent,
         CAST(abs(julianday(w.as_of) - julianday(m.claim_date)) AS INTEGER) AS days_apart
  FROM matched m LEFT JOIN official_workforce w ON w.rowid = m.official_rowid
)
SELECT claim_id, document_id, document_title, document_url, document_published, council_code, claimed,
       qualifier, measure, role, claimed_as_of, claim_date, quote, official_area, official_reported_as,
       official_as_of, official_caseload_fte, official_marker, difference, difference_percent, days_apart,
       comparable,
       CASE WHEN official_caseload_fte IS NULL OR claimed IS NULL OR NOT comparable
                 OR days_apart > {CASELOAD_MAX_DAYS_APART} THEN NULL
            WHEN abs(difference) > {CASELOAD_TOLERANCE_CASES}
                 OR abs(difference_percent) > {CASELOAD_TOLERANCE_PERCENT} THEN 1 ELSE 0 END AS disagrees,
       '{CASELOAD_TOLERANCE_TEXT}' AS tolerance
FROM compared"""

PERIOD_BOUND_SQL = """CASE WHEN length({as_of}) = 4 THEN {as_of} || '{year_suffix}'
    WHEN length({as_of}) = 7 THEN {as_of} || '{month_suffix}'
    WHEN length({as_of}) >= 10 THEN substr({as_of}, 1, 10) END"""

RATING_TOLERANCE_TEXT = (
    "disagrees: a different judgement for the same inspection; the inspection is the latest held or published "
    "in the period the claim gives (as_of; none compared when Ofsted's table has none then), or for an undated "
    "claim the latest published by the document's date (the one before it for a previous rating)")

# Which inspection a rating claim is about: the latest held or published within the claim's period; for an
# undated claim, the latest published by the document's date. A dated claim with no inspection in its period
# (e.g. one newer than the release imported) is compared with nothing rather than with an older inspection.
RATING_VIEW_SQL = f"""
WITH claims AS (
  SELECT r.id AS claim_id, r.document_id, d.title AS document_title, d.url AS document_url,
         d.published AS document_published, d.source_kind, r.council_code, r.judgement AS claimed_judgement,
         r.scope AS claimed_scope, r.period AS claimed_period, r.as_of AS claimed_as_of, r.quote,
         CASE WHEN coalesce(r.scope, 'unspecified') IN ('unspecified', '') THEN 'overall' ELSE r.scope END
           AS official_scope,
         {PERIOD_BOUND_SQL.format(as_of="r.as_of", year_suffix="-01-01", month_suffix="-01")} AS period_start,
         {PERIOD_BOUND_SQL.format(as_of="r.as_of", year_suffix="-12-31", month_suffix="-31")} AS period_end,
         substr(d.published, 1, 10) AS document_date,
         (r.as_of IS NULL AND r.period = 'previous') AS wants_previous
  FROM ratings r JOIN documents d ON d.id = r.document_id
), ranked AS (
  SELECT claims.claim_id, i.inspection_date AS official_inspection_date,
         row_number() OVER (PARTITION BY claims.claim_id ORDER BY i.inspection_date DESC) AS recency
  FROM claims JOIN official_inspections i
    ON i.council_code = claims.council_code AND i.scope = claims.official_scope
   AND (claims.document_date IS NULL OR i.inspection_date <= claims.document_date)
   AND CASE WHEN claims.period_end IS NOT NULL
            THEN i.inspection_date BETWEEN claims.period_start AND claims.period_end
                 OR i.publication_date BETWEEN claims.period_start AND claims.period_end
            ELSE coalesce(i.publication_date, i.inspection_date) <= claims.document_date END
), matched AS (
  SELECT claims.*, (SELECT r.official_inspection_date FROM ranked r WHERE r.claim_id = claims.claim_id
                    AND r.recency = 1 + claims.wants_previous) AS official_inspection_date
  FROM claims
)
SELECT m.claim_id, m.document_id, m.document_title, m.document_url, m.document_published, m.source_kind,
       m.council_code, m.claimed_judgement, m.claimed_scope, m.claimed_period, m.claimed_as_of, m.quote,
       m.official_scope, i.inspection_date AS official_inspection_date,
       i.publication_date AS official_publication_date, i.inspection_type AS official_inspection_type,
       i.judgement AS official_judgement, i.judgement_as_published AS official_judgement_as_published,
       CASE WHEN i.judgement IS NULL OR m.claimed_judgement IS NULL THEN NULL
            WHEN lower(m.claimed_judgement) != i.judgement THEN 1 ELSE 0 END AS disagrees,
       '{RATING_TOLERANCE_TEXT.replace("'", "''")}' AS tolerance
FROM matched m LEFT JOIN official_inspections i
  ON i.council_code = m.council_code AND i.scope = m.official_scope
 AND i.inspection_date = m.official_inspection_date"""

LATEST_RATINGS_SQL = """
SELECT council_code, area_code, scope, inspection_date, publication_date, inspection_type, judgement,
       judgement_as_published
FROM (SELECT i.*, row_number() OVER (PARTITION BY coalesce(i.council_code, i.area_code), i.scope
                                     ORDER BY i.inspection_date DESC) AS recency
      FROM official_inspections i)
WHERE recency = 1"""

VIEWS = {
    "official_inspections": OFFICIAL_INSPECTIONS_SQL,
    "official_latest_ratings": LATEST_RATINGS_SQL,
    "caseload_claims_vs_official": CASELOAD_VIEW_SQL,
    "rating_claims_vs_official": RATING_VIEW_SQL,
}


# ---------------------------------------------------------------- reading sources

def read_source(source: str) -> tuple[bytes, str]:
    """The bytes of a path or http(s) URL, and the source as recorded (the URL, or the absolute path)."""
    if re.match(r"https?://", source):
        return fetch_url(source), source
    path = Path(source)
    if not path.is_file():
        raise OfficialDataError(f"{source}: no such file")
    return path.read_bytes(), str(path.resolve())


def fetch_url(url: str) -> bytes:
    """Fetch with the scrapers' polite client (robots.txt, identified User-Agent, timeouts, retries)."""
    from corpus.http import FetchError, PoliteClient  # imported here: open_db imports this module

    try:
        return PoliteClient(allow=[url]).get(url, conditional=False).content
    except FetchError as exc:
        raise OfficialDataError(f"{url}: could not fetch: {exc}") from exc


def column_key(name: str) -> str:
    """``"Caseload (FTE)"`` -> ``"caseload_fte"``: header names compared without case or punctuation."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def find_columns(headers, candidates: dict, required) -> tuple[dict, list]:
    """field -> header for each field found, and the required fields not found."""
    by_key = {column_key(h): h for h in headers if h}
    found = {}
    for name, (_, names) in candidates.items():
        header = next((by_key[column_key(n)] for n in names if column_key(n) in by_key), None)
        if header is not None:
            found[name] = header
    return found, [name for name in required if name not in found]


def missing_columns_message(source_kind: str, missing: list, candidates: dict) -> str:
    wanted = "; ".join(f"{candidates[m][0]} (tried {', '.join(candidates[m][1])})" for m in missing)
    return f"{source_kind}: cannot find the column for {wanted}"


# ---------------------------------------------------------------- councils

def council_index():
    """(gazetteer, GSS code -> council) for mapping official codes and names to ``councils``."""
    from extractors.gazetteer import load_gazetteer  # imported here: open_db imports this module

    gazetteer = load_gazetteer()
    return gazetteer, {c.gss_code: c for c in gazetteer.councils if c.gss_code}


def map_council(index, codes=(), name=None, on_date=None):
    """The gazetteer's council for the first code that resolves, else for the name (of that date)."""
    gazetteer, by_gss = index
    for code in codes:
        if not code:
            continue
        council = gazetteer.resolve(code, on_date=on_date) or by_gss.get(code)
        if council:
            return council
    return gazetteer.resolve(name, on_date=on_date) if name else None


# ---------------------------------------------------------------- DfE workforce CSV

def number_or_marker(text: str):
    """(number, None) for a figure, (None, marker) for a suppression marker, (None, None) for blank."""
    text = (text or "").strip().replace(",", "")
    if not text:
        return None, None
    try:
        return float(text), None
    except ValueError:
        return None, text.lower() if text.lower() in SUPPRESSION_MARKERS else text


def read_csv_rows(data: bytes, kind_label: str) -> tuple[list, list]:
    if data[:2] == b"PK" or data[:5] == b"%PDF-" or b"\x00" in data[:1024]:
        raise WrongKindError(f"this is not a {kind_label}: it is not a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


CSWW_LABEL = "DfE children's social work workforce CSV"


def parse_csww(data: bytes) -> tuple[list, str]:
    """Rows for ``official_workforce`` and the release (years covered)."""
    headers, records = read_csv_rows(data, CSWW_LABEL)
    columns, missing = find_columns(headers, CSWW_COLUMNS, CSWW_AREA_FIELDS + CSWW_REQUIRED)
    measures_found = [m for m in CSWW_MEASURES if m in columns]
    if not measures_found or any(f in missing for f in ("time_period", "geographic_level")):
        raise WrongKindError(
            f"this is not a {CSWW_LABEL}: expected columns such as time_period, geographic_level, "
            f"old_la_code, caseload_fte; found {', '.join(headers[:8]) or 'none'}")
    if missing:
        raise MissingColumnError(missing_columns_message(CSWW_LABEL, missing, CSWW_COLUMNS))
    index = council_index()
    rows = [row for record in records for row in csww_rows(record, columns, index)]
    years = sorted({r["time_period"] for r in rows})
    return rows, f"{years[0]}-{years[-1]}" if years else None


def csww_rows(record: dict, columns: dict, index) -> list[dict]:
    """The official_workforce rows of one CSV line: one per authority of a combined line."""
    get = lambda name: (record.get(columns.get(name, ""), "") or "").strip()  # noqa: E731
    level = CSWW_LEVELS.get(get("geographic_level").lower())
    year = get("time_period")[:4]
    if level is None or not year.isdigit():
        return []
    base = {"time_period": int(year), "as_of": f"{year}-09-30", "level": level,
            "region_code": get("region_code") or None, "region_name": get("region_name") or None}
    for name in CSWW_MEASURES:
        value, marker = number_or_marker(get(name)) if name in columns else (None, None)
        base[name] = int(value) if name == "cases" and value is not None else value
        base[f"{name}_marker"] = marker
    if level == "national":
        return [{**base, "area_code": get("country_code") or ENGLAND, "area_name": "England"}]
    if level == "regional":
        return [{**base, "area_code": get("region_code"), "area_name": get("region_name")}]
    return authority_rows(base, get("old_la_code"), get("new_la_code"), get("la_name"), index)


def authority_rows(base, la_codes: str, gss_codes: str, names: str, index) -> list[dict]:
    """Rows for a line such as ``940 / 941``: each authority gets the figures reported for them together."""
    parts = lambda s: [p.strip() for p in s.split(CSWW_COMBINED_SEPARATOR.strip())]  # noqa: E731
    la_list, gss_list, name_list = parts(la_codes), parts(gss_codes), parts(names)
    combined = len(la_list) > 1
    rows = []
    for i, la_code in enumerate(la_list):
        gss = gss_list[i] if i < len(gss_list) else None
        name = name_list[i] if i < len(name_list) else names
        council = map_council(index, codes=[la_code, gss])
        rows.append({**base, "area_code": la_code or gss, "council_code": council.code if council else None,
                     "area_name": name, "la_code": la_code, "gss_code": gss,
                     "reported_as": names if combined else None, "_council": council})
    return rows


# ---------------------------------------------------------------- Ofsted outcomes spreadsheet

OUTCOMES_LABEL = "Ofsted local authority inspection outcomes spreadsheet (.ods)"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def ods_sheets(data: bytes) -> dict:
    """Sheet name -> rows (lists of cell values: ISO date strings for dates, text otherwise)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_ods = archive.read("mimetype").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, KeyError):
        is_ods = False
    if not is_ods:
        raise WrongKindError(f"this is not an {OUTCOMES_LABEL}: it is not an OpenDocument spreadsheet")
    document = load_ods(io.BytesIO(data))
    return {t.getAttribute("name"): sheet_rows(t) for t in document.spreadsheet.getElementsByType(Table)}


def sheet_rows(table) -> list[list]:
    rows = [row_values(r) for r in table.getElementsByType(TableRow)]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def row_values(row) -> list:
    """A row's values, with repeated cells expanded (but not the trailing run of empty ones)."""
    values = []
    for cell in row.childNodes:
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        value = cell_value(cell)
        repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
        values.extend([value] * (repeat if value else min(repeat, 64)))
    while values and not values[-1]:
        values.pop()
    return values


def cell_value(cell):
    """An ISO date for a date cell; the text otherwise, carrying its hyperlink if it has one."""
    date = cell.attributes.get((OFFICENS, "date-value"))
    if date:
        return date[:10]
    links = [n for n in cell.getElementsByType(A) if n.attributes.get((XLINKNS, "href"))]
    text = teletype.extractText(cell).strip()
    if links and text:
        return LinkedText(text, links[0].attributes[(XLINKNS, "href")])
    return text


class LinkedText(str):
    """Cell text that carries the hyperlink the cell holds (``.href``)."""

    def __new__(cls, text, href):
        obj = super().__new__(cls, text)
        obj.href = href
        return obj


def find_header(rows: list) -> int | None:
    """Index of the header row: the first of the top rows naming an area code and a date or a judgement."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {str(v).strip().lower() for v in row}
        judged = any(words in key for key in keys for words, _ in SCOPE_HEADERS)
        if keys & set(OUTCOMES_COLUMNS["area_code"]) and (keys & set(OUTCOMES_COLUMNS["inspection_date"]) or judged):
            return i
    return None


def outcomes_header_columns(header: list) -> tuple[dict, dict]:
    """field -> column index, and column index -> judgement scope."""
    lowered = [str(h).strip().lower() for h in header]
    fields = {}
    for name, candidates in OUTCOMES_COLUMNS.items():
        index = next((lowered.index(c) for c in candidates if c in lowered), None)
        if index is not None:
            fields[name] = index
    scopes = {}
    for i, h in enumerate(lowered):
        scope = next((s for words, s in SCOPE_HEADERS if words in h), None)
        if scope and scope not in scopes.values():
            scopes[i] = scope
    return fields, scopes


def sheet_kind(name: str) -> str:
    lowered = name.lower()
    return next((kind for words, kind in SHEET_KINDS if words in lowered), "other")


def parse_outcomes(data: bytes) -> tuple[list, str]:
    """Rows for ``official_ratings`` from every sheet with a table of inspections, and the release date."""
    sheets = ods_sheets(data)
    release = outcomes_release(sheets)
    index, rows, tables = council_index(), [], 0
    for name, sheet in sheets.items():
        header_at = find_header(sheet)
        if header_at is None:
            continue
        tables += 1
        fields, scopes = outcomes_header_columns(sheet[header_at])
        missing = [f for f in OUTCOMES_REQUIRED if f not in fields]
        if missing:
            raise MissingColumnError(f"{OUTCOMES_LABEL}, sheet {name}: cannot find the column for "
                                     + "; ".join(f"{f} (tried {', '.join(OUTCOMES_COLUMNS[f])})" for f in missing))
        for record in sheet[header_at + 1:]:
            rows.extend(outcome_rows(record, name, fields, scopes, release, index))
    if not tables:
        raise WrongKindError(f"this is not an {OUTCOMES_LABEL}: no sheet has a header naming "
                             f"'Local authority area code' and 'Inspection date' or a judgement in its first rows")
    return rows, release


def outcomes_release(sheets: dict) -> str | None:
    """The 'as at' date in the spreadsheet's title, e.g. '2025-03-31'."""
    for sheet in sheets.values():
        for row in sheet[:3]:
            for value in row:
                match = re.search(r"as at (\d{1,2} \w+ \d{4})", str(value))
                if match:
                    return date_parser.parse(match.group(1)).date().isoformat()
    return None


def outcome_rows(record: list, sheet: str, fields: dict, scopes: dict, release, index) -> list[dict]:
    value = lambda f: record[fields[f]] if f in fields and fields[f] < len(record) else ""  # noqa: E731
    area_code, inspection_date = str(value("area_code")).strip(), iso_date(value("inspection_date"))
    if not area_code or not inspection_date:
        return []
    council = map_council(index, codes=[area_code], name=str(value("area_name")) or None, on_date=inspection_date)
    link = value("web_link")
    base = {"area_code": area_code, "inspection_date": inspection_date, "source_sheet": sheet,
            "council_code": council.code if council else None, "area_name": str(value("area_name")) or None,
            "status": str(value("status")) or None, "region": str(value("region")) or None,
            "publication_date": iso_date(value("publication_date")),
            "inspection_type": str(value("inspection_type")) or None,
            "visit_theme": str(value("visit_theme")) or None, "sheet_kind": sheet_kind(sheet),
            "release": release, "web_link": getattr(link, "href", None) or (str(link) or None),
            "_council": council}
    judged = [(scope, str(record[i]).strip()) for i, scope in scopes.items() if i < len(record) and record[i]]
    if not judged:
        return [{**base, "scope": "visit", "judgement": None, "judgement_as_published": None}]
    return [{**base, "scope": scope, "judgement": JUDGEMENTS.get(text.lower()), "judgement_as_published": text}
            for scope, text in judged]


def iso_date(value) -> str | None:
    """An ISO date from a date cell ('2023-07-10') or a date written as text ('10/07/2023')."""
    text = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- import

IMPORTERS = {
    "csww": ("official_workforce", parse_csww),
    "ofsted-outcomes": ("official_ratings", parse_outcomes),
}


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def previous_import(db, kind: str, sha256: str):
    rows = list(db.query("SELECT id FROM official_imports WHERE kind = ? AND sha256 = ?", [kind, sha256]))
    return rows[0]["id"] if rows else None


def import_official(db, kind: str, source: str) -> ImportReport:
    """Import one release of an official source (path or URL); see the module docstring."""
    if kind not in IMPORTERS:
        raise OfficialDataError(f"unknown kind {kind!r}: expected one of {', '.join(IMPORTERS)}")
    data, origin = read_source(source)
    report = ImportReport(kind=kind, source=origin, sha256=hashlib.sha256(data).hexdigest())
    report.import_id = previous_import(db, kind, report.sha256)
    if report.import_id:
        report.already_imported = True
        return report
    table, parse = IMPORTERS[kind]
    rows, report.release = parse(data)
    report.unmapped = sorted({(r.get("la_code") or r["area_code"], r["area_name"]) for r in rows
                              if r.get("level", "local_authority") == "local_authority" and not r.get("_council")})
    with db.conn:
        add_councils_from_gazetteer(db, {r["_council"].code for r in rows if r.get("_council")})
        report.import_id = db["official_imports"].insert({
            "kind": kind, "sha256": report.sha256, "source": origin, "release": report.release,
            "imported_at": now_iso()}).last_pk
        report.counts = upsert_rows(db, table, rows, report.import_id)
        db["official_imports"].update(report.import_id, {f"rows_{k}": v for k, v in report.counts.items()})
    return report


def upsert_rows(db, table: str, rows: list, import_id: int) -> dict:
    """Insert new rows, update changed ones (credited to this import), leave the same ones alone."""
    pks = db[table].pks
    existing = {tuple(r[k] for k in pks): r for r in db[table].rows}
    counts, new_rows = {"added": 0, "updated": 0, "unchanged": 0}, {}
    for row in rows:
        row = {k: v for k, v in row.items() if not k.startswith("_")}
        key = tuple(row[k] for k in pks)
        old = existing.get(key)
        if old is None:
            new_rows[key] = {**row, "import_id": import_id}
        elif any(old.get(k) != v for k, v in row.items()):
            db[table].update(list(key), {**row, "import_id": import_id})
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db[table].insert_all(new_rows.values())
    counts["added"] = len(new_rows)
    return counts


def import_bundled(db) -> list[ImportReport]:
    """Import the official files bundled in ``db/official_data`` (what ``casewatch demo`` shows)."""
    return [import_official(db, kind, str(path)) for kind, path in BUNDLED.items() if path.exists()]


# ---------------------------------------------------------------- one council's claims and record

COUNCIL_QUERIES = {
    "caseload_claims": """SELECT claim_date, claimed, qualifier, measure, role, official_as_of,
        official_caseload_fte, official_marker, official_reported_as, difference, difference_percent,
        comparable, disagrees, quote, document_title, document_url, document_id
        FROM caseload_claims_vs_official WHERE council_code = :code ORDER BY claim_date, claim_id""",
    "rating_claims": """SELECT coalesce(claimed_as_of, substr(document_published, 1, 10)) AS claim_date,
        claimed_judgement, claimed_scope, claimed_period, official_inspection_date, official_judgement,
        disagrees, quote, document_title, document_url, document_id
        FROM rating_claims_vs_official WHERE council_code = :code ORDER BY claim_date, claim_id""",
    "official_workforce": """SELECT as_of, caseload_fte, caseload_fte_marker, agency_rate_fte, turnover_rate_fte,
        vacancy_rate_fte, inpost_fte, reported_as FROM official_workforce WHERE council_code = :code
        ORDER BY as_of""",
    "official_inspections": """SELECT inspection_date, publication_date, inspection_type,
        group_concat(scope || ': ' || judgement, '; ') AS judgements FROM (
          SELECT * FROM official_inspections WHERE council_code = :code
          ORDER BY inspection_date, CASE scope WHEN 'overall' THEN 0 WHEN 'leaders' THEN 1
            WHEN 'help_and_protection' THEN 2 WHEN 'in_care' THEN 3 ELSE 4 END)
        GROUP BY inspection_date ORDER BY inspection_date""",
    "official_visits": """SELECT DISTINCT inspection_date, publication_date, inspection_type, visit_theme
        FROM official_ratings WHERE council_code = :code AND scope = 'visit' ORDER BY inspection_date""",
}


def council_record(db, council_code: str) -> dict:
    """For one council: its claims beside the official figures, and the official record itself."""
    return {name: list(db.query(sql, {"code": council_code})) for name, sql in COUNCIL_QUERIES.items()}
