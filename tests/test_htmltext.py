"""The anchor text of an HTML fragment, and its tokens."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from quotemark.htmltext import Token, text_of, tokenize


def test_paragraphs_are_joined_by_one_newline() -> None:
    assert text_of("<p>a</p>\n<p>b</p>") == "a\nb"


def test_whitespace_between_nested_blocks_is_not_text() -> None:
    assert text_of("<blockquote>\n<p>q</p>\n</blockquote>\n<ul>\n<li>x</li>\n</ul>\n") == "q\nx"


def test_several_boundaries_in_a_row_give_one_newline() -> None:
    assert text_of("<p>a<br><br>b</p><p></p><p>c</p>") == "a\nb\nc"


def test_a_line_break_is_a_newline_and_the_text_after_it_stays_verbatim() -> None:
    assert text_of("<p>foo<br>\nbar</p>") == "foo\n\nbar"


def test_whitespace_inside_a_paragraph_is_kept() -> None:
    assert text_of("<p>foo </p><p>x<em> </em>y</p>") == "foo \nx y"


def test_entities_are_decoded() -> None:
    assert text_of("<p>&amp; &nbsp;x&#173;y &#x1F600;</p>") == "& \xa0x\xady \U0001f600"


def test_a_paragraph_of_no_break_spaces_is_text() -> None:
    assert text_of("<p>a</p><p>&nbsp;</p>") == "a\n\xa0"


def test_footnote_links_and_hidden_labels_are_not_text() -> None:
    html = '<p>a<a class="an-ref" href="#n">[1]</a> b<span class="x vh">label</span></p>'
    assert text_of(html) == "a b"


def test_a_hidden_block_does_not_cut_the_text() -> None:
    assert text_of('<p>a<span class="vh"><br></span>b</p>') == "ab"


def test_script_content_is_not_text() -> None:
    assert text_of('<p>x<script>var a="<p>";</script>y</p>') == "xy"


def test_comments_are_not_text() -> None:
    assert text_of("<p>a<!-- c -->b</p>") == "ab"


def test_an_empty_fragment_has_no_text() -> None:
    assert text_of("") == ""


def test_text_tokens_carry_their_offsets() -> None:
    tokens = tokenize("<p>ab<em>c</em></p>\n<p>d</p>")
    assert [(t.raw, t.start) for t in tokens if t.kind == "text"] == [
        ("ab", 0),
        ("c", 2),
        ("\n", None),
        ("d", 4),
    ]


def test_tokens_know_their_depth() -> None:
    tokens = tokenize("<div><p>a<br></p></div>")
    assert [(t.raw, t.depth) for t in tokens] == [
        ("<div>", 0),
        ("<p>", 1),
        ("a", 2),
        ("<br>", 2),
        ("</p>", 1),
        ("</div>", 0),
    ]


@given(st.text(alphabet="<>/&;apb #x1!-?r\"'=\n\xa0"))
def test_the_raw_slices_of_the_tokens_rebuild_the_source(html: str) -> None:
    assert "".join(token.raw for token in tokenize(html)) == html


def test_placing_a_token_changes_its_offset_only() -> None:
    token = Token("text", "a&amp;b", 2, "", (), "a&b", None, True)
    assert token.at(7) == dataclasses.replace(token, start=7)
