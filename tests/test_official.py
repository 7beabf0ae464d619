"""Official statistics: importing DfE workforce figures and Ofsted's judgements, and claims beside them."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import A, P

from corpus.official import BUNDLED, MissingColumnError, OfficialDataError, WrongKindError
from db.database import open_db
from db.derived import reindex
from db.official import import_bundled, import_official
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED_OFFICIAL = ROOT.parent / "shared" / "data" / "official"
REAL_CSWW = SHARED_OFFICIAL / "csww_indicators_2017_to_2025.csv"
REAL_OUTCOMES = SHARED_OFFICIAL / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
FIXTURES = Path(__file__).parent / "fixtures" / "official"
SMALL_CSWW = FIXTURES / "csww_small.csv"
METADATA = ROOT / "db" / "metadata.yaml"

LINK = "https://reports.ofsted.gov.uk/provider/44/80426"
DORSET_LINK = "https://reports.ofsted.gov.uk/provider/44/838"
WEBPAGE = "Ofsted Local Authority Webpage"
JUDGEMENT_HEADERS = [
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
RI = "Requires improvement to be good"
# The three tables of Ofsted's spreadsheet, in its layout: title, a note, the header on row 3, then data.
SMALL_OUTCOMES = {
    "Inspections_as_at_31_March": [
        [
            "Web link",
            "Local authority area code",
            "Local authority name",
            "Ofsted region",
            "Inspection date",
            "Publication date",
            *JUDGEMENT_HEADERS,
        ],
        [
            ("Ofsted Local Authority Webpage", LINK),
            "E08000016",
            "Barnsley",
            "North East, Yorkshire and the Humber",
            "2023-09-11",
            "2023-10-27",
            "Good",
            "Good",
            RI,
            "Good",
            "Good",
        ],
        [
            ("HYPERLINK", DORSET_LINK, WEBPAGE),  # a formula, as in Ofsted's own file
            "E06000059",
            "Dorset",
            "South West",
            "2025-03-17",
            "2025-05-09",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E09000021",
            "Kingston upon Thames",
            "London",
            "2024-12-02",
            "2025-01-29",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
        ],
    ],
    "In-year_inspections": [
        [
            "Web link",
            "Local authority area code",
            "Local authority name",
            "Region",
            "Inspection/Visit date",
            "Publication date",
            "Inspection/Visit type",
            *JUDGEMENT_HEADERS,
            "Visit Theme",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E08000016",
            "Barnsley",
            "North East, Yorkshire and the Humber",
            "2024-11-05",
            "2024-12-05",
            "ILACS Focused Visit",
            "",
            "",
            "",
            "",
            "",
            "Children in care",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E06000059",
            "Dorset",
            "South West",
            "2025-03-17",
            "2025-05-09",
            "ILACS Short Inspection",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
        ],
    ],
    "ILACS_inspection_history": [
        [
            "Web link",
            "Local authority area code",
            "Local authority name",
            "Local authority status",
            "Ofsted region",
            "Inspection date",
            "Publication date",
            "Inspection type",
            *JUDGEMENT_HEADERS,
        ],
        [
            "Ofsted Local Authority Webpage",
            "E08000016",
            "Barnsley",
            "Current",
            "North East, Yorkshire and the Humber",
            "2018-10-08",
            "2018-11-19",
            "ILACS Standard Inspection",
            "Good",
            "Good",
            "Good",
            "Good",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E08000016",
            "Barnsley",
            "Current",
            "North East, Yorkshire and the Humber",
            "2023-09-11",
            "2023-10-27",
            "ILACS Short Inspection",
            "Good",
            "Good",
            RI,
            "Good",
            "Good",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E10000021",
            "Northamptonshire",
            "No longer exists",
            "East Midlands",
            "2019-06-17",
            "2019-07-29",
            "ILACS Standard Inspection",
            "Inadequate",
            "Inadequate",
            "Inadequate",
            "Inadequate",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E06000061",
            "North Northamptonshire",
            "Current",
            "East Midlands",
            "2022-10-03",
            "2022-11-25",
            "ILACS Standard Inspection",
            RI,
            RI,
            RI,
            RI,
        ],
        [
            "Ofsted Local Authority Webpage",
            "E06000059",
            "Dorset",
            "Current",
            "South West",
            "2021-09-27",
            "2021-11-19",
            "ILACS Standard Inspection",
            "Good",
            "Good",
            "Good",
            "Good",
        ],
        [
            "Ofsted Local Authority Webpage",
            "E06000059",
            "Dorset",
            "Current",
            "South West",
            "2025-03-17",
            "2025-05-09",
            "ILACS Short Inspection",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
            "Outstanding",
        ],
    ],
}


def ods_cell(value) -> TableCell:
    if isinstance(value, tuple) and value[0] == "HYPERLINK":
        _, href, text = value
        cell = TableCell(valuetype="string", stringvalue=text, formula=f'of:=HYPERLINK("{href}";"{text}")')
        cell.addElement(P(text=text))
        return cell
    if isinstance(value, tuple):
        text, href = value
        cell = TableCell(valuetype="string")
        paragraph = P()
        paragraph.addElement(A(href=href, text=text))
        cell.addElement(paragraph)
        return cell
    if len(value) == 10 and value[4] == "-" and value[:4].isdigit():
        cell = TableCell(valuetype="date", datevalue=f"{value}T00:00:00")
        cell.addElement(P(text="/".join(reversed(value.split("-")))))
        return cell
    cell = TableCell(valuetype="string") if value else TableCell()
    if value:
        cell.addElement(P(text=value))
    return cell


def write_ods(
    path: Path, sheets: dict, title="Local authority inspection outcomes as at 31 March 2025"
) -> Path:
    document = OpenDocumentSpreadsheet()
    cover = Table(name="Cover")
    for text in (title, "Published on: 25 September 2025"):
        row = TableRow()
        row.addElement(ods_cell(text))
        cover.addElement(row)
    document.spreadsheet.addElement(cover)
    for name, rows in sheets.items():
        table = Table(name=name)
        for values in [
            [f"{name} table"],
            ["This worksheet contains one table. This table begins in cell A3."],
            *rows,
        ]:
            row = TableRow()
            for value in values:
                row.addElement(ods_cell(value))
            table.addElement(row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "test.db")


@pytest.fixture
def small_ods(tmp_path):
    return write_ods(tmp_path / "outcomes.ods", SMALL_OUTCOMES)


def workforce(db, area_code, year):
    return db["official_workforce"].get((area_code, f"{year}-09-30"))


def latest_overall(db, council_code):
    rows = list(
        db.query(
            "SELECT * FROM official_latest_ratings WHERE council_code = ? AND scope = 'overall'",
            [council_code],
        )
    )
    return rows[0] if rows else None


def table_counts(db):
    return {t: db[t].count for t in ("official_imports", "official_workforce", "official_ratings")}


# ------------------------------------------------------------ DfE workforce CSV


def test_small_csww_keeps_england_and_regions_without_council(db):
    report = import_official(db, "csww", str(SMALL_CSWW))
    assert report.release == "2020-2025"
    england = workforce(db, "E92000001", 2025)
    assert (england["caseload_fte"], england["level"], england["council_code"]) == (15.2, "national", None)
    region = workforce(db, "E12000003", 2025)
    assert (region["area_name"], region["level"], region["caseload_fte"]) == (
        "Yorkshire and The Humber",
        "regional",
        15.9,
    )


@pytest.mark.parametrize(
    "code,year,gss,caseload",
    [
        ("370", 2024, "E08000016", 16.2),  # Barnsley's GSS code changed in 2025; its DfE code did not
        ("370", 2025, "E08000038", 15.2),
        ("373", 2024, "E08000019", 15.3),  # Sheffield likewise
        ("373", 2025, "E08000039", 14.9),
    ],
)
def test_barnsley_and_sheffield_keep_their_council_across_the_2025_code_change(db, code, year, gss, caseload):
    import_official(db, "csww", str(SMALL_CSWW))
    row = workforce(db, code, year)
    assert (row["council_code"], row["gss_code"], row["caseload_fte"]) == (code, gss, caseload)
    assert db["councils"].get(code)["code"] == code


@pytest.mark.parametrize(
    "code,name,together",
    [
        ("940", "North Northamptonshire", "North Northamptonshire / West Northamptonshire"),
        ("941", "West Northamptonshire", "North Northamptonshire / West Northamptonshire"),
        ("314", "Kingston upon Thames", "Kingston upon Thames / Richmond upon Thames"),
        ("318", "Richmond upon Thames", "Kingston upon Thames / Richmond upon Thames"),
    ],
)
def test_combined_rows_give_each_authority_the_shared_figures(db, code, name, together):
    import_official(db, "csww", str(SMALL_CSWW))
    row = workforce(db, code, 2025)
    expected = 14.8 if code in ("940", "941") else 13.9
    assert (row["council_code"], row["area_name"], row["reported_as"], row["caseload_fte"]) == (
        code,
        name,
        together,
        expected,
    )


def test_predecessor_northamptonshire_keeps_its_own_code(db):
    import_official(db, "csww", str(SMALL_CSWW))
    row = workforce(db, "928", 2020)
    assert (row["council_code"], row["reported_as"], row["caseload_fte"]) == ("928", None, 17.7)


@pytest.mark.parametrize(
    "code,year,column,marker",
    [
        ("207", 2025, "caseload_fte", "x"),  # Kensington and Chelsea, not available
        ("394", 2025, "agency_rate_fte", "low"),  # Sunderland, rounds to zero
        ("330", 2024, "agency_rate_fte", "u"),  # Birmingham, low reliability
        ("330", 2024, "cases", "c"),
    ],
)
def test_suppressed_cells_are_null_with_their_marker(db, code, year, column, marker):
    import_official(db, "csww", str(SMALL_CSWW))
    row = workforce(db, code, year)
    assert row[column] is None and row[f"{column}_marker"] == marker


def test_figures_beside_a_suppressed_cell_are_kept(db):
    import_official(db, "csww", str(SMALL_CSWW))
    row = workforce(db, "394", 2025)
    assert (row["caseload_fte"], row["caseload_fte_marker"], row["turnover_rate_fte"]) == (17.1, None, 11.8)


def test_reimporting_the_same_file_changes_nothing(db):
    first = import_official(db, "csww", str(SMALL_CSWW))
    before = table_counts(db)
    again = import_official(db, "csww", str(SMALL_CSWW))
    assert again.already_imported and again.import_id == first.import_id
    assert table_counts(db) == before
    assert "already imported" in again.summary()


def newer_release(tmp_path) -> Path:
    """The small file as a later release would give it: Barnsley's 2025 caseload revised, a 2026 row added."""
    text = SMALL_CSWW.read_text(encoding="utf-8-sig")
    barnsley_2025 = next(line for line in text.splitlines() if line.startswith("2025") and ",370," in line)
    revised = text.replace(barnsley_2025, barnsley_2025.replace(",15.2,", ",15.4,"))
    revised += barnsley_2025.replace("2025,", "2026,", 1) + "\n"
    path = tmp_path / "csww_2026.csv"
    path.write_text(revised, encoding="utf-8")
    return path


