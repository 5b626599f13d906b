"""Turn parsed annotations into sidecar items anchored on one article: the pure core of
``import-annotations``.

Every target's TextQuoteSelector is resolved on the article's anchor text like any
sidecar anchor (its TextPositionSelector only as a hint among equal matches). Only an
``exact`` or ``disambiguated`` match is taken; the written anchor is then the minimal
one for the span found (``suggest.minimal_anchor``: exact, plus prefix/suffix only where
the text repeats), so a long foreign context does not tie the anchor to text around it.
An annotation is taken whole or not at all: if one of its targets does not resolve, it
is refused with the reason (a claim without its speaker could be a misattribution).

- our export's ``describing`` annotation: the attribution (kind, section, confidence,
  source entity and mention, cue with lemma, when and addressee, content with its
  ``quoted`` parts, note, tags, responds_to, continues, generator, reviewed);
- our export's ``identifying`` annotation: a mention per target (with its note);
- our export's ``classifying`` annotation with ``quotemark:region``: a region per target;
- anything else (Hypothesis, other W3C tools): an attribution with ``source:
  {unattributed: true}``, ``kind`` from a tag ``direct``/``indirect``/``mixed`` (else
  ``indirect``), the other tags, its text as ``note``, and ``confidence: low``. A
  highlight names no speaker; an unattributed, unreviewed, low-confidence attribution
  is the nearest honest thing (a mention needs an entity; a region is structure).

Provenance: an attribution of our export keeps the ``generator`` and ``reviewed`` it was
exported with, so a human attribution (no generator) comes back human and a machine
suggestion comes back as the same suggestion, as (un)reviewed as it was. Everything
else (foreign annotations, and our exports from before the ``quotemark:`` extension
properties, which carry no provenance) gets ``generator: import-annotations/<w3c|
hypothesis>`` and ``reviewed: false``: nobody has checked it against this archive yet.
An extension value the sidecar would reject (a section, confidence, date, region role or
render it does not know) refuses the annotation (``bad-value``).

``responds_to`` and ``continues`` name other annotations of the file: each becomes the
id that annotation got here (or the id of the attribution the sidecar already holds for
it); a reference to an annotation the file does not bring, or that was refused, is
dropped. Entity ids that the archive does not know are proposed as entities (``type:
unknown``) with the name the file gives. Ids come from the annotation ids (slugged;
``h-`` for Hypothesis keys); an id already in the sidecar, or met twice, gets ``-2``,
``-3``. An annotation whose spans the sidecar already holds (same kind, roles and
entities; for a region, its role) is skipped, so importing twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from quotemark.anchor import AnchorText, resolve
from quotemark.annotate import AnnotatedArticle, shorten
from quotemark.content import SLUG, slugify
from quotemark.importanno import Extras, Incoming, Parsed, Selected
from quotemark.model import (
    Addressee,
    Anchor,
    Attribution,
    Cue,
    Entity,
    Loc,
    Mention,
    Region,
    Source,
    Span,
    Status,
)
from quotemark.sidecar import CONFIDENCES, REGION_ROLES, RENDERS, SECTIONS
from quotemark.suggest import minimal_anchor

NOWHERE = Loc(0, 0)
CLEAN = (Status.EXACT, Status.DISAMBIGUATED)
KINDS = ("direct", "indirect", "mixed")
ROLES = ("content", "source", "cue", "addressee")
IMPORTED_ENTITY_NOTE = "Named by imported annotations: check the name and type."
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Key = tuple[str, ...]  # what an item covers: kind, then role/entity/span triples
Mark = TypeVar("Mark", Mention, Region)


@dataclass(frozen=True)
class Refusal:
    label: str  # where the annotation stands in the file
    code: str  # no-quote | orphan | ambiguous | context-changed | fuzzy | bad-kind | bad-value
    message: str


@dataclass(frozen=True)
class Plan:
    """What to add to the sidecar, and what was left out and why."""

    attributions: tuple[Attribution, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    refused: tuple[Refusal, ...]
    present: int  # annotations the sidecar already holds
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True)
class Placed:
    """A target resolved on the article: its role and span."""

    role: str
    span: Span
    quoted: bool = False  # a verbatim part of a mixed quote (our export)


def plan_import(
    parsed: Parsed,
    text: str,
    known: Mapping[str, Entity],
    existing: AnnotatedArticle | None,
    origin: str,
) -> Plan:
    """Anchor every annotation on the article's anchor text and make sidecar items of it."""
    planner = Planner(AnchorText(text), existing, f"import-annotations/{parsed.form}")
    for item in parsed.annotations:
        planner.add(item)
    attributions = linked(planner.attributions, planner.renamed)
    mentions = tuple(planner.mentions)
    entities = proposed_entities(parsed.annotations, attributions, mentions, known, origin)
    refused = tuple(planner.refused)
    return Plan(attributions, mentions, entities, refused, planner.present, tuple(planner.regions))


