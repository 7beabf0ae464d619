"""What a reader sees: headless Chromium against `casewatch serve` on 127.0.0.1.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the playwright package; skips, saying which is
missing, otherwise. Every request the pages make must stay on the local server: the charts' JavaScript
is bundled, not fetched from a CDN.
"""

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_datasette import DOCUMENTS, load_known_facts, with_evidence

from db.database import open_db
from db.load import replace_document_facts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium "
        "(apt-get install chromium; .ci/run does)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"casewatch serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"casewatch serve did not answer at {url}")


@contextlib.contextmanager
def serving(db_path):
    """`casewatch serve` of ``db_path`` on a free local port, for as long as the block lasts; its base URL."""
    port = free_port()
    casewatch = shutil.which("casewatch", path=str(Path(sys.executable).parent)) or "casewatch"
    process = subprocess.Popen(
        [casewatch, "serve", "--db", str(db_path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base + "/-/versions.json", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def served_db(tmp_path_factory):
    """The database the server serves: known facts."""
    db_path = tmp_path_factory.mktemp("served") / "casewatch.db"
    load_known_facts(open_db(db_path))
    return db_path


@pytest.fixture(scope="module")
def server(served_db):
    """`casewatch serve` over a database holding known facts; yields its base URL."""
    with serving(served_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A page that records every URL it requests."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    page.close()


def test_council_dashboard_draws_its_charts_offline(page, server, tmp_path):
    page.goto(server + "/-/dashboards/council")
    for chart in ("caseloads-over-time", "latest-ratings"):
        page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg", state="visible", timeout=30_000)
    page.wait_for_selector("#chart-council-facts table a", timeout=30_000)
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    assert page.locator("#chart-council-facts").inner_text().count("show in document") >= 5
    assert [url for url in page.requested if not url.startswith(server)] == []


def test_council_dashboard_filters_by_council(page, server):
    page.goto(server + "/-/dashboards/council?council=Westvale")
    page.wait_for_selector("#chart-council-facts table a", timeout=30_000)
    facts = page.locator("#chart-council-facts").inner_text()
    assert "Westvale" in facts and "Northmoor" not in facts


def test_one_click_from_a_caseload_row_to_its_highlighted_quote(page, server, tmp_path):
    page.goto(server + "/casewatch/caseloads?council_code=990")
    page.click("a.evidence:has-text('fallen to 16 in February 2024')")  # the quote, in its clause
    page.wait_for_load_state()
    assert "/-/fact/" in page.url
    quote = page.locator("mark.quote")
    quote.wait_for(state="visible")
    assert quote.inner_text() == "fallen to 16 in February 2024"
    assert quote.is_visible() and quote.bounding_box()["height"] > 0
    assert "Northmoor Council said average caseloads" in page.locator("mark.sentence").inner_text()
    source = page.locator("a.source-url")
    assert source.get_attribute("href") == "https://www.northmoor.gov.uk/news/caseloads-fall"
    page.screenshot(path=str(tmp_path / "evidence.png"))
    assert (tmp_path / "evidence.png").stat().st_size > 10_000
    assert [url for url in page.requested if not url.startswith(server)] == []


def test_from_a_reason_to_a_turned_down_candidate_in_its_document(page, server, tmp_path):
    page.goto(server + "/casewatch/candidate_reasons")
    page.screenshot(path=str(tmp_path / "candidate_reasons.png"), full_page=True)
    page.click("a.reason:text('a percentage, ratio or date')")
    page.wait_for_load_state()
    assert page.url.startswith(server + "/casewatch/candidates?")
    assert page.locator("table.rows-and-columns tbody tr").count() == 2
    page.screenshot(path=str(tmp_path / "candidates.png"), full_page=True)
    page.click("a.evidence:has-text('18%')")  # the quote, in its clause
    page.wait_for_load_state()
    assert "/-/evidence/candidates/" in page.url
    quote = page.locator("mark.quote")
    quote.wait_for(state="visible")
    assert quote.inner_text() == "18%"
    assert "Agency workers now make up" in page.locator("mark.sentence").inner_text()
    assert "a percentage, ratio or date" in page.locator(".candidate-reason").inner_text()
    page.screenshot(path=str(tmp_path / "candidate_evidence.png"))
    assert all(
        (tmp_path / name).stat().st_size > 10_000
        for name in ("candidate_reasons.png", "candidates.png", "candidate_evidence.png")
    )
    assert [url for url in page.requested if not url.startswith(server)] == []


def reload_known_facts(db, version: str):
    """Our documents' facts loaded again by another extractor version: a rerun giving the same facts."""
    run_id = db["extraction_runs"].insert({"extractor_version": version, "status": "complete"}).last_pk
    for number, (document, facts) in enumerate(DOCUMENTS):
        document_id = db.execute("SELECT id FROM documents WHERE sha256 = ?", [f"known-{number}"]).fetchone()[
            0
        ]
        facts = {kind: [with_evidence(document["text"], f) for f in fs] for kind, fs in facts.items()}
        replace_document_facts(db, document_id, facts, run_id, version)


def test_a_permalink_still_shows_its_quote_after_a_rerun(page, server, served_db, tmp_path):
    page.goto(server + "/casewatch/caseloads?council_code=990")
    permalink = page.locator("a.evidence:has-text('fallen to 16 in February 2024')").get_attribute("href")
    assert permalink.startswith("/-/fact/")
    old_id = (
        open_db(served_db).execute("SELECT id FROM caseloads WHERE quote LIKE 'fallen to 16%'").fetchone()[0]
    )
    reload_known_facts(open_db(served_db), "browser-rerun")
    for path in (permalink, f"/-/evidence/caseloads/{old_id}"):
        page.goto(server + path)
        assert page.url == server + permalink
        quote = page.locator("mark.quote")
        quote.wait_for(state="visible")
        assert quote.inner_text() == "fallen to 16 in February 2024"
    assert "browser-rerun" in page.locator(".evidence-fields").first.inner_text()  # the rerun's fact
    page.screenshot(path=str(tmp_path / "fact.png"))
    assert (tmp_path / "fact.png").stat().st_size > 10_000
    assert [url for url in page.requested if not url.startswith(server)] == []
