"""The gazetteer of English local authorities with children's services, and the names people call them.

Data lives in ``extractors/data/``: ``ofsted_provider_la_lookup.csv`` (codes, Ofsted URNs, regions,
domains of today's authorities, bundled as published). ``Gazetteer`` resolves a name, alias or code to
a :class:`Council`.
"""
import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
LOOKUP_CSV = DATA_DIR / "ofsted_provider_la_lookup.csv"

# Forms in which an authority's short name is written, kept as data.
NAME_FORMS = [
    "{name}", "{name} Council", "{name} County Council", "{name} City Council", "{name} Borough Council",
    "{name} Metropolitan Borough Council", "{name} Metropolitan District Council", "London Borough of {name}",
    "Royal Borough of {name}", "City of {name}", "{name} council",
]


@dataclass
class Council:
    code: str                      # DfE 3-digit LA code
    name: str                      # short official name, e.g. "Kingston upon Thames"
    gss_code: str | None = None
    region: str | None = None
    type: str | None = None
    ofsted_urn: str | None = None
    domain: str | None = None
    official_name: str | None = None
    successor_code: str | None = None
    ended: str | None = None       # YYYY-MM-DD the authority ceased, for predecessors
    aliases: list = field(default_factory=list)


def read_lookup(path=LOOKUP_CSV) -> list[Council]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [Council(code=row["la_code"], name=row["local_authority_ons_name"], gss_code=row["la_code_new"],
                        region=row["region_name"], type=row["ons_la_type"], ofsted_urn=row["urn"],
                        domain=row["domain"]) for row in csv.DictReader(fh)]


class Gazetteer:
    def __init__(self, councils: list[Council]):
        self.councils = councils
        self._by_code = {c.code: c for c in councils}
        self._by_alias = {}
        for council in councils:
            council.aliases = council.aliases or [form.format(name=council.name) for form in NAME_FORMS]
            for alias in council.aliases:
                self._by_alias.setdefault(alias.lower(), council)

    def by_code(self, code: str) -> Council | None:
        return self._by_code.get(str(code))

    def resolve(self, name_or_code: str, on_date: str | None = None) -> Council | None:
        """The council a name, alias or code refers to (``on_date`` picks the authority of that day)."""
        key = str(name_or_code).strip()
        return self._by_code.get(key) or self._by_alias.get(key.lower())

    def alias_patterns(self) -> list[dict]:
        """SpanRuler/PhraseMatcher patterns: one per alias, ``id`` the council's code."""
        return [{"label": "COUNCIL", "pattern": alias, "id": c.code} for c in self.councils for alias in c.aliases]


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer(read_lookup())
