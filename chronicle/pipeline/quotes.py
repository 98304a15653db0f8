"""The ``quotes`` stage: who said what, to whom and when, in the speaker's words or reported.

**Direct quotes** are the words between quote marks, paired character by character
(:func:`pair_marks`): straight and curly double marks, mixed ones (a “coup attempt"), curly single
marks, and a quote that runs over several paragraphs, reopening each one as news style does. A
quoted stretch is a quote of its own when it stands apart: it starts a paragraph or follows the
end of a sentence, a colon, a comma or a cue. A quoted phrase inside a sentence ("turned out to be
a “coup attempt”") is not: it belongs to that sentence, and to its indirect quote when the
sentence is reported speech. The cue of a direct quote is looked for

1. after it, before the sentence ends: ``"...," Assylov told the Majilis`` / ``"...," said X``;
2. before it, ending in a colon or comma: ``He told donors: "..."``, ``he said, "..."``;
3. otherwise the quote continues the one before it in its paragraph, interrupted by its cue:
   ``"The tragedy ...," Assylov further said. "..."`` gives two quotes with one speaker and cue.

**Indirect speech** comes from the dependency parse. A spaCy ``Matcher`` finds the cues (verbs of
``chronicle/data/quotes.toml`` by lemma, and "according to"); the content is

- the cue's clausal complement, before or after it: "He also said that ...", "X has announced
  that ...", "..., he also said.", "Assylov noted, saying the investigation determined ...";
- for verbs of promising and urging, the infinitive: "vowed to resign";
- for a cue loosely attached after a clause (``parataxis``), that clause: "..., Assylov noted";
- for "according to X", the clause the phrase modifies, on either side of it.

**Speaker**: the cue's subject, as written ("Assylov", "he", "the prosecutor general", "who");
a cue without a subject takes the subject of the verb it hangs on ("he said, adding that ...",
"Assylov noted, saying ...", "said ... and added that ..."). The entity is read from
``reading.refers``: names come from the entities stage, pronouns and titles from coreference. This
stage never resolves a pronoun itself; a relative "who" is the noun its clause describes, which
is syntax, not coreference. **Addressee**: the entity of the cue's indirect object ("told the lower
house of the parliament, the Majilis", "said to reporters"). **Time**: a time of ``reading.times``
that hangs on the cue without crossing another verb ("told ... on Thursday").

Each quote also gives where its speaker and cue are written (``speaker_span``, ``cue_span``), and
each quantity stated inside a quote is linked to it (``Quantity.quote``).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from chronicle.contract import Quote, Span as Offsets
from chronicle.pipeline.base import Reading, Stage, register

# How far after a quote its cue may stand ("...," the influential US daily wrote), and before it.
CUE_AFTER = 12
CUE_BEFORE = 25
_SENTENCE_END = {".", "!", "?"}
_APART_BEFORE = set(".!?:;…—–-(")  # a quote after one of these stands apart
_OPEN_AFTER = set("([{—–-/")  # a mark after one of these (or a space) opens
_RELATIVE = {"who", "which", "that", "whom"}
_SUBJECT_FROM_HEAD = {"advcl", "conj", "xcomp"}  # "he said, adding ...", "said ... and added ..."
_TRIM = {",", ";", ":", "—", "–", "-"}
# Words a subject is made of, between a quote and a verb of saying outside the lexicon.
_SUBJECT_WORDS = {"PROPN", "PRON", "DET", "NOUN", "ADJ", "ADV", "NUM", "PART", "PUNCT", "SPACE"}


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    belief: frozenset[str]
    evidence: frozenset[str]
    addressee_object: frozenset[str]
    infinitive: frozenset[str]
    object_content: frozenset[str]
    prepositions: dict[str, frozenset[str]]  # verb -> prepositions whose object is the content
    particles: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    double: tuple[frozenset[str], frozenset[str]]  # opening marks, closing marks
    single: tuple[frozenset[str], frozenset[str]]

    def verbs(self, beliefs: bool = True) -> frozenset[str]:
        """Lemmas of the verbs that are cues on their own."""
        return self.speech | self.evidence | (self.belief if beliefs else frozenset())

    def only_with_preposition(self, cue: Token) -> bool:
        """ "called for", "talked about": a cue only with its preposition, never for a quote."""
        return cue.lemma_ in self.prepositions and cue.lemma_ not in self.speech | self.belief | self.evidence

    @property
    def mark_chars(self) -> frozenset[str]:
        return frozenset("".join(self.double[0] | self.double[1] | self.single[0] | self.single[1]))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue words and quote marks of ``chronicle/data/quotes.toml`` (read once per process)."""
    data = tomllib.loads(resources.files("chronicle.data").joinpath("quotes.toml").read_text("utf-8"))
    cues, marks = data["cues"], data["marks"]
    return Lexicon(
        speech=frozenset(cues["speech"]),
        belief=frozenset(cues["belief"]),
        evidence=frozenset(cues["evidence"]),
        addressee_object=frozenset(cues["addressee_object"]),
        infinitive=frozenset(cues["infinitive"]),
        object_content=frozenset(cues["object_content"]),
        prepositions={verb: frozenset(preps) for verb, preps in cues.get("prepositions", {}).items()},
        particles=frozenset(cues["particles"]),
        phrases=tuple(tuple(p["words"]) for p in data.get("phrases", [])),
        double=(frozenset(marks["double_open"]), frozenset(marks["double_close"])),
        single=(frozenset(marks["single_open"]), frozenset(marks["single_close"])),
    )


