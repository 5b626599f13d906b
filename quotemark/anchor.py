"""Resolve text-quote anchors against an article's anchor text (SPEC §4).

Both sides are normalised (``normalize``); every span returned is in original code points
of the anchor text. The decision, in order:

| situation | status |
|---|---|
| ``all: true`` | every match: ``exact`` (``orphan`` if none; context unchecked) |
| one match | ``exact`` if prefix/suffix agree (or none given), else ``context-changed`` |
| several, ``occurrence`` valid | that one: ``disambiguated``, or ``context-changed`` |
| several, exactly one agrees | ``disambiguated`` |
| several agree | ``position`` picks one: ``disambiguated``, else ``ambiguous`` |
| none agrees | ``position`` picks one: ``context-changed``, else ``ambiguous`` |
| no match, exact >= 12 | fuzzy: candidates within 20% edits, scored as in Hypothesis |
| otherwise | ``orphan`` with the closest match at any edit count |

Context: the prefix agrees when the normalised text just before the match ends with the
normalised prefix (the suffix likewise after it). The start and the end of the anchor text
count as one space, like a block boundary. An ``occurrence`` outside 1..matches is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from quotemark import approx
from quotemark.model import Anchor, Candidate, Position, Resolution, Span, Status
from quotemark.normalize import Normalized, normalize, normalize_map

FUZZY_MIN_LENGTH = 12  # shorter anchors never match fuzzily (normalised code points)
FUZZY_BUDGET_DIVISOR = 5  # error budget: 20% of the normalised exact, rounded down
QUOTE_WEIGHT = 50.0  # score weights, as in the Hypothesis client's match-quote
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
FUZZY_MIN_CONTEXT = 0.5  # mean prefix/suffix similarity a fuzzy candidate needs
FUZZY_MARGIN = 5.0  # points the best fuzzy candidate must lead the runner-up by
POSITION_TOLERANCE = 16  # code points a position hint may be off and still pick a match
HINT_MAX_LENGTH = 80  # longest context a hint proposes (normalised code points)
HINT_WORD_SLACK = 24  # how far a hint may grow to end at a word boundary
SNAP_LIMIT = 24  # how far a fuzzy match may widen to end on a word boundary

Hit = tuple[int, int]  # a half-open range of the normalised text


@dataclass(frozen=True)
class AnchorText:
    """An article's anchor text (headline, summary, caption, blocks joined by newlines)."""

    text: str
    norm: Normalized = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "norm", normalize_map(self.text))

    def span(self, hit: Hit) -> Span:
        """Return the original span of a normalised range."""
        return Span(*self.norm.to_original(*hit))

    def original(self, hit: Hit) -> str:
        """Return the original text of a normalised range."""
        start, end = self.norm.to_original(*hit)
        return self.text[start:end]


@dataclass(frozen=True)
class _Query:
    """An anchor's exact, prefix and suffix, normalised ("" when not given)."""

    exact: str
    prefix: str
    suffix: str

    @classmethod
    def of(cls, anchor: Anchor) -> _Query:
        """Normalise the text fields of an anchor."""
        return cls(
            normalize(anchor.exact), normalize(anchor.prefix or ""), normalize(anchor.suffix or "")
        )

    def agrees(self, text: str, hit: Hit) -> bool:
        """Tell whether the prefix and the suffix agree with the text around hit."""
        before = _before_agrees(text, hit[0], self.prefix)
        return before and _after_agrees(text, hit[1], self.suffix)


def resolve(text: AnchorText, anchor: Anchor, scope: Span | None = None) -> Resolution:
    """Find where an anchor points in the anchor text, optionally only inside scope."""
    query = _Query.of(anchor)
    if not query.exact:
        return Resolution(Status.ORPHAN)
    lo, hi = text.norm.to_normalized(*_scope_of(text, scope))
    hits = _find_all(text.norm.text, query.exact, lo, hi)
    if anchor.all and hits:
        spans = tuple(text.span(h) for h in hits)
        return Resolution(Status.EXACT, spans=spans, candidates=tuple(map(Candidate, spans)))
    if anchor.all or not hits:
        return _resolve_missing(text, anchor, query, (lo, hi), fuzzy=not anchor.all)
    if len(hits) == 1:
        span = text.span(hits[0])
        status = Status.EXACT if query.agrees(text.norm.text, hits[0]) else Status.CONTEXT_CHANGED
        return Resolution(status, spans=(span,), candidates=(Candidate(span),))
    return _resolve_several(text, anchor, query, hits)


def _scope_of(text: AnchorText, scope: Span | None) -> tuple[int, int]:
    """Return the original range searched: scope, or the whole text."""
    return (0, len(text.text)) if scope is None else (scope.start, scope.end)


def _find_all(text: str, exact: str, lo: int, hi: int) -> list[Hit]:
    """Return every (overlapping) occurrence of exact inside text[lo:hi], in order."""
    hits: list[Hit] = []
    k = text.find(exact, lo, hi)
    while k != -1:
        hits.append((k, k + len(exact)))
        k = text.find(exact, k + 1, hi)
    return hits


