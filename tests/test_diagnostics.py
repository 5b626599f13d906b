"""Every class of bad input, as a user meets it: one exact diagnostic line and the exit code.

Each case writes a small content/ folder, runs ``check`` (or ``build``) through the command
line and compares stderr's compiler-style lines with the expected ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import Run, TempProject

ART = "2020/2020-05-17-bridge.md"
SIDE = "2020/2020-05-17-bridge.annotations.yaml"
A = f"content/{ART}"
S = f"content/{SIDE}"
BODY = """\
The mayor said the bridge "is a gift to the city of Riverton," and added that it cost less.

"It is a gift to the city," the engineer said on Monday.
"""
TITLE = 'title: "Mayor Opens Bridge"'
DATE = "date: 2020-05-17"
QUOTE = '"is a gift to the city of Riverton,"'
SCHEMA = "schema: annotated-news/sidecar@1\n"
MAYOR = "entities:\n  - {id: mayor, name: The mayor, type: person}\n"
Files = Mapping[str, str | bytes]


def article(*fields: str, body: str = BODY) -> str:
    """An article whose front matter holds ``fields``, one per line from line 2."""
    return "---\n" + "".join(f"{field}\n" for field in fields) + "---\n" + body


def sidecar(content: str = QUOTE, head: str = "", attribution: str = "", tail: str = "") -> str:
    """The bridge sidecar: entity "mayor" on line 3 and attribution a1 from line 5.

    As written, a1's source is line 7 and its one content item line 9. ``head`` goes
    after line 1, ``attribution`` after the source, ``tail`` at the end.
    """
    return (
        f"{SCHEMA}{head}{MAYOR}attributions:\n"
        "  - id: a1\n"
        "    kind: direct\n"
        "    source: {entity: mayor, mention: The mayor}\n"
        f"{attribution}    content:\n"
        f"      - {content}\n"
        f"{tail}"
    )


def front(*fields: str, body: str = BODY) -> dict[str, str | bytes]:
    """Only the bridge article, its front matter holding ``fields``."""
    return {ART: article(*fields, body=body)}


def annotated(text: str | bytes) -> dict[str, str | bytes]:
    """The bridge article with ``text`` as its sidecar."""
    return {ART: article(TITLE, DATE), SIDE: text}


def write_all(project: TempProject, files: Files) -> None:
    """Write each file under content/ exactly as given."""
    for rel, data in files.items():
        path = project.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def check(project: TempProject, files: Files) -> Run:
    """Write the files and run ``check`` as a user would."""
    write_all(project, files)
    return project.run("check")


def assert_fails_with(run: Run, *expected: str) -> None:
    """The run failed with exactly these diagnostics and no traceback."""
    assert "Traceback" not in run.err
    assert (run.code, run.diagnostics) == (1, list(expected))


# ---------------------------------------------------------------- YAML the loader refuses


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar() + "---\n" + SCHEMA),
            f"{S}:10:1: error[yaml-syntax]: a file holds one YAML document; "
            'remove the second "---"',
            id="a second document in a sidecar",
        ),
        pytest.param(
            {ART: b"---\ntitle: Mayor\x00 Opens Bridge\ndate: 2020-05-17\n---\nText.\n"},
            f"{A}:2:13: error[yaml-syntax]: control character U+0000 is not allowed in YAML; "
            "remove it",
            id="a NUL character in front matter",
        ),
        pytest.param(
            {ART: f"---\n{TITLE}\n{DATE}\n{BODY}"},
            f'{A}:1:1: error[yaml-syntax]: front matter opened with "---" on line 1 is never '
            'closed; end it with "---"',
            id="front matter with no closing fence",
        ),
    ],
)
def test_a_yaml_syntax_error_is_one_line_at_the_fault(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


UNCLOSED_SIDECAR = annotated(sidecar(content=QUOTE[:-1]))
UNCLOSED_FRONT = front('title: "Mayor Opens Bridge', DATE)
COLON_IN_TITLE = front("title: Breaking: the mayor speaks", DATE)
OVER_INDENTED = annotated(f"{SCHEMA}entities:\n  - id: mayor\n     name: The mayor\n")
UNDER_INDENTED = annotated(
    f"{SCHEMA}attributions:\n  - id: a1\n    kind: direct\n   source: {{entity: mayor}}\n"
)
TAB_INDENTED = annotated(f"{SCHEMA}entities:\n\t- {{id: mayor, name: The mayor}}\n")
UNREAL_DATE = front(TITLE, "date: 2017-13-45")
UNCLOSED = 'the quoted text starting here is never closed; end it with a matching "'
STRAY_COLON = (
    "mapping values are not allowed here; "
    'quote a value that contains ": ", or check this line\'s indentation'
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(UNCLOSED_SIDECAR, f"{S}:9:9: error[yaml-syntax]: {UNCLOSED}", id="sidecar"),
        pytest.param(UNCLOSED_FRONT, f"{A}:2:8: error[yaml-syntax]: {UNCLOSED}", id="front"),
    ],
)
def test_an_unclosed_quote_is_reported_where_it_opens(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(COLON_IN_TITLE, f"{A}:2:16: error[yaml-syntax]: {STRAY_COLON}", id="colon"),
        pytest.param(OVER_INDENTED, f"{S}:4:10: error[yaml-syntax]: {STRAY_COLON}", id="indent"),
    ],
)
def test_a_stray_colon_says_to_quote_the_value_or_fix_the_indentation(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


def test_a_key_indented_out_of_line_is_explained_in_plain_words(project: TempProject) -> None:
    assert_fails_with(
        check(project, UNDER_INDENTED),
        f"{S}:5:4: error[yaml-syntax]: this line is indented differently from the lines above "
        "it (in the block at line 3, column 3); indent it like its neighbours",
    )


def test_a_tab_used_for_indentation_says_to_use_spaces(project: TempProject) -> None:
    assert_fails_with(
        check(project, TAB_INDENTED),
        f"{S}:3:1: error[yaml-syntax]: tabs cannot indent YAML; use spaces",
    )


def test_text_after_a_closing_quote_says_to_quote_the_whole_value(project: TempProject) -> None:
    assert_fails_with(
        check(project, front('title: "Mayor" Opens Bridge', DATE)),
        f"{A}:2:16: error[yaml-syntax]: text follows the closing quote; put the whole value in "
        """quotes (inside "…" write \\" for ", inside '…' write '' for ')""",
    )


