"""The name CRF compiled for tagging: its weights summed per feature group, scored with numpy.

Why not ``pycrfsuite.Tagger.tag``: it needs every feature spelled out as a string for
every token (about 40 per morpheme), and building those strings cost four times what
the rules cost. The model is linear, so the score of a token is the sum of its feature
groups' weights. Each group's sum is computed once per key (a morpheme, a rule tag, a
lexicon tag, a unit core ...) and kept as a row of a matrix (``Rows``); a document, or
a batch of them, then costs one dict lookup per token and key and a few numpy gathers,
whatever its length. Viterbi runs only over the runs of candidate tokens
(``CANDIDATE_TAGS``). Unrestricted and with ``o_bias`` 0 the labels equal the Tagger's
(tests/test_companies_model.py checks it).

The labels are the model's own: "O" and B-/I- of each class it was trained with, the
name classes (``features.ORG_LABELS``: CO companies, OG other organisations) and,
when trained with them, negative classes (people, places ...) that let it tell a name
that is not an organisation from one that is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Callable, Sequence

import numpy as np
from spacy.tokens import Doc

from kdeal.records import Mention

from .features import (
    END,
    NEIGHBOUR_WORD,
    NEIGHBOURS,
    ORG_LABELS,
    OUTSIDE_CORE,
    START,
    UNIT_CORE,
    UNIT_NEXT,
    UNIT_PREV,
    UNIT_TAIL,
    WHOLE,
    WORD,
    core_place,
    edge,
    lexical,
    lexicon_tags,
    neighbour_lexical,
    neighbour_rule,
    neighbour_tag,
    rule,
    rule_tags,
    spacing,
    tag_features,
    tag_pair,
    unit_place,
)
from ..evidence import KnownForms
from ..tokens import TokenArrays, Units, boundaries, doc_text

# Kiwi tags a name is made of; other morphemes (particles, endings, verbs, punctuation) are
# O unless a rule mention covers them: in the KLUE half 99% of name morphemes have one of these.
CANDIDATE_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "XPN", "XSN"})
# Cached group sums are dropped when a cache grows past this (a long run meets ever new words).
CACHE_LIMIT = 200_000
# The groups a morpheme's text, tag, rule tag and lexicon tag give: their own weights, then
# those they give the tokens at offset -2, -1, +1, +2 from them, as their neighbour.
TOKEN_SLOTS = 1 + len(NEIGHBOURS)
# A unit core as the core of its unit, as the next unit's previous core, as the previous
# unit's next core.
CORE_SLOTS = 3


@dataclass(frozen=True)
class LabelScheme:
    """The model's labels, O last, and per label index its class (-1 for O) and whether it is an I."""

    labels: tuple[str, ...]
    classes: tuple[str, ...]
    class_of: np.ndarray = field(compare=False)
    inside: np.ndarray = field(compare=False)

    @classmethod
    def of(cls, labels: Sequence[str]) -> "LabelScheme":
        ordered = tuple(sorted(labels, key=lambda lab: (lab == "O", lab[2:], lab)))
        if ordered[-1:] != ("O",) or any(lab[:2] not in ("B-", "I-") for lab in ordered[:-1]):
            raise ValueError(f"not a BIO model: labels {list(ordered)}")
        classes = tuple(sorted({lab[2:] for lab in ordered[:-1]}))
        if not set(classes) & set(ORG_LABELS):
            raise ValueError(f"not a name CRF: classes {list(classes)} (none of {sorted(ORG_LABELS)})")
        class_of = np.array([classes.index(lab[2:]) for lab in ordered[:-1]] + [-1])
        inside = np.array([lab.startswith("I-") for lab in ordered])
        return cls(ordered, classes, class_of, inside)

    @property
    def o(self) -> int:
        return len(self.labels) - 1

    def named(self) -> np.ndarray:
        """Per label: True for the name classes (``ORG_LABELS``)."""
        return np.array([lab[2:] in ORG_LABELS for lab in self.labels])


