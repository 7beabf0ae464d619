"""Whose document is it: a council named in the config or on the command line, or the council whose site a
URL is on, as the gazetteer (:mod:`extractors.gazetteer`) knows them."""

from urllib.parse import urlsplit

from extractors.gazetteer import load_gazetteer


def council_code(name_or_code) -> str | None:
    council = load_gazetteer().resolve(str(name_or_code)) if name_or_code else None
    return council.code if council else None


def configured_councils(config: dict, wanted=()) -> list[dict]:
    """The ``[[councils]]`` entries, or only those whose name or code is in ``wanted``."""
    entries = config.get("councils", [])
    if not wanted:
        return entries
    codes = {council_code(name) for name in wanted}
    return [entry for entry in entries if council_code(entry.get("code") or entry.get("name")) in codes]


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def council_for_url(url: str, config: dict | None = None) -> str | None:
    """The council a site belongs to: a config entry naming that host, else the council whose own site it is
    (``democracy.leeds.gov.uk`` -> Leeds, ``rbwm.moderngov.co.uk`` -> Windsor and Maidenhead)."""
    host = host_of(url).split(":")[0]
    for entry in (config or {}).get("councils", []):
        if host in {host_of(u) for u in [entry.get("moderngov", ""), *entry.get("feeds", [])] if u}:
            return council_code(entry.get("code") or entry.get("name"))
    council = load_gazetteer().publisher_of(url)
    return council.code if council else None
