"""Text normalization, applied once at ingest: every later offset refers to its output."""
from __future__ import annotations

import re
import unicodedata

# Invisible characters that break kiwipiepy (a name containing U+200B is lost) and
# make offsets disagree between tools: BOM, zero-width space/joiners, soft hyphen,
# word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u180e"), None)
# Full-width ASCII (U+FF01-FF5E) to ASCII: kiwipiepy splits inside ＂...＂ and tags
# ＤＰＲ as a symbol.  Not NFKC: that would turn ㆍ (U+318D) into a combining jamo.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Every Unicode space other than the newline (NBSP, ideographic space, thin spaces...).
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def normalize_text(text: str) -> str:
    """NFC, drop invisibles, ASCII full-width forms, LF newlines, folded spaces.

    Paragraphs end up separated by exactly one ``\\n``; lines are stripped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE).translate(_FULLWIDTH))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalize_field(value: object) -> str:
    """Normalize a short metadata field (title, source, url) to a single line."""
    if value is None:
        return ""
    return normalize_text(str(value)).replace("\n", " ")


def hangul_share(text: str) -> float:
    """Share of Hangul among letters (0.0 for a text without letters).

    A share >= 0.2 classifies Korean vs English news reliably, including lines
    such as ``DPR·LPR 승인`` (NLP-FACTS).
    """
    letters = hangul = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
                hangul += 1
    return hangul / letters if letters else 0.0
