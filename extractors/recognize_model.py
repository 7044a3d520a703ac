"""Model layer: the organisation CRF (``extractors/ner``) run after the rules.

The CRF sees the rules' verdicts as features; ``mode`` says how its spans and
the rule mentions are combined (see ``ModelLayer``). Without a model file the
layer is simply absent, so the rules work on their own.
"""
from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np
from spacy.tokens import Doc

from kdeal.records import Mention

from .kind import GOV_SUFFIX, company_head, kind_of, org_head
from .ner.features import (
    END,
    NEIGHBOUR_WORD,
    NEIGHBOURS,
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
    neighbour_rule,
    neighbour_tag,
    rule,
    rule_tags,
    spacing,
    tag_features,
    tag_pair,
    unit_place,
)
from .tokens import TokenArrays, Units, doc_text

LAYER = "model"


def default_model_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "ner" / "klue_og.crfsuite"


def model_path(model: str) -> Path | None:
    """The CRF file that the ``model`` option names: "bundled", "none" (None) or a path."""
    return default_model_path() if model == "bundled" else (None if model == "none" else Path(model))


MODEL_ID_HEX = 12  # hex digits of the recognition id: enough to tell models apart, short to read


def recognition_id(path: Path | None, mode: str, user_entries: Sequence[Sequence[str | None]]) -> str:
    """The id of what decides which names are recognised, for provenance in every record.

    A hash of the CRF file's bytes, the combination mode and the user's name lists
    (their rows, not where they were read from): two runs with the same id recognise
    the same names with the same kdeal version. ``rules-...`` when no model is used.
    """
    h = hashlib.sha256()
    h.update(path.read_bytes() if path is not None else b"rules")
    h.update(b"\0" + (mode if path is not None else "").encode())
    rows = [[None if v is None else str(v) for v in row[:4]] for row in user_entries]
    h.update(b"\0" + json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    return f"{'crf' if path is not None else 'rules'}-{h.hexdigest()[:MODEL_ID_HEX]}"


# Rule layers whose mentions stand without the model's agreement (all modes but "add"):
# a name list says a string *can* be a company, the model says whether it is one here. The
# institutions list is the exception: whole classes of public bodies, each name one body
# whatever the sentence ("식약처"), so it is trusted like the user's lists.
SELF_EVIDENT = ("form", "context", "propagated", "gazetteer:user", "gazetteer:institutions")
MODES = ("add", "vote", "refine", "extend", "prefer")
# The pipeline's mode. "prefer" redraws self-evident names to the model's bounds: it gains on
# the KLUE half (5-fold CV) where the model *extends* a form name ("누리 X경찰서", "X지법 형사1부")
# and loses seed mentions where it shrinks one ("X 백화점" to "X") or runs on into a person's
# title ("X협회 상임이사"): seed F1 0.93 < 0.95. "extend" takes only the extensions that keep a
# name (see ``extends``): on the same CV it scores with "prefer" and keeps the seed as "refine".
DEFAULT_MODE = "extend"


Vec = tuple[float, float, float]
LABELS = ("B-OG", "I-OG", "O")
# Kiwi tags a name is made of; other morphemes (particles, endings, verbs, punctuation) are
# O unless a rule mention covers them: in the KLUE half 99% of name morphemes have one of these.
CANDIDATE_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "XPN", "XSN"})
# Cached group sums are dropped when a cache grows past this (a long run meets ever new words).
CACHE_LIMIT = 200_000


def spans_of(labels: np.ndarray, doc_starts: Sequence[int], arrs: Sequence[TokenArrays]
             ) -> list[list[tuple[int, int]]]:
    """Label indices (B 0, I 1, O 2) of documents one after the other (document k from token
    ``doc_starts[k]``) to char spans per document, read as ``features.spans_from_labels``
    reads label strings: a B, or an I after an O, opens a span, and the I tokens right
    after it continue it. A document's first token follows no label."""
    out: list[list[tuple[int, int]]] = [[] for _ in arrs]
    if not (labels != 2).any():
        return out
    starts = np.asarray(doc_starts)
    prev = np.roll(labels, 1)
    prev[starts[starts < len(labels)]] = 2
    continues = (labels == 1) & (prev != 2)
    opens = np.flatnonzero((labels != 2) & ~continues)
    stops = np.flatnonzero(~continues)
    k = np.searchsorted(stops, opens, side="right")
    ends = np.where(k < len(stops), stops[np.minimum(k, len(stops) - 1)] - 1, len(labels) - 1)
    docs = np.searchsorted(starts, opens, side="right") - 1
    for i, j, d in zip(opens.tolist(), ends.tolist(), docs.tolist()):
        a, base = arrs[d], doc_starts[d]
        out[d].append((a.idx[i - base], a.idx[j - base] + len(a.texts[j - base])))
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


