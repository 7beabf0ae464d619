"""Ofsted inspection reports of local authority children's services.

reports.ofsted.gov.uk lists every local authority's children's services as a provider of category 44
(``/provider/44/<URN>``; the gazetteer holds each authority's URN). A provider page has a timeline of
events; each published report is an ``a.publication-link`` to the PDF on files.ofsted.gov.uk
(``/v1/file/<id>``), with a hidden label giving its kind and publication date::

    <a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50190643">
      Children's services inspection
      <span class="nonvisual">Children's services inspection, PDF - 12 August 2022</span></a>

Authorities are discovered from the site's own search listing (``discover = "search"``) or from the
gazetteer's URNs (``discover = "gazetteer"``). A report PDF never changes at its file id, so each is
downloaded once; a report URL that answers anything but a PDF (a sign-in page, "Report not found") is
a failure, not a report, and is asked again on the next run.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from extractors.gazetteer import load_gazetteer

from . import Target, clean_label, fetch_soup, is_before, iso_date, rebase

# ---------------------------------------------------------------- the site, as data
BASE_URL = "https://reports.ofsted.gov.uk"
HOSTS = ("reports.ofsted.gov.uk", "files.ofsted.gov.uk")  # rewritten onto --base-url when mirroring
SEARCH_PATH = (
    "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
    "&start={start}&rows={rows}"
)  # "Children's social care" > "Local authority children's services"
SEARCH_ROWS = 100
SEARCH_MAX_PAGES = 5  # ~153 authorities
PROVIDER_PATH = "/provider/44/{urn}"
PROVIDER_LINK = "a[href*='/provider/44/']"
PROVIDER_URN_RE = re.compile(r"/provider/44/(\d+)")
PROVIDER_NAME = "h1"
REPORT_LINK = "a.publication-link"
REPORT_LABEL = "span.nonvisual"
REPORT_LABEL_RE = re.compile(
    r"^(?P<kind>.+?),\s*pdf\s*-\s*(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*$", re.IGNORECASE
)
# Report kinds, first match wins; a label matching none (e.g. area SEND inspections) is skipped.
REPORT_TYPES = [
    (re.compile(r"focused visit", re.I), "focused_visit"),
    (re.compile(r"monitoring visit", re.I), "monitoring_visit"),
    (re.compile(r"joint targeted area inspection|joint area child protection|\bJTAI\b", re.I), "jtai"),
    (re.compile(r"\bSEND\b", re.I), None),
    (
        re.compile(
            r"children's services inspection|inspection of (local authority )?children's services|"
            r"services for children in need|single inspection",
            re.I,
        ),
        "inspection",
    ),
]
DEFAULT_REPORT_TYPES = ["inspection", "focused_visit", "monitoring_visit", "jtai"]
SOURCE = "ofsted"


@dataclass
class Report:
    url: str
    label: str  # "Children's services inspection"
    report_type: str | None
    published: str | None


@dataclass
class Provider:
    urn: str
    council_code: str | None
    name: str | None = None


def report_type(label: str) -> str | None:
    return next((kind for pattern, kind in REPORT_TYPES if pattern.search(label)), None)


def parse_report_link(link, page_url) -> Report:
    hidden = link.select_one(REPORT_LABEL)
    label = clean_label(hidden.get_text() if hidden else link.get_text())
    match = REPORT_LABEL_RE.match(label)
    kind = match.group("kind") if match else label
    return Report(
        urljoin(page_url, link["href"]),
        kind,
        report_type(kind),
        iso_date(match.group("date")) if match else None,
    )


def parse_provider_page(soup, page_url) -> tuple[str | None, list[Report]]:
    heading = soup.select_one(PROVIDER_NAME)
    name = clean_label(heading.get_text()) if heading else None
    return name, [parse_report_link(a, page_url) for a in soup.select(REPORT_LINK) if a.get("href")]


def parse_search_page(soup) -> list[str]:
    urns = (PROVIDER_URN_RE.search(a["href"]) for a in soup.select(PROVIDER_LINK))
    return list(dict.fromkeys(m.group(1) for m in urns if m))


# ---------------------------------------------------------------- discovery
def urn_index() -> dict:
    return {c.ofsted_urn: c for c in load_gazetteer().councils if c.ofsted_urn}


def named_providers(fetcher, councils) -> list[Provider]:
    providers = []
    for name in councils:
        council = load_gazetteer().resolve(name)
        if council is None or not council.ofsted_urn:
            fetcher.failure(str(name), SOURCE, "not a council with an Ofsted URN in the gazetteer")
            continue
        providers.append(Provider(council.ofsted_urn, council.code, council.name))
    return providers


def searched_providers(fetcher, site) -> list[Provider]:
    """Every provider the site's search listing shows, page by page until a page adds nobody."""
    index, urns = urn_index(), []
    for page in range(SEARCH_MAX_PAGES):
        _, soup = fetch_soup(
            fetcher, site + SEARCH_PATH.format(start=page * SEARCH_ROWS, rows=SEARCH_ROWS), SOURCE
        )
        found = [urn for urn in parse_search_page(soup) if urn not in urns] if soup else []
        if not found:
            break
        urns += found
    return [Provider(urn, index[urn].code if urn in index else None) for urn in urns]


def providers(fetcher, section, councils, site) -> list[Provider]:
    if councils:
        return named_providers(fetcher, councils)
    if section.get("discover", "search") == "gazetteer":
        return [Provider(urn, c.code, c.name) for urn, c in urn_index().items()]
    return searched_providers(fetcher, site)


# ---------------------------------------------------------------- fetching
def report_target(report: Report, provider: Provider, mirror) -> Target:
    title = f"{provider.name}: {report.label}" if provider.name else report.label
    if report.published:
        title += f" ({report.published})"
    return Target(
        url=rebase(report.url, mirror, HOSTS),
        source=SOURCE,
        source_kind="ofsted_report",
        council_code=provider.council_code,
        report_type=report.report_type,
        title=title,
        published=report.published,
        refetch=False,
        media_type="application/pdf",
    )


def fetch_provider(fetcher, provider: Provider, site, mirror, since, wanted):
    result, soup = fetch_soup(fetcher, site + PROVIDER_PATH.format(urn=provider.urn), SOURCE)
    if soup is None:
        return
    name, reports = parse_provider_page(soup, result.final_url)
    provider.name = provider.name or name
    for report in reports:
        if report.report_type not in wanted or is_before(report.published, since):
            fetcher.skip(report.url)
        else:
            fetcher.document(report_target(report, provider, mirror))


def run(fetcher, config, councils=(), since=None, base_url=None, **_):
    """Fetch the reports of every authority (or of ``councils``) published since ``since``."""
    section = config.get("ofsted", {})
    site = (base_url or section.get("base_url") or BASE_URL).rstrip("/")
    fetcher.allow(site)
    wanted = set(section.get("report_types", DEFAULT_REPORT_TYPES))
    for provider in providers(fetcher, section, councils, site):
        fetch_provider(fetcher, provider, site, base_url, since, wanted)
