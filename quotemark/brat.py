"""An annotated article as brat standoff: the anchor text and its ``.ann`` annotations.

brat (https://brat.nlplab.org) reads ``<name>.txt`` and ``<name>.ann`` side by side.
The ``.txt`` is the article's anchor text exactly (headline, summary, caption, body,
joined by newlines: what every anchor is matched against), so the offsets are the same
code points as everywhere else in quotemark. brat counts characters of the UTF-8 text as
Python strings, i.e. code points (a brat running on a "narrow" Python 2 build counts
UTF-16 units instead: there, characters outside the Basic Multilingual Plane, such as
emoji, would shift the offsets after them).

What becomes which ``.ann`` line:

- attribution content (every item): ``T`` of type ``Content-<kind>``; several items, or
  a span crossing a line, are fragments ``start end;start end``;
- source mention, cue, addressee mention: ``T`` of type ``Source``, ``Cue``,
  ``Addressee``; each tied to its content by an ``R`` of type ``Said-by``, ``Cued-by``,
  ``Addressed-to`` (``Arg1`` the content);
- mention: ``T`` of type ``Mention``;
- ``responds_to``, ``continues``: ``R`` ``Responds-to``, ``Continues`` between contents;
- ``confidence``: ``A`` ``Confidence <value>``; a machine suggestion nobody reviewed:
  ``A`` ``Unreviewed``;
- ids, kind, entity ids and names, lemma, note, tags: ``#`` ``AnnotatorNotes`` (one per
  ``T``).

brat's ``.ann`` is line-oriented, so no fragment holds a line break: a span is cut at
each one. Two annotations of the same type on the same fragments are one ``T`` (its note
says all it stands for). Relation types differ from entity types because brat keeps one
namespace for the labels and colours of both. Output is deterministic: ``T`` numbers
follow the attributions in document order (content, source, cue, addressee), then the
mentions; every line ends with a newline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quotemark.annotate import AnchoredAttribution, AnnotatedArticle
from quotemark.export import describe
from quotemark.model import Entity, Span

LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
ROLE_TYPES = {"source": "Source", "cue": "Cue", "addressee": "Addressee"}
ROLE_RELATIONS = {"source": "Said-by", "cue": "Cued-by", "addressee": "Addressed-to"}

Fragments = tuple[tuple[int, int], ...]

ANNOTATION_CONF = """\
# quotemark attributions (PARC 3.0) in brat: `python build.py export --format brat`.
# Content-<kind>: what was said (direct quote, reported speech, mixed); Source: the phrase
# naming the speaker; Cue: the speech verb or noun; Addressee: whom it was said to;
# Mention: any other mention of an entity. Entity ids and names are in the notes.
<CONTENT>=Content-direct|Content-indirect|Content-mixed

[entities]
Content-direct
Content-indirect
Content-mixed
Source
Cue
Addressee
Mention

[relations]
Said-by\tArg1:<CONTENT>, Arg2:Source
Cued-by\tArg1:<CONTENT>, Arg2:Cue
Addressed-to\tArg1:<CONTENT>, Arg2:Addressee
Responds-to\tArg1:<CONTENT>, Arg2:<CONTENT>
Continues\tArg1:<CONTENT>, Arg2:<CONTENT>
<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
Confidence\tArg:<CONTENT>, Value:high|medium|low
Unreviewed\tArg:<CONTENT>
"""

VISUAL_CONF = """\
# Labels and colours of quotemark's brat export (see annotation.conf).

[labels]
Content-direct | Direct quote | Direct
Content-indirect | Reported speech | Reported
Content-mixed | Mixed quote | Mixed
Source | Source | Src
Cue | Cue
Addressee | Addressee | Addr
Mention | Mention | Men
Said-by | Said by
Cued-by | Cued by
Addressed-to | Addressed to
Responds-to | Responds to
Continues | Continues
Confidence | Confidence
Unreviewed | Unreviewed

[drawing]
SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken
ARC_DEFAULT\tcolor:black, arrowHead:triangle-5
Content-direct\tbgColor:#ffd166
Content-indirect\tbgColor:#a0d2eb
Content-mixed\tbgColor:#c3b1e1
Source\tbgColor:#f4978e
Cue\tbgColor:#b5e48c
Addressee\tbgColor:#ffcad4
Mention\tbgColor:#e0e0e0
Responds-to\tcolor:#555555, dashArray:3-3
Continues\tcolor:#555555, dashArray:3-3
Confidence\tglyph:?|??|???
Unreviewed\tglyph:*
"""


@dataclass
class Standoff:
    """The ``.ann`` of one article, built annotation by annotation."""

    text: str
    bounds: dict[tuple[str, Fragments], int] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=dict)
    relations: list[tuple[str, int, int]] = field(default_factory=list)
    attributes: list[tuple[str, int, str]] = field(default_factory=list)

    def bound(self, kind: str, spans: Iterable[Span], notes: Sequence[str]) -> int | None:
        """The number of the ``T`` of this type on these spans (new if need be)."""
        pieces = fragments(self.text, spans)
        if not pieces:
            return None
        number = self.bounds.setdefault((kind, pieces), len(self.bounds) + 1)
        known = self.notes.setdefault(number, [])
        known += [n for n in notes if n and n not in known]
        return number

    def lines(self) -> list[str]:
        """Every line of the ``.ann``: T, then R, A and # lines."""
        out = [
            f"T{n}\t{kind} {offsets(pieces)}\t{' '.join(self.text[a:b] for a, b in pieces)}"
            for (kind, pieces), n in self.bounds.items()
        ]
        out += [
            f"R{i}\t{kind} Arg1:T{a} Arg2:T{b}" for i, (kind, a, b) in enumerate(self.relations, 1)
        ]
        out += [
            f"A{i}\t{kind} T{t}" + (f" {value}" if value else "")
            for i, (kind, t, value) in enumerate(self.attributes, 1)
        ]
        notes = [(n, "; ".join(texts)) for n, texts in sorted(self.notes.items()) if texts]
        out += [f"#{i}\tAnnotatorNotes T{n}\t{text}" for i, (n, text) in enumerate(notes, 1)]
        return out