def spans_of(labels: np.ndarray, doc_starts: Sequence[int], arrs: Sequence[TokenArrays],
             scheme: LabelScheme) -> list[list[tuple[int, int, str]]]:
    """Label indices of documents one after the other (document k from token ``doc_starts[k]``)
    to (start, end, class) char spans per document, read as ``features.labelled_spans`` reads
    label strings: a B, or an I that does not continue its class, opens a span, and the I
    tokens of its class right after it continue it. A document's first token follows no label."""
    out: list[list[tuple[int, int, str]]] = [[] for _ in arrs]
    cls = scheme.class_of[labels]
    if not (cls >= 0).any():
        return out
    starts = np.asarray(doc_starts)
    prev = np.roll(cls, 1)
    prev[starts[starts < len(labels)]] = -1
    continues = scheme.inside[labels] & (prev == cls) & (cls >= 0)
    opens = np.flatnonzero((cls >= 0) & ~continues)
    stops = np.flatnonzero(~continues)
    k = np.searchsorted(stops, opens, side="right")
    ends = np.where(k < len(stops), stops[np.minimum(k, len(stops) - 1)] - 1, len(labels) - 1)
    docs = np.searchsorted(starts, opens, side="right") - 1
    names = scheme.classes
    for i, j, d, c in zip(opens.tolist(), ends.tolist(), docs.tolist(), cls[opens].tolist()):
        a, base = arrs[d], doc_starts[d]
        out[d].append((a.idx[i - base], a.idx[j - base] + len(a.texts[j - base]), names[c]))
    return out


def _tags_in(weights: dict[str, Any]) -> set[str]:
    """Every first tag a tag feature of the model names (a tag it never saw has no weight)."""
    out = set()
    for attr in weights:
        if "t|t=" in attr:
            out.update(attr.split("t|t=", 1)[1].split("|"))
        elif "t=" in attr and attr.split("t=", 1)[0] in ("", "-2:", "-1:", "1:", "2:", "t"):
            out.add(attr.split("=", 1)[1].split("+", 1)[0])
    return out


class Rows:
    """Group sums by key, kept as the rows of a growing matrix.

    A batch of tokens looks up its keys' rows in one pass of dict lookups and
    then gathers the rows with numpy; the keys seen for the first time have
    their sums built together (``build``: keys to a matrix) and appended.
    Past ``limit`` keys the table starts again empty (a long run meets ever
    new words).
    """

    __slots__ = ("width", "build", "limit", "index", "matrix", "size")

    def __init__(self, width: int, build: Callable[[list[Any]], np.ndarray], limit: int = CACHE_LIMIT):
        self.width = width
        self.build = build
        self.limit = limit
        self.clear()

    def clear(self) -> None:
        self.index: dict[Any, int] = {}
        self.matrix = np.zeros((256, self.width))
        self.size = 0

    def rows(self, keys: Sequence[Any]) -> np.ndarray:
        if self.size > self.limit:
            self.clear()
        index = self.index
        got = list(map(index.get, keys))
        if None in got:
            new = list(dict.fromkeys([k for k, r in zip(keys, got) if r is None]))
            start, end = self.size, self.size + len(new)
            if end > len(self.matrix):
                grown = np.zeros((max(2 * len(self.matrix), end), self.width))
                grown[:start] = self.matrix[:start]
                self.matrix = grown
            self.matrix[start:end] = self.build(new)
            index.update(zip(new, range(start, end)))
            self.size = end
            got = [index[k] for k in keys]
        return np.array(got, dtype=np.intp)

    def gather(self, keys: Sequence[Any]) -> np.ndarray:
        """The rows of ``keys`` (the matrix is read after the new keys are added)."""
        rows = self.rows(keys)
        return self.matrix[rows]


class TemplateSums:
    """The summed weights of feature templates (``features.Template``) for many keys at once:
    per template, the key's value is looked up among the values the model has weights
    for, so no feature string is spelled out."""

    def __init__(self, templates: Sequence[Any], by_name: dict[str, dict[Any, np.ndarray]], width: int):
        self.width = width
        self.parts = []
        for name, value in templates:
            table = by_name.get(name, {})
            index = {v: k + 1 for k, v in enumerate(table)}  # row 0: a value with no weight
            matrix = np.zeros((len(table) + 1, width))
            if table:
                matrix[1:] = list(table.values())
            self.parts.append((value, index, matrix))

    def __call__(self, keys: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(keys), self.width))
        for value, index, matrix in self.parts:
            get = index.get
            if value == WHOLE:
                rows = [get(k, 0) for k in keys]
            elif isinstance(value, slice):
                rows = [get(k[value], 0) for k in keys]
            else:
                rows = [get(v, 0) for v in value(keys)]
            out += matrix[rows]
        return out


