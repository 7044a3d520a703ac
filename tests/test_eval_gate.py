"""Evaluation gate: pinned floors on the gold data (they only ever go up).

The issue targets are the floors where they are met; where a target is not
met yet the floor pins today's figure so that nothing slips back unnoticed.
"""
from __future__ import annotations

import pytest
from kdeal.pipeline.evaluate import evaluate


@pytest.fixture(scope="module")
def figures(nlp):
    return evaluate(nlp).data


def test_seed_mentions_meet_the_target(figures):
    assert figures["seed.mentions"]["f1"] >= 0.95
    canon = figures["seed.canonical"]
    assert canon["found"] >= 0.95 * canon["total"]


def test_seed_products_and_people_are_never_companies(figures):
    assert figures["seed.not_companies"]["found"] == 0


def test_seed_partner_pairs_meet_the_target(figures):
    assert figures["seed.pairs"]["f1"] >= 0.90


def test_seed_group_deals_and_deal_counts_are_all_found(figures):
    assert figures["seed.group_deals"]["found"] == figures["seed.group_deals"]["total"] == 5
    assert figures["seed.deal_counts"]["found"] == figures["seed.deal_counts"]["total"] == 2


def test_seed_quantities_at_least_ninety_percent(figures):
    q = figures["seed.quantities"]
    assert q["found"] >= 0.9 * q["total"]


def test_real_pages_never_emit_a_not_pair(figures):
    for key, value in figures.items():
        if key.endswith(".not_pairs"):
            assert value["found"] == 0, key


def test_consortium_page_pair_recall_meets_the_target(figures):
    assert figures["fixtures.fundus__MBN_2025_05_28.html.pairs"]["recall"] >= 0.8


def test_pages_pair_recall_floor(figures):
    # Target 0.8; the EUC-KR press-release feed (Latin company names) still fails.
    assert figures["fixtures.pair_recall"] >= 0.85


def test_klue_organisation_rules_alone_floor(figures):
    # The rules scored live (the CRF was trained on this half): 0.631 (0.628 before the fifth pass,
    # 0.567 before the fourth, 0.541 before the third).
    assert figures["klue.og"]["f1"] >= 0.615


def test_klue_organisation_floor(figures):
    # Target 0.75 (issue 13). The default pipeline (rules + the bundled CRF, "extend"),
    # 5-fold cross-validated (cv.json): 0.737 (0.738 before the fifth pass, 0.699 before the fourth).
    assert figures["klue.og_cv"]["f1"] >= 0.73


def test_konec_company_recall_floor(figures):
    # Target 0.80 (issue 13): companies (OGG_ECONOMY) found on the very span, 5-fold CV: 0.708
    # (the same before the fifth pass, 0.690 before the fourth, 0.634 before the third).
    assert figures["konec.company_recall"] >= 0.70


def test_konec_names_that_are_no_organisation_ceiling(figures):
    # Target at most 40 (issue 13): predicted companies and organisations that konec calls a
    # person, place, work, technology term ..., 5-fold CV: 36 (35 before the fourth pass, 39 before the
    # third, 90 before issue 13).
    assert figures["konec.non_organisations"] <= 40


@pytest.fixture(scope="module")
def figures_rules_alone():
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    return evaluate(get_nlp(ExtractOptions(company_model="none")), klue=False).data


def test_seed_meets_the_targets_with_the_rules_alone(figures_rules_alone):
    # --company-model none stays a sound choice: the model adds recall on news, not the seed's.
    f = figures_rules_alone
    assert f["seed.mentions"]["f1"] >= 0.95
    assert f["seed.canonical"]["found"] >= 0.95 * f["seed.canonical"]["total"]
    assert f["seed.not_companies"]["found"] == 0
    assert f["seed.pairs"]["f1"] >= 0.90
    assert f["fixtures.pair_recall"] >= 0.85
