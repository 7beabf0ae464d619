"""Reading the items of a recommendations list: the lines of a bulleted, numbered, lettered or plain list
after its lead-in, and a run of items in one sentence ("A; B; and C", "A, B and C", "(a) A (b) B")."""

import re

from .wordlists import as_sets, load_json

RULES = as_sets(load_json("recommendation_rules.json"))
CLAUSE_END_RE = re.compile(RULES["clause_end"], re.I)
PAIR_AND_RE = re.compile(RULES["pair_and"], re.I)
LEADING_AND_RE = re.compile(r"^\s*(?:and|or)\b", re.I)
LIST_ITEM_RE = re.compile(RULES["list_item"], re.M)
COUNCIL_DECISION_RE = re.compile(RULES["council_decision"], re.I)
INLINE_LABEL_RE = re.compile(RULES["inline_label"])
LEAD_IN_ASIDE_RE = re.compile(RULES["lead_in_aside"], re.I)
MAX_LIST_ITEMS = 20
MAX_WRAPPED_LINES = 4
# two or more plain lines after a colon (a blank line between allowed), closed by a blank line or the end
PLAIN_LINES_RE = re.compile(
    r"[ \t]*\n(?:[ \t\u00a0]*\n)?((?:[ \t]*\S[^\n]*\n){1,%d}[ \t]*\S[^\n]*)(?:\n[ \t]*\n|\n?$)"
    % MAX_LIST_ITEMS
)


def starts_list_item(text: str, char: int) -> bool:
    """The line holding ``char`` is a list item (bullet, number or letter) and ``char`` opens it."""
    line_start = text.rfind("\n", 0, char) + 1
    return not text[line_start:char].strip() and bool(LIST_ITEM_RE.match(text, line_start))


def colon_lead_in(rest: str) -> int | None:
    """ "... identified during the inspection:", "were around:": the offset after a colon that ends a short
    lead-in with no clause of its own ("groups them under three themes:" after "and" is another clause)."""
    colon = rest.find(":")
    return colon + 1 if colon >= 0 and short_lead_in(without_aside(rest[:colon])) else None


def without_aside(lead: str) -> str:
    """The lead-in without an aside closing it: "the following areas for improvement, each of which has a lead
    officer:" is a lead-in as short as "the following areas for improvement:"."""
    aside = LEAD_IN_ASIDE_RE.search(lead)
    return lead[: aside.start()] if aside else lead


def short_lead_in(lead: str) -> bool:
    """A few words with no clause of their own: "identified by Ofsted in Barnsley"."""
    words = re.findall(r"[\w']+", lead.lower())
    return len(words) <= RULES["lead_in_max_words"] and not set(words) & RULES["lead_in_stops"]


# ------------------------------------------------------------------ splitting a list
def split_list(body: str, offset: int) -> list[tuple[int, int, str]]:
    """ "A; B; and C", "A, B and C", "(a) A (b) B": one item each."""
    body = CLAUSE_END_RE.split(body, maxsplit=1)[0]
    labels = list(INLINE_LABEL_RE.finditer(body))
    if len(labels) >= 2:
        return pieces(body, offset, [(m.start(), m.end()) for m in labels], min_words=2)
    if ";" in body:
        return pieces(body, offset, [(m.start(), m.end()) for m in re.finditer(";", body)], min_words=2)
    if "," in body:
        return comma_items(body, offset)
    paired = split_pair(body, offset)  # "the quality of supervision and the consistency of plans"
    if len(paired) == 2:
        return paired
    return [item for item in [clean_item(body, offset)] if item]  # "supervision and management oversight"


def pieces(body: str, offset: int, cuts: list[tuple[int, int]], min_words: int) -> list[tuple[int, int, str]]:
    """The items between the ``cuts`` (separator spans) of ``body``."""
    bounds = [0] + [k for cut in cuts for k in cut] + [len(body)]
    items = [
        clean_item(body[a:b], offset + a, min_words) for a, b in zip(bounds[::2], bounds[1::2], strict=True)
    ]
    return [item for item in items if item]


def comma_items(body: str, offset: int) -> list[tuple[int, int, str]]:
    """ "A, B and C", "A, B, and C whose words hold 'and'": split at the commas, then each part at a join
    that starts a new item ("and the", "and did not"); the last part at its first "and" only when the
    parts before it are short nouns ("supervision, planning and recording")."""
    cuts = [(m.start(), m.end()) for m in re.finditer(",", body)]
    parts = [
        body[a:b]
        for a, b in zip([0] + [cut[1] for cut in cuts], [cut[0] for cut in cuts] + [len(body)], strict=True)
    ]
    last, short = parts[-1], all(len(part.split()) <= 3 for part in parts[:-1])
    and_in_last = re.search(r"\s+and\s+", last)
    if short and and_in_last and not LEADING_AND_RE.match(last) and not PAIR_AND_RE.search(last):
        base = cuts[-1][1]
        cuts.append((base + and_in_last.start(), base + and_in_last.end()))
    bounds = [0] + [k for cut in cuts for k in cut] + [len(body)]
    items = []
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        a += LEADING_AND_RE.match(body[a:b]).end() if LEADING_AND_RE.match(body[a:b]) else 0
        items += split_pair(body[a:b], offset + a, min_words=1)
    return items


