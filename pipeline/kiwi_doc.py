"""Kiwi's morphemes to a spaCy ``Doc``, with as little Python per token as possible.

Why a module of its own: turning Kiwi's tokens into a Doc was the largest share of
the segment stage's cost beyond Kiwi itself (benchmarks/bench_pipeline.py). The
work per token is now: one C-level read of the five fields of a Kiwi token
(``attrgetter``), one pass that merges morphemes sharing characters, and list
appends; no object per token. The Doc is made from the words and spaces alone
(spaCy's C loop) and its tags, universal POS, lemmas and sentence starts are
written in one ``Doc.from_array`` call from hashes computed once per distinct
string of the Doc, instead of the per-token Python of ``Doc(..., tags=, pos=,
lemmas=, sent_starts=)``. The result is token for token what that call gives
(tests/test_kiwi_doc.py compares the two).

A spaCy token must be a substring of the text, so morphemes that share
characters (했 = 하/VV + 었/EP) become one token whose tag joins theirs
(``VV+EP``) and whose lemma joins their forms (``하+었``). Text between tokens
becomes trailing space (one ' ') or tokens of its own: other whitespace with
tag ``_SP``, anything Kiwi skipped with ``X``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any, Iterable

import numpy as np
from spacy.attrs import LEMMA, POS, SENT_START, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kdeal.extractors.doc_ext import KIWI_TOKENS, SOURCE_TEXT

SPACE_TAG = "_SP"
GAP_TAG = "X"

# Kiwi (Sejong) tags to Universal POS, so spaCy's POS-based tools work on Korean.
_UPOS_PREFIX = (
    ("NNP", "PROPN"), ("NNG", "NOUN"), ("NNB", "NOUN"), ("NR", "NUM"), ("NP", "PRON"),
    ("VV", "VERB"), ("VA", "ADJ"), ("VX", "AUX"), ("VCP", "AUX"), ("VCN", "ADJ"),
    ("MM", "DET"), ("MAJ", "CCONJ"), ("MA", "ADV"), ("IC", "INTJ"),
    ("J", "ADP"), ("E", "PART"), ("XP", "X"), ("XS", "PART"), ("XR", "X"),
    ("SN", "NUM"), ("SL", "X"), ("SH", "X"), ("SF", "PUNCT"), ("SP", "PUNCT"),
    ("SS", "PUNCT"), ("SE", "PUNCT"), ("SO", "PUNCT"), ("SW", "SYM"), ("W_", "X"),
)

# The five fields of a Kiwi token this module reads, in one C call per token.
_FIELDS = attrgetter("start", "len", "tag", "form", "sent_position")
_SPAN = itemgetter(0, 1)
# Sentence starts as ``Doc.from_array`` stores them: 1 starts a sentence, -1 does not.
_STARTS = np.uint64(1)
_INSIDE = np.uint64(2**64 - 1)  # -1 as uint64, what Doc(sent_starts=[False]) writes
# In the order ``Doc(pos=, lemmas=, tags=, sent_starts=)`` writes them.
_ATTRS = [POS, LEMMA, TAG, SENT_START]


@lru_cache(maxsize=4096)
def upos(tag: str) -> str:
    """Universal POS of a (possibly joined, 'VV+EP') Kiwi tag: the first morpheme decides.

    Cached: a few hundred distinct tags recur on every token of every document.
    """
    first = tag.split("+", 1)[0]
    if first == SPACE_TAG:
        return "SPACE"
    for prefix, pos in _UPOS_PREFIX:
        if first.startswith(prefix):
            return pos
    return "X"


@dataclass
class Morphs:
    """The merged morphemes of one text as parallel lists (no object per morpheme)."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    sents: list[int] = field(default_factory=list)

    def add(self, tokens: Iterable[Any], offset: int, sent_base: int) -> int:
        """Append Kiwi's tokens of one chunk (starting at ``offset`` in the text), morphemes
        whose surface spans overlap merged into one; returns the sentence number after them."""
        rows = list(map(_FIELDS, tokens))
        rows.sort(key=_SPAN)  # stable: Kiwi's order among morphemes of one span is kept
        starts, ends, tags, lemmas, sents = self.starts, self.ends, self.tags, self.lemmas, self.sents
        first = len(starts)
        cur_end = -1
        for s, n, tag, form, sent in rows:
            s += offset
            e = s + n
            if s < cur_end:  # shares characters with the token before (of this chunk)
                if e > cur_end:
                    ends[-1] = cur_end = e
                tags[-1] += "+" + tag
                lemmas[-1] += "+" + form
                continue
            if e <= s:  # zero-width morpheme not inside a token: nothing to anchor it to
                continue
            starts.append(s)
            ends.append(e)
            cur_end = e
            tags.append(tag)
            lemmas.append(form)
            sents.append(sent_base + sent)
        return sents[-1] + 1 if len(sents) > first else sent_base


class _PosIds(dict):
    """A (joined) Kiwi tag → the id of its universal POS, a spaCy symbol (the same in every vocabulary)."""

    def __missing__(self, tag: str) -> int:
        got = self[tag] = POS_IDS[upos(tag)]
        return got


