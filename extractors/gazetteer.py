"""The gazetteer of English local authorities with children's services, and the names people call them.

Data lives in ``extractors/data/``:

- ``councils.csv``: one row per authority, today's 153 and the predecessors of the last 15 years
  (code = DfE 3-digit LA code, short ``name`` as in SCHEMA.md, ``official_name``, current ``gss_code`` and
  ``old_gss_codes``, region, type, Ofsted provider URN, the council's own web ``domain`` and
  ``other_domains`` (children's trusts, shared services), ``started``/``ended`` dates and
  ``successor_codes``). Built from ``ofsted_provider_la_lookup.csv`` (bundled as published) and curated.
- ``council_alias_rules.csv``: the forms generated from every name ("{name} Council", "London Borough of
  {name}", "{name} MBC", ...) by authority type, and spelling variants ("and"/"&", "-"/" ", "St"/"St.").
- ``council_aliases.csv``: curated aliases the rules cannot produce (abbreviations, informal and former
  names), each with an ``ambiguous`` flag and the reason.
- ``council_aliases_context.json``: the word lists of the ambiguity rule (see
  :meth:`Gazetteer.accepts_mention`).

Ambiguity: an alias is flagged ``ambiguous`` when, written bare, it commonly means something other than
the authority: a common word ("Reading", "Bury", "Slough"), a person's name ("Dudley", "Poole", "Bolton"),
another place or institution ("Kingston" (upon Hull?), "York" (New York), "Hampshire" (New Hampshire),
"Westminster" (Parliament), "Durham" (the university)), or a short abbreviation other bodies share
("BMBC", "KCC"). Forms with a council noun ("Reading Borough Council") are never ambiguous. An ambiguous
alias counts as a council mention only in council context: not part of a longer proper name ("Dudley Smith",
"New York", "Old Trafford"), and either the document already names that council unambiguously or the
sentence speaks of councils or children's services. A town that is only a football club in a sports
story is the extractor's concern (take the longest match, then apply ``accepts_mention``).

Dates: ``resolve(name, on_date)`` returns the authority that carried that name on that day. When a name
belongs to several authorities over time ("Dorset" is Dorset County Council (835) until 2019-04-01 and
Dorset Council (838) after), the one existing on ``on_date`` wins; without a date, today's. A name only
a predecessor ever had ("Cumbria", "Northamptonshire County Council") always resolves to that predecessor,
whose ``ended`` and ``successor_codes`` say what became of it (``current_successors`` follows them to
today's authorities): facts are attributed to the authority the text names, never silently to a successor.
"""

import csv
import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DATA_DIR = Path(__file__).parent / "data"
LOOKUP_CSV = DATA_DIR / "ofsted_provider_la_lookup.csv"
COUNCILS_CSV = DATA_DIR / "councils.csv"
ALIAS_RULES_CSV = DATA_DIR / "council_alias_rules.csv"
ALIASES_CSV = DATA_DIR / "council_aliases.csv"
CONTEXT_JSON = DATA_DIR / "council_aliases_context.json"

GSS_RE = re.compile(r"^[EWSN]\d{8}$", re.I)
DFE_CODE_RE = re.compile(r"^\d{3}$")
URN_RE = re.compile(r"^\d{4,8}$")


@dataclass
class Council:
    code: str  # DfE 3-digit LA code
    name: str  # short official name, e.g. "Kingston upon Thames"
    gss_code: str | None = None  # current ONS code
    region: str | None = None
    type: str | None = None  # London Borough | Metropolitan District | Unitary Authority | County
    ofsted_urn: str | None = None
    domain: str | None = None  # the council's own web domain
    official_name: str | None = None
    successor_code: str | None = None  # first of successor_codes, for predecessors
    ended: str | None = None  # YYYY-MM-DD the authority ceased, for predecessors
    aliases: list = field(default_factory=list)
    started: str | None = None  # YYYY-MM-DD the authority began, when within the gazetteer's span
    successor_codes: list = field(default_factory=list)
    old_gss_codes: list = field(default_factory=list)
    other_domains: list = field(default_factory=list)  # children's trusts, shared services
    notes: str | None = None

    @property
    def is_current(self) -> bool:
        return not self.ended

    def existed_on(self, day: str) -> bool:
        """Whether the authority existed on ``day`` (YYYY-MM-DD)."""
        return (not self.started or self.started <= day) and (not self.ended or day < self.ended)


