"""The build cache: keys that tell their parts apart, a file that is right or ignored, pruning."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotemark.annotate import annotate
from quotemark.cache import (
    FILE,
    FORMAT,
    Parsed,
    SiteState,
    Store,
    Unit,
    key_of,
    load_store,
    save_store,
)
from quotemark.content import read_article
from quotemark.model import ArticleSource, Problem, Severity
from quotemark.summary import summarize

ARTICLE = '---\ntitle: "Bridge"\ndate: 2020-05-17\n---\nThe mayor said "it is a gift."\n'
PROBLEM = Problem("content/a.md", 3, 1, Severity.WARNING, "fuzzy", "an anchor went fuzzy")


def article_at(folder: Path) -> ArticleSource:
    """An article read from a file in ``folder``."""
    path = folder / "2020-05-17-bridge.md"
    path.write_text(ARTICLE, encoding="utf-8")
    article, problems = read_article(path, "content/2020-05-17-bridge.md", folder)
    assert article is not None and problems == []
    return article


def filled_store(folder: Path, code: str = "code-1") -> Store:
    """A store with one entry of every kind."""
    article = article_at(folder)
    annotated, _ = annotate(article, None, {})
    store = Store(code)
    store.parsed["p"] = Parsed(article, ())
    store.units["u"] = Unit(summarize(annotated), (PROBLEM,), "shown")
    store.sites["/site"] = SiteState("inputs", {"index.html": "k"}, {"404.html"})
    return store


# ---------------------------------------------------------------- key_of


def test_a_key_tells_apart_where_one_part_ends_and_the_next_begins() -> None:
    assert key_of("ab", "c") != key_of("a", "bc")


def test_a_key_tells_apart_an_empty_part_from_no_part() -> None:
    assert key_of("a", "") != key_of("a")


def test_a_key_is_the_same_for_the_same_parts() -> None:
    assert key_of("content/a.md", "0" * 64) == key_of("content/a.md", "0" * 64)


@given(st.lists(st.text(), max_size=4), st.lists(st.text(), max_size=4))
def test_different_parts_give_different_keys(first: list[str], second: list[str]) -> None:
    assert (key_of(*first) == key_of(*second)) == (first == second)


def test_a_key_takes_a_lone_surrogate_such_as_a_file_name_may_hold() -> None:
    assert key_of("caf\udce9.md") != key_of("caf\udce8.md")


# ---------------------------------------------------------------- load and save


def test_a_saved_store_loads_back_with_every_entry(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    store.used = {"p", "u"}
    save_store(tmp_path / "cache", store)
    loaded = load_store(tmp_path / "cache", "code-1")
    assert loaded.code == "code-1"
    assert loaded.parsed == {"p": Parsed(article_at(tmp_path), ())}
    assert loaded.units == store.units
    assert loaded.sites == {"/site": SiteState("inputs", {"index.html": "k"}, {"404.html"})}
    assert loaded.used == set()


def test_the_search_index_pieces_are_saved_without_their_scripts(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    (one,) = [unit.summary for unit in store.units.values()]
    summaries = [
        dataclasses.replace(one, slug=f"s{n}", path=f"2020/01/s{n}.html", words=f"w{n} common")
        for n in range(30)
    ]
    made = store.search.index(summaries, {}, (300, 120))  # small shards: several scripts
    assert store.search.pieces is not None and store.search.pieces.shards
    save_store(tmp_path / "cache", store)
    loaded = load_store(tmp_path / "cache", "code-1").search
    assert loaded.pieces is not None and loaded.pieces.shards == {}
    assert store.search.pieces.shards  # the memo in memory keeps them
    assert loaded.index(summaries, {}, (300, 120)) == made


def test_saving_creates_the_cache_folder_with_one_file(tmp_path: Path) -> None:
    save_store(tmp_path / "a" / "cache", Store("code-1"))
    assert [p.name for p in (tmp_path / "a" / "cache").iterdir()] == [FILE]


def test_saving_again_replaces_the_file(tmp_path: Path) -> None:
    save_store(tmp_path, filled_store(tmp_path))
    save_store(tmp_path, Store("code-2"))
    assert load_store(tmp_path, "code-2").sites == {}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020-05-17-bridge.md", FILE]


def test_saving_prunes_what_the_build_did_not_look_up(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    store.used = {"u"}
    save_store(tmp_path / "cache", store)
    loaded = load_store(tmp_path / "cache", "code-1")
    assert (set(loaded.parsed), set(loaded.units), set(loaded.sites)) == (set(), {"u"}, {"/site"})


def test_a_store_made_by_other_code_loads_empty(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    store.used = {"p", "u"}
    save_store(tmp_path / "cache", store)
    assert load_store(tmp_path / "cache", "code-2") == Store("code-2")


def test_a_store_of_another_cache_format_loads_empty(tmp_path: Path) -> None:
    (tmp_path / FILE).write_bytes(pickle.dumps(((FORMAT + 1, "code-1"), Store("code-1"))))
    assert load_store(tmp_path, "code-1") == Store("code-1")


def test_no_cache_folder_gives_an_empty_store_and_saves_nothing(tmp_path: Path) -> None:
    assert load_store(None, "code-1") == Store("code-1")
    save_store(None, filled_store(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020-05-17-bridge.md"]


def test_a_missing_cache_file_gives_an_empty_store(tmp_path: Path) -> None:
    assert load_store(tmp_path / "nowhere", "code-1") == Store("code-1")


def test_a_truncated_cache_file_gives_an_empty_store(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    store.used = {"p", "u"}
    save_store(tmp_path / "cache", store)
    data = (tmp_path / "cache" / FILE).read_bytes()
    for size in (0, 1, len(data) // 2, len(data) - 1):
        (tmp_path / "cache" / FILE).write_bytes(data[:size])
        assert load_store(tmp_path / "cache", "code-1") == Store("code-1"), size


@pytest.mark.parametrize(
    "data",
    [
        b"not a pickle at all",
        pickle.dumps([1, 2, 3]),
        pickle.dumps(((FORMAT, "code-1"), "not a store")),
        pickle.dumps(((FORMAT, "code-1"), Store("code-1"), "extra")),
    ],
)
def test_a_cache_file_of_the_wrong_shape_gives_an_empty_store(tmp_path: Path, data: bytes) -> None:
    (tmp_path / FILE).write_bytes(data)
    assert load_store(tmp_path, "code-1") == Store("code-1")


@pytest.mark.parametrize(
    "data",
    [
        b"I1x\n.",  # ValueError: could not convert string to int
        b"S'\xff'\n.",  # UnicodeDecodeError
    ],
)
def test_a_cache_file_of_garbage_gives_an_empty_store(tmp_path: Path, data: bytes) -> None:
    (tmp_path / FILE).write_bytes(data)
    assert load_store(tmp_path, "code-1") == Store("code-1")


# ---------------------------------------------------------------- looking up, pruning


def test_a_reading_is_found_while_the_files_it_checked_exist(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"jpg")
    store = Store("code-1")
    store.parsed["k"] = Parsed(article_at(tmp_path), (tmp_path / "photo.jpg",))
    assert store.parsed_entry("k") == store.parsed["k"]


def test_a_reading_is_not_found_once_a_file_it_checked_is_gone(tmp_path: Path) -> None:
    store = Store("code-1")
    store.parsed["k"] = Parsed(article_at(tmp_path), (tmp_path / "photo.jpg",))
    assert store.parsed_entry("k") is None


def test_a_reading_is_not_found_once_a_file_it_checked_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").mkdir()
    store = Store("code-1")
    store.parsed["k"] = Parsed(article_at(tmp_path), (tmp_path / "photo.jpg",))
    assert store.parsed_entry("k") is None


def test_an_unknown_key_is_not_found() -> None:
    store = Store("code-1")
    assert (store.parsed_entry("nope"), store.unit("nope")) == (None, None)


def test_pruning_keeps_only_the_entries_looked_up(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    store.parsed["p2"] = store.parsed["p"]
    store.units["u2"] = store.units["u"]
    store.parsed_entry("p2")
    store.unit("u")
    store.prune()
    assert (set(store.parsed), set(store.units), store.used) == ({"p2"}, {"u"}, set())


def test_pruning_keeps_every_site(tmp_path: Path) -> None:
    store = filled_store(tmp_path)
    store.prune()
    assert (store.parsed, store.units, set(store.sites)) == ({}, {}, {"/site"})


def test_a_site_state_starts_with_no_pages() -> None:
    state = SiteState("inputs")
    assert (state.keys, state.unlisted) == ({}, set())
