"""The site at national scale (issue 16): build a national-size database, serve it, time every page.

``build_national_db`` builds it the way the pipeline does: the bundled official record, then a pool of
generated news and minutes (``pipeline.bench_extract.generate_documents``) extracted once by the real
extractors, replicated into distinct documents (each its own text, sha256, title, date, source and council,
its facts moved to that council with their numbers jittered) until the fact tables hold the facts asked
for. ``fill="loader"`` loads each document's facts through ``db.load.replace_document_facts`` inside a
recorded extraction run, as ``casewatch extract`` does; ``fill="sql"`` writes the rows straight into the
tables, as another tool or a restore would, then rebuilds the derived tables (``reindex``). The candidates
the extractors turned down are kept, as the pipeline keeps them (the ``candidates`` table and its pages are
part of the site).

``serve_and_measure`` starts ``casewatch serve`` on it and requests every page (``site_pages``: home, the
database, each table and view Datasette lists, exports, each canned query with typical parameters, council
pages, the map, evidence pages, search, the Atom feed, the dashboard and each of its charts' queries as the
browser asks for them, a 404) and the second page of each table and view (``next_pages``: the link its first
page gives), once to warm up and then ``repeat`` times, and prints p50/p95 per page against its limit, the
database's size and the server's peak memory.

Run: ``python -m pipeline.bench_site [--facts N] [--db PATH] [--rebuild] [--fill loader|sql] [--repeat R]``
(``make bench-site``). Exit status 1 when a page fails or is over its limit.
"""

import argparse
import copy
import datetime
import hashlib
import html
import json
import logging
import math
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

from db.council_map import COLOURINGS
from db.councils import council_page_path
from db.database import open_db
from db.derived import reindex
from db.factkeys import fact_key
from db.load import candidate_rows, replace_document_facts, unique_rows
from db.official import import_bundled
from db.site_metadata import analyze_page_orders, load_metadata
from extractors.api import EXTRACTOR_VERSION, extract_facts_many
from extractors.kinds import KIND_NAMES

from .bench_extract import generate_documents
from .extract import finish_run, start_run
from .progress import configure_output, progress

log = logging.getLogger(__name__)

DEFAULT_DB = Path("build/bench-site.db")
DEFAULT_FACTS = 1_000_000
BASE_DOCUMENTS = 1500  # generated documents extracted once, the pool every replica is made from
BATCH_DOCUMENTS = 500  # documents inserted per executemany
PARAMETERS_TABLE = "_bench_site"  # how the database was built, so a rerun with the same parameters reuses it

# --- what the replicas look like ------------------------------------------------------------------------
SOURCE_KINDS = ("news", "news", "council_press", "council_minutes", "council_minutes", "ofsted_report")
URLS = {
    "news": "https://www.{domain}/news/{year}/{slug}-{n}",
    "council_press": "https://www.{domain}/press-releases/{slug}-{n}",
    "council_minutes": "https://democracy.{domain}/ieListDocuments.aspx?CId=1{n5}&MId={n}",
    "ofsted_report": "https://files.ofsted.gov.uk/v1/file/{n}",
}
TITLES = {
    "news": "{council}: {headline}",
    "council_press": "{headline} - {council} press release",
    "council_minutes": "{council} Children and Families Scrutiny Committee, {date:%d %B %Y}: minutes",
    "ofsted_report": "{council}: inspection of children's social care services ({date:%B %Y})",
}
MEDIA_TYPES = {"ofsted_report": "application/pdf"}
REPORT_TYPES = ("inspection", "focused_visit", "monitoring_visit", "jtai")
FIRST_DAY, LAST_DAY = datetime.date(2015, 1, 1), datetime.date(2025, 12, 31)
JITTER = 0.15  # numbers move by up to 15 % either way
PIECES_PER_DOCUMENT = (1, 2, 2)  # base texts joined into one document (~10 facts a document)

