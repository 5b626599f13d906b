"""One article's own work, as a worker does it: anchor, summarise, render, write."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotemark.cards import catalogue, site_info
from quotemark.model import Settings
from quotemark.paths import tag_slugs
from quotemark.pipeline import Archive, load_archive
from quotemark.project import make_project
from quotemark.render import make_environment
from quotemark.summary import named_entities
from quotemark.units import Job, Renderer, run_job
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden-content"
PAGE = "2021/03/minister-regrets-remarks.html"
EXPORT = "2021/03/minister-regrets-remarks.annotations.jsonld"


@pytest.fixture(scope="module")
def archive() -> Archive:
    return load_archive(make_project(str(REPO), content=str(GOLDEN)))


def job(archive: Archive, render: bool, page: bool) -> Job:
    article = next(a for a in archive.articles if a.source.slug == "minister-regrets-remarks")
    return Job(article.source, article.sidecar, render, page)


def renderer(archive: Archive, tmp_path: Path) -> Renderer:
    cat = catalogue([named_entities(a.sidecar) for a in archive.articles], archive.entities)
    slugs = tag_slugs(t for a in archive.articles for t in a.source.tags)
    env = make_environment(REPO / "templates")
    site = site_info(Settings())
    (tmp_path / "new").mkdir()
    return Renderer(site, cat, slugs, archive.entities, env, tmp_path / "old", tmp_path / "new")


def test_without_a_renderer_the_article_is_only_anchored_and_summarised(
    archive: Archive,
) -> None:
    done = run_job(job(archive, render=True, page=True), None)
    assert (done.summary.path, done.problems, done.page, done.unlisted) == (PAGE, (), None, False)


def test_a_rendered_article_writes_its_page_and_its_export(
    archive: Archive, tmp_path: Path
) -> None:
    done = run_job(job(archive, render=True, page=False), renderer(archive, tmp_path))
    written = sorted(
        p.relative_to(tmp_path / "new").as_posix() for p in (tmp_path / "new").rglob("*.*")
    )
    assert written == [EXPORT, PAGE]
    assert "We will listen to every fisherman" in (tmp_path / "new" / PAGE).read_text()
    assert (done.page, done.unlisted) == (None, False)


def test_the_feed_asks_for_the_page_data_without_a_page_written(
    archive: Archive, tmp_path: Path
) -> None:
    done = run_job(job(archive, render=False, page=True), renderer(archive, tmp_path))
    assert done.page is not None and done.page.path == PAGE
    assert list((tmp_path / "new").iterdir()) == []
