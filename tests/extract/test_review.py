"""Review items: what the text suggests but extraction missed, and values read where OCR was unsure."""

from __future__ import annotations

from thidua.extract import extract

HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 169/KH-UBND\nAn Giang, ngày 21 tháng 02 năm 2025\n\n"
    "KẾ HOẠCH\nPhát động phong trào thi đua năm 2025\n\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
)


def test_a_confident_record_has_no_review_items() -> None:
    record = extract(HEADER).record
    assert record["number"] == "169/KH-UBND"
    assert [i for i in record["review"] if i["field"] in ("number", "issued_date", "issuer")] == []


def test_a_value_read_where_ocr_was_unsure_is_flagged_not_confident() -> None:
    start = HEADER.index("169")
    record = extract(HEADER, uncertain=[(start, start + 3)]).record
    assert record["evidence"]["number"]["confidence"] <= 0.3
    assert any(i["field"] == "number" and "unsure" in i["reason"] for i in record["review"])


def test_a_blank_number_and_a_missing_award_become_review_items() -> None:
    text = HEADER.replace("169/KH-UBND", "    /KH-UBND") + "Tặng Bằng khen cho tập thể xuất sắc.\n"
    record = extract(text).record
    assert record["number"] is None
    fields = {i["field"] for i in record["review"]}
    assert "number" in fields
    if not record["awards"]:
        assert "awards" in fields
