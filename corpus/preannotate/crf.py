"""A linear-chain CRF per language (python-crfsuite): train, tag, and spans with confidences.

A span's ``score`` is the smallest marginal probability of its tokens' predicted tags
(the CRF's forward-backward marginals); a sentence's confidence is the probability of
its best tag sequence.  Both are real model confidences: low means "least sure".
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Sequence, Union

from .features import Token
from .vocab import Vocabulary, full

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


Item = Union[Sequence[str], dict[str, float]]  # one token's features: names, or names with values
_ATTR = re.compile(r"\s*(\d+): (.*)")


def attributes(tagger) -> frozenset[str] | None:
    """The attribute names an open crfsuite ``tagger`` has weights for, read from its text dump
    (about 0.1 s for the Korean model; ``Tagger.info()`` parses every weight and takes 0.4 s);
    None if the dump does not list as many as its header says (then nothing is filtered)."""
    fd, name = tempfile.mkstemp(suffix=".crfdump")
    os.close(fd)
    try:
        tagger.dump(name)
        with open(name, encoding="utf-8", errors="surrogateescape") as fh:
            text = fh.read()
    finally:
        os.unlink(name)
    head = re.search(r"num_attrs: (\d+)", text)
    start = text.find("\nATTRIBUTES = {\n")
    end = text.find("\n}\n", start)
    if head is None or start < 0 or end < 0:
        return None
    names = [m.group(2) for line in text[start + 16:end].split("\n") if (m := _ATTR.fullmatch(line))]
    return frozenset(names) if len(names) == int(head.group(1)) == len(set(names)) else None


def known_only(xseq: Sequence[Item], known: frozenset[str]) -> list[Item]:
    """``xseq`` without the features the model has no weight for, in their order.

    crfsuite skips an unknown attribute when it reads a sequence, so the tags, marginals and
    probability are the same; what is saved is its conversion of about 30 % of the strings."""
    return [{k: v for k, v in item.items() if k in known} if isinstance(item, dict)
            else [f for f in item if f in known] for item in xseq]


class SequenceTagger:
    """A trained CRF file, opened lazily once (one crfsuite tagger per thread)."""

    def __init__(self, path: Path, *, filter_unknown: bool = True) -> None:
        self.path = Path(path)
        self.filter_unknown = filter_unknown
        self._local = threading.local()
        self._known: frozenset[str] | None = None
        self._known_read = False
        self._lock = threading.Lock()
        self._vocabs: dict[tuple[str, ...], Vocabulary] = {}

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.path))
            self._local.tagger = tagger
            if self.filter_unknown and not self._known_read:
                with self._lock:  # once per process and model: every thread's tagger shares it
                    if not self._known_read:
                        self._known = attributes(tagger)
                        self._known_read = True
        return tagger

    def labels(self) -> list[str]:
        """The tags the model knows (``O``, ``B-PS``, ...)."""
        return list(self._tagger().labels())

    def vocabulary(self, domains: Sequence[str] = ()) -> Vocabulary:
        """The features this model knows, with copies in ``domains`` (see :mod:`.vocab`): the
        feature functions given it build only what :meth:`tag` would keep (one per domain list)."""
        self._tagger()
        key = tuple(domains)
        voc = self._vocabs.get(key)
        if voc is None:
            with self._lock:
                voc = self._vocabs.get(key) or (Vocabulary(self._known, key) if self._known is not None else full(key))
                self._vocabs[key] = voc
        return voc

    def tag(self, xseq: Sequence[Item], *, known: bool = False) -> tuple[list[str], list[float | None], float]:
        """Best tags, the marginal of each chosen entity tag (None for ``O``: no span uses it),
        and the sequence probability.  (Measured: the marginals and the probability are about
        2 % of this call; converting the features in ``set`` is nearly all of it, so features
        the model does not know are dropped first: :func:`known_only`, or, ``known=True``,
        never built: features made with :meth:`vocabulary`.)"""
        tagger = self._tagger()
        keep = self._known
        tagger.set(known_only(xseq, keep) if keep is not None and not known and isinstance(xseq, list) else xseq)
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
