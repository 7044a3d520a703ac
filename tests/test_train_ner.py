"""Training targets and the fine-label scores of the name CRF (invented sentences and labels)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from kdeal.extractors.tokens import Units
from kdeal.pipeline.evaluate import Entity, read_bio
from kdeal.pipeline.train_ner import DEFAULT_SETTINGS, Row, score_konec, targets

TEXT = "가온전자와 누리협회는 북가람에서 홍길순 대표를 만났다."


@pytest.fixture(scope="module")
def row():
    from kdeal.pipeline.segment import blank_korean

    doc = blank_korean().make_doc(TEXT)
    gold = frozenset({(0, 4), (6, 10), (12, 15)})  # the KLUE spans: 북가람 (a state) is one
    entities = (Entity(0, 4, "OGG_ECONOMY"), Entity(6, 10, "OGG_OTHERS"), Entity(12, 15, "LCP_COUNTRY"),
                Entity(19, 22, "PS_NAME"), Entity(23, 25, "CV_POSITION"))
    return Row(doc, Units(doc), (), gold, entities)


def test_targets_split_companies_from_organisations_and_learn_negatives(row):
    got = set(targets(row, replace(DEFAULT_SETTINGS, negatives="one", disputed="org")))
    assert {(0, 4, "CO"), (6, 10, "OG"), (12, 15, "OG"), (19, 22, "X")} <= got
    assert not any(s == 23 for s, _, _ in got)  # titles are not among the negatives


def test_disputed_spans_follow_the_fine_labels_when_asked(row):
    got = set(targets(row, replace(DEFAULT_SETTINGS, negatives="split", disputed="negative")))
    assert (12, 15, "LC") in got and (12, 15, "OG") not in got
    assert (19, 22, "PS") in got


def test_no_negatives(row):
    got = set(targets(row, replace(DEFAULT_SETTINGS, negatives="none", disputed="negative")))
    assert got == {(0, 4, "CO"), (6, 10, "OG")}


def test_score_konec_counts_recall_kind_and_non_organisations(row):
    pred = {(0, 0, 4, "organization"), (0, 6, 10, "organization"), (0, 19, 22, "company")}
    k = score_konec([row], pred)
    assert k["company_recall"] == 1.0 and k["company_recall_as_company"] == 0.0
    assert k["organization_recall"] == 1.0
    assert k["kind_right"] == 1 and k["kind_of_found"] == 2
    assert k["non_organisations"] == 1 and k["non_organisations_by_class"] == {"person": 1}
    assert k["company_precision"] == 0.0  # the one predicted company is a person


def test_read_bio_keeps_the_fine_labels(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("## comment\n가\tB-OGG_ECONOMY\n온\tI-OGG_ECONOMY\n \tO\n홍\tB-PS_NAME\n\n누\tI-LCP_CITY\n",
                    encoding="utf-8")
    got = list(read_bio(path))
    assert got == [("가온 홍", (Entity(0, 2, "OGG_ECONOMY"), Entity(3, 4, "PS_NAME"))),
                   ("누", (Entity(0, 1, "LCP_CITY"),))]