# --- the pages and their limits -------------------------------------------------------------------------
LIMITS_MS = {"query": 200, "table": 300}
# a typical value for each parameter of the canned queries: a query with a parameter missing here fails loudly
TYPICAL_PARAMETERS = {"n": "20", "council": "Leeds", "phrase": "social workers", "since_year": "2020"}
SEARCHES = {"documents": "caseload", "recommendations": "supervision"}
DASHBOARD_FILTERS = ({}, {"council": "Leeds"})
SAMPLED_COUNCILS = 3
FAIL_MARKERS = {
    "SQL query took too long": "SQL query took too long",
    "interrupted": "query interrupted",
    '<div style="padding: 1em; margin: 1em 0; border: 3px solid red;">': "a Datasette error page",
}
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 300.0  # seconds for `casewatch serve` to answer (it opens and checks the database first)


# ================================================================ building the database


def fact_count(facts: dict) -> int:
    return sum(len(facts.get(kind) or []) for kind in KIND_NAMES)


def shifted(items: list, offset: int) -> list:
    """Facts or candidates of a text that now starts ``offset`` characters into a longer one."""
    return [{**item, "start": item["start"] + offset, "end": item["end"] + offset} for item in items]


def joined_pieces(pieces: list) -> dict:
    """One document from several base texts one after another, their facts' offsets moved to match."""
    text, facts = "", {kind: [] for kind in (*KIND_NAMES, "rejected")}
    for doc, extracted in pieces:
        for kind in facts:
            facts[kind] += shifted(extracted.get(kind) or [], len(text))
        text += doc["text"] if doc["text"].endswith("\n") else doc["text"] + "\n"
    return {"text": text, "headline": pieces[0][0]["title"], "facts": facts}


def base_pool(n: int, seed: int) -> list[dict]:
    """``n`` generated documents extracted once by the real extractors; those with facts, joined one or two
    at a time, make the pool of base documents (text, headline, facts with their offsets)."""
    docs = generate_documents(n, seed)
    with progress(n, "bench-site: extract the base documents") as bar:
        extracted = []
        for facts in extract_facts_many(docs):
            extracted.append(facts)
            bar.update()
    kept = [(d, f) for d, f in zip(docs, extracted, strict=True) if fact_count(f)]
    rng, pool = random.Random(seed), []
    while kept:
        size = rng.choice(PIECES_PER_DOCUMENT)
        pool.append(joined_pieces(kept[:size]))
        kept = kept[size:]
    return pool


def jittered(value, rng: random.Random, digits: int = 0):
    """``value`` moved by up to ``JITTER`` either way, rounded (never below 1 for a positive value)."""
    if value is None:
        return None
    moved = round(value * rng.uniform(1 - JITTER, 1 + JITTER), digits)
    return max(moved, 1) if value > 0 else moved


def significant(value, figures: int = 3):
    """``value`` rounded to a few significant figures, as money is stated (£2.47m)."""
    if not value:
        return value
    return round(value, figures - 1 - int(math.floor(math.log10(abs(value)))))


def jitter_fact(kind: str, fact: dict, rng: random.Random) -> dict:
    """A fact with its numbers moved a little: caseloads (a range with them), amounts, rates and counts."""
    if kind == "caseloads":
        factor = rng.uniform(1 - JITTER, 1 + JITTER)
        for field in ("value", "low", "high"):
            if fact.get(field) is not None:
                fact[field] = max(round(fact[field] * factor), 1)
    elif kind == "funding":
        fact["amount_gbp"] = significant(jittered(fact["amount_gbp"], rng))
    elif kind == "workforce" and fact.get("value") is not None:
        value = jittered(fact["value"], rng, 1 if fact.get("unit") == "percent" else 0)
        fact["value"] = min(value, 100) if fact.get("unit") == "percent" else value
    return fact


def replica_facts(base: dict, council_code: str, rng: random.Random) -> dict:
    """The base document's facts for a replica: council reassigned (a national figure stays England's),
    numbers jittered; its candidates as they are."""
    facts = {"rejected": base["facts"]["rejected"]}
    for kind in KIND_NAMES:
        facts[kind] = []
        for fact in copy.deepcopy(base["facts"][kind]):
            if fact.get("council_code") is not None:
                fact["council_code"] = council_code
            facts[kind].append(jitter_fact(kind, fact, rng))
    return facts


