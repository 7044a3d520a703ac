"""The recogniser's last steps: negative evidence, shape repairs, aliases and short forms
(invented names and sentences)."""
from __future__ import annotations

import pytest
from kdeal.extractors.canonical import bare_name, is_alias, is_short_form, link_aliases
from kdeal.extractors.recognize_evidence import EvidenceLayer, neighbours
from kdeal.extractors.tokens import Units, boundaries
from kdeal.records import Mention


@pytest.fixture(scope="module")
def nlp():
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    return get_nlp(ExtractOptions(components=("kdeal_companies",), company_model="none"))


def _m(text, sub, kind="company", source="model", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return Mention("d", start, start + len(sub), sub, sub, kind, None, source)


def _judge(nlp, text, *mentions):
    doc = nlp.make_doc(text)
    return EvidenceLayer()(doc, boundaries(doc), Units(doc), list(mentions))


def test_a_person_before_a_title_is_a_person(nlp):
    text = "홍길순 대표는 가온테크와 협약을 맺었다."
    got = _judge(nlp, text, _m(text, "홍길순"), _m(text, "가온테크"))
    assert [(m.text, m.kind) for m in got] == [("홍길순", "person"), ("가온테크", "company")]


def test_acronyms_generic_nouns_languages_and_diseases_are_dropped(nlp):
    text = "시공사는 MOU에 따라 Java로 만든 누리바이러스 대응 앱을 가온랩과 공개했다."
    got = _judge(nlp, text, *(_m(text, w) for w in ("시공사", "MOU", "Java", "누리바이러스", "가온랩")))
    assert [m.text for m in got] == ["가온랩"]


def test_a_model_number_is_a_product(nlp):
    text = "가온전자는 GX3100TB를 출시했다."
    got = _judge(nlp, text, _m(text, "GX3100TB"))
    assert [(m.text, m.kind) for m in got] == [("GX3100TB", "product")]


def test_names_from_the_users_list_stand_whatever_the_evidence(nlp):
    text = "MOU 행사"
    m = _m(text, "MOU", source="gazetteer:user:mine.csv")
    assert _judge(nlp, text, m) == [m]


def test_a_name_never_crosses_an_unbalanced_bracket(nlp):
    text = "채굴업체 가온 8(GAON 8)은 합병한다."
    got = _judge(nlp, text, _m(text, "가온 8(GAON 8"))
    assert [m.text for m in got] == ["가온 8"]


def test_a_name_starts_with_its_word_of_digits_and_latin_letters(nlp):
    text = "3D누리스는 협약을 맺었다."
    doc = nlp.make_doc(text)
    start = next(t.idx for t in doc if "누리" in t.text)
    got = EvidenceLayer()(doc, boundaries(doc), Units(doc),
                          [Mention("d", start, 5, text[start:5], text[start:5], "company", None, "model")])
    assert [m.text for m in got] == ["3D누리스"]


def test_a_party_is_an_organisation(nlp):
    text = "누리민주당은 논평을 냈다."
    got = _judge(nlp, text, _m(text, "누리민주당"))
    assert got[0].kind == "organization"


def test_neighbours_are_the_words_around_without_particles(nlp):
    text = "가온테크 홍길순씨는 말했다."
    doc = nlp.make_doc(text)
    s = text.index("홍길순")
    assert neighbours(doc, boundaries(doc), Units(doc), s, s + 3) == ("가온테크", "씨")


def test_short_forms():
    assert is_short_form("누리엔솔", "누리에너지솔루션")  # 에+너 written 엔
    assert is_short_form("GA엔솔", "GA에너지솔루션")
    assert is_short_form("가뱅", "가온뱅크")
    assert not is_short_form("누리", "누리전자")  # its front: often another company (the group)
    assert not is_short_form("다솜", "누리전자")


def test_aliases_in_brackets():
    assert is_alias("KGC", "한국가온공사")
    assert not is_alias("MOU", "한국가온공사")
    assert not is_alias("서울", "한국가온공사")  # a place in brackets, not a short form
    assert is_alias("가공", "한국가온공사")


def test_link_aliases_gives_the_alias_and_short_forms_the_full_name():
    text = "한국가온공사(KGC)는 누리에너지솔루션과 손잡았다. KGC와 누리엔솔은 이렇게 밝혔다."
    ms = [_m(text, "한국가온공사", "organization", "form"), _m(text, "누리에너지솔루션"),
          _m(text, "KGC", nth=1), _m(text, "누리엔솔")]
    got = {(m.start, m.text): (m.canonical, m.kind) for m in link_aliases(text, ms)}
    assert got[(text.index("KGC"), "KGC")] == ("한국가온공사", "organization")  # the alias itself
    assert got[(text.index("KGC", 12), "KGC")] == ("한국가온공사", "organization")
    assert got[(text.index("누리엔솔"), "누리엔솔")] == ("누리에너지솔루션", "company")


def test_an_alias_after_ihha_may_be_the_names_front():
    """"(이하 누리)": the writer names the short form outright, so the name's front will do; without
    이하 the front is not taken ("누리전자(누리)" could be the group)."""
    assert is_alias("누리", "누리엔터테인먼트", hereafter=True)
    assert not is_alias("누리", "누리엔터테인먼트")
    assert not is_alias("다솜", "누리엔터테인먼트", hereafter=True)
    text = "배우 한별은 누리 엔터테인먼트(이하 ‘누리’)와 계약을 맺었다."
    got = {m.text: (m.canonical, m.source) for m in link_aliases(text, [_m(text, "누리 엔터테인먼트", "company", "form")])}
    assert got["누리"] == ("누리 엔터테인먼트", "propagated:alias")


def test_a_short_form_is_the_name_where_the_document_uses_it_later():
    """After "(이하 누리)" the document writes "누리는", "누리와": each is the company; the same
    letters inside a longer word or after an object (a verb's stem: "혜택을 누리는") are not."""
    text = ("다솜바이오사이언스(이하 다솜)는 기술이전 계약을 맺었다. 다솜은 300억원을 받는다. "
            "다솜과 미르전력은 협력한다. 다솜이네 가게는 혜택을 다솜는다.")
    got = link_aliases(text, [_m(text, "다솜바이오사이언스", "company", "context")])
    uses = sorted(m.start for m in got if m.text == "다솜")
    assert uses == [text.index("다솜)"), text.index("다솜은"), text.index("다솜과")]
    assert all(m.canonical == "다솜바이오사이언스" for m in got)


def test_bare_names_across_documents():
    assert bare_name("ABC GaoNet", "company") == "GaoNet"  # as another document writes it
    assert bare_name("ABC Bank", "company") == "ABC Bank"
    assert bare_name("가온 누리상사", "company") == "가온 누리상사"


@pytest.mark.parametrize("text,name,canonical", [
    ("가람랩 주식회사와 손잡았다.", "가람랩 주식회사", "가람랩"),
    ("주식회사 가람랩과 손잡았다.", "주식회사 가람랩", "가람랩"),
    ("가람랩㈜와 손잡았다.", "가람랩㈜", "가람랩"),
    ("(주)가람랩과 손잡았다.", "(주)가람랩", "가람랩"),
    ("Garam Labs Co., Ltd.와 손잡았다.", "Garam Labs Co., Ltd.", "Garam Labs"),
])
def test_legal_forms_in_every_position(nlp, text, name, canonical):
    got = [(m.text, m.canonical) for m in nlp(text)._.mentions]
    assert (name, canonical) in got


def test_the_form_ends_the_name_before_a_title(nlp):
    got = [(m.text, m.canonical) for m in nlp("가람랩 주식회사 대표 홍길순이 참석했다.")._.mentions]
    assert ("가람랩 주식회사", "가람랩") in got
    assert all("대표" not in c for _, c in got)


def test_pipeline_turns_away_acronyms_in_deal_sentences(nlp):
    got = {m.text for m in nlp("Gaon Pay는 Nuri Bank와 MOU를 체결했다.")._.mentions if m.is_org}
    assert got == {"Gaon Pay", "Nuri Bank"}


def test_a_place_alone_in_brackets_is_a_home_not_a_party(nlp):
    text = "가온 이글스(일본)와 누리테크(가람전자)가 맞붙었다."
    got = _judge(nlp, text, _m(text, "가온 이글스", "organization"), _m(text, "일본", "organization"),
                 _m(text, "누리테크"), _m(text, "가람전자"))
    assert [(m.text, m.kind) for m in got] == [("가온 이글스", "organization"), ("일본", "place"),
                                               ("누리테크", "company"), ("가람전자", "company")]


def test_a_body_followed_by_a_head_count_is_its_staff(nlp):
    text = "군인과 경찰 5명이 다쳤고 소방 30여명이 투입됐으며 가온전자는 경찰에 신고했다."
    got = _judge(nlp, text, _m(text, "경찰", "organization", "gazetteer:institutions"),
                 _m(text, "소방", "organization"), _m(text, "가온전자"),
                 _m(text, "경찰", "organization", "gazetteer:institutions", nth=1))
    assert [(m.text, m.start) for m in got] == [("가온전자", text.index("가온전자")),
                                                ("경찰", text.index("경찰에"))]


@pytest.mark.parametrize("text, inner, whole", [
    ("그는 최근 의무경찰에 지원했다.", "경찰", "의무경찰"),  # a two-syllable modifier belongs to the name
    ("이번 선거에선 지방의회에서 의원을 뽑았다.", "의회", "지방의회"),
    ("선수는 가람누리공사 소속이다.", "누리공사", "가람누리공사"),
])
def test_a_name_inside_a_word_is_the_whole_word(nlp, text, inner, whole, source="gazetteer:institutions"):
    got = _judge(nlp, text, _m(text, inner, "organization", source))
    assert [m.text for m in got] == [whole]


@pytest.mark.parametrize("text, inner", [
    ("야권의 반정부 시위가 이어졌다.", "정부"),  # a one-syllable prefix makes another word
    ("가람 구의회의 초청을 받았다.", "의회"),
])
def test_a_name_after_a_one_syllable_prefix_in_its_word_is_no_name(nlp, text, inner):
    assert _judge(nlp, text, _m(text, inner, "organization", "gazetteer:institutions")) == []


@pytest.mark.parametrize("text, inner, kind, source, expected", [
    # a name glued to the word before by a particle keeps its start
    ("가온과누리테크가 손잡았다.", "누리테크", "company", "model", "누리테크"),
    # a user's listed name is the user's call, inside a word or not
    ("그는 최근 의무경찰에 지원했다.", "경찰", "organization", "gazetteer:user", "경찰"),
    # a Latin name glued after a Korean word starts where its script does
    ("카드 브랜드 회사인GCB는 계약을 맺었다.", "GCB", "company", "model", "GCB"),
    # a word's front stops at a mark
    ("가람-누리경찰 합동 수사", "경찰", "organization", "gazetteer:institutions", "누리경찰"),
])
def test_where_a_name_inside_a_word_starts(nlp, text, inner, kind, source, expected):
    got = _judge(nlp, text, _m(text, inner, kind, source))
    assert [m.text for m in got] == [expected]


@pytest.mark.parametrize("text, body, name", [
    ("베를린 경찰은 인원을 추정했다.", "경찰", "베를린 경찰"),
    ("피해자들은 “애틀랜타 법원에 냈다.", "법원", "애틀랜타 법원"),
])
def test_a_body_after_its_place_is_named_with_it(text, body, name):
    from kdeal.extractors.recognize_evidence import with_place_before

    m = with_place_before(text, _m(text, body, "organization", "model"))
    assert (m.text, m.canonical) == (name, name)


def test_a_body_with_a_name_of_its_own_keeps_its_canonical_name_after_a_place():
    from kdeal.extractors.recognize_evidence import with_place_before

    text = "미국 누리통상부는 발표했다."
    m = with_place_before(text, _m(text, "누리통상부", "organization", "model"))
    assert (m.text, m.canonical) == ("미국 누리통상부", "누리통상부")


@pytest.mark.parametrize("text, name, kind", [
    ("일본 가온상사와 계약했다.", "가온상사", "company"),  # a company keeps its own name
    ("가온 경찰은 말했다.", "경찰", "organization"),  # no known place before it
    ("미국경찰은 말했다.", "경찰", "organization"),  # no space: one word
])
def test_a_company_or_a_body_after_no_place_keeps_its_span(text, name, kind):
    from kdeal.extractors.recognize_evidence import with_place_before

    m = _m(text, name, kind, "model")
    assert with_place_before(text, m) == m


@pytest.mark.parametrize("text, body, name", [
    ("가람일보 노조는 매각에 반대했다.", "가람일보", "가람일보 노조"),
    ("누리지법 형사9단독 판사는 선고했다.", "누리지법", "누리지법 형사9단독"),
    ("누리대법원 3부(주심 한별 대법관)는 판결했다.", "누리대법원", "누리대법원 3부"),
    ("가람대 총학생회의 공약이다.", "가람대", "가람대 총학생회"),
])
def test_a_part_of_a_body_written_after_it_is_one_organisation(text, body, name):
    from kdeal.extractors.recognize_evidence import with_division_after

    m = with_division_after(text, _m(text, body, "company", "model"))
    assert (m.text, m.kind) == (name, "organization")


@pytest.mark.parametrize("text", ["가온전자 노조원 100명이 모였다.", "가온전자 3부작 광고를 냈다.",
                                  "가온전자 총회장이 말했다."])
def test_a_longer_word_after_a_body_is_no_part_of_it(text):
    from kdeal.extractors.recognize_evidence import with_division_after

    m = _m(text, "가온전자")
    assert with_division_after(text, m) == m


def test_a_news_head_after_a_latin_acronym_is_the_outlets_name():
    from kdeal.extractors.recognize_evidence import with_division_after

    text = "GNB 방송은 이날 보도했다. 가온 방송은 아니다."
    m = with_division_after(text, _m(text, "GNB", "organization"))
    assert (m.text, m.kind) == ("GNB 방송", "organization")
    assert with_division_after(text, _m(text, "가온", "company")).text == "가온"


def test_a_leading_personal_name_is_trimmed_unless_a_bare_head_would_remain():
    """"하리손 에너지": a three-syllable word with a surname looks like a person, but a head alone
    ("에너지") names nothing, so the word is the name's front; before a longer name it is cut."""
    from kdeal.extractors.recognize_evidence import trimmed

    text = "하리손 에너지"
    assert trimmed(text, 0, len(text)) == (0, len(text))
    text = "하리손 가람에너지"
    assert text[slice(*trimmed(text, 0, len(text)))] == "가람에너지"
