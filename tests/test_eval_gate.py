"""The eval gate: extraction quality on annotated documents must not fall below pinned floors.

Floors per fact kind live in tests/eval_floors.json with a sha256 digest of the annotated corpus they were
measured on. Changing the corpus without re-pinning (``python -m extractors.evaluate --write-floors``)
fails, so lowering a floor is always a visible change in review.
"""
import json

import pytest

from extractors.evaluate import (FLOORS_PATH, corpus_digest, corpus_files, corpus_gold_set, evaluate,
                                 format_table)

FLOORS = json.loads(FLOORS_PATH.read_text())
CORPORA = ["dev", "generalisation", "samples"]


def pinned(name):
    if not corpus_files(name):
        pytest.skip(f"no annotated {name} corpus here ({'../shared absent' if name == 'dev' else 'no gold yet'})")
    if name not in FLOORS:
        pytest.fail(f"no floors pinned for the {name} corpus: run python -m extractors.evaluate --write-floors")
    return FLOORS[name]


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_digest_matches_pinned_floors(name):
    floors = pinned(name)
    assert corpus_digest(corpus_files(name)) == floors["digest"], (
        f"the annotated {name} corpus changed since its floors were pinned: re-measure with "
        "python -m extractors.evaluate --write-floors and commit tests/eval_floors.json")


@pytest.mark.parametrize("name", CORPORA)
def test_every_kind_scores_at_least_its_floor(name):
    floors = pinned(name)
    result = evaluate(corpus_gold_set(name))
    below = {kind: round(result["kinds"][kind]["f1"], 3) for kind, floor in floors["f1_floors"].items()
             if result["kinds"][kind]["f1"] < floor}
    assert not below, f"{name}: F1 below floor for {below}\n{format_table(result)}"


def test_dev_set_meets_the_issue_target():
    pinned("dev")
    result = evaluate(corpus_gold_set("dev"))
    assert result["macro_f1"] >= 0.95, format_table(result)
    assert all(s["f1"] >= 0.9 for s in result["kinds"].values()), format_table(result)