_POS_OF_TAG = _PosIds()


def _hashes(strings: Any, tags: list[str], lemmas: list[str]) -> dict[str, int]:
    """The hash of every tag and lemma of one Doc, each added to the vocabulary's strings
    (as ``Doc(tags=, lemmas=)`` adds them) so that ``token.tag_`` and ``token.lemma_`` read
    them back. Once per distinct string of the Doc, not per token; and per Doc, so that a
    StringStore reloaded in place (``nlp.from_disk``) never misses one."""
    add = strings.add
    distinct = set(tags)
    distinct.update(lemmas)
    return dict(zip(distinct, map(add, distinct)))


def _gap_tokens(gap: str, words: list[str], spaces: list[bool], kinds: list[str]) -> None:
    """Text between morphemes: a first ' ' is trailing space of the token before, other
    whitespace and skipped text become tokens of their own (``kinds``: their tags)."""
    if gap == " " and words and not spaces[-1]:  # by far the most common gap
        spaces[-1] = True
        return
    for piece in re.findall(r"\s+|\S+", gap):
        if piece.isspace():
            if piece[0] == " " and words and not spaces[-1]:
                spaces[-1] = True
                piece = piece[1:]
                if not piece:
                    continue
            kinds.append(SPACE_TAG)
        else:
            kinds.append(GAP_TAG)
        words.append(piece)
        spaces.append(False)


def _simple_spaces(text: str, m: Morphs) -> list[bool] | None:
    """Trailing spaces when the text is its morphemes separated by nothing or one ' '
    (almost every sentence), else None."""
    starts, ends = m.starts, m.ends
    if starts[0] != 0:
        return None
    gaps = [text[e:s] for e, s in zip(ends, starts[1:])]
    gaps.append(text[ends[-1]:])
    if not set(gaps) <= {"", " "}:
        return None
    return [g == " " for g in gaps]


def _with_gaps(text: str, m: Morphs) -> tuple[list[str], list[bool], list[str], list[str], list[bool]]:
    """Words, spaces, tags, lemmas and sentence starts when text between morphemes
    makes tokens of its own (line breaks, runs of spaces, characters Kiwi skipped)."""
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    starts: list[bool] = []
    last_sent = None
    pos = 0

    def gap(piece: str) -> None:
        kinds: list[str] = []
        before = len(words)
        _gap_tokens(piece, words, spaces, kinds)
        for k, kind in enumerate(kinds):
            tags.append(kind)
            lemmas.append(words[before + k])
            starts.append(before + k == 0)

    for s, e, tag, lemma, sent in zip(m.starts, m.ends, m.tags, m.lemmas, m.sents):
        if s > pos:
            gap(text[pos:s])
        words.append(text[s:e])
        spaces.append(False)
        tags.append(tag)
        lemmas.append(lemma)
        starts.append(last_sent is None or sent != last_sent or not starts)
        last_sent = sent
        pos = e
    if pos < len(text):
        gap(text[pos:])
    return words, spaces, tags, lemmas, starts


def build_doc(vocab: Vocab, text: str, m: Morphs) -> Doc:
    """A spaCy Doc whose tokens are the morphemes ``m`` and whose text is exactly ``text``.

    Sentence starts come from Kiwi's sentence numbers. The Doc carries the text
    (``doc._.source_text``) and its token texts, tags and trailing spaces
    (``doc._.kiwi_tokens``) for the extractors' token views.
    """
    spaces = _simple_spaces(text, m) if m.starts else None
    if spaces is not None:
        words = [text[s:e] for s, e in zip(m.starts, m.ends)]
        tags, lemmas = m.tags, m.lemmas
        sents = m.sents
        starts = [_STARTS, *(_STARTS if a != b else _INSIDE for a, b in zip(sents, sents[1:]))]
    else:
        words, spaces, tags, lemmas, flags = _with_gaps(text, m)
        starts = [_STARTS if f else _INSIDE for f in flags]
        if starts:
            starts[0] = _STARTS
    doc = Doc(vocab, words=words, spaces=spaces)
    if words:
        hashes = _hashes(vocab.strings, tags, lemmas).__getitem__
        values = np.empty((len(words), len(_ATTRS)), dtype=np.uint64)
        values[:, 0] = list(map(_POS_OF_TAG.__getitem__, tags))
        values[:, 1] = list(map(hashes, lemmas))
        values[:, 2] = list(map(hashes, tags))
        values[:, 3] = starts
        doc.from_array(_ATTRS, values)
    if words or not text:
        # Written where spaCy keeps ``doc._.source_text`` and ``doc._.kiwi_tokens`` (``doc._``
        # itself makes an object per access). Every character of ``text`` is in a token, so
        # this is what ``doc.text`` would rebuild (token by token, on every access); the
        # extractors read it from here.
        user_data = doc.user_data
        user_data[SOURCE_TEXT] = text
        # The token texts, tags and trailing spaces, as built: the extractors' token views
        # (``extractors.tokens.TokenArrays``) start from these instead of asking spaCy's
        # string store for every token again.
        user_data[KIWI_TOKENS] = (words, tags, spaces)
    return doc
