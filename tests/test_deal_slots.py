"""Party slots read by grammar, end to end (recognition included), on invented sentences:
a local government acting in a deal, a name described by a type word, and a deal word that
runs into a headline's list of names."""
from __future__ import annotations

import pytest

import kdeal


def pairs(text: str) -> set[tuple[str, str]]:
    (result,) = kdeal.extract([text])
    return {tuple(sorted(p)) for d in result.deals for p in d.pairs()}


@pytest.mark.parametrize("text, pair", [
    ("충청북도는 다온에너지와 수소 충전소 구축 투자협약을 체결했다.", ("다온에너지", "충청북도")),
    ("가람군은 누리푸드와 지역 농산물 공급 협약을 맺었다.", ("가람군", "누리푸드")),
])
def test_a_local_government_in_an_agent_slot_is_a_party(text, pair) -> None:
    assert pair in pairs(text)


def test_a_local_government_as_a_location_is_not_a_party() -> None:
    found = pairs("다온에너지는 누리푸드와 충청북도에 공장을 짓는 공급 계약을 맺었다.")
    assert ("누리푸드", "다온에너지") in found
    assert not any("충청북도" in p for p in found)


@pytest.mark.parametrize("text, pair", [
    ("한국가람공사는 물류 스타트업 새벽체인과 배송 협약을 맺었다.", ("새벽체인", "한국가람공사")),
    ("누리건설은 인테리어 플랫폼 기업 다솜플랫폼과 업무협약을 체결했다.", ("누리건설", "다솜플랫폼")),
])
def test_a_name_after_a_type_word_that_ends_like_one_is_a_name(text, pair) -> None:
    assert pair in pairs(text)


def test_a_deal_word_in_a_headline_list_is_not_a_party() -> None:
    found = pairs("가람대-누리바이오, 산학 공동연구소 개소")
    assert found == {("가람대", "누리바이오")}


def test_a_name_ending_in_a_deal_word_stays_a_party() -> None:
    found = pairs("식품 스타트업 푸른들은 가온벤처투자와 다솜인베스트먼트로부터 시드 투자를 유치했다.")
    assert ("가온벤처투자", "푸른들") in found


@pytest.mark.parametrize("text", [
    "가온바이오는 누리메드와 함께 신약 후보물질을 개발했다.",
    "가온바이오는 누리메드와 공동으로 진단키트를 출시했다.",
    "가온바이오와 누리메드는 함께 새 진단키트를 개발할 계획이다.",
])
def test_a_joint_adverb_makes_a_making_verb_a_joint_development(text) -> None:
    (result,) = kdeal.extract([text])
    assert {tuple(sorted(p)) for d in result.deals for p in d.pairs()} == {("가온바이오", "누리메드")}
    assert {d.type for d in result.deals} == {"joint_development"}


def test_a_making_verb_alone_is_no_deal() -> None:
    assert pairs("가온바이오는 자체 기술로 진단키트를 개발했다.") == set()


@pytest.mark.parametrize("connective", ["체결한 뒤", "체결한 후", "맺은 데 이어", "맺는 한편"])
def test_a_bound_noun_connective_keeps_the_second_deal(connective) -> None:
    found = pairs(f"가온식품은 누리유통과 공급 계약을 {connective} 다솜마트와 납품 계약을 맺었다.")
    assert found == {("가온식품", "누리유통"), ("가온식품", "다솜마트")}


@pytest.mark.parametrize("headline", ["가온식품·든든유통 맞손", "가온식품-든든유통, 물류 MOU 체결"])
def test_a_headline_deal_word_ends_the_last_name(headline) -> None:
    assert pairs(headline) == {("가온식품", "든든유통")}


def test_a_partner_named_in_a_means_phrase_is_a_deal() -> None:
    assert pairs("가온식품은 누리유통과의 제휴를 통해 신제품을 출시했다.") == {("가온식품", "누리유통")}
    assert pairs("가온식품은 이번 투자를 통해 공장을 늘린다.") == set()


@pytest.mark.parametrize("text, label, count", [
    ("가온모빌리티는 12개 택시 가맹사업자와 협약을 맺었다.", "가맹사업자", 12),
    ("가온전자는 30여 개 부품 협력사와 상생협약을 체결했다.", "협력사", 30),
])
def test_a_counted_group_with_a_modifier_noun(text, label, count) -> None:
    (result,) = kdeal.extract([text])
    (deal,) = result.deals
    assert (deal.group.label, deal.group.count) == (label, count)


