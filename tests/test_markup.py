"""Markdown rendering and sanitising."""

from __future__ import annotations

import threading

import markdown
from hypothesis import given
from hypothesis import strategies as st

from quotemark import markup
from quotemark.markup import (
    BODY_CLEANER,
    BODY_EXTENSIONS,
    plain_html,
    render_markdown,
    render_note,
)

MARKDOWN_PIECES = (
    "X[^n] said.",
    "[^n]: a note",
    "[^m]: another",
    "Y[^m] and Z[^n].",
    "*[HTML]: Hyper Text",
    "HTML and CSS",
    "*[CSS]: Style Sheets",
    "```\ncode <b>\n```",
    "| a |\n|--:|\n| 1 |",
    "<div>raw</div>",
    "1. one\n2. two",
    "[r]: https://r.org\n\nsee [r]",
    "plain words",
)


def fresh_body(source: str) -> str:
    """What ``render_markdown`` gave when every body had a new converter."""
    md = markdown.Markdown(extensions=list(BODY_EXTENSIONS), output_format="html")
    return str(BODY_CLEANER.clean(md.convert(source)))


def test_quotation_marks_and_dashes_stay_verbatim() -> None:
    source = "He said \"it's fine\" -- and 'left' ... \u201cso\u201d."
    html = "<p>He said \"it's fine\" -- and 'left' ... \u201cso\u201d.</p>"
    assert render_markdown(source) == html


def test_emphasis_links_and_entities_render() -> None:
    source = 'A *b* **c** [d](https://e.org/f "T") &amp; &nbsp;g'
    assert render_markdown(source) == (
        '<p>A <em>b</em> <strong>c</strong> <a href="https://e.org/f" title="T" '
        'rel="noopener noreferrer">d</a> &amp; &nbsp;g</p>'
    )


def test_script_and_style_are_removed_with_their_content() -> None:
    source = "a\n\n<script>alert(1)</script><style>p{}</style>\n\nb"
    assert render_markdown(source) == "<p>a</p>\n\n\n\n<p>b</p>"


def test_event_handlers_classes_and_ids_are_stripped() -> None:
    source = '<p onclick="x()" class="vh" id="an-a1" style="color:red">raw</p>'
    assert render_markdown(source) == "<p>raw</p>"


def test_javascript_and_data_urls_are_dropped() -> None:
    source = "[a](javascript:alert(1)) ![b](data:image/png;base64,AA)"
    assert render_markdown(source) == '<p><a rel="noopener noreferrer">a</a> <img alt="b"></p>'


def test_relative_and_mailto_urls_survive() -> None:
    source = "[a](../x.html) [b](mailto:a@b.org) ![c](photo.jpg)"
    assert render_markdown(source) == (
        '<p><a href="../x.html" rel="noopener noreferrer">a</a> '
        '<a href="mailto:a@b.org" rel="noopener noreferrer">b</a> '
        '<img alt="c" src="photo.jpg"></p>'
    )


def test_blockquotes_lists_and_headings_render() -> None:
    source = "## H\n\n> q\n\n1. one\n2. two"
    assert render_markdown(source) == (
        "<h2>H</h2>\n<blockquote>\n<p>q</p>\n</blockquote>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>"
    )


def test_table_alignment_keeps_only_text_align() -> None:
    source = "| a |\n|--:|\n| 1 |"
    assert '<th style="text-align:right">a</th>' in render_markdown(source)


def test_footnotes_keep_their_ids_and_classes() -> None:
    html = render_markdown("X[^n]\n\n[^n]: note")
    assert html.startswith(
        '<p>X<sup id="fnref:n"><a class="footnote-ref" href="#fn:n" '
        'rel="noopener noreferrer">1</a></sup></p>\n<div class="footnote">'
    )
    assert '<li id="fn:n">' in html


def test_rendering_is_deterministic_across_calls() -> None:
    source = "X[^n] and Y[^m]\n\n[^n]: a\n[^m]: b"
    assert render_markdown(source) == render_markdown(source)


def test_a_body_after_one_with_footnotes_and_abbreviations_renders_as_if_fresh() -> None:
    render_markdown("HTML[^n] and CSS[^m]\n\n[^n]: a\n[^m]: b\n\n*[HTML]: Hyper Text\n*[CSS]: C")
    source = "HTML and CSS, no notes[^n]."
    assert render_markdown(source) == fresh_body(source)
    assert render_markdown(source) == "<p>HTML and CSS, no notes[^n].</p>"


def test_a_note_after_one_with_abbreviations_keeps_none_of_them() -> None:
    render_note("HTML\n\n*[HTML]: Hyper Text")
    assert render_note("HTML") == "<p>HTML</p>"


@given(st.lists(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=5), max_size=4))
def test_a_reused_converter_renders_every_body_as_a_fresh_one_would(
    bodies: list[list[str]],
) -> None:
    sources = ["\n\n".join(pieces) for pieces in bodies]
    assert [render_markdown(s) for s in sources] == [fresh_body(s) for s in sources]


def test_each_thread_has_its_own_converter() -> None:
    mine = markup._CONVERTERS.get(BODY_EXTENSIONS)
    theirs: list[markdown.Markdown] = []
    thread = threading.Thread(target=lambda: theirs.append(markup._CONVERTERS.get(BODY_EXTENSIONS)))
    thread.start()
    thread.join()
    assert markup._CONVERTERS.get(BODY_EXTENSIONS) is mine
    assert theirs[0] is not mine


def test_note_renders_inline_markdown_in_a_paragraph() -> None:
    assert render_note("Said *twice*, see [x](https://x.org).") == (
        '<p>Said <em>twice</em>, see <a href="https://x.org" rel="noopener noreferrer">x</a>.</p>'
    )


def test_note_keeps_no_ids_or_classes() -> None:
    source = '<sup id="fn:1">s</sup> <a class="footnote-ref" href="javascript:x">l</a>'
    assert render_note(source) == '<p><sup>s</sup> <a rel="noopener noreferrer">l</a></p>'


def test_plain_html_escapes_markup_but_not_quotes() -> None:
    assert plain_html("<b>\"A\" & 'B'</b>") == "&lt;b&gt;\"A\" &amp; 'B'&lt;/b&gt;"
