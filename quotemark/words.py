"""The searchable words of a text: folded, in order, stop words and one-letter words out."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
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
    stop = frozenset(STOPWORDS)
    return [t for t in WORD.findall(normalize(text)) if len(t) > 1 and t not in stop]