@pytest.mark.parametrize("text, pair", [
    ("가온물산 김철수 사장은 영국 노던 스타 트레이딩 폴 스미스 CEO와 공급 계약을 맺었다.", ("가온물산", "노던 스타 트레이딩")),
    ("가온물산은 프랑스 메종 블루의 피에르 뒤랑 회장과 공급 계약을 맺었다.", ("가온물산", "메종 블루")),
    ("이번 수출 계약은 가온물산 김철수 사장과 미국 블루 리버 트레이딩 존 스미스 CEO가 서명했다.",
     ("가온물산", "블루 리버 트레이딩")),
])
def test_a_company_stands_behind_its_representative(text, pair) -> None:
    (result,) = kdeal.extract([text])
    got = {tuple(sorted(p.name for p in d.parties)) for d in result.deals}
    assert tuple(sorted(pair)) in got
    assert not any(n in {"폴 스미스", "피에르 뒤랑", "존 스미스"} for d in result.deals for n in (p.name for p in d.parties))


def test_an_investee_named_after_a_type_word_in_a_dative_slot() -> None:
    found = pairs("물류 스타트업 새벽길에 가온벤처스, 누리엔젤클럽, 다솜파트너스가 공동 투자했다.")
    assert found == {("가온벤처스", "새벽길"), ("누리엔젤클럽", "새벽길"), ("다솜파트너스", "새벽길")}


def test_a_competitor_as_descriptor_is_no_contest() -> None:
    assert pairs("가온바이오는 경쟁사 누리랩과 합병해 통합법인을 출범시켰다.") == {("가온바이오", "누리랩")}
    assert pairs("가온바이오와 누리랩은 신약 개발 경쟁을 벌이고 있다.") == set()


@pytest.mark.parametrize("text, pair", [
    ("가온테크는 누리대학교 에너지공학과 연구팀과 장비 공동 개발 협약을 체결했다.", ("가온테크", "누리대학교")),
    ("다온정밀은 가온자동차 울산공장에 부품을 납품하는 계약을 따냈다.", ("가온자동차", "다온정밀")),
])
def test_a_unit_inside_an_organisation_leaves_the_organisation_the_party(text, pair) -> None:
    assert pairs(text) == {pair}


def test_investors_joining_a_round_told_before_invest_in_its_investee() -> None:
    found = pairs("헬스케어 스타트업 가온헬스는 100억원 규모의 시리즈A 투자를 유치했다고 밝혔다. "
                  "이번 라운드는 누리인베스트먼트가 주도했으며, 다솜벤처스와 별빛파트너스가 참여했다. "
                  "기존 투자사인 한빛벤처스도 후속 투자에 나섰다.")
    assert found == {("가온헬스", "누리인베스트먼트"), ("가온헬스", "다솜벤처스"), ("가온헬스", "별빛파트너스"),
                     ("가온헬스", "한빛벤처스")}


@pytest.mark.parametrize("text, name", [
    ("다온케이엠(DKM)은 누리물산과 화장품 ODM 계약을 체결했다.", "다온케이엠"),
    ("엘에스앤티(LS&T)는 누리물산과 설비 공급 계약을 체결했다.", "엘에스앤티"),
])
def test_a_spelled_out_acronym_before_its_letters_is_the_name(text, name) -> None:
    (result,) = kdeal.extract([text])
    assert {tuple(sorted(p)) for d in result.deals for p in d.pairs()} == {tuple(sorted((name, "누리물산")))}
    acronym = text[text.index("(") + 1:text.index(")")]
    assert {m.canonical for m in result.mentions if m.text == acronym} <= {name}


def test_the_spelling_must_match_the_letters() -> None:
    from kdeal.extractors.canonical import _spells_tail
    assert _spells_tail("비케이엠", "BKM") and _spells_tail("가온에스앤씨", "GS&C")
    assert not _spells_tail("가온물산", "GMS")


def test_a_joint_predicate_makes_a_listed_subject_partners() -> None:
    found = pairs("가온그룹 계열사인 가온화학, 가온소재, 가온물류는 협력사 지원을 위한 상생펀드 500억원을 공동 조성하기로 했다.")
    assert found == {("가온물류", "가온소재"), ("가온물류", "가온화학"), ("가온소재", "가온화학")}


