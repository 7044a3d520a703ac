"""Model layer: the organisation CRF (``extractors/ner``) run after the rules.

The CRF sees the rules' verdicts as features; ``mode`` says how its spans and
the rule mentions are combined (see ``ModelLayer``). Without a model file the
layer is simply absent, so the rules work on their own.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from spacy.tokens import Doc

from kdeal.records import Mention

from .evidence import lexicon_with
from .kind import GOV_SUFFIX, company_head, kind_of, org_head
from .ner.compiled import CompiledCRF, spans_of
from .ner.crfsuite_file import ModelFileError, read_weights
from .ner.features import ORG_LABELS
from .recognize_context import CUE_NOUNS
from .tokens import Units, doc_text

log = logging.getLogger(__name__)

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
# whatever the sentence ("식약처"), so it is trusted like the user's lists; and so are the
# companies annotators named as such in most of their sightings (``gazetteer.read_known_companies``).
SELF_EVIDENT = ("form", "context", "propagated", "gazetteer:user", "gazetteer:institutions", "gazetteer:konec")
# The lists whose names stand whatever the model says (the user's, the public bodies).
TRUSTED = ("gazetteer:user", "gazetteer:institutions")
MODES = ("add", "vote", "refine", "extend", "prefer")
# The pipeline's mode. "prefer" redraws self-evident names to the model's bounds: it gains on
# the KLUE half (5-fold CV) where the model *extends* a form name ("누리 X경찰서", "X지법 형사1부")
# and loses seed mentions where it shrinks one ("X 백화점" to "X") or runs on into a person's
# title ("X협회 상임이사"): seed F1 0.93 < 0.95. "extend" takes only the extensions that keep a
# name (see ``extends``): on the same CV it scores with "prefer" and keeps the seed as "refine".
DEFAULT_MODE = "extend"


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

    The model may also tag names that are not organisations (people, places ...,
    if it was trained with them): with ``veto``, a rule mention the model tags
    exactly as such a name is dropped, unless it comes from the user's list or
    the list of public bodies.

    ``o_bias``: see ``CompiledCRF``; by default the value cross-validated for
    this model file (``cv.json``), else 0. The lexicon of known forms the model
    was trained with is named in the same file.
    """

    def __init__(self, path: str | Path, mode: str = "add", o_bias: float | None = None,
                 veto: bool | None = None):
        import pycrfsuite

        if mode not in MODES:
            raise ValueError(f"unknown model mode {mode!r} (expected one of {MODES})")
        self.path = Path(path)
        self.mode = mode
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.path))
        cv = _cv_of(self.path) or {}
        if o_bias is None:
            o_bias = float(cv.get("decode", {}).get("o_bias", 0.0))
        self.veto = bool(cv.get("decode", {}).get("veto", False)) if veto is None else veto
        lexicon = cv.get("lexicon")
        self.forms = lexicon_with(**lexicon) if lexicon else None
        self.crf = CompiledCRF(self._weights(), o_bias, self.forms)

    def _weights(self) -> Any:
        """The model's weights read from its file (a second faster than the Tagger's text
        dump, the same figures); the Tagger itself for a file layout the reader does not know."""
        try:
            return read_weights(self.path)
        except ModelFileError as e:
            log.warning("%s: %s; reading the weights through pycrfsuite", self.path, e)
            return self.tagger

    def spans(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units | None = None
              ) -> list[tuple[int, int]]:
        """The model's organisation and company spans in one document."""
        return [(s, e) for s, e, c in self.tagged(doc, rule_mentions, units) if c in ORG_LABELS]

    def tagged(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units | None = None
               ) -> list[tuple[int, int, str]]:
        """Every (start, end, class) the model tags in one document, negative classes included."""
        return self.tagged_batch([(doc, rule_mentions, units or Units(doc))])[0]

    def tagged_batch(self, batch: Sequence[tuple[Doc, Sequence[Mention], Units]]
                     ) -> list[list[tuple[int, int, str]]]:
        """``tagged`` for each (doc, rule mentions, units), scored together."""
        labels, starts = self.crf.label_batch(batch)
        return spans_of(labels, starts, [units.arr for _, _, units in batch], self.crf.scheme)

    def __call__(self, doc: Doc, rule_mentions: Sequence[Mention], did: str,
                 mode: str | None = None, units: Units | None = None) -> list[Mention]:
        """The rule mentions the mode keeps plus the model's names over the rest, sorted."""
        return self.combine(doc, rule_mentions, did, self.tagged(doc, rule_mentions, units), mode)

    def combine(self, doc: Doc, rule_mentions: Sequence[Mention], did: str,
                tagged: Sequence[tuple[int, int] | tuple[int, int, str]], mode: str | None = None) -> list[Mention]:
        """The rule mentions the mode keeps plus the model's names (``tagged``: (start, end) or
        (start, end, class); no class is "OG") over the rest, sorted."""
        mode = mode or self.mode
        text = doc_text(doc)
        classed = [(t[0], t[1], t[2] if len(t) > 2 else "OG") for t in tagged]  # type: ignore[misc]
        spans = [(s, e) for s, e, c in classed if c in ORG_LABELS]
        others = {(s, e) for s, e, c in classed if c not in ORG_LABELS} if self.veto else set()
        kept = [m for m in rule_mentions if self._keeps(text, m, spans, others, mode)]
        taken = [(m.start, m.end) for m in kept]
        companies = [m for m in rule_mentions if m.kind == "company" and m.source.startswith(SELF_EVIDENT)]
        out = list(kept)
        rule_starts = {m.start for m in rule_mentions}
        for s, e, c in classed:
            s = after_cue_noun(text, s, e)
            if c not in ORG_LABELS or any(s < b and a < e for a, b in taken):
                continue
            if describes_next_name(text, e, rule_starts):
                continue
            name = text[s:e]
            if len(name.strip()) < 2:
                continue
            kind = model_kind(name, c)
            if any(s <= m.start and m.end <= e for m in companies):
                kind = "company"  # the model extends a name the rules know as a company, not its kind
            out.append(Mention(did, s, e, name, name, kind, None, LAYER))
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _keeps(text: str, m: Mention, spans: Sequence[tuple[int, int]], others: set[tuple[int, int]],
               mode: str) -> bool:
        """Does the rule mention ``m`` stand, given the model's name spans and (with ``veto``)
        the spans it tags as names of another class?"""
        if not m.is_org or mode == "add" or (m.start, m.end) in spans:
            return True
        if (m.start, m.end) in others:
            return m.source.startswith(TRUSTED)
        tagged = any(s < m.end and m.start < e for s, e in spans)
        evident = m.source.startswith(SELF_EVIDENT)
        if tagged and (mode == "prefer" or (mode in ("refine", "extend") and not evident)):
            return False
        if tagged and mode == "extend" and extends(text, m, spans):
            return False
        return tagged or evident


