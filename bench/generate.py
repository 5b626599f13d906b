"""Generate a benchmark corpus: dated articles with realistic sidecars (SPEC §2 and §3).

    python bench/generate.py --articles 10000 --out /tmp/corpus [--seed 1] [--entities 200]

writes a content folder: ``_site.yaml``, ``_entities.yaml`` (the shared entities) and
``YYYY/MM/YYYY-MM-DD-<slug>.md`` with its ``.annotations.yaml``. Each article has a
dateline region, 3–8 attributions (direct, indirect and mixed) with source mentions and
cues (some with addressees and dates), and a few mentions. Anchors are as short as the
text allows: a bare ``exact`` when it is unique, else a suffix or prefix, else an
occurrence. About one article in 25 has a content anchor whose text was edited after
annotation, so it anchors fuzzily: a warning, never an error. The same seed gives the
same bytes. Build it with
``python build.py build --content /tmp/corpus --out /tmp/corpus-site``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FUZZY_EVERY = 25
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3650


def split_words(text: str) -> list[str]:
    return text.split()


FUNCTION = split_words(
    """
the of and to in a that is was for on with as by at from it be has have had were are this which
will an or but not their its they he she would could after over about more than also into new
"""
)
COMMON = split_words(
    """
government minister official police city council report people year week plan law court vote
state country president party election public health school water budget money tax company
workers union market price energy power project road bridge harbour port river city region
security army border trade deal talks meeting statement spokesperson office agency record
crisis decision policy support opposition members committee inquiry investigation evidence
safety rules change time day month million billion percent number data system service hospital
housing families children residents community local national international foreign military
attack defence peace agreement ministry department federal district province village town
"""
)
VERBS = split_words(
    """
announced approved rejected confirmed delayed launched expanded reduced raised cut blocked
defended criticised reviewed opened closed signed backed questioned promised warned
"""
)
FIRST = split_words(
    """
Ana Maria Jose Luis Carmen Pedro Sofia Lucas Elena Marco Nadia Omar Leila Jonas Ingrid Pavel
Olga Tomas Irene Karim Amira Yusuf Hana Kenji Mei Ravi Priya Samuel Grace Daniel Ruth Victor
Alice Henri Chloe Mateo Lina Erik Astrid Malik
"""
)
LAST = split_words(
    """
Souza Ferreira Costa Almeida Novak Horvat Petrov Ivanova Okafor Mensah Haddad Nasser Tanaka
Sato Kumar Sharma Lindqvist Berg Moreau Laurent Rossi Bianchi Keller Weber Kowalski Nowak
Santos Oliveira Ahmed Rahman Murphy Byrne Fischer Schmidt Jensen Larsen Dubois Martin Garcia
Lopez
"""
)
ROLES = [
    *("Minister of Finance", "Minister of Transport", "Harbour Minister", "Mayor", "Senator"),
    *("Opposition leader", "Police chief", "Union leader", "Health minister", "Spokesperson"),
    *("Judge", "Prosecutor", "Economist", "Professor", "Ambassador", "Governor"),
    *("Council member", "Chief executive", "Campaigner", "Analyst"),
]
ORG_KINDS = [
    ("City Council", "government", "the council"),
    ("Ministry of Transport", "government", "the ministry"),
    ("Harbour Authority", "organization", "the authority"),
    ("Workers Union", "organization", "the union"),
    ("Press Office", "press-office", "the press office"),
    ("News Agency", "news-agency", "the agency"),
    ("Residents Association", "group", "the association"),
    ("Chamber of Commerce", "organization", "the chamber"),
    ("Police Department", "government", "the police department"),
    ("Health Board", "government", "the board"),
]
PLACES = split_words(
    """
