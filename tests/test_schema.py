"""Typed reads of YAML nodes: each field checked, each problem named where it stands."""

from __future__ import annotations

import datetime as dt

from quotemark.model import Problem, Severity
from quotemark.schema import Check, calendar_fault, did_you_mean
from quotemark.yamlsafe import YMap, YSeq, parse_yaml


def error(line: int, col: int, code: str, message: str, path: str = "f.yaml") -> Problem:
    return Problem(path, line, col, Severity.ERROR, code, message)


def parse_map(text: str) -> YMap:
    node, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert isinstance(node, YMap)
    return node


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
        error(
            3,
            4,
            "bad-value",
            'c: "2017-02-30" is not a calendar date (day must be in 1..28 for 2017-02); '
            "write YYYY-MM-DD",
        ),
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


def test_a_missing_field_may_carry_a_hint() -> None:
    check = Check("f.yaml")
    assert (
        check.require(parse_map("date: 2020-01-01\n"), "title", "front matter", hint="add it")
        is None
    )
    assert check.problems == [error(1, 1, "missing-field", 'front matter lacks "title"; add it')]


def test_a_string_holding_a_control_character_is_a_bad_value() -> None:
    check = Check("f.yaml")
    node = parse_map('a: "bell\\a"\nb: "tab\\tnewline\\n"\n')
    assert check.string(node.get("a"), "a") is None
    assert check.string(node.get("b"), "b") == "tab\tnewline\n"
    message = "a: contains control character U+0007; remove it"
    assert check.problems == [error(1, 4, "bad-value", message)]


def test_a_calendar_fault_names_the_part_out_of_range() -> None:
    assert calendar_fault("0000-01-01") == "year must be in 1..9999"
    assert calendar_fault("2017-00-10") == "month must be in 1..12"
    assert calendar_fault("2020-02-30") == "day must be in 1..29 for 2020-02"
    assert calendar_fault("2021-01-00") == "day must be in 1..31 for 2021-01"
    assert calendar_fault("2020-02-29") is None
