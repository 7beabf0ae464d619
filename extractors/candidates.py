"""What a fact reader saw and turned down: the candidates behind ``extract-file --explain`` and the
``candidates`` table.

A reader (``extractors/<kind>.py``) yields a :class:`Rejected` where it drops a figure, an amount, a grade or
a list cue it read in a children's-services context, with the reason in words. An analyst looking at a new
corpus sees what the rules miss by reading the rejections grouped by reason.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejected:
    reason: str  # why the reader turned it down, in words ("a percentage, not a caseload")
    tokens: tuple[int, int]  # token span of the candidate
    chars: tuple[int, int]  # character span of the candidate


def rejected(reason: str, span) -> Rejected:
    """A rejection of a spaCy Span (or anything with start, end, start_char and end_char)."""
    return Rejected(reason, (span.start, span.end), (span.start_char, span.end_char))
