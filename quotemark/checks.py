"""Checks on anchored spans that do not need the sidecar: quotation marks and word edges.

Pure functions over the anchor text (original characters) and spans in it.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotemark.model import Span

OPENING = frozenset("\"'“‘„‚«‹「『")
CLOSING = frozenset("\"'”’“‘»›」』")
BLOCK = "\n"
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")


def char_before(text: str, index: int) -> str:
    """The visible character before ``index`` ("" at the start), skipping invisible ones."""
    while index > 0 and text[index - 1] in INVISIBLE:
        index -= 1
    return text[index - 1] if index > 0 else ""


def char_after(text: str, index: int) -> str:
    """The visible character at ``index`` ("" at the end), skipping invisible ones."""
    while index < len(text) and text[index] in INVISIBLE:
        index += 1
    return text[index] if index < len(text) else ""


def missing_marks(text: str, items: Sequence[Span]) -> list[tuple[int, str]]:
    """Items of a direct quote not enclosed in quotation marks: (index, "opening"/"closing").

    An item that ends its paragraph needs no closing mark when the next item opens
    the next paragraph (the multi-paragraph convention).
    """
    found: list[tuple[int, str]] = []
    for i, span in enumerate(items):
        if char_before(text, span.start) not in OPENING:
            found.append((i, "opening"))
        after = char_after(text, span.end)
        if after in CLOSING:
            continue
        following = items[i + 1] if i + 1 < len(items) else None
        continued = (
            after in ("", BLOCK)
            and following is not None
            and char_before(text, following.start) in OPENING
            and char_before(text, following.start - 1) in ("", BLOCK)
        )
        if not continued:
            found.append((i, "closing"))
    return found


def cuts_word(text: str, span: Span) -> str | None:
    """Say which edge of the span falls inside a word ("start"/"end"), if one does."""
    if (
        0 < span.start < len(text)
        and is_word(char_before(text, span.start))
        and is_word(char_after(text, span.start))
    ):
        return "start"
    if (
        0 < span.end < len(text)
        and is_word(char_before(text, span.end))
        and is_word(char_after(text, span.end))
    ):
        return "end"
    return None


def is_word(char: str) -> bool:
    return char.isalnum()
