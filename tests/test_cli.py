"""The command line as users meet it: exit codes, diagnostics on stderr, the site written or not."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import REPO, TempProject

ARTICLE = """\
The mayor said the bridge "is a gift to the city of Riverton," and added that it cost less.

"It is a gift to the city," the engineer said on Monday.
"""
NAME = "2020/2020-05-17-bridge.md"
SIDECAR = "2020/2020-05-17-bridge.annotations.yaml"


def sidecar(content: str, extra: str = "") -> str:
    """A sidecar with one direct attribution whose content anchor is given."""
    return (
        "schema: annotated-news/sidecar@1\n"
        "entities:\n"
        "  - {id: mayor, name: The mayor, type: person}\n"
        "attributions:\n"
        "  - id: a1\n"
        "    kind: direct\n"
        "    source: {entity: mayor, mention: The mayor}\n"
        "    content:\n"
        f"      - {content}\n" + extra
    )


def bridge(project: TempProject, content: str, extra: str = "") -> None:
    project.article(NAME, ARTICLE, title="Mayor Opens Bridge")
    project.write(SIDECAR, sidecar(content, extra), dedent=False)


def test_a_clean_project_builds_and_says_where_to_open_it(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    run = project.run("build")
    assert (run.code, run.diagnostics) == (0, [])
    assert "open site/index.html" in run.err
    assert (project.site / "2020/05/bridge.html").is_file()
    assert (project.site / "index.html").is_file()
    assert (project.site / "entities/mayor.html").is_file()


def test_build_is_the_default_command(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    assert project.run().code == 0
    assert (project.site / "index.html").is_file()


def test_check_writes_nothing(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    run = project.run("check")
    assert run.code == 0
    assert "checked 1 article: 0 errors, 0 warnings" in run.err
    assert not project.site.exists()


def test_a_disambiguated_anchor_is_clean(project: TempProject) -> None:
    anchor = '{exact: "a gift to the city", suffix: " of"}'
    extra = f"mentions:\n  - {{id: m1, entity: mayor, anchor: {anchor}}}\n"
    bridge(project, '"is a gift to the city of Riverton,"', extra)
    run = project.run("check")
    assert (run.code, run.diagnostics) == (0, [])


def test_context_changed_is_a_warning(project: TempProject) -> None:
    bridge(project, '{exact: "is a gift to the city of Riverton,", prefix: "bridge was "}')
    run = project.run("check")
    assert run.code == 0
    assert run.diagnostics == [
        f"content/{SIDECAR}:9:9: warning[context-changed]: attributions[a1].content[0] "
        '"is a gift to the city of Rive…" found at 2020-05-17-bridge.md:5 but its prefix/suffix '
        "no longer agree; update the anchor or run `python build.py fix`"
    ]


def test_strict_makes_a_warning_an_error_and_refuses_to_build(project: TempProject) -> None:
    bridge(project, '{exact: "is a gift to the city of Riverton,", prefix: "bridge was "}')
    run = project.run("build", "--strict")
    assert run.code == 1
    assert run.diagnostics[0].startswith(f"content/{SIDECAR}:9:9: error[context-changed]:")
    assert not project.site.exists()


def test_an_edited_quote_is_fuzzy_with_the_new_text(project: TempProject) -> None:
    bridge(project, '"is a gift for the city of Riverton,"')
    run = project.run("check")
    assert run.code == 0
    assert run.diagnostics == [
        f"content/{SIDECAR}:9:9: warning[fuzzy]: attributions[a1].content[0] "
        '"is a gift for the city of Riv…" matched with 2 edits (budget 7) at '
        '2020-05-17-bridge.md:5; the text now reads "is a gift to the city of Riverton,"; '
        "update the anchor or run `python build.py fix`"
    ]


def test_an_ambiguous_anchor_lists_its_candidates_and_the_fix(project: TempProject) -> None:
    bridge(project, '"a gift to the city"')
    run = project.run("check")
    assert run.code == 1
    assert run.diagnostics == [
        f"content/{SIDECAR}:9:9: error[ambiguous]: attributions[a1].content[0] "
        '"a gift to the city" matches 2 places (2020-05-17-bridge.md:5, 2020-05-17-bridge.md:7); '
        'add suffix: " of"'
    ]


def test_an_orphan_names_the_closest_candidate(project: TempProject) -> None:
    bridge(project, '"opened the new tunnel to Riverton"')
    run = project.run("check")
    assert run.code == 1
    assert len(run.diagnostics) == 1
    assert run.diagnostics[0].startswith(
        f"content/{SIDECAR}:9:9: error[orphan]: attributions[a1].content[0] "
        '"opened the new tunnel to Rive…" not found; closest: 2020-05-17-bridge.md:5 "'
    )
    assert "> budget 6)" in run.diagnostics[0]


def test_a_short_vanished_anchor_is_an_orphan_without_fuzzy_matching(project: TempProject) -> None:
    bridge(project, '"tunnel"')
    run = project.run("check")
    assert run.code == 1
    assert run.diagnostics[0].startswith(
        f"content/{SIDECAR}:9:9: error[orphan]: attributions[a1].content[0] "
        '"tunnel" not found; closest: '
    )
    assert "anchors under 12 characters are never matched fuzzily" in run.diagnostics[0]


def test_a_quote_without_its_marks_is_a_direct_marks_warning(project: TempProject) -> None:
    bridge(project, '"the bridge"')
    run = project.run("check")
    assert run.diagnostics == [
        f"content/{SIDECAR}:9:9: warning[direct-marks]: attributions[a1].content[0] "
        '"the bridge" is a verbatim quote with no closing quotation mark next to it; '
        "the span must be exactly the words between the marks",
        f"content/{SIDECAR}:9:9: warning[direct-marks]: attributions[a1].content[0] "
        '"the bridge" is a verbatim quote with no opening quotation mark next to it; '
        "the span must be exactly the words between the marks",
    ]


def test_a_span_cutting_a_word_is_a_word_boundary_warning(project: TempProject) -> None:
    bridge(
        project,
        '"is a gift to the city of Riverton,"',
        "mentions:\n  - {id: m1, entity: mayor, anchor: ayor said}\n",
    )
    run = project.run("check")
    assert run.diagnostics == [
        f"content/{SIDECAR}:11:37: warning[word-boundary]: mentions[m1].anchor "
        '"ayor said" starts inside a word at 2020-05-17-bridge.md:5'
    ]


def test_an_anchor_in_a_hidden_region_is_an_error(project: TempProject) -> None:
    extra = "regions:\n  - {id: r1, role: boilerplate, render: hide, anchor: The mayor said}\n"
    bridge(project, '"is a gift to the city of Riverton,"', extra)
    run = project.run("check")
    assert run.code == 1
    assert run.diagnostics == [
        f"content/{SIDECAR}:7:38: error[hidden-region]: attributions[a1].source.mention "
        '"The mayor" lies in region "r1", which is hidden (render: hide); readers would not see it'
    ]


def test_a_failed_build_leaves_the_previous_site_byte_identical(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    assert project.run("build").code == 0
    before = snapshot(project.site)
    project.write(SIDECAR, sidecar('"a gift to the city"'), dedent=False)
    assert project.run("build").code == 1
    assert snapshot(project.site) == before


def test_a_folder_not_made_by_quotemark_is_never_replaced(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    (project.site).mkdir()
    (project.site / "precious.txt").write_text("keep me")
    run = project.run("build")
    assert run.code == 2
    assert run.err.startswith("quotemark: error: refusing to replace ")
    assert (project.site / "precious.txt").read_text() == "keep me"


@pytest.mark.parametrize("out", ["content", "templates", "."])
def test_the_output_may_not_overlap_the_sources(project: TempProject, out: str) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    run = project.run("build", "--out", str(project.root / out))
    assert run.code == 2
    assert "refusing to write the site to" in run.err


def test_a_missing_content_folder_is_a_setup_error(tmp_path: Path, project: TempProject) -> None:
    run = project.run("build", "--content", str(tmp_path / "nowhere"))
    assert (run.code, run.err) == (
        2,
        f"quotemark: error: content folder not found: {tmp_path / 'nowhere'}\n",
    )


def test_an_unknown_option_is_a_usage_error(project: TempProject) -> None:
    with pytest.raises(SystemExit) as exit_:
        project.run("build", "--frobnicate")
    assert exit_.value.code == 2


def test_build_py_runs_as_a_script_with_help() -> None:
    done = subprocess.run(
        [sys.executable, "build.py", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    for word in (
        "build",
        "check",
        "--root",
        "--content",
        "--templates",
        "--out",
        "--base-url",
        "--drafts",
        "--strict",
        "--quiet",
        "--verbose",
    ):
        assert word in done.stdout


def test_options_may_come_before_the_command(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    project.capsys.readouterr()
    from quotemark.cli import main

    assert main(["--root", str(project.root), "--quiet", "check"]) == 0
    assert project.capsys.readouterr().err == ""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    } | {"__mtimes__": repr(sorted(os.stat(p).st_mtime_ns for p in folder.rglob("*"))).encode()}


def test_a_broken_template_is_a_one_line_setup_error(project: TempProject) -> None:
    bridge(project, '"is a gift to the city of Riverton,"')
    (project.root / "templates" / "article.html").write_text("{% if %}\n")
    run = project.run("build")
    assert (run.code, run.err) == (
        2,
        "templates/article.html:1:1: error[template]: "
        "Expected an expression, got 'end of statement block'\n",
    )
    assert not project.site.exists()


def test_a_long_build_shows_progress_on_a_terminal_only(project: TempProject) -> None:
    for n in range(200):
        project.article(f"2020/2020-05-17-story-{n}.md", f"Story {n}.\n", title=f"Story {n}")
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(project.root)]
    piped = subprocess.run(command, capture_output=True, text=True, check=False)
    assert piped.returncode == 0
    assert "articles:" not in piped.stderr
    shutil.rmtree(project.site)  # build again, this time on a terminal
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with subprocess.Popen(command, stdout=follower, stderr=follower) as child:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        assert child.wait(timeout=120) == 0
    os.close(leader)
    assert b"articles" in seen
    assert b"built 200 articles" in seen
