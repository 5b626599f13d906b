"""Find speech cues and their speakers in the anchor text, around quotations and in
reported speech. Pure functions over the text and spans of it.

- ``cue_after``: a cue right after a quotation (``"…," said the minister.``,
  ``"…," the press service said.``).
- ``cue_before``: a cue right before one (``one engineer wrote: "…"``,
  ``accused the minister of "…"``).
- ``reported_in``: a reported clause after its cue (``X said (that) …``,
  ``X told Y (that) …``, ``According to X, …``) or before it (``…, the ministry said on
  Tuesday.``, ``…, according to X.``).
- ``headline_in``: a headline (``Coalition Denies Transporting …``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotemark import lexicon
from quotemark.model import Span

TOKEN = re.compile(r"\w+(?:['’\-.&]\w+)*|\S")
ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "prof", "sen", "rep", "gov"),
        *("jan", "feb", "aug", "sept", "sep", "oct", "nov", "dec", "inc", "corp", "co", "ltd"),
        *("no", "vs", "jr", "sr", "u.s", "e.g", "i.e", "capt", "cmdr", "adm", "maj", "rev"),
    }
)
OPENING_MARKS = frozenset("\"'“‘„‚«‹»")
CLOSING_MARKS = frozenset("\"'”’“‘»›«)")
DATELINE = re.compile(r"[A-Z][A-Z .'’-]+(?: \([^)]*\))? [-–—] ")
FRAMING = re.compile(r", (?:despite|amid|although|even though) ")
MAX_SOURCE_WORDS = 25
PREPOSITIONS = frozenset({"of", "at", "for", "from", "in", "on", "with", "to"})
NOUN_MARKERS = lexicon.DETERMINERS | {"of", "for", "in", "on", "by", "his", "her", "its"}
COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
ADDRESSEE_ENDS = lexicon.ADVERBIAL_STARTS | {"that"}
SKIPPABLE = frozenset({"also", "later", "then", "again", "repeatedly", "publicly", "once"})
MAX_GAP_WORDS = 5


@dataclass(frozen=True)
class Cue:
    """A speech cue: the verb (or "according to"), its lemma and who it names."""

    span: Span
    lemma: str
    source: Span | None
    addressee: Span | None = None


@dataclass(frozen=True)
class Reported:
    """A reported clause with its cue."""

    cue: Cue
    content: Span


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def words(text: str, start: int, end: int) -> list[Word]:
    """The tokens (words and punctuation marks) of text[start:end]."""
    return [Word(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def span_of(items: Sequence[Word]) -> Span | None:
    return Span(items[0].start, items[-1].end) if items else None


# ---------------------------------------------------------------- sentences


def sentences(text: str, block: Span, masked: Sequence[Span]) -> list[Span]:
    """Split a block into sentences; stops inside masked spans (quotations) do not count."""
    cuts: list[tuple[int, int]] = []
    for i in range(block.start, block.end):
        if not stops_sentence(text, i, block, masked):
            continue
        j = i + 1
        while j < block.end and text[j] in CLOSING_MARKS:
            j += 1
        k = j
        while k < block.end and text[k].isspace():
            k += 1
        if k == block.end or k == j or not starts_sentence(text[k]) or abbreviated(text, i):
            continue
        cuts.append((j, k))
    out, start = [], block.start
    for end, following in cuts:
        if end > start:
            out.append(Span(start, end))
        start = following
    if start < block.end:
        out.append(Span(start, block.end))
    return out


def stops_sentence(text: str, i: int, block: Span, masked: Sequence[Span]) -> bool:
    """A full stop outside quotations, or a closing mark right after a quoted stop."""
    if text[i] in ".!?" and not any(m.start <= i < m.end for m in masked):
        return True
    return text[i] in CLOSING_MARKS and i > block.start and text[i - 1] in ".!?"


def starts_sentence(c: str) -> bool:
    return c.isupper() or c.isdigit() or c in OPENING_MARKS


def abbreviated(text: str, i: int) -> bool:
    """Tell whether the stop at i ends an abbreviation or an initial (Dr., U.S., G.)."""
    if text[i] != ".":
        return False
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i]
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def strip_dateline(text: str, start: int, end: int) -> int:
    """Skip an agency dateline ("WASHINGTON (Sputnik) - ") at the start of a sentence."""
    m = DATELINE.match(text, start, end)
    return m.end() if m else start


def clause_end(text: str, start: int, end: int) -> int:
    """The end of a reported clause: before the final stop and any closing framing."""
    m = FRAMING.search(text, start, end)
    end = m.start() if m else end
    while end > start and (text[end - 1] in ".!?;:," or text[end - 1].isspace()):
        end -= 1
    return end


# ---------------------------------------------------------------- noun phrases


def is_stop(word: Word) -> bool:
    """Tell whether a word cannot be part of a speaker's noun phrase."""
    low = word.lower
    if word.text[0].isupper():
        return False
    if low in lexicon.NP_STOP or low == "that" or lexicon.cue_lemma(low) is not None:
        return True
    return len(low) > 4 and low.endswith("ed") and low not in ("united", "armed", "red")


