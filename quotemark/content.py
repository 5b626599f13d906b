"""The content folder: finding its source files, site settings and articles (SPEC §2).

Files and folders whose names start with ``_`` or ``.`` are not sources. Symlinks that
lead out of the content folder are refused. Front matter is validated field by field;
an article is returned when its title, date and slug are usable, so that later stages
can still report on it, but every problem is collected. A control character in the body
is an error: it would make the page invalid HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from quotemark.model import ArticleSource, Loc, Problem, Settings, Severity
from quotemark.schema import Check
from quotemark.yamlsafe import (
    YMap,
    YNode,
    control_offsets,
    describe_char,
    load_yaml,
    loc_of,
    parse_yaml,
    read_source,
)

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
DIRS = ("ltr", "rtl")
FRONT_MATTER_KEYS = (
    *("title", "date", "slug", "publisher", "author", "url", "summary", "caption"),
    *("image", "credit", "tags", "lang", "dir", "draft", "aliases"),
)
SETTINGS_KEYS = (
    *("title", "base_url", "language", "lang", "dir", "description", "author", "cname"),
    "per_page",
)
_DATE_PREFIX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-")
_HOSTNAME = re.compile(
    r"(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_TOP = Loc(1, 1)
_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ı": "i"}
    | {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH"}
)


# ---------------------------------------------------------------- files


def display_path(path: str | Path, root: Path) -> str:
    """Return ``path`` as shown in messages: posix, relative to the project root."""
    full = os.fspath(path)
    if not os.path.isabs(full) or f"{os.sep}." in full or os.sep * 2 in full:
        full = os.path.abspath(full)
    top = absolute_folder(os.fspath(root))
    if full.startswith(top + os.sep):
        return full[len(top) + 1 :].replace(os.sep, "/")
    return os.path.relpath(full, top or os.sep).replace(os.sep, "/")


@functools.lru_cache(maxsize=16)
def absolute_folder(folder: str) -> str:
    """A folder as an absolute path without a trailing separator ("" for the root)."""
    return os.path.abspath(folder).rstrip(os.sep)


def refuse_outside(path: Path, content_dir: Path, display: str) -> Problem | None:
    """Refuse a symlink whose target is missing or outside the content folder."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    folder = display_path(content_dir, content_dir.parent) + "/"
    if not target.exists():
        message = f"symlink points to {target}, which does not exist; remove it"
    elif not target.is_relative_to(content_dir.resolve()):
        message = f"symlink points outside {folder} (to {target}); copy the file in instead"
    else:
        return None
    return Problem(display, 1, 1, Severity.ERROR, "symlink", message)


def find_sources(
    content_dir: Path, root: Path, suffix: str, report_folders: bool = False
) -> tuple[list[Path], list[Problem]]:
    """List the files named ``*<suffix>`` under the content folder, sorted by path.

    Symlinked folders are not followed; with ``report_folders``, one that points out
    of the content folder is reported. Names starting with ``_`` or ``.`` are skipped.
    """
    found, problems = find_named(content_dir, root, suffix, report_folders)
    return [Path(name) for name, _ in found], problems


