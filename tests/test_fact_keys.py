"""Stable fact identity: ``fact_key``, the permanent link ``/-/fact/<fact_key>``, links that outlive a rerun.

The rerun is the real command over the demo database, ``casewatch extract --rerun --extractor
test_fact_keys:extract_facts_again``: the real extractors' facts as "another" extractor version, so every fact
is moved to ``superseded_facts`` and loaded again. (``--extractor extractors.api:extract_facts`` names the
default function, which is its default version: nothing to rerun.) Links made before it (by key, by row id,
Atom entry ids) must lead to the same quotes after.
"""

import asyncio
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from test_migrations import old_database
from test_reruns import corpus_db, extract_v1, extract_v2  # noqa: F401 (corpus_db is a fixture)

from db.database import open_db
from db.datasette_plugin import casewatch_datasette
from db.factkeys import fact_key
from extractors.api import extract_facts
from extractors.kinds import KIND_NAMES
from pipeline.cli import cli
from pipeline.extract import run_extraction

ATOM = "{http://www.w3.org/2005/Atom}"
KEY = re.compile(r"[0-9a-f]{16}")


def extract_facts_again(text, **document):
    """``extract_facts`` itself under another name: the same facts, recorded as another extractor version."""
    return extract_facts(text, **document)


def get(datasette, path):
    return asyncio.run(datasette.client.get(path))


def current_facts(db) -> dict:
    """(kind, id) -> (fact_key, quote) of every current fact."""
    return {
        (kind, row["id"]): (row["fact_key"], row["quote"])
        for kind in KIND_NAMES
        for row in db.query(f"SELECT id, fact_key, quote FROM [{kind}]")
    }


def atom_ids(datasette) -> list[str]:
    feed = ET.fromstring(get(datasette, "/casewatch/new_facts.atom").content)
    return [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]


def invoke(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def rerun_demo(tmp_path_factory):
    """The demo database before and after a rerun by another extractor version: (facts before, Atom ids
    before, its path)."""
    folder = tmp_path_factory.mktemp("rerun")
    path = folder / "casewatch.db"
    invoke("demo", "--no-serve", "--db", str(path), "--data-dir", str(folder / "data"))
    before = current_facts(open_db(path))
    feed_before = atom_ids(casewatch_datasette(path))
    invoke("extract", "--db", str(path), "--rerun", "--extractor", "test_fact_keys:extract_facts_again")
    return before, feed_before, path


def test_the_rerun_superseded_every_fact_and_loaded_the_same_again(rerun_demo):
    before, _, path = rerun_demo
    db = open_db(path)
    assert len(before) > 20
    assert db["superseded_facts"].count == len(before)
    assert {key for key, _ in before.values()} == {key for key, _ in current_facts(db).values()}
    versions = {
        row[0] for kind in KIND_NAMES for row in db.execute(f"SELECT extractor_version FROM [{kind}]")
    }
    assert len(versions) == 1 and versions.pop().startswith("test_fact_keys.extract_facts_again@")


def test_every_old_permalink_leads_to_the_same_quote_after_a_rerun(rerun_demo):
    before, _, path = rerun_demo
    datasette = casewatch_datasette(path)
    for (kind, _), (key, quote) in before.items():
        page = get(datasette, f"/-/fact/{key}")
        assert page.status_code == 200, (kind, key)
        assert f'<mark class="quote" id="quote">{quote_html(quote)}</mark>' in page.text
        assert 'class="superseded-note"' not in page.text  # the current fact, not the superseded copy


def quote_html(quote: str) -> str:
    return quote.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")


def test_every_old_evidence_link_redirects_to_its_permalink_after_a_rerun(rerun_demo):
    before, _, path = rerun_demo
    datasette = casewatch_datasette(path)
    for (kind, row_id), (key, _) in before.items():
        response = get(datasette, f"/-/evidence/{kind}/{row_id}")
        assert (response.status_code, response.headers["location"]) == (302, f"/-/fact/{key}")


def test_atom_entry_ids_are_the_same_after_a_rerun(rerun_demo):
    """The feed's newest 100 may be other facts of the same run after a rerun (they load in another second);
    every id it gives is still a fact's id from before: a feed reader sees no old fact as new."""
    before, feed_before, path = rerun_demo
    assert feed_before and all(i.startswith("urn:casewatch:fact:") for i in feed_before)
    feed_after = atom_ids(casewatch_datasette(path))
    assert len(feed_after) == len(feed_before)
    assert set(feed_after) <= {f"urn:casewatch:fact:{key}" for key, _ in before.values()}


def test_a_fact_a_new_version_drops_keeps_its_page_marked_superseded(corpus_db, tmp_path):  # noqa: F811
    db = corpus_db
    run_extraction(db, extract=extract_v1, version="v1")
    before = current_facts(db)
    run_extraction(db, rerun=True, extract=extract_v2, version="v2")
    after = {key for key, _ in current_facts(db).values()}
    dropped = [(kind, row_id, key) for (kind, row_id), (key, _) in before.items() if key not in after]
    assert dropped  # v2 no longer reads national caseloads
    datasette = casewatch_datasette(tmp_path / "casewatch.db")
    kind, row_id, key = dropped[0]
    assert get(datasette, f"/-/evidence/{kind}/{row_id}").headers["location"] == f"/-/fact/{key}"
    page = get(datasette, f"/-/fact/{key}").text
    assert 'class="superseded-note"' in page and "The current extraction no longer gives this fact" in page
    assert f'<mark class="quote" id="quote">{before[(kind, row_id)][1]}</mark>' in page


def test_a_fact_keeps_its_row_id_when_its_document_is_extracted_again(corpus_db):  # noqa: F811
    run_extraction(corpus_db, extract=extract_v1, version="v1")
    before = current_facts(corpus_db)
    run_extraction(corpus_db, rerun=True, extract=extract_v1, version="v1 again")
    assert current_facts(corpus_db) == before


def test_the_key_is_what_the_fact_is():
    row = {"char_start": 10, "char_end": 20, "council_code": "990", "value": 16, "measure": "average"}
    key = fact_key("caseloads", "abc", row)
    assert KEY.fullmatch(key)
    assert fact_key("caseloads", "abc", {**row, "value": 16.0, "quote": "other", "run_id": 9}) == key
    for changed in ({"value": 17}, {"char_start": 11}, {"council_code": "991"}, {"measure": "maximum"}):
        assert fact_key("caseloads", "abc", {**row, **changed}) != key
    assert fact_key("caseloads", "abd", row) != key and fact_key("workforce", "abc", row) != key


def test_the_migration_fills_the_keys_of_a_database_made_before_them(tmp_path):
    path = old_database(tmp_path)
    db = open_db(path)
    sha256 = {row["id"]: row["sha256"] for row in db["documents"].rows}
    rows = [(kind, row) for kind in KIND_NAMES for row in db[kind].rows]
    assert len(rows) == 29
    for kind, row in rows:
        assert row["fact_key"] == fact_key(kind, sha256[row["document_id"]], row)  # as loading gives it
    datasette = casewatch_datasette(path)
    kind, row = rows[0]
    assert (
        get(datasette, f"/-/evidence/{kind}/{row['id']}").headers["location"] == f"/-/fact/{row['fact_key']}"
    )
    assert get(datasette, f"/-/fact/{row['fact_key']}").status_code == 200
    assert all(r["evidence"] == f"/-/fact/{r['fact_key']}" for r in db["facts"].rows)
