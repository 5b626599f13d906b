"""The build cache: what earlier builds worked out, so that the next one redoes only what changed.

Every entry is filed under a digest of everything it was made from (the bytes of its
files, their display paths, quotemark's code), so an entry is either right or not
found: the cache can make a build faster, never different. It lives in one file,
``<cache folder>/build.pickle`` (``.quotemark-cache/`` under the project root unless
``--no-cache``), and is safe to delete at any time.

| entry            | key                                   | holds                             |
|------------------|---------------------------------------|-----------------------------------|
| ``parsed``       | file's path and bytes                 | the article or sidecar read from it |
| ``units``        | the article's and its sidecar's keys  | its summary and anchoring problems |
| ``sites``        | the output folder                     | what each page there was made from |

A site's page table is trusted only while the site's marker names the build that
wrote it, so a site rebuilt without the cache (or by hand) is never mistaken. A unit
also keeps the digest of what list pages show of its summary, worked out once.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quotemark.model import ArticleSource, Problem, Sidecar
from quotemark.output import replacing
from quotemark.references import Facts
from quotemark.searchmemo import SearchMemo
from quotemark.summary import Summary

FILE = "build.pickle"
FORMAT = 3  # bumped when the layout of the cache changes


@dataclass(frozen=True)
class Parsed:
    """An article or sidecar as read from its file (cached only when read cleanly).

    A sidecar is kept as its facts (what the archive-wide checks need) and itself,
    pickled apart in the cache file: it is unpickled only when its article is anchored.
    """

    value: ArticleSource | Facts
    needs: tuple[Path, ...]  # files whose existence reading it checked
    held: Sidecar | bytes | None = None  # a sidecar: itself, or pickled

    def packed(self) -> Parsed:
        """The entry as the cache file keeps it (a sidecar pickled apart)."""
        if isinstance(self.held, Sidecar):
            return Parsed(self.value, self.needs, pack(self.held))
        return self


def pack(sidecar: Sidecar) -> bytes:
    """A sidecar pickled on its own (kept so, or sent so to another process)."""
    return pickle.dumps(sidecar, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(held: Sidecar | bytes) -> Sidecar:
    """A sidecar, unpickled if it was ``pack``ed."""
    sidecar = pickle.loads(held) if isinstance(held, bytes) else held
    assert isinstance(sidecar, Sidecar), "a packed sidecar unpickles to a Sidecar"
    return sidecar


@dataclass(frozen=True)
class Unit:
    """An article anchored with its sidecar: what the lists need, and what went wrong."""

    summary: Summary
    problems: tuple[Problem, ...]
    shown: str  # the digest of what list pages show of it (``plans.shown_digest``)


@dataclass
class SiteState:
    """The pages of one output folder, each with the key of what it was made from."""

    inputs: str  # the marker's digest of the build that wrote the folder
    keys: dict[str, str] = field(default_factory=dict)  # output path -> key
    unlisted: set[str] = field(default_factory=set)  # pages the sitemap leaves out


@dataclass
class Store:
    """The cache in memory; ``used`` collects what the current build looked up.

    ``search`` is the search index in pieces (quotemark.searchmemo), so that the next
    build patches it instead of making it again; the file keeps it without the shard
    scripts themselves (they are made again from the pieces).
    """

    code: str  # the code digest the entries were made with
    parsed: dict[str, Parsed] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    sites: dict[str, SiteState] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    search: SearchMemo = field(default_factory=SearchMemo, compare=False, repr=False)

    def parsed_entry(self, key: str, files: Container[str] = ()) -> Parsed | None:
        """The cached reading of a file, if it is still valid (the files it checked agree).

        ``files``: paths known to be files (the snapshot's), so not looked at again.
        """
        self.used.add(key)
        found = self.parsed.get(key)
        if found is None or not all(is_file(path, files) for path in found.needs):
            return None
        return found

    def unit(self, key: str) -> Unit | None:
        self.used.add(key)
        return self.units.get(key)

    def prune(self) -> None:
        """Forget the entries the current build did not look up (deleted or edited files)."""
        self.parsed = {k: v for k, v in self.parsed.items() if k in self.used}
        self.units = {k: v for k, v in self.units.items() if k in self.used}
        self.used = set()


def is_file(path: Path, files: Container[str]) -> bool:
    """Whether ``path`` is a file: one of ``files``, or found so on disk."""
    return os.fspath(path) in files or path.is_file()


def key_of(*parts: str) -> str:
    """A digest of several strings (told apart, whatever they hold)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "little") + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def load_store(folder: Path | None, code: str) -> Store:
    """The cache in ``folder`` if it was made by this code; else an empty one."""
    if folder is None:
        return Store(code)
    try:
        with (folder / FILE).open("rb") as f, collector_off():
            found = pickle.load(f)
    except Exception:  # a truncated or foreign file is no cache: unpickling fails in many ways
        return Store(code)
    gc.freeze()  # the cache lives as long as the build: collections need not look at it
    if not isinstance(found, tuple) or len(found) != 2 or found[0] != (FORMAT, code):
        return Store(code)
    store = found[1]
    return store if isinstance(store, Store) else Store(code)


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """No garbage collection in the block: unpickling makes millions of objects, and each
    collection on the way would look at all those made so far."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def save_store(folder: Path | None, store: Store) -> None:
    """Write the cache (pruned to what this build used), replacing the file atomically."""
    if folder is None:
        return
    store.prune()
    store.parsed = {key: entry.packed() for key, entry in store.parsed.items()}
    with replacing(folder / FILE, mode=0o600) as stream:
        pickle.dump(((FORMAT, store.code), store), stream, protocol=pickle.HIGHEST_PROTOCOL)
