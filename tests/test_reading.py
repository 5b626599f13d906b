"""reading.py: articles and sidecars are read once, then taken from the build cache while
their bytes (and the files their reading checked) are unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import quotemark.reading
from quotemark.cache import Store, load_store, save_store
from quotemark.content import read_article
from quotemark.fingerprint import snapshot
from quotemark.model import ArticleSource, Problem, Sidecar
from quotemark.project import make_project
from quotemark.reading import Read, article_of, read_content, sidecar_of
from quotemark.sidecar import read_sidecar
from tests.conftest import MAYOR_SIDECAR, TempProject

ARTICLE = "2020/2020-05-17-bridge.md"
ARTICLE_REL = f"content/{ARTICLE}"
SIDECAR = "2020/2020-05-17-bridge.annotations.yaml"
SIDECAR_REL = f"content/{SIDECAR}"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display path of every article and sidecar actually read from its file, in order."""
    rels: list[str] = []

    def article(path: Path, rel: str, content: Path) -> tuple[ArticleSource | None, list[Problem]]:
        rels.append(rel)
        return read_article(path, rel, content)

    def sidecar(path: Path, rel: str, content: Path) -> tuple[Sidecar | None, list[Problem]]:
        rels.append(rel)
        return read_sidecar(path, rel, content)

    monkeypatch.setattr(quotemark.reading, "read_article", article)
    monkeypatch.setattr(quotemark.reading, "read_sidecar", sidecar)
    return rels


def read_now(
    project: TempProject, store: Store, drafts: bool = False
) -> tuple[list[Read], list[Read], list[str]]:
    """Read the project's content as a build would; the problems formatted."""
    settings = dataclasses.replace(make_project(str(project.root)), drafts=drafts)
    articles, sidecars, problems = read_content(settings, snapshot(settings).files, store)
    return articles, sidecars, [p.format() for p in problems]


def bridge(project: TempProject, **front: str) -> None:
    project.article(ARTICLE, 'The mayor said it "is a gift" to us.\n', **front)
    project.write(SIDECAR, MAYOR_SIDECAR % "is a gift", dedent=False)


def test_unchanged_files_are_taken_from_the_cache(project: TempProject, reads: list[str]) -> None:
    bridge(project)
    store = Store("")
    first, first_sidecars, _ = read_now(project, store)
    again, again_sidecars, problems = read_now(project, store)
    assert reads == [ARTICLE_REL, SIDECAR_REL]
    assert article_of(again[0]) is article_of(first[0])
    assert sidecar_of(again_sidecars[0]) == sidecar_of(first_sidecars[0])
    assert problems == []


def test_a_file_whose_bytes_changed_is_read_again(project: TempProject, reads: list[str]) -> None:
    bridge(project)
    store = Store("")
    read_now(project, store)
    project.article(ARTICLE, 'The mayor said it "is a gift" to all of us.\n')
    articles, _, _ = read_now(project, store)
    assert reads == [ARTICLE_REL, SIDECAR_REL, ARTICLE_REL]
    assert article_of(articles[0]).body == 'The mayor said it "is a gift" to all of us.\n'


def test_a_moved_file_is_read_again(project: TempProject, reads: list[str]) -> None:
    project.article(ARTICLE, "Text.\n")
    store = Store("")
    read_now(project, store)
    (project.root / "content" / ARTICLE).rename(project.root / "content" / "2020-05-17-bridge.md")
    articles, _, _ = read_now(project, store)
    assert reads == [ARTICLE_REL, "content/2020-05-17-bridge.md"]
    assert article_of(articles[0]).rel == "content/2020-05-17-bridge.md"


def test_a_sidecar_is_read_again_once_its_article_is_gone(
    project: TempProject, reads: list[str]
) -> None:
    bridge(project)
    store = Store("")
    read_now(project, store)
    (project.root / "content" / ARTICLE).unlink()
    articles, sidecars, problems = read_now(project, store)
    assert reads == [ARTICLE_REL, SIDECAR_REL, SIDECAR_REL]
    assert (articles, sidecars) == ([], [])
    assert problems == [
        f'{SIDECAR_REL}:1:1: error[missing-article]: no article "2020-05-17-bridge.md" '
        "for this sidecar; create it or set document.path"
    ]


def test_an_article_is_read_again_once_its_image_is_gone(
    project: TempProject, reads: list[str]
) -> None:
    project.article(ARTICLE, "Text.\n", image="photo.jpg")
    project.write("2020/photo.jpg", "not really a photo")
    store = Store("")
    assert read_now(project, store)[2] == []
    (project.root / "content" / "2020" / "photo.jpg").unlink()
    _, _, problems = read_now(project, store)
    assert reads == [ARTICLE_REL, ARTICLE_REL]
    assert problems == [
        f'{ARTICLE_REL}:4:8: error[bad-value]: image: "photo.jpg" is not a file beside the article'
    ]


def test_a_file_with_problems_is_read_again_every_time(
    project: TempProject, reads: list[str]
) -> None:
    project.article(ARTICLE, "Text.\n", colour="red")
    store = Store("")
    found = [read_now(project, store)[2] for _ in range(3)]
    assert reads == [ARTICLE_REL] * 3
    assert found[0] == found[1] == found[2]
    assert [p.split(": ", 2)[:2] for p in found[0]] == [
        [f"{ARTICLE_REL}:4:1", "error[unknown-key]"]
    ]
    assert store.parsed == {}


def test_a_drafts_problems_are_shown_only_with_drafts(project: TempProject) -> None:
    project.article(ARTICLE, "Text.\n", draft="true", colour="red")
    store = Store("")
    hidden, _, quiet = read_now(project, store)
    shown, _, problems = read_now(project, store, drafts=True)
    again, _, quiet_again = read_now(project, store)
    assert (hidden, quiet, again, quiet_again) == ([], [], [], [])
    assert [article_of(a).rel for a in shown] == [ARTICLE_REL]
    assert [p.split(": ", 2)[:2] for p in problems] == [
        [f"{ARTICLE_REL}:5:1", "error[unknown-key]"]
    ]


def test_a_draft_read_without_drafts_is_taken_from_the_cache_with_drafts(
    project: TempProject, reads: list[str]
) -> None:
    project.article(ARTICLE, "Text.\n", draft="true")
    store = Store("")
    assert read_now(project, store)[0] == []
    articles, _, problems = read_now(project, store, drafts=True)
    assert reads == [ARTICLE_REL]
    assert ([article_of(a).draft for a in articles], problems) == ([True], [])


def test_readings_saved_in_the_cache_file_are_taken_from_it_by_the_next_build(
    project: TempProject, reads: list[str], tmp_path: Path
) -> None:
    bridge(project)
    store = Store("code")
    articles, sidecars, _ = read_now(project, store)
    save_store(tmp_path / "cache", store)
    loaded = load_store(tmp_path / "cache", "code")
    again, again_sidecars, problems = read_now(project, loaded)
    assert reads == [ARTICLE_REL, SIDECAR_REL]
    assert [article_of(a) for a in again] == [article_of(a) for a in articles]
    assert [sidecar_of(s) for s in again_sidecars] == [sidecar_of(s) for s in sidecars]
    assert problems == []
