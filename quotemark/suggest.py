"""Draft attributions for an article (``suggest``): the pure core.

Input: the article's anchor text (its rendered parts joined by newlines) and the entities
already known. Output: drafted attributions in anchor-text offsets, and the entities they
need that nobody declared yet. Nothing here reads or writes files.

1. ``direct_drafts``: every quotation (``quotes``) with a cue right after or before it
   (``speech``). A quotation split by its cue ("X," she said, "Y.") or continued over
   paragraphs is one attribution; a sentence that is only a quotation continues the
   previous speaker.
2. ``reported_drafts``: reported speech, sentence by sentence, and headlines; ``mixed``
   when the clause holds quoted words; dropped where it overlaps a direct quote.
3. ``with_speakers``: the entity of each speaker phrase (``speakers``): known, proposed,
   or a pronoun's antecedent.
4. ``attributions_of``: model attributions with minimal anchors (exact, plus a prefix or
   suffix only where the text repeats).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from quotemark import speakers, speech
from quotemark.anchor import AnchorText, resolve
from quotemark.annotate import Part
from quotemark.content import slugify
from quotemark.lexicon import PRONOUNS
from quotemark.model import (
    Addressee,
    Anchor,
    Attribution,
    Cue,
    Entity,
    Loc,
    Source,
    Span,
    Status,
)
from quotemark.quotes import Quote, blocks_of, pair_quotes

GENERATOR = "quotemark-suggest/1"
SECTIONS = {"headline": "headline", "summary": "standfirst", "caption": "caption"}
NOWHERE = Loc(0, 0)
CONTEXT_WORDS = 5
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")


@dataclass(frozen=True)
class Drafted:
    """One drafted attribution, in anchor-text offsets."""

    kind: str  # direct | indirect | mixed
    section: str
    content: tuple[Span, ...]
    confidence: str  # high | medium | low
    cue: Span | None = None
    lemma: str | None = None
    source: Span | None = None
    addressee: Span | None = None
    entity: str | None = None
    addressee_entity: str | None = None
    inherit: bool = False  # no cue: the speaker of the previous quotation
    note: str | None = None


@dataclass(frozen=True)
class Proposal:
    drafts: tuple[Drafted, ...]
    entities: tuple[Entity, ...]  # new entities the drafts refer to


def draft(
    text: str, parts: Sequence[Part], known: Sequence[Entity], taken: Iterable[str] = ()
) -> Proposal:
    """Draft every attribution of an article's anchor text."""
    quotes = pair_quotes(text)
    sections = [(SECTIONS.get(p.name, "body"), Span(p.start, p.start + len(p.text))) for p in parts]
    direct = direct_drafts(text, quotes, sections)
    reported = reported_drafts(text, quotes, sections, direct)
    ordered = sorted([*direct, *reported], key=lambda d: d.content[0].start)
    return with_speakers(text, ordered, known, {*taken, *(e.id for e in known)})


def section_at(sections: Sequence[tuple[str, Span]], offset: int) -> str:
    return next((name for name, s in sections if s.start <= offset <= s.end), "body")


def containing(spans: Sequence[Span], offset: int) -> Span:
    """The span (block or sentence) holding an offset."""
    return next(s for s in spans if s.start <= offset <= s.end)


# ---------------------------------------------------------------- direct quotes


