"""Partner relations, one pattern per test, on sentences written for them.

Docs are segmented with the real Kiwi tokenizer; mentions are set by hand
from known offsets so that these tests measure relation reading alone.
All names are invented.
"""
from __future__ import annotations

import pytest
from kdeal.extractors.deals import DealAssembler
from kdeal.extractors.nameshape import Shaper
from kdeal.extractors.quantities import QuantityRecognizer
from kdeal.pipeline.segment import blank_korean

from kdeal.records import Article, Mention


@pytest.fixture(scope="module")
def read():
    nlp = blank_korean()

    def run(text: str, names: list[str], published: str | None = None):
        doc = nlp.tokenizer(text)
        doc._.article = Article(doc_id="t", text=text, published=published)
        mentions = []
        for name in names:
            start = text.find(name)
            while start != -1:
                mentions.append(Mention("t", start, start + len(name), name, name.replace(" ", ""), "company"))
                start = text.find(name, start + len(name))
        doc._.mentions = tuple(sorted(mentions, key=lambda m: m.start))
        QuantityRecognizer()(doc)
        DealAssembler(Shaper(nlp.tokenizer.kiwi))(doc)
        return doc._.deals

    return run


def pairs(deals) -> set[tuple[str, str]]:
    return {p for d in deals for p in d.pairs()}


def test_conjunctive_subject_with_idiom_is_a_mutual_deal(read) -> None:
    deals = read("가온테크와 누리바이오가 손을 잡고 신제품 개발에 착수했다.", ["가온테크", "누리바이오"])
    assert pairs(deals) == {("가온테크", "누리바이오")}
    assert deals[0].type == "collaboration"


def test_enumerated_subject_collaborating_pairs_everyone(read) -> None:
    deals = read("한빛협회, 가람경제, 솔빛랩이 협업하여 교육 사업을 시작했다.", ["한빛협회", "가람경제", "솔빛랩"])
    assert pairs(deals) == {("가람경제", "한빛협회"), ("솔빛랩", "한빛협회"), ("가람경제", "솔빛랩")}


def test_subject_and_comitative_partner(read) -> None:
    deals = read("회원사 솔빛넷이 한빛텔레콤과 협업하여 서비스를 런칭했다.", ["솔빛넷", "한빛텔레콤"])
    assert pairs(deals) == {("솔빛넷", "한빛텔레콤")}
    assert [p.side for p in deals[0].parties] == ["a", "b"]


def test_comitative_enumeration_pairs_with_topic_but_not_among_itself(read) -> None:
    deals = read("다솜푸드는 가온테크, 누리바이오와 공급 계약을 맺었다.", ["다솜푸드", "가온테크", "누리바이오"])
    assert pairs(deals) == {("가온테크", "다솜푸드"), ("누리바이오", "다솜푸드")}
    assert deals[0].type == "supply"


def test_enumeration_with_deung_and_counted_group_is_the_named_part_of_the_group(read) -> None:
    deals = read("다솜푸드는 가온테크, 누리바이오 등 10여 개 회원사와 협업하여 성과를 냈다.",
                 ["다솜푸드", "가온테크", "누리바이오"])
    (deal,) = deals
    assert pairs(deals) == {("가온테크", "다솜푸드"), ("누리바이오", "다솜푸드")}
    assert (deal.group.label, deal.group.count, deal.group.approx) == ("회원사", 10, True)
    assert [q.text for q in deal.quantities] == ["10여 개 회원사"]


def test_names_facing_counted_groups_make_group_deals_without_pairs(read) -> None:
    text = ("2020년에도 한빛마트와 15개 회원사, 솔빛몰과 40개 회원사, 해외 유통사 해맑은유통에 9개 회원사, "
            "가람백화점, 나래백화점과 7개 회원사가 서로 만나 상생협력 사업을 진행했다.")
    deals = read(text, ["한빛마트", "솔빛몰", "해맑은유통", "가람백화점", "나래백화점"])
    groups = {(tuple(p.canonical for p in d.side("a")), d.group.count) for d in deals if d.group}
    assert groups == {(("한빛마트",), 15), (("솔빛몰",), 40), (("해맑은유통",), 9),
                      (("가람백화점", "나래백화점"), 7)}
    assert pairs(deals) == set()
    assert all(d.period == "2020" for d in deals)


def test_aggregate_between_members_names_no_pair_but_gives_a_deal_count(read) -> None:
    deals = read("누리바이오, 가온테크, 다솜푸드 등 회원사간의 다양한 상생협력 성과도 87건이 달성되었다.",
                 ["누리바이오", "가온테크", "다솜푸드"])
    assert pairs(deals) == set()
    (count,) = deals
    assert count.parties == () and [(q.value, q.unit) for q in count.quantities] == [(87, "건")]


