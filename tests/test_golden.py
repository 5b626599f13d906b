"""The golden archive: tests/golden-content built byte for byte into tests/golden/.

Regenerate on purpose with ``UPDATE_GOLDEN=1`` and read the diff as part of the change.
The theme's assets are compared with templates/assets instead (they are plain copies).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quotemark.cli import main
from quotemark.output import MARKER
from tests.conftest import REPO

CONTENT = REPO / "tests" / "golden-content"
GOLDEN = REPO / "tests" / "golden"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below the folder but the copied assets and the build's record, by path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "assets" and p.name != MARKER
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "site"
    code = main(
        ["build", "--quiet", "--root", str(REPO), "--content", str(CONTENT), "--out", str(out)]
    )
    assert code == 0
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN, ignore=shutil.ignore_patterns("assets", MARKER))
    return out


def test_the_golden_archive_is_rebuilt_byte_for_byte(built: Path) -> None:
    expected, actual = tree(GOLDEN), tree(built)
    assert sorted(actual) == sorted(expected)
    changed = [path for path in expected if expected[path] != actual[path]]
    assert changed == []


def test_the_assets_are_copies_of_the_theme(built: Path) -> None:
    theme = REPO / "templates" / "assets"
    expected = {
        p.relative_to(theme).as_posix(): p.read_bytes() for p in theme.rglob("*") if p.is_file()
    }
    actual = {
        p.relative_to(built / "assets").as_posix(): p.read_bytes()
        for p in (built / "assets").rglob("*")
        if p.is_file()
    }
    assert {k: v for k, v in actual.items() if k in expected} == expected


def test_two_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    code = main(
        ["build", "--quiet", "--root", str(REPO), "--content", str(CONTENT), "--out", str(again)]
    )
    assert code == 0
    assert tree(again) == tree(built)


def test_the_golden_content_anchors_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--strict", "--root", str(REPO), "--content", str(CONTENT)])
    assert code == 0
    assert capsys.readouterr().err == "checked 3 articles: 0 errors, 0 warnings\n"


def test_the_shipped_content_anchors_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--strict", "--root", str(REPO)])
    assert code == 0
    assert capsys.readouterr().err == "checked 1 article: 0 errors, 0 warnings\n"
