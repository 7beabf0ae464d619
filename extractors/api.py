"""The one function that turns a document's text into facts (used by extract, extract-file, the loader).

Contract: ``extract_facts(text, published=None, title=None, source_kind=None, url=None, council=None)``
returns ``{"councils": [short names], "caseloads": [...], "ratings": [...], "funding": [...],
"recommendations": [...], "workforce": [...], "rejected": [...], "report_type": ...}``: each fact a plain
dict with the fields of ``../shared/eval/SCHEMA.md`` plus ``council_code`` (DfE code or None),
``start``/``end`` (character offsets of ``quote`` in ``text``) and ``sentence`` (the sentence the quote sits
in). ``rejected`` lists the candidates the readers saw and turned down (``kind``, ``reason``, ``quote``,
``start``, ``end``, ``sentence``); ``report_type`` is the kind of Ofsted report the text is (``inspection``,
``focused_visit``, ``monitoring_visit``, ``jtai``: ``ofsted_report.REPORT_TYPES``), None for any other.

The document's publisher is the council whose own document it is: ``council`` (a name or DfE code, as
the source it was fetched from or its ``NAME.meta.json`` says), else the council whose web site ``url``
is on. Minutes and press releases speak of "the Council" and "our social workers" without naming it:
those facts, and the document's subject, are the publisher's. A document of no publisher (national news)
is read as before.

The pipeline is built once, from :func:`pipeline_config` (one matcher per kind of ``extractors.kinds``).
Ofsted reports themselves (judgement tables, "What needs to improve?" bullets) are read by
``extractors.ofsted_report`` when it is installed: for a report, its ratings and recommendations replace the
prose readers' (``facts.with_report_facts``, run by the pipeline's last step, so with ``n_process`` it runs in
the worker processes too).

A text longer than :data:`PIECE_CHARS` (spaCy refuses texts over ``nlp.max_length``, 1,000,000 characters) is
read in pieces cut at paragraph breaks; every piece after the first is read under the document's headline,
with its title and publisher, and the facts' offsets are the document's (:func:`document_pieces`,
:func:`joined`).
"""

import collections
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import spacy

from . import components, facts_component  # noqa: F401  (registers the factories)
from .components import FACTS_KEY, META_KEY
from .gazetteer import load_gazetteer
from .kinds import KIND_NAMES, KINDS, extraction_signature
from .sentences import TEXT_KEY

FACT_KINDS = list(KIND_NAMES)
PACKAGE_DIR = Path(__file__).parent
# What decides extraction output, and so what its version hashes (with the spaCy version and the registry's
# extraction signature): the package's code, its patterns and its data (rules, word lists, the gazetteer).
# Evaluation and benchmarks live in pipeline/, so changing them re-extracts nothing; kinds.py is hashed by
# what of it decides extraction (descriptions and columns do not).
VERSIONED_FILES = ("*.py", "patterns/*", "data/*")
UNVERSIONED = {"kinds.py"}


def versioned_files(root: Path) -> list[Path]:
    return sorted(
        {
            path
            for pattern in VERSIONED_FILES
            for path in root.glob(pattern)
            if path.is_file() and path.name not in UNVERSIONED
        }
    )


def extractor_version() -> str:
    """A short hash of :data:`VERSIONED_FILES` (names and contents), the registry's extraction signature and
    the spaCy version."""
    digest = hashlib.sha256(f"spacy {spacy.__version__}".encode())
    for path in versioned_files(PACKAGE_DIR):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    digest.update(extraction_signature().encode())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = extractor_version()


def pipeline_config() -> dict:
    """The spaCy pipeline: sentences, council mentions, one matcher per fact kind putting its cues in the
    kind's span group, then the facts."""
    matchers = {
        kind.component: {
            "factory": "casewatch_matcher",
            "patterns": kind.patterns,
            "span_key": kind.name,
            "needs_number": kind.needs_number,
        }
        for kind in KINDS
    }
    component_settings = {
        "sentences": {"factory": "casewatch_sentences"},
        "councils": {"factory": "casewatch_councils", "rules": "council_mentions.json"},
        **matchers,
        "facts": {"factory": "casewatch_facts"},
    }
    return {"nlp": {"lang": "en", "pipeline": list(component_settings)}, "components": component_settings}


@functools.lru_cache(maxsize=1)
def get_nlp():
    return spacy.blank("en", config=pipeline_config())


def publisher_code(
    url: str | None = None, council: str | None = None, published: str | None = None
) -> str | None:
    """The DfE code of the council that published a document: ``council`` (name or code) if given, else the
    council whose site ``url`` is on; None for anyone else's document."""
    gazetteer = load_gazetteer()
    found = gazetteer.resolve(council, on_date=published) if council else gazetteer.publisher_of(url)
    return found.code if found else None