class Planner:
    """Takes the annotations of a file one by one: what each adds, or why it is left out."""

    def __init__(self, text: AnchorText, existing: AnnotatedArticle | None, generator: str) -> None:
        self.text = text
        self.generator = generator
        self.taken = set(ids_of(existing))
        self.covered: dict[Key, str] = dict(keys_of(existing))  # what is there -> its id
        self.renamed: dict[str, str] = {}  # annotation id -> the attribution id it is here
        self.attributions: list[tuple[Attribution, Incoming]] = []
        self.mentions: list[Mention] = []
        self.regions: list[Region] = []
        self.refused: list[Refusal] = []
        self.present = 0

    def add(self, item: Incoming) -> None:
        """Place one annotation and add what it describes, unless the sidecar has it."""
        placed, refusal = place(item, self.text)
        if refusal is not None:
            self.refused.append(refusal)
            return
        shape = shape_of(item)
        if shape == "mention":
            found = mentions_of(item, placed, self.text, self.taken)
            self.mentions += self.fresh(found)
        elif shape == "region":
            kept = regions_of(item, placed, self.text, self.taken)
            self.regions += self.fresh(kept)
        else:
            self.add_attribution(item, placed)

    def fresh(self, found: Sequence[tuple[Mark, Key]]) -> list[Mark]:
        """The items whose span the sidecar does not cover yet (now covered)."""
        new = [(x, k) for x, k in found if k not in self.covered]
        self.covered.update((k, x.id) for x, k in new)
        self.present += not new
        return [x for x, _ in new]

    def add_attribution(self, item: Incoming, placed: Sequence[Placed]) -> None:
        attribution = attribution_of(item, placed, self.text, self.taken, self.generator)
        key = key_of(attribution.kind, entity_roles(attribution), placed)
        ident = self.covered.setdefault(key, attribution.id)
        if ident == attribution.id:
            self.attributions.append((attribution, item))
        else:
            self.present += 1
        if item.ident:
            self.renamed[item.ident] = ident


def linked(
    attributions: Sequence[tuple[Attribution, Incoming]], renamed: Mapping[str, str]
) -> tuple[Attribution, ...]:
    """Each attribution with its ``responds_to`` and ``continues`` as ids of this sidecar."""
    out = []
    for attribution, item in attributions:
        extras = item.extras or Extras()
        responds_to = tuple(renamed[i] for i in extras.responds_to if i in renamed)
        continues = tuple(renamed[i] for i in extras.continues if i in renamed)
        out.append(replace(attribution, responds_to=responds_to, continues=continues))
    return tuple(out)


def place(item: Incoming, text: AnchorText) -> tuple[list[Placed], Refusal | None]:
    """Resolve every target of an annotation; a refusal if any is not clean."""
    shape = shape_of(item)
    if item.missing is not None:
        return [], Refusal(label_of(item), "no-quote", f"{item.missing}; not imported")
    if shape == "attribution" and item.kind not in KINDS:
        message = f"its kind {item.kind!r} is not direct, indirect or mixed; not imported"
        return [], Refusal(label_of(item), "bad-kind", message)
    wrong = bad_value(item.extras)
    if shape != "foreign" and wrong is not None:
        return [], Refusal(label_of(item), "bad-value", f"{wrong}; not imported")
    placed = []
    for n, target in enumerate(item.targets):
        anchor = Anchor(
            target.exact,
            NOWHERE,
            f"target[{n}]",
            target.prefix,
            target.suffix,
            position=target.position,
        )
        found = resolve(text, anchor)
        if found.status not in CLEAN:
            return [], Refusal(label_of(item), found.status.value, unresolved(target, found.status))
        ours = shape != "foreign" and target.role in (*ROLES, "mention", "region")
        role = target.role if ours and target.role else "content"
        placed.append(Placed(role, found.spans[0], ours and target.quoted))
    if shape == "attribution" and not any(p.role == "content" for p in placed):
        return [], Refusal(label_of(item), "no-quote", "has no content target; not imported")
    return placed, None


def bad_value(extras: Extras | None) -> str | None:
    """What in our export's extension properties a sidecar would reject, if anything."""
    if extras is None:
        return None
    role, render = extras.region or (None, None)
    date = extras.when.date if extras.when else None
    wanted = (
        ("quotemark:section", extras.section, SECTIONS),
        ("quotemark:confidence", extras.confidence, CONFIDENCES),
        ("quotemark:region role", role, REGION_ROLES),
        ("quotemark:region render", render, RENDERS),
    )
    for name, value, allowed in wanted:
        if value is not None and value not in allowed:
            return f"its {name} {value!r} is not one of {', '.join(allowed)}"
    if date is not None and not is_date(date):
        return f"its quotemark:when date {date!r} is not a date (YYYY-MM-DD)"
    return None


