"""Funding: money committed, invested, budgeted, cut or overspent on children's services or social care.

An amount counts when its sentence speaks of funding (invest, budget, overspend, grant...) and of
children's social care, and nothing next to it makes it a price, salary, day rate, fee or a saving.
"""
import re

from spacy.util import filter_spans

from .candidates import rejected
from .numbers import parse_money, word_number
from .sentences import is_headline
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("funding_rules.json"))
NEEDS_COUNCIL = False
WHOLE_COUNCIL_BUDGET_RE = re.compile(RULES["whole_council_budget_regex"])
DECIMAL_COMMA_RE = re.compile(RULES["decimal_comma_regex"])


def read(ctx):
    doc = ctx.doc
    for span in filter_spans(list(doc.spans.get("funding", []))):
        amount = amount_of(span)
        if amount is None or amount < RULES["minimum_gbp"]:
            yield rejected("too small to be a budget or grant", span)
            continue
        sent = ctx.sentence(span.start)
        left, right = clause_window(doc, span, sent)
        reason = why_not_funding(ctx, sent, left, right)
        if reason:
            yield rejected(reason, span)
            continue
        fact = {"amount_gbp": amount, "recurrence": recurrence_of(left, right), "purpose": purpose_of(doc, span, sent)}
        yield fact, (span.start, span.end), quote_extent(doc, span, left, right)


def why_not_funding(ctx, sent, left, right) -> str | None:
    if is_excluded(left, right):
        return "a price, salary, fee, saving or conditional sum"
    if names_whole_budget(left):
        return "the whole council's budget"
    return not_childrens_funding(ctx, sent, left + right)


GLUE_WORDS = {"a", "-", "per", "each", "every"}


def quote_extent(doc, span, left, right) -> tuple[int, int]:
    """The amount with the words that say what it is: "one-off investment of £6.5m", "£2.5m funding per year"."""
    telling = RULES["funding_words"] | RULES["quote_words"]
    lead = next((k for k, word in enumerate(left) if word in telling and word not in GLUE_WORDS), None)
    tail = max((k for k, word in enumerate(right) if word in telling), default=None)
    start = doc[span.start - len(left) + lead].idx if lead is not None else span.start_char
    end_token = doc[span.end + tail] if tail is not None else None
    return start, (end_token.idx + len(end_token)) if end_token is not None else span.end_char


def amount_of(span):
    words = [t.text for t in span if t.text != "£" and not t.is_space]
    number = words[0]
    scale = words[1] if len(words) > 1 and words[1].lower() not in ("pounds", "pound") else None
    if word_number(number) is not None:                 # "a SIX MILLION pound investment"
        number = str(word_number(number))
    return parse_money(decimal_comma(number, scale), scale)


def decimal_comma(number: str, scale: str | None) -> str:
    """"£29,463m" in minutes is £29.463m: a comma before three digits of a figure in £m is a decimal point
    there (read as a thousands separator it would make a children's services sum of £29bn)."""
    match = DECIMAL_COMMA_RE.match(number)
    if match and scale and scale.lower() in RULES["decimal_comma_scales"]:
        return f"{match.group(1)}.{match.group(2)}"
    return number


def clause_window(doc, span, sent) -> tuple[list[str], list[str]]:
    """Words around an amount, up to the next amount or clause break: "one-off investment of £6.5m"."""
    stops = RULES["window_stops"]
    left = []
    for t in reversed(doc[max(sent.start, span.start - 6):span.start]):
        if t.text in stops or t.text == "£":
            break
        left.insert(0, t.lower_)
    right = []
    for t in doc[span.end:min(sent.end, span.end + 6)]:
        if t.text in stops or t.text == "£":
            break
        right.append(t.lower_)
    return left, right


def is_excluded(left, right) -> bool:
    near = set(left[-4:]) | set(right[:4])
    if near & RULES["not_funding_words"]:
        return True
    following = " ".join(right[:4])
    if any(following.startswith(p) for p in RULES["not_funding_after_exceptions"]):   # "£2m each year"
        return False
    return any(following.startswith(p) for p in RULES["not_funding_after"])