_MATCHERS: dict[tuple[int, bool], tuple[object, Matcher]] = {}


def cue_matcher(vocab, beliefs: bool = True) -> Matcher:
    """The Matcher of cue words for one vocabulary, built once per process."""
    key = (id(vocab), beliefs)
    if key not in _MATCHERS or _MATCHERS[key][0] is not vocab:
        lex = lexicon()
        matcher = Matcher(vocab)
        verbs = lex.verbs(beliefs) | frozenset(lex.prepositions)
        matcher.add("VERB", [[{"LEMMA": {"IN": sorted(verbs)}, "POS": "VERB"}]])
        matcher.add("PHRASE", [[{"LOWER": w} for w in phrase] for phrase in lex.phrases])
        _MATCHERS[key] = (vocab, matcher)
    return _MATCHERS[key][1]


# -- quote marks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    """Text between quote marks: ``start`` is the opening mark, ``end`` just after the closing one,
    ``inner`` the words (several paragraphs when the quote reopens at each)."""

    start: int
    end: int
    inner: tuple[int, int]


def pair_marks(text: str, lex: Lexicon | None = None) -> list[Marked]:
    """Every quoted stretch of ``text``; a quote inside another is part of the outer one."""
    lex = lex or lexicon()
    found = _pair(text, *lex.double, lex.mark_chars) + _pair(text, *lex.single, lex.mark_chars)
    kept: list[Marked] = []
    for m in sorted(found, key=lambda m: (m.start, -m.end)):
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _pair(text: str, opens: frozenset[str], closes: frozenset[str], mark_chars: frozenset[str]) -> list[Marked]:
    pattern = re.compile("|".join(re.escape(m) for m in sorted(opens | closes, key=len, reverse=True)))
    out: list[Marked] = []
    start = inner = last = None  # the open quote: its mark, where its words begin, its latest (re)opening
    for match in pattern.finditer(text):
        s, e = match.span()
        role = _role(text, s, e, match.group() in opens, match.group() in closes, mark_chars)
        if role is None:
            continue
        if start is not None and "\n" in text[last:s]:
            line_start = text.rfind("\n", 0, s) + 1
            if role != "close" and not text[line_start:s].strip():
                last = e  # the quote goes on in a new paragraph, reopened
                continue
            start = None  # never closed
        if start is None:
            if role != "close":
                start, inner, last = s, e, e
        elif role != "open":
            out.append(Marked(start, e, (inner, s)))
            start = None
        else:  # a second opening: the first was never closed
            start, inner, last = s, e, e
    return out


def _role(text: str, s: int, e: int, can_open: bool, can_close: bool, mark_chars: frozenset[str]) -> str | None:
    """"open", "close" or "either" for the mark text[s:e], by what stands beside it."""
    before = text[s - 1] if s > 0 else "\n"
    after = text[e] if e < len(text) else "\n"
    left = not after.isspace() and (before.isspace() or before in _OPEN_AFTER or before in mark_chars)
    right = not before.isspace() and (after.isspace() or unicodedata.category(after).startswith("P")
                                       or after in mark_chars)
    if left and right:
        if can_open != can_close:
            return "open" if can_open else "close"
        return "either"
    if left:
        return "open"
    if right:
        return "close"
    return None


# -- attributions -----------------------------------------------------------------------------


@dataclass
class Attribution:
    """One act of saying: a cue, its source, and the stretches of text that were said."""

    kind: str  # direct | indirect
    cue: Token
    cue_span: Span
    source: Span | None
    parts: list[tuple[int, int]] = field(default_factory=list)  # character ranges of the content


def attributions(doc: Doc, lex: Lexicon | None = None, beliefs: bool = True, text: str | None = None) -> list[Attribution]:
    """Direct and indirect quotes of a parsed document, in text order of their first words."""
    lex = lex or lexicon()
    text = doc.text if text is None else text  # spaCy joins every token again on each access
    cues = _cues(doc, lex, beliefs)
    quoted = []
    for m in pair_marks(text, lex):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and any(t.is_alpha for t in span):
            quoted.append((m, span))
    inside = {t.i for _, span in quoted for t in span}
    cues = {i: c for i, c in cues.items() if i not in inside}
    speech = {i: c for i, c in cues.items() if not lex.only_with_preposition(c)}
    apart = [(m, span) for m, span in quoted if _stands_apart(text, m, span, speech)]
    direct = _direct(doc, text, apart, speech, lex)
    used = {a.cue.i for a in direct}
    apart_tokens = {t.i for _, span in apart for t in span}
    indirect = _indirect(doc, text, cues, used, apart_tokens, lex, [m for m, _ in quoted])
    return sorted(direct + indirect, key=lambda a: a.parts[0][0])


def _cues(doc: Doc, lex: Lexicon, beliefs: bool) -> dict[int, Token]:
    """Cue head words by token index: a verb of the lexicon, or the first word of a phrase."""
    matcher = cue_matcher(doc.vocab, beliefs)
    return {start: doc[start] for _, start, _ in matcher(doc)}


def _is_phrase(cue: Token, lex: Lexicon) -> bool:
    return cue.pos_ != "VERB" or cue.lower_ == "according"


def _stands_apart(text: str, m: Marked, span: Span, cues: dict[int, Token]) -> bool:
    i = m.start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] == "\n" or text[i] in _APART_BEFORE or text[i] == ",":
        return True
    if not text[i].isalnum():  # the closing mark of a quote just before, a bracket...
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    words = [t for t in span if t.is_alpha]
    # said "We ...": right after a cue, a quote that begins like a sentence ("showed “a lack ...”" does not)
    return before is not None and before.i in cues and bool(words) and words[0].text[0].isupper()


def _direct(doc: Doc, text: str, quoted: list[tuple[Marked, Span]], cues: dict[int, Token], lex: Lexicon) -> list[Attribution]:
    by_cue: dict[int, Attribution] = {}
    previous: tuple[Attribution, int] | None = None  # the last attributed quote, and its end
    for m, span in quoted:
        cue = _cue_after(doc, span, cues) or _cue_before(doc, span, cues)
        part = _trim_chars(text, *m.inner)
        if part is None:
            continue
        if cue is None:
            if previous is not None and "\n" not in text[previous[1]:m.start]:
                previous[0].parts.append(part)  # "...," he said. "..."
                previous = (previous[0], m.end)
            continue
        found = by_cue.get(cue.i)
        if found is None:
            found = by_cue[cue.i] = Attribution("direct", cue, _cue_span(cue, lex), _source(cue, lex, span))
        found.parts.append(part)
        previous = (found, m.end)
    return list(by_cue.values())


def _cue_after(doc: Doc, span: Span, cues: dict[int, Token]) -> Token | None:
    """The cue just after a quote, before its sentence ends: '"...," Assylov told ...'. A verb
    outside the lexicon is the cue too when the quote ends with a comma (or ! ?) inside its marks
    and only its subject stands between: '"...," Clinton gushed.', '"...," fumed Mr. Burton.'"""
    verb = None
    for tok in doc[span.end : span.end + CUE_AFTER]:
        if (tok.is_space and "\n" in tok.text) or tok.is_quote:
            break
        if tok.i in cues:
            return tok if _owns(tok, span) else None
        if tok.text in _SENTENCE_END:
            break
        if verb is None and tok.pos_ in ("VERB", "AUX"):
            verb = tok
    if verb is None or verb.pos_ != "VERB" or not _opens_attribution(span):
        return None
    between = doc[span.end : verb.i]
    if any(t.pos_ not in _SUBJECT_WORDS for t in between):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children) or not any(
            c.dep_ == "nsubj" and not (span.start <= c.i < span.end) for c in verb.children):
        return None
    return verb


def _opens_attribution(span: Span) -> bool:
    """The quote ends with a comma, ! or ? inside its marks: its attribution follows."""
    inner = [t for t in span[:-1] if not t.is_space]
    return bool(inner) and inner[-1].text in (",", "!", "?", "—", "–")


def _cue_before(doc: Doc, span: Span, cues: dict[int, Token]) -> Token | None:
    """The cue of a quote introduced by it: 'He told donors: "..."', 'he said, "..."'."""
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0:
        return None
    if doc[j].text not in (":", ",") and j not in cues:
        return None
    for tok in reversed(doc[max(0, j - CUE_BEFORE) : j + 1]):
        if tok.i < j and ((tok.is_space and "\n" in tok.text) or tok.text in _SENTENCE_END or tok.is_quote):
            return None
        if tok.i in cues:
            return tok if _owns(tok, span) else None
    return None


def _owns(cue: Token, span: Span) -> bool:
    """A cue belongs to a quote unless it reports something else: a complement outside it."""
    for child in cue.children:
        if child.dep_ in ("ccomp", "xcomp") and not (span.start <= child.i < span.end):
            if child.dep_ == "xcomp" and child.lemma_ in ("be", "have"):
                continue
            return False
    return True


def _indirect(doc: Doc, text: str, cues: dict[int, Token], used: set[int], quoted: set[int], lex: Lexicon,
              marks: list[Marked]) -> list[Attribution]:
    out = []
    for i, cue in sorted(cues.items()):
        if i in used:
            continue
        tokens = [t for t in _content(cue, lex) if t not in quoted]  # a quote of its own is not reported here
        if not any(doc[t].is_alpha for t in tokens):
            continue
        source = _source(cue, lex)
        if source is None:
            continue  # "it was announced that ...": nobody to attribute it to
        parts = [_balanced(text, p, marks) for p in (_part(doc, text, a, b) for a, b in _runs(tokens)) if p]
        if parts:
            out.append(Attribution("indirect", cue, _cue_span(cue, lex), source, parts))
    return out


def _content(cue: Token, lex: Lexicon) -> list[int]:
    """Token indices of what a cue reports (see the module docstring for the constructions)."""
    if _is_phrase(cue, lex):  # "according to X": the clause around the phrase
        clause = cue.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        if clause.i == cue.i:
            return []
        phrase = {t.i for t in cue.subtree}
        return [t.i for t in clause.subtree if t.i not in phrase]
    prepositional = lex.only_with_preposition(cue)
    if not prepositional:
        for child in cue.children:
            if child.dep_ == "ccomp":
                return [t.i for t in child.subtree]
    if cue.lemma_ in lex.infinitive:
        for child in cue.children:
            if child.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
                return [t.i for t in child.subtree]
    if not prepositional and cue.dep_ == "parataxis" and cue.head.pos_ in ("VERB", "AUX"):
        own = {t.i for t in cue.subtree}  # "..., Assylov noted" / "X, he said, Y"
        return [t.i for t in cue.head.subtree if t.i not in own]
    for prep in _content_prepositions(cue, lex):  # "warned of Russian efforts"
        return [t.i for obj in prep.children if obj.dep_ in ("pobj", "pcomp") for t in obj.subtree]
    if cue.lemma_ in lex.object_content:  # "denied any connection", "accused Russia of hacking"
        for child in cue.children:
            if child.dep_ == "dobj":
                charge = [c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "with") and c.i > child.i]
                return [t.i for t in child.subtree] + [t.i for c in charge[:1] for t in c.subtree]
    return []


def _content_prepositions(cue: Token, lex: Lexicon) -> list[Token]:
    allowed = lex.prepositions.get(cue.lemma_, frozenset())
    return [c for c in cue.children if c.dep_ == "prep" and c.lower_ in allowed
            and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs (first, last) of sorted token indices."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _part(doc: Doc, text: str, first: int, last: int) -> tuple[int, int] | None:
    """The characters of tokens first..last without the punctuation at either end (quote marks
    stay: they belong to a quoted phrase inside the content); None if no word is left."""
    while first <= last and doc[first].is_punct and not doc[first].is_quote:
        first += 1
    while last >= first and ((doc[last].is_punct and not doc[last].is_quote) or doc[last].is_space):
        last -= 1
    if not any(t.is_alpha or t.like_num for t in doc[first:last + 1]):
        return None
    return _trim_chars(text, doc[first].idx, doc[last].idx + len(doc[last]))


def _balanced(text: str, part: tuple[int, int], marks: list[Marked]) -> tuple[int, int]:
    """A content that ends inside a quoted phrase ends with it: 'showed “a lack of respect.”'
    (the parse hangs the final period and mark on the main verb)."""
    start, end = part
    for m in marks:
        if start <= m.start < end < m.end and all(not c.isalnum() for c in text[end:m.end]):
            return start, m.end
    return part


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The range without surrounding spaces and the punctuation that ties it to its cue."""
    while start < end and (text[start].isspace() or text[start] in _TRIM):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM):
        end -= 1
    return (start, end) if end > start else None


