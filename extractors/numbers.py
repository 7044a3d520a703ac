"""Korean number words to values: digits, mixed forms and native numerals.

Korean business writing mixes three systems in one text: Arabic digits with
thousands commas ("28,000"), digits with Sino-Korean magnitude words that
group by four places, not three ("1만 2천" = 12,000; "8.65백만" = 8,650,000;
"129.75억" = 12,975,000,000), and native numerals that only appear before a
counter ("세 곳", "열두 개", "스무 명"). A magnitude word multiplies everything
written since the previous larger magnitude, which is why "2.36천만" is
2.36 × 1,000 × 10,000 and "1억 2천만" is 100,000,000 + 2,000 × 10,000.
"""
from __future__ import annotations

import re

SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
BIG_UNITS = {"만": 10 ** 4, "억": 10 ** 8, "조": 10 ** 12}
SINO_DIGITS = {"영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8,
               "구": 9}
# Native numerals: the attributive forms used before counters, and the free forms.
NATIVE_ONES = {"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4, "넉": 4,
               "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
NATIVE_TENS = {"열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60, "일흔": 70,
               "여든": 80, "아흔": 90}

DECIMAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MAGNITUDE = r"(?:[십백천]?[만억조]|[십백천])"
# "1만 2천", "3천", "129.75억", "8.65백만", "1,500": a group that ends in a magnitude may be
# followed (after an optional space) by a smaller group.
DIGIT_NUMBER = rf"(?:(?:{DECIMAL}){_MAGNITUDE}\s?)*(?:{DECIMAL}){_MAGNITUDE}?"
_NATIVE_TENS_ALT = "|".join(sorted(NATIVE_TENS, key=len, reverse=True))
_NATIVE_ONES_ALT = "|".join(sorted(NATIVE_ONES, key=len, reverse=True))
NATIVE_NUMBER = rf"(?:(?:{_NATIVE_TENS_ALT})(?:{_NATIVE_ONES_ALT})?|(?:{_NATIVE_ONES_ALT}))"

_PIECE = re.compile(
    rf"(?P<dec>{DECIMAL})|(?P<tens>{_NATIVE_TENS_ALT})|(?P<ones>{_NATIVE_ONES_ALT})"
    r"|(?P<small>[십백천])|(?P<big>[만억조])|(?P<sino>[영공일이삼사오육칠팔구])|(?P<sep>[\s,]+)"
)


def parse_korean_number(text: str) -> float:
    """The value of a number written in digits, mixed digits and magnitudes, or native words.

    Raises ``ValueError`` on text that is not one well-formed number, e.g.
    magnitudes out of order ("2만 3억") or two numbers in a row ("3 4").
    """
    s = text.strip()
    if not s:
        raise ValueError("empty number")
    total = 0.0        # sum of completed big-unit blocks (만, 억, 조)
    section = 0.0      # value below the next big unit
    current: float | None = None  # a number waiting for its magnitude
    last_big: float | None = None
    last_small: float | None = None
    native = 0
    native_kinds: list[str] = []
    pos = 0
    while pos < len(s):
        m = _PIECE.match(s, pos)
        if m is None:
            raise ValueError(f"not a number: {text!r}")
        pos = m.end()
        kind = m.lastgroup
        piece = m.group()
        if kind == "sep":
            continue
        if kind in ("tens", "ones"):
            if section or current is not None or total:
                raise ValueError(f"native numeral after digits: {text!r}")
            if kind in native_kinds or (kind == "tens" and native_kinds):
                raise ValueError(f"malformed native numeral: {text!r}")
            native_kinds.append(kind)
            native += (NATIVE_TENS if kind == "tens" else NATIVE_ONES)[piece]
            continue
        if native_kinds:
            raise ValueError(f"digits after a native numeral: {text!r}")
        if kind == "dec" or kind == "sino":
            if current is not None:
                raise ValueError(f"two numbers in a row: {text!r}")
            current = float(piece.replace(",", "")) if kind == "dec" else float(SINO_DIGITS[piece])
        elif kind == "small":
            unit = SMALL_UNITS[piece]
            if last_small is not None and unit >= last_small:
                raise ValueError(f"magnitudes out of order: {text!r}")
            section += (1.0 if current is None else current) * unit
            last_small = unit
            current = None
        else:  # big
            unit = BIG_UNITS[piece]
            if last_big is not None and unit >= last_big:
                raise ValueError(f"magnitudes out of order: {text!r}")
            block = section + (current or 0.0)
            total += (block if block else 1.0) * unit
            section, current, last_big, last_small = 0.0, None, unit, None
    if native_kinds:
        return float(native)
    if current is None and not section and not total:
        raise ValueError(f"not a number: {text!r}")
    return total + section + (current or 0.0)


def is_native_numeral(text: str) -> bool:
    return re.fullmatch(NATIVE_NUMBER, text.strip()) is not None
