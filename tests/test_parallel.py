"""Builds spread over several processes give the same bytes as a build in one."""

from __future__ import annotations

import gc
import os
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


def collector_state(index: int) -> tuple[bool, bool]:
    """Whether the collector runs, and whether anything is frozen, where this is called."""
    return gc.isenabled(), gc.get_freeze_count() > 0


def test_workers_collect_only_their_own_objects() -> None:
    found = list(parallel.spread(collector_state, 2, lambda: None, 2))
    assert found == [(True, True), (True, True)]


def test_the_parent_collects_again_once_the_workers_are_done() -> None:
    list(parallel.spread(collector_state, 2, lambda: None, 2))
    assert gc.isenabled()


@pytest.mark.parametrize("workers", [1, 2])
def test_meanwhile_runs_once_in_this_process(workers: int) -> None:
    calls: list[int] = []
    found = parallel.spread(abs, 3, lambda: None, workers, lambda: calls.append(os.getpid()))
    assert list(found) == [0, 1, 2]
    assert calls == [os.getpid()]