def _before_agrees(text: str, a: int, prefix: str) -> bool:
    """Tell whether text[:a] ends with prefix (the text's start counting as a space)."""
    chunk = text[max(0, a - len(prefix)) : a]
    if chunk == prefix:
        return True
    return a < len(prefix) and not chunk.startswith(" ") and (" " + chunk).endswith(prefix)


def _after_agrees(text: str, b: int, suffix: str) -> bool:
    """Tell whether text[b:] starts with suffix (the text's end counting as a space)."""
    chunk = text[b : b + len(suffix)]
    if chunk == suffix:
        return True
    short = len(text) - b < len(suffix)
    return short and not chunk.endswith(" ") and (chunk + " ").startswith(suffix)


def _resolve_several(
    text: AnchorText, anchor: Anchor, query: _Query, hits: list[Hit]
) -> Resolution:
    """Choose among several exact matches by occurrence, context, then position."""
    spans = [text.span(h) for h in hits]
    considered = tuple(map(Candidate, spans))
    agrees = [query.agrees(text.norm.text, h) for h in hits]
    occurrence = anchor.occurrence
    if occurrence is not None and 1 <= occurrence <= len(hits):
        k = occurrence - 1
        status = Status.DISAMBIGUATED if agrees[k] else Status.CONTEXT_CHANGED
        return Resolution(status, spans=(spans[k],), candidates=considered)
    agreeing = [k for k in range(len(hits)) if agrees[k]]
    if len(agreeing) == 1:
        return Resolution(Status.DISAMBIGUATED, spans=(spans[agreeing[0]],), candidates=considered)
    pool = agreeing or list(range(len(hits)))
    pick = _pick_by_position([spans[k] for k in pool], anchor.position)
    if pick is not None:
        status = Status.DISAMBIGUATED if agreeing else Status.CONTEXT_CHANGED
        return Resolution(status, spans=(spans[pool[pick]],), candidates=considered)
    hint = _separating_hint(text, [hits[k] for k in pool], occurrence=pool[0] + 1)
    return Resolution(Status.AMBIGUOUS, candidates=tuple(considered[k] for k in pool), hint=hint)


def _pick_by_position(spans: Sequence[Span], position: Position | None) -> int | None:
    """Return the index of the one span nearest the position hint, if near enough."""
    if position is None or not spans:
        return None
    ranked = sorted((abs(s.start - position.start), k) for k, s in enumerate(spans))
    distance, k = ranked[0]
    if distance > POSITION_TOLERANCE or (len(ranked) > 1 and ranked[1][0] == distance):
        return None
    return k


def _separating_hint(text: AnchorText, hits: Sequence[Hit], occurrence: int) -> str:
    """Say the shortest prefix or suffix that singles out the first hit among hits."""
    target, others = hits[0], hits[1:]
    suffix = _separating_suffix(text.norm.text, target, others)
    prefix = _separating_prefix(text.norm.text, target, others)
    if suffix is not None and (prefix is None or suffix[1] - suffix[0] <= prefix[1] - prefix[0]):
        return f"add suffix: {_quote(text.original(suffix))}"
    if prefix is not None:
        return f"add prefix: {_quote(text.original(prefix))}"
    return f"add occurrence: {occurrence}"


def _separating_suffix(text: str, target: Hit, others: Sequence[Hit]) -> Hit | None:
    """Return the shortest text after target, ending at a word end, that no other hit has."""
    b = target[1]
    for length in range(1, min(HINT_MAX_LENGTH, len(text) - b) + 1):
        suffix = text[b : b + length]
        if not any(_after_agrees(text, other[1], suffix) for other in others):
            end = b + length
            limit = min(len(text), end + HINT_WORD_SLACK)
            while end < limit and (text[end] != " " or not text[b:end].strip()):
                end += 1
            return b, end
    return None


def _separating_prefix(text: str, target: Hit, others: Sequence[Hit]) -> Hit | None:
    """Return the shortest text before target, starting at a word start, that no other hit has."""
    a = target[0]
    for length in range(1, min(HINT_MAX_LENGTH, a) + 1):
        prefix = text[a - length : a]
        if not any(_before_agrees(text, other[0], prefix) for other in others):
            start = a - length
            limit = max(0, start - HINT_WORD_SLACK)
            while start > limit and (text[start - 1] != " " or not text[start:a].strip()):
                start -= 1
            return start, a
    return None


def _quote(context: str) -> str:
    """Quote a hint's context as a JSON string, whitespace runs shown as one space."""
    return json.dumps(_collapse_spaces(context), ensure_ascii=False)


def _collapse_spaces(s: str) -> str:
    """Replace every whitespace run in s with one space."""
    out: list[str] = []
    for c in s:
        if not c.isspace():
            out.append(c)
        elif not out or out[-1] != " ":
            out.append(" ")
    return "".join(out)


