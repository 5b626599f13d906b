"""The fast YAML reader: it declines, or gives exactly the tree of the libyaml path."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotemark.content import split_front_matter
from quotemark.model import Loc
from quotemark.yamlfast import parse_fast
from quotemark.yamlsafe import YMap, YNode, YScalar, YSeq, parse_libyaml, parse_yaml
from tests.conftest import REPO, SHARED, bench_generator

T = TypeVar("T")


def yaml_files(folder: Path) -> list[Path]:
    """Every .yaml and .yml file under ``folder`` (none when it is missing)."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


REAL_FILES = [
    *yaml_files(REPO / "content"),
    *yaml_files(REPO / "tests"),
    *yaml_files(SHARED / "seeds"),
]
REAL_TEXTS = [p.read_text(encoding="utf-8-sig") for p in REAL_FILES]


def agrees(text: str, line_offset: int = 0) -> bool:
    """Check the fast path against the libyaml path; return whether it accepted the text."""
    accepted, root = parse_fast(text, line_offset)
    if accepted:
        expected, problems = parse_libyaml(text, "f.yaml", line_offset)
        assert problems == []
        assert root == expected
    return accepted


def accepted_and_equal(text: str, line_offset: int = 0) -> None:
    assert agrees(text, line_offset), text


def declined(text: str) -> bool:
    return parse_fast(text) == (False, None)


# ---------------------------------------------------------------- the files quotemark reads


def test_the_real_files_are_found() -> None:
    assert len(REAL_FILES) >= 20


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_every_real_yaml_file_is_read_by_the_fast_path(path: Path) -> None:
    accepted_and_equal(path.read_text(encoding="utf-8-sig"))


def test_every_real_front_matter_is_read_by_the_fast_path() -> None:
    pages = [p for p in (REPO / "content").rglob("*.md")] + list((REPO / "tests").rglob("*.md"))
    fronts = [split_front_matter(p.read_text(encoding="utf-8-sig")) for p in pages]
    texts = [parts[0] for parts in fronts if parts is not None]
    assert len(texts) >= 20
    for text in texts:
        accepted_and_equal(text, line_offset=1)


def test_every_generated_sidecar_and_front_matter_is_read_by_the_fast_path(
    tmp_path: Path,
) -> None:
    assert bench_generator().main(["--articles", "150", "--out", str(tmp_path)]) == 0
    sidecars = yaml_files(tmp_path)
    pages = list(tmp_path.rglob("*.md"))
    assert (len(sidecars), len(pages)) == (152, 150)
    for path in sidecars:
        accepted_and_equal(path.read_text(encoding="utf-8"))
    for page in pages:
        parts = split_front_matter(page.read_text(encoding="utf-8"))
        assert parts is not None
        accepted_and_equal(parts[0], line_offset=1)


# ---------------------------------------------------------------- what it reads


def test_parse_yaml_gives_the_fast_tree_with_its_line_offset() -> None:
    node, problems = parse_yaml("a: [x, 'y']\nb:\n- c: 1\n", "f.md", line_offset=1)
    assert problems == []
    assert node == YMap(
        (
            (
                YScalar("a", Loc(2, 1), True),
                YSeq(
                    (YScalar("x", Loc(2, 5), True), YScalar("y", Loc(2, 8))),
                    Loc(2, 4),
                ),
            ),
            (
                YScalar("b", Loc(3, 1), True),
                YSeq(
                    (
                        YMap(
                            (
                                (
                                    YScalar("c", Loc(4, 3), True),
                                    YScalar("1", Loc(4, 6), True, "int"),
                                ),
                            ),
                            Loc(4, 3),
                        ),
                    ),
                    Loc(4, 1),
                ),
            ),
        ),
        Loc(2, 1),
    )


def test_parse_yaml_reads_subset_texts_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str, display: str, line_offset: int = 0) -> None:
        raise AssertionError("the libyaml path was used")

    monkeypatch.setattr("quotemark.yamlsafe.parse_libyaml", fail)
    for text in REAL_TEXTS:
        assert parse_yaml(text, "f.yaml")[1] == []


