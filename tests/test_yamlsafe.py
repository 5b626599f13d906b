"""Hardened YAML: positions kept, dangerous or ambiguous YAML rejected as problems."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark.model import Loc, Problem, Severity
from quotemark.schema import Check
from quotemark.yamlsafe import (
    YMap,
    YNode,
    YScalar,
    YSeq,
    control_offsets,
    describe_char,
    load_yaml,
    parse_yaml,
    read_source,
)


def error(line: int, col: int, code: str, message: str, path: str = "f.yaml") -> Problem:
    return Problem(path, line, col, Severity.ERROR, code, message)


def parse_map(text: str) -> YMap:
    node, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert isinstance(node, YMap)
    return node


def scalar(text: str) -> YScalar:
    """The value of the single key of a one-line mapping."""
    value = parse_map(text).items[0][1]
    assert isinstance(value, YScalar)
    return value


# ---------------------------------------------------------------- the tree


def test_every_node_keeps_its_line_and_column() -> None:
    node = parse_map("title: Hello\nlist:\n  - a\n  - {b: c}\n")
    (k1, v1), (k2, v2) = node.items
    assert (k1.loc, v1.loc, k2.loc, v2.loc) == (Loc(1, 1), Loc(1, 8), Loc(2, 1), Loc(3, 3))
    assert isinstance(v2, YSeq)
    assert [item.loc for item in v2.items] == [Loc(3, 5), Loc(4, 5)]


def test_scalars_keep_their_raw_text_and_style() -> None:
    assert scalar("a: No") == YScalar("No", Loc(1, 4), plain=True, kind="bool")
    assert scalar('a: "No"') == YScalar("No", Loc(1, 4), plain=False, kind="str")
    assert scalar("a: 2017-12-30").kind == "timestamp"
    assert scalar("a: 1.5").kind == "float"
    assert scalar("a: ~").kind == "null"
    assert scalar("a: 017").kind == "int"
    assert scalar("a: plain words").kind == "str"


def test_folded_strings_are_just_strings() -> None:
    assert scalar("a: >-\n  one\n  two\n").value == "one two"


def test_an_empty_file_gives_no_node_and_no_problem() -> None:
    assert parse_yaml("# only a comment\n", "f.yaml") == (None, [])


def test_line_offset_shifts_every_line() -> None:
    node, _ = parse_yaml("a: 1\n", "f.md", line_offset=1)
    assert isinstance(node, YMap)
    assert node.items[0][0].loc == Loc(2, 1)


def test_a_leading_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    node, problems = load_yaml(path, "f.yaml")
    assert problems == []
    assert isinstance(node, YMap)
    assert node.items[0][0] == YScalar("a", Loc(1, 1), plain=True)


def test_a_map_answers_get_key_loc_and_in() -> None:
    node = parse_map("a: 1\nb: 2\n")
    assert node.get("b") == YScalar("2", Loc(2, 4), plain=True, kind="int")
    assert node.get("c") is None
    assert node.key_loc("b") == Loc(2, 1)
    assert "a" in node and "c" not in node


# ---------------------------------------------------------------- rejections


def test_a_syntax_error_is_one_clean_line_at_its_position() -> None:
    assert parse_yaml("a: 1\nb: |x\n  c\n", "f.yaml") == (
        None,
        [
            error(
                2,
                5,
                "yaml-syntax",
                "expected chomping or indentation indicators, but found 'x' "
                "(while scanning a block scalar at line 2, column 4)",
            )
        ],
    )


def test_a_control_character_is_a_syntax_error_naming_its_code_point() -> None:
    message = "control character U+0007 is not allowed in YAML; remove it"
    assert parse_yaml("a: 1\nb: \x07\n", "f.yaml") == (None, [error(2, 4, "yaml-syntax", message)])


def test_anchors_and_aliases_are_rejected() -> None:
    _, problems = parse_yaml("a: &x [1]\nb: *x\n", "f.yaml")
    assert problems == [
        error(1, 4, "yaml-alias", "anchors are not allowed (&x); write each value out in full"),
        error(2, 4, "yaml-alias", "aliases are not allowed (*x); write the value out in full"),
    ]


def test_explicit_tags_are_rejected() -> None:
    _, problems = parse_yaml("a: !!python/object:os.system x\nb: !foo y\n", "f.yaml")
    python = "tags are not allowed (!!python/object:os.system); write a plain value"
    assert problems == [
        error(1, 4, "yaml-tag", python),
        error(2, 4, "yaml-tag", "tags are not allowed (!foo); write a plain value"),
    ]


def test_a_duplicate_key_is_reported_at_its_second_occurrence() -> None:
    _, problems = parse_yaml("a: 1\nb:\n  c: 1\n  'c': 2\n", "f.yaml")
    message = 'duplicate key "c" (first at line 3); keep one'
    assert problems == [error(4, 3, "yaml-duplicate-key", message)]


def test_a_second_document_is_rejected() -> None:
    _, problems = parse_yaml("a: 1\n---\nb: 2\n", "f.yaml")
    message = 'a file holds one YAML document; remove the second "---"'
    assert problems == [error(2, 1, "yaml-syntax", message)]


def test_a_list_as_mapping_key_is_rejected() -> None:
    _, problems = parse_yaml("? [a]\n: b\n", "f.yaml")
    message = "a mapping key must be a plain value, not a list or mapping"
    assert problems == [error(1, 3, "yaml-syntax", message)]


def test_a_file_over_one_mebibyte_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (1024 * 1024 + 1))
    message = "file is 1048577 bytes, over the 1 MiB limit; split it up"
    assert read_source(path, "big.yaml") == (
        None,
        [error(1, 1, "file-too-large", message, "big.yaml")],
    )


def test_a_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"#" * (1024 * 1024))
    assert read_source(path, "ok.yaml")[1] == []


def test_text_that_is_not_utf8_is_refused_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nname: Jos\xe9 \n")
    message = "byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    assert load_yaml(path, "latin1.yaml") == (
        None,
        [error(2, 10, "not-utf8", message, "latin1.yaml")],
    )


# ---------------------------------------------------------------- syntax errors in plain words


def syntax_error(text: str, line_offset: int = 0) -> tuple[int, int, str]:
    """The one syntax problem of ``text``: its line, column and message."""
    node, problems = parse_yaml(text, "f.yaml", line_offset)
    assert node is None
    [problem] = problems
    assert problem.code == "yaml-syntax"
    return problem.line, problem.col, problem.message


UNCLOSED = "the quoted text starting here is never closed; end it with a matching "
STRAY_COLON = (
    'mapping values are not allowed here; quote a value that contains ": ", '
    "or check this line's indentation"
)


def test_an_unclosed_quote_points_at_its_opening_quote() -> None:
    assert syntax_error('a: 1\nb: "open\nc: 2\n') == (2, 4, UNCLOSED + '"')
    assert syntax_error("a: 'open\n") == (1, 4, UNCLOSED + "'")


def test_an_unclosed_quote_in_front_matter_counts_file_lines() -> None:
    assert syntax_error('title: "open\ndate: 2020-01-01', line_offset=1) == (2, 8, UNCLOSED + '"')


def test_a_colon_inside_a_plain_value_says_to_quote_it() -> None:
    assert syntax_error("title: Breaking: news\n") == (1, 16, STRAY_COLON)
    assert syntax_error("a: 1\n  b: 2\n") == (2, 4, STRAY_COLON)


def test_a_line_indented_out_of_step_names_its_block() -> None:
    message = (
        "this line is indented differently from the lines above it "
        "(in the block at line 1, column 1); indent it like its neighbours"
    )
    assert syntax_error("a:\n  b: 1\n c: 2\n") == (3, 2, message)


def test_lines_named_in_a_message_count_file_lines_too() -> None:
    line, _, message = syntax_error("a:\n  b: 1\n c: 2\n", line_offset=1)
    assert (line, "(in the block at line 2, column 1)" in message) == (4, True)
    line, _, message = syntax_error("a: 1\nb: |x\n", line_offset=1)
    assert (line, message.endswith("(while scanning a block scalar at line 3, column 4)")) == (
        3,
        True,
    )


def test_a_list_item_among_keys_and_a_key_among_list_items_are_named() -> None:
    assert syntax_error("a: 1\n- b\n") == (
        2,
        1,
        "a list item cannot follow the keys of the block at line 1, column 1; "
        "indent it under a key",
    )
    assert syntax_error("- a\nb: 1\n") == (
        2,
        1,
        'a "key: value" line cannot follow the list items of the block at line 1, column 1; '
        'start it with "- ", or move it out of the list',
    )


def test_text_after_a_value_says_to_quote_the_whole_value() -> None:
    assert syntax_error("title: 'it's here'\n") == (
        1,
        12,
        "text follows the closing quote; put the whole value in quotes "
        """(inside "…" write \\" for ", inside '…' write '' for ')""",
    )
    assert syntax_error("a: [1] x\n") == (
        1,
        8,
        "text follows the value; put the whole value in quotes",
    )


