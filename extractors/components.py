"""The spaCy components of the extraction pipeline, assembled by ``extractors.api.pipeline_config``.

Each component does its cheap, Cython-side matching over the whole text and leaves its candidates in
a span group; Python only looks at those candidates. The last component turns the Doc into plain
facts (``doc.user_data["casewatch_facts"]``), which survive ``nlp.pipe(n_process=...)``.
"""

import bisect
import functools
import re

import numpy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from .gazetteer import load_gazetteer
from .numbers import DECADE_PARTS
from .sentences import SENT_STARTS_KEY, TEXT_KEY  # (importing registers casewatch_sentences)
from .wordlists import load_json, load_patterns

FACTS_KEY = "casewatch_facts"
ROW_START_RE = re.compile(r"[ \t]*(?:\d{1,3}[.)][ \t]+|[-•*][ \t]+)?")  # a line's start before its label
ROW_SEPARATOR_RE = re.compile(r"[ \t]*(\||\t|[–—-]|:)")
META_KEY = "casewatch_meta"


@Language.factory("casewatch_matcher", default_config={"patterns": "", "span_key": "", "needs_number": False})
def make_matcher(nlp, name, patterns: str, span_key: str, needs_number: bool):
    return PatternMatcher(nlp, patterns, span_key, needs_number)


class PatternMatcher:
    """Token patterns from ``patterns/<file>.jsonl`` into ``doc.spans[span_key]`` (overlaps allowed).

    One-token word-list patterns are looked up for the whole text at once with numpy over the LOWER
    column. The rest go to Matchers (one per anchor set), whose cost grows with tokens times patterns,
    run only on the sentences holding an anchor word, one of the entry's ``also`` words when it lists
    some, and, with ``needs_number``, a number; the entries marked ``number_first`` (a pattern that opens
    with its figure: "of the 92 social workers") only at anchors with a number close before them.
    """

    def __init__(self, nlp, patterns: str, span_key: str, needs_number: bool = False):
        self.span_key, self.needs_number = span_key, needs_number
        strings, words, labels, groups, reach, near = nlp.vocab.strings, [], [], {}, {}, {}
        for entry in load_patterns(patterns):
            pattern = entry["pattern"]
            if is_word_list(pattern):
                value = pattern[0]["LOWER"]
                for word in [value] if isinstance(value, str) else value["IN"]:
                    words.append(strings.add(word.lower()))
                    labels.append(strings.add(entry["label"]))
                continue
            anchors = frozenset(entry["anchor"]) if "anchor" in entry else frozenset(pattern_anchor(pattern))
            key = (anchors, frozenset(entry.get("also", ())), bool(entry.get("number_first")))
            groups.setdefault(key, Matcher(nlp.vocab)).add(entry["label"], [pattern])
            reach[key] = max(reach.get(key, 0), pattern_length(pattern) - 1)
            near[key] = max(near.get(key, 0), number_reach(pattern) if entry.get("number_first") else 0)
        # a word listed twice keeps its first label
        self.word_labels = {word: label for word, label in reversed(list(zip(words, labels, strict=True)))}
        self.groups = [
            (word_hashes(strings, anchors), word_hashes(strings, also), near[key], matcher, reach[key])
            for key, matcher in groups.items()
            for anchors, also, _ in [key]
        ]
        watch(
            strings, set(self.word_labels) | {w for anchors, also, *_ in self.groups for w in anchors | also}
        )

    def __call__(self, doc):
        spans = []
        if len(doc):
            index = text_index(doc)  # every watched word's tokens, read once for all components
            spans = self.word_spans(doc, index["hits"])
            starts = doc.user_data.get(SENT_STARTS_KEY) or [0]
            numbers = index["number_sentences"] if self.needs_number else None
            for anchors, also, near, matcher, reach in self.groups:
                anchored = anchored_hits(index["hits"], anchors, also, numbers)
                if near:  # "of the 92 social workers": only anchors within a pattern's reach of a number
                    anchored = after_numbers(anchored, index["numbers"], near)
                for start, end in anchor_windows(anchored, starts, len(doc), reach):
                    spans.extend(
                        matcher(Span(doc, start, end), as_spans=True)
                    )  # (doc[start:end] less its checks)
        doc.spans[self.span_key] = spans
        return doc

    def word_spans(self, doc, hits: dict) -> list:
        found = sorted(
            (position, label)
            for word, label in self.word_labels.items()
            for position, _ in hits.get(word, ())
        )
        return [Span(doc, position, position + 1, label=label) for position, label in found]


WATCHED_WORDS: dict[int, set] = {}  # id(StringStore) -> hashes of the words some component looks up