def test_directed_investment_into_dative_partner_in_a_headline(read) -> None:
    deals = read("가온모바일, 누리소프트에 투자", ["가온모바일", "누리소프트"])
    assert pairs(deals) == {("가온모바일", "누리소프트")}
    assert deals[0].type == "investment"
    assert [p.canonical for p in deals[0].side("a")] == ["가온모바일"]


def test_store_entry_into_a_partner(read) -> None:
    deals = read("가온푸드가 누리마트에 입점했다.", ["가온푸드", "누리마트"])
    assert pairs(deals) == {("가온푸드", "누리마트")} and deals[0].type == "store_entry"


def test_buying_new_shares_of_a_company_is_a_planned_investment_with_amounts(read) -> None:
    deals = read("다솜푸드는 솔빛소프트의 신주 3,000주를 57.5억 원에 매입할 예정이다.", ["다솜푸드", "솔빛소프트"])
    (deal,) = deals
    assert (deal.type, deal.status) == ("investment", "planned")
    assert {q.text for q in deal.quantities} == {"3,000주", "57.5억 원"}


def test_appositive_owner_phrase_is_the_subject_of_an_entry(read) -> None:
    deals = read("가온테크 등의 회원사 상품이 누리전자 온라인 입점을 이루었다.", ["가온테크", "누리전자"])
    assert pairs(deals) == {("가온테크", "누리전자")}


def test_descriptor_nouns_between_conjoined_names(read) -> None:
    deals = read("대기업 한빛전자와 협회 회원사 누리 소프트가 협업하여 신규사업을 시작했다.", ["한빛전자", "누리 소프트"])
    assert pairs(deals) == {("누리소프트", "한빛전자")}


def test_names_included_in_a_group_partner(read) -> None:
    deals = read("도매몰 가온마켓은 누리식품, 다솜상사를 포함 다수의 회원사들과 협업하여 판로를 넓혔다.",
                 ["가온마켓", "누리식품", "다솜상사"])
    assert pairs(deals) == {("가온마켓", "누리식품"), ("가온마켓", "다솜상사")}


def test_topic_governs_later_clauses_and_disjoined_head_nouns(read) -> None:
    text = ("유아교육 업체 가온키즈는 누리바이오, 다솜식품 등의 상품 판매나 프로모션을 온라인상에서 협업으로 진행하고, "
            "대기업 한빛전자와 결합상품을 출시했다.")
    deals = read(text, ["가온키즈", "누리바이오", "다솜식품", "한빛전자"])
    assert pairs(deals) == {("가온키즈", "누리바이오"), ("가온키즈", "다솜식품"), ("가온키즈", "한빛전자")}
    assert {d.type for d in deals} == {"collaboration", "joint_development"}


def test_subject_does_not_reach_past_its_clause(read) -> None:
    text = "가온테크 등의 회원사 상품이 누리전자에 입점하기도 했고, 식품 회원사 상품을 다솜백화점에 입점해서 성과를 냈다."
    deals = read(text, ["가온테크", "누리전자", "다솜백화점"])
    assert pairs(deals) == {("가온테크", "누리전자")}


def test_subsidiary_is_not_a_partner(read) -> None:
    deals = read("가온카드는 자회사인 가온페이를 통하여 누리뱅크와 서비스 계약을 맺는다.", ["가온카드", "가온페이", "누리뱅크"])
    assert pairs(deals) == {("가온카드", "누리뱅크")}


def test_parent_and_wholly_owned_subsidiary_make_no_deal(read) -> None:
    deals = read("이에 따라 가온모바일과 100% 출자사인 가온닷컴은 누리소프트 주식을 보유하게 되었다.",
                 ["가온모바일", "가온닷컴", "누리소프트"])
    assert pairs(deals) == set()


def test_comparison_with_wa_gateun_is_not_comitative(read) -> None:
    assert read("많은 기업들이 가온협회와 같은 단체에 가입해서 서로 협업한다.", ["가온협회"]) == ()


def test_proposal_by_enumerated_subject_pairs_nobody(read) -> None:
    deals = read("가온전자, 누리화학, 다솜철강 등의 대기업이 협업제안을 회원사들을 대상으로 실시했다.",
                 ["가온전자", "누리화학", "다솜철강"])
    assert pairs(deals) == set()


