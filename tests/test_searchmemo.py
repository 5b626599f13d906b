"""The live preview's search memo: the index patched when few articles change is, byte for
byte, the index made from scratch."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark import search as search_module
from quotemark.model import Entity, Loc, Settings
from quotemark.search import INDEX, pack, search_outputs
from quotemark.searchmemo import Pieces, SearchMemo, spans
from quotemark.summary import Said, Summary

VOCAB = ["alpha", "alps", "alto", "beta", "bet", "cafe", "camp", "ωmega", "ωmen", "𐐨ox", "zeal"]
VOCAB += ["dune", "echo", "fig", "jade", "kilo", "lux", "mud", "nut", "opal", "quip"]
QUOTES = ["We will build the harbour", "Not a single stone", "Alpha said so", ""]
SPEAKERS = [None, "ana", "bo", "ghost"]  # "ghost" is never declared
PAGE = jinja2.Environment(loader=jinja2.DictLoader({"search.html": "{{ page.path }}"}))
SMALL = (300, 120)  # shard sizes that split even a small archive into many shards


def entity(ident: str, name: str, *aliases: str) -> Entity:
    return Entity(ident, name, Loc(1, 1), "test", type="person", aliases=aliases)


ENTITIES = {"ana": entity("ana", "Ana Souza", "harbour minister"), "bo": entity("bo", "Bo Alto")}


def summary(slug: str, day: int, title: str, words: Sequence[str], said: Sequence[Said]) -> Summary:
    return Summary(
        rel=f"2020/2020-01-{day:02}-{slug}.md",
        path=f"2020/01/{slug}.html",
        slug=slug,
        date=dt.date(2020, 1, day),
        title=title,
        publisher=None,
        summary=None,
        tags=(),
        aliases=(),
        said=tuple(said),
        mentions=(),
        entity_ids=(),
        words=" ".join(dict.fromkeys(words)),
        statuses=(),
        exported=False,
    )


def quote(n: int, speaker: str | None, text: str) -> Said:
    return Said(f"q{n}", n + 1, "direct", speaker, None, text, None)


def archive(count: int) -> list[Summary]:
    """``count`` articles, each with its own words, a shared word and a quote."""
    return [
        summary(f"a{n:03}", n % 28 + 1, f"Story {n}", [f"w{n}", "common"], [quote(0, "ana", "Hi")])
        for n in range(count)
    ]


def index_files(
    articles: Sequence[Summary],
    entities: Mapping[str, Entity] = ENTITIES,
    memo: SearchMemo | None = None,
) -> list[tuple[str, bytes | None]]:
    outputs = search_outputs(PAGE, Settings(), articles, entities, memo=memo)
    return [(o.path, o.data) for o in outputs]


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_module, "SHARD_BYTES", SMALL[0])
    monkeypatch.setattr(search_module, "DOC_BYTES", SMALL[1])


@st.composite
def articles(draw: st.DrawFn, slug: str) -> Summary:
    """An article with a few words, title words and quotes."""
    title = " ".join(draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3)))
    words = draw(st.lists(st.sampled_from(VOCAB), max_size=8))
    said = draw(st.lists(st.tuples(st.sampled_from(SPEAKERS), st.sampled_from(QUOTES)), max_size=3))
    quotes = [quote(n, speaker, text) for n, (speaker, text) in enumerate(said)]
    return summary(slug, draw(st.integers(1, 4)), title.title(), words, quotes)


def edit(data: st.DataObject, archive: list[Summary], entities: dict[str, Entity]) -> None:
    """One step of a writer's session: articles edited or copied, added, removed, renamed."""
    step = data.draw(st.sampled_from(["edit", "edit", "copy", "add", "remove", "entity"]))
    if step in ("edit", "copy"):
        for n in data.draw(st.lists(st.integers(0, len(archive) - 1), min_size=1, max_size=3)):
            old = archive[n]
            archive[n] = (
                dataclasses.replace(old) if step == "copy" else data.draw(articles(old.slug))
            )
    elif step == "add":
        archive.insert(
            data.draw(st.integers(0, len(archive))), data.draw(articles(f"n{len(archive)}"))
        )
    elif step == "remove" and len(archive) > 1:
        archive.pop(data.draw(st.integers(0, len(archive) - 1)))
    elif step == "entity":
        name = data.draw(st.sampled_from(["Ana Souza", "Ana Alto", "Zeal Camp"]))
        entities["ana"] = entity("ana", name)
        if data.draw(st.booleans()):
            entities.pop("bo", None) if "bo" in entities else entities.update(bo=ENTITIES["bo"])


@settings(deadline=None)
@given(
    data=st.data(),
    limits=st.sampled_from([SMALL, SMALL, (1000, 400), (200_000, 50_000)]),
    count=st.integers(1, 10),
)
def test_an_index_made_with_the_memo_is_the_index_made_without(
    data: st.DataObject, limits: tuple[int, int], count: int
) -> None:
    archive = [data.draw(articles(f"a{n:02}")) for n in range(count)]
    entities, memo = dict(ENTITIES), SearchMemo()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_module, "SHARD_BYTES", limits[0])
        patch.setattr(search_module, "DOC_BYTES", limits[1])
        assert index_files(archive, entities, memo) == index_files(archive, entities)
        for _ in range(data.draw(st.integers(1, 6))):
            edit(data, archive, entities)
            assert index_files(archive, entities, memo) == index_files(archive, entities)