Northport Eastvale Westbridge Southmoor Riverton Lakeside Hillcrest Oakham Stonebury Fairhaven
Greenfield Ashford Millbrook Redcliff Bayview Kingsley Marlow Thornton Elmstead Brookfield
"""
)
PUBLISHERS = ["The Coastal Herald", "Daily Ledger", "Evening Post", "Metro Wire", "Harbour Times"]
TAGS = ["politics", "economy", "harbour", "health", "courts", "transport", "energy", "housing"]
DIRECT_CUES = [("said", "say"), ("added", "add"), ("warned", "warn"), ("insisted", "insist")]
INDIRECT_CUES = [
    ("said", "say"),
    ("claimed", "claim"),
    ("announced", "announce"),
    ("argued", "argue"),
    ("denied", "deny"),
    ("stated", "state"),
]
WEEKDAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday"]


class Dumper(yaml.SafeDumper):
    """A YAML dumper that never writes anchors or aliases (quotemark rejects them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(value: object) -> str:
    return yaml.dump(value, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


# ---------------------------------------------------------------- vocabulary


def make_vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    """Common news words first, then invented words for the long tail."""
    syllables = split_words(
        "ka ri to ne sa mi lo ve an ter bel dor fin gal hes ish mon por qua rus"
    )
    words = list(dict.fromkeys([*FUNCTION, *COMMON]))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass
class Words:
    """Zipf-distributed words from a vocabulary."""

    rng: random.Random
    vocabulary: list[str]
    weights: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        total = 0.0
        for rank in range(len(self.vocabulary)):
            total += 1.0 / (rank + 1)
            self.weights.append(total)

    def phrase(self, low: int, high: int) -> str:
        n = self.rng.randint(low, high)
        return " ".join(self.rng.choices(self.vocabulary, cum_weights=self.weights, k=n))

    def sentence(self, low: int = 8, high: int = 20) -> str:
        text = self.phrase(low, high)
        return text[0].upper() + text[1:] + "."


# ---------------------------------------------------------------- entities


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    type: str
    role: str | None
    aliases: tuple[str, ...]

    def record(self, rng: random.Random) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "type": self.type, "name": self.name}
        if self.role:
            out["role"] = self.role
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if rng.random() < 0.3:
            out["same_as"] = [f"https://www.wikidata.org/wiki/Q{rng.randint(1000, 99999999)}"]
        return out


def make_entities(rng: random.Random, count: int) -> list[Person]:
    """People (two in three) and organisations with unique ids and a few aliases."""
    found: dict[str, Person] = {}
    while len(found) < count:
        if rng.random() < 0.67:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            role = rng.choice(ROLES)
            name = f"{first} {last}"
            entity = Person(slugify(name), name, "person", role, (last, f"{role} {name}"))
        else:
            place = rng.choice(PLACES)
            kind, type_, alias = rng.choice(ORG_KINDS)
            name = f"{place} {kind}"
            entity = Person(slugify(name), name, type_, None, (alias,))
        found.setdefault(entity.id, entity)
    return [found[k] for k in sorted(found)]


def mention_of(rng: random.Random, entity: Person, start: bool) -> str:
    """A noun phrase naming the entity: its name or one of its aliases."""
    phrase = rng.choice((entity.name, *entity.aliases))
    return phrase[0].upper() + phrase[1:] if start else phrase


# ---------------------------------------------------------------- article drafts


@dataclass(frozen=True)
class Mark:
    """A span of one paragraph of the draft (start and end in the paragraph)."""

    para: int
    start: int
    end: int


@dataclass
class Draft:
    """An article being written: paragraphs, and the spans its sidecar anchors."""

    title: str
    summary: str
    paragraphs: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)

    def add(self, text: str) -> Mark:
        """Append text to the current paragraph and return where it stands."""
        start = len(" ".join(self.current)) + (1 if self.current else 0)
        self.current.append(text)
        return Mark(len(self.paragraphs), start, start + len(text))

    def add_parts(self, *parts: str) -> list[Mark]:
        """Append one sentence built of parts (no space between them); mark each part."""
        first = self.add(parts[0])
        marks, at = [first], first.end
        for part in parts[1:]:
            self.current[-1] += part
            marks.append(Mark(first.para, at, at + len(part)))
            at += len(part)
        return marks

    def end_paragraph(self) -> None:
        if self.current:
            self.paragraphs.append(" ".join(self.current))
            self.current = []

    def anchor_text(self) -> tuple[str, list[int]]:
        """The text anchors are matched on, and where each paragraph starts in it."""
        head = f"{self.title}\n{self.summary}\n"
        starts, at = [], len(head)
        for paragraph in self.paragraphs:
            starts.append(at)
            at += len(paragraph) + 1
        return head + "\n".join(self.paragraphs), starts


def count(text: str, part: str) -> int:
    """Occurrences of part in text, overlapping ones included."""
    n, at = 0, text.find(part)
    while at >= 0:
        n += 1
        at = text.find(part, at + 1)
    return n