def test_proposed_deal_is_recorded_as_proposed(read) -> None:
    (deal,) = read("가온테크가 누리바이오에 협업을 제안했다.", ["가온테크", "누리바이오"])
    assert (deal.type, deal.status) == ("collaboration", "proposed")


def test_negated_mou_is_recorded_as_negated(read) -> None:
    (deal,) = read("가람물산은 협회 회원사 다온 이앤씨와 업무협약(MOU)을 체결하지 않았다.", ["가람물산", "다온 이앤씨"])
    assert (deal.type, deal.status) == ("partnership", "negated")
    assert deal.pairs() == [("가람물산", "다온이앤씨")]


def test_cohosting_with_sa_suffix_and_award_winners_not_paired(read) -> None:
    text = "가온매거진 사가, 누리쉐어 사와 함께 주최한 시상식에서는, 다솜은행, 한빛증권 등의 기업체들이 최고로 선출되었다."
    deals = read(text, ["가온매거진", "누리쉐어", "다솜은행", "한빛증권"])
    assert pairs(deals) == {("가온매거진", "누리쉐어")}
    assert deals[0].type == "co_host"


def test_relative_clause_subject_is_not_side_a(read) -> None:
    text = ("가온솔루션의 서비스인 누리러닝은 한빛소프트사가 인증하는 솔루션 제공자인 다솜그룹과의 거래를 통해 "
            "소프트웨어 재판매 시장에 진입했다.")
    deals = read(text, ["가온솔루션", "누리러닝", "한빛소프트", "다솜그룹"])
    assert pairs(deals) == {("누리러닝", "다솜그룹")}
    assert deals[0].type == "reseller"


def test_consortium_members_pair_with_the_leader_named_earlier(read) -> None:
    text = "가온건설 컨소시엄은 설계를 마쳤다. 컨소시엄에 포함된 누리건설, 다솜이앤씨 등 건설사도 참여했다."
    deals = read(text, ["가온건설", "누리건설", "다솜이앤씨"])
    # a consortium is one deal among all its members, the leader included
    assert pairs(deals) == {("가온건설", "누리건설"), ("가온건설", "다솜이앤씨"), ("누리건설", "다솜이앤씨")}
    assert deals[0].type == "consortium"


def test_mutual_relation_through_relational_noun(read) -> None:
    deals = read("가온모바일과 누리소프트는 브라우저를 개발하기 위해 제휴 관계를 강화하고 있다.", ["가온모바일", "누리소프트"])
    assert pairs(deals) == {("가온모바일", "누리소프트")} and deals[0].type == "partnership"


def test_sentence_without_deal_predicate_gives_nothing(read) -> None:
    assert read("가온테크와 누리바이오가 나란히 상장했다.", ["가온테크", "누리바이오"]) == ()


def test_comitative_inside_a_relative_clause_pairs_with_its_head(read) -> None:
    text = "누리반도체와 양해각서를 체결한 가온전자는 다음 달 다솜화학과도 협약을 맺을 계획이다."
    deals = read(text, ["가온전자", "누리반도체", "다솜화학"])
    assert pairs(deals) == {("가온전자", "누리반도체"), ("가온전자", "다솜화학")}
    assert {d.side("b")[0].canonical: d.status for d in deals} == {"누리반도체": "done", "다솜화학": "planned"}


def test_owner_of_the_subject_is_the_party(read) -> None:
    deals = read("가온식품의 제품이 다음 달부터 누리마트와 다솜마트에 입점한다.", ["가온식품", "누리마트", "다솜마트"])
    assert pairs(deals) == {("가온식품", "누리마트"), ("가온식품", "다솜마트")}


def test_source_particle_partner_of_supply_and_investment(read) -> None:
    assert pairs(read("가온모터스는 누리배터리로부터 배터리를 공급받는다.", ["가온모터스", "누리배터리"])) == \
        {("가온모터스", "누리배터리")}
    deals = read("가온스타트업은 누리벤처캐피탈로부터 50억 원의 투자를 유치했다.", ["가온스타트업", "누리벤처캐피탈"])
    assert deals[0].type == "investment" and [q.text for q in deals[0].quantities] == ["50억 원"]


def test_names_singled_out_with_biroshan_are_part_of_the_group(read) -> None:
    (deal,) = read("가온유통은 누리식품을 비롯한 40여 개 협력사와 상생협약을 맺었다.", ["가온유통", "누리식품"])
    assert deal.pairs() == [("가온유통", "누리식품")]
    assert (deal.group.label, deal.group.count, deal.group.approx) == ("협력사", 40, True)