def split_pair(clause: str, offset: int, min_words: int = 3) -> list[tuple[int, int, str]]:
    """ "improve the quality of X and the timeliness of Y", "strengthen X and make sure Y": two items;
    "improve X and Y, and make sure Z": three. Only when every comma is one of the joins."""
    joins = list(PAIR_AND_RE.finditer(clause))
    if joins and clause.count(",") == sum(j.group().count(",") for j in joins):
        bounds = [0] + [k for j in joins for k in (j.start(), j.end())] + [len(clause)]
        items = [
            clean_item(clause[a:b], offset + a, min_words=4)
            for a, b in zip(bounds[::2], bounds[1::2], strict=True)
        ]
        if all(items):
            return items
    return [item for item in [clean_item(clause, offset, min_words=min_words)] if item]


def list_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """The lines of a list right after its lead-in: bulleted, numbered or lettered lines, blank lines between
    allowed; else, after a colon, two or more short plain lines in a row closed by a blank line."""
    items = bullets_after(text, start)
    colon_end = text.rfind(":", max(0, start - 40), start) + 1
    if items or not colon_end or text[colon_end:start].strip():
        return items
    return plain_lines_after(text, colon_end)


def bullets_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """List lines right after ``start``, blank lines between allowed, all with one kind of marker (a "3."
    after "2.1" lines is the next section, not an item); an item wrapped onto further lines keeps them."""
    items, end, kind = [], start, None
    for match in LIST_ITEM_RE.finditer(text, start, start + 4000):
        if match.start() < end:
            continue  # a line already read as an item's continuation
        kind = kind or marker_kind(match)
        if (
            text[end : match.start()].strip().strip(".;,")
            or marker_kind(match) != kind
            or len(items) >= MAX_LIST_ITEMS
        ):
            break
        end = continued(text, match.end("item"))
        item = clean_item(text[match.start("item") : end], match.start("item"))
        if item:
            items.append(item)
    return items


def continued(text: str, end: int) -> int:
    """The end of a list item wrapped onto the lines below ("the quality of assessments for children who\n
    are at risk"): a next line that is no item and opens in lower case, or follows a line left open."""
    for _ in range(MAX_WRAPPED_LINES):
        line = re.match(r"\n[ \t]*(\S[^\n]*)", text[end : end + 400])
        if not line or starts_list_item(text, end + line.start(1)):
            return end
        opens_lower = line.group(1)[0].islower()
        last_word = (text[max(0, end - 12) : end].split() or [""])[-1].lower()
        left_open = last_word.endswith(",") or last_word in RULES["open_line_words"]
        if not (opens_lower or left_open):
            return end
        end += line.end()
    return end


def marker_kind(match) -> str:
    """ "•", "-", "1.", "a)", "(i)" ...: the glyph itself, or the shape of a number or letter with its
    punctuation."""
    if match.group("number"):
        return re.sub(r"\d+", "9", re.sub(r"[a-z]+", "a", match.group("number")))
    return match.group("glyph") or match.group("dash")


def plain_lines_after(text: str, start: int) -> list[tuple[int, int, str]]:
    """Two or more short lines right after a colon (or the blank line after it), closed by a blank line, all
    ending alike (a prose paragraph straight after the list ends with a full stop where the items do not)."""
    block = PLAIN_LINES_RE.match(text[start : start + 4000])
    if not block:
        return []
    base = start + block.start(1)
    lines = [(base + m.start(), m.group()) for m in re.finditer(r"[^\n]+", block.group(1))]
    endings = {line.rstrip()[-1] in ".;" for _, line in lines}
    if len(endings) > 1 or any(len(line) > RULES["plain_line_max_chars"] for _, line in lines):
        return []
    return [item for item in (clean_item(line, at) for at, line in lines) if item]


def clean_item(raw: str, offset: int, min_words: int = 2) -> tuple[int, int, str] | None:
    """Trim list glue ("and", "or", "that", punctuation, quotes) from an item; None when nothing is left or
    the item is a committee's own decision ("That the Panel notes the findings")."""
    match = re.match(r"^[\s,;:'\"]*(?:(?:and|or|also|including|to|that)\s+)*", raw, re.I)
    start = match.end()
    end = len(raw.rstrip(" \t\n.,;:'\")"))
    if (
        end - start < 4
        or len(raw[start:end].split()) < min_words
        or COUNCIL_DECISION_RE.match(raw[start:end])
    ):
        return None
    return offset + start, offset + end, raw[start:end]
