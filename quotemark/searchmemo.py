"""The search index in pieces, patched instead of remade when few articles change.

The build cache keeps a ``SearchMemo`` between builds (``serve`` in memory; the cache
file without the shard scripts, which are made again from the pieces). The memo holds
the index in encoded pieces: each token's postings as an array of ``article id * 2 +
flag`` with their JSON text, each article record's JSON, the tokens grouped by shard key
with their sizes, and each shard script. When a build replaces a few articles in place
(same order, same entities), only the tokens those articles gained, lost or re-flagged
are encoded again, and only the shards holding them are dumped again. Anything else (an
article added or removed, an entity renamed, many articles changed) remakes the pieces
whole. Either way the scripts are exactly those ``search.index_outputs`` makes (the
format is described in quotemark.search).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quotemark.cards import place
from quotemark.model import Entity
from quotemark.output import Output
from quotemark.search import (
    INDEX,
    VERSION,
    article_tokens,
    collect,
    doc_of,
    dump,
    entity_row,
    flagged_tokens,
    index_outputs,
    js_order,
    key_of,
    name_tokens,
    pack,
    part_text,
    script,
    shard_path,
)
from quotemark.summary import Summary
from quotemark.words import STOPWORDS


class SearchMemo:
    """What the last index was made from, and its encoded pieces."""

    def __init__(self) -> None:
        self.pieces: Pieces | None = None

    def index(
        self,
        articles: Sequence[Summary],
        entities: Mapping[str, Entity],
        limits: tuple[int, int],
    ) -> list[Output]:
        """The index scripts, patched from the last ones when only a few articles changed.

        ``limits``: the shard sizes (``search.SHARD_BYTES``, ``search.DOC_BYTES``).
        """
        pieces, self.pieces = self.pieces, None  # forgotten unless this call completes
        changes = patch(pieces, articles, entities, limits) if pieces is not None else None
        if pieces is None or changes is None:
            pieces = Pieces(place(articles), entities, limits)
            changes = Changes(frozenset(), frozenset())
        outputs = pieces.outputs(changes)
        self.pieces = pieces
        return outputs


@dataclass(frozen=True)
class Changes:
    """What an update touched: shard keys of tokens whose postings changed, article ids."""

    keys: frozenset[str]
    docs: frozenset[int]


def patch(
    pieces: Pieces,
    articles: Sequence[Summary],
    entities: Mapping[str, Entity],
    limits: tuple[int, int],
) -> Changes | None:
    """Patch the pieces for articles replaced in place; None when they must be remade."""
    ordered = place(articles)
    if (limits, len(ordered), dict(entities)) != (
        pieces.limits,
        len(pieces.ordered),
        pieces.entities,
    ):
        return None
    pairs = [
        (n, old, new)
        for n, (old, new) in enumerate(zip(pieces.ordered, ordered, strict=True))
        if old is not new and old != new
    ]
    if len(pairs) > max(64, len(ordered) // 8) or not pieces.recount(pairs):
        return None
    touched: set[str] = set()
    for n, old, new in pairs:
        touched |= pieces.replace(n, old, new)
    pieces.ordered = ordered
    return Changes(pieces.recode(touched), frozenset(n for n, _, _ in pairs))


def spans(weights: Sequence[int], limit: int) -> list[tuple[int, int]]:
    """How ``pack`` shards items of these weights, one a group: first and last of each."""
    starts: list[int] = []
    size = limit
    for n, weight in enumerate(weights):
        if size + weight > limit:
            starts.append(n)
            size = 0
        size += weight
    return list(zip(starts, [s - 1 for s in starts[1:]] + [len(weights) - 1], strict=False))


def speakers_in(article: Summary) -> set[str]:
    """The entities an article quotes."""
    return {a.entity for a in article.said if a.entity}


def encode_values(values: Sequence[int]) -> list[int]:
    """Delta-encode postings held as ``article id * 2 + flag`` (as ``encode`` does)."""
    return [v - (p & -2) for p, v in zip([0, *values], values, strict=False)]


class Pieces:
    """The index in encoded pieces, patched in place when articles are replaced.

    A token's postings are an array of ``article id * 2 + flag``, sorted; its encoded
    postings, each article record and each shard script are kept dumped, so an update
    re-encodes only the tokens it touches and re-dumps only the shards holding them.
    """

    def __init__(
        self, ordered: list[Summary], entities: Mapping[str, Entity], limits: tuple[int, int]
    ) -> None:
        """The pieces of the index of articles placed newest first (as ``collect`` sees them)."""
        self.limits, self.entities, self.ordered = limits, dict(entities), ordered
        self.speakers = Counter(e for article in ordered for e in speakers_in(article))
        ids = sorted({*entities, *self.speakers})
        self.numbers = {entity_id: n for n, entity_id in enumerate(ids)}
        self.table = tuple(entity_row(entity_id, entities.get(entity_id)) for entity_id in ids)
        self.records = [dump(doc_of(article, self.numbers).record()) for article in ordered]
        self.named: dict[str, tuple[str, ...]] = {}
        found: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
        for n, article in enumerate(ordered):
            flagged = self.flagged(article)
            for token in article.words.split():  # each once; the flagged ones after
                if token not in flagged:
                    found[token].append(n * 2)
            for token in flagged:
                found[token].append(n * 2 + 1)
        self.postings = {token: found[token] for token in sorted(found, key=js_order)}
        self.texts = {t: dump(encode_values(p)) for t, p in self.postings.items()}
        self.weights = {t: len(dump(t)) + len(text) + 2 for t, text in self.texts.items()}
        self.groups: defaultdict[str, list[str]] = defaultdict(list)
        for token in self.postings:
            self.groups[key_of(token)].append(token)
        self.keys = list(self.groups)  # in JavaScript string order, as the tokens
        self.sizes = {k: sum(self.weights[t] for t in ts) for k, ts in self.groups.items()}
        self.shards: dict[str, tuple[object, Output]] = {}  # path -> what it holds, script

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the shard scripts (the build cache): they are made again."""
        return {**self.__dict__, "shards": {}}

    def recount(self, pairs: Sequence[tuple[int, Summary, Summary]]) -> bool:
        """Count the speakers after the replacements; False if the entity table changes."""
        counts = self.speakers.copy()
        for _, old, new in pairs:
            counts.subtract(speakers_in(old))
            counts.update(speakers_in(new))
        counts = +counts
        if {*self.entities, *counts} != self.numbers.keys():
            return False
        self.speakers = counts
        return True

    def tokens_of(self, article: Summary) -> dict[str, bool]:
        """The article's tokens and flags (``article_tokens``)."""
        self.learn(article)
        return article_tokens(article, self.named)

    def flagged(self, article: Summary) -> set[str]:
        """The article's flagged tokens (``flagged_tokens``)."""
        self.learn(article)
        return flagged_tokens(article, self.named)

    def learn(self, article: Summary) -> None:
        """Note the name tokens of the article's speakers not seen yet."""
        for e in speakers_in(article) - self.named.keys():
            self.named[e] = name_tokens(self.entities.get(e))

    def replace(self, n: int, old: Summary, new: Summary) -> set[str]:
        """Put ``new`` in place of ``old`` as article ``n``; the tokens whose postings changed."""
        before, after = self.tokens_of(old), self.tokens_of(new)
        gone = [t for t, flag in before.items() if after.get(t) != flag]
        came = [t for t, flag in after.items() if before.get(t) != flag]
        for token in gone:
            postings = self.postings[token]
            del postings[bisect_left(postings, n * 2 + before[token])]
        for token in came:
            if token not in self.postings:
                self.file(token)
            insort(self.postings[token], n * 2 + after[token])
        self.records[n] = dump(doc_of(new, self.numbers).record())
        return {*gone, *came}

    def file(self, token: str) -> None:
        """Add a new token, with no postings yet, to its group."""
        key = key_of(token)
        if key not in self.sizes:
            insort(self.keys, key, key=js_order)
            self.sizes[key] = 0
        insort(self.groups[key], token, key=js_order)
        self.postings[token] = array("i")

    def recode(self, touched: Iterable[str]) -> frozenset[str]:
        """Encode the touched tokens' postings again (drop those left with none); their keys."""
        keys = set()
        for token in touched:
            key = key_of(token)
            keys.add(key)
            self.sizes[key] -= self.weights.pop(token, 0)
            if self.postings[token]:
                self.texts[token] = dump(encode_values(self.postings[token]))
                self.weights[token] = len(dump(token)) + len(self.texts[token]) + 2
                self.sizes[key] += self.weights[token]
            else:
                self.drop(token)
        return frozenset(keys)

    def drop(self, token: str) -> None:
        """Forget a token that no article has any more."""
        key = key_of(token)
        del self.postings[token]
        self.texts.pop(token, None)
        group = self.groups[key]
        del group[bisect_left(group, js_order(token), key=js_order)]
        if not group:
            del self.groups[key], self.sizes[key]
            self.keys.remove(key)

    def outputs(self, changes: Changes) -> list[Output]:
        """The index scripts, reusing the last ones of every shard the changes left alone."""
        shard_bytes, doc_bytes = self.limits
        if sum(self.sizes.values()) + sum(map(len, self.records)) <= shard_bytes + 16:
            self.shards = {}  # small: made whole, as without a memo
            return index_outputs(collect(self.ordered, self.entities), shard_bytes, doc_bytes)
        term_shards = pack((([k], self.sizes[k]) for k in self.keys), shard_bytes)
        doc_shards = spans([len(r) for r in self.records], doc_bytes)
        shards: dict[str, tuple[object, Output]] = {}
        for number, keys in enumerate(term_shards, 1):
            held = tuple(keys)
            fresh = changes.keys.isdisjoint(held)
            shards[shard_path(number)] = self.reuse(number, held, fresh) or (
                held,
                Output(shard_path(number), part_text(number, self.terms_text(held))),
            )
        for number, span in enumerate(doc_shards, len(term_shards) + 1):
            fresh = not any(span[0] <= n <= span[1] for n in changes.docs)
            shards[shard_path(number)] = self.reuse(number, span, fresh) or (
                span,
                Output(shard_path(number), part_text(number, self.docs_text(*span))),
            )
        self.shards = shards
        manifest = self.manifest(term_shards, doc_shards)
        return [Output(INDEX, script(manifest)), *(output for _, output in shards.values())]

    def reuse(self, number: int, held: object, fresh: bool) -> tuple[object, Output] | None:
        """The last script of shard ``number`` if it held the same and nothing in it changed."""
        last = self.shards.get(shard_path(number))
        return last if fresh and last is not None and last[0] == held else None

    def terms_text(self, keys: Iterable[str]) -> str:
        """A term shard's JSON (``dump(terms_of(...))``) from the dumped postings."""
        words = [word for key in keys for word in self.groups[key]]
        return '{"p":[' + ",".join(self.texts[w] for w in words) + '],"t":' + dump(words) + "}"

    def docs_text(self, first: int, last: int) -> str:
        """An article shard's JSON from the dumped records."""
        return '{"docs":[' + ",".join(self.records[first : last + 1]) + "]}"

    def manifest(self, term_shards: list[list[str]], doc_shards: list[tuple[int, int]]) -> object:
        """The manifest of a sharded index."""
        starts = [[first, n] for n, (first, _) in enumerate(doc_shards, len(term_shards) + 1)]
        return {
            "version": VERSION,
            "count": len(self.records),
            "stop": list(STOPWORDS),
            "entities": [list(row) for row in self.table],
            "terms": None,
            "docs": None,
            "termShards": {k: n for n, keys in enumerate(term_shards, 1) for k in keys},
            "docShards": starts,
            "parts": {},
        }
