"""Matching normalisation (SPEC §4) with a map back to the original code points.

Per original code point: invisible format characters (category Cf: zero-width space and
joiners, soft hyphen, BOM, word joiner, ...) are dropped; everything else is NFKD-decomposed
and curly quotes and dash variants are folded to ``'``, ``"`` and ``-``. Then every
whitespace run (``str.isspace``, so no-break spaces and newlines too) becomes one space.
Leading and trailing runs are kept (as one space each). There is no case folding.

Each normalised character remembers its source range in the original: a character that
came from code point ``i`` has ``[i, i + 1)``; a collapsed space covers its whole run.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

_QUOTES = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2033": '"',  # ″
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
}
_DASHES = {chr(c): "-" for c in (*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63, 0xFF0D)}
_FOLDS = {**_QUOTES, **_DASHES}
_SPACE_RUNS = re.compile(r"\s\s+")  # what collapsing shortens (\s is exactly str.isspace)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, per character, the original range it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    length: int  # length of the original string

    def to_original(self, a: int, b: int) -> tuple[int, int]:
        """Map the normalised range [a, b) to the original range that produced it.

        The start is where normalised character ``a`` came from, the end is the end of
        the source of character ``b - 1``. An empty range maps to the empty original range
        just after the source of character ``a - 1`` (0 when ``a == 0``).
        """
        if not 0 <= a <= b <= len(self.text):
            raise ValueError(f"range [{a}, {b}) outside 0..{len(self.text)}")
        if a == b:
            point = self.ends[a - 1] if a else 0
            return point, point
        return self.starts[a], self.ends[b - 1]

    def to_normalized(self, i: int, j: int) -> tuple[int, int]:
        """Map the original range [i, j) to the normalised characters whose source starts in it."""
        if not 0 <= i <= j <= self.length:
            raise ValueError(f"range [{i}, {j}) outside 0..{self.length}")
        return bisect_left(self.starts, i), bisect_left(self.starts, j)

    def is_boundary(self, k: int) -> bool:
        """Tell whether normalised offset k falls between two original characters' sources."""
        if k in (0, len(self.text)):
            return True
        return self.starts[k] >= self.ends[k - 1]


@functools.lru_cache(maxsize=8192)
def expand(c: str) -> str:
    """Return what one original code point becomes before whitespace collapsing."""
    if c < "\x80":
        return c
    folded = _FOLDS.get(c)
    if folded is not None:
        return folded
    if unicodedata.category(c) == "Cf":
        return ""
    decomposed = unicodedata.normalize("NFKD", c)
    return "".join(_FOLDS.get(x, x) for x in decomposed if unicodedata.category(x) != "Cf")


def normalize_map(s: str) -> Normalized:
    """Normalise s for matching and keep, per output character, its original range."""
    text, firsts = expand_map(s)
    lasts = range(1, len(s) + 1) if isinstance(firsts, range) else [i + 1 for i in firsts]
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for run in _SPACE_RUNS.finditer(text):  # anything else maps one to one
        a, b = run.span()
        starts += firsts[done : a + 1]
        ends += lasts[done:a]
        ends.append(lasts[b - 1])
        done = b
    starts += firsts[done:]
    ends += lasts[done:]
    return Normalized(collapse_spaces(text), tuple(starts), tuple(ends), len(s))


def expand_map(s: str) -> tuple[str, Sequence[int]]:
    """Expand every code point of s (``expand``) and give each result character its source."""
    if s.isascii():
        return s, range(len(s))
    parts: list[str] = []
    sources: list[int] = []
    done = 0
    for found in _NON_ASCII.finditer(s):  # ASCII stretches expand to themselves
        i = found.start()
        expanded = expand(found.group())
        parts += (s[done:i], expanded)
        sources += range(done, i)
        sources += [i] * len(expanded)
        done = i + 1
    parts.append(s[done:])
    sources += range(done, len(s))
    return "".join(parts), sources


def normalize(s: str) -> str:
    """Normalise s for matching (SPEC §4): the text of ``normalize_map(s)``, computed faster."""
    if not s.isascii():
        s = "".join(map(expand, s))
    return collapse_spaces(s)


def collapse_spaces(s: str) -> str:
    """Turn every whitespace run of s into one space (``str.split`` does it faster than re)."""
    words = s.split()
    if not words:
        return " " if s else ""
    lead = " " if s[0].isspace() else ""
    return lead + " ".join(words) + (" " if s[-1].isspace() else "")
