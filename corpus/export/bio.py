"""Tokens with offsets and BIO tags: Korean characters (KLUE-NER), English words.

Korean follows KLUE-NER: one token per character, spaces included, so
``"".join(tokens) == sentence``.  English uses word tokens from a small regex
(dotted abbreviations such as ``U.S.``, numbers such as ``20,000`` or ``3.5``,
clitics ``'s`` / ``n't`` apart, ``\\w+`` runs, any other non-space character
alone), split further at entity boundaries so that every entity maps onto whole
tokens.  Offsets are code-point offsets relative to the sentence text.
"""
from __future__ import annotations

import re
from typing import Sequence

WORD = re.compile(r"(?:[A-Za-z]\.){2,}|\d+(?:[.,:]\d+)+|['’](?:s|re|ve|ll|d|m)\b|\w+(?=n['’]t\b)|n['’]t\b"
                  r"|\w+|[^\w\s]", re.IGNORECASE)


def tag_names(entity_labels: Sequence[str]) -> list[str]:
    """BIO tag names in the KLUE order: B-/I- per label in the given order, ``O`` last."""
    names = [f"{p}-{label}" for label in entity_labels for p in ("B", "I")]
    return names + ["O"]


def ko_tokens(sentence: str) -> tuple[list[str], list[int], list[int]]:
    """Character tokens (spaces too) with their start and end offsets."""
    return list(sentence), list(range(len(sentence))), list(range(1, len(sentence) + 1))


def en_tokens(sentence: str, cuts: Sequence[int] = ()) -> tuple[list[str], list[int], list[int]]:
    """Regex word tokens, split again at each offset in ``cuts`` that falls inside one."""
    cut_set = sorted(set(cuts))
    tokens, starts, ends = [], [], []
    for m in WORD.finditer(sentence):
        s, e = m.span()
        inner = [c for c in cut_set if s < c < e] if cut_set else []
        for a, b in zip([s, *inner], [*inner, e]):
            tokens.append(sentence[a:b])
            starts.append(a)
            ends.append(b)
    return tokens, starts, ends


def tokenize(lang: str, sentence: str, cuts: Sequence[int] = ()) -> tuple[list[str], list[int], list[int]]:
    """Tokens of one language's sentence (see module docstring)."""
    return ko_tokens(sentence) if lang == "ko" else en_tokens(sentence, cuts)


def encode(starts: Sequence[int], ends: Sequence[int], entities: Sequence[tuple[int, int, str]],
           tag_index: dict[str, int]) -> tuple[list[int], list[int]]:
    """BIO tag ids for non-overlapping ``(start, end, label)`` entities.

    Returns the tags and the positions (in ``entities``) of entities whose
    boundaries do not fall on token boundaries; those are left untagged.
    """
    outside = tag_index["O"]
    tags = [outside] * len(starts)
    first = {s: i for i, s in enumerate(starts)}
    missed = []
    for k, (s, e, label) in enumerate(entities):
        i = first.get(s)
        j = i
        while j is not None and j < len(ends) and ends[j] < e:
            j += 1
        if i is None or j >= len(ends) or ends[j] != e:
            missed.append(k)
            continue
        tags[i] = tag_index[f"B-{label}"]
        for t in range(i + 1, j + 1):
            tags[t] = tag_index[f"I-{label}"]
    return tags, missed


def decode(tags: Sequence[int], starts: Sequence[int], ends: Sequence[int],
           names: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities ``(start, end, label)`` from BIO tag ids (an I- after O or another label starts one)."""
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for tag, s, e in zip(tags, starts, ends):
        name = names[tag]
        if name == "O":
            cur = None
            continue
        prefix, label = name.split("-", 1)
        if prefix == "B" or cur is None or cur[2] != label:
            cur = [s, e, label]
            out.append(cur)
        else:
            cur[1] = e
    return [tuple(x) for x in out]
