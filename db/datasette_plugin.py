"""casewatch on Datasette: the instance ``casewatch serve`` runs, and its plugin (evidence pages).

``/-/fact/<fact_key>`` shows the document a fact came from, the quoted sentence highlighted, with the source
URL: the fact's permanent link, the same after a re-extraction (db/factkeys.py); a fact a newer extraction
no longer gives is shown from ``superseded_facts``, marked as such. ``/-/evidence/<kind>/<id>``, the older
link by row id, redirects there (an id a re-extraction moved to ``superseded_facts`` too).
``/-/evidence/candidates/<id>`` shows a candidate the extractors turned down, with its reason. Fact and
candidate tables link each quote there, any ``evidence`` column holding such a path (views, canned queries)
becomes a link, and each reason of the ``candidate_reasons`` table links to its candidates. Only an http(s)
URL is rendered as a link; the ``.atom`` renderer is datasette-atom's, answering an empty feed for a query
with no rows. Registered through the ``datasette`` entry point in pyproject.toml; its template lives in
``db/templates`` (``casewatch serve`` passes --template-dir).

``/-/map`` is the map of England coloured by official figures, ``/-/map.geojson`` its shapes and figures
(db/council_map.py).
"""

import asyncio
import datetime
import functools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import uvicorn
from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response
from datasette_atom import can_render_atom, render_atom
from markupsafe import Markup, escape

from corpus.store import sha256_of
from extractors.kinds import KIND_NAMES

from . import humane
from .council_map import (
    COLOURINGS,
    DEFAULT_COLOURING,
    MAP_QUERIES,
    feature_collection,
    legend_counts,
    map_features,
    svg_map,
)
from .council_page import close_matches, council_context, council_path, find_council, index_context
from .councils import council_page_path
from .facets import TotalsFacet
from .schema import KIND_COLUMNS
from .site_metadata import WITH_SOURCES, load_metadata
from .table_pages import search_filter, searched_in_order, without_totals

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "corpus" / "samples"
TEMPLATES = HERE / "templates"
EVIDENCE_PREFIX = "/-/evidence/"
FACT_PREFIX = "/-/fact/"
ATOM_NS = "http://www.w3.org/2005/Atom"

FACT_ROW_SQL = (
    "SELECT k.*, c.name AS council FROM [{table}] k "
    "LEFT JOIN councils c ON c.code = k.council_code WHERE k.id = ?"
)
FACT_BY_KEY_SQL = (
    "SELECT k.*, c.name AS council FROM [{table}] k "
    "LEFT JOIN councils c ON c.code = k.council_code WHERE k.fact_key = ? ORDER BY k.id LIMIT 1"
)
# the latest superseded version of a fact, by key or by the id it had in its kind table
SUPERSEDED_SQL = (
    "SELECT s.*, c.name AS council FROM superseded_facts s LEFT JOIN councils c ON c.code = s.council_code "
    "WHERE {where} ORDER BY s.id DESC LIMIT 1"
)
# table -> the SQL of one of its rows, for its evidence page: a fact with its council, or a rejected candidate
EVIDENCE_ROWS = {
    **{kind: FACT_ROW_SQL.format(table=kind) for kind in KIND_NAMES},
    "candidates": "SELECT * FROM candidates WHERE id = ?",
}
# table -> the row's own fields, listed on its evidence page (a candidate's kind and reason are its heading)
EVIDENCE_FIELDS = {**KIND_COLUMNS, "candidates": []}

# Served read-only with Datasette's defaults or tighter; long document texts cut short in tables. No suggested
# facets: on every table page Datasette would try each column as a facet (a grouping query per column, over a
# million rows at national scale); the facets worth having are in the metadata, each with its index.
SETTINGS = {
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 200,
    "max_returned_rows": 1000,
    "truncate_cells_html": 300,
    "suggest_facets": False,
}


