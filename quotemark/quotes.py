"""Pair quotation marks in an article's anchor text (blocks separated by newlines).

- ``"…"``: a straight mark opens when no quotation is open; the next one closes it.
- ``“…”``, ``„…“``, ``«…»``, ``»…«``: an opener and its closers.
- ``‘…’``, ``'…'``, ``‚…‘``: only outside double quotations. An opener stands before a
  word (not a digit or an elision: 'n', '90s); a closer after a word and not before a
  letter (don't, Syria's); a closer after ``s`` and before a noun is a plural possessive
  (leaders' summit), not a closer.

A paragraph whose quotation is still open at its end continues into the next paragraph
when that one opens with a quotation mark (one content item per paragraph); otherwise
the unclosed mark is ignored. Content items are the text strictly between the marks,
without surrounding whitespace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quotemark.model import Span

DOUBLE_CLOSERS = {
    '"': '"”',
    "“": '”"',
    "„": '“”"',
    "«": "»",
    "»": "«",
    "”": "”",
}
DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_OPENERS = {"‘": "’'", "'": "'’", "‚": "‘’'", "‹": "›"}
SINGLE_MARKS = frozenset("‘’'‚‹›")
OPEN_BEFORE = frozenset('([{—–-/:"“„«»')
ELISIONS = frozenset({"n", "em", "til", "tis", "twas", "cause", "bout", "cos", "s"})
CLOSE_FOLLOWERS = frozenset(
    {
        *("as", "and", "or", "but", "he", "she", "they", "it", "we", "said", "says", "told"),
        *("added", "to", "in", "on", "at", "for", "from", "with", "after", "before", "while"),
        *("when", "of", "is", "was", "were", "are", "by", "the", "a", "an", "that", "this"),
    }
)


@dataclass(frozen=True)
class Quote:
    """A quotation: its content items (one per paragraph) and its outer mark positions."""

    items: tuple[Span, ...]
    opening: int  # offset of the first opening mark
    closing: int  # offset just after the last closing mark

    @property
    def span(self) -> Span:
        return Span(self.opening, self.closing)


def blocks_of(text: str) -> list[Span]:
    """The paragraphs (blocks) of an anchor text, in order."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append(Span(start, start + len(line)))
        start += len(line) + 1
    return spans


def pair_quotes(text: str) -> tuple[Quote, ...]:
    """Every quotation in the text, in document order."""
    blocks = blocks_of(text)
    doubles = pair_doubles(text, blocks)
    singles = pair_singles(text, blocks, doubles)
    kept = [d for d in doubles if not any(inside(d.span, s.span) for s in singles)]
    return tuple(sorted((*kept, *singles), key=lambda q: q.opening))


def inside(inner: Span, outer: Span) -> bool:
    return outer.start < inner.start and inner.end <= outer.end


def trimmed(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def pair_doubles(text: str, blocks: Sequence[Span]) -> list[Quote]:
    """Double quotation marks, with quotations continued over paragraphs."""
    found: list[Quote] = []
    pending: list[Span] = []  # items of a quotation left open at a paragraph's end
    first_open = 0
    for block in blocks:
        marks = [i for i in range(block.start, block.end) if text[i] in DOUBLE_MARKS]
        opener: int | None = None
        if pending:
            lead = trimmed(text, block.start, block.end)
            if lead is None or lead.start not in marks or text[lead.start] not in DOUBLE_CLOSERS:
                pending = []
            else:
                opener = lead.start
                marks.remove(lead.start)
        for i in marks:
            if opener is None:
                opener = i if opens_double(text, i, block) else None
            elif text[i] in DOUBLE_CLOSERS[text[opener]]:
                item = trimmed(text, opener + 1, i)
                if item is not None:
                    start = first_open if pending else opener
                    found.append(Quote((*pending, item), start, i + 1))
                pending, opener = [], None
        if opener is not None:
            item = trimmed(text, opener + 1, block.end)
            if item is None:
                pending = []
                continue
            first_open = opener if not pending else first_open
            pending.append(item)
    return found


def opens_double(text: str, i: int, block: Span) -> bool:
    """Tell whether the double mark at i can open a quotation."""
    c = text[i]
    if c not in DOUBLE_CLOSERS:
        return False
    after = text[i + 1] if i + 1 < block.end else ""
    if not after or after.isspace():
        return False
    if c in "”»":
        before = text[i - 1] if i > block.start else ""
        return not before or before.isspace() or before in OPEN_BEFORE
    return True


def pair_singles(text: str, blocks: Sequence[Span], doubles: Sequence[Quote]) -> list[Quote]:
    """Single quotation marks outside double quotations, within one paragraph each."""
    taken = [q.span for q in doubles]
    found: list[Quote] = []
    for block in blocks:
        opener: int | None = None
        for i in range(block.start, block.end):
            if text[i] not in SINGLE_MARKS or any(s.start <= i < s.end for s in taken):
                continue
            if opener is None:
                opener = i if opens_single(text, i, block) else None
            elif closes_single(text, i, block, text[opener]):
                item = trimmed(text, opener + 1, i)
                if item is not None:
                    found.append(Quote((item,), opener, i + 1))
                opener = None
    return found


def opens_single(text: str, i: int, block: Span) -> bool:
    """Tell whether the single mark at i opens a quotation rather than being an apostrophe."""
    if text[i] not in SINGLE_OPENERS:
        return False
    before = text[i - 1] if i > block.start else ""
    if before and not before.isspace() and before not in OPEN_BEFORE:
        return False
    j = i + 1
    while j < block.end and text[j].isalpha():
        j += 1
    word = text[i + 1 : j].lower()
    return bool(word) and word not in ELISIONS


def closes_single(text: str, i: int, block: Span, opener: str) -> bool:
    """Tell whether the single mark at i closes the quotation opened by opener."""
    if text[i] not in SINGLE_OPENERS[opener]:
        return False
    before = text[i - 1] if i > block.start else ""
    after = text[i + 1] if i + 1 < block.end else ""
    if not before or before.isspace() or after.isalnum():
        return False
    return not (before in "sS" and after == " " and is_possessive_follower(text, i + 2, block))


def is_possessive_follower(text: str, j: int, block: Span) -> bool:
    """Tell whether the word at j reads as the noun of a plural possessive (leaders' summit)."""
    k = j
    while k < block.end and text[k].isalpha():
        k += 1
    word = text[j:k]
    return bool(word) and word.lower() not in CLOSE_FOLLOWERS
