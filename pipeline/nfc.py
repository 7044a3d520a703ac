"""Unicode NFC for extraction, with offsets reported into the text as given.

Korean can be written as precomposed syllables (NFC, what almost everything
sends) or as a sequence of conjoining jamo (NFD: macOS file names and some
feeds). Kiwi and every name list read NFC only, so NFD text gave no names at
all. Extraction therefore runs on the NFC form of a text that is not already
NFC, and every record it produces is mapped back: offsets (mentions,
quantities, parties, deal evidence) index the text exactly as given, and a
record's text that is a slice of the document (a mention's ``text``, a party's
``name``, a quantity's ``text``, the evidence ``sentence``) is the slice of the
text as given, so ``text[start:end] == mention.text`` holds for both forms.
Names derived from the text (canonical names, nouns, units) stay NFC.

The map: the text is cut where normalisation cannot reach across (before a
character that no composition can join to what precedes it), each piece is
normalised alone, and the pieces that change length are kept. A start inside
such a piece maps to the piece's start, an end inside it to its end, so a
span never cuts a syllable in two.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from kdeal.records import Article, Deal, DocResult, Evidence, Mention, Party, Quantity

FORM = "NFC"
# Below U+0300 no character is the second of a canonical composition (the combining marks start there),
# so a piece that starts below it can never join the piece before it.
FIRST_JOINER = 0x300


@dataclass(frozen=True)
class NfcText:
    """The NFC form of ``original`` and how its offsets map back (only the pieces that changed)."""

    original: str
    text: str
    nfc_starts: tuple[int, ...]
    nfc_ends: tuple[int, ...]
    orig_starts: tuple[int, ...]
    orig_ends: tuple[int, ...]

    def start(self, i: int) -> int:
        """The offset in the original of a span that starts at ``i`` in the NFC text."""
        k = bisect_right(self.nfc_starts, i) - 1
        if k < 0:
            return i
        if i < self.nfc_ends[k]:
            return self.orig_starts[k]
        return self.orig_ends[k] + (i - self.nfc_ends[k])

    def end(self, i: int) -> int:
        """The offset in the original of a span that ends at ``i`` in the NFC text."""
        k = bisect_left(self.nfc_starts, i) - 1
        if k < 0:
            return i
        if i <= self.nfc_ends[k]:
            return self.orig_ends[k]
        return self.orig_ends[k] + (i - self.nfc_ends[k])

    def slice(self, value: str, start: int, end: int) -> str:
        """``value`` as written in the original when it is the NFC text's slice ``start:end``, else itself."""
        if value != self.text[start:end]:
            return value
        return self.original[self.start(start):self.end(end)]


# Hangul jamo compose by rule (no decomposition data): a leading consonant (L) and a vowel (V) make
# an LV syllable, which with a trailing consonant (T) makes an LVT one.
L_JAMO = (0x1100, 0x1112)
V_JAMO = (0x1161, 0x1175)
T_JAMO = (0x11A8, 0x11C2)
SYLLABLES = (0xAC00, 0xD7A3)
T_COUNT = 28  # trailing consonants per LV syllable, "none" included
_SPAN = re.compile("[\x00-\u02ff]?[^\x00-\u02ff]+")
_HANGUL_ONLY = re.compile("[\u1100-\u11ff\uac00-\ud7a3]+")
_HANGUL_JOINED = re.compile("[\u1100-\u1112][\u1161-\u1175][\u11a8-\u11c2]?|[\uac00-\ud7a3][\u11a8-\u11c2]")


