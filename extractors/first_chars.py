"""A large alternation of regular expressions, compiled so that it skips hopeless positions.

Why: Python's ``re`` skips ahead to the possible first characters of a pattern only
when it can see them at the pattern's head; an alternation whose branches open with
a lookbehind ("(?<=지분 )매각") or a group hides them, so the engine tries every
branch at every character. The deal predicates (``deal_types``), scanned over every
sentence, cost about 0.2 s of CPU per 5,000 news sentences that way. Put in front of
the pattern, a lookahead for the characters a match can start with (``(?=[…])``)
gives the engine that class back: the same matches, about six times faster.

The class is read off the parsed pattern (``re._parser``, the parser ``re.compile``
itself uses). Whatever it cannot be sure of (a branch that may match the empty
string, a category such as ``\\w`` at the head, a parser of another Python version)
leaves the pattern as it is: the lookahead is only ever a necessary condition.
"""
from __future__ import annotations

import re
from typing import Any

try:  # the parser of the ``re`` module itself (Python ≥ 3.11)
    from re import _constants as _op
    from re import _parser
except ImportError:  # pragma: no cover - another layout: no prefilter
    _parser = _op = None  # type: ignore[assignment]

# Zero-width items at a branch's head: they consume nothing, the next item decides.
_ZERO_WIDTH = ("ASSERT", "ASSERT_NOT", "AT")
# Longest class spelled out (characters); past it the lookahead no longer pays.
MAX_CLASS_CHARS = 512


class _Unknown(Exception):
    """An item whose first characters this module does not work out."""


def _class_chars(items: Any) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is _op.LITERAL:
            chars.add(chr(av))
        elif op is _op.RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            raise _Unknown(op)
    return chars


def _first(items: Any) -> tuple[set[str], bool]:
    """The characters a match of the parsed sequence ``items`` can start with, and whether
    it can match the empty string."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if op is _op.LITERAL:
            return chars | {chr(av)}, False
        if op is _op.IN:
            return chars | _class_chars(av), False
        if op is _op.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:…): the class would have one case only
                raise _Unknown(op)
            sub, empty = _first(av[-1])
        elif op is _op.BRANCH:
            firsts = [_first(alt) for alt in av[1]]
            sub, empty = set().union(*(f for f, _ in firsts)), any(e for _, e in firsts)
        elif op in (_op.MAX_REPEAT, _op.MIN_REPEAT):
            sub, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:
            raise _Unknown(op)
        chars |= sub
        if not empty:
            return chars, False
    return chars, True


def first_chars(pattern: str) -> set[str] | None:
    """The characters every match of ``pattern`` starts with, or None when not sure."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):  # global flags must stay at the head
            return None
        chars, empty = _first(parsed)
    except (_Unknown, AttributeError, TypeError, IndexError, ValueError, re.error):
        return None
    return None if empty or not chars or len(chars) > MAX_CLASS_CHARS else chars


def compile_skipping(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)`` behind a lookahead for its possible first characters
    (the same matches, groups and ``lastgroup``), or plain when they cannot be told."""
    chars = first_chars(pattern)
    if chars is None:
        return re.compile(pattern)
    head = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{head}])(?:{pattern})")