def test_an_unclosed_bracket_is_reported_where_it_opens(project: TempProject) -> None:
    assert_fails_with(
        check(project, front(TITLE, DATE, "tags: [syria, daesh")),
        f'{A}:4:7: error[yaml-syntax]: the "[" opened here is not closed; end it with "]" '
        'and separate its items with ", "',
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(
                sidecar(tail="mentions:\n  - &m {id: m1, entity: mayor, anchor: a}\n  - *m\n")
            ),
            [
                f"{S}:11:5: error[yaml-alias]: anchors are not allowed (&m); "
                "write each value out in full",
                f"{S}:12:5: error[yaml-alias]: aliases are not allowed (*m); "
                "write the value out in full",
            ],
            id="in a sidecar",
        ),
        pytest.param(
            front("title: &t Mayor Opens Bridge", DATE, "summary: *t"),
            [
                f"{A}:2:8: error[yaml-alias]: anchors are not allowed (&t); "
                "write each value out in full",
                f"{A}:4:10: error[yaml-alias]: aliases are not allowed (*t); "
                "write the value out in full",
            ],
            id="in front matter",
        ),
    ],
)
def test_anchors_and_aliases_are_refused_where_they_stand(
    project: TempProject, files: Files, expected: list[str]
) -> None:
    assert_fails_with(check(project, files), *expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar(tail="entities: []\n")),
            f'{S}:10:1: error[yaml-duplicate-key]: duplicate key "entities" (first at line 2); '
            "keep one",
            id="in a sidecar",
        ),
        pytest.param(
            front(TITLE, DATE, 'title: "Bridge Opens"'),
            f'{A}:4:1: error[yaml-duplicate-key]: duplicate key "title" (first at line 2); '
            "keep one",
            id="in front matter",
        ),
    ],
)
def test_a_duplicate_key_is_reported_at_its_second_occurrence(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar(content="!!python/object:os.system {}")),
            f"{S}:9:9: error[yaml-tag]: tags are not allowed (!!python/object:os.system); "
            "write a plain value",
            id="in a sidecar",
        ),
        pytest.param(
            front('title: !!python/object/apply:os.system ["echo"]', DATE),
            f"{A}:2:8: error[yaml-tag]: tags are not allowed "
            "(!!python/object/apply:os.system); write a plain value",
            id="in front matter",
        ),
    ],
)
def test_a_python_tag_is_refused_and_never_run(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar(content="{exact: No}")),
            f"{S}:9:17: error[yaml-coercion]: attributions[a1].content[0].exact: No is read by "
            'YAML as a boolean; quote it: "No"',
            id="exact: No",
        ),
        pytest.param(
            annotated(sidecar(content="{exact: 2017-12-30}")),
            f"{S}:9:17: error[yaml-coercion]: attributions[a1].content[0].exact: 2017-12-30 is "
            'read by YAML as a date; quote it: "2017-12-30"',
            id="exact: a date",
        ),
        pytest.param(
            front("title: yes", DATE),
            f"{A}:2:8: error[yaml-coercion]: title: yes is read by YAML as a boolean; "
            'quote it: "yes"',
            id="title: yes",
        ),
        pytest.param(
            front("title: 1984", DATE),
            f"{A}:2:8: error[yaml-coercion]: title: 1984 is read by YAML as a number; "
            'quote it: "1984"',
            id="title: a number",
        ),
        pytest.param(
            front(TITLE, DATE, "tags: [syria, yes]"),
            f"{A}:4:15: error[yaml-coercion]: tags[1]: yes is read by YAML as a boolean; "
            'quote it: "yes"',
            id="a tag: yes",
        ),
    ],
)
def test_a_value_yaml_would_not_read_as_text_must_be_quoted(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


# ---------------------------------------------------------------- files the loader refuses


@pytest.mark.parametrize(
    ("files", "path"),
    [
        pytest.param(
            annotated(sidecar(tail="x-padding: |\n" + ("  " + "a" * 98 + "\n") * 10_700)),
            S,
            id="a sidecar",
        ),
        pytest.param(front(TITLE, DATE, body="a" * (1 << 20)), A, id="an article"),
    ],
)
def test_a_file_over_one_mebibyte_is_refused(project: TempProject, files: Files, path: str) -> None:
    size = len(files[path.removeprefix("content/")])
    assert size > 1 << 20
    assert_fails_with(
        check(project, files),
        f"{path}:1:1: error[file-too-large]: file is {size} bytes, over the 1 MiB limit; "
        "split it up",
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {ART: article("title: Café Opens", DATE).encode("latin-1")},
            f"{A}:2:11: error[not-utf8]: byte 0xe9 is not valid UTF-8; save the file as UTF-8",
            id="a latin-1 article",
        ),
        pytest.param(
            annotated(sidecar(tail="x-note: naïve\n").encode("latin-1")),
            f"{S}:10:11: error[not-utf8]: byte 0xef is not valid UTF-8; save the file as UTF-8",
            id="a latin-1 sidecar",
        ),
        pytest.param(
            {ART: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"},
            f"{A}:1:1: error[not-utf8]: byte 0x89 is not valid UTF-8; save the file as UTF-8",
            id="an image named .md",
        ),
        pytest.param(
            {ART: bytes(range(256))},
            f"{A}:2:118: error[not-utf8]: byte 0x80 is not valid UTF-8; save the file as UTF-8",
            id="arbitrary bytes named .md",
        ),
    ],
)
def test_text_that_is_not_utf8_is_refused_at_its_first_bad_byte(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


# ---------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            front(TITLE, DATE, 'titel: "Mayor Opens Bridge"'),
            f'{A}:4:1: error[unknown-key]: unknown key "titel" in front matter; '
            'did you mean "title"?',
            id="titel in front matter",
        ),
        pytest.param(
            annotated(sidecar(content=f'{{exact: {QUOTE}, prefx: "bridge "}}')),
            f'{S}:9:55: error[unknown-key]: unknown key "prefx" in attributions[a1].content[0]; '
            'did you mean "prefix"?',
            id="prefx in an anchor",
        ),
        pytest.param(
            annotated(sidecar(head="atributions: []\n")),
            f'{S}:2:1: error[unknown-key]: unknown key "atributions" in sidecar; '
            'did you mean "attributions"?',
            id="a misspelt sidecar section",
        ),
        pytest.param(
            front(TITLE, DATE, "wordcount: 120"),
            f'{A}:4:1: error[unknown-key]: unknown key "wordcount" in front matter; known keys: '
            "title, date, slug, publisher, author, url, summary, caption, image, credit, tags, "
            "lang, dir, draft, aliases (and x-* for your own)",
            id="a key like none known",
        ),
    ],
)
def test_an_unknown_key_is_named_with_the_nearest_known_one(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


def test_a_key_starting_with_x_is_free(project: TempProject) -> None:
    files = annotated(sidecar(head="x-by: me\n")) | front(TITLE, DATE, "x-desk: metro")
    run = check(project, files)
    assert (run.code, run.diagnostics) == (0, [])


NO_CONTENT = (
    f"{SCHEMA}{MAYOR}attributions:\n"
    "  - id: a1\n"
    "    kind: direct\n"
    "    source: {entity: mayor, mention: The mayor}\n"
)
LACKS_SCHEMA = f'{S}:1:1: error[missing-field]: sidecar lacks "schema"; add {SCHEMA.strip()}'
LACKS_TITLE_HERE = 'front matter lacks "title"; add title: "…"'
LACKS_DATE_HERE = 'front matter lacks "date"; add date: YYYY-MM-DD'
LACKS_TITLE = (
    f'{A}:1:1: error[missing-field]: front matter lacks "title"; '
    'start the file with "---", title:, date:, "---"'
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            front(DATE), [f"{A}:1:1: error[missing-field]: {LACKS_TITLE_HERE}"], id="title"
        ),
        pytest.param(
            front(TITLE), [f"{A}:1:1: error[missing-field]: {LACKS_DATE_HERE}"], id="date"
        ),
        pytest.param(
            front(),
            [
                f"{A}:1:1: error[missing-field]: {LACKS_DATE_HERE}",
                f"{A}:1:1: error[missing-field]: {LACKS_TITLE_HERE}",
            ],
            id="empty front matter",
        ),
        pytest.param({ART: BODY}, [LACKS_TITLE], id="no front matter"),
        pytest.param({ART: ""}, [LACKS_TITLE], id="an empty article file"),
        pytest.param(
            annotated(sidecar()) | {ART: ""}, [LACKS_TITLE], id="a sidecar for an empty file"
        ),
        pytest.param(
            annotated(NO_CONTENT),
            [f'{S}:5:5: error[missing-field]: attributions[a1] lacks "content"'],
            id="an attribution without content",
        ),
        pytest.param(
            annotated(sidecar().removeprefix(SCHEMA)), [LACKS_SCHEMA], id="a sidecar without schema"
        ),
        pytest.param(annotated(""), [LACKS_SCHEMA], id="an empty sidecar file"),
        pytest.param(annotated("# to do\n"), [LACKS_SCHEMA], id="a sidecar of comments only"),
    ],
)
def test_a_missing_field_is_reported_at_the_mapping_that_lacks_it(
    project: TempProject, files: Files, expected: list[str]
) -> None:
    assert_fails_with(check(project, files), *expected)


