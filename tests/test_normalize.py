"""Matching normalisation and its map back to original code points."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quotemark.normalize import Normalized, collapse_spaces, expand, normalize, normalize_map


def test_curly_single_quotes_and_primes_become_apostrophes() -> None:
    assert normalize("‘it’s‚ ‛x′") == "'it's' 'x'"


def test_curly_double_quotes_and_guillemets_become_straight_quotes() -> None:
    assert normalize("“a” „b‟ «c» d″") == '"a" "b" "c" d"'


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015"])
def test_general_punctuation_dashes_become_hyphen_minus(dash: str) -> None:
    assert normalize(f"Deir{dash}ez{dash}Zor") == "Deir-ez-Zor"


@pytest.mark.parametrize("dash", ["\u2212", "\ufe58", "\ufe63", "\uff0d"])
def test_minus_and_compatibility_dashes_become_hyphen_minus(dash: str) -> None:
    assert normalize(f"a{dash}b") == "a-b"


def test_every_whitespace_run_becomes_one_space() -> None:
    assert normalize("a \u00a0\u202f\n\t b\r\n\nc") == "a b c"


def test_edge_whitespace_is_kept_as_one_space() -> None:
    assert normalize("\n\n said. \n") == " said. "


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060"])
def test_invisible_format_characters_are_dropped(invisible: str) -> None:
    assert normalize(f"Sput{invisible}nik") == "Sputnik"


def test_an_invisible_character_inside_a_whitespace_run_keeps_one_space() -> None:
    assert normalize("a \u200b b") == "a b"


def test_nfc_and_nfd_spellings_normalise_alike() -> None:
    assert normalize("Caf\u00e9") == normalize("Cafe\u0301") == "Cafe\u0301"


def test_compatibility_characters_are_decomposed() -> None:
    assert normalize("\ufb01ve \uff21") == "five A"


def test_case_is_kept() -> None:
    assert normalize("Daesh DAESH") == "Daesh DAESH"


def test_each_normalised_character_knows_its_original_range() -> None:
    n = normalize_map("a\u00a0\u00a0\ufb01\u00adé")
    assert (n.text, n.starts, n.ends) == ("a fie\u0301", (0, 1, 3, 3, 5, 5), (1, 3, 4, 4, 6, 6))


def test_a_normalised_range_maps_back_to_the_original_characters() -> None:
    n = normalize_map("“Hello,”  she\u00adsaid")
    assert n.to_original(1, 7) == (1, 7)
    assert n.to_original(8, 16) == (8, 18)


def test_a_range_ending_on_a_collapsed_space_covers_the_whole_run() -> None:
    assert normalize_map("a \n\n b").to_original(0, 2) == (0, 5)


def test_an_empty_range_maps_to_the_point_after_the_previous_character() -> None:
    n = normalize_map("\u200bab\u200b")
    assert (n.to_original(0, 0), n.to_original(2, 2)) == ((0, 0), (3, 3))


def test_an_original_range_maps_to_the_characters_that_start_inside_it() -> None:
    assert normalize_map("x\u200b\ufb01 y").to_normalized(1, 3) == (1, 3)


def test_a_range_outside_the_text_is_a_programmer_error() -> None:
    with pytest.raises(ValueError, match=r"range \[0, 4\) outside 0..3"):
        normalize_map("abc").to_original(0, 4)


def test_a_ligature_is_split_inside_but_not_at_its_edges() -> None:
    n = normalize_map("a\ufb01b")
    assert [n.is_boundary(k) for k in range(5)] == [True, True, False, True, True]


@given(st.text())
def test_the_map_and_the_plain_function_agree(s: str) -> None:
    assert normalize_map(s).text == normalize(s)


def normalize_map_by_definition(s: str) -> Normalized:
    """The map built one original code point at a time, as SPEC §4 defines it."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    in_space = False
    for i, c in enumerate(s):
        for x in expand(c):
            if not x.isspace():
                in_space = False
                chars.append(x)
            elif in_space:
                ends[-1] = i + 1
                continue
            else:
                in_space = True
                chars.append(" ")
            starts.append(i)
            ends.append(i + 1)
    return Normalized("".join(chars), tuple(starts), tuple(ends), len(s))


@given(st.text())
def test_the_map_is_the_one_built_code_point_by_code_point(s: str) -> None:
    assert normalize_map(s) == normalize_map_by_definition(s)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_map_of_ascii_text_agrees_with_the_definition(s: str) -> None:
    assert normalize_map(s) == normalize_map_by_definition(s)


@given(st.text(alphabet=" \t\n\u00a0\u200b\u00ad\u2019\u00e9\ufb01\u00a8ab", max_size=30))
def test_the_map_agrees_with_the_definition_on_spaces_and_expansions(s: str) -> None:
    assert normalize_map(s) == normalize_map_by_definition(s)


@given(st.text())
def test_normalising_twice_changes_nothing(s: str) -> None:
    assert normalize(normalize(s)) == normalize(s)


@given(st.text())
def test_sources_are_ordered_non_empty_ranges_of_the_original(s: str) -> None:
    n = normalize_map(s)
    assert len(n.starts) == len(n.ends) == len(n.text)
    assert list(n.starts) == sorted(n.starts)
    assert all(0 <= a < b <= len(s) for a, b in zip(n.starts, n.ends, strict=True))


@given(st.text(), st.data())
def test_a_range_cut_at_boundaries_renormalises_to_itself(s: str, data: st.DataObject) -> None:
    """The guarantee: for normalised offsets a <= b that both fall between the sources of two
    original characters (``is_boundary``), the original slice ``to_original(a, b)``
    normalises to exactly the normalised slice [a, b). Offsets inside one character's
    expansion (a ligature, NFKD output such as " \u0308") can only map to the whole character."""
    n = normalize_map(s)
    a = data.draw(st.integers(0, len(n.text)))
    b = data.draw(st.integers(a, len(n.text)))
    assume(n.is_boundary(a) and n.is_boundary(b))
    i, j = n.to_original(a, b)
    assert normalize(s[i:j]) == n.text[a:b]


@given(st.text(), st.data())
def test_any_range_maps_to_an_original_range_containing_its_text(
    s: str, data: st.DataObject
) -> None:
    n = normalize_map(s)
    a = data.draw(st.integers(0, len(n.text)))
    b = data.draw(st.integers(a, len(n.text)))
    i, j = n.to_original(a, b)
    assert 0 <= i <= j <= len(s)
    assert n.text[a:b] in normalize(s[i:j])


@given(st.text(alphabet=" \t\n\r\x0b\x1c\u00a0\u2028\u3000ab"))
def test_collapsing_spaces_is_replacing_each_whitespace_run_by_one_space(s: str) -> None:
    assert collapse_spaces(s) == re.sub(r"\s+", " ", s)


@given(st.text())
def test_collapsing_the_spaces_of_any_text_is_replacing_its_runs(s: str) -> None:
    assert collapse_spaces(s) == re.sub(r"\s+", " ", s)
