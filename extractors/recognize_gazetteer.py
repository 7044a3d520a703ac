"""Gazetteer layer: known names (KRX, mecab-ko-dic groups, aliases, user CSVs).

Names are found on characters with the gazetteer's automaton, then kept only
when they start and end on Kiwi token boundaries and cover nominal tokens:
"대상" is a listed company, but not in "회원사들을 대상으로". A name that is
also one ordinary noun in Kiwi's dictionary ("노을", "레몬") or is two
syllables long must be a proper noun here, and a match that is only the front
of a longer compound ("가온전자" in "가온전자서비스센터") is not the name, nor is
a mecab-ko-dic group name that is also an ordinary word when it modifies the
noun after it ("클라우드 기술").
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Token

from kdeal.records import Mention

from .gazetteer import Gazetteer, KiwiLexicon
from .kind import kind_of
from .tokens import Boundaries, doc_text, is_nominal

LAYER = "gazetteer"
# Generic bodies that news writes after their owner's name: "일본 정부", "미국 의회".
OWNED_BODIES = frozenset(("정부", "의회"))


class GazetteerLayer:
    def __init__(self, gazetteer: Gazetteer, lexicon: KiwiLexicon | None = None):
        self.gazetteer = gazetteer
        self.lexicon = lexicon

    def _one_known_word(self, name: str) -> bool:
        if self.lexicon is None:
            return False
        morphs = self.lexicon.analyse(name)
        return len(morphs) == 1 and not morphs[0][2]

    def __call__(self, doc: Doc, bounds: Boundaries, did: str) -> Iterator[Mention]:
        for start, end, entry in self.gazetteer.find(doc_text(doc)):
            if not bounds.aligned(start, end):
                continue
            toks = bounds.span_tokens(doc, start, end)
            if not all(is_nominal(t) for t in toks):
                continue
            user = entry.source.startswith("user:")
            trusted = user or entry.source == "institutions"
            proper = len(toks) == 1 and toks[0].tag_ == "NNP"
            if not trusted and not proper:
                if len(entry.name) <= 2:
                    continue
                if self.lexicon is not None and self.lexicon.is_common_noun(entry.name):
                    continue
            nxt = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
            if nxt is not None and not toks[-1].whitespace_ and nxt.tag_ in ("NNG", "NNP", "SL"):
                continue  # the front of a longer compound noun
            if (entry.source == "mecab-ko-dic" and nxt is not None and toks[-1].whitespace_
                    and nxt.tag_ == "NNG" and self._one_known_word(entry.name)):
                continue  # a word that is also a group name, modifying a noun: "클라우드 기술"
            kind = entry.kind if entry.source in ("krx", "aliases") or trusted else kind_of(entry.canonical)
            canonical = entry.canonical
            if entry.source == "institutions" and entry.name in OWNED_BODIES:
                start, canonical = self._owner_before(doc, toks[0], start, entry.canonical)
            yield Mention(did, start, end, doc_text(doc)[start:end], canonical, kind, entry.code,
                          f"{LAYER}:{entry.source}")

    @staticmethod
    def _owner_before(doc: Doc, first: Token, start: int, canonical: str) -> tuple[int, str]:
        """"일본 정부", "가람시 의회": a proper noun written right before a generic body owns it."""
        i = first.i - 1
        if i < 0 or doc[i].tag_ != "NNP" or doc[i].whitespace_ != " ":
            return start, canonical
        if i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].tag_ not in ("SP", "SSO", "SSC", "SF"):
            return start, canonical  # the proper noun is the tail of a longer word
        return doc[i].idx, f"{doc[i].text} {canonical}"
