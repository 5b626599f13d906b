"""The searchable words of a text: folded, in order, without stop words or single letters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quotemark.words import STOPWORDS, WORD, normalize, tokens


def test_normalize_folds_case_diacritics_and_invisible_characters() -> None:
    assert normalize("Tomás FISHER\u00admen") == "tomas fishermen"


def test_tokens_drop_stop_words_one_letter_words_and_punctuation() -> None:
    assert tokens("The minister’s “regrets” of Ferreira, 2021!") == [
        "minister",
        "regrets",
        "ferreira",
        "2021",
    ]


def test_a_right_to_left_word_is_a_token_too() -> None:
    assert tokens("قال الوزير") == ["قال", "الوزير"]


def plain_tokens(text: str) -> list[str]:
    """``tokens`` as SPEC words it: every word of the folded text, short and stop words out."""
    found = WORD.findall(normalize(text))
    return [t for t in found if len(t) > 1 and t not in STOPWORDS]


PIECES = [
    "The",
    "of",
    "a",
    "Z9",
    "x_y",
    "ℍℍ",
    "Ⅸ",
    "é",
    "ß",
    "\u00ad",
    "\u0301",
    "قال",
    " ",
    "\n",
    ",",
]


@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_tokens_are_the_long_words_of_the_folded_text_that_are_not_stop_words(text: str) -> None:
    assert tokens(text) == plain_tokens(text)


@given(st.text())
def test_tokens_of_any_text_are_the_plain_ones(text: str) -> None:
    assert tokens(text) == plain_tokens(text)
