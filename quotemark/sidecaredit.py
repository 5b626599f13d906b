"""Write drafted attributions and entities as sidecar YAML, and add them to an existing
sidecar without touching a byte of it: text in, text out.

The new items go in one block, introduced by a comment naming the generator, at the end
of the ``entities:`` and ``attributions:`` lists (after their last item, before any comment
that introduces the next key); a list that is missing is appended at the end of the file.
Every string is written double-quoted (JSON escapes are valid YAML), so no value can be
read back as a number, a date or a bool.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import yaml

from quotemark.model import Addressee, Anchor, Attribution, Cue, Entity, Source, When

SCHEMA = "annotated-news/sidecar@1"
MARKER = "# quotemark-suggest/1: {count} machine {what}, unreviewed"
NEW_HEADER = (
    "# Drafted by `python build.py suggest` (quotemark-suggest/1). Every attribution below is a\n"
    "# machine suggestion (reviewed: false): check it against the article, fix it, then set\n"
    "# reviewed: true. Proposed entities need the same care.\n"
)
ENTITY_NOTE = "Proposed by quotemark-suggest/1: check the name, type and aliases."
UNSAFE = re.compile(r"[\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffe\uffff]")


class EditError(Exception):
    """The sidecar's layout does not let new items be added without rewriting it."""


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON escapes, invisible characters escaped too)."""
    text = json.dumps(value, ensure_ascii=False)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


V = TypeVar("V")


def flow(*fields: tuple[str, str | None]) -> str:
    """A YAML flow mapping of the fields that have a value (values already written as YAML)."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields if value is not None) + "}"


def given(value: V | None, write: Callable[[V], str]) -> str | None:
    """``write(value)``, or None when there is no value."""
    return None if value is None else write(value)


def anchor_yaml(anchor: Anchor) -> str:
    """An anchor as a flow mapping: exact, then prefix/suffix/occurrence when given."""
    return flow(
        ("exact", quoted(anchor.exact)),
        ("prefix", given(anchor.prefix, quoted)),
        ("suffix", given(anchor.suffix, quoted)),
        ("occurrence", given(anchor.occurrence, str)),
    )


def source_yaml(source: Source) -> str:
    if source.unattributed or source.entity is None:
        return "{unattributed: true}"
    mention = f", mention: {anchor_yaml(source.mention)}" if source.mention else ""
    return f"{{entity: {quoted(source.entity)}{mention}}}"


def content_yaml(anchor: Anchor) -> str:
    """A content item's anchor, with ``quoted: true`` when it marks a verbatim part."""
    text = anchor_yaml(anchor)
    return text.removesuffix("}") + ", quoted: true}" if anchor.quoted else text


def when_yaml(when: When) -> str:
    """``{date: "…", text: "…", note: "…"}`` with the fields given."""
    return flow(
        ("date", given(when.date, quoted)),
        ("text", given(when.text, quoted)),
        ("note", given(when.note, quoted)),
    )


def addressee_yaml(addressee: Addressee) -> str:
    return flow(
        ("entity", given(addressee.entity, quoted)),
        ("mention", given(addressee.mention, anchor_yaml)),
    )


def cue_yaml(cue: Cue) -> str:
    """A cue as a flow mapping: lemma, anchor, addressee, when."""
    return flow(
        ("lemma", given(cue.lemma, quoted)),
        ("anchor", given(cue.anchor, anchor_yaml)),
        ("addressee", given(cue.addressee, addressee_yaml)),
        ("when", given(cue.when, when_yaml)),
    )


def ids_yaml(ids: Sequence[str]) -> str:
    return "[" + ", ".join(quoted(i) for i in ids) + "]"


def attribution_yaml(attribution: Attribution, indent: int) -> str:
    """One attribution, every field it has, as a block-sequence item."""
    pad = " " * indent
    lines = [f"- id: {quoted(attribution.id)}", f"  kind: {attribution.kind}"]
    if attribution.section is not None:
        lines.append(f"  section: {attribution.section}")
    lines.append(f"  source: {source_yaml(attribution.source)}")
    if attribution.cue is not None:
        lines.append(f"  cue: {cue_yaml(attribution.cue)}")
    lines.append("  content:")
    lines += [f"    - {content_yaml(a)}" for a in attribution.content]
    if attribution.confidence is not None:
        lines.append(f"  confidence: {attribution.confidence}")
    if attribution.note is not None:
        lines.append(f"  note: {quoted(attribution.note)}")
    if attribution.tags:
        lines.append(f"  tags: {ids_yaml(attribution.tags)}")
    if attribution.responds_to:
        lines.append(f"  responds_to: {ids_yaml(attribution.responds_to)}")
    if attribution.continues:
        lines.append(f"  continues: {ids_yaml(attribution.continues)}")
    if attribution.generator is not None:
        lines.append(f"  generator: {quoted(attribution.generator)}")
    if attribution.reviewed is not None:
        lines.append(f"  reviewed: {'true' if attribution.reviewed else 'false'}")
    return "".join(f"{pad}{line}\n" for line in lines)


