"""The live preview's quick pass: the edited article's own page first, the whole build after.

While annotating, one article or its sidecar changes at a time, and the page being looked
at is that article's. A large archive takes seconds to rebuild (its lists, its search
index); the quick pass anchors and renders just that article with what the last good
build knew (entities, colours, tag slugs, settings, theme), puts its page and export
in the site, and the browser reloads at once. The full build then runs as usual and
has the last word: the quick pass forgets the keys of the files it wrote, so the full
build renders them again, and if the full build fails, ``Quick.undo`` puts those files
back as they were: the last good site stays.

The quick pass declines, and only the full build runs, whenever the edit could change
more than the article's own files: a file added or removed, a theme or settings file, a
second article, an article whose page path or draft state changes, that drops a tag or
gets one no article had, a sidecar that declares or names other entities. When the
article's own files have errors (any warning too, with ``--strict``), it writes nothing
and returns them (``Refused``): the full build will stop on them as well, so the
preview can show them at once.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from quotemark.cache import SiteState
from quotemark.content import display_path, read_article
from quotemark.incremental import Pending
from quotemark.model import ArticleSource, Problem, Sidecar, escalate, has_errors
from quotemark.output import files_below, move_files, replacing
from quotemark.paths import source_path
from quotemark.project import Project
from quotemark.reading import Read, facts_of_read, sidecar_of
from quotemark.references import check_entity_refs, facts_of
from quotemark.sidecar import read_sidecar
from quotemark.units import Job, Renderer, run_job


@dataclass(frozen=True)
class Known:
    """What the last good build knew that one article's own page needs."""

    renderer: Renderer  # the build's (its ``new`` tree is gone: the quick pass brings its own)
    units: Sequence[Pending]  # the articles with their sidecars

    @functools.cached_property
    def files(self) -> dict[str, Pending]:
        """Each article's and sidecar's display path, with the article it belongs to (worked
        out on the first quick pass: a build that is not previewed never needs it)."""
        files = {unit.article.rel: unit for unit in self.units}
        files.update({facts_of_read(u.sidecar).rel: u for u in self.units if u.sidecar})
        return files


@dataclass(frozen=True)
class Quick:
    """The files a quick pass wrote, with what each held before (None: it was not there)."""

    rel: str  # the article, as diagnostics name it
    out: Path
    before: tuple[tuple[str, bytes | None], ...]

    def undo(self) -> None:
        """Put the files back as the last good build left them."""
        for path, data in self.before:
            if data is None:
                (self.out / path).unlink(missing_ok=True)
                continue
            with replacing(self.out / path) as stream:
                stream.write(data)


@dataclass(frozen=True)
class Refused:
    """Errors in the edited article's own files: the full build will stop on them too."""

    rel: str  # the article, as diagnostics name it
    problems: tuple[Problem, ...]  # all of them, warnings included (escalated with --strict)


def quick_pass(
    project: Project, known: Known, changed: Collection[str], state: SiteState | None
) -> Quick | Refused | None:
    """Render the one article whose files changed into the site; None when it does not apply.

    ``changed``: the paths of the files modified since the last build (none added or
    removed). ``state``: the cache's record of the site, whose keys for the files written
    here are forgotten, so that the full build renders them again. When the article's
    own files have errors, nothing is written and they are returned (``Refused``).
    """
    units = {known.files.get(display_path(Path(path), project.root)) for path in changed}
    if len(units) != 1 or None in units:
        return None
    (unit,) = units
    assert unit is not None, "checked above"
    problems: list[Problem] = []
    article, sidecar = reread(project, unit, changed, known, problems)
    if has_errors(found := escalate(problems, project.strict)):
        return Refused(unit.article.rel, tuple(sorted(found)))
    if article is None or (unit.sidecar is not None and sidecar is None):
        return None
    prefix = f".{project.out.name}.quick-"
    with tempfile.TemporaryDirectory(dir=project.out.parent, prefix=prefix) as folder:
        renderer = dataclasses.replace(known.renderer, new=Path(folder))
        done = run_job(Job(article, sidecar, render=True, page=False), renderer)
        if has_errors(found := escalate([*problems, *done.problems], project.strict)):
            return Refused(article.rel, tuple(sorted(found)))
        quick = move_in(Path(folder), project.out, article.rel)
    if state is not None:
        for path, _ in quick.before:
            state.keys.pop(path, None)
    return quick


def reread(
    project: Project,
    unit: Pending,
    changed: Collection[str],
    known: Known,
    problems: list[Problem],
) -> tuple[ArticleSource | None, Sidecar | None]:
    """The article and its sidecar, read again where they changed (None where one will not
    do); the problems of what was read are added to ``problems``."""
    paths = {display_path(Path(path), project.root): Path(path) for path in changed}
    article: ArticleSource | None = unit.article
    if unit.article.rel in paths:
        article = fresh_article(project, paths[unit.article.rel], unit.article, known, problems)
    if unit.sidecar is None:
        return article, None
    rel = facts_of_read(unit.sidecar).rel
    if rel not in paths:
        return article, sidecar_of(unit.sidecar)
    return article, fresh_sidecar(project, paths[rel], unit.sidecar, known, problems)


def fresh_article(
    project: Project, path: Path, old: ArticleSource, known: Known, problems: list[Problem]
) -> ArticleSource | None:
    """The article read again, if it keeps its page, its draft state and its tags (it may add
    tags other articles have: dropping one could change the archive's tag slugs)."""
    article, found = read_article(path, old.rel, project.content)
    problems += found
    if article is None or has_errors(escalate(found, project.strict)):
        return None
    if source_path(article) != source_path(old) or article.draft != old.draft:
        return None
    return article if set(old.tags) <= set(article.tags) <= known.renderer.slugs.keys() else None


def fresh_sidecar(
    project: Project, path: Path, old: Read, known: Known, problems: list[Problem]
) -> Sidecar | None:
    """The sidecar read again, if it declares and names the same entities as before (its
    references are checked against the last build's entities when it declares the same)."""
    before = facts_of_read(old)
    sidecar, found = read_sidecar(path, before.rel, project.content)
    problems += found
    if sidecar is None:
        return None
    facts = facts_of(sidecar)
    same_article = os.path.normpath(facts.article) == os.path.normpath(before.article)
    if not same_article or facts.entities != before.entities:
        return None  # the archive's entity table may change: only the full build can tell
    problems += check_entity_refs(facts, dict(known.renderer.entities)) + list(facts.local)
    if has_errors(escalate(problems, project.strict)) or facts.named != before.named:
        return None
    return sidecar


def move_in(folder: Path, out: Path, rel: str) -> Quick:
    """Move the files rendered into ``folder`` into the site, remembering what they replace."""
    paths = files_below(folder)
    before = tuple((p, (out / p).read_bytes() if (out / p).is_file() else None) for p in paths)
    move_files(folder, out, paths)
    return Quick(rel, out, before)
