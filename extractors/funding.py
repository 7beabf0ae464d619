"""Funding: money committed, invested, budgeted, cut or overspent on children's services or social care.

An amount counts when its sentence speaks of funding (invest, budget, overspend, grant, what a service
costs...) and of children's social care (or the document's title does), and nothing next to it makes it a
price, salary, day rate, fee, saving, shortfall, or the amount a forecast or spending moved by. The cells of
budget tables ("Service line / Cash limit / Forecast outturn / Variance") are read by :mod:`.funding_tables`.
"""

import re

from spacy.util import filter_spans

from .candidates import rejected
from .funding_tables import table_amounts
from .numbers import parse_money, word_number
from .sentences import is_headline
from .wordlists import as_sets, load_json

RULES = as_sets(load_json("funding_rules.json"))
WHOLE_COUNCIL_BUDGET_RE = re.compile(RULES["whole_council_budget_regex"])
DECIMAL_COMMA_RE = re.compile(RULES["decimal_comma_regex"])
FUNDING_SOURCE_RE = re.compile(RULES["funding_source_regex"])  # "released from general reserves": not its use
# words skipped before an amount to find what governs it; not "to": "down to £0.8m" is a level reached; not
# "of" (of "in excess of"): "an increase of £18m" is a change
HEDGE_WORDS = frozenset(word for hedge in RULES["hedges"] for word in hedge.split()) - {"to", "of"}
SIGNS = {"+", "-", "–", "−"}
WINDOW = 6  # words read either side of an amount for what governs it
CLAUSE_REACH = 20  # words read back for what a clause is about (pay, savings)
NOT_COMMITTED = "a price, salary, fee, saving or conditional sum"
MOVED_BY = "the amount a forecast or spending changed by, not an amount committed"


def read(ctx):
    doc = ctx.doc
    spans = filter_spans(list(doc.spans.get("funding", [])))
    span_ends = {span.start: span.end for span in spans} | {-span.end: span.start for span in spans}
    before = (None, None)  # the sentence of the amount before and why it was turned down
    for span in spans:
        amount = amount_of(span)
        if amount is None or amount < RULES["minimum_gbp"]:
            yield rejected("too small to be a budget or grant", span)
            continue
        sent = ctx.sentence(span.start)
        left, right, bounds = clause_window(doc, span, sent, span_ends)
        reason = why_not_funding(ctx, sent, span, left, right) or continued_from(left, sent, *before)
        before = (sent.start, reason)
        purpose = purpose_of(doc, span, sent) if not reason else None
        reason = reason or for_another_service(purpose)
        if reason:
            yield rejected(reason, span)
            continue
        fact = {
            "amount_gbp": amount,
            "recurrence": recurrence_of(left, clause_after(doc, sent, right, bounds[1])),
            "purpose": purpose,
            "hedged": is_hedged(left),
        }
        yield fact, (span.start, span.end), quote_extent(doc, span, left, right, bounds)
    yield from table_facts(ctx)


def table_facts(ctx):
    """Amounts in a budget table's cells (:mod:`.funding_tables`)."""
    for amount, cell in table_amounts(ctx, lambda: about_children_services(ctx)):
        span = ctx.doc.char_span(cell.start, cell.end, alignment_mode="expand")
        if amount < RULES["minimum_gbp"]:
            yield rejected("too small to be a budget or grant", span)
            continue
        fact = {"amount_gbp": amount, "recurrence": "unspecified", "purpose": None, "hedged": False}
        yield fact, (span.start, span.end), (cell.start, cell.end)


def why_not_funding(ctx, sent, span, left, right) -> str | None:
    if is_excluded(left, right) or a_unit_cost(ctx, sent, span, right) or pay_or_saving(ctx, sent, span):
        return NOT_COMMITTED
    if names_whole_budget(left):
        return "the whole council's budget"
    if moved_by(ctx.doc, sent, span, left, right):
        return MOVED_BY
    return not_childrens_funding(ctx, sent, left + right)


def continued_from(left, sent, sentence_before: int | None, reason_before: str | None) -> str | None:
    """ "Savings of £0.9m ..., with a further £0.4m at risk": "a further" or "another" amount is of the kind
    of the amount before it in the sentence, a saving or a forecast's change as that one was."""
    if sentence_before != sent.start or reason_before not in (NOT_COMMITTED, MOVED_BY):
        return None
    return reason_before if any(" ".join(left).endswith(p) for p in RULES["continuation_words"]) else None


GLUE_WORDS = {"a", "-", "per", "each", "every"}