def casewatch_datasette(db_path):
    """Datasette over ``db_path`` with casewatch's metadata, queries, dashboards and templates."""
    from datasette.app import Datasette  # not at import: datasette.app imports this plugin

    quiet_client_errors()
    return Datasette(
        [str(db_path)],
        metadata=load_metadata(Path(db_path).stem),
        template_dir=str(TEMPLATES),
        settings=SETTINGS,
    )


def quiet_client_errors():
    """Datasette's default error handler prints every exception with rich, locals and all, when rich is
    installed (spaCy's typer brings it): ~200 ms spent on each "page not found" or "query took too long",
    longer than the page. The error page is unchanged; a server error's traceback is still printed plainly."""
    import datasette.handle_exception  # not at import: it imports the plugin manager, which loads this module

    datasette.handle_exception.rich = None


def serve_datasette(db_path, host: str, port: int):
    """Serve read-only (Datasette has no write endpoint without a plugin for it) until interrupted."""
    datasette = casewatch_datasette(db_path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)


def link_target(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, the only kind rendered as a link: a document's URL comes
    from a fetched page or a ``NAME.meta.json``, and a ``javascript:`` one would run in the reader's page."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc and url == url.strip() else None


def evidence_path(table: str, row_id) -> str:
    return f"{EVIDENCE_PREFIX}{table}/{row_id}"


def reason_url(datasette, database: str, kind: str, reason: str) -> str:
    """The candidates one reader turned down for one reason: the ``candidates`` table, filtered."""
    return datasette.urls.table(database, "candidates") + "?" + urlencode({"kind": kind, "reason": reason})


def locate_quote(text: str, fact: dict):
    """(start, end) of the quote in the text: the stored offsets, else the first match, else None."""
    start, end, quote = fact.get("char_start"), fact.get("char_end"), fact.get("quote") or ""
    if start is not None and end is not None and quote and text[start:end] == quote:
        return start, end
    found = text.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else None


def locate_sentence(text: str, sentence: str | None, quote_span):
    """(start, end) of the occurrence of ``sentence`` that contains the quote, else the quote's own span."""
    start, end = quote_span
    if sentence:
        found = text.find(sentence, max(0, end - len(sentence)))
        if 0 <= found <= start and found + len(sentence) >= end:
            return found, found + len(sentence)
    return quote_span


def highlighted_text(text: str, fact: dict) -> Markup:
    """The document text, escaped, with the sentence and (within it) the quote marked."""
    quote_span = locate_quote(text, fact)
    if quote_span is None:
        return escape(text)
    (s0, s1), (q0, q1) = locate_sentence(text, fact.get("sentence"), quote_span), quote_span
    return Markup('{}<mark class="sentence">{}<mark class="quote" id="quote">{}</mark>{}</mark>{}').format(
        text[:s0], text[s0:q0], text[q0:q1], text[q1:s1], text[s1:]
    )


def fact_fields(table: str, fact: dict) -> list:
    """The row's own fields, in schema order, for the evidence page's table."""
    return [
        (column, humane.display_value(column, fact.get(column)))
        for column in EVIDENCE_FIELDS[table]
        if fact.get(column) is not None
    ]


async def find_database(datasette, kind: str):
    for name, database in datasette.databases.items():
        if name != "_internal" and kind in await database.table_names():
            return database
    raise NotFound(f"No database has a {kind} table")


async def fetch_row(database, sql: str, params) -> dict | None:
    rows = (await database.execute(sql, params)).rows
    return dict(rows[0]) if rows else None


async def permitted_database(datasette, request, table: str):
    """The database holding ``table``, once the actor may view that table."""
    database = await find_database(datasette, table)
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database.name, table)), ("view-database", database.name), "view-instance"],
    )
    return database


async def evidence_context(datasette, request, table: str, row_id: int) -> dict:
    database = await permitted_database(datasette, request, table)
    fact = await fetch_row(database, EVIDENCE_ROWS[table], [row_id])
    if fact is None:
        raise NotFound(f"No {table} row {row_id}")
    return await row_context(datasette, database, table, fact)