def test_a_sidecar_for_an_article_without_text_anchors_nothing(project: TempProject) -> None:
    files = annotated(sidecar()) | front(TITLE, DATE, body="")
    assert_fails_with(
        check(project, files),
        f'{S}:7:38: error[orphan]: attributions[a1].source.mention "The mayor" not found; '
        'closest: 2020-05-17-bridge.md:2 "Mayor" (5 edits; anchors under 12 characters are '
        "never matched fuzzily)",
        f'{S}:9:9: error[orphan]: attributions[a1].content[0] "is a gift to the city of Rive…" '
        'not found; closest: 2020-05-17-bridge.md:2 "Mayor Open" (28 edits > budget 6)',
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            front(TITLE, DATE, "tags: syria"),
            f"{A}:4:7: error[bad-type]: tags: expected a list of strings, got a string",
            id="tags: a string",
        ),
        pytest.param(
            front("title:", DATE),
            f"{A}:2:7: error[bad-type]: title: expected a string, got nothing",
            id="title: nothing",
        ),
        pytest.param(
            front("title: [Mayor, Bridge]", DATE),
            f"{A}:2:8: error[bad-type]: title: expected a string, got a list",
            id="title: a list",
        ),
        pytest.param(
            front("- Mayor Opens Bridge"),
            f"{A}:2:1: error[bad-type]: front matter: expected a mapping, got a list",
            id="front matter: a list",
        ),
        pytest.param(
            annotated(
                sidecar().replace(f"content:\n      - {QUOTE}", f"content: {{exact: {QUOTE}}}")
            ),
            f"{S}:8:14: error[bad-type]: attributions[a1].content: expected a list, got a mapping",
            id="content: a mapping",
        ),
        pytest.param(
            annotated(f"- {SCHEMA}"),
            f"{S}:1:1: error[bad-type]: sidecar: expected a mapping, got a list",
            id="a sidecar: a list",
        ),
    ],
)
def test_a_value_of_the_wrong_type_names_what_was_expected_and_found(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


REGION = "regions:\n  - {id: r1, role: boilerplate, anchor: The mayor said}\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            front(TITLE, "date: 17 May 2020"),
            f'{A}:3:7: error[bad-value]: date: "17 May 2020" is not a date; write YYYY-MM-DD',
            id="a date in words",
        ),
        pytest.param(
            front(TITLE, "date: 2020-05-17T10:00:00"),
            f'{A}:3:7: error[bad-value]: date: "2020-05-17T10:00:00" is not a date; '
            "write YYYY-MM-DD",
            id="a date with a time",
        ),
        pytest.param(
            front('title: ""', DATE),
            f"{A}:2:8: error[bad-value]: title: must not be empty",
            id="an empty title",
        ),
        pytest.param(
            annotated(sidecar().replace("kind: direct", "kind: quote")),
            f'{S}:6:11: error[bad-value]: attributions[a1].kind: "quote" is not one of direct, '
            "indirect, mixed",
            id="kind: quote",
        ),
        pytest.param(
            annotated(
                sidecar(tail=REGION.replace("boilerplate,", "boilerplate, render: show-me,"))
            ),
            f'{S}:11:41: error[bad-value]: regions[r1].render: "show-me" is not one of show, '
            'hide, aside; did you mean "show"?',
            id="render: show-me",
        ),
        pytest.param(
            front(TITLE, DATE, "url: javascript:alert(1)"),
            f'{A}:4:6: error[bad-value]: url: "javascript:alert(1)" is not an http(s) address '
            "like https://example.org/",
            id="url: javascript",
        ),
        pytest.param(
            front(TITLE, DATE, "url: ftp://example.org/bridge.txt"),
            f'{A}:4:6: error[bad-value]: url: "ftp://example.org/bridge.txt" is not an http(s) '
            "address like https://example.org/",
            id="url: ftp",
        ),
        pytest.param(
            annotated(sidecar(head='document: {url: "javascript:alert(1)"}\n')),
            f'{S}:2:17: error[bad-value]: document.url: "javascript:alert(1)" is not an http(s) '
            "address like https://example.org/",
            id="document.url: javascript",
        ),
    ],
)
def test_a_bad_value_says_what_is_allowed(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            UNREAL_DATE,
            f'{A}:3:7: error[bad-value]: date: "2017-13-45" is not a calendar date '
            "(month must be in 1..12); write YYYY-MM-DD",
            id="month 13",
        ),
        pytest.param(
            front(TITLE, "date: 2017-02-29"),
            f'{A}:3:7: error[bad-value]: date: "2017-02-29" is not a calendar date '
            "(day must be in 1..28 for 2017-02); write YYYY-MM-DD",
            id="29 February in a common year",
        ),
        pytest.param(
            annotated(sidecar(head="document: {published: 2020-04-31}\n")),
            f'{S}:2:23: error[bad-value]: document.published: "2020-04-31" is not a calendar '
            "date (day must be in 1..30 for 2020-04); write YYYY-MM-DD",
            id="31 April in a sidecar",
        ),
    ],
)
def test_a_date_that_is_no_calendar_day_says_which_part_is_wrong(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            front(TITLE, DATE, body="The mayor\x01 spoke.\n\nThen\x1b[0m he left.\n"),
            f"{A}:5:10: error[bad-value]: control character U+0001 in the body; remove it "
            "(1 more follows)",
            id="in the body",
        ),
        pytest.param(
            front('title: "Mayor\\u0007 Opens Bridge"', DATE),
            f"{A}:2:8: error[bad-value]: title: contains control character U+0007; remove it",
            id="escaped in front matter",
        ),
        pytest.param(
            annotated(sidecar(attribution='    note: "ring\\a"\n')),
            f"{S}:8:11: error[bad-value]: attributions[a1].note: contains control character "
            "U+0007; remove it",
            id="escaped in a sidecar note",
        ),
    ],
)
def test_a_control_character_is_refused_where_it_stands(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


# ---------------------------------------------------------------- slugs and ids


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            front(TITLE, DATE, 'slug: "Bad Slug"'),
            f'{A}:4:7: error[bad-slug]: "Bad Slug" is not a valid slug; use lower-case letters, '
            'digits and single hyphens, e.g. "bad-slug"',
            id="slug: Bad Slug",
        ),
        pytest.param(
            {"2020/Bridge Story.md": article(TITLE, DATE)},
            "content/2020/Bridge Story.md:1:1: error[bad-slug]: the file name gives no valid slug "
            '("Bridge Story"); add slug: to the front matter, e.g. "slug: bridge-story"',
            id="a file name with capitals and a space",
        ),
        pytest.param(
            {"2020/2020-05-17-.md": article(TITLE, DATE)},
            "content/2020/2020-05-17-.md:1:1: error[bad-slug]: the file name gives no valid slug "
            '(""); add slug: to the front matter (lower-case letters, digits, -)',
            id="a file name that is only a date",
        ),
        pytest.param(
            {"2020/ßü.md": article(TITLE, DATE)},
            "content/2020/ßü.md:1:1: error[bad-slug]: the file name gives no valid slug "
            '("ßü"); add slug: to the front matter, e.g. "slug: ssu"',
            id="a German file name",
        ),
        pytest.param(
            {"2020/2020-05-17-大桥.md": article(TITLE, DATE)},
            "content/2020/2020-05-17-大桥.md:1:1: error[bad-slug]: the file name gives no valid "
            'slug ("大桥"); add slug: to the front matter (lower-case letters, digits, -)',
            id="a file name with no ASCII spelling",
        ),
    ],
)
def test_a_bad_slug_suggests_a_good_one(project: TempProject, files: Files, expected: str) -> None:
    assert_fails_with(check(project, files), expected)