def fragments(text: str, spans: Iterable[Span]) -> Fragments:
    """The spans as sorted, merged pieces, cut at every line break, none empty."""
    pieces: list[tuple[int, int]] = []
    for span in sorted(spans):
        start = span.start
        for brk in LINE_BREAKS.finditer(text, span.start, span.end):
            pieces.append((start, brk.start()))
            start = brk.end()
        pieces.append((start, span.end))
    merged: list[tuple[int, int]] = []
    for a, b in (p for p in pieces if p[0] < p[1]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


def offsets(pieces: Fragments) -> str:
    return ";".join(f"{a} {b}" for a, b in pieces)


def flat(text: str) -> str:
    """Text on one line: every whitespace run one space."""
    return " ".join(text.split())


def ann_of(article: AnnotatedArticle, entities: Mapping[str, Entity]) -> str:
    """The ``.ann`` file of an annotated article."""
    standoff = Standoff(article.text)
    contents: dict[str, int] = {}
    for anchored in article.attributions:
        number = add_attribution(standoff, anchored, entities)
        if number is not None:
            contents[anchored.attribution.id] = number
    for anchored in article.attributions:
        add_links(standoff, anchored, contents)
    for _ident, entity, mention in article.mentions:
        standoff.bound("Mention", mention.spans, [entity_note(entity, entities)])
    return "".join(line + "\n" for line in standoff.lines())


def add_attribution(
    standoff: Standoff, anchored: AnchoredAttribution, entities: Mapping[str, Entity]
) -> int | None:
    """The attribution's content ``T`` with its roles, relations and attributes."""
    attribution = anchored.attribution
    spans = [s for item in anchored.content for s in item.spans]
    content = standoff.bound(
        f"Content-{attribution.kind}", spans, [content_note(anchored, entities)]
    )
    if content is None:
        return None
    for role, item in anchored.anchored():
        if role == "content":
            continue
        number = standoff.bound(ROLE_TYPES[role], item.spans, [role_note(anchored, role, entities)])
        if number is not None:
            standoff.relations.append((ROLE_RELATIONS[role], content, number))
    if attribution.confidence is not None:
        standoff.attributes.append(("Confidence", content, attribution.confidence))
    if attribution.generator is not None and attribution.reviewed is not True:
        standoff.attributes.append(("Unreviewed", content, ""))
    return content


def add_links(
    standoff: Standoff, anchored: AnchoredAttribution, contents: Mapping[str, int]
) -> None:
    """``Responds-to`` and ``Continues`` relations between contents."""
    own = contents.get(anchored.attribution.id)
    links = (
        ("Responds-to", anchored.attribution.responds_to),
        ("Continues", anchored.attribution.continues),
    )
    for kind, targets in links:
        for target in targets:
            if own is not None and target in contents:
                standoff.relations.append((kind, own, contents[target]))


def content_note(anchored: AnchoredAttribution, entities: Mapping[str, Entity]) -> str:
    """``a04: Direct quote by X (role); source: x; note: …; tags: a, b``."""
    attribution = anchored.attribution
    parts = [f"{attribution.id}: {describe(anchored, entities)}"]
    if anchored.entity is not None:
        parts.append(f"source: {anchored.entity}")
    cue = attribution.cue
    if cue is not None and cue.addressee is not None and cue.addressee.entity is not None:
        parts.append(f"addressee: {cue.addressee.entity}")
    if attribution.note:
        parts.append(f"note: {flat(attribution.note)}")
    if attribution.tags:
        parts.append(f"tags: {', '.join(attribution.tags)}")
    return "; ".join(parts)


def role_note(anchored: AnchoredAttribution, role: str, entities: Mapping[str, Entity]) -> str:
    """The entity a source or addressee mention names; the lemma of a cue."""
    cue = anchored.attribution.cue
    if role == "cue":
        return f"lemma: {cue.lemma}" if cue is not None and cue.lemma else ""
    entity = anchored.entity if role == "source" else None
    if role == "addressee" and cue is not None and cue.addressee is not None:
        entity = cue.addressee.entity
    return entity_note(entity, entities) if entity else ""


def entity_note(entity_id: str, entities: Mapping[str, Entity]) -> str:
    """``putin: Vladimir Putin``."""
    entity = entities.get(entity_id)
    return f"{entity_id}: {flat(entity.name)}" if entity else entity_id
