"""List pages and what they are made from: a page's basis changes exactly when it would."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from quotemark.cards import catalogue, place, site_info
from quotemark.paths import tag_slugs
from quotemark.pipeline import Archive, load_archive
from quotemark.plans import Plan, plan_lists, shown_digest
from quotemark.project import make_project
from quotemark.render import make_environment, render_page
from quotemark.summary import Summary, summarize
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden-content"
MINISTER = "minister-regrets-remarks"


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(make_project(str(REPO), content=str(GOLDEN)))


def plans(archive: Archive, keys: dict[str, str], per_page: int = 20) -> dict[str, Plan]:
    """The list pages of the golden archive, with ``keys[slug]`` as each article's key."""
    placed = place(summarize(a) for a in archive.articles)
    cat = catalogue([s.entity_ids for s in placed], archive.entities)
    slugs = tag_slugs(t for s in placed for t in s.tags)
    site = site_info(archive.settings)
    found = plan_lists(site, per_page, placed, [keys[s.slug] for s in placed], cat, slugs)
    return {p.path: p for p in found}


def keys_of(placed: list[Summary]) -> dict[str, str]:
    return {s.slug: f"key-{s.slug}" for s in placed}


def changed(archive: Archive, per_page: int = 20) -> list[str]:
    """The list pages whose basis changes when the minister article's key changes."""
    keys = keys_of([summarize(a) for a in archive.articles])
    before = plans(archive, keys, per_page)
    after = plans(archive, {**keys, MINISTER: "an edited key"}, per_page)
    assert before.keys() == after.keys()
    return sorted(path for path in before if before[path].basis != after[path].basis)


def test_an_edited_article_changes_the_pages_that_list_it_and_no_other(archive: Archive) -> None:
    assert changed(archive) == [
        "2021/index.html",
        "entities/ana-souza.html",
        "entities/critics.html",
        "entities/herald.html",
        "entities/index.html",
        "entities/tomas-ferreira.html",
        "index.html",
        "tags/harbour.html",
        "tags/politics.html",
    ]


def test_the_home_page_depends_only_on_the_newest_articles(archive: Archive) -> None:
    assert "index.html" not in changed(archive, per_page=0)  # it shows none, names the next


def test_every_plan_makes_the_page_it_names(archive: Archive) -> None:
    env = make_environment(REPO / "templates")
    for path, plan in plans(archive, keys_of([summarize(a) for a in archive.articles])).items():
        page = plan.make()
        assert page.path == path
        assert render_page(env, page).startswith("<!doctype html>")


def test_what_no_list_page_shows_of_an_article_leaves_its_shown_digest(archive: Archive) -> None:
    summary = summarize(archive.articles[0])
    hidden = dataclasses.replace(summary, words="other words", statuses=(("fuzzy", 9),))
    assert shown_digest(hidden) == shown_digest(summary)


@pytest.mark.parametrize("field", ["title", "publisher", "summary", "slug", "path"])
def test_what_a_list_page_shows_of_an_article_changes_its_shown_digest(
    archive: Archive, field: str
) -> None:
    summary = summarize(archive.articles[0])
    changed: dict[str, Any] = {field: "changed"}
    assert shown_digest(dataclasses.replace(summary, **changed)) != shown_digest(summary)


def test_a_page_weighs_the_articles_it_lists(archive: Archive) -> None:
    placed = place(summarize(a) for a in archive.articles)
    found = plans(archive, keys_of(placed), per_page=2)
    in_2021 = [s for s in placed if s.date.year == 2021]
    assert found["index.html"].weight == 3  # the page, and the next article it names
    assert found["2021/index.html"].weight == len(in_2021)
    assert found["tags/index.html"].weight == 1
