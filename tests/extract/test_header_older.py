"""Headers of older documents: whose document it is printed after the type heading (`QUYẾT ĐỊNH CỦA …`)."""

from thidua.extract import extract

HEAD = """BỘ NỘI VỤ
Số: 12/2001/QĐ-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 03 tháng 6 năm 2001

"""


def test_authority_after_the_type_heading_is_no_title() -> None:
    text = HEAD + (
        "QUYẾT ĐỊNH CỦA HỘI ĐỒNG QUẢN TRỊ\n\nNGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM\n\n"
        "(ban hành Quy chế thi đua, khen thưởng\n\n và Quy chế làm việc).\n\n"
        "HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM\n\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;\n\nQUYẾT ĐỊNH:\n"
    )
    assert extract(text).record["title"] == "ban hành Quy chế thi đua, khen thưởng và Quy chế làm việc"


def test_authority_on_the_line_under_the_heading() -> None:
    text = HEAD + (
        "QUYẾT ĐỊNH\nCỦA BỘ TRƯỞNG BỘ NỘI VỤ\nVề việc tặng Bằng khen\n\n"
        "BỘ TRƯỞNG BỘ NỘI VỤ\n\nCăn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;\n\nQUYẾT ĐỊNH:\n"
    )
    record = extract(text).record
    assert record["doc_type"] == "Quyết định"
    assert record["title"] == "Về việc tặng Bằng khen"


def test_a_subject_in_capitals_is_kept() -> None:
    text = HEAD + (
        "QUYẾT ĐỊNH\nVỀ VIỆC TẶNG BẰNG KHEN\n\nBỘ TRƯỞNG BỘ NỘI VỤ\n\n"
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;\n\nQUYẾT ĐỊNH:\n"
    )
    assert extract(text).record["title"] == "VỀ VIỆC TẶNG BẰNG KHEN"


def test_a_person_after_the_heading_stays_in_the_title() -> None:
    text = HEAD + (
        "BÁO CÁO\nCỦA ĐỒNG CHÍ CHÁNH VĂN PHÒNG\nTẠI HỘI NGHỊ TỔNG KẾT NĂM 2025\n\n"
        "Kính thưa các đồng chí,\n\nHôm nay chúng ta họp.\n"
    )
    title = extract(text).record["title"]
    assert title and title.startswith("CỦA ĐỒNG CHÍ")