def quote_extent(doc, span, left, right, bounds) -> tuple[int, int]:
    """The amount with the words that say what it is: "one-off investment of £6.5m", "£2.5m funding per year"
    (``bounds``: the tokens where the left words end and the right words start)."""
    left_end, right_start = bounds
    telling = RULES["funding_words"] | RULES["quote_words"]
    lead = next((k for k, word in enumerate(left) if word in telling and word not in GLUE_WORDS), None)
    tail = max(
        (k for k, word in enumerate(right) if word in telling and word not in GLUE_WORDS), default=None
    )
    start = doc[left_end - len(left) + lead].idx if lead is not None else span.start_char
    end_token = doc[right_start + tail] if tail is not None else None
    return start, (end_token.idx + len(end_token)) if end_token is not None else span.end_char


def amount_of(span):
    words = [t.text for t in span if t.text != "£" and not t.is_space]
    number = words[0]
    scale = words[1] if len(words) > 1 and words[1].lower() not in ("pounds", "pound") else None
    if number[0].isalpha():  # "a SIX MILLION pound investment"
        number = str(word_number(number))
    return parse_money(decimal_comma(number, scale), scale)


def decimal_comma(number: str, scale: str | None) -> str:
    """ "£29,463m" in minutes is £29.463m: a comma before three digits of a figure in £m is a decimal point
    there (read as a thousands separator it would make a children's services sum of £29bn)."""
    match = DECIMAL_COMMA_RE.match(number)
    if match and scale and scale.lower() in RULES["decimal_comma_scales"]:
        return f"{match.group(1)}.{match.group(2)}"
    return number


def clause_after(doc, sent, right: list[str], end: int) -> list[str]:
    """The words after an amount up to the clause's end, further than :func:`clause_window` reads (``right``,
    read from token ``end``): its recurrence may come last ("£2.1m will be added to the children's social care
    budget every year")."""
    if len(right) < WINDOW:
        return right
    return right + words_until_stop(doc[end + WINDOW : min(sent.end, end + RULES["recurrence_reach"])])


def clause_window(doc, span, sent, span_ends=None) -> tuple[list[str], list[str], tuple[int, int]]:
    """Words around an amount, up to the next amount or clause break: "one-off investment of £6.5m".
    The amounts of a range ("a salary of between £38,000 and £45,000", "between £35,000 and £57,000 per
    week") share the words before the first and after the second."""
    span_ends = span_ends or {}
    start = range_start(doc, span, sent, span_ends)
    left = words_until_stop(reversed(doc[max(sent.start, start - WINDOW) : start]))[::-1]
    end = range_end(doc, span, sent, span_ends)
    right = words_until_stop(doc[end : min(sent.end, end + WINDOW)])
    return left, right, (start, end)


def words_until_stop(tokens) -> list[str]:
    """The lower-cased words of ``tokens`` up to a clause break or another amount's "£"."""
    words = []
    for t in tokens:
        if t.text in RULES["window_stops"] or t.text == "£":
            break
        words.append(t.lower_)
    return words


def range_start(doc, span, sent, span_ends: dict) -> int:
    """Where the words before an amount end: before the range's first amount when one comes just before."""
    join = span.start - 1
    if join > sent.start and doc[join].lower_ in RULES["range_joins"] and -join in span_ends:
        return span_ends[-join]
    return span.start


def range_end(doc, span, sent, span_ends: dict) -> int:
    """Where the words after an amount start: after the range's second amount when one follows ("and
    £57,000"). ``span_ends`` maps each amount's start to its end, and minus its end to its start."""
    join = span.end
    if join + 1 < sent.end and doc[join].lower_ in RULES["range_joins"] and join + 1 in span_ends:
        return span_ends[join + 1]
    return span.end


def pay_or_saving(ctx, sent, span) -> bool:
    """The clause leading to the amount is about pay or savings, however far back it says so: "Starting
    salaries for qualified social workers are now up to £45,000", "savings on agency spend are projected at
    £600,000", and what a council pays each of its staff ("pays social workers between £27,000 and £36,000"),
    not what it spends."""
    clause = clause_words_before(ctx.doc, sent, span)
    if clause & RULES["clause_pay_or_saving_words"]:
        return True
    return (
        bool(clause & RULES["pay_verbs"] and clause & RULES["staff_nouns"])
        and amount_of(span) < RULES["largest_pay_gbp"]
    )


def clause_words_before(doc, sent, span) -> set[str]:
    """The words from the start of the amount's clause (the sentence's, or the last ";" or ":") to the
    amount."""
    words = set()
    for token in reversed(doc[max(sent.start, span.start - CLAUSE_REACH) : span.start]):
        if token.text in (";", ":"):
            break
        words.add(token.lower_)
    return words


def is_excluded(left, right) -> bool:
    near, joined = set(left[-4:]) | set(right[:4]), " ".join(left)
    if near & RULES["not_funding_words"] or any(p in joined for p in RULES["not_funding_before"]):
        return True
    following = " ".join(right[:4])
    if any(following.startswith(p) for p in RULES["not_funding_after_exceptions"]):  # "£2m each year"
        return False
    return any(following.startswith(p) for p in RULES["not_funding_after"])