@given(weights=st.lists(st.integers(1, 50)), limit=st.integers(1, 100))
def test_spans_cut_where_pack_cuts(weights: list[int], limit: int) -> None:
    packed = pack((([n], w) for n, w in enumerate(weights)), limit)
    assert spans(weights, limit) == [(ids[0], ids[-1]) for ids in packed]


def test_replacing_one_article_gives_the_same_sharded_index(small_shards: None) -> None:
    before, memo = archive(40), SearchMemo()
    index_files(before, memo=memo)
    after = list(before)
    after[7] = dataclasses.replace(before[7], title="Story revised", words="w7 fresh common")
    files = index_files(after, memo=memo)
    assert files == index_files(after)
    assert len(files) > 20


def test_replacing_one_article_patches_the_pieces_instead_of_remaking_them(
    small_shards: None,
) -> None:
    before, memo = archive(40), SearchMemo()
    index_files(before, memo=memo)
    pieces = memo.pieces
    after = list(before)
    after[7] = dataclasses.replace(before[7], words="w7 fresh")
    index_files(after, memo=memo)
    assert memo.pieces is pieces


def test_a_shard_the_replaced_article_leaves_alone_is_reused(small_shards: None) -> None:
    before, memo = archive(40), SearchMemo()
    first = search_outputs(PAGE, Settings(), before, ENTITIES, memo=memo)
    after = list(before)
    after[7] = dataclasses.replace(before[7], words="w7 fresh common")
    second = search_outputs(PAGE, Settings(), after, ENTITIES, memo=memo)
    remade = [o.path for o in second if not any(o is f for f in first)]
    assert (len(second), len(remade)) == (47, 4)  # the page, the manifest, a term and a doc shard


def test_an_equal_copy_of_an_article_changes_nothing(small_shards: None) -> None:
    before, memo = archive(40), SearchMemo()
    first = search_outputs(PAGE, Settings(), before, ENTITIES, memo=memo)
    copies = [dataclasses.replace(s) for s in before]
    second = search_outputs(PAGE, Settings(), copies, ENTITIES, memo=memo)
    assert [o for o in second if not any(o is f for f in first)] == second[:2]


def test_an_added_article_remakes_the_index(small_shards: None) -> None:
    before, memo = archive(40), SearchMemo()
    index_files(before, memo=memo)
    pieces, after = memo.pieces, [*before, *archive(41)[40:]]
    assert index_files(after, memo=memo) == index_files(after)
    assert memo.pieces is not pieces


def test_a_removed_article_remakes_the_index(small_shards: None) -> None:
    before, memo = archive(40), SearchMemo()
    index_files(before, memo=memo)
    assert index_files(before[1:], memo=memo) == index_files(before[1:])


def test_a_renamed_entity_remakes_the_index(small_shards: None) -> None:
    memo, renamed = SearchMemo(), {**ENTITIES, "ana": entity("ana", "Ana Pereira")}
    index_files(archive(40), memo=memo)
    pieces = memo.pieces
    assert index_files(archive(40), renamed, memo) == index_files(archive(40), renamed)
    assert memo.pieces is not pieces


def test_a_new_undeclared_speaker_remakes_the_index(small_shards: None) -> None:
    before, memo = archive(40), SearchMemo()
    index_files(before, memo=memo)
    pieces, after = memo.pieces, list(before)
    after[3] = dataclasses.replace(before[3], said=(quote(0, "ghost", "Boo"),))
    assert index_files(after, memo=memo) == index_files(after)
    assert memo.pieces is not pieces


def test_many_replaced_articles_remake_the_index(small_shards: None) -> None:
    before, memo = archive(200), SearchMemo()
    index_files(before, memo=memo)
    pieces = memo.pieces
    after = [dataclasses.replace(s, words=f"{s.words} more") for s in before]
    assert index_files(after, memo=memo) == index_files(after)
    assert memo.pieces is not pieces


def test_changed_shard_sizes_remake_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = SearchMemo()
    index_files(archive(40), memo=memo)
    monkeypatch.setattr(search_module, "SHARD_BYTES", SMALL[0])
    assert index_files(archive(40), memo=memo) == index_files(archive(40))


def test_a_small_archive_stays_one_script_with_the_memo() -> None:
    before, memo = archive(3), SearchMemo()
    index_files(before, memo=memo)
    after = [before[0], dataclasses.replace(before[1], words="fresh"), before[2]]
    files = index_files(after, memo=memo)
    assert (files, [path for path, _ in files]) == (index_files(after), ["search.html", INDEX])


def test_a_token_of_both_the_text_and_the_title_posts_once_flagged() -> None:
    first = summary("a", 2, "Harbour news", ["harbour", "stone"], [quote(0, "bo", "")])
    second = summary("b", 1, "Quiet", ["harbour", "alto"], [])
    pieces = Pieces([first, second], ENTITIES, SMALL)
    assert list(pieces.postings["harbour"]) == [0 * 2 + 1, 1 * 2]
    assert list(pieces.postings["alto"]) == [0 * 2 + 1, 1 * 2]  # a speaker's name in article 0
    assert list(pieces.postings["stone"]) == [0 * 2]
