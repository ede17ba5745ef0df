"""A linear-chain CRF per language (python-crfsuite): train, tag, and spans with confidences.

A span's ``score`` is the smallest marginal probability of its tokens' predicted tags
(the CRF's forward-backward marginals); a sentence's confidence is the probability of
its best tag sequence.  Both are real model confidences: low means "least sure".
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Iterable, Sequence

from .features import Token

log = logging.getLogger(__name__)

PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 150, "feature.possible_transitions": True,
          "feature.minfreq": 1}


def train(examples: Iterable[tuple[list[list[str]], list[str]]], path: Path, *,
          params: dict | None = None) -> int:
    """Train a CRF on ``(features, tags)`` sequences and write it to ``path``; return the count."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for xseq, yseq in examples:
        if xseq:
            trainer.append(xseq, yseq)
            n += 1
    trainer.set_params({**PARAMS, **(params or {})})
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    log.info("trained %s on %d sequences", path, n)
    return n


class SequenceTagger:
    """A trained CRF file, opened lazily once (one crfsuite tagger per thread)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.path))
            self._local.tagger = tagger
        return tagger

    def labels(self) -> list[str]:
        """The tags the model knows (``O``, ``B-PS``, ...)."""
        return list(self._tagger().labels())

    def tag(self, xseq: list[list[str]]) -> tuple[list[str], list[float | None], float]:
        """Best tags, the marginal of each chosen entity tag (None for ``O``: no span uses it),
        and the sequence probability.  (Measured: the marginals and the probability are about
        2 % of this call; converting the features in ``set`` is nearly all of it.)"""
        tagger = self._tagger()
        tagger.set(xseq)
        tags = tagger.tag()
        margs = [None if t == "O" else tagger.marginal(t, i) for i, t in enumerate(tags)]
        return tags, margs, tagger.probability(tags)


def decode(tokens: Sequence[Token], idx: Sequence[int], tags: Sequence[str],
           margs: Sequence[float | None]) -> list[tuple[int, int, str, float]]:
    """Spans ``(start, end, label, score)`` from BIO tags (an ``I-`` without ``B-`` opens one)."""
    out: list[list] = []
    prev = "O"
    for k, tag in enumerate(tags):
        tok = tokens[idx[k]]
        if tag == "O":
            prev = tag
            continue
        kind, label = tag.split("-", 1)
        if kind == "I" and prev != "O" and prev[2:] == label:
            out[-1][1] = tok[1]
            out[-1][3] = min(out[-1][3], margs[k])
        else:
            out.append([tok[0], tok[1], label, margs[k]])
        prev = tag
    return [tuple(x) for x in out]  # type: ignore[misc]
