"""Sidecar annotations and shared entities: loading and validation (SPEC §3).

Every field is checked where it stands and every problem collected; an item with an
unusable required field is left out, the rest is kept so that later stages can still
report on it. Ids of regions, attributions and mentions share one namespace per
sidecar (they all become ``data-an`` values). Cross-file checks (entity ids and
references) are in ``references``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from quotemark.content import SLUG, display_path, find_sources, load_special
from quotemark.model import (
    Addressee,
    Anchor,
    Attribution,
    Cue,
    Document,
    Entity,
    Loc,
    Mention,
    Position,
    Problem,
    Region,
    Sidecar,
    Source,
    When,
)
from quotemark.schema import Check
from quotemark.yamlsafe import YMap, YNode, YScalar, YSeq, load_yaml, loc_of

SCHEMA = "annotated-news/sidecar@1"
SUFFIX = ".annotations.yaml"
ENTITY_TYPES = (
    *("person", "organization", "press-office", "government", "news-agency"),
    *("coalition", "country", "group", "unknown"),
)
REGION_ROLES = (
    *("title", "standfirst", "dateline", "byline", "photo-caption", "photo-credit"),
    *("related-article-teaser", "scrape-metadata", "boilerplate"),
)
RENDERS = ("show", "hide", "aside")
KINDS = ("direct", "indirect", "mixed")
SECTIONS = ("headline", "standfirst", "caption", "body", "related")
CONFIDENCES = ("high", "medium", "low")
TOP_KEYS = ("schema", "document", "entities", "regions", "attributions", "mentions")
DOCUMENT_KEYS = ("path", "url", "lang", "published", "publisher", "title", "text_sha256")
ENTITY_KEYS = (
    *("id", "name", "type", "role", "aliases", "same_as", "member_of", "description"),
    "note",
)
ATTRIBUTION_KEYS = (
    *("id", "kind", "source", "cue", "content", "section", "confidence", "note", "tags"),
    *("responds_to", "continues", "generator", "reviewed"),
)
ANCHOR_KEYS = ("exact", "prefix", "suffix", "occurrence", "within", "position", "all", "quoted")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TOP = Loc(1, 1)
T = TypeVar("T")


# ---------------------------------------------------------------- files


def load_entities(content_dir: Path, root: Path) -> tuple[list[Entity], list[Problem]]:
    """Read the archive's shared entities from ``_entities.yaml`` (optional)."""
    node, check = load_special(content_dir, "_entities.yaml", root)
    top = check.mapping(node, "_entities.yaml")
    if top is None:
        return [], check.problems
    check.keys(top, ("entities",), "_entities.yaml")
    items = check.require(top, "entities", "_entities.yaml")
    read = functools.partial(read_entity, origin=check.path)
    return list(read_items(items, "entities", check, read)), check.problems


def load_sidecars(content_dir: Path, root: Path) -> tuple[list[Sidecar], list[Problem]]:
    """Read and validate every ``*.annotations.yaml`` under the content folder."""
    paths, problems = find_sources(content_dir, root, SUFFIX)
    sidecars: list[Sidecar] = []
    for path in paths:
        sidecar, found = read_sidecar(path, display_path(path, root), content_dir)
        problems += found
        sidecars += [sidecar] if sidecar else []
    return sidecars, problems


def read_sidecar(path: Path, rel: str, content_dir: Path) -> tuple[Sidecar | None, list[Problem]]:
    """Read one sidecar; None when it cannot be used (its problems say why)."""
    node, problems = load_yaml(path, rel)
    if problems:
        return None, problems
    check = Check(rel)
    top = check.mapping(node if node is not None else YMap((), _TOP), "sidecar")
    if top is None or not read_schema(top, check):
        return None, check.problems
    check.keys(top, TOP_KEYS, "sidecar")
    document, article = read_document(top.get("document"), check, path, content_dir)
    read_entity_here = functools.partial(read_entity, origin=rel)
    sidecar = Sidecar(
        path=path,
        rel=rel,
        article=article or path,
        document=document,
        entities=read_items(top.get("entities"), "entities", check, read_entity_here),
        regions=read_items(top.get("regions"), "regions", check, read_region),
        attributions=read_items(top.get("attributions"), "attributions", check, read_attribution),
        mentions=read_items(top.get("mentions"), "mentions", check, read_mention),
    )
    check_unique_ids(top, check)
    return (sidecar if article else None), check.problems


