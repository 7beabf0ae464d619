"""The bundled sample corpus (``corpus/samples``): it extracts cleanly, and its gold annotations are sound.

The gold files drive the eval gate, so they are checked against the text exactly as ``extract_text``
gives it: every quote must be found there, every field must take a value SCHEMA.md allows.
"""

import csv
import json
import re
from pathlib import Path

import pypdfium2
import pytest
from bs4 import BeautifulSoup

from corpus.text import MEDIA_TYPES, extract_text, media_type_for
from extractors import kinds as registry

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
LOOKUP_CSV = ROOT / "extractors" / "data" / "ofsted_provider_la_lookup.csv"
GOLD = SAMPLES / "gold"
DOCUMENTS = sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix.lower() in MEDIA_TYPES)
KINDS = ["councils", *registry.KIND_NAMES]
SOURCE_KINDS = {"news", "council_minutes", "council_press", "ofsted_report", "other"}

# Required fields and allowed values per kind, as SCHEMA.md gives them (declared in extractors/kinds.py).
FIELDS = {kind.name: set(kind.contract_fields) for kind in registry.KINDS}
ENUMS = {
    (kind.name, f.name): set(f.values)
    for kind in registry.KINDS
    for f in kind.fields
    if f.contract and f.values
}
AS_OF_RE = re.compile(r"^\d{4}(?:-\d{2})?$")

# Page furniture that must never reach the text: generic strings, plus (for HTML) every line of the
# page's navigation, footer and cookie banner, read from the page itself.
DEBRIS = [
    "Hide Ad",
    "Advertisement",
    "cookie",
    "Watch more of our videos",
    "Freeview",
    "Visit Shots!",
    "Skip to main content",
    "Share on",
    "Share this",
    "Sign up to our",
    "Most Read",
    "Was this page helpful",
    "READ MORE:",
]
LABEL_LINES = {"Published:", "Published", "Posted on", "Updated:"}  # date labels left without their date
FURNITURE_SELECTOR = "nav, footer, [id*=cookie], [class*=cookie], [class*=consent], [class*=gdpr]"

# Traps: text that is in a sample but must not become a fact (no gold quote may contain it).
TRAPS = [
    ("cypnow-croydon-caseloads-2023.html", "From £15 / month"),
    ("sheffield-star-caseloads-2024.html", "fell by 30 per cent"),
    ("ofsted-monitoring-visit-dudley-2024.pdf", "reduced by 30 per cent"),
    ("kent-cype-committee-minutes-2024.html", "Savings of £2.4m"),
    ("kent-cype-committee-minutes-2024.html", "03069 990 412"),
    ("stockport-press-ofsted-outstanding-2024.html", "0161 496 0742"),
    ("ofsted-ilacs-torbay-2025.pdf", "0300 123 1231"),
    ("hampshire-echo-budget-2024.html", "£47,000"),
    ("hampshire-echo-budget-2024.html", "save £2m"),
    ("hampshire-echo-budget-2024.html", "Hill View Primary School"),
    ("cypnow-croydon-caseloads-2023.html", "£2,000 retention payment"),
    ("ofsted-sif-norfolk-2017.txt", "59 per 10,000 children"),
    ("ofsted-inspection-wigan-2026.pdf", "more than 20 miles"),
    ("cornwall-council-news-grow-our-own-2025.html", "£550 a day"),
    ("medway-council-press-ofsted-good-2023.html", "Kent County Council"),
    ("ofsted-ilacs-torbay-2025.pdf", "Inspectors met 41"),
    ("ofsted-ilacs-torbay-2025.pdf", "fallen by 19%"),
]


def text_of(path: Path) -> str:
    return extract_text(path.read_bytes(), media_type_for(path)).text


def gold_of(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))


def all_gold() -> list[dict]:
    return [gold_of(path) for path in DOCUMENTS]


def squash(text: str) -> str:
    return " ".join(text.split())