def _by_name(weights: dict[str, np.ndarray]) -> dict[str, dict[Any, np.ndarray]]:
    """Weights by template name and value: "w=가람" under "w", "가람"; a bare "chead" under True."""
    out: dict[str, dict[Any, np.ndarray]] = {}
    for attr, w in weights.items():
        name, eq, value = attr.partition("=")
        out.setdefault(name, {})[value if eq else True] = w
    return out


def _state_weights(info: Any, at: dict[str, int], n: int) -> dict[str, np.ndarray]:
    """Per attribute, its weight for each label (label ``l`` in column ``at[l]``)."""
    rows = getattr(info, "state_rows", None)
    if rows is not None:  # read from the file: one numpy pass
        return rows(at, n)
    weights: dict[str, np.ndarray] = {}
    for (attr, lab), w in info.state_features.items():
        weights.setdefault(attr, np.zeros(n))[at[lab]] += w
    return weights


def _one_by_one(build: Callable[[Any], np.ndarray]) -> Callable[[list[Any]], np.ndarray]:
    return lambda keys: np.array([build(k) for k in keys])


@dataclass
class _Batch:
    """A batch of documents laid end to end: per token its text, tag, rule and lexicon tags and
    trailing space; per document where it starts and how long it is; per word unit its token
    and core ranges (within its document), its tail, and where its core is in ``cores``
    (per document START, its units' cores, END)."""

    texts: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    rtags: list[str] = field(default_factory=list)
    ltags: list[str] = field(default_factory=list)
    ws: list[bool] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    core_spans: list[tuple[int, int]] = field(default_factory=list)
    n_units: list[int] = field(default_factory=list)
    tails: list[str] = field(default_factory=list)
    cores: list[str] = field(default_factory=list)
    u_core: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, batch: Sequence[tuple[TokenArrays, Sequence[str], Sequence[str], Units]]) -> "_Batch":
        b = cls()
        join = "".join
        for a, rules, lex, units in batch:
            b.starts.append(len(b.texts))
            b.lengths.append(len(a.texts))
            b.texts += a.texts
            b.tags += a.tags
            b.rtags += rules
            b.ltags += lex
            b.ws += a.ws
            b.n_units.append(len(units.spans))
            if units.spans:
                tx = a.texts
                b.spans += units.spans
                b.core_spans += units.core_spans
                b.tails += [join(tx[ce:e]) if e > ce else "-"
                            for (_, e), (_, ce) in zip(units.spans, units.core_spans)]
                b.u_core += range(len(b.cores) + 1, len(b.cores) + 1 + len(units.spans))
            b.cores.append(START)
            b.cores += units.core_texts
            b.cores.append(END)
        return b


