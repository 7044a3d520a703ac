"""Is a page Korean? A cheap test on the raw text, before any parsing.

A CC-NEWS file holds pages in every language and only a few percent are
Korean; parsing a page (trafilatura, htmldate) costs tens of milliseconds,
counting its Hangul syllables a fraction of one. Markup is ASCII, so the
share is taken among the letters outside ASCII: a Korean page is mostly
Hangul there, a Japanese or Chinese page whose menu offers "한국어" is not.
"""
from __future__ import annotations

import re

from .options import DEFAULT_MIN_HANGUL_SHARE

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
MIN_HANGUL_CHARS = 20  # fewer than this is a word or two in a menu, not a Korean text


def hangul_share(text: str) -> float:
    """Hangul among the non-ASCII letters of ``text`` (0 when there are none)."""
    letters = len(NON_ASCII_LETTER.findall(text))
    return len(HANGUL.findall(text)) / letters if letters else 0.0


def looks_korean(text: str, min_share: float = DEFAULT_MIN_HANGUL_SHARE) -> bool:
    if min_share <= 0:
        return True
    hangul = len(HANGUL.findall(text))
    return hangul >= MIN_HANGUL_CHARS and hangul_share(text) >= min_share
