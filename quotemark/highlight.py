"""Insert highlights into rendered HTML, inside its text nodes (SPEC §5).

Offsets count code points of ``htmltext.text_of(fragment)``. Each text node is cut at
every wrap boundary inside it; each piece is wrapped by the wraps that cover it, outer
first in a fixed order (rank, longer span, start, key). Neighbouring pieces share the
wrappers they have in common, so a lower-priority wrap that crosses a higher one's
boundary is split there and everything nests. Wrappers open and close inside one
text node: they never cross a tag and never sit between blocks. Text nodes no wrap
touches are copied byte for byte; cut ones are re-escaped.

| addition | where it goes |
|---|---|
| ``Wrap`` | one element per text piece; ``first_attrs`` on its first piece only |
| ``Ref`` | at its offset, once the wrappers ending there close, before new ones open; |
| | moved after an enclosing link, so no link sits inside a link |
| ``Aside`` | around the top-level blocks its range touches (one aside for neighbours) |
"""

from __future__ import annotations

import bisect
import html as htmllib
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from quotemark.htmltext import BLOCKS, Token, text_from, tokenize
from quotemark.model import Aside, Ref, Wrap


@dataclass(frozen=True)
class _Plan:
    """Everything to insert, keyed by token index."""

    wraps: tuple[Wrap, ...]
    inside: dict[int, dict[int, list[str]]] = field(default_factory=dict)  # refs in text
    after: dict[int, list[str]] = field(default_factory=dict)  # refs after a token
    opens: dict[int, list[str]] = field(default_factory=dict)  # asides before a token
    closes: dict[int, list[str]] = field(default_factory=dict)  # asides after a token
    tail: tuple[str, ...] = ()  # refs of a fragment without text


@dataclass(frozen=True)
class _Block:
    """A top-level block element: its token range and its anchor-text range."""

    first: int
    last: int
    start: int
    end: int


def highlight(
    html: str, wraps: Sequence[Wrap], refs: Sequence[Ref] = (), asides: Sequence[Aside] = ()
) -> str:
    """Return the fragment with wraps, refs and asides inserted; its text is unchanged."""
    tokens = tokenize(html)
    length = len(text_from(tokens))
    _check_ranges(length, wraps, refs, asides)
    plan = _plan(tokens, wraps, refs, asides)
    first_seen: set[int] = set()
    out: list[str] = []
    for i, token in enumerate(tokens):
        out.extend(plan.opens.get(i, ()))
        if token.start is None:
            out.append(token.raw)
        else:
            out.append(_render_text(token, plan, plan.inside.get(i, {}), first_seen))
        out.extend(plan.after.get(i, ()))
        out.extend(plan.closes.get(i, ()))
    out.extend(plan.tail)
    return "".join(out)


def _check_ranges(
    length: int, wraps: Sequence[Wrap], refs: Sequence[Ref], asides: Sequence[Aside]
) -> None:
    """Raise ValueError for any range outside the text (a programmer error)."""
    ranges = [(w.start, w.end) for w in wraps] + [(a.start, a.end) for a in asides]
    ranges += [(r.offset, r.offset) for r in refs]
    for start, end in ranges:
        if not 0 <= start <= end <= length:
            raise ValueError(f"range [{start}, {end}) does not fit a text of length {length}")


def _plan(
    tokens: tuple[Token, ...], wraps: Sequence[Wrap], refs: Sequence[Ref], asides: Sequence[Aside]
) -> _Plan:
    """Order the wraps and decide where each ref and aside goes."""
    ordered = tuple(sorted((w for w in wraps if w.start < w.end), key=_priority))
    inside, after, tail = _place_refs(tokens, refs)
    opens, closes = _place_asides(tokens, asides)
    return _Plan(ordered, inside, after, opens, closes, tail)


def _priority(wrap: Wrap) -> tuple[object, ...]:
    """Sort key of a wrap: outer first (rank, longer, start, key, then the rest)."""
    length = wrap.end - wrap.start
    return (wrap.rank, -length, wrap.start, wrap.key, wrap.tag, wrap.attrs, wrap.first_attrs)


# ---------------------------------------------------------------- text pieces


def _render_text(
    token: Token, plan: _Plan, refs: dict[int, list[str]], first_seen: set[int]
) -> str:
    """Render one text token cut into pieces, each wrapped by the wraps covering it."""
    start, end = token.start or 0, token.end
    covering = [(n, w) for n, w in enumerate(plan.wraps) if w.start < end and start < w.end]
    if not covering and not refs:
        return token.raw
    bounds = {x - start for _, w in covering for x in (w.start, w.end) if start < x < end}
    cuts = sorted(bounds | set(refs) | {0, len(token.text)})
    out: list[str] = []
    stack: list[int] = []
    for a, b in itertools.pairwise(cuts):
        active = [n for n, w in covering if w.start <= start + a and start + b <= w.end]
        keep = _common_prefix(stack, active)
        out.extend(f"</{plan.wraps[n].tag}>" for n in reversed(stack[keep:]))
        out.extend(refs.get(a, ()))
        out.extend(_open_wrap(plan.wraps[n], n, first_seen) for n in active[keep:])
        out.append(token.raw if len(cuts) == 2 else htmllib.escape(token.text[a:b], False))
        stack = active
    out.extend(f"</{plan.wraps[n].tag}>" for n in reversed(stack))
    return "".join(out)


