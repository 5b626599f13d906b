"""Old URLs (front matter ``aliases``): a small redirect page for each, checked first.

An alias becomes the file that answers it (``paths.alias_file``). It may not take the
place of another page of the site, sit inside one, sit in ``assets/``, repeat another
alias, or start a part of its path with ``_`` or ``.`` (such files are not published).
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Mapping, Sequence

from quotemark.model import ArticleSource, Entity, Problem, Severity
from quotemark.pages import RedirectPage, SiteInfo
from quotemark.paths import (
    alias_file,
    entity_path,
    relative,
    root_of,
    source_path,
    tag_path,
    tag_slugs,
    year_path,
)
from quotemark.summary import Summary

RESERVED_FILES = ("index.html", "404.html", "search.html", "tags/index.html", "entities/index.html")
RESERVED_FOLDERS = ("assets",)


def page_paths(articles: Sequence[ArticleSource], entities: Mapping[str, Entity]) -> set[str]:
    """Every HTML page the archive will have, aliases aside."""
    slugs = tag_slugs(tag for a in articles for tag in a.tags)
    return {
        *RESERVED_FILES,
        *(source_path(a) for a in articles),
        *(year_path(a.date.year) for a in articles),
        *(tag_path(slug) for slug in slugs.values()),
        *(entity_path(e) for e in entities),
    }


def alias_problems(
    articles: Sequence[ArticleSource], entities: Mapping[str, Entity]
) -> list[Problem]:
    """Check every alias of the archive against its pages and the other aliases."""
    return check_aliases(articles, page_paths(articles, entities))


def check_aliases(articles: Sequence[ArticleSource], taken: Collection[str]) -> list[Problem]:
    """Report each alias that cannot get its own redirect page; the first claim wins."""
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    folders = set(folders_of(taken))
    for article in articles:
        for i, alias in enumerate(article.aliases):
            file = alias_file(alias)
            if claimed.get(file) == article.rel:
                continue  # the same old URL twice in one article: one page serves both
            found = alias_problem(f'aliases[{i}] "{alias}"', file, taken, folders, claimed)
            if found is None:
                claimed[file] = article.rel
                folders.update(folders_of([file]))
                continue
            code, message = found
            line = article.line_of("aliases")
            problems.append(Problem(article.rel, line, 1, Severity.ERROR, code, message))
    return problems


def alias_problem(
    said: str,
    file: str,
    taken: Collection[str],
    folders: Collection[str],
    claimed: Mapping[str, str],
) -> tuple[str, str] | None:
    """What stops the alias ``said`` (answered by ``file``) from getting a page: (code, message)."""
    parts = file.split("/")
    if any(part.startswith(("_", ".")) for part in parts):
        return "bad-value", f'{said} cannot be published: a part of it starts with "_" or "."'
    if parts[0] in RESERVED_FOLDERS:
        return "duplicate-slug", f"{said} lies in {parts[0]}/, the theme's folder; remove it"
    if file in claimed:
        return "duplicate-slug", f"{said} is already an alias of {claimed[file]}; keep one"
    if file in taken:
        return "duplicate-slug", f"{said} is the address of another page ({file}); remove it"
    inside = [a for a in folders_of([file]) if a in taken or a in claimed]
    if inside or file in folders:
        clash = inside[0] if inside else f"{file}/…"
        return "duplicate-slug", f"{said} clashes with the page {clash}; remove it"
    return None


def folders_of(files: Iterable[str]) -> list[str]:
    """Every folder that holds one of the files (``a/b/c.html`` -> ``a``, ``a/b``)."""
    found = []
    for file in files:
        folder = posixpath.dirname(file)
        while folder:
            found.append(folder)
            folder = posixpath.dirname(folder)
    return found


def redirect_pages(site: SiteInfo, placed: Sequence[Summary]) -> list[RedirectPage]:
    """A redirect page for every alias, pointing at its article."""
    pages: dict[str, RedirectPage] = {}
    for p in placed:
        for page in dict.fromkeys(alias_file(alias) for alias in p.aliases):
            href = relative(page, p.path)
            canonical = f"{site.base_url}{p.path}" if site.base_url else href
            title = p.title
            pages.setdefault(page, RedirectPage(page, root_of(page), site, title, href, canonical))
    return [pages[path] for path in sorted(pages)]
