"""Decoding bytes: the explicit order of tries, byte-order marks, CP949/EUC-KR, and no silent replacement."""
import codecs
import random

import pytest

from corpus.ingest.decode import DecodeError, decode_bytes, decode_line, file_encoding, plausible
from corpus.ingest.sides import decode_page

KO = "북한이 13일 오전 동해상으로 단거리 탄도미사일 1발을 발사했다. (END)\n"


@pytest.mark.parametrize("data,label", [
    (KO.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + KO.encode("utf-8"), "utf-8"),
    (KO.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + KO.encode("utf-16-be"), "utf-16"),
    (KO.encode("utf-32"), "utf-32"),
    (KO.encode("euc-kr"), "euc-kr"),
    ("똠방각하 똠얌꿍".encode("cp949"), "cp949"),  # 똠 is CP949-only (not in EUC-KR's 2,350 syllables)
])
def test_each_supported_encoding_is_found_and_named(data, label):
    text, used = decode_bytes(data)
    assert used == label and text.lstrip("\ufeff") in (KO, "똠방각하 똠얌꿍")


def test_binary_and_random_bytes_are_errors_not_replacement_characters():
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x00\x01\x02garbage\x00")
    noise = bytes(random.Random(0).randrange(0x81, 0xFF) for _ in range(400))
    with pytest.raises(DecodeError):
        decode_bytes(noise)  # CP949 maps many such pairs to rare Hanja: not plausible text
    assert not plausible("豈更車賈滑串句龜") and plausible("북한, DPR 승인 — 2.75%")


def test_forced_encoding_and_lines_that_fall_back(tmp_path):
    assert decode_bytes(KO.encode("euc-kr"), encoding="euc-kr")[0] == KO
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode_bytes(KO.encode("euc-kr"), encoding="utf-8")
    assert decode_line(KO.encode("cp949"), "utf-8") == (KO, "euc-kr")
    with pytest.raises(DecodeError):
        decode_line(KO.encode("cp949"), "utf-8", forced=True)
    path = tmp_path / "a.txt"
    path.write_bytes(KO.encode("utf-8") * 3 + KO.encode("cp949"))
    assert file_encoding(path) == "utf-8"  # mixed: UTF-8, the odd line is decoded on its own
    path.write_bytes(KO.encode("cp949") * 3)
    assert file_encoding(path) == "euc-kr"


def test_a_page_declaring_its_charset_is_read_in_it():
    page = '<html><head><meta charset="euc-kr"></head><body><p>똠방각하</p></body></html>'.encode("cp949")
    html, used = decode_page(page)
    assert "똠방각하" in html and used == "euc-kr"
    wrong = '<html><head><meta charset="iso-8859-1"></head><body><p>북한</p></body></html>'.encode("utf-8")
    assert "북한" in decode_page(wrong)[0]  # a declaration that does not decode strictly is not trusted
