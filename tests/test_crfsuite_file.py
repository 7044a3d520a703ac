"""The CRFsuite model reader gives exactly what ``pycrfsuite.Tagger.info()`` gives."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from kdeal.extractors.ner.compiled import CompiledCRF
from kdeal.extractors.ner.crfsuite_file import ModelFileError, read_weights
from kdeal.extractors.recognize_model import ModelLayer

BUNDLED = Path(__file__).resolve().parents[1] / "extractors" / "data" / "ner" / "klue_og.crfsuite"
# Attribute strings with what a text dump could trip over: spaces, arrows, colons, quotes, non-ASCII.
ODD = ["w=가람", "w=a --> b", "t=NNP: x", " lead", "trail ", "q=\"'", "bias", "w=😀", "w=:", "x=1.5"]


@pytest.fixture(scope="module")
def small_model(tmp_path_factory) -> Path:
    trainer = pycrfsuite.Trainer(verbose=False)
    rows = [(["bias", ODD[i % len(ODD)], f"w={i}"], "B-OG" if i % 3 == 0 else "O") for i in range(60)]
    for k in range(0, len(rows), 6):
        chunk = rows[k:k + 6]
        labels = [y if y == "O" or j == 0 or chunk[j - 1][1] == "O" else "I-OG" for j, (_, y) in enumerate(chunk)]
        trainer.append([x for x, _ in chunk], labels)
    trainer.append([["bias", "w=회사"], ["bias", "w=다솜"]], ["B-CO", "I-CO"])
    trainer.set_params({"c1": 0.01, "c2": 0.01, "max_iterations": 30})
    path = tmp_path_factory.mktemp("crf") / "small.crfsuite"
    trainer.train(str(path))
    return path


def info_of(path: Path):
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger, tagger.info()


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_weights_are_the_taggers_in_the_same_order(which, small_model):
    path = BUNDLED if which == "bundled" else small_model
    _, info = info_of(path)
    got = read_weights(path)
    assert list(got.labels.items()) == list(info.labels.items())
    assert list(got.transitions.items()) == list(info.transitions.items())
    assert list(got.state_features.items()) == list(info.state_features.items())
    assert got.state_features  # a real model, not two empty dicts


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_compiled_from_the_file_is_compiled_from_the_tagger(which, small_model):
    path = BUNDLED if which == "bundled" else small_model
    tagger, _ = info_of(path)
    a, b = CompiledCRF(tagger, o_bias=0.3), CompiledCRF(read_weights(path), o_bias=0.3)
    assert list(a.weights) == list(b.weights)
    for attr, w in a.weights.items():
        assert np.array_equal(w, b.weights[attr]) and np.array_equal(np.signbit(w), np.signbit(b.weights[attr]))
    assert np.array_equal(a._trans, b._trans)


@pytest.mark.parametrize("damage", [b"", b"not a model at all" * 4, b"lCRF" + b"\0" * 60])
def test_a_file_that_is_not_a_model_is_refused(tmp_path, damage):
    path = tmp_path / "bad.crfsuite"
    path.write_bytes(damage)
    with pytest.raises(ModelFileError):
        read_weights(path)


def test_model_layer_falls_back_to_the_tagger(monkeypatch, small_model, caplog):
    import kdeal.extractors.recognize_model as rm

    def refuse(path):
        raise ModelFileError("unknown layout")

    monkeypatch.setattr(rm, "read_weights", refuse)
    layer = ModelLayer(small_model)
    expected = CompiledCRF(read_weights(small_model)).weights
    assert list(layer.crf.weights) == list(expected)
    assert "through pycrfsuite" in caplog.text