def random_day(rng: random.Random) -> datetime.date:
    return FIRST_DAY + datetime.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))


def slug_of(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:8])


def replica_document(i: int, base: dict, council: dict, rng: random.Random, seed: int) -> dict:
    """Replica ``i`` of a base document: its own reference line at the end (offsets stay valid), so its own
    text and sha256; a title, date, source kind and URL of its council."""
    kind, day = rng.choice(SOURCE_KINDS), random_day(rng)
    text = base["text"] + f"Reference {council['code']}/{seed}/{i:07d}.\n"
    title = TITLES[kind].format(council=council["name"], headline=base["headline"], date=day)
    url = URLS[kind].format(
        domain=council["domain"], year=day.year, slug=slug_of(base["headline"]), n=i, n5=i % 5
    )
    report_type = rng.choice(REPORT_TYPES) if kind == "ofsted_report" else None
    return {
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "source_kind": kind,
        "url": url,
        "final_url": url,
        "http_status": 200,
        "title": title,
        "published": day.isoformat(),
        "media_type": MEDIA_TYPES.get(kind, "text/html"),
        "fetched_at": f"{day.isoformat()}T09:00:00+00:00",
        "ingested_at": f"{day.isoformat()}T09:00:00+00:00",
        "council_code": council["code"],
        "report_type": report_type,
        "declared_report_type": report_type,
        "text": text,
    }


def replicas(pool: list[dict], councils: list[dict], seed: int):
    """Distinct documents with their facts, for ever: each base document in turn, each time for the next
    council of a shuffled round of them all (so every council has documents as soon as there are enough)."""
    rng, round_left = random.Random(seed), []
    for i in range(10**9):
        round_left = round_left or rng.sample(councils, len(councils))
        base, council = pool[i % len(pool)], round_left.pop()
        yield replica_document(i, base, council, rng, seed), replica_facts(base, council["code"], rng)


def next_batch(stream, remaining: int) -> list:
    """The next replicas of ``stream``: enough for ``remaining`` facts, at most ``BATCH_DOCUMENTS``."""
    batch, planned = [], 0
    while len(batch) < BATCH_DOCUMENTS and planned < remaining:
        batch.append(next(stream))
        planned += fact_count(batch[-1][1])
    return batch


def current_councils(db) -> list[dict]:
    return list(db.query("SELECT code, name, domain FROM councils WHERE ended IS NULL ORDER BY code"))


def insert_documents(db, documents: list[dict]):
    """Documents with ids given here (the next free ones), so their facts can follow without a lookup."""
    first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
    for offset, document in enumerate(documents):
        document["id"] = first + offset
    columns = list(documents[0])
    names, marks = ", ".join(columns), ", ".join("?" * len(columns))
    with db.conn:
        db.conn.executemany(
            f"INSERT INTO documents ({names}) VALUES ({marks})", [[d[c] for c in columns] for d in documents]
        )


def fill_with_loader(db, stream, target: int, bar) -> int:
    """Each document's facts through the real loader, one transaction each, in one recorded run."""
    run_id, loaded = start_run(db, EXTRACTOR_VERSION), 0
    while loaded < target:
        batch = next_batch(stream, target - loaded)
        insert_documents(db, [document for document, _ in batch])
        for document, facts in batch:
            count = replace_document_facts(db, document["id"], facts, run_id, EXTRACTOR_VERSION)
            loaded += count
            bar.update(count)
    finish_run(db, run_id, "complete")
    return loaded


def insert_rows(db, table: str, rows: list[dict]):
    if rows:
        columns = list(rows[0])
        names, marks = ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
        db.conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})", [[row[c] for c in columns] for row in rows]
        )