def test_joint_venture_of_conjoined_owners_is_mutual_and_negated(read) -> None:
    (deal,) = read("가온물산과 누리상사의 합작 법인 설립이 무산됐다.", ["가온물산", "누리상사"])
    assert deal.pairs() == [("가온물산", "누리상사")] and deal.status == "negated"


def test_name_subject_carries_into_a_coordinated_clause(read) -> None:
    text = "가온식품이 누리유통과 판매 계약을 체결하고, 다솜물류와는 배송 협력을 추진한다."
    deals = read(text, ["가온식품", "누리유통", "다솜물류"])
    assert pairs(deals) == {("가온식품", "누리유통"), ("가온식품", "다솜물류")}
    # 추진 ("pursue") marks a deal as proposed, not yet agreed
    assert {d.side("b")[0].canonical: d.status for d in deals} == {"누리유통": "done", "다솜물류": "proposed"}


def test_enumerated_subject_forming_a_consortium_is_mutual(read) -> None:
    deals = read("가온제약과 누리바이오, 다솜헬스가 컨소시엄을 구성해 사업에 참여한다.", ["가온제약", "누리바이오", "다솜헬스"])
    assert len(pairs(deals)) == 3 and deals[0].type == "consortium"


def test_name_ending_inside_a_kiwi_token_still_gets_its_particle(read) -> None:
    # Kiwi reads "사가" as one noun; the recogniser may include 사 in the name
    text = "가온매거진 사가, 누리쉐어 사와 함께 주최한 행사가 열렸다."
    deals = read(text, ["가온매거진 사", "누리쉐어 사"])
    assert pairs(deals) == {("가온매거진사", "누리쉐어사")}


def test_names_after_a_relative_clause_headed_by_a_noun_are_not_its_subject(read) -> None:
    text = "누리쉐어 사와 함께 주최한 시상식에서는, 다솜은행, 한빛증권 등의 기업체들이 선출되었다."
    assert pairs(read(text, ["누리쉐어", "다솜은행", "한빛증권"])) == set()


def test_comitative_of_a_contrasted_clause_is_not_a_partner(read) -> None:
    text = "가온증권은 누리증권과 경쟁하고 있지만 다솜증권과는 협력한다."
    assert pairs(read(text, ["가온증권", "누리증권", "다솜증권"])) == {("가온증권", "다솜증권")}


def test_meeting_then_discussing_cooperation_is_one_clause_chain(read) -> None:
    deals = read("가온전자의 대표는 누리전자와 만나 협력 방안을 논의했다.", ["가온전자", "누리전자"])
    assert pairs(deals) == {("가온전자", "누리전자")}


@pytest.mark.parametrize("text", [
    "가온전자와 누리전자는 각각 신제품을 발표했다.",
    "정부는 가온전자와 누리전자에 보조금을 지급했다.",
    "가온전자가 누리전자를 상대로 소송을 제기했다.",
    "가온홀딩스는 자회사 누리전자와 합병을 추진한다.",
])
def test_sentences_about_two_companies_that_state_no_deal(read, text: str) -> None:
    names = [n for n in ("가온전자", "누리전자", "가온홀딩스") if n in text]
    assert pairs(read(text, names)) == set()


def test_name_recognised_only_as_its_alias_in_brackets(read) -> None:
    text = "가온카드는 12월 16일에 Nuri UnionPay(NUP)와 ATM 서비스 계약을 맺는다."
    assert pairs(read(text, ["가온카드", "NUP"])) == {("NUP", "가온카드")}


def test_headline_with_a_descriptor_before_the_first_name(read) -> None:
    deals = read("日 가온모바일, 누리소프트에 투자", ["가온모바일", "누리소프트"])
    assert pairs(deals) == {("가온모바일", "누리소프트")}


def test_particles_kiwi_mistags_after_latin_names_are_read_by_form(read) -> None:
    text = "Gaon Mobile, Inc.는 소프트웨어 회사인 NURI SOFT CO.,LTD.의 신주 6,356주를 매입하기로 했다."
    (deal,) = read(text, ["Gaon Mobile, Inc.", "NURI SOFT"])
    assert deal.pairs() == [("GaonMobile,Inc.", "NURISOFT")]
    assert (deal.type, deal.status) == ("investment", "planned")


def test_cooperation_with_hyeopjo_is_mutual(read) -> None:
    deals = read("이번 투자를 통해서 가온모바일과 누리소프트는 소프트웨어를 개발하는 데 긴밀히 협조할 예정이다.",
                 ["가온모바일", "누리소프트"])
    assert pairs(deals) == {("가온모바일", "누리소프트")}
    assert deals[0].status == "planned"


