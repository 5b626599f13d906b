"""Anchor one article's sidecar on its rendered text and highlight it.

The article is rendered into parts (headline, summary, caption, body); their texts,
joined by a block boundary, are the anchor text of SPEC §4. Every anchor is resolved
on it, reported as a Problem when it is not clean, checked for quotation marks, word
edges and hidden regions, and turned into highlight wrappers per part.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from quotemark import checks
from quotemark.anchor import AnchorText, resolve
from quotemark.highlight import highlight
from quotemark.htmltext import text_of
from quotemark.locate import SourceMap
from quotemark.markup import plain_html, render_markdown
from quotemark.model import (
    Anchor,
    ArticleSource,
    Aside,
    Attribution,
    Entity,
    Problem,
    Ref,
    Region,
    Resolution,
    Severity,
    Sidecar,
    Span,
    Status,
    Wrap,
)

WARNINGS = {Status.CONTEXT_CHANGED, Status.FUZZY}
ERRORS = {Status.AMBIGUOUS, Status.ORPHAN}
STATUS_ORDER = [s for s in Status]
RANK_REGION, RANK_CONTENT, RANK_ROLE, RANK_MENTION = 0, 1, 2, 3


@dataclass(frozen=True)
class Part:
    name: str  # headline | summary | caption | body
    html: str
    text: str
    start: int  # offset of its text in the anchor text


@dataclass(frozen=True)
class Anchored:
    """An anchor with what anchoring made of it."""

    anchor: Anchor
    resolution: Resolution

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.resolution.spans


@dataclass(frozen=True)
class AnchoredAttribution:
    attribution: Attribution
    number: int
    entity: str | None  # the speaker, inherited through ``continues``
    content: tuple[Anchored, ...]
    source: Anchored | None
    cue: Anchored | None
    addressee: Anchored | None
    status: Status  # the worst status of its anchors

    def anchored(self) -> Iterator[tuple[str, Anchored]]:
        """Every anchor of the attribution with its role."""
        for item in self.content:
            yield "content", item
        roles = (("source", self.source), ("cue", self.cue), ("addressee", self.addressee))
        for role, optional in roles:
            if optional is not None:
                yield role, optional


@dataclass(frozen=True)
class AnnotatedArticle:
    source: ArticleSource
    sidecar: Sidecar | None
    parts: tuple[Part, ...]  # highlighted HTML per part
    text: str  # the anchor text
    attributions: tuple[AnchoredAttribution, ...]  # in document order, numbered from 1
    mentions: tuple[tuple[str, str, Anchored], ...]  # (mention id, entity, anchored)
    statuses: tuple[tuple[str, int], ...]  # anchoring status -> count
    regions: tuple[tuple[Region, tuple[Span, ...]], ...] = ()  # the regions that anchored

    @property
    def hidden(self) -> tuple[Span, ...]:
        """Text of regions with render: hide (not for readers)."""
        return tuple(s for region, spans in self.regions if region.render == "hide" for s in spans)

    def visible_text(self) -> str:
        """The anchor text without hidden regions (what search may index)."""
        text, end = [], 0
        for span in sorted(self.hidden):
            text.append(self.text[end : max(end, span.start)])
            end = max(end, span.end)
        text.append(self.text[end:])
        return " ".join(text)

    def part(self, name: str) -> str | None:
        return next((p.html for p in self.parts if p.name == name), None)


def render_parts(article: ArticleSource) -> tuple[Part, ...]:
    """Render headline, summary, caption and body, and place their texts end to end."""
    raw = [("headline", plain_html(article.title))]
    if article.summary:
        raw.append(("summary", plain_html(article.summary)))
    if article.caption:
        raw.append(("caption", plain_html(article.caption)))
    raw.append(("body", render_markdown(article.body)))
    parts, start = [], 0
    for name, fragment in raw:
        text = text_of(fragment)
        parts.append(Part(name, fragment, text, start))
        start += len(text) + 1
    return tuple(parts)


def annotate(
    article: ArticleSource, sidecar: Sidecar | None, entities: Mapping[str, Entity]
) -> tuple[AnnotatedArticle, list[Problem]]:
    """Anchor the sidecar on the article and highlight the parts."""
    parts = render_parts(article)
    text = "\n".join(p.text for p in parts)
    if sidecar is None:
        return AnnotatedArticle(article, None, parts, text, (), (), ()), []
    anchoring = Anchoring(article, sidecar, parts, text)
    regions = anchoring.regions()
    attributions = anchoring.attributions()
    mentions = anchoring.mentions()
    anchoring.check(regions, attributions, mentions)
    highlighted = highlight_parts(parts, regions, attributions, mentions)
    statuses = count_statuses(anchoring.results)
    anchored = tuple((r, a.spans) for r, a in regions if a.spans)
    result = AnnotatedArticle(
        article, sidecar, highlighted, text, attributions, mentions, statuses, anchored
    )
    return result, anchoring.problems


class Anchoring:
    """Resolves a sidecar's anchors in order (regions first, for ``within``)."""

    def __init__(
        self, article: ArticleSource, sidecar: Sidecar, parts: Sequence[Part], text: str
    ) -> None:
        self.article = article
        self.sidecar = sidecar
        self.text = AnchorText(text)
        self.raw = text
        self.parts = parts
        self.scopes: dict[str, Span] = {}
        self.results: list[Anchored] = []
        self.problems: list[Problem] = []

    @functools.cached_property
    def where(self) -> SourceMap:
        """The article's line map, made only when a message needs a line."""
        return SourceMap(self.article, [(p.name, p.start, p.text) for p in self.parts])

    def regions(self) -> tuple[tuple[Region, Anchored], ...]:
        out = []
        for region in self.sidecar.regions:
            anchored = self.anchor(region.anchor)
            if anchored is not None:
                out.append((region, anchored))
                if anchored.spans:
                    self.scopes[region.id] = anchored.spans[0]
        return tuple(out)

    def attributions(self) -> tuple[AnchoredAttribution, ...]:
        by_id = {a.id: a for a in self.sidecar.attributions}
        found = []
        for attribution in self.sidecar.attributions:
            content = tuple(a for a in map(self.anchor, attribution.content) if a is not None)
            source = self.anchor(attribution.source.mention)
            cue = attribution.cue
            cue_anchored = self.anchor(cue.anchor if cue else None)
            addressee = self.anchor(cue.addressee.mention if cue and cue.addressee else None)
            parts = [*content, source, cue_anchored, addressee]
            status = worst(a.resolution.status for a in parts if a is not None)
            entity = speaker_of(attribution, by_id)
            found.append(
                AnchoredAttribution(
                    attribution, 0, entity, content, source, cue_anchored, addressee, status
                )
            )
        ordered = sorted(found, key=lambda a: (first_start(a), a.attribution.id))
        return tuple(
            AnchoredAttribution(
                a.attribution, n, a.entity, a.content, a.source, a.cue, a.addressee, a.status
            )
            for n, a in enumerate(ordered, 1)
        )

    def mentions(self) -> tuple[tuple[str, str, Anchored], ...]:
        out = []
        for mention in self.sidecar.mentions:
            anchored = self.anchor(mention.anchor)
            if anchored is not None:
                out.append((mention.id, mention.entity, anchored))
        return tuple(out)

    def anchor(self, anchor: Anchor | None) -> Anchored | None:
        """Resolve one anchor, reporting anything short of a clean match."""
        if anchor is None:
            return None
        scope = None
        if anchor.within is not None:
            scope = self.scopes.get(anchor.within)
            if scope is None:
                return None  # the region is unknown or did not anchor: reported there
        resolution = resolve(self.text, anchor, scope)
        anchored = Anchored(anchor, resolution)
        self.results.append(anchored)
        message = self.describe(anchor, resolution)
        if message is not None:
            severity = Severity.ERROR if resolution.status in ERRORS else Severity.WARNING
            self.report(anchor, severity, resolution.status.value, message)
        return anchored

    def describe(self, anchor: Anchor, res: Resolution) -> str | None:
        """The message for a status that needs one (None for exact and disambiguated)."""
        if res.status in (Status.EXACT, Status.DISAMBIGUATED):
            return None
        what = f'{anchor.label} "{shorten(anchor.exact)}"'
        fix = "; update the anchor or run `python build.py fix`"
        if res.status is Status.CONTEXT_CHANGED:
            at = self.where.line_ref(res.spans[0].start)
            return f"{what} found at {at} but its prefix/suffix no longer agree{fix}"
        if res.status is Status.FUZZY:
            at = self.where.line_ref(res.spans[0].start)
            new = shorten(res.suggestion or "", 200)
            return (
                f"{what} matched with {res.edits} edits (budget {res.budget}) at {at}; "
                f'the text now reads "{new}"{fix}'
            )
        if res.status is Status.AMBIGUOUS:
            places = ", ".join(self.where.line_ref(c.span.start) for c in res.candidates)
            hint = f"; {res.hint}" if res.hint else ""
            return f"{what} matches {len(res.candidates)} places ({places}){hint}"
        if res.status is Status.ORPHAN:
            return f"{what} not found{self.closest(anchor, res)}"
        return None

    def closest(self, anchor: Anchor, res: Resolution) -> str:
        if not res.candidates:
            return ""
        best = res.candidates[0]
        at = self.where.line_ref(best.span.start)
        seen = shorten(self.raw[best.span.start : best.span.end])
        if res.budget == 0:
            why = "anchors under 12 characters are never matched fuzzily"
            return f'; closest: {at} "{seen}" ({best.edits} edits; {why})'
        return f'; closest: {at} "{seen}" ({best.edits} edits > budget {res.budget})'

    def report(self, anchor: Anchor, severity: Severity, code: str, message: str) -> None:
        self.problems.append(
            Problem(self.sidecar.rel, anchor.loc.line, anchor.loc.col, severity, code, message)
        )

    def check(
        self,
        regions: Sequence[tuple[Region, Anchored]],
        attributions: Sequence[AnchoredAttribution],
        mentions: Sequence[tuple[str, str, Anchored]],
    ) -> None:
        """Quotation marks, word edges and hidden regions (SPEC §4, further checks)."""
        hidden = [
            (region, span)
            for region, anchored in regions
            if region.render == "hide"
            for span in anchored.spans
        ]
        for attribution in attributions:
            self.check_marks(attribution)
            for _, anchored in attribution.anchored():
                self.check_span(anchored, hidden)
        for _, _, anchored in mentions:
            self.check_span(anchored, hidden)

    def check_marks(self, anchored: AnchoredAttribution) -> None:
        kind = anchored.attribution.kind
        items = [a for a in anchored.content if a.spans and (kind == "direct" or a.anchor.quoted)]
        if kind not in ("direct", "mixed") or not items:
            return
        for index, side in checks.missing_marks(self.raw, [a.spans[0] for a in items]):
            anchor = items[index].anchor
            self.report(
                anchor,
                Severity.WARNING,
                "direct-marks",
                f'{anchor.label} "{shorten(anchor.exact)}" is a verbatim quote with no {side} '
                "quotation mark next to it; the span must be exactly the words between the marks",
            )

    def check_span(self, anchored: Anchored, hidden: Sequence[tuple[Region, Span]]) -> None:
        anchor = anchored.anchor
        for span in anchored.spans:
            edge = checks.cuts_word(self.raw, span)
            if edge is not None:
                self.report(
                    anchor,
                    Severity.WARNING,
                    "word-boundary",
                    f'{anchor.label} "{shorten(anchor.exact)}" {edge}s inside a word at '
                    f"{self.where.line_ref(span.start if edge == 'start' else span.end)}",
                )
            for region, hide in hidden:
                if span.start < hide.end and hide.start < span.end:
                    self.report(
                        anchor,
                        Severity.ERROR,
                        "hidden-region",
                        f'{anchor.label} "{shorten(anchor.exact)}" lies in region '
                        f'"{region.id}", which is hidden (render: hide); readers would not see it',
                    )


