"""What the templates receive: one frozen dataclass per page type, plain data only.

Every ``href`` is already relative to the page that shows it and points at a file.
The only trusted HTML strings are the fields ending in ``_html`` (sanitised and
highlighted by the pipeline); everything else is autoescaped by Jinja2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    lang: str
    dir: str
    author: str = ""
    base_url: str | None = None


@dataclass(frozen=True)
class Speaker:
    """An entity as shown in a legend, a card or a note."""

    id: str
    name: str
    href: str  # its entity page
    colour: int  # index into the palette (0..PALETTE_SIZE-1)
    type: str = "unknown"
    role: str | None = None
    count: int = 0  # attributions on the page where it is listed


@dataclass(frozen=True)
class ArticleCard:
    """An article in a list (home, year, tag, entity pages)."""

    title: str
    href: str
    date: str  # display, e.g. "30 December 2017"
    date_iso: str  # 2017-12-30
    publisher: str | None
    summary: str | None
    speakers: tuple[Speaker, ...]
    quote_count: int  # attributions in the article


@dataclass(frozen=True)
class Note:
    """One entry of the article's notes section (``<li id="an-note-<id>">``)."""

    id: str
    number: int
    kind: str  # direct | indirect | mixed
    speaker: Speaker | None  # None: unattributed
    same_as: tuple[str, ...]
    cue: str | None  # the cue's text as it stands in the article
    lemma: str | None
    addressee: Speaker | None
    when: str | None  # e.g. "2017-12-30 (on Saturday)"
    note_html: str | None
    quote: str  # the content text, items joined with " … "
    section: str | None
    confidence: str | None
    responds_to: tuple[tuple[str, int], ...]  # (attribution id, note number)
    continues: tuple[tuple[str, int], ...]
    machine: bool  # drafted by a tool and not reviewed
    status: str  # worst anchoring status of its anchors ("exact", "fuzzy", ...)


@dataclass(frozen=True)
class ArticlePage:
    kind: ClassVar[str] = "article"  # what the templates test, instead of the path
    path: str  # output path, e.g. "2017/12/coalition.html"
    root: str  # relative prefix to the site root, e.g. "../../"
    site: SiteInfo
    title: str
    title_html: str  # highlighted headline
    summary_html: str | None
    caption_html: str | None
    body_html: str
    date: str
    date_iso: str
    publisher: str | None
    author: str | None
    url: str | None
    image: str | None  # href of the lead image
    credit: str | None
    tags: tuple[tuple[str, str], ...]  # (tag, href)
    lang: str
    dir: str
    speakers: tuple[Speaker, ...]  # the legend, in order of first appearance
    notes: tuple[Note, ...]
    entity_colours: tuple[tuple[str, int], ...]  # (entity id, palette index) for this page
    annotations_href: str | None = None  # the W3C Web Annotation export of the article


@dataclass(frozen=True)
class YearLink:
    year: str
    href: str
    count: int


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class HomePage:
    """The newest ``per_page`` articles; every older one is on its year's page."""

    kind: ClassVar[str] = "home"  # what the templates test, instead of the path
    path: str
    root: str
    site: SiteInfo
    articles: tuple[ArticleCard, ...]
    years: tuple[YearLink, ...]  # newest first
    entity_count: int
    article_count: int
    tag_count: int = 0
    older: Link | None = None  # where the list goes on: the year page, at the next month


@dataclass(frozen=True)
class MonthGroup:
    label: str  # "December 2017"
    id: str  # its fragment on the year page: "month-12"
    articles: tuple[ArticleCard, ...]  # newest first


@dataclass(frozen=True)
class YearPage:
    kind: ClassVar[str] = "year"  # what the templates test, instead of the path
    path: str  # "2017/index.html"
    root: str
    site: SiteInfo
    year: str
    count: int
    months: tuple[MonthGroup, ...]  # newest first
    newer: YearLink | None  # the next year that has articles
    older: YearLink | None  # the previous year that has articles
    years: tuple[YearLink, ...]  # every year, newest first


@dataclass(frozen=True)
class TagLink:
    name: str
    href: str
    count: int  # articles with the tag


@dataclass(frozen=True)
class TagIndexPage:
    kind: ClassVar[str] = "tags"  # what the templates test, instead of the path
    path: str
    root: str
    site: SiteInfo
    tags: tuple[TagLink, ...]  # by name


@dataclass(frozen=True)
class TagPage:
    kind: ClassVar[str] = "tag"  # what the templates test, instead of the path
    path: str  # "tags/<slug>.html"
    root: str
    site: SiteInfo
    tag: str
    articles: tuple[ArticleCard, ...]  # newest first


@dataclass(frozen=True)
class RedirectPage:
    """An old URL (front matter ``aliases``) that sends readers on to the article."""

    kind: ClassVar[str] = "redirect"  # what the templates test, instead of the path
    path: str
    root: str
    site: SiteInfo
    title: str  # the article's title
    href: str  # the article, relative to this page
    canonical: str  # the article's absolute URL with ``base_url``, else ``href``


@dataclass(frozen=True)
class EntityCard:
    speaker: Speaker
    attributions: int  # as source
    articles: int  # articles where it is a source
    direct: int = 0  # attributions by kind
    indirect: int = 0
    mixed: int = 0
    first: str | None = None  # display date of its first attribution
    first_iso: str | None = None
    last: str | None = None  # … and of its latest
    last_iso: str | None = None


@dataclass(frozen=True)
class EntityIndexPage:
    kind: ClassVar[str] = "entities"  # what the templates test, instead of the path
    path: str
    root: str
    site: SiteInfo
    entities: tuple[EntityCard, ...]


@dataclass(frozen=True)
class EntityQuote:
    """An attribution to the entity, on its page."""

    article: str  # article title
    article_href: str
    date: str
    date_iso: str
    kind: str
    role: str  # "source" or "addressee"
    quote: str
    href: str  # .../<slug>.html#an-<id>
    cue: str | None


@dataclass(frozen=True)
class EntityPage:
    kind: ClassVar[str] = "entity"  # what the templates test, instead of the path
    path: str
    root: str
    site: SiteInfo
    speaker: Speaker
    description: str | None
    note: str | None
    aliases: tuple[str, ...]
    same_as: tuple[str, ...]
    member_of: Speaker | None
    members: tuple[Speaker, ...]
    quotes: tuple[EntityQuote, ...]  # newest article first, then in reading order
    mention_count: int
    stats: EntityCard | None = None  # its counts, as on the entity index


Page = (
    ArticlePage
    | HomePage
    | EntityIndexPage
    | EntityPage
    | YearPage
    | TagIndexPage
    | TagPage
    | RedirectPage
)

PALETTE_SIZE = 8
