"""Read W3C Web Annotation JSON-LD or a Hypothesis API export into plain records.

Pure: text in, records (or one message saying why the text is unusable) out.

- a W3C ``Annotation`` (``type: Annotation``): itself;
- a W3C ``AnnotationPage``: its ``items`` (and those of embedded ``next`` pages);
- a W3C ``AnnotationCollection``: the items of its embedded ``first`` page and after;
- a Hypothesis export, ``{"rows": [...]}``: every row.

Each target becomes one ``Selected`` from its ``TextQuoteSelector`` (exact, prefix,
suffix) with its ``TextPositionSelector`` as a position hint; other selectors (XPath
``RangeSelector``, CSS, fragments) are ignored. An annotation none of whose targets has
a TextQuoteSelector (a page note, a reply) is kept with the reason, to be reported.

quotemark's own export (``quotemark:role`` on targets and bodies, see ``export``) is read
back completely: kind, source and addressee entities, note, tags, the role of every
target (and ``quotemark:quoted``), and the ``quotemark:`` extension properties (section,
confidence, lemma, when, responds-to and continues ids, generator, reviewed; a region's
role and render) as ``Extras``. An export written before those properties existed has
no ``quotemark:kind`` and gets no ``Extras``. Anything else is foreign: its tags, its
note (a commenting or untyped textual body; Hypothesis: ``text``) and its targets are
kept. Extension values are taken as the file gives them (strings, a bool); whether they
are valid values is for ``imported`` to judge.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from quotemark.model import Position, When

W3C_TYPES = ("Annotation", "AnnotationPage", "AnnotationCollection")
ROLE = "quotemark:role"
ENTITY = "quotemark:entity"
KIND = "quotemark:kind"
REGION = "quotemark:region"


@dataclass(frozen=True)
class Selected:
    """One target: a text quote with its position hint, and its role in our export."""

    exact: str
    prefix: str | None = None
    suffix: str | None = None
    position: Position | None = None
    role: str | None = None  # content | source | cue | addressee | mention | region (ours)
    source: str | None = None  # the IRI of the annotated document
    quoted: bool = False  # our export: a verbatim part of a mixed quote


@dataclass(frozen=True)
class Extras:
    """What our export says beyond the W3C model (its ``quotemark:`` properties)."""

    section: str | None = None
    confidence: str | None = None
    lemma: str | None = None
    when: When | None = None
    responds_to: tuple[str, ...] = ()  # annotation ids (IRIs)
    continues: tuple[str, ...] = ()
    generator: str | None = None
    reviewed: bool | None = None
    region: tuple[str, str] | None = None  # (role, render) of a region annotation


@dataclass(frozen=True)
class Incoming:
    """One annotation of the input file."""

    label: str  # where it stands in the file: ``rows[2]``, ``items[0]``
    ident: str | None  # its id (an IRI for W3C, a key for Hypothesis)
    own: bool  # written by quotemark's export
    motivation: str | None
    targets: tuple[Selected, ...]
    kind: str | None = None
    entities: tuple[tuple[str, str, str], ...] = ()  # (role, entity id, name)
    note: str | None = None
    tags: tuple[str, ...] = ()
    missing: str | None = None  # why it cannot be imported
    extras: Extras | None = None  # our export's extension properties, when it has them


@dataclass(frozen=True)
class Parsed:
    form: str  # "w3c" | "hypothesis"
    annotations: tuple[Incoming, ...]


class InputError(Exception):
    """The file is not annotations this command reads (a setup error, exit 2)."""


Json = dict[str, object]


def parse_annotations(text: str) -> Parsed:
    """Parse the file's text; raise InputError with the reason when it is unusable."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        rows = data["rows"]
        return Parsed(
            "hypothesis", tuple(hypothesis_row(r, f"rows[{i}]") for i, r in enumerate(rows))
        )
    if isinstance(data, dict) and type_of(data) in W3C_TYPES:
        return Parsed("w3c", tuple(w3c_items(data)))
    raise InputError(
        "neither W3C Web Annotation JSON-LD (an Annotation, AnnotationPage or "
        'AnnotationCollection) nor a Hypothesis export ({"rows": [...]})'
    )


def type_of(node: Json) -> str | None:
    """The first W3C type a node declares (``type`` or ``@type``, string or list)."""
    value = node.get("type", node.get("@type"))
    names = value if isinstance(value, list) else [value]
    return next((n for n in names if n in W3C_TYPES), None)


def w3c_items(data: Json) -> Iterator[Incoming]:
    """Every annotation of an Annotation, a page, or a collection's embedded pages."""
    kind = type_of(data)
    if kind == "Annotation":
        yield w3c_annotation(data, "annotation")
        return
    page = data.get("first") if kind == "AnnotationCollection" else data
    label = "first" if kind == "AnnotationCollection" else "page"
    if isinstance(page, str):
        raise InputError(f"the collection's first page is not embedded ({page}); download it")
    n = 0
    while isinstance(page, dict):
        items = page.get("items")
        if not isinstance(items, list):
            raise InputError(f"{label} has no items list")
        for item in items:
            yield w3c_annotation(item, f"{label}.items[{n}]")
            n += 1
        page, label = page.get("next"), f"{label}.next"


