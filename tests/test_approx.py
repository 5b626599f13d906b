"""Approximate substring search (Myers' bit-parallel algorithm)."""

from __future__ import annotations

import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from quotemark.approx import Match, best, distance, find_start, scan, search

small = st.text(alphabet="abc ", max_size=24)
pattern = st.text(alphabet="abc ", min_size=1, max_size=10)


def naive_scan(text: str, pattern: str) -> list[int]:
    """Fewest edits of pattern against a substring of text ending at each j (O(nm) DP)."""
    column = list(range(len(pattern) + 1))
    scores = [len(pattern)]
    for c in text:
        row = [0]
        for i, p in enumerate(pattern, start=1):
            row.append(min(column[i] + 1, row[i - 1] + 1, column[i - 1] + (p != c)))
        scores.append(row[-1])
        column = row
    return scores


def naive_distance(a: str, b: str) -> int:
    """Levenshtein distance by the textbook DP."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


@given(small, pattern)
def test_scan_gives_the_minimal_errors_at_every_end_like_the_naive_dp(text: str, pat: str) -> None:
    assert scan(text, pat) == naive_scan(text, pat)


@given(small, small)
def test_distance_is_the_levenshtein_distance(a: str, b: str) -> None:
    assert distance(a, b) == naive_distance(a, b)


@given(small, pattern)
def test_every_match_found_has_the_errors_it_claims(text: str, pat: str) -> None:
    for m in search(text, pat, len(pat) // 2):
        assert naive_distance(pat, text[m.start : m.end]) == m.errors <= len(pat) // 2


@given(small, pattern)
def test_matches_are_sorted_and_do_not_overlap(text: str, pat: str) -> None:
    matches = search(text, pat, 2)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


@given(small, pattern)
def test_the_best_match_has_the_fewest_errors_anywhere(text: str, pat: str) -> None:
    found = best(text, pat)
    if not text:
        assert found is None
    else:
        assert found is not None
        assert found.errors == min(naive_scan(text, pat)[1:])
        assert naive_distance(pat, text[found.start : found.end]) == found.errors


def test_an_exact_occurrence_is_found_with_no_errors() -> None:
    assert search("the coalition said", "coalition", 2) == [Match(4, 13, 0)]


def test_an_edited_occurrence_is_found_whole_with_its_edit_count() -> None:
    assert search("the coalitoin said", "coalition", 2) == [Match(4, 13, 2)]


def test_a_match_over_the_budget_is_not_found() -> None:
    assert search("the coal mine said", "coalition", 2) == []


def test_every_separate_occurrence_is_found_in_order() -> None:
    text = "Daesh fighters ... Daesh fightrs ... Deash fighters"
    assert search(text, "Daesh fighters", 2) == [
        Match(0, 14, 0),
        Match(19, 32, 1),
        Match(37, 51, 2),
    ]


def test_the_start_is_the_longest_match_with_those_errors() -> None:
    assert find_start("xbcd", "abcd", 4, 1) == 0


def test_an_empty_pattern_matches_nothing() -> None:
    assert (search("abc", "", 3), best("abc", "")) == ([], None)


def test_best_reports_a_distant_match_beyond_any_budget() -> None:
    assert best("the press service of the coalition", "press office") == Match(4, 17, 4)


def test_a_long_pattern_is_found_in_a_long_text() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz   ") for _ in range(20_000))
    pat = text[9_000:9_100] + "edit" + text[9_104:9_200]
    assert search(text, pat, 40) == [Match(9_000, 9_200, 4)]
