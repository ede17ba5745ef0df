"""Feature vocabularies: only the CRF features a model knows, a token's own ones worked out once.

A token's features (:mod:`.features`) are its own (form, shape, affixes, cue, clusters: they
depend on the form alone), then the rest (neighbours, pairs of forms, the rules' evidence),
and in a feature domain the same again prefixed with each domain name (``koen:f=서울``).
crfsuite skips any attribute its model has no weight for, so building those strings is
wasted work.  A :class:`Vocabulary` holds a model's attribute set and, per domain, a map
from each plain feature to its known copy: a token's own features are filtered once per
form (a bounded LRU cache), the rest as they are made, and no copy is ever formatted.  The
result is exactly :func:`.crf.known_only` of the full list, in the same order (crfsuite adds
the weights in that order), so the tags, marginals and probabilities are the same.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Callable, Sequence

CACHE = 50_000  # token forms whose own features a vocabulary remembers (least recently used go)

Segment = tuple[tuple[str, ...], ...]  # plain features, then each domain's copies


class Vocabulary:
    """The features one model knows (``known``; None keeps all) with copies in ``domains``."""

    def __init__(self, known: frozenset[str] | None, domains: Sequence[str] = ()) -> None:
        self.known = known
        self.domains = tuple(domains)
        # the model's own strings: a cached segment holds no new string
        self._plain = None if known is None else {x: x for x in known}
        # per domain: plain feature -> its known prefixed copy ("f=서울" -> "koen:f=서울")
        self._copies = None if known is None else [
            {x[len(d) + 1:]: x for x in known if x.startswith(d + ":")} for d in self.domains]
        self.own: Callable[..., Segment] = lru_cache(maxsize=CACHE)(self._own)

    def segment(self, feats: Sequence[str]) -> Segment:
        """``feats`` and their domain copies, each part without what the model does not know."""
        if self._plain is None:
            return (tuple(feats), *(tuple(f"{d}:{x}" for x in feats) for d in self.domains))
        return tuple(tuple(y for x in feats if (y := m.get(x)) is not None) for m in (self._plain, *self._copies))

    def _own(self, make: Callable[..., Sequence[str]], *args) -> Segment:
        """:meth:`own`: the segment of ``make(*args)``, a token's features that depend on
        ``args`` alone (cached per ``make`` and ``args``)."""
        return self.segment(make(*args))

    def token(self, own: Segment, rest: list[str]) -> list[str]:
        """One token's features: ``own`` (a segment) then ``rest`` (its other features), plain,
        then the copies of both per domain, unknown ones left out."""
        if self._plain is None:
            out = [*own[0], *rest]
            for i, d in enumerate(self.domains, 1):
                out += own[i]
                out += [f"{d}:{x}" for x in rest]
            return out
        known = self.known
        out = [*own[0], *[x for x in rest if x in known]]
        for i, m in enumerate(self._copies, 1):
            out += own[i]
            out += [y for x in rest if (y := m.get(x)) is not None]
        return out


_FULL: dict[tuple[str, ...], Vocabulary] = {}  # every feature kept: training and the reference path
_LOCK = threading.Lock()


def full(domains: Sequence[str]) -> Vocabulary:
    """The vocabulary that keeps every feature (one per domain list and process)."""
    key = tuple(domains)
    voc = _FULL.get(key)
    if voc is None:
        with _LOCK:
            voc = _FULL.setdefault(key, Vocabulary(None, key))
    return voc