@pytest.mark.parametrize("text, expected", [
    ("온누리에너지는 푸름농산과 함께 영농형 태양광 실증 사업을 추진한다.", {("온누리에너지", "푸름농산")}),
    ("하늬물산·솔길모빌리티·해든건설 3사는 공동 물류센터 구축 협약을 맺었다.",
     {("솔길모빌리티", "하늬물산"), ("솔길모빌리티", "해든건설"), ("하늬물산", "해든건설")}),
    ("중견 건설사 해든건설은 지역 건축사무소 예담디자인과 모듈러 주택 설계 계약을 맺었다.", {("예담디자인", "해든건설")}),
    ("한결소재 김민수 대표와 벼리로지스 이정훈 대표가 업무협약서에 서명했다.", {("벼리로지스", "한결소재")}),
    ("초롱반도체는 AI 반도체 개발을 위해 칩스케이프와 NDA를 체결했다.", {("초롱반도체", "칩스케이프")}),
    ("다올정밀·미르테크 맞손…전장부품 공동개발", {("다올정밀", "미르테크")}),
    ("포근한집밥은 큰들유통 온라인몰에 입점했다.", {("큰들유통", "포근한집밥")}),
])
def test_constructions_read_since_the_grammar_failures_list(text, expected) -> None:
    assert {tuple(sorted(p)) for p in pairs(text)} == {tuple(sorted(p)) for p in expected}


def test_every_item_line_under_a_header_takes_the_header_deal() -> None:
    text = "상생 협약 체결 현황\n▲가온팜-누리디자인\n▲다솜바이오-별빛칩스\n▲한빛유통-새벽로지스"
    assert pairs(text) == {("가온팜", "누리디자인"), ("다솜바이오", "별빛칩스"), ("새벽로지스", "한빛유통")}


def test_each_bullet_item_inside_a_copula_sentence_is_its_own_deal() -> None:
    found = pairs("주요 협약은 ▲가온식품·누리건설 간 급식 협약 ▲다솜에듀·별빛반도체 간 인재양성 협약이다.")
    assert found == {("가온식품", "누리건설"), ("다솜에듀", "별빛반도체")}


def test_a_quoted_description_joins_no_names() -> None:
    assert pairs("가온해운, 누리항공과 '해운·항공 복합운송' 맞손") == {("가온해운", "누리항공")}


def test_a_quoted_list_of_names_stays_a_list() -> None:
    found = pairs("'가람시·누리커피·다솜제과 협업 벨트'가 방문객을 모았다. 세 기관은 관광 상품 공동 개발 협약을 맺었다.")
    assert ("누리커피", "다솜제과") in found


def test_a_group_met_in_the_clause_before_joins_the_deal() -> None:
    (result,) = kdeal.extract(["30여 개 회원사와 가온해운이 만나 수출 물류 협력 사업을 진행했다."])
    (deal,) = result.deals
    assert [p.name for p in deal.parties] == ["가온해운"]
    assert (deal.group.label, deal.group.count, deal.group.approx) == ("회원사", 30, True)


@pytest.mark.parametrize("text", [
    "가온테크는 중견기업 5곳, 스타트업 40여 곳과 공급망 협약을 맺었다.",
    "가온테크는 중견기업 5곳과 40여 개 스타트업과 공급망 협약을 맺었다.",
])
def test_two_counted_groups_are_two_group_deals(text) -> None:
    (result,) = kdeal.extract([text])
    groups = sorted((d.group.label, d.group.count, d.group.approx) for d in result.deals if d.group)
    assert groups == [("스타트업", 40, True), ("중견기업", 5, False)]
    assert all([p.name for p in d.parties] == ["가온테크"] for d in result.deals)


def test_joining_a_project_together_is_a_deal_and_a_second_clause_keeps_its_own() -> None:
    found = pairs("가온소재와 누리정밀, 다솜테크는 물류 양해각서를 체결했고, 별빛소재와 한빛페이는 시범사업에 참여하기로 했다.")
    assert ("별빛소재", "한빛페이") in found and ("가온소재", "누리정밀") in found
    assert pairs("가온전자는 정부 실증 사업에 참여한다.") == set()


def test_a_relative_clause_deal_is_with_the_name_it_describes() -> None:
    assert pairs("가온바이오가 지난해 업무협약을 맺은 누리시스템은 올해 매출이 두 배로 늘었다.") == {("가온바이오", "누리시스템")}


def test_what_a_joint_venture_makes_is_not_a_partner() -> None:
    assert pairs("가온에너지와 누리모터스가 합작한 다솜셀은 2공장 가동을 늦추기로 했다.") == {("가온에너지", "누리모터스")}


@pytest.mark.parametrize("text, pair", [
    ("가온에너지는 누리모터스와 미국 인디애나주에 합작공장을 짓기로 했다.", ("가온에너지", "누리모터스")),
    ("가온소재는 누리모터스와 캐나다 퀘벡에 양극재 합작공장을 세운다.", ("가온소재", "누리모터스")),
])
def test_a_partner_before_the_place_of_a_plant(text, pair) -> None:
    (result,) = kdeal.extract([text])
    (deal,) = result.deals
    assert tuple(sorted(p.name for p in deal.parties)) == pair
    assert (deal.type, deal.status) == ("joint_venture", "planned")


