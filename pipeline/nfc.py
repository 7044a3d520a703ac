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

import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

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


def _pieces(text: str) -> list[tuple[int, int]]:
    """Consecutive (start, end) pieces of ``text`` that normalise independently of each other."""
    pieces: list[tuple[int, int]] = []
    cs = 0
    run = 0  # start of the current run: a starter and the combining marks after it
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        if run > cs and ord(text[run]) >= FIRST_JOINER and unicodedata.normalize(FORM, text[cs:i]) != \
                unicodedata.normalize(FORM, text[cs:run]) + unicodedata.normalize(FORM, text[run:i]):
            pass  # the run joins the piece before it (a jamo vowel after its consonant ...)
        elif run > cs:
            pieces.append((cs, run))
            cs = run
        run = i
    if cs < len(text):
        pieces.append((cs, len(text)))
    return pieces


def nfc_text(text: str) -> NfcText | None:
    """The NFC form of ``text`` with its offset map, or None when ``text`` is NFC already (the usual case)."""
    if unicodedata.is_normalized(FORM, text):
        return None
    parts: list[str] = []
    nfc_starts: list[int] = []
    nfc_ends: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    pos = 0
    for s, e in _pieces(text):
        piece = unicodedata.normalize(FORM, text[s:e])
        if len(piece) != e - s:
            nfc_starts.append(pos)
            nfc_ends.append(pos + len(piece))
            orig_starts.append(s)
            orig_ends.append(e)
        parts.append(piece)
        pos += len(piece)
    return NfcText(text, "".join(parts), tuple(nfc_starts), tuple(nfc_ends), tuple(orig_starts), tuple(orig_ends))


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
