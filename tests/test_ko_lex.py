"""pipeline/ko_lex.py: the set-based Korean ``like_num`` agrees with spaCy's on every kind of word."""
from __future__ import annotations

import random

from spacy.attrs import LIKE_NUM
from spacy.lang.ko import lex_attrs as spacy_ko
from spacy.vocab import Vocab

from kdeal.pipeline.ko_lex import like_num, use_fast_like_num
from kdeal.pipeline.segment import blank_korean

SAMPLES = ["", "3", "+3", "-3.5", "±1,000", "~7", "1/2", "1/x", "1/2/3", "삼", "삼성", "셋째", "하늘", "열쇠",
           "구름", "바다", "회사", "만원", "İ", "ABC", "x1", "½", "٣", "3개", "백억", "가나다", "/", "+", "1,2.3"]


def test_agrees_with_spacy_on_samples_and_every_number_word():
    words = SAMPLES + list(spacy_ko._num_words) + [w + "째" for w in spacy_ko._num_words]
    assert [like_num(w) for w in words] == [spacy_ko.like_num(w) for w in words]
    assert any(like_num(w) for w in words) and not all(like_num(w) for w in words)


def test_agrees_with_spacy_on_random_words():
    rng = random.Random(15)
    alphabet = "가나다라마바사아자차카타파하일이삼사오육칠팔구십백천만억영공열스물0123456789,./+-~±Aİa "
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    assert [like_num(w) for w in words] == [spacy_ko.like_num(w) for w in words]


def test_swapped_only_where_the_vocabulary_has_spacys_getter():
    mine = Vocab(lex_attr_getters={LIKE_NUM: lambda text: False})
    use_fast_like_num(mine)
    assert mine.lex_attr_getters[LIKE_NUM]("3") is False
    nlp = blank_korean()
    assert nlp.vocab.lex_attr_getters[LIKE_NUM] is like_num
    assert nlp.vocab["삼"].like_num and not nlp.vocab["바다"].like_num
