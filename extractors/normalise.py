"""The normal form of a name, used to compare and register names whatever their spelling.

Legal forms ("(주)", "주식회사", ", Inc.") and quotes are dropped, and spaces are
joined except between Latin words: "(주) 누리 이앤엠" and "누리이앤엠" are one
name, "Gaon Tech, Inc." is "Gaon Tech".
"""
from __future__ import annotations

import re

_LEGAL = re.compile(r"\(주\)|㈜|\(株\)|주식회사|\(유\)|유한회사")
_QUOTES = re.compile(r"[‘’“”'\"「」『』]")


# A Latin legal form at the end of a Latin name: "Gaon Tech, Inc." -> "Gaon Tech".
_LATIN_LEGAL = re.compile(r"(?<=[A-Za-z0-9.]),?\s+(?i:Inc|Incorporated|Co|Company|Ltd|Limited|Corp|Corporation"
                          r"|LLC|GmbH|PLC)\.?(?:,?\s?(?i:Ltd)\.?)?$")
# Spaces are dropped ("누리 이앤엠" is "누리이앤엠") except between Latin words ("Gaon Tech").
_DROPPED_SPACE = re.compile(r"(?<![A-Za-z0-9&.])\s+|\s+(?![A-Za-z0-9&])")


def normalise(text: str) -> str:
    """Legal forms and quotes removed; spaces joined, except between Latin words."""
    text = _QUOTES.sub("", _LEGAL.sub("", text)).strip()
    text = _LATIN_LEGAL.sub("", text)
    return _DROPPED_SPACE.sub("", text).strip()
