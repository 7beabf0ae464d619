"""Council news about children's social care, from newsroom RSS/Atom feeds (or a listing page).

Feeds are read with feedparser (RSS 0.9x/1.0/2.0 and Atom alike). An item is kept when its title, summary
or categories mention one of the keywords of the config's ``[news] keywords`` (or the council's own
``news_keywords``): whole words, case-insensitive. The article page is stored as fetched and its main
text extracted by trafilatura (no navigation, cookie banners or adverts); the published date comes from
the page's metadata, else from the feed.

A council without a feed can name a listing page: ``news_listing = { url = "...", link_selector = "..." }``;
its links' text is filtered the same way.
"""

import datetime
from urllib.parse import urljoin

import feedparser

from ..councils import configured_councils, council_code, council_for_url, host_of
from ..text import sniff_media_type
from . import Target, clean_label, fetch_soup, is_before, keyword_pattern, rebase

SOURCE = "news"
SOURCE_KIND = "news"
DEFAULT_LINK_SELECTOR = "main a[href]"  # article links on a listing page without its own selector
ENTRY_TEXT_FIELDS = ("title", "summary")  # what the keyword filter reads in a feed item
FALLBACK_KEYWORDS = ["children's social care", "children's services", "social worker", "social workers"]


def entry_date(entry) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.date(*stamp[:3]).isoformat() if stamp else None


def entry_text(entry) -> str:
    tags = " ".join(tag.get("term", "") for tag in entry.get("tags", []))
    return " ".join([*(entry.get(name, "") for name in ENTRY_TEXT_FIELDS), tags])


def parse_feed(content: bytes):
    """The feed's entries; raises ValueError for something that is not a feed at all (an empty answer, an
    HTML page, broken XML). A real feed with no items has no entries, and that is no error."""
    if not content.strip():
        raise ValueError("not a feed: empty answer")
    if sniff_media_type(content) == "text/html":
        raise ValueError("not a feed: an HTML page")
    feed = feedparser.parse(content)
    if not feed.entries and (feed.bozo or not feed.get("version")):
        reason = feed.get("bozo_exception") or "no RSS or Atom entries"
        raise ValueError(f"not a feed: malformed ({reason})")
    return feed.entries


# ---------------------------------------------------------------- where to look
def feed_sources(config, councils, feeds):
    """(feed URL, council code, keywords) for --feed URLs, else for every configured council's feeds."""
    default = config.get("news", {}).get("keywords", FALLBACK_KEYWORDS)
    if feeds:
        named = council_code(councils[0]) if len(councils) == 1 else None
        return [(url, named or council_for_url(url, config), default) for url in feeds]
    return [
        (url, council_code(entry.get("code") or entry.get("name")), entry.get("news_keywords", default))
        for entry in configured_councils(config, councils)
        for url in entry.get("feeds", [])
    ]


def named_urls(config, feeds, base_url) -> list:
    """What the user named: the mirror, --feed URLs, every configured feed and listing page."""
    entries = config.get("councils", [])
    return [
        base_url,
        *feeds,
        *(url for entry in entries for url in entry.get("feeds", [])),
        *(entry["news_listing"]["url"] for entry in entries if entry.get("news_listing")),
    ]


def listing_sources(config, councils):
    default = config.get("news", {}).get("keywords", FALLBACK_KEYWORDS)
    return [
        (
            entry["news_listing"],
            council_code(entry.get("code") or entry.get("name")),
            entry.get("news_keywords", default),
        )
        for entry in configured_councils(config, councils)
        if entry.get("news_listing")
    ]


# ---------------------------------------------------------------- fetching
def article_target(url, title, published, council) -> Target:
    return Target(
        url=url,
        source=SOURCE,
        source_kind=SOURCE_KIND,
        council_code=council,
        title=clean_label(title) if title else None,
        published_fallback=published,
    )


def consider(fetcher, url, title, text, published, council, pattern, since):
    if not pattern.search(text) or is_before(published, since):
        fetcher.skip(url)
    else:
        fetcher.document(article_target(url, title, published, council))


def read_feed(fetcher, feed_url, council, keywords, since, mirror):
    result = fetcher.page(rebase(feed_url, mirror, [host_of(feed_url)]), SOURCE, log=False)
    if result is None:
        return
    try:
        entries = parse_feed(result.content)
    except ValueError as exc:
        fetcher.failure(result.url, SOURCE, str(exc), status=result.status)
        return
    fetcher.log_page(result.url, SOURCE, result)
    pattern, hosts = keyword_pattern(keywords), [host_of(feed_url)]
    for entry in entries:
        link = entry.get("link")
        if link:
            url = rebase(urljoin(result.final_url, link), mirror, hosts)
            consider(
                fetcher,
                url,
                entry.get("title"),
                entry_text(entry),
                entry_date(entry),
                council,
                pattern,
                since,
            )


def read_listing(fetcher, listing, council, keywords, since, mirror):
    result, soup = fetch_soup(fetcher, rebase(listing["url"], mirror, [host_of(listing["url"])]), SOURCE)
    if soup is None:
        return
    pattern, hosts = keyword_pattern(keywords), [host_of(listing["url"])]
    for link in soup.select(listing.get("link_selector", DEFAULT_LINK_SELECTOR)):
        url = rebase(urljoin(result.final_url, link["href"]), mirror, hosts)
        title = link.get_text(" ", strip=True)
        consider(fetcher, url, title, title, None, council, pattern, since)


def run(fetcher, config, councils=(), feeds=(), since=None, base_url=None, **_):
    """Fetch the relevant articles of the configured feeds (or of ``feeds``) and listing pages."""
    fetcher.allow(*named_urls(config, feeds, base_url))
    for feed_url, council, keywords in feed_sources(config, councils, feeds):
        read_feed(fetcher, feed_url, council, keywords, since, base_url)
    if not feeds:
        for listing, council, keywords in listing_sources(config, councils):
            read_listing(fetcher, listing, council, keywords, since, base_url)
