"""Minutes and reports of children's services committees on ModernGov sites.

ModernGov (``*.moderngov.co.uk`` and councils' own hosts such as democracy.leeds.gov.uk) has the same
pages everywhere::

    mgListCommittees.aspx                     every committee, linking mgCommitteeDetails.aspx?ID=<cid>
    ieListMeetings.aspx?CId=<cid>&Year=0      a committee's meetings, linking ieListDocuments.aspx?CId=&MId=
    ieListDocuments.aspx?CId=<cid>&MId=<mid>  a meeting: its agenda items (with the minutes text once
                                              published) and documents: documents/g<mid>/... for the
                                              agenda pack and printed minutes, documents/s<id>/... for
                                              each item's reports
    mgAi.aspx?ID=<item>                       an agenda item's page, with its documents

Committees are chosen by name (the config's committee keywords, a council's ``committees``, or
--committee). A meeting page carrying minutes is stored as an HTML document; its PDF documents are
stored too. Both are asked for again conditionally on later runs, so revised minutes become new versions.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from requests.utils import requote_uri

from ..councils import configured_councils, council_code, council_for_url, host_of
from . import Target, clean_label, fetch_soup, is_before, iso_date, rebase

# ---------------------------------------------------------------- the site, as data
COMMITTEES_PATH = "mgListCommittees.aspx"
MEETINGS_PATH = "ieListMeetings.aspx?CId={cid}&Year=0"
COMMITTEE_LINK = "a[href*='mgCommitteeDetails.aspx'], a[href*='ieListMeetings.aspx']"
COMMITTEE_ID_RE = re.compile(r"[?&](?:ID|CId)=(\d+)", re.IGNORECASE)
MEETING_LINK = "a[href*='ieListDocuments.aspx']"
MEETING_ID_RE = re.compile(r"[?&]MId=(\d+)", re.IGNORECASE)
MEETING_DATE_RE = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9},?\s+\d{4}")
DOCUMENT_LINK = "a[href*='documents/']"
DOCUMENT_PATH_RE = re.compile(r"/documents/[a-z]\d+/[^?#]+\.pdf$", re.IGNORECASE)
AGENDA_ITEM_ROW = "tr"  # a row of the agenda table holds one item
AGENDA_ITEM_TITLE = ".mgAiTitleTxt"
AGENDA_ITEM_LINK = "a[href*='mgAi.aspx']"  # the item's own page, followed when its row shows nothing
SUB_HEADING = ".mgSubItemTitleTxt"  # "Minutes:", "Decision:" above an item's text
MINUTES_HEADING_RE = re.compile(r"^\s*minutes\s*:?\s*$", re.IGNORECASE)
FILE_SIZE = ".mgFileSize"  # "PDF 150 KB" inside a document link
SIZE_ONLY_RE = re.compile(
    r"^((pdf|word|html)\s*)?[\d.]+\s*[kmg]b$", re.IGNORECASE
)  # a link named by its size
DOCUMENT_KINDS = [  # report_type from a document link's text, first match wins
    (re.compile(r"minutes", re.I), "minutes"),
    (re.compile(r"agenda|reports pack|frontsheet", re.I), "agenda"),
    (re.compile(r"decision", re.I), "decisions"),
    (re.compile(r"."), "report"),
]
DEFAULT_COMMITTEE_KEYWORDS = ["children", "young people", "corporate parenting"]
SOURCE = "minutes"
SOURCE_KIND = "council_minutes"


@dataclass
class Site:
    url: str  # the site's root, ending in "/"
    council_code: str | None
    committees: list  # names (substrings, case-insensitive) of the committees wanted


@dataclass
class Meeting:
    url: str
    committee: str
    date: str | None  # YYYY-MM-DD


# ---------------------------------------------------------------- parsing
def parse_committees(soup) -> list[tuple[str, str]]:
    """(committee id, name) of every committee listed, in page order."""
    found = {}
    for link in soup.select(COMMITTEE_LINK):
        match = COMMITTEE_ID_RE.search(link.get("href", ""))
        name = clean_label(link.get_text(" "))
        if match and name:
            found.setdefault(match.group(1), name)
    return list(found.items())


def parse_meetings(soup, page_url, committee) -> list[Meeting]:
    meetings = {}
    for link in soup.select(MEETING_LINK):
        href = link.get("href", "")
        if MEETING_ID_RE.search(href):
            date = MEETING_DATE_RE.search(link.get_text(" "))
            url = requote_uri(urljoin(page_url, href))
            meetings.setdefault(url, Meeting(url, committee, iso_date(date.group(0)) if date else None))
    return list(meetings.values())


def link_text(link) -> str:
    """What a document link is called: its text without the file size, else its agenda item's title."""
    for size in link.select(FILE_SIZE):
        size.extract()
    text = clean_label(link.get_text(" "))
    if not text or SIZE_ONLY_RE.match(text):
        row = link.find_parent(AGENDA_ITEM_ROW)
        title = row.select_one(AGENDA_ITEM_TITLE) if row else None
        title_link = title.find("a") if title else None
        text = clean_label((title_link or title).get_text(" ")) if title else text
    return text


def document_kind(text: str) -> str:
    return next(kind for pattern, kind in DOCUMENT_KINDS if pattern.search(text))