def np_like(text: str, span: Span, limit: int = 12, apposition: bool = False) -> bool:
    """Tell whether a span reads as a noun phrase (no verbs, conjunctions or adverbials).

    An apposition ("chief economist at Meridian Capital") may hold prepositions.
    """
    items = [w for w in words(text, span.start, span.end) if w.is_word]
    if not 0 < len(items) <= limit:
        return False
    for k, word in enumerate(items):
        if apposition and k and word.lower in PREPOSITIONS:
            continue
        if is_stop(word) and not joins_names(items, k):
            return False
    return True


def joins_names(items: Sequence[Word], k: int) -> bool:
    """Tell whether items[k] is an "and" inside a name ("Nurses and Midwives Organisation")."""
    if items[k].lower not in ("and", "&") or not 0 < k < len(items) - 1:
        return False
    return items[k - 1].text[0].isupper() and items[k + 1].text[0].isupper()


def capital_run_before(text: str, start: int, cue: int) -> Span | None:
    """Capitalised words right before a cue, past adverbs ("… US President Donald Trump also")."""
    items = words(text, start, cue)
    while items and items[-1].lower in SKIPPABLE:
        items = items[:-1]
    k = len(items)
    while k > 0 and items[k - 1].is_word and items[k - 1].text[0].isupper():
        k -= 1
    return span_of(items[k:]) if 0 < k < len(items) else None


def chunk(text: str, span: Span) -> Span | None:
    """The leading noun-phrase words of span (up to the first word that cannot belong)."""
    taken: list[Word] = []
    for word in words(text, span.start, span.end):
        if word.text == "," or (word.is_word and is_stop(word)):
            break
        taken.append(word)
    while taken and not taken[-1].is_word and taken[-1].text not in ")'’":
        taken.pop()
    return span_of(taken)


def segments(text: str, start: int, end: int) -> list[Span]:
    """The comma-separated parts of text[start:end] (commas inside numbers do not cut)."""
    out, s = [], start
    for m in re.finditer(r",\s", text[start:end]):
        out.append(Span(s, start + m.start()))
        s = start + m.end()
    out.append(Span(s, end))
    return [t for t in (trim(text, x) for x in out) if t is not None]


