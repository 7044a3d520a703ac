"""NFD text (macOS file names, some feeds) gives the deals of its NFC form, with offsets into the text as given."""
from __future__ import annotations

import json
import random
import unicodedata

import pytest
from kdeal.pipeline.cli import main
from kdeal.pipeline.extract import extract
from kdeal.pipeline.nfc import nfc_text

from kdeal.records import Article

TEXT = ("가나전자㈜는 다라화학㈜와 배터리 소재 공동 개발 협약을 맺었다고 밝혔다.\n"
        "마바유통은 23개 회원사와 상생협력 업무협약을 체결했다.\n"
        "Café Müller㈜는 사아바이오㈜에 50억 원을 투자했다.")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfc_text_is_none_for_text_that_is_nfc_already():
    assert nfc_text(TEXT) is None


@pytest.mark.parametrize("original", [nfd(TEXT), "e\u0301a\u0301 한\u1100\u1161 \u1112\u1161\u11ab글", "a\u0323\u0307b",
                                      "\u1100\u1161\u11a8\u1100\u1161", nfd("각") * 3 + "x"])
def test_offsets_map_back_to_the_same_characters(original):
    view = nfc_text(original)
    assert view is not None and view.text == unicodedata.normalize("NFC", original)
    cuts = [0, *(i for i in range(1, len(view.text)) if view.start(i) == view.end(i)), len(view.text)]
    for i in cuts:
        for j in cuts:
            if i < j:
                s, e = view.start(i), view.end(j)
                assert unicodedata.normalize("NFC", original[s:e]) == view.text[i:j]
    assert view.start(0) == 0 and view.end(len(view.text)) == len(original)


def test_a_span_inside_a_syllable_widens_to_the_whole_syllable():
    original = nfd("한글")  # 6 jamo, 2 syllables
    view = nfc_text(original)
    assert (view.start(1), view.end(1)) == (3, 3) and (view.start(0), view.end(2)) == (0, 6)


def test_random_mixed_text_round_trips():
    rng = random.Random(7)
    alphabet = list("가각한글 abcé.\n") + ["e\u0301", "\u1100\u1161", "\u1161", "\u11a8", "\u0323", "\u0307"]
    for _ in range(200):
        original = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        view = nfc_text(original)
        if view is None:
            continue
        assert view.text == unicodedata.normalize("NFC", original)
        assert view.end(len(view.text)) == len(original)


def _key(deal) -> tuple:
    return (deal.type, deal.status, tuple(sorted((p.side, p.canonical) for p in deal.parties)),
            deal.group.to_json() if deal.group else None, tuple(q.value for q in deal.quantities))


def test_nfd_text_gives_the_deals_of_its_nfc_form_with_offsets_into_the_nfd_text(nlp):
    given = nfd(TEXT)
    nfc_result, nfd_result = extract(nlp, [Article("x", TEXT), Article("x", given)])
    assert nfd_result.article.text == given
    assert nfc_result.deals and [_key(d) for d in nfd_result.deals] == [_key(d) for d in nfc_result.deals]
    assert [d.deal_id for d in nfd_result.deals] == [d.deal_id for d in nfc_result.deals]
    assert [(m.canonical, m.kind) for m in nfd_result.mentions] == [(m.canonical, m.kind) for m in nfc_result.mentions]
    for m in nfd_result.mentions:
        assert given[m.start:m.end] == m.text and unicodedata.normalize("NFC", m.text) in TEXT
    for q in nfd_result.quantities:
        assert given[q.start:q.end] == q.text
    for d in nfd_result.deals:
        assert given[d.evidence.start:d.evidence.end] == d.evidence.sentence
        for p in d.parties:
            assert p.start is None or given[p.start:p.end] == p.name
        for q in d.quantities:
            assert given[q.start:q.end] == q.text
    assert any(m.start != n.start for m, n in zip(nfd_result.mentions, nfc_result.mentions))


def test_an_nfd_file_gives_deals_with_offsets_into_the_file(nlp, tmp_path, monkeypatch):
    given = nfd(TEXT)
    (tmp_path / "nfd.txt").write_text(given, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "nfd.txt", "--out", "out", "--workers", "1"]) == 0
    deals = [json.loads(x) for x in (tmp_path / "out" / "deals.jsonl").read_text(encoding="utf-8").splitlines()]
    mentions = [json.loads(x) for x in (tmp_path / "out" / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(deals) >= 2 and len(mentions) >= 4
    assert {p["canonical"] for d in deals for p in d["parties"]} >= {"가나전자", "다라화학", "사아바이오"}
    for d in deals:
        ev = d["evidence"]
        assert given[ev["start"]:ev["end"]] == ev["sentence"]
    for m in mentions:
        assert given[m["start"]:m["end"]] == m["text"]