def watch(strings, words: set):
    """Register words a component looks up, so :func:`text_index` finds them all in one pass."""
    WATCHED_WORDS.setdefault(id(strings), set()).update(words)
    watched_array.cache_clear()


@functools.lru_cache(maxsize=4)
def watched_array(strings) -> numpy.ndarray:
    return numpy.array(sorted(WATCHED_WORDS.get(id(strings), ())), dtype="uint64")


INDEX_KEY = "casewatch_index"


def text_index(doc) -> dict:
    """Where every watched word stands (``hits``: ``{word hash: [(token, sentence), ...]}``), the number-like
    tokens (``numbers``) and the sentences holding one (``number_sentences``): read once per Doc with a few
    numpy calls and shared by every component and the fact readers (short documents are many, and numpy's
    per-call cost, not the text, dominated when each component read the text itself)."""
    index = doc.user_data.get(INDEX_KEY)
    if index is None:
        columns, starts = token_columns(doc), doc.user_data.get(SENT_STARTS_KEY) or [0]
        lower = columns[:, 0]
        positions = numpy.flatnonzero(members(lower, watched_array(doc.vocab.strings)))
        sentences = numpy.searchsorted(starts, positions, side="right") - 1
        hits = {}
        for word, position, sentence in zip(
            lower[positions].tolist(), positions.tolist(), sentences.tolist(), strict=True
        ):
            hits.setdefault(word, []).append((position, sentence))
        numbers = number_tokens(columns, number_mark_hashes(doc.vocab.strings))
        index = doc.user_data[INDEX_KEY] = {
            "hits": hits,
            "numbers": numbers,
            "number_sentences": sentences_of(numbers, starts),
        }
    return index


def number_tokens(columns, marks: numpy.ndarray) -> list[int]:
    """Indices of number-like tokens ("17", "fifteen", "20s", "mid-teens") from the token columns."""
    found = columns[:, 1].astype(bool) | members(columns[:, 2], marks) | members(columns[:, 0], marks)
    return numpy.flatnonzero(found).tolist()


@functools.lru_cache(maxsize=4)
def number_mark_hashes(strings) -> numpy.ndarray:
    """The hashes of :data:`NUMBER_MARKS` in a vocabulary's string store, worked out once."""
    return hashes(strings, NUMBER_MARKS)


def after_numbers(anchored: list[tuple[int, int]], numbers: list[int], reach: int) -> list[tuple[int, int]]:
    """The anchors (``(token, sentence)``) with one of the (sorted) number tokens in the ``reach`` tokens
    before."""
    return [
        hit
        for hit in anchored
        if (k := bisect.bisect_left(numbers, hit[0])) and hit[0] - numbers[k - 1] <= reach
    ]


def anchored_hits(
    hits: dict, anchors: frozenset, also: frozenset, numbers: set | None
) -> list[tuple[int, int]]:
    """The anchor words' (token, sentence) in sentences that also hold one of ``also`` (when given) and a
    number (when ``numbers`` is given), in text order."""
    anchored = [
        hit for word in hits.keys() & anchors for hit in hits[word]
    ]  # (the text holds few of the words)
    if not anchored:
        return []
    wanted = {sentence for _, sentence in anchored}
    if numbers is not None:
        wanted &= numbers
    if also and wanted:
        wanted &= {sentence for word in hits.keys() & also for _, sentence in hits[word]}
    return sorted(hit for hit in anchored if hit[1] in wanted)


def number_reach(pattern: list[dict]) -> int:
    """How far before its anchor a pattern that opens with its figure can have that figure: the most tokens
    from its last number token on."""
    last = max(k for k, spec in enumerate(pattern) if spec.get("LIKE_NUM"))
    return pattern_length(pattern[last:]) - 1


def pattern_length(pattern: list[dict]) -> int:
    """The most tokens a pattern can match ("*" taken as 6)."""
    longest = {"?": 1, "*": 6, "+": 6}
    total = 0
    for spec in pattern:
        op = str(spec.get("OP", "1"))
        total += int(op.strip("{}").split(",")[-1]) if op.startswith("{") else longest.get(op, 1)
    return total


def anchor_windows(anchored: list[tuple[int, int]], starts: list[int], length: int, reach: int):
    """Token ranges around the anchors (``(token, sentence)`` in text order), clipped to the sentence and
    merged: the Matcher reads a few tokens around each anchor, not whole (often long) sentences."""
    windows = []
    for position, k in anchored:
        sent_end = starts[k + 1] if k + 1 < len(starts) else length
        start, end = max(starts[k], position - reach), min(sent_end, position + reach + 1)
        if windows and start <= windows[-1][1] and windows[-1][0] >= starts[k]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def hashes(strings, words) -> numpy.ndarray:
    return numpy.array(sorted(strings.add(word.lower()) for word in words), dtype="uint64")


