"""Word lists and tables kept as data files in ``extractors/data/`` (loaded once)."""

import functools
import json
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
PATTERNS_DIR = Path(__file__).parent / "patterns"


@functools.lru_cache(maxsize=None)
def load_json(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def load_words(name: str) -> frozenset:
    """A ``.txt`` word list: one entry a line, lower-cased; ``#`` starts a comment."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#")[0].strip().lower() for line in lines if line.split("#")[0].strip())


@functools.lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """A ``.txt`` table in its order: one entry a line, as written; ``#`` starts a comment."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.split("#")[0].strip() for line in lines if line.split("#")[0].strip())


def load_patterns(name: str) -> list[dict]:
    """Matcher patterns, one JSON object a line: {"label": ..., "pattern": [...]}."""
    lines = (PATTERNS_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


def as_sets(rules: dict) -> dict:
    """A rules table with its word lists as frozensets, for membership tests on the hot path."""
    return {key: frozenset(value) if isinstance(value, list) else value for key, value in rules.items()}
