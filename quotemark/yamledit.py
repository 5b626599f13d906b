"""Edit YAML source text in place: new values and new keys at the places PyYAML gives its
nodes, every other byte kept (comments, key order, indentation, quoting, line endings).

A new string keeps its node's style when that style can hold it: plain, single-quoted,
double-quoted, or a folded block (``>-``, re-wrapped at its old line breaks where the words
are the same; a literal ``|`` block becomes folded). Otherwise it is written double-quoted
with JSON escapes (``sidecaredit.quoted``), as is anything in a flow collection that only a
block could hold. A new key goes after the key named to precede it (else at the end of the
mapping), on its own line in a block mapping, after a comma in a flow one. A scalar that
must become a mapping (an anchor's string shorthand) becomes a flow mapping on its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import yaml

from quotemark.model import Position
from quotemark.sidecaredit import quoted

Value = str | int | Position
RAW_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff\ud800-\udfff\ufffe\uffff]"
)
BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
MIN_WIDTH = 80  # a re-wrapped folded block's lines may grow to this, or its longest line


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new`` (an insertion when start == end)."""

    start: int
    end: int
    new: str


def compose(text: str) -> yaml.Node | None:
    """Parse YAML text into PyYAML nodes, which know where they start and end."""
    node: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    return node


def value_nodes(root: yaml.Node) -> dict[tuple[int, int], yaml.Node]:
    """Every value node (not keys) by its 1-based line and column, outermost first."""
    found: dict[tuple[int, int], yaml.Node] = {}
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        found.setdefault((node.start_mark.line + 1, node.start_mark.column + 1), node)
        if isinstance(node, yaml.MappingNode):
            stack += [value for _, value in reversed(node.value)]
        elif isinstance(node, yaml.SequenceNode):
            stack += list(reversed(node.value))
    return found


def apply(text: str, edits: Sequence[Edit]) -> str:
    """The text with every edit made; edits at one place keep their order."""
    ordered = sorted(enumerate(edits), key=lambda e: (e[1].start, e[1].end, e[0]), reverse=True)
    for _, edit in ordered:
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node (None when absent or not a mapping)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


# ---------------------------------------------------------------- mappings


def set_values(
    text: str,
    node: yaml.MappingNode,
    updates: Sequence[tuple[str, Value]],
    after: Mapping[str, Sequence[str]],
    style: str | None = None,
) -> list[Edit]:
    """Set keys of a mapping: existing values replaced, missing keys added.

    ``after`` names, per new key, the keys it should follow (first present wins);
    ``style`` is the style new strings take when it can hold them.
    """
    edits: list[Edit] = []
    for key, value in updates:
        current = value_of(node, key)
        if current is not None:
            edits += replace_value(text, current, value, node.flow_style)
            continue
        previous = next((value_of(node, k) for k in after.get(key, ()) if k in keys(node)), None)
        last = previous if previous is not None else node.value[-1][1]
        entry = f"{key}: {render(value, style, flow=node.flow_style)}"
        if node.flow_style:
            edits.append(Edit(content_end(text, last), content_end(text, last), f", {entry}"))
        else:
            pad = " " * node.start_mark.column
            edits.append(new_line(text, line_after(text, content_end(text, last)), pad + entry))
    return edits


def keys(node: yaml.MappingNode) -> list[str]:
    return [str(k.value) for k, _ in node.value]


def replace_value(text: str, node: yaml.Node, value: Value, in_flow: bool) -> list[Edit]:
    """Edits that give a value node a new value, in its own style where it can be."""
    if isinstance(value, Position):
        return replace_position(text, node, value, in_flow)
    if isinstance(node, yaml.ScalarNode) and node.value == str(value):
        return []
    if isinstance(value, int):
        return [Edit(node.start_mark.index, content_end(text, node), str(value))]
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and block_ok(value):
        return [Edit(node.start_mark.index, content_end(text, node), folded(text, node, value))]
    style = node.style if isinstance(node, yaml.ScalarNode) else '"'
    new = render(value, style, in_flow) + header_comment(text, node)
    return [Edit(node.start_mark.index, content_end(text, node), new)]


def replace_position(text: str, node: yaml.Node, value: Position, in_flow: bool) -> list[Edit]:
    """Set a ``{start, end}`` mapping: its two numbers if it has them, else all of it."""
    start, end = value_of(node, "start"), value_of(node, "end")
    if isinstance(start, yaml.ScalarNode) and isinstance(end, yaml.ScalarNode):
        first = replace_value(text, start, value.start, True)
        return [*first, *replace_value(text, end, value.end, True)]
    new = render(value, None, in_flow) + header_comment(text, node)
    return [Edit(node.start_mark.index, content_end(text, node), new)]


def to_mapping(
    text: str, node: yaml.ScalarNode, updates: Sequence[tuple[str, Value]]
) -> list[Edit]:
    """Turn a scalar into a flow mapping of the updates on its own line (its comment kept)."""
    entries = ", ".join(f"{key}: {render(value, node.style, flow=True)}" for key, value in updates)
    new = "{" + entries + "}" + header_comment(text, node)
    return [Edit(node.start_mark.index, content_end(text, node), new)]


