"""The tree hardened YAML is read into: scalars, lists and mappings, each with its place.

Both readers build it: ``yamlfast`` (the plain files) and ``yamlsafe`` (libyaml's events,
and every error message). A plain scalar keeps how YAML 1.1 would resolve it, so schema
code decides types itself (``schema.Check``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import yaml

from quotemark.model import Loc

TAG_KINDS = {
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}


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
        for k, value in self.items:  # a loop, not next(...): schema code asks this very often
            if k.value == key:
                return value
        return None

    def key_loc(self, key: str) -> Loc | None:
        """Return where ``key`` itself stands, or None when absent."""
        return next((k.loc for k, _ in self.items if k.value == key), None)

    def __contains__(self, key: object) -> bool:
        return any(k.value == key for k, _ in self.items)


YNode: TypeAlias = YScalar | YSeq | YMap


def loc_of(node: YNode | None) -> Loc | None:
    """Return where a node stands, or None for an absent one."""
    return node.loc if node is not None else None


def resolve_kind(value: str) -> str:
    """Return the YAML 1.1 type a plain scalar resolves to (as PyYAML's SafeLoader would)."""
    table = yaml.resolver.Resolver.yaml_implicit_resolvers
    candidates = table.get(value[:1])
    if candidates is None and None not in table:
        return "str"  # most values: no type starts with their first character
    for tag, regexp in [*(candidates or []), *table.get(None, [])]:
        if regexp.match(value):
            return TAG_KINDS.get(tag, "str")
    return "str"
