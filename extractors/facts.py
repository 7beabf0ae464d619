"""One function turns a processed Doc into facts: :func:`doc_to_facts`.

The kind modules read their span groups and return facts without council or evidence; this module adds
the evidence (quote, offsets, sentence), attributes each fact to a council and drops repeats.
"""

import bisect
import functools
import re

from . import ofsted_report
from .candidates import Rejected
from .components import text_index, token_columns
from .gazetteer import load_gazetteer
from .kinds import KIND_NAMES, KINDS
from .sentences import SENT_STARTS_KEY
from .wordlists import load_words

READERS = {kind.name: kind.reader_module() for kind in KINDS}
SUBJECT_RE = re.compile(
    r"children's services|children's social care|children's social work|social workers|"
    r"Ofsted|children in care|care leavers|safeguarding children|looked[- ]after children",
    re.I,
)
LINK_LIST_LINE_MAX = 120  # a headline in a link list is shorter than this; a paragraph of prose is longer
FIGURE_PLACE_WORDS = {"in", "at", "for", "across", "within"}
NEIGHBOUR_WORDS = {
    "neighbouring",
    "nearby",
    "neighbour",
    "neighboring",
    "fellow",
}  # "22 at neighbouring Bury"
LIST_JOINS = {",", "and", "&"}  # "Surrey, Newham and Medway"
SERVICES_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+children['’]s\s+(?:services|social\s+care|social\s+work)\b", re.I
)
SERVICES_BEFORE_RE = re.compile(
    r"\b(?:children['’]s\s+(?:services|social\s+care)|social\s+workers)\s+in\s+$", re.I
)
ROW_LABEL_BEFORE_RE = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}[.)][ \t]+|[-•*][ \t]+)?$")
ROW_FIGURE_AFTER_RE = re.compile(r"[ \t]*(?:\||:|[–—-]|\t|[ ]{2,})[ \t]*£?\d")
FORMER_COUNCIL_RE = re.compile(
    r"\bthe\s+former\s+(?:county\s+|unitary\s+|district\s+|borough\s+)?(?:council|authority)\b", re.I
)
RELEVANT_RE = re.compile(
    r"children's services|social care|social work|Ofsted|safeguarding|care leavers|"
    r"children in care|looked[- ]after|caseload",
    re.I,
)


