"""Candidates the readers saw and turned down, each with its reason (extract-file --explain, the candidates
table)."""

import pytest

from extractors import extract_facts


@pytest.mark.parametrize(
    "text,kind,reason",
    [
        (
            "Caseloads rose, and 45% of social workers said their caseload was too high.",
            "caseloads",
            "a percentage, ratio or date",
        ),
        (
            "The adult social workers in the county were handling about 30 cases each.",
            "caseloads",
            "the workload of staff outside children's social work",
        ),
        (
            "The primary school in Hull was rated good by Ofsted, inspectors of its children's services "
            "noted.",
            "ratings",
            "the rating of a school, home or other body",
        ),
        (
            "Ofsted warned that Hull's children's services could be rated inadequate.",
            "ratings",
            "hypothetical, an aim or a negation",
        ),
        (
            "Hull's director of children's services earns a salary of £150,000.",
            "funding",
            "a price, salary, fee, saving or conditional sum",
        ),
        (
            "Hull Council's children's services building is valued at £2m.",
            "funding",
            "no word of funding, spending or budget",
        ),
        (
            "We need to improve the way we record supervision, the director of Hull's children's services "
            "said.",
            "recommendations",
            "not in an inspector's voice",
        ),
        (
            "Hull's agency spending on children's social workers fell by 12 per cent.",
            "workforce",
            "a change, not a rate",
        ),
        ("Hull Council aims for an agency rate of 10 per cent.", "workforce", "a target"),
    ],
)
def test_a_turned_down_candidate_carries_its_reason(text, kind, reason):
    facts = extract_facts(text, published="2025-01-10")
    assert facts[kind] == []
    found = [r for r in facts["rejected"] if r["kind"] == kind]
    assert [r["reason"] for r in found] == [reason]
    assert all(text[r["start"] : r["end"]] == r["quote"] and r["quote"] in r["sentence"] for r in found)


def test_a_grade_word_outside_any_rating_context_is_not_a_candidate():
    facts = extract_facts("It was a good day for the team at Hull's children's centre.")
    assert facts["ratings"] == [] and facts["rejected"] == []


def test_a_rating_with_no_council_is_turned_down_for_that_reason():
    facts = extract_facts("A council was rated inadequate by Ofsted in 2023.")
    assert [(r["kind"], r["reason"], r["quote"]) for r in facts["rejected"]] == [
        ("ratings", "no council named or implied", "inadequate")
    ]
