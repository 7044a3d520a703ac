"""Near-duplicate stories: a press release syndicated by ten outlets is one story.

SimHash (Charikar) over character 4-grams of the text with spaces and
punctuation removed: Korean outlets re-space, re-punctuate and wrap a release
in their own dateline, byline and copyright line, which changes few 4-grams
of a long text and so few bits of its 64-bit fingerprint. Two texts are the
same story when their fingerprints differ in at most ``max_distance`` bits.
Lookup splits the fingerprint into ``max_distance + 1`` bands: by the
pigeonhole principle two fingerprints within the distance agree on at least
one whole band, so only texts sharing a band are compared.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, TypeVar

from kdeal.records import Article

K = TypeVar("K")
BITS = 64
DEFAULT_MAX_DISTANCE = 6
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def _shingles(text: str, n: int) -> Counter[str]:
    s = _NOISE.sub("", text.lower())
    if len(s) <= n:
        return Counter([s]) if s else Counter()
    return Counter(s[i:i + n] for i in range(len(s) - n + 1))


def simhash(text: str, ngram: int = 4) -> int:
    """A 64-bit SimHash fingerprint of ``text``; 0 for a text with no word characters."""
    weights = [0] * BITS
    for gram, count in _shingles(text, ngram).items():
        h = int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += count if (h >> bit) & 1 else -count
    return sum(1 << bit for bit in range(BITS) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def band_keys(fingerprint: int, max_distance: int = DEFAULT_MAX_DISTANCE) -> list[int]:
    """The fingerprint cut into ``max_distance + 1`` bands: a near copy shares at least one."""
    if not 0 <= max_distance < 16:
        raise ValueError("max_distance must be between 0 and 15")
    nbands = max_distance + 1
    width = BITS // nbands
    mask = (1 << width) - 1
    return [(fingerprint >> (i * width)) & mask for i in range(nbands)]


def closest(fingerprint: int, candidates: Mapping[K, int], max_distance: int = DEFAULT_MAX_DISTANCE) -> K | None:
    """The key of the candidate fingerprint nearest to ``fingerprint`` within the distance (ties: the
    smaller key), or None."""
    best: tuple[int, Any] | None = None
    for key, fp in candidates.items():
        d = hamming(fingerprint, fp)
        if d <= max_distance and (best is None or (d, key) < best):
            best = (d, key)
    return best[1] if best else None


@dataclass(frozen=True)
class Story:
    """One story and the articles (sources) that carry it, first seen first."""

    story_id: str
    fingerprint: int
    doc_ids: tuple[str, ...]
    urls: tuple[str | None, ...]
    outlets: tuple[str | None, ...]


@dataclass
class StoryIndex:
    """Incremental grouping: ``add`` returns the story id an article belongs to."""

    max_distance: int = DEFAULT_MAX_DISTANCE
    ngram: int = 4
    _bands: list[dict[int, list[int]]] = field(default_factory=list)
    _prints: list[int] = field(default_factory=list)
    _members: list[list[Article]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._bands = [dict() for _ in band_keys(0, self.max_distance)]

    def _keys(self, fp: int) -> list[int]:
        return band_keys(fp, self.max_distance)

    def find(self, fingerprint: int) -> int | None:
        """The index of the closest known story within the distance, or None."""
        near = {idx: self._prints[idx] for band, key in zip(self._bands, self._keys(fingerprint), strict=True)
                for idx in band.get(key, ())}
        return closest(fingerprint, near, self.max_distance)

    def add(self, article: Article) -> str:
        fp = simhash(article.text, self.ngram)
        idx = self.find(fp)
        if idx is None:
            idx = len(self._prints)
            self._prints.append(fp)
            self._members.append([])
            for band, key in zip(self._bands, self._keys(fp), strict=True):
                band.setdefault(key, []).append(idx)
        self._members[idx].append(article)
        return f"{self._prints[idx]:016x}"

    def stories(self) -> list[Story]:
        return [Story(f"{fp:016x}", fp, tuple(a.doc_id for a in members), tuple(a.url for a in members),
                      tuple(a.outlet for a in members))
                for fp, members in zip(self._prints, self._members, strict=True)]


def group_stories(articles: Iterable[Article], max_distance: int = DEFAULT_MAX_DISTANCE) -> list[Story]:
    """Articles grouped into stories, in order of each story's first article."""
    index = StoryIndex(max_distance=max_distance)
    for article in articles:
        index.add(article)
    return index.stories()
