"""Numbers as news writes them: "17", "20.5", "1,200", "fifteen", "twenty-five", "mid 20s", "£6.5m"."""

import re

from .wordlists import load_json

WORDS = load_json("number_words.json")
UNITS, TENS, SCALES = WORDS["units"], WORDS["tens"], WORDS["money_scales"]

DIGITS_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
MONEY_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(m|bn|k|mn|million|billion)?$", re.IGNORECASE)
DECADE_RE = re.compile(r"^(?:(mid|low|high|early|late|upper|lower)-)?(?:(\d)0s|(teens))$", re.IGNORECASE)
# "mid 20s" -> (value, low, high) offsets from the decade
DECADE_PARTS = {
    "mid": (5, 4, 6),
    "low": (2, 1, 3),
    "early": (2, 1, 3),
    "lower": (2, 1, 3),
    "high": (8, 7, 9),
    "late": (8, 7, 9),
    "upper": (8, 7, 9),
    None: (5, 0, 9),
}


WORD_SPLIT_RE = re.compile(r"[\s-]+")


def word_number(text: str) -> float | None:
    """ "fifteen" -> 15, "twenty-five"/"twenty five" -> 25; None for anything else."""
    if text[:1].isdigit():
        return None
    parts = WORD_SPLIT_RE.split(text.lower().strip())
    if len(parts) == 1:
        return UNITS.get(parts[0], TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS and UNITS[parts[1]] < 10:
        return TENS[parts[0]] + UNITS[parts[1]]
    return None


def parse_number(text: str) -> float | None:
    """A cardinal number written in digits or words; ordinals ("17th", "third") are not numbers here."""
    text = text.strip()
    if DIGITS_RE.match(text):
        value = float(text.replace(",", ""))
        return int(value) if value.is_integer() else value
    return word_number(text)


def parse_decade(text: str, qualifier: str | None = None) -> tuple | None:
    """ "20s" with "mid" -> (25, 24, 26); returns (value, low, high) or None."""
    match = DECADE_RE.match(text)
    if not match:
        return None
    part = (match.group(1) or qualifier or "").lower() or None
    if part not in DECADE_PARTS:
        return None
    base = int(match.group(2)) * 10 if match.group(2) else 10
    value, low, high = DECADE_PARTS[part]
    if match.group(3) and part is None:  # "in the teens": 13 to 19
        return 16, 13, 19
    return base + value, base + low, base + high


def parse_money(number: str, scale: str | None = None) -> float | None:
    """ "6.5" + "m" -> 6500000; "800,000" -> 800000; "1.2bn" -> 1200000000."""
    match = MONEY_RE.match(number.strip())
    if not match:
        return None
    whole, frac, suffix = match.groups()
    value = float(whole.replace(",", "") + ("." + frac if frac else ""))
    for word in (suffix, scale):
        if word:
            value *= SCALES.get(word.lower().rstrip("."), 1)
    return round(value, 2)