def sql_rows(document: dict, facts: dict, run_id: int) -> dict:
    """A document's fact rows by kind, each with its fact_key, and its candidate rows, as another tool
    would write them (``unique_rows`` only shapes them: fields to columns)."""
    rows = {}
    for kind in KIND_NAMES:
        rows[kind] = unique_rows(kind, facts[kind], document["id"], run_id, EXTRACTOR_VERSION)
        for row in rows[kind]:
            row["fact_key"] = fact_key(kind, document["sha256"], row)
            row.pop("id", None)
    rows["candidates"] = candidate_rows(facts["rejected"], document["id"], run_id, EXTRACTOR_VERSION)
    return rows


def fill_with_sql(db, stream, target: int, bar) -> int:
    """Documents, facts and candidates written straight into their tables (executemany per batch), not
    through the loader: the derived tables are then rebuilt by ``reindex``."""
    run_id, loaded = start_run(db, EXTRACTOR_VERSION, extractor="pipeline.bench_site (SQL fill)"), 0
    while loaded < target:
        batch = next_batch(stream, target - loaded)
        for document, _ in batch:
            document["extracted_version"] = EXTRACTOR_VERSION
        insert_documents(db, [document for document, _ in batch])
        by_table = {}
        for document, facts in batch:
            for table, rows in sql_rows(document, facts, run_id).items():
                by_table.setdefault(table, []).extend(rows)
        with db.conn:
            for table, rows in by_table.items():
                insert_rows(db, table, rows)
        count = sum(len(rows) for table, rows in by_table.items() if table != "candidates")
        loaded += count
        bar.update(count)
    db["extraction_runs"].update(
        run_id, {"documents_processed": count_of(db, "documents"), "facts_produced": loaded}
    )
    finish_run(db, run_id, "complete")
    return loaded


FILLS = {"loader": fill_with_loader, "sql": fill_with_sql}


