"""Where every page of the archive lives, and the relative hrefs between pages.

Pure string functions. Every path is relative to the site root, posix, and names a file.

| page            | path                        |
|-----------------|-----------------------------|
| home            | ``index.html``              |
| year            | ``<YYYY>/index.html``       |
| article         | ``<YYYY>/<MM>/<slug>.html`` |
| tags            | ``tags/index.html``, ``tags/<tag slug>.html`` |
| entities        | ``entities/index.html``, ``entities/<id>.html`` |
| alias redirect  | the old URL, as a file (``old/page.html``, ``old/folder/index.html``) |
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
from collections import defaultdict
from collections.abc import Iterable

from quotemark.annotate import AnnotatedArticle
from quotemark.content import slugify
from quotemark.model import ArticleSource

TAG_SLUG_LIMIT = 60
RESERVED_TAG_SLUGS = frozenset({"index"})
HASH_WIDTHS = (8, 64)


def article_path(article: AnnotatedArticle) -> str:
    """The page of an annotated article."""
    return source_path(article.source)


def source_path(source: ArticleSource) -> str:
    """The page of an article: ``<YYYY>/<MM>/<slug>.html``."""
    date = source.date
    return f"{date.year:04d}/{date.month:02d}/{source.slug}.html"


def year_path(year: int) -> str:
    """The archive page of a year."""
    return f"{year:04d}/index.html"


def tag_path(slug: str) -> str:
    """The page of a tag, by its slug."""
    return f"tags/{slug}.html"


def entity_path(entity_id: str) -> str:
    """The page of an entity."""
    return f"entities/{entity_id}.html"


def relative(from_page: str, target: str) -> str:
    """The relative href from one output file to another (both site-relative)."""
    path, _, fragment = target.partition("#")
    rel = relative_path(path, posixpath.dirname(from_page) or ".")
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=1 << 16)
def relative_path(path: str, folder: str) -> str:
    """``posixpath.relpath``, remembered: pages in few folders link to the same few files.

    Site paths are plain (no ``.``, ``..`` or empty parts), so their relative path is the
    common folders dropped and one ``..`` per folder left; anything else goes to ``relpath``.
    """
    parts = path.split("/")
    base = [] if folder == "." else folder.split("/")
    if not (is_plain(parts) and is_plain(base)):
        return posixpath.relpath(path, folder)
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def is_plain(parts: list[str]) -> bool:
    """Tell whether path parts name folders and files only (no ``.``, ``..`` or empty part)."""
    return all(part not in ("", ".", "..") for part in parts)


def root_of(page: str) -> str:
    """The relative prefix from a page to the site root (``""``, ``"../"``, …)."""
    return "../" * page.count("/")


def tag_slugs(tags: Iterable[str]) -> dict[str, str]:
    """A file-safe slug for every distinct tag: unique, and the same for the same tag set.

    A tag gets its readable slug (``Middle East`` -> ``middle-east``) unless another tag
    reads the same; then every tag of that group but the one already written as the slug
    gets a short hash of itself added (``c-3f2a9b1e``). A tag with no letters or digits
    in ASCII, or reading ``index``, is always hashed (``tag-…``, ``index-…``).
    """
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for tag in sorted(set(tags)):
        groups[readable_slug(tag)].append(tag)
    slugs = hashed_slugs(groups, HASH_WIDTHS[0])
    if len(set(slugs.values())) < len(slugs):  # a hash met a tag written like one
        slugs = hashed_slugs(groups, HASH_WIDTHS[1])
    return slugs


def hashed_slugs(groups: dict[str, list[str]], width: int) -> dict[str, str]:
    """The slug of every tag, by groups of tags that read the same."""
    return {
        tag: group_slug(base, tag, members, width)
        for base, members in groups.items()
        for tag in members
    }


def readable_slug(tag: str) -> str:
    """The tag as lower-case ASCII words joined by hyphens, cut to a file-name length."""
    return slugify(tag)[:TAG_SLUG_LIMIT].rstrip("-")


def group_slug(base: str, tag: str, members: list[str], width: int) -> str:
    """The slug of one tag among the tags that read as ``base``."""
    plain = base not in RESERVED_TAG_SLUGS and (tag == base or len(members) == 1)
    if base and plain:
        return base
    digest = hashlib.sha256(tag.encode()).hexdigest()[:width]
    return f"{base or 'tag'}-{digest}"


def alias_file(alias: str) -> str:
    """The file that answers an old URL: the URL itself when it names an HTML page,
    else the ``index.html`` of the folder it names (``old/page`` -> ``old/page/index.html``).
    """
    path = alias.lstrip("/")
    folder = path.endswith("/")
    path = posixpath.normpath(path) if path else "."
    if path == ".":
        return "index.html"
    if not folder and path.endswith((".html", ".htm")):
        return path
    return f"{path}/index.html"