def not_childrens_funding(ctx, sent, window) -> str | None:
    """Why an amount is not money for children's services (no word of funding, another service's), or None."""
    words = ctx.words_in(sent.start, sent.end)
    if not (words & RULES["funding_words"] or set(window) & RULES["funding_words"] or a_scheme_costs(window)):
        return "no word of funding, spending or budget"
    raw = ctx.text[sent.start_char:sent.end_char].lower()
    if WHOLE_COUNCIL_BUDGET_RE.search(raw) and not any(p in raw for p in RULES["children_services_phrases"]):
        return "the whole council's budget"     # "part of the council's 2024/25 budget of £720m"
    text = without_adult_services(raw)
    if any(p in text for p in RULES["children_services_phrases"]):
        return None
    if any(p in raw for p in RULES["other_services_phrases"]):
        return "money for another service"
    paragraph = ctx.paragraph_text(sent.start_char).lower().replace("adult social care", "")
    if any(p in paragraph for p in RULES["children_services_phrases"]) or ctx.about_children_services:
        return None
    return "not about children's services"


def names_whole_budget(left) -> bool:
    """"the net budget requirement of £686m ..., including £2.1m for social workers": the amount is the whole
    budget even when the sentence goes on to children's services."""
    joined = " ".join(left)
    return any(p in joined for p in RULES["whole_budget_window_phrases"])


def without_adult_services(raw: str) -> str:
    """A sentence about adult care ("adult social care ... on residential placements for older people") keeps
    only the words that are children's own: generic care words are dropped with the adult service names."""
    if not any(m in raw for m in RULES["adult_service_markers"]):
        return raw
    for phrase in RULES["adult_service_markers"] | RULES["generic_care_phrases"]:
        raw = raw.replace(phrase, "")
    return raw


def a_scheme_costs(window) -> bool:
    """"The scheme costs £450,000 a year": what a council's scheme costs it is money spent (a placement's or a
    worker's cost is a price, and a day, week or hour rate is excluded before this)."""
    for k, word in enumerate(window):
        if word in RULES["cost_verbs"] and set(window[max(0, k - 3):k]) & RULES["costed_things"]:
            return True
    return False


def recurrence_of(left, right) -> str:
    joined = " " + " ".join(left + right).replace(" - ", "-") + " "
    for recurrence, phrases in RULES["recurrence_phrases"].items():
        if any(f" {p} " in joined for p in phrases):
            return recurrence
    return "unspecified"


def purpose_of(doc, span, sent) -> str | None:
    """"£2m to recruit social workers", "£6.5m for care leavers": the phrase after "for/to/into/on"."""
    tokens = list(doc[span.end:min(sent.end, span.end + 14)])
    for k, t in enumerate(tokens[:6]):
        if t.lower_ in ("for", "to", "into", "on", "towards") and k + 1 < len(tokens):
            words = []
            for w in tokens[k:]:
                if w.is_punct and w.text not in "-'’":
                    break
                words.append(w.text_with_ws)
            phrase = "".join(words).strip()
            return phrase if len(phrase.split()) >= 2 else None
    return None


def finalize(facts: list[dict]) -> list[dict]:
    """A headline's "£15m more" rounds the body's "extra £15.1m": one commitment, the body's figure kept."""
    return [f for f in facts if not any(restates_rounded(f, other) for other in facts)]


def restates_rounded(fact: dict, other: dict) -> bool:
    if fact["council"] != other["council"] or fact["start"] >= other["start"] or not is_headline(fact["sentence"]):
        return False
    amount, exact = fact["amount_gbp"], other["amount_gbp"]
    if amount == exact:
        return False
    step = 10 ** (len(str(int(amount))) - len(str(int(amount)).rstrip("0")))
    return step > 1 and round(exact / step) * step == amount


def identity(fact):
    """The headline's "£8.9m" and the body's "£8.9m a year" are one commitment."""
    return (fact["amount_gbp"], fact["council"])
