"""One article's own work: anchor its sidecar, summarise it, render and write its files.

This is what runs in the worker processes. Only the summary (and, for the feed, the
page data) travels back: the article's page and its W3C export are written into the
new site tree by the worker itself, so the build never holds every page at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from quotemark.annotate import annotate
from quotemark.assemble import article_page
from quotemark.cache import unpack
from quotemark.cards import Catalogue
from quotemark.export import collection_of, export_path, to_json
from quotemark.model import ArticleSource, Entity, Problem, Sidecar, has_errors
from quotemark.output import Output, place_bytes
from quotemark.pages import ArticlePage, SiteInfo
from quotemark.publish import is_unlisted
from quotemark.render import render_page
from quotemark.summary import Summary, summarize


@dataclass(frozen=True)
class Job:
    """An article to anchor; ``render``: write its files; ``page``: send its page data back."""

    article: ArticleSource
    sidecar: Sidecar | bytes | None  # bytes: pickled (unpickled by the worker)
    render: bool
    page: bool


@dataclass(frozen=True)
class Done:
    summary: Summary
    problems: tuple[Problem, ...]
    page: ArticlePage | None  # when the job asked for it
    unlisted: bool  # its page asks search engines to leave it out


@dataclass(frozen=True)
class Renderer:
    """What rendering any article needs: the same for every job of a build."""

    site: SiteInfo
    cat: Catalogue
    slugs: Mapping[str, str]
    entities: Mapping[str, Entity]
    env: jinja2.Environment
    out: Path  # the previous site
    new: Path  # the new tree being filled


def run_job(job: Job, renderer: Renderer | None) -> Done:
    """Anchor the article, summarise it and, if asked (and it anchored), render it."""
    sidecar = unpack(job.sidecar) if job.sidecar is not None else None
    annotated, problems = annotate(job.article, sidecar, {})
    summary = summarize(annotated)
    if renderer is None or has_errors(problems) or not (job.render or job.page):
        return Done(summary, tuple(problems), None, False)
    r = renderer
    page = article_page(r.site, annotated, summary, r.cat, r.slugs)
    unlisted = False
    if job.render:
        data = render_page(r.env, page).encode()
        place_bytes(r.out, r.new, summary.path, data)
        unlisted = is_unlisted(Output(summary.path, data))
        if summary.exported:
            document = collection_of(annotated, r.entities, r.site.base_url)
            place_bytes(r.out, r.new, export_path(annotated), to_json(document))
    return Done(summary, tuple(problems), page if job.page else None, unlisted)
