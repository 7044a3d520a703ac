"""Deal records: pairing rules of the contract, stable ids, validation."""
from __future__ import annotations

import pytest

from kdeal.records import Deal, Evidence, Group, Mention, Party, Quantity, make_deal_id


def deal(parties, group=None):
    ps = tuple(Party(n, n, "company", side) for n, side in parties)
    return Deal(deal_id="x", doc_id="d", type="collaboration", status="done", parties=ps,
                evidence=Evidence("s", 0, 1), group=group)


def test_both_sides_named_pairs_every_a_with_every_b():
    d = deal([("가온", "a"), ("나래", "a"), ("다솜", "b"), ("라온", "b")])
    assert d.pairs() == [("가온", "다솜"), ("가온", "라온"), ("나래", "다솜"), ("나래", "라온")]


def test_one_named_side_without_group_is_mutual_collaboration():
    d = deal([("가온", "a"), ("나래", "a"), ("다솜", "a")])
    assert d.pairs() == [("가온", "나래"), ("가온", "다솜"), ("나래", "다솜")]


def test_parties_meeting_only_a_group_do_not_pair_with_each_other():
    d = deal([("가온백화점", "a"), ("나래백화점", "a")], Group("회원사", 10))
    assert d.pairs() == []


def test_same_canonical_on_both_sides_is_not_a_pair():
    assert deal([("가온", "a"), ("가온", "b")]).pairs() == []


def test_deal_id_is_stable_and_ignores_party_order():
    a = (Party("가온", "가온", "company", "a"), Party("나래", "나래", "company", "b"))
    assert make_deal_id("d", "contract", a, None, 10) == make_deal_id("d", "contract", a[::-1], None, 10)
    assert make_deal_id("d", "contract", a, None, 10) != make_deal_id("d", "contract", a, None, 11)


def test_contract_json_shape():
    d = Deal(deal_id="x", doc_id="d", type="collaboration", status="done",
             parties=(Party("가온", "가온", "company", "a"),), evidence=Evidence("문장", 3, 5),
             group=Group("회원사", 10, True),
             quantities=(Quantity(0, 9, "10여 개 회원사", 10.0, True, "개", "회원사"),), period="2018")
    j = d.to_json()
    assert list(j) == ["deal_id", "doc_id", "type", "status", "parties", "group", "quantities", "period",
                       "subject", "evidence", "source", "schema_version", "kdeal_version", "model_id",
                       "run_id", "fetched_at"]
    assert j["quantities"][0] == {"start": 0, "end": 9, "text": "10여 개 회원사", "value": 10, "approx": True,
                                  "unit": "개", "noun": "회원사"}
    assert j["parties"][0] == {"name": "가온", "canonical": "가온", "kind": "company", "side": "a",
                               "start": None, "end": None}


def test_invalid_values_are_refused():
    with pytest.raises(ValueError):
        Mention("d", 5, 5, "x", "x", "company")
    with pytest.raises(ValueError):
        Mention("d", 0, 1, "x", "x", "vendor")
    with pytest.raises(ValueError):
        Party("x", "x", "company", "c")