def _within(code: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= code <= bounds[1]


def _joins(text: str, cs: int, run: int, end: int) -> bool:
    """Whether the run ``text[run:end]`` composes with the piece ``text[cs:run]`` before it.

    Hangul jamo are decided by their rule (the common case in NFD Korean, and fast); any other
    character that could be the second of a composition by normalising both ways.
    """
    code = ord(text[run])
    if code < FIRST_JOINER or _within(code, L_JAMO) or _within(code, SYLLABLES):
        return False
    piece = text[cs:run]
    if _within(code, V_JAMO):
        return len(piece) == 1 and _within(ord(piece), L_JAMO)
    if _within(code, T_JAMO):
        if len(piece) == 1:
            return _within(ord(piece), SYLLABLES) and (ord(piece) - SYLLABLES[0]) % T_COUNT == 0
        return len(piece) == 2 and _within(ord(piece[0]), L_JAMO) and _within(ord(piece[1]), V_JAMO)
    return unicodedata.normalize(FORM, text[cs:end]) != \
        unicodedata.normalize(FORM, piece) + unicodedata.normalize(FORM, text[run:end])


def _pieces(text: str) -> list[tuple[int, int]]:
    """Consecutive (start, end) pieces of ``text`` that normalise independently of each other."""
    pieces: list[tuple[int, int]] = []
    cs = 0
    run = 0  # start of the current run: a starter and the combining marks after it
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        if run > cs and not _joins(text, cs, run, i):
            pieces.append((cs, run))
            cs = run
        run = i
    if cs < len(text):
        pieces.append((cs, len(text)))
    return pieces


def _maybe_changed(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the pieces that NFC may change, in order; the text between them stays as it is.

    Only spans of characters from U+0300 on (with the one character before them,
    which they may join) can change. A span of Hangul alone is cut by the jamo rule
    with one regular expression, which keeps NFD Korean fast; any other span goes
    through ``_pieces``.
    """
    for m in _SPAN.finditer(text):
        if unicodedata.is_normalized(FORM, m.group()):
            continue
        body = m.start() + (1 if ord(text[m.start()]) < FIRST_JOINER else 0)
        if _HANGUL_ONLY.fullmatch(text, body, m.end()):
            for h in _HANGUL_JOINED.finditer(text, body, m.end()):
                yield h.span()
        else:
            for s, e in _pieces(m.group()):
                yield m.start() + s, m.start() + e


def _build(text: str, pieces: Iterable[tuple[int, int]]) -> NfcText:
    """The NFC text made of ``pieces`` normalised one by one, and the map of those whose length changed."""
    parts: list[str] = []
    maps: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
    done = 0
    shrink = 0
    for s, e in pieces:
        piece = unicodedata.normalize(FORM, text[s:e])
        parts += [text[done:s], piece]
        done = e
        if len(piece) != e - s:
            for values, value in zip(maps, (s - shrink, s - shrink + len(piece), s, e)):
                values.append(value)
            shrink += e - s - len(piece)
    parts.append(text[done:])
    nfc_starts, nfc_ends, orig_starts, orig_ends = (tuple(v) for v in maps)
    return NfcText(text, "".join(parts), nfc_starts, nfc_ends, orig_starts, orig_ends)


def nfc_text(text: str) -> NfcText | None:
    """The NFC form of ``text`` with its offset map, or None when ``text`` is NFC already (the usual case)."""
    if unicodedata.is_normalized(FORM, text):
        return None
    view = _build(text, _maybe_changed(text))
    if view.text != unicodedata.normalize(FORM, text):  # never seen; the slow cut is exact by construction
        view = _build(text, _pieces(text))
    return view


def nfc_article(article: Article) -> tuple[Article, NfcText | None]:
    """The article extraction reads (its text in NFC) and the map back, None when nothing changed."""
    view = nfc_text(article.text)
    return (article, None) if view is None else (replace(article, text=view.text), view)


def _mention(m: Mention, v: NfcText) -> Mention:
    return replace(m, start=v.start(m.start), end=v.end(m.end), text=v.slice(m.text, m.start, m.end))


def _quantity(q: Quantity, v: NfcText) -> Quantity:
    return replace(q, start=v.start(q.start), end=v.end(q.end), text=v.slice(q.text, q.start, q.end))


def _party(p: Party, v: NfcText) -> Party:
    if p.start is None or p.end is None:
        return p
    return replace(p, start=v.start(p.start), end=v.end(p.end), name=v.slice(p.name, p.start, p.end))


def _deal(d: Deal, v: NfcText) -> Deal:
    ev = d.evidence
    evidence = Evidence(v.slice(ev.sentence, ev.start, ev.end), v.start(ev.start), v.end(ev.end))
    return replace(d, parties=tuple(_party(p, v) for p in d.parties), evidence=evidence,
                   quantities=tuple(_quantity(q, v) for q in d.quantities))


def restore(result: DocResult, original: Article, view: NfcText | None) -> DocResult:
    """``result`` (extracted from the NFC text) with offsets and slices into ``original``'s text."""
    if view is None:
        return result
    return DocResult(article=original,
                     mentions=tuple(_mention(m, view) for m in result.mentions),
                     quantities=tuple(_quantity(q, view) for q in result.quantities),
                     deals=tuple(_deal(d, view) for d in result.deals))
