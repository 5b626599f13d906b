"""Builds spread over several processes give the same bytes as a build in one."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotemark import parallel
from quotemark.cli import main
from quotemark.output import MARKER
from tests.conftest import REPO

CONTENT = REPO / "tests" / "golden-content"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def build(out: Path) -> dict[str, bytes]:
    args = ["build", "-q", "--no-cache", "--root", str(REPO), "--content", str(CONTENT)]
    args += ["--out", str(out)]
    assert main(args) == 0
    return tree(out)


def test_a_parallel_build_equals_a_serial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = build(tmp_path / "serial")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "workers_for", lambda count: 2)
    assert build(tmp_path / "parallel") == serial


def test_small_archives_stay_in_one_process() -> None:
    assert parallel.workers_for(parallel.PARALLEL_FROM - 1) == 1


def test_results_come_back_in_input_order() -> None:
    values = [5, 3, 8, 1]

    def setup() -> None:
        pass

    assert list(parallel.spread(values.__getitem__, len(values), setup, 2)) == values
