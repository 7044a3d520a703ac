"""Deal types and statuses, public bodies, subsidiaries and cited outlets, on invented sentences.

Each case is a sentence (or short text) written for these tests with invented company
names, and says exactly what a reader takes from it: the partner pairs (and, where set,
groups, type, status); ``grammarsupport.observed`` reads the same facts from
``kdeal.extract``. Every case here passes; constructions the pipeline does not read yet
are tracked outside the suite (issue 12) rather than marked xfail.
"""
from __future__ import annotations

import pytest

from grammarsupport import Case, case_id, observed


# MOU/양해각서, supply (납품, 수주), joint development, investment (both directions), acquisition, merger, licensing, technology transfer, joint venture, store entry, reseller, co-hosting, consortium.
TYPES = (
    Case("mou-partnership", "칩스케이프는 누리엘바이오와 업무협약(MOU)을 체결했다.", pairs=(("누리엘바이오", "칩스케이프"),), type="partnership"),
    Case("mou-exchange", "모아페이와 이음데이터는 양해각서를 교환했다.", pairs=(("모아페이", "이음데이터"),), type="partnership"),
    Case("supply-napum", "다올정밀은 미르테크에 배터리 케이스를 납품하는 계약을 체결했다.", pairs=(("다올정밀", "미르테크"),), type="supply"),
    Case("supply-suju", "아라해운은 너울조선으로부터 컨테이너선 2척 운항 계약을 수주했다.", pairs=(("너울조선", "아라해운"),), type="supply"),
    Case("supply-contract", "해랑식품은 큰들유통과 냉동식품 공급 계약을 맺었다.", pairs=(("큰들유통", "해랑식품"),), type="supply"),
    Case("joint-dev-gongdong", "은하수전자와 초롱반도체는 차량용 전력 반도체를 공동 개발했다고 밝혔다.",
         pairs=(("은하수전자", "초롱반도체"),),
         type="joint_development"),
    Case("investment-out", "바른캐피탈은 모아페이에 100억원을 투자했다.", pairs=(("모아페이", "바른캐피탈"),), type="investment"),
    Case("investment-in", "풀잎팜은 새봄바이오로부터 시리즈B 투자를 유치했다.", pairs=(("새봄바이오", "풀잎팜"),), type="investment"),
    Case("acquisition-insu", "가람이앤씨는 설계 전문기업 예담디자인을 인수했다고 12일 밝혔다.", pairs=(("가람이앤씨", "예담디자인"),), type="acquisition"),
    Case("acquisition-stake", "채움금융은 바른캐피탈 지분 51%를 취득해 최대주주가 됐다.", pairs=(("바른캐피탈", "채움금융"),), type="acquisition"),
    Case("merger", "하늬물산과 도담케미칼은 내년 1월 합병하기로 했다.", pairs=(("도담케미칼", "하늬물산"),), type="merger"),
    Case("licensing", "시나브로게임즈는 윤슬코스메틱과 캐릭터 라이선스 계약을 맺었다.", pairs=(("시나브로게임즈", "윤슬코스메틱"),), type="licensing"),
    Case("tech-transfer", "한빛과학연구원은 보유한 배터리 특허 기술을 여울소재에 이전했다.", pairs=(("여울소재", "한빛과학연구원"),), type="tech_transfer"),
    Case("joint-venture", "솔길모빌리티와 해든건설은 스마트 주차 합작법인을 설립한다.", pairs=(("솔길모빌리티", "해든건설"),), type="joint_venture"),
    Case("collaboration-sonjapda", "벼리로지스와 나래항공이 손을 잡고 항공 특송 서비스를 시작했다.",
         pairs=(("나래항공", "벼리로지스"),),
         type="collaboration"),
    Case("co-host", "소담에듀와 초롱반도체는 청소년 코딩 대회를 공동 주최했다.", pairs=(("소담에듀", "초롱반도체"),), type="co_host"),
    Case("consortium-type", "빛고을파워는 솔라온과 컨소시엄을 구성해 태양광 사업에 참여했다.", pairs=(("빛고을파워", "솔라온"),), type="consortium"),
    Case("reseller", "케이피원은 디엔솔과 국내 총판 계약을 맺었다.", pairs=(("디엔솔", "케이피원"),), type="reseller"),
)


