"""Helpers for reading Kiwi tags and token boundaries off a spaCy Doc."""
from __future__ import annotations

from spacy.tokens import Doc, Token

NOMINAL_PREFIXES = ("NNP", "NNG", "NNB", "NR", "SL", "SH", "SN", "XSN", "XPN")


def first_tag(token: Token) -> str:
    return token.tag_.split("+", 1)[0]


def last_tag(token: Token) -> str:
    return token.tag_.rsplit("+", 1)[-1]


def is_nominal(token: Token) -> bool:
    """A token that can be part of a name: nouns, foreign words, hanja, numbers."""
    return "+" not in token.tag_ and token.tag_.startswith(NOMINAL_PREFIXES)


def is_particle(token: Token) -> bool:
    return first_tag(token).startswith("J")


class Boundaries:
    """Which character offsets start or end a token, and which token covers a char."""

    def __init__(self, doc: Doc):
        self.starts: dict[int, int] = {}
        self.ends: dict[int, int] = {}
        for t in doc:
            self.starts[t.idx] = t.i
            self.ends[t.idx + len(t.text)] = t.i

    def aligned(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends

    def span_tokens(self, doc: Doc, start: int, end: int) -> list[Token]:
        return list(doc[self.starts[start]:self.ends[end] + 1])