def read_schema(top: YMap, check: Check) -> bool:
    """Check the schema line; False when the file is another schema (not read further)."""
    node = top.get("schema")
    if node is None:
        message = f'sidecar lacks "schema"; add schema: {SCHEMA}'
        check.error(top.loc, "missing-field", message)
        return True
    value = check.string(node, "schema")
    if value is not None and value != SCHEMA:
        check.invalid(node, "schema", f'"{value}" is not supported; this tool reads {SCHEMA}')
        return False
    return True


# ---------------------------------------------------------------- document


def read_document(
    node: YNode | None, check: Check, sidecar: Path, content_dir: Path
) -> tuple[Document, Path | None]:
    """Read ``document`` and find the article it names (default ``<name>.md``)."""
    fields = check.mapping(node, "document") or YMap((), _TOP)
    check.keys(fields, DOCUMENT_KEYS, "document")
    published = check.date(fields.get("published"), "document.published")
    document = Document(
        path=check.string(fields.get("path"), "document.path"),
        url=check.web_url(fields.get("url"), "document.url"),
        lang=check.language(fields.get("lang"), "document.lang"),
        published=published.isoformat() if published else None,
        publisher=check.string(fields.get("publisher"), "document.publisher"),
        title=check.string(fields.get("title"), "document.title"),
        text_sha256=read_sha256(fields.get("text_sha256"), check),
        publisher_loc=loc_of(fields.get("publisher")),
    )
    if "path" in fields and document.path is None:
        return document, None
    return document, find_article(sidecar, fields.get("path"), document.path, check, content_dir)


def find_article(
    sidecar: Path, node: YNode | None, given: str | None, check: Check, content_dir: Path
) -> Path | None:
    """Return the annotated article's path, or report why there is none."""
    name = given if given is not None else sidecar.name.removesuffix(SUFFIX) + ".md"
    at = node.loc if node is not None else _TOP
    article = Path(os.path.normpath(sidecar.parent / name))
    if Path(name).is_absolute() or "\\" in name:
        check.error(at, "bad-value", f'document.path: "{name}" must be relative to the sidecar')
    elif not resolves_inside(article, content_dir):
        check.error(at, "bad-value", f'document.path: "{name}" points outside the content folder')
    elif not article.is_file() and given is not None:
        message = f'document.path "{name}" names no file (paths are relative to the sidecar)'
        check.error(at, "missing-article", message)
    elif not article.is_file():
        message = f'no article "{name}" for this sidecar; create it or set document.path'
        check.error(at, "missing-article", message)
    else:
        return article
    return None


def resolves_inside(path: Path, folder: Path) -> bool:
    """Tell whether ``path``, its symlinks followed, lies inside ``folder``'s real path.

    ``resolve`` asks the file system about every part of both paths. When ``folder`` is
    absolute without ".." and ``path`` is beneath it with no symlink on the way down, the
    answer is yes without that: only the parts below ``folder`` are looked at.
    """
    top, full = os.fspath(folder), os.fspath(path)
    plain = folder.is_absolute() and ".." not in folder.parts + path.parts
    if plain and full.startswith(top + os.sep):
        below = top
        for part in full[len(top) + 1 :].split(os.sep):
            below = os.path.join(below, part)
            if os.path.islink(below):
                break
        else:
            return True
    return path.resolve().is_relative_to(folder.resolve())


def read_sha256(node: YNode | None, check: Check) -> str | None:
    """Read a tool-written SHA-256 hex digest."""
    value = check.string(node, "document.text_sha256")
    if node is None or value is None or _SHA256.fullmatch(value):
        return value
    check.invalid(node, "document.text_sha256", "expected 64 lower-case hex digits")
    return None


# ---------------------------------------------------------------- lists and ids


def read_items(
    node: YNode | None, section: str, check: Check, read: Callable[[YNode, str, Check], T | None]
) -> tuple[T, ...]:
    """Read a list of items, each labelled by its id (else its index)."""
    items = check.sequence(node, section) or ()
    found = (read(item, item_label(item, section, i), check) for i, item in enumerate(items))
    return tuple(item for item in found if item is not None)


def item_label(node: YNode, section: str, index: int) -> str:
    """Name a list item in messages: ``attributions[a04]``, or ``attributions[3]``."""
    ident = node.get("id") if isinstance(node, YMap) else None
    if isinstance(ident, YScalar) and ident.value:
        return f"{section}[{ident.value}]"
    return f"{section}[{index}]"


