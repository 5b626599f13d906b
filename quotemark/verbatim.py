"""Plain text written as Markdown that renders to exactly that text.

An imported paragraph is plain text; as Markdown a leading ``#`` would make it a heading,
``*`` emphasis, ``<b>`` raw HTML and ``&amp;`` an ampersand. ``markdown_of`` escapes just
what would change the text a reader sees, so the imported article's anchor text is the
scraped text itself (no-break spaces and all).

| where | what | written as |
|---|---|---|
| anywhere | ``\\`` `` ` `` ``*`` ``_`` ``[`` ``]`` | backslash escape |
| anywhere | ``<`` | ``&lt;`` (raw HTML, autolinks) |
| anywhere | ``&`` that starts an entity (``&amp;``) | ``&amp;`` |
| line start | ``#`` ``>`` ``-`` ``+`` | backslash escape (heading, quote, list, rule) |
| line start | ``1.`` | ``1\\.`` (ordered list) |
| line start | ``~~~`` | ``&#126;~~`` (code fence) |
| either end | a space Markdown would strip (no-break space, ...) | ``&#160;`` |
"""

from __future__ import annotations

import re

INLINE = re.compile(r"[\\`*_\[\]]|<|&(?=#?[A-Za-z0-9]+;)")
LINE_START = re.compile(r"[#>+-]")
ORDERED = re.compile(r"([0-9]+)\.(?=\s|$)")
ENTITIES = {"<": "&lt;", "&": "&amp;"}
EDGE_SPACES = re.compile(r"^\s+|\s+$")


def markdown_of(line: str) -> str:
    """Write one paragraph of plain text (no line breaks) as Markdown that shows it as is."""
    text = INLINE.sub(lambda m: ENTITIES.get(m.group(), "\\" + m.group()), line)
    text = EDGE_SPACES.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text)
    if LINE_START.match(text):
        return "\\" + text
    ordered = ORDERED.match(text)
    if ordered:
        return f"{ordered.group(1)}\\.{text[ordered.end() :]}"
    if text.startswith("~~~"):
        return "&#126;" + text[1:]
    return text