def direct_drafts(
    text: str, quotes: Sequence[Quote], sections: Sequence[tuple[str, Span]]
) -> list[Drafted]:
    """Quotations with their cues; split and continued quotations joined."""
    blocks = blocks_of(text)
    masked = [q.span for q in quotes]
    out: list[Drafted] = []
    for n, quote in enumerate(quotes):
        block = containing(blocks, quote.closing - 1)
        sentence = containing(speech.sentences(text, block, masked), quote.closing - 1)
        following = [q.opening for q in quotes[n + 1 :] if q.opening < block.end]
        after = speech.cue_after(text, quote.closing, min([sentence.end, *following]))
        before = None if after else cue_before(text, quotes[:n], quote, blocks, masked)
        cue = after or before
        section = section_at(sections, quote.opening)
        if out and continues(text, out[-1], quote, cue, before, blocks):
            out[-1] = replace(out[-1], content=(*out[-1].content, *quote.items))
        elif cue is not None:
            out.append(from_cue("direct", section, quote.items, cue))
        elif section == "headline":
            out.extend(headline_quote(text, quote, block))
        elif opens_sentence(text, quote, blocks, masked) and long_enough(text, quote) and out:
            note = "No speech verb found: the speaker is guessed from the previous quote."
            out.append(Drafted("direct", section, quote.items, "low", inherit=True, note=note))
    return out


def cue_before(
    text: str, earlier: Sequence[Quote], quote: Quote, blocks: Sequence[Span], masked: list[Span]
) -> speech.Cue | None:
    """The cue before a quotation, looking no further back than the previous quotation."""
    block = containing(blocks, quote.opening)
    sentence = containing(speech.sentences(text, block, masked), quote.opening)
    start = max([sentence.start, *(q.closing for q in earlier if q.closing <= quote.opening)])
    return speech.cue_before(text, start, quote.opening)


def continues(
    text: str,
    previous: Drafted,
    quote: Quote,
    cue: speech.Cue | None,
    before: speech.Cue | None,
    blocks: Sequence[Span],
) -> bool:
    """Tell whether a quotation goes on with the previous one ("X," she said, "Y.")."""
    if previous.kind != "direct" or previous.cue is None or previous.inherit:
        return False
    last = previous.content[-1]
    if containing(blocks, last.end) != containing(blocks, quote.opening):
        return False
    if not last.end <= previous.cue.start < quote.opening:
        return False
    clause_end = max(previous.cue.end, previous.source.end if previous.source else 0)
    between = text[clause_end : quote.opening].strip()
    if not between or not all(c in ",.;:!?—–-" for c in between):
        return False
    return cue is None or (before is not None and before.span == previous.cue)


def from_cue(kind: str, section: str, content: tuple[Span, ...], cue: speech.Cue) -> Drafted:
    confidence = "high" if cue.source is not None else "medium"
    return Drafted(
        kind, section, content, confidence, cue.span, cue.lemma, cue.source, cue.addressee
    )


def headline_quote(text: str, quote: Quote, block: Span) -> list[Drafted]:
    """``Boss Quits: 'Quote'``: the speaker is the headline's subject before the colon."""
    colon = text.rfind(": ", block.start, quote.opening)
    if colon == -1 or text[colon + 2 : quote.opening].strip():
        return []
    words = text[block.start : colon].split()
    if len(words) >= 2 and words[-1].endswith("s"):
        words = words[:-1]
    phrase = " ".join(words)
    at = text.find(phrase, block.start, colon)
    source = Span(at, at + len(phrase)) if phrase and at != -1 else None
    note = "Headline quotation without a speech verb: check the speaker."
    return [Drafted("direct", "headline", quote.items, "low", source=source, note=note)]


def opens_sentence(text: str, quote: Quote, blocks: Sequence[Span], masked: list[Span]) -> bool:
    """Tell whether a quotation starts its sentence (a free-standing quotation)."""
    block = containing(blocks, quote.opening)
    sentence = containing(speech.sentences(text, block, masked), quote.opening)
    return not text[sentence.start : quote.opening].strip()


def long_enough(text: str, quote: Quote) -> bool:
    """A free-standing quotation of a full sentence, not a quoted phrase."""
    last = quote.items[-1]
    words = sum(len(text[s.start : s.end].split()) for s in quote.items)
    return words >= 4 and text[last.end - 1] in ".?!,"


# ---------------------------------------------------------------- reported speech


