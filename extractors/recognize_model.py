"""Model layer: the organisation CRF (``extractors/ner``) run after the rules.

The CRF sees the rules' verdicts as features; ``mode`` says how its spans and
the rule mentions are combined (see ``ModelLayer``). Without a model file the
layer is simply absent, so the rules work on their own.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, Iterator, Sequence

from spacy.tokens import Doc

from pipeline.records import Mention

from .kind import company_head, kind_of
from .ner.features import (END, NEIGHBOURS, OUTSIDE_CORE, START, core_place, edge, morpheme, neighbour,
                           neighbour_rule, rule, rule_tags, spacing, spans_from_labels, tag_pair, unit_core,
                           unit_next, unit_place, unit_prev, unit_tail)
from .tokens import TokenArrays, Units, doc_text

LAYER = "model"


def default_model_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "ner" / "klue_og.crfsuite"


# Rule layers whose mentions stand without the model's agreement (all modes but "add"):
# a name list says a string *can* be a company, the model says whether it is one here.
SELF_EVIDENT = ("form", "context", "propagated", "gazetteer:user")
MODES = ("add", "vote", "refine", "prefer")
# The pipeline's mode: on the KLUE half (5-fold CV F1) "prefer" scores 0.653, "refine"
# 0.637, "vote" 0.616, but "prefer" redraws form and context names to KLUE's bounds and
# loses seed mentions (seed F1 0.93 < 0.95), while "refine" scores the seed as "vote" does.
DEFAULT_MODE = "refine"


Vec = tuple[float, float, float]
LABELS = ("B-OG", "I-OG", "O")
_ONLY_O: Vec = (float("-inf"), float("-inf"), 0.0)
# Kiwi tags a name is made of; other morphemes (particles, endings, verbs, punctuation) are
# O unless a rule mention covers them: in the KLUE half 99% of name morphemes have one of these.
CANDIDATE_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "SN", "SL", "SH", "XPN", "XSN"})
# Cached group sums are dropped when a cache grows past this (a long run meets ever new words).
CACHE_LIMIT = 200_000


class CompiledCRF:
    """The CRF's weights in plain dicts, scored group by group and decoded in Python.

    Why not ``pycrfsuite.Tagger.tag``: it needs every feature spelled out as
    a string for every token (about 35 per morpheme), and building those
    strings cost four times what the rules cost. The model is linear, so the
    score of a token is the sum of its feature groups' weights; each group's
    sum is computed once per key (a morpheme, a rule tag, a unit core ...) and
    cached. Viterbi over three labels is a few comparisons per token, run
    only over the runs of candidate tokens (``CANDIDATE_TAGS``).
    Unrestricted and with ``o_bias`` 0 the labels equal the Tagger's
    (tests/test_companies_model.py checks it).

    ``o_bias`` is taken off every token's O score: the CRF trades recall for
    precision, and a small bias towards names raises F1 (chosen by
    cross-validation, ``extractors/ner/train.py``).
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
        self._edges = {d: self._sum(edge(d)) for d in NEIGHBOURS}
        self._outside_core = self._sum(OUTSIDE_CORE)
        self._places = {p: self._sum(unit_place(p)) for p in "SBIL"}
        self._core_places = {(p, k): self._sum(core_place(p, k)) for p in "SBIL" for k in range(1, 5)}
        self._tokens: dict[tuple[str, str, str], tuple[float, ...]] = {}
        self._contexts: dict[tuple[Any, ...], Vec] = {}
        self._cores: dict[str, tuple[float, ...]] = {}
        self._tails: dict[str, Vec] = {}

    def clear_caches(self) -> None:
        """Forget the cached group sums (the benchmark times a cold start with it)."""
        for cache in (self._tokens, self._contexts, self._cores, self._tails):
            cache.clear()

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

    def _token(self, key: tuple[str, str, str]) -> tuple[float, ...]:
        """A morpheme with its rule tag: 15 floats, its own B/I/O weights, then those it
        gives the token at offset -2, -1, +1, +2 from it (as that token's neighbour)."""
        text, tag, rtag = key
        own = self._sum((*morpheme(text, tag), *rule(rtag)))
        out = list(own)
        for d in NEIGHBOURS:
            out += self._sum((*neighbour(-d, text, tag), *neighbour_rule(-d, rtag)))
        if len(self._tokens) > CACHE_LIMIT:
            self._tokens.clear()
        got = self._tokens[key] = tuple(out)
        return got

    def _context(self, key: tuple[Any, ...]) -> Vec:
        """Spacing and the tag pairs with the adjacent morphemes (edge marks at the ends)."""
        prev, tag, nxt, space_after, space_before = key
        feats = [*spacing(space_after, space_before)]
        feats += edge(-1) if prev is None else tag_pair(-1, prev, tag)
        feats += edge(1) if nxt is None else tag_pair(1, nxt, tag)
        if len(self._contexts) > CACHE_LIMIT:
            self._contexts.clear()
        got = self._contexts[key] = self._sum(feats)
        return got

    def _core(self, core: str) -> tuple[float, ...]:
        """A unit core's 9 floats: its weights as the core of the unit, as the previous
        unit's core (seen from the next unit), and as the next unit's core."""
        got = self._cores.get(core)
        if got is None:  # (START and END stand for the missing neighbours of the first and last unit)
            if len(self._cores) > CACHE_LIMIT:
                self._cores.clear()
            got = self._cores[core] = (*self._sum(unit_core(core)), *self._sum(unit_prev(core)),
                                       *self._sum(unit_next(core)))
        return got

    def _tail(self, tail: str) -> Vec:
        got = self._tails.get(tail)
        if got is None:
            if len(self._tails) > CACHE_LIMIT:
                self._tails.clear()
            got = self._tails[tail] = self._sum(unit_tail(tail))
        return got

    def emissions(self, a: TokenArrays, rules: Sequence[str], units: Units, restrict: bool = True) -> list[Vec]:
        """Per token: the summed weights of its features for B, I and O.

        With ``restrict``, only candidate tokens (``CANDIDATE_TAGS`` or covered by a
        rule mention) are scored; the others can only be O (a quarter less work).
        """
        texts, tags, ws, first = a.texts, a.tags, a.ws, a.first_tags
        n = len(texts)
        em: list[Vec] = [_ONLY_O] * n
        if n == 0:
            return em
        cand = [not restrict or t in CANDIDATE_TAGS or r != "O" for t, r in zip(first, rules)]
        if not any(cand):
            return em
        tokens, token = self._tokens, self._token
        recs = [tokens.get(k) or token(k) for k in zip(texts, tags, rules)]
        contexts, context = self._contexts, self._context
        e_2, e2 = self._edges[-2], self._edges[2]

        def score(i: int, u0: float, u1: float, u2: float) -> None:
            k = (tags[i - 1] if i else None, tags[i], tags[i + 1] if i + 1 < n else None, ws[i],
                 bool(i and ws[i - 1]))
            c = contexts.get(k) or context(k)
            r = recs[i]
            b, i_, o = r[0] + c[0] + u0, r[1] + c[1] + u1, r[2] + c[2] + u2
            q = recs[i - 2][12:15] if i >= 2 else e_2
            b, i_, o = b + q[0], i_ + q[1], o + q[2]
            if i:
                q = recs[i - 1]
                b, i_, o = b + q[9], i_ + q[10], o + q[11]
            if i + 1 < n:
                q = recs[i + 1]
                b, i_, o = b + q[6], i_ + q[7], o + q[8]
            q = recs[i + 2][3:6] if i + 2 < n else e2
            em[i] = (b + q[0], i_ + q[1], o + q[2])

        # The unit groups: every unit's core (as itself and as its neighbours' neighbour), its tail.
        texts_join = "".join
        spans = units.spans
        core_ends = [c[1] for c in map(units.core, range(len(spans)))]
        cores, core = self._cores, self._core
        vecs = [cores.get(k) or core(k)
                for k in [START, *(texts_join(texts[s:ce]) for (s, _), ce in zip(spans, core_ends)), END]]
        tails, tail_vec = self._tails, self._tail
        ps, pb, pi, pl = (self._places[p] for p in "SBIL")
        outside = self._outside_core
        core_places = self._core_places
        for u, ((s, end), ce) in enumerate(zip(spans, core_ends)):
            if not any(cand[s:end]):
                continue
            tail = texts_join(texts[ce:end]) or "-"
            t = tails.get(tail) or tail_vec(tail)
            pv, co, nx = vecs[u], vecs[u + 1], vecs[u + 2]  # (vecs[0] is START's)
            b, i_, o = t[0] + pv[3] + nx[6], t[1] + pv[4] + nx[7], t[2] + pv[5] + nx[8]
            size = min(ce - s, 4)
            for i in range(s, end):
                if cand[i]:
                    p = ps if end - s == 1 else (pb if i == s else (pl if i == end - 1 else pi))
                    if i < ce:
                        q = core_places[("S" if size == 1 else ("B" if i == s else ("L" if i == ce - 1 else "I")),
                                         size)]
                        score(i, b + p[0] + co[0] + q[0], i_ + p[1] + co[1] + q[1], o + p[2] + co[2] + q[2])
                    else:
                        score(i, b + p[0] + outside[0], i_ + p[1] + outside[1], o + p[2] + outside[2])
        of_token = units.of_token
        for i in [i for i, c in enumerate(cand) if c and i not in of_token]:
            score(i, 0.0, 0.0, 0.0)  # punctuation covered by a rule mention: no unit
        return em

    def viterbi(self, em: Sequence[Vec], after_o: bool = False, before_o: bool = False) -> list[int]:
        """The best label indices (into LABELS) under the emissions and the transitions.

        ``after_o``/``before_o``: the token before/after the sequence is O (a run of
        candidates between forced O tokens), so those transitions count too.
        """
        if not em:
            return []
        (bb, bi, bo), (ib, ii, io), (ob, oi, oo) = self.trans
        sb, si, so = em[0]
        if after_o:
            sb, si, so = sb + ob, si + oi, so + oo
        back = []
        for eb, ei, eo in islice(em, 1, None):
            x, y, z = sb + bb, si + ib, so + ob
            nb, pb = (x, 0) if x >= y and x >= z else ((y, 1) if y >= z else (z, 2))
            x, y, z = sb + bi, si + ii, so + oi
            ni, pi = (x, 0) if x >= y and x >= z else ((y, 1) if y >= z else (z, 2))
            x, y, z = sb + bo, si + io, so + oo
            no, po = (x, 0) if x >= y and x >= z else ((y, 1) if y >= z else (z, 2))
            sb, si, so = nb + eb, ni + ei, no + eo
            back.append((pb, pi, po))
        if before_o:
            sb, si, so = sb + bo, si + io, so + oo
        best = 0 if sb >= si and sb >= so else (1 if si >= so else 2)
        path = [best]
        for bp in reversed(back):
            best = bp[best]
            path.append(best)
        path.reverse()
        return path

    def tag(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units, restrict: bool = True) -> list[str]:
        """BIO labels: Viterbi over each run of candidate tokens; the tokens between runs are O."""
        a = units.arr
        em = self.emissions(a, rule_tags(doc, rule_mentions, a), units, restrict)
        n = len(em)
        labels = ["O"] * n
        i = 0
        while i < n:
            if em[i] is _ONLY_O:
                i += 1
                continue
            j = i + 1
            while j < n and em[j] is not _ONLY_O:
                j += 1
            for k, y in enumerate(self.viterbi(em[i:j], i > 0, j < n), start=i):
                labels[k] = LABELS[y]
            i = j
        return labels


class ModelLayer:
    """How the CRF's spans and the rule mentions are combined (``mode``):

    "add"    keeps every rule mention and adds the model's names that overlap none;
    "vote"   also drops bundled-list matches the model does not tag (a listed
             name used as an ordinary word);
    "refine" also lets the model redraw the bounds of a bundled-list match;
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
        if len(doc) == 0:
            return []
        units = units or Units(doc)
        labels = self.crf.tag(doc, rule_mentions, units)
        return spans_from_labels(doc, labels, units.arr)

    def __call__(self, doc: Doc, rule_mentions: Sequence[Mention], did: str,
                 mode: str | None = None, units: Units | None = None) -> list[Mention]:
        """The rule mentions the mode keeps plus the model's names over the rest, sorted."""
        mode = mode or self.mode
        text = doc_text(doc)
        spans = self.spans(doc, rule_mentions, units)
        exact = set(spans)
        kept = []
        for m in rule_mentions:
            if m.is_org and mode != "add" and (m.start, m.end) not in exact:
                tagged = any(s < m.end and m.start < e for s, e in spans)
                evident = m.source.startswith(SELF_EVIDENT)
                if tagged and (mode == "prefer" or (mode == "refine" and not evident)):
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
