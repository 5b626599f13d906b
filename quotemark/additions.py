"""Imported regions, attributions, mentions and entities as sidecar YAML, added to a
sidecar's text without changing a byte of it (``import-annotations``).

Built on ``sidecaredit``: the same double-quoted scalars and flow-mapping anchors, and the
same placement (after the last item of each list, before comments that open the next
key; a list that is missing is appended at the end). Each list gets one block introduced
by a comment naming the file the items came from.

An attribution is written with every field it has (``attribution_yaml``: ``sidecaredit``
writes a machine draft's, which has no ``when``, ``responds_to`` or ``continues``): a
human one, imported from our own export, has no ``generator`` and no ``reviewed``. For
a machine draft the lines are the same as ``sidecaredit.attribution_yaml``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import yaml

from quotemark.model import Attribution, Entity, Mention, Region
from quotemark.sidecaredit import (
    SCHEMA,
    EditError,
    anchor_yaml,
    attribution_yaml,
    entity_yaml,
    indent_of,
    placement,
    quoted,
)

NEW_HEADER = (
    "# Made by `python build.py import-annotations` from\n"
    "#   {origin}\n"
    "# An attribution below with reviewed: false is unreviewed: check it against the article,\n"
    "# then set reviewed: true.\n"
)
MARKERS = {
    "entities": "# import-annotations: {n} entit{y} named in {origin}; check name and type",
    "regions": "# import-annotations: {n} region{s} from {origin}",
    "attributions": "# import-annotations: {n} attribution{s} from {origin}",
    "mentions": "# import-annotations: {n} mention{s} from {origin}",
}

Block = Callable[[int], str]  # the items of one list at an indentation


def mention_yaml(mention: Mention, indent: int) -> str:
    """One mention as a flow mapping item."""
    fields = [
        f"id: {quoted(mention.id)}",
        f"entity: {quoted(mention.entity)}",
        f"anchor: {anchor_yaml(mention.anchor)}",
    ]
    if mention.note is not None:
        fields.append(f"note: {quoted(mention.note)}")
    return " " * indent + "- {" + ", ".join(fields) + "}\n"


def region_yaml(region: Region, indent: int) -> str:
    """One region as a flow mapping item (``render`` unless it is ``show``)."""
    fields = [f"id: {quoted(region.id)}", f"role: {region.role}"]
    if region.render != "show":
        fields.append(f"render: {region.render}")
    fields.append(f"anchor: {anchor_yaml(region.anchor)}")
    return " " * indent + "- {" + ", ".join(fields) + "}\n"


def blocks_of(
    attributions: Sequence[Attribution],
    mentions: Sequence[Mention],
    entities: Sequence[Entity],
    origin: str,
    regions: Sequence[Region] = (),
) -> dict[str, Block]:
    """The text of each list that gets items, by key, in the order of the sidecar."""
    wanted: dict[str, tuple[int, Callable[[int], str]]] = {
        "entities": (len(entities), lambda i: "".join(entity_yaml(e, i) for e in entities)),
        "regions": (len(regions), lambda i: "".join(region_yaml(r, i) for r in regions)),
        "attributions": (
            len(attributions),
            lambda i: "".join(attribution_yaml(a, i) for a in attributions),
        ),
        "mentions": (len(mentions), lambda i: "".join(mention_yaml(m, i) for m in mentions)),
    }
    unreviewed = sum(a.reviewed is False for a in attributions)
    return {
        key: marked(key, n, items, origin, unreviewed if key == "attributions" else 0)
        for key, (n, items) in wanted.items()
        if n
    }


def marked(key: str, n: int, items: Callable[[int], str], origin: str, unreviewed: int) -> Block:
    """A block: the marker comment (saying how many are unreviewed), then the items."""
    plural = n != 1
    marker = MARKERS[key].format(n=n, s="s" * plural, y="ies" if plural else "y", origin=origin)
    if unreviewed:
        marker += ", unreviewed" if unreviewed == n else f", {unreviewed} unreviewed"
    return lambda indent: " " * indent + marker + "\n" + items(indent)


def new_sidecar(blocks: dict[str, Block], origin: str) -> str:
    """A whole new sidecar holding only the imported items."""
    text = NEW_HEADER.format(origin=origin) + f"schema: {SCHEMA}\n"
    return text + "".join(f"\n{key}:\n" + block(2) for key, block in blocks.items())


def add_blocks(original: str, blocks: dict[str, Block]) -> str:
    """The original sidecar text with the blocks inserted; every original byte kept."""
    root = yaml.compose(original, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the sidecar is not a mapping")
    values = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []
    for order, (key, block) in enumerate(blocks.items()):
        at, head = placement(original, values.get(key), key)
        edits.append((at, order, head + block(indent_of(values.get(key)))))
    text = original
    for at, _, added in sorted(edits, reverse=True):
        lead = "\n" if at > 0 and text[at - 1] != "\n" else ""
        text = text[:at] + lead + added + text[at:]
    return text.replace("\n", "\r\n").replace("\r\r\n", "\r\n") if "\r\n" in original else text
