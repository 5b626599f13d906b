"""Render page dataclasses with the Jinja2 theme under ``templates/``.

The templates get plain data and fail loudly (``autoescape``, ``StrictUndefined``).
The only trusted strings are the page fields whose names end in ``_html`` (those of an
article page and of its notes: ``TRUSTED_HTML``); they are marked as ``Markup`` here,
once, so no template needs ``|safe``.

| filter       | what it gives                                                  |
|--------------|----------------------------------------------------------------|
| `palette`    | a palette index, checked to be in range (for ``pal-N``, ``--cN``) |
| `css_string` | a value escaped for a double-quoted CSS string in a ``<style>`` |
| `kind_label` | the reader's name of an attribution kind                       |
| `status_label` | what a non-exact anchoring status means, for a badge         |
| `link_label` | a short name for an external link (its host)                   |
| `external`   | an external URL, checked to be http(s) (loading validated it)  |
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from quotemark.pages import (
    PALETTE_SIZE,
    ArticlePage,
    EntityIndexPage,
    EntityPage,
    HomePage,
    Note,
    Page,
    RedirectPage,
    TagIndexPage,
    TagPage,
    YearPage,
)

TEMPLATE_OF: dict[type, str] = {
    ArticlePage: "article.html",
    HomePage: "home.html",
    EntityIndexPage: "entities.html",
    EntityPage: "entity.html",
    YearPage: "year.html",
    TagIndexPage: "tags.html",
    TagPage: "tag.html",
    RedirectPage: "redirect.html",
}

TRUSTED_HTML: dict[type, tuple[str, ...]] = {
    ArticlePage: ("title_html", "summary_html", "caption_html", "body_html"),
    Note: ("note_html",),
}

CSS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")  # what ``css_string`` escapes

KIND_LABELS = {
    "direct": "Direct quote",
    "indirect": "Reported speech",
    "mixed": "Mixed: partly quoted",
}

STATUS_LABELS = {
    "context-changed": "Context changed: the text around this passage was edited",
    "fuzzy": "Approximate match: the quoted text was edited since it was annotated",
    "ambiguous": "Ambiguous: the passage matches several places",
    "orphan": "Not found: the passage no longer matches the article",
}


def make_environment(templates: Path) -> jinja2.Environment:
    """Make the strict, autoescaping Jinja2 environment of the theme in ``templates``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        palette=palette_index,
        css_string=css_string,
        kind_label=kind_label,
        status_label=status_label,
        link_label=link_label,
        external=external_url,
    )
    return env


def render_page(env: jinja2.Environment, page: Page) -> str:
    """Render one page with the template of its type."""
    template = env.get_template(TEMPLATE_OF[type(page)])
    trusted = trust_html(page)
    return template.render(page=trusted, site=trusted.site, root=trusted.root)


def asset_files(templates: Path) -> list[tuple[str, Path]]:
    """List the theme's static files as (output path ``assets/…``, source), sorted."""
    assets = templates / "assets"
    found = []
    for path in sorted(assets.rglob("*")):
        rel = path.relative_to(assets)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found.append((f"assets/{rel.as_posix()}", path))
    return found


def trust_html(page: Page) -> Page:
    """Return a copy of ``page`` whose HTML fields (``TRUSTED_HTML``) are ``Markup``."""
    if not isinstance(page, ArticlePage):
        return page
    notes = tuple(
        n if n.note_html is None else dataclasses.replace(n, note_html=Markup(n.note_html))
        for n in page.notes
    )
    return dataclasses.replace(
        page,
        title_html=Markup(page.title_html),
        summary_html=trusted(page.summary_html),
        caption_html=trusted(page.caption_html),
        body_html=Markup(page.body_html),
        notes=notes,
    )


def trusted(html: str | None) -> str | None:
    """Mark an HTML string as trusted (``Markup``); None stays None."""
    return None if html is None else Markup(html)


def palette_index(index: int) -> int:
    """Check a palette index (0 … PALETTE_SIZE-1) before it goes into a class or a style."""
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < PALETTE_SIZE:
        raise ValueError(f"palette index must be 0..{PALETTE_SIZE - 1}, got {index!r}")
    return index


def css_string(value: str) -> Markup:
    """Escape a value for a double-quoted CSS string (every non-slug char as ``\\hex ``)."""
    return Markup(CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", value))


def kind_label(kind: str) -> str:
    """Name an attribution kind for readers (``direct`` -> ``Direct quote``)."""
    return KIND_LABELS.get(kind, kind)


def status_label(status: str) -> str:
    """Explain a non-exact anchoring status for a badge."""
    return STATUS_LABELS.get(status, status)


def link_label(url: str) -> str:
    """Name an external link by its host (``https://www.wikidata.org/…`` -> ``wikidata.org``)."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def external_url(url: str) -> str:
    """Pass an http(s) URL through; anything else reaching a template is a programmer error."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"external link must be http(s), got {url!r}")
    return url