def entity_yaml(entity: Entity, indent: int) -> str:
    """One proposed entity as a block-sequence item at the given indentation."""
    pad = " " * indent
    lines = [
        f"- id: {quoted(entity.id)}",
        f"  type: {entity.type}",
        f"  name: {quoted(entity.name)}",
    ]
    if entity.role:
        lines.append(f"  role: {quoted(entity.role)}")
    if entity.aliases:
        lines.append(f"  aliases: [{', '.join(quoted(a) for a in entity.aliases)}]")
    lines.append(f"  note: {quoted(entity.note or ENTITY_NOTE)}")
    return "".join(f"{pad}{line}\n" for line in lines)


def items_block(
    attributions: Sequence[Attribution], entities: Sequence[Entity], key: str, indent: int
) -> str:
    """The marker comment and the items of one list."""
    if key == "entities":
        body = "".join(entity_yaml(e, indent) for e in entities)
        count, what = len(entities), "proposed entit" + ("ies" if len(entities) != 1 else "y")
    else:
        body = "".join(attribution_yaml(a, indent) for a in attributions)
        count, what = len(attributions), "suggestion" + ("s" if len(attributions) != 1 else "")
    return " " * indent + MARKER.format(count=count, what=what) + "\n" + body


def new_sidecar(attributions: Sequence[Attribution], entities: Sequence[Entity]) -> str:
    """A whole new sidecar holding only the drafts."""
    text = NEW_HEADER + f"schema: {SCHEMA}\n"
    if entities:
        text += "\nentities:\n" + items_block(attributions, entities, "entities", 2)
    return text + "\nattributions:\n" + items_block(attributions, entities, "attributions", 2)


def add_to_sidecar(
    original: str, attributions: Sequence[Attribution], entities: Sequence[Entity]
) -> str:
    """The original sidecar text with the drafts inserted; every original byte kept."""
    root = yaml.compose(original, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the sidecar is not a mapping")
    values = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []
    for order, key, wanted in ((0, "entities", entities), (1, "attributions", attributions)):
        if wanted:
            at, block = placement(original, values.get(key), key)
            block = block + items_block(attributions, entities, key, indent_of(values.get(key)))
            edits.append((at, order, block))
    text = original
    for at, _, block in sorted(edits, reverse=True):
        lead = "\n" if at > 0 and text[at - 1] != "\n" else ""
        text = text[:at] + lead + block + text[at:]
    return text.replace("\n", "\r\n").replace("\r\r\n", "\r\n") if "\r\n" in original else text


def indent_of(node: yaml.Node | None) -> int:
    if isinstance(node, yaml.SequenceNode) and node.value:
        column: int = node.start_mark.column
        return column
    return 2


def placement(original: str, node: yaml.Node | None, key: str) -> tuple[int, str]:
    """Where a list's new items go, and the text (a key line) that must come first."""
    if node is None:
        return len(original), f"\n{key}:\n"
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value:
        return line_end(original, node.start_mark.index), ""
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return after_items(original, node), ""
    raise EditError(f"{key} is not a block list; write it as `{key}:` with `- ` items first")


def line_end(text: str, index: int) -> int:
    """The start of the line after the one holding index (the text's end if none)."""
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def after_items(text: str, node: yaml.SequenceNode) -> int:
    """Just after a block list's last item, before comments that open the next key."""
    at: int = node.value[-1].end_mark.index
    if at > 0 and text[at - 1] != "\n":
        at = line_end(text, at)
    column: int = node.start_mark.column
    while at > 0:
        start = text.rfind("\n", 0, at - 1) + 1
        line = text[start:at]
        body = line.lstrip(" ")
        if not body.startswith("#") or len(line) - len(body) > column + 2:
            break
        at = start
    return at
