"""Build the site doing only what changed: each article, then the pages that list them.

Every page gets a key, the digest of everything it is made from (for an article: its
file, its sidecar, the theme, the site settings, the entities and tag slugs it shows;
for a list page: its page data and the theme). A page whose key is the one the
previous site recorded for it is hard-linked from there; any other is rendered. An
article whose files are unchanged is not anchored again: its summary and problems
come from the cache. So a build with a warm cache gives exactly the site a clean
build gives, and a clean build is the same code with nothing to reuse.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from quotemark.cache import SiteState, Store, Unit, key_of
from quotemark.cards import Catalogue, site_info
from quotemark.fingerprint import Snapshot, read_record
from quotemark.model import ArticleSource, Entity, Problem, Settings, has_errors
from quotemark.output import Output, SiteWriter, place_bytes
from quotemark.pages import ArticlePage
from quotemark.parallel import Progress, compile_templates, each, run_jobs
from quotemark.paths import source_path
from quotemark.plans import Plan, neutral, plan_lists, shown_digest
from quotemark.project import Project
from quotemark.publish import FEED_SIZE, atom_feed, is_unlisted, not_found_page, sitemaps
from quotemark.reading import Read, article_of, facts_of_read
from quotemark.render import asset_files, make_environment, render_page
from quotemark.search import search_outputs
from quotemark.summary import Summary
from quotemark.units import Done, Job, Renderer

EXPORT_SUFFIX = ".annotations.jsonld"
FEED = "feed.xml"
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})


@dataclass(frozen=True)
class Pending:
    """An article with its sidecar (if any), before anchoring."""

    article: ArticleSource
    sidecar: Read | None
    key: str  # digest of both files' readings: the key of its anchoring
    named: tuple[str, ...]  # the entities its sidecar names

    @property
    def order(self) -> tuple[str, str]:
        return (self.article.date.isoformat(), self.article.slug)

    @property
    def path(self) -> str:
        return source_path(self.article)

    @property
    def export(self) -> str:
        return self.path.removesuffix(".html") + EXPORT_SUFFIX


def pair(articles: Sequence[Read], sidecars: Sequence[Read]) -> list[Pending]:
    """Each article with the sidecar that annotates it.

    Paths are compared as written; the few sidecars that name no article that way (a
    symlink on the way) are matched on resolved paths.
    """
    by_path = {os.path.normpath(facts_of_read(s).article): s for s in sidecars}
    paths = [os.path.normpath(article_of(a).path) for a in articles]
    names = set(paths)
    odd = [s for path, s in by_path.items() if path not in names]
    linked = {facts_of_read(s).article.resolve(): s for s in odd}
    found = []
    for read, path in zip(articles, paths, strict=True):
        article = article_of(read)
        sidecar = by_path.get(path)
        if sidecar is None and linked:
            sidecar = linked.get(article.path.resolve())
        key = key_of(read.key, sidecar.key if sidecar else "")
        named = facts_of_read(sidecar).named if sidecar else ()
        found.append(Pending(article, sidecar, key, named))
    return found


def previous_state(store: Store, out: Path) -> SiteState:
    """What the site in ``out`` was made from, if the cache knows that very site."""
    state = store.sites.get(str(out))
    record = read_record(out)
    if state is None or record is None or record.inputs != state.inputs:
        return SiteState("")
    return state


@dataclass
class Work:
    """What a build did, and what it took from the cache and the previous site."""

    articles: int = 0  # in the archive
    anchored: int = 0  # anchored now (the others' results came from the cache)
    rendered: int = 0  # pages rendered now (articles and lists)
    linked: int = 0  # pages taken unrendered from the previous site

    def describe(self) -> str:
        """One line for ``--verbose``."""
        line = (
            f"anchored {self.anchored} of {self.articles} article"
            f"{'s' * (self.articles != 1)} (the rest from the build cache)"
        )
        if self.rendered or self.linked:
            line += (
                f"; rendered {self.rendered} page{'s' * (self.rendered != 1)}, "
                f"kept {self.linked} unchanged from the previous site"
            )
        return line


class Site:
    """One build's context: the settings, the catalogue, the cache and the site being written."""

    def __init__(
        self,
        project: Project,
        shot: Snapshot,
        settings: Settings,
        cat: Catalogue,
        slugs: dict[str, str],
        entities: dict[str, Entity],
        writer: SiteWriter | None,
        store: Store,
    ) -> None:
        self.project, self.shot, self.settings = project, shot, settings
        self.cat, self.slugs, self.entities = cat, slugs, entities
        self.writer, self.store = writer, store
        self.previous = previous_state(store, project.out)
        self.state = SiteState("")
        self.env = make_environment(project.templates)
        self.site = site_info(settings)
        self.context = key_of(shot.templates, repr(self.site))  # what every page is made with
        self.feed: list[ArticlePage] = []
        self.feed_key = ""
        self.sources: list[ArticleSource] = []
        self.shown_keys: list[str] = []  # what list pages show of each article, newest first
        self.entity_parts: dict[str, str] = {}  # entity -> how its articles show it
        self.tag_parts: dict[str, str] = {}  # tag -> how its articles show it
        self.work = Work()

    # ------------------------------------------------------------ articles

    def render_key(self, unit: Pending) -> str:
        """The digest of everything the article's page and export are made from."""
        shown = "".join(map(self.entity_part, unit.named))
        tags = "".join(map(self.tag_part, unit.article.tags))
        return key_of(unit.key, self.context, shown, tags)

    def entity_part(self, entity: str) -> str:
        """How an entity is shown, as a string for keys (worked out once per entity)."""
        if (part := self.entity_parts.get(entity)) is None:
            shown = neutral(self.entities.get(entity))
            part = repr((entity, self.cat.colours.get(entity), shown))
            self.entity_parts[entity] = part
        return part

    def tag_part(self, tag: str) -> str:
        """A tag and its slug, as a string for keys (worked out once per tag)."""
        if (part := self.tag_parts.get(tag)) is None:
            part = self.tag_parts[tag] = repr((tag, self.slugs[tag]))
        return part

    def reuse(self, unit: Pending, key: str, cached: Unit | None) -> bool:
        """Link the article's files from the previous site when they were made from ``key``."""
        if self.writer is None:
            return True
        if cached is None or self.previous.keys.get(unit.path) != key:
            return False
        files = [unit.path, unit.export] if cached.summary.exported else [unit.path]
        if not self.writer.keep(*files):
            return False
        self.work.linked += 1
        for file in files:
            self.remember(file, key, file in self.previous.unlisted)
        return True

    def remember(self, path: str, key: str, unlisted: bool) -> None:
        self.state.keys[path] = key
        if unlisted:
            self.state.unlisted.add(path)

    def articles(
        self, placed: Sequence[Pending], progress: Progress
    ) -> tuple[list[Summary], list[Problem]]:
        """Every article's summary and problems (newest first), its files written if needed."""
        self.sources = [u.article for u in placed]
        keys = [self.render_key(u) for u in placed]
        newest = min(len(placed), FEED_SIZE) if self.settings.base_url else 0
        self.feed_key = key_of(repr(self.settings), *keys[:newest])
        feed_fresh = self.previous.keys.get(FEED) == self.feed_key
        feed_fresh = feed_fresh and (self.project.out / FEED).is_file()
        jobs: list[tuple[int, Job]] = []
        cached: list[Unit | None] = []
        for i, (unit, key) in enumerate(zip(placed, keys, strict=True)):
            cached.append(self.store.unit(unit.key))
            render = not self.reuse(unit, key, cached[i])
            page = self.writer is not None and i < newest and not feed_fresh
            if cached[i] is None or render or page:
                sidecar = unit.sidecar.held if unit.sidecar else None
                jobs.append((i, Job(unit.article, sidecar, render, page)))
        done = run_jobs([job for _, job in jobs], self.renderer(), progress)
        self.work.articles, self.work.anchored = len(placed), len(jobs)
        results: list[Unit | None] = list(cached)
        for (i, job), result in zip(jobs, done, strict=True):
            results[i] = self.settle(placed[i], keys[i], job, result)
        return self.collect(results)

    def renderer(self) -> Renderer | None:
        if self.writer is None:
            return None
        w = self.writer
        return Renderer(self.site, self.cat, self.slugs, self.entities, self.env, w.out, w.new)

    def settle(self, unit: Pending, key: str, job: Job, result: Done) -> Unit:
        """Take in one job's result: cache it, claim the files it wrote, keep its page."""
        found = Unit(result.summary, result.problems, shown_digest(result.summary))
        self.store.units[unit.key] = found
        if self.writer is not None and job.render and not has_errors(result.problems):
            self.work.rendered += 1
            files = [unit.path, unit.export] if result.summary.exported else [unit.path]
            for file in files:
                self.writer.claim(file)
                self.remember(file, key, result.unlisted and file == unit.path)
        if result.page is not None:
            self.feed.append(result.page)
        return found

    def collect(self, results: Sequence[Unit | None]) -> tuple[list[Summary], list[Problem]]:
        summaries: list[Summary] = []
        problems: list[Problem] = []
        self.shown_keys = []
        for result in results:
            assert result is not None, "every article was either cached or done"
            summaries.append(result.summary)
            problems.extend(result.problems)
            self.shown_keys.append(result.shown)
        return summaries, problems

    # ------------------------------------------------------------ lists

    def lists(self, summaries: Sequence[Summary], progress: Progress) -> None:
        """Write every other file: list pages, theme assets, images, search, publishing."""
        writer = self.writer
        assert writer is not None, "lists are written only by a build with a writer"
        per_page = self.settings.per_page
        plans = plan_lists(self.site, per_page, summaries, self.shown_keys, self.cat, self.slugs)
        todo: list[tuple[Plan, str]] = []
        for plan in plans:
            key = key_of(self.shot.templates, plan.basis)
            if self.previous.keys.get(plan.path) == key and writer.keep(plan.path):
                self.remember(plan.path, key, plan.path in self.previous.unlisted)
                self.work.linked += 1
            else:
                todo.append((plan, key))
        self.work.rendered += len(todo)
        search = self.write_pages(todo, plans, summaries, progress)
        for path, file in asset_files(self.project.templates):
            self.put(Output(path, source=file))
        for output in images(self.sources, self.shot.files):
            writer.put(output)
        for output in search:
            self.put(output)
        self.publish()

    def write_pages(
        self,
        todo: Sequence[tuple[Plan, str]],
        plans: Sequence[Plan],
        summaries: Sequence[Summary],
        progress: Progress,
    ) -> list[Output]:
        """Write the pages to do (over the cores) and, meanwhile, make the search index."""
        writer = self.writer
        assert writer is not None, "only a build with a writer writes"
        write = functools.partial(write_page, env=self.env, out=writer.out, new=writer.new)
        warm = functools.partial(compile_templates, self.env)
        pages = [p for p, _ in todo]
        size = share(len(summaries), pages, plans)
        search: list[Output] = []

        def index() -> None:
            memo = self.store.search
            search.extend(search_outputs(self.env, self.settings, summaries, self.entities, memo))

        made = each(write, pages, progress, "pages", size, warm, meanwhile=index)
        for (plan, key), unlisted in zip(todo, made, strict=True):
            writer.claim(plan.path)
            self.remember(plan.path, key, unlisted)
        return search

    def put(self, output: Output) -> None:
        """Write an output that is not a planned page (and note if it is unlisted)."""
        assert self.writer is not None, "only a build with a writer writes"
        self.writer.put(output)
        if output.path.endswith(".html") and is_unlisted(output):
            self.state.unlisted.add(output.path)

    def publish(self) -> None:
        """404 page, CNAME, feed and sitemap (from what the site holds so far), .nojekyll."""
        writer, settings = self.writer, self.settings
        assert writer is not None, "only a build with a writer publishes"
        writer.put(not_found_page(settings, writer.paths, self.env))
        if settings.cname:
            writer.put(Output("CNAME", f"{settings.cname}\n".encode()))
        if settings.base_url:
            self.publish_feed(settings.base_url)
            for output in sitemaps(settings.base_url, self.listed()):
                writer.put(output)
        writer.put(Output(".nojekyll", b""))

    def listed(self) -> list[str]:
        """The pages the sitemap lists, sorted: every HTML page but 404 and the unlisted."""
        assert self.writer is not None, "only a build with a writer publishes"
        unlisted = self.state.unlisted
        return sorted(
            p
            for p in self.writer.paths
            if p.endswith(".html") and p != "404.html" and p not in unlisted
        )

    def publish_feed(self, base_url: str) -> None:
        assert self.writer is not None, "only a build with a writer publishes"
        self.state.keys[FEED] = self.feed_key
        if self.previous.keys.get(FEED) == self.feed_key and self.writer.keep(FEED):
            return
        self.writer.put(Output(FEED, atom_feed(self.settings, base_url, self.feed)))