def _subject(cue: Token, lex: Lexicon) -> Token | None:
    """The word naming who speaks: the cue's subject, or the one of the verb it hangs on."""
    if _is_phrase(cue, lex):
        for to in cue.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    verb = cue
    for _ in range(6):
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "issued a statement saying ...": who issued it; "a report suggesting ...": the report
            noun = verb.head
            if noun.dep_ == "dobj":
                owner = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
                if owner is not None:
                    return owner
            return noun
        if verb.dep_ not in _SUBJECT_FROM_HEAD or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _source(cue: Token, lex: Lexicon, quote: Span | None = None) -> Span | None:
    """The words of the subject, its whole noun phrase ("Kazakhstan's Prosecutor General Berik
    Assylov", "Mr. Kelly, a retired astronaut") without what is set off after it: a relative
    clause after a comma ("Mike Moebs, ..., who now runs a firm"), an adverbial clause."""
    subject = _subject(cue, lex)
    if subject is None or (quote is not None and quote.start <= subject.i < quote.end):
        return _source_beside(cue, quote) if quote is not None else None
    doc = subject.doc
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    if start <= cue.i < end:  # "a report released Thursday suggesting that ...": the cue is no source
        end = cue.left_edge.i
    for tok in subject.subtree:
        if tok.i <= subject.i or tok.head.i < subject.i:
            continue
        before = doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
        set_off = before is not None and before.text == ","
        if tok.dep_ == "advcl" or (tok.dep_ in ("relcl", "acl") and set_off):
            end = min(end, tok.left_edge.i)
    return _trimmed(doc, start, end)


