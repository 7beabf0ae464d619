"""The tense a figure is stated in, read from the words before it in its sentence (spacy.blank has no tagger).

The nearest word before the figure that carries tense decides: "caseloads are 18" is present, "caseloads were
18" past, "should only take on 15" a rule for the future. "Have fallen to 16" (present perfect) states the
present; "to hold" (an infinitive) carries no tense, so the verb before it decides ("are being asked to
hold").
"""

from .numbers import parse_number
from .wordlists import load_json

WORDS = load_json("tense_words.json")
TENSE_OF_WORD = {word: tense for tense in ("present", "past", "future") for word in WORDS[tense]}
VERBS_BY_NEXT_WORD = {verb: frozenset(after) for verb, after in WORDS["verbs_by_next_word"].items()}
NOUN_MODIFIERS = frozenset(WORDS["noun_modifiers"])
PERFECT_AUXILIARIES = frozenset(WORDS["perfect_auxiliaries"])
FUTURE_AFTER_BE = frozenset(WORDS["future_after_be"])
ADVERBS = frozenset(WORDS["adverbs"])
DETERMINERS = frozenset(WORDS["determiners"])  # "a range of", "the hold": a noun, not a verb
BE = frozenset({"is", "are", "am"})


def tense_before(words: list[str]) -> str | None:
    """ "present", "past" or "future" for a figure after ``words`` (lower-cased, sentence start to figure);
    None when no word before it carries tense ("Average caseload: 19")."""
    for i in range(len(words) - 1, -1, -1):
        tense = TENSE_OF_WORD.get(words[i]) or verb_by_next_word(words, i)
        if tense is None or (
            i and (words[i - 1] == "to" or words[i - 1] in DETERMINERS)
        ):  # "to hold", "a range"
            continue
        if tense == "past" and perfect_before(words, i):
            return "present"  # "has dropped from 24 to 18"
        if tense == "present" and TENSE_OF_WORD.get(word_before(words, i)) == "future":
            return "future"  # "will hold no more than 12", "should only take on 15"
        if words[i] in BE and i + 1 < len(words) and words[i + 1] in FUTURE_AFTER_BE:
            return "future"  # "is to cap caseloads at 18", "are set to fall"
        return tense
    return None


def verb_by_next_word(words: list[str], i: int) -> str | None:
    """ "caseloads at Bolton average 19", "advisers support an average of 25", "social workers work with 18":
    a present verb by the word after it (the figure itself: "#"), unless a determiner or modifier before it
    makes it a noun ("the national average 16.3")."""
    after = VERBS_BY_NEXT_WORD.get(words[i])
    if after is None or not i or words[i - 1] in NOUN_MODIFIERS:
        return None
    following = "#" if i == len(words) - 1 or parse_number(words[i + 1]) is not None else words[i + 1]
    return "present" if following in after else None


def perfect_before(words: list[str], i: int) -> bool:
    """A "has"/"have" before the past form at ``i`` ("have now dropped", "has since fallen")."""
    return word_before(words, i) in PERFECT_AUXILIARIES


def word_before(words: list[str], i: int) -> str | None:
    """The word before ``i``, past adverbs ("will only hold", "have now dropped", "has been cut")."""
    j = i - 1
    while j >= 0 and words[j] in ADVERBS:
        j -= 1
    return words[j] if j >= 0 else None
