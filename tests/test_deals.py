"""Deal assembly: contract fields, stable ids, evidence offsets, periods, counts, amounts."""
from __future__ import annotations

import json

import pytest
from kdeal.extractors.deals import DealAssembler, sentence_spans
from kdeal.extractors.nameshape import Shaper
from kdeal.extractors.quantities import QuantityRecognizer
from kdeal.pipeline.evaluate import names_oracle
from kdeal.pipeline.segment import blank_korean

from kdeal.records import Article, Mention


@pytest.fixture(scope="module")
def nlp():
    return blank_korean()


def build(nlp, text: str, names: list[str], published: str | None = None, doc_id: str = "d1"):
    doc = nlp.tokenizer(text)
    article = Article(doc_id=doc_id, text=text, published=published, url="https://example.test/a",
                      title="제목", outlet="예시일보")
    doc._.article = article
    doc._.mentions = names_oracle({n: n.replace(" ", "") for n in names})(article)
    QuantityRecognizer()(doc)
    DealAssembler(Shaper(nlp.tokenizer.kiwi))(doc)
    return doc


TEXT = ("가온식품은 지난해 누리마트와 공급 계약을 맺었다. 그 결과 매출이 늘었다.\n"
        "2019년에도 다솜몰과 20개 회원사가 만나 상생협력 사업을 진행했다. 회원사간 협업 성과도 30여 건이 달성되었다.")


def test_deal_json_follows_the_output_contract(nlp) -> None:
    doc = build(nlp, TEXT, ["가온식품", "누리마트", "다솜몰"], published="2021-03-04")
    contract = next(d for d in doc._.deals if d.type == "supply")
    out = contract.to_json()
    assert set(out) == {"deal_id", "doc_id", "type", "status", "parties", "group", "quantities", "period",
                        "subject", "evidence", "source", "schema_version", "kdeal_version", "model_id", "run_id",
                        "fetched_at"}
    assert [{k: p[k] for k in ("name", "canonical", "kind", "side")} for p in out["parties"]] == [
        {"name": "가온식품", "canonical": "가온식품", "kind": "company", "side": "a"},
        {"name": "누리마트", "canonical": "누리마트", "kind": "company", "side": "b"},
    ]
    assert all(TEXT[p["start"]:p["end"]] == p["name"] for p in out["parties"])
    assert out["period"] == "2020"  # 지난해, against the article date
    assert out["source"]["url"] == "https://example.test/a"
    json.dumps(out, ensure_ascii=False)


def test_evidence_is_the_sentence_with_its_offsets(nlp) -> None:
    doc = build(nlp, TEXT, ["가온식품", "누리마트", "다솜몰"])
    for d in doc._.deals:
        ev = d.evidence
        assert TEXT[ev.start:ev.end] == ev.sentence
        assert "\n" not in ev.sentence


def test_group_deal_and_deal_count_carry_their_quantities_and_period(nlp) -> None:
    doc = build(nlp, TEXT, ["가온식품", "누리마트", "다솜몰"])
    group = next(d for d in doc._.deals if d.group is not None)
    assert (group.group.label, group.group.count, group.group.approx) == ("회원사", 20, False)
    assert group.period == "2019"
    count = next(d for d in doc._.deals if not d.parties)
    assert [(q.value, q.unit, q.approx) for q in count.quantities] == [(30, "건", True)]
    assert count.period == "2019"


def test_deal_ids_are_stable_across_runs_and_differ_by_document(nlp) -> None:
    first = [d.deal_id for d in build(nlp, TEXT, ["가온식품", "누리마트", "다솜몰"])._.deals]
    again = [d.deal_id for d in build(nlp, TEXT, ["가온식품", "누리마트", "다솜몰"])._.deals]
    other = [d.deal_id for d in build(nlp, TEXT, ["가온식품", "누리마트", "다솜몰"], doc_id="d2")._.deals]
    assert first == again
    assert len(set(first)) == len(first)
    assert not set(first) & set(other)


def test_two_deal_counts_in_one_sentence_get_distinct_ids(nlp) -> None:
    text = "올해 협업이 상반기에만 12건, 하반기에 협력 계약이 9건 이루어졌다."
    deals = build(nlp, text, [])._.deals
    assert sorted(q.value for d in deals for q in d.quantities) == [9, 12]
    assert len({d.deal_id for d in deals}) == len(deals)


def test_investment_deal_carries_amounts_and_share_counts(nlp) -> None:
    text = "가온모바일은 누리소프트의 신주 1,200주(8.5%)를 36억 원에 매입했다."
    (deal,) = build(nlp, text, ["가온모바일", "누리소프트"])._.deals
    assert {q.text for q in deal.quantities} == {"1,200주", "8.5%", "36억 원"}


def test_headline_line_does_not_run_into_the_body(nlp) -> None:
    text = "가온모바일, 누리소프트에 투자\n\n가온모바일은 오늘 발표했다."
    doc = build(nlp, text, ["가온모바일", "누리소프트"])
    spans = list(sentence_spans(doc))
    assert (0, text.index("\n")) in spans
    (deal,) = doc._.deals
    assert deal.evidence.sentence == "가온모바일, 누리소프트에 투자"


def test_only_companies_and_organisations_are_parties(nlp) -> None:
    text = "가온테크가 누리폰과 협업하여 제품을 냈다."
    doc = nlp.tokenizer(text)
    doc._.article = Article(doc_id="p", text=text)
    doc._.mentions = (Mention("p", 0, 4, "가온테크", "가온테크", "company"),
                      Mention("p", 6, 9, "누리폰", "누리폰", "product"))
    DealAssembler(Shaper(nlp.tokenizer.kiwi))(QuantityRecognizer()(doc))
    assert doc._.deals == ()


def test_names_oracle_keeps_latin_names_whole() -> None:
    article = Article(doc_id="o", text="가온 GaonTel와 GaonTel.com, XGaonTel는")
    found = names_oracle({"GaonTel": "Gaon Telecom"})(article)
    assert [(m.start, m.end, m.canonical) for m in found] == [(3, 10, "Gaon Telecom")]


def test_oracle_evaluation_runs_the_components_on_given_mentions(nlp) -> None:
    from kdeal.pipeline.evaluate import _results

    pipeline = nlp  # the module's Kiwi; the other tests here call its tokenizer only
    for name in ("kdeal_quantities", "kdeal_deals"):
        if name not in pipeline.pipe_names:
            pipeline.add_pipe(name)
    article = Article(doc_id="o1", text="가온테크가 누리바이오와 협업하여 23개 회원사와 계약했다.")
    (result,) = _results(pipeline, [article], oracle=names_oracle({"가온테크": "가온테크", "누리바이오": "누리바이오"}))
    assert [m.source for m in result.mentions] == ["oracle", "oracle"]
    assert {p for d in result.deals for p in d.pairs()} == {("가온테크", "누리바이오")}
    assert any(q.text == "23개 회원사" for q in result.quantities)
