"""The map of England as a reader sees it: headless Chromium against `casewatch serve` of the demo database.

Skips as tests/test_browser.py does when Debian's ``chromium`` or playwright is missing. Set
``CASEWATCH_SHOTS=DIR`` to keep a screenshot of each colouring there (checked by eye when the map changes).
"""

import os
from pathlib import Path

import pytest
from test_browser import CHROMIUM, browser, serving  # noqa: F401 (browser: a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def demo_server(demo_path):
    """`casewatch serve` over the demo database (the official Ofsted and DfE tables imported)."""
    with serving(demo_path) as base:
        yield base


@pytest.fixture
def page(browser):  # noqa: F811 (the browser fixture of test_browser)
    """A page that records every URL it requests and every console error."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.requested, page.errors = [], []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


def visible_shapes(page) -> int:
    """Shapes of the map drawn with a size on the screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('svg.england-map a.council path')]
                 .filter(p => { const r = p.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
                 .length"""
    )


@pytest.mark.parametrize("by", ["rating", "caseload", "agency"])
def test_the_map_draws_every_council_offline_without_errors(page, demo_server, tmp_path, by):
    page.goto(f"{demo_server}/-/map?by={by}")
    page.wait_for_selector("svg.england-map", state="visible")
    assert visible_shapes(page) >= 153
    codes = page.evaluate(
        "() => new Set([...document.querySelectorAll('svg.england-map a.council')]"
        ".map(a => a.dataset.code)).size"
    )
    assert codes == 153
    assert page.locator("svg.england-map").bounding_box()["height"] > 500
    shots = Path(os.environ.get("CASEWATCH_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"map-{by}.png"), full_page=True)
    assert (shots / f"map-{by}.png").stat().st_size > 30_000
    assert page.errors == []
    assert [url for url in page.requested if not url.startswith(demo_server)] == []


def test_clicking_a_council_opens_its_page(page, demo_server):
    page.goto(demo_server + "/-/map")
    norfolk = page.locator('svg.england-map a.council[data-code="926"]')
    assert "Norfolk: " in norfolk.locator("title").text_content()
    norfolk.click()
    page.wait_for_url(demo_server + "/-/council/norfolk")


def test_hovering_names_the_council_and_its_figure(page, demo_server):
    page.goto(demo_server + "/-/map?by=caseload")
    title = page.locator('svg.england-map a.council[data-code="383"] title').first
    assert title.text_content().startswith("Leeds: ") and "(2025)" in title.text_content()
