"""Rebuilds: an unchanged project is not built again, and a rebuild equals a clean build."""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from quotemark.fingerprint import fingerprint, read_record, walk_files
from quotemark.project import make_project
from tests.conftest import MAYOR_SIDECAR, QUOTE, TempProject, site_files, two_articles


def test_an_unchanged_project_is_not_built_again(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    page = project.site / "2020/05/tunnel.html"
    before = page.stat()
    run = project.run("build")
    assert run.code == 0
    assert run.err == (
        "nothing changed since the last build of 2 articles; site/ is up to date; "
        "open site/index.html\n"
    )
    assert (page.stat().st_ino, page.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_the_warnings_of_the_last_build_are_shown_again(project: TempProject) -> None:
    two_articles(project)
    project.write(
        "2020/2020-05-17-bridge.annotations.yaml",
        MAYOR_SIDECAR % QUOTE.replace("to", "for"),
        dedent=False,
    )
    first = project.run("build")
    again = project.run("build")
    assert first.diagnostics and again.diagnostics == first.diagnostics
    assert "nothing changed" in again.err


def test_an_unchanged_page_keeps_its_file_when_another_article_changes(
    project: TempProject,
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    untouched = (project.site / "2020/05/bridge.html").stat()
    project.article("2020/2020-05-18-tunnel.md", "The tunnel opens in May.\n", title="Tunnel")
    run = project.run("build")
    assert run.code == 0 and "built 2 articles" in run.err
    assert b"opens in May" in (project.site / "2020/05/tunnel.html").read_bytes()
    kept = (project.site / "2020/05/bridge.html").stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns)


def test_changing_an_option_or_a_template_builds_again(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    assert "built" in project.run("build", "--base-url", "https://example.org/news/").err
    with (project.root / "templates" / "assets" / "style.css").open("a") as css:
        css.write("\n/* changed */\n")
    assert "built" in project.run("build", "--base-url", "https://example.org/news/").err


def test_the_fingerprint_follows_every_byte_of_the_content(project: TempProject) -> None:
    two_articles(project)
    settings = make_project(str(project.root))
    first = fingerprint(settings)
    assert fingerprint(settings) == first
    project.write("2020/photo.jpg", "not really a photo")
    assert fingerprint(settings) != first


def test_a_failed_build_keeps_the_record_of_the_last_good_one(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    record = read_record(project.site)
    project.write(
        "2020/2020-05-17-bridge.annotations.yaml", MAYOR_SIDECAR % "not there at all", dedent=False
    )
    assert project.run("build").code == 1
    assert read_record(project.site) == record


def test_random_edit_sequences_rebuild_to_exactly_the_clean_build(
    project: TempProject, tmp_path: Path
) -> None:
    two_articles(project)
    rng = random.Random(20261124)
    edits: list[Callable[[], object]] = [
        lambda: project.article(
            "2020/2020-05-18-tunnel.md", "The tunnel opens soon.\n", title="Tunnel"
        ),
        lambda: project.article(
            "2020/2020-05-19-ferry.md", "A ferry, too.\n", title="Ferry", tags="[boats]"
        ),
        lambda: project.write(
            "2020/2020-05-17-bridge.annotations.yaml",
            MAYOR_SIDECAR % QUOTE.replace("gift", "gilt"),
            dedent=False,
        ),
        lambda: project.write("_site.yaml", "title: Riverton news\n"),
        lambda: (project.root / "content/2020/2020-05-19-ferry.md").unlink(missing_ok=True),
    ]
    for step in range(8):
        rng.choice(edits)()
        assert project.run("build").code == 0, step
        clean = tmp_path / f"clean-{step}"
        assert project.run("build", "--out", str(clean)).code == 0
        assert site_files(project.site) == site_files(clean), step
        shutil.rmtree(clean)


def walked(folder: Path) -> list[tuple[str, str, bool]]:
    """Every file below ``folder`` as ``os.walk`` (links to folders not followed) lists it."""
    found = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        rel = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        for name in sorted(names):
            path = os.path.join(top, name)
            found.append((prefix + name, path, os.path.islink(path)))
    return found


def test_files_are_walked_in_the_order_and_with_the_links_of_os_walk(tmp_path: Path) -> None:
    for rel in ["b/z.md", "b/a.md", "a-b/x.md", "a b/é.md", "_x/.hidden", "Z.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    (tmp_path / "b" / "link.md").symlink_to(tmp_path / "Z.md")
    (tmp_path / "folder-link").symlink_to(tmp_path / "b")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")
    found = list(walk_files(str(tmp_path), ""))
    assert found == walked(tmp_path)
    assert [(rel, link) for rel, _, link in found] == [
        ("Z.md", False),
        ("broken", True),
        ("_x/.hidden", False),
        ("a b/é.md", False),
        ("a-b/x.md", False),
        ("b/a.md", False),
        ("b/link.md", True),
        ("b/z.md", False),
    ]
