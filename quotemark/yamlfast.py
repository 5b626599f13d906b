"""A fast, exact reader for the plain YAML that quotemark's files are written in.

``parse_fast`` reads block mappings and sequences (compact ``- key: value`` items and
sequences at their key's indentation included), plain scalars over several lines,
one-line quoted scalars, one-line flow collections, ``|``/``>`` block scalars, comments
and one leading ``---``. For any text it either declines or returns exactly the tree that
``yamlsafe.parse_yaml``'s libyaml path returns for it without problems (same values,
``Loc``s, ``plain`` and ``kind``). It never reports: every error, warning and oddity
(tabs, ``\\r``, anchors, aliases, tags, ``?`` keys, directives, ``...``, duplicate keys,
a second document, control characters, multi-line quoted or flow values, keep chomping,
explicit block indentation, uncommon escapes, ...) is declined and left to that path.
"""

from __future__ import annotations

import re

from quotemark.model import Loc
from quotemark.yamltree import YMap, YNode, YScalar, YSeq, resolve_kind

# Anything but LF and the printable characters that are not line breaks (NEL, LS, PS)
# nor a byte order mark: tab and CR included.
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_MARKER = re.compile(r"^(?:---|\.\.\.)", re.MULTILINE)
_PLAIN_KEY = re.compile(
    r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^ :,\[\]{}#]))(?:[^ :]|:(?=[^ ])| +(?=[^ #:]))*:(?: |$)"
)
_BLOCK_HEADER = re.compile(r"([|>])(-?)(?: *| +#.*)$")
_FLOW_PLAIN = re.compile(
    r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^ ,\[\]{}]))(?:[^:?,\[\]{}#]|:(?=[^ ,\[\]{}?]))*"
)
# Every line split into indentation, "- ", a key and its colon, a plain value, and the
# rest; keys and values are taken only when they have neither ":" nor "#" in them (most).
_SIMPLE = r"[^ \n\-?:,\[\]{}#&*!|>'\"%@`](?:[^:#\n]*[^:# \n])?"
_ROW = re.compile(rf"( *)(- +)?(?:({_SIMPLE})(:(?: +|$)))?(?:({_SIMPLE}) *$)?(.*)\n", re.MULTILINE)
_PLAIN_START = "-?:,[]{}#&*!|>'\"%@`"
_ESCAPES = {
    **{c: c for c in '\\"/ '},
    **{"n": "\n", "t": "\t", "r": "\r", "0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b"},
    **{"f": "\x0c", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"},
}
_NULL = resolve_kind("")
_MAX_KEY = 1000  # libyaml gives up on a key that runs over 1024 characters


class _Decline(Exception):
    """Internal: the text is outside the subset read here (never leaves this module)."""


def parse_fast(text: str, line_offset: int = 0) -> tuple[bool, YNode | None]:
    """Return (True, the tree, or None for an empty text) for a text in the subset, else
    (False, None)."""
    if _UNUSUAL.search(text) is not None:
        return False, None
    try:
        return True, _Reader(text, line_offset).document(text)
    except _Decline:
        return False, None


def _is_item(line: str, col: int) -> bool:
    """Tell whether a ``-`` list item indicator stands at ``col``."""
    return line.startswith("-", col) and (len(line) == col + 1 or line[col + 1] == " ")


def _comment_or_end(line: str, pos: int) -> bool:
    """Tell whether only spaces, then nothing or a comment, follow ``pos``."""
    rest = line[pos:]
    stripped = rest.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(rest))


class _Reader:
    """Read a document line by line; every method raises ``_Decline`` outside the subset.

    Lines and columns count from 0 here; a node at line ``i``, column ``col`` is placed at
    ``Loc(i + base, col + 1)``. Readers of a node return it with the line after it.
    """

    def __init__(self, text: str, line_offset: int) -> None:
        self.lines = text.split("\n")
        self.rows: list[tuple[str, str, str, str, str, str]] = _ROW.findall(text + "\n")
        self.count = len(self.lines)
        self.base = line_offset + 1
        self.kinds: dict[str, str] = {}
        if len(self.rows) != self.count:
            raise _Decline  # cannot happen: every line is one row

    def document(self, text: str) -> YNode | None:
        """Read the whole text: an optional ``---``, then one block mapping or sequence."""
        i, indent = self.next_entry(0)
        markers = len(_MARKER.findall(text))
        if indent == 0 and self.lines[i].startswith("---"):
            if markers > 1 or not _comment_or_end(self.lines[i], 3):
                raise _Decline
            i, indent = self.next_entry(i + 1)
            if indent < 0:
                raise _Decline
        elif markers:
            raise _Decline
        if indent < 0:
            return None
        line = self.lines[i]
        if not _is_item(line, indent) and not self.is_key(line, indent):
            raise _Decline
        node, i = self.node(i, indent, -1)
        if self.next_entry(i)[1] >= 0:
            raise _Decline
        return node

    def next_entry(self, i: int) -> tuple[int, int]:
        """Return the first line from ``i`` on that is neither blank nor a comment, and its
        indentation (-1 past the end)."""
        rows, count = self.rows, self.count
        while i < count:
            indent, dash, key, _, value, rest = rows[i]
            if dash or key or value or (rest and rest[0] != "#"):
                return i, len(indent)
            i += 1
        return i, -1

    def plain_scalar(self, value: str, i: int, col: int) -> YScalar:
        """Make a plain scalar."""
        kind = self.kinds.get(value) or self.kind(value)
        return YScalar(value, Loc(i + self.base, col + 1), True, kind)

    def kind(self, value: str) -> str:
        """Resolve a plain scalar's type, once per distinct value."""
        kind = self.kinds[value] = resolve_kind(value)
        return kind

    def node(self, i: int, col: int, parent: int) -> tuple[YNode, int]:
        """Read the node at ``col`` of line ``i``, in a block indented ``parent``."""
        line = self.lines[i]
        if _is_item(line, col):
            return self.sequence(i, col, indentless=False)
        if self.is_key(line, col):
            return self.mapping(i, col)
        return self.value(i, col, parent, line[col:])

    def is_key(self, line: str, col: int) -> bool:
        """Tell whether a mapping key starts at ``col``."""
        if line[col] in "\"'":
            return line.startswith(":", self.quoted(line, col)[1])
        return _PLAIN_KEY.match(line, col) is not None

    def quoted_key(self, line: str, i: int, col: int) -> tuple[YScalar, int]:
        """Read the quoted key at ``col`` of line ``i``; return it, the column after its colon."""
        if line[col] not in "\"'":
            raise _Decline
        value, end = self.quoted(line, col)
        if not line.startswith(":", end) or line[end + 1 : end + 2] not in ("", " "):
            raise _Decline
        if end > col + _MAX_KEY:
            raise _Decline
        return YScalar(value, Loc(i + self.base, col + 1)), end + 1

    def mapping(self, i: int, col: int) -> tuple[YMap, int]:
        """Read a block mapping whose keys stand at ``col``, the first on line ``i``."""
        rows, base, kinds = self.rows, self.base, self.kinds
        pairs: list[tuple[YScalar, YNode]] = []
        seen: set[str] = set()
        loc = Loc(i + base, col + 1)
        indent = col
        while indent == col:
            spaces, dash, name, colon, text, rest = rows[i]
            value: YNode
            if not name or len(spaces) + len(dash) != col:
                key, value, i = self.entry(self.lines[i], i, col)
            else:
                key = YScalar(
                    name, Loc(i + base, col + 1), True, kinds.get(name) or self.kind(name)
                )
                after = col + len(name) + 1
                if text:
                    value, i = self.plain_lines(i, after + len(colon) - 1, col, text)
                elif not rest or rest[0] == "#":
                    value, i = self.below(i, after, col)
                else:
                    value, i = self.value(i, after + len(colon) - 1, col, rest)
            if key.value in seen or len(key.value) > _MAX_KEY:
                raise _Decline
            seen.add(key.value)
            pairs.append((key, value))
            i, indent = self.next_entry(i)
        if indent > col:
            raise _Decline
        return YMap(tuple(pairs), loc), i

    def entry(self, line: str, i: int, col: int) -> tuple[YScalar, YNode, int]:
        """Read the key and value of a mapping at ``col`` on line ``i``."""
        found = _PLAIN_KEY.match(line, col)
        if found is None:
            key, after = self.quoted_key(line, i, col)
        else:
            end = found.end()
            after = end if line[end - 1] == ":" else end - 1
            key = self.plain_scalar(line[col : after - 1], i, col)
        rest = line[after:].lstrip(" ")
        value: YNode
        if not rest or rest[0] == "#":
            value, i = self.below(i, after, col)
        elif rest[0] in _PLAIN_START:
            value, i = self.value(i, len(line) - len(rest), col, rest)
        else:
            value, i = self.plain(i, len(line) - len(rest), col, rest)
        return key, value, i

    def below(self, i: int, after: int, col: int) -> tuple[YNode, int]:
        """Read the value of a key of a mapping at ``col`` whose line ends after its colon."""
        j, indent = self.next_entry(i + 1)
        if indent > col:
            return self.node(j, indent, col)
        if indent == col and _is_item(self.lines[j], col):
            return self.sequence(j, col, indentless=True)
        return YScalar("", Loc(i + self.base, after + 1), True, _NULL), i + 1

    def sequence(self, i: int, col: int, indentless: bool) -> tuple[YSeq, int]:
        """Read a block sequence whose ``-`` stand at ``col``, the first on line ``i``."""
        rows = self.rows
        items: list[YNode] = []
        loc = Loc(i + self.base, col + 1)
        while True:
            _, dash, name, _, text, _ = rows[i]
            at = col + len(dash)
            item: YNode
            if name and dash:
                item, i = self.mapping(i, at)
            elif text and dash:
                item, i = self.plain_lines(i, at, col, text)
            else:
                item, i = self.item(i, col)
            items.append(item)
            i, indent = self.next_entry(i)
            if indent != col or not _is_item(self.lines[i], col):
                break
        if indent > col or (indent == col and not indentless):
            raise _Decline
        return YSeq(tuple(items), loc), i

    def item(self, i: int, col: int) -> tuple[YNode, int]:
        """Read the item whose ``-`` stands at ``col`` of line ``i``."""
        line = self.lines[i]
        rest = line[col + 1 :].lstrip(" ")
        if rest and rest[0] != "#":
            return self.node(i, len(line) - len(rest), col)
        j, indent = self.next_entry(i + 1)
        if indent > col:
            return self.node(j, indent, col)
        return YScalar("", Loc(i + self.base, col + 2), True, _NULL), i + 1

    def value(self, i: int, col: int, parent: int, rest: str) -> tuple[YNode, int]:
        """Read the scalar or flow collection ``rest`` at ``col`` of line ``i``."""
        first = rest[0]
        if first not in _PLAIN_START or (first == "-" and rest[1:2] not in ("", " ")):
            return self.plain(i, col, parent, rest)
        line = self.lines[i]
        node: YNode
        if first == "[" or first == "{":
            node, end = self.flow(line, col, i)
        elif first == '"' or first == "'":
            value, end = self.quoted(line, col)
            node = YScalar(value, Loc(i + self.base, col + 1))
        elif first == "|" or first == ">":
            return self.block_scalar(i, col, parent)
        else:
            raise _Decline
        if not _comment_or_end(line, end):
            raise _Decline
        return node, i + 1

    def plain(self, i: int, col: int, parent: int, rest: str) -> tuple[YScalar, int]:
        """Read a plain scalar in block context: ``rest`` and its continuation lines."""
        text, ended = _plain_part(rest)
        if ended:
            kind = self.kinds.get(text) or self.kind(text)
            return YScalar(text, Loc(i + self.base, col + 1), True, kind), i + 1
        return self.plain_lines(i, col, parent, text)

    def plain_lines(self, i: int, col: int, parent: int, text: str) -> tuple[YScalar, int]:
        """Read a plain scalar whose first line's share is ``text``, and its continuation."""
        last = i
        if i + 1 < self.count:
            spaces, dash, key, _, value, rest = self.rows[i + 1]
            comment = not (dash or key or value) and rest[:1] == "#"
            if (len(spaces) > parent and not comment) or not (dash or key or value or rest):
                text, last = self.continued(text, i + 1, parent)
        kind = self.kinds.get(text) or self.kind(text)
        return YScalar(text, Loc(i + self.base, col + 1), True, kind), last + 1

    def continued(self, text: str, j: int, parent: int) -> tuple[str, int]:
        """Fold the continuation lines from ``j`` on into a plain scalar; return it and its
        last line."""
        last = j - 1
        blanks = 0
        ended = False
        while not ended and j < self.count:
            stripped = self.lines[j].lstrip(" ")
            if not stripped:
                blanks += 1
            elif len(self.lines[j]) - len(stripped) <= parent or stripped[0] == "#":
                break
            else:
                part, ended = _plain_part(stripped)
                text += ("\n" * blanks if blanks else " ") + part
                blanks = 0
                last = j
            j += 1
        return text, last

    def quoted(self, line: str, col: int) -> tuple[str, int]:
        """Read a one-line quoted scalar; return its value and the column after it."""
        if line[col] == '"':
            return _double_quoted(line, col)
        parts = []
        start = col + 1
        end = line.find("'", start)
        while end >= 0 and line.startswith("'", end + 1):
            parts.append(line[start : end + 1])
            start = end + 2
            end = line.find("'", start)
        if end < 0:
            raise _Decline
        parts.append(line[start:end])
        return "".join(parts), end + 1

    def block_scalar(self, i: int, col: int, parent: int) -> tuple[YScalar, int]:
        """Read a ``|`` or ``>`` block scalar (strip or clip chomping, found indentation)."""
        header = _BLOCK_HEADER.match(self.lines[i], col)
        if header is None:
            raise _Decline
        lines = self.lines
        j = i + 1
        while j < self.count and not lines[j].lstrip(" "):
            j += 1
        if j >= self.count:
            raise _Decline
        indent = len(lines[j]) - len(lines[j].lstrip(" "))
        if indent <= parent or any(len(lines[k]) > indent for k in range(i + 1, j)):
            raise _Decline
        text, last = _block_lines(lines, j, indent, header.group(1) == ">")
        text = "\n" * (j - i - 1) + text
        if not header.group(2) and last + 1 < self.count:
            text += "\n"
        return YScalar(text, Loc(i + self.base, col + 1)), last + 1

    def flow(self, line: str, col: int, i: int) -> tuple[YNode, int]:
        """Read a one-line flow collection starting at ``col``; return it and the column after."""
        is_seq = line[col] == "["
        closing = "]" if is_seq else "}"
        items: list[YNode] = []
        pairs: list[tuple[YScalar, YNode]] = []
        pos = _skip_spaces(line, col + 1)
        while not line.startswith(closing, pos):
            if is_seq:
                node, pos = self.flow_node(line, pos, i)
                items.append(node)
            else:
                key, pos = self.flow_key(line, pos, i)
                if any(k.value == key.value for k, _ in pairs):
                    raise _Decline
                node, pos = self.flow_node(line, _skip_spaces(line, pos), i)
                pairs.append((key, node))
            pos = _skip_spaces(line, pos)
            if line.startswith(",", pos):
                pos = _skip_spaces(line, pos + 1)
                if line.startswith(closing, pos):
                    raise _Decline
            elif not line.startswith(closing, pos):
                raise _Decline
        loc = Loc(i + self.base, col + 1)
        return (YSeq(tuple(items), loc) if is_seq else YMap(tuple(pairs), loc)), pos + 1

    def flow_key(self, line: str, pos: int, i: int) -> tuple[YScalar, int]:
        """Read a flow mapping's key and its ``: ``; return it and the column after the colon."""
        key, end = self.flow_node(line, pos, i)
        if not isinstance(key, YScalar) or not line.startswith(": ", end) or end > pos + _MAX_KEY:
            raise _Decline
        return key, end + 1

    def flow_node(self, line: str, pos: int, i: int) -> tuple[YNode, int]:
        """Read a node inside a flow collection; return it and the column after it."""
        first = line[pos : pos + 1]
        if first == "[" or first == "{":
            return self.flow(line, pos, i)
        if first == '"' or first == "'":
            value, end = self.quoted(line, pos)
            return YScalar(value, Loc(i + self.base, pos + 1)), end
        found = _FLOW_PLAIN.match(line, pos)
        if found is None:
            raise _Decline
        return self.plain_scalar(found.group().rstrip(" "), i, pos), found.end()


def _skip_spaces(line: str, pos: int) -> int:
    while line.startswith(" ", pos):
        pos += 1
    return pos


def _plain_part(segment: str) -> tuple[str, bool]:
    """Return one line's share of a plain scalar and whether a comment ends the scalar there."""
    text = segment.rstrip(" ")
    hash_at = text.find(" #")
    if hash_at >= 0:
        text = text[:hash_at].rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _Decline
    return text, hash_at >= 0


def _double_quoted(line: str, col: int) -> tuple[str, int]:
    """Read a one-line double-quoted scalar with simple escapes; return it and the column after."""
    parts = []
    pos = col + 1
    while True:
        quote = line.find('"', pos)
        slash = line.find("\\", pos)
        if quote < 0:
            raise _Decline
        if slash < 0 or quote < slash:
            parts.append(line[pos:quote])
            return "".join(parts), quote + 1
        escaped = _ESCAPES.get(line[slash + 1 : slash + 2])
        if escaped is None:
            raise _Decline
        parts.append(line[pos:slash])
        parts.append(escaped)
        pos = slash + 2


def _block_lines(lines: list[str], j: int, indent: int, folded: bool) -> tuple[str, int]:
    """Join a block scalar's lines from ``j`` on; return the text and its last line."""
    parts = [lines[j][indent:]]
    last = j
    blanks = 0
    j += 1
    while j < len(lines):
        line = lines[j]
        stripped = line.lstrip(" ")
        if not stripped:
            if len(line) > indent:
                raise _Decline
            blanks += 1
        elif len(line) - len(stripped) < indent:
            break
        else:
            part = line[indent:]
            if folded and part[0] == " ":
                raise _Decline
            parts.append(("\n" * blanks if blanks else " ") if folded else "\n" * (blanks + 1))
            parts.append(part)
            last = j
            blanks = 0
        j += 1
    return "".join(parts), last
