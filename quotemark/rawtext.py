"""Raw scraped article text (the format of ``seeds/``), read into a ``Clipping``.

::

     date 2017-12-30 Register                                  the scrape line: the date
        Syrian Army's offensive operation ... File photo       photo caption (optional)
        US-Led Coalition Denies Transporting Daesh ...         headline
        WASHINGTON (Sputnik) - The US-led coalition ...        body, a paragraph a line
        © AFP 2017/ US NAVY / MC2 JACOB G. SISCO               credit of an embedded box
        US-Led Coalition Denies Complicity With ...            its related-article headline

Lines are indented and may be separated by blank lines; each line is a paragraph, kept
verbatim (no-break spaces included) once its indentation is removed. The scrape line is
not article text and is dropped. The head is the first line that is not a photo credit
and the lines up to the body, which starts at the first line after it that opens with a
dateline (looked for in the next four lines), else at the first that reads as prose (it
ends a sentence, has 8 words or more, is not in Title Case and is not a photo credit).
In the head, a photo credit becomes ``credit``; of the other lines, one is the headline,
two are the caption and the headline, and any further ones open the body. In the body, a
photo credit (``©``, ``Photo:``, ``Credit:``) is a ``photo-credit`` region; the
headline-like line after it, a ``Read more:`` line, or a stand-alone Title Case headline
of 4 words or more is a ``related-article-teaser``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotemark.clipping import Block, Clipping, clipping_of, find_dateline
from quotemark.model import Problem, Severity
from quotemark.schema import calendar_fault

SCRAPE_LINE = re.compile(r"[ \t]*date[ \t]+(\S+)")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CREDIT = re.compile(r"©|\(c\)\s|photo(?:\s+credit)?\s*:|credit\s*:", re.IGNORECASE)
TEASER_LEAD = re.compile(r"(?:read more|read also|also read|related|see also)\s*:", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
CLAUSE_END = re.compile(r"[.,;:][\"'”’»)\]]*$")
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "off", "on"}
    | {"onto", "or", "over", "per", "the", "to", "up", "via", "vs", "with"}
)
PROSE_WORDS = 8  # a body paragraph has at least this many words (or a dateline)
HEADLINE_WORDS = 25  # a teaser headline has at most this many
TEASER_WORDS = 4  # a stand-alone Title Case teaser has at least this many
DATELINE_LINES = 5  # a dateline is looked for in the first lines only
NO_DATE = (
    'no date found: a scraped article starts with the line "date YYYY-MM-DD …"; add it '
    "(or import the article as Markdown or HTML with its date)"
)


@dataclass(frozen=True)
class Line:
    text: str  # without indentation
    number: int  # 1-based line in the file


def read_scrape(text: str, display: str) -> tuple[Clipping | None, list[Problem]]:
    """Read scraped article text; None with problems when it has no date or no headline."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    scrape = SCRAPE_LINE.match(lines[first])
    if scrape is None:
        return None, [error(display, first + 1, 1, "missing-field", NO_DATE)]
    date, problem = read_date(scrape.group(1), display, first + 1, scrape.start(1) + 1)
    rest = [Line(line.strip(" \t"), n) for n, line in enumerate(lines, 1) if n > first + 1]
    rest = [line for line in rest if line.text.strip()]
    if date is None:
        return None, [problem] if problem else []
    if all(is_credit(line.text) for line in rest):
        message = "no title found: the headline should follow the scrape line; add it"
        return None, [error(display, first + 1, 1, "missing-field", message)]
    return read_lines(rest, date), []


def read_date(
    value: str, display: str, line: int, col: int
) -> tuple[dt.date | None, Problem | None]:
    """The scrape line's date, or the problem with it."""
    if not DATE.fullmatch(value):
        message = f'scrape line: "{value}" is not a date; write date YYYY-MM-DD'
        return None, error(display, line, col, "bad-value", message)
    fault = calendar_fault(value)
    if fault is not None:
        message = f'scrape line: "{value}" is not a calendar date ({fault}); write YYYY-MM-DD'
        return None, error(display, line, col, "bad-value", message)
    return dt.date.fromisoformat(value), None


def read_lines(lines: Sequence[Line], date: dt.date) -> Clipping:
    """Split the head (caption, headline, credit) from the body and mark the body's regions."""
    start = body_start([line.text for line in lines])
    head = [line.text.strip() for line in lines[:start]]
    body = [line.text for line in lines[start:]]
    credits = [text for text in head if is_credit(text)]
    words = [text for text in head if not is_credit(text)]
    caption, title = (None, words[0]) if len(words) == 1 else (words[0], words[1])
    blocks = mark_regions([*credits[1:], *words[2:], *body])
    return clipping_of(title, date, blocks, caption, credits[0] if credits else None)


def body_start(texts: Sequence[str]) -> int:
    """Index of the body's first paragraph: after the headline (and any caption)."""
    first = next(i for i, text in enumerate(texts) if not is_credit(text)) + 1
    for i, text in enumerate(texts[first : first + DATELINE_LINES - 1], first):
        if find_dateline(text):
            return i
    starts = (i for i, text in enumerate(texts[first:], first) if is_prose(text))
    return next(starts, first)


def mark_regions(texts: Sequence[str]) -> list[Block]:
    """The body's paragraphs, each with its region role (credits, teasers) or None."""
    blocks: list[Block] = []
    for text in texts:
        after_credit = bool(blocks) and blocks[-1].role == "photo-credit"
        if is_credit(text):
            role: str | None = "photo-credit"
        elif (after_credit and is_headline(text)) or is_teaser(text):
            role = "related-article-teaser"
        else:
            role = None
        blocks.append(Block(text, role))
    return blocks


def is_credit(text: str) -> bool:
    return CREDIT.match(text) is not None


def is_prose(text: str) -> bool:
    """A body paragraph: a dateline, or a sentence of some length not written as a headline."""
    if is_credit(text):
        return False
    if find_dateline(text):
        return True
    long = len(text.split()) >= PROSE_WORDS
    return long and SENTENCE_END.search(text) is not None and not is_title_case(text)


def is_headline(text: str) -> bool:
    """Short, and not ending like a sentence or a clause (a question mark is fine)."""
    words = len(text.split())
    return 1 <= words <= HEADLINE_WORDS and not CLAUSE_END.search(text) and not text.endswith("…")


def is_teaser(text: str) -> bool:
    """A related-article line: "Read more: …", or a Title Case headline among paragraphs."""
    if TEASER_LEAD.match(text):
        return True
    return is_headline(text) and len(text.split()) >= TEASER_WORDS and is_title_case(text)


def is_title_case(text: str) -> bool:
    """Every word that starts with a letter is capitalised, except short function words."""
    words = [w for w in text.split() if w[0].isalpha()]
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in SMALL_WORDS for w in words)


def error(display: str, line: int, col: int, code: str, message: str) -> Problem:
    return Problem(display, line, col, Severity.ERROR, code, message)
