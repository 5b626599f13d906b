"""The ways into the archive, as readers meet them in the built site: home, years, tags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quotemark.cli import main
from quotemark.navigation import month_id, month_label, tag_order
from tests.conftest import REPO, TempProject
from tests.sitecheck import broken_links, html_pages, reachable

ARTICLES = [  # (date, slug, tags)
    ("2019-11-02", "first", "[Syria]"),
    ("2020-01-15", "second", "[syria, Politics]"),
    ("2020-01-20", "third", "[politics]"),
    ("2020-03-01", "fourth", "[]"),
    ("2021-06-30", "fifth", "[Syria, politics]"),
]


def article_text(date: str, slug: str, tags: str = "[]", **front: str) -> str:
    """An article with the given date, slug and tags (and any other front matter)."""
    lines = [f'title: "Story {slug}"', f"date: {date}", f"tags: {tags}"]
    lines += [f"{key}: {value}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + f"\n---\nThe {slug} story.\n"


def publish(project: TempProject, date: str, slug: str, tags: str = "[]", **front: str) -> None:
    """Write an article into the project's content."""
    project.write(f"{date[:4]}/{slug}.md", article_text(date, slug, tags, **front))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five articles over three years, two to a page, built once for the module."""
    root = tmp_path_factory.mktemp("navigation")
    (root / "content").mkdir()
    (root / "content" / "_site.yaml").write_text("title: Test archive\nper_page: 2\n")
    for date, slug, tags in ARTICLES:
        path = root / "content" / date[:4] / f"{slug}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(article_text(date, slug, tags), encoding="utf-8")
    args = ["--content", str(root / "content"), "--out", str(root / "site")]
    assert main(["build", "-q", "--root", str(REPO), *args]) == 0
    return root / "site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def main_of(html: str) -> str:
    """The page's own content, without the site header and footer."""
    return html[html.index("<main") : html.index("</main>")]


def headings(html: str, level: int) -> list[str]:
    """The text of every heading of a level in the page's main content."""
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", main_of(html), re.S)
    return [re.sub(r"<[^>]+>", "", text) for text in found]


def test_the_home_page_shows_the_newest_articles_per_page(archive: Path) -> None:
    assert headings(read(archive, "index.html"), 3) == ["Story fifth", "Story fourth"]


def test_the_home_page_links_every_year_with_its_count(archive: Path) -> None:
    main = main_of(read(archive, "index.html"))
    assert re.findall(r'<a href="(\d{4}/index.html)">(\d{4})</a> <span[^>]*>\((\d+)', main) == [
        ("2021/index.html", "2021", "1"),
        ("2020/index.html", "2020", "3"),
        ("2019/index.html", "2019", "1"),
    ]


def test_the_home_page_says_where_the_list_goes_on(archive: Path) -> None:
    assert (
        '<a href="2020/index.html#month-01">Older articles: continue in January 2020</a>'
        in read(archive, "index.html")
    )


def test_the_home_page_links_entities_tags_and_search(archive: Path) -> None:
    main = main_of(read(archive, "index.html"))
    for href in ('href="entities/index.html"', 'href="tags/index.html"', 'href="search.html"'):
        assert href in main


def test_every_article_is_reachable_from_the_home_page(archive: Path) -> None:
    articles = {p for p in html_pages(archive) if re.fullmatch(r"\d{4}/\d\d/.+\.html", p)}
    assert len(articles) == 5
    assert articles <= reachable(archive)


def test_a_year_page_lists_its_articles_by_month_newest_first(archive: Path) -> None:
    html = read(archive, "2020/index.html")
    assert headings(html, 2)[:2] == ["March 2020", "January 2020"]
    assert headings(html, 3) == ["Story fourth", "Story third", "Story second"]


def test_a_year_page_links_the_years_before_and_after_it(archive: Path) -> None:
    html = read(archive, "2020/index.html")
    assert '<a href="../2021/index.html" rel="next">Newer: 2021</a>' in html
    assert '<a href="../2019/index.html" rel="prev">Older: 2019</a>' in html


def test_the_oldest_year_has_no_older_year(archive: Path) -> None:
    html = read(archive, "2019/index.html")
    assert '<a href="../2020/index.html" rel="next">Newer: 2020</a>' in html
    assert 'rel="prev"' not in html


def test_the_tag_index_lists_every_tag_by_name_with_its_count(archive: Path) -> None:
    main = main_of(read(archive, "tags/index.html"))
    found = re.findall(r'<a href="([^"]+)" rel="tag">([^<]+)</a> <span class="count">\((\d+)', main)
    assert found == [
        ("politics-d0c46ac3.html", "Politics", "1"),
        ("politics.html", "politics", "2"),
        ("syria-cf6ac29b.html", "Syria", "2"),
        ("syria.html", "syria", "1"),
    ]


def test_a_tag_page_lists_its_articles_newest_first(archive: Path) -> None:
    assert headings(read(archive, "tags/syria-cf6ac29b.html"), 3) == [
        "Story fifth",
        "Story first",
    ]


def test_an_article_links_its_tags_to_their_pages(archive: Path) -> None:
    html = read(archive, "2020/01/second.html")
    assert '<a href="../../tags/syria.html" rel="tag">syria</a>' in html
    assert '<a href="../../tags/politics-d0c46ac3.html" rel="tag">Politics</a>' in html


def test_every_link_of_the_built_archive_resolves(archive: Path) -> None:
    assert broken_links(archive) == []


def test_an_archive_without_tags_still_has_its_tag_index(project: TempProject) -> None:
    publish(project, "2020-05-17", "lonely")
    assert project.run("build").code == 0
    assert "<p>No tags yet.</p>" in read(project.site, "tags/index.html")
    assert broken_links(project.site) == []


def test_a_draft_is_on_no_list(project: TempProject) -> None:
    publish(project, "2020-05-17", "public", "[news]")
    publish(project, "2018-05-17", "secret", "[news, hidden]", draft="true")
    assert project.run("build").code == 0
    pages = html_pages(project.site)
    assert [p for p in pages if "2018" in p or "hidden" in p] == []
    assert "secret" not in "".join(read(project.site, p) for p in pages)


def test_the_golden_archive_links_resolve(tmp_path: Path) -> None:
    out = tmp_path / "site"
    content = REPO / "tests" / "golden-content"
    args = ["build", "-q", "--root", str(REPO), "--content", str(content), "--out", str(out)]
    assert main([*args, "--base-url", "https://example.org/archive/"]) == 0
    assert broken_links(out) == []
    assert set(html_pages(out)) - reachable(out) == {"404.html"}


def test_a_month_is_named_for_readers_and_has_a_fragment_id() -> None:
    assert (month_label(2017, 12), month_id(3)) == ("December 2017", "month-03")


def test_tags_sort_ignoring_case_then_exactly() -> None:
    assert sorted(["b", "B", "a", "C"], key=tag_order) == ["a", "B", "b", "C"]


def test_a_home_page_that_shows_everything_points_nowhere_older(project: TempProject) -> None:
    publish(project, "2020-05-17", "only")
    assert project.run("build").code == 0
    assert "Older articles" not in read(project.site, "index.html")
