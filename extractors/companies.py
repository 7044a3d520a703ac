"""Company and organisation recognition (first layers: gazetteer and legal forms).

A gazetteer match counts only when it starts and ends on Kiwi token
boundaries and covers nominal tokens: "대상" is a listed company, but not in
"회원사들을 대상으로". Short names (two syllables or fewer) must also be tagged
as a proper noun by Kiwi. Legal-form markers ((주), ㈜, 주식회사) make any
adjacent noun run a company.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.records import Mention

from .doc_ext import doc_id
from .gazetteer import Gazetteer
from .tokens import Boundaries, is_nominal

LEGAL_FORM = re.compile(r"\(주\)|㈜|\(株\)|주식회사|\(유\)|유한회사")
ORG_HEADS = ("협회", "재단", "공단", "위원회", "조합", "연합회", "학회", "연구원", "진흥원",
             "대학교", "대학")


def kind_of(name: str) -> str:
    """Organisation when the name ends in an institutional head noun, else company."""
    return "organization" if name.replace(" ", "").endswith(ORG_HEADS) else "company"


def canonical_name(text: str) -> str:
    """Legal forms and spaces removed: "(주) 태방 파텍" and "태방파텍" are one company."""
    return re.sub(r"\s+", "", LEGAL_FORM.sub("", text)).strip()


def _select(candidates: list[Mention]) -> list[Mention]:
    """Longest non-overlapping mentions, earliest first."""
    out: list[Mention] = []
    end = -1
    for m in sorted(candidates, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= end:
            out.append(m)
            end = m.end
    return out


class CompanyRecognizer:
    """Writes ``doc._.mentions``."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def _gazetteer_mentions(self, doc: Doc, bounds: Boundaries, did: str) -> Iterable[Mention]:
        for start, end, entry in self.gazetteer.find(doc.text):
            if not bounds.aligned(start, end):
                continue
            toks = bounds.span_tokens(doc, start, end)
            if not all(is_nominal(t) for t in toks):
                continue
            if len(entry.name) <= 2 and not (len(toks) == 1 and toks[0].tag_ == "NNP"):
                continue
            nxt = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
            if nxt is not None and not toks[-1].whitespace_ and nxt.tag_ in ("NNG", "NNP"):
                continue  # part of a longer compound noun
            yield Mention(did, start, end, doc.text[start:end], entry.canonical,
                          kind_of(entry.canonical) if entry.source != "krx" else entry.kind,
                          entry.code, f"gazetteer:{entry.source}")

    def _legal_form_mentions(self, doc: Doc, bounds: Boundaries, did: str) -> Iterable[Mention]:
        text = doc.text
        for m in LEGAL_FORM.finditer(text):
            # name after the marker: "(주)태방파텍", "주식회사 태방파텍"
            i = m.end()
            if i < len(text) and text[i] == " ":
                i += 1
            start_tok = bounds.starts.get(i)
            span = None
            if start_tok is not None:
                j = start_tok
                while j < len(doc) and is_nominal(doc[j]) and (j == start_tok or not doc[j - 1].whitespace_):
                    j += 1
                if j > start_tok:
                    span = (m.start(), doc[j - 1].idx + len(doc[j - 1].text))
            if span is None:
                # name before the marker: "흥덕산업㈜"
                end_tok = bounds.ends.get(m.start())
                if end_tok is not None:
                    j = end_tok
                    while j >= 0 and is_nominal(doc[j]) and (j == end_tok or not doc[j].whitespace_):
                        j -= 1
                    if j < end_tok:
                        span = (doc[j + 1].idx, m.end())
            if span is None:
                continue
            surface = text[span[0]:span[1]]
            canon = canonical_name(surface)
            if len(canon) < 2:
                continue
            entry = self.gazetteer.get(canon)
            yield Mention(did, span[0], span[1], surface, canon, "company",
                          entry.code if entry else None, "form")

    def __call__(self, doc: Doc) -> Doc:
        did = doc_id(doc)
        bounds = Boundaries(doc)
        cands = list(self._legal_form_mentions(doc, bounds, did))
        cands += list(self._gazetteer_mentions(doc, bounds, did))
        doc._.mentions = tuple(_select(cands))
        return doc


@Language.factory("kdeal_companies", default_config={"user_files": []})
def make_company_recognizer(nlp: Language, name: str, user_files: list[str]) -> CompanyRecognizer:
    return CompanyRecognizer(Gazetteer.default(user_files))
