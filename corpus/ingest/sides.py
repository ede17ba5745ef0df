"""One side of a pair from a file: a ``.txt`` (first line is the title) or an HTML page."""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Any

from .decode import bom_encoding, decode_bytes
from .pages import declared_charset, extract_page

_HTML = (".html", ".htm")


@dataclass
class Side:
    """Title, body, the encoding the bytes were read in, and page metadata."""

    title: str
    text: str
    encoding: str
    meta: dict[str, Any] = field(default_factory=dict)


def is_page(name: str) -> bool:
    """An HTML page by its file name, or a page from a WARC file (named by its URL)."""
    return name.lower().endswith(_HTML) or name.startswith(("http://", "https://"))


def read_side(name: str, data: bytes, *, encoding: str | None = None) -> Side:
    """One side from its bytes: a page (``.html``, or a URL from a WARC file) or a ``.txt``.

    Raises :class:`DecodeError` when the bytes are not text in a supported encoding.
    """
    if is_page(name):
        html, used = decode_page(data, encoding)
        page = extract_page(html, url=name if name.startswith(("http://", "https://")) else None)
        return Side(page.title, page.text, used, page.meta)
    text, used = decode_bytes(data, encoding=encoding)
    title, _, body = text.lstrip("\ufeff").partition("\n")
    return Side(title.strip(), body, used)


def decode_page(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a page: a forced encoding; else a BOM or valid UTF-8; else its declared
    ``<meta charset>``; else the usual tries (:func:`corpus.ingest.decode.decode_bytes`).

    Valid UTF-8 wins over a declaration because legacy Korean bytes practically never
    validate as UTF-8, while pages mislabelled ``iso-8859-1`` are common.
    """
    if encoding or bom_encoding(data):
        return decode_bytes(data, encoding=encoding)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared:
        try:
            name = codecs.lookup(declared).name
            if name in ("euc_kr", "ks_c_5601_1987"):
                name = "cp949"  # pages labelled EUC-KR routinely hold CP949-only syllables
            return data.decode(name), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to detection
    return decode_bytes(data)
