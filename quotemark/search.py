"""Full-text search that works from file://: a compact index shipped as classic scripts.

``assets/search-index.js`` defines one global, ``window.QUOTEMARK_SEARCH``. A small
archive gets everything in that one file. A large one gets a manifest there, and
its data split in shards ``assets/search-index-<n>.js`` that ``search.js`` loads on
demand with inserted ``<script src>`` elements (no fetch, modules or workers). Each
shard only adds ``parts[<n>]`` to the global.

| manifest key | what                                                               |
|--------------|--------------------------------------------------------------------|
| `version`    | format version (1)                                                 |
| `count`      | number of articles; article ids are 0 … count-1, newest first      |
| `stop`       | stop words, dropped from the index and from queries                |
| `entities`   | `[id, name, tokens]` sorted by id (tokens: name and aliases, folded) |
| `terms`      | inline term table `{t: tokens, p: postings}`, or null when sharded  |
| `docs`       | inline article records, or null when sharded                       |
| `termShards` | 2-character token key -> shard number of its term table            |
| `docShards`  | `[first article id, shard number]` of each article shard, in order  |
| `parts`      | `{}`: loaded shards land here                                      |

A term table lists tokens sorted by UTF-16 code units (JavaScript's string order)
with postings: article ids delta-encoded, each value ``gap * 2 + flag`` where the
flag says the token is in the title or names one of the article's speakers. An
article record is ``[title, date, date_iso, href, quotes]``, a quote
``[attribution id, entity index or -1, kind, text]``. Tokens: lower case, NFKD,
marks and format characters (soft hyphen, zero-width space) removed, runs of letters
and digits of two or more characters.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeVar

import jinja2

from quotemark.cards import place, site_info
from quotemark.model import Entity, Settings
from quotemark.output import Output
from quotemark.pages import SiteInfo
from quotemark.summary import Summary
from quotemark.words import STOPWORDS, tokens

if TYPE_CHECKING:  # the memo is made from this module's pieces
    from quotemark.searchmemo import SearchMemo

INDEX = "assets/search-index.js"
GLOBAL = "QUOTEMARK_SEARCH"
VERSION = 1
SHARD_BYTES = 200_000  # the index is split above this; a term shard holds about this much
DOC_BYTES = 50_000  # an article shard holds about this much

T = TypeVar("T")
Quote = tuple[str, int, str, str]  # attribution id, entity index (-1: none), kind, text
Posting = tuple[int, bool]  # article id, token in the title or a speaker's name


@dataclass(frozen=True)
class SearchPage:
    """The search page: the fields base.html uses."""

    kind: ClassVar[str] = "search"
    path: str
    root: str
    site: SiteInfo


@dataclass(frozen=True)
class Doc:
    """An article as a search result shows it."""

    title: str
    date: str
    date_iso: str
    href: str
    quotes: tuple[Quote, ...]

    def record(self) -> list[object]:
        return [self.title, self.date, self.date_iso, self.href, [list(q) for q in self.quotes]]


@dataclass(frozen=True)
class Corpus:
    """What the index holds, before it is encoded."""

    docs: tuple[Doc, ...]  # newest first
    entities: tuple[tuple[str, str, str], ...]  # id, name, folded tokens of name and aliases
    postings: Mapping[str, tuple[Posting, ...]]  # token -> postings in article order


def search_outputs(
    env: jinja2.Environment,
    settings: Settings,
    articles: Sequence[Summary],
    entities: Mapping[str, Entity],
    memo: SearchMemo | None = None,
) -> list[Output]:
    """The search page and its index scripts.

    ``memo``, kept by the caller between builds, makes the index from what the last call
    made when only a few articles were replaced: the outputs are the same bytes.
    """
    page = SearchPage("search.html", "", site_info(settings))
    html = env.get_template("search.html").render(page=page, site=page.site, root=page.root)
    limits = (SHARD_BYTES, DOC_BYTES)
    if memo is None:
        index = index_outputs(collect(articles, entities), *limits)
    else:
        index = memo.index(articles, entities, limits)
    return [Output(page.path, html.encode()), *index]


# ---------------------------------------------------------------- tokens


def js_order(token: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units)."""
    return token.encode("utf-16-be")


# ---------------------------------------------------------------- collecting


def collect(articles: Sequence[Summary], entities: Mapping[str, Entity]) -> Corpus:
    """Gather the documents, entities and postings of the archive, newest article first."""
    ordered = place(articles)
    speakers = {a.entity for article in ordered for a in article.said if a.entity}
    ids = sorted({*entities, *speakers})
    numbers = {entity_id: n for n, entity_id in enumerate(ids)}
    table = tuple(entity_row(entity_id, entities.get(entity_id)) for entity_id in ids)
    docs = tuple(doc_of(article, numbers) for article in ordered)
    found: defaultdict[str, list[Posting]] = defaultdict(list)
    named = {e: name_tokens(entities.get(e)) for e in speakers}
    for n, article in enumerate(ordered):
        for token, flag in article_tokens(article, named).items():
            found[token].append((n, flag))
    postings = {token: tuple(found[token]) for token in sorted(found, key=js_order)}
    return Corpus(docs, table, postings)


def entity_row(entity_id: str, entity: Entity | None) -> tuple[str, str, str]:
    """An entity as the index lists it: id, display name, folded name-and-alias tokens."""
    if entity is None:
        return (entity_id, entity_id, " ".join(dict.fromkeys(tokens(entity_id))))
    words = tokens(" ".join((entity.name, *entity.aliases)))
    return (entity_id, entity.name, " ".join(dict.fromkeys(words)))


