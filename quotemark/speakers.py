"""Who a speaker's noun phrase names: a known entity, a new one, or (for a pronoun) the
nearest person or organisation named before it.

- match: the phrase equals a name or alias (case-insensitive, without "the"/"a"), or
  contains one as whole words, not as a possessive (a person first, then the earliest);
  a person's surname counts. A phrase naming a new person before an organisation
  ("Commander Jane Connors of the Metropolitan Police") is that person.
- propose: a run of capitalised words that is neither a title nor an organisation
  ("Harbour Minister Ana Souza" -> person "Ana Souza"); otherwise the phrase's first part,
  typed by its head noun (spokesman -> person, firms -> group, else organization).
- pronoun: he/she -> the nearest earlier name of a person; it -> of anything else;
  they/we -> of anything. Names inside quotations and possessives ("Malik's") do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from quotemark import lexicon
from quotemark.content import slugify
from quotemark.model import Entity, Loc, Span

NOWHERE = Loc(0, 0)
ORIGIN = "quotemark-suggest/1"
NAME_SKIP = frozenset({"his", "her", "their", "its", "our", "the", "a", "an", "this", "that"})
NAME_JOIN = frozenset({"and", "&", "de", "van", "von", "der", "al", "bin", "da", "di", "du"})
PREPOSITIONS = frozenset({"for", "of", "at", "from", "with", "in", "on", "by"})
WORD = re.compile(r"[\w.’'&-]+|,")


@dataclass(frozen=True)
class Occurrence:
    span: Span
    entity: Entity


def fold(text: str) -> str:
    """Compare names case-insensitively, with straight apostrophes and no leading article."""
    words = text.replace("’", "'").casefold().split()
    while len(words) > 1 and words[0] in lexicon.DETERMINERS:
        words = words[1:]
    return " ".join(words)


def keys_of(entity: Entity) -> list[str]:
    """The names an entity goes by: name, aliases and, for a person, the surname."""
    keys = [entity.name, *entity.aliases]
    parts = entity.name.split()
    if entity.type == "person" and len(parts) >= 2 and person_name(entity.name) == entity.name:
        keys.append(parts[-1])
    return [k for k in keys if fold(k)]


def match(mention: str, entities: Sequence[Entity]) -> Entity | None:
    """The entity a speaker's phrase names, if one is known."""
    wanted = fold(mention)
    for entity in entities:
        if any(fold(k) == wanted for k in keys_of(entity)):
            return entity
    found: list[tuple[int, int, int, Entity]] = []
    for entity in entities:
        for key in keys_of(entity):
            at = find_words(wanted, fold(key))
            if at != -1 and len(fold(key)) >= 3:
                rank = 0 if entity.type == "person" else 1
                found.append((rank, at, -len(key), entity))
    best = min(found, key=lambda f: f[:3]) if found else None
    if best is None:
        return same_head(mention, entities)
    name = person_name(mention)
    named_first = name is not None and find_words(wanted, fold(name)) < best[1]
    return None if best[0] == 1 and named_first else best[3]


def find_words(haystack: str, needle: str) -> int:
    """Where needle occurs in haystack as whole words (not as a possessive), or -1."""
    m = re.search(rf"(?<![\w']){re.escape(needle)}(?![\w']|’s)", haystack)
    return m.start() if m else -1


def same_head(mention: str, entities: Sequence[Entity]) -> Entity | None:
    """A definite description ("the official") of the latest entity with that head noun."""
    words = mention.casefold().split()
    if not 2 <= len(words) <= 3 or words[0] != "the":
        return None
    heads = [e for e in entities if fold(e.name).split()[-1:] == words[-1:]]
    return heads[-1] if heads else None


def propose(mention: str, taken: Iterable[str]) -> Entity:
    """A new entity for a speaker's phrase that names no known entity."""
    first = mention.split(", ")[0]
    name = person_name(mention)
    if name is not None:
        rest = " ".join(mention.replace(name, " ").replace(" ,", ",").split()).strip(" ,")
        role = rest if rest and fold(rest).split()[0] not in lexicon.RELATIVE else None
        aliases = (first,) if first != name else ()
        return new_entity(name, "person", taken, role=role and fold_role(role), aliases=aliases)
    plain = strip_determiners(first)
    aliases = (first,) if first != plain else ()
    return new_entity(plain, type_of(first), taken, aliases=aliases)