TWO_BRIDGES = front(TITLE, DATE) | {"2021/bridge.md": article(TITLE, DATE)}
SLUG_TAKEN = front(TITLE, DATE) | {"2021/other.md": article(TITLE, DATE, "slug: bridge")}


def test_a_duplicate_default_slug_is_reported_on_the_second_article(project: TempProject) -> None:
    assert_fails_with(
        check(project, TWO_BRIDGES),
        'content/2021/bridge.md:1:1: error[duplicate-slug]: slug "bridge" is already used by '
        f"{A}; set a different slug",
    )


def test_a_duplicate_explicit_slug_is_reported_at_its_value(project: TempProject) -> None:
    assert_fails_with(
        check(project, SLUG_TAKEN),
        'content/2021/other.md:4:7: error[duplicate-slug]: slug "bridge" is already used by '
        f"{A}; set a different slug",
    )


SECOND_A1 = (
    "  - id: a1\n"
    "    kind: indirect\n"
    "    source: {entity: mayor, mention: The mayor}\n"
    "    content: [it cost less]\n"
)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar(tail=SECOND_A1)),
            f'{S}:10:9: error[duplicate-id]: attributions[a1].id "a1" is already used at line 5; '
            "ids of regions, attributions and mentions must be unique in a sidecar",
            id="two attributions a1",
        ),
        pytest.param(
            annotated(sidecar()) | {"_entities.yaml": MAYOR},
            f'{S}:3:10: error[duplicate-id]: entity "mayor" is already declared at '
            "content/_entities.yaml:2; declare it only once",
            id="an entity in _entities.yaml and a sidecar",
        ),
        pytest.param(
            annotated(sidecar())
            | {
                "2021/bridge-two.md": article(TITLE, DATE, body="The mayor spoke.\n"),
                "2021/bridge-two.annotations.yaml": SCHEMA + MAYOR,
            },
            'content/2021/bridge-two.annotations.yaml:3:10: error[duplicate-id]: entity "mayor" '
            f"is already declared at {S}:3; declare it only once",
            id="an entity in two sidecars",
        ),
    ],
)
def test_a_duplicate_id_is_reported_at_its_second_declaration(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


# ---------------------------------------------------------------- references


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar().replace("{entity: mayor,", "{entity: mayr,")),
            f'{S}:7:22: error[unknown-entity]: attributions[a1].source.entity "mayr" is not '
            'declared; did you mean "mayor"?',
            id="a misspelt source",
        ),
        pytest.param(
            annotated(sidecar().replace("{entity: mayor,", "{entity: engineer,")),
            f'{S}:7:22: error[unknown-entity]: attributions[a1].source.entity "engineer" is not '
            "declared; declare it under entities",
            id="an undeclared source",
        ),
        pytest.param(
            annotated(sidecar(attribution="    cue: {addressee: {entity: reporterz}}\n")),
            f'{S}:8:31: error[unknown-entity]: attributions[a1].cue.addressee.entity "reporterz" '
            "is not declared; declare it under entities",
            id="an undeclared addressee",
        ),
    ],
)
def test_an_unknown_entity_suggests_a_declared_one(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


def test_an_unknown_publisher_is_reported_at_its_id(project: TempProject) -> None:
    assert_fails_with(
        check(project, annotated(sidecar(head="document:\n  publisher: sputnik\n"))),
        f'{S}:3:14: error[unknown-entity]: document.publisher "sputnik" is not declared; '
        "declare it under entities",
    )


MENTION_OF_MAYER = annotated(
    sidecar(tail="mentions:\n  - id: m1\n    entity: mayer\n    anchor: The mayor said\n")
)
MEMBER_OF_CITYHALL = front(TITLE, DATE) | {
    "_entities.yaml": "entities:\n  - id: council\n    name: The council\n    member_of: cityhall\n"
}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            MENTION_OF_MAYER,
            f'{S}:12:13: error[unknown-entity]: mentions[m1].entity "mayer" is not declared; '
            'did you mean "mayor"?',
            id="a mention's entity",
        ),
        pytest.param(
            MEMBER_OF_CITYHALL,
            "content/_entities.yaml:4:16: error[unknown-entity]: entities[council].member_of "
            '"cityhall" is not declared; declare it under entities',
            id="an entity's member_of",
        ),
    ],
)
def test_an_unknown_entity_is_reported_at_the_id_that_names_it(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


WITHIN_R01 = annotated(sidecar(content=f"{{exact: {QUOTE}, within: r01}}", tail=REGION))
RESPONDS_TO_A01 = annotated(sidecar(attribution="    responds_to: a01\n"))
CONTINUES_A01 = annotated(sidecar(attribution="    continues: [a01]\n"))


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            WITHIN_R01,
            f'{S}:9:63: error[unknown-ref]: attributions[a1].content[0].within "r01" is not a '
            'region of this sidecar; did you mean "r1"?',
            id="within",
        ),
        pytest.param(
            RESPONDS_TO_A01,
            f'{S}:8:18: error[unknown-ref]: attributions[a1].responds_to "a01" is not an '
            'attribution of this sidecar; did you mean "a1"?',
            id="responds_to",
        ),
        pytest.param(
            CONTINUES_A01,
            f'{S}:8:17: error[unknown-ref]: attributions[a1].continues "a01" is not an '
            'attribution of this sidecar; did you mean "a1"?',
            id="continues",
        ),
    ],
)
def test_an_unknown_ref_is_reported_at_the_id_with_a_suggestion(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar(head="document: {path: bridge.md}\n")),
            f'{S}:2:18: error[missing-article]: document.path "bridge.md" names no file '
            "(paths are relative to the sidecar)",
            id="document.path naming no file",
        ),
        pytest.param(
            {SIDE: sidecar()},
            f'{S}:1:1: error[missing-article]: no article "2020-05-17-bridge.md" for this '
            "sidecar; create it or set document.path",
            id="a sidecar without its article",
        ),
    ],
)
def test_a_sidecar_whose_article_is_missing_says_so(
    project: TempProject, files: Files, expected: str
) -> None:
    assert_fails_with(check(project, files), expected)


