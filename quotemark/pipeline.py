"""The build, stage by stage: load, check, anchor and highlight, assemble, render."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quotemark.annotate import AnnotatedArticle
from quotemark.assemble import article_path, assemble
from quotemark.content import load_articles, load_settings
from quotemark.export import export_annotations
from quotemark.model import ArticleSource, Entity, Problem, Settings, Severity, Sidecar
from quotemark.output import Output
from quotemark.parallel import Progress, annotate_each, quietly, render_each
from quotemark.project import Project
from quotemark.publish import publish
from quotemark.redirects import alias_problems
from quotemark.references import check_references
from quotemark.render import asset_files, make_environment
from quotemark.search import search_outputs
from quotemark.sidecar import load_entities, load_sidecars

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})


@dataclass(frozen=True)
class Build:
    outputs: tuple[Output, ...]
    problems: tuple[Problem, ...]
    articles: tuple[AnnotatedArticle, ...]

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True)
class Archive:
    """Everything loaded, checked and anchored: what ``check`` sees, before any rendering."""

    settings: Settings
    articles: tuple[AnnotatedArticle, ...]
    entities: dict[str, Entity]
    problems: tuple[Problem, ...]


def load_archive(project: Project, progress: Progress = quietly) -> Archive:
    """Read everything, check it and anchor every sidecar on its article."""
    settings, p1 = load_settings(project.content, project.root)
    settings = with_base_url(settings, project.base_url)
    shared, p2 = load_entities(project.content, project.root)
    articles, p3 = load_articles(project.content, project.root, project.drafts)
    sidecars, p4 = load_sidecars(project.content, project.root)
    entities, p5 = check_references(shared, sidecars)
    annotated, p6 = annotate_all(articles, sidecars, entities, progress)
    p7 = alias_problems(articles, entities)
    problems = escalate(sorted((*p1, *p2, *p3, *p4, *p5, *p6, *p7)), project.strict)
    return Archive(settings, tuple(annotated), entities, tuple(problems))


def build_site(project: Project, progress: Progress = quietly) -> Build:
    """Load the archive and render every page (nothing is written)."""
    archive = load_archive(project, progress)
    settings, annotated, entities, problems = (
        archive.settings,
        archive.articles,
        archive.entities,
        archive.problems,
    )
    if any(p.severity is Severity.ERROR for p in problems):
        return Build((), problems, annotated)
    pages = assemble(settings, annotated, entities)
    environment = make_environment(project.templates)
    rendered = render_each(project.templates, pages, len(annotated), progress)
    outputs = [Output(page.path, data) for page, data in zip(pages, rendered, strict=True)]
    outputs += [Output(path, source=file) for path, file in asset_files(project.templates)]
    outputs += images(annotated)
    # further producers of site files (search index, feeds, exports) are added here
    outputs += export_annotations(settings, annotated, entities)
    outputs += search_outputs(environment, settings, annotated, entities)
    outputs += publish(settings, pages, outputs, environment)  # last: it lists the pages
    outputs.append(Output(".nojekyll", b""))
    return Build(tuple(sorted(outputs, key=lambda o: o.path)), problems, annotated)


def escalate(problems: Sequence[Problem], strict: bool) -> list[Problem]:
    """With --strict, every warning is an error."""
    if not strict:
        return list(problems)
    return [dataclasses.replace(p, severity=Severity.ERROR) for p in problems]


def with_base_url(settings: Settings, base_url: str | None) -> Settings:
    if base_url is None:
        return settings
    return dataclasses.replace(settings, base_url=base_url.rstrip("/") + "/")


def annotate_all(
    articles: Sequence[ArticleSource],
    sidecars: Sequence[Sidecar],
    entities: Mapping[str, Entity],
    progress: Progress = quietly,
) -> tuple[list[AnnotatedArticle], list[Problem]]:
    """Anchor each article's sidecar (if it has one) on the article."""
    by_article = {s.article.resolve(): s for s in sidecars}
    pairs = [(a, by_article.get(a.path.resolve())) for a in articles]
    done, problems = [], []
    for result, found in annotate_each(pairs, entities, progress):
        done.append(result)
        problems.extend(found)
    return done, problems


def images(articles: Sequence[AnnotatedArticle]) -> list[Output]:
    """Image files next to each article, copied beside its page."""
    out = []
    for article in articles:
        folder = article.source.path.parent
        target = article_path(article).rsplit("/", 1)[0]
        for file in sorted(folder.iterdir()):
            if file.suffix.lower() in IMAGE_SUFFIXES and file.is_file() and not file.is_symlink():
                out.append(Output(f"{target}/{file.name}", source=file))
    return dedupe(out)


def dedupe(outputs: Sequence[Output]) -> list[Output]:
    """Keep one output per path (two articles of a folder share their images)."""
    return list({o.path: o for o in outputs}.values())
