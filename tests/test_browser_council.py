"""The council page as a reader sees it: headless Chromium against `casewatch serve` of the demo database.

Skips as tests/test_browser.py does when Debian's ``chromium`` or playwright is missing. Set
``CASEWATCH_SHOTS=DIR`` to keep screenshots of a council with extracted facts and one without.
"""

import os
from pathlib import Path

import pytest
from test_browser_map import CHROMIUM, browser, demo_server, page, sync_api  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
]


def drawn_polylines(tab) -> list:
    """The number of points of each chart line drawn with a size on the screen."""
    return tab.evaluate(
        """() => [...document.querySelectorAll('svg.line-chart polyline')]
                 .filter(p => { const r = p.getBoundingClientRect(); return r.width > 0; })
                 .map(p => p.points.numberOfItems)"""
    )


@pytest.mark.parametrize("slug", ["leeds", "bradford"])  # extracted facts in the sample corpus; none
def test_council_page_draws_its_charts_offline_without_errors(page, demo_server, tmp_path, slug):  # noqa: F811
    page.goto(f"{demo_server}/-/council/{slug}")
    page.wait_for_selector("svg.line-chart", state="visible")
    assert page.locator("svg.line-chart").count() == 4
    lines = drawn_polylines(page)
    assert len(lines) == 8 and all(points >= 5 for points in lines)  # the council's and England's, 4 series
    assert page.locator("svg.line-chart").first.bounding_box()["width"] > 300
    shots = Path(os.environ.get("CASEWATCH_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"council-{slug}.png"), full_page=True)
    assert page.errors == []
    assert [url for url in page.requested if not url.startswith(demo_server)] == []


def test_a_claim_on_the_chart_opens_its_evidence(page, demo_server):  # noqa: F811
    page.goto(demo_server + "/-/council/leeds")
    claim = page.locator("svg.line-chart a circle.claim").first
    assert claim.locator("title").text_content().startswith("Claimed: ")
    claim.click()
    page.wait_for_url(demo_server + "/-/fact/*")
    assert page.locator("mark.quote").count() == 1


def test_the_search_box_finds_a_council_by_another_name(page, demo_server):  # noqa: F811
    page.goto(demo_server + "/-/council")
    page.fill("#council-q", "Leeds City Council")
    page.press("#council-q", "Enter")
    page.wait_for_url(demo_server + "/-/council/leeds")
    assert page.locator("h1").text_content() == "Leeds"