def read_id(fields: YMap, label: str, check: Check) -> str | None:
    """Read a required id: a slug like ``a04-laughably-bad``."""
    node = check.require(fields, "id", label)
    value = check.string(node, f"{label}.id")
    if node is None or value is None or SLUG.fullmatch(value):
        return value
    message = f'"{value}" is not a valid id; use lower-case letters, digits and single hyphens'
    check.invalid(node, f"{label}.id", message)
    return None


def read_refs(node: YNode | None, label: str, check: Check) -> tuple[tuple[str, Loc], ...]:
    """Read one attribution id or a list of them, each with where it stands."""
    if node is None:
        return ()
    if isinstance(node, YSeq):
        items = [(item, f"{label}[{i}]") for i, item in enumerate(node.items)]
    elif isinstance(node, YScalar):
        items = [(node, label)]
    else:
        check.bad_type(node, label, "an id or a list of ids")
        return ()
    found = [(check.string(item, name), item.loc) for item, name in items]
    return tuple((ident, loc) for ident, loc in found if ident is not None)


def check_unique_ids(top: YMap, check: Check) -> None:
    """Report a region, attribution or mention id used before in the file."""
    found: list[tuple[Loc, str, str]] = []
    for section in ("regions", "attributions", "mentions"):
        items = top.get(section)
        for i, item in enumerate(items.items if isinstance(items, YSeq) else ()):
            ident = item.get("id") if isinstance(item, YMap) else None
            if isinstance(ident, YScalar):
                found.append((ident.loc, ident.value, item_label(item, section, i)))
    first: dict[str, Loc] = {}
    for loc, ident_value, label in sorted(found, key=lambda f: (f[0].line, f[0].col)):
        if ident_value in first:
            message = (
                f'{label}.id "{ident_value}" is already used at line {first[ident_value].line}'
            )
            message += "; ids of regions, attributions and mentions must be unique in a sidecar"
            check.error(loc, "duplicate-id", message)
        first.setdefault(ident_value, loc)


# ---------------------------------------------------------------- entities, regions, mentions


def read_entity(node: YNode, label: str, check: Check, origin: str) -> Entity | None:
    """Read one entity declaration."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ENTITY_KEYS, label)
    ident = read_id(fields, label, check)
    name = check.text(check.require(fields, "name", label), f"{label}.name")
    entity_type = check.choice(fields.get("type"), f"{label}.type", ENTITY_TYPES)
    same_as = check.sequence(fields.get("same_as"), f"{label}.same_as") or ()
    uris = [check.web_url(uri, f"{label}.same_as[{i}]") for i, uri in enumerate(same_as)]
    if ident is None or name is None:
        return None
    return Entity(
        id=ident,
        name=name,
        loc=fields.loc,
        origin=origin,
        type=entity_type or "unknown",
        role=check.string(fields.get("role"), f"{label}.role"),
        aliases=check.strings(fields.get("aliases"), f"{label}.aliases") or (),
        same_as=tuple(uri for uri in uris if uri is not None),
        member_of=check.string(fields.get("member_of"), f"{label}.member_of"),
        description=check.string(fields.get("description"), f"{label}.description"),
        note=check.string(fields.get("note"), f"{label}.note"),
        id_loc=loc_of(fields.get("id")),
        member_of_loc=loc_of(fields.get("member_of")),
    )


def read_region(node: YNode, label: str, check: Check) -> Region | None:
    """Read one region: a structural span such as the title or a photo credit."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("id", "role", "anchor", "render"), label)
    ident = read_id(fields, label, check)
    role = check.choice(check.require(fields, "role", label), f"{label}.role", REGION_ROLES)
    anchor_node = check.require(fields, "anchor", label)
    anchor = read_anchor(anchor_node, f"{label}.anchor", check, allow_all=True)
    render = check.choice(fields.get("render"), f"{label}.render", RENDERS)
    if ident is None or role is None or anchor is None:
        return None
    return Region(ident, role, anchor, fields.loc, render=render or "show")