def word_hashes(strings, words) -> frozenset:
    return frozenset(strings.add(word.lower()) for word in words)


def sentences_of(positions, starts) -> set[int]:
    return set((numpy.searchsorted(starts, positions, side="right") - 1).tolist())


# "20s", "750k" and "teens" are numbers too, though not LIKE_NUM: their first character or word marks them,
# and so does the whole word of a hyphenated decade the tokenizer keeps as one ("mid-20s", "low-teens")
NUMBER_MARKS = (
    list("0123456789")
    + ["teens"]
    + [f"{part}-{decade}" for part in DECADE_PARTS for decade in ["teens"] + [f"{d}0s" for d in range(2, 10)]]
)


COLUMNS_KEY = "casewatch_columns"


def token_columns(doc) -> numpy.ndarray:
    """LOWER, LIKE_NUM and PREFIX of every token, read once per Doc and shared by the matchers."""
    columns = doc.user_data.get(COLUMNS_KEY)
    if columns is None:
        columns = doc.user_data[COLUMNS_KEY] = doc.to_array(["LOWER", "LIKE_NUM", "PREFIX"])
    return columns


def lower_words(doc, start: int, end: int) -> list[str]:
    """The lower-cased words of tokens [start, end) (``[t.lower_ for t in doc[start:end]]``), read from the
    token columns: no Token objects are made, which is most of the cost of reading a few words around a
    figure."""
    strings = doc.vocab.strings
    return [strings[h] for h in token_columns(doc)[start:end, 0].tolist()]