def w3c_annotation(node: object, label: str) -> Incoming:
    """One W3C Annotation: its targets, and what its bodies say."""
    if not isinstance(node, dict) or type_of(node) != "Annotation":
        return Incoming(label, None, False, None, (), missing="not an Annotation")
    targets = [t for t in listed(node.get("target")) if isinstance(t, dict)]
    bodies = [b for b in listed(node.get("body")) if isinstance(b, dict)]
    own = any(ROLE in x for x in [*targets, *bodies]) or REGION in node
    selected = tuple(s for t in targets for s in [selected_of(t)] if s is not None)
    textual = [
        b for b in bodies if b.get("type") == "TextualBody" and isinstance(b.get("value"), str)
    ]
    purpose = {str(b.get("purpose")): str(b["value"]) for b in reversed(textual)}
    notes = [str(b["value"]) for b in textual if b.get("purpose") in ("commenting", None)]
    return Incoming(
        label=label,
        ident=text_or_none(node.get("id", node.get("@id"))),
        own=own,
        motivation=text_or_none(node.get("motivation")),
        targets=selected,
        kind=text_or_none(node.get(KIND)) or purpose.get("classifying"),
        entities=tuple(
            entity_of(b) for b in textual if b.get("purpose") == "identifying" and ENTITY in b
        ),
        note="\n\n".join(notes) or None,
        tags=tuple(str(b["value"]) for b in textual if b.get("purpose") == "tagging"),
        missing=None if selected else "has no target with a TextQuoteSelector",
        extras=extras_of(node) if own else None,
    )


def extras_of(node: Json) -> Extras | None:
    """The ``quotemark:`` properties of our export's annotation (None if it has none)."""
    region = node.get(REGION)
    if isinstance(region, dict):
        role, render = text_or_none(region.get(ROLE)), text_or_none(region.get("quotemark:render"))
        return Extras(region=(role or "", render or "show"))
    if KIND not in node:
        return None
    reviewed = node.get("quotemark:reviewed")
    return Extras(
        section=text_or_none(node.get("quotemark:section")),
        confidence=text_or_none(node.get("quotemark:confidence")),
        lemma=text_or_none(node.get("quotemark:lemma")),
        when=when_of(node.get("quotemark:when")),
        responds_to=iris_of(node.get("quotemark:respondsTo")),
        continues=iris_of(node.get("quotemark:continues")),
        generator=text_or_none(node.get("quotemark:generator")),
        reviewed=reviewed if isinstance(reviewed, bool) else None,
    )


def when_of(value: object) -> When | None:
    """``{quotemark:date, quotemark:text, quotemark:note}`` as a When (None if empty)."""
    if not isinstance(value, dict):
        return None
    when = When(*(text_or_none(value.get(f"quotemark:{k}")) for k in ("date", "text", "note")))
    return when if when != When() else None


def iris_of(value: object) -> tuple[str, ...]:
    """A list of ids: plain strings or ``{"id": ...}`` nodes."""
    found = [v.get("id", v.get("@id")) if isinstance(v, dict) else v for v in listed(value)]
    return tuple(v for v in found if isinstance(v, str))


def entity_of(body: Json) -> tuple[str, str, str]:
    return (str(body.get(ROLE, "")), str(body[ENTITY]), str(body.get("value", "")))


def hypothesis_row(node: object, label: str) -> Incoming:
    """One Hypothesis annotation: ``target[].selector[]``, ``text`` and ``tags``."""
    if not isinstance(node, dict):
        return Incoming(label, None, False, None, (), missing="is not an annotation object")
    targets = [t for t in listed(node.get("target")) if isinstance(t, dict)]
    selected = tuple(s for t in targets for s in [selected_of(t)] if s is not None)
    tags = tuple(str(t) for t in listed(node.get("tags")) if isinstance(t, str))
    return Incoming(
        label=label,
        ident=text_or_none(node.get("id")),
        own=False,
        motivation=None,
        targets=selected,
        note=text_or_none(node.get("text")) or None,
        tags=tags,
        missing=None if selected else "has no target with a TextQuoteSelector",
    )


def selected_of(target: Json) -> Selected | None:
    """A target's TextQuoteSelector with its TextPositionSelector as a hint."""
    selectors = [s for s in listed(target.get("selector")) if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        return None
    at = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    position = None
    if at is not None and is_offset(at.get("start")) and is_offset(at.get("end")):
        position = Position(int(str(at["start"])), int(str(at["end"])))
    return Selected(
        exact=str(quote["exact"]),
        prefix=text_or_none(quote.get("prefix")),
        suffix=text_or_none(quote.get("suffix")),
        position=position,
        role=text_or_none(target.get(ROLE)),
        source=text_or_none(target.get("source")),
        quoted=target.get("quotemark:quoted") is True,
    )


def listed(value: object) -> list[object]:
    """A JSON-LD value as a list (one value or none is a list too)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