def _source_beside(cue: Token, quote: Span) -> Span | None:
    """When the parse put the subject inside the quote: the words between the quote and its cue
    ('"...," Vice President Joe Biden said'), or after the cue ('"...," said Joe Biden.')."""
    doc = cue.doc
    if quote.end <= cue.i:
        span = _trimmed(doc, quote.end, _cue_span(cue, lexicon()).start)
        if span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span) \
                and any(t.pos_ in ("PROPN", "PRON", "NOUN") for t in span):
            return span
    end = cue.i + 1
    while end < len(doc) and not doc[end].is_punct and not doc[end].is_space and doc[end].pos_ in ("PROPN", "DET", "ADJ", "NOUN", "PRON"):
        end += 1
    return _trimmed(doc, cue.i + 1, end)


def _trimmed(doc: Doc, start: int, end: int) -> Span | None:
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def _cue_span(cue: Token, lex: Lexicon) -> Span:
    """The cue's words: its auxiliaries and negation ("has announced", "did not say"), its
    particle ("pointed out"), "according to"."""
    doc = cue.doc
    start, end = cue.i, cue.i + 1
    if _is_phrase(cue, lex):
        for child in cue.children:
            if child.i == cue.i + 1:
                end = child.i + 1
        return doc[start:end]
    aux = [c.i for c in cue.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < cue.i]
    if aux:
        allowed = {c.i for c in cue.children if c.dep_ in ("aux", "auxpass", "neg", "advmod")}
        if all(i in allowed for i in range(min(aux), cue.i)):
            start = min(aux)
    for child in cue.children:
        if child.dep_ == "prt" and child.i == end and child.lower_ in lex.particles:
            end = child.i + 1
    for prep in _content_prepositions(cue, lex):
        if prep.i == end and not _content_from_clause(cue):
            end = prep.i + 1  # "warned of", "called for"
    return doc[start:end]