def parse_documents(soup, page_url) -> list[tuple[str, str]]:
    """(absolute URL, link text) of every PDF document of the meeting, agenda items' reports included."""
    found = {}
    for link in soup.select(DOCUMENT_LINK):
        url = requote_uri(urljoin(page_url, link.get("href", "")))
        if DOCUMENT_PATH_RE.search(url.split("?")[0].replace("%20", " ")):
            found.setdefault(url.split("?")[0], link_text(link))
    return list(found.items())


def item_pages(soup, page_url) -> list[str]:
    """Pages of the agenda items whose row on the meeting page shows neither a document nor minutes:
    their documents, if any, are only on the item's own page."""
    urls = []
    for row in soup.select(AGENDA_ITEM_ROW):
        link = row.select_one(AGENDA_ITEM_LINK)
        if link and link.get("href") and not row.select(DOCUMENT_LINK) and not has_minutes(row):
            urls.append(requote_uri(urljoin(page_url, link["href"])))
    return list(dict.fromkeys(urls))


def has_minutes(soup) -> bool:
    """True when a meeting page (or an agenda item's row) carries minutes text."""
    for heading in soup.select(SUB_HEADING):
        if MINUTES_HEADING_RE.match(heading.get_text()) and heading.find_next_sibling():
            return True
    return False


# ---------------------------------------------------------------- where to look
def wanted_committee(name: str, wanted) -> bool:
    return any(w.lower() in name.lower() for w in wanted)


def site_list(config, urls, committees, councils) -> list[Site]:
    keywords = config.get("minutes", {}).get("committee_keywords", DEFAULT_COMMITTEE_KEYWORDS)
    if urls:
        named = council_code(councils[0]) if len(councils) == 1 else None
        return [
            Site(url.rstrip("/") + "/", named or council_for_url(url, config), list(committees or keywords))
            for url in urls
        ]
    return [
        Site(
            entry["moderngov"].rstrip("/") + "/",
            council_code(entry.get("code") or entry.get("name")),
            list(committees or entry.get("committees") or keywords),
        )
        for entry in configured_councils(config, councils)
        if entry.get("moderngov")
    ]


# ---------------------------------------------------------------- fetching
def meeting_target(url, site: Site, meeting: Meeting, name, report_type) -> Target:
    return Target(
        url=url,
        source=SOURCE,
        source_kind=SOURCE_KIND,
        report_type=report_type,
        council_code=site.council_code,
        published=meeting.date,
        title=f"{meeting.committee}, {meeting.date or 'undated'}: {name}",
    )


def document_targets(soup, page_url, site: Site, meeting: Meeting, mirror, hosts) -> list[Target]:
    return [
        meeting_target(rebase(url, mirror, hosts), site, meeting, text, document_kind(text))
        for url, text in parse_documents(soup, page_url)
    ]


def fetch_item_documents(fetcher, site, meeting, item_url, mirror, hosts):
    result, soup = fetch_soup(fetcher, rebase(item_url, mirror, hosts), SOURCE)
    for target in document_targets(soup, result.final_url, site, meeting, mirror, hosts) if soup else []:
        fetcher.document(target)


def fetch_meeting(fetcher, site: Site, meeting: Meeting, mirror, hosts):
    result, soup = fetch_soup(fetcher, meeting.url, SOURCE, log=False)
    if soup is None:
        return
    if has_minutes(soup):
        fetcher.keep(meeting_target(meeting.url, site, meeting, "agenda and minutes", "minutes"), result)
    else:
        fetcher.log_page(meeting.url, SOURCE, result)
    for target in document_targets(soup, result.final_url, site, meeting, mirror, hosts):
        fetcher.document(target)
    for item_url in item_pages(soup, result.final_url):
        fetch_item_documents(fetcher, site, meeting, item_url, mirror, hosts)


def fetch_committee(fetcher, site: Site, cid, name, since, mirror, hosts):
    result, soup = fetch_soup(fetcher, urljoin(site.url, MEETINGS_PATH.format(cid=cid)), SOURCE)
    for meeting in parse_meetings(soup, result.final_url, name) if soup else []:
        meeting.url = rebase(meeting.url, mirror, hosts)
        if is_before(meeting.date, since):
            fetcher.skip(meeting.url)
        else:
            fetch_meeting(fetcher, site, meeting, mirror, hosts)


def fetch_site(fetcher, site: Site, since, mirror):
    hosts = [host_of(site.url)]
    site.url = rebase(site.url, mirror, hosts)
    _, soup = fetch_soup(fetcher, urljoin(site.url, COMMITTEES_PATH), SOURCE)
    for cid, name in parse_committees(soup) if soup else []:
        if wanted_committee(name, site.committees):
            fetch_committee(fetcher, site, cid, name, since, mirror, hosts)


def run(fetcher, config, sites=(), committees=(), councils=(), since=None, base_url=None, **_):
    """Fetch minutes and reports of the wanted committees of ``sites`` (or of every configured site)."""
    named = site_list(config, sites, committees, councils)
    fetcher.allow(base_url, *(site.url for site in named))
    for site in named:
        fetch_site(fetcher, site, since, base_url)