def test_an_empty_or_comment_only_text_is_an_empty_document() -> None:
    assert parse_fast("") == (True, None)
    assert parse_fast("# a comment\n\n  \n") == (True, None)


def test_empty_values_are_plain_nulls_just_after_their_indicator() -> None:
    accepted, root = parse_fast("a:\nb: # none\nc:\n- \n-\n")
    assert accepted
    assert isinstance(root, YMap)
    assert [value.loc for _, value in root.items[:2]] == [Loc(1, 3), Loc(2, 3)]
    nulls = root.items[2][1]
    assert isinstance(nulls, YSeq)
    assert nulls.items == (
        YScalar("", Loc(4, 2), True, "null"),
        YScalar("", Loc(5, 2), True, "null"),
    )
    accepted_and_equal("a:\nb: # none\nc:\n- \n-\n")


@pytest.mark.parametrize(
    "text",
    [
        "a: one\n  two\n\n  three  \nb: 2\n",
        "a: >-\n  one\n  two\n\n  three\nb: |\n  x\n   y\n\n",
        "a: |\n  last\n",
        "a: |\n  no newline at the end",
        "- - x\n  - y\n- a: 1\n  b:\n  - c\n",
        "--- # the document\nkey: 'it''s'\nk2: \"a \\\"q\\\" \\\\ \\n\"\n",
        "a: {b: [c, {d: e}], 'f': \"g\"}  # flow\nurl: [https://example.org/x, a:b]\n",
        "é: ü 😀 [x]\nb: 'é' # c\nc: [é, 😀, x]\n",
        "a: x#y\nb: -1\nc: 2019-01-03\nd: yes\ne: ~\nf: 1.5e3\n",
        "  a: 1\n  b: 2\n",
    ],
)
def test_subset_texts_are_read_exactly(text: str) -> None:
    accepted_and_equal(text)


# ---------------------------------------------------------------- what it declines


@pytest.mark.parametrize(
    "text",
    [
        "a:\tb\n",
        "a: b\r\n",
        "a: b\x85c\n",
        "a: b\u2028c\n",
        "a: \x01\n",
        "a: \ufeffb\n",
        "a: &x b\nc: *x\n",
        "a: !!str b\n",
        "? a\n: b\n",
        "%YAML 1.1\n---\na: b\n",
        "a: b\n...\n",
        "a: b\n---\nc: d\n",
        "---\n",
        "a: 1\na: 2\n",
        "a: {b: 1, b: 2}\n",
        "a: [b,\n  c]\n",
        "a: 'b\n  c'\n",
        'a: "b\\x41"\n',
        "a: |+\n  b\n",
        "a: |2\n   b\n",
        "a: >\n  b\n   c\n",
        "a: b: c\n",
        "a: b\n  c: d\n",
        "a:\n  - b\n  c: d\n",
        "just a scalar\n",
        "a: [b, ]\n",
        "a: {b}\n",
        "- a\nb: c\n",
        "a: 1\n b: 2\n",
    ],
)
def test_constructs_outside_the_subset_are_declined(text: str) -> None:
    assert declined(text)


def test_declined_errors_keep_the_libyaml_paths_messages() -> None:
    node, problems = parse_yaml("a: 1\na: 2\n", "f.yaml")
    assert node is None
    assert [p.code for p in problems] == ["yaml-duplicate-key"]


# ---------------------------------------------------------------- differential properties

# Each choice draws from the usual forms, or (at a document's rate of oddness, in percent)
# from forms just outside the subset, or errors.
WORDS = [
    *["foo", "a b", "x:y", "x#y", "-x", "it's", 'say "hi"', "é", "😀", "ü ber", "a  b"],
    *["1", "-1", "0o17", "2019-01-03", "true", "No", "~", "null", "1.5", "http://a.b/c"],
    *["a, b", "x\u00a0y", "<<", "=", "[x]", "{x}", "'q'", '"q"', "|", ">", "..."],
]
ODD_WORDS = [
    *["x: y", "x #y", "- x", "&a", "*a", "!t", "?x", "? x", "%x", "@x", "`x", "#", ":", "::"],
    *["---", "\t", " ", "  ", "\\", "\u2028", "\x85", "\ufeff", "\x01", "\r", ""],
]
ESCAPES = ['\\"', "\\\\", "\\n", "\\t", "\\/", "\\N", "\\ ", "''"]
ODD_ESCAPES = ["\\x41", "\\u00e9", "\\q", "\\"]


