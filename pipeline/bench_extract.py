"""Throughput of full extraction against bare ``spacy.blank("en")`` tokenisation, on generated documents.

``generate_documents`` builds varied news and minutes texts from the templates and word lists in
``pipeline/data/benchmark_templates.json`` (facts, traps and filler), with real council names from the
gazetteer. ``throughput_report`` times both on one core over the same texts and prints tokens/s, documents/s
and their ratio (the issue asks full extraction to keep at least 35 % of the bare tokeniser's speed).
"""

import json
import random
import textwrap
import time
from pathlib import Path

import spacy

from extractors.api import extract_facts_many, get_nlp
from extractors.gazetteer import load_gazetteer

from .evaluate import corpus_files, corpus_gold_set

TEMPLATES_PATH = Path(__file__).parent / "data" / "benchmark_templates.json"

TARGET_RATIO = 0.35
FACT_SHARE = 0.12  # share of paragraphs carrying facts (real articles: a few figures among much prose)


def fill(template: str, rng: random.Random, councils: list[str], words: dict) -> str:
    values = {
        "council": rng.choice(councils),
        "month": rng.choice(words["months"]),
        "year": rng.randint(2014, 2025),
        "day": rng.randint(1, 28),
        "judgement": rng.choice(words["judgements"]),
        "money": rng.choice(words["money"]),
        "money2": rng.choice(words["money"]),
        "n": rng.randint(12, 30),
        "m": rng.randint(12, 45),
        "d": rng.randint(0, 9),
        "decade": rng.choice([1, 2, 3]) * 10,
        "big": rng.randint(40, 300),
        "pct": rng.randint(5, 45),
        "pct2": rng.randint(5, 45),
        "small": rng.randint(1, 9),
        "first": rng.choice(words["first_names"]),
        "surname": rng.choice(words["surnames"]),
        "surname2": rng.choice(words["surnames"]),
        "surname3": rng.choice(words["surnames"]),
        "topic": rng.choice(words["topics"]),
        "adjective": rng.choice(words["adjectives"]),
        "organisation": rng.choice(words["organisations"]),
    }
    return template.format(**values)


LAYOUTS = ["news", "news", "minutes", "pdf"]


def lay_out(paragraphs: list[str], layout: str, rng: random.Random) -> str:
    """Text as the sources deliver it: news one paragraph a line, minutes numbered, PDFs wrapped at ~90
    characters (every line break makes a fresh tokeniser chunk, as in real documents)."""
    if layout == "minutes":
        paragraphs = [paragraphs[0]] + [f"{k}. {p}" for k, p in enumerate(paragraphs[1:], 1)]
    if layout == "pdf":
        width = rng.randint(80, 100)
        return "\n".join(textwrap.fill(p, width) for p in paragraphs) + "\n"
    return "\n".join(paragraphs) + "\n"


def generate_documents(n: int, seed: int = 0) -> list[dict]:
    """``n`` synthetic documents (text, published, title): 4 to 30 paragraphs, about one in eight with
    facts, the rest traps and the filler news and minutes are mostly made of."""
    rng = random.Random(seed)
    words = json.loads(TEMPLATES_PATH.read_text(encoding="utf-8"))
    councils = sorted({c.name for c in load_gazetteer().councils})
    docs = []
    for _ in range(n):
        title = fill(rng.choice(words["headlines"]), rng, councils, words)
        paragraphs = [title]
        for _ in range(rng.randint(4, 30)):
            pool = words["facts"] if rng.random() < FACT_SHARE else words["fillers"]
            sentences = [fill(rng.choice(pool), rng, councils, words) for _ in range(rng.randint(1, 3))]
            paragraphs.append(" ".join(sentences))
        published = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        docs.append(
            {
                "text": lay_out(paragraphs, rng.choice(LAYOUTS), rng),
                "title": title,
                "published": rng.choice([published, None]),
            }
        )
    return docs


def time_bare(texts: list[str]) -> tuple[float, int]:
    nlp = spacy.blank("en")
    list(nlp.pipe(texts[:200]))  # warm the tokeniser's cache, as extraction's is
    start, tokens = time.perf_counter(), 0
    for doc in nlp.pipe(texts):
        tokens += len(doc)
    return time.perf_counter() - start, tokens


def time_full(docs: list[dict]) -> tuple[float, int]:
    list(extract_facts_many(docs[:200]))  # build the pipeline and warm it outside the clock
    start, facts = time.perf_counter(), 0
    for result in extract_facts_many(docs, n_process=1):
        facts += sum(len(v) for k, v in result.items() if isinstance(v, list) and k != "councils")
    return time.perf_counter() - start, facts


REAL_CORPORA = ("real", "dev", "samples")  # annotated text nobody here wrote (the written set is ours)


def real_documents(repeat: int = 10) -> list[dict]:
    """The annotated real documents (the real-derived set, the dev set and the samples) when present, repeated
    for a steadier clock; each as extraction sees it, with its url and title."""
    found = []
    for name in REAL_CORPORA:
        if corpus_files(name):
            found += [
                {
                    "text": e.text,
                    "title": meta.get("title") or e.title,
                    "published": meta.get("published"),
                    "url": meta.get("url"),
                }
                for _, e, meta, _ in corpus_gold_set(name)
            ]
    return found * repeat


def throughput_report(n: int = 2000, seed: int = 0) -> dict:
    get_nlp()
    result = report_on(generate_documents(n, seed), f"{n} generated documents")
    real = real_documents()
    if real:
        report_on(real, f"the {len(real) // 10} annotated real documents, 10 times over", target=None)
    return result


def verdict(ratio: float, target: float | None) -> str:
    if target is None:
        return "compare with the same line of an earlier commit: it must not fall"
    return "ok" if ratio >= target else f"BELOW the {target:.0%} target"


def report_on(docs: list[dict], what: str, target: float | None = TARGET_RATIO) -> dict:
    """Time bare tokenisation and full extraction of ``docs`` and print both; ``target`` is the share of bare
    speed full extraction must keep (None on real text, whose ratio is compared with an earlier commit's)."""
    n, texts = len(docs), [d["text"] for d in docs]
    bare_seconds, tokens = time_bare(texts)
    full_seconds, facts = time_full(docs)
    ratio = bare_seconds / full_seconds
    print(f"extraction throughput on one core: {what}, {tokens} tokens, {facts} facts")
    print(f"{'':24} {'tokens/s':>12} {'documents/s':>12}")
    print(f"{'bare spacy.blank(en)':24} {tokens / bare_seconds:12,.0f} {n / bare_seconds:12,.1f}")
    print(f"{'full extraction':24} {tokens / full_seconds:12,.0f} {n / full_seconds:12,.1f}")
    print(f"full extraction keeps {ratio:.1%} of bare tokenisation speed ({verdict(ratio, target)})")
    return {
        "documents": n,
        "tokens": tokens,
        "facts": facts,
        "bare_seconds": bare_seconds,
        "full_seconds": full_seconds,
        "ratio": ratio,
    }