class _Rows:
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


class _TemplateSums:
    """The summed weights of feature templates (``features.Template``) for many keys at once:
    per template, the key's value is looked up among the values the model has weights
    for, so no feature string is spelled out."""

    def __init__(self, templates: Sequence[Any], by_name: dict[str, dict[Any, Vec]]):
        self.parts = []
        for name, value in templates:
            table = by_name.get(name, {})
            index = {v: k + 1 for k, v in enumerate(table)}  # row 0: a value with no weight
            matrix = np.zeros((len(table) + 1, 3))
            if table:
                matrix[1:] = list(table.values())
            self.parts.append((value, index, matrix))

    def __call__(self, keys: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(keys), 3))
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


def _by_name(weights: dict[str, Vec]) -> dict[str, dict[Any, Vec]]:
    """Weights by template name and value: "w=가람" under "w", "가람"; a bare "chead" under True."""
    out: dict[str, dict[Any, Vec]] = {}
    for attr, w in weights.items():
        name, eq, value = attr.partition("=")
        out.setdefault(name, {})[value if eq else True] = w
    return out


def _one_by_one(build: Callable[[Any], Sequence[float]]) -> Callable[[list[Any]], np.ndarray]:
    return lambda keys: np.array([build(k) for k in keys])


class CompiledCRF:
    """The CRF's weights summed per feature group, scored with numpy, decoded in Python.

    Why not ``pycrfsuite.Tagger.tag``: it needs every feature spelled out as
    a string for every token (about 35 per morpheme), and building those
    strings cost four times what the rules cost. The model is linear, so the
    score of a token is the sum of its feature groups' weights. Each group's
    sum is computed once per key (a morpheme, a rule tag, a unit core ...)
    and kept as a row of a matrix (``_Rows``); a document, or a batch of
    them, then costs one dict lookup per token and key and a few numpy
    gathers, whatever its length. Viterbi over three labels is a few
    comparisons per token, run only over the runs of candidate tokens
    (``CANDIDATE_TAGS``). Unrestricted and with ``o_bias`` 0 the labels
    equal the Tagger's (tests/test_companies_model.py checks it).

    ``o_bias`` is taken off every token's O score: the CRF trades recall for
    precision, and a small bias towards names raises F1 (chosen by
    cross-validation, ``pipeline/train_ner.py``).

    Its tables grow while it tags, so one instance serves one thread at a time
    (kdeal runs the components of a pipeline in one thread per process).
    """

    def __init__(self, tagger: Any, o_bias: float = 0.0):
        info = tagger.info()
        at = {lab: k for k, lab in enumerate(LABELS)}
        if set(info.labels) != set(LABELS):
            raise ValueError(f"not an organisation CRF: labels {sorted(info.labels)}")
        weights: dict[str, list[float]] = {}
        for (attr, lab), w in info.state_features.items():
            weights.setdefault(attr, [0.0, 0.0, 0.0])[at[lab]] += w
        weights.setdefault("bias", [0.0, 0.0, 0.0])[2] -= o_bias  # "bias" is a feature of every token
        self.o_bias = o_bias
        self.weights: dict[str, Vec] = {a: (w[0], w[1], w[2]) for a, w in weights.items()}
        trans = [[0.0] * 3 for _ in range(3)]
        for (a, b), w in info.transitions.items():
            trans[at[a]][at[b]] = w
        self.trans = trans
        self._trans = np.array(trans)  # [previous label, label], for ``decode``
        # A morpheme's text, its tag and its rule tag: their own weights (0:3), then those they
        # give the token at offset -2, -1, +1, +2 from them, as its neighbour (3:6 ... 12:15).
        by_name = _by_name(self.weights)
        self._word_slots = [_TemplateSums(WORD, by_name),
                            *(_TemplateSums(NEIGHBOUR_WORD[-d], by_name) for d in NEIGHBOURS)]
        self._words = _Rows(15, lambda keys: np.hstack([slot(keys) for slot in self._word_slots]))
        self._tags = _Rows(15, _one_by_one(self._tag))
        self._rules = _Rows(15, _one_by_one(self._rule))
        # The context group: spacing (after, before) and the first tags of adjacent morphemes,
        # precomputed over every tag the model knows (any other tag pairs with no weight).
        self._spacing = np.array([self._sum(spacing(bool(k & 2), bool(k & 1))) for k in range(4)])
        firsts = sorted(_tags_in(self.weights) | CANDIDATE_TAGS)
        self._first_ids = {t: k for k, t in enumerate(firsts)}
        unknown = len(firsts)
        self._pairs = {d: np.zeros((unknown + 1, unknown + 1, 3)) for d in (-1, 1)}
        for d, m in self._pairs.items():
            for k, other in enumerate(firsts):
                for j, this in enumerate(firsts):
                    m[k, j] = self._sum(tag_pair(d, other, this))
        self._tag_fids = np.zeros(0, dtype=np.intp)
        self._candidate_first = np.array([t in CANDIDATE_TAGS for t in firsts] + [False])  # [-1]: unknown
        self._edge_before = np.array(self._sum(edge(-1)))
        self._edge_after = np.array(self._sum(edge(1)))
        # A unit core as the core of its unit (0:3), as the next unit's previous core (3:6)
        # and as the previous unit's next core (6:9); START and END stand for the missing ones.
        self._core_slots = [_TemplateSums(t, by_name) for t in (UNIT_CORE, UNIT_PREV, UNIT_NEXT)]
        self._cores = _Rows(9, lambda keys: np.hstack([slot(keys) for slot in self._core_slots]))
        self._tails = _Rows(3, _TemplateSums(UNIT_TAIL, by_name))
        # Gathered with the neighbour slots: a missing neighbour adds nothing (-1, +1: the
        # context group has the edge marks) or the edge mark (-2, +2).
        self._no_neighbour = np.zeros(15)
        self._edge = np.zeros(15)
        self._edge[12:15] = self._sum(edge(-2))
        self._edge[3:6] = self._sum(edge(2))
        self._places = np.array([self._sum(unit_place(p)) for p in "SBIL"])
        self._core_places = np.zeros((4, 5, 3))
        for k, p in enumerate("SBIL"):
            for size in range(1, 5):
                self._core_places[k, size] = self._sum(core_place(p, size))
        self._outside_core = np.array(self._sum(OUTSIDE_CORE))

    def clear_caches(self) -> None:
        """Forget the summed groups (the benchmark times a cold start with it)."""
        for rows in (self._words, self._tags, self._rules, self._cores, self._tails):
            rows.clear()
        self._tag_fids = np.zeros(0, dtype=np.intp)

    def _sum(self, feats: Sequence[str]) -> Vec:
        b = i = o = 0.0
        get = self.weights.get
        for f in feats:
            w = get(f)
            if w is not None:
                b += w[0]
                i += w[1]
                o += w[2]
        return (b, i, o)

    def _tag(self, tag: str) -> list[float]:
        out = list(self._sum(tag_features(tag)))
        for d in NEIGHBOURS:
            out += self._sum(neighbour_tag(-d, tag))
        return out

    def _first_of_tag_rows(self) -> np.ndarray:
        """Per row of the tag table: the id of its first tag in the tag-pair matrices (-1: unknown)."""
        if len(self._tag_fids) != self._tags.size:
            fids = np.full(self._tags.size, -1, dtype=np.intp)
            for tag, row in self._tags.index.items():
                fids[row] = self._first_ids.get(tag.split("+", 1)[0], -1)
            self._tag_fids = fids
        return self._tag_fids

    def _rule(self, rtag: str) -> list[float]:
        out = list(self._sum(rule(rtag)))
        for d in NEIGHBOURS:
            out += self._sum(neighbour_rule(-d, rtag))
        return out

    def emissions(self, batch: Sequence[tuple[TokenArrays, Sequence[str], Units]], restrict: bool = True
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per token of every document in ``batch`` (arrays, rule tags, units), one after
        the other: the summed weights of its features for B, I and O; whether it is a
        candidate (with ``restrict``: a tag of ``CANDIDATE_TAGS`` or a rule mention over it);
        the index of its document's first and last token."""
        texts: list[str] = []
        tags: list[str] = []
        rtags: list[str] = []
        ws: list[bool] = []
        starts: list[int] = []
        lengths: list[int] = []
        # Per word unit: token range and core range (within its document), tail; per document
        # START, its units' cores, END in ``cores``, and where each unit's core is in it.
        spans: list[tuple[int, int]] = []
        core_spans: list[tuple[int, int]] = []
        n_units: list[int] = []
        tails: list[str] = []
        cores: list[str] = []
        u_core: list[int] = []
        join = "".join
        for a, rules, units in batch:
            off = len(texts)
            starts.append(off)
            lengths.append(len(a.texts))
            texts += a.texts
            tags += a.tags
            rtags += rules
            ws += a.ws
            n_units.append(len(units.spans))
            if units.spans:
                tx = a.texts
                spans += units.spans
                core_spans += units.core_spans
                tails += [join(tx[ce:e]) if e > ce else "-" for (_, e), (_, ce) in zip(units.spans, units.core_spans)]
                u_core += range(len(cores) + 1, len(cores) + 1 + len(units.spans))
            cores.append(START)
            cores += units.core_texts
            cores.append(END)
        total = len(texts)
        if total == 0:
            nothing = np.zeros(0, dtype=np.intp)
            return np.zeros((0, 3)), nothing.astype(bool), nothing, nothing
        tag_rows = self._tags.rows(tags)
        mr = self._words.gather(texts)
        mr += self._tags.matrix[tag_rows]
        # Rule tags: most tokens are under none ("O"), so only the others are looked up.
        ruled = [i for i, r in enumerate(rtags) if r != "O"]
        outside = self._rules.gather(["O"])[0]
        mr += outside
        if ruled:
            mr[ruled] += self._rules.gather([rtags[i] for i in ruled]) - outside
        mr = np.vstack((mr, self._no_neighbour, self._edge))
        none, edge_row = total, total + 1
        at = np.arange(total)
        first = np.repeat(np.array(starts), lengths)
        last = first + np.repeat(np.array(lengths), lengths) - 1
        has_prev, has_next = at > first, at < last
        em = mr[:total, 0:3].copy()
        em += mr[np.where(at - 2 >= first, at - 2, edge_row), 12:15]
        em += mr[np.where(has_prev, at - 1, none), 9:12]
        em += mr[np.where(has_next, at + 1, none), 6:9]
        em += mr[np.where(at + 2 <= last, at + 2, edge_row), 3:6]
        # Context: spacing after and before, and the tag pairs with the adjacent morphemes.
        space = np.array(ws, dtype=np.intp)
        space_before = np.where(has_prev, np.roll(space, 1), 0)
        em += self._spacing[2 * space + space_before]
        fid = self._first_of_tag_rows()[tag_rows]
        if restrict:
            cand = self._candidate_first[fid]
            cand[ruled] = True
        else:
            cand = np.ones(total, dtype=bool)
        em += np.where(has_prev[:, None], self._pairs[-1][np.roll(fid, 1), fid], self._edge_before)
        em += np.where(has_next[:, None], self._pairs[1][np.roll(fid, -1), fid], self._edge_after)
        if spans:
            core_rows = self._cores.rows(cores)[np.add.outer(np.array(u_core), (-1, 0, 1))]
            off = np.repeat(np.array(starts), n_units)
            s, e = (np.array(spans) + off[:, None]).T
            ce = np.array(core_spans)[:, 1] + off
            self._add_units(em, s, ce, e, core_rows, self._tails.gather(tails))
        return em, cand, first, last

    def _add_units(self, em: np.ndarray, s: np.ndarray, ce: np.ndarray, e: np.ndarray,
                   core_rows: np.ndarray, tails: np.ndarray) -> None:
        """The unit groups: every unit's core (as itself and as its neighbours' neighbour),
        its tail, the token's place in the unit and, inside the core, in the core.
        ``core_rows``: per unit, the rows of the previous unit's core, its own, the next one's."""
        n_units = len(s)
        core = self._cores.matrix
        base = tails + core[core_rows[:, 0], 3:6] + core[core_rows[:, 2], 6:9]
        lens = e - s
        unit = np.repeat(np.arange(n_units), lens)
        pos = np.arange(len(unit)) - np.repeat(np.cumsum(lens) - lens, lens)
        size = lens[unit]
        place = np.where(size == 1, 0, np.where(pos == 0, 1, np.where(pos == size - 1, 3, 2)))
        csize = (ce - s)[unit]
        cplace = np.where(csize == 1, 0, np.where(pos == 0, 1, np.where(pos == csize - 1, 3, 2)))
        inside = (pos < csize)[:, None]
        in_core = core[core_rows[:, 1], 0:3][unit] + self._core_places[cplace, np.minimum(csize, 4)]
        em[s[unit] + pos] += (base[unit] + self._places[place]
                              + np.where(inside, in_core, self._outside_core))

    def decode(self, em: np.ndarray, cand: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """The best label index (into LABELS) of every token: Viterbi over each run of candidate
        tokens, all runs of the batch in step; tokens outside the runs are O.

        A run that does not start its document follows an O token, and one that does
        not end it precedes one, so those transitions count too.
        """
        labels = np.full(len(em), 2, dtype=np.intp)
        if not cand.any():
            return labels
        at = np.arange(len(em))
        starts = np.flatnonzero(cand & ((at == first) | ~np.roll(cand, 1)))
        ends = np.flatnonzero(cand & ((at == last) | ~np.roll(cand, -1))) + 1
        order = np.argsort(ends - starts, kind="stable")[::-1]  # longest first: the live runs are a prefix
        starts, ends = starts[order], ends[order]
        lengths = ends - starts
        trans = self._trans
        score = em[starts] + np.where((starts > first[starts])[:, None], trans[2], 0.0)
        back = []
        for t in range(1, int(lengths[0])):
            live = int(np.count_nonzero(lengths > t))
            step = score[:live, :, None] + trans  # [run, previous label, label]
            prev = step.argmax(axis=1)
            back.append(prev)
            score[:live] = np.take_along_axis(step, prev[:, None, :], axis=1)[:, 0, :] + em[starts[:live] + t]
        score += np.where((ends - 1 < last[ends - 1])[:, None], trans[:, 2], 0.0)
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
        """Label indices (into LABELS) of the documents' tokens one after the other (see
        ``decode``), and the index of each document's first token; with ``restrict``, only
        candidate tokens can be part of a name."""
        prepared = [(units.arr, rule_tags(doc, mentions, units.arr), units) for doc, mentions, units in batch]
        labels = self.decode(*self.emissions(prepared, restrict))
        return labels, [0, *accumulate(len(a.texts) for a, _, _ in prepared)][:len(prepared)]

    def tag(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units, restrict: bool = True) -> list[str]:
        """BIO labels of one document (see ``decode``)."""
        return [LABELS[y] for y in self.label_batch([(doc, rule_mentions, units)], restrict)[0].tolist()]


class ModelLayer:
    """How the CRF's spans and the rule mentions are combined (``mode``):

    "add"    keeps every rule mention and adds the model's names that overlap none;
    "vote"   also drops bundled-list matches the model does not tag (a listed
             name used as an ordinary word);
    "refine" also lets the model redraw the bounds of a bundled-list match;
    "extend" also lets the model extend a self-evident name by the words before
             it (a place or a parent: "누리 가람경찰서") or after it when the
             longer name ends in a name head (a division: "가람지법 형사1부"),
             never shrink it (see ``extends``);
    "prefer" lets the model draw the organisation spans: a rule organisation
             stays when the model tags the very same span, or when it is
             self-evident (form, context, the user's list) and the model tags
             nothing over it. Products and people found by the rules always stay.

    ``o_bias``: see ``CompiledCRF``; by default the value cross-validated for
    this model file (``cv.json``), else 0.
    """

    def __init__(self, path: str | Path, mode: str = "add", o_bias: float | None = None):
        import pycrfsuite

        if mode not in MODES:
            raise ValueError(f"unknown model mode {mode!r} (expected one of {MODES})")
        self.path = Path(path)
        self.mode = mode
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.path))
        if o_bias is None:
            o_bias = float((_cv_of(self.path) or {}).get("decode", {}).get("o_bias", 0.0))
        self.crf = CompiledCRF(self.tagger, o_bias)

    def spans(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units | None = None
              ) -> list[tuple[int, int]]:
        return self.spans_batch([(doc, rule_mentions, units or Units(doc))])[0]

    def spans_batch(self, batch: Sequence[tuple[Doc, Sequence[Mention], Units]]) -> list[list[tuple[int, int]]]:
        """The model's organisation spans for each (doc, rule mentions, units), scored together."""
        labels, starts = self.crf.label_batch(batch)
        return spans_of(labels, starts, [units.arr for _, _, units in batch])

    def __call__(self, doc: Doc, rule_mentions: Sequence[Mention], did: str,
                 mode: str | None = None, units: Units | None = None) -> list[Mention]:
        """The rule mentions the mode keeps plus the model's names over the rest, sorted."""
        return self.combine(doc, rule_mentions, did, self.spans(doc, rule_mentions, units), mode)

    def combine(self, doc: Doc, rule_mentions: Sequence[Mention], did: str, spans: Sequence[tuple[int, int]],
                mode: str | None = None) -> list[Mention]:
        """The rule mentions the mode keeps plus the model's ``spans`` over the rest, sorted."""
        mode = mode or self.mode
        text = doc_text(doc)
        exact = set(spans)
        kept = []
        for m in rule_mentions:
            if m.is_org and mode != "add" and (m.start, m.end) not in exact:
                tagged = any(s < m.end and m.start < e for s, e in spans)
                evident = m.source.startswith(SELF_EVIDENT)
                if tagged and (mode == "prefer" or (mode in ("refine", "extend") and not evident)):
                    continue
                if tagged and mode == "extend" and extends(text, m, spans):
                    continue
                if not tagged and not evident:
                    continue
            kept.append(m)
        taken = [(m.start, m.end) for m in kept]
        out = list(kept)
        for s, e in spans:
            if any(s < b and a < e for a, b in taken):
                continue
            name = text[s:e]
            if len(name.strip()) < 2:
                continue
            kind = "company" if company_head(name) else kind_of(name, default="organization")
            out.append(Mention(did, s, e, name, name, kind, None, LAYER))
        return sorted(out, key=lambda m: m.start)


