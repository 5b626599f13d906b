"""Hardened YAML: positions kept, dangerous or ambiguous YAML rejected as problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from quotemark.model import Loc, Problem, Severity
from quotemark.yamlsafe import (
    Check,
    YMap,
    YNode,
    YScalar,
    YSeq,
    did_you_mean,
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
    assert parse_yaml("a: b: c\n", "f.yaml") == (
        None,
        [error(1, 5, "yaml-syntax", "mapping values are not allowed here")],
    )


def test_a_syntax_error_names_its_context() -> None:
    message = (
        "expected ',' or ']', but got the end of the file "
        "(while parsing a flow sequence at line 1, column 4)"
    )
    assert parse_yaml("a: [1, 2\n", "f.yaml") == (None, [error(2, 1, "yaml-syntax", message)])


def test_a_control_character_is_a_syntax_error() -> None:
    message = "character #x0007 is not allowed in YAML; remove it"
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


# ---------------------------------------------------------------- typed reads


def read_string(text: str) -> tuple[str | None, list[Problem]]:
    check = Check("f.yaml")
    value = check.string(parse_map(text).get("exact"), "attributions[a04].content[0].exact")
    return value, check.problems


def test_a_plain_no_where_a_string_is_expected_must_be_quoted() -> None:
    message = 'attributions[a04].content[0].exact: No is read by YAML as a boolean; quote it: "No"'
    assert read_string("exact: No") == (None, [error(1, 8, "yaml-coercion", message)])


def test_a_plain_date_number_null_or_on_must_be_quoted_too() -> None:
    label = "attributions[a04].content[0].exact"
    for raw, kind in [("2017-12-30", "a date"), ("1.5", "a number"), ("~", "null")]:
        message = f'{label}: {raw} is read by YAML as {kind}; quote it: "{raw}"'
        assert read_string(f"exact: {raw}") == (None, [error(1, 8, "yaml-coercion", message)])
    message = f'{label}: on is read by YAML as a boolean; quote it: "on"'
    assert read_string("exact: on") == (None, [error(1, 8, "yaml-coercion", message)])


def test_quoted_and_plain_words_are_strings() -> None:
    assert read_string('exact: "No"') == ("No", [])
    assert read_string("exact: No one trusts") == ("No one trusts", [])


def test_an_empty_value_or_a_list_is_not_a_string() -> None:
    label = "attributions[a04].content[0].exact"
    assert read_string("exact:") == (
        None,
        [error(1, 7, "bad-type", f"{label}: expected a string, got nothing")],
    )
    assert read_string("exact: [a]") == (
        None,
        [error(1, 8, "bad-type", f"{label}: expected a string, got a list")],
    )


def test_an_unknown_key_suggests_the_closest_known_one() -> None:
    check = Check("f.yaml")
    node = parse_map("exact: x\nprefx: y\nx-mine: z\n")
    check.keys(node, ("exact", "prefix", "suffix"), "attributions[a04].content[0]")
    message = 'unknown key "prefx" in attributions[a04].content[0]; did you mean "prefix"?'
    assert check.problems == [error(2, 1, "unknown-key", message)]


def test_an_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    check = Check("f.yaml")
    check.keys(parse_map("zzz: 1\n"), ("exact", "prefix"), "anchor")
    message = 'unknown key "zzz" in anchor; known keys: exact, prefix (and x-* for your own)'
    assert check.problems == [error(1, 1, "unknown-key", message)]


def test_a_missing_field_points_at_the_mapping_that_lacks_it() -> None:
    check = Check("f.yaml")
    node = parse_map("list:\n  - prefix: a\n").get("list")
    assert isinstance(node, YSeq) and isinstance(node.items[0], YMap)
    assert check.require(node.items[0], "exact", "regions[r1].anchor") is None
    message = 'regions[r1].anchor lacks "exact"'
    assert check.problems == [error(2, 5, "missing-field", message)]


def test_integers_are_plain_decimal_digits() -> None:
    check = Check("f.yaml")
    node = parse_map('a: 3\nb: "3"\nc: 017\n')
    assert check.integer(node.get("a"), "a") == 3
    assert check.integer(node.get("b"), "b") is None
    assert check.integer(node.get("c"), "c") is None
    assert check.problems == [
        error(2, 4, "bad-type", "b: expected a whole number, got a string"),
        error(3, 4, "bad-type", "c: expected a whole number, got a number"),
    ]


def test_booleans_are_plain_yaml_booleans() -> None:
    check = Check("f.yaml")
    node = parse_map('a: true\nb: no\nc: "true"\n')
    assert check.boolean(node.get("a"), "a") is True
    assert check.boolean(node.get("b"), "b") is False
    assert check.boolean(node.get("c"), "c") is None
    assert check.problems == [error(3, 4, "bad-type", "c: expected true or false, got a string")]


def test_a_choice_outside_its_set_is_a_bad_value() -> None:
    check = Check("f.yaml")
    assert check.choice(parse_map("kind: direkt").get("kind"), "kind", ("direct", "mixed")) is None
    message = 'kind: "direkt" is not one of direct, mixed; did you mean "direct"?'
    assert check.problems == [error(1, 7, "bad-value", message)]


def test_dates_may_be_quoted_or_not_but_must_be_real_days() -> None:
    check = Check("f.yaml")
    node = parse_map('a: 2017-12-30\nb: "2017-12-31"\nc: 2017-02-30\nd: [1]\n')
    assert check.date(node.get("a"), "a") == dt.date(2017, 12, 30)
    assert check.date(node.get("b"), "b") == dt.date(2017, 12, 31)
    assert check.date(node.get("c"), "c") is None
    assert check.date(node.get("d"), "d") is None
    assert check.problems == [
        error(3, 4, "bad-value", 'c: "2017-02-30" is not a date; write YYYY-MM-DD'),
        error(4, 4, "bad-type", "d: expected a date (YYYY-MM-DD), got a list"),
    ]


def test_web_addresses_must_be_http_or_https() -> None:
    check = Check("f.yaml")
    node = parse_map("a: https://example.org/x\nb: javascript:alert(1)\n")
    assert check.web_url(node.get("a"), "a") == "https://example.org/x"
    assert check.web_url(node.get("b"), "b") is None
    message = 'b: "javascript:alert(1)" is not an http(s) address like https://example.org/'
    assert check.problems == [error(2, 4, "bad-value", message)]


def test_did_you_mean_finds_close_words_only() -> None:
    assert did_you_mean("cjtf-oir", ["cjtf-oir-pao", "sana"]) == "cjtf-oir-pao"
    assert did_you_mean("zzz", ["cjtf-oir-pao", "sana"]) is None


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