def _content_from_clause(cue: Token) -> bool:
    return any(c.dep_ in ("ccomp", "xcomp") for c in cue.children)


# -- entities, addressee, time ----------------------------------------------------------------


def entity_of(token: Token, refers: dict[int, str], through_of: bool = False) -> str | None:
    """The entity a noun phrase names: its head, its compounds, its apposition ("the parliament,
    the Majilis"); with ``through_of`` also the noun after "of" ("the lower house of the parliament")."""
    for t in [token, *(c for c in token.children if c.dep_ in ("compound", "flat"))]:
        if t.i in refers:
            return refers[t.i]
    for child in token.children:
        if child.dep_ == "appos":
            found = entity_of(child, refers)
            if found:
                return found
    if through_of:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = entity_of(obj, refers, through_of=True)
                        if found:
                            return found
    return None


def speaker_of(att: Attribution, refers: dict[int, str], lex: Lexicon | None = None) -> str | None:
    """The entity id of the speaker, read from ``refers`` (names, and pronouns once coref ran)."""
    subject = _subject(att.cue, lex or lexicon())
    if subject is None:
        return None
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Kukura, who describes himself ..." -> Kukura
    return entity_of(subject, refers)


def addressee_of(cue: Token, refers: dict[int, str], lex: Lexicon | None = None) -> str | None:
    """The entity spoken to: the object of "told"/"asked", or the object of "to" ("said to ...")."""
    lex = lex or lexicon()
    for child in cue.children:
        objects = []
        if child.dep_ in ("dative", "iobj") or (child.dep_ == "dobj" and cue.lemma_ in lex.addressee_object):
            objects = [child] if child.dep_ != "dative" or child.pos_ != "ADP" else list(child.children)
        elif child.dep_ == "prep" and child.lower_ == "to" and not _is_phrase(cue, lex):
            objects = [g for g in child.children if g.dep_ == "pobj"]
        for obj in objects:
            found = entity_of(obj, refers, through_of=True)
            if found:
                return found
    return None


