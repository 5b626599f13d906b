"""Where a new article goes (``new``, ``import``), and writing files that never replace one.

An article dated D with slug S goes to ``content/<YYYY>/<D>-<S>.md``, its sidecar beside
it. When another article of the archive already uses S (another day's article under the
same headline), the next free ``S-2``, ``S-3``, … is taken, unless that other article is
the very same text (then it is the one returned: a re-import finds what it imported).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

from quotemark.content import find_sources, load_articles, suggest_slug
from quotemark.project import Project
from quotemark.sidecar import SUFFIX

DATE_PREFIX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-")
APOSTROPHE = re.compile(r"(?<=\w)['’ʼ](?=\w)")


def slug_of_title(title: str) -> str | None:
    """The title as a slug ("Syria's Deir Ez-Zor" → ``syrias-deir-ez-zor``), or None."""
    return suggest_slug(APOSTROPHE.sub("", title))


def article_target(
    project: Project, date: dt.date, slug: str, text: str | None = None, fixed: bool = False
) -> Path:
    """The path for an article: the existing file of that name, or one with a free slug.

    ``text``: the article's text, to find it where an earlier import put it. ``fixed``:
    the slug is the author's (front matter), so no other slug may be taken.
    """
    folder = project.content / f"{date.year:04d}"
    used = slugs_in_use(project)
    for n in itertools.count(1):
        candidate = slug if n == 1 else f"{slug}-{n}"
        path = folder / f"{date.isoformat()}-{candidate}.md"
        others = sorted(used.get(candidate, set()) - {path})
        same = next((p for p in others if text is not None and holds(p, text)), None)
        if same is not None and not path.exists():
            return same
        if path.exists() or path.is_symlink() or fixed or not others:
            return path
    raise AssertionError("unreachable")  # pragma: no cover


def slugs_in_use(project: Project) -> dict[str, set[Path]]:
    """Every slug of the archive (drafts too, and names of files that do not load)."""
    paths, _ = find_sources(project.content, project.root, ".md")
    articles, _ = load_articles(project.content, project.root, drafts=True)
    used: dict[str, set[Path]] = {}
    for path in paths:
        used.setdefault(DATE_PREFIX.sub("", path.stem, count=1), set()).add(path)
    for article in articles:
        used.setdefault(article.slug, set()).add(article.path)
    return used


def sidecar_path(article: Path) -> Path:
    """The sidecar beside an article: ``<name>.annotations.yaml``."""
    return article.with_name(article.name.removesuffix(".md") + SUFFIX)


def holds(path: Path, text: str) -> bool:
    """Tell whether a file holds exactly this text (UTF-8)."""
    try:
        return path.is_file() and path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def write_new(path: Path, text: str) -> None:
    """Create a file with this text; FileExistsError if it exists (nothing is replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as f:
        f.write(text)
