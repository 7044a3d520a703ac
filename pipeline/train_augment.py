"""Mention replacement: more training sentences for the name CRF from the ones it has.

The shared KLUE half has 2,500 sentences; a CRF trained on four fifths of them learns
the names it saw more than the places names stand in. Each copy of a sentence has its
organisation, company, person and place names swapped for other forms of the same
class from the lexicon of the KLUE-NER *train* set (``extractors.evidence``: never
the sentences scored), so the model learns from the words around a name and from its
shape rather than from the name itself ("X가 지분을 인수했다" is a company for any X).

The swapped names come from the lexicon, so the lexicon would always know them; a
share of them (``mask_share``) have their lexicon features hidden (``strip_lexicon``)
so that the copies also teach what to do with a name nobody listed, the case where
the model misses most (unknown forms: 43% found, known ones 92%).

Copies are only ever trained on: cross-validation leaves out the copies of the
sentences of the fold it scores (``Row.src``).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from kdeal.extractors.evidence import coarse, lexicon_with

from .evaluate import Entity

# The classes whose names are swapped, and the fine label a swapped-in name is given.
SWAP_LABELS = {"company": "OGG_ECONOMY", "organization": "OGG_OTHERS", "person": "PS_NAME", "place": "LC_OTHERS"}
# Each name of a copy is swapped with this probability (the others stay as written).
SWAP_SHARE = 0.8
# Lexicon features a hidden (masked) name loses, on its own tokens and on its neighbours.
LEXICON_OWN = ("x=", "xc=", "ucxp=", "ucxs=")
LEXICON_BEFORE, LEXICON_AFTER = "1:xc=", "-1:xc="


@lru_cache(maxsize=1)
def pools() -> dict[str, tuple[str, ...]]:
    """Per swapped class, the lexicon forms whose clear label is of that class (two letters or more)."""
    forms = lexicon_with()
    out: dict[str, list[str]] = {c: [] for c in SWAP_LABELS}
    for form, label in forms.labels.items():
        if label in out and len(form) >= 2 and not form.isdigit():
            out[label].append(form)
    return {c: tuple(sorted(v)) for c, v in out.items()}


@dataclass(frozen=True)
class Copy:
    """A sentence with swapped names: its text, KLUE organisation spans, konec entities, and
    the swapped spans whose lexicon features are to be hidden."""

    text: str
    orgs: frozenset[tuple[int, int]]
    entities: tuple[Entity, ...]
    masked: tuple[tuple[int, int], ...]


def swappable(orgs: frozenset[tuple[int, int]], entities: Sequence[Entity]) -> list[tuple[int, int, str, bool]]:
    """The names of a sentence that may be swapped: (start, end, class, is a KLUE organisation).

    A KLUE organisation is a company when konec calls a span over it OGG_ECONOMY; one that
    konec calls no organisation on the very span ("북한" the country) is left alone. People
    and places are konec's names that overlap no KLUE organisation."""
    exact = {(e.start, e.end): e.label for e in entities}
    out = []
    for s, e in sorted(orgs):
        label = exact.get((s, e))
        if label is not None and not label.startswith("OGG"):
            continue
        over = [x.label for x in entities if x.start < e and s < x.end]
        out.append((s, e, "company" if "OGG_ECONOMY" in over else "organization", True))
    for x in entities:
        cls = coarse(x.label)
        if cls in ("person", "place") and not any(x.start < e and s < x.end for s, e in orgs):
            out.append((x.start, x.end, cls, False))
    return sorted(out)


def make_copy(text: str, orgs: frozenset[tuple[int, int]], entities: Sequence[Entity],
              rng: random.Random, mask_share: float) -> Copy | None:
    """One copy of a sentence with (most of) its names swapped, or None when it has none to swap."""
    names = [n for n in swappable(orgs, entities) if rng.random() < SWAP_SHARE]
    if not names:
        return None
    pool = pools()
    pieces, shift, at = [], [], 0  # shift: (old end of a piece, offset change after it)
    new_orgs, new_ents, masked, swapped = set(), [], [], []
    delta = 0
    for s, e, cls, is_org in names:
        if s < at:
            continue
        form = rng.choice(pool[cls])
        pieces += [text[at:s], form]
        ns = s + delta
        delta += len(form) - (e - s)
        shift.append((s, e, ns, ns + len(form)))
        if is_org:
            new_orgs.add((ns, ns + len(form)))
        new_ents.append(Entity(ns, ns + len(form), SWAP_LABELS[cls]))
        if rng.random() < mask_share:
            masked.append((ns, ns + len(form)))
        swapped.append((s, e))
        at = e
    pieces.append(text[at:])

    def moved(a: int, b: int) -> tuple[int, int] | None:
        if any(a < e and s < b for s, e in swapped):
            return None
        d = sum(ne - ns - (e - s) for s, e, ns, ne in shift if e <= a)
        return a + d, b + d

    for a, b in orgs:
        m = moved(a, b)
        if m:
            new_orgs.add(m)
    for x in entities:
        m = moved(x.start, x.end)
        if m:
            new_ents.append(Entity(m[0], m[1], x.label))
    return Copy("".join(pieces), frozenset(new_orgs), tuple(sorted(new_ents, key=lambda x: (x.start, x.end))),
                tuple(masked))


def copies_of(rows: Sequence[Any], copies: int, mask_share: float, seed: int = 13) -> list[tuple[int, Copy]]:
    """``copies`` copies of every sentence that has names to swap: (index of the sentence, copy)."""
    rng = random.Random(seed)
    out = []
    for i, r in enumerate(rows):
        for _ in range(copies):
            c = make_copy(r.doc.text, r.gold, r.entities, rng, mask_share)
            if c is not None:
                out.append((i, c))
    return out


def strip_lexicon(feats: list[list[str]], token_spans: Sequence[tuple[int, int]]) -> list[list[str]]:
    """Hide the lexicon's word on the tokens ``[first, last)`` of each masked name, and on the
    tokens beside them, as if the name were unknown."""
    out = [list(f) for f in feats]
    for first, last in token_spans:
        for i in range(first, last):
            out[i] = [f for f in out[i] if not f.startswith(LEXICON_OWN)]
        if first > 0:
            out[first - 1] = [f for f in out[first - 1] if not f.startswith(LEXICON_BEFORE)]
        if last < len(out):
            out[last] = [f for f in out[last] if not f.startswith(LEXICON_AFTER)]
    return out