def test_a_country_and_its_region_is_a_place() -> None:
    from kdeal.extractors.evidence import non_company_reason
    assert non_company_reason("미국 인디애나주") == "place"
    assert non_company_reason("가온물산") is None


@pytest.mark.parametrize("text, pair", [
    ("가온하이텍, 누리디아에 HBM4 공급", ("가온하이텍", "누리디아")),
    ("가온하이텍은 누리디아에 HBM4를 공급한다.", ("가온하이텍", "누리디아")),
])
def test_a_particle_glued_to_an_unknown_name_is_read_off(text, pair) -> None:
    assert pairs(text) == {pair}


def test_glued_particles_leave_common_nouns_alone() -> None:
    from kdeal.extractors.words import _glued_particle
    assert _glued_particle("누리디아에") == "에" and _glued_particle("가온드론과") == "과"
    assert _glued_particle("시너지효과", common=True) is None and _glued_particle("공학과") is None


def test_names_joined_by_a_dot_before_a_headline_comma_are_the_topic() -> None:
    found = pairs("가온차·누리차, 다솜비디아와 AI 동맹")
    assert ("가온차", "다솜비디아") in found and ("누리차", "다솜비디아") in found


@pytest.mark.parametrize("text, kind", [
    ("가온약품은 미국 누리파마에 비만 치료제 기술을 수출했다.", "tech_transfer"),
    ("가온텔레콤은 누리자동차그룹과 7500억원 규모의 지분을 교환했다.", "partnership"),
])
def test_technology_export_and_share_swap(text, kind) -> None:
    (result,) = kdeal.extract([text])
    assert [d.type for d in result.deals] == [kind]


def test_a_business_named_in_a_dative_slot_of_a_directed_deal() -> None:
    assert pairs("가온식품은 지난달 누리유통에 100억원 규모의 제품을 납품했다.") == {("가온식품", "누리유통")}
    assert pairs("가온식품은 누리마켓과 입점 협약을 맺고 다음 달부터 전용관에 먼저 입점한다.") == {("가온식품", "누리마켓")}


def test_a_store_opened_in_another_companys_shop_is_a_store_entry_with_its_owner() -> None:
    (result,) = kdeal.extract(["가온화장품은 자사 브랜드 '루미'의 공식 스토어를 다솜그룹의 온라인 쇼핑몰 다솜몰에 열었다."])
    assert [(d.type, tuple(sorted(p.name for p in d.parties))) for d in result.deals] == \
        [("store_entry", ("가온화장품", "다솜그룹"))]
    assert pairs("가온식품은 강남역에 새 매장을 열었다.") == set()


def test_a_launch_with_a_named_partner_is_a_joint_development() -> None:
    (result,) = kdeal.extract(["가온카드, 여행 플랫폼 누리버디와 PLCC 출시"])
    assert [(d.type, tuple(sorted(p.name for p in d.parties))) for d in result.deals] == \
        [("joint_development", ("가온카드", "누리버디"))]
    assert pairs("가온제과는 신제품을 출시했다.") == set()
    assert pairs("연구 결과와 함께 신제품을 출시했다.") == set()


def test_a_stake_sale_under_negotiation_is_a_proposed_acquisition() -> None:
    (result,) = kdeal.extract(["가온에너지는 누리자동차와 지분 매각 협상을 진행하고 있다."])
    assert [(d.type, d.status) for d in result.deals] == [("acquisition", "proposed")]


def test_a_description_glued_before_a_latin_name_is_not_part_of_it() -> None:
    found = pairs("세계적인 카드 브랜드 회사인GCB는 Nuri UnionPay와 ATM 서비스 계약을 맺었다.")
    assert found == {("GCB", "Nuri UnionPay")}


def test_investor_relations_is_no_investment() -> None:
    assert pairs("가온홀딩스는 최고의 투자 홍보 부문을 포함해 총17개 부문 중 7개 부문을 수상했다.") == set()


@pytest.mark.parametrize("text, pair", [
    ("다온상사랑 해솔푸드가 손잡고 간편식 공동 브랜드를 내놓는다.", ("다온상사", "해솔푸드")),
    ("가온은행은 누리카드와 제휴해 신용카드를 출시했다.", ("가온은행", "누리카드")),
])
def test_a_name_kiwi_reads_as_a_verb_form_before_an_org_head(text, pair) -> None:
    assert pairs(text) == {pair}


