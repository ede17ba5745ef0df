"""Bytes to text for any input file: UTF-8 (with or without BOM), UTF-16/32 with BOM, CP949/EUC-KR.

The order of tries is explicit: a byte-order mark decides; otherwise strict UTF-8,
then strict CP949 (a superset of EUC-KR; reported as ``euc-kr`` when the bytes are
plain EUC-KR). A legacy decode must look like Korean or plain text (see
:func:`plausible`), because CP949 maps many random byte pairs to rare Hanja. Nothing
is ever decoded with replacement characters: what cannot be decoded is an error.
"""
from __future__ import annotations

import codecs
import io
import re
from pathlib import Path

from ..errors import InputError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
LEGACY = ("cp949",)
_SNIFF = 1 << 16
_CHUNK = 1 << 20
# Hangul syllables and jamo, ASCII, Latin-1 punctuation, general punctuation, CJK symbols,
# full-width forms: what Korean news text is made of. Hanja are allowed but few.
_USUAL = re.compile(r"[\u0009\u000a\u000d\u0020-\u007e\u00a0-\u00ff\u1100-\u11ff\u2000-\u206f"
                    r"\u2100-\u22ff\u2460-\u25ff\u3000-\u303f\u3130-\u318f\u3200-\u32ff\uac00-\ud7a3\uff00-\uffef]")


class DecodeError(ValueError):
    """Bytes that no supported encoding decodes cleanly."""


def canonical(name: str) -> str:
    """The codec name an option gave, checked and normalized (``EUC-KR`` -> ``euc_kr``)."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (try utf-8, cp949, euc-kr, utf-16)", field="--encoding") from None


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` announces, if any."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def plausible(text: str) -> bool:
    """True when at least 97 % of the characters are usual in Korean or English news text."""
    if not text:
        return True
    usual = len(_USUAL.findall(text))
    return usual >= 0.97 * len(text)


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode one whole piece (a file, a line, a page): ``(text, encoding used)``.

    With ``encoding`` given, only that one is tried. Raises :class:`DecodeError`.
    """
    if encoding:
        try:
            return codecs.decode(data, encoding), encoding
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not valid {encoding}: {_where(data, exc)}") from None
    bom = bom_encoding(data)
    if not bom and b"\x00" in data:
        raise DecodeError("binary data (NUL bytes and no UTF-16/32 byte-order mark), not text")
    tries = (bom,) if bom else ("utf-8", *LEGACY)
    for name in tries:
        try:
            text = codecs.decode(data, name)
        except UnicodeDecodeError:
            continue
        if name in LEGACY and not plausible(text):
            continue
        return text, _label(data, name)
    raise DecodeError("not UTF-8, UTF-16/32 with a BOM, CP949 or EUC-KR text; pass --encoding")


def _label(data: bytes, name: str) -> str:
    """Report ``euc-kr`` for CP949 bytes that are plain EUC-KR (the narrower name)."""
    if name == "cp949":
        try:
            data.decode("euc_kr")
            return "euc-kr"
        except UnicodeDecodeError:
            return "cp949"
    return "utf-8" if name == "utf-8-sig" else name


def _where(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    return f"byte {exc.start} (line {line}) is {data[exc.start:exc.start + 1].hex()}"


def file_encoding(path: Path, *, encoding: str | None = None, opener=open) -> str:
    """The encoding of a line-oriented file, read in chunks (memory stays flat).

    A BOM decides; otherwise the first of UTF-8 and CP949 that decodes every byte;
    when neither does (mixed lines), UTF-8, and lines that fail are handled one by one.
    Raises :class:`DecodeError` for a binary file.
    """
    if encoding:
        return encoding
    with opener(path, "rb") as fh:
        head = fh.read(_SNIFF)
    bom = bom_encoding(head)
    if bom:
        return bom
    if b"\x00" in head:
        raise DecodeError("binary data (NUL bytes and no UTF-16/32 byte-order mark), not text")
    for name in ("utf-8", *LEGACY):
        if _decodes(path, name, opener):
            return _label(head, name) if name in LEGACY else name
    return "utf-8"


def _decodes(path: Path, name: str, opener) -> bool:
    dec = codecs.getincrementaldecoder(name)(errors="strict")
    sample: list[str] = []
    with opener(path, "rb") as fh:
        try:
            while chunk := fh.read(_CHUNK):
                text = dec.decode(chunk)
                if len(sample) < 4:
                    sample.append(text[:4096])
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return name not in LEGACY or plausible("".join(sample))


def decode_line(raw: bytes, encoding: str, *, forced: bool = False) -> tuple[str, str]:
    """Decode one line of a byte-oriented file: its file's encoding, else the other tries.

    One CP949 line among UTF-8 lines decodes as CP949 and says so; a line nothing
    decodes raises :class:`DecodeError` and costs only that line.
    """
    try:
        return raw.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
    except UnicodeDecodeError as exc:
        if forced:
            raise DecodeError(f"not valid {encoding}: {_where(raw, exc)}") from None
    text, used = decode_bytes(raw)
    return text, used


class DecodedLines(io.TextIOBase):
    """A binary file read as text one line at a time, each line decoded by :func:`decode_line`.

    Lets pandas read a CSV whose lines mix UTF-8 and CP949; ``used`` counts the encodings
    the lines needed. A line nothing decodes raises :class:`DecodeError` naming the line.
    """

    def __init__(self, fh, encoding: str, *, forced: bool = False) -> None:
        super().__init__()
        self.fh, self.encoding_, self.forced = fh, encoding, forced
        self.line = 0
        self.used: dict[str, int] = {}
        self.buffer_ = ""

    def readable(self) -> bool:
        return True

    def readline(self, size: int = -1) -> str:
        raw = self.fh.readline()
        if not raw:
            return ""
        self.line += 1
        try:
            text, used = decode_line(raw, self.encoding_, forced=self.forced)
        except DecodeError as exc:
            raise DecodeError(f"line {self.line}: {exc}") from None
        self.used[used] = self.used.get(used, 0) + 1
        return text

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self.buffer_) < size:
            line = self.readline()
            if not line:
                break
            self.buffer_ += line
        if size < 0:
            out, self.buffer_ = self.buffer_, ""
        else:
            out, self.buffer_ = self.buffer_[:size], self.buffer_[size:]
        return out
