"""The weights of a CRFsuite model file, read straight from its binary format.

Why: ``pycrfsuite.Tagger.info()`` has CRFsuite print the whole model as text
and parses it line by line with regular expressions, which cost about a second
of every run's start-up for the bundled model (benchmarks/bench_pipeline.py).
This reads the same file with ``struct`` and numpy in a few tens of
milliseconds and gives what ``info()`` gives: the labels, the transitions and
the state features in the same order, with the weights as the text dump
prints them (``%f``: six decimals), so a model compiled from it scores exactly
as one compiled from ``info()`` (tests/test_companies_model.py compares them).

The layout (CRFsuite's ``crf1d_model.c``; little-endian): a 48-byte header
(magic ``lCRF``, file size, type ``FOMC``, version, feature/label/attribute
counts and the offsets of five chunks), then the features (``FEAT``: type,
source, destination as uint32 and the weight as float64, 20 bytes each), two
string tables (``CQDB``: labels and attributes, each string under its id) and
per label and per attribute the ids of their features (``LFRF``, ``AFRF``).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"lCRF"
MODEL_TYPE = b"FOMC"
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_CHUNK = struct.Struct("<4sII")  # chunk id, size, number of items
_CQDB_HEADER = struct.Struct("<4sIIIII")  # id, size, flag, byte order, backward array size, its offset
STATE, TRANSITION = 0, 1


class ModelFileError(ValueError):
    """Not a CRFsuite model file this reader understands."""


def _u32(buf: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The little-endian uint32 at each byte offset ``at`` of ``buf`` (offsets need not be aligned)."""
    at = at.astype(np.int64)
    b = [buf[at + k].astype(np.uint32) for k in range(4)]
    return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)


def _strings(data: bytes, buf: np.ndarray, offset: int, count: int) -> list[str]:
    """The first ``count`` strings of a CQDB chunk, by id (its backward array points at each
    record: id, size with the final NUL, the bytes)."""
    chunk, _size, _flag, _order, n, back = _CQDB_HEADER.unpack_from(data, offset)
    if chunk != b"CQDB":
        raise ModelFileError(f"no string table at byte {offset}")
    records = np.frombuffer(data, "<u4", min(n, count), offset + back).astype(np.int64)
    starts = offset + records + 8
    sizes = np.where(records > 0, _u32(buf, offset + records + 4).astype(np.int64) - 1, 0)
    return [data[a:a + k].decode("utf-8") for a, k in zip(starts.tolist(), sizes.tolist())]


def _refs(data: bytes, buf: np.ndarray, offset: int, expect: bytes, count: int) -> np.ndarray:
    """The ids of the features of the first ``count`` labels or attributes, one after the
    other in the file's order (a reference at offset 0: one with no features)."""
    chunk, _size, n_refs = _CHUNK.unpack_from(data, offset)
    if chunk != expect:
        raise ModelFileError(f"expected chunk {expect!r} at byte {offset}, found {chunk!r}")
    at = np.frombuffer(data, "<u4", min(count, n_refs), offset + _CHUNK.size).astype(np.int64)
    at = at[at > 0]
    counts = _u32(buf, at).astype(np.int64)
    # Byte offset of every feature id: each list's first, then 4 bytes apart.
    first = np.repeat(at + 4, counts)
    rank = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return _u32(buf, first + 4 * rank)


def _printed(weights: np.ndarray) -> np.ndarray:
    """The weights as the text dump has them: printed with ``%f``, read back."""
    return np.array(list(map(float, map("%f".__mod__, weights.tolist()))), dtype=np.float64)


@dataclass
class ModelWeights:
    """What ``pycrfsuite.Tagger.info()`` gives, for ``CompiledCRF``: ``labels`` (name → id as
    text), ``transitions`` ((from, to) → weight) and ``state_features`` ((attribute, label) →
    weight, built when asked), and ``state_rows``: the state weights as one row per attribute."""

    labels: dict[str, str]
    transitions: dict[tuple[str, str], float]
    attr_names: list[str] = field(repr=False)
    label_names: list[str] = field(repr=False)
    src: np.ndarray = field(repr=False)  # per state feature: attribute id, label id, weight
    dst: np.ndarray = field(repr=False)
    weight: np.ndarray = field(repr=False)

    @property
    def state_features(self) -> dict[tuple[str, str], float]:
        return dict(zip(zip(map(self.attr_names.__getitem__, self.src.tolist()),
                            map(self.label_names.__getitem__, self.dst.tolist())), self.weight.tolist()))

    def state_rows(self, at: dict[str, int], n: int) -> dict[str, np.ndarray]:
        """Per attribute with weights (in the order of ``state_features``), its weights as a
        row of ``n``, the label named ``l`` in column ``at[l]``: what summing ``state_features``
        into zero rows gives."""
        ids, first, row = np.unique(self.src, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # attributes by first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        columns = np.array([at[name] for name in self.label_names], dtype=np.intp)
        matrix = np.zeros((len(ids), n))
        matrix[rank[row.ravel()], columns[self.dst]] += self.weight  # each (attribute, label) once
        return dict(zip(map(self.attr_names.__getitem__, ids[order].tolist()), matrix))


def read_weights(path: str | Path) -> ModelWeights:
    """The labels, transitions and state features of the CRFsuite model at ``path``, in the
    order ``Tagger.info()`` lists them (labels by id; transitions by source label; state
    features by attribute id, each in the order of its feature references)."""
    data = Path(path).read_bytes()
    if len(data) < _HEADER.size:
        raise ModelFileError(f"{path}: too short for a CRFsuite model")
    (magic, _size, kind, _version, _nf, n_labels, n_attrs, off_features, off_labels, off_attrs,
     off_label_refs, off_attr_refs) = _HEADER.unpack_from(data)
    if magic != MAGIC or kind != MODEL_TYPE:
        raise ModelFileError(f"{path}: not a CRFsuite CRF model ({magic!r}, {kind!r})")
    chunk, _chunk_size, n_features = _CHUNK.unpack_from(data, off_features)
    if chunk != b"FEAT":
        raise ModelFileError(f"{path}: no feature chunk")
    buf = np.frombuffer(data, np.uint8)
    features = np.frombuffer(data, _FEATURE, n_features, off_features + _CHUNK.size)
    labels = _strings(data, buf, off_labels, n_labels)
    f = features[_refs(data, buf, off_label_refs, b"LFRF", n_labels)]
    f = f[f["type"] == TRANSITION]
    transitions = dict(zip(zip(map(labels.__getitem__, f["src"].tolist()),
                               map(labels.__getitem__, f["dst"].tolist())), _printed(f["weight"]).tolist()))
    f = features[_refs(data, buf, off_attr_refs, b"AFRF", n_attrs)]
    f = f[f["type"] == STATE]
    return ModelWeights(labels={name: str(i) for i, name in enumerate(labels)}, transitions=transitions,
                        attr_names=_strings(data, buf, off_attrs, n_attrs), label_names=labels,
                        src=f["src"].astype(np.intp), dst=f["dst"].astype(np.intp), weight=_printed(f["weight"]))