def pick(draw: st.DrawFn, odd: int, usual: list[T], unusual: list[T]) -> T:
    """Draw one of ``usual``, or of ``unusual`` at a rate of ``odd`` percent."""
    if odd and draw(st.integers(1, 100)) <= odd:
        return draw(st.sampled_from(unusual))
    return draw(st.sampled_from(usual))


FIRST_WORDS = [word for word in WORDS if word[0] not in "[]{}'\"|>."]
ODD_FIRST_WORDS = [*ODD_WORDS, *(word for word in WORDS if word not in FIRST_WORDS)]


@st.composite
def plain_text(draw: st.DrawFn, odd: int) -> str:
    first = pick(draw, odd, FIRST_WORDS, ODD_FIRST_WORDS)
    more = [pick(draw, odd, WORDS, ODD_WORDS) for _ in range(draw(st.integers(0, 2)))]
    return " ".join([first, *more])


@st.composite
def quoted_text(draw: st.DrawFn, odd: int) -> str:
    quote = draw(st.sampled_from(["'", '"']))
    words = [*WORDS, *ESCAPES]
    parts = [
        pick(draw, odd, words, [*ODD_WORDS, *ODD_ESCAPES]) for _ in range(draw(st.integers(0, 3)))
    ]
    closing = pick(draw, odd, [quote], ["", quote + "x", quote + " # c", quote + "#c"])
    return quote + " ".join(parts) + closing


@st.composite
def flow_text(draw: st.DrawFn, odd: int, depth: int = 0) -> str:
    leaf = st.one_of(plain_text(odd), quoted_text(odd))
    inner = st.one_of(leaf, flow_text(odd, depth + 1)) if depth < 2 else leaf
    items = draw(st.lists(inner, max_size=3))
    if draw(st.booleans()):
        opening, closing = "[", "]"
    else:
        keys = [draw(st.one_of(plain_text(odd), quoted_text(odd))) for _ in items]
        items = [f"{k}: {v}" for k, v in zip(keys, items, strict=True)]
        opening, closing = "{", "}"
    sep = pick(draw, odd, [", ", ",", " , "], [",,", " ,"])
    end = pick(draw, odd, [closing, " " + closing], ["", ", " + closing, closing + "x"])
    return opening + sep.join(items) + end


@st.composite
def inline_value(draw: st.DrawFn, odd: int) -> str:
    odd_value = st.sampled_from(["&a x", "*a", "!!str x", "! x", "&a", "|", ">-", "? x", "- x"])
    usual = st.one_of(plain_text(odd), quoted_text(odd), flow_text(odd))
    return draw(pick(draw, odd, [usual], [odd_value]))


@st.composite
def block_scalar_lines(draw: st.DrawFn, odd: int, indent: int) -> list[str]:
    header = pick(draw, odd, ["|", ">", "|-", ">-", "> # c"], ["|+", ">+", "|2", ">1-", "|x"])
    lines = [header]
    inner = indent + pick(draw, odd, [2, 1, 4], [0, -1])
    for _ in range(draw(st.integers(1, 4))):
        shift = pick(draw, odd, [0], [1, 2, -1])
        text = pick(draw, odd, [draw(plain_text(odd)), "# no comment"], ["", " ", "   "])
        lines.append(" " * max(inner + shift, 0) + text if text.strip() else text)
    return lines


def decorate(draw: st.DrawFn, odd: int, line: str) -> str:
    """Maybe add trailing spaces or a comment to a line."""
    return line + pick(draw, odd, ["", "", " ", "  # note"], ["#x", " #", "\t"])


@st.composite
def continuation(draw: st.DrawFn, odd: int, indent: int) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(0, 2))):
        shift = pick(draw, odd, [1, 2, 3], [0, -1])
        blank = pick(draw, odd, ["", "", "\n", "\n  \n"], ["\n# c\n", "\n     \n"])
        lines.append(blank + " " * max(indent + shift, 0) + draw(plain_text(odd)))
    return lines