def members(values: numpy.ndarray, sorted_set: numpy.ndarray) -> numpy.ndarray:
    """Boolean mask of ``values`` found in ``sorted_set`` (a cheaper numpy.isin for a small sorted set)."""
    if not len(sorted_set):
        return numpy.zeros(len(values), dtype=bool)
    at = numpy.minimum(numpy.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values


def is_word_list(pattern: list[dict]) -> bool:
    """A one-token pattern that only lists words (LOWER): found without the Matcher."""
    return len(pattern) == 1 and set(pattern[0]) == {"LOWER"}


def pattern_anchor(pattern: list[dict]) -> set[str]:
    """The lower-cased words of the pattern's most selective required literal token (stop words such as
    "to" or "per" anchor a pattern only when nothing else can)."""
    choices = []
    for spec in pattern:
        if spec.get("OP") in ("?", "*") or str(spec.get("OP", "")).startswith("{0"):
            continue
        value = spec.get("LOWER", spec.get("ORTH"))
        words = [value] if isinstance(value, str) else (value or {}).get("IN")
        if words:
            choices.append({w.lower() for w in words})
    if not choices:
        raise ValueError(f"pattern has no required literal token to anchor it: {pattern}")
    return min(choices, key=lambda words: (bool(words & STOP_WORDS), len(words)))


@Language.factory("casewatch_councils", default_config={"rules": "council_mentions.json"})
def make_councils(nlp, name, rules: str):
    return CouncilMentions(nlp, rules)


class CouncilMentions:
    """Gazetteer aliases found with a PhraseMatcher into ``doc.spans["councils"]`` (kb_id = LA code).

    Mentions that are not the authority are dropped: lower-case words ("reading"), people ("Cllr Bury",
    "Kate Warwick"), football clubs and buildings ("Barnsley FC"), and aliases the gazetteer flags
    ambiguous unless ``Gazetteer.accepts_mention`` finds council context.
    """

    def __init__(self, nlp, rules: str):
        self.rules = {key: set(value) for key, value in load_json(rules).items() if isinstance(value, list)}
        self.gazetteer = load_gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.ambiguous = set()
        for pattern in self.gazetteer.alias_patterns():
            self.matcher.add(pattern["id"], [nlp.make_doc(pattern["pattern"])])
            if pattern.get("ambiguous"):
                self.ambiguous.add(pattern["pattern"].lower())

    def __call__(self, doc):
        matches = self.matcher(doc, as_spans=True)
        areas = self.places_of_some_council(matches)
        spans = filter_spans(
            [span for span in matches if self.is_council(span) and (not areas or area_of(span) not in areas)]
        )
        known = {s.label_ for s in spans if s.text.lower() not in self.ambiguous}
        accepted = [s.text.lower() not in self.ambiguous or self.accepts(s, known) for s in spans]
        accepted = listed_with_councils(spans, accepted)
        accepted = self.named_before(spans, accepted, known)
        doc.spans["councils"] = [
            Span(doc, s.start, s.end, label="COUNCIL", kb_id=s.label_)
            for s, ok in zip(spans, accepted, strict=False)
            if ok
        ]
        return doc

    def accepts(self, span, known) -> bool:
        """An ambiguous alias ("Reading", "BMBC") counts in council context (the gazetteer's rule)."""
        sent = span.sent
        return self.gazetteer.accepts_mention(span.text, sent.text, span.start_char - sent.start_char, known)

    def named_before(self, spans: list, accepted: list[bool], known: set) -> list[bool]:
        """ "Solihull, Harrow and Knowsley were rated good. ... Harrow, which had held ...": an ambiguous name
        the text has once used for the council counts wherever the gazetteer's rule lets a known council's
        name count."""
        named = {s.label_ for s, ok in zip(spans, accepted, strict=False) if ok}
        if named <= known:
            return accepted
        return [ok or self.accepts(s, named) for s, ok in zip(spans, accepted, strict=False)]

    def is_council(self, span) -> bool:
        text, doc = span.text, span.doc
        if not text[0].isupper():
            return False
        before = doc[span.start - 1] if span.start else None
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.text in self.rules["not_council_after"]:
            return False
        if before is not None and (
            before.text in self.rules["person_titles"] or before.text in self.rules["region_before"]
        ):
            return False  # "Cllr Bury"; "Greater Manchester council" (the region's, not Manchester's)
        return not self.looks_like_person(before, span) and not self.reads_as_a_word(span)

    def places_of_some_council(self, matches) -> set[str]:
        """Names the text uses for an area with "a Devon council", "another Kent council": there, "Devon
        council" (lower-case "council") is some council in Devon, not Devon County Council."""
        return {
            area_of(span)
            for span in matches
            if span.start
            and span.doc[span.start - 1].lower_ in self.rules["indefinite_before"]
            and area_of(span)
        }

    def looks_like_person(self, before, span) -> bool:
        """ "Kate Bury said": a capitalised word, not a council or function word, just before a one-word
        name."""
        if before is None or len(span) > 1 or not before.is_title:
            return False
        return before.text not in self.rules["capitalised_before_ok"] and not before.is_punct

    def reads_as_a_word(self, span) -> bool:
        """ "Reading the report, ...": an ambiguous name opening a sentence before a determiner is a word."""
        doc = span.doc
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        return (
            span.text.lower() in self.ambiguous
            and span[0].is_sent_start
            and after in self.rules["determiners"]
        )


def listed_with_councils(spans: list, accepted: list[bool]) -> list[bool]:
    """ "Wigan, Bolton and Bury": an ambiguous name joined by commas or "and" to a council mention is one too,
    and so is one opening the next or the last row of a table whose rows a council opens ("Thurrock |
    35.7%\nReading | 33.1%")."""
    accepted = list(accepted)
    changed = True
    while changed:
        changed = False
        for k in range(len(spans) - 1):
            if accepted[k] != accepted[k + 1] and (
                only_list_joins(spans[k], spans[k + 1]) or rows_of_one_table(spans[k], spans[k + 1])
            ):
                accepted[k] = accepted[k + 1] = changed = True
    return accepted


def rows_of_one_table(first, second) -> bool:
    """Two names opening consecutive lines, each followed by the same column separator ("|", a tab, a dash,
    ":")."""
    text = first.doc.user_data.get(TEXT_KEY) or first.doc.text
    between = text[first.end_char : second.start_char]
    if between.count("\n") != 1 or not ROW_START_RE.fullmatch(between.split("\n")[1]):
        return False
    line_start = text.rfind("\n", 0, first.start_char) + 1
    separators = [ROW_SEPARATOR_RE.match(text, span.end_char) for span in (first, second)]
    return (
        bool(ROW_START_RE.fullmatch(text, line_start, first.start_char))
        and all(separators)
        and separators[0].group(1) == separators[1].group(1)
    )


def only_list_joins(first, second) -> bool:
    between = first.doc[first.end : second.start]
    return 0 < len(between) <= 2 and all(t.lower_ in (",", "and", "&") for t in between)


def area_of(span) -> str | None:
    """ "Devon" for a mention written "Devon council" (lower-case "council", inside the match or just after
    it): the way a text names some council of an area; None for any other mention."""
    doc = span.doc
    if len(span) > 1 and span[-1].text == "council":
        return span[:-1].text
    return span.text if span.end < len(doc) and doc[span.end].text in ("council", "councils") else None
