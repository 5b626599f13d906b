"""The values that flow through the pipeline: plain frozen dataclasses, no behaviour.

Untyped input (YAML, front matter) is parsed once, at the boundary (``content``,
``sidecar``), into these types; every later stage takes them and returns new ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A diagnostic about the content: ``path:line:col: severity[code]: message``."""

    path: str
    line: int
    col: int
    severity: Severity = field(compare=False)
    code: str
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return f"{where}: {self.severity.value}[{self.code}]: {self.message}"


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any of the problems is an error (not only warnings)."""
    return any(p.severity is Severity.ERROR for p in problems)


def escalate(problems: Iterable[Problem], strict: bool) -> list[Problem]:
    """With --strict, every warning is an error."""
    if not strict:
        return list(problems)
    return [dataclasses.replace(p, severity=Severity.ERROR) for p in problems]


@dataclass(frozen=True)
class Loc:
    """Where a value stands in its source file (1-based line and column)."""

    line: int
    col: int


# ---------------------------------------------------------------- settings & articles


@dataclass(frozen=True)
class Settings:
    """``content/_site.yaml``."""

    title: str = "quotemark archive"
    base_url: str | None = None  # always ends with "/" when set
    lang: str = "en"
    dir: str = "ltr"
    description: str = ""
    author: str = ""
    cname: str | None = None
    per_page: int = 20


@dataclass(frozen=True)
class ArticleSource:
    """One ``content/**/<name>.md``: validated front matter plus the Markdown body."""

    path: Path  # absolute
    rel: str  # display path, relative to the project root (posix)
    title: str
    date: dt.date
    slug: str
    body: str  # Markdown source of the body
    body_line: int  # 1-based line of the body's first line in the file
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    summary: str | None = None
    caption: str | None = None
    image: str | None = None
    credit: str | None = None
    tags: tuple[str, ...] = ()
    lang: str | None = None
    dir: str | None = None
    draft: bool = False
    aliases: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()  # front-matter key -> its line in the file
    slug_loc: Loc | None = None  # where an explicit slug value stands

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)


# ---------------------------------------------------------------- sidecars


@dataclass(frozen=True)
class Position:
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """A W3C-style text-quote anchor (SPEC §3)."""

    exact: str
    loc: Loc
    label: str  # where it sits in the sidecar, e.g. "attributions[a04].content[0]"
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None
    within: str | None = None
    position: Position | None = None
    all: bool = False
    quoted: bool = False
    within_loc: Loc | None = None  # where the within id stands


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    loc: Loc
    origin: str  # display path of the file that declares it
    type: str = "unknown"
    role: str | None = None
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    member_of: str | None = None
    description: str | None = None
    note: str | None = None
    id_loc: Loc | None = None  # where the id value stands
    member_of_loc: Loc | None = None  # where the member_of id stands


@dataclass(frozen=True)
class Source:
    loc: Loc
    entity: str | None = None
    mention: Anchor | None = None
    unattributed: bool = False


@dataclass(frozen=True)
class Addressee:
    loc: Loc
    entity: str | None = None
    mention: Anchor | None = None


@dataclass(frozen=True)
class When:
    date: str | None = None
    text: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Cue:
    loc: Loc
    anchor: Anchor | None = None
    lemma: str | None = None
    addressee: Addressee | None = None
    when: When | None = None


@dataclass(frozen=True)
class Attribution:
    id: str
    kind: str  # direct | indirect | mixed
    source: Source
    content: tuple[Anchor, ...]
    loc: Loc
    cue: Cue | None = None
    section: str | None = None
    confidence: str | None = None
    note: str | None = None  # Markdown
    tags: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    continues: tuple[str, ...] = ()
    generator: str | None = None
    reviewed: bool | None = None
    responds_to_locs: tuple[Loc, ...] = ()  # where each responds_to id stands
    continues_locs: tuple[Loc, ...] = ()  # where each continues id stands


@dataclass(frozen=True)
class Mention:
    id: str
    entity: str
    anchor: Anchor
    loc: Loc
    note: str | None = None
    entity_loc: Loc | None = None  # where the entity id stands


@dataclass(frozen=True)
class Region:
    id: str
    role: str
    anchor: Anchor
    loc: Loc
    render: str = "show"  # show | hide | aside


@dataclass(frozen=True)
class Document:
    path: str | None = None
    url: str | None = None
    lang: str | None = None
    published: str | None = None
    publisher: str | None = None
    title: str | None = None
    text_sha256: str | None = None
    publisher_loc: Loc | None = None  # where the publisher entity id stands


@dataclass(frozen=True)
class Sidecar:
    path: Path  # absolute
    rel: str  # display path
    article: Path  # absolute path of the article it annotates
    document: Document
    entities: tuple[Entity, ...] = ()
    regions: tuple[Region, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    mentions: tuple[Mention, ...] = ()


# ---------------------------------------------------------------- anchoring


class Status(Enum):
    EXACT = "exact"
    DISAMBIGUATED = "disambiguated"
    CONTEXT_CHANGED = "context-changed"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    ORPHAN = "orphan"


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of code points in the anchor text."""

    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    span: Span
    edits: int = 0


@dataclass(frozen=True)
class Resolution:
    """What anchoring made of one anchor.

    ``spans`` holds the highlighted ranges: one, except for ``all: true`` anchors, and
    none for ``ambiguous`` and ``orphan``. ``candidates`` are the places considered
    (for ambiguous: every one; for orphan: the closest rejected one, with its edits).
    ``suggestion`` is the text a fuzzy match found, to become the new ``exact``;
    ``hint`` says how to tell ambiguous candidates apart (e.g. ``add suffix: " said."``).
    """

    status: Status
    spans: tuple[Span, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    edits: int = 0
    budget: int = 0
    suggestion: str | None = None
    hint: str | None = None


# ---------------------------------------------------------------- highlighting


@dataclass(frozen=True)
class Wrap:
    """One highlight: wrap the text ``[start, end)`` of an HTML fragment's text.

    Offsets count code points of ``htmltext.text_of(fragment)``. ``rank`` fixes the
    nesting (0 region > 1 content > 2 source/cue/addressee > 3 mention; among equal
    ranks the longer span sits outside). ``first_attrs`` go on the first piece only
    (``id``/``aria-details``). ``key`` is a stable tie-break.
    """

    start: int
    end: int
    rank: int
    tag: str
    attrs: tuple[tuple[str, str], ...]
    key: str
    first_attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Ref:
    """Trusted HTML (a footnote link) inserted at a text offset, outside every wrapper."""

    offset: int
    html: str
    key: str


@dataclass(frozen=True)
class Aside:
    """Wrap every top-level block that the text range touches in ``<aside attrs>``."""

    start: int
    end: int
    attrs: tuple[tuple[str, str], ...]
