"""Where pages live: relative hrefs, tag slugs and the files that answer old URLs."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotemark.paths import (
    alias_file,
    relative,
    relative_path,
    root_of,
    tag_path,
    tag_slugs,
    year_path,
)

SAFE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_a_link_to_a_page_in_another_folder_climbs_to_the_common_folder() -> None:
    assert relative("entities/putin.html", "2017/12/x.html#an-a1") == "../2017/12/x.html#an-a1"


def test_a_link_from_the_root_goes_straight_down() -> None:
    assert relative("index.html", "2017/index.html#month-12") == "2017/index.html#month-12"


def test_a_link_within_a_folder_is_the_file_name() -> None:
    assert relative("tags/index.html", "tags/syria.html") == "syria.html"


PATH_PARTS = st.sampled_from(["a", "b", "2017", "x.html", ".", "..", ""])
PATHS = st.lists(PATH_PARTS, min_size=1, max_size=4).map("/".join).filter(bool)


@given(PATHS, PATHS)
def test_a_relative_path_is_what_posixpath_relpath_gives(path: str, folder: str) -> None:
    assert relative_path.__wrapped__(path, folder) == posixpath.relpath(path, folder)


def test_a_link_to_the_folder_itself_is_a_dot() -> None:
    assert relative_path.__wrapped__("2017/12", "2017/12") == "."


def test_the_root_of_a_page_climbs_one_level_per_folder() -> None:
    assert [root_of("index.html"), root_of("2017/index.html"), root_of("2017/12/x.html")] == [
        "",
        "../",
        "../../",
    ]


def test_a_year_page_is_the_index_of_its_folder() -> None:
    assert year_path(987) == "0987/index.html"


def test_a_tag_that_is_already_a_slug_keeps_it() -> None:
    assert tag_slugs(["syria", "middle-east"]) == {"syria": "syria", "middle-east": "middle-east"}


def test_a_free_text_tag_is_written_as_lower_case_ascii_words() -> None:
    assert tag_slugs(["Middle East", "São Paulo!"]) == {
        "Middle East": "middle-east",
        "São Paulo!": "sao-paulo",
    }


def test_tags_that_read_the_same_get_their_own_slugs_and_the_plain_one_keeps_its_own() -> None:
    assert tag_slugs(["Syria", "syria"]) == {"Syria": "syria-cf6ac29b", "syria": "syria"}


def test_tags_that_read_the_same_and_none_is_plain_are_all_hashed() -> None:
    assert tag_slugs(["C++", "C#"]) == {"C#": "c-04022884", "C++": "c-f1deb75f"}


def test_a_tag_without_ascii_letters_is_named_by_its_hash() -> None:
    assert tag_slugs(["شام"]) == {"شام": "tag-44aba990"}


def test_a_tag_reading_index_does_not_take_the_tag_index_page() -> None:
    assert tag_slugs(["Index"]) == {"Index": "index-39c3be11"}


def test_a_very_long_tag_is_cut_to_a_file_name_length() -> None:
    slug = tag_slugs(["word " * 40])["word " * 40]
    assert slug == "-".join(["word"] * 12)


def test_the_tag_page_is_under_tags() -> None:
    assert tag_path("syria") == "tags/syria.html"


@given(st.lists(st.text(max_size=12), max_size=8))
def test_every_tag_gets_a_distinct_safe_slug(tags: list[str]) -> None:
    slugs = tag_slugs(tags)
    assert set(slugs) == set(tags)
    assert len(set(slugs.values())) == len(slugs)
    assert all(SAFE.fullmatch(slug) and slug != "index" for slug in slugs.values())


@given(st.lists(st.text(max_size=12), max_size=8), st.data())
def test_the_slugs_do_not_depend_on_the_order_of_the_tags(
    tags: list[str], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(tags))
    assert tag_slugs(shuffled) == tag_slugs(tags)


@pytest.mark.parametrize(
    ("alias", "file"),
    [
        ("old/story.html", "old/story.html"),
        ("/old/story.htm", "old/story.htm"),
        ("old/story", "old/story/index.html"),
        ("old/story/", "old/story/index.html"),
        ("story.php", "story.php/index.html"),
        ("./old//story.html", "old/story.html"),
        ("/", "index.html"),
    ],
)
def test_an_old_url_is_answered_by_a_file(alias: str, file: str) -> None:
    assert alias_file(alias) == file


def test_a_tag_with_letters_outside_ascii_is_spelled_out() -> None:
    assert tag_slugs(["Straße", "Øresund", "Łódź"]) == {
        "Straße": "strasse",
        "Øresund": "oresund",
        "Łódź": "lodz",
    }
