"""Read every article and sidecar of the content folder, taking unchanged ones from the cache.

A file is read again when its bytes, its display path or quotemark's code changed, or
when a file its reading checked (a lead image, a sidecar's article) is gone. Files that
had problems are always read again, so their diagnostics come from a fresh reading.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from quotemark.cache import Parsed, Store, key_of, unpack
from quotemark.cache import pack as pack_sidecar
from quotemark.content import check_slugs, find_named, read_article
from quotemark.fingerprint import file_digest
from quotemark.model import ArticleSource, Problem, Sidecar
from quotemark.parallel import Progress, each, quietly, workers_for
from quotemark.project import Project
from quotemark.references import Facts, facts_of
from quotemark.sidecar import SUFFIX, read_sidecar


@dataclass(frozen=True)
class Read:
    """A file read (from the cache or not), with its cache key.

    An article is held whole; a sidecar as its facts, and itself (or, from the cache,
    pickled: ``sidecar_of`` unpickles it when its article is anchored).
    """

    key: str
    value: ArticleSource | Facts
    held: Sidecar | bytes | None = None


def read_content(
    project: Project, digests: Mapping[str, str], store: Store, progress: Progress = quietly
) -> tuple[list[Read], list[Read], list[Problem]]:
    """Every article (drafts only with ``project.drafts``) and sidecar, with their problems."""
    articles, problems = read_all(project, ".md", digests, store, read_article, progress)
    if not project.drafts:
        articles = [a for a in articles if not article_of(a).draft]
    problems += check_slugs([article_of(a) for a in articles])
    sidecars, found = read_all(project, SUFFIX, digests, store, read_sidecar, progress)
    return articles, sidecars, problems + found


def article_of(read: Read) -> ArticleSource:
    assert isinstance(read.value, ArticleSource), "an article's Read holds an ArticleSource"
    return read.value


def facts_of_read(read: Read) -> Facts:
    assert isinstance(read.value, Facts), "a sidecar's Read holds its Facts"
    return read.value


def sidecar_of(read: Read) -> Sidecar:
    """The sidecar itself (unpickled from the cache if need be)."""
    assert read.held is not None, "a sidecar's Read holds the sidecar"
    return unpack(read.held)


Reader = Callable[[Path, str, Path], tuple[ArticleSource | Sidecar | None, list[Problem]]]


def read_all(
    project: Project,
    suffix: str,
    digests: Mapping[str, str],
    store: Store,
    reader: Reader,
    progress: Progress = quietly,
) -> tuple[list[Read], list[Problem]]:
    """Read the files named ``*<suffix>``, in path order, each from the cache when it can."""
    names, problems = find_named(project.content, project.root, suffix, suffix == ".md")
    found: list[Read | None] = []
    missing: list[tuple[int, Path, str, str]] = []
    for name, rel in names:
        digest = digests.get(name) or file_digest(name, None).hex()  # a file new since
        key = key_of(suffix, rel, digest)
        cached = store.parsed_entry(key, digests)
        found.append(Read(key, cached.value, cached.held) if cached else None)
        if cached is None:
            missing.append((len(found) - 1, Path(name), rel, key))
    pack = workers_for(len(missing)) > 1  # results cross processes: sidecars go pickled
    read = functools.partial(read_file, reader=reader, content=project.content, pack=pack)
    fresh = each(read, [(path, rel) for _, path, rel, _ in missing], progress, "reading")
    for (i, _, _, key), (value, kept, needs, own) in zip(missing, fresh, strict=True):
        hidden = isinstance(value, ArticleSource) and value.draft and not project.drafts
        problems += [] if hidden else own  # a draft's problems only with --drafts
        if value is not None:
            found[i] = Read(key, value, kept)
            if not own:
                store.parsed[key] = Parsed(value, needs, kept)
    return [r for r in found if r is not None], problems


Fresh = tuple[ArticleSource | Facts | None, Sidecar | bytes | None, tuple[Path, ...], list[Problem]]


def read_file(file: tuple[Path, str], reader: Reader, content: Path, pack: bool) -> Fresh:
    """Read one file: an article, or a sidecar as its facts and itself (pickled if ``pack``)."""
    path, rel = file
    value, problems = reader(path, rel, content)
    if value is None:
        return None, None, (), problems
    if isinstance(value, ArticleSource):
        return value, None, needs_of(value), problems
    kept = pack_sidecar(value) if pack else value
    return facts_of(value), kept, needs_of(value), problems


def needs_of(value: ArticleSource | Sidecar) -> tuple[Path, ...]:
    """The files whose existence reading ``value`` checked (the rest is in its own bytes)."""
    if isinstance(value, Sidecar):
        return (value.article,)
    return (value.path.parent / value.image,) if value.image else ()
