"""The one function that turns a document's text into facts (used by extract, extract-file, the loader).

Contract: ``extract_facts(text, published=None, title=None, source_kind=None, url=None, council=None)`` returns
``{"councils": [short names], "caseloads": [...], "ratings": [...], "funding": [...],
"recommendations": [...], "workforce": [...], "rejected": [...]}``: each fact a plain dict with the fields of
``../shared/eval/SCHEMA.md`` plus ``council_code`` (DfE code or None), ``start``/``end`` (character
offsets of ``quote`` in ``text``) and ``sentence`` (the sentence the quote sits in). ``rejected`` lists the
candidates the readers saw and turned down (``kind``, ``reason``, ``quote``, ``start``, ``end``, ``sentence``).

The document's publisher is the council whose own document it is: ``council`` (a name or DfE code, as
the source it was fetched from or its ``NAME.meta.json`` says), else the council whose web site ``url``
is on. Minutes and press releases speak of "the Council" and "our social workers" without naming it:
those facts, and the document's subject, are the publisher's. A document of no publisher (national news)
is read as before.

The pipeline is built once from ``config.cfg``. Ofsted reports themselves (judgement tables, "What needs
to improve?" bullets) are read by ``extractors.ofsted_report`` when it is installed: for a report, its
ratings and recommendations replace the prose readers' (``facts.with_report_facts``, run by the pipeline's
last step, so with ``n_process`` it runs in the worker processes too).
"""
import functools
import hashlib
from pathlib import Path

import spacy
from spacy.util import load_config

from . import components  # noqa: F401  (registers the factories)
from .components import FACTS_KEY, META_KEY
from .gazetteer import load_gazetteer
from .sentences import TEXT_KEY

FACT_KINDS = ["caseloads", "ratings", "funding", "recommendations", "workforce"]
PACKAGE_DIR = Path(__file__).parent
CONFIG_PATH = PACKAGE_DIR / "config.cfg"
VERSIONED_SUFFIXES = {".py", ".cfg", ".jsonl", ".json", ".txt", ".csv", ".yaml", ".yml"}


def extractor_version() -> str:
    """A short hash of the package's code, config, patterns and data: any change of rules changes it."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in VERSIONED_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = extractor_version()


@functools.lru_cache(maxsize=1)
def get_nlp():
    return spacy.blank("en", config=load_config(CONFIG_PATH))


def publisher_code(url: str | None = None, council: str | None = None, published: str | None = None) -> str | None:
    """The DfE code of the council that published a document: ``council`` (name or code) if given, else the
    council whose site ``url`` is on; None for anyone else's document."""
    gazetteer = load_gazetteer()
    found = gazetteer.resolve(council, on_date=published) if council else gazetteer.publisher_of(url)
    return found.code if found else None


def make_doc(nlp, text: str, published=None, title=None, publisher=None):
    doc = nlp.make_doc(text or "")
    doc.user_data[META_KEY] = {"published": published, "title": title, "publisher": publisher}
    doc.user_data[TEXT_KEY] = text or ""      # saves joining the tokens again (Doc.text) in the pipeline
    return doc


def extract_facts(text: str, published: str | None = None, title: str | None = None,
                  source_kind: str | None = None, url: str | None = None, council: str | None = None) -> dict:
    nlp = get_nlp()
    doc = nlp(make_doc(nlp, text, published, title, publisher_code(url, council, published)))
    return plain(doc.user_data[FACTS_KEY])


def extract_facts_many(docs, n_process: int = 1, batch_size: int = 32):
    """Facts for each of ``docs`` (dicts with text, published, title, source_kind, url, council), in order."""
    nlp = get_nlp()

    def prepared():
        for item in docs:
            publisher = publisher_code(item.get("url"), item.get("council"), item.get("published"))
            yield make_doc(nlp, item.get("text") or "", item.get("published"), item.get("title"), publisher)

    for doc in nlp.pipe(prepared(), n_process=n_process, batch_size=batch_size):
        yield plain(doc.user_data[FACTS_KEY])


def plain(facts: dict) -> dict:
    """Fresh lists (and nothing else) for the caller: the facts as the contract describes them, and the
    candidates the readers turned down (``rejected``: kind, reason and evidence of each)."""
    return {"councils": list(facts["councils"]), **{kind: list(facts[kind]) for kind in FACT_KINDS},
            "rejected": list(facts["rejected"])}
