"""Plain text as Markdown that renders to exactly that text (verbatim)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark.htmltext import text_of
from quotemark.markup import render_markdown
from quotemark.verbatim import markdown_of

MARKDOWN_CHARACTERS = [*"#>*-+_`[]()!<&;:|~=\\/.1 ab\u00a0", "&amp;", "&#x41;", "<b>", "---"]


def shown(line: str) -> str:
    """The text a reader sees of one paragraph written by markdown_of."""
    return text_of(render_markdown(markdown_of(line)))


def test_plain_prose_is_written_unchanged() -> None:
    text = 'WASHINGTON (Sputnik) - The coalition "denies" it, the office said.'
    assert markdown_of(text) == text


def test_no_break_spaces_inside_a_line_are_kept_as_they_are() -> None:
    assert markdown_of("of\u00a0Daesh") == "of\u00a0Daesh"


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("#Election2020 trended", "\\#Election2020 trended"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("---", "\\---"),
        ("1. Maricopa", "1\\. Maricopa"),
        ("~~~", "&#126;~~"),
        ("*local time*", "\\*local time\\*"),
        ("our_job", "our\\_job"),
        ("[trends](x)", "\\[trends\\](x)"),
        ("a <b>bold</b> claim", "a &lt;b>bold&lt;/b> claim"),
        ("AT&T and &amp;", "AT&T and &amp;amp;"),
        ("C:\\path", "C:\\\\path"),
        ("\u00a0indented", "&#160;indented"),
    ],
)
def test_markdown_syntax_is_escaped(line: str, written: str) -> None:
    assert markdown_of(line) == written
    assert shown(line) == line


@settings(deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_CHARACTERS), min_size=1, max_size=12).map("".join))
def test_markdown_characters_render_as_themselves(line: str) -> None:
    line = line.strip(" \t")
    if line:
        assert shown(line) == line


@settings(deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30))
def test_any_line_of_text_renders_as_itself(line: str) -> None:
    line = line.strip(" \t")
    if line:
        assert shown(line) == line
