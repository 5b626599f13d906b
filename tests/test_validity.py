"""The built site's files: valid HTML (Nu checker) and internal references that resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import (
    CONTENT,
    GOLDEN,
    VNU,
    broken_references,
    build_archive,
    html_pages,
    require,
    validate_html,
)

PLANTED = '<!doctype html><html lang="en"><head></head><body><p>no title</p></body></html>\n'
LINKS = """<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="/assets/style.css"></head><body id="top">
<a href="#top">top</a> <a href="#nowhere">x</a> <a href="sub/">folder</a>
<a href="gone.html">gone</a> <a href="sub/page.html#top">there</a>
<a href="https://example.org/">external</a> <img src="../outside.png" alt="">
</body></html>
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The golden content and the real content/, each built once."""
    root = tmp_path_factory.mktemp("validity")
    return [build_archive(GOLDEN, root / "golden"), build_archive(CONTENT, root / "content")]


def test_the_golden_site_has_its_three_articles_among_its_pages(sites: list[Path]) -> None:
    articles = [rel for rel in html_pages(sites[0]) if rel[:4].isdigit() and rel.count("/") == 2]
    assert articles == [
        "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor.html",
        "2021/03/minister-regrets-remarks.html",
        "2021/03/no-annotations-yet.html",
    ]


def test_every_internal_reference_is_a_relative_path_to_an_existing_file(
    sites: list[Path],
) -> None:
    assert [problem for site in sites for problem in broken_references(site)] == []


def test_the_reference_check_names_every_kind_of_broken_reference(tmp_path: Path) -> None:
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text(LINKS, encoding="utf-8")
    (tmp_path / "site" / "sub" / "page.html").write_text(PLANTED, encoding="utf-8")
    assert broken_references(tmp_path / "site") == [
        "index.html: '/assets/style.css' is not relative",
        "index.html: '#nowhere' names no id of this page",
        "index.html: 'sub/' is a folder",
        "index.html: 'gone.html' is missing",
        "index.html: 'sub/page.html#top' names no id of sub/page.html",
        "index.html: '../outside.png' points outside the site",
    ]


def test_the_nu_checker_finds_no_error_on_any_page_but_the_planted_one(
    sites: list[Path], tmp_path: Path
) -> None:
    require(VNU, "java")
    (tmp_path / "planted.html").write_text(PLANTED, encoding="utf-8")
    assert validate_html([*sites, tmp_path]) == [
        f"{tmp_path}/planted.html:1: error: "
        "Element “head” is missing a required instance of child element “title”."
    ]
