"""Kiwi as the tokenizer of a spaCy Korean pipeline.

spaCy's own Korean tokenizer needs mecab-ko; we register Kiwi instead, the way
``spacy/lang/ko`` wraps mecab: tokens are morphemes whose text is the exact
surface substring, Kiwi's tag is ``tag_``, and ``doc.text`` equals the input.
Morphemes that share characters (했 = 하/VV + 었/EP) become one token whose tag
joins theirs (``VV+EP``) and whose lemma joins their forms (``하+었``), because
a spaCy token must be a substring of the text.

Kiwi is slow to build (≈1.2 s, ≈2.4 s more on first use, ≈530 MB), so one
tokenizer owns one Kiwi and ``pipe`` feeds it many texts at once. Long texts
are cut at line breaks into chunks: Kiwi's speed halves on very long strings.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Sequence

import kdeal.extractors.doc_ext  # noqa: F401  (the Doc extensions the tokenizer writes)
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKENIZER_NAME = "kdeal.KiwiTokenizer.v1"
SPACE_TAG = "_SP"
GAP_TAG = "X"

# Kiwi (Sejong) tags to Universal POS, so spaCy's POS-based tools work on Korean.
_UPOS_PREFIX = (
    ("NNP", "PROPN"), ("NNG", "NOUN"), ("NNB", "NOUN"), ("NR", "NUM"), ("NP", "PRON"),
    ("VV", "VERB"), ("VA", "ADJ"), ("VX", "AUX"), ("VCP", "AUX"), ("VCN", "ADJ"),
    ("MM", "DET"), ("MAJ", "CCONJ"), ("MA", "ADV"), ("IC", "INTJ"),
    ("J", "ADP"), ("E", "PART"), ("XP", "X"), ("XS", "PART"), ("XR", "X"),
    ("SN", "NUM"), ("SL", "X"), ("SH", "X"), ("SF", "PUNCT"), ("SP", "PUNCT"),
    ("SS", "PUNCT"), ("SE", "PUNCT"), ("SO", "PUNCT"), ("SW", "SYM"), ("W_", "X"),
)


@lru_cache(maxsize=4096)
def upos(tag: str) -> str:
    """Universal POS of a (possibly joined, 'VV+EP') Kiwi tag: the first morpheme decides.

    Cached: a few hundred distinct tags recur on every token of every document.
    """
    first = tag.split("+", 1)[0]
    if first == SPACE_TAG:
        return "SPACE"
    for prefix, pos in _UPOS_PREFIX:
        if first.startswith(prefix):
            return pos
    return "X"


@dataclass(frozen=True)
class Morph:
    """One merged token: a surface span and the Kiwi morphemes inside it."""

    start: int
    end: int
    tag: str
    lemma: str
    sent: int


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text`` into spans of at most ``max_chars``, at line breaks where possible.

    A line longer than ``max_chars`` is cut at the last space before the limit,
    or hard at the limit when it has none. The spans cover the text exactly.
    """
    if len(text) <= max_chars:
        return [(0, len(text))] if text else []
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        if n - start <= max_chars:
            spans.append((start, n))
            break
        limit = start + max_chars
        cut = text.rfind("\n", start, limit)
        if cut <= start:
            cut = text.rfind(" ", start, limit)
        if cut <= start:
            cut = limit
        else:
            cut += 1  # keep the separator with the chunk before it
        spans.append((start, cut))
        start = cut
    return spans


def merge_tokens(tokens: Iterable[Any], offset: int, sent_base: int) -> list[Morph]:
    """Merge Kiwi morphemes whose surface spans overlap into one ``Morph`` each."""
    morphs: list[Morph] = []
    cur_start = cur_end = -1
    tags: list[str] = []
    forms: list[str] = []
    sent = 0
    for tok in sorted(tokens, key=lambda t: (t.start, t.start + t.len)):
        s, e = tok.start + offset, tok.start + tok.len + offset
        if tags and s < cur_end:
            cur_end = max(cur_end, e)
            tags.append(tok.tag)
            forms.append(tok.form)
            continue
        if e <= s:  # zero-width morpheme not inside a token: nothing to anchor it to
            continue
        if tags:
            morphs.append(Morph(cur_start, cur_end, "+".join(tags), "+".join(forms), sent))
        cur_start, cur_end = s, e
        tags, forms = [tok.tag], [tok.form]
        sent = sent_base + tok.sent_position
    if tags:
        morphs.append(Morph(cur_start, cur_end, "+".join(tags), "+".join(forms), sent))
    return morphs




def build_doc(vocab: Vocab, text: str, morphs: Sequence[Morph]) -> Doc:
    """A spaCy Doc whose tokens are ``morphs`` and whose text is exactly ``text``.

    Text between morphs becomes trailing space (one ' ') or tokens of its own
    (other whitespace gets tag ``_SP``; anything Kiwi skipped gets ``X``).
    Sentence starts come from Kiwi's sentence numbers.
    """
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    sent_starts: list[bool] = []
    last_sent = None

    def add_gap(gap: str) -> None:
        if gap == " " and words and not spaces[-1]:  # by far the most common gap
            spaces[-1] = True
            return
        for piece in re.findall(r"\s+|\S+", gap):
            if piece.isspace():
                if piece[0] == " " and words and not spaces[-1]:
                    spaces[-1] = True
                    piece = piece[1:]
                    if not piece:
                        continue
                words.append(piece)
                spaces.append(False)
                tags.append(SPACE_TAG)
                lemmas.append(piece)
                sent_starts.append(not sent_starts)
            else:
                words.append(piece)
                spaces.append(False)
                tags.append(GAP_TAG)
                lemmas.append(piece)
                sent_starts.append(not sent_starts)

    pos = 0
    for m in morphs:
        if m.start > pos:
            add_gap(text[pos:m.start])
        words.append(text[m.start:m.end])
        spaces.append(False)
        tags.append(m.tag)
        lemmas.append(m.lemma)
        sent_starts.append(last_sent is None or m.sent != last_sent or not sent_starts)
        last_sent = m.sent
        pos = m.end
    if pos < len(text):
        add_gap(text[pos:])
    if not words:
        doc = Doc(vocab, words=[], spaces=[])
    else:
        if sent_starts:
            sent_starts[0] = True
        doc = Doc(
            vocab,
            words=words,
            spaces=spaces,
            tags=tags,
            pos=[upos(t) for t in tags],
            lemmas=lemmas,
            sent_starts=sent_starts,
        )
    if words or not text:
        # Every character of ``text`` is in a token, so this is what ``doc.text`` would
        # rebuild (token by token, on every access); the extractors read it from here.
        doc._.source_text = text
        # The token texts, tags and trailing spaces, as built: the extractors' token views
        # (``extractors.tokens.TokenArrays``) start from these instead of asking spaCy's
        # string store for every token again.
        doc._.kiwi_tokens = (words, tags, spaces)
    return doc


