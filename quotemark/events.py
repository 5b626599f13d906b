"""File-system events for ``serve``: look at the sources when something changed, not on a timer.

The watcher (quotemark.serve) tells what changed by looking at the sources: a snapshot
of every file's path, inode, size and time, which at 10,000 articles takes about a
tenth of a second. Looking five times a second would keep a third of a core busy while
nothing happens, so watchdog (inotify on Linux, FSEvents on macOS, kqueue or
ReadDirectoryChangesW elsewhere) says when a file under the watched folders was written,
created, moved or deleted, and the watcher looks then; and at least every ``SAFETY``
seconds, should an event be missed. Where no observer can be started (no inotify
watches left, a folder missing), the watcher looks on every tick, as it did before.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

SAFETY = 5.0  # seconds: the longest the watcher goes without a look, events or not
READS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE})  # a build reads the sources


class Stirred(FileSystemEventHandler):
    """Notes each change under the watched folders (``flag``) and calls ``wake`` at once.

    Runs in the observer's thread: ``wake`` must be safe to call from there.
    """

    def __init__(self, wake: Callable[[], None]) -> None:
        super().__init__()
        self.flag = threading.Event()
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in READS:
            return
        self.flag.set()
        self.wake()


def observe_folders(folders: Sequence[Path], handler: Stirred) -> BaseObserver | str:
    """A started observer of the folders (and below), or why none could be started."""
    observer = Observer()
    observer.daemon = True
    try:
        for folder in folders:
            observer.schedule(handler, os.fspath(folder), recursive=True)
        observer.start()
    except OSError as error:
        return str(error.strerror or error)
    return observer


def wants_look(now: float, changed: bool | None, settling: bool, safety_at: float) -> bool:
    """Whether the watcher should look at the sources now.

    ``changed``: an event came since the last look (None: no observer, so always look);
    ``settling``: a change was seen and the sources must be seen still before a build;
    ``safety_at``: when the next look is due anyway.
    """
    return changed is None or changed or settling or now >= safety_at