def not_childrens_funding(ctx, sent, window) -> str | None:
    """Why an amount is not money for children's services (no word of funding, another service's), or None."""
    words = ctx.words_in(sent.start, sent.end)
    if not (
        words & RULES["funding_words"]
        or set(window) & RULES["funding_words"]
        or a_scheme_costs(words)
        or goes_into(window)
    ):
        return "no word of funding, spending or budget"
    raw = ctx.text[sent.start_char : sent.end_char].lower()
    if WHOLE_COUNCIL_BUDGET_RE.search(raw) and not any(p in raw for p in RULES["children_services_phrases"]):
        return "the whole council's budget"  # "part of the council's 2024/25 budget of £720m"
    text = without_adult_services(raw)
    if any(p in text for p in RULES["children_services_phrases"]):
        return None
    without_sources = FUNDING_SOURCE_RE.sub("", raw)
    if any(p in without_sources for p in RULES["other_services_phrases"]):
        return "money for another service"
    paragraph = ctx.paragraph_text(sent.start_char).lower().replace("adult social care", "")
    if any(p in paragraph for p in RULES["children_services_phrases"]) or about_children_services(ctx):
        return None
    return "not about children's services"


def goes_into(window) -> bool:
    """ "A further £650,000 a year will go into a support team": money said to go into or towards
    something."""
    joined = " ".join(window)
    return any(p in joined for p in RULES["funding_phrases"])


def about_children_services(ctx) -> bool:
    """The document is about children's services: its opening says so, or its title names them ("Children
    and Families Directorate - Quarter 1 finance report", "Children & Families budget monitoring")."""
    title = without_adult_services((ctx.title or "").lower())
    return ctx.about_children_services or any(p in title for p in RULES["children_services_phrases"])


def names_whole_budget(left) -> bool:
    """ "the net budget requirement of £686m ..., including £2.1m for social workers": the amount is the whole
    budget even when the sentence goes on to children's services; "Children's Services - net budget £63.4m"
    is the service's own."""
    joined = " ".join(left).replace(" 's", "'s")
    return any(p in joined for p in RULES["whole_budget_window_phrases"]) and not any(
        p in joined for p in RULES["children_services_phrases"]
    )


def without_adult_services(raw: str) -> str:
    """A sentence about adult care ("adult social care ... on residential placements for older people") keeps
    only the words that are children's own: generic care words are dropped with the adult service names."""
    if not any(m in raw for m in RULES["adult_service_markers"]):
        return raw
    for phrase in RULES["adult_service_markers"] | RULES["generic_care_phrases"]:
        raw = raw.replace(phrase, "")
    return raw


def a_scheme_costs(words) -> bool:
    """ "The scheme costs £450,000 a year", "690 children in care, costing £33m a year", "will cost £1.2m to
    build and £800,000 a year to run": what a scheme, a service or many children cost is money spent (one
    placement's or one child's cost is a price: :func:`a_unit_cost`; a day, week or hour rate is excluded
    before this)."""
    return bool(words & RULES["cost_verbs"])


def a_unit_cost(ctx, sent, span, right) -> bool:
    """ "A residential placement costs £250,000 a year", "costs £60,000 a year to look after a child": the
    cost of one unit (a child, a placement, a bed) in the amount's clause is a price, not spending."""
    if not ctx.words_in(sent.start, sent.end) & RULES["cost_verbs"]:
        return False
    doc = ctx.doc
    start = next(
        (t.i + 1 for t in reversed(doc[sent.start : span.start]) if t.text in (",", ";", ":")), sent.start
    )
    end = next((t.i for t in doc[span.end : sent.end] if t.text in (",", ";", ":")), sent.end)
    words = [t.lower_ for t in doc[start:end]]
    determiners, units = RULES["unit_determiners"], RULES["unit_nouns"]
    return any(word in determiners and set(words[k + 1 : k + 4]) & units for k, word in enumerate(words))


def moved_by(doc, sent, span, left, right) -> bool:
    """ "The forecast had increased by £379k", "up £1.4m from the previous forecast", "we have cut our spend
    by £1.8m", "£3m more than forecast", "understates its budget by £6m": the amount a figure moved, differs
    or was misstated by. A budget or grant raised or cut by an amount ("will increase resources by £3.5m",
    "the budget is £245m, an increase of £18m") is money committed, and "£2.1m higher than budgeted" an
    overspend: both stay."""
    comparative = is_comparative(right)
    if comparative and set(right) & RULES["budget_targets"]:
        return False
    if not set(left) & (RULES["change_words_before"] | RULES["change_nouns"]) and not comparative:
        return False
    at = word_before_amount(doc, sent, span)
    clause = clause_words(doc, sent.start, at) if at is not None else []
    if set(clause) & RULES["misstatement_verbs"] and doc[at].lower_ == "by":
        return True
    if not (moved(doc, at, clause) or comparative):
        return False
    context = set(clause) | set(right)
    return bool(context & RULES["forecast_nouns"]) or not context & RULES["money_nouns"]


