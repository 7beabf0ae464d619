"""Publishing what hostile or empty inputs leave in the database: through Datasette's own client.

A document's URL comes from a fetched page or a ``NAME.meta.json`` anyone may write: only an http(s) URL
becomes a link on the evidence page, any other is shown as text. The Atom feed of a database with no
facts yet is a valid feed with no entries, not an error.
"""

import asyncio
import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import escape

from db.database import open_db
from db.datasette_plugin import casewatch_datasette
from db.load import replace_document_facts

ATOM = "{http://www.w3.org/2005/Atom}"
TEXT = "Northmoor Council said average caseloads had fallen to 16 in February 2024."
QUOTE = "fallen to 16 in February 2024"


def get(datasette, path):
    return asyncio.run(datasette.client.get(path, follow_redirects=True))  # /-/evidence/ -> /-/fact/


def store_fact(db, url: str) -> int:
    """A document from ``url`` and one caseload fact in it; returns the fact's id."""
    run_id = (
        db["extraction_runs"]
        .insert(
            {
                "started_at": "2026-01-01T00:00:00+00:00",
                "status": "complete",
                "finished_at": "2026-01-01T00:00:01+00:00",
                "extractor_version": "t",
            }
        )
        .last_pk
    )
    document_id = (
        db["documents"]
        .insert(
            {
                "sha256": url,
                "url": url,
                "title": "Caseloads fall",
                "text": TEXT,
                "source_kind": "council_press",
                "published": "2024-03-12",
            }
        )
        .last_pk
    )
    start = TEXT.index(QUOTE)
    fact = {
        "value": 16,
        "measure": "average",
        "quote": QUOTE,
        "start": start,
        "end": start + len(QUOTE),
        "sentence": TEXT,
    }
    replace_document_facts(db, document_id, {"caseloads": [fact]}, run_id, "t")
    (row,) = db["caseloads"].rows_where("document_id = ?", [document_id])
    return row["id"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "file:///etc/passwd",
    ],
)
def test_only_http_urls_are_links_on_the_evidence_page(tmp_path, url):
    db = open_db(tmp_path / "casewatch.db")
    safe = store_fact(db, "https://www.northmoor.gov.uk/news/caseloads-fall")
    hostile = store_fact(db, url)
    datasette = casewatch_datasette(tmp_path / "casewatch.db")
    page = get(datasette, f"/-/evidence/caseloads/{hostile}")
    assert page.status_code == 200
    source = page.text.split("<th>Source</th>", 1)[1].split("</tr>", 1)[0]
    assert "<a" not in source and "href" not in source
    assert str(escape(url)) in source  # shown, as text
    assert not re.search(r"href=[\"']?\s*(javascript|data|vbscript):", page.text, re.I)
    linked = get(datasette, f"/-/evidence/caseloads/{safe}").text
    assert 'href="https://www.northmoor.gov.uk/news/caseloads-fall"' in linked
    assert db["documents"].count == 2 and db["caseloads"].count == 2  # nothing lost


@pytest.mark.parametrize("documents", [0, 1], ids=["empty-database", "documents-but-no-facts"])
def test_atom_feed_of_a_database_without_facts_is_an_empty_feed(tmp_path, documents):
    db = open_db(tmp_path / "casewatch.db")
    for n in range(documents):
        db["documents"].insert({"sha256": f"d{n}", "url": "https://example.org/a", "text": "Nothing here."})
    response = get(casewatch_datasette(tmp_path / "casewatch.db"), "/casewatch/new_facts.atom")
    assert response.status_code == 200, response.text[:500]
    assert "xml" in response.headers["content-type"]
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed" and feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}title").text == "casewatch - newly extracted facts"
    assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    assert db["documents"].count == documents