def speaker_of(attribution: Attribution, by_id: Mapping[str, Attribution]) -> str | None:
    """The source entity, following ``continues`` when the attribution names none."""
    seen: set[str] = set()
    current: Attribution | None = attribution
    while current is not None and current.id not in seen:
        if current.source.entity or current.source.unattributed:
            return current.source.entity
        seen.add(current.id)
        current = next((by_id[c] for c in current.continues if c in by_id), None)
    return None


def first_start(anchored: AnchoredAttribution) -> int:
    starts = [s.start for _, a in anchored.anchored() for s in a.spans]
    return min(starts, default=1 << 60)


def worst(statuses: Iterator[Status]) -> Status:
    return max(statuses, key=STATUS_ORDER.index, default=Status.EXACT)


def count_statuses(results: Sequence[Anchored]) -> tuple[tuple[str, int], ...]:
    counts = {s.value: 0 for s in Status}
    for anchored in results:
        counts[anchored.resolution.status.value] += 1
    return tuple((k, v) for k, v in counts.items() if v)


def shorten(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- wrappers


@dataclass(frozen=True)
class Highlight:
    """A wrapper in anchor-text offsets, before it is cut per part."""

    span: Span
    rank: int
    tag: str
    attrs: tuple[tuple[str, str], ...]
    key: str
    owner: str | None = None  # attribution id, for id/aria-details on its first wrapper
    aside: bool = False  # a region shown as <aside> in the body instead of a <span>


def highlights_of(
    regions: Sequence[tuple[Region, Anchored]],
    attributions: Sequence[AnchoredAttribution],
    mentions: Sequence[tuple[str, str, Anchored]],
) -> list[Highlight]:
    """Every wrapper the article needs, with the attributes of SPEC §5."""
    out: list[Highlight] = []
    for region, anchored in regions:
        attrs: tuple[tuple[str, str], ...] = (
            ("class", f"an an-region an-role-{region.role}"),
            ("data-an", region.id),
        )
        if region.render == "hide":
            attrs = (*attrs, ("hidden", ""))
        aside = region.render == "aside"
        for i, span in enumerate(anchored.spans):
            key = f"0/{region.id}/{i}"
            out.append(Highlight(span, RANK_REGION, "span", attrs, key, None, aside))
    for anchored_attr in attributions:
        out.extend(attribution_highlights(anchored_attr))
    for mention_id, entity, anchored in mentions:
        mention_attrs = (
            ("class", "an an-mention"),
            ("data-an", mention_id),
            ("data-entity", entity),
        )
        for i, span in enumerate(anchored.spans):
            key = f"3/{mention_id}/{i}"
            out.append(Highlight(span, RANK_MENTION, "span", mention_attrs, key))
    return out


def attribution_highlights(anchored: AnchoredAttribution) -> Iterator[Highlight]:
    attribution = anchored.attribution
    entity = (("data-entity", anchored.entity),) if anchored.entity else ()
    cue = attribution.cue
    addressee_entity = cue.addressee.entity if cue and cue.addressee else None
    roles = {
        "content": ("mark", RANK_CONTENT, f"an an-content an-{attribution.kind}", entity),
        "source": ("span", RANK_ROLE, "an an-source", entity),
        "cue": ("span", RANK_ROLE, "an an-cue", ()),
        "addressee": (
            "span",
            RANK_ROLE,
            "an an-addressee",
            (("data-entity", addressee_entity),) if addressee_entity else (),
        ),
    }
    for i, (role, item) in enumerate(anchored.anchored()):
        tag, rank, cls, extra = roles[role]
        attrs = (("class", cls), ("data-an", attribution.id), *extra)
        for j, span in enumerate(item.spans):
            key = f"{rank}/{attribution.id}/{i}/{j}"
            yield Highlight(span, rank, tag, attrs, key, attribution.id)


def highlight_parts(
    parts: Sequence[Part],
    regions: Sequence[tuple[Region, Anchored]],
    attributions: Sequence[AnchoredAttribution],
    mentions: Sequence[tuple[str, str, Anchored]],
) -> tuple[Part, ...]:
    """Cut the wrappers per part and insert them, with footnote links and asides."""
    wanted = highlights_of(regions, attributions, mentions)
    firsts = first_wrappers(wanted)
    ends = last_ends(attributions)
    numbers = {a.attribution.id: a.number for a in attributions}
    out = []
    for part in parts:
        lo, hi = part.start, part.start + len(part.text)
        wraps = [
            to_wrap(h, lo, hi, firsts)
            for h in wanted
            if h.span.start < hi and lo < h.span.end and not (h.aside and part.name == "body")
        ]
        refs = [
            Ref(end - lo, ref_html(owner, numbers[owner]), owner)
            for owner, end in ends.items()
            if lo < end <= hi
        ]
        asides = [
            Aside(max(s.start, lo) - lo, min(s.end, hi) - lo, aside_attrs(region))
            for region, anchored in regions
            if region.render == "aside" and part.name == "body"
            for s in anchored.spans
            if s.start < hi and lo < s.end
        ]
        html_out = highlight(part.html, wraps, refs, asides)
        out.append(Part(part.name, html_out, part.text, part.start))
    return tuple(out)


def to_wrap(h: Highlight, lo: int, hi: int, firsts: Mapping[str, str]) -> Wrap:
    start, end = max(h.span.start, lo) - lo, min(h.span.end, hi) - lo
    first: tuple[tuple[str, str], ...] = ()
    if h.owner is not None and firsts.get(h.owner) == h.key and h.span.start >= lo:
        first = (("id", f"an-{h.owner}"), ("aria-details", f"an-note-{h.owner}"))
    return Wrap(start, end, h.rank, h.tag, h.attrs, h.key, first)


def first_wrappers(highlights: Sequence[Highlight]) -> dict[str, str]:
    """For each attribution, the key of its wrapper that comes first in document order."""
    firsts: dict[str, Highlight] = {}
    for h in highlights:
        if h.owner is None:
            continue
        best = firsts.get(h.owner)
        if best is None or nesting_key(h) < nesting_key(best):
            firsts[h.owner] = h
    return {owner: h.key for owner, h in firsts.items()}


def nesting_key(h: Highlight) -> tuple[int, int, int, str]:
    return (h.span.start, h.rank, -(h.span.end - h.span.start), h.key)


def last_ends(attributions: Sequence[AnchoredAttribution]) -> dict[str, int]:
    """Where each attribution's footnote link goes: after its last highlighted character."""
    ends = {}
    for anchored in attributions:
        spans = [s.end for _, a in anchored.anchored() for s in a.spans]
        if spans:
            ends[anchored.attribution.id] = max(spans)
    return ends


def ref_html(attribution_id: str, number: int) -> str:
    target = html.escape(f"#an-note-{attribution_id}")
    return f'<a class="an-ref" href="{target}" aria-label="Note {number}">{number}</a>'


def aside_attrs(region: Region) -> tuple[tuple[str, str], ...]:
    return (
        ("class", f"an an-region an-role-{region.role}"),
        ("data-an", region.id),
        ("aria-label", region.role.replace("-", " ")),
    )
