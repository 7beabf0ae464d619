"""One council's page, ``/-/council/<slug-or-code-or-name>``: finding the council, and what its page shows.

Every function here takes a plain ``sqlite3`` connection (Datasette runs them with ``execute_fn``), so they
are tested without a server. A council is found by its slug (``leeds``), its DfE code (``383``), or any of its
names (``Leeds City Council``: the gazetteer's aliases, GSS code, Ofsted URN or web domain); where a slug is
shared (the Dorset County Council that ended in 2019 and today's Dorset) the current council has it and the
other is reached by its code. The page shows, in order: Ofsted's judgements from the official table, the DfE
workforce series as charts with the council's own caseload claims on them, its extracted facts by kind with
evidence links, and councils of the same region and type to compare with.
"""

import difflib
from dataclasses import dataclass
from urllib.parse import unquote

from corpus.official import ENGLAND
from extractors.gazetteer import alias_key, load_gazetteer
from extractors.kinds import KINDS

from .charts import Chart, Line, Marker, line_chart, year_fraction
from .councils import COUNCIL_PAGE_PREFIX, council_slug

OFSTED_PROVIDER_PAGE = "https://reports.ofsted.gov.uk/provider/44/{urn}"
SAMPLES_PATH_PART = "/corpus/samples/"
CLOSE_MATCHES = 8
SCOPE_ORDER = ("overall", "leaders", "help_and_protection", "in_care", "care_leavers")
SCOPE_LABELS = {
    "overall": "Overall",
    "leaders": "Leaders",
    "help_and_protection": "Help and protection",
    "in_care": "In care",
    "care_leavers": "Care leavers",
}


@dataclass
class Series:
    """A DfE workforce column drawn as one chart."""

    column: str
    title: str
    unit: str = ""


WORKFORCE_SERIES = (
    Series("caseload_fte", "Caseload per FTE social worker"),
    Series("agency_rate_fte", "Agency social workers, % of FTE", "%"),
    Series("turnover_rate_fte", "Turnover rate, % of FTE", "%"),
    Series("vacancy_rate_fte", "Vacancy rate, % of FTE", "%"),
)