def test_a_newer_release_adds_and_updates(db, tmp_path):
    first = import_official(db, "csww", str(SMALL_CSWW))
    second = import_official(db, "csww", str(newer_release(tmp_path)))
    assert second.counts == {"added": 1, "updated": 1, "unchanged": first.counts["added"] - 1}
    assert workforce(db, "370", 2025)["caseload_fte"] == 15.4
    assert workforce(db, "370", 2025)["import_id"] == second.import_id
    assert workforce(db, "373", 2025)["import_id"] == first.import_id
    assert db["official_imports"].count == 2


def test_import_records_sha256_source_and_time(db):
    import hashlib

    report = import_official(db, "csww", str(SMALL_CSWW))
    row = db["official_imports"].get(report.import_id)
    assert row["sha256"] == hashlib.sha256(SMALL_CSWW.read_bytes()).hexdigest()
    assert row["source"] == str(SMALL_CSWW.resolve()) and row["imported_at"].startswith("20")
    assert row["rows_added"] == db["official_workforce"].count


def test_columns_are_found_by_meaning_under_other_names(db, tmp_path):
    text = SMALL_CSWW.read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    renamed = (
        header.replace("time_period", "Year")
        .replace("old_la_code", "LA_code")
        .replace("caseload_fte", "Average caseload (FTE)")
        .replace("agency_rate_fte", "Agency_Rate")
    )
    path = tmp_path / "older.csv"
    path.write_text(renamed + "\n" + rest, encoding="utf-8")
    import_official(db, "csww", str(path))
    assert workforce(db, "370", 2025)["caseload_fte"] == 15.2
    assert workforce(db, "370", 2025)["agency_rate_fte"] == 4.7


