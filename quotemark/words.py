"""The searchable words of a text: folded, in order, stop words and one-letter words out."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]{2,}")  # WORD's words of two or more letters, in ASCII
STOPWORDS = (
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "in",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "she",
    "that",
    "the",
    "their",
    "they",
    "this",
    "to",
    "was",
    "were",
    "which",
    "will",
    "with",
)
_STOP = frozenset(STOPWORDS)


def normalize(text: str) -> str:
    """Fold text for matching: lower case, NFKD, marks and format characters removed."""
    folded = unicodedata.normalize("NFKD", text.lower())
    if folded.isascii():
        return folded
    drop = {ord(c): None for c in set(folded) if unicodedata.category(c)[0] == "M"}
    drop.update({ord(c): None for c in set(folded) if unicodedata.category(c) == "Cf"})
    return folded.translate(drop)


def tokens(text: str) -> list[str]:
    """The searchable words of a text, folded, in order (stop words and 1-letter words out)."""
    folded = normalize(text)
    if folded.isascii():  # nearly every text: a narrower pattern finds the words faster
        found = _ASCII_WORD.findall(folded)
    else:
        found = [t for t in WORD.findall(folded) if len(t) > 1]
    return [t for t in found if t not in _STOP]