async def row_context(datasette, database, table: str, fact: dict) -> dict:
    """What the evidence template shows of one row (a fact or a candidate) in its document."""
    document = await fetch_row(database, "SELECT * FROM documents WHERE id = ?", [fact["document_id"]])
    context = {
        "table": table,
        "fact": fact,
        "fields": fact_fields(table, fact),
        "document": document,
        "source_link": link_target(document["url"]),
        "database": database.name,
        "quote_found": locate_quote(document["text"] or "", fact) is not None,
        "highlighted": highlighted_text(document["text"] or "", fact),
        "clause": quote_in_clause(fact, fact.get("quote")),  # the quote, marked, in its whole clause
    }
    if table == "candidates":
        context["same_reason"] = reason_url(datasette, database.name, fact["kind"], fact["reason"])
    return context


def fact_path(fact_key: str) -> str:
    return f"{FACT_PREFIX}{fact_key}"


def superseded_fact(row: dict) -> dict:
    """A ``superseded_facts`` row as a fact row: its kind's columns back out of their JSON."""
    return {**json.loads(row["fact"] or "{}"), **row}


async def current_fact(database, fact_key: str):
    """(kind, row) of the current fact with this key, else None."""
    for kind in KIND_NAMES:
        row = await fetch_row(database, FACT_BY_KEY_SQL.format(table=kind), [fact_key])
        if row:
            return kind, row
    return None


async def fact_by_key(database, fact_key: str):
    """(kind, row, superseded row or None) of the fact with this key: the current one, else the latest
    superseded one."""
    found = await current_fact(database, fact_key)
    if found:
        return (*found, None)
    old = await fetch_row(database, SUPERSEDED_SQL.format(where="s.fact_key = ?"), [fact_key])
    if old is None:
        raise NotFound(f"No fact {fact_key}")
    return old["kind"], superseded_fact(old), old


async def fact_page(request, datasette):
    fact_key = request.url_vars["key"]
    database = await find_database(datasette, KIND_NAMES[0])
    kind, fact, superseded = await fact_by_key(database, fact_key)
    await permitted_database(datasette, request, kind)
    context = {**await row_context(datasette, database, kind, fact), "superseded": superseded}
    return Response.html(await datasette.render_template("evidence.html", context, request=request))


async def key_of_row(database, kind: str, row_id: int) -> str | None:
    """The fact_key of a fact by its row id: current, or moved to ``superseded_facts`` by a re-extraction."""
    row = await fetch_row(database, f"SELECT fact_key FROM [{kind}] WHERE id = ?", [row_id])
    if row is None:
        where = "s.kind = ? AND s.fact_id = ?"
        row = await fetch_row(database, SUPERSEDED_SQL.format(where=where), [kind, row_id])
    return row and row["fact_key"]


async def redirect_to_fact(request, datasette, kind: str, row_id: int) -> Response:
    database = await permitted_database(datasette, request, kind)
    fact_key = await key_of_row(database, kind, row_id)
    if not fact_key:
        raise NotFound(f"No {kind} fact {row_id}")
    return Response.redirect(datasette.urls.path(fact_path(fact_key)), status=302)


async def evidence_page(request, datasette):
    """A candidate's evidence page; for a fact, a redirect to its permanent link, ``/-/fact/<fact_key>``."""
    table, row_id = request.url_vars["kind"], int(request.url_vars["id"])
    if table not in EVIDENCE_ROWS:
        raise NotFound(f"No evidence pages for {table}: only for {', '.join(EVIDENCE_ROWS)}")
    if table in KIND_NAMES:
        return await redirect_to_fact(request, datasette, table, row_id)
    context = await evidence_context(datasette, request, table, row_id)
    return Response.html(await datasette.render_template("evidence.html", context, request=request))