def split_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def council_from_row(row: dict) -> Council:
    successors = split_list(row["successor_codes"])
    return Council(
        code=row["code"],
        name=row["name"],
        official_name=row["official_name"],
        gss_code=row["gss_code"],
        old_gss_codes=split_list(row["old_gss_codes"]),
        region=row["region"],
        type=row["type"],
        ofsted_urn=row["ofsted_urn"] or None,
        domain=row["domain"] or None,
        other_domains=split_list(row["other_domains"]),
        started=row["started"] or None,
        ended=row["ended"] or None,
        successor_codes=successors,
        successor_code=successors[0] if successors else None,
        notes=row["notes"] or None,
    )


def read_councils(path=COUNCILS_CSV) -> list[Council]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [council_from_row(row) for row in csv.DictReader(fh)]


def read_alias_rules(path=ALIAS_RULES_CSV) -> tuple[list, list]:
    """``(forms, variants, suffixes)``: forms are ``(applies_to, template)``, variants ``(old, new)``
    replacements, suffixes the words ``resolve`` drops after a name ("Barnsley children's services")."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    forms = [(row["applies_to"], row["template"]) for row in rows if row["kind"] == "form"]
    variants = [(row["template"], row["replacement"]) for row in rows if row["kind"] == "variant"]
    suffixes = [alias_key(row["template"]) for row in rows if row["kind"] == "suffix"]
    return forms, variants, suffixes


def read_curated_aliases(path=ALIASES_CSV) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            {
                "alias": row["alias"],
                "code": row["code"],
                "ambiguous": row["ambiguous"] == "1",
                "reason": row["reason"] or None,
            }
            for row in csv.DictReader(fh)
        ]


@functools.lru_cache(maxsize=1)
def read_context(path=CONTEXT_JSON) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@functools.lru_cache(maxsize=1)
def context_regex() -> re.Pattern:
    """Any of the context words that let an ambiguous alias count as a council."""
    words = sorted(read_context()["context_words"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def alias_key(text: str) -> str:
    """The form under which names are compared: case, "&"/"and", "St."/"St", hyphens, "the" folded."""
    key = str(text).strip().lower().replace("’", "'").replace("&", " and ").replace(".", " ")
    key = re.sub(r"[-,]", " ", key)
    key = re.sub(r"'s$", "", " ".join(key.split()))
    return re.sub(r"^the ", "", key)


def generated_aliases(council: Council, forms: list) -> list[str]:
    templates = [t for applies_to, t in forms if applies_to in ("*", council.type)]
    values = {"name": council.name, "official_name": council.official_name or council.name}
    return [template.format(**values) for template in templates]


def surface_variants(alias: str, variants: list) -> list[str]:
    """``alias`` and its spellings with any combination of the variant replacements applied."""
    spellings = [alias]
    for old, new in variants:
        spellings += [s.replace(old, new) for s in spellings if old in s]
    return list(dict.fromkeys(spellings))


def as_day(on_date) -> str | None:
    """YYYY-MM-DD from a date, datetime or ISO string ("2016", "2016-05" pad to the first day)."""
    if on_date is None or on_date == "":
        return None
    if isinstance(on_date, (datetime.date, datetime.datetime)):
        return on_date.isoformat()[:10]
    text = str(on_date).strip()[:10]
    return text + "-01-01"[len(text) - 4 :] if re.match(r"^\d{4}(-\d{2})?(-\d{2})?$", text) else None


def domain_host(url_or_host: str) -> str:
    text = str(url_or_host).strip().lower()
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    return host.removeprefix("www.")


class Gazetteer:
    def __init__(
        self, councils: list[Council], curated: list[dict] | None = None, rules: tuple | None = None
    ):
        self.councils = councils
        self._by_code = {c.code: c for c in councils}
        self._by_gss = {gss.upper(): c for c in councils for gss in [c.gss_code, *c.old_gss_codes] if gss}
        self._by_urn = {c.ofsted_urn: c for c in councils if c.ofsted_urn}
        self._by_domain = self._index_domains(councils)
        self._by_domain_label = {domain.split(".")[0]: c for domain, c in self._by_domain.items()}
        self._by_alias = {}  # alias key -> [codes], in order of first claim
        self._surface = {}  # surface spelling -> alias key, for patterns
        self._ambiguous = {}  # alias key -> reason
        forms, self._variants, self._suffixes = rules or read_alias_rules()
        for council in councils:
            for alias in council.aliases or generated_aliases(council, forms):
                self._add_alias(alias, council.code)
        for row in read_curated_aliases() if curated is None else curated:
            self._add_alias(
                row["alias"], row["code"], (row.get("reason") or "curated") if row["ambiguous"] else None
            )
        self._flag_shared_aliases()
        for council in councils:
            council.aliases = [s for s, key in self._surface.items() if council.code in self._by_alias[key]]

    @staticmethod
    def _index_domains(councils) -> dict:
        index = {c.domain: c for c in councils if c.domain}
        claims = {}
        for council in councils:
            for domain in council.other_domains:
                claims.setdefault(domain, []).append(council)
        index.update({d: cs[0] for d, cs in claims.items() if len(cs) == 1 and d not in index})
        return index

    def _add_alias(self, alias: str, code: str, ambiguous_reason: str | None = None):
        key = alias_key(alias)
        codes = self._by_alias.setdefault(key, [])
        if code not in codes:
            codes.append(code)
        if ambiguous_reason:
            self._ambiguous[key] = ambiguous_reason
        for spelling in surface_variants(alias, self._variants):
            self._surface.setdefault(spelling, key)

    def _flag_shared_aliases(self):
        """An alias two authorities carried at the same time cannot name either on its own."""
        for key, codes in self._by_alias.items():
            councils = [self._by_code[c] for c in codes]
            if any(self._overlap(a, b) for i, a in enumerate(councils) for b in councils[i + 1 :]):
                self._ambiguous.setdefault(key, "shared by " + ", ".join(c.name for c in councils))

    @staticmethod
    def _overlap(a: Council, b: Council) -> bool:
        return (not a.ended or not b.started or b.started < a.ended) and (
            not b.ended or not a.started or a.started < b.ended
        )

    @property
    def current(self) -> list[Council]:
        """Today's authorities (no end date)."""
        return [c for c in self.councils if c.is_current]

    def by_code(self, code) -> Council | None:
        return self._by_code.get(str(code).strip())

    def by_gss(self, gss_code: str) -> Council | None:
        """The authority with this ONS code, current or former (Barnsley's E08000016 and E08000038 alike)."""
        return self._by_gss.get(str(gss_code).strip().upper())

    def by_urn(self, urn) -> Council | None:
        return self._by_urn.get(str(urn).strip())

    def by_domain(self, url_or_host: str) -> Council | None:
        """The authority whose web domain (or a subdomain) hosts this URL; None for shared domains."""
        host = domain_host(url_or_host)
        while host.count(".") >= 1:
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.split(".", 1)[1]
        return None

    def publisher_of(self, url: str | None) -> Council | None:
        """The council whose own site published ``url``: its web domain or a subdomain
        (``democracy.leeds.gov.uk``), or a council-named site on a shared host (``rbwm.moderngov.co.uk``,
        by the authority's alias or the first label of its own domain). None for any other site."""
        host = domain_host(url or "").split(":")[0]
        if not host:
            return None
        council = self.by_domain(host)
        label, _, shared = host.partition(".")
        if council is None and shared in read_context()["shared_council_hosts"]:
            council = self.council_of_label(label)
        return council

    def council_of_label(self, label: str) -> Council | None:
        """The council a shared host's site label names: an alias ("worcestershire"), the first label of its
        own domain ("rbwm"), either with a council-type ending ("norfolkcc", "kentcc") dropped."""
        endings = [e for e in read_context()["shared_host_label_endings"] if label.endswith(e) and label != e]
        for name in [label] + [label[: -len(e)] for e in endings]:
            council = self.resolve(name.replace("-", " ")) or self._by_domain_label.get(name)
            if council:
                return council
        return None

    def candidates(self, name: str) -> list[Council]:
        """Every authority that has carried this name or alias (trailing "children's services" and the
        like dropped), in gazetteer order."""
        key = alias_key(name)
        for suffix in self._suffixes:
            if key not in self._by_alias and key.endswith(" " + suffix):
                key = alias_key(key[: -len(suffix)])
        return [self._by_code[code] for code in self._by_alias.get(key, [])]

    def resolve(self, name_or_code, on_date=None) -> Council | None:
        """The council a name, alias, DfE code, GSS code, Ofsted URN or web domain refers to.

        ``on_date`` (date or ISO string) picks, among authorities that carried the name, the one of that
        day; see the module docstring for the policy on predecessors.
        """
        key = str(name_or_code).strip()
        if not key:
            return None
        if DFE_CODE_RE.match(key):
            return self.by_code(key)
        if GSS_RE.match(key):
            return self.by_gss(key)
        if URN_RE.match(key):
            return self.by_urn(key)
        if " " not in key and "." in key and self.by_domain(key):
            return self.by_domain(key)
        return self._pick(self.candidates(key), as_day(on_date))

    @staticmethod
    def _pick(candidates: list[Council], day: str | None) -> Council | None:
        if day:
            alive = [c for c in candidates if c.existed_on(day)]
            if alive:
                return alive[0]
        current = [c for c in candidates if c.is_current]
        return (current or candidates or [None])[0]

    def resolve_all(self, text, on_date=None) -> list[Council]:
        """Councils of a combined value such as DfE's "314 / 318" or "Kingston upon Thames / Richmond upon
        Thames"."""
        found = [self.resolve(part, on_date) for part in str(text).split("/")]
        return list({c.code: c for c in found if c}.values())

    def current_successors(self, code) -> list[Council]:
        """Today's authorities covering a (possibly former) authority: itself if current, else its
        successors."""
        council = self.by_code(code)
        if council is None:
            return []
        if council.is_current:
            return [council]
        found = [c for succ in council.successor_codes for c in self.current_successors(succ)]
        return list({c.code: c for c in found}.values())

    def is_ambiguous(self, alias: str) -> bool:
        """Whether ``alias`` written bare may mean something other than a council (see module docstring)."""
        return alias_key(alias) in self._ambiguous

    def ambiguity_reason(self, alias: str) -> str | None:
        return self._ambiguous.get(alias_key(alias))

    def accepts_mention(
        self, alias: str, sentence: str = "", start: int | None = None, known_codes=()
    ) -> bool:
        """The ambiguity rule: whether a matched ``alias`` at ``sentence[start:]`` counts as a council
        mention.

        Unambiguous aliases always count. An ambiguous one must not be part of a longer proper name (next
        word capitalised and not a council noun, previous word "New", "Greater", "Mr"..., or a hyphenated
        place such as "Newcastle-under-Lyme"), and either
        name a council in ``known_codes`` (already named unambiguously in the document) or stand in a
        sentence about councils or children's services.
        """
        if not self.is_ambiguous(alias):
            return True
        context = read_context()
        start = sentence.find(alias) if start is None else start
        if start >= 0 and self._inside_longer_name(alias, sentence, start, context):
            return False
        council = self.resolve(alias)
        if council and council.code in set(known_codes):
            return True
        return bool(context_regex().search(sentence.replace("’", "'")))

    @staticmethod
    def _inside_longer_name(alias: str, sentence: str, start: int, context: dict) -> bool:
        before = sentence[:start].rsplit("\n", 1)[-1].split()[-1:]  # words on the same line only
        rest = sentence[start + len(alias) :]
        after = re.match(r"[ \t]+([\w'’]+)", rest)
        if (before and before[0].rstrip(".") in context["blocking_before"]) or re.match(r"-[a-z]", rest):
            return True  # "New York", "Greater Manchester", "Newcastle-under-Lyme", "Chester-le-Street"
        word = re.sub(r"['’]s$", "", after.group(1)) if after else ""
        return word[:1].isupper() and word not in context["council_nouns"]

    def alias_patterns(self) -> list[dict]:
        """SpanRuler/PhraseMatcher patterns (match on ORTH: case matters), one per spelling.

        ``id`` is the code the alias resolves to without a date; call ``resolve(span.text, on_date)`` for
        the authority of the document's day. ``ambiguous`` marks aliases that need council context.
        Spellings overlap ("Northamptonshire" inside "North Northamptonshire"): keep the longest match.
        """
        patterns = []
        for spelling, key in self._surface.items():
            council = self._pick([self._by_code[c] for c in self._by_alias[key]], None)
            patterns.append(
                {
                    "label": "COUNCIL",
                    "pattern": spelling,
                    "id": council.code,
                    "ambiguous": key in self._ambiguous,
                }
            )
        return patterns

    def alias_rows(self) -> list[dict]:
        """Every (alias spelling, code) pair with its ambiguity, for the database's council_aliases table."""
        return [
            {
                "alias": spelling,
                "code": code,
                "ambiguous": int(key in self._ambiguous),
                "reason": self._ambiguous.get(key),
            }
            for spelling, key in self._surface.items()
            for code in self._by_alias[key]
        ]


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from the bundled data files (built once per process)."""
    return Gazetteer(read_councils())