def context(paragraph: str, start: int, end: int, size: int, after: bool) -> str:
    """Up to ``size`` characters of the paragraph after ``end`` (or before ``start``),
    extended to a word edge."""
    if after:
        stop = min(len(paragraph), end + size)
        while stop < len(paragraph) and paragraph[stop] != " ":
            stop += 1
        return paragraph[end:stop]
    begin = max(0, start - size)
    while begin > 0 and paragraph[begin - 1] != " ":
        begin -= 1
    return paragraph[begin:start]


def anchor_of(draft: Draft, text: str, starts: Sequence[int], mark: Mark) -> dict[str, object]:
    """The shortest anchor that finds the mark: exact, then a suffix or a prefix, then both,
    then the occurrence. ``text`` is the anchor text with block boundaries as spaces, as
    anchoring compares it."""
    paragraph = draft.paragraphs[mark.para]
    exact = paragraph[mark.start : mark.end]
    if count(text, exact) == 1:
        return {"exact": exact}
    for size in (8, 16, 32, 64):
        suffix = context(paragraph, mark.start, mark.end, size, after=True)
        if suffix and count(text, exact + suffix) == 1:
            return {"exact": exact, "suffix": suffix}
        prefix = context(paragraph, mark.start, mark.end, size, after=False)
        if prefix and count(text, prefix + exact) == 1:
            return {"exact": exact, "prefix": prefix}
        if prefix and suffix and count(text, prefix + exact + suffix) == 1:
            return {"exact": exact, "prefix": prefix, "suffix": suffix}
    where = starts[mark.para] + mark.start
    occurrence = count(text[: where + len(exact)], exact)
    return {"exact": exact, "occurrence": occurrence}


# ---------------------------------------------------------------- attributions


@dataclass
class Spec:
    """An attribution before its anchors are computed."""

    id: str
    kind: str
    entity: str
    mention: Mark
    cue: Mark
    lemma: str
    content: Sequence[tuple[Mark, bool | None]]  # span, quoted (mixed items only)
    addressee: tuple[str, Mark] | None = None
    when: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def write_direct(draft: Draft, words: Words, who: Person, spec_id: str) -> Spec:
    rng = words.rng
    cue, lemma = rng.choice(DIRECT_CUES)
    quote = words.sentence(8, 22)[:-1]
    if rng.random() < 0.5:
        marks = draft.add_parts('"', quote + ",", '" ', mention_of(rng, who, False), " ", cue, ".")
        return Spec(spec_id, "direct", who.id, marks[3], marks[5], lemma, [(marks[1], None)])
    marks = draft.add_parts(mention_of(rng, who, True), " ", cue, ': "', quote + ".", '"')
    return Spec(spec_id, "direct", who.id, marks[0], marks[2], lemma, [(marks[4], None)])


def write_indirect(draft: Draft, words: Words, who: Person, spec_id: str) -> Spec:
    rng = words.rng
    cue, lemma = rng.choice(INDIRECT_CUES)
    clause = words.phrase(8, 20)
    when = rng.choice(WEEKDAYS) if rng.random() < 0.3 else None
    timing = f" {when}" if when else ""
    if rng.random() < 0.6:
        parts = (mention_of(rng, who, True), " ", cue, f"{timing} that ", clause, ".")
        marks = draft.add_parts(*parts)
        spec = Spec(spec_id, "indirect", who.id, marks[0], marks[2], lemma, [(marks[4], None)])
    else:
        clause = clause[0].upper() + clause[1:]
        marks = draft.add_parts(clause, ", ", mention_of(rng, who, False), " ", cue, f"{timing}.")
        spec = Spec(spec_id, "indirect", who.id, marks[2], marks[4], lemma, [(marks[0], None)])
    spec.when = when
    return spec


def write_mixed(draft: Draft, words: Words, who: Person, spec_id: str) -> Spec:
    rng = words.rng
    cue, lemma = rng.choice(INDIRECT_CUES)
    before, quoted, after = words.phrase(3, 8), words.phrase(3, 8), words.phrase(2, 6)
    parts = (mention_of(rng, who, True), " ", cue, " that ", before, ' "', quoted, '" ', after)
    marks = draft.add_parts(*parts, ".")
    content = [(marks[4], False), (marks[6], True), (marks[8], False)]
    return Spec(spec_id, "mixed", who.id, marks[0], marks[2], lemma, content)