def time_of(cue: Token, reading: Reading, content: set[int],
            spans: list[tuple[str, Span | None]] | None = None) -> str | None:
    """The time that hangs on the cue ("told ... on Thursday") without crossing another verb.
    ``spans``: (time id, tokens) of ``reading.times`` when the caller has them (:func:`_time_spans`)."""
    for tid, span in spans if spans is not None else _time_spans(reading):
        if span is None or any(tok.i in content for tok in span):
            continue
        tok = span.root
        for _ in range(6):
            if tok.head.i == tok.i:
                break
            tok = tok.head
            if tok.i == cue.i:
                return tid
            if tok.pos_ in ("VERB", "AUX"):
                break
    return None


# -- the stage --------------------------------------------------------------------------------


@register("quotes")
class Quotes(Stage):
    """Options: ``beliefs`` (default true) also reads "X believes/thinks/fears that ..."."""

    needs = ("doc", "entities", "refers", "times")
    gives = ("quotes",)

    def __call__(self, reading: Reading) -> Reading:
        doc = reading.doc
        lex = lexicon()
        text = doc.text
        found = attributions(doc, lex, beliefs=bool(self.options.get("beliefs", True)), text=text)
        reading.quotes = quotes_of(found, reading, lex, text)
        link_quantities(reading)
        return reading


def _time_spans(reading: Reading) -> list[tuple[str, Span | None]]:
    doc = reading.doc
    return [(t.id, doc.char_span(t.start, t.end, alignment_mode="expand")) for t in reading.times]


def quotes_of(found: list[Attribution], reading: Reading, lex: Lexicon, text: str) -> list[Quote]:
    """Contract quotes, one per contiguous stretch of content, numbered in text order."""
    doc = reading.doc
    spans = _time_spans(reading)  # once per document, not once per attribution
    rows = []
    for att in found:
        speaker = speaker_of(att, reading.refers, lex)
        addressee = addressee_of(att.cue, reading.refers, lex)
        content = {t.i for s, e in att.parts for t in (doc.char_span(s, e, alignment_mode="expand") or [])}
        when = time_of(att.cue, reading, content, spans)
        for start, end in att.parts:
            rows.append((start, end, att, speaker, addressee, when))
    rows.sort(key=lambda r: (r[0], r[1]))
    out = []
    for n, (start, end, att, speaker, addressee, when) in enumerate(rows, 1):
        out.append(Quote(
            id=f"q{n}", kind=att.kind, text=text[start:end], start=start, end=end,
            speaker=speaker, cue=att.cue_span.text, addressee=addressee, time=when,
            speaker_span=_offsets(att.source), cue_span=_offsets(att.cue_span),
        ))
    return out


def _offsets(span: Span | None) -> Offsets | None:
    return None if span is None else Offsets(start=span.start_char, end=span.end_char)


def link_quantities(reading: Reading) -> None:
    """Set ``quote`` on each quantity stated inside a quote (the innermost one)."""
    for quantity in reading.quantities:
        inside = [q for q in reading.quotes if q.start <= quantity.start and quantity.end <= q.end]
        if inside:
            quantity.quote = min(inside, key=lambda q: q.end - q.start).id