# done (체결했다), planned (-하기로, 예정), proposed (추진, 검토), negated (무산, 해지, 철회, 부인, 이르지 못했다: no pair).
STATUSES = (
    Case("planned-giro", "칩스케이프는 누리엘바이오와 바이오 센서를 공동 개발하기로 했다.", pairs=(("누리엘바이오", "칩스케이프"),), status="planned"),
    Case("planned-yejeong", "모아페이는 다음 달 이음데이터와 결제 데이터 협약을 체결할 예정이다.", pairs=(("모아페이", "이음데이터"),), status="planned"),
    Case("proposed-chujin", "가비건설은 해든건설과 합병을 추진하고 있다.", pairs=(("가비건설", "해든건설"),), status="proposed"),
    Case("proposed-geomto", "큰들유통은 벼리로지스 인수를 검토 중이다.", pairs=(("벼리로지스", "큰들유통"),), status="proposed"),
    Case("negated-musan", "하늬물산과 도담케미칼의 합병 협상이 무산됐다.", negated=(("하늬물산", "도담케미칼"),)),
    Case("negated-haeji", "다올정밀은 미르테크와 맺은 공급 계약을 해지했다고 공시했다.", negated=(("다올정밀", "미르테크"),)),
    Case("negated-not-reached", "아라해운과 나래항공은 지분 교환 협상에서 합의에 이르지 못했다.", negated=(("아라해운", "나래항공"),)),
    Case("done-chegyeol", "청람소프트는 빛고을파워와 전력 데이터 분석 계약을 체결했다.", pairs=(("빛고을파워", "청람소프트"),), status="done"),
    Case("negated-buin", "한울로보틱스는 든솔테크 인수설을 부인했다.", negated=(("한울로보틱스", "든솔테크"),)),
    Case("negated-cheolhoe", "해든건설은 가비건설과의 합작 계획을 철회했다.", negated=(("해든건설", "가비건설"),)),
)


# Provinces, ministries and universities are parties of the deals they sign.
PUBLIC_BODIES = (
    Case("province-investment", "전라북도는 이차전지 소재기업 여울소재와 1000억원 규모의 투자협약을 체결했다.", pairs=(("여울소재", "전라북도"),)),
    Case("university-industry", "한빛대학교는 초롱반도체와 반도체 인재 양성을 위한 산학협력 협약을 맺었다.", pairs=(("초롱반도체", "한빛대학교"),)),
    Case("ministry-three", "해양수산부와 아라해운, 너울조선은 친환경 선박 전환 협약을 맺었다.",
         pairs=(("너울조선", "아라해운"), ("너울조선", "해양수산부"), ("아라해운", "해양수산부"))),
)


# 'A의 자회사 B는', 'A 계열 B는': the named subsidiary is the party, not its parent.
SUBSIDIARIES = (
    Case("parent-genitive-subsidiary", "채움금융의 결제 자회사 모아페이는 소상공인 지원을 위해 착한농부와 업무협약을 맺었다.", pairs=(("모아페이", "착한농부"),)),
    Case("affiliate-descriptor", "은하수전자 계열 부품사 은하수정밀은 다올정밀과 금형 공급 계약을 맺었다.", pairs=(("다올정밀", "은하수정밀"),)),
)


# 'X신문에 따르면', 'X신문은 … 보도했다': the outlet only reports.
OUTLETS = (
    Case("according-to", "한빛경제신문에 따르면 늘봄제약은 다솜헬스케어와 원격 복약 협약을 맺었다.", pairs=(("늘봄제약", "다솜헬스케어"),)),
    Case("outlet-reported", "매일산업신문은 한결소재가 벼리로지스와 포장재 공급 계약을 맺었다고 보도했다.", pairs=(("벼리로지스", "한결소재"),)),
)


@pytest.mark.parametrize("case", TYPES, ids=case_id)
def test_deal_type_follows_the_predicate(case: Case) -> None:
    assert observed(case) == case.facts()


@pytest.mark.parametrize("case", STATUSES, ids=case_id)
def test_status_follows_the_ending(case: Case) -> None:
    assert observed(case) == case.facts()


@pytest.mark.parametrize("case", PUBLIC_BODIES, ids=case_id)
def test_public_bodies_and_universities_are_parties(case: Case) -> None:
    assert observed(case) == case.facts()


@pytest.mark.parametrize("case", SUBSIDIARIES, ids=case_id)
def test_the_subsidiary_that_signs_is_the_party(case: Case) -> None:
    assert observed(case) == case.facts()


@pytest.mark.parametrize("case", OUTLETS, ids=case_id)
def test_outlets_cited_as_sources_are_not_parties(case: Case) -> None:
    assert observed(case) == case.facts()