# ---------------------------------------------------------------- symlinks


def test_an_article_symlinked_from_outside_content_is_refused(
    project: TempProject, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(article(TITLE, DATE), encoding="utf-8")
    (project.root / "content/2020").mkdir()
    (project.root / "content/2020/linked.md").symlink_to(outside)
    assert_fails_with(
        project.run("check"),
        "content/2020/linked.md:1:1: error[symlink]: symlink points outside content/ "
        f"(to {outside.resolve()}); copy the file in instead",
    )


def test_a_sidecar_symlinked_from_outside_content_is_refused(
    project: TempProject, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(sidecar(), encoding="utf-8")
    write_all(project, front(TITLE, DATE))
    (project.root / "content" / SIDE).symlink_to(outside)
    assert_fails_with(
        project.run("check"),
        f"{S}:1:1: error[symlink]: symlink points outside content/ "
        f"(to {outside.resolve()}); copy the file in instead",
    )


def test_a_folder_symlinked_from_outside_content_is_refused(
    project: TempProject, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "bridge.md").write_text(article(TITLE, DATE), encoding="utf-8")
    (project.root / "content/2020").symlink_to(elsewhere)
    assert_fails_with(
        project.run("check"),
        "content/2020:1:1: error[symlink]: symlink points outside content/ "
        f"(to {elsewhere.resolve()}); copy the file in instead",
    )


def test_a_dangling_symlink_is_refused(project: TempProject) -> None:
    (project.root / "content/gone.md").symlink_to(project.root / "content/nothing.md")
    target = (project.root / "content/nothing.md").resolve()
    assert_fails_with(
        project.run("check"),
        f"content/gone.md:1:1: error[symlink]: symlink points to {target}, which does not exist; "
        "remove it",
    )


# ---------------------------------------------------------------- build refuses to publish


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            annotated(sidecar(content="{exact: No}")),
            f"{S}:9:17: error[yaml-coercion]: attributions[a1].content[0].exact: No is read by "
            'YAML as a boolean; quote it: "No"',
            id="yaml-coercion",
        ),
        pytest.param(
            front(TITLE, DATE, 'titel: "Mayor Opens Bridge"'),
            f'{A}:4:1: error[unknown-key]: unknown key "titel" in front matter; '
            'did you mean "title"?',
            id="unknown-key",
        ),
        pytest.param(
            annotated(sidecar(tail="entities: []\n")),
            f'{S}:10:1: error[yaml-duplicate-key]: duplicate key "entities" (first at line 2); '
            "keep one",
            id="yaml-duplicate-key",
        ),
        pytest.param(
            TWO_BRIDGES,
            'content/2021/bridge.md:1:1: error[duplicate-slug]: slug "bridge" is already used by '
            f"{A}; set a different slug",
            id="duplicate-slug",
        ),
        pytest.param(
            front(TITLE, DATE, body="The mayor\x0b spoke.\n"),
            f"{A}:5:10: error[bad-value]: control character U+000B in the body; remove it",
            id="a control character in the body",
        ),
    ],
)
def test_build_refuses_to_publish_bad_input_and_writes_no_site(
    project: TempProject, files: Files, expected: str
) -> None:
    write_all(project, files)
    run = project.run("build")
    assert_fails_with(run, expected)
    assert run.err.endswith("build failed: 1 error, 0 warnings; site/ left as it was\n")
    assert not project.site.exists()