def is_date(value: str) -> bool:
    if not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def shape_of(item: Incoming) -> str:
    """``attribution``, ``mention`` or ``region`` (our export), else ``foreign``."""
    if item.own and item.motivation == "describing":
        return "attribution"
    if item.own and item.motivation == "identifying" and item.entities:
        return "mention"
    if item.own and item.motivation == "classifying" and item.extras and item.extras.region:
        return "region"
    return "foreign"


def unresolved(target: Selected, status: Status) -> str:
    what = f'"{shorten(target.exact)}"'
    reasons = {
        Status.AMBIGUOUS: "matches several places that its prefix/suffix cannot tell apart",
        Status.ORPHAN: "is not in the article",
        Status.FUZZY: "is not in the article as quoted (only a similar text is)",
        Status.CONTEXT_CHANGED: "is in the article but its prefix/suffix are not",
    }
    return f"{what} {reasons[status]}; not imported"


def label_of(item: Incoming) -> str:
    return f"{item.label} ({item.ident})" if item.ident else item.label


def mentions_of(
    item: Incoming, placed: Sequence[Placed], text: AnchorText, taken: set[str]
) -> list[tuple[Mention, Key]]:
    """One mention per target of an identifying annotation, with what it covers."""
    entity = item.entities[0][1]
    out: list[tuple[Mention, Key]] = []
    for spot in placed:
        ident = fresh_id(local_id(item.ident) or "m", taken)
        anchor = minimal_anchor(text, spot.span, f"mentions[{ident}].anchor")
        key = ("mention", entity, f"{spot.span.start}:{spot.span.end}")
        out.append((Mention(ident, entity, anchor, NOWHERE, note=item.note), key))
    return out


def regions_of(
    item: Incoming, placed: Sequence[Placed], text: AnchorText, taken: set[str]
) -> list[tuple[Region, Key]]:
    """One region per target of a region annotation, with what it covers."""
    role, render = item.extras.region if item.extras and item.extras.region else ("", "show")
    out: list[tuple[Region, Key]] = []
    for spot in placed:
        ident = fresh_id(local_id(item.ident) or "r", taken)
        anchor = minimal_anchor(text, spot.span, f"regions[{ident}].anchor")
        key = region_key(role, spot.span)
        out.append((Region(ident, role, anchor, NOWHERE, render), key))
    return out


def region_key(role: str, span: Span) -> Key:
    return ("region", role, f"{span.start}:{span.end}")


def attribution_of(
    item: Incoming, placed: Sequence[Placed], text: AnchorText, taken: set[str], generator: str
) -> Attribution:
    """The attribution an annotation describes (ours), or a foreign highlight as one."""
    foreign = shape_of(item) == "foreign"
    base = foreign_id(item.ident) if foreign else local_id(item.ident)
    ident = fresh_id(base or "i", taken)
    label = f"attributions[{ident}]"
    anchors: dict[str, Anchor] = {}
    for name, spot in named_targets(placed):
        anchor = minimal_anchor(text, spot.span, f"{label}.{name}")
        anchors.setdefault(name, replace(anchor, quoted=True) if spot.quoted else anchor)
    content = tuple(a for name, a in anchors.items() if name.startswith("content["))
    if foreign:
        kind, tags = foreign_kind(item.tags)
        return Attribution(
            ident,
            kind,
            Source(NOWHERE, unattributed=True),
            content,
            NOWHERE,
            confidence="low",
            note=item.note,
            tags=tags,
            generator=generator,
            reviewed=False,
        )
    extras = item.extras or Extras()
    return Attribution(
        ident,
        str(item.kind),
        own_source(item, anchors.get("source.mention")),
        content,
        NOWHERE,
        cue=own_cue(item, anchors.get("cue.anchor"), anchors.get("cue.addressee.mention")),
        section=extras.section,
        confidence=extras.confidence,
        note=item.note,
        tags=item.tags,
        generator=extras.generator if item.extras else generator,
        reviewed=extras.reviewed if item.extras else False,
    )


def named_targets(placed: Sequence[Placed]) -> Iterable[tuple[str, Placed]]:
    """Each target under the name of its place in an attribution (``content[1]``,
    ``source.mention``, ``cue.anchor``, ``cue.addressee.mention``)."""
    names = {"source": "source.mention", "cue": "cue.anchor", "addressee": "cue.addressee.mention"}
    items = 0
    for spot in placed:
        if spot.role == "content":
            yield f"content[{items}]", spot
            items += 1
        elif spot.role in names:
            yield names[spot.role], spot


