"""Evaluation arithmetic and the KLUE reader (the scores themselves are in the gate test)."""
from __future__ import annotations

from kdeal.pipeline.evaluate import PRF, read_klue


def test_prf_from_sets():
    p = PRF.of({1, 2, 3, 4}, {3, 4, 5})
    assert (p.tp, p.fp, p.fn) == (2, 2, 1)
    assert round(p.precision, 3) == 0.5 and round(p.recall, 3) == 0.667 and round(p.f1, 3) == 0.571


def test_prf_of_empty_sets_is_zero_not_an_error():
    assert PRF.of(set(), set()).f1 == 0.0


def test_klue_reader_turns_char_bio_tags_into_og_spans(tmp_path):
    rows = ["## klue-ner-v1_dev_x\t<경찰:OG>은 <가온:OG>", "경\tB-OG", "찰\tI-OG", "은\tO", " \tO",
            "가\tB-OG", "온\tI-OG", "", "## next", "서\tB-LC", "울\tI-LC", "시\tB-OG", ""]
    p = tmp_path / "k.tsv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    sents = list(read_klue(p))
    assert sents[0].text == "경찰은 가온" and sents[0].orgs == {(0, 2), (4, 6)}
    assert sents[1].text == "서울시" and sents[1].orgs == {(2, 3)}


def test_klue_half_has_2500_sentences(gold_dir):
    sents = list(read_klue(gold_dir / "klue-ner" / "klue-ner-v1.1_dev_even.tsv"))
    assert len(sents) == 2500 and sum(len(s.orgs) for s in sents) > 500