async def map_rows(datasette, request) -> tuple:
    """(the rows of each of ``MAP_QUERIES``, the database's name), if the reader may see the database."""
    database = await find_database(datasette, "official_workforce")
    await datasette.ensure_permissions(request.actor, [("view-database", database.name), "view-instance"])
    rows = {name: [dict(r) for r in (await database.execute(sql)).rows] for name, sql in MAP_QUERIES.items()}
    return rows, database


IMPORTS_SQL = "SELECT kind, release, source, imported_at FROM official_imports ORDER BY id"


async def map_page(request, datasette):
    by = request.args.get("by") or DEFAULT_COLOURING
    if by not in COLOURINGS:
        raise BadRequest(f"cannot colour the map by {by!r}: choose one of {', '.join(COLOURINGS)}")
    rows, database = await map_rows(datasette, request)
    features, colouring = map_features(rows), COLOURINGS[by]
    context = {
        "svg": svg_map(features, colouring, datasette.urls.path),
        "colouring": colouring,
        "colourings": COLOURINGS.values(),
        "legend": legend_counts(features, colouring),
        "years": sorted({f["properties"].get(colouring.year_property) for f in features} - {None}),
        "imports": [dict(r) for r in (await database.execute(IMPORTS_SQL)).rows],
        "database": database.name,
    }
    return Response.html(await datasette.render_template("map.html", context, request=request))


async def map_geojson(request, datasette):
    """The shapes (longitude, latitude) with each council's figures and the absolute URL of its page."""
    rows, _ = await map_rows(datasette, request)

    def page_url(name):
        return datasette.absolute_url(request, datasette.urls.path(council_page_path(name)))

    body = json.dumps(feature_collection(map_features(rows, page_url)), ensure_ascii=False)
    return Response(body, content_type="application/geo+json; charset=utf-8")


async def council_database(datasette, request):
    """The database with the councils table, if the reader may see it."""
    database = await find_database(datasette, "councils")
    await datasette.ensure_permissions(request.actor, [("view-database", database.name), "view-instance"])
    return database


async def not_found_page(datasette, request, database, asked: str) -> Response:
    """A 404 that lists the councils whose names come closest to what was asked for."""
    matches = await database.execute_fn(lambda conn: close_matches(conn, asked))
    context = {"asked": asked, "matches": matches, "database": database.name, "q": asked}
    html = await datasette.render_template("council_index.html", context, request=request)
    return Response.html(html, status=404)


async def council_page(request, datasette):
    """One council's page; its code, any of its names or a URL-encoded name redirect to its slug URL."""
    database = await council_database(datasette, request)
    asked = unquote(request.url_vars["key"])
    council = await database.execute_fn(lambda conn: find_council(conn, asked))
    if council is None:
        return await not_found_page(datasette, request, database, asked)
    context = await database.execute_fn(lambda conn: council_context(conn, council, datasette.urls.path))
    if request.url_vars["key"] != context["path"].rsplit("/", 1)[1]:
        return Response.redirect(datasette.urls.path(context["path"]))
    context["database"] = database.name
    return Response.html(await datasette.render_template("council.html", context, request=request))


async def council_index(request, datasette):
    """Every council A-Z; with ``?q=`` the council of that name (a redirect), or the closest names (404)."""
    database = await council_database(datasette, request)
    asked = (request.args.get("q") or "").strip()
    if asked:
        path = await database.execute_fn(lambda conn: council_path(conn, asked))
        if path is None:
            return await not_found_page(datasette, request, database, asked)
        return Response.redirect(datasette.urls.path(path))
    context = {**await database.execute_fn(index_context), "database": database.name, "q": ""}
    return Response.html(await datasette.render_template("council_index.html", context, request=request))


@hookimpl
def register_facet_classes():
    return [TotalsFacet]


@hookimpl
def register_routes():
    return [
        (r"^/-/evidence/(?P<kind>[a-z_]+)/(?P<id>\d+)$", evidence_page),
        (r"^/-/fact/(?P<key>[0-9a-f]{16})$", fact_page),
        (r"^/-/map$", map_page),
        (r"^/-/map\.geojson$", map_geojson),
        (r"^/-/council$", council_index),
        (r"^/-/council/(?P<key>[^/]+)$", council_page),
    ]


