"""The fast Doc builder (pipeline/kiwi_doc.py) gives token for token the Doc of the plain one.

The reference below is the builder the segment stage used before: one frozen
``Morph`` per merged morpheme and ``Doc(vocab, words, spaces, tags, pos, lemmas,
sent_starts)``. Every attribute a reader of the Doc can see must be the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kdeal.pipeline.kiwi_doc import GAP_TAG, SPACE_TAG, Morphs, build_doc, upos
from kdeal.pipeline.segment import blank_korean, chunk_spans
from spacy.tokens import Doc
from spacy.vocab import Vocab


@dataclass(frozen=True)
class Morph:
    start: int
    end: int
    tag: str
    lemma: str
    sent: int


def reference_merge(tokens, offset, sent_base):
    morphs, cur_start, cur_end, tags, forms, sent = [], -1, -1, [], [], 0
    for tok in sorted(tokens, key=lambda t: (t.start, t.start + t.len)):
        s, e = tok.start + offset, tok.start + tok.len + offset
        if tags and s < cur_end:
            cur_end = max(cur_end, e)
            tags.append(tok.tag)
            forms.append(tok.form)
            continue
        if e <= s:
            continue
        if tags:
            morphs.append(Morph(cur_start, cur_end, "+".join(tags), "+".join(forms), sent))
        cur_start, cur_end = s, e
        tags, forms = [tok.tag], [tok.form]
        sent = sent_base + tok.sent_position
    if tags:
        morphs.append(Morph(cur_start, cur_end, "+".join(tags), "+".join(forms), sent))
    return morphs


def reference_doc(vocab, text, morphs):
    words, spaces, tags, lemmas, sent_starts = [], [], [], [], []
    last_sent = None

    def add_gap(gap):
        if gap == " " and words and not spaces[-1]:
            spaces[-1] = True
            return
        for piece in re.findall(r"\s+|\S+", gap):
            if piece.isspace():
                if piece[0] == " " and words and not spaces[-1]:
                    spaces[-1] = True
                    piece = piece[1:]
                    if not piece:
                        continue
                tag = SPACE_TAG
            else:
                tag = GAP_TAG
            words.append(piece)
            spaces.append(False)
            tags.append(tag)
            lemmas.append(piece)
            sent_starts.append(not sent_starts)

    pos = 0
    for m in morphs:
        if m.start > pos:
            add_gap(text[pos:m.start])
        words.append(text[m.start:m.end])
        spaces.append(False)
        tags.append(m.tag)
        lemmas.append(m.lemma)
        sent_starts.append(last_sent is None or m.sent != last_sent or not sent_starts)
        last_sent = m.sent
        pos = m.end
    if pos < len(text):
        add_gap(text[pos:])
    if not words:
        return Doc(vocab, words=[], spaces=[]), (words, tags, spaces)
    sent_starts[0] = True
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, pos=[upos(t) for t in tags], lemmas=lemmas,
              sent_starts=sent_starts)
    return doc, (words, tags, spaces)


def seen(doc):
    """Everything a reader of the Doc can see, token by token."""
    return [(t.text, t.whitespace_, t.idx, t.tag_, t.tag, t.pos_, t.pos, t.lemma_, t.lemma, t.is_sent_start)
            for t in doc], [s.text for s in doc.sents] if len(doc) else [], doc.text


def both(nlp, text, max_chars=20_000):
    kiwi = nlp.tokenizer.kiwi
    fast, ref, base = Morphs(), [], 0
    for s, e in chunk_spans(text, max_chars):
        if text[s:e].strip():
            toks = kiwi.tokenize(text[s:e])
            got = reference_merge(toks, s, base)
            after = fast.add(toks, s, base)
            base = got[-1].sent + 1 if got else base
            assert after == base
            ref.extend(got)
    ref_doc, ref_tokens = reference_doc(Vocab(), text, ref)
    doc = build_doc(Vocab(), text, fast)
    return doc, ref_doc, ref_tokens


def assert_same(nlp, text, max_chars=20_000):
    doc, ref, ref_tokens = both(nlp, text, max_chars)
    assert seen(doc) == seen(ref)
    for attr in ("TAG", "POS", "LEMMA", "SENT_START"):
        assert doc.has_annotation(attr) == ref.has_annotation(attr)
    if len(doc) or not text:
        assert doc._.source_text == text
        assert tuple(doc._.kiwi_tokens) == ref_tokens


TEXTS = [
    "", " ", "  ", "\n\n", "a", "。", "\x00", "😀", " 가온테크", "가온테크 ", "가온테크  ",
    "회의를 했다. 밝혔다고 전했다.",
    "가온테크가 공장을 지었다. 누리바이오는 신제품을 냈다.\n\n다솜푸드도 참여했다.",
    "  가온테크는\t\t협업했다.\r\n\r\n 새 문단   끝 ",
    "㈜가온테크(대표 김가온)는 10일 “누리바이오와 1,200억원 규모의 공급 계약을 맺었다”고 밝혔다.",
    "A사·B사 컨소시엄 ▲C-D ▲E-F\n- 끝 -",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_doc_is_the_reference_doc(tokenizer_nlp, text):
    assert_same(tokenizer_nlp, text)


def test_chunked_long_text_is_the_reference_doc(tokenizer_nlp):
    para = "가온테크는 누리바이오와 협업하여 신제품을 개발했다. " * 8
    assert_same(tokenizer_nlp, "\n".join([para] * 6) + "끝" * 700, max_chars=300)


def test_real_sentences_are_the_reference_docs(tokenizer_nlp, gold_dir):
    text = (gold_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    assert_same(tokenizer_nlp, text)
    for line in text.splitlines()[:200]:
        assert_same(tokenizer_nlp, line)


any_char = st.characters(blacklist_categories=("Cs",))
korean_like = st.text(alphabet=st.one_of(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
                                         st.sampled_from(list(" \n\t\r.,()㈜“”~%0123456789ABCxyz")), any_char),
                      max_size=120)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(alphabet=any_char, max_size=80), korean_like))
def test_any_text_is_the_reference_doc(tokenizer_nlp, text):
    assert_same(tokenizer_nlp, text)


def test_strings_of_a_reloaded_vocabulary_are_added_again(tokenizer_nlp):
    """A StringStore reloaded in place (``nlp.from_disk``) loses strings; the next Doc adds them back."""
    vocab = Vocab()
    text = "가온테크가 공장을 지었다."
    morphs = Morphs()
    morphs.add(tokenizer_nlp.tokenizer.kiwi.tokenize(text), 0, 0)
    before = seen(build_doc(vocab, text, morphs))
    vocab.strings.from_bytes(type(vocab.strings)().to_bytes())  # emptied in place
    assert seen(build_doc(vocab, text, morphs)) == before