# ---------------------------------------------------------------- where nodes end


def content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: a block scalar's last character (not the blank lines
    after it), a block collection's last value's end."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        body = text[node.start_mark.index : node.end_mark.index].rstrip()
        return max(node.start_mark.index + len(body), header_end(text, node))
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return content_end(text, node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return content_end(text, node.value[-1])
    last: int = node.end_mark.index
    return last


def header_end(text: str, node: yaml.Node) -> int:
    """The end of the line a node starts on (before its line break)."""
    end = text.find("\n", node.start_mark.index)
    end = len(text) if end == -1 else end
    return end - 1 if text[end - 1 : end] == "\r" else end


def line_after(text: str, index: int) -> int:
    """The start of the line after the one holding index (the text's end if none)."""
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def new_line(text: str, at: int, line: str) -> Edit:
    """Insert a line at a line start (or after the last line, which may lack its break)."""
    newline = newline_of(text)
    if at == len(text) and text and not text.endswith("\n"):
        return Edit(at, at, newline + line)
    return Edit(at, at, line + newline)


def header_comment(text: str, node: yaml.Node) -> str:
    """The comment after a block scalar's header (``>-  # note``), kept when it is rewritten."""
    if not (isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")):
        return ""
    header = text[node.start_mark.index : header_end(text, node)]
    found = BLOCK_HEADER.match(header)
    return header[found.end() :] if found else ""


# ---------------------------------------------------------------- writing values


def render(value: Value, style: str | None, flow: bool) -> str:
    """A value as YAML text: a string in ``style`` if it can hold it, else double-quoted."""
    if isinstance(value, Position):
        return f"{{start: {value.start}, end: {value.end}}}"
    if isinstance(value, int):
        return str(value)
    if style is None and plain_ok(value, flow):
        return value
    if style == "'" and single_ok(value, flow):
        return "'" + value.replace("'", "''") + "'"
    return quoted(value)


def plain_ok(value: str, flow: bool) -> bool:
    """Tell whether a string can be written as a plain scalar and read back unchanged."""
    if not value or value != value.strip() or RAW_UNSAFE.search(value):
        return False
    if flow and any(c in value for c in ",[]{}:#"):
        return False
    return reads_back(value, value, flow)


def single_ok(value: str, flow: bool) -> bool:
    """Tell whether a string can be written single-quoted on one line."""
    written = "'" + value.replace("'", "''") + "'"
    return not RAW_UNSAFE.search(value) and reads_back(written, value, flow)


def block_ok(value: str) -> bool:
    """Tell whether a string can be written as a folded block of single-spaced words."""
    words = value.split(" ")
    return bool(value) and all(words) and not RAW_UNSAFE.search(value)


def reads_back(written: str, value: str, flow: bool) -> bool:
    """Tell whether ``written`` as a mapping value loads back as exactly ``value``."""
    source = f"{{k: {written}}}" if flow else f"k: {written}"
    try:
        loaded = yaml.safe_load(source)
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded == {"k": value}


def folded(text: str, node: yaml.ScalarNode, value: str) -> str:
    """A folded block (``>-``) holding value, indented and wrapped like the old one."""
    old = text[line_after(text, node.start_mark.index) : content_end(text, node)]
    lines = [line.rstrip("\r") for line in old.split("\n") if line.strip()]
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines), default=0)
    if indent == 0:
        indent = node.start_mark.column + 2
    width = max([MIN_WIDTH, *(len(line) for line in lines)])
    body = wrap([line.split() for line in lines], value.split(" "), width - indent)
    newline = newline_of(text)
    return ">-" + header_comment(text, node) + "".join(newline + " " * indent + b for b in body)


def wrap(old: list[list[str]], words: list[str], width: int) -> list[str]:
    """Lines of words: broken where the old lines broke after the same words (or after the
    word that took the place of the old one), and where a line would grow past width."""
    flat = [w for line in old for w in line]
    breaks: set[int] = set()
    count = 0
    for line in old[:-1]:
        count += len(line)
        breaks.add(count - 1)
    kept: set[int] = set()
    matcher = SequenceMatcher(None, flat, words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for i in sorted(b for b in breaks if i1 <= b < i2):
            if tag != "delete":
                kept.add(min(j1 + i - i1, j2 - 1))
            elif j1 > 0:
                kept.add(j1 - 1)
    return list(greedy(words, kept, width))


def greedy(words: list[str], breaks: set[int], width: int) -> Iterator[str]:
    """Fill lines word by word, ending one after each index in breaks or when full."""
    line: list[str] = []
    for i, word in enumerate(words):
        if line and len(" ".join([*line, word])) > width:
            yield " ".join(line)
            line = []
        line.append(word)
        if i in breaks:
            yield " ".join(line)
            line = []
    if line:
        yield " ".join(line)
