"""Mention replacement for the name CRF's training data (invented sentences and labels)."""
from __future__ import annotations

import random

from kdeal.pipeline.evaluate import Entity
from kdeal.pipeline.train_augment import make_copy, pools, strip_lexicon, swappable

TEXT = "가온전자와 누리협회는 북가람에서 홍길순 대표를 만났다."
ORGS = frozenset({(0, 4), (6, 10), (12, 15)})
ENTITIES = (Entity(0, 4, "OGG_ECONOMY"), Entity(6, 10, "OGG_OTHERS"), Entity(12, 15, "LCP_COUNTRY"),
            Entity(18, 21, "PS_NAME"), Entity(22, 24, "CV_POSITION"))


def test_swappable_names_keep_their_class_and_skip_disputed_spans():
    got = swappable(ORGS, ENTITIES)
    assert got == [(0, 4, "company", True), (6, 10, "organization", True), (18, 21, "person", False)]


def test_pools_hold_lexicon_forms_of_each_class():
    p = pools()
    assert all(len(p[c]) > 100 for c in ("company", "organization", "person", "place"))
    assert not set(p["company"]) & set(p["person"])


def test_a_copy_moves_every_span_with_the_text():
    for seed in range(20):
        c = make_copy(TEXT, ORGS, ENTITIES, random.Random(seed), mask_share=0.5)
        if c is None:
            continue
        assert c.text.endswith("대표를 만났다.")
        labels = {c.text[x.start:x.end]: x.label for x in c.entities}
        assert labels.get("대표") == "CV_POSITION" and labels.get("북가람") == "LCP_COUNTRY"
        assert (c.text.index("북가람"), c.text.index("북가람") + 3) in c.orgs  # a disputed span stays
        for s, e in c.orgs | set(c.masked):
            assert c.text[s:e].strip() == c.text[s:e] and e > s
        swapped = [x for x in c.entities if x.label in ("OGG_ECONOMY", "OGG_OTHERS", "PS_NAME")]
        assert len(swapped) == 3


def test_masked_names_lose_their_lexicon_features_and_their_neighbours_word_of_them():
    feats = [["w=a", "1:xc=company"], ["w=b", "x=B-company", "xc=company", "ucxp=company", "-1:xc=title"],
             ["w=c", "-1:xc=company", "1:xc=title"]]
    got = strip_lexicon(feats, [(1, 2)])
    assert got == [["w=a"], ["w=b", "-1:xc=title"], ["w=c", "1:xc=title"]]
    assert feats[1][1] == "x=B-company"  # the input is left as it was
