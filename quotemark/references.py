"""Cross-file checks: the archive-wide entity table and every id a sidecar refers to.

Entity ids are unique across the archive (``_entities.yaml`` first, then sidecars in
path order; a later declaration is the duplicate). Entity references may point
anywhere in the archive; ``within`` (regions) and ``responds_to``/``continues``
(attributions) only inside their own sidecar.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from quotemark.model import Anchor, Attribution, Entity, Loc, Problem, Severity, Sidecar
from quotemark.schema import did_you_mean
from quotemark.summary import named_entities

_TOP = Loc(1, 1)


@dataclass(frozen=True)
class Facts:
    """What the archive-wide checks need of one sidecar (a light stand-in for it)."""

    rel: str
    article: Path  # the article it annotates
    entities: tuple[Entity, ...]  # declared in it
    refs: tuple[tuple[Loc, str, str], ...]  # (where, label, entity id) of each reference
    local: tuple[Problem, ...]  # its own dangling ``within``/``responds_to``/``continues``
    named: tuple[str, ...]  # the entities its wrappers name (``summary.named_entities``)


def facts_of(sidecar: Sidecar) -> Facts:
    """A sidecar's facts."""
    local = check_regions_refs(sidecar) + check_attribution_refs(sidecar)
    return Facts(
        sidecar.rel,
        sidecar.article,
        sidecar.entities,
        tuple(_entity_refs(sidecar)),
        tuple(local),
        named_entities(sidecar),
    )


def check_references(
    entities: Sequence[Entity], read: Sequence[Sidecar | Facts]
) -> tuple[dict[str, Entity], list[Problem]]:
    """Build the entity table and report duplicate ids and dangling references."""
    sidecars = [s if isinstance(s, Facts) else facts_of(s) for s in read]
    table, problems = build_entity_table([*entities, *(e for s in sidecars for e in s.entities)])
    problems += check_members(table)
    for sidecar in sidecars:
        problems += check_entity_refs(sidecar, table)
        problems += sidecar.local
    return table, problems


def build_entity_table(entities: Sequence[Entity]) -> tuple[dict[str, Entity], list[Problem]]:
    """Index entities by id; a second declaration of an id is a ``duplicate-id``."""
    table: dict[str, Entity] = {}
    problems: list[Problem] = []
    for entity in entities:
        first = table.get(entity.id)
        if first is None:
            table[entity.id] = entity
            continue
        where = f"{first.origin}:{(first.id_loc or first.loc).line}"
        message = f'entity "{entity.id}" is already declared at {where}; declare it only once'
        problems.append(_error(entity.origin, entity.id_loc or entity.loc, "duplicate-id", message))
    return table, problems


def check_members(table: dict[str, Entity]) -> list[Problem]:
    """Report ``member_of`` ids that name no entity."""
    return [
        _unknown_entity(
            entity.origin,
            entity.member_of_loc or entity.loc,
            f"entities[{entity.id}].member_of",
            parent,
            table,
        )
        for entity in table.values()
        for parent in [entity.member_of]
        if parent is not None and parent not in table
    ]


def check_entity_refs(sidecar: Facts, table: dict[str, Entity]) -> list[Problem]:
    """Report entity ids used by a sidecar that no file declares."""
    return [
        _unknown_entity(sidecar.rel, loc, label, ident, table)
        for loc, label, ident in sidecar.refs
        if ident not in table
    ]


def _entity_refs(sidecar: Sidecar) -> Iterator[tuple[Loc, str, str]]:
    """Yield (where, label, entity id) for every entity reference in a sidecar."""
    if sidecar.document.publisher is not None:
        yield (
            sidecar.document.publisher_loc or _TOP,
            "document.publisher",
            sidecar.document.publisher,
        )
    for a in sidecar.attributions:
        label = f"attributions[{a.id}]"
        if a.source.entity is not None:
            yield a.source.loc, f"{label}.source.entity", a.source.entity
        addressee = a.cue.addressee if a.cue else None
        if addressee is not None and addressee.entity is not None:
            yield addressee.loc, f"{label}.cue.addressee.entity", addressee.entity
    for m in sidecar.mentions:
        yield m.entity_loc or m.loc, f"mentions[{m.id}].entity", m.entity


