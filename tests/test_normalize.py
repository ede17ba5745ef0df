import unicodedata

from corpus.ingest.normalize import hangul_share, normalize_field, normalize_text


def test_decomposed_hangul_comes_out_composed():
    nfd = unicodedata.normalize("NFD", "북한 외무상 최선희")
    assert nfd != "북한 외무상 최선희"
    assert normalize_text(nfd) == "북한 외무상 최선희"


def test_bom_zero_width_and_soft_hyphen_are_removed():
    assert normalize_text("\ufeff최\u200b선\u200d희\u00ad 외무상") == "최선희 외무상"


def test_crlf_blank_lines_and_space_runs():
    raw = "첫 문단입니다.\r\n\r\n\r\n둘째   문단\t입니다.\u00a0 \r\n   \r셋째."
    assert normalize_text(raw) == "첫 문단입니다.\n둘째 문단 입니다.\n셋째."


def test_fullwidth_ascii_but_not_korean_middle_dot():
    assert normalize_text("＂ＤＰＲ＂ 승인ㆍ단교") == '"DPR" 승인ㆍ단교'


def test_field_is_one_line():
    assert normalize_field(" 제목\n둘째 줄 ") == "제목 둘째 줄"
    assert normalize_field(None) == ""


def test_hangul_share_separates_languages():
    assert hangul_share("DPR·LPR 승인") >= 0.2
    assert hangul_share("North Korea recognized the DPR.") == 0.0
    assert hangul_share("12345 !!") == 0.0
