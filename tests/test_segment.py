"""Kiwi as the spaCy tokenizer: offsets, merged morphemes, sentences, any Unicode."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kdeal.pipeline.decode import decode_bytes
from kdeal.pipeline.parse import is_feed, parse_feed, parse_html
from kdeal.pipeline.segment import SPACE_TAG, TOKENIZER_NAME, blank_korean, chunk_spans


def assert_offsets(doc, text):
    assert doc.text == text
    assert doc._.source_text == text  # what the extractors read instead of doc.text
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text
        assert tok.text  # spaCy tokens are never empty


def test_pipeline_is_blank_korean_with_kiwi_tokenizer_from_config(tokenizer_nlp):
    assert tokenizer_nlp.lang == "ko"
    assert tokenizer_nlp.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME


def test_seed_column_offsets_are_exact(tokenizer_nlp, gold_dir):
    text = (gold_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    doc = tokenizer_nlp(text)
    assert_offsets(doc, text)
    assert len(doc) > 800


@pytest.mark.parametrize("name", [
    "fundus__MBN_2025_05_28.html",
    "htmldate__1538026996.html",
    "goose3__test_donga_korean.html",
    "chardet___chromium_windows-949_with_no_encoding_specified.html",
    "chardet__acnnewswire.net.xml",
])
def test_real_page_text_offsets_are_exact(tokenizer_nlp, fixtures_dir, name):
    text = decode_bytes((fixtures_dir / name).read_bytes()).text
    articles = parse_feed(text, name) if is_feed(text) else [parse_html(text, name)]
    for article in articles:
        assert_offsets(tokenizer_nlp(article.text), article.text)


def test_morphemes_sharing_characters_become_one_token_with_joined_tags(tokenizer_nlp):
    doc = tokenizer_nlp("회의를 했다.")
    tok = next(t for t in doc if t.text == "했")
    assert tok.tag_ == "VV+EP" or tok.tag_.startswith(("VV+", "XSV+"))
    assert "+" in tok.lemma_
    assert tok.pos_ in ("VERB", "PART")


def test_kiwi_tags_and_universal_pos_are_set(tokenizer_nlp):
    doc = tokenizer_nlp("가온테크와 누리바이오가 협약을 맺었다.")
    tags = {t.text: t.tag_ for t in doc}
    assert tags["와"] in ("JC", "JKB")
    assert tags["협약"] == "NNG"
    assert {t.pos_ for t in doc} >= {"NOUN", "ADP"}


def test_sentence_starts_come_from_kiwi(tokenizer_nlp):
    doc = tokenizer_nlp("가온테크가 공장을 지었다. 누리바이오는 신제품을 냈다.\n\n다솜푸드도 참여했다.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["가온테크가 공장을 지었다.", "누리바이오는 신제품을 냈다.", "다솜푸드도 참여했다."]


def test_whitespace_runs_and_line_breaks_are_kept_as_space_tokens(tokenizer_nlp):
    text = "  가온테크는\t\t협업했다.\r\n\r\n 새 문단   끝 "
    doc = tokenizer_nlp(text)
    assert_offsets(doc, text)
    assert any(t.tag_ == SPACE_TAG for t in doc)


@pytest.mark.parametrize("text", ["", " ", "\n\n", "a", "。", "\x00", "😀"])
def test_degenerate_texts(tokenizer_nlp, text):
    assert_offsets(tokenizer_nlp(text), text)


def test_long_text_is_cut_into_chunks_without_changing_the_doc():
    nlp = blank_korean(max_chunk_chars=300)
    para = "가온테크는 누리바이오와 협업하여 신제품을 개발했다. " * 8
    text = "\n".join([para] * 6) + "끝" * 700  # one line longer than a chunk with no spaces
    doc = nlp(text)
    assert_offsets(doc, text)
    assert sum(1 for _ in doc.sents) >= 40


def test_pipe_gives_the_same_docs_as_one_by_one(tokenizer_nlp):
    texts = ["가온테크와 누리바이오가 손을 잡았다.", "", "두 회사는 10여 개 회원사와 협력한다.", "  "]
    piped = list(tokenizer_nlp.tokenizer.pipe(texts, batch_size=3))
    single = [tokenizer_nlp(t) for t in texts]
    assert [[(t.text, t.tag_, t.whitespace_) for t in d] for d in piped] == \
           [[(t.text, t.tag_, t.whitespace_) for t in d] for d in single]


@given(st.text(max_size=200), st.integers(min_value=1, max_value=60))
def test_chunk_spans_cover_the_text_exactly(text, size):
    size = max(size, 1)
    spans = chunk_spans(text, size)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(0 < e - s <= size for s, e in spans)


hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
# Lone surrogates are not text; the readers replace them before segmentation.
any_char = st.characters(blacklist_categories=("Cs",))
korean_like = st.text(alphabet=st.one_of(hangul, st.sampled_from(list(" \n\t.,()㈜“”‘’~%0123456789ABCxyz")),
                                         any_char), max_size=120)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(alphabet=any_char, max_size=120), korean_like))
def test_any_unicode_text_round_trips(tokenizer_nlp, text):
    assert_offsets(tokenizer_nlp(text), text)