def make_doc(nlp, text: str, published=None, title=None, publisher=None):
    doc = nlp.make_doc(text or "")
    doc.user_data[META_KEY] = {"published": published, "title": title, "publisher": publisher}
    doc.user_data[TEXT_KEY] = text or ""  # saves joining the tokens again (Doc.text) in the pipeline
    return doc


def extract_facts(
    text: str,
    published: str | None = None,
    title: str | None = None,
    source_kind: str | None = None,
    url: str | None = None,
    council: str | None = None,
) -> dict:
    nlp = get_nlp()
    publisher = publisher_code(url, council, published)
    pieces = document_pieces(text or "")
    read = [
        nlp(make_doc(nlp, piece.text, published, title, publisher)).user_data[FACTS_KEY] for piece in pieces
    ]
    return joined(pieces, read)


def extract_facts_many(docs, n_process: int = 1, batch_size: int = 32):
    """Facts for each of ``docs`` (dicts with text, published, title, source_kind, url, council), in order."""
    nlp = get_nlp()
    layouts = collections.deque()  # each document's pieces, in the order nlp.pipe hands their Docs back

    def prepared():
        for item in docs:
            publisher = publisher_code(item.get("url"), item.get("council"), item.get("published"))
            layouts.append(document_pieces(item.get("text") or ""))
            for piece in layouts[-1]:
                yield make_doc(nlp, piece.text, item.get("published"), item.get("title"), publisher)

    read = []
    for doc in nlp.pipe(prepared(), n_process=n_process, batch_size=batch_size):
        read.append(doc.user_data[FACTS_KEY])
        if len(read) == len(layouts[0]):
            yield joined(layouts.popleft(), read)
            read = []


# ---------------------------------------------------------------- long texts
PIECE_CHARS = 200_000  # well under spaCy's max_length, and a Doc of this size costs little memory
HEADLINE_CHARS = 1_000  # an opening paragraph longer than this is no headline


@dataclass
class Piece:
    """``text`` is the document's characters from ``start`` on, after ``lead`` characters of its headline."""

    text: str
    start: int = 0
    lead: int = 0


def document_pieces(text: str, size: int = PIECE_CHARS) -> list[Piece]:
    """The pieces a text is read in: the whole text when it is at most ``size`` characters, else pieces of at
    most ``size`` cut after a blank line, else a line break, else a space. Each piece after the first opens
    with the document's headline, so its council is the headline's there too, as the first paragraph of the
    document makes it."""
    if len(text) <= size:
        return [Piece(text)]
    headline = headline_of(text)
    starts = piece_starts(text, size - len(headline))
    ends = starts[1:] + [len(text)]
    return [
        Piece(
            text[start:end] if not start else headline + text[start:end], start, len(headline) if start else 0
        )
        for start, end in zip(starts, ends, strict=True)
    ]


def piece_starts(text: str, size: int) -> list[int]:
    starts = [0]
    while len(text) - starts[-1] > size:
        starts.append(cut_point(text, starts[-1], starts[-1] + size))
    return starts


def cut_point(text: str, start: int, end: int) -> int:
    """Where to end a piece of ``text[start:end]``: after the last paragraph break, line break or space of its
    second half; at ``end`` in a run of characters without one."""
    half = (start + end) // 2
    for boundary in ("\n\n", "\n", " "):
        at = text.rfind(boundary, half, end)
        if at != -1:
            return at + len(boundary)
    return end


def headline_of(text: str) -> str:
    """The document's opening paragraph and the blank line after it: its headline (nothing when the text opens
    with a long paragraph)."""
    opening = text[: HEADLINE_CHARS + 2]
    end = opening.find("\n\n", len(opening) - len(opening.lstrip()))
    return opening[:end] + "\n\n" if end != -1 else ""


def joined(pieces: list[Piece], read: list[dict]) -> dict:
    """The facts of a document read in ``pieces``: each piece's own (not its headline's, which the first piece
    gave), with offsets into the whole text, and the councils of every piece."""
    if len(pieces) == 1:
        return plain(read[0])
    facts = {
        "councils": sorted({name for one in read for name in one["councils"]}),
        **{kind: [] for kind in FACT_KINDS},
        "rejected": [],
    }
    for piece, one in zip(pieces, read, strict=False):
        shift = piece.start - piece.lead
        for kind in [*FACT_KINDS, "rejected"]:
            facts[kind].extend(
                {**f, "start": f["start"] + shift, "end": f["end"] + shift}
                for f in one[kind]
                if f["start"] >= piece.lead
            )
    facts["report_type"] = read[0]["report_type"]  # a report's title and judgements open its first piece
    return facts


def plain(facts: dict) -> dict:
    """Fresh lists (and nothing else) for the caller: the facts as the contract describes them, the
    candidates the readers turned down (``rejected``: kind, reason and evidence of each), the report type."""
    return {
        "councils": list(facts["councils"]),
        **{kind: list(facts[kind]) for kind in FACT_KINDS},
        "rejected": list(facts["rejected"]),
        "report_type": facts["report_type"],
    }
