"""Negative evidence: the public API the recogniser and the deal grammar call (invented names)."""
from __future__ import annotations

import pytest
from kdeal.extractors.evidence import (
    KnownForms,
    coarse,
    is_title,
    known_forms,
    known_label,
    looks_like_person_name,
    non_company_reason,
    party_kind,
)

# An invented lexicon: form -> {fine label: train frequency}.
ROWS = {
    "가온상사": {"OGG_ECONOMY": 5},
    "누리협회": {"OGG_OTHERS": 3},
    "다솜시": {"LCP_CITY": 4, "OGG_POLITICS": 1},
    "별하": {"PS_NAME": 1, "LCP_CITY": 1},
    "해": {"PS_NAME": 9},
    "한별": {"LCP_CITY": 1},
}


def test_fine_labels_map_to_coarse_classes():
    assert coarse("OGG_ECONOMY") == "company"
    assert coarse("OGG_MEDIA") == "organization"
    assert coarse("PS_NAME") == "person"
    assert coarse("LCP_COUNTY") == "place"
    assert coarse("AFA_VIDEO") == "work"
    assert coarse("AFW_OTHER_PRODUCTS") == "product"
    assert coarse("TMI_SW") == "technology"
    assert coarse("TMM_DISEASE") == "disease"
    assert coarse("CV_POSITION") == "title"


def test_known_forms_label_clear_forms_and_not_ambiguous_ones():
    forms = KnownForms(ROWS)
    assert forms.label("가온상사") == "company"
    assert forms.label("누리협회") == "organization"
    assert forms.label("다솜시") == "place"  # 4 of 5: above the default share
    assert forms.get("다솜시").org_share == pytest.approx(0.2)
    assert forms.label("별하") is None  # split evenly: no label
    assert "해" not in forms  # one syllable: ignored by default
    assert forms.label("없는말") is None


def test_known_forms_settings_change_what_counts():
    assert KnownForms(ROWS, min_chars=1).label("해") == "person"
    assert "한별" not in KnownForms(ROWS, min_freq=2)
    assert KnownForms(ROWS, min_share=0.9).label("다솜시") is None


def test_find_gives_every_occurrence():
    forms = KnownForms(ROWS)
    found = forms.find("가온상사와 다솜시 별하")
    assert (0, 4, "company") in found and (6, 9, "place") in found
    assert (10, 12, "amb") in found  # split between a person and a place


def test_bundled_lexicon_is_the_konec_train_forms():
    forms = known_forms()
    assert len(forms.forms) > 20_000
    labels = {forms.label(f) for f in forms.forms}
    assert {"company", "organization", "person", "place"} <= labels


@pytest.mark.parametrize("text,next_word,reason", [
    ("MOU", None, "acronym"), ("CEO", None, "acronym"), ("R&D", None, "acronym"), ("esg", None, "acronym"),
    ("시공사", None, "generic"), ("협력사", None, "generic"), ("회원사", None, "generic"),
    ("저축은행", None, "generic"),  # a kind of bank, in prose: "저축은행 2곳에서"
    ("Java", None, "language"), ("파이썬", None, "language"),
    ("GX3100TB", None, "model"), ("누리바이러스", None, "disease"), ("가온19", None, "disease"),
    ("홍길순", "대표", "person"), ("김모", "씨", "person"), ("남궁별", "회장", "person"),
    ("2024", None, "number"),
    ("코스피", None, "term"), ("나스닥", None, "term"),  # market indices
    ("구미공단", None, "site"),  # an industrial estate named after its town
    ("가람 시공사", None, "generic"), ("누리테크 협력사", None, "generic"),  # a role described
])
def test_reasons(text, next_word, reason):
    assert non_company_reason(text, next_word) == reason


@pytest.mark.parametrize("text,next_word", [
    ("가온테크", "대표"),  # a company before a title: "가온테크 대표 홍길순"
    ("Web3Labs", None),  # small letters: a spelled-out name, not a model number
    ("NXR", None),  # an acronym no list names: could be a company
    ("누리바이오", None),
    ("홍길순", None),  # no title after it: nothing says it is a person
    ("누리연금공단", None),  # 공단 after no town: a public corporation
    ("남궁화학", "대표"),  # a compound surname and a business head: a company's head, no person
    ("황보제약", "회장"),
])
def test_no_reason(text, next_word):
    assert non_company_reason(text, next_word) is None


def test_titles_and_person_names():
    assert is_title("대표") and is_title("기자") and is_title("씨")
    assert not is_title("협약") and not is_title(None)
    assert looks_like_person_name("홍길순") and looks_like_person_name("제갈민")
    assert not looks_like_person_name("Gaon") and not looks_like_person_name("가온테크놀로지스")


def test_a_title_heading_a_team_is_a_title():
    """"탁서윤 교수팀": the team is named after the person, so the name before it is a person."""
    assert is_title("교수팀") and is_title("감독진")
    assert not is_title("연구팀") and not is_title("팀")


def test_a_place_the_lexicon_knows_is_not_a_person_before_a_title():
    # A capital city "시장" (mayor) follows: a place, known as such, not a person.
    place = next(f for f, k in known_forms().forms.items()
                 if known_label(f) == "place" and f[:1] == "서" and len(f) == 2)
    assert non_company_reason(place, "시장") != "person"


def test_parties_are_organisations():
    assert party_kind("누리민주당") == "organization"
    assert party_kind("가람 정의당") == "organization"
    assert party_kind("가온식당") is None
