"""Tokeniser: kinds, offsets, context boundaries and case patterns."""

from __future__ import annotations

from thidua.dictionaries import strip_marks
from thidua.normalize.tokens import apply_case, case_pattern, segments, tokenize


def test_kinds_and_offsets() -> None:
    text = "Số: 169/KH-UBND ngày 21/02/2025, gửi a.b@x.vn (xem https://x.vn/a) s6"
    toks = tokenize(text)
    assert [(t.kind, t.text) for t in toks] == [
        ("word", "Số"),
        ("sym", "169/KH-UBND"),
        ("word", "ngày"),
        ("num", "21/02/2025"),
        ("word", "gửi"),
        ("other", "a.b@x.vn"),
        ("word", "xem"),
        ("other", "https://x.vn/a"),
        ("word", "s6"),
    ]
    for t in toks:
        assert text[t.start : t.end] == t.text


def test_ocr_hooks_stay_on_short_words() -> None:
    assert [t.text for t in tokenize("st? dung, thu'c hién")] == ["st?", "dung", "thu'c", "hién"]


def test_a_question_mark_is_no_hook_after_marks_or_at_the_end_of_a_line() -> None:
    tokens = tokenize("là gì? Theo đó, Ban sao y la gi?\nTheo, vì sao?\nsau")
    assert [t.text for t in tokens] == [
        "là",
        "gì",
        "Theo",
        "đó",
        "Ban",
        "sao",
        "y",
        "la",
        "gi",
        "Theo",
        "vì",
        "sao",
        "sau",
    ]
    assert [t.text for t in tokens if t.boundary_after] == ["gì", "gi", "sao"]
    assert [t.text for t in tokenize("có không?")] == ["có", "không"]


def test_a_question_mark_before_a_capital_on_its_line_is_a_hook() -> None:
    # the English model's `cứ` in every `Căn cứ Luật …`: `Can ci? Luat`, `Can ct? Nghi dinh`
    assert [t.text for t in tokenize("Can ci? Luat Thi dua")] == ["Can", "ci?", "Luat", "Thi", "dua"]


def test_segments_break_at_sentence_punctuation_and_blank_lines() -> None:
    segs = segments(tokenize("một hai. ba; bốn\n\nnăm sáu\nbảy"))
    assert [[t.text for t in s] for s in segs] == [["một", "hai"], ["ba"], ["bốn"], ["năm", "sáu", "bảy"]]


def test_quotes_delimit_a_context() -> None:
    segs = segments(tokenize("phong trào “xây dựng nông thôn mới” năm nay, «một» hai"))
    texts = [[t.text for t in s] for s in segs]
    assert texts == [
        ["phong", "trào"],
        ["xây", "dựng", "nông", "thôn", "mới"],
        ["năm", "nay"],
        ["một"],
        ["hai"],
    ]


def test_case_patterns() -> None:
    assert case_pattern("POI") == "upper"
    assert case_pattern("Pong") == "title"
    assert case_pattern("x4y") == "lower"
    assert apply_case("đối", "upper") == "ĐỐI"
    assert apply_case("đồng", "title") == "Đồng"


def test_strip_marks_folds_d() -> None:
    assert strip_marks("Đồng Tháp") == "dong thap"


def test_words_joined_by_a_slash_are_words_but_symbols_stay_whole() -> None:
    text = "500.000 đồng/người/tháng, 03 buổi/tuần; số 169/KH-UBND, mẫu A/B (b/c)"
    toks = tokenize(text)
    assert [(t.kind, t.text) for t in toks] == [
        ("num", "500.000"),
        ("word", "đồng"),
        ("word", "người"),
        ("word", "tháng"),
        ("num", "03"),
        ("word", "buổi"),
        ("word", "tuần"),
        ("word", "số"),
        ("sym", "169/KH-UBND"),
        ("word", "mẫu"),
        ("sym", "A/B"),
        ("sym", "b/c"),
    ]
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_closing_mark_and_units_in_slashed_words() -> None:
    text = "tại đơn vị mình./. Xả thải 50 m3/ngày đêm, 5 tấn/ha"
    toks = tokenize(text)
    assert [(t.kind, t.text) for t in toks] == [
        ("word", "tại"),
        ("word", "đơn"),
        ("word", "vị"),
        ("word", "mình"),
        ("word", "Xả"),
        ("word", "thải"),
        ("num", "50"),
        ("other", "m3"),
        ("word", "ngày"),
        ("word", "đêm"),
        ("num", "5"),
        ("word", "tấn"),
        ("other", "ha"),
    ]
    assert toks[3].boundary_after
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_a_glued_ellipsis_ends_a_word_but_not_the_context() -> None:
    text = "Hà Nội, ngày…..tháng…..năm 20…"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Hà", "Nội", "ngày", "tháng", "năm", "20"]
    for t in toks:
        assert text[t.start : t.end] == t.text
    assert len(segments(tokenize("ngày ....... tháng ....... năm 2025"))) == 1  # a form's blanks
    assert [t.text for t in tokenize("1.000 v.v... gov.vn")] == ["1.000", "v.v", "gov.vn"]
    assert len(segments(tokenize("Hết. Sau đó"))) == 2
