"""Turn parsed annotations into sidecar items anchored on one article: the pure core of
``import-annotations``.

Every target's TextQuoteSelector is resolved on the article's anchor text like any
sidecar anchor (its TextPositionSelector only as a hint among equal matches). Only an
``exact`` or ``disambiguated`` match is taken; the written anchor is then the minimal
one for the span found (``suggest.minimal_anchor``: exact, plus prefix/suffix only where
the text repeats), so a long foreign context does not tie the anchor to text around it.
An annotation is taken whole or not at all: if one of its targets does not resolve, it
is refused with the reason (a claim without its speaker could be a misattribution).

- our export's ``describing`` annotation: the attribution (kind, source entity and
  mention, cue, addressee, content, note, tags);
- our export's ``identifying`` annotation: a mention per target;
- anything else (Hypothesis, other W3C tools): an attribution with ``source:
  {unattributed: true}``, ``kind`` from a tag ``direct``/``indirect``/``mixed`` (else
  ``indirect``), the other tags, its text as ``note``, and ``confidence: low``. A
  highlight names no speaker; an unattributed, unreviewed, low-confidence attribution
  is the nearest honest thing (a mention needs an entity; a region is structure).

Every attribution gets ``generator: import-annotations/<w3c|hypothesis>`` and
``reviewed: false``: whoever made it elsewhere, nobody has checked it against this
archive's article yet (our export carries no review state). Entity ids that the archive
does not know are proposed as entities (``type: unknown``) with the name the file gives.
Ids come from the annotation ids (slugged; ``h-`` for Hypothesis keys); an id already in
the sidecar, or met twice, gets ``-2``, ``-3``. An annotation whose spans the sidecar
already holds (same kind, roles and entities) is skipped, so importing twice adds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quotemark.anchor import AnchorText, resolve
from quotemark.annotate import AnnotatedArticle, shorten
from quotemark.content import SLUG, slugify
from quotemark.importanno import Incoming, Parsed, Selected
from quotemark.model import (
    Addressee,
    Anchor,
    Attribution,
    Cue,
    Entity,
    Loc,
    Mention,
    Source,
    Span,
    Status,
)
from quotemark.suggest import minimal_anchor

NOWHERE = Loc(0, 0)
CLEAN = (Status.EXACT, Status.DISAMBIGUATED)
KINDS = ("direct", "indirect", "mixed")
ROLES = ("content", "source", "cue", "addressee")
IMPORTED_ENTITY_NOTE = "Named by imported annotations: check the name and type."

Key = tuple[str, ...]  # what an item covers: kind, then role/entity/span triples


@dataclass(frozen=True)
class Refusal:
    label: str  # where the annotation stands in the file
    code: str  # no-quote | orphan | ambiguous | context-changed | fuzzy | bad-kind
    message: str


@dataclass(frozen=True)
class Plan:
    """What to add to the sidecar, and what was left out and why."""

    attributions: tuple[Attribution, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    refused: tuple[Refusal, ...]
    present: int  # annotations the sidecar already holds


@dataclass(frozen=True)
class Placed:
    """A target resolved on the article: its role and span."""

    role: str
    span: Span


def plan_import(
    parsed: Parsed,
    text: str,
    known: Mapping[str, Entity],
    existing: AnnotatedArticle | None,
    origin: str,
) -> Plan:
    """Anchor every annotation on the article's anchor text and make sidecar items of it."""
    anchor_text = AnchorText(text)
    taken = set(ids_of(existing))
    covered = set(keys_of(existing))
    generator = f"import-annotations/{parsed.form}"
    attributions: list[Attribution] = []
    mentions: list[Mention] = []
    refused: list[Refusal] = []
    present = 0
    for item in parsed.annotations:
        placed, refusal = place(item, anchor_text)
        if refusal is not None:
            refused.append(refusal)
            continue
        if shape_of(item) == "mention":
            found = [
                (m, k) for m, k in mentions_of(item, placed, anchor_text, taken) if k not in covered
            ]
            covered.update(k for _, k in found)
            mentions += [m for m, _ in found]
            present += not found
            continue
        attribution = attribution_of(item, placed, anchor_text, taken, generator)
        key = key_of(attribution.kind, entity_roles(attribution), placed)
        if key in covered:
            present += 1
            continue
        covered.add(key)
        attributions.append(attribution)
    entities = proposed_entities(parsed.annotations, attributions, mentions, known, origin)
    return Plan(tuple(attributions), tuple(mentions), entities, tuple(refused), present)


def place(item: Incoming, text: AnchorText) -> tuple[list[Placed], Refusal | None]:
    """Resolve every target of an annotation; a refusal if any is not clean."""
    shape = shape_of(item)
    if item.missing is not None:
        return [], Refusal(label_of(item), "no-quote", f"{item.missing}; not imported")
    if shape == "attribution" and item.kind not in KINDS:
        message = f"its kind {item.kind!r} is not direct, indirect or mixed; not imported"
        return [], Refusal(label_of(item), "bad-kind", message)
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
        ours = shape != "foreign" and target.role in (*ROLES, "mention")
        placed.append(Placed(target.role if ours and target.role else "content", found.spans[0]))
    if shape == "attribution" and not any(p.role == "content" for p in placed):
        return [], Refusal(label_of(item), "no-quote", "has no content target; not imported")
    return placed, None


def shape_of(item: Incoming) -> str:
    """``attribution`` or ``mention`` (our export), else ``foreign``."""
    if item.own and item.motivation == "describing":
        return "attribution"
    if item.own and item.motivation == "identifying" and item.entities:
        return "mention"
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
        out.append((Mention(ident, entity, anchor, NOWHERE), key))
    return out


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
        anchors.setdefault(name, minimal_anchor(text, spot.span, f"{label}.{name}"))
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
    return Attribution(
        ident,
        str(item.kind),
        own_source(item, anchors.get("source.mention")),
        content,
        NOWHERE,
        cue=own_cue(item, anchors.get("cue.anchor"), anchors.get("cue.addressee.mention")),
        note=item.note,
        tags=item.tags,
        generator=generator,
        reviewed=False,
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
    """The cue with the addressee our export names, if it names either."""
    entity = next((e for role, e, _ in item.entities if role == "addressee"), None)
    addressee = Addressee(NOWHERE, entity, mention) if entity else None
    return Cue(NOWHERE, anchor, addressee=addressee) if anchor or addressee else None


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


def keys_of(article: AnnotatedArticle | None) -> Iterable[Key]:
    """The keys of every attribution and mention the sidecar already has."""
    if article is None:
        return
    for anchored in article.attributions:
        placed = [Placed(role, s) for role, item in anchored.anchored() for s in item.spans]
        cue = anchored.attribution.cue
        addressee = cue.addressee.entity if cue and cue.addressee else None
        roles = {"source": anchored.entity or "", "addressee": addressee or ""}
        yield key_of(anchored.attribution.kind, roles, placed)
    for _, entity, anchored_mention in article.mentions:
        for span in anchored_mention.spans:
            yield ("mention", entity, f"{span.start}:{span.end}")


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
