"""The searchable words of a text: folded, in order, without stop words or single letters."""

from __future__ import annotations

from quotemark.words import normalize, tokens


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
