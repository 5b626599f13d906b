"""Hardened YAML, read into a small typed tree that keeps the position of every node
(quotemark.yamltree; the plain files through quotemark.yamlfast, the rest through libyaml).

Only what quotemark's files need is accepted. Anchors and aliases, explicit tags,
duplicate keys, several documents in one file, files over 1 MiB and text that is not
UTF-8 are rejected as ``Problem``s, never exceptions; PyYAML's syntax errors are
retold in plain words at the place to fix (an unclosed quote at its opening quote).
Scalars keep their raw text and how YAML 1.1 would have resolved them, so schema code
decides types itself (``schema.Check``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

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
from quotemark.yamlfast import parse_fast
from quotemark.yamltree import YMap as YMap
from quotemark.yamltree import YNode as YNode
from quotemark.yamltree import YScalar as YScalar
from quotemark.yamltree import YSeq as YSeq
from quotemark.yamltree import loc_of as loc_of
from quotemark.yamltree import resolve_kind

MAX_BYTES = 1 << 20


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


FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def parse_yaml(text: str, display: str, line_offset: int = 0) -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document; line numbers are shifted by ``line_offset``.

    libyaml parses when it is there; a text it rejects is parsed again by PyYAML's own
    parser, whose error messages the explanations below are written for. Plain files are
    read first by ``yamlfast``, which gives the same tree faster or declines.
    """
    accepted, root = parse_fast(text, line_offset)
    if accepted:
        return root, []
    return parse_libyaml(text, display, line_offset)


def parse_libyaml(
    text: str, display: str, line_offset: int = 0
) -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document with libyaml, or PyYAML's own parser where libyaml fails."""
    if FAST_LOADER is not None:
        builder = _Builder(display, line_offset)
        try:
            for event in yaml.parse(text, Loader=FAST_LOADER):
                if not builder.feed(event):
                    break
        except yaml.YAMLError:
            pass
        else:
            return (None, builder.problems) if builder.problems else (builder.root, [])
    builder = _Builder(display, line_offset)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as e:
        builder.problems.append(_syntax_problem(e, text, display, line_offset))
    except yaml.reader.ReaderError as e:
        loc = _char_loc(text, e.position, line_offset)
        message = f"{describe_char(chr(e.character))} is not allowed in YAML; remove it"
        builder.problems.append(_problem(display, loc, "yaml-syntax", message))
    if builder.problems:
        return None, builder.problems
    return builder.root, []


def _char_loc(text: str, position: int, line_offset: int) -> Loc:
    """Return the line and column of a character offset."""
    line_start = text.rfind("\n", 0, position) + 1
    return Loc(text.count("\n", 0, position) + 1 + line_offset, position - line_start + 1)


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, display: str, line_offset: int) -> Problem:
    """Turn PyYAML's multi-line error into one clean line, in plain words where we can."""
    fault = _Fault.of(e, text, line_offset)
    loc, message = _explain(fault) or (fault.at, fault.raw_message())
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
    plain = not event.style and event.tag is None  # libyaml says "", PyYAML None
    if not plain:
        return YScalar(event.value, loc)
    return YScalar(event.value, loc, plain=True, kind=resolve_kind(event.value))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


# ---------------------------------------------------------------- syntax errors in plain words

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_STRAY_COLON = 'quote a value that contains ": ", or check this line\'s indentation'
_QUOTE_IT = "put the whole value in quotes"
_QUOTES_INSIDE = "inside \"…\" write \\\" for \", inside '…' write '' for '"


def control_offsets(text: str) -> list[int]:
    """Return the offsets of the control characters other than tab, LF and CR."""
    if _CONTROL.search(text) is None:  # nearly every text: one scan, no list
        return []
    return [found.start() for found in _CONTROL.finditer(text)]


def describe_char(char: str) -> str:
    """Name a character for messages: ``control character U+0001``, ``character U+FFFE``."""
    kind = "control character" if _CONTROL.fullmatch(char) else "character"
    return f"{kind} U+{ord(char):04X}"


@dataclass(frozen=True)
class _Fault:
    """A PyYAML error taken apart: what it says, where, and the lines of the text."""

    problem: str
    context: str
    at: Loc  # where PyYAML noticed the fault, in file lines
    opened: Loc | None  # where the construct it was reading began
    lines: tuple[str, ...]
    line_offset: int  # file line of the text's first line, minus one

    @classmethod
    def of(cls, e: yaml.MarkedYAMLError, text: str, line_offset: int) -> _Fault:
        """Take a PyYAML error apart."""
        mark = e.problem_mark or e.context_mark
        return cls(
            problem=" ".join(str(e.problem or "invalid YAML").split()),
            context=" ".join(str(e.context or "").split()),
            at=_mark_loc(mark, line_offset) if mark else Loc(1 + line_offset, 1),
            opened=_mark_loc(e.context_mark, line_offset) if e.context_mark else None,
            lines=tuple(text.split("\n")),
            line_offset=line_offset,
        )

    def raw_message(self) -> str:
        """PyYAML's own words on one line, for faults not explained here."""
        message = self.problem.replace("'<stream end>'", "the end of the file")
        if self.context and self.opened:
            where = f"at line {self.opened.line}, column {self.opened.col}"
            message += f" ({self.context} {where})"
        return message

    def line(self, loc: Loc) -> str:
        """Return the text of ``loc``'s line."""
        index = loc.line - 1 - self.line_offset
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def before(self, loc: Loc) -> str:
        """Return the text of ``loc``'s line before it."""
        return self.line(loc)[: loc.col - 1]

    def char(self, loc: Loc) -> str:
        """Return the character at ``loc`` (empty at the end of a line)."""
        return self.line(loc)[loc.col - 1 : loc.col]