WRITERS = {"direct": write_direct, "indirect": write_indirect, "mixed": write_mixed}


def write_told(draft: Draft, words: Words, who: Person, agency: Person, spec_id: str) -> Spec:
    """A direct quote told to a news agency: a cue with an addressee."""
    quote = words.sentence(8, 18)[:-1]
    parts = ('"', quote + ",", '" ', mention_of(words.rng, who, False), " told ", agency.name, ".")
    marks = draft.add_parts(*parts)
    told = Mark(marks[4].para, marks[4].start + 1, marks[4].end - 1)
    spec = Spec(spec_id, "direct", who.id, marks[3], told, "tell", [(marks[1], None)])
    spec.addressee = (agency.id, marks[5])
    return spec


# ---------------------------------------------------------------- one article


@dataclass(frozen=True)
class Article:
    rel: str  # path of the .md under the content folder
    markdown: str
    sidecar: str


def article_date(index: int, total: int) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=index * DAYS // max(total, 1))


def write_body(
    draft: Draft, words: Words, people: Sequence[Person], agencies: Sequence[Person], n: int
) -> tuple[list[Spec], list[tuple[str, Mark]], Mark]:
    """Paragraphs of filler with ``n`` attributions and a few mentions spread through them."""
    rng = words.rng
    dateline = draft.add(f"{rng.choice(PLACES).upper()} -")
    draft.add(words.sentence())
    specs: list[Spec] = []
    mentions: list[tuple[str, Mark]] = []
    for i in range(n):
        who = rng.choice(people)
        spec_id = f"a{i + 1:02d}"
        if rng.random() < 0.1 and agencies:
            specs.append(write_told(draft, words, who, rng.choice(agencies), spec_id))
        else:
            kind = rng.choices(["direct", "indirect", "mixed"], weights=[5, 4, 1])[0]
            specs.append(WRITERS[kind](draft, words, who, spec_id))
        for _ in range(rng.randint(0, 2)):
            draft.add(words.sentence())
        if rng.random() < 0.25:
            other = rng.choice(people)
            mark = draft.add(other.name)
            draft.current[-1] += " did not respond to a request for comment."
            mentions.append((other.id, mark))
        draft.end_paragraph()
        if rng.random() < 0.5:
            draft.add(words.sentence())
            draft.add(words.sentence())
            draft.end_paragraph()
    return specs, mentions, dateline


def sidecar_of(
    draft: Draft,
    name: str,
    date: dt.date,
    specs: Sequence[Spec],
    mentions: Sequence[tuple[str, Mark]],
    dateline: Mark,
    fuzzy: bool,
) -> dict[str, object]:
    text, starts = draft.anchor_text()
    text = text.replace("\n", " ")  # a block boundary counts as one space

    def anchor(mark: Mark) -> dict[str, object]:
        return anchor_of(draft, text, starts, mark)

    attributions = []
    for spec in specs:
        content = []
        for mark, quoted in spec.content:
            item = anchor(mark)
            if quoted is not None:
                item["quoted"] = quoted
            content.append(item)
        cue: dict[str, object] = {"lemma": spec.lemma, "anchor": anchor(spec.cue)}
        if spec.addressee:
            cue["addressee"] = {"entity": spec.addressee[0], "mention": anchor(spec.addressee[1])}
        if spec.when:
            cue["when"] = {"text": spec.when}
        attributions.append(
            {
                "id": spec.id,
                "kind": spec.kind,
                "source": {"entity": spec.entity, "mention": anchor(spec.mention)},
                "cue": cue,
                "content": content,
                **spec.extra,
            }
        )
    if fuzzy:
        edit_one(draft, attributions, specs)
    return {
        "schema": "annotated-news/sidecar@1",
        "document": {"path": f"{name}.md", "lang": "en", "published": date.isoformat()},
        "regions": [{"id": "r-dateline", "role": "dateline", "anchor": anchor(dateline)}],
        "attributions": attributions,
        "mentions": [
            {"id": f"m{i + 1:02d}", "entity": entity, "anchor": anchor(mark)}
            for i, (entity, mark) in enumerate(mentions)
        ],
    }