def model_kind(name: str, cls: str) -> str:
    """The kind of a name the model found: its class ("CO" company, "OG" organisation), except
    that a business head makes a company and an institutional head an organisation."""
    if cls == "OG" and company_head(name) and kind_of(name) == "company":
        return "company"
    if cls == "CO" and kind_of(name) == "organization":
        return "organization"
    return ORG_LABELS.get(cls, "organization")


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
    if _ends_in_cue_noun(text[s:m.start]):
        return False  # "데이터센터 운영사 X": the words before describe the company, no part of it
    if e == m.end:
        return True
    name = text[s:e]
    return bool(org_head(name) or company_head(name) or name.endswith(DIVISION_SUFFIX))


def after_cue_noun(text: str, s: int, e: int) -> int:
    """Where a model span's name starts: after the last word inside it that ends in a company or
    outlet noun ("일본 가전 유통사 X" is X, described), else where the span starts."""
    k = text.rfind(" ", s, e)
    while k > s:
        if _ends_in_cue_noun(text[s:k]):
            return k + 1
        k = text.rfind(" ", s, k)
    return s


def describes_next_name(text: str, e: int, name_starts: set[int]) -> bool:
    """Is the span ending at ``e`` followed by a company noun and a name the rules found
    ("미국 전기차 스타트업 X", "중국 배터리 업체 X")? Then it describes X; it names nothing."""
    m = _CUE_WORD_AFTER.match(text, e)
    return m is not None and m.group(1).endswith(CUE_NOUNS) and m.end() in name_starts


# A word written apart after a span, then a space: where a described name starts.
_CUE_WORD_AFTER = re.compile(r" ([가-힣]+) ")


def _ends_in_cue_noun(front: str) -> bool:
    """Does the text before a name end in a company or outlet noun ("… 유통사 ", "… 전문기업 ")?"""
    words = front.split()
    return bool(words) and words[-1].endswith(CUE_NOUNS)


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
