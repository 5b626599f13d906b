"""New values for drifted anchors (``fix``): the anchor text and a resolution in, values out.

A ``fuzzy`` anchor takes the text now found as its ``exact``, written the way ``suggest``
writes anchors: invisible characters dropped, every whitespace run one space, curly quotes
and dashes kept as the article has them (matching folds them anyway). A
``context-changed`` anchor keeps its ``exact``. Then the prefix and suffix: the ones the
anchor has are tried first (a fuzzy anchor whose context still agrees changes nothing
else); failing that, whole words of the text now around the span (a prefix starts at a
word, a suffix ends at one), with the fewest fields changed, then the shortest. A side the
anchor has is kept (rewritten; ``""`` at the very start or end of the text); a side it
lacks is added only when needed. The context must make the anchor land on its span
without the position hint; an ``occurrence`` the anchor has is renumbered when the matches
moved. The position is re-baselined to the span.

``edit_text`` then writes the values into the sidecar's text where the anchors stand
(``yamledit``), with ``document.text_sha256`` set to the digest of the normalised anchor
text (a ``document:`` mapping is added after ``schema:`` when missing).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import yaml

from quotemark import yamledit
from quotemark.anchor import AnchorText, resolve
from quotemark.model import Anchor, Position, Resolution, Span, Status
from quotemark.normalize import normalize
from quotemark.suggest import plain, word_ends, word_starts

AFTER = {"prefix": ("exact",), "suffix": ("prefix", "exact")}  # where new keys go
DRIFTED = (Status.FUZZY, Status.CONTEXT_CHANGED)
CLEAN = (Status.EXACT, Status.DISAMBIGUATED)


@dataclass(frozen=True)
class Rewrite:
    """The values a drifted anchor gets (prefix/suffix/occurrence None: the anchor has none)."""

    anchor: Anchor  # as it stands in the sidecar
    status: Status  # fuzzy or context-changed
    span: Span
    exact: str
    prefix: str | None
    suffix: str | None
    occurrence: int | None
    position: Position


def rewrite(
    text: AnchorText, anchor: Anchor, resolution: Resolution, scope: Span | None = None
) -> Rewrite | None:
    """The new values that make a drifted anchor land cleanly on its span; None if none do."""
    span = resolution.spans[0]
    exact = anchor.exact
    if resolution.status is Status.FUZZY:
        exact = plain(resolution.suggestion or text.text[span.start : span.end])
    position = Position(span.start, span.end)
    for hint in (None, position):
        for prefix, suffix, occurrence in choices(text, span, anchor, exact):
            found = replace(
                anchor, exact=exact, prefix=prefix, suffix=suffix, occurrence=occurrence
            )
            if lands(text, replace(found, position=hint), span, scope):
                status = resolution.status
                return Rewrite(anchor, status, span, exact, prefix, suffix, occurrence, position)
    return None


def lands(text: AnchorText, anchor: Anchor, span: Span, scope: Span | None) -> bool:
    """Tell whether an anchor resolves cleanly to exactly the span."""
    found = resolve(text, anchor, scope)
    return found.status in CLEAN and found.spans == (span,)


def choices(
    text: AnchorText, span: Span, anchor: Anchor, exact: str
) -> Iterator[tuple[str | None, str | None, int | None]]:
    """Prefix, suffix and occurrence to try: the fewest changed fields, then the shortest."""
    before = [plain(text.text[s : span.start]).lstrip() for s in word_starts(text.text, span.start)]
    after = [plain(text.text[span.end : e]) for e in word_ends(text.text, span.end)]
    prefixes, suffixes = sides(anchor.prefix, before), sides(anchor.suffix, after)
    occurrences = [anchor.occurrence]
    if anchor.occurrence is not None:
        count = matches(text.norm.text, normalize(exact))
        occurrences += [n for n in range(1, count + 1) if n != anchor.occurrence]
    options = [(p, s, n) for p in prefixes for s in suffixes for n in occurrences]
    old = (anchor.prefix, anchor.suffix, anchor.occurrence)

    def cost(option: tuple[str | None, str | None, int | None]) -> tuple[int, int]:
        changed = sum(new != was for new, was in zip(option, old, strict=True))
        return changed, len(option[0] or "") + len(option[1] or "")

    yield from sorted(options, key=cost)


def sides(had: str | None, words: list[str]) -> list[str | None]:
    """The values one side may take: as it is, or the words now there (or none, if absent)."""
    options: list[str | None] = [had, *(w for w in words if w != had)]
    if had is not None and not words and had != "":
        options.append("")
    return options


def matches(text: str, exact: str) -> int:
    """How many (overlapping) times exact occurs in text."""
    count, k = 0, text.find(exact) if exact else -1
    while k != -1:
        count += 1
        k = text.find(exact, k + 1)
    return count


# ---------------------------------------------------------------- the sidecar text


def edit_text(text: str, rewrites: Sequence[Rewrite], sha: str) -> str | None:
    """The sidecar text with the rewrites and the digest in place; None if a node is missing."""
    root = yamledit.compose(text)
    if root is None:
        return None
    nodes = yamledit.value_nodes(root)
    edits: list[yamledit.Edit] = []
    for item in rewrites:
        found = nodes.get((item.anchor.loc.line, item.anchor.loc.col))
        if found is None:
            return None
        edits += anchor_edits(text, found, item)
    edits += document_edits(text, root, sha)
    return yamledit.apply(text, edits)


def anchor_edits(text: str, node: yaml.Node, item: Rewrite) -> list[yamledit.Edit]:
    """Edits that write a rewrite's values into its anchor (a string becomes a mapping)."""
    updates: list[tuple[str, yamledit.Value]] = [("exact", item.exact)]
    updates += [
        (k, v) for k, v in (("prefix", item.prefix), ("suffix", item.suffix)) if v is not None
    ]
    if item.occurrence is not None:
        updates.append(("occurrence", item.occurrence))
    updates.append(("position", item.position))
    if isinstance(node, yaml.ScalarNode):
        return yamledit.to_mapping(text, node, updates)
    if not isinstance(node, yaml.MappingNode):
        return []
    exact = yamledit.value_of(node, "exact")
    style = exact.style if isinstance(exact, yaml.ScalarNode) else '"'
    return yamledit.set_values(text, node, updates, AFTER, style)


def document_edits(text: str, root: yaml.Node, sha: str) -> list[yamledit.Edit]:
    """Edits that set ``document.text_sha256`` (adding ``document:`` after ``schema:``)."""
    document = yamledit.value_of(root, "document")
    if isinstance(document, yaml.MappingNode):
        return yamledit.set_values(text, document, [("text_sha256", sha)], {})
    if document is not None or not isinstance(root, yaml.MappingNode):
        return []
    schema = yamledit.value_of(root, "schema")
    end = yamledit.content_end(text, schema) if schema is not None else None
    at = yamledit.line_after(text, end) if end is not None else 0
    pad = " " * root.start_mark.column
    lines = f"{pad}document:{yamledit.newline_of(text)}{pad}  text_sha256: {sha}"
    return [yamledit.new_line(text, at, lines)]


def text_sha256(text: str) -> str:
    """The tool-written digest of an article's anchor text (normalised)."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()
