"""KnownForms built from rows: the one-label fast path gives what the general rule gives
(evidence.KnownForms.__init__), for ordinary, multi-label, zero and filtered rows."""
from __future__ import annotations

from kdeal.extractors.evidence import KnownForm, KnownForms

# Made-up forms (in no gold file), with fine NIKL labels and train frequencies.
ROWS = {
    "휘담솔루션": {"OGG_ECONOMY": 4},              # one label: a company
    "모래톱상회": {"OGG_ECONOMY": 1, "LCP_CITY": 1},  # split evenly: ambiguous, half organisation
    "윤슬결": {"PS_NAME": 5, "OGG_ECONOMY": 1},       # a clear majority: a person
    "다온누리": {"OGG_ECONOMY": 0},                 # seen zero times: the general rule decides
    "여울목": {"LCP_CITY": 2, "LC_OTHERS": 1},      # two labels, one class
    "솔": {"OGG_ECONOMY": 9},                       # one syllable: too short
}


def test_one_label_rows_and_the_rest():
    forms = KnownForms(ROWS, min_chars=2, min_freq=1, min_share=0.6)
    assert list(forms.forms) == ["휘담솔루션", "모래톱상회", "윤슬결", "여울목"]  # file order kept
    assert forms.forms["휘담솔루션"] == KnownForm("휘담솔루션", {"company": 4})
    assert forms.label("휘담솔루션") == forms.classes["휘담솔루션"] == "company"
    assert forms.label("모래톱상회") is None and forms.classes["모래톱상회"] == "amb-org"
    assert forms.label("윤슬결") == forms.classes["윤슬결"] == "person"
    assert forms.forms["여울목"] == KnownForm("여울목", {"place": 3}) and forms.label("여울목") == "place"
    assert "다온누리" not in forms and "솔" not in forms
    assert forms.longest == 5  # 휘담솔루션, 모래톱상회


def test_zero_sightings_pass_a_zero_threshold_through_the_general_rule():
    forms = KnownForms(ROWS, min_chars=2, min_freq=0, min_share=0.6)
    assert forms.forms["다온누리"] == KnownForm("다온누리", {"company": 0})
    assert forms.label("다온누리") == forms.classes["다온누리"] == "company"


def test_frequency_threshold_applies_to_one_label_rows():
    forms = KnownForms(ROWS, min_chars=2, min_freq=4, min_share=0.6)
    assert set(forms.forms) == {"휘담솔루션", "윤슬결"}