def edit_one(draft: Draft, attributions: list[dict[str, Any]], specs: Sequence[Spec]) -> None:
    """Swap two letters inside the longest content anchor, as if the article had been
    corrected after it was annotated: it now anchors fuzzily (prefix and suffix kept)."""
    best = max(
        ((i, j) for i, spec in enumerate(specs) for j in range(len(spec.content))),
        key=lambda ij: specs[ij[0]].content[ij[1]][0].end - specs[ij[0]].content[ij[1]][0].start,
    )
    mark = specs[best[0]].content[best[1]][0]
    paragraph = draft.paragraphs[mark.para]
    item = attributions[best[0]]["content"][best[1]]
    exact = item["exact"]
    middle = len(exact) // 2
    while middle < len(exact) - 2 and not swappable(exact[middle], exact[middle + 1]):
        middle += 1
    item["exact"] = exact[:middle] + exact[middle + 1] + exact[middle] + exact[middle + 2 :]
    item["prefix"] = context(paragraph, mark.start, mark.end, 24, after=False)
    item["suffix"] = context(paragraph, mark.start, mark.end, 24, after=True)
    item.pop("occurrence", None)


def swappable(a: str, b: str) -> bool:
    """Two letters whose swap changes the text."""
    return a.isalpha() and b.isalpha() and a != b


def make_article(
    rng: random.Random, words: Words, entities: Sequence[Person], index: int, total: int
) -> Article:
    """One article with its sidecar."""
    people = [e for e in entities if e.type != "news-agency"]
    agencies = [e for e in entities if e.type == "news-agency"]
    date = article_date(index, total)
    lead = rng.choice(people)
    topic = words.phrase(2, 4)
    title = f"{lead.name} {rng.choice(VERBS)} {topic}"
    slug = "-".join([*slugify(title).split("-")[:6], str(index + 1)])
    summary = words.sentence(10, 18)
    draft = Draft(title, summary)
    specs, mentions, dateline = write_body(draft, words, people, agencies, rng.randint(3, 8))
    for spec in specs[1:]:
        if rng.random() < 0.15:
            spec.extra["responds_to"] = [specs[0].id]
        if rng.random() < 0.1:
            spec.extra["confidence"] = "medium"
            spec.extra["note"] = "The clause may be the *publisher's* framing."
    name = f"{date.isoformat()}-{slug}"
    fuzzy = index % FUZZY_EVERY == 7
    sidecar = sidecar_of(draft, name, date, specs, mentions, dateline, fuzzy)
    front = {
        "title": title,
        "date": date.isoformat(),
        "publisher": rng.choice(PUBLISHERS),
        "summary": summary,
        "tags": rng.sample(TAGS, 2),
    }
    header = "".join(f"{k}: {dump_flow(v)}\n" for k, v in front.items())
    markdown = f"---\n{header}---\n" + "\n\n".join(draft.paragraphs) + "\n"
    folder = f"{date.year:04d}/{date.month:02d}"
    return Article(f"{folder}/{name}.md", markdown, dump_yaml(sidecar))


def dump_flow(value: object) -> str:
    """A front-matter value on one line (dates unquoted, strings double-quoted)."""
    if isinstance(value, list):
        return "[" + ", ".join(dump_flow(v) for v in value) + "]"
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------- the corpus


def generate(out: Path, articles: int, seed: int = 1, entities: int = 200) -> int:
    """Write the corpus under ``out``; return the number of files written."""
    rng = random.Random(seed)
    words = Words(rng, make_vocabulary(rng))
    people = make_entities(rng, entities)
    out.mkdir(parents=True, exist_ok=True)
    (out / "_site.yaml").write_text(
        "title: Benchmark archive\ndescription: A generated corpus for quotemark benchmarks.\n"
        "language: en\n",
        encoding="utf-8",
    )
    records = [p.record(rng) for p in people]
    (out / "_entities.yaml").write_text(dump_yaml({"entities": records}), encoding="utf-8")
    written = 2
    for index in range(articles):
        article = make_article(rng, words, people, index, articles)
        path = out / article.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.markdown, encoding="utf-8")
        path.with_name(path.stem + ".annotations.yaml").write_text(
            article.sidecar, encoding="utf-8"
        )
        written += 2
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="content folder to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    parser.add_argument("--entities", type=int, default=200, help="number of shared entities")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; choose a new folder")
    count = generate(args.out, args.articles, args.seed, args.entities)
    print(f"wrote {count} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
