"""Read every article and sidecar of the content folder, taking unchanged ones from the cache.

A file is read again when its bytes, its display path or quotemark's code changed, or
when a file its reading checked (a lead image, a sidecar's article) is gone. Files that
had problems are always read again, so their diagnostics come from a fresh reading.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from quotemark.cache import Parsed, Store, key_of
from quotemark.content import check_slugs, display_path, find_sources, read_article
from quotemark.model import ArticleSource, Problem, Sidecar
from quotemark.project import Project
from quotemark.sidecar import SUFFIX, read_sidecar


@dataclass(frozen=True)
class Read:
    """A file read (from the cache or not), with its cache key."""

    key: str
    value: ArticleSource | Sidecar


def read_content(
    project: Project, digests: Mapping[Path, str], store: Store
) -> tuple[list[Read], list[Read], list[Problem]]:
    """Every article (drafts only with ``project.drafts``) and sidecar, with their problems."""
    articles, problems = read_all(project, ".md", digests, store, read_article)
    if not project.drafts:
        articles = [a for a in articles if not article_of(a).draft]
    problems += check_slugs([article_of(a) for a in articles])
    sidecars, found = read_all(project, SUFFIX, digests, store, read_sidecar)
    return articles, sidecars, problems + found


def article_of(read: Read) -> ArticleSource:
    assert isinstance(read.value, ArticleSource), "an article's Read holds an ArticleSource"
    return read.value


def sidecar_of(read: Read) -> Sidecar:
    assert isinstance(read.value, Sidecar), "a sidecar's Read holds a Sidecar"
    return read.value


Reader = Callable[[Path, str, Path], tuple[ArticleSource | Sidecar | None, list[Problem]]]


def read_all(
    project: Project, suffix: str, digests: Mapping[Path, str], store: Store, reader: Reader
) -> tuple[list[Read], list[Problem]]:
    """Read the files named ``*<suffix>``, in path order, each from the cache when it can."""
    paths, problems = find_sources(project.content, project.root, suffix, suffix == ".md")
    found: list[Read] = []
    for path in paths:
        rel = display_path(path, project.root)
        key = key_of(suffix, rel, digests.get(path) or digest_of(path))
        cached = store.parsed_entry(key)
        if cached is not None:
            found.append(Read(key, cached.value))
            continue
        value, own = reader(path, rel, project.content)
        hidden = isinstance(value, ArticleSource) and value.draft and not project.drafts
        problems += [] if hidden else own  # a draft's problems only with --drafts
        if value is None:
            continue
        found.append(Read(key, value))
        if not own:
            store.parsed[key] = Parsed(value, needs_of(value))
    return found, problems


def needs_of(value: ArticleSource | Sidecar) -> tuple[Path, ...]:
    """The files whose existence reading ``value`` checked (the rest is in its own bytes)."""
    if isinstance(value, Sidecar):
        return (value.article,)
    return (value.path.parent / value.image,) if value.image else ()


def digest_of(path: Path) -> str:
    """The SHA-256 of a file the snapshot did not see (it appeared since)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