class KiwiTokenizer:
    """A spaCy tokenizer backed by one Kiwi instance.

    ``num_workers``: Kiwi threads; 1 analyses in the calling thread. Several
    processes each build their own tokenizer (Kiwi cannot be pickled once its
    dictionary has been changed).
    """

    def __init__(
        self,
        vocab: Vocab,
        model_type: str = "cong",
        num_workers: int = 1,
        max_chunk_chars: int = 20_000,
        typos: str | None = None,
        kiwi_factory: Callable[..., Any] | None = None,
    ):
        self.vocab = vocab
        self.model_type = model_type
        self.num_workers = max(1, int(num_workers))
        self.max_chunk_chars = max(200, int(max_chunk_chars))
        self.typos = typos
        self._kiwi_factory = kiwi_factory
        self._kiwi: Any = None
        self._lock = threading.Lock()

    @property
    def kiwi(self) -> Any:
        """The Kiwi instance, built on first use so that building a pipeline is cheap."""
        if self._kiwi is None:
            with self._lock:
                if self._kiwi is None:
                    if self._kiwi_factory is not None:
                        self._kiwi = self._kiwi_factory()
                    else:
                        from kiwipiepy import Kiwi

                        self._kiwi = Kiwi(
                            num_workers=self.num_workers if self.num_workers > 1 else 1,
                            model_type=self.model_type,
                            typos=self.typos,
                        )
        return self._kiwi

    def _analyse(self, chunks: list[str]) -> list[list[Any]]:
        kiwi = self.kiwi
        if self.num_workers <= 1 or len(chunks) == 1:
            return [kiwi.tokenize(c) for c in chunks]
        return list(kiwi.tokenize(chunks))

    def _docs(self, texts: list[str]) -> list[Doc]:
        plan: list[tuple[int, int, int]] = []  # (text index, chunk start, chunk end)
        chunks: list[str] = []
        for i, text in enumerate(texts):
            for s, e in chunk_spans(text, self.max_chunk_chars):
                if text[s:e].strip():
                    plan.append((i, s, e))
                    chunks.append(text[s:e])
        analysed = self._analyse(chunks) if chunks else []
        per_text: list[list[Morph]] = [[] for _ in texts]
        sent_base = [0 for _ in texts]
        for (i, s, _e), toks in zip(plan, analysed):
            morphs = merge_tokens(toks, s, sent_base[i])
            if morphs:
                sent_base[i] = morphs[-1].sent + 1
            per_text[i].extend(morphs)
        return [build_doc(self.vocab, text, morphs) for text, morphs in zip(texts, per_text)]

    def __call__(self, text: str) -> Doc:
        return self._docs([text])[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._docs(batch)
                batch = []
        if batch:
            yield from self._docs(batch)

    # spaCy serialises the tokenizer with the pipeline; Kiwi itself is rebuilt from settings.
    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        import json

        return json.dumps({"model_type": self.model_type, "max_chunk_chars": self.max_chunk_chars}).encode()

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> "KiwiTokenizer":
        import json

        cfg = json.loads(data.decode())
        self.model_type = cfg.get("model_type", self.model_type)
        self.max_chunk_chars = cfg.get("max_chunk_chars", self.max_chunk_chars)
        return self

    def to_disk(self, path: Any, *, exclude: Sequence[str] = ()) -> None:
        from pathlib import Path

        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: Any, *, exclude: Sequence[str] = ()) -> "KiwiTokenizer":
        from pathlib import Path

        return self.from_bytes(Path(path).read_bytes())


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_kiwi_tokenizer(
    model_type: str = "cong",
    num_workers: int = 1,
    max_chunk_chars: int = 20_000,
    typos: str | None = None,
) -> Callable[[Any], KiwiTokenizer]:
    def create(nlp: Any) -> KiwiTokenizer:
        return KiwiTokenizer(nlp.vocab, model_type=model_type, num_workers=num_workers,
                             max_chunk_chars=max_chunk_chars, typos=typos)

    return create


def blank_korean(model_type: str = "cong", num_workers: int = 1, max_chunk_chars: int = 20_000,
                 typos: str | None = None) -> Any:
    """``spacy.blank("ko")`` with Kiwi as its tokenizer, built from config (no mecab needed)."""
    config = {
        "nlp": {
            "tokenizer": {
                "@tokenizers": TOKENIZER_NAME,
                "model_type": model_type,
                "num_workers": num_workers,
                "max_chunk_chars": max_chunk_chars,
                "typos": typos,
            }
        }
    }
    return spacy.blank("ko", config=config)