def own_source(item: Incoming, mention: Anchor | None) -> Source:
    """The source entity our export names (with its mention), else unattributed."""
    speaker = next((e for role, e, _ in item.entities if role == "source"), None)
    if speaker is None:
        return Source(NOWHERE, unattributed=True)
    return Source(NOWHERE, speaker, mention)


def own_cue(item: Incoming, anchor: Anchor | None, mention: Anchor | None) -> Cue | None:
    """The cue our export describes (anchor, lemma, addressee, when), if it says any."""
    entity = next((e for role, e, _ in item.entities if role == "addressee"), None)
    addressee = Addressee(NOWHERE, entity, mention) if entity or mention else None
    extras = item.extras or Extras()
    if anchor is None and addressee is None and extras.lemma is None and extras.when is None:
        return None
    return Cue(NOWHERE, anchor, extras.lemma, addressee, extras.when)


def foreign_kind(tags: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The kind a tag names (``indirect`` if none does), and the other tags."""
    kinds = [t for t in tags if t.strip().lower() in KINDS]
    rest = tuple(t for t in tags if t not in kinds)
    return (kinds[0].strip().lower() if kinds else "indirect"), rest


def local_id(iri: str | None) -> str | None:
    """``urn:quotemark:<slug>:<id>`` or ``…jsonld#<id>`` → ``<id>``."""
    if not iri:
        return None
    tail = iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit(":", 1)[-1]
    return tail if SLUG.fullmatch(tail) else (slugify(tail)[:60].strip("-") or None)


def foreign_id(key: str | None) -> str | None:
    """A foreign key or IRI as an id: ``h-`` and the slug of its last part."""
    tail = re.split(r"[#/:]", (key or "").rstrip("/"))[-1]
    slug = slugify(tail)[:60].strip("-")
    return f"h-{slug}" if slug else None


def fresh_id(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3… when taken; the id is taken from now on."""
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def entity_roles(attribution: Attribution) -> dict[str, str]:
    cue = attribution.cue
    roles = {"source": attribution.source.entity or "", "addressee": ""}
    if cue is not None and cue.addressee is not None:
        roles["addressee"] = cue.addressee.entity or ""
    return roles


def key_of(kind: str, entities: Mapping[str, str], placed: Iterable[Placed]) -> Key:
    """What an attribution covers, comparable with the sidecar's own."""
    spans = sorted(f"{p.role}:{p.span.start}:{p.span.end}" for p in placed)
    return (kind, entities.get("source", ""), entities.get("addressee", ""), *spans)


def keys_of(article: AnnotatedArticle | None) -> Iterable[tuple[Key, str]]:
    """The key of every attribution, mention and region the sidecar already has, with its
    id."""
    if article is None:
        return
    for anchored in article.attributions:
        placed = [Placed(role, s) for role, item in anchored.anchored() for s in item.spans]
        cue = anchored.attribution.cue
        addressee = cue.addressee.entity if cue and cue.addressee else None
        roles = {"source": anchored.entity or "", "addressee": addressee or ""}
        yield key_of(anchored.attribution.kind, roles, placed), anchored.attribution.id
    for ident, entity, anchored_mention in article.mentions:
        for span in anchored_mention.spans:
            yield ("mention", entity, f"{span.start}:{span.end}"), ident
    for region, spans in article.regions:
        yield from ((region_key(region.role, span), region.id) for span in spans)


def ids_of(article: AnnotatedArticle | None) -> Iterable[str]:
    """Every id of the sidecar's shared namespace (regions, attributions, mentions)."""
    sidecar = article.sidecar if article else None
    if sidecar is None:
        return []
    return [
        *(r.id for r in sidecar.regions),
        *(a.id for a in sidecar.attributions),
        *(m.id for m in sidecar.mentions),
    ]


def proposed_entities(
    items: Sequence[Incoming],
    attributions: Sequence[Attribution],
    mentions: Sequence[Mention],
    known: Mapping[str, Entity],
    origin: str,
) -> tuple[Entity, ...]:
    """An entity for every id the new items use that the archive does not know."""
    names = {entity: name for item in items for _, entity, name in item.entities if name}
    used = [e for a in attributions for e in entity_roles(a).values() if e]
    used += [m.entity for m in mentions]
    wanted = sorted({e for e in used if e not in known})
    return tuple(
        Entity(e, names.get(e, e), NOWHERE, origin, note=IMPORTED_ENTITY_NOTE) for e in wanted
    )