def read_mention(node: YNode, label: str, check: Check) -> Mention | None:
    """Read one entity mention."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("id", "entity", "anchor", "note"), label)
    ident = read_id(fields, label, check)
    entity_node = check.require(fields, "entity", label)
    entity = check.string(entity_node, f"{label}.entity")
    anchor_node = check.require(fields, "anchor", label)
    anchor = read_anchor(anchor_node, f"{label}.anchor", check, allow_all=True)
    note = check.string(fields.get("note"), f"{label}.note")
    if ident is None or entity is None or anchor is None:
        return None
    return Mention(ident, entity, anchor, fields.loc, note=note, entity_loc=loc_of(entity_node))


# ---------------------------------------------------------------- attributions


def read_attribution(node: YNode, label: str, check: Check) -> Attribution | None:
    """Read one attribution: source + cue + content (PARC 3.0)."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ATTRIBUTION_KEYS, label)
    ident = read_id(fields, label, check)
    kind = check.choice(check.require(fields, "kind", label), f"{label}.kind", KINDS)
    source = read_attribution_source(
        check.require(fields, "source", label), f"{label}.source", check
    )
    cue = read_cue(fields.get("cue"), f"{label}.cue", check)
    quoted_ok = kind == "mixed" or kind is None
    content = read_content(check.require(fields, "content", label), label, check, quoted_ok)
    details = read_attribution_details(fields, label, check)
    if ident is None or kind is None or source is None or not content:
        return None
    return details(ident, kind, source, content, fields.loc, cue=cue)


def read_attribution_details(
    fields: YMap, label: str, check: Check
) -> functools.partial[Attribution]:
    """Read an attribution's optional fields: its maker, given the required ones."""
    responds_to = read_refs(fields.get("responds_to"), f"{label}.responds_to", check)
    continues = read_refs(fields.get("continues"), f"{label}.continues", check)
    return functools.partial(
        Attribution,
        section=check.choice(fields.get("section"), f"{label}.section", SECTIONS),
        confidence=check.choice(fields.get("confidence"), f"{label}.confidence", CONFIDENCES),
        note=check.string(fields.get("note"), f"{label}.note"),
        tags=check.strings(fields.get("tags"), f"{label}.tags") or (),
        responds_to=tuple(ident for ident, _ in responds_to),
        continues=tuple(ident for ident, _ in continues),
        generator=check.string(fields.get("generator"), f"{label}.generator"),
        reviewed=check.boolean(fields.get("reviewed"), f"{label}.reviewed"),
        responds_to_locs=tuple(loc for _, loc in responds_to),
        continues_locs=tuple(loc for _, loc in continues),
    )


def read_content(
    node: YNode | None, label: str, check: Check, quoted_ok: bool
) -> tuple[Anchor, ...]:
    """Read the content anchors: one or more (a split quote, or one per paragraph)."""
    items = check.sequence(node, f"{label}.content")
    if node is not None and items == ():
        check.invalid(node, f"{label}.content", "must list at least one anchor")
    read = functools.partial(read_anchor, check=check, allow_quoted=quoted_ok)
    anchors = [read(item, f"{label}.content[{i}]") for i, item in enumerate(items or ())]
    return tuple(anchor for anchor in anchors if anchor is not None)


def read_attribution_source(node: YNode | None, label: str, check: Check) -> Source | None:
    """Read the source: ``{entity, mention}`` or ``{unattributed: true}``.

    ``Source.loc`` is where the entity id stands (else the mapping), so that an
    unknown entity is reported on its own line; ``Addressee.loc`` likewise.
    """
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("entity", "mention", "unattributed"), label)
    entity_node = fields.get("entity")
    entity = check.string(entity_node, f"{label}.entity")
    mention = read_anchor(fields.get("mention"), f"{label}.mention", check)
    unattributed = check.boolean(fields.get("unattributed"), f"{label}.unattributed") or False
    loc = entity_node.loc if entity_node is not None else fields.loc
    if unattributed and entity_node is not None:
        message = "an unattributed source has no entity; remove entity or unattributed"
        check.invalid(entity_node, label, message)
        return None
    if not unattributed and entity_node is None:
        check.error(fields.loc, "missing-field", f'{label} lacks "entity" (or unattributed: true)')
        return None
    if entity is None and not unattributed:
        return None
    return Source(loc, entity=entity, mention=mention, unattributed=unattributed)


