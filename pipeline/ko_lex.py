"""spaCy's Korean ``like_num`` lexeme attribute, computed the same way with a set.

Why: spaCy computes every lexeme attribute of a word the first time its vocabulary
meets the word, in Python; for Korean, ``like_num`` tests each character of the word
against a list of 44 number words (``spacy.lang.ko.lex_attrs._num_words``), a linear
scan per character. It was the largest single cost of making new lexemes, about a
quarter of it (py-spy, 2,500 news sentences). A set answers the same question for the
same strings (membership of a ``str`` in a list and in a set are both equality).

The getter is swapped only while it is spaCy's own: a vocabulary given another getter
keeps it. tests/test_ko_lex.py checks the two agree.
"""
from __future__ import annotations

from typing import Any

from spacy.attrs import LIKE_NUM
from spacy.lang.ko import lex_attrs as _ko

_NUM_WORDS = frozenset(_ko._num_words)


def like_num(text: str) -> bool:
    """``spacy.lang.ko.lex_attrs.like_num``, with the number words in a set."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    return any(char.lower() in _NUM_WORDS for char in text)


def use_fast_like_num(vocab: Any) -> None:
    """Give ``vocab`` this ``like_num`` where it has spaCy's Korean one."""
    getters = getattr(vocab, "lex_attr_getters", None)
    if getters is not None and getters.get(LIKE_NUM) is _ko.like_num:
        getters[LIKE_NUM] = like_num
