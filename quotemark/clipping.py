"""An article read from a file outside the archive, before it becomes content (``import``).

Each reader (``rawtext`` for scraped text, ``htmlpage``, ``markdownpage``) returns a
``Clipping``: the front matter to write, the Markdown body and, when the body was read
paragraph by paragraph, each paragraph's verbatim text with the region role it plays
(photo credit, related-article teaser). ``find_dateline`` recognises the
``WASHINGTON (Sputnik) -`` that opens an agency story; its agency is the publisher.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from quotemark.sidecaredit import quoted
from quotemark.verbatim import markdown_of

DATELINE = re.compile(
    r"(?P<head>[^()\n]{2,60}?)\s*(?:\((?P<agency>[^()\n]{1,40})\))?[ \t\u00a0]+[-–—](?=\s|$)"
)
PLACE = re.compile(r"[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+)*\.?")
PLAIN_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9 .&'-]*")


@dataclass(frozen=True)
class Block:
    """One paragraph read as plain text, and the region role it plays (None: article text)."""

    text: str
    role: str | None = None  # photo-credit | related-article-teaser


@dataclass(frozen=True)
class Clipping:
    title: str
    date: dt.date
    front: str  # front matter YAML without the fences, each line ending with a newline
    body: str  # Markdown
    slug: str | None = None  # given by the source; else made from the title
    blocks: tuple[Block, ...] = ()  # the body paragraph by paragraph, when read so

    @property
    def text(self) -> str:
        """The article file's text."""
        return f"---\n{self.front}---\n{self.body}"


@dataclass(frozen=True)
class Dateline:
    text: str  # "WASHINGTON (Sputnik) -"
    agency: str | None  # "Sputnik"


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening a paragraph: an upper-case place, maybe a date and an agency."""
    found = DATELINE.match(paragraph)
    if found is None:
        return None
    place = found.group("head").split(",", 1)[0].strip()
    if not PLACE.fullmatch(place) or place != place.upper() or sum(map(str.isalpha, place)) < 2:
        return None
    agency = (found.group("agency") or "").strip() or None
    return Dateline(found.group(), agency)


def clipping_of(
    title: str,
    date: dt.date,
    blocks: Sequence[Block],
    caption: str | None = None,
    credit: str | None = None,
) -> Clipping:
    """A clipping of plain-text paragraphs; the first one's dateline names the publisher."""
    dateline = find_dateline(blocks[0].text) if blocks else None
    fields = [("title", quoted(title)), ("date", date.isoformat())]
    if dateline is not None and dateline.agency is not None:
        fields.append(("publisher", yaml_string(dateline.agency)))
    if caption is not None:
        fields.append(("caption", quoted(caption)))
    if credit is not None:
        fields.append(("credit", quoted(credit)))
    front = "".join(f"{key}: {value}\n" for key, value in fields)
    body = "\n\n".join(markdown_of(b.text) for b in blocks)
    return Clipping(title, date, front, body + "\n" if body else "", blocks=tuple(blocks))


def yaml_string(value: str) -> str:
    """A YAML string: plain when it is a simple word or phrase YAML reads back as is."""
    if PLAIN_VALUE.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return quoted(value)
