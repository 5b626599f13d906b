"""File-system events for ``serve``: the watcher looks at the sources when something changed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)

from quotemark.events import SAFETY, Stirred, observe_folders, wants_look

TIMEOUT = 10.0


def test_without_an_observer_the_watcher_looks_on_every_tick() -> None:
    assert wants_look(0.0, None, False, safety_at=100.0)


def test_with_nothing_changed_the_watcher_does_not_look() -> None:
    assert not wants_look(0.0, False, False, safety_at=100.0)


def test_an_event_makes_the_watcher_look() -> None:
    assert wants_look(0.0, True, False, safety_at=100.0)


def test_while_changes_settle_the_watcher_keeps_looking() -> None:
    assert wants_look(0.0, False, True, safety_at=100.0)


def test_the_watcher_looks_every_safety_period_whatever_the_events() -> None:
    assert SAFETY == 5.0
    assert wants_look(100.0, False, False, safety_at=100.0)


@pytest.mark.parametrize(
    "event",
    [
        FileModifiedEvent("a.md"),
        FileCreatedEvent("a.md"),
        FileMovedEvent(".a.md.tmp", "a.md"),
        FileDeletedEvent("a.md"),
    ],
)
def test_writes_creations_moves_and_deletions_stir_the_watcher(event: FileSystemEvent) -> None:
    woken: list[bool] = []
    stirred = Stirred(lambda: woken.append(True))
    stirred.dispatch(event)
    assert (stirred.flag.is_set(), woken) == (True, [True])


def test_reading_a_file_does_not_stir_the_watcher() -> None:
    woken: list[bool] = []
    stirred = Stirred(lambda: woken.append(True))
    stirred.dispatch(FileOpenedEvent("a.md"))
    stirred.dispatch(FileClosedNoWriteEvent("a.md"))
    assert (stirred.flag.is_set(), woken) == (False, [])


def test_an_observer_tells_of_a_write_in_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "2020").mkdir()
    article = tmp_path / "2020" / "a.md"
    article.write_text("one", encoding="utf-8")
    woken = threading.Event()
    stirred = Stirred(woken.set)
    observer = observe_folders([tmp_path], stirred)
    assert not isinstance(observer, str), observer
    try:
        article.read_text(encoding="utf-8")  # a read alone: no event that counts
        time.sleep(0.3)
        assert not stirred.flag.is_set()
        article.write_text("two", encoding="utf-8")
        assert woken.wait(TIMEOUT)
        assert stirred.flag.is_set()
    finally:
        observer.stop()
        observer.join(TIMEOUT)


def test_a_folder_that_is_not_there_gives_a_reason_instead_of_an_observer(
    tmp_path: Path,
) -> None:
    found = observe_folders([tmp_path / "missing"], Stirred(lambda: None))
    assert isinstance(found, str) and found
