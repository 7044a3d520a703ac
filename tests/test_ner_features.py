"""Word-shape features of the name CRF's unit cores (invented names)."""
from __future__ import annotations

from kdeal.extractors.ner.features import UNIT_CORE, _mixes, spell


def test_mixed_scripts_are_spelled_in_order_and_pure_hangul_says_nothing():
    assert _mixes(["LG가온솔루션", "3D메딕스", "가온누리", "Web3Labs", "가온-1"]) == ["LH", "DLH", None, "LDL", "HOD"]


def test_unit_cores_see_their_name_heads():
    feats = set(spell(UNIT_CORE, "가온디스플레이"))
    assert "uchead" in feats and "uohead" not in feats
    assert "uohead" in set(spell(UNIT_CORE, "누리협회"))