# ---------------------------------------------------------------- no exact match


@dataclass(frozen=True, order=True)
class _Scored:
    """A fuzzy candidate with its Hypothesis-style score (higher is better)."""

    score: float
    hit: Hit
    errors: int
    context_ok: bool


def _resolve_missing(
    text: AnchorText, anchor: Anchor, query: _Query, scope: Hit, fuzzy: bool
) -> Resolution:
    """Resolve an anchor whose exact text is nowhere: fuzzy if allowed and long, else orphan."""
    lo, hi = scope
    budget = 0
    if fuzzy and len(query.exact) >= FUZZY_MIN_LENGTH:
        budget = len(query.exact) // FUZZY_BUDGET_DIVISOR
        found = approx.search(text.norm.text[lo:hi], query.exact, budget)
        scored = [_score(text, anchor, query, (m.start + lo, m.end + lo), m.errors) for m in found]
        if scored:
            judged = _judge(text, scored, budget, query.exact)
            if judged is not None:
                return judged
    return _orphan(text, query, scope, budget)


def _score(text: AnchorText, anchor: Anchor, query: _Query, hit: Hit, errors: int) -> _Scored:
    """Score a fuzzy candidate: quote 50, prefix 20, suffix 20, position 2 (missing = full)."""
    norm = text.norm.text
    a, b = hit
    prefix = _similarity(query.prefix, norm[max(0, a - len(query.prefix)) : a])
    suffix = _similarity(query.suffix, norm[b : b + len(query.suffix)])
    given = [sim for sim, ctx in ((prefix, query.prefix), (suffix, query.suffix)) if ctx]
    position = 1.0
    if anchor.position is not None:
        offset = abs(text.span(hit).start - anchor.position.start)
        position = max(0.0, 1.0 - offset / max(1, len(text.text)))
    total = (
        QUOTE_WEIGHT * (1.0 - errors / len(query.exact))
        + PREFIX_WEIGHT * prefix
        + SUFFIX_WEIGHT * suffix
        + POSITION_WEIGHT * position
    )
    context_ok = not given or sum(given) / len(given) >= FUZZY_MIN_CONTEXT
    return _Scored(total, hit, errors, context_ok)


def _similarity(expected: str, found: str) -> float:
    """Return 1 - edits/len(expected), at least 0 (1 when nothing is expected)."""
    if not expected:
        return 1.0
    return max(0.0, 1.0 - approx.distance(expected, found) / len(expected))


def _judge(text: AnchorText, scored: list[_Scored], budget: int, exact: str) -> Resolution | None:
    """Accept the best fuzzy candidate, call it ambiguous, or reject it (None)."""
    ranked = sorted(scored, key=lambda s: (-s.score, s.hit))
    top = ranked[0]
    if not top.context_ok:
        return None
    rivals = [s for s in ranked[1:] if top.score - s.score < FUZZY_MARGIN]
    if rivals:
        close = sorted([top, *rivals], key=lambda s: s.hit)
        hint = _separating_hint(text, [s.hit for s in close], occurrence=1)
        candidates = tuple(Candidate(text.span(s.hit), s.errors) for s in close)
        return Resolution(Status.AMBIGUOUS, candidates=candidates, budget=budget, hint=hint)
    hit = _snap_to_words(text.norm.text, top.hit, exact)
    edits = (
        approx.distance(exact, text.norm.text[hit[0] : hit[1]]) if hit != top.hit else top.errors
    )
    span = text.span(hit)
    return Resolution(
        Status.FUZZY,
        spans=(span,),
        candidates=(Candidate(span, edits),),
        edits=edits,
        budget=budget,
        suggestion=text.text[span.start : span.end],
    )


def _snap_to_words(norm: str, hit: Hit, exact: str) -> Hit:
    """Widen a fuzzy match that cuts a word where the annotated exact did not.

    An edited word at an edge ("then" -> "now") can make the cheapest alignment stop
    inside the new word; the highlight and any rewritten anchor should hold whole words.
    """
    a, b = hit
    if exact[:1].isalnum():
        while a > 0 and hit[0] - a < SNAP_LIMIT and norm[a - 1].isalnum() and norm[a].isalnum():
            a -= 1
    if exact[-1:].isalnum():
        while (
            b < len(norm)
            and b - hit[1] < SNAP_LIMIT
            and norm[b - 1].isalnum()
            and norm[b].isalnum()
        ):
            b += 1
    return a, b


def _orphan(text: AnchorText, query: _Query, scope: Hit, budget: int) -> Resolution:
    """Report an orphan with the closest match inside scope at any edit count."""
    lo, hi = scope
    closest = approx.best(text.norm.text[lo:hi], query.exact)
    if closest is None:
        return Resolution(Status.ORPHAN, budget=budget)
    span = text.span((closest.start + lo, closest.end + lo))
    return Resolution(
        Status.ORPHAN,
        candidates=(Candidate(span, closest.errors),),
        edits=closest.errors,
        budget=budget,
    )