def reported_drafts(
    text: str,
    quotes: Sequence[Quote],
    sections: Sequence[tuple[str, Span]],
    direct: Sequence[Drafted],
) -> list[Drafted]:
    """Reported speech and headlines that no direct quote already covers."""
    masked = [q.span for q in quotes]
    taken = [s for d in direct for s in d.content]
    cues = [d.cue for d in direct if d.cue]
    out = []
    for block in blocks_of(text):
        section = section_at(sections, block.start)
        if not text[block.start : block.end].strip():
            continue
        if section == "headline" or speech.headline_like(text, block):
            found = [speech.headline_in(text, block)]
        else:
            found = [
                speech.reported_in(text, s, masked) for s in speech.sentences(text, block, masked)
            ]
        for reported in found:
            if reported is None or any(overlaps(reported.content, t) for t in taken):
                continue
            if overlaps(reported.cue.span, reported.content) or reported.cue.span in cues:
                continue
            kind = "mixed" if any(within(q.span, reported.content) for q in quotes) else "indirect"
            out.append(from_cue(kind, section, (reported.content,), reported.cue))
    return out


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


# ---------------------------------------------------------------- speakers


def with_speakers(
    text: str, drafts: Sequence[Drafted], known: Sequence[Entity], taken: set[str]
) -> Proposal:
    """Give every draft its entity: known, proposed, or found for a pronoun."""
    proposed: dict[str, Entity] = {}
    named: list[Drafted] = []
    for item in drafts:
        mention = text[item.source.start : item.source.end] if item.source else ""
        if not mention or mention.lower() in PRONOUNS:
            named.append(item)
            continue
        entity = speakers.match(mention, [*known, *proposed.values()])
        if entity is None:
            entity = speakers.propose(mention, {*taken, *proposed})
        elif entity.id in proposed:
            entity = speakers.with_alias(entity, mention)
        if entity.id in proposed or entity not in known:
            proposed[entity.id] = entity
        named.append(replace(item, entity=entity.id))
    everyone = [*known, *proposed.values()]
    resolved = resolve_references(text, named, everyone)
    used = {d.entity for d in resolved} | {d.addressee_entity for d in resolved}
    return Proposal(tuple(resolved), tuple(e for e in proposed.values() if e.id in used))


def resolve_references(
    text: str, drafts: Sequence[Drafted], everyone: Sequence[Entity]
) -> list[Drafted]:
    """Pronouns to their antecedents, free-standing quotes to the previous speaker."""
    occurrences = speakers.occurrences(text, everyone)
    quoted = [s for d in drafts if d.kind == "direct" for s in d.content]
    out: list[Drafted] = []
    for item in drafts:
        entity = item.entity
        if item.source is not None and entity is None:
            pronoun = text[item.source.start : item.source.end]
            found = speakers.antecedent(text, item.source.start, pronoun, occurrences, quoted)
            entity = found.id if found else previous_speaker(out)
        elif item.inherit:
            entity = previous_speaker([d for d in out if d.kind == "direct"])
        addressee = None
        if item.addressee is not None:
            match = speakers.match(text[item.addressee.start : item.addressee.end], everyone)
            addressee = match.id if match else None
        out.append(replace(item, entity=entity, addressee_entity=addressee))
    return out


def previous_speaker(drafts: Sequence[Drafted]) -> str | None:
    return next((d.entity for d in reversed(drafts) if d.entity), None)


# ---------------------------------------------------------------- model attributions


def attributions_of(
    drafts: Sequence[Drafted], text: AnchorText, taken: Iterable[str]
) -> tuple[Attribution, ...]:
    """Model attributions (with fresh ids and minimal anchors) for the drafts."""
    used = set(taken)
    out = []
    for n, item in enumerate(drafts, 1):
        ident = fresh_id(text.text, item, n, used)
        used.add(ident)
        out.append(attribution_of(item, text, ident))
    return tuple(out)


def fresh_id(text: str, item: Drafted, n: int, used: set[str]) -> str:
    first = item.content[0]
    words = slugify(" ".join(text[first.start : first.end].split()[:4]))[:40].strip("-")
    base = f"s{n:02d}-{words}" if words else f"s{n:02d}"
    ident, k = base, 2
    while ident in used:
        ident, k = f"{base}-{k}", k + 1
    return ident