class DocContext:
    """What every fact reader needs about one document: sentences, paragraphs, council mentions, dates."""

    def __init__(self, doc, published=None, title=None, title_mentions=(), text=None, publisher=None):
        self.title_mentions = title_mentions  # read (once) by headline_councils, and only when it needs them
        self.doc, self.text, self.published, self.title = (
            doc,
            doc.text if text is None else text,
            published,
            title,
        )
        self.publisher = load_gazetteer().by_code(publisher) if publisher else None
        self.numbers = number_positions(doc)
        self._sentences, self._words = {}, {}
        self.sent_starts = doc.user_data.get(SENT_STARTS_KEY) or [0]
        self.paragraph_starts = paragraph_starts(doc, self.text, self.sent_starts)
        gazetteer = load_gazetteer()
        self.mentions = []  # (token start, token end, paragraph, Council)
        for span in doc.spans.get("councils", []):
            council = resolve_mention(span.text, published) or gazetteer.by_code(span.kb_id_)
            if council is not None:
                self.mentions.append((span.start, span.end, self.paragraph_of(span.start_char), council))
        self.mentions = self.without_predecessors(self.mentions)
        self.headline = self.headline_councils(gazetteer)

    def without_predecessors(self, mentions: list) -> list:
        """ "West Northamptonshire, run by Northamptonshire Children's Trust" (2023): a mention of an
        authority that had ended by the document's date, when one of its successors is named too, is the
        successor's area or trust, not a council the facts belong to."""
        codes = {m[3].code for m in mentions}
        return [m for m in mentions if not superseded(m[3], codes, self.published)]

    # ------------------------------------------------------------ structure
    def sentence(self, i: int):
        k = bisect.bisect_right(self.sent_starts, i) - 1
        if k not in self._sentences:
            end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
            self._sentences[k] = self.doc[self.sent_starts[k] : end]
        return self._sentences[k]

    @functools.cached_property
    def about_children_services(self) -> bool:
        """The headline or opening says the document is about children's social care."""
        opening = (self.title or "") + " " + self.text[:600]
        return bool(SUBJECT_RE.search(opening))

    def words_in(self, start: int, end: int) -> frozenset:
        """The lower-cased words of tokens [start, end), read from the token columns (no Token objects)."""
        key = (start, end)
        if key not in self._words:
            strings = self.doc.vocab.strings
            hashes = set(token_columns(self.doc)[max(0, start) : end, 0].tolist())
            self._words[key] = frozenset(map(strings.__getitem__, hashes))
        return self._words[key]

    def sentence_at_char(self, char: int):
        """The sentence holding character ``char`` (a fact's start)."""
        k = bisect.bisect_right(self.sentence_start_chars, char) - 1
        return self.sentence(self.sent_starts[max(0, k)])

    @functools.cached_property
    def lower_text(self) -> str:
        """The text lower-cased, once, for the readers' cheap "does it say this at all" tests."""
        return self.text.lower()

    @functools.cached_property
    def sentence_start_chars(self) -> list[int]:
        return [self.doc[i].idx for i in self.sent_starts]

    def paragraph_of(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def paragraph_text(self, char: int) -> str:
        k = self.paragraph_of(char)
        end = self.paragraph_starts[k + 1] if k + 1 < len(self.paragraph_starts) else len(self.text)
        return self.text[self.paragraph_starts[k] : end]

    def evidence(self, start: int, end: int, token_i: int) -> dict:
        quote = self.text[start:end]
        lead = len(quote) - len(quote.lstrip())
        start, quote = start + lead, quote.strip()
        return {
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "sentence": self.sentence_text(token_i),
        }

    def rejection(self, kind: str, rejected: Rejected) -> dict:
        """A candidate turned down, as ``extract-file --explain`` prints it and the candidates table holds
        it."""
        start, end = rejected.chars
        return {"kind": kind, "reason": rejected.reason, **self.evidence(start, end, rejected.tokens[0])}

    def sentence_text(self, i: int) -> str:
        sent = self.sentence(i)
        return self.text[sent.start_char : sent.end_char].strip()

    def numbers_in(self, start: int, end: int) -> list[int]:
        """Token indices of number-like tokens ("17", "fifteen", "20s", "teens") in [start, end)."""
        return self.numbers[bisect.bisect_left(self.numbers, start) : bisect.bisect_left(self.numbers, end)]

    # ------------------------------------------------------------ councils
    def headline_councils(self, gazetteer) -> list:
        first_paragraph = [
            m[3] for m in self.mentions if m[2] == 0 and not self.on_menu_line(self.doc[m[0]].idx)
        ]
        if first_paragraph or not self.title or self.text.lstrip().startswith(self.title.strip()):
            return unique(first_paragraph)
        found = [gazetteer.resolve(alias, on_date=self.published) for alias in self.title_mentions]
        return unique([self.named_in_full(c) for c in found if c])

    def named_in_full(self, council):
        """A headline's "social workers in Lincolnshire" over a story about North East Lincolnshire: the
        council the text names whose name ends with the headline's, if there is one."""
        longer = [m[3] for m in self.mentions if m[3].name.endswith(" " + council.name)]
        return longer[0] if longer else council

    def national_sentence(self, i: int) -> bool:
        """ "Across England, the average caseload is 16.3": a national word before the figure and no council
        named in the sentence."""
        sent = self.sentence(i)
        if any(sent.start <= m[0] < sent.end for m in self.mentions):
            return False
        return bool(self.words_in(sent.start, i) & load_words("national_words.txt"))

    def council_for(self, start: int, end: int):
        """The nearest unambiguous council: right after the figure, then sentence, paragraph, the publisher,
        headline, document. A sentence that speaks of the council as itself ("the Council", "our social
        workers") and names none is the publisher's, whatever the paragraph names."""
        after = self.council_right_after(end)
        if after:  # "compared with 20 in Medway"
            return after
        sent = self.sentence(start)
        in_sentence = [m for m in self.mentions if sent.start <= m[0] < sent.end]
        if in_sentence:
            return nearest(in_sentence, start)
        if self.former_council and FORMER_COUNCIL_RE.search(self.text, sent.start_char, sent.end_char):
            return self.former_council  # "the former county council's children's services"
        if self.publisher and self.words_in(sent.start, sent.end) & load_words("self_reference_words.txt"):
            return self.publisher
        paragraph = self.paragraph_of(self.doc[start].idx)
        in_paragraph = [m for m in self.mentions if m[2] == paragraph]
        if in_paragraph:
            return nearest(in_paragraph, start)
        if self.publisher:
            return self.publisher
        if len(self.headline) == 1:
            return self.headline[0]
        return self.council_referred_to(sent, start) or self.dominant_council()

    @functools.cached_property
    def former_council(self):
        """The authority the named councils succeeded (Northamptonshire, where North and West Northamptonshire
        are named), when there is one: "the former county council" of the text."""
        former = {p.code: p for m in self.mentions for p in predecessors().get(m[3].code, [])}
        return next(iter(former.values())) if len(former) == 1 else None

    def council_referred_to(self, sent, start: int):
        """ "Grading the council's children's services as good": a sentence speaking of "the council" or "the
        authority" without naming it means the council named last before it."""
        if not self.words_in(sent.start, sent.end) & load_words("self_reference_words.txt"):
            return None
        before = [m for m in self.mentions if m[0] < start]
        return before[-1][3] if before else None

    def council_right_after(self, end: int):
        """The council a place word puts the figure in: "20 in Medway", "22 at neighbouring Bury"."""
        if end >= len(self.doc) or self.doc[end].lower_ not in FIGURE_PLACE_WORDS:
            return None
        start = end + 1
        if start < len(self.doc) and self.doc[start].lower_ in NEIGHBOUR_WORDS:
            start += 1
        return next((m[3] for m in self.mentions if m[0] == start), None)

    def coordinated_councils(self, start: int, end: int, named_after: int | None = None) -> list:
        """The councils sharing one predicate with the span [start, end): "Surrey, Newham and Medway were
        rated inadequate", "'inadequate' Surrey, Newham and Medway" (``named_after``: the token where the
        councils the span is said of begin). Empty unless the council the span would get is one of two or more
        joined by commas and "and"."""
        sent = self.sentence(start)
        in_sentence = [m for m in self.mentions if sent.start <= m[0] < sent.end]
        anchor = next((m for m in in_sentence if m[0] == named_after), None)
        if anchor is None and in_sentence:
            before = [m for m in in_sentence if m[0] <= start]
            anchor = before[-1] if before else in_sentence[0]
        group = self.joined_mentions(in_sentence, anchor) if anchor else []
        return unique([m[3] for m in group]) if len(group) > 1 else []

    def joined_mentions(self, mentions: list, anchor) -> list:
        """The run of ``mentions`` around ``anchor`` with nothing but commas and "and" between neighbours."""
        k = mentions.index(anchor)
        first = last = k
        while first > 0 and self.only_joins(mentions[first - 1][1], mentions[first][0]):
            first -= 1
        while last + 1 < len(mentions) and self.only_joins(mentions[last][1], mentions[last + 1][0]):
            last += 1
        return mentions[first : last + 1]

    def only_joins(self, end: int, start: int) -> bool:
        return 0 < start - end <= 2 and all(t.lower_ in LIST_JOINS for t in self.doc[end:start])

    def dominant_council(self):
        counts = {}
        for m in self.mentions:
            counts[m[3].code] = counts.get(m[3].code, 0) + 1
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            return next(m[3] for m in self.mentions if m[3].code == ranked[0][0])
        return None

    def document_councils(self, facts: dict) -> list[str]:
        names = {f["council"] for kind in KIND_NAMES for f in facts[kind] if f.get("council")}
        names.update(self.listed_with_facts(facts))
        if RELEVANT_RE.search(self.text) or RELEVANT_RE.search(self.title or ""):
            names.update(c.name for c in self.headline + ([self.publisher] if self.publisher else []))
            names.update(self.repeated_mentions())  # a council named once in passing is not the subject
            names.update(self.named_as_a_subject(names))
        return sorted(names)

    def named_as_a_subject(self, known: set) -> set:
        """Councils (other than ``known``) a sentence is about though named once: the owner of its children's
        services, or a table row's label."""
        found = set()
        for m in self.mentions:
            if m[3].name in known or m[3].name in found:
                continue
            named = self.doc[m[0] : m[1]]
            if self.owns_the_services(named.start_char, named.end_char) or self.labels_a_row(
                named.start_char, named.end_char
            ):
                found.add(m[3].name)
        return found

    def owns_the_services(self, start: int, end: int) -> bool:
        """ "Rotherham's children's services were described as 'performing well'", "social workers in Derby":
        a council (named at characters [start, end)) whose children's services the sentence is about (not in a
        menu or link list)."""
        named = SERVICES_AFTER_RE.match(self.text, end, end + 40) or SERVICES_BEFORE_RE.search(
            self.text, max(0, start - 40), start
        )
        return bool(named) and not self.on_menu_line(start) and not self.in_link_list(start)

    def labels_a_row(self, start: int, end: int) -> bool:
        """ "Luton | 36.4% | 31.0%", "4. Salford – 25.5": a council opening a line of a table or ranked list,
        a figure after it."""
        return bool(
            ROW_LABEL_BEFORE_RE.search(self.text, max(0, start - 8), start)
            and ROW_FIGURE_AFTER_RE.match(self.text, end, end + 12)
        )

    def listed_with_facts(self, facts: dict) -> set:
        """ "an £11.6m investment will see the model extended to Luton, Peterborough and Bracknell Forest":
        the councils of a list (two or more joined by commas and "and") in a sentence that states a fact."""
        if len(self.mentions) < 2:
            return set()  # no list of councils in the text (most documents name one council, or none)
        offsets = [f["start"] for kind in KIND_NAMES for f in facts[kind]]
        sentences = {self.sentence_at_char(offset).start for offset in offsets}
        names = set()
        for sent_start in sentences:
            sent = self.sentence(sent_start)
            in_sentence = [m for m in self.mentions if sent.start <= m[0] < sent.end]
            for mention in in_sentence:
                group = self.joined_mentions(in_sentence, mention)
                names.update(m[3].name for m in group if len(group) > 1)
        return names

    def repeated_mentions(self) -> set:
        """Councils named in two or more sentences ("services for the Isles of Scilly; children from the Isles
        of Scilly are not included" names it once, in passing)."""
        sentences = {}
        for m in self.mentions:
            if self.on_menu_line(self.doc[m[0]].idx) or self.in_link_list(self.doc[m[0]].idx):
                continue  # "Lancashire | Preston | Blackpool": a site's menu
            sentences.setdefault(m[3].name, set()).add(bisect.bisect_right(self.sent_starts, m[0]))
        return {name for name, starts in sentences.items() if len(starts) >= 2}

    def in_link_list(self, char: int) -> bool:
        return any(start <= char < end for start, end in self.link_lists)

    @functools.cached_property
    def link_lists(self) -> list[tuple[int, int]]:
        """Character ranges of scraped link lists: a "Most read" or "Related" heading line and the short lines
        under it (a blank line may come first), up to a blank line or a line long enough to be prose."""
        headings, ranges, text = load_words("link_list_headings.txt"), [], self.text
        lowered = self.lower_text
        if not any(heading in lowered for heading in headings):
            return ranges
        for heading in re.finditer(r"^[ \t]*([A-Za-z ]{4,40}?)[ \t]*:?[ \t]*$", text, re.M):
            if heading.group(1).strip().lower() not in headings:
                continue
            end = heading.end()
            first = end + len(re.match(r"\n[ \t]*(?=\n)|", text[end:]).group())  # "More on this story\n\n..."
            for line in re.finditer(r"\n([^\n]*)", text[first:]):
                if not line.group(1).strip() or len(line.group(1)) > LINK_LIST_LINE_MAX:
                    break
                end = first + line.end()
            ranges.append((heading.start(), end))
        return ranges

    def on_menu_line(self, char: int) -> bool:
        """A scraped navigation line: place or section names set off by two or more "|"."""
        text = self.text
        line = text[text.rfind("\n", 0, char) + 1 : (text.find("\n", char) + 1 or len(text) + 1) - 1]
        return line.count(" | ") >= 2


@functools.lru_cache(maxsize=1)
def predecessors() -> dict:
    """DfE code -> the ended authorities it succeeded (North Northamptonshire -> [Northamptonshire])."""
    found = {}
    for council in load_gazetteer().councils:
        for code in council.successor_codes if council.ended else []:
            found.setdefault(code, []).append(council)
    return found


@functools.lru_cache(maxsize=4096)
def resolve_mention(alias: str, published: str | None):
    return load_gazetteer().resolve(alias, on_date=published)


def paragraph_starts(doc, text: str, sent_starts: list[int]) -> list[int]:
    """Character offsets where paragraphs start: sentences that open a line (a news paragraph, a bullet, a
    minutes item); a line wrapped inside a sentence (PDF) does not start one."""
    starts = [0]
    for i in sent_starts[1:]:
        char = j = doc[i].idx
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j > 0 and text[j - 1] == "\n":
            starts.append(char)
    return starts


def superseded(council, named_codes: set, published: str | None) -> bool:
    """The authority had ended by ``published`` and one of its successors is among ``named_codes``."""
    ended = council.ended and (published is None or council.ended <= published)
    return bool(ended) and bool(named_codes & set(council.successor_codes or [council.successor_code]))


def nearest(mentions, i):
    before = [m for m in mentions if m[0] <= i]
    return (before[-1] if before else mentions[0])[3]


def unique(items):
    seen, out = set(), []
    for item in items:
        if item.code not in seen:
            seen.add(item.code)
            out.append(item)
    return out


def is_national(doc, start: int, end: int) -> bool:
    """ "17.8 nationally", "the national average of 16": a figure about England, not a council.

    Only the words up to the neighbouring figures count, so "20, compared with 17.8 nationally" keeps 20
    local.
    """
    words = load_words("national_words.txt")
    for token in doc[end : min(len(doc), end + 4)]:
        if token.like_num or token.is_punct:
            break
        if token.lower_ in words:
            return True
    for token in reversed(doc[max(0, start - 4) : start]):
        if token.like_num or token.is_punct or "\n" in token.text:
            break  # a table's heading line ("Sefton England") is not this row's words
        if token.lower_ in words:
            return True
    return False


def number_positions(doc) -> list[int]:
    return text_index(doc)["numbers"] if len(doc) else []


def doc_to_facts(
    doc,
    published: str | None = None,
    title: str | None = None,
    title_mentions=(),
    text: str | None = None,
    publisher: str | None = None,
) -> dict:
    """Facts of a processed Doc; ``title_mentions`` are council aliases found in a headline not in the text
    (any iterable, read at most once: a generator is only run when the text names no council up top);
    ``text`` is ``doc.text`` when the caller already has it; ``publisher`` the DfE code of the council whose
    own document it is."""
    ctx = DocContext(doc, published, title, title_mentions, text, publisher)
    is_report = bool(ctx.text) and ofsted_report.is_ofsted_report(ctx.text, title=title)
    facts, rejections = {}, []
    for kind in KINDS:
        if is_report and kind.from_report:
            continue
        reader, found = READERS[kind.name], []
        for candidate in reader.read(ctx):
            fact = candidate if isinstance(candidate, Rejected) else attributed(ctx, kind, *candidate)
            if isinstance(fact, Rejected):
                rejections.append(ctx.rejection(kind.name, fact))
            else:
                found.append(fact)
        facts[kind.name] = drop_repeats(reader.finalize(found), reader.identity)
    facts["rejected"] = rejections
    if is_report:
        return with_report_facts(facts, ctx)
    return {"councils": ctx.document_councils(facts), **facts, "report_type": None}


def attributed(ctx, kind, fact: dict, tokens: tuple, chars: tuple):
    """The fact with its council and evidence, or why it cannot stand (a link list's headline, no council)."""
    (start_tok, end_tok), (start_char, end_char) = tokens, chars
    if ctx.in_link_list(start_char):
        return Rejected("in a 'Most read' or 'Related' list of other stories", tokens, chars)
    council = fact.pop("council_named", None)  # a row labelled with its council: "Gateshead: 21"
    national = fact.pop("national", False) or (
        kind.national and (is_national(ctx.doc, start_tok, end_tok) or ctx.national_sentence(start_tok))
    )
    if council is None and not national:
        council = ctx.council_for(start_tok, end_tok)
    if council is None and kind.needs_council:
        return Rejected("no council named or implied", tokens, chars)
    fact.update(council=council.name if council else None, council_code=council.code if council else None)
    fact.update(ctx.evidence(start_char, end_char, start_tok))
    return fact


def with_report_facts(facts: dict, ctx) -> dict:
    """An Ofsted report: ratings and recommendations from its judgement table and lists, councils merged."""
    report = ofsted_report.report_facts(ctx.text, published=ctx.published, title=ctx.title)
    for kind in KINDS:
        if kind.from_report:
            facts[kind.name] = list(report.get(kind.name, []))
    councils = set(ctx.document_councils(facts)) | set(report.get("councils", []))
    report_type = ofsted_report.report_type(report.get("inspection"))
    return {"councils": sorted(councils), **facts, "report_type": report_type}


def specificity(fact: dict) -> tuple:
    return (fact.get("as_of") or "", fact.get("recurrence") not in (None, "unspecified"))


def drop_repeats(facts: list[dict], identity) -> list[dict]:
    """A fact stated twice (a repeated paragraph, a quote restating the figure) is kept once: the most
    specific statement (dated, with its recurrence) wins."""
    kept = {}
    for fact in facts:
        key = identity(fact)
        if key not in kept or specificity(fact) > specificity(kept[key]):
            kept[key] = fact
    return sorted(kept.values(), key=lambda f: f["start"])
