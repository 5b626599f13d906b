"""Map offsets of the anchor text back to lines of the article's Markdown file.

Headline, summary and caption come from front-matter fields, so they map to those
fields' lines. The body's text has one line per source line that shows text (a soft
line break keeps its newline, a block boundary is a newline too), so its text lines are
matched, in order, to the source's non-blank lines, checking each by its first word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quotemark.model import ArticleSource
from quotemark.normalize import normalize

FIELDS = {"headline": "title", "summary": "summary", "caption": "caption"}
WORD = re.compile(r"\w{2,}")


class SourceMap:
    """Answers ``name.md:line`` for an offset of the anchor text."""

    def __init__(self, article: ArticleSource, parts: Sequence[tuple[str, int, str]]) -> None:
        self.article = article
        self.parts = parts
        body = next(((start, text) for name, start, text in parts if name == "body"), None)
        self.body_start = body[0] if body else 0
        self.body_lines = body_lines(article.body, body[1] if body else "", article.body_line)

    def line(self, offset: int) -> int:
        """The 1-based line of the article file that shows the character at ``offset``."""
        for name, start, text in self.parts:
            if start <= offset <= start + len(text) and name in FIELDS:
                return self.article.line_of(FIELDS[name])
        if not self.body_lines:
            return self.article.body_line
        index = self.article_text_line(offset)
        return self.body_lines[min(index, len(self.body_lines) - 1)]

    def article_text_line(self, offset: int) -> int:
        body_text = next(text for name, _, text in self.parts if name == "body")
        return body_text.count("\n", 0, max(0, offset - self.body_start))

    def line_ref(self, offset: int) -> str:
        return f"{self.article.path.name}:{self.line(offset)}"


def body_lines(source: str, text: str, first_line: int) -> list[int]:
    """For each line of the body's text, the file line it comes from."""
    src = [normalize(line) for line in source.split("\n")]
    lines, cursor = [], 0
    for text_line in text.split("\n"):
        word = WORD.search(normalize(text_line))
        j = cursor
        while j < len(src) and (not src[j].strip() or (word and word.group() not in src[j])):
            j += 1
        if j >= len(src):
            j = next((k for k in range(cursor, len(src)) if src[k].strip()), cursor)
        lines.append(first_line + min(j, max(len(src) - 1, 0)))
        cursor = min(j + 1, len(src))
    return lines