ENTRY_FORMS = ["inline", "inline", "multi", "block", "map", "seq", "same", "empty"]


@st.composite
def entry_lines(draw: st.DrawFn, odd: int, head: str, indent: int, depth: int) -> list[str]:
    """Lines for ``head`` (``key:`` or ``-``) followed by a value of any form."""
    form = draw(st.sampled_from(ENTRY_FORMS))
    if form == "inline" or (depth > 2 and form in ("map", "seq", "same")):
        return [decorate(draw, odd, f"{head} {draw(inline_value(odd))}")]
    if form == "multi":
        return [f"{head} {draw(plain_text(odd))}", *draw(continuation(odd, indent))]
    if form == "block":
        first, *rest = draw(block_scalar_lines(odd, indent))
        return [f"{head} {first}", *rest]
    if form == "empty":
        return [decorate(draw, odd, head)]
    is_item = head.lstrip(" ").startswith("-")
    same = form == "same" and not is_item
    shift = 0 if same else pick(draw, odd, [2, 4, 1], [0, -1])
    child = draw(block_node(odd, indent + shift, depth + 1, seq=form != "map"))
    if is_item and draw(st.booleans()):
        gap = " " * max(shift - 1, 1)
        return [f"{head}{gap}{child[0].lstrip(' ')}", *child[1:]]  # a compact node
    return [head, *child]


@st.composite
def block_node(
    draw: st.DrawFn, odd: int, indent: int, depth: int = 0, seq: bool = False
) -> list[str]:
    lines: list[str] = []
    keys = st.one_of(plain_text(odd), quoted_text(odd), st.sampled_from(["k", "id", "é"]))
    for _ in range(draw(st.integers(1, 3))):
        pad = " " * max(indent + pick(draw, odd, [0], [1, -1]), 0)
        head = pad + "-" if seq else f"{pad}{draw(keys)}:"
        lines += draw(entry_lines(odd, head, indent, depth))
        extra = pick(draw, odd, ["", "", "# comment", "  # comment", " "], ["", "\t"])
        if extra:
            lines.append(extra)
    return lines


@st.composite
def document(draw: st.DrawFn) -> str:
    odd = draw(st.sampled_from([0, 0, 2, 10, 30]))
    start = pick(draw, odd, ["", "---\n", "# head\n", "--- # c\n"], ["%YAML 1.1\n---\n", "--- x\n"])
    indent = pick(draw, odd, [0, 0, 2], [1])
    body = draw(block_node(odd, indent, seq=draw(st.booleans())))
    end = pick(draw, odd, ["\n", "", "\n\n  \n"], ["\n...\n", "\n---\nx: 1\n", "\n-"])
    return start + "\n".join(body) + end


SIGNIFICANT = [*" :-#'\"[]{},&*!|>%@`?\n\t\r\\é😀\u00a0", "  ", "- ", ": ", " #"]


@st.composite
def mutated_sidecar(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(REAL_TEXTS))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["insert", "delete", "replace"]))
        new = "" if how == "delete" else draw(st.sampled_from(SIGNIFICANT))
        text = text[:at] + new + text[at + (0 if how == "insert" else 1) :]
    return text


FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(document(), st.sampled_from([0, 1]))
def test_generated_documents_are_declined_or_read_exactly(text: str, line_offset: int) -> None:
    agrees(text, line_offset)


@FAST
@given(mutated_sidecar())
def test_mutated_sidecars_are_declined_or_read_exactly(text: str) -> None:
    agrees(text)


def count_nodes(node: YNode | None) -> int:
    """Count the nodes of a tree (a check that trees are not trivially empty)."""
    if isinstance(node, YSeq):
        return 1 + sum(count_nodes(item) for item in node.items)
    if isinstance(node, YMap):
        return 1 + sum(count_nodes(k) + count_nodes(v) for k, v in node.items)
    return 0 if node is None else 1


def test_the_real_trees_are_not_trivial() -> None:
    assert all(count_nodes(parse_fast(text)[1]) > 4 for text in REAL_TEXTS)
