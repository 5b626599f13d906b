"""Words that `suggest` recognises: reporting verbs with their lemmas, and the small word
lists that tell a speaker's noun phrase from the rest of a sentence.

| list | used for |
|---|---|
| ``CUES`` | speech verbs (every form) -> lemma: cues of direct and reported speech |
| ``WEAK_CUES`` | verbs that attribute only when a quotation follows them closely ("called") |
| ``ADDRESSEE_CUES`` | lemmas that take whom it was said to ("told reporters") |
| ``PRONOUNS`` | pronoun sources, resolved to an earlier speaker |
| ``TITLES``, ``ORG_WORDS`` | telling a person's name from an organisation's |
| ``PERSON_NOUNS``, ``GROUP_NOUNS`` | guessing the type of an unnamed speaker |
| ``NP_STOP`` | words that end a speaker's noun phrase (auxiliaries, conjunctions, ...) |
| ``ADVERBIAL_STARTS`` | words opening an adverbial between a cue and its clause ("on Monday") |
"""

from __future__ import annotations

_VERBS = {
    # lemma: forms (base, 3rd person, past, gerund)
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "deny": ("deny", "denies", "denied", "denying"),
    "state": ("state", "states", "stated", "stating"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "warn": ("warn", "warns", "warned", "warning"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "explain": ("explain", "explains", "explained", "explaining"),
    "note": ("note", "notes", "noted", "noting"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "ask": ("ask", "asks", "asked"),
    "reply": ("reply", "replies", "replied", "replying"),
    "write": ("write", "writes", "wrote", "writing"),
    "report": ("report", "reports", "reported", "reporting"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "assert": ("assert", "asserts", "asserted", "asserting"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "reveal": ("reveal", "reveals", "revealed", "revealing"),
    "stress": ("stress", "stresses", "stressed", "stressing"),
    "emphasise": ("emphasise", "emphasises", "emphasised", "emphasising"),
    "emphasize": ("emphasize", "emphasizes", "emphasized", "emphasizing"),
    "predict": ("predict", "predicts", "predicted", "predicting"),
    "promise": ("promise", "promises", "promised", "promising"),
    "pledge": ("pledge", "pledges", "pledged", "pledging"),
    "vow": ("vow", "vows", "vowed", "vowing"),
    "respond": ("respond", "responds", "responded", "responding"),
    "comment": ("comment", "comments", "commented", "commenting"),
    "recall": ("recall", "recalls", "recalled", "recalling"),
    "concede": ("concede", "concedes", "conceded", "conceding"),
    "complain": ("complain", "complains", "complained", "complaining"),
    "contend": ("contend", "contends", "contended", "contending"),
    "maintain": ("maintain", "maintains", "maintained", "maintaining"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "conclude": ("conclude", "concludes", "concluded", "concluding"),
    "find": ("find", "finds", "found"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "post": ("posted",),
    "repeat": ("repeat", "repeats", "repeated", "repeating"),
    "remark": ("remark", "remarks", "remarked", "remarking"),
    "observe": ("observe", "observes", "observed", "observing"),
    "assure": ("assure", "assures", "assured", "assuring"),
    "inform": ("inform", "informs", "informed", "informing"),
    "remind": ("remind", "reminds", "reminded", "reminding"),
    "rule": ("rules", "ruled", "ruling"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "suggest": ("suggests", "suggested", "suggesting"),
    "continue": ("continued",),
    "agree": ("agreed",),
    "joke": ("joke", "jokes", "joked", "joking"),
    "exclaim": ("exclaimed",),
    "shout": ("shouted",),
    "whisper": ("whispered",),
    "quip": ("quipped",),
    "boast": ("boasted",),
    "counter": ("countered",),
    "retort": ("retorted",),
    "caution": ("cautioned",),
    "urge": ("urged",),
}
CUES: dict[str, str] = {form: lemma for lemma, forms in _VERBS.items() for form in forms}
ACCORDING_TO = "according to"

WEAK_CUES: dict[str, str] = {
    **{f: "call" for f in ("call", "calls", "called", "calling")},
    **{f: "describe" for f in ("describes", "described", "describing")},
    **{f: "accuse" for f in ("accuse", "accuses", "accused", "accusing")},
    **{f: "dub" for f in ("dubs", "dubbed")},
    **{f: "brand" for f in ("brands", "branded")},
    **{f: "term" for f in ("termed",)},
    **{f: "praise" for f in ("praised",)},
}

# "said" alone does not make a clause reported speech when it means something else
CLAUSE_LEMMAS = frozenset(CUES.values()) - {"post", "continue", "agree", "urge", "find"}
ADDRESSEE_CUES = frozenset({"tell", "assure", "inform", "remind"})

PRONOUNS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "they": "any",
    "it": "thing",
    "we": "any",
    "i": "person",
}

TITLES = frozenset(
    {
        *("president", "minister", "prime", "chancellor", "governor", "councillor", "councilor"),
        *("commander", "justice", "judge", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms."),
        *("prof", "prof.", "professor", "senator", "sen.", "rep.", "representative", "mayor"),
        *("general", "gen.", "chief", "secretary", "king", "queen", "pope", "sir", "lord"),
        *("lady", "director", "chairman", "chairwoman", "chair", "manager", "coach", "captain"),
        *("colonel", "col.", "lieutenant", "lt.", "sergeant", "sgt.", "officer", "inspector"),
        *("superintendent", "ambassador", "envoy", "spokesman", "spokeswoman", "economy"),
        *("foreign", "health", "finance", "defence", "defense", "interior", "deputy", "vice"),
        *("harbour", "trade", "labour", "labor", "opposition", "leader", "boss", "mp", "state"),
        *("former", "acting", "russian", "american", "french", "german", "british", "japanese"),
        *("italian", "chinese", "us", "u.s.", "uk", "eu", "executive", "ceo", "head", "bishop"),
        *("rabbi", "imam", "father", "archbishop", "cardinal", "speaker", "attorney"),
    }
)

ORG_WORDS = frozenset(
    {
        *("ministry", "office", "agency", "service", "council", "party", "union", "association"),
        *("organisation", "organization", "bank", "group", "committee", "department", "police"),
        *("army", "court", "government", "company", "corporation", "corp", "corp.", "inc"),
        *("inc.", "ltd", "ltd.", "news", "times", "post", "press", "institute", "university"),
        *("commission", "coalition", "federation", "league", "network", "foundation"),
        *("authority", "parliament", "assembly", "senate", "congress", "club", "board"),
        *("centre", "center", "reuters", "tass", "sputnik", "fund", "trust", "society"),
        *("movement", "forces", "force", "navy", "ministry's", "house", "kremlin", "pentagon"),
        *("cabinet", "administration", "executive", "secretariat", "alliance", "council's"),
        *("study", "report", "survey", "data", "statement", "forecast", "poll", "research"),
        *("capital", "partners", "holdings", "airlines", "airways", "rebellion", "frontières"),
        *("bureau", "directorate", "tribunal", "prosecutor's", "mission"),
    }
)

PERSON_NOUNS = frozenset(
    {
        *("spokesman", "spokeswoman", "spokesperson", "official", "engineer", "fan", "judge"),
        *("lawyer", "barrister", "witness", "resident", "man", "woman", "source", "doctor"),
        *("nurse", "teacher", "student", "worker", "officer", "diplomat", "analyst"),
        *("economist", "expert", "activist", "cyclist", "driver", "farmer", "owner", "mother"),
        *("father", "victim", "survivor", "neighbour", "neighbor", "researcher", "scientist"),
        *("author", "candidate", "minister", "president", "leader", "director", "manager"),
        *("executive", "chairman", "employee", "passenger", "voter", "member", "prosecutor"),
    }
)

GROUP_NOUNS = frozenset(
    {
        *("leaders", "firms", "groups", "residents", "critics", "analysts", "economists"),
        *("officials", "activists", "protesters", "protestors", "lawyers", "campaigners"),
        *("villagers", "experts", "sources", "witnesses", "organisations", "organizations"),
        *("makers", "companies", "workers", "unions", "doctors", "nurses", "teachers"),
        *("scientists", "researchers", "diplomats", "investors", "traders", "parents"),
        *("supporters", "opponents", "members", "people", "police", "authorities", "dockers"),
        *("locals", "farmers", "students", "families", "voters", "fans"),
    }
)

NP_STOP = frozenset(
    {
        *("was", "were", "is", "are", "has", "had", "have", "been", "be", "will", "would"),
        *("could", "can", "may", "might", "shall", "should", "must", "did", "do", "does"),
        *("also", "later", "then", "again", "and", "but", "or", "nor", "yet", "so", "on"),
        *("in", "at", "during", "after", "before", "since", "while", "when", "where", "to"),
        *("from", "last", "this", "today", "yesterday", "tonight", "earlier", "previously"),
        *("kept", "made", "took", "gave", "went", "held", "left", "met", "came", "got"),
        *("rose", "fell", "won", "lost", "sent", "spent", "built", "brought", "thought"),
        *("felt", "stood", "sat", "ran", "began", "saw", "heard", "knew", "meant", "led"),
        *("not", "never", "once", "first", "still", "already", "however", "instead"),
        *("reportedly", "repeatedly", "publicly", "privately", "herself", "himself"),
    }
)

ADVERBIAL_STARTS = frozenset(
    {
        *("on", "in", "at", "during", "after", "before", "late", "early", "earlier", "later"),
        *("last", "this", "yesterday", "today", "tonight", "monday", "tuesday", "wednesday"),
        *("thursday", "friday", "saturday", "sunday", "again", "also", "then", "publicly"),
        *("privately", "repeatedly", "recently", "previously", "once", "to", "outside", "from"),
        *("via", "through", "with", "without", "while", "when", "as", "by", "over", "under"),
        *("speaking", "separately", "afterwards", "afterward", "there", "here", "now"),
    }
)
CLAUSE_STARTERS = frozenset({"where", "and", "but", "as", "while", "when", "so", "then"})
RELATIVE = frozenset({"who", "which", "whose", "whom", "that"})
DETERMINERS = frozenset({"the", "a", "an", "one", "some", "several", "two", "three", "many"})
HEADLINE_STOPS = frozenset({"as", "after", "amid", "before", "while", "over", "despite"})


def cue_lemma(word: str) -> str | None:
    """The lemma of a speech verb form (case-insensitive), or None."""
    return CUES.get(word.lower())


def weak_lemma(word: str) -> str | None:
    """The lemma of a verb that attributes only right before a quotation, or None."""
    return WEAK_CUES.get(word.lower())
