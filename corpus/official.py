"""Reading the official record, from a file or a URL: DfE workforce statistics and Ofsted's judgements.

Two sources, each read into rows for the tables of :mod:`db.official`:

- ``csww``: the DfE "children's social work workforce" indicators CSV (explore-education-statistics), one row
  per area and year, counted at 30 September of ``time_period`` (:func:`parse_csww`).
- ``ofsted-outcomes``: Ofsted's "local authority inspection outcomes" spreadsheet (.ods): latest judgements,
  in-year inspections and visits, and inspection history, one row per inspection (or visit), judgement scope
  and sheet (:func:`parse_outcomes`).

Column names change between releases, so columns are found by meaning from the candidate names in
:data:`CSWW_COLUMNS` and :data:`OUTCOMES_COLUMNS`. Authorities are matched to the gazetteer by code, else
by name.
A URL is fetched with the scrapers' polite client (:mod:`corpus.http`).
"""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

from dateutil import parser as date_parser
from odf import teletype
from odf.namespaces import OFFICENS, TABLENS, XLINKNS
from odf.opendocument import load as load_ods
from odf.table import Table, TableRow
from odf.text import A

from extractors.gazetteer import load_gazetteer

from .http import FetchError, PoliteClient

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
    "caseload_fte": (
        "caseload per FTE case holder",
        ["caseload_fte", "average_caseload_fte", "caseload_per_fte", "average_caseload"],
    ),
    "agency_rate_fte": (
        "agency worker rate (FTE, %)",
        ["agency_rate_fte", "agency_worker_rate_fte", "agency_rate"],
    ),
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
CSWW_MEASURES = [
    "caseload_fte",
    "agency_rate_fte",
    "turnover_rate_fte",
    "vacancy_rate_fte",
    "inpost_fte",
    "agency_fte",
    "vacancy_fte",
    "starters_fte",
    "leavers_fte",
    "case_holders_fte",
    "cases",
]
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
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires improvement",
    "requires improvement": "requires improvement",
    "inadequate": "inadequate",
}
# (words in the sheet name, kind of sheet)
SHEET_KINDS = [
    ("as_at", "latest"),
    ("as at", "latest"),
    ("in-year", "in_year"),
    ("in_year", "in_year"),
    ("history", "history"),
]
HEADER_SEARCH_ROWS = 10


class OfficialDataError(ValueError):
    """A source that cannot be imported; the message says why, for the person running the import."""


class WrongKindError(OfficialDataError):
    pass


class MissingColumnError(OfficialDataError):
    pass


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
            f"old_la_code, caseload_fte; found {', '.join(headers[:8]) or 'none'}"
        )
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
    base = {
        "time_period": int(year),
        "as_of": f"{year}-09-30",
        "level": level,
        "region_code": get("region_code") or None,
        "region_name": get("region_name") or None,
    }
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
        rows.append(
            {
                **base,
                "area_code": la_code or gss,
                "council_code": council.code if council else None,
                "area_name": name,
                "la_code": la_code,
                "gss_code": gss,
                "reported_as": names if combined else None,
                "_council": council,
            }
        )
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
    text = teletype.extractText(cell).strip()
    href = cell_link(cell)
    return LinkedText(text, href) if href and text else text


HYPERLINK_FORMULA = re.compile(r'^(?:of:)?=\s*HYPERLINK\(\s*"([^"]+)"', re.IGNORECASE)


def cell_link(cell) -> str | None:
    """The URL a cell links to: a ``<text:a xlink:href>`` in its text, or its ``HYPERLINK("url"; "text")``
    formula (how Ofsted's spreadsheet links each inspection's report)."""
    links = [
        n.attributes[(XLINKNS, "href")]
        for n in cell.getElementsByType(A)
        if n.attributes.get((XLINKNS, "href"))
    ]
    if links:
        return links[0]
    match = HYPERLINK_FORMULA.match(cell.attributes.get((TABLENS, "formula"), ""))
    return match.group(1) if match else None


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
        if keys & set(OUTCOMES_COLUMNS["area_code"]) and (
            keys & set(OUTCOMES_COLUMNS["inspection_date"]) or judged
        ):
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
            raise MissingColumnError(
                f"{OUTCOMES_LABEL}, sheet {name}: cannot find the column for "
                + "; ".join(f"{f} (tried {', '.join(OUTCOMES_COLUMNS[f])})" for f in missing)
            )
        for record in sheet[header_at + 1 :]:
            rows.extend(outcome_rows(record, name, fields, scopes, release, index))
    if not tables:
        raise WrongKindError(
            f"this is not an {OUTCOMES_LABEL}: no sheet has a header naming "
            f"'Local authority area code' and 'Inspection date' or a judgement in its first rows"
        )
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
    council = map_council(
        index, codes=[area_code], name=str(value("area_name")) or None, on_date=inspection_date
    )
    link = value("web_link")
    base = {
        "area_code": area_code,
        "inspection_date": inspection_date,
        "source_sheet": sheet,
        "council_code": council.code if council else None,
        "area_name": str(value("area_name")) or None,
        "status": str(value("status")) or None,
        "region": str(value("region")) or None,
        "publication_date": iso_date(value("publication_date")),
        "inspection_type": str(value("inspection_type")) or None,
        "visit_theme": str(value("visit_theme")) or None,
        "sheet_kind": sheet_kind(sheet),
        "release": release,
        "web_link": getattr(link, "href", None) or (str(link) or None),
        "_council": council,
    }
    judged = [(scope, str(record[i]).strip()) for i, scope in scopes.items() if i < len(record) and record[i]]
    if not judged:
        return [{**base, "scope": "visit", "judgement": None, "judgement_as_published": None}]
    return [
        {**base, "scope": scope, "judgement": JUDGEMENTS.get(text.lower()), "judgement_as_published": text}
        for scope, text in judged
    ]


def iso_date(value) -> str | None:
    """An ISO date from a date cell ('2023-07-10') or a date written as text ('10/07/2023')."""
    text = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- by kind

PARSERS = {"csww": parse_csww, "ofsted-outcomes": parse_outcomes}
# Bumped when a reader reads the same file differently (2: the outcomes' report links from their HYPERLINK
# formulas), so that importing a file already imported with an older reader updates its rows.
READER_VERSIONS = {"csww": 1, "ofsted-outcomes": 2}