def find_named(
    content_dir: Path, root: Path, suffix: str, report_folders: bool = False
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """``find_sources`` as strings: each file's path with its ``display_path``, in order.

    A big archive asks this on every build of the live preview: no ``Path`` is made
    but for the few symlinks, and each display path is its folder's plus its name.
    """
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    top = str(content_dir.absolute())
    folders = [(top, display_path(top, root))] if content_dir.is_dir() else []
    while folders:
        folder, shown = folders.pop()
        prefix = "" if shown in (".", "") else shown + "/"
        with os.scandir(folder) as listing:
            entries = [e for e in listing if not e.name.startswith(("_", "."))]
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir():
                if not entry.is_symlink():
                    folders.append((entry.path, rel))
                elif report_folders:
                    problems += refused_link(entry.path, content_dir, rel)
            elif entry.name.endswith(suffix):
                if entry.is_symlink() and (refused := refused_link(entry.path, content_dir, rel)):
                    problems += refused
                elif entry.is_file():
                    found.append((entry.path, rel))
    return sorted(found, key=lambda f: f[1]), sorted(problems)


def refused_link(name: str, content_dir: Path, display: str) -> list[Problem]:
    """``refuse_outside`` as a list (empty when the link is fine)."""
    refused = refuse_outside(Path(name), content_dir, display)
    return [refused] if refused else []


# ---------------------------------------------------------------- settings


def load_settings(content_dir: Path, root: Path) -> tuple[Settings, list[Problem]]:
    """Read ``_site.yaml`` (optional: absent means the defaults)."""
    node, check = load_special(content_dir, "_site.yaml", root)
    top = check.mapping(node, "site settings")
    if top is None:
        return Settings(), check.problems
    return read_settings(top, check), check.problems


def load_special(content_dir: Path, name: str, root: Path) -> tuple[YNode | None, Check]:
    """Read an optional ``_<name>.yaml`` of the content folder; None if absent or broken."""
    path = content_dir / name
    check = Check(display_path(path, root))
    if not path.exists() and not path.is_symlink():
        return None, check
    refused = refuse_outside(path, content_dir, check.path)
    if refused:
        return None, Check(check.path, [refused])
    if not path.is_file():
        check.error(_TOP, "bad-type", f"{name} must be a file, not a folder or device")
        return None, check
    node, problems = load_yaml(path, check.path)
    return node, Check(check.path, problems)


def read_settings(top: YMap, check: Check) -> Settings:
    """Validate the settings mapping; invalid values fall back to the defaults."""
    check.keys(top, SETTINGS_KEYS, "site settings")
    defaults = Settings()
    lang = check.language(top.get("language"), "language")
    if "lang" in top and "language" in top:
        check.error(
            top.key_loc("lang") or top.loc, "bad-value", 'lang: "language" is set too; keep one'
        )
    elif "lang" in top:
        lang = check.language(top.get("lang"), "lang")
    base_url = check.web_url(top.get("base_url"), "base_url")
    return Settings(
        title=check.text(top.get("title"), "title") or defaults.title,
        base_url=base_url if base_url is None or base_url.endswith("/") else base_url + "/",
        lang=lang or defaults.lang,
        dir=check.choice(top.get("dir"), "dir", DIRS) or defaults.dir,
        description=check.string(top.get("description"), "description") or "",
        author=check.string(top.get("author"), "author") or "",
        cname=read_cname(top.get("cname"), check),
        per_page=read_per_page(top.get("per_page"), check) or defaults.per_page,
    )


def read_cname(node: YNode | None, check: Check) -> str | None:
    """Read the custom domain written to ``CNAME``."""
    value = check.string(node, "cname")
    if node is None or value is None or _HOSTNAME.fullmatch(value):
        return value
    check.invalid(node, "cname", f'"{value}" is not a domain name like news.example.org')
    return None


def read_per_page(node: YNode | None, check: Check) -> int | None:
    """Read the number of articles per list page (1 to 1000)."""
    value = check.integer(node, "per_page")
    if node is None or value is None or 1 <= value <= 1000:
        return value
    check.invalid(node, "per_page", "must be between 1 and 1000")
    return None


# ---------------------------------------------------------------- articles


def load_articles(
    content_dir: Path, root: Path, drafts: bool
) -> tuple[list[ArticleSource], list[Problem]]:
    """Read and validate every article; drafts (and their problems) only with ``drafts``."""
    paths, problems = find_sources(content_dir, root, ".md", report_folders=True)
    articles: list[ArticleSource] = []
    for path in paths:
        article, found = read_article(path, display_path(path, root), content_dir)
        if article is not None and article.draft and not drafts:
            continue
        problems += found
        articles += [article] if article else []
    return articles, problems + check_slugs(articles)


def read_article(
    path: Path, rel: str, content_dir: Path
) -> tuple[ArticleSource | None, list[Problem]]:
    """Read one article file: front matter plus Markdown body."""
    text, problems = read_source(path, rel)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        return None, [_front_matter_problem(rel, text)]
    yaml_text, body, body_line = parts
    check = Check(rel)
    check_body(body, body_line, check)
    node, problems = parse_yaml(yaml_text, rel, line_offset=1)
    if problems:
        return None, problems + check.problems
    front = check.mapping(node if node is not None else YMap((), _TOP), "front matter")
    if front is None:
        return None, check.problems
    base = ArticleSource(path, rel, "", dt.date.min, "", body, body_line)
    return read_front_matter(front, base, check, content_dir), check.problems


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split ``---``-fenced front matter off; return (yaml, body, body's first line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        return None
    for i, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def check_body(body: str, body_line: int, check: Check) -> None:
    """Report a control character in the body: it cannot stand in a web page."""
    offsets = control_offsets(body)
    if not offsets:
        return
    first = offsets[0]
    line_start = body.rfind("\n", 0, first) + 1
    loc = Loc(body_line + body.count("\n", 0, first), first - line_start + 1)
    message = f"{describe_char(body[first])} in the body; remove it"
    rest = len(offsets) - 1
    more = f" ({rest} more follow{'s' * (rest == 1)})" if rest else ""
    check.error(loc, "bad-value", message + more)


def _front_matter_problem(rel: str, text: str) -> Problem:
    """Explain a missing or unclosed front matter block."""
    if text.split("\n", 1)[0].rstrip() == "---":
        message = 'front matter opened with "---" on line 1 is never closed; end it with "---"'
        return Problem(rel, 1, 1, Severity.ERROR, "yaml-syntax", message)
    message = 'front matter lacks "title"; start the file with "---", title:, date:, "---"'
    return Problem(rel, 1, 1, Severity.ERROR, "missing-field", message)


def read_front_matter(
    front: YMap, base: ArticleSource, check: Check, content_dir: Path
) -> ArticleSource | None:
    """Validate the front matter; None when title, date or slug is unusable."""
    check.keys(front, FRONT_MATTER_KEYS, "front matter")
    title_node = check.require(front, "title", "front matter", _TOP, 'add title: "…"')
    date_node = check.require(front, "date", "front matter", _TOP, "add date: YYYY-MM-DD")
    title = check.text(title_node, "title")
    date = check.date(date_node, "date")
    slug = read_slug(front, check, base.path)
    details = read_details(front, base, check, content_dir)
    if title is None or date is None or slug is None:
        return None
    return dataclasses.replace(details, title=title, date=date, slug=slug)


def read_details(
    front: YMap, base: ArticleSource, check: Check, content_dir: Path
) -> ArticleSource:
    """Read the optional fields onto ``base``; invalid ones are left out."""
    return dataclasses.replace(
        base,
        publisher=check.string(front.get("publisher"), "publisher"),
        author=check.string(front.get("author"), "author"),
        summary=check.string(front.get("summary"), "summary"),
        caption=check.string(front.get("caption"), "caption"),
        credit=check.string(front.get("credit"), "credit"),
        url=check.web_url(front.get("url"), "url"),
        image=read_image(front.get("image"), check, base.path, content_dir),
        tags=check.strings(front.get("tags"), "tags") or (),
        lang=check.language(front.get("lang"), "lang"),
        dir=check.choice(front.get("dir"), "dir", DIRS),
        draft=check.boolean(front.get("draft"), "draft") or False,
        aliases=read_aliases(front.get("aliases"), check),
        lines=tuple((key.value, key.loc.line) for key, _ in front.items),
        slug_loc=loc_of(front.get("slug")),
    )


def read_slug(front: YMap, check: Check, path: Path) -> str | None:
    """Read the slug, or derive it from the file name (minus a leading date)."""
    node = front.get("slug")
    if node is None:
        slug = _DATE_PREFIX.sub("", path.stem, count=1)
        if SLUG.fullmatch(slug):
            return slug
        message = f'the file name gives no valid slug ("{slug}"); add slug: to the front matter'
        suggestion = suggest_slug(slug)
        hint = f', e.g. "slug: {suggestion}"' if suggestion else " (lower-case letters, digits, -)"
        check.error(_TOP, "bad-slug", message + hint)
        return None
    given = check.string(node, "slug")
    if given is None or SLUG.fullmatch(given):
        return given
    message = f'"{given}" is not a valid slug; use lower-case letters, digits and single hyphens'
    suggestion = suggest_slug(given)
    check.error(node.loc, "bad-slug", message + (f', e.g. "{suggestion}"' if suggestion else ""))
    return None


def slugify(text: str) -> str:
    """Make a slug out of any text: ASCII lower-case words joined by hyphens (ß → ss)."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def suggest_slug(text: str) -> str | None:
    """Spell ``text`` as a slug (``Straße`` → ``strasse``), or None if letters would be lost."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    if any(c.isalnum() and not c.isascii() for c in kept):
        return None
    return slugify(kept) or None


def read_image(node: YNode | None, check: Check, article: Path, content_dir: Path) -> str | None:
    """Read the lead image: a file beside the article, inside the content folder."""
    value = check.string(node, "image")
    if node is None or value is None:
        return None
    target = (article.parent / value).resolve()
    if not _is_plain_relative(value) or not target.is_relative_to(content_dir.resolve()):
        check.invalid(node, "image", f'"{value}" must be a file beside the article, e.g. photo.jpg')
        return None
    if not target.is_file():
        check.invalid(node, "image", f'"{value}" is not a file beside the article')
        return None
    return value


def read_aliases(node: YNode | None, check: Check) -> tuple[str, ...]:
    """Read old URLs (paths inside the site) that redirect to the article."""
    aliases: list[str] = []
    for i, item in enumerate(check.sequence(node, "aliases") or ()):
        value = check.string(item, f"aliases[{i}]")
        if value is not None and not _is_plain_relative(value.lstrip("/")):
            check.invalid(item, f"aliases[{i}]", f'"{value}" must be a path inside the site')
        elif value is not None:
            aliases.append(value)
    return tuple(aliases)


def _is_plain_relative(value: str) -> bool:
    """Tell whether a path stays where it is written: relative, no "..", no scheme."""
    parts = value.split("/")
    unsafe = any(c in value for c in ("\\", ":", "\0")) or any(ord(c) < 32 for c in value)
    return bool(value) and not value.startswith("/") and ".." not in parts and not unsafe


def check_slugs(articles: Sequence[ArticleSource]) -> list[Problem]:
    """Report every article whose slug an earlier article already uses."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for article in articles:
        if article.slug in first:
            message = f'slug "{article.slug}" is already used by {first[article.slug]}; '
            message += "set a different slug"
            loc = article.slug_loc or _TOP
            problems.append(
                Problem(article.rel, loc.line, loc.col, Severity.ERROR, "duplicate-slug", message)
            )
        first.setdefault(article.slug, article.rel)
    return problems