def test_between_two_named_companies_is_a_pair_not_an_aggregate(read) -> None:
    deals = read("가온전자와 누리전자 간의 특허 공유 협약이 체결됐다.", ["가온전자", "누리전자"])
    assert pairs(deals) == {("가온전자", "누리전자")} and deals[0].type == "partnership"


def test_headline_naming_both_partners_of_a_joint_development(read) -> None:
    deals = read("가온전자·누리전자, 차세대 배터리 공동개발", ["가온전자", "누리전자"])
    assert pairs(deals) == {("가온전자", "누리전자")} and deals[0].type == "joint_development"


def test_alliance_formed_with_comitative_partners(read) -> None:
    deals = read("가온전자는 최근 누리전자, 다솜전자와 함께 반도체 동맹을 결성했다.", ["가온전자", "누리전자", "다솜전자"])
    # one alliance of three: every member is allied with every other
    assert pairs(deals) == {("가온전자", "누리전자"), ("가온전자", "다솜전자"), ("누리전자", "다솜전자")}


@pytest.mark.parametrize("text", [
    "가온전자는 협력사인 누리전자와 간담회를 가졌다.",
    "가온전자는 누리전자와 계약직 채용 박람회를 열었다.",
    "가온전자와 누리전자가 공급망 불안으로 어려움을 겪고 있다.",
    "가온전자와 누리전자의 투자자들이 모였다.",
])
def test_nouns_that_only_contain_a_predicate_state_no_deal(read, text: str) -> None:
    assert pairs(read(text, ["가온전자", "누리전자"])) == set()


def test_comitative_hago_and_rang_and_enumeration_with_mit(read) -> None:
    assert pairs(read("가온테크하고 누리바이오가 함께 신제품을 공동 개발했다.", ["가온테크", "누리바이오"])) == \
        {("가온테크", "누리바이오")}
    (deal,) = read("가온테크는 누리바이오랑 협업하기로 했다.", ["가온테크", "누리바이오"])
    assert deal.pairs() == [("가온테크", "누리바이오")] and deal.status == "planned"
    deals = read("가온테크 및 누리바이오는 다솜푸드와 공급 계약을 체결했다.", ["가온테크", "누리바이오", "다솜푸드"])
    assert pairs(deals) == {("가온테크", "다솜푸드"), ("누리바이오", "다솜푸드")}


def test_counted_group_alone_as_comitative_partner_is_a_group_deal(read) -> None:
    (deal,) = read("가온테크는 세 곳의 협력사와 5년간 1.5조 원 규모의 납품 계약을 맺었다.", ["가온테크"])
    assert [p.canonical for p in deal.side("a")] == ["가온테크"] and deal.pairs() == []
    assert (deal.group.label, deal.group.count, deal.type) == ("협력사", 3, "supply")
    assert {q.text for q in deal.quantities} == {"세 곳의 협력사", "1.5조 원"}


def test_consortium_formed_by_an_enumerated_subject_whatever_the_verb(read) -> None:
    deals = read("가온테크, 누리바이오, 그리고 다솜푸드가 컨소시엄을 꾸렸다.", ["가온테크", "누리바이오", "다솜푸드"])
    assert len(pairs(deals)) == 3


def test_copula_appositive_before_the_partner_keeps_the_subject(read) -> None:
    deals = read("가온전자가 국내 최대 업체인 누리바이오와 공급 계약을 체결했다.", ["가온전자", "누리바이오"])
    assert ("가온전자", "누리바이오") in pairs(deals)


def test_subject_of_a_copula_clause_is_not_a_party(read) -> None:
    # "가온전자가 최대주주인 누리바이오": 가온전자 is the copula's subject, not the contract's
    deals = read("가온전자가 최대주주인 누리바이오와 다솜테크가 공급 계약을 체결했다.",
                 ["가온전자", "누리바이오", "다솜테크"])
    got = pairs(deals)
    assert ("누리바이오", "다솜테크") in got
    assert not any("가온전자" in p for p in got)


def test_subject_marked_by_the_bound_noun_sa_before_a_comma_co_hosts(read) -> None:
    deals = read("GX 매거진 사가, 금융 서비스 분야에서 선두회사인 누리쉐어 사와 함께 주최한 시상식이 열렸다.",
                 ["GX 매거진", "누리쉐어"])
    assert {d.type for d in deals} == {"co_host"}
    assert pairs(deals) == {("GX매거진", "누리쉐어")}
