"""Press-release constructions: how companies are introduced, counted and described.

Each case is a sentence written for these tests with invented names, in the shapes
Korean press releases and business news use to name the parties of a deal: a company
introduced with its short form ("(이하 X)") and then called by it, a list counted in
companies ("3사"), investors listed before 등, coined names with a Latin head ("다온AI"),
loanword and venture-capital heads, a sector word before the company it describes
("에듀테크 스타트업 X"), a transliterated name before a head written apart, joint
undertakings ("B와 함께 펀드를 조성"). ``grammarsupport.observed`` reads the facts from
``kdeal.extract``.
"""
from __future__ import annotations

import pytest

from grammarsupport import Case, case_id, observed

PRESS = (
    Case("hereafter-short-form", "누리바이오로직스(이하 누리)는 미르제약과 기술이전 계약을 맺었다. "
         "누리와 다솜화학은 추가 협력도 논의했다.",
         pairs=(("누리바이오로직스", "미르제약"), ("누리바이오로직스", "다솜화학"))),
    Case("counted-in-companies", "가온증권과 누리자산운용, 미르캐피탈 3사는 공동 펀드를 결성했다.",
         pairs=(("가온증권", "누리자산운용"), ("가온증권", "미르캐피탈"), ("누리자산운용", "미르캐피탈")),
         type="collaboration"),
    Case("investors-before-deung", "새봄엔젤스, 누리벤처투자 등이 참여한 이번 투자 라운드에서 다온AI는 150억원을 확보했다.",
         pairs=(("다온AI", "새봄엔젤스"), ("누리벤처투자", "다온AI")), type="investment"),
    Case("sector-word-describes", "청담캐피탈은 이날 에듀테크 스타트업 하람랩에 50억원을 투자했다고 밝혔다.",
         pairs=(("청담캐피탈", "하람랩"),), type="investment"),
    Case("dictionary-sector-word", "미르벤처스는 핀테크 스타트업 페이로드에 투자했다.",
         pairs=(("미르벤처스", "페이로드"),), type="investment"),
    Case("transliterated-before-head", "미국 수소 스타트업 하리손 모빌리티는 가람에너지와 수소충전소 합작 사업에 나선다고 밝혔다.",
         pairs=(("가람에너지", "하리손 모빌리티"),), type="joint_venture"),
    Case("place-and-sector-describe", "미국 전기차 스타트업 볼트리아가 국내 배터리 업체 누리셀과 공급 계약을 맺었다.",
         pairs=(("누리셀", "볼트리아"),), type="supply"),
    Case("loanword-heads", "가람테라퓨틱스는 다솜머티리얼즈와 손잡았다.",
         pairs=(("가람테라퓨틱스", "다솜머티리얼즈"),)),
    Case("joint-undertaking", "한빛캐피탈은 다온증권과 함께 1조원 규모 펀드를 조성한다.",
         pairs=(("다온증권", "한빛캐피탈"),), type="collaboration"),
    Case("professor-team", "가온병원 탁서윤 교수팀은 누리제약과 신약 공동 연구를 진행한다.",
         pairs=(("가온병원", "누리제약"),), type="joint_development"),
    Case("listed-with-descriptor-and-count", "가람시는 다솜산업, 누리물산 등 지역 기업 23개사와 일자리 협약을 맺었다.",
         pairs=(("가람시", "다솜산업"), ("가람시", "누리물산"))),
)


@pytest.mark.parametrize("case", PRESS, ids=case_id)
def test_press_release_constructions(case: Case) -> None:
    assert observed(case) == case.facts()