def test_a_tab_cannot_indent() -> None:
    assert syntax_error("a:\n\t- x\n") == (2, 1, "tabs cannot indent YAML; use spaces")


def test_a_tab_before_a_comment_is_separation_as_yaml_allows() -> None:
    node, problems = parse_yaml("a: x\t# note\n", "f.yaml")
    assert problems == []
    assert isinstance(node, YMap)


def test_a_value_starting_with_a_reserved_character_must_be_quoted() -> None:
    assert syntax_error("a: @handle\n") == (
        1,
        4,
        'a value cannot start with "@"; put the value in quotes',
    )


def test_an_unknown_escape_points_at_its_backslash() -> None:
    assert syntax_error('path: "C:\\docs"\n') == (
        1,
        10,
        '"\\d" is not an escape in double quotes; write "\\\\" for a backslash, '
        "or use single quotes",
    )


def test_a_line_without_a_colon_is_explained() -> None:
    assert syntax_error("a: 1\nb\nc: 2\n") == (
        2,
        1,
        'this line is neither "key: value" nor a list item; add ": " after the key, '
        "or indent the line to continue the value above",
    )


def test_an_unclosed_bracket_points_where_it_opens() -> None:
    message = 'the "[" opened here is not closed; end it with "]" and separate its items with ", "'
    assert syntax_error("a: [1, 2\n") == (1, 4, message)
    assert syntax_error("a: {x: 1\nb: 2\n")[:2] == (1, 4)