def share(articles: int, todo: Sequence[Plan], plans: Sequence[Plan]) -> int:
    """The work of rendering ``todo`` out of all ``plans``, in articles (the whole archive
    when every list page is to be made; a few when only a few pages changed)."""
    total = sum(p.weight for p in plans)
    return -(-articles * sum(p.weight for p in todo) // total) if total else 0


def write_page(plan: Plan, env: jinja2.Environment, out: Path, new: Path) -> bool:
    """Make, render and write a planned page into the new tree; say if it is unlisted."""
    data = render_page(env, plan.make()).encode()
    place_bytes(out, new, plan.path, data)
    return is_unlisted(Output(plan.path, data))


def images(articles: Sequence[ArticleSource], files: Collection[str]) -> list[Output]:
    """Image files next to each article, copied beside its page (each folder listed once).

    ``files``: the snapshot's files; a folder it holds is not listed again.
    """
    pictures = images_known(files)
    found: dict[str, Output] = {}
    listed: dict[str, list[str]] = {}
    for article in articles:
        path = os.fspath(article.path)
        folder = os.path.dirname(path)
        if folder not in listed:
            listed[folder] = pictures.get(folder, []) if path in files else images_in(folder)
        target = source_path(article).rsplit("/", 1)[0]
        for name in listed[folder]:
            file = f"{target}/{name}"
            found.setdefault(file, Output(file, source=Path(folder, name)))
    return list(found.values())


def images_known(files: Iterable[str]) -> dict[str, list[str]]:
    """The image files among ``files``, by folder, each folder's sorted by name."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    for path in files:
        if os.path.splitext(path)[1].lower() in IMAGE_SUFFIXES:
            folder, name = os.path.split(path)
            found[folder].append(name)
    return {folder: sorted(names) for folder, names in found.items()}


def images_in(folder: str) -> list[str]:
    """The names of the image files of a folder (not links), sorted."""
    with os.scandir(folder) as entries:
        return sorted(
            e.name
            for e in entries
            if os.path.splitext(e.name)[1].lower() in IMAGE_SUFFIXES
            and e.is_file(follow_symlinks=False)
        )