def _common_prefix(left: list[int], right: list[int]) -> int:
    """Length of the common prefix of two wrapper stacks."""
    n = 0
    while n < min(len(left), len(right)) and left[n] == right[n]:
        n += 1
    return n


def _open_wrap(wrap: Wrap, n: int, first_seen: set[int]) -> str:
    """Start tag of one piece of a wrap (with ``first_attrs`` on its first piece)."""
    attrs = _class_first(wrap.attrs)
    if n not in first_seen:
        first_seen.add(n)
        attrs += wrap.first_attrs
    return f"<{wrap.tag}{_attributes(attrs)}>"


def _class_first(attrs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Put ``class`` first, keep the others in their given order."""
    return tuple(p for p in attrs if p[0] == "class") + tuple(p for p in attrs if p[0] != "class")


def _attributes(attrs: tuple[tuple[str, str], ...]) -> str:
    """Serialise attributes with escaped values."""
    return "".join(f' {name}="{htmllib.escape(value, quote=True)}"' for name, value in attrs)


# ---------------------------------------------------------------- refs


def _place_refs(
    tokens: tuple[Token, ...], refs: Sequence[Ref]
) -> tuple[dict[int, dict[int, list[str]]], dict[int, list[str]], tuple[str, ...]]:
    """Decide where each ref goes: inside a text token, after a token, or at the end."""
    counted = [i for i, t in enumerate(tokens) if t.start is not None]
    starts = [tokens[i].start or 0 for i in counted]
    ends = {tokens[i].end: i for i in counted}
    exits = _link_exits(tokens)
    inside: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    after: dict[int, list[str]] = defaultdict(list)
    tail: list[str] = []
    for ref in sorted(refs, key=lambda r: (r.offset, r.key, r.html)):
        if not counted:
            tail.append(ref.html)
        elif ref.offset in ends:
            i = ends[ref.offset]
            after[exits.get(i, i)].append(ref.html)
        else:
            i = counted[bisect.bisect_right(starts, ref.offset) - 1]
            if i in exits:
                after[exits[i]].append(ref.html)
            else:
                inside[i][ref.offset - (tokens[i].start or 0)].append(ref.html)
    return dict(inside), dict(after), tuple(tail)


def _link_exits(tokens: tuple[Token, ...]) -> dict[int, int]:
    """Map each text token inside a link to the end tag of its outermost link."""
    exits: dict[int, int] = {}
    pending: list[int] = []
    link_depth: int | None = None
    for i, token in enumerate(tokens):
        if token.kind == "start" and token.tag == "a" and link_depth is None:
            link_depth = token.depth
        elif token.kind == "end" and token.tag == "a" and token.depth == link_depth:
            exits.update((j, i) for j in pending)
            pending, link_depth = [], None
        elif token.kind == "text" and link_depth is not None:
            pending.append(i)
    return exits


# ---------------------------------------------------------------- asides


def _place_asides(
    tokens: tuple[Token, ...], asides: Sequence[Aside]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Return the aside start tags to put before tokens and end tags to put after."""
    blocks = _blocks(tokens)
    spans = sorted(
        (span[0], -span[1], aside.attrs)
        for aside in asides
        if (span := _touched(blocks, aside)) is not None
    )
    accepted = _nest_spans([(f, -neg_l, attrs) for f, neg_l, attrs in spans])
    opens: dict[int, list[str]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for first, _, attrs in accepted:
        opens[blocks[first].first].append(f"<aside{_attributes(_class_first(attrs))}>")
    for _, last, _ in reversed(accepted):
        closes[blocks[last].last].append("</aside>")
    return dict(opens), dict(closes)


def _touched(blocks: list[_Block], aside: Aside) -> tuple[int, int] | None:
    """First and last index of the top-level blocks the aside's range touches."""
    hit = [n for n, b in enumerate(blocks) if b.start < aside.end and aside.start < b.end]
    return (hit[0], hit[-1]) if hit and aside.start < aside.end else None


def _nest_spans(
    spans: list[tuple[int, int, tuple[tuple[str, str], ...]]],
) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
    """Keep block spans nested: a span crossing an earlier one loses the shared part."""
    accepted: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
    for first, last, attrs in spans:
        for other_first, other_last, _ in accepted:
            if other_first < first <= other_last < last:
                first = other_last + 1
        if first <= last:
            accepted.append((first, last, attrs))
    return sorted(accepted, key=lambda s: (s[0], -s[1]))


def _blocks(tokens: tuple[Token, ...]) -> list[_Block]:
    """List the top-level block elements that hold anchor text."""
    blocks: list[_Block] = []
    first: int | None = None
    for i, token in enumerate(tokens):
        if first is None and token.kind == "start" and _is_top_block(token):
            first = i
        elif first is not None and token.kind == "end" and token.depth == 0:
            blocks.extend(_block(tokens, first, i))
            first = None
    return blocks


def _is_top_block(token: Token) -> bool:
    """Tell whether a tag token opens a block element at the top level."""
    return token.depth == 0 and token.tag in BLOCKS and not token.hidden


def _block(tokens: tuple[Token, ...], first: int, last: int) -> list[_Block]:
    """The block spanning tokens ``first..last``, if it holds any anchor text."""
    counted = [t for t in tokens[first : last + 1] if t.start is not None]
    if not counted:
        return []
    return [_Block(first, last, counted[0].start or 0, counted[-1].end)]