def trim(text: str, span: Span) -> Span | None:
    """The span without surrounding whitespace and commas."""
    a, b = span.start, span.end
    while a < b and (text[a].isspace() or text[a] in ",;"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return Span(a, b) if a < b else None


def first_word(text: str, span: Span) -> str:
    items = words(text, span.start, span.end)
    return items[0].lower if items else ""


def opens_relative(text: str, span: Span) -> bool:
    """A relative clause or an age ("who was rescued …", "74") continuing a noun phrase."""
    word = first_word(text, span)
    return word in lexicon.RELATIVE - {"that"} or text[span.start : span.end].isdigit()


def subject_before(text: str, start: int, cue: int) -> Span | None:
    """The speaker's noun phrase that ends right before a cue (the clause's subject)."""
    segs = segments(text, start, cue)
    while len(segs) > 1 and first_word(text, segs[0]) in lexicon.ADVERBIAL_STARTS:
        segs = segs[1:]
    if not segs:
        return None
    k = len(segs) - 1
    while k > 0 and opens_relative(text, segs[k]):
        k -= 1
    head = without_starter(text, segs[k])
    if head is None:
        return None
    if not np_like(text, head):
        if k == 0:
            return capital_run_before(text, head.start, cue) or chunk(text, head)
        return sentence_subject(text, segs)
    if k == 1 and np_like(text, segs[0], 8) and segs[0].start == head.start - 0:
        head = segs[0]
    elif k == 1 and np_like(text, segs[0], 8):
        head = Span(segs[0].start, head.end)
    return limit(text, Span(head.start, segs[-1].end))


def without_starter(text: str, span: Span) -> Span | None:
    """Drop a leading clause word ("where one fan" -> "one fan")."""
    items = words(text, span.start, span.end)
    if items and items[0].lower in lexicon.CLAUSE_STARTERS and len(items) > 1:
        return Span(items[1].start, span.end)
    return span if items else None


def sentence_subject(text: str, segs: Sequence[Span]) -> Span | None:
    """The subject at the start of a sentence, with a relative clause after it."""
    head = chunk(text, segs[0])
    if head is None or head.end != segs[0].end:
        return head
    end = head.end
    for seg in segs[1:]:
        if not opens_relative(text, seg):
            break
        end = seg.end
    return limit(text, Span(head.start, end))


def limit(text: str, span: Span) -> Span | None:
    count = sum(1 for w in words(text, span.start, span.end) if w.is_word)
    return span if count <= MAX_SOURCE_WORDS else None


def np_after(text: str, start: int, end: int) -> Span | None:
    """The speaker's noun phrase after an inverted cue ("said Mark Delaney, the …")."""
    segs = segments(text, start, clause_end(text, start, end))
    if not segs:
        return None
    head = chunk(text, segs[0])
    if head is None:
        return None
    last = head.end
    if head.end == segs[0].end:
        for seg in segs[1:]:
            if first_word(text, seg) in lexicon.ADVERBIAL_STARTS:
                break
            if not (opens_relative(text, seg) or np_like(text, seg, 8, apposition=True)):
                break
            last = seg.end
    return limit(text, Span(head.start, last))


# ---------------------------------------------------------------- cues around quotations


def cue_after(text: str, start: int, end: int) -> Cue | None:
    """A cue right after a quotation: in text[start:end] (up to the sentence's end)."""
    items = words(text, start, end)
    while items and not items[0].is_word:
        if items[0].text not in ",:—–-":
            return None
        items = items[1:]
    if not items:
        return None
    if items[0].lower == "according" and len(items) > 1 and items[1].lower == "to":
        cue = Span(items[0].start, items[1].end)
        return Cue(cue, lexicon.ACCORDING_TO, np_after(text, cue.end, end))
    lemma = lexicon.cue_lemma(items[0].text)
    if lemma is not None:
        return Cue(Span(items[0].start, items[0].end), lemma, np_after(text, items[0].end, end))
    for word in items[1 : MAX_SOURCE_WORDS + 1]:
        lemma = lexicon.cue_lemma(word.text)
        if lemma is None or word.text[0].isupper():
            continue
        source = subject_before(text, items[0].start, word.start)
        if source is None or source.start != items[0].start:
            return None
        return Cue(Span(word.start, word.end), lemma, source, addressee_after(text, word, end))
    return None


def cue_before(text: str, start: int, end: int) -> Cue | None:
    """A cue right before a quotation: text[start:end] runs from the sentence start."""
    items = words(text, start, end)
    while items and not items[-1].is_word:
        if items[-1].text not in ",:—–-":
            return None
        items = items[:-1]
    if len(items) >= 3 and items[0].lower == "according" and items[1].lower == "to":
        cue = Span(items[0].start, items[1].end)
        return Cue(cue, lexicon.ACCORDING_TO, trim(text, Span(cue.end, items[-1].end)))
    tail = items[-MAX_GAP_WORDS:]
    for back, word in enumerate(reversed(tail)):
        lemma = lexicon.cue_lemma(word.text)
        weak = lexicon.weak_lemma(word.text)
        if lemma is None and weak is None:
            continue
        after = tail[len(tail) - back :] if back else []
        adverbial = skip_adverbials(after, 0) == len(after)
        if lemma is not None and after and lemma not in lexicon.ADDRESSEE_CUES and not adverbial:
            continue
        source = subject_before(text, start, word.start)
        if source is None:
            return None
        return Cue(Span(word.start, word.end), lemma or weak or "", source)
    return None


def addressee_after(text: str, cue: Word, end: int) -> Span | None:
    """Whom a tell-type cue names ("told reporters", "told the BBC")."""
    if lexicon.cue_lemma(cue.text) not in lexicon.ADDRESSEE_CUES:
        return None
    return chunk(text, Span(cue.end, end))


# ---------------------------------------------------------------- reported speech


def reported_in(text: str, sentence: Span, masked: Sequence[Span]) -> Reported | None:
    """The reported clause of a sentence, if it has one (see the module table)."""
    start = strip_dateline(text, sentence.start, sentence.end)
    return (
        according_first(text, start, sentence.end)
        or clause_after_cue(text, start, sentence.end, masked)
        or according_last(text, start, sentence.end)
        or clause_before_cue(text, start, sentence.end, masked)
    )


def according_first(text: str, start: int, end: int) -> Reported | None:
    """``According to X, clause.``"""
    items = words(text, start, end)
    if len(items) < 4 or items[0].lower != "according" or items[1].lower != "to":
        return None
    comma = text.find(", ", items[1].end, end)
    if comma == -1:
        return None
    cue = Span(items[0].start, items[1].end)
    source = trim(text, Span(items[1].end, comma))
    content = trim(text, Span(comma + 1, clause_end(text, comma + 1, end)))
    if source is None or content is None:
        return None
    return Reported(Cue(cue, lexicon.ACCORDING_TO, source), content)


def according_last(text: str, start: int, end: int) -> Reported | None:
    """``Clause, according to X.``"""
    at = text.find(", according to ", start, end)
    if at == -1:
        return None
    cue = Span(at + 2, at + 2 + len("according to"))
    source = trim(text, Span(cue.end, clause_end(text, cue.end, end)))
    content = trim(text, Span(start, at))
    if source is None or content is None:
        return None
    return Reported(Cue(cue, lexicon.ACCORDING_TO, source), content)


def clause_after_cue(text: str, start: int, end: int, masked: Sequence[Span]) -> Reported | None:
    """``X said (that) clause.`` and ``X told Y (that) clause.``"""
    items = words(text, start, end)
    for k, word in enumerate(items):
        lemma = lexicon.cue_lemma(word.text)
        if lemma is None or any(m.start <= word.start < m.end for m in masked):
            continue
        if k and items[k - 1].lower in NOUN_MARKERS:
            continue
        begins = clause_start(text, word, end, lemma)
        if begins is None:
            continue
        source = subject_before(text, start, word.start)
        content = trim(text, Span(begins, clause_end(text, begins, end)))
        if source is None or content is None or count_words(text, content) < 3:
            continue
        if any(source.start < m.end and m.start < source.end for m in masked):
            continue
        addressee = addressee_after(text, word, end)
        return Reported(Cue(Span(word.start, word.end), lemma, source, addressee), content)
    return None


def clause_start(text: str, cue: Word, end: int, lemma: str) -> int | None:
    """Where the reported clause after a cue begins (after "that", whom, and when)."""
    items = words(text, cue.end, end)
    if not items or items[0].text in ":" or items[0].text in OPENING_MARKS:
        return None
    if items[0].lower == "to":
        return None
    k = skip_addressee(items, 0) if lemma in lexicon.ADDRESSEE_CUES else 0
    k = skip_adverbials(items, k)
    if k < len(items) and items[k].lower in COMPLEMENTIZERS:
        return items[k + 1].start if k + 1 < len(items) else None
    if lemma not in lexicon.CLAUSE_LEMMAS or cue.lower.endswith("ing"):
        return None
    if k >= len(items) or not items[k].is_word or items[k].lower in lexicon.ADVERBIAL_STARTS:
        return None
    return items[k].start


def skip_addressee(items: Sequence[Word], k: int) -> int:
    """Skip whom a statement was made to: "reporters", "the BBC", "Sputnik"."""
    if k < len(items) and items[k].lower in lexicon.DETERMINERS:
        end = min(len(items), k + 5)
        k += 1
        while k < end and items[k].is_word and items[k].lower not in ADDRESSEE_ENDS:
            k += 1
        return k
    if k < len(items) and items[k].text[0].isupper():
        while k < len(items) and items[k].text[0].isupper():
            k += 1
        return k
    return k + 1


def skip_adverbials(items: Sequence[Word], k: int) -> int:
    """Skip time and manner phrases: "on Wednesday", "in a statement", "Sunday"."""
    while k < len(items) and items[k].lower in lexicon.ADVERBIAL_STARTS:
        phrase = items[k].lower in PREPOSITIONS or items[k].lower in ("outside", "via")
        k += 1
        if not phrase:
            continue
        if k < len(items) and items[k].lower in lexicon.DETERMINERS:
            k += 1
        while k < len(items) and items[k].is_word and not is_clause_word(items[k]):
            k += 1
            if items[k - 1].text[0].islower():
                break
    return k


def is_clause_word(word: Word) -> bool:
    return word.lower in ("that", "the", "a", "an") or word.lower in lexicon.PRONOUNS


def clause_before_cue(text: str, start: int, end: int, masked: Sequence[Span]) -> Reported | None:
    """``Clause, X said on Tuesday.`` and ``Clause, said X.``"""
    stop = clause_end(text, start, end)
    comma = text.rfind(", ", start, stop)
    while comma != -1 and any(m.start <= comma < m.end for m in masked):
        comma = text.rfind(", ", start, comma)
    if comma == -1:
        return None
    cue = attribution_tail(text, comma + 2, stop)
    content = trim(text, Span(start, comma))
    if cue is None or content is None or count_words(text, content) < 4:
        return None
    return Reported(cue, content)


def attribution_tail(text: str, start: int, end: int) -> Cue | None:
    """A sentence's last part naming only who said it: "the ministry said on Tuesday"."""
    items = words(text, start, end)
    if not items:
        return None
    lemma = lexicon.cue_lemma(items[0].text)
    if lemma is not None:
        source = np_after(text, items[0].end, end)
        return Cue(Span(items[0].start, items[0].end), lemma, source) if source else None
    for k, word in enumerate(items):
        lemma = lexicon.cue_lemma(word.text)
        if lemma is None:
            continue
        source = Span(items[0].start, items[k - 1].end) if k else None
        rest = items[k + 1 :]
        if source is None or not np_like(text, source, 15) or len(rest) > 8:
            return None
        if any(w.lower == "that" for w in rest):
            return None
        return Cue(Span(word.start, word.end), lemma, source, addressee_after(text, word, end))
    return None


def count_words(text: str, span: Span) -> int:
    return sum(1 for w in words(text, span.start, span.end) if w.is_word)


# ---------------------------------------------------------------- headlines


def headline_like(text: str, block: Span) -> bool:
    """Tell whether a block reads as a headline: capitalised words, no final stop."""
    items = [w for w in words(text, block.start, block.end) if w.is_word]
    if len(items) < 3 or text[block.end - 1] in ".!?:;,":
        return False
    capital = sum(1 for w in items if w.text[0].isupper() or w.text[0].isdigit())
    return capital >= 0.7 * len(items)


def headline_in(text: str, block: Span) -> Reported | None:
    """``Coalition Denies Transporting …`` or ``…, Report Says``: speaker, cue, claim."""
    items = words(text, block.start, block.end)
    for k, word in enumerate(items):
        lemma = headline_cue(word)
        if lemma is None or k == 0 or items[k - 1].lower in NOUN_MARKERS:
            continue
        before = items[:k]
        cut = max((i for i, w in enumerate(before) if w.text in ",:"), default=-1)
        source = span_of(before[cut + 1 :])
        rest = items[k + 1 :]
        stop = next((i for i, w in enumerate(rest) if w.text in lexicon.HEADLINE_STOPS), len(rest))
        if not rest and cut > 0:
            return claim_first(before, cut, Cue(Span(word.start, word.end), lemma, source))
        content = span_of(rest[:stop])
        if source is None or content is None or len(rest[:stop]) < 2:
            return None
        return Reported(Cue(Span(word.start, word.end), lemma, source), content)
    return None


def headline_cue(word: Word) -> str | None:
    """The lemma of a capitalised present-tense cue ("Says", "Denies", "Warn")."""
    lemma = lexicon.cue_lemma(word.text)
    if lemma is None or not word.text[0].isupper():
        return None
    forms = (lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies")
    return lemma if word.lower in forms else None


def claim_first(before: Sequence[Word], cut: int, cue: Cue) -> Reported | None:
    """``Donors Have Paid a Fraction, Report Says``: the claim before the comma."""
    content = span_of(before[:cut])
    if content is None or cue.source is None or cut < 2:
        return None
    return Reported(cue, content)
