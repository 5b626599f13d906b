"""Approximate substring search under Levenshtein distance.

Myers' bit-parallel algorithm (G. Myers, "A Fast Bit-Vector Algorithm for Approximate
String Matching Based on Dynamic Programming", J. ACM 46(3), 1999), as in the
``approx-string-match`` library that the Hypothesis client uses, with one Python int as
the bit vector for the whole pattern (so no blocks are needed). One pass over the text
gives, for every end position, the fewest edits turning the pattern into some substring
ending there; a second pass over the reversed window finds where that substring starts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Match:
    """The text range [start, end) matches the pattern with ``errors`` edits."""

    start: int
    end: int
    errors: int


def scan(text: str, pattern: str, anchored: bool = False) -> list[int]:
    """Return, for every end j in 0..len(text), the edits of pattern against text ending at j.

    Unanchored: the best substring ``text[s:j]`` for any s. Anchored: ``text[:j]`` itself.
    """
    m = len(pattern)
    if m == 0:
        return [0] * (len(text) + 1) if not anchored else list(range(len(text) + 1))
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    carry = 1 if anchored else 0
    pv, mv, score = mask, 0, m
    scores = [m]
    get = peq.get
    for c in text:
        eq = get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def distance(a: str, b: str) -> int:
    """Return the Levenshtein distance between a and b."""
    return scan(b, a, anchored=True)[-1]


def find_start(text: str, pattern: str, end: int, errors: int) -> int:
    """Return the smallest start s with ``distance(pattern, text[s:end]) == errors``."""
    low = max(0, end - len(pattern) - errors)
    scores = scan(text[low:end][::-1], pattern[::-1], anchored=True)
    for length in range(len(scores) - 1, -1, -1):
        if scores[length] == errors:
            return end - length
    raise ValueError(f"no match of {errors} edits ends at {end}")


def search(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Return the locally best non-overlapping matches with at most max_errors, by position."""
    if not pattern or max_errors < 0:
        return []
    scores = scan(text, pattern)
    ends = _local_minima(scores, min(max_errors, len(pattern)))
    found = [Match(find_start(text, pattern, j, scores[j]), j, scores[j]) for j in ends]
    chosen: list[Match] = []
    for match in sorted(found, key=lambda m: (m.errors, abs(m.end - m.start - len(pattern)), m)):
        if not any(_overlap(match, other) for other in chosen):
            chosen.append(match)
    return sorted(chosen)


def best(text: str, pattern: str) -> Match | None:
    """Return the closest match of pattern in text at any error count (the first if tied)."""
    if not pattern or not text:
        return None
    scores = scan(text, pattern)
    end = min(range(1, len(scores)), key=lambda j: (scores[j], j))
    return Match(find_start(text, pattern, end, scores[end]), end, scores[end])


def _local_minima(scores: list[int], max_errors: int) -> list[int]:
    """Return the ends j >= 1 whose score is within budget and no worse than both neighbours."""
    n = len(scores) - 1
    return [
        j
        for j in range(1, n + 1)
        if scores[j] <= max_errors
        and scores[j] <= scores[j - 1]
        and (j == n or scores[j] <= scores[j + 1])
    ]


def _overlap(a: Match, b: Match) -> bool:
    """Tell whether two matches share a character (empty matches share none)."""
    return a.start < b.end and b.start < a.end
