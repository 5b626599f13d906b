"""The sidecar an imported article starts with: the regions the import recognised.

| region | role | render | id |
|---|---|---|---|
| the headline | ``title`` | show | ``r-title`` |
| the photo caption (front matter) | ``photo-caption`` | show | ``r-caption`` |
| ``WASHINGTON (Sputnik) -`` opening the body | ``dateline`` | show | ``r-dateline`` |
| a photo credit among the paragraphs | ``photo-credit`` | aside | ``r-photo-credit`` |
| a related article's headline among them | ``related-article-teaser`` | aside | ``r-related`` |

A second region of a kind gets ``-2`` and so on. Each anchor is the region's exact text,
with the shortest prefix/suffix that makes it unique in the article's anchor text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence

from quotemark.anchor import AnchorText
from quotemark.annotate import Part, render_parts
from quotemark.clipping import Block, find_dateline
from quotemark.model import ArticleSource, Loc, Region, Span
from quotemark.sidecar import SCHEMA
from quotemark.sidecaredit import anchor_yaml, quoted
from quotemark.suggest import minimal_anchor

ROLES = {
    "title": ("r-title", "show"),
    "photo-caption": ("r-caption", "show"),
    "dateline": ("r-dateline", "show"),
    "photo-credit": ("r-photo-credit", "aside"),
    "related-article-teaser": ("r-related", "aside"),
}
NOWHERE = Loc(0, 0)
HEADER = (
    "# Imported by `python build.py import` from {origin}.\n"
    "# The regions below are what the import recognised; add entities, attributions and\n"
    "# mentions (SPEC §3), then run `python build.py check`.\n"
)


def find_regions(article: ArticleSource, blocks: Sequence[Block]) -> list[Region]:
    """The regions of an imported article, in document order, anchored uniquely."""
    parts = render_parts(article)
    text = AnchorText("\n".join(p.text for p in parts))
    seen: Counter[str] = Counter()
    regions = []
    for role, span in spans_of(parts, blocks):
        seen[role] += 1
        base, render = ROLES[role]
        ident = base if seen[role] == 1 else f"{base}-{seen[role]}"
        anchor = minimal_anchor(text, span, f"regions[{ident}].anchor")
        regions.append(Region(ident, role, anchor, NOWHERE, render))
    return regions


def spans_of(parts: Sequence[Part], blocks: Sequence[Block]) -> Iterator[tuple[str, Span]]:
    """Each region's role and span in the anchor text."""
    for part in parts:
        if not part.text.strip():
            continue
        if part.name in ("headline", "caption"):
            role = "title" if part.name == "headline" else "photo-caption"
            yield role, Span(part.start, part.start + len(part.text))
        elif part.name == "body":
            yield from body_spans(part, blocks)


def body_spans(body: Part, blocks: Sequence[Block]) -> Iterator[tuple[str, Span]]:
    """The dateline opening the body, then each paragraph that plays a region's role."""
    dateline = find_dateline(body.text)
    if dateline is not None:
        yield "dateline", Span(body.start, body.start + len(dateline.text))
    at = 0
    for block in blocks:
        found = body.text.find(block.text, at)
        if found < 0:
            continue  # not rendered verbatim: left unmarked rather than marked wrongly
        at = found + len(block.text)
        if block.role is not None:
            yield block.role, Span(body.start + found, body.start + at)


def sidecar_text(article: str, published: dt.date, regions: Sequence[Region], origin: str) -> str:
    """The new sidecar: a header comment, schema, document and the regions."""
    lines = [
        HEADER.format(origin=quoted(origin)),
        f"schema: {SCHEMA}\n",
        "document:\n",
        f"  path: {article}\n",
        f'  published: "{published.isoformat()}"\n',
    ]
    if regions:
        lines.append("\nregions:\n")
    for region in regions:
        lines.append(f"  - id: {region.id}\n    role: {region.role}\n")
        if region.render != "show":
            lines.append(f"    render: {region.render}\n")
        lines.append(f"    anchor: {anchor_yaml(region.anchor)}\n")
    return "".join(lines)