def test_a_column_it_cannot_find_is_named(db, tmp_path):
    text = SMALL_CSWW.read_text(encoding="utf-8-sig")
    path = tmp_path / "no_caseload.csv"
    path.write_text(text.replace("caseload_fte", "workload_index"), encoding="utf-8")
    with pytest.raises(MissingColumnError, match=r"caseload per FTE case holder \(tried caseload_fte"):
        import_official(db, "csww", str(path))
    assert db["official_workforce"].count == 0 and db["official_imports"].count == 0


@pytest.mark.parametrize(
    "content,message",
    [
        (
            "time_period,geographic_level,old_la_code,la_name,children_in_need\n2025,National,,,400000\n",
            "not a DfE children's social work workforce CSV",
        ),
        ("%PDF-1.7 not a table", "not a DfE children's social work workforce CSV: it is not a CSV text file"),
    ],
)
def test_csww_refuses_a_file_of_another_kind(db, tmp_path, content, message):
    path = tmp_path / "other.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WrongKindError, match=message):
        import_official(db, "csww", str(path))


def test_csww_refuses_the_ofsted_spreadsheet(db, small_ods):
    with pytest.raises(WrongKindError, match="not a CSV text file"):
        import_official(db, "csww", str(small_ods))


# ------------------------------------------------------------ Ofsted outcomes spreadsheet