def test_a_verb_form_glued_to_an_org_head_is_a_name_and_common_compounds_stay_descriptors() -> None:
    from kdeal.extractors.nameshape import Shape, Shaper
    from kdeal.pipeline.segment import blank_korean
    shaper = Shaper(blank_korean().tokenizer.kiwi)
    assert shaper.shape("다온상사") is Shape.NAME
    assert shaper.shape("부품사") is Shape.DESCRIPTOR and shaper.shape("지역은행") is Shape.DESCRIPTOR


def test_a_rare_word_before_an_org_head_names_it_and_frequent_ones_describe() -> None:
    """"새봄은행", "별빛그룹": a rare dictionary word before the head is the name (as names are
    coined from rare words); "저축은행", "걸그룹": a frequent one says what kind of bank or group."""
    from kdeal.extractors.nameshape import Shape, Shaper
    from kdeal.pipeline.segment import blank_korean
    shaper = Shaper(blank_korean().tokenizer.kiwi)
    assert shaper.shape("새봄은행") is Shape.NAME and shaper.shape("별빛그룹") is Shape.NAME
    assert shaper.shape("저축은행") is Shape.DESCRIPTOR and shaper.shape("걸그룹") is Shape.DESCRIPTOR
    assert pairs("새봄은행은 다온증권과 업무협약을 맺었다.") == {("다온증권", "새봄은행")}


def test_dictionary_words_before_a_common_acronym_are_a_trade_term() -> None:
    """"프리IPO 라운드", "의료AI": no party; a coined front makes a name ("다온AI")."""
    from kdeal.extractors.nameshape import Shape, Shaper
    from kdeal.pipeline.segment import blank_korean
    shaper = Shaper(blank_korean().tokenizer.kiwi)
    assert shaper.shape("프리IPO") is Shape.COMMON and shaper.shape("의료AI") is Shape.COMMON
    assert shaper.shape("다온AI") is Shape.NAME
    assert pairs("이번 프리IPO 라운드에는 가온인베스트먼트가 참여해 누리랩스에 투자했다.") == {("가온인베스트먼트", "누리랩스")}


def test_a_name_before_a_quoted_description_in_a_headline_list() -> None:
    assert pairs("가온에너지-누리농산 '영농형 태양광' 협약") == {("가온에너지", "누리농산")}


def test_a_headline_relative_clause_that_drops_its_comitative() -> None:
    assert pairs("가람이앤씨 손잡은 마루솔루션, 건설 AI 진출") == {("가람이앤씨", "마루솔루션")}


def test_a_chemical_company_and_its_particle_are_not_a_department() -> None:
    assert pairs("가온전자는 누리화학과 MOU를 맺었다.") == {("가온전자", "누리화학")}
    assert pairs("누리대학교 화학과 교수팀이 가온전자와 협약을 맺었다.") == {("가온전자", "누리대학교")}


@pytest.mark.parametrize("text", ["가온로지스, 냉장물류 업체 인수", "가온하이닉스가 미국 낸드 설계업체 인수에 나선다."])
def test_a_kind_of_company_described_is_no_party(text) -> None:
    assert pairs(text) == set()


def test_an_industry_and_sa_before_a_foreign_name_describes_it() -> None:
    assert pairs("가온케미칼은 일본 화학사 하루카 화학의 지분 20%를 취득했다.") == {("가온케미칼", "하루카화학")}


def test_names_given_a_consortium_role_are_its_members() -> None:
    found = pairs("가온수자원공사가 발주한 물관리 사업에 누리정보통신이 주관사로, 다솜랩과 별빛엔지니어링이 "
                  "참여사로 이름을 올린 컨소시엄이 최종 선정됐다.")
    assert {("누리정보통신", "다솜랩"), ("누리정보통신", "별빛엔지니어링"), ("다솜랩", "별빛엔지니어링")} <= found


def test_a_common_noun_before_and_is_no_launch_partner() -> None:
    from kdeal.extractors.deal_types import find_triggers
    text = "연구 결과와 신제품을 출시했다."
    assert find_triggers(text, 0, len(text)) == []


@pytest.mark.parametrize("word", ["재계약", "본계약", "계약"])
def test_a_deal_word_in_the_subject_slot_is_no_party(word) -> None:
    records = kdeal.extract([f"가수 한별의 소속사 별하뮤직과 {word}이 무산됐다."])
    names = {m.text for r in records for m in r.mentions if m.kind in ("company", "organization")}
    assert word not in names