def is_comparative(right) -> bool:
    """ "£3m more than ...", "£2m above ..."."""
    return " ".join(right[:2]) in RULES["comparatives"] or (bool(right) and right[0] in RULES["comparatives"])


def moved(doc, at, clause) -> bool:
    """ "risen by £1.3m", "up £1.4m", "an increase of £18m", "a movement of +£0.9m": the word before the
    amount says it is a change ("growth of £9.7m" and "a cut of £2m" are a budget's decided change: money
    committed)."""
    if at is None:
        return False
    word = doc[at].lower_
    if word == "by":
        return bool(set(clause[-12:]) & RULES["change_verbs"])
    return word in ("up", "down") or (word == "of" and bool(clause) and clause[-1] in RULES["change_nouns"])


def word_before_amount(doc, sent, span) -> int | None:
    """The token before the amount, past hedges and a sign: "by" in "gone up by more than £2m", "of" in "a
    movement of +£0.9m"."""
    k = span.start - 1
    while k >= sent.start and (doc[k].lower_ in HEDGE_WORDS or doc[k].text in SIGNS):
        k -= 1
    return k if k >= sent.start else None


def clause_words(doc, start: int, end: int) -> list[str]:
    """The lower-cased words of tokens [start, end) after the last ";" or ":"."""
    words = []
    for t in reversed(doc[start:end]):
        if t.text in (";", ":"):
            break
        words.insert(0, t.lower_)
    return words


def is_hedged(left) -> bool:
    """ "nearly £40 million", "more than £2m": an approximate amount."""
    joined = " " + " ".join(left) + " "
    return any(joined.endswith(f" {hedge} ") for hedge in RULES["hedges"])


def for_another_service(purpose: str | None) -> str | None:
    """ "£4m to support a new housing programme for older people": the amount's own purpose names another
    service, though the sentence speaks of children's social work elsewhere."""
    text = (purpose or "").lower()
    if any(p in text for p in RULES["other_service_purposes"]) and not any(
        p in text for p in RULES["children_services_phrases"]
    ):
        return "money for another service"
    return None


def recurrence_of(left, right) -> str:
    """ "one-off investment of £6.5m", "£2.5m funding per year", "£1.2m added to the base budget"; each side
    read alone, so "revealed - £4m a year" does not glue the dash to "a"; "in a year" is no rate."""
    sides = (side_text(left), side_text(right))
    for recurrence, phrases in RULES["recurrence_phrases"].items():
        after = RULES["recurrence_phrases_after"].get(recurrence, [])  # "added to the base budget"
        if any(f" {p} " in side for p in phrases for side in sides) or any(
            f" {p} " in sides[1] for p in after
        ):
            return recurrence
    return "unspecified"


def side_text(words) -> str:
    """The words around an amount as text, spaced at both ends, without phrases that only look like a rate."""
    text = " " + " ".join(words).replace(" - ", "-") + " "
    for phrase in RULES["not_a_recurrence"]:
        text = text.replace(f" {phrase} ", " ")
    return text


def purpose_of(doc, span, sent) -> str | None:
    """ "£2m to recruit social workers", "£6.5m for care leavers": the phrase after "for/to/into/on"."""
    tokens = list(doc[span.end : min(sent.end, span.end + 14)])
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
    """A headline's "£15m more" rounds the body's "extra £15.1m", and "nearly £40 million" the exact
    "£39,202,109": one commitment, the exact figure kept. A headline's council may be loosely put ("a Devon
    council" for Torbay), so its rounding counts whichever council the body's figure is given."""
    kept = [f for f in facts if not any(restates_rounded(f, other) for other in facts)]
    for fact in kept:
        fact.pop("hedged", None)
    return kept


def restates_rounded(fact: dict, other: dict) -> bool:
    amount, exact = fact["amount_gbp"], other["amount_gbp"]
    headline = is_headline(fact["sentence"]) and fact["start"] < other["start"]
    hedged = fact.get("hedged") and abs(exact - amount) <= RULES["hedged_rounding_share"] * amount
    same_council = headline or fact["council"] == other["council"]  # "a Devon council faces £6m overspend"
    if not same_council or not (headline or hedged) or amount == exact:
        return False
    step = 10 ** (len(str(int(amount))) - len(str(int(amount)).rstrip("0")))
    return step > 1 and round(exact / step) * step == amount


def identity(fact):
    """The headline's "£8.9m" and the body's "£8.9m a year" are one commitment."""
    return (fact["amount_gbp"], fact["council"])
