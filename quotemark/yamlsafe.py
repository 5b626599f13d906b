"""Hardened YAML: a small typed tree that keeps the position of every node.

Only what quotemark's files need is accepted. Anchors and aliases, explicit tags,
duplicate keys, several documents in one file, files over 1 MiB and text that is not
UTF-8 are rejected as ``Problem``s, never exceptions. Scalars keep their raw text and
how YAML 1.1 would have resolved them, so schema code decides types itself (``Check``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeAlias
from urllib.parse import urlsplit

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
)

from quotemark.model import Loc, Problem, Severity

MAX_BYTES = 1 << 20
_TAG_KINDS = {
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}
_KIND_NAMES = {
    "bool": "a boolean",
    "int": "a number",
    "float": "a number",
    "null": "null",
    "timestamp": "a date",
}
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class YScalar:
    """A scalar: its raw text, whether it was plain (unquoted), and its YAML 1.1 type."""

    value: str
    loc: Loc
    plain: bool = False
    kind: str = "str"  # str | bool | int | float | null | timestamp (plain scalars only)


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    loc: Loc


@dataclass(frozen=True)
class YMap:
    items: tuple[tuple[YScalar, YNode], ...]
    loc: Loc

    def get(self, key: str) -> YNode | None:
        """Return the value of ``key``, or None when absent."""
        return next((value for k, value in self.items if k.value == key), None)

    def key_loc(self, key: str) -> Loc | None:
        """Return where ``key`` itself stands, or None when absent."""
        return next((k.loc for k, _ in self.items if k.value == key), None)

    def __contains__(self, key: object) -> bool:
        return any(k.value == key for k, _ in self.items)


YNode: TypeAlias = YScalar | YSeq | YMap


# ---------------------------------------------------------------- reading and parsing


def read_source(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file of at most 1 MiB; a leading BOM is dropped."""
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = max(len(data), path.stat().st_size)
        message = f"file is {size} bytes, over the 1 MiB limit; split it up"
        return None, [_problem(display, Loc(1, 1), "file-too-large", message)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        loc = _byte_loc(data, e.start)
        byte = data[e.start : e.start + 1].hex()
        message = f"byte 0x{byte} is not valid UTF-8; save the file as UTF-8"
        return None, [_problem(display, loc, "not-utf8", message)]


def _byte_loc(data: bytes, offset: int) -> Loc:
    """Return the line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Loc(data.count(b"\n", 0, offset) + 1, col)


def load_yaml(path: Path, display: str) -> tuple[YNode | None, list[Problem]]:
    """Read and parse one YAML file; None with no problems means an empty file."""
    text, problems = read_source(path, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str, line_offset: int = 0) -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document; line numbers are shifted by ``line_offset``."""
    builder = _Builder(display, line_offset)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as e:
        builder.problems.append(_syntax_problem(e, display, line_offset))
    except yaml.reader.ReaderError as e:
        loc = _char_loc(text, e.position, line_offset)
        message = f"character #x{e.character:04x} is not allowed in YAML; remove it"
        builder.problems.append(_problem(display, loc, "yaml-syntax", message))
    if builder.problems:
        return None, builder.problems
    return builder.root, []


def _char_loc(text: str, position: int, line_offset: int) -> Loc:
    """Return the line and column of a character offset."""
    line_start = text.rfind("\n", 0, position) + 1
    return Loc(text.count("\n", 0, position) + 1 + line_offset, position - line_start + 1)


def _syntax_problem(e: yaml.MarkedYAMLError, display: str, line_offset: int) -> Problem:
    """Turn PyYAML's multi-line error into one clean line."""
    mark = e.problem_mark or e.context_mark
    loc = _mark_loc(mark, line_offset) if mark else Loc(1 + line_offset, 1)
    message = " ".join(str(e.problem or "invalid YAML").split())
    message = message.replace("'<stream end>'", "the end of the file")
    if e.context and e.context_mark:
        where = _mark_loc(e.context_mark, line_offset)
        context = " ".join(str(e.context).split())
        message += f" ({context} at line {where.line}, column {where.col})"
    return _problem(display, loc, "yaml-syntax", message)


class _Mark(Protocol):
    line: int
    column: int


def _mark_loc(mark: _Mark, line_offset: int) -> Loc:
    return Loc(mark.line + 1 + line_offset, mark.column + 1)


def _problem(path: str, loc: Loc, code: str, message: str) -> Problem:
    return Problem(path, loc.line, loc.col, Severity.ERROR, code, message)


@dataclass
class _Frame:
    """A collection being built: its items, or for a mapping its key/value pairs."""

    loc: Loc
    is_map: bool
    items: list[YNode] = field(default_factory=list)
    pairs: list[tuple[YScalar, YNode]] = field(default_factory=list)
    key: YNode | None = None
    seen: dict[str, Loc] = field(default_factory=dict)


class _Builder:
    """Build the tree from parser events, without recursion, collecting problems."""

    def __init__(self, display: str, line_offset: int) -> None:
        self.display = display
        self.line_offset = line_offset
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: YNode | None = None
        self.documents = 0

    def feed(self, event: Event) -> bool:
        """Take one event; return False to stop reading."""
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                message = 'a file holds one YAML document; remove the second "---"'
                self.report(event, "yaml-syntax", message)
                return False
        elif isinstance(event, NodeEvent):
            self.check_properties(event)
            self.feed_node(event)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            frame = self.stack.pop()
            if frame.is_map:
                self.add(YMap(tuple(frame.pairs), frame.loc))
            else:
                self.add(YSeq(tuple(frame.items), frame.loc))
        return True

    def feed_node(self, event: NodeEvent) -> None:
        """Start a collection, or add a scalar (an alias stands in as an empty scalar)."""
        loc = self.loc(event)
        if isinstance(event, CollectionStartEvent):
            self.stack.append(_Frame(loc, isinstance(event, MappingStartEvent)))
        elif isinstance(event, ScalarEvent):
            self.add(_scalar(event, loc))
        else:
            self.add(YScalar("", loc))

    def check_properties(self, event: NodeEvent) -> None:
        """Reject anchors, aliases and explicit tags."""
        if isinstance(event, AliasEvent):
            message = f"aliases are not allowed (*{event.anchor}); write the value out in full"
            self.report(event, "yaml-alias", message)
        elif event.anchor is not None:
            message = f"anchors are not allowed (&{event.anchor}); write each value out in full"
            self.report(event, "yaml-alias", message)
        tag = getattr(event, "tag", None)
        if tag is not None:
            message = f"tags are not allowed ({_short_tag(tag)}); write a plain value"
            self.report(event, "yaml-tag", message)

    def add(self, node: YNode) -> None:
        """Put a finished node into the collection being built (or make it the root)."""
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        if not frame.is_map:
            frame.items.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            self.add_pair(frame, frame.key, node)
            frame.key = None

    def add_pair(self, frame: _Frame, key: YNode, value: YNode) -> None:
        """Add a key/value pair, rejecting complex and duplicate keys."""
        if not isinstance(key, YScalar):
            message = "a mapping key must be a plain value, not a list or mapping"
            self.problems.append(_problem(self.display, key.loc, "yaml-syntax", message))
        elif key.value in frame.seen:
            first = frame.seen[key.value]
            message = f'duplicate key "{key.value}" (first at line {first.line}); keep one'
            self.problems.append(_problem(self.display, key.loc, "yaml-duplicate-key", message))
        else:
            frame.seen[key.value] = key.loc
            frame.pairs.append((key, value))

    def loc(self, event: Event) -> Loc:
        """Return where an event starts in the file."""
        mark = event.start_mark
        return _mark_loc(mark, self.line_offset) if mark else Loc(1 + self.line_offset, 1)

    def report(self, event: Event, code: str, message: str) -> None:
        """Record an error at an event."""
        self.problems.append(_problem(self.display, self.loc(event), code, message))


def _scalar(event: ScalarEvent, loc: Loc) -> YScalar:
    """Make a scalar node, noting how YAML 1.1 would resolve a plain one."""
    plain = event.style is None and event.tag is None
    if not plain:
        return YScalar(event.value, loc)
    return YScalar(event.value, loc, plain=True, kind=_resolve_kind(event.value))


def _resolve_kind(value: str) -> str:
    """Return the YAML 1.1 type a plain scalar resolves to (as PyYAML's SafeLoader would)."""
    table = yaml.resolver.Resolver.yaml_implicit_resolvers
    for tag, regexp in [*table.get(value[:1], []), *table.get(None, [])]:
        if regexp.match(value):
            return _TAG_KINDS.get(tag, "str")
    return "str"


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


# ---------------------------------------------------------------- schema helpers


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return the closest of ``choices`` to ``word``, if any is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def describe(node: YNode) -> str:
    """Name what a node holds, for messages: "a list", "a boolean", "nothing", ..."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if node.plain and node.value == "":
        return "nothing"
    return _KIND_NAMES.get(node.kind, "a string") if node.plain else "a string"


@dataclass(frozen=True)
class Check:
    """Typed reads of YAML nodes for one file, collecting problems as it goes.

    Every reader takes ``None`` (an absent field) and returns ``None`` for it quietly;
    a present but wrong value is a problem and also gives ``None``.
    """

    path: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, code: str, message: str) -> None:
        """Record one error."""
        self.problems.append(_problem(self.path, loc, code, message))

    def invalid(self, node: YNode, label: str, message: str) -> None:
        """Record a ``bad-value`` error about ``label``."""
        self.error(node.loc, "bad-value", f"{label}: {message}")

    def bad_type(self, node: YNode, label: str, expected: str) -> None:
        """Record a ``bad-type`` error: ``label: expected X, got Y``."""
        self.error(node.loc, "bad-type", f"{label}: expected {expected}, got {describe(node)}")

    def mapping(self, node: YNode | None, label: str) -> YMap | None:
        """Read a mapping."""
        if node is None or isinstance(node, YMap):
            return node
        self.bad_type(node, label, "a mapping")
        return None

    def sequence(self, node: YNode | None, label: str) -> tuple[YNode, ...] | None:
        """Read a list's items."""
        if node is None or isinstance(node, YSeq):
            return node.items if node else None
        self.bad_type(node, label, "a list")
        return None

    def keys(self, node: YMap, allowed: Sequence[str], where: str) -> None:
        """Report keys that are not ``allowed`` (``x-*`` keys always are)."""
        for key, _ in node.items:
            if key.value in allowed or key.value.startswith("x-"):
                continue
            message = f'unknown key "{key.value}" in {where}'
            match = did_you_mean(key.value, allowed)
            if match:
                message += f'; did you mean "{match}"?'
            else:
                message += f"; known keys: {', '.join(allowed)} (and x-* for your own)"
            self.error(key.loc, "unknown-key", message)

    def require(self, node: YMap, key: str, where: str, at: Loc | None = None) -> YNode | None:
        """Return a required field's value, or report it missing at ``at`` (else the mapping)."""
        value = node.get(key)
        if value is None:
            self.error(at or node.loc, "missing-field", f'{where} lacks "{key}"')
        return value

    def string(self, node: YNode | None, label: str) -> str | None:
        """Read a string; a plain scalar that YAML 1.1 would not read as one must be quoted."""
        if node is None:
            return None
        if not isinstance(node, YScalar) or (node.plain and node.value == ""):
            self.bad_type(node, label, "a string")
            return None
        if node.plain and node.kind != "str":
            message = f"{label}: {node.value} is read by YAML as {_KIND_NAMES[node.kind]}; "
            self.error(node.loc, "yaml-coercion", message + f'quote it: "{node.value}"')
            return None
        return node.value

    def text(self, node: YNode | None, label: str) -> str | None:
        """Read a string that must not be blank."""
        value = self.string(node, label)
        if node is not None and value is not None and not value.strip():
            self.invalid(node, label, "must not be empty")
            return None
        return value

    def integer(self, node: YNode | None, label: str) -> int | None:
        """Read a whole number written in plain decimal digits."""
        if node is None:
            return None
        if isinstance(node, YScalar) and node.plain and _DECIMAL.fullmatch(node.value):
            return int(node.value)
        self.bad_type(node, label, "a whole number")
        return None

    def boolean(self, node: YNode | None, label: str) -> bool | None:
        """Read true or false (YAML 1.1 spellings like yes/no too)."""
        if node is None:
            return None
        if isinstance(node, YScalar) and node.plain and node.kind == "bool":
            return node.value.lower() in ("true", "yes", "on")
        self.bad_type(node, label, "true or false")
        return None

    def strings(self, node: YNode | None, label: str) -> tuple[str, ...] | None:
        """Read a list of strings."""
        if node is None:
            return None
        if not isinstance(node, YSeq):
            self.bad_type(node, label, "a list of strings")
            return None
        values = [self.string(item, f"{label}[{i}]") for i, item in enumerate(node.items)]
        return tuple(v for v in values if v is not None)

    def choice(self, node: YNode | None, label: str, allowed: Sequence[str]) -> str | None:
        """Read one of a fixed set of strings."""
        value = self.string(node, label)
        if node is None or value is None or value in allowed:
            return value
        match = did_you_mean(value, allowed)
        suffix = f'; did you mean "{match}"?' if match else ""
        self.invalid(node, label, f'"{value}" is not one of {", ".join(allowed)}{suffix}')
        return None

    def date(self, node: YNode | None, label: str) -> dt.date | None:
        """Read a date written YYYY-MM-DD, quoted or not."""
        if node is None:
            return None
        if not isinstance(node, YScalar):
            self.bad_type(node, label, "a date (YYYY-MM-DD)")
            return None
        try:
            if _DATE.fullmatch(node.value):
                return dt.date.fromisoformat(node.value)
        except ValueError:
            pass
        self.invalid(node, label, f'"{node.value}" is not a date; write YYYY-MM-DD')
        return None

    def web_url(self, node: YNode | None, label: str) -> str | None:
        """Read an absolute http(s) address."""
        value = self.string(node, label)
        if node is None or value is None or is_web_url(value):
            return value
        self.invalid(node, label, f'"{value}" is not an http(s) address like https://example.org/')
        return None

    def language(self, node: YNode | None, label: str) -> str | None:
        """Read a BCP 47 language tag such as en, ar or pt-BR."""
        value = self.string(node, label)
        if node is None or value is None or _LANG.fullmatch(value):
            return value
        self.invalid(node, label, f'"{value}" is not a language tag like en, ar or pt-BR')
        return None


def is_web_url(value: str) -> bool:
    """Tell whether ``value`` is an absolute http or https address with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