def test_small_outcomes_latest_judgements(db, small_ods):
    report = import_official(db, "ofsted-outcomes", str(small_ods))
    assert report.release == "2025-03-31"
    dorset = latest_overall(db, "838")
    assert (dorset["judgement"], dorset["inspection_date"], dorset["publication_date"]) == (
        "outstanding",
        "2025-03-17",
        "2025-05-09",
    )
    barnsley = db["official_ratings"].get(
        ("E08000016", "2023-09-11", "help_and_protection", "Inspections_as_at_31_March")
    )
    assert (barnsley["council_code"], barnsley["judgement"], barnsley["judgement_as_published"]) == (
        "370",
        "requires improvement",
        RI,
    )
    assert barnsley["web_link"] == LINK and barnsley["sheet_kind"] == "latest"


def test_outcomes_web_link_is_the_cells_link_or_formula_url_else_its_text(db, small_ods):
    import_official(db, "ofsted-outcomes", str(small_ods))
    links = {
        row["area_name"]: row["web_link"]
        for row in db["official_ratings"].rows_where("sheet_kind = 'latest' AND scope = 'overall'")
    }
    assert links == {"Barnsley": LINK, "Dorset": DORSET_LINK, "Kingston upon Thames": WEBPAGE}


def test_outcomes_read_by_an_older_reader_are_read_again(db, small_ods):
    """A file imported before its reader read HYPERLINK formulas: importing it again updates its links."""
    first = import_official(db, "ofsted-outcomes", str(small_ods))
    db.execute("UPDATE official_imports SET reader_version = 1")
    db.execute("UPDATE official_ratings SET web_link = ? WHERE web_link = ?", [WEBPAGE, DORSET_LINK])
    db.conn.commit()
    again = import_official(db, "ofsted-outcomes", str(small_ods))
    assert not again.already_imported and again.import_id != first.import_id
    assert again.counts["updated"] == 5 and again.counts["added"] == 0  # Dorset's five judgements
    dorset = db["official_ratings"].rows_where("area_name = 'Dorset' AND sheet_kind = 'latest'")
    assert {r["web_link"] for r in dorset} == {DORSET_LINK}
    assert import_official(db, "ofsted-outcomes", str(small_ods)).already_imported


def test_small_outcomes_history_and_visits(db, small_ods):
    import_official(db, "ofsted-outcomes", str(small_ods))
    history = db["official_ratings"].get(("E08000016", "2018-10-08", "overall", "ILACS_inspection_history"))
    assert (history["inspection_type"], history["judgement"], history["status"]) == (
        "ILACS Standard Inspection",
        "good",
        "Current",
    )
    visit = db["official_ratings"].get(("E08000016", "2024-11-05", "visit", "In-year_inspections"))
    assert (visit["judgement"], visit["visit_theme"], visit["inspection_type"]) == (
        None,
        "Children in care",
        "ILACS Focused Visit",
    )
    # no care leavers judgement before 2023: no row rather than an empty judgement
    assert not list(
        db["official_ratings"].rows_where(
            "area_code = 'E08000016' AND inspection_date = '2018-10-08' AND scope = 'care_leavers'"
        )
    )


@pytest.mark.parametrize(
    "area_code,date,council_code",
    [
        ("E08000016", "2023-09-11", "370"),  # Barnsley under its pre-2025 GSS code
        ("E10000021", "2019-06-17", "928"),  # Northamptonshire, which no longer exists
        ("E06000061", "2022-10-03", "940"),  # North Northamptonshire, its successor
    ],
)
def test_outcomes_map_old_and_new_codes_to_councils(db, small_ods, area_code, date, council_code):
    import_official(db, "ofsted-outcomes", str(small_ods))
    rows = list(
        db["official_ratings"].rows_where(
            "area_code = ? AND inspection_date = ? AND scope = 'overall'", [area_code, date]
        )
    )
    assert rows and {r["council_code"] for r in rows} == {council_code}


