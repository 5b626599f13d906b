"""The anchor text of an HTML fragment: what a reader sees, with block boundaries.

The fragment is cut into tokens (tags, text, comments), each keeping its exact source
slice, so a later pass can rewrite some tokens and copy the rest byte for byte.

Anchor text rules:

- the text is the concatenation of the decoded text nodes, verbatim;
- text between two block boundaries (a block element's start or end tag, or ``<br>``)
  forms a *run*; a run made only of HTML whitespace (space, tab, newline, CR, FF) is
  layout, not text, and is dropped;
- kept runs are joined by exactly one ``"\\n"``: no leading or trailing ``"\\n"``, and
  several boundaries in a row (``<br><br>``, ``</p><p>``) still give one;
- elements with class ``an-ref`` or ``vh`` (our footnote links and visually hidden
  labels) and the content of ``script``, ``style`` and ``template`` are not text;
  they do not cut runs either.

A run is whitespace-only or not whatever the inline tags inside it, so splitting a text
node and wrapping its pieces in inline elements never changes the anchor text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

BLOCKS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote"),
        *("pre", "figure", "figcaption", "table", "tr", "td", "th", "dt", "dd", "dl"),
        *("hr", "aside", "section", "header", "footer"),
        *("caption", "thead", "tbody", "tfoot", "article", "nav", "main", "address"),
    }
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"source", "track", "wbr"}
)
HIDDEN_CLASSES = frozenset({"an-ref", "vh"})
HIDDEN_TAGS = frozenset({"script", "style", "template"})
HTML_SPACE = " \t\n\r\f"


@dataclass(frozen=True)
class Token:
    """One piece of the fragment.

    ``kind`` is ``start``, ``end``, ``empty`` (a void or self-closed tag), ``text`` or
    ``other`` (comment, declaration, processing instruction). ``raw`` is the exact
    source slice. ``depth`` counts the elements open around the token (for an end
    tag: once it is closed). Text tokens carry their decoded ``text``; ``start`` is
    their offset in the anchor text, or None when they are not part of it.
    """

    kind: str
    raw: str
    depth: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()
    text: str = ""
    start: int | None = None
    hidden: bool = False

    @property
    def end(self) -> int:
        """Anchor-text offset just after a counted text token."""
        if self.start is None:
            raise ValueError("token is not part of the anchor text")
        return self.start + len(self.text)

    def at(self, start: int) -> Token:
        """The same token placed at an anchor-text offset (cheaper than ``replace``)."""
        return Token(
            self.kind, self.raw, self.depth, self.tag, self.attrs, self.text, start, self.hidden
        )


@dataclass(frozen=True)
class _Event:
    kind: str
    pos: int
    tag: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()
    text: str = ""


class _Lexer(HTMLParser):
    """Record every parser callback with its absolute source position."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[_Event] = []
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", source))]

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "empty" if tag in VOID else "start"
        self.events.append(_Event(kind, self._pos(), tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event("empty", self._pos(), tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event("end", self._pos(), tag))

    def handle_data(self, data: str) -> None:
        self.events.append(_Event("text", self._pos(), text=data))

    def handle_comment(self, data: str) -> None:
        self.events.append(_Event("other", self._pos()))

    def handle_decl(self, decl: str) -> None:
        self.events.append(_Event("other", self._pos()))

    def handle_pi(self, data: str) -> None:
        self.events.append(_Event("other", self._pos()))

    def unknown_decl(self, data: str) -> None:
        self.events.append(_Event("other", self._pos()))


def _lex(source: str) -> list[_Event]:
    """Parse the fragment into positioned events."""
    lexer = _Lexer(source)
    lexer.feed(source)
    lexer.close()
    events = lexer.events
    if source and (not events or events[0].pos > 0):
        events.insert(0, _Event("other", 0))  # markup the parser ignores, like "</>"
    return events


def _is_hidden(event: _Event) -> bool:
    """Tell whether an element is one of ours that holds no anchor text."""
    if event.tag in HIDDEN_TAGS:
        return True
    classes = next((value or "" for name, value in event.attrs if name == "class"), "")
    return not HIDDEN_CLASSES.isdisjoint(classes.split())


def _close(stack: list[tuple[str, bool]], tag: str) -> bool | None:
    """Pop the stack down to the innermost open ``tag``; return its hidden flag."""
    if all(name != tag for name, _ in stack):
        return None
    while True:
        name, hidden = stack.pop()
        if name == tag:
            return hidden


def _nest(events: list[_Event], source: str) -> list[Token]:
    """Turn events into tokens with their raw slice, depth and hidden flag."""
    tokens: list[Token] = []
    stack: list[tuple[str, bool]] = []
    stops = [event.pos for event in events[1:]] + [len(source)] if events else []
    for event, stop in zip(events, stops, strict=True):
        inherited = bool(stack) and stack[-1][1]
        depth = len(stack)
        hidden = inherited or (event.kind in ("start", "empty") and _is_hidden(event))
        if event.kind == "start":
            stack.append((event.tag, hidden))
        elif event.kind == "end":
            closed = _close(stack, event.tag)
            depth = len(stack)
            hidden = inherited if closed is None else closed
        raw = source[event.pos : stop]
        token = Token(event.kind, raw, depth, event.tag, event.attrs, event.text, None, hidden)
        tokens.append(token)
    return tokens


def _is_boundary(token: Token) -> bool:
    """Tell whether a tag token ends a run of inline text."""
    return not token.hidden and (token.tag in BLOCKS or token.tag == "br")


def _runs(tokens: list[Token]) -> list[list[int]]:
    """Group the indices of visible text tokens into runs between block boundaries."""
    runs: list[list[int]] = [[]]
    for i, token in enumerate(tokens):
        if token.kind == "text" and not token.hidden and token.text:
            runs[-1].append(i)
        elif token.kind in ("start", "end", "empty") and _is_boundary(token):
            runs.append([])
    return [run for run in runs if any(tokens[i].text.strip(HTML_SPACE) for i in run)]


def _place(tokens: list[Token]) -> list[Token]:
    """Give each text token of a kept run its anchor-text offset."""
    placed = list(tokens)
    offset = 0
    for n, run in enumerate(_runs(tokens)):
        offset += 1 if n else 0
        for i in run:
            placed[i] = tokens[i].at(offset)
            offset += len(tokens[i].text)
    return placed


@functools.lru_cache(maxsize=16)
def tokenize(html: str) -> tuple[Token, ...]:
    """Cut an HTML fragment into tokens; text tokens in the anchor text get offsets.

    Remembered for the last few fragments: an article's parts are tokenized for their
    text and again when they are highlighted.
    """
    return tuple(_place(_nest(_lex(html), html)))


def text_from(tokens: tuple[Token, ...]) -> str:
    """Rebuild the anchor text from tokenized text."""
    parts: list[str] = []
    length = 0
    for token in tokens:
        if token.start is None:
            continue
        if token.start > length:
            parts.append("\n")
        parts.append(token.text)
        length = token.start + len(token.text)
    return "".join(parts)


def text_of(html: str) -> str:
    """Return the anchor text of an HTML fragment."""
    return text_from(tokenize(html))
