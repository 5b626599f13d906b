"""The new command: an article and an empty sidecar that pass check, never overwriting."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from quotemark.content import read_article
from quotemark.sidecar import read_sidecar
from tests.conftest import TempProject

ARTICLE = "content/2020/2020-05-17-harbour-plan-approved.md"
SIDECAR = "content/2020/2020-05-17-harbour-plan-approved.annotations.yaml"


def test_new_writes_an_article_and_a_sidecar_and_prints_their_paths(
    project: TempProject,
) -> None:
    run = project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    assert (run.code, run.out, run.err) == (0, f"{ARTICLE}\n{SIDECAR}\n", "")


def test_the_article_holds_only_title_and_date(project: TempProject) -> None:
    project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    assert (project.root / ARTICLE).read_text(encoding="utf-8") == (
        '---\ntitle: "Harbour Plan Approved"\ndate: 2020-05-17\n---\n'
    )


def test_the_sidecar_holds_the_schema_and_comments_only(project: TempProject) -> None:
    project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    lines = (project.root / SIDECAR).read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == [
        "schema: annotated-news/sidecar@1"
    ]


def test_the_new_files_pass_check(project: TempProject) -> None:
    project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    run = project.run("check")
    assert (run.code, run.err) == (0, "checked 1 article: 0 errors, 0 warnings\n")


def test_the_commented_skeleton_is_a_valid_sidecar_once_uncommented(project: TempProject) -> None:
    project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    path = project.root / SIDECAR
    head, skeleton = path.read_text(encoding="utf-8").split("\n\n", 1)
    uncommented = "\n".join(line[2:] for line in skeleton.splitlines())
    path.write_text(f"{head}\n\n{uncommented}\n", encoding="utf-8")
    sidecar, problems = read_sidecar(path, SIDECAR, project.root / "content")
    assert problems == []
    assert sidecar is not None
    assert [len(sidecar.entities), len(sidecar.regions), len(sidecar.attributions)] == [1, 1, 1]
    assert len(sidecar.mentions) == 1


@pytest.mark.parametrize(
    "title",
    ['He said: "No" # not a comment', "yes", "2020-05-17", "  Spaces  around  ", "[x], {y}: 'z'"],
)
def test_any_title_is_quoted_safely(project: TempProject, title: str) -> None:
    run = project.run("new", title, "--date", "2020-05-17")
    path = project.root / run.out.splitlines()[0]
    article, problems = read_article(path, "a.md", project.root / "content")
    assert problems == []
    assert article is not None and article.title == title.strip()


def test_the_date_defaults_to_today(project: TempProject) -> None:
    run = project.run("new", "Today")
    assert run.out.splitlines()[0] == f"content/{dt.date.today():%Y}/{dt.date.today()}-today.md"


def test_the_content_folder_is_created_when_missing(project: TempProject) -> None:
    shutil.rmtree(project.root / "content")
    run = project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    assert run.code == 0
    assert (project.root / ARTICLE).is_file()


def test_a_title_is_transliterated_into_the_slug(project: TempProject) -> None:
    run = project.run("new", "Straße über Köln's Ærø", "--date", "2020-05-17")
    assert run.out.splitlines()[0] == "content/2020/2020-05-17-strasse-uber-kolns-aero.md"


def test_the_slug_of_another_days_article_is_not_reused(project: TempProject) -> None:
    project.article("2019/2019-01-01-harbour-plan-approved.md", "Old.\n")
    run = project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    assert run.out.splitlines()[0] == "content/2020/2020-05-17-harbour-plan-approved-2.md"
    assert project.run("check").code == 0


def test_an_existing_article_is_not_overwritten(project: TempProject) -> None:
    project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    (project.root / ARTICLE).write_text("mine", encoding="utf-8")
    run = project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        f"new: {ARTICLE} exists already; not overwritten (choose another title or --date)\n"
    )
    assert (project.root / ARTICLE).read_text(encoding="utf-8") == "mine"


def test_an_existing_sidecar_is_not_overwritten(project: TempProject) -> None:
    sidecar = project.write("2020/2020-05-17-harbour-plan-approved.annotations.yaml", "mine")
    run = project.run("new", "Harbour Plan Approved", "--date", "2020-05-17")
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        f"new: {SIDECAR} exists already; not overwritten (choose another title or --date)\n"
    )
    assert sidecar.read_text(encoding="utf-8") == "mine"
    assert not (project.root / ARTICLE).exists()


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", 'the title is empty; write it in quotes: new "The Headline"'),
        ("   ", 'the title is empty; write it in quotes: new "The Headline"'),
        (
            "Two\nlines",
            "the title has a line break or a control character; write it on one line",
        ),
        ("Bell\x07", "the title has a line break or a control character; write it on one line"),
        (
            "Путин заявил",
            'the title "Путин заявил" has no Latin letters or digits to make a file name of; give '
            "it in Latin letters (e.g. transliterated), then edit title: in the article",
        ),
        (
            "?!…",
            'the title "?!…" has no Latin letters or digits to make a file name of; give it in '
            "Latin letters (e.g. transliterated), then edit title: in the article",
        ),
    ],
)
def test_an_unusable_title_is_a_usage_error(project: TempProject, title: str, message: str) -> None:
    run = project.run("new", title, "--date", "2020-05-17")
    assert (run.code, run.out, run.err) == (2, "", f"quotemark: error: {message}\n")
    assert list((project.root / "content").rglob("*")) == []