def evidence_link(datasette, path: str, label) -> Markup:
    href = datasette.urls.path(path)
    return Markup('<a class="evidence" href="{}" title="Show this in its document">{}</a>').format(
        href, label
    )


def reason_link(datasette, database: str, kind: str, reason: str) -> Markup:
    return Markup('<a class="reason" href="{}" title="List these candidates">{}</a>').format(
        reason_url(datasette, database, kind, reason), reason
    )


def quote_in_clause(row, quote) -> Markup:
    """The quote, marked, inside the rest of its clause (from the row's sentence): "…was forecast to
    overspend by **£12.3m** in 2023-24" rather than a phrase cut off mid-way."""
    sentence = row["sentence"] if "sentence" in row.keys() else None
    before, quote, after = humane.clause_around(sentence, quote)
    return Markup('{}<strong class="quote">{}</strong>{}').format(before, quote, after)


def is_money_column(column: str) -> bool:
    return column == "amount_gbp" or column.endswith("_gbp")


def quote_path(table: str | None, row) -> str | None:
    """The evidence page a row's quote opens: a fact's permalink by its key, a candidate's page by its id."""
    kind_table, columns = quote_table(table), row.keys()
    if kind_table in KIND_NAMES and "fact_key" in columns and row["fact_key"]:
        return fact_path(row["fact_key"])
    if kind_table and "id" in columns:
        return evidence_path(kind_table, row["id"])
    return None


def quote_table(table: str | None) -> str | None:
    """The table whose evidence pages a row's quote opens: a fact or candidate table, or a kind's
    ``<kind>_with_sources`` view."""
    if table and table.endswith(WITH_SOURCES) and table[: -len(WITH_SOURCES)] in KIND_NAMES:
        return table[: -len(WITH_SOURCES)]
    return table if table in EVIDENCE_ROWS else None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Quotes in fact and candidate tables (in their clause) and ``evidence`` paths anywhere link to the
    evidence page; a reason of ``candidate_reasons`` links to its candidates; money reads as money (£12.3m)
    and whole numbers without ``.0``."""
    if column == "evidence" and isinstance(value, str) and value.startswith((EVIDENCE_PREFIX, FACT_PREFIX)):
        return evidence_link(datasette, value, "show in document")
    path = quote_path(table, row) if column == "quote" and value else None
    if path:
        return evidence_link(datasette, path, quote_in_clause(row, value))
    if table == "candidate_reasons" and column == "reason" and value and "kind" in row.keys():
        return reason_link(datasette, database, row["kind"], value)
    if is_money_column(column) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup('<span class="money" title="{}">{}</span>').format(
            f"£{value:,.2f}", humane.money(value)
        )
    if isinstance(value, float) and value.is_integer():
        return humane.plain_number(value)
    return None


# --- the fact tables' pages: columns in a reader's order; a demo says its documents are invented -------


def asks_for_columns(request) -> bool:
    return request is not None and any(arg in request.args for arg in ("_col", "_nocol"))


@functools.cache
def sample_hashes() -> tuple[str, ...]:
    """SHA-256 of every bundled sample document (corpus/samples): a database holding any of them is the
    demo's, whose facts come from documents written for the demonstration."""
    files = [f for f in SAMPLES.iterdir() if f.is_file() and not f.name.endswith((".json", ".md"))]
    return tuple(sorted(sha256_of(f.read_bytes()) for f in files))