def new_entity(
    name: str,
    kind: str,
    taken: Iterable[str],
    role: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Entity:
    base = slugify(name) or "speaker"
    used = set(taken)
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}-{n}", n + 1
    return Entity(ident, name, NOWHERE, ORIGIN, type=kind, role=role, aliases=aliases)


def fold_role(role: str) -> str:
    """A role as a phrase of its own: "the general secretary of X" -> "general secretary of X"."""
    return strip_determiners(role.rstrip(",")) or role


def strip_determiners(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in lexicon.DETERMINERS:
        words = words[1:]
    return " ".join(words)


def person_name(mention: str) -> str | None:
    """The personal name inside a phrase ("Health Minister Karen Doyle" -> "Karen Doyle")."""
    for run in capital_runs(mention):
        lowered = [w.lower().rstrip(".") for w in run]
        if any(w in lexicon.ORG_WORDS for w in lowered):
            continue
        while run and (run[0].lower().rstrip(".") in lexicon.TITLES or run[0].lower() in NAME_SKIP):
            run = run[1:]
        if len(run) >= 2 and run[-1].lower() not in NAME_JOIN:
            return " ".join(run)
    return None


def capital_runs(mention: str) -> list[list[str]]:
    """Runs of capitalised words (joined by "and", "de", "van", ...), possessives cut."""
    runs: list[list[str]] = [[]]
    for word in WORD.findall(mention):
        possessive = word.endswith(("'s", "’s"))
        joins = word.lower() in NAME_JOIN and bool(runs[-1])
        if (word[:1].isupper() and not possessive) or joins:
            runs[-1].append(word)
        else:
            runs.append([])
    return [r for r in runs if r]


def type_of(phrase: str) -> str:
    """Guess the type of an unnamed speaker from the head noun of its phrase."""
    words = [w.lower() for w in WORD.findall(phrase)]
    cut = next((i for i, w in enumerate(words) if w in PREPOSITIONS), len(words))
    head = words[cut - 1] if cut else ""
    if head in lexicon.PERSON_NOUNS:
        return "person"
    if head in lexicon.GROUP_NOUNS:
        return "group"
    if len(words) == 1 and phrase[:1].isupper() and head not in lexicon.ORG_WORDS:
        return "person" if not any(w in lexicon.ORG_WORDS for w in words) else "organization"
    return "organization"


def with_alias(entity: Entity, mention: str) -> Entity:
    """The entity with one more alias (a proposed entity learns how the article calls it)."""
    first = mention.split(", ")[0]
    if fold(first) in {fold(k) for k in keys_of(entity)}:
        return entity
    return replace(entity, aliases=(*entity.aliases, first))


# ---------------------------------------------------------------- pronouns


def occurrences(text: str, entities: Sequence[Entity]) -> list[Occurrence]:
    """Every place an entity is named in the text (names with capitals match case)."""
    found = []
    for entity in entities:
        for key in keys_of(entity):
            flags = 0 if any(c.isupper() for c in key) else re.IGNORECASE
            pattern = rf"(?<![\w']){re.escape(key)}(?![\w])"
            for m in re.finditer(pattern, text, flags):
                found.append(Occurrence(Span(m.start(), m.end()), entity))
    return sorted(found, key=lambda o: (o.span.end, -o.span.start))


def antecedent(
    text: str, at: int, pronoun: str, named: Sequence[Occurrence], quoted: Sequence[Span]
) -> Entity | None:
    """The entity a pronoun at offset ``at`` refers to: the nearest fitting earlier name."""
    want = lexicon.PRONOUNS.get(pronoun.lower(), "any")
    best: Occurrence | None = None
    for occurrence in named:
        span = occurrence.span
        if span.end > at:
            break
        if text[span.end : span.end + 2] in ("'s", "’s"):
            continue
        if any(q.start <= span.start < q.end for q in quoted):
            continue
        if fits(occurrence.entity, want):
            best = occurrence
    return best.entity if best else None


def fits(entity: Entity, want: str) -> bool:
    if want == "person":
        return entity.type in ("person", "unknown")
    if want == "thing":
        return entity.type != "person"
    return True