def check_regions_refs(sidecar: Sidecar) -> list[Problem]:
    """Report ``within`` ids that are not regions of the same sidecar."""
    regions = [r.id for r in sidecar.regions]
    problems: list[Problem] = []
    for anchor in anchors_of(sidecar):
        if anchor.within is None or anchor.within in regions:
            continue
        message = f'{anchor.label}.within "{anchor.within}" is not a region of this sidecar'
        loc = anchor.within_loc or anchor.loc
        problems.append(_unknown_ref(sidecar.rel, loc, message, anchor.within, regions))
    return problems


def anchors_of(sidecar: Sidecar) -> Iterator[Anchor]:
    """Yield every anchor of a sidecar, in the order of its sections."""
    yield from (r.anchor for r in sidecar.regions)
    for a in sidecar.attributions:
        yield from [a.source.mention] if a.source.mention else []
        cue = a.cue
        yield from [cue.anchor] if cue and cue.anchor else []
        addressee = cue.addressee if cue else None
        yield from [addressee.mention] if addressee and addressee.mention else []
        yield from a.content
    yield from (m.anchor for m in sidecar.mentions)


def check_attribution_refs(sidecar: Sidecar) -> list[Problem]:
    """Report ``responds_to``/``continues`` ids that are not attributions of the sidecar."""
    ids = [a.id for a in sidecar.attributions]
    problems: list[Problem] = []
    for a, field, ref, loc in _attribution_refs(sidecar):
        if ref not in ids:
            label = f"attributions[{a.id}].{field}"
            message = f'{label} "{ref}" is not an attribution of this sidecar'
            problems.append(_unknown_ref(sidecar.rel, loc, message, ref, ids))
    return problems + check_continues_cycles(sidecar)


def _attribution_refs(sidecar: Sidecar) -> Iterator[tuple[Attribution, str, str, Loc]]:
    """Yield (attribution, field, id, where) for every ``responds_to``/``continues`` id."""
    for a in sidecar.attributions:
        for field, refs, locs in (
            ("responds_to", a.responds_to, a.responds_to_locs),
            ("continues", a.continues, a.continues_locs),
        ):
            for i, ref in enumerate(refs):
                yield a, field, ref, locs[i] if i < len(locs) else a.loc


def check_continues_cycles(sidecar: Sidecar) -> list[Problem]:
    """Report an attribution whose ``continues`` chain leads back to itself."""
    follows = {a.id: a.continues for a in sidecar.attributions}
    problems: list[Problem] = []
    for a in sidecar.attributions:
        seen: set[str] = set()
        todo = list(a.continues)
        while todo and a.id not in seen:
            ident = todo.pop()
            if ident not in seen:
                seen.add(ident)
                todo += follows.get(ident, ())
        if a.id in seen:
            message = f"attributions[{a.id}].continues leads back to itself; break the cycle"
            problems.append(_error(sidecar.rel, a.loc, "bad-value", message))
    return problems


def _unknown_entity(
    path: str, loc: Loc, label: str, ident: str, table: dict[str, Entity]
) -> Problem:
    message = f'{label} "{ident}" is not declared'
    match = did_you_mean(ident, table)
    message += f'; did you mean "{match}"?' if match else "; declare it under entities"
    return _error(path, loc, "unknown-entity", message)


def _unknown_ref(path: str, loc: Loc, message: str, ident: str, known: Sequence[str]) -> Problem:
    match = did_you_mean(ident, known)
    message += f'; did you mean "{match}"?' if match else ""
    return _error(path, loc, "unknown-ref", message)


def _error(path: str, loc: Loc, code: str, message: str) -> Problem:
    return Problem(path, loc.line, loc.col, Severity.ERROR, code, message)