class CompiledCRF:
    """The CRF's weights summed per feature group (see the module docstring).

    ``forms``: the lexicon of known forms the model was trained with (None: without).
    ``o_bias`` is added to every name label (the ``ORG_LABELS`` classes) of every
    token: the CRF trades recall for precision, and a small bias towards names
    raises F1 (chosen by cross-validation, ``pipeline/train_ner.py``). For a model
    with one class this is the same as taking it off O.

    Its tables grow while it tags, so one instance serves one thread at a time
    (kdeal runs the components of a pipeline in one thread per process).
    """

    def __init__(self, tagger: Any, o_bias: float = 0.0, forms: KnownForms | None = None):
        """``tagger``: a ``pycrfsuite.Tagger``, or the model's weights read from its file
        (``crfsuite_file.read_weights``, the same figures without the Tagger's text dump)."""
        self.forms = forms
        info = tagger.info() if hasattr(tagger, "info") else tagger
        self.scheme = scheme = LabelScheme.of(info.labels)
        self.labels = scheme.labels
        n = self.n = len(scheme.labels)
        at = {lab: k for k, lab in enumerate(scheme.labels)}
        weights = _state_weights(info, at, n)
        weights.setdefault("bias", np.zeros(n))[scheme.named()] += o_bias  # every token has "bias"
        self.o_bias = o_bias
        self.weights = weights
        self._trans = np.zeros((n, n))  # [previous label, label]
        for (a, b), w in info.transitions.items():
            self._trans[at[a], at[b]] = w
        by_name = _by_name(weights)
        self._word_slots = [TemplateSums(WORD, by_name, n),
                            *(TemplateSums(NEIGHBOUR_WORD[-d], by_name, n) for d in NEIGHBOURS)]
        self._words = Rows(TOKEN_SLOTS * n, lambda keys: np.hstack([slot(keys) for slot in self._word_slots]))
        self._tags = Rows(TOKEN_SLOTS * n, _one_by_one(self._tag))
        self._rules = Rows(TOKEN_SLOTS * n, _one_by_one(self._rule))
        self._lex = Rows(TOKEN_SLOTS * n, _one_by_one(self._lexical))
        self._core_slots = [TemplateSums(t, by_name, n) for t in (UNIT_CORE, UNIT_PREV, UNIT_NEXT)]
        self._cores = Rows(CORE_SLOTS * n, lambda keys: np.hstack([slot(keys) for slot in self._core_slots]))
        self._tails = Rows(n, TemplateSums(UNIT_TAIL, by_name, n))
        self._context_tables()

    def _context_tables(self) -> None:
        """The groups of a few keys, precomputed: spacing (after, before), the first tags of
        adjacent morphemes (over every tag the model knows: any other pairs with no weight),
        the document edges, a token's place in its unit and core."""
        n, s = self.n, self._slot
        self._spacing = np.array([self._sum(spacing(bool(k & 2), bool(k & 1))) for k in range(4)])
        firsts = sorted(_tags_in(self.weights) | CANDIDATE_TAGS)
        self._first_ids = {t: k for k, t in enumerate(firsts)}
        unknown = len(firsts)
        self._pairs = {d: np.zeros((unknown + 1, unknown + 1, n)) for d in (-1, 1)}
        for d, m in self._pairs.items():
            for k, other in enumerate(firsts):
                for j, this in enumerate(firsts):
                    m[k, j] = self._sum(tag_pair(d, other, this))
        self._tag_fids = np.zeros(0, dtype=np.intp)
        self._candidate_first = np.array([t in CANDIDATE_TAGS for t in firsts] + [False])  # [-1]: unknown
        self._edge_before = self._sum(edge(-1))
        self._edge_after = self._sum(edge(1))
        # Gathered with the neighbour slots: a missing neighbour adds nothing (-1, +1: the
        # context group has the edge marks) or the edge mark (-2, +2).
        self._no_neighbour = np.zeros(TOKEN_SLOTS * n)
        self._edge = np.zeros(TOKEN_SLOTS * n)
        self._edge[s(4)] = self._sum(edge(-2))
        self._edge[s(1)] = self._sum(edge(2))
        self._places = np.array([self._sum(unit_place(p)) for p in "SBIL"])
        self._core_places = np.zeros((4, 5, n))
        for k, p in enumerate("SBIL"):
            for size in range(1, 5):
                self._core_places[k, size] = self._sum(core_place(p, size))
        self._outside_core = self._sum(OUTSIDE_CORE)

    def _slot(self, k: int) -> slice:
        return slice(k * self.n, (k + 1) * self.n)

    def clear_caches(self) -> None:
        """Forget the summed groups (the benchmark times a cold start with it)."""
        for rows in (self._words, self._tags, self._rules, self._lex, self._cores, self._tails):
            rows.clear()
        self._tag_fids = np.zeros(0, dtype=np.intp)

    def _sum(self, feats: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.n)
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                out += w
        return out

    def _channel(self, own: Sequence[str], seen: Callable[[int], Sequence[str]]) -> np.ndarray:
        """A token key's own group, then the groups it gives its neighbours (one slot each)."""
        return np.concatenate([self._sum(own), *(self._sum(seen(-d)) for d in NEIGHBOURS)])

    def _tag(self, tag: str) -> np.ndarray:
        return self._channel(tag_features(tag), lambda d: neighbour_tag(d, tag))

    def _rule(self, rtag: str) -> np.ndarray:
        return self._channel(rule(rtag), lambda d: neighbour_rule(d, rtag))

    def _lexical(self, ltag: str) -> np.ndarray:
        return self._channel(lexical(ltag), lambda d: neighbour_lexical(d, ltag))

    def _first_of_tag_rows(self) -> np.ndarray:
        """Per row of the tag table: the id of its first tag in the tag-pair matrices (-1: unknown)."""
        if len(self._tag_fids) != self._tags.size:
            fids = np.full(self._tags.size, -1, dtype=np.intp)
            for tag, row in self._tags.index.items():
                fids[row] = self._first_ids.get(tag.split("+", 1)[0], -1)
            self._tag_fids = fids
        return self._tag_fids

    def _sparse(self, table: Rows, mr: np.ndarray, tags: list[str]) -> list[int]:
        """Adds the rows of a tag channel where most tokens are "O" (rules, lexicon): the O row
        to all, the others' difference where they are not O. Returns the tokens not O."""
        marked = [i for i, t in enumerate(tags) if t != "O"]
        outside = table.gather(["O"])[0]
        mr += outside
        if marked:
            mr[marked] += table.gather([tags[i] for i in marked]) - outside
        return marked

    def emissions(self, batch: Sequence[tuple[TokenArrays, Sequence[str], Sequence[str], Units]],
                  restrict: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per token of every document in ``batch`` (arrays, rule tags, lexicon tags, units),
        one after the other: the summed weights of its features per label; whether it is a
        candidate (with ``restrict``: a tag of ``CANDIDATE_TAGS`` or a rule mention over it);
        the index of its document's first and last token."""
        b = _Batch.of(batch)
        total = len(b.texts)
        if total == 0:
            nothing = np.zeros(0, dtype=np.intp)
            return np.zeros((0, self.n)), nothing.astype(bool), nothing, nothing
        tag_rows = self._tags.rows(b.tags)
        mr = self._words.gather(b.texts)
        mr += self._tags.matrix[tag_rows]
        ruled = self._sparse(self._rules, mr, b.rtags)
        self._sparse(self._lex, mr, b.ltags)
        first = np.repeat(np.array(b.starts), b.lengths)
        last = first + np.repeat(np.array(b.lengths), b.lengths) - 1
        em = self._neighbours(mr, first, last)
        fid = self._first_of_tag_rows()[tag_rows]
        self._add_context(em, b.ws, fid, first, last)
        if restrict:
            cand = self._candidate_first[fid]
            cand[ruled] = True
        else:
            cand = np.ones(total, dtype=bool)
        if b.spans:
            core_rows = self._cores.rows(b.cores)[np.add.outer(np.array(b.u_core), (-1, 0, 1))]
            off = np.repeat(np.array(b.starts), b.n_units)
            s, e = (np.array(b.spans) + off[:, None]).T
            ce = np.array(b.core_spans)[:, 1] + off
            self._add_units(em, s, ce, e, core_rows, self._tails.gather(b.tails))
        return em, cand, first, last

    def _neighbours(self, mr: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """Each token's own slot plus the slots its neighbours give it (``TOKEN_SLOTS``)."""
        total, s = len(first), self._slot
        mr = np.vstack((mr, self._no_neighbour, self._edge))
        none, edge_row = total, total + 1
        at = np.arange(total)
        em = mr[:total, s(0)].copy()
        em += mr[np.where(at - 2 >= first, at - 2, edge_row), s(4)]
        em += mr[np.where(at > first, at - 1, none), s(3)]
        em += mr[np.where(at < last, at + 1, none), s(2)]
        em += mr[np.where(at + 2 <= last, at + 2, edge_row), s(1)]
        return em

    def _add_context(self, em: np.ndarray, ws: list[bool], fid: np.ndarray, first: np.ndarray,
                     last: np.ndarray) -> None:
        """Spacing after and before, and the tag pairs with the adjacent morphemes."""
        at = np.arange(len(first))
        has_prev, has_next = at > first, at < last
        space = np.array(ws, dtype=np.intp)
        space_before = np.where(has_prev, np.roll(space, 1), 0)
        em += self._spacing[2 * space + space_before]
        em += np.where(has_prev[:, None], self._pairs[-1][np.roll(fid, 1), fid], self._edge_before)
        em += np.where(has_next[:, None], self._pairs[1][np.roll(fid, -1), fid], self._edge_after)

    def _add_units(self, em: np.ndarray, s: np.ndarray, ce: np.ndarray, e: np.ndarray,
                   core_rows: np.ndarray, tails: np.ndarray) -> None:
        """The unit groups: every unit's core (as itself and as its neighbours' neighbour),
        its tail, the token's place in the unit and, inside the core, in the core.
        ``core_rows``: per unit, the rows of the previous unit's core, its own, the next one's."""
        n_units, sl = len(s), self._slot
        core = self._cores.matrix
        base = tails + core[core_rows[:, 0], sl(1)] + core[core_rows[:, 2], sl(2)]
        lens = e - s
        unit = np.repeat(np.arange(n_units), lens)
        pos = np.arange(len(unit)) - np.repeat(np.cumsum(lens) - lens, lens)
        size = lens[unit]
        place = np.where(size == 1, 0, np.where(pos == 0, 1, np.where(pos == size - 1, 3, 2)))
        csize = (ce - s)[unit]
        cplace = np.where(csize == 1, 0, np.where(pos == 0, 1, np.where(pos == csize - 1, 3, 2)))
        inside = (pos < csize)[:, None]
        in_core = core[core_rows[:, 1], sl(0)][unit] + self._core_places[cplace, np.minimum(csize, 4)]
        em[s[unit] + pos] += (base[unit] + self._places[place]
                              + np.where(inside, in_core, self._outside_core))

    def decode(self, em: np.ndarray, cand: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """The best label index (into ``labels``) of every token: Viterbi over each run of
        candidate tokens, all runs of the batch in step; tokens outside the runs are O.

        A run that does not start its document follows an O token, and one that does
        not end it precedes one, so those transitions count too.
        """
        o = self.scheme.o
        labels = np.full(len(em), o, dtype=np.intp)
        if not cand.any():
            return labels
        at = np.arange(len(em))
        starts = np.flatnonzero(cand & ((at == first) | ~np.roll(cand, 1)))
        ends = np.flatnonzero(cand & ((at == last) | ~np.roll(cand, -1))) + 1
        order = np.argsort(ends - starts, kind="stable")[::-1]  # longest first: the live runs are a prefix
        starts, ends = starts[order], ends[order]
        lengths = ends - starts
        trans = self._trans
        score = em[starts] + np.where((starts > first[starts])[:, None], trans[o], 0.0)
        back = []
        for t in range(1, int(lengths[0])):
            live = int(np.count_nonzero(lengths > t))
            step = score[:live, :, None] + trans  # [run, previous label, label]
            prev = step.argmax(axis=1)
            back.append(prev)
            score[:live] = np.take_along_axis(step, prev[:, None, :], axis=1)[:, 0, :] + em[starts[:live] + t]
        score += np.where((ends - 1 < last[ends - 1])[:, None], trans[:, o], 0.0)
        best = score.argmax(axis=1)
        for t in range(len(back), 0, -1):
            prev = back[t - 1]
            live = len(prev)
            labels[starts[:live] + t] = best[:live]
            best[:live] = prev[np.arange(live), best[:live]]
        labels[starts] = best
        return labels

    def label_batch(self, batch: Sequence[tuple[Doc, Sequence[Mention], Units]], restrict: bool = True
                    ) -> tuple[np.ndarray, list[int]]:
        """Label indices (into ``labels``) of the documents' tokens one after the other (see
        ``decode``), and the index of each document's first token; with ``restrict``, only
        candidate tokens can be part of a name."""
        prepared = [(units.arr, rule_tags(doc, mentions, units.arr),
                     lexicon_tags(units.arr, doc_text(doc), self.forms, boundaries(doc)), units)
                    for doc, mentions, units in batch]
        labels = self.decode(*self.emissions(prepared, restrict))
        return labels, [0, *accumulate(len(p[0].texts) for p in prepared)][:len(prepared)]

    def tag(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units, restrict: bool = True) -> list[str]:
        """BIO labels of one document (see ``decode``)."""
        return [self.labels[y] for y in self.label_batch([(doc, rule_mentions, units)], restrict)[0].tolist()]