def extends(text: str, m: Mention, spans: Sequence[tuple[int, int]]) -> bool:
    """True when a single model span overlaps ``m`` and strictly contains it, adding words
    before it, or after it provided the longer name still ends in a name head.

    Words before a name qualify it (a place, a parent body) and belong to it; words after it
    are a division only when they end in a head ("…형사1부", "…연구소"), otherwise they are
    what the name is followed by, a person's title most often ("…협회 상임이사").
    """
    over = [(s, e) for s, e in spans if s < m.end and m.start < e]
    if len(over) != 1:
        return False
    s, e = over[0]
    if s > m.start or e < m.end:
        return False
    if e == m.end:
        return True
    name = text[s:e]
    return bool(org_head(name) or company_head(name) or name.endswith(DIVISION_SUFFIX))


# Heads of divisions and government bodies a longer name may end in ("…부", "…청", "…처"):
# ``kind.GOV_SUFFIX`` less 원, which also ends titles (위원, 직원, 공무원), plus 지원 (a branch
# court, as 지청 is a branch prosecutors' office).
DIVISION_SUFFIX = (*(x for x in GOV_SUFFIX if x != "원"), "지원")


def model_sha1(path: str | Path) -> str:
    import hashlib

    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


@contextmanager
def rules_only(nlp: Any) -> Iterator[ModelLayer | None]:
    """Run ``nlp`` with the company model switched off; yields the model that was on (or None).

    The model was trained on the KLUE half, so scoring it there would be
    in-sample: evaluation scores the rules live and takes the model's
    figure from its cross-validation (``cross_validated``).
    """
    rec = nlp.get_pipe("kdeal_companies") if "kdeal_companies" in nlp.pipe_names else None
    model = getattr(rec, "model", None)
    if rec is None or model is None:
        yield None
        return
    rec.model = None
    try:
        yield model
    finally:
        rec.model = model


def bundled_model(mode: str = DEFAULT_MODE) -> ModelLayer | None:
    """The CRF shipped in extractors/data/ner, or None when it is absent."""
    path = default_model_path()
    return ModelLayer(path, mode) if path.is_file() else None


def _cv_of(path: Path) -> dict[str, Any] | None:
    """``cv.json`` beside the model file, if it describes this very file."""
    cv_path = path.parent / "cv.json"
    if not cv_path.is_file():
        return None
    cv = json.loads(cv_path.read_text(encoding="utf-8"))
    if cv.get("model_sha1") != model_sha1(path):
        return None
    return cv


def cross_validated(model: ModelLayer) -> dict[str, Any] | None:
    """The k-fold figure written by ``make train-ner`` for this very model file, or None.

    ``cv.json`` records the SHA-1 of the model it describes; a model retrained
    without its cross-validation gets no figure rather than a stale one.
    """
    return _cv_of(model.path)
