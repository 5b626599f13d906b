"""Site settings and articles: front matter validated field by field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quotemark.content import find_sources, load_articles, load_settings, slugify, suggest_slug
from quotemark.model import ArticleSource, Loc, Problem, Settings, Severity

ARTICLE = "2017/2017-12-30-coalition-denial.md"
PATH = "content/" + ARTICLE


def error(line: int, col: int, code: str, message: str, path: str = PATH) -> Problem:
    return Problem(path, line, col, Severity.ERROR, code, message)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


def write(root: Path, rel: str, text: str) -> Path:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(root: Path, front: str, body: str = "Body text.\n", rel: str = ARTICLE) -> Path:
    return write(root, rel, f"---\n{front}---\n{body}")


def load(root: Path, drafts: bool = False) -> tuple[list[ArticleSource], list[Problem]]:
    return load_articles(root / "content", root, drafts)


def problems_of(root: Path, front: str) -> list[Problem]:
    article(root, "title: T\ndate: 2017-12-30\n" + front)
    return load(root)[1]


# ---------------------------------------------------------------- settings


def test_settings_default_when_site_yaml_is_absent(root: Path) -> None:
    assert load_settings(root / "content", root) == (Settings(), [])


def test_settings_read_every_key(root: Path) -> None:
    write(
        root,
        "_site.yaml",
        "title: Archive\nbase_url: https://example.org/news\nlanguage: ar\ndir: rtl\n"
        "description: D\nauthor: A\ncname: news.example.org\nper_page: 5\nx-note: free\n",
    )
    assert load_settings(root / "content", root) == (
        Settings(
            "Archive", "https://example.org/news/", "ar", "rtl", "D", "A", "news.example.org", 5
        ),
        [],
    )


def test_settings_accept_lang_for_language(root: Path) -> None:
    write(root, "_site.yaml", "lang: de\n")
    assert load_settings(root / "content", root) == (Settings(lang="de"), [])


def test_settings_reject_unknown_keys_and_bad_values(root: Path) -> None:
    write(root, "_site.yaml", "titel: X\nbase_url: ftp://x.org/\nper_page: 0\ncname: not a host\n")
    path = "content/_site.yaml"
    assert load_settings(root / "content", root) == (
        Settings(),
        [
            error(
                1,
                1,
                "unknown-key",
                'unknown key "titel" in site settings; did you mean "title"?',
                path,
            ),
            error(
                2,
                11,
                "bad-value",
                'base_url: "ftp://x.org/" is not an http(s) address like https://example.org/',
                path,
            ),
            error(
                4,
                8,
                "bad-value",
                'cname: "not a host" is not a domain name like news.example.org',
                path,
            ),
            error(3, 11, "bad-value", "per_page: must be between 1 and 1000", path),
        ],
    )


def test_settings_refuse_both_lang_and_language(root: Path) -> None:
    write(root, "_site.yaml", "language: en\nlang: fr\n")
    message = 'lang: "language" is set too; keep one'
    assert load_settings(root / "content", root)[1] == [
        error(2, 1, "bad-value", message, "content/_site.yaml")
    ]


def test_a_folder_named_like_the_settings_file_is_a_bad_type(root: Path) -> None:
    (root / "content" / "_site.yaml").mkdir()
    message = "_site.yaml must be a file, not a folder or device"
    assert load_settings(root / "content", root) == (
        Settings(),
        [error(1, 1, "bad-type", message, "content/_site.yaml")],
    )


def test_settings_that_are_not_a_mapping_are_a_bad_type(root: Path) -> None:
    write(root, "_site.yaml", "- a\n")
    message = "site settings: expected a mapping, got a list"
    assert load_settings(root / "content", root)[1] == [
        error(1, 1, "bad-type", message, "content/_site.yaml")
    ]


# ---------------------------------------------------------------- a good article


def test_an_article_keeps_its_fields_lines_and_body(root: Path) -> None:
    path = article(
        root,
        'title: "Coalition denies"\ndate: 2017-12-30\npublisher: Sputnik\n'
        "url: https://sputniknews.com/x\ntags: [syria, daesh]\nlang: en-GB\ndir: ltr\n"
        "aliases: [old/coalition.html]\nx-source: scrape\n",
        body="WASHINGTON - The coalition said.\n",
    )
    articles, problems = load(root)
    assert problems == []
    assert articles == [
        ArticleSource(
            path=path,
            rel=PATH,
            title="Coalition denies",
            date=dt.date(2017, 12, 30),
            slug="coalition-denial",
            body="WASHINGTON - The coalition said.\n",
            body_line=12,
            publisher="Sputnik",
            url="https://sputniknews.com/x",
            tags=("syria", "daesh"),
            lang="en-GB",
            dir="ltr",
            aliases=("old/coalition.html",),
            lines=(
                *(("title", 2), ("date", 3), ("publisher", 4), ("url", 5), ("tags", 6)),
                *(("lang", 7), ("dir", 8), ("aliases", 9), ("x-source", 10)),
            ),
        )
    ]


def test_an_explicit_slug_keeps_where_its_value_stands(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\nslug:   other\n")
    assert load(root)[0][0].slug_loc == Loc(4, 9)


def test_a_quoted_date_is_accepted(root: Path) -> None:
    article(root, 'title: T\ndate: "2017-12-30"\n')
    assert load(root)[0][0].date == dt.date(2017, 12, 30)


def test_an_explicit_slug_replaces_the_file_name(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\nslug: denial\n")
    assert load(root)[0][0].slug == "denial"


def test_an_image_beside_the_article_is_kept(root: Path) -> None:
    write(root, "2017/photo.jpg", "")
    article(root, "title: T\ndate: 2017-12-30\nimage: photo.jpg\n")
    assert load(root)[0][0].image == "photo.jpg"


def test_articles_are_sorted_and_underscore_folders_skipped(root: Path) -> None:
    article(root, "title: B\ndate: 2017-12-30\n", rel="b/2017-12-30-b.md")
    article(root, "title: A\ndate: 2017-12-30\n", rel="a/a.md")
    article(root, "title: X\ndate: 2017-12-30\n", rel="_drafts/x.md")
    article(root, "title: Y\ndate: 2017-12-30\n", rel="a/_y.md")
    assert [a.rel for a in load(root)[0]] == ["content/a/a.md", "content/b/2017-12-30-b.md"]


def test_drafts_are_dropped_unless_asked_for(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\ndraft: true\n")
    assert load(root) == ([], [])
    assert [a.draft for a in load(root, drafts=True)[0]] == [True]


# ---------------------------------------------------------------- front matter problems


def test_a_file_without_front_matter_lacks_a_title(root: Path) -> None:
    write(root, ARTICLE, "Just text.\n")
    message = 'front matter lacks "title"; start the file with "---", title:, date:, "---"'
    assert load(root) == ([], [error(1, 1, "missing-field", message)])


def test_unclosed_front_matter_is_a_syntax_error(root: Path) -> None:
    write(root, ARTICLE, "---\ntitle: T\n")
    message = 'front matter opened with "---" on line 1 is never closed; end it with "---"'
    assert load(root) == ([], [error(1, 1, "yaml-syntax", message)])


def test_empty_front_matter_lacks_title_and_date_at_its_first_line(root: Path) -> None:
    article(root, "")
    assert load(root) == (
        [],
        [
            error(1, 1, "missing-field", 'front matter lacks "title"; add title: "…"'),
            error(1, 1, "missing-field", 'front matter lacks "date"; add date: YYYY-MM-DD'),
        ],
    )


def test_yaml_errors_in_front_matter_carry_file_lines(root: Path) -> None:
    article(root, "title: T\ntitle: U\ndate: 2017-12-30\n")
    message = 'duplicate key "title" (first at line 2); keep one'
    assert load(root) == ([], [error(3, 1, "yaml-duplicate-key", message)])


def test_a_title_of_the_wrong_type_is_a_bad_type(root: Path) -> None:
    article(root, "title: [a, b]\ndate: 2017-12-30\n")
    assert load(root) == ([], [error(2, 8, "bad-type", "title: expected a string, got a list")])


def test_a_date_that_is_not_a_day_is_a_bad_value(root: Path) -> None:
    article(root, "title: T\ndate: 30/12/2017\n")
    message = 'date: "30/12/2017" is not a date; write YYYY-MM-DD'
    assert load(root) == ([], [error(3, 7, "bad-value", message)])


def test_an_unknown_key_suggests_a_known_one(root: Path) -> None:
    message = 'unknown key "sumary" in front matter; did you mean "summary"?'
    assert problems_of(root, "sumary: S\n") == [error(4, 1, "unknown-key", message)]


def test_a_bad_slug_is_reported_with_a_suggestion(root: Path) -> None:
    message = (
        '"Coalition Denial" is not a valid slug; use lower-case letters, digits and single '
        'hyphens, e.g. "coalition-denial"'
    )
    assert problems_of(root, "slug: Coalition Denial\n") == [error(4, 7, "bad-slug", message)]


def test_a_file_name_that_makes_no_slug_asks_for_one(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\n", rel="2017/Coalition_Denial.md")
    message = (
        'the file name gives no valid slug ("Coalition_Denial"); add slug: to the front matter, '
        'e.g. "slug: coalition-denial"'
    )
    path = "content/2017/Coalition_Denial.md"
    assert load(root) == ([], [error(1, 1, "bad-slug", message, path)])


def test_a_file_name_in_another_script_gets_no_poor_suggestion(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\n", rel="2017/Ελλάδα.md")
    message = (
        'the file name gives no valid slug ("Ελλάδα"); add slug: to the front matter '
        "(lower-case letters, digits, -)"
    )
    assert load(root) == ([], [error(1, 1, "bad-slug", message, "content/2017/Ελλάδα.md")])


def test_a_duplicate_slug_is_reported_on_the_second_article_at_its_value(root: Path) -> None:
    article(root, "title: A\ndate: 2017-12-30\n", rel="a/2017-12-30-same.md")
    article(root, "title: B\ndate: 2018-01-02\nslug: same\n", rel="b/other.md")
    article(root, "title: C\ndate: 2019-01-02\n", rel="c/same.md")
    articles, problems = load(root)
    assert len(articles) == 3
    message = 'slug "same" is already used by content/a/2017-12-30-same.md; set a different slug'
    assert problems == [
        error(4, 7, "duplicate-slug", message, "content/b/other.md"),
        error(1, 1, "duplicate-slug", message, "content/c/same.md"),
    ]


def test_a_control_character_in_the_body_is_a_bad_value_at_its_place(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\n", body="One.\n\nTwo \x07 and \x08.\n")
    articles, problems = load(root)
    message = "control character U+0007 in the body; remove it (1 more follows)"
    assert problems == [error(7, 5, "bad-value", message)]
    assert len(articles) == 1


def test_a_control_character_escaped_in_front_matter_is_a_bad_value(root: Path) -> None:
    message = "summary: contains control character U+001B; remove it"
    assert problems_of(root, 'summary: "\\e[1m"\n') == [error(4, 10, "bad-value", message)]


def test_a_non_web_url_is_a_bad_value(root: Path) -> None:
    message = 'url: "javascript:alert(1)" is not an http(s) address like https://example.org/'
    assert problems_of(root, "url: javascript:alert(1)\n") == [error(4, 6, "bad-value", message)]


def test_tags_must_be_a_list_of_strings(root: Path) -> None:
    message = "tags: expected a list of strings, got a string"
    assert problems_of(root, "tags: syria\n") == [error(4, 7, "bad-type", message)]


def test_lang_dir_and_draft_are_checked(root: Path) -> None:
    assert problems_of(root, "lang: english language\ndir: up\ndraft: maybe\n") == [
        error(
            4, 7, "bad-value", 'lang: "english language" is not a language tag like en, ar or pt-BR'
        ),
        error(5, 6, "bad-value", 'dir: "up" is not one of ltr, rtl'),
        error(6, 8, "bad-type", "draft: expected true or false, got a string"),
    ]


def test_aliases_must_stay_inside_the_site(root: Path) -> None:
    message = 'aliases[1]: "../../etc/x" must be a path inside the site'
    front = "aliases: [/2017/old.html, ../../etc/x]\n"
    assert problems_of(root, front) == [error(4, 27, "bad-value", message)]


def test_an_image_must_be_a_file_beside_the_article(root: Path) -> None:
    assert problems_of(root, "image: ../../secret.jpg\ncredit: AFP\n") == [
        error(
            4,
            8,
            "bad-value",
            'image: "../../secret.jpg" must be a file beside the article, e.g. photo.jpg',
        )
    ]


def test_a_missing_image_is_a_bad_value(root: Path) -> None:
    message = 'image: "photo.jpg" is not a file beside the article'
    assert problems_of(root, "image: photo.jpg\n") == [error(4, 8, "bad-value", message)]


def test_an_optional_field_error_keeps_the_article(root: Path) -> None:
    article(root, "title: T\ndate: 2017-12-30\nsummary: [x]\n")
    articles, problems = load(root)
    assert [a.summary for a in articles] == [None]
    assert problems == [error(4, 10, "bad-type", "summary: expected a string, got a list")]


# ---------------------------------------------------------------- files


def test_a_symlink_out_of_content_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: T\ndate: 2017-12-30\n---\n", encoding="utf-8")
    (root / "content" / "link.md").symlink_to(outside)
    message = f"symlink points outside content/ (to {outside.resolve()}); copy the file in instead"
    assert load(root) == ([], [error(1, 1, "symlink", message, "content/link.md")])


def test_a_symlinked_folder_out_of_content_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (root / "content" / "linked").symlink_to(tmp_path / "elsewhere")
    target = (tmp_path / "elsewhere").resolve()
    message = f"symlink points outside content/ (to {target}); copy the file in instead"
    assert load(root) == ([], [error(1, 1, "symlink", message, "content/linked")])


def test_a_symlink_inside_content_is_followed(root: Path) -> None:
    real = article(root, "title: T\ndate: 2017-12-30\n", rel="real/2017-12-30-x.md")
    (root / "content" / "alias.md").symlink_to(real)
    paths, problems = find_sources(root / "content", root, ".md")
    assert (paths, problems) == ([root / "content" / "alias.md", real], [])


def test_a_huge_article_is_refused(root: Path) -> None:
    write(root, ARTICLE, "---\ntitle: T\ndate: 2017-12-30\n---\n" + "x" * (1 << 20))
    message = "file is 1048610 bytes, over the 1 MiB limit; split it up"
    assert load(root) == ([], [error(1, 1, "file-too-large", message)])


def test_an_article_that_is_not_utf8_is_refused(root: Path) -> None:
    path = root / "content" / ARTICLE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"---\ntitle: Caf\xe9\ndate: 2017-12-30\n---\n")
    message = "byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    assert load(root) == ([], [error(2, 11, "not-utf8", message)])


def test_crlf_line_endings_are_read_like_lf(root: Path) -> None:
    path = root / "content" / ARTICLE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"---\r\ntitle: T\r\ndate: 2017-12-30\r\n---\r\nBody\r\n")
    articles, problems = load(root)
    assert problems == []
    assert (articles[0].body, articles[0].body_line) == ("Body\n", 5)


def test_slugify_makes_ascii_words_with_hyphens() -> None:
    assert slugify("Syria's Deir Ez-Zor: Café!") == "syria-s-deir-ez-zor-cafe"


def test_a_slug_suggestion_spells_letters_in_ascii() -> None:
    assert suggest_slug("ßü") == "ssu"
    assert suggest_slug("Œuvre Ærø Łódź") == "oeuvre-aero-lodz"
    assert suggest_slug("Bridge Story") == "bridge-story"


def test_a_slug_suggestion_is_withheld_when_letters_would_be_lost() -> None:
    assert suggest_slug("北京-news") is None
    assert suggest_slug("--") is None
