"""The offline archive: ``build --zip`` writes a deterministic ``<out>.zip`` beside the site."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest

from quotemark.archive import archive_path, site_files, write_zip
from quotemark.output import MARKER
from tests.conftest import TempProject


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below the folder, by relative posix path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def two_articles(project: TempProject) -> None:
    project.article("2020/2020-05-17-bridge.md", "The bridge opened.\n", title="Bridge")
    project.write(
        "2021/2021-02-03-tunnel.md",
        '---\ntitle: "Tunnel"\ndate: 2021-02-03\n---\nThe tunnel closed.\n',
        dedent=False,
    )


def test_zip_writes_the_archive_beside_the_site_and_says_so(project: TempProject) -> None:
    two_articles(project)
    run = project.run("build", "--zip")
    assert run.code == 0
    assert run.err.splitlines()[-1] == "wrote archive.zip"
    assert (project.root / "archive.zip").is_file()
    assert not (project.site / "archive.zip").exists()


def test_two_builds_give_identical_zip_bytes(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build", "--zip").code == 0
    first = (project.root / "archive.zip").read_bytes()
    for path in project.site.rglob("*"):
        os.utime(path, (0, 0))  # the file times of the site are not the zip's
    assert project.run("build", "--zip").code == 0
    assert (project.root / "archive.zip").read_bytes() == first


def test_unzipped_the_archive_is_the_site_without_its_marker(
    project: TempProject, tmp_path: Path
) -> None:
    two_articles(project)
    assert project.run("build", "--zip").code == 0
    with zipfile.ZipFile(project.root / "archive.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    expected = tree(project.site)
    del expected[MARKER]
    assert tree(tmp_path / "unzipped" / "site") == expected
    assert sorted(p.name for p in (tmp_path / "unzipped").iterdir()) == ["site"]


def test_entries_are_sorted_dated_by_the_newest_article_and_read_only_for_others(
    project: TempProject,
) -> None:
    two_articles(project)
    assert project.run("build", "--zip").code == 0
    with zipfile.ZipFile(project.root / "archive.zip") as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert "site/index.html" in names and "site/.nojekyll" in names
    assert {i.date_time for i in infos} == {(2021, 2, 3, 0, 0, 0)}
    assert {(i.create_system, i.external_attr >> 16) for i in infos} == {(3, 0o100644)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_without_articles_entries_are_dated_1980(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>")
    stream = io.BytesIO()
    assert write_zip(site, stream, None) == 1
    assert zipfile.ZipFile(stream).infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


def test_an_article_older_than_1980_dates_the_entries_1980(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>")
    stream = io.BytesIO()
    write_zip(site, stream, dt.date(1969, 7, 20))
    assert zipfile.ZipFile(stream).infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


def test_the_site_files_leave_out_the_marker(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.html").write_text("")
    (tmp_path / MARKER).write_text("")
    (tmp_path / ".nojekyll").write_text("")
    assert site_files(tmp_path) == [".nojekyll", "a/b.html"]


def test_the_archive_sits_beside_the_output_folder() -> None:
    assert archive_path(Path("/srv/news/public")) == Path("/srv/news/archive.zip")


def test_a_build_without_zip_writes_no_archive(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    assert not (project.root / "archive.zip").exists()


def test_a_failed_build_leaves_the_previous_archive_untouched(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build", "--zip").code == 0
    before = (project.root / "archive.zip").read_bytes()
    project.write("2022/2022-01-01-broken.md", "---\ntitle: Broken\n---\nNo date.\n", dedent=False)
    assert project.run("build", "--zip").code == 1
    assert (project.root / "archive.zip").read_bytes() == before


def test_no_temporary_file_is_left_beside_the_archive(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build", "--zip").code == 0
    assert sorted(p.name for p in project.root.iterdir()) == [
        ".quotemark-cache",
        "archive.zip",
        "content",
        "site",
        "templates",
    ]


def test_zip_is_an_option_of_build_only(
    project: TempProject, capsys: pytest.CaptureFixture[str]
) -> None:
    two_articles(project)
    with pytest.raises(SystemExit) as exit_:
        project.run("check", "--zip")
    assert exit_.value.code == 2
    assert "unrecognized arguments: --zip" in capsys.readouterr().err
