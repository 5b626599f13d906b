"""The build, stage by stage: read, check, anchor and render each article, then the lists.

``build_site`` is the build (and, without a writer, ``check``); ``load_archive`` loads
and anchors everything for the commands that need whole annotated articles.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from quotemark.annotate import AnnotatedArticle
from quotemark.cache import SiteState, Store
from quotemark.cards import catalogue
from quotemark.content import load_settings
from quotemark.fingerprint import Snapshot, snapshot
from quotemark.incremental import Pending, Site, Work, pair
from quotemark.model import Entity, Problem, Settings, escalate, has_errors
from quotemark.output import SiteWriter
from quotemark.parallel import Progress, annotate_each, quietly
from quotemark.paths import tag_slugs
from quotemark.project import Project
from quotemark.quick import Known
from quotemark.reading import article_of, facts_of_read, read_content, sidecar_of
from quotemark.redirects import alias_problems
from quotemark.references import check_references
from quotemark.sidecar import load_entities
from quotemark.summary import Summary


@dataclass(frozen=True)
class Build:
    """A build's outcome; with a ``writer``, the new site waits there to be committed."""

    problems: tuple[Problem, ...]
    articles: tuple[Summary, ...]  # newest first
    writer: SiteWriter | None = None
    state: SiteState | None = None  # what each page of the new site was made from
    work: Work = field(
        default_factory=Work
    )  # what it did, and what it took from the cache and the old site
    known: Known | None = None  # a good build's context, for the live preview's quick pass

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)


@dataclass(frozen=True)
class Archive:
    """Everything loaded, checked and anchored: what ``check`` sees, before any rendering."""

    settings: Settings
    articles: tuple[AnnotatedArticle, ...]
    entities: dict[str, Entity]
    problems: tuple[Problem, ...]


def load_archive(project: Project, progress: Progress = quietly) -> Archive:
    """Read everything, check it and anchor every sidecar on its article (no cache)."""
    settings, p1 = load_settings(project.content, project.root)
    settings = with_base_url(settings, project.base_url)
    shared, p2 = load_entities(project.content, project.root)
    articles, sidecars, p3 = read_content(project, snapshot(project).files, Store(""), progress)
    entities, p4 = check_references(shared, [facts_of_read(s) for s in sidecars])
    p5 = alias_problems([article_of(a) for a in articles], entities)
    annotated, p6 = annotate_all(pair(articles, sidecars), entities, progress)
    problems = escalate(sorted((*p1, *p2, *p3, *p4, *p5, *p6)), project.strict)
    return Archive(settings, tuple(annotated), entities, tuple(problems))


def build_site(
    project: Project,
    shot: Snapshot,
    store: Store,
    writer: SiteWriter | None = None,
    progress: Progress = quietly,
) -> Build:
    """Read, check and anchor everything; with a ``writer``, fill it with the new site.

    Work is taken from the cache ``store`` wherever its inputs are unchanged, and a page
    whose inputs are unchanged is linked from the previous site instead of rendered.
    """
    settings, p1 = load_settings(project.content, project.root)
    settings = with_base_url(settings, project.base_url)
    shared, p2 = load_entities(project.content, project.root)
    articles, sidecars, p3 = read_content(project, shot.files, store, progress)
    entities, p4 = check_references(shared, [facts_of_read(s) for s in sidecars])
    p5 = alias_problems([article_of(a) for a in articles], entities)
    units = pair(articles, sidecars)
    placed_units = sorted(units, key=lambda u: u.order, reverse=True)
    cat = catalogue([u.named for u in units], entities)
    slugs = tag_slugs(tag for u in units for tag in u.article.tags)
    early = escalate([*p1, *p2, *p3, *p4, *p5], project.strict)
    if has_errors(early):
        writer = None  # the build will fail: anchor for the diagnostics, render nothing
    site = Site(project, shot, settings, cat, slugs, entities, writer, store)
    summaries, p6 = site.articles(placed_units, progress)
    problems = sorted((*early, *escalate(p6, project.strict)))
    if writer is None or has_errors(problems):
        return Build(tuple(problems), tuple(summaries), work=site.work)
    site.lists(summaries, progress)
    renderer = site.renderer()
    assert renderer is not None, "a build with a writer has a renderer"
    known = Known(renderer, units)
    return Build(tuple(problems), tuple(summaries), writer, site.state, site.work, known)


def with_base_url(settings: Settings, base_url: str | None) -> Settings:
    if base_url is None:
        return settings
    return dataclasses.replace(settings, base_url=base_url.rstrip("/") + "/")


def annotate_all(
    units: Sequence[Pending], entities: Mapping[str, Entity], progress: Progress = quietly
) -> tuple[list[AnnotatedArticle], list[Problem]]:
    """Anchor each article's sidecar (if it has one) on the article."""
    pairs = [(u.article, sidecar_of(u.sidecar) if u.sidecar else None) for u in units]
    done, problems = [], []
    for result, found in annotate_each(pairs, entities, progress):
        done.append(result)
        problems.extend(found)
    return done, problems