def casewatch_command() -> list[str]:
    """The ``casewatch`` beside this Python (the project's venv), else the module."""
    found = shutil.which("casewatch", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pipeline.cli"]


def count_of(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def facts_in(db) -> int:
    return sum(count_of(db, kind) for kind in KIND_NAMES)


def recorded_parameters(path) -> dict | None:
    """The parameters the database at ``path`` was built with, if it was built to the end."""
    if not Path(path).exists():
        return None
    db = open_db(path)
    if PARAMETERS_TABLE not in db.table_names():
        return None
    row = db.execute(f"SELECT parameters FROM [{PARAMETERS_TABLE}] ORDER BY rowid DESC LIMIT 1").fetchone()
    return json.loads(row[0]) if row else None


def record_parameters(db, parameters: dict, seconds: float):
    db[PARAMETERS_TABLE].insert(
        {
            "parameters": json.dumps(parameters, sort_keys=True),
            "build_seconds": round(seconds, 1),
            "built_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        }
    )


def remove_database(path):
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build_national_db(
    path,
    facts: int = DEFAULT_FACTS,
    fill: str = "loader",
    seed: int = 0,
    base_documents: int = BASE_DOCUMENTS,
) -> dict:
    """A fresh database at ``path`` holding at least ``facts`` facts over distinct documents, the official
    record included, filled by ``fill`` ("loader" or "sql"); returns what was built and how long it took."""
    if fill not in FILLS:
        raise ValueError(f"unknown fill {fill!r}: choose one of {', '.join(FILLS)}")
    parameters = {"facts": facts, "fill": fill, "seed": seed, "base_documents": base_documents}
    remove_database(path)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = open_db(path)
    db.execute("PRAGMA synchronous = NORMAL")  # as extraction runs do
    import_bundled(db)
    pool = base_pool(base_documents, seed)
    with progress(facts, f"bench-site: {fill} fill", unit="facts") as bar:
        FILLS[fill](db, replicas(pool, current_councils(db), seed), facts, bar)
    if fill == "sql":
        reindex(db)
    analyze_page_orders(db)  # as an extraction run (loader) or `casewatch reindex` (sql) ends
    seconds = time.perf_counter() - started
    record_parameters(db, parameters, seconds)
    return {**parameters, "seconds": seconds, **database_counts(path)}


def database_counts(path) -> dict:
    db = open_db(path)
    return {
        "facts_loaded": facts_in(db),
        "documents": count_of(db, "documents"),
        "candidates": count_of(db, "candidates"),
        "megabytes": database_megabytes(path),
    }


def database_megabytes(path) -> float:
    files = [Path(str(path) + suffix) for suffix in ("", "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def ensure_database(path, facts: int, fill: str, seed: int = 0, rebuild: bool = False, base_documents=None):
    """The database at ``path``, built unless it was built with the same parameters (``--rebuild``:
    always)."""
    parameters = {
        "facts": facts,
        "fill": fill,
        "seed": seed,
        "base_documents": base_documents or BASE_DOCUMENTS,
    }
    recorded = recorded_parameters(path)
    if not rebuild and recorded and {k: recorded.get(k) for k in parameters} == parameters:
        print(f"bench-site: reusing {path} (built with {json.dumps(parameters)}; --rebuild to build again)")
        return
    built = build_national_db(path, facts, fill, seed, parameters["base_documents"])
    print(
        f"bench-site: built {path} in {built['seconds']:.0f} s ({fill} fill): "
        f"{built['facts_loaded']:,} facts, {built['documents']:,} documents, "
        f"{built['candidates']:,} candidates, {built['megabytes']:,.0f} MB",
        flush=True,
    )


# ================================================================ the pages


@dataclass(frozen=True)
class Page:
    """A page to time: ``group`` picks its limit (``LIMITS_MS``); ``status`` is the one it must answer."""

    name: str
    path: str
    group: str
    status: int = 200


def without_strings(sql: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def sql_parameters(sql: str) -> list[str]:
    """The ``:name`` parameters of ``sql`` (not a colon inside a string, as in 'urn:casewatch:fact:')."""
    return list(dict.fromkeys(re.findall(r"(?<![:\w]):([A-Za-z_]\w*)", without_strings(sql))))


def typical_arguments(name: str, sql: str) -> dict:
    missing = [p for p in sql_parameters(sql) if p not in TYPICAL_PARAMETERS]
    if missing:
        raise ValueError(
            f"canned query {name} takes {', '.join(missing)}, which has no typical value in "
            "pipeline/bench_site.py TYPICAL_PARAMETERS: add one so the benchmark times it"
        )
    return {p: TYPICAL_PARAMETERS[p] for p in sql_parameters(sql)}


def with_query(path: str, arguments: dict) -> str:
    return path + ("?" + urlencode(arguments) if arguments else "")


def hidden_tables(db, metadata: dict) -> set:
    """The tables Datasette hides (0.65's rules): full-text indexes and what starts with their names,
    ``sqlite_stat*``, and those the metadata marks hidden."""
    hidden = {
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND sql LIKE '%VIRTUAL TABLE%USING FTS%' "
            "OR name LIKE 'sqlite_stat%'"
        )
    }
    hidden |= {name for name, table in metadata.get("tables", {}).items() if table.get("hidden")}
    names = db.table_names()
    return hidden | {name for name in names for prefix in hidden if name.startswith(prefix)}


def listed_tables(db, metadata: dict) -> tuple[list, list]:
    """(tables, views) Datasette lists for the database."""
    hidden = hidden_tables(db, metadata)
    return [t for t in db.table_names() if t not in hidden], db.view_names()


def table_pages(db, name: str, metadata: dict) -> list[Page]:
    tables, views = listed_tables(db, metadata)
    return [Page(f"table {t}", f"/{name}/{t}", "table") for t in tables] + [
        Page(f"view {v}", f"/{name}/{v}", "query") for v in views
    ]


def export_pages(name: str) -> list[Page]:
    """Each fact table's JSON and CSV (the plugin answers them from ``<kind>_with_sources``)."""
    pages = []
    for kind in KIND_NAMES:
        pages.append(Page(f"export {kind}.json", f"/{name}/{kind}.json", "table"))
        pages.append(Page(f"export {kind}.csv", f"/{name}/{kind}.csv?_size=max", "table"))
    return pages + [Page("export caseloads_with_sources.csv", f"/{name}/caseloads_with_sources.csv", "table")]


def query_pages(name: str, metadata: dict) -> list[Page]:
    queries = metadata.get("queries", {})
    pages = [
        Page(f"query {q}", with_query(f"/{name}/{q}", typical_arguments(q, spec["sql"])), "query")
        for q, spec in queries.items()
    ]
    return pages + [Page("feed new_facts.atom", f"/{name}/new_facts.atom", "query")]


def council_pages(db, seed: int) -> list[Page]:
    others = [c["name"] for c in current_councils(db) if c["name"] != "Leeds"]
    sampled = ["Leeds", *random.Random(seed).sample(others, min(SAMPLED_COUNCILS, len(others)))]
    return [Page("council index", "/-/council", "query")] + [
        Page(f"council {council}", council_page_path(council), "query") for council in sampled
    ]


def map_pages() -> list[Page]:
    pages = [Page("map", "/-/map", "query"), Page("map.geojson", "/-/map.geojson", "query")]
    return pages + [Page(f"map by {key}", f"/-/map?by={key}", "query") for key in COLOURINGS]


def middle_row(db, table: str, column: str):
    row = db.execute(
        f"SELECT [{column}] FROM [{table}] WHERE id >= (SELECT (min(id) + max(id)) / 2 FROM [{table}]) "
        "ORDER BY id LIMIT 1"
    ).fetchone()
    return row and row[0]


def evidence_pages(db, name: str) -> list[Page]:
    """A fact of each kind from the middle of its table, a candidate, the old link by row id (a redirect)
    and a row page."""
    pages = []
    for kind in KIND_NAMES:
        key = middle_row(db, kind, "fact_key")
        if key:
            pages.append(Page(f"evidence {kind}", f"/-/fact/{key}", "query"))
    candidate = middle_row(db, "candidates", "id")
    if candidate:
        pages.append(Page("evidence candidate", f"/-/evidence/candidates/{candidate}", "query"))
    row_id = middle_row(db, "caseloads", "id")
    if row_id:
        pages.append(Page("evidence by row id", f"/-/evidence/caseloads/{row_id}", "query"))
        pages.append(Page("row caseloads", f"/{name}/caseloads/{row_id}", "table"))
    return pages


def search_pages(name: str, metadata: dict) -> list[Page]:
    """Full-text search of each searchable table, and of each view the metadata gives an index."""
    pages = [
        Page(f"search {t}", with_query(f"/{name}/{t}", {"_search": q}), "table") for t, q in SEARCHES.items()
    ]
    for table, spec in metadata.get("tables", {}).items():
        base = spec.get("fts_table", "").removesuffix("_fts")
        if base in SEARCHES and table != base:
            pages.append(
                Page(f"search {table}", with_query(f"/{name}/{table}", {"_search": SEARCHES[base]}), "table")
            )
    return pages


def optional_clauses(sql: str, arguments: dict) -> str:
    """datasette-dashboards' ``[[ ... ]]``: kept (brackets dropped) when its parameter is given, else gone."""

    def replace(match):
        names = sql_parameters(match.group(1))
        return match.group(1) if names and arguments.get(names[0]) else ""

    return re.sub(r"\[\[(.*?)\]\]", replace, sql, flags=re.S)


def chart_path(name: str, sql: str, arguments: dict) -> str:
    """The URL the dashboard's script fetches a chart's rows from (``getDataUrl`` of datasette-dashboards)."""
    return with_query(
        f"/{name}.json", {"sql": optional_clauses(sql, arguments), **arguments, "_shape": "objects"}
    )


def dashboard_pages(name: str, plugins: dict) -> list[Page]:
    pages = [Page("dashboards", "/-/dashboards", "query")]
    for slug, dashboard in plugins.get("datasette-dashboards", {}).items():
        for arguments in DASHBOARD_FILTERS:
            label = " ".join(f"{k}={v}" for k, v in arguments.items()) or "no filter"
            pages.append(
                Page(f"dashboard {slug} ({label})", with_query(f"/-/dashboards/{slug}", arguments), "query")
            )
            for chart, spec in dashboard.get("charts", {}).items():
                if spec.get("query"):
                    path = chart_path(name, spec["query"], arguments)
                    pages.append(Page(f"chart {slug}/{chart} ({label})", path, "query"))
    return pages


def site_pages(path, seed: int = 0) -> list[Page]:
    """Every page the benchmark times, for the database at ``path`` served under its file's stem."""
    name = Path(path).stem
    metadata = load_metadata(name)
    database = metadata["databases"][name]
    db = open_db(path)
    return [
        Page("home", "/", "table"),  # home and database pages count every table's rows, as table pages do
        Page("database", f"/{name}", "table"),
        *table_pages(db, name, database),
        *export_pages(name),
        *query_pages(name, database),
        *council_pages(db, seed),
        *map_pages(),
        *evidence_pages(db, name),
        *search_pages(name, database),
        *dashboard_pages(name, metadata.get("plugins", {})),
        Page("not found", f"/{name}/no_such_table", "query", status=404),
        Page("council not found", "/-/council/no-such-council", "query", status=404),
    ]


# ================================================================ serving and timing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(client: httpx.Client, process, log_path: Path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"casewatch serve exited ({process.returncode}): {log_path.read_text()[-2000:]}"
            )
        try:
            if client.get("/-/versions.json").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"casewatch serve did not answer within {START_TIMEOUT:.0f} s")


@contextmanager
def served(path):
    """``casewatch serve`` of ``path`` on a free local port while the block lasts: (client, process)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "serve.log"
        with open(log_path, "wb") as log_file:
            process = subprocess.Popen(
                [
                    *casewatch_command(),
                    "serve",
                    "--db",
                    str(path),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}", timeout=REQUEST_TIMEOUT, follow_redirects=True
        )
        try:
            wait_until_serving(client, process, log_path)
            yield client, process
        finally:
            client.close()
            process.terminate()
            process.wait(timeout=30)


def failure(page: Page, response: httpx.Response) -> str | None:
    """Why the answer is a failure, or None."""
    if response.status_code != page.status:
        return f"status {response.status_code}"
    if page.status == 200:
        for marker, reason in FAIL_MARKERS.items():
            if marker in response.text:
                return reason
        if (
            response.headers.get("content-type", "").startswith("application/json")
            and '"ok": false' in response.text
        ):
            return "JSON says ok: false"
    return None


def timed_get(client: httpx.Client, page: Page) -> tuple[float, str | None]:
    """Milliseconds to the last byte of the answer, and why it failed (None when it did not)."""
    started = time.perf_counter()
    try:
        response = client.get(page.path)
    except httpx.TimeoutException:
        return REQUEST_TIMEOUT * 1000, f"no answer within {REQUEST_TIMEOUT:.0f} s"
    return (time.perf_counter() - started) * 1000, failure(page, response)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 5 timings is the slowest)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def measure(client: httpx.Client, page: Page, repeat: int) -> dict:
    """One warm-up request, then ``repeat`` timed ones; the first failure seen is the page's."""
    timings, reasons = [], []
    for attempt in range(repeat + 1):
        elapsed, reason = timed_get(client, page)
        if reason:
            reasons.append(reason)
        if attempt:
            timings.append(elapsed)
    p50, p95, limit = percentile(timings, 0.5), percentile(timings, 0.95), LIMITS_MS[page.group]
    verdict = f"FAIL: {reasons[0]}" if reasons else "SLOW" if p95 > limit else "ok"
    return {"page": page, "p50": p50, "p95": p95, "limit": limit, "verdict": verdict}


def datasette_listing(client: httpx.Client, name: str) -> set:
    """The tables (not hidden) and views Datasette's own database JSON lists."""
    listing = client.get(f"/{name}.json").json()
    tables = {t["name"] for t in listing.get("tables", []) if not t.get("hidden")}
    return tables | {v["name"] if isinstance(v, dict) else v for v in listing.get("views", [])}


def check_listing(client: httpx.Client, name: str, pages: list[Page]):
    """Fail loudly when Datasette lists a table or view the benchmark does not request."""
    requested = {p.path.rsplit("/", 1)[1] for p in pages if p.name.startswith(("table ", "view "))}
    missing = datasette_listing(client, name) - requested
    if missing:
        raise RuntimeError(f"Datasette lists pages the benchmark does not time: {', '.join(sorted(missing))}")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            queue += [int(child) for child in task.read_text().split()]
    return found


def peak_memory_mb(pid: int) -> float | None:
    """The peak resident memory (VmHWM) of the process and its children, added up; None off Linux."""
    total = 0
    for member in process_tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) if "VmHWM" in status else 0
    return total / 1024 if total else None


NEXT_LINK = re.compile(r'href="([^"]*[?&]_next=[^"]*)"')


def next_pages(client: httpx.Client, pages: list[Page]) -> list[Page]:
    """The second page of each table and view that has one: the link its first page gives ("Next page")."""
    found = []
    for page in pages:
        if page.name.startswith(("table ", "view ")):
            link = NEXT_LINK.search(client.get(page.path).text)
            if link:
                path = urlsplit(html.unescape(link[1]))._replace(scheme="", netloc="").geturl()
                found.append(Page(f"next page {page.name.split(' ', 1)[1]}", path, page.group))
    return found


def serve_and_measure(path, repeat: int = 5, seed: int = 0, show=print) -> dict:
    """Serve ``path`` and time every page of :func:`site_pages` and the tables' next pages; the results, and
    the server's peak memory."""
    pages, name = site_pages(path, seed), Path(path).stem
    results = []
    with served(path) as (client, process):
        check_listing(client, name, pages)
        pages += next_pages(client, pages)
        with progress(len(pages), "bench-site: pages", unit="pages") as bar:
            for page in pages:
                results.append(measure(client, page, repeat))
                bar.update()
        memory = peak_memory_mb(process.pid)
    report = {"results": results, "memory_mb": memory, **database_counts(path)}
    for line in report_lines(report):
        show(line)
    return report


def short(url: str, width: int = 60) -> str:
    return url if len(url) <= width else url[: width - 1] + "…"


def report_lines(report: dict) -> list[str]:
    results = sorted(report["results"], key=lambda r: r["p95"], reverse=True)
    lines = [f"{'page':44} {'url':60} {'p50 ms':>8} {'p95 ms':>8} {'limit':>6}  verdict"]
    for r in results:
        page = r["page"]
        lines.append(
            f"{short(page.name, 44):44} {short(page.path):60} {r['p50']:8.0f} {r['p95']:8.0f} "
            f"{r['limit']:6}  {r['verdict']}"
        )
    failing = sum(r["verdict"].startswith("FAIL") for r in results)
    slow = sum(r["verdict"] == "SLOW" for r in results)
    memory = f"{report['memory_mb']:.0f} MB" if report["memory_mb"] else "unknown"
    lines += [
        f"pages: {len(results)}, failing: {failing}, over limit: {slow}",
        f"database: {report['megabytes']:,.0f} MB, {report['facts_loaded']:,} facts, "
        f"{report['documents']:,} documents, {report['candidates']:,} candidates",
        f"server peak memory (VmHWM): {memory}",
    ]
    return lines


def passed(report: dict) -> bool:
    return all(r["verdict"] == "ok" for r in report["results"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=DEFAULT_FACTS, help="facts to build (default 1,000,000)")
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help=f"database to build or reuse (default {DEFAULT_DB})"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build again even if --db was built the same way"
    )
    parser.add_argument(
        "--fill", choices=sorted(FILLS), default="loader", help="how facts go in (default loader)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument(
        "--base-documents",
        type=int,
        default=BASE_DOCUMENTS,
        help=f"generated documents extracted (default {BASE_DOCUMENTS})",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    configure_output()
    ensure_database(args.db, args.facts, args.fill, rebuild=args.rebuild, base_documents=args.base_documents)
    report = serve_and_measure(args.db, args.repeat)
    sys.exit(0 if passed(report) else 1)


if __name__ == "__main__":
    main()
