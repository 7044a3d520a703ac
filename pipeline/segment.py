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

import threading
from typing import Any, Callable, Iterable, Iterator, Sequence

import kdeal.extractors.doc_ext  # noqa: F401  (the Doc extensions the tokenizer writes)
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

# GAP_TAG, SPACE_TAG and upos: the tags and universal POS the tokenizer writes (kept importable here).
from .kiwi_doc import GAP_TAG, SPACE_TAG, Morphs, build_doc, upos  # noqa: F401
from .ko_lex import use_fast_like_num

TOKENIZER_NAME = "kdeal.KiwiTokenizer.v1"


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
        per_text = [Morphs() for _ in texts]
        sent_base = [0 for _ in texts]
        for (i, s, _e), toks in zip(plan, analysed):
            sent_base[i] = per_text[i].add(toks, s, sent_base[i])
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
        use_fast_like_num(nlp.vocab)  # the same lexeme attributes, made faster (ko_lex)
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
