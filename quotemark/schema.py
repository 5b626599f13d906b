"""Typed reads of the YAML tree: the schema checks shared by every quotemark file.

``Check`` turns ``yamlsafe`` nodes into plain Python values, one field at a time,
collecting a ``Problem`` for each value that is absent where required, of the wrong
type, or outside what is allowed. Messages name the field and say how to fix it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from quotemark.model import Loc, Problem, Severity
from quotemark.yamlsafe import YMap, YNode, YScalar, YSeq, control_offsets, describe_char

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
        self.problems.append(Problem(self.path, loc.line, loc.col, Severity.ERROR, code, message))

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

    def require(
        self, node: YMap, key: str, where: str, at: Loc | None = None, hint: str = ""
    ) -> YNode | None:
        """Return a required field's value, or report it missing at ``at`` (else the mapping)."""
        value = node.get(key)
        if value is None:
            message = f'{where} lacks "{key}"' + (f"; {hint}" if hint else "")
            self.error(at or node.loc, "missing-field", message)
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
        controls = control_offsets(node.value)
        if controls:
            self.invalid(
                node, label, f"contains {describe_char(node.value[controls[0]])}; remove it"
            )
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
        if not _DATE.fullmatch(node.value):
            self.invalid(node, label, f'"{node.value}" is not a date; write YYYY-MM-DD')
            return None
        fault = calendar_fault(node.value)
        if fault is None:
            return dt.date.fromisoformat(node.value)
        message = f'"{node.value}" is not a calendar date ({fault}); write YYYY-MM-DD'
        self.invalid(node, label, message)
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


def calendar_fault(value: str) -> str | None:
    """Say which part of a ``YYYY-MM-DD`` date is out of range, or None when it is a day."""
    year, month, day = (int(part) for part in value.split("-"))
    if year < 1:
        return "year must be in 1..9999"
    if not 1 <= month <= 12:
        return "month must be in 1..12"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"day must be in 1..{last} for {value[:7]}"
    return None


def is_web_url(value: str) -> bool:
    """Tell whether ``value`` is an absolute http or https address with a host."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