async def sample_document_count(datasette, database: str | None) -> int:
    names = [database] if database else [n for n in datasette.databases if n != "_internal"]
    hashes, count = sample_hashes(), 0
    for name in names:
        db = datasette.databases.get(name)
        if db is not None and "documents" in await db.table_names():
            marks = ", ".join("?" * len(hashes))
            sql = f"SELECT count(*) FROM documents WHERE sha256 IN ({marks})"
            count += (await db.execute(sql, list(hashes))).rows[0][0]
    return count


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    """``column_order``: the order the rows table shows its columns in (``_table.html``);
    ``sample_documents``: how many bundled sample documents the database holds (the demo banner)."""

    def column_order(columns):
        every_column = template == "row.html" or asks_for_columns(request)
        return humane.display_order(table, [c["name"] for c in columns], every_column)

    async def inner():
        return {
            "column_order": column_order,
            "sample_documents": await sample_document_count(datasette, database),
        }

    return inner


# --- exports with sources ---------------------------------------------------------------------------------

EXPORT_PATH = re.compile(r"^/(?P<database>[^/]+)/(?P<kind>[a-z_]+)\.(?P<format>csv|json)$")
# table pages asking for these get the table itself: its own columns, keyset pagination, row objects
TABLE_ARGS = ("_col", "_nocol", "_next", "_shape")


def export_with_sources(path: str, query_string: bytes) -> str | None:
    """``/casewatch/funding.csv`` -> ``/casewatch/funding_with_sources.csv``: a fact table's CSV and JSON
    carry the document's title, date, URL and the evidence link. ``_col``, ``_nocol``, ``_next`` or
    ``_shape=object`` ask for the table itself."""
    match = EXPORT_PATH.match(path)
    if not match or match["kind"] not in KIND_NAMES:
        return None
    args = parse_qs(query_string.decode("latin-1"))
    if any(arg in args for arg in TABLE_ARGS if arg != "_shape") or "object" in args.get("_shape", []):
        return None
    return f"/{match['database']}/{match['kind']}{WITH_SOURCES}.{match['format']}"


def rewritten(scope: dict) -> dict:
    """``scope`` with a fact table's export sent to its ``_with_sources`` table, a search of the documents in
    their order, searches and next pages without totals (db/table_pages.py)."""
    path, query_string = scope.get("path", ""), scope.get("query_string", b"")
    export = export_with_sources(path, query_string)
    if export:
        scope = {**scope, "path": export, "raw_path": export.encode("utf-8")}
    query_string = searched_in_order(path, query_string) or query_string
    query_string = without_totals(query_string) or query_string
    return {**scope, "query_string": query_string}


@hookimpl
def filters_from_request(request, database, table, datasette):
    return search_filter(request, database, table, datasette)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_sources(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
                scope = rewritten(scope)
            await app(scope, receive, send)

        return with_sources

    return wrap


def feed_title(datasette, request, sql: str, database: str, query_name: str | None) -> str:
    """The canned query's title, as datasette-atom gives it."""
    queries = (datasette.metadata(database=database) or {}).get("queries", {})
    query = queries.get(query_name) if query_name else None
    return (query or {}).get("title") or request.args.get("_feed_title", sql)


def empty_feed(title: str, url: str) -> bytes:
    """A valid Atom feed with no entries: what a database with no facts yet has to say."""
    feed = ET.Element("feed", xmlns=ATOM_NS)
    updated = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    for tag, text in (("id", url), ("title", title), ("updated", updated)):
        ET.SubElement(feed, tag).text = text
    ET.SubElement(feed, "link", href=url, rel="self")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def render_feed(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    """datasette-atom's feed; with no rows, an empty feed (datasette-atom 0.9 answers 500: it takes the
    newest ``atom_updated`` of no rows)."""
    if rows:
        return render_atom(
            datasette, request, sql, columns, rows, database, table, query_name, view_name, data
        )
    return Response(
        empty_feed(feed_title(datasette, request, sql, database, query_name), request.url),
        content_type="application/xml; charset=utf-8",
    )


@hookimpl(trylast=True)
def register_output_renderer(datasette):
    """Registered after datasette-atom's ``.atom`` renderer, so this one is used."""
    return {"extension": "atom", "render": render_feed, "can_render": can_render_atom}
