"""Old URLs (``aliases``): a redirect page each, and every clash refused before building."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quotemark.cli import main
from quotemark.content import load_articles
from quotemark.model import ArticleSource
from quotemark.redirects import check_aliases, folders_of, page_paths
from quotemark.references import check_references
from quotemark.sidecar import load_entities, load_sidecars
from tests.conftest import REPO, TempProject
from tests.sitecheck import broken_links, html_pages


def story(project: TempProject, name: str, aliases: str, slug: str = "bridge") -> None:
    """An article dated 2020-05-17 with the given aliases (a YAML flow list)."""
    front = f'---\ntitle: "Mayor Opens Bridge"\ndate: 2020-05-17\nslug: {slug}\n'
    project.write(name, front + f"aliases: {aliases}\n---\nThe bridge opened.\n", dedent=False)


def source(rel: str, *aliases: str, slug: str = "x") -> ArticleSource:
    return ArticleSource(
        Path("/c") / rel,
        rel,
        "T",
        dt.date(2020, 5, 17),
        slug,
        "",
        5,
        aliases=aliases,
        lines=(("aliases", 4),),
    )


def test_an_alias_gets_a_page_that_sends_readers_to_the_article(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[news/2020/bridge.html]")
    assert project.run("build").code == 0
    html = (project.site / "news/2020/bridge.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../../2020/05/bridge.html">' in html
    assert '<link rel="canonical" href="../../2020/05/bridge.html">' in html
    assert 'It is now at <a href="../../2020/05/bridge.html">Mayor Opens Bridge</a>.' in html
    assert broken_links(project.site) == []


def test_with_a_base_url_the_canonical_link_is_absolute(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[old.html]")
    assert project.run("build", "--base-url", "https://news.example.org/").code == 0
    html = (project.site / "old.html").read_text()
    assert '<link rel="canonical" href="https://news.example.org/2020/05/bridge.html">' in html
    assert 'content="0; url=2020/05/bridge.html"' in html


def test_an_alias_naming_a_folder_is_answered_by_its_index(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[/stories/bridge/]")
    assert project.run("build").code == 0
    html = (project.site / "stories/bridge/index.html").read_text()
    assert 'content="0; url=../../2020/05/bridge.html"' in html


def test_an_alias_may_not_replace_another_page(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[index.html]")
    run = project.run("build")
    assert (run.code, run.diagnostics) == (
        1,
        [
            'content/2020/bridge.md:5:1: error[duplicate-slug]: aliases[0] "index.html" is the '
            "address of another page (index.html); remove it"
        ],
    )


def test_an_alias_may_not_replace_an_article(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[]")
    story(project, "2020/tunnel.md", "[2020/05/bridge.html]", slug="tunnel")
    run = project.run("check")
    assert run.diagnostics == [
        'content/2020/tunnel.md:5:1: error[duplicate-slug]: aliases[0] "2020/05/bridge.html" '
        "is the address of another page (2020/05/bridge.html); remove it"
    ]


def test_two_articles_may_not_share_an_alias(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[old/story]")
    story(project, "2020/tunnel.md", "[old/story/]", slug="tunnel")
    run = project.run("build")
    assert (run.code, run.diagnostics) == (
        1,
        [
            'content/2020/tunnel.md:5:1: error[duplicate-slug]: aliases[0] "old/story/" is '
            "already an alias of content/2020/bridge.md; keep one"
        ],
    )


def test_the_same_alias_twice_in_one_article_is_one_page(project: TempProject) -> None:
    story(project, "2020/bridge.md", "[old.html, /old.html]")
    run = project.run("build")
    assert (run.code, run.diagnostics) == (0, [])
    assert (project.site / "old.html").is_file()


def test_an_alias_may_not_be_hidden_or_unpublished() -> None:
    problems = check_aliases([source("a.md", "news/_drafts/x.html", ".well-known/x")], set())
    assert [(p.code, p.message) for p in problems] == [
        (
            "bad-value",
            'aliases[0] "news/_drafts/x.html" cannot be published: a part of it '
            'starts with "_" or "."',
        ),
        (
            "bad-value",
            'aliases[1] ".well-known/x" cannot be published: a part of it starts with "_" or "."',
        ),
    ]


def test_an_alias_may_not_go_into_the_theme_folder() -> None:
    problems = check_aliases([source("a.md", "assets/style.html")], set())
    assert [p.message for p in problems] == [
        'aliases[0] "assets/style.html" lies in assets/, the theme\'s folder; remove it'
    ]


def test_an_alias_may_not_sit_inside_a_page() -> None:
    problems = check_aliases([source("a.md", "2020/05/x.html/old")], {"2020/05/x.html"})
    assert [p.message for p in problems] == [
        'aliases[0] "2020/05/x.html/old" clashes with the page 2020/05/x.html; remove it'
    ]


def test_an_alias_may_not_be_the_folder_of_another_alias() -> None:
    problems = check_aliases(
        [source("a.md", "old.html/story.html"), source("b.md", "old.html")], ()
    )
    assert [(p.path, p.message) for p in problems] == [
        ("b.md", 'aliases[0] "old.html" clashes with the page old.html/…; remove it')
    ]


def test_the_folders_of_a_file_are_every_folder_above_it() -> None:
    assert folders_of(["a/b/c.html", "d.html"]) == ["a/b", "a"]


def test_the_pages_checked_against_are_the_pages_built(tmp_path: Path) -> None:
    content = REPO / "tests" / "golden-content"
    assert (
        main(
            [
                "build",
                "-q",
                "--root",
                str(REPO),
                "--content",
                str(content),
                "--out",
                str(tmp_path / "s"),
            ]
        )
        == 0
    )
    articles, _ = load_articles(content, REPO, drafts=False)
    sidecars, _ = load_sidecars(content, REPO)
    shared, _ = load_entities(content, REPO)
    entities, _ = check_references(shared, sidecars)
    assert page_paths(articles, entities) == set(html_pages(tmp_path / "s"))
