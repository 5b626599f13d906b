"""In-place YAML edits: values in their node's style, new keys in place, the rest untouched."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from quotemark.model import Position
from quotemark.yamledit import Edit, apply, compose, render, set_values, to_mapping, value_of, wrap


def mapping(text: str, key: str) -> yaml.MappingNode:
    node = value_of(compose(text), key)
    assert isinstance(node, yaml.MappingNode)
    return node


def test_insertions_at_one_place_keep_their_order() -> None:
    assert apply("ab", [Edit(1, 1, "1"), Edit(1, 1, "2"), Edit(0, 1, "A")]) == "A12b"


def test_a_plain_string_stays_plain() -> None:
    assert render("the funds were not", None, flow=False) == "the funds were not"


def test_a_plain_string_that_would_read_as_a_bool_is_quoted() -> None:
    assert render("No", None, flow=False) == '"No"'


def test_a_colon_and_space_forces_quotes() -> None:
    assert render("he said: no", None, flow=False) == '"he said: no"'


def test_a_comma_forces_quotes_only_in_a_flow_mapping() -> None:
    assert (render("yes, sir", None, flow=False), render("yes, sir", None, flow=True)) == (
        "yes, sir",
        '"yes, sir"',
    )


def test_single_quotes_double_an_apostrophe() -> None:
    assert render("it's", "'", flow=False) == "'it''s'"


def test_an_invisible_character_is_escaped() -> None:
    assert render("co\u00adop", None, flow=False) == '"co\\u00adop"'


def test_a_position_is_a_flow_mapping() -> None:
    assert render(Position(3, 9), None, flow=False) == "{start: 3, end: 9}"


@given(value=st.text(), style=st.sampled_from([None, "'", '"']), flow=st.booleans())
def test_every_string_reads_back_as_written(value: str, style: str | None, flow: bool) -> None:
    written = render(value, style, flow)
    source = f"{{k: {written}}}" if flow else f"k: {written}"
    assert yaml.safe_load(source) == {"k": value}


def test_wrapping_keeps_the_old_breaks_after_the_same_or_replaced_words() -> None:
    old = [["We", "will", "rebuild", "all"], ["bridges", "by", "spring,"]]
    words = ["We", "will", "rebuild", "every", "bridge", "by", "spring,"]
    assert wrap(old, words, 80) == ["We will rebuild every", "bridge by spring,"]


def test_wrapping_breaks_a_line_that_grows_too_long() -> None:
    assert wrap([["a"]], ["aaa", "bbb", "ccc"], 7) == ["aaa bbb", "ccc"]


def test_a_new_key_goes_after_the_key_named_before_it() -> None:
    text = "a:\n  exact: x  # note\n  within: r1\n"
    edits = set_values(text, mapping(text, "a"), [("prefix", "p")], {"prefix": ("exact",)})
    assert apply(text, edits) == "a:\n  exact: x  # note\n  prefix: p\n  within: r1\n"


def test_a_new_key_goes_last_in_a_flow_mapping() -> None:
    text = "a: {exact: x}  # note\n"
    edits = set_values(text, mapping(text, "a"), [("position", Position(1, 2))], {})
    assert apply(text, edits) == "a: {exact: x, position: {start: 1, end: 2}}  # note\n"


def test_a_scalar_becomes_a_flow_mapping_keeping_its_block_comment() -> None:
    text = "a: >-  # note\n  some\n  text\nb: 1\n"
    node = value_of(compose(text), "a")
    assert isinstance(node, yaml.ScalarNode)
    edits = to_mapping(text, node, [("exact", "some text"), ("position", Position(0, 9))])
    assert apply(text, edits) == (
        'a: {exact: "some text", position: {start: 0, end: 9}}  # note\nb: 1\n'
    )