def doc_of(article: Summary, numbers: Mapping[str, int]) -> Doc:
    """An article's result record, with its quotes in document order."""
    quotes = tuple(
        (a.id, numbers[a.entity] if a.entity else -1, a.kind, a.quote) for a in article.said
    )
    return Doc(article.title, article.display_date, article.date.isoformat(), article.path, quotes)


def name_tokens(entity: Entity | None) -> tuple[str, ...]:
    """The tokens of an entity's name and aliases (none for an undeclared one)."""
    return tuple(tokens(" ".join((entity.name, *entity.aliases)))) if entity else ()


def article_tokens(article: Summary, named: Mapping[str, Sequence[str]]) -> dict[str, bool]:
    """Every token of the article's text, flagged when in the title or a speaker's name.

    ``named``: the tokens of each speaker's name and aliases (``name_tokens``).
    """
    found = dict.fromkeys(article.words.split(), False)
    found.update(dict.fromkeys(flagged_tokens(article, named), True))
    return found


def flagged_tokens(article: Summary, named: Mapping[str, Sequence[str]]) -> set[str]:
    """The tokens of the article's title and of its speakers' names (``name_tokens``)."""
    found = set(tokens(article.title))
    for said in article.said:
        found.update(named.get(said.entity or "", ()))
    return found


# ---------------------------------------------------------------- encoding


def encode(postings: Iterable[Posting]) -> list[int]:
    """Delta-encode postings: ``gap * 2 + flag`` (the first gap counts from 0)."""
    pairs = list(postings)
    ids = [article for article, _ in pairs]
    return [(b - a) * 2 + f for a, b, (_, f) in zip([0, *ids], ids, pairs, strict=False)]


def dump(value: object) -> str:
    """Compact, deterministic, ASCII-only JSON (safe whatever a script's charset)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def script(value: object) -> bytes:
    """The index manifest: a classic script defining the one global."""
    return f"window.{GLOBAL} = {dump(value)};\n".encode()


def part_script(number: int, value: object) -> bytes:
    """A shard: a classic script adding ``parts[number]`` to the global."""
    return part_text(number, dump(value))


def part_text(number: int, text: str) -> bytes:
    """A shard from its JSON text."""
    return f"window.{GLOBAL}.parts[{number}] = {text};\n".encode()


def shard_path(number: int) -> str:
    return f"assets/search-index-{number}.js"


def key_of(token: str) -> str:
    """The shard key of a token: its first two characters (code points)."""
    return token[:2]


def pack(groups: Iterable[tuple[list[T], int]], limit: int) -> list[list[T]]:
    """Join consecutive groups of (items, bytes) into shards of about ``limit`` bytes."""
    shards: list[list[T]] = []
    size = limit
    for items, weight in groups:
        if size + weight > limit:
            shards.append([])
            size = 0
        shards[-1].extend(items)
        size += weight
    return shards


def term_groups(table: Mapping[str, list[int]]) -> list[tuple[list[str], int]]:
    """The tokens grouped by shard key, in order, with their encoded size."""
    groups: dict[str, tuple[list[str], int]] = {}
    for word, postings in table.items():
        words, weight = groups.get(key_of(word), ([], 0))
        words.append(word)
        groups[key_of(word)] = (words, weight + len(dump(word)) + len(dump(postings)) + 2)
    return list(groups.values())


def terms_of(table: Mapping[str, list[int]], words: Iterable[str]) -> dict[str, object]:
    """A term table: tokens and their postings as parallel lists."""
    chosen = list(words)
    return {"t": chosen, "p": [table[w] for w in chosen]}


def index_outputs(
    corpus: Corpus, shard_bytes: int = SHARD_BYTES, doc_bytes: int = DOC_BYTES
) -> list[Output]:
    """The index: one script when it is small, else a manifest and on-demand shards."""
    table = {word: encode(postings) for word, postings in corpus.postings.items()}
    records = [doc.record() for doc in corpus.docs]
    manifest: dict[str, object] = {
        "version": VERSION,
        "count": len(records),
        "stop": list(STOPWORDS),
        "entities": [list(row) for row in corpus.entities],
        "terms": terms_of(table, table),
        "docs": records,
        "termShards": {},
        "docShards": [],
        "parts": {},
    }
    groups = term_groups(table)
    weights = [len(dump(r)) for r in records]
    if sum(w for _, w in groups) + sum(weights) <= shard_bytes + 16:  # else surely too big
        whole = script(manifest)
        if len(whole) <= shard_bytes:
            return [Output(INDEX, whole)]
    outputs, keys, starts = [], {}, []
    term_shards = pack(groups, shard_bytes)
    for number, words in enumerate(term_shards, 1):
        keys.update(dict.fromkeys(map(key_of, words), number))
        outputs.append(Output(shard_path(number), part_script(number, terms_of(table, words))))
    doc_shards = pack((([n], w) for n, w in enumerate(weights)), doc_bytes)
    for number, ids in enumerate(doc_shards, len(term_shards) + 1):
        starts.append([ids[0], number])
        part = {"docs": [records[n] for n in ids]}
        outputs.append(Output(shard_path(number), part_script(number, part)))
    manifest.update(terms=None, docs=None, termShards=keys, docShards=starts)
    return [Output(INDEX, script(manifest)), *outputs]
