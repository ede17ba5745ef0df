"""Sentence segmentation with offsets: kiwipiepy for Korean, blingfire for English.

Both split each line (paragraph) separately: kiwipiepy misses boundaries at line
breaks without a final period (a caption merges with a byline), and a paragraph
break is always a sentence break in news.  Spans are ``(start, end)`` code-point
offsets into the text given, with surrounding whitespace trimmed.
"""
from __future__ import annotations

import logging
import re
import threading
from typing import Iterable, Iterator

log = logging.getLogger(__name__)
Span = tuple[int, int]

_kiwi = None
_kiwi_lock = threading.Lock()
_kiwi_threads: int | None = None  # None: kiwipiepy's default, one thread per core


def use_threads(n: int | None) -> None:
    """Set kiwipiepy's thread count before the model loads (1 in each worker process)."""
    global _kiwi_threads
    _kiwi_threads = n


def kiwi():
    """The process-wide kiwipiepy model, loaded on first use (about 1-2 s, 300 MiB)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                log.debug("loading kiwipiepy (threads: %s)", _kiwi_threads or "default")
                _kiwi = Kiwi(num_workers=_kiwi_threads)
    return _kiwi


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, line)`` for every non-blank line of ``text``."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def _trimmed(line: str, start: int, end: int, base: int) -> Span | None:
    """Shrink ``line[start:end]`` to its non-space part and shift it by ``base``."""
    chunk = line[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk.rstrip())
    if right <= left:
        return None
    return base + start + left, base + start + right


# A sentence end followed by a sentence that opens with a quotation mark:
# kiwipiepy keeps ``...않습니다. "클리퍼 칩"이라는 ...`` together.
_KO_QUOTE_START = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'])")
_OPEN, _CLOSE = "“‘", "”’"


def _quote_depth(chunk: str) -> int:
    """Open quotations at the end of ``chunk`` (straight quotes toggle)."""
    depth, straight = 0, 0
    for ch in chunk:
        if ch == '"':
            straight ^= 1
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth + straight


def _split_quote_starts(line: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut ``line[start:end]`` before sentences that open with a quote, outside quotes."""
    for m in _KO_QUOTE_START.finditer(line, start, end):
        if _quote_depth(line[start:m.start()]) == 0:
            yield start, m.start()
            start = m.end()
    yield start, end


def _glue_particles(line: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo kiwipiepy cuts after a closing quote that a particle continues (``"칩"|이라는``)."""
    out: list[tuple[int, int]] = []
    for start, end in sents:
        if out and start == out[-1][1] and line[start - 1] in "\"”’')]" and not line[start].isspace():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def split_ko(text: str) -> list[Span]:
    """Split Korean text into sentence spans (kiwipiepy ``split_into_sents`` per line)."""
    lines = list(_lines(text))
    spans: list[Span] = []
    if not lines:
        return spans
    results = kiwi().split_into_sents([line for _, line in lines])
    for (base, line), sents in zip(lines, results):
        for s_start, s_end in _glue_particles(line, [(s.start, s.end) for s in sents]):
            for start, end in _split_quote_starts(line, s_start, s_end):
                span = _trimmed(line, start, end, base)
                if span:
                    spans.append(span)
    return spans


def split_en(text: str) -> list[Span]:
    """Split English text into sentence spans (blingfire per line)."""
    from blingfire import text_to_sentences_and_offsets

    spans: list[Span] = []
    for base, line in _lines(text):
        _, offsets = text_to_sentences_and_offsets(line)
        for start, end in offsets:
            span = _trimmed(line, start, end, base)
            if span:
                spans.append(span)
    return _join_fragments(text, spans)


def _join_fragments(text: str, spans: list[Span]) -> list[Span]:
    """Merge blingfire splits that leave a piece which cannot start a sentence.

    A piece starting with a closer (``,;:)]``), or in lower case right after a
    quoted question or exclamation (``"Head scarf?" or ...``), continues the one
    before.  A lower-case start after a period is left alone: in real news that
    is a sentence too (``...Korea. iPhone sales rose``).
    """
    out: list[Span] = []
    for start, end in spans:
        head = text[start]
        same_line = out and "\n" not in text[out[-1][1]:start]
        tail = text[out[-1][1] - 2:out[-1][1]] if out else ""
        after_quoted_question = head.islower() and tail and (tail[-1] in "?!" or (tail[-1] in "\"”’" and tail[0] in "?!"))
        if same_line and (head in ",;:)]}" or after_quoted_question):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def split(text: str, lang: str) -> list[Span]:
    """Split ``text`` in language ``lang`` (``ko`` or ``en``)."""
    return split_ko(text) if lang == "ko" else split_en(text)


def split_many_ko(texts: Iterable[str]) -> Iterator[list[Span]]:
    """Split many Korean texts; one model call per text keeps memory flat."""
    for text in texts:
        yield split_ko(text)
