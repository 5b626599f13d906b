"""Highlights inserted into rendered HTML (SPEC §5)."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark.highlight import highlight
from quotemark.htmltext import VOID, text_of, tokenize
from quotemark.model import Aside, Ref, Wrap

CONTENT = (("class", "an an-content an-direct"), ("data-an", "a1"))
SOURCE = (("class", "an an-source"), ("data-an", "a1"))
MENTION = (("class", "an an-mention"), ("data-an", "m1"))
FIRST = (("id", "an-a1"), ("aria-details", "an-note-a1"))


def content(start: int, end: int, first: tuple[tuple[str, str], ...] = ()) -> Wrap:
    return Wrap(start, end, 1, "mark", CONTENT, "a1/content", first)


def source(start: int, end: int) -> Wrap:
    return Wrap(start, end, 2, "span", SOURCE, "a1/source")


def mention(start: int, end: int) -> Wrap:
    return Wrap(start, end, 3, "span", MENTION, "m1")


def ref(offset: int, key: str = "a1") -> Ref:
    return Ref(offset, f'<a class="an-ref" href="#an-note-{key}">{key}</a>', key)


# ---------------------------------------------------------------- examples


def test_a_quote_crossing_emphasis_and_a_link_is_split_per_text_piece() -> None:
    html = '<p>He said <em>no</em> to <a href="x">them</a> today.</p>'
    assert highlight(html, [content(3, 18)]) == (
        '<p>He <mark class="an an-content an-direct" data-an="a1">said </mark>'
        '<em><mark class="an an-content an-direct" data-an="a1">no</mark></em>'
        '<mark class="an an-content an-direct" data-an="a1"> to </mark>'
        '<a href="x"><mark class="an an-content an-direct" data-an="a1">them</mark></a>'
        " today.</p>"
    )


def test_a_span_over_two_paragraphs_leaves_the_break_outside() -> None:
    html = "<p>one two</p>\n<p>three</p>"
    assert highlight(html, [content(4, 13)]) == (
        '<p>one <mark class="an an-content an-direct" data-an="a1">two</mark></p>\n'
        '<p><mark class="an an-content an-direct" data-an="a1">three</mark></p>'
    )


def test_a_mention_crossing_a_content_end_and_a_source_start_is_split() -> None:
    html = "<p>Talks failed, the minister said.</p>"
    wraps = [content(0, 12), source(14, 26), mention(6, 18)]
    assert highlight(html, wraps) == (
        '<p><mark class="an an-content an-direct" data-an="a1">Talks '
        '<span class="an an-mention" data-an="m1">failed</span></mark>'
        '<span class="an an-mention" data-an="m1">, </span>'
        '<span class="an an-source" data-an="a1">'
        '<span class="an an-mention" data-an="m1">the </span>minister</span> said.</p>'
    )


def test_spans_with_the_same_start_nest_content_then_source_then_mention() -> None:
    html = "<p>Lavrov spoke here</p>"
    wraps = [mention(0, 6), source(0, 12), content(0, 17)]
    assert highlight(html, wraps) == (
        '<p><mark class="an an-content an-direct" data-an="a1">'
        '<span class="an an-source" data-an="a1"><span class="an an-mention" data-an="m1">'
        "Lavrov</span> spoke</span> here</mark></p>"
    )


def test_among_equal_ranks_the_longer_span_is_outside() -> None:
    html = "<p>abcdef</p>"
    short, long = Wrap(0, 2, 3, "span", (), "s"), Wrap(0, 4, 3, "span", (), "t")
    assert highlight(html, [short, long]) == "<p><span><span>ab</span>cd</span>ef</p>"


def test_among_equal_ranks_and_lengths_the_earlier_start_is_outside() -> None:
    html = "<p>abcdef</p>"
    late, early = Wrap(2, 6, 3, "i", (), "a"), Wrap(0, 4, 3, "b", (), "b")
    assert highlight(html, [late, early]) == "<p><b>ab<i>cd</i></b><i>ef</i></p>"


def test_wraps_over_the_same_range_nest_by_key() -> None:
    html = "<p>ab</p>"
    second, first = Wrap(0, 2, 3, "i", (), "k2"), Wrap(0, 2, 3, "b", (), "k1")
    assert highlight(html, [second, first]) == "<p><b><i>ab</i></b></p>"


def test_first_attributes_go_on_the_first_piece_only() -> None:
    html = "<p>ab<em>cd</em></p>"
    assert highlight(html, [content(0, 4, FIRST)]) == (
        '<p><mark class="an an-content an-direct" data-an="a1" id="an-a1" '
        'aria-details="an-note-a1">ab</mark>'
        '<em><mark class="an an-content an-direct" data-an="a1">cd</mark></em></p>'
    )


def test_class_comes_first_and_values_are_escaped() -> None:
    wrap = Wrap(0, 1, 1, "mark", (("data-x", 'a"<&'), ("class", "c")), "k")
    assert highlight("<p>ab</p>", [wrap]) == (
        '<p><mark class="c" data-x="a&quot;&lt;&amp;">a</mark>b</p>'
    )


def test_a_ref_goes_after_the_wrappers_that_end_at_its_offset() -> None:
    html = "<p>abcdef</p>"
    assert highlight(html, [content(0, 6), source(0, 3)], [ref(3)]) == (
        '<p><mark class="an an-content an-direct" data-an="a1">'
        '<span class="an an-source" data-an="a1">abc</span>'
        '<a class="an-ref" href="#an-note-a1">a1</a>def</mark></p>'
    )


def test_a_ref_at_the_end_of_a_paragraph_stays_in_it() -> None:
    html = "<p>abc</p>\n<p>def</p>"
    assert highlight(html, [content(0, 3)], [ref(3)]) == (
        '<p><mark class="an an-content an-direct" data-an="a1">abc</mark>'
        '<a class="an-ref" href="#an-note-a1">a1</a></p>\n<p>def</p>'
    )


def test_refs_at_one_offset_are_ordered_by_key() -> None:
    html = "<p>abc</p>"
    assert highlight(html, [], [ref(1, "b2"), ref(1, "a1")]) == (
        '<p>a<a class="an-ref" href="#an-note-a1">a1</a>'
        '<a class="an-ref" href="#an-note-b2">b2</a>bc</p>'
    )


def test_a_ref_inside_a_link_moves_after_the_link() -> None:
    html = '<p>see <a href="x">the report</a> now</p>'
    assert highlight(html, [], [ref(7)]) == (
        '<p>see <a href="x">the report</a><a class="an-ref" href="#an-note-a1">a1</a> now</p>'
    )


def test_an_aside_wraps_the_paragraph_its_range_touches() -> None:
    html = "<p>one</p>\n<p>Photo: AP</p>\n<p>three</p>"
    aside = Aside(6, 8, (("data-an", "r1"), ("class", "an an-region")))
    assert highlight(html, [], asides=[aside]) == (
        '<p>one</p>\n<aside class="an an-region" data-an="r1"><p>Photo: AP</p></aside>\n'
        "<p>three</p>"
    )


def test_neighbouring_blocks_touched_by_one_aside_share_it() -> None:
    html = "<p>one</p>\n<hr>\n<p>two</p>\n<p>three</p>"
    assert highlight(html, [], asides=[Aside(1, 6, ())]) == (
        "<aside><p>one</p>\n<hr>\n<p>two</p></aside>\n<p>three</p>"
    )


def test_an_aside_crossing_another_keeps_only_its_own_blocks() -> None:
    html = "<p>one</p><p>two</p><p>three</p>"
    asides = [Aside(5, 9, (("data-r", "2"),)), Aside(0, 5, (("data-r", "1"),))]
    assert highlight(html, [], asides=asides) == (
        '<aside data-r="1"><p>one</p><p>two</p></aside><aside data-r="2"><p>three</p></aside>'
    )


def test_asides_over_the_same_block_nest() -> None:
    asides = [Aside(0, 1, (("data-r", "2"),)), Aside(0, 3, (("data-r", "1"),))]
    assert highlight("<p>one</p>", [], asides=asides) == (
        '<aside data-r="1"><aside data-r="2"><p>one</p></aside></aside>'
    )


def test_entities_and_no_break_spaces_survive_a_split() -> None:
    html = "<p>A&amp;B&nbsp;C</p><p>x&amp;y</p>"
    assert highlight(html, [mention(1, 4)]) == (
        '<p>A<span class="an an-mention" data-an="m1">&amp;B\xa0</span>C</p><p>x&amp;y</p>'
    )


def test_a_text_node_covered_whole_keeps_its_source_bytes() -> None:
    html = "<p>A&nbsp;B</p>"
    assert highlight(html, [mention(0, 3)]) == (
        '<p><span class="an an-mention" data-an="m1">A&nbsp;B</span></p>'
    )


def test_empty_wraps_are_ignored() -> None:
    assert highlight("<p>ab</p>", [content(1, 1)]) == "<p>ab</p>"


def test_a_wrap_beyond_the_text_is_a_programmer_error() -> None:
    with pytest.raises(ValueError, match=r"range \[1, 4\) does not fit a text of length 3"):
        highlight("<p>abc</p>", [content(1, 4)])


def test_a_reversed_wrap_is_a_programmer_error() -> None:
    with pytest.raises(ValueError, match=r"range \[2, 1\) does not fit a text of length 3"):
        highlight("<p>abc</p>", [content(2, 1)])


# ---------------------------------------------------------------- properties

ATOMS = ["a", "Z", " ", "\n", '"', "'", "&amp;", "&nbsp;", "\xa0", "&#173;", "\xad", "&lt;"]
ATOMS += ["\U0001f600", "&#x1F600;", "é"]

texts = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=5).map("".join)
inlines = st.recursive(
    texts | st.just("<br>"),
    lambda children: st.builds(
        lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag.split()[0]}>",
        st.sampled_from(["em", "strong", 'a href="x"']),
        st.lists(children, min_size=1, max_size=3),
    ),
    max_leaves=8,
)
paragraphs = st.lists(inlines, min_size=1, max_size=4).map(lambda xs: f"<p>{''.join(xs)}</p>")
blocks = paragraphs | paragraphs.map(lambda p: f"<blockquote>\n{p}\n</blockquote>")
fragments = st.builds(
    lambda parts, sep: sep.join(parts),
    st.lists(blocks, min_size=1, max_size=4),
    st.sampled_from(["", "\n", "\n\n"]),
)


@st.composite
def annotated(draw: st.DrawFn) -> tuple[str, list[Wrap], list[Ref], list[Aside]]:
    """An HTML fragment with random wraps, refs and asides over its text."""
    html = draw(fragments)
    length = len(text_of(html))
    offsets = st.integers(0, length)
    wraps = []
    for n in range(draw(st.integers(0, 6))):
        start, end = sorted((draw(offsets), draw(offsets)))
        attrs = (("class", "an"), ("data-k", str(n)))
        first = (("id", f"w{n}"),) if draw(st.booleans()) else ()
        tag = draw(st.sampled_from(["mark", "span"]))
        wraps.append(Wrap(start, end, draw(st.integers(0, 3)), tag, attrs, f"k{n}", first))
    refs = [ref(draw(offsets), f"r{n}") for n in range(draw(st.integers(0, 3)))]
    asides = []
    for n in range(draw(st.integers(0, 2))):
        start, end = sorted((draw(offsets), draw(offsets)))
        asides.append(Aside(start, end, (("data-r", str(n)),)))
    return html, wraps, refs, asides


class Inspector(HTMLParser):
    """Collect the text of each wrap's pieces and every nesting fault."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []
        self.pieces: dict[str, str] = defaultdict(str)
        self.faults: list[str] = []

    def _in_wrap(self) -> bool:
        return any(key is not None for _, key, _ in self.stack)

    def _hidden(self) -> bool:
        return any(hidden for _, _, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        key, is_ref = attributes.get("data-k"), attributes.get("class") == "an-ref"
        if self._in_wrap() and key is None and not is_ref and not self._hidden():
            self.faults.append(f"<{tag}> inside a wrapper")
        if tag not in VOID:
            self.stack.append((tag, key, is_ref or self._hidden()))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.faults.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
            return
        _, key, hidden = self.stack.pop()
        if self._in_wrap() and key is None and not hidden:
            self.faults.append(f"</{tag}> inside a wrapper")

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            for _, key, _ in self.stack:
                if key is not None:
                    self.pieces[key] += data

    def close(self) -> None:
        super().close()
        self.faults.extend(f"<{tag}> never closed" for tag, _, _ in self.stack)


def inspect(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector


def separators(html: str) -> set[int]:
    """Offsets of the block separators in the anchor text of html."""
    counted = {k for t in tokenize(html) if t.start is not None for k in range(t.start, t.end)}
    return set(range(len(text_of(html)))) - counted


@settings(deadline=None)
@given(annotated())
def test_highlighting_never_changes_the_text(
    case: tuple[str, list[Wrap], list[Ref], list[Aside]],
) -> None:
    html, wraps, refs, asides = case
    assert text_of(highlight(html, wraps, refs, asides)) == text_of(html)


@settings(deadline=None)
@given(annotated())
def test_the_pieces_of_a_wrap_hold_its_text_without_separators(
    case: tuple[str, list[Wrap], list[Ref], list[Aside]],
) -> None:
    html, wraps, refs, asides = case
    text, gaps = text_of(html), separators(html)
    pieces = inspect(highlight(html, wraps, refs, asides)).pieces
    for n, wrap in enumerate(wraps):
        expected = "".join(text[k] for k in range(wrap.start, wrap.end) if k not in gaps)
        assert pieces.get(str(n), "") == expected


@settings(deadline=None)
@given(annotated())
def test_the_output_is_well_nested_and_wrappers_hold_only_text(
    case: tuple[str, list[Wrap], list[Ref], list[Aside]],
) -> None:
    html, wraps, refs, asides = case
    assert inspect(highlight(html, wraps, refs, asides)).faults == []


@settings(deadline=None)
@given(annotated(), st.randoms(use_true_random=False))
def test_the_output_does_not_depend_on_the_order_of_the_wraps(
    case: tuple[str, list[Wrap], list[Ref], list[Aside]], random: Random
) -> None:
    html, wraps, refs, asides = case
    shuffled = random.sample(wraps, len(wraps))
    assert highlight(html, shuffled, refs, asides) == highlight(html, wraps, refs, asides)


@settings(deadline=None)
@given(fragments)
def test_without_highlights_the_fragment_is_copied_byte_for_byte(html: str) -> None:
    assert highlight(html, []) == html