def query(conn, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# ---------------------------------------------------------------- finding the council


def all_councils(conn) -> list[dict]:
    """Every council in the lookup, A-Z, today's before an ended one of the same name."""
    return query(conn, "SELECT * FROM councils ORDER BY name, ended IS NOT NULL, code")


def by_slug(councils: list) -> dict:
    """slug -> council; a shared slug goes to the current council (listed first by ``all_councils``)."""
    found = {}
    for council in councils:
        found.setdefault(council_slug(council["name"]), council)
    return found


def page_key(council: dict, councils: list) -> str:
    """The council's part of its canonical URL: its slug, or its code if the slug is another council's."""
    slug = council_slug(council["name"])
    return slug if by_slug(councils)[slug]["code"] == council["code"] else council["code"]


def page_path(council: dict, councils: list) -> str:
    return COUNCIL_PAGE_PREFIX + page_key(council, councils)


def alias_codes(conn, text: str) -> list:
    rows = query(conn, "SELECT DISTINCT code FROM council_aliases WHERE alias = ? COLLATE NOCASE", [text])
    return [r["code"] for r in rows]


def find_council(conn, text: str, councils: list | None = None) -> dict | None:
    """The council ``text`` names: a slug, a DfE code, or any name of the gazetteer or ``council_aliases``."""
    text = unquote(text or "").strip()
    if not text:
        return None
    councils = councils if councils is not None else all_councils(conn)
    codes = {c["code"]: c for c in councils}
    if text in codes:
        return codes[text]
    slugged = by_slug(councils).get(council_slug(text))
    if slugged:
        return slugged
    known = load_gazetteer().resolve(text)
    if known and known.code in codes:
        return codes[known.code]
    return next((codes[code] for code in alias_codes(conn, text) if code in codes), None)


def council_path(conn, text: str) -> str | None:
    """The canonical page path of the council ``text`` names, or None."""
    councils = all_councils(conn)
    council = find_council(conn, text, councils)
    return page_path(council, councils) if council else None


def names_of(conn) -> dict:
    """Every name (alias key) -> the codes of the councils it names."""
    rows = query(conn, "SELECT alias, code FROM council_aliases UNION SELECT name, code FROM councils")
    names = {}
    for row in rows:
        names.setdefault(alias_key(row["alias"]), set()).add(row["code"])
    return names


def close_matches(conn, text: str, councils: list | None = None) -> list[dict]:
    """Councils whose names contain ``text`` or resemble it, best first, for a name that finds none."""
    key = alias_key(unquote(text or ""))
    if not key:
        return []
    councils = councils if councils is not None else all_councils(conn)
    codes, names = {c["code"]: c for c in councils}, names_of(conn)
    found = [name for name in sorted(names) if key in name]
    found += difflib.get_close_matches(key, list(names), n=CLOSE_MATCHES * 3, cutoff=0.6)
    ordered = dict.fromkeys(code for name in found for code in sorted(names[name]) if code in codes)
    return [
        {**codes[code], "path": page_path(codes[code], councils)} for code in list(ordered)[:CLOSE_MATCHES]
    ]


# ---------------------------------------------------------------- what the page shows

INSPECTIONS_SQL = """SELECT i.inspection_date, i.publication_date, i.inspection_type, i.scope, i.judgement,
    (SELECT max(r.web_link) FROM official_ratings r WHERE r.council_code = i.council_code
       AND r.inspection_date = i.inspection_date AND r.web_link LIKE 'http%') AS web_link
  FROM official_inspections i WHERE i.council_code = ? ORDER BY i.inspection_date DESC"""
VISITS_SQL = """SELECT inspection_date, max(publication_date) AS publication_date,
    max(inspection_type) AS inspection_type, max(visit_theme) AS visit_theme,
    max(CASE WHEN web_link LIKE 'http%' THEN web_link END) AS web_link
  FROM official_ratings WHERE council_code = ? AND scope = 'visit'
  GROUP BY inspection_date ORDER BY inspection_date DESC"""
WORKFORCE_SQL = "SELECT * FROM official_workforce WHERE area_code = ? ORDER BY as_of"
LATEST_OVERALL_SQL = """SELECT council_code, judgement, inspection_date FROM official_latest_ratings
  WHERE scope = 'overall'"""
LATEST_CASELOAD_SQL = """SELECT council_code, caseload_fte, time_period FROM official_workforce w
  WHERE level = 'local_authority' AND caseload_fte IS NOT NULL AND as_of = (SELECT max(as_of)
    FROM official_workforce v WHERE v.council_code = w.council_code AND v.caseload_fte IS NOT NULL)"""
# The newest facts of each kind the page lists (all of them are in the kind's table, linked from the page).
FACTS_SHOWN = 50
FACTS_SQL = """SELECT k.*, {summary} AS summary, w.document AS document_title,
    w.published AS document_published, w.url AS document_url, d.path AS document_path,
    w.source_kind AS document_kind
  FROM (SELECT id, document_id, document, published, url, source_kind FROM [{table}_with_sources]
        WHERE council_code = :code ORDER BY published DESC, document_id, id LIMIT :shown) AS w
  JOIN [{table}] k ON k.id = w.id JOIN documents d ON d.id = w.document_id
  ORDER BY w.published DESC, w.document_id, k.char_start"""
FACT_COUNTS_SQL = "SELECT * FROM council_summary WHERE code = ?"


def report_link(web_link: str | None, council: dict) -> str | None:
    """The inspection's report: the official table's link when it holds a URL (the spreadsheet's HYPERLINK
    formula), else the council's page on Ofsted's site."""
    if web_link and web_link.startswith(("https://", "http://")):
        return web_link
    return OFSTED_PROVIDER_PAGE.format(urn=council["ofsted_urn"]) if council.get("ofsted_urn") else None


def scope_rank(scope: str) -> tuple:
    return (SCOPE_ORDER.index(scope) if scope in SCOPE_ORDER else len(SCOPE_ORDER), scope)


def inspections(conn, council: dict) -> list[dict]:
    """Ofsted's inspections of the council, newest first, each with its judgements in scope order."""
    found = {}
    for row in query(conn, INSPECTIONS_SQL, [council["code"]]):
        inspection = found.setdefault(
            row["inspection_date"], {**row, "judgements": {}, "link": report_link(row["web_link"], council)}
        )
        inspection["judgements"][row["scope"]] = row["judgement"]
    for inspection in found.values():
        judgements = inspection["judgements"]
        inspection["judgements"] = [
            (SCOPE_LABELS.get(s, s), judgements[s]) for s in sorted(judgements, key=scope_rank)
        ]
    return list(found.values())


def visits(conn, council: dict) -> list[dict]:
    rows = query(conn, VISITS_SQL, [council["code"]])
    return [{**row, "link": report_link(row["web_link"], council)} for row in rows]


def workforce_points(rows: list, column: str) -> list:
    return [(year_fraction(r["as_of"]), r[column]) for r in rows if year_fraction(r["as_of"]) is not None]


def fact_link(kind: str, fact: dict) -> str:
    """The path of a fact's evidence page: its permalink by ``fact_key``, the same after a re-extraction (the
    kind is kept for the older link by row id)."""
    return f"/-/fact/{fact['fact_key']}"


def claim_markers(claims: list, url_of=lambda path: path) -> list:
    """The council's caseload claims as chart points: filled for an average, hollow for a maximum, target or
    single worker's caseload (not the same measure as DfE's average)."""
    markers = []
    for claim in claims:
        x = year_fraction(claim.get("as_of") or claim.get("document_published"))
        if x is None or claim.get("value") is None:
            continue
        measure = claim.get("measure") or "unspecified"
        when = claim["as_of"] or "undated"
        title = f"Claimed: {claim['summary']}, {when}: “{claim['quote']}” ({claim['document_title']})"
        css = "claim" if measure in ("average", "unspecified") else "claim other-measure"
        markers.append(Marker(x, claim["value"], title, url_of(fact_link("caseloads", claim)), css))
    return markers


def workforce_charts(conn, council: dict, caseload_claims: list, url_of=lambda path: path) -> list[dict]:
    """One chart per DfE series: the council's line, England's beside it, claims on the caseload chart."""
    own, england = query(conn, WORKFORCE_SQL, [council["code"]]), query(conn, WORKFORCE_SQL, [ENGLAND])
    charts = []
    for series in WORKFORCE_SERIES:
        points = workforce_points(own, series.column)
        lines = [
            Line(council["name"], points, "series"),
            Line("England", workforce_points(england, series.column), "series england"),
        ]
        markers = claim_markers(caseload_claims, url_of) if series.column == "caseload_fte" else []
        chart = Chart(f"{series.title}: {council['name']} and England", lines, markers, series.unit)
        has_own = any(y is not None for _, y in points)
        charts.append({"series": series, "svg": line_chart(chart), "has_own": has_own, "markers": markers})
    return charts


def is_sample(fact: dict) -> bool:
    """Whether the fact comes from the demo's sample documents (invented; the official data is real)."""
    return SAMPLES_PATH_PART in (fact.get("document_path") or "").replace("\\", "/")


def facts_by_kind(conn, council: dict) -> dict:
    """kind name -> the council's newest facts of that kind (:data:`FACTS_SHOWN`, with their document), newest
    document first."""
    found = {}
    for kind in KINDS:
        sql = FACTS_SQL.format(table=kind.name, summary=(kind.summary_sql or "k.quote").format(t="k"))
        found[kind.name] = query(conn, sql, {"code": council["code"], "shown": FACTS_SHOWN})
    return found


def fact_counts(conn, council: dict) -> dict:
    """kind name -> how many facts of that kind the council has (from the council summary)."""
    summary = query(conn, FACT_COUNTS_SQL, [council["code"]])
    return {kind.name: (summary[0][f"{kind.name}_count"] if summary else 0) for kind in KINDS}


def by_document(facts: list) -> list[tuple]:
    """(document title, published, url, facts) for each document, in the order the facts come."""
    groups = {}
    for fact in facts:
        key = (fact["document_title"], fact["document_published"], fact["document_url"])
        groups.setdefault(key, []).append(fact)
    return [(*key, group) for key, group in groups.items()]


def neighbours(conn, council: dict, councils: list) -> list[dict]:
    """Today's councils of the same region and type, with their latest overall judgement and caseload: a
    simple stand-in for the DfE's statistical neighbours, which the data does not hold."""
    ratings = {r["council_code"]: r for r in query(conn, LATEST_OVERALL_SQL)}
    caseloads = {r["council_code"]: r for r in query(conn, LATEST_CASELOAD_SQL)}
    return [
        {
            **c,
            "path": page_path(c, councils),
            "rating": ratings.get(c["code"]),
            "caseload": caseloads.get(c["code"]),
        }
        for c in councils
        if c["region"] == council["region"]
        and c["type"] == council["type"]
        and not c["ended"]
        and c["code"] != council["code"]
    ]


def successor_codes(council: dict) -> list:
    listed = council.get("successor_codes") or council.get("successor_code") or ""
    return [code.strip() for code in listed.split(";") if code.strip()]


def related(council: dict, councils: list) -> dict:
    """The councils this one became (successors) and came from (predecessors), with their page paths."""
    codes = {c["code"]: c for c in councils}

    def listed(code_list):
        return [{**codes[c], "path": page_path(codes[c], councils)} for c in code_list if c in codes]

    predecessors = [c["code"] for c in councils if council["code"] in successor_codes(c)]
    return {"successors": listed(successor_codes(council)), "predecessors": listed(predecessors)}


def council_context(conn, council: dict, url_of=lambda path: path) -> dict:
    """Everything the council page shows (paths still to pass through Datasette's ``urls.path``)."""
    councils = all_councils(conn)
    facts, counts = facts_by_kind(conn, council), fact_counts(conn, council)
    all_facts = [f for group in facts.values() for f in group]
    return {
        "council": council,
        "path": page_path(council, councils),
        "inspections": inspections(conn, council),
        "visits": visits(conn, council),
        "charts": workforce_charts(conn, council, facts.get("caseloads", []), url_of),
        "facts": facts,
        "fact_count": sum(counts.values()),
        "fact_counts": counts,
        "sample_facts": any(map(is_sample, all_facts)),
        "recommendations": by_document(facts.get("recommendations", [])),
        "neighbours": neighbours(conn, council, councils),
        "related": related(council, councils),
        "ofsted_page": report_link(None, council),
        "fact_link": fact_link,
    }


def index_context(conn) -> dict:
    """The A-Z list of every council (today's, then ended ones), with their page paths."""
    councils = all_councils(conn)
    listed = [{**c, "path": page_path(c, councils)} for c in councils]
    return {
        "current": [c for c in listed if not c["ended"]],
        "ended": [c for c in listed if c["ended"]],
    }