def _explain(fault: _Fault) -> tuple[Loc, str] | None:
    """Say where a common YAML mistake is and how to fix it; None for the rest."""
    rules = (_unclosed_quote, _stray_colon, _bad_character, _bad_escape, _no_colon)
    for rule in (*rules, _block_end, _unclosed_flow):
        found = rule(fault)
        if found:
            return found
    return None


def _unclosed_quote(fault: _Fault) -> tuple[Loc, str] | None:
    """A quoted value that runs on to the end of the file: point at its opening quote."""
    if fault.context != "while scanning a quoted scalar" or fault.opened is None:
        return None
    if not fault.problem.startswith("found unexpected"):
        return None
    quote = fault.char(fault.opened) or '"'
    message = f"the quoted text starting here is never closed; end it with a matching {quote}"
    return fault.opened, message


def _stray_colon(fault: _Fault) -> tuple[Loc, str] | None:
    """``title: Breaking: news``, or a key indented deeper than the keys above it."""
    if fault.problem != "mapping values are not allowed here":
        return None
    return fault.at, f"{fault.problem}; {_STRAY_COLON}"


def _bad_character(fault: _Fault) -> tuple[Loc, str] | None:
    """A tab used for indentation, or a plain value starting with ``@``, backtick or ``%``."""
    if not re.fullmatch(r"found character '.+' that cannot start any token", fault.problem):
        return None
    char = fault.char(fault.at)
    if char == "\t" and not fault.before(fault.at).strip():
        return fault.at, "tabs cannot indent YAML; use spaces"
    if char == "\t":
        return fault.at, "a tab cannot separate values here; use a space"
    return fault.at, f'a value cannot start with "{char}"; put the value in quotes'


def _bad_escape(fault: _Fault) -> tuple[Loc, str] | None:
    """An unknown backslash escape in double quotes (a Windows path, say)."""
    if not fault.problem.startswith("found unknown escape character"):
        return None
    backslash = Loc(fault.at.line, max(fault.at.col - 1, 1))
    message = f'"\\{fault.char(fault.at)}" is not an escape in double quotes; '
    return backslash, message + 'write "\\\\" for a backslash, or use single quotes'


def _no_colon(fault: _Fault) -> tuple[Loc, str] | None:
    """A line holding a word but no ``key:``, in a mapping."""
    if fault.context != "while scanning a simple key" or fault.opened is None:
        return None
    message = 'this line is neither "key: value" nor a list item; add ": " after the key, '
    return fault.opened, message + "or indent the line to continue the value above"


def _block_end(fault: _Fault) -> tuple[Loc, str] | None:
    """A line out of step with its block, or text left over after a value."""
    found = re.fullmatch(r"expected <block end>, but found '(.+)'", fault.problem)
    if found is None or fault.opened is None:
        return None
    before = fault.before(fault.at).rstrip()
    if before:
        if before.endswith(('"', "'")):
            return fault.at, f"text follows the closing quote; {_QUOTE_IT} ({_QUOTES_INSIDE})"
        return fault.at, f"text follows the value; {_QUOTE_IT}"
    block = f"the block at line {fault.opened.line}, column {fault.opened.col}"
    if fault.at.col != fault.opened.col:
        message = f"this line is indented differently from the lines above it (in {block}); "
        return fault.at, message + "indent it like its neighbours"
    if found.group(1) in ("-", "<block sequence start>"):
        return fault.at, f"a list item cannot follow the keys of {block}; indent it under a key"
    if found.group(1) in ("?", "<block mapping start>"):
        message = f'a "key: value" line cannot follow the list items of {block}; '
        return fault.at, message + 'start it with "- ", or move it out of the list'
    return None


def _unclosed_flow(fault: _Fault) -> tuple[Loc, str] | None:
    """A ``[`` or ``{`` left open, or items without a comma between them."""
    found = re.fullmatch(r"expected ',' or '([]}])', but got (.*)", fault.problem)
    if found is None or fault.opened is None:
        return None
    closing = found.group(1)
    opening = "[" if closing == "]" else "{"
    if found.group(2) == "'<stream end>'" or fault.at.line != fault.opened.line:
        message = f'the "{opening}" opened here is not closed; end it with "{closing}" '
        return fault.opened, message + 'and separate its items with ", "'
    message = (
        f'expected "," or "{closing}" here (in the "{opening}" at column {fault.opened.col}); '
    )
    return fault.at, message + 'separate its items with ", "'