def test_outcomes_reimport_changes_nothing(db, small_ods):
    import_official(db, "ofsted-outcomes", str(small_ods))
    before = table_counts(db)
    assert import_official(db, "ofsted-outcomes", str(small_ods)).already_imported
    assert table_counts(db) == before


def test_newer_outcomes_release_moves_the_latest_judgement(db, small_ods, tmp_path):
    import_official(db, "ofsted-outcomes", str(small_ods))
    newer = {name: [list(r) for r in rows] for name, rows in SMALL_OUTCOMES.items()}
    newer["ILACS_inspection_history"].append(
        [
            "Ofsted Local Authority Webpage",
            "E08000016",
            "Barnsley",
            "Current",
            "North East, Yorkshire and the Humber",
            "2025-06-02",
            "2025-07-18",
            "ILACS Standard Inspection",
            "Outstanding",
            "Outstanding",
            "Good",
            "Outstanding",
            "Outstanding",
        ]
    )
    path = write_ods(
        tmp_path / "2026.ods", newer, title="Local authority inspection outcomes as at 31 March 2026"
    )
    report = import_official(db, "ofsted-outcomes", str(path))
    assert report.counts["added"] == 5 and report.release == "2026-03-31"
    assert latest_overall(db, "370")["judgement"] == "outstanding"


def test_outcomes_refuses_a_csv(db):
    with pytest.raises(WrongKindError, match="not an Ofsted local authority inspection outcomes spreadsheet"):
        import_official(db, "ofsted-outcomes", str(SMALL_CSWW))


def test_outcomes_refuses_a_spreadsheet_without_inspections(db, tmp_path):
    path = write_ods(
        tmp_path / "other.ods",
        {"Data": [["Year", "Children in need"], ["2025", "400000"]]},
        title="Children in need 2025",
    )
    with pytest.raises(WrongKindError, match="no sheet has a header naming 'Local authority area code'"):
        import_official(db, "ofsted-outcomes", str(path))


def test_outcomes_name_a_missing_inspection_date_column(db, tmp_path):
    path = write_ods(
        tmp_path / "renamed.ods",
        {
            "History": [
                ["Local authority area code", "Date of inspection", "Overall effectiveness"],
                ["E08000016", "2023-09-11", "Good"],
            ]
        },
    )
    with pytest.raises(
        MissingColumnError,
        match=r"sheet History: cannot find the column for inspection_date "
        r"\(tried inspection date",
    ):
        import_official(db, "ofsted-outcomes", str(path))


def test_unknown_file_and_kind_are_clear_errors(db, tmp_path):
    with pytest.raises(OfficialDataError, match="no such file"):
        import_official(db, "csww", str(tmp_path / "missing.csv"))
    with pytest.raises(OfficialDataError, match="unknown kind 'census'"):
        import_official(db, "census", str(SMALL_CSWW))


# ------------------------------------------------------------ from a URL


def test_import_from_a_url(db, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/data/csww.csv").respond_with_data(
        SMALL_CSWW.read_bytes(), content_type="text/csv"
    )
    url = httpserver.url_for("/data/csww.csv")
    report = import_official(db, "csww", url)
    assert db["official_imports"].get(report.import_id)["source"] == url
    assert workforce(db, "E92000001", 2025)["caseload_fte"] == 15.2