def test_items_without_a_comma_between_them_are_explained() -> None:
    assert syntax_error("a: {x: 1 y: 2}\n") == (
        1,
        11,
        'expected "," or "}" here (in the "{" at column 4); separate its items with ", "',
    )


def test_control_characters_are_found_and_named() -> None:
    assert control_offsets("a\tb\nc\r\x01d\x7f\x85") == [6, 8, 9]
    assert describe_char("\x1b") == "control character U+001B"
    assert describe_char("\ufffe") == "character U+FFFE"


# ---------------------------------------------------------------- property

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


def _within(node: YNode, last_line: int) -> bool:
    if isinstance(node, YScalar):
        return 1 <= node.loc.line <= last_line
    children: list[YNode] = (
        [n for pair in node.items for n in pair] if isinstance(node, YMap) else list(node.items)
    )
    return 1 <= node.loc.line <= last_line and all(_within(c, last_line) for c in children)


@given(st.dictionaries(_TEXT, _TEXT, min_size=1, max_size=8))
@settings(deadline=None)
def test_a_mapping_of_strings_round_trips_with_lines_inside_the_file(
    data: dict[str, str],
) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    node, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert isinstance(node, YMap)
    check = Check("f.yaml")
    assert {k.value: check.string(v, k.value) for k, v in node.items} == data
    assert check.problems == []
    assert _within(node, text.count("\n") + 1)


_YAMLISH = st.text(st.sampled_from(list("ab:-'\"[]{}#,|>&*!?@` \t\n")), max_size=40)


@given(_YAMLISH)
@settings(deadline=None)
def test_any_text_gives_a_tree_or_problems_inside_the_file(text: str) -> None:
    node, problems = parse_yaml(text, "f.yaml")
    assert (node is None) or not problems
    last_line = text.count("\n") + 1
    assert all(1 <= p.line <= last_line and p.col >= 1 for p in problems)