def attribution_of(item: Drafted, text: AnchorText, ident: str) -> Attribution:
    label = f"attributions[{ident}]"
    mention = minimal_anchor(text, item.source, f"{label}.source.mention") if item.source else None
    if item.entity is None:
        source = Source(NOWHERE, unattributed=True)
    else:
        source = Source(NOWHERE, entity=item.entity, mention=mention)
    return Attribution(
        id=ident,
        kind=item.kind,
        source=source,
        content=tuple(
            minimal_anchor(text, s, f"{label}.content[{i}]") for i, s in enumerate(item.content)
        ),
        loc=NOWHERE,
        cue=cue_of(item, text, label),
        section=item.section,
        confidence=item.confidence if item.entity else "low",
        note=item.note if item.entity or item.note else "No speaker found: check the source.",
        generator=GENERATOR,
        reviewed=False,
    )


def cue_of(item: Drafted, text: AnchorText, label: str) -> Cue | None:
    if item.cue is None:
        return None
    addressee = None
    if item.addressee is not None and item.addressee_entity is not None:
        mention = minimal_anchor(text, item.addressee, f"{label}.cue.addressee.mention")
        addressee = Addressee(NOWHERE, entity=item.addressee_entity, mention=mention)
    anchor = minimal_anchor(text, item.cue, f"{label}.cue.anchor")
    return Cue(NOWHERE, anchor=anchor, lemma=item.lemma, addressee=addressee)


def minimal_anchor(text: AnchorText, span: Span, label: str) -> Anchor:
    """An anchor for span: exact alone if unique, else with the shortest prefix/suffix."""
    exact = plain(text.text[span.start : span.end])
    for prefix, suffix in contexts(text.text, span):
        anchor = Anchor(exact, NOWHERE, label, prefix=prefix, suffix=suffix)
        if lands(text, anchor, span):
            return anchor
    for occurrence in range(1, text.text.count(exact) + 2):
        anchor = Anchor(exact, NOWHERE, label, occurrence=occurrence)
        if lands(text, anchor, span):
            return anchor
    return Anchor(exact, NOWHERE, label)


def lands(text: AnchorText, anchor: Anchor, span: Span) -> bool:
    """Tell whether an anchor resolves cleanly to exactly the span."""
    found = resolve(text, anchor)
    clean = found.status in (Status.EXACT, Status.DISAMBIGUATED)
    return clean and found.spans == (span,)


def contexts(text: str, span: Span) -> list[tuple[str | None, str | None]]:
    """Prefix/suffix pairs to try, shortest first: none, suffixes, prefixes, both."""
    suffixes = [plain(text[span.end : e]) for e in word_ends(text, span.end)]
    prefixes = [plain(text[s : span.start]) for s in word_starts(text, span.start)]
    both = sorted(
        ((p, s) for p in prefixes for s in suffixes), key=lambda ps: len(ps[0]) + len(ps[1])
    )
    pairs: list[tuple[str | None, str | None]] = [(None, None)]
    pairs += [(None, s) for s in suffixes] + [(p, None) for p in prefixes]
    pairs += [(p, s) for p, s in both]
    return pairs


def word_ends(text: str, end: int) -> list[int]:
    """Ends of the next few words after end (the punctuation glued to them included)."""
    out = []
    for m in re.finditer(r"\s*\S+", text[end:]):
        out.append(end + m.end())
        if len(out) == CONTEXT_WORDS:
            break
    return out


def word_starts(text: str, start: int) -> list[int]:
    """Starts of the previous few words before start."""
    out = []
    for m in re.finditer(r"\S+\s*", text[:start][::-1]):
        out.append(start - m.end())
        if len(out) == CONTEXT_WORDS:
            break
    return out


def plain(text: str) -> str:
    """Text as an anchor writes it: no invisible characters, whitespace runs as one space."""
    return re.sub(r"\s+", " ", INVISIBLE.sub("", text))