def read_cue(node: YNode | None, label: str, check: Check) -> Cue | None:
    """Read the cue: the speech verb or noun, its lemma, addressee and time."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("anchor", "lemma", "addressee", "when"), label)
    return Cue(
        fields.loc,
        anchor=read_anchor(fields.get("anchor"), f"{label}.anchor", check),
        lemma=check.string(fields.get("lemma"), f"{label}.lemma"),
        addressee=read_addressee(fields.get("addressee"), f"{label}.addressee", check),
        when=read_when(fields.get("when"), f"{label}.when", check),
    )


def read_addressee(node: YNode | None, label: str, check: Check) -> Addressee | None:
    """Read whom a statement was made to: an entity and/or its mention."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("entity", "mention"), label)
    entity_node = fields.get("entity")
    entity = check.string(entity_node, f"{label}.entity")
    mention = read_anchor(fields.get("mention"), f"{label}.mention", check)
    if entity_node is None and "mention" not in fields:
        check.error(fields.loc, "missing-field", f'{label} lacks "entity"')
    if entity is None and mention is None:
        return None
    loc = entity_node.loc if entity_node is not None else fields.loc
    return Addressee(loc, entity=entity, mention=mention)


def read_when(node: YNode | None, label: str, check: Check) -> When | None:
    """Read when a statement was made: a date, the article's words for it, a note."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("date", "text", "note"), label)
    date = check.date(fields.get("date"), f"{label}.date")
    return When(
        date=date.isoformat() if date else None,
        text=check.string(fields.get("text"), f"{label}.text"),
        note=check.string(fields.get("note"), f"{label}.note"),
    )


# ---------------------------------------------------------------- anchors


def read_anchor(
    node: YNode | None,
    label: str,
    check: Check,
    allow_all: bool = False,
    allow_quoted: bool = False,
) -> Anchor | None:
    """Read an anchor: a mapping, or a plain string as shorthand for ``{exact: ...}``."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        exact = check.text(node, label)
        return Anchor(exact, node.loc, label) if exact is not None else None
    if not isinstance(node, YMap):
        check.bad_type(node, label, "an anchor (a string or a mapping)")
        return None
    check.keys(node, ANCHOR_KEYS, label)
    exact = check.text(check.require(node, "exact", label), f"{label}.exact")
    if exact is not None and len(node.items) == 1:  # most anchors: exact alone
        return Anchor(exact, node.loc, label)
    anchor = Anchor(
        exact or "",
        node.loc,
        label,
        prefix=check.string(node.get("prefix"), f"{label}.prefix"),
        suffix=check.string(node.get("suffix"), f"{label}.suffix"),
        occurrence=read_occurrence(node.get("occurrence"), f"{label}.occurrence", check),
        within=check.string(node.get("within"), f"{label}.within"),
        position=read_position(node.get("position"), f"{label}.position", check),
        all=read_flag(node, "all", label, check, allow_all),
        quoted=read_flag(node, "quoted", label, check, allow_quoted),
        within_loc=loc_of(node.get("within")),
    )
    return anchor if exact is not None else None


def read_occurrence(node: YNode | None, label: str, check: Check) -> int | None:
    """Read a 1-based occurrence number."""
    value = check.integer(node, label)
    if node is None or value is None or value >= 1:
        return value
    check.invalid(node, label, "must be 1 or more (the first match is 1)")
    return None


def read_position(node: YNode | None, label: str, check: Check) -> Position | None:
    """Read a tool-written ``{start, end}`` hint with 0 <= start <= end."""
    fields = check.mapping(node, label)
    if fields is None:
        return None
    check.keys(fields, ("start", "end"), label)
    start = check.integer(check.require(fields, "start", label), f"{label}.start")
    end = check.integer(check.require(fields, "end", label), f"{label}.end")
    if start is None or end is None:
        return None
    if not 0 <= start <= end:
        check.invalid(fields, label, f"needs 0 <= start <= end, got start {start}, end {end}")
        return None
    return Position(start, end)


_FLAG_RULES = {
    "all": "only regions and mentions may mark every occurrence",
    "quoted": "only content items of mixed attributions may be marked quoted",
}


def read_flag(fields: YMap, key: str, label: str, check: Check, allowed: bool) -> bool:
    """Read the ``all`` or ``quoted`` flag where it is allowed; report it elsewhere."""
    node = fields.get(key)
    if node is not None and not allowed:
        check.invalid(node, f"{label}.{key}", _FLAG_RULES[key])
        return False
    return check.boolean(node, f"{label}.{key}") or False