def furniture_lines(html: bytes) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    lines = set()
    for element in soup.select(FURNITURE_SELECTOR):
        lines.update(line.strip() for line in element.get_text("\n").splitlines() if len(line.strip()) > 3)
    return lines


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_sample_extracts_without_debris(path):
    extracted = extract_text(path.read_bytes(), media_type_for(path))
    text = extracted.text
    assert len(text) > 800
    leaked = [word for word in DEBRIS if word.lower() in text.lower()]
    assert not leaked, f"{path.name}: debris in text: {leaked}"
    assert not LABEL_LINES & {line.strip() for line in text.splitlines()}
    if media_type_for(path) == "text/html":
        lines = {line.strip() for line in text.splitlines()} - {extracted.title}  # a breadcrumb may repeat it
        assert not furniture_lines(path.read_bytes()) & lines


def test_at_least_two_real_multipage_pdfs():
    pdfs = [p for p in DOCUMENTS if p.suffix == ".pdf"]
    multipage = [
        p
        for p in pdfs
        if p.read_bytes().startswith(b"%PDF") and len(pypdfium2.PdfDocument(p.read_bytes())) > 1
    ]
    assert len(multipage) >= 2, multipage


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_sample_has_valid_sidecar(path):
    meta = json.loads(path.with_name(f"{path.stem}.meta.json").read_text(encoding="utf-8"))
    assert meta["source_kind"] in SOURCE_KINDS
    assert meta["url"].startswith("https://") and meta["title"]
    assert meta["published"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["published"])


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_gold_quotes_are_in_the_extracted_text(path):
    text, gold = text_of(path), gold_of(path)
    assert set(gold) == set(KINDS)
    for kind in KINDS[1:]:
        for fact in gold[kind]:
            if kind == "recommendations":
                assert squash(fact["text"]) in squash(text), fact
            else:
                assert fact["quote"] in text, (kind, fact["quote"])


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_gold_follows_the_schema(path):
    gold = gold_of(path)
    assert gold["councils"] and all(isinstance(name, str) for name in gold["councils"])
    for kind, fields in FIELDS.items():
        for fact in gold[kind]:
            assert set(fact) == fields, (kind, fact)
            assert fact["council"] is None or fact["council"] in gold["councils"], fact
            for (enum_kind, field), allowed in ENUMS.items():
                if enum_kind == kind:
                    assert fact[field] in allowed, (kind, field, fact)
            if fact.get("as_of") is not None:
                assert AS_OF_RE.match(fact["as_of"]), fact


def test_gold_covers_every_kind_and_six_councils():
    golds = all_gold()
    for kind in KINDS:
        assert any(gold[kind] for gold in golds), f"no {kind} in any gold file"
    councils = {name for gold in golds for name in gold["councils"]}
    assert len(councils) >= 6, councils


def test_gold_councils_are_short_official_names():
    with open(LOOKUP_CSV, encoding="utf-8-sig", newline="") as fh:
        names = {row["local_authority_ons_name"] for row in csv.DictReader(fh)}
    for gold in all_gold():
        assert set(gold["councils"]) <= names, gold["councils"]


def test_gold_covers_the_conventions():
    golds = all_gold()
    caseloads = [fact for gold in golds for fact in gold["caseloads"]]
    ratings = [fact for gold in golds for fact in gold["ratings"]]
    assert any(fact["council"] is None for fact in caseloads), "a national average"
    assert any(fact["low"] is not None and fact["high"] is not None for fact in caseloads), "a range"
    assert {"average", "maximum", "target"} <= {fact["measure"] for fact in caseloads}
    assert {"current", "previous"} <= {fact["when"] for fact in ratings}
    assert {"overall", "leaders", "help_and_protection", "in_care", "care_leavers"} <= {
        f["scope"] for f in ratings
    }
    funding = {fact["recurrence"] for gold in golds for fact in gold["funding"]}
    assert {"one-off", "annual"} <= funding


@pytest.mark.parametrize("name, trap", TRAPS)
def test_trap_is_in_the_text_and_not_in_the_gold(name, trap):
    path = SAMPLES / name
    assert trap in text_of(path)
    gold = gold_of(path)
    quotes = [fact["quote"] for kind in KINDS[1:] for fact in gold[kind] if "quote" in fact]
    assert not [quote for quote in quotes if trap in quote or quote in trap]


def test_every_sample_has_gold_and_every_gold_a_sample():
    assert {p.stem for p in DOCUMENTS} == {p.stem for p in GOLD.glob("*.json")}
    assert len(DOCUMENTS) >= 12