def test_a_url_that_fails_is_a_clear_error(db, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gone.csv").respond_with_data("gone", status=404)
    with pytest.raises(OfficialDataError, match="could not fetch: HTTP 404"):
        import_official(db, "csww", httpserver.url_for("/gone.csv"))


# ------------------------------------------------------------ the real files


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    if not (REAL_CSWW.exists() and REAL_OUTCOMES.exists()):
        pytest.skip("../shared/data/official is not here")
    database = open_db(tmp_path_factory.mktemp("real") / "real.db")
    import_official(database, "csww", str(REAL_CSWW))
    import_official(database, "ofsted-outcomes", str(REAL_OUTCOMES))
    return database


@pytest.mark.parametrize(
    "area_code,year,caseload",
    [
        ("E92000001", 2025, 15.2),  # England
        ("370", 2025, 15.2),
        ("370", 2024, 16.2),
        ("373", 2025, 14.9),
        ("940", 2025, 14.8),
        ("941", 2025, 14.8),
        ("928", 2020, 17.7),
        ("314", 2025, 13.9),
        ("318", 2025, 13.9),
    ],
)
def test_real_csww_known_values(real_db, area_code, year, caseload):
    row = workforce(real_db, area_code, year)
    assert row["caseload_fte"] == caseload
    assert row["council_code"] == (None if area_code.startswith("E") else area_code)


def test_real_csww_gss_codes_of_barnsley_change_in_2025(real_db):
    assert (workforce(real_db, "370", 2024)["gss_code"], workforce(real_db, "370", 2025)["gss_code"]) == (
        "E08000016",
        "E08000038",
    )


def test_real_csww_suppression(real_db):
    row = workforce(real_db, "207", 2025)
    assert row["caseload_fte"] is None and row["caseload_fte_marker"] == "x"


def test_real_csww_every_year_has_england(real_db):
    years = [
        r["time_period"]
        for r in real_db.query(
            "SELECT time_period FROM official_workforce WHERE level = 'national' ORDER BY 1"
        )
    ]
    assert years == list(range(2017, 2026))


@pytest.mark.parametrize(
    "council_code,judgement,inspected",
    [
        ("838", "outstanding", "2025-03-17"),  # Dorset
        ("839", "good", "2024-12-02"),  # Bournemouth, Christchurch and Poole
        ("370", "good", "2023-09-11"),  # Barnsley (published under E08000016)
    ],
)
def test_real_outcomes_latest_overall(real_db, council_code, judgement, inspected):
    row = latest_overall(real_db, council_code)
    assert (row["judgement"], row["inspection_date"]) == (judgement, inspected)


def test_real_outcomes_bournemouth_is_not_taken_for_its_successor(real_db):
    rows = list(real_db["official_ratings"].rows_where("area_code = 'E06000028'"))
    assert rows and all(r["council_code"] not in ("839", "838") for r in rows)


def test_real_outcomes_every_sheet_loaded(real_db):
    kinds = {
        r["sheet_kind"]: r["n"]
        for r in real_db.query(
            "SELECT sheet_kind, count(DISTINCT area_code) AS n FROM official_ratings GROUP BY 1"
        )
    }
    assert kinds["latest"] == 153 and kinds["history"] > 150 and kinds["in_year"] > 50


def test_bundled_files_import(db):
    assert all(path.exists() for path in BUNDLED.values())
    reports = import_bundled(db)
    assert [r.kind for r in reports] == ["csww", "ofsted-outcomes"]
    assert workforce(db, "E92000001", 2025)["caseload_fte"] == 15.2
    assert latest_overall(db, "838")["judgement"] == "outstanding"


def test_official_views_name_the_council(db, small_ods):
    import_official(db, "ofsted-outcomes", str(small_ods))
    dorset = latest_overall(db, "838")
    assert (dorset["council"], dorset["web_link"]) == ("Dorset", DORSET_LINK)
    names = {r["council_code"]: r["council"] for r in db.query("SELECT * FROM official_inspections")}
    assert names["370"] == "Barnsley" and names["928"] == "Northamptonshire"
    assert all(names.values())


def test_bundled_outcomes_link_each_inspection_report(db):
    import_bundled(db)
    links = [row["web_link"] for row in db["official_ratings"].rows]
    linked = [link for link in links if link.startswith("https://reports.ofsted.gov.uk/provider/44/")]
    assert len(links) > 2000 and len(linked) == len(links)
    leeds = {r["web_link"] for r in db["official_ratings"].rows_where("council_code = '383'")}
    assert leeds == {"https://reports.ofsted.gov.uk/provider/44/383"}


# ------------------------------------------------------------ claims beside the record


def add_claims(db, published="2025-11-20"):
    """A council press release of November 2025 with its caseload and rating claims, written in SQL."""
    db["extraction_runs"].insert({"id": 1, "status": "complete", "extractor_version": "test"})
    db["documents"].insert(
        {
            "id": 1,
            "sha256": "a" * 64,
            "source_kind": "council_press",
            "published": published,
            "title": "Barnsley children's services",
            "url": "https://www.barnsley.gov.uk/news/1",
            "text": "...",
        }
    )
    caseloads = [
        # (value, measure, role, as_of, council)
        (15.0, "average", None, "2025-09", "370"),  # 15.2 officially: agrees
        (19.0, "average", None, "2025-09", "370"),  # 3.8 cases, 25% apart: disagrees
        (18.0, "average", None, "2025", "370"),  # 2.8 cases but 18.4%: agrees
        (25.0, "maximum", None, None, "370"),  # a maximum is not the average: not compared
        (37.0, "average", "assessment team", "2025-09", "370"),  # one team: not compared
        (17.8, "average", None, None, None),  # national, against England's 15.2: agrees (2.6, 17.1%)
        (12.0, "average", None, "2010", "370"),  # years from any DfE count: not compared
    ]
    for i, (value, measure, role, as_of, council) in enumerate(caseloads, 1):
        db["caseloads"].insert(
            {
                "id": i,
                "document_id": 1,
                "council_code": council,
                "value": value,
                "measure": measure,
                "role": role,
                "as_of": as_of,
                "quote": f"caseload {value}",
                "run_id": 1,
            }
        )
    ratings = [
        (1, "good", "overall", "current", None),  # Barnsley's 2023 inspection: good
        (2, "outstanding", "unspecified", "current", None),  # disagrees
        (3, "good", "help_and_protection", "current", None),  # officially requires improvement: disagrees
        (4, "good", "overall", "previous", None),  # the 2018 inspection: good
        (5, "inadequate", "overall", "current", "2018"),  # the 2018 inspection found good: disagrees
        (
            6,
            "requires improvement",
            "help_and_protection",
            "current",
            "2023-09",
        ),  # inspected then, published later
        (7, "good", "overall", "previous", "2018-11"),  # the 2018 inspection, published in November
        (8, "good", "overall", "current", "2021"),  # no inspection in 2021: not compared
    ]
    for id_, judgement, scope, period, as_of in ratings:
        db["ratings"].insert(
            {
                "id": id_,
                "document_id": 1,
                "council_code": "370",
                "judgement": judgement,
                "scope": scope,
                "period": period,
                "as_of": as_of,
                "quote": judgement,
                "run_id": 1,
            }
        )
    reindex(db)  # facts written in SQL, not loaded: the derived tables follow on a reindex


@pytest.fixture
def claims_db(db, small_ods):
    import_official(db, "csww", str(SMALL_CSWW))
    import_official(db, "ofsted-outcomes", str(small_ods))
    add_claims(db)
    return db


def view(db, name):
    return {r["claim_id"]: r for r in db.query(f"SELECT * FROM [{name}] ORDER BY claim_id")}


@pytest.mark.parametrize(
    "claim_id,official,difference,disagrees",
    [
        (1, 15.2, -0.2, 0),
        (2, 15.2, 3.8, 1),
        (3, 15.2, 2.8, 0),
        (4, 15.2, 9.8, None),
        (5, 15.2, 21.8, None),
        (6, 15.2, 2.6, 0),
        (7, 14.1, -2.1, None),
    ],
)
def test_caseload_claims_vs_official(claims_db, claim_id, official, difference, disagrees):
    row = view(claims_db, "caseload_claims_vs_official")[claim_id]
    assert (row["official_caseload_fte"], row["difference"], row["disagrees"]) == (
        official,
        difference,
        disagrees,
    )
    assert "more than 20%" in row["tolerance"] and "more than 3 cases" in row["tolerance"]


def test_caseload_claim_meets_the_nearest_30_september(claims_db):
    rows = view(claims_db, "caseload_claims_vs_official")
    assert rows[1]["official_as_of"] == "2025-09-30" and rows[6]["official_area"] == "England"
    assert (rows[7]["official_as_of"], rows[7]["days_apart"] > 366) == ("2023-09-30", True)


@pytest.mark.parametrize(
    "claim_id,inspection,official,disagrees",
    [
        (1, "2023-09-11", "good", 0),
        (2, "2023-09-11", "good", 1),
        (3, "2023-09-11", "requires improvement", 1),
        (4, "2018-10-08", "good", 0),
        (5, "2018-10-08", "good", 1),
        (6, "2023-09-11", "requires improvement", 0),
        (7, "2018-10-08", "good", 0),
        (8, None, None, None),
    ],
)
def test_rating_claims_vs_official(claims_db, claim_id, inspection, official, disagrees):
    row = view(claims_db, "rating_claims_vs_official")[claim_id]
    assert (row["official_inspection_date"], row["official_judgement"], row["disagrees"]) == (
        inspection,
        official,
        disagrees,
    )
    assert "different judgement for the same inspection" in row["tolerance"]


def test_check_prints_claims_beside_the_record(claims_db, tmp_path):
    result = CliRunner().invoke(cli, ["check", "Barnsley", "--db", str(tmp_path / "test.db")])
    assert result.exit_code == 0, result.output
    assert "Barnsley (DfE code 370)" in result.output
    claim_line = next(line for line in result.output.splitlines() if "caseload 19.0" in line)
    assert "15.2" in claim_line and "DISAGREES" in claim_line
    assert "2024-11-05" in result.output and "Children in care" in result.output  # the focused visit


def test_check_refuses_an_unknown_council(claims_db, tmp_path):
    result = CliRunner().invoke(cli, ["check", "Gotham", "--db", str(tmp_path / "test.db")])
    assert result.exit_code != 0 and "no council called 'Gotham'" in result.output


def test_import_official_command(tmp_path, small_ods):
    db_path = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["import-official", "csww", str(SMALL_CSWW), "--db", db_path])
    assert result.exit_code == 0 and "csww 2020-2025:" in result.output
    again = CliRunner().invoke(cli, ["import-official", "csww", str(SMALL_CSWW), "--db", db_path])
    assert "already imported" in again.output
    wrong = CliRunner().invoke(cli, ["import-official", "ofsted-outcomes", str(SMALL_CSWW), "--db", db_path])
    assert (
        wrong.exit_code == 1
        and "not an Ofsted local authority inspection outcomes spreadsheet" in wrong.output
    )


# ------------------------------------------------------------ canned queries

OFFICIAL_QUERIES = ["claims_disagreeing_with_official_figures", "official_caseload_rose_while_claimed_fell"]


def canned_queries():
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return metadata["databases"]["casewatch"]["queries"]


@pytest.mark.parametrize("name", OFFICIAL_QUERIES)
def test_canned_queries_run(claims_db, name):
    query = canned_queries()[name]
    rows = list(claims_db.query(query["sql"]))
    assert query["title"]
    if name == "claims_disagreeing_with_official_figures":
        assert {(r["kind"], r["claim_id"]) for r in rows} == {
            ("caseload", 2),
            ("rating", 2),
            ("rating", 3),
            ("rating", 5),
        }


def test_caseload_rose_while_claimed_fell(db):
    import_official(db, "csww", str(SMALL_CSWW))
    db["extraction_runs"].insert({"id": 1, "status": "complete"})
    db["documents"].insert({"id": 1, "sha256": "b" * 64, "published": "2025-10-01", "text": "..."})
    # Barnsley says 17 then 15 (Sept 2023 to Sept 2024) while the DfE count rose from 14.1 to 16.2;
    # Sheffield says 16 then 14 (2024 to 2025) and the DfE count fell too (15.3 to 14.9).
    claims = [("370", 17, "2023-09"), ("370", 15, "2024-09"), ("373", 16, "2024-09"), ("373", 14, "2025-09")]
    for i, (council, value, as_of) in enumerate(claims, 1):
        db["caseloads"].insert(
            {
                "id": i,
                "document_id": 1,
                "council_code": council,
                "value": value,
                "measure": "average",
                "as_of": as_of,
                "quote": f"{value}",
                "run_id": 1,
            }
        )
    reindex(db)
    rows = list(db.query(canned_queries()["official_caseload_rose_while_claimed_fell"]["sql"]))
    assert [
        (
            r["council_code"],
            r["claimed_before"],
            r["claimed_after"],
            r["official_before"],
            r["official_after"],
        )
        for r in rows
    ] == [("370", 17.0, 15.0, 14.1, 16.2)]


@pytest.mark.parametrize(
    "header,scope",
    [
        ("Overall effectiveness", "overall"),
        ("The impact of leaders on social work practice with children and families", "leaders"),
        ("The experiences and progress of children who need help and protection", "help_and_protection"),
        ("The experiences and progress of children in care and care leavers", "in_care"),  # before 2023
        ("The experiences and progress of children in care", "in_care"),
        ("The experiences and progress of care leavers", "care_leavers"),
    ],
)
def test_judgement_headers_map_to_scopes(header, scope):
    from corpus.official import outcomes_header_columns

    fields, scopes = outcomes_header_columns(["Local authority area code", "Inspection date", header])
    assert fields == {"area_code": 0, "inspection_date": 1} and scopes == {2: scope}


def test_check_accepts_a_dfe_code(claims_db, tmp_path):
    result = CliRunner().invoke(cli, ["check", "370", "--db", str(tmp_path / "test.db")])
    assert result.exit_code == 0 and "Barnsley (DfE code 370)" in result.output
