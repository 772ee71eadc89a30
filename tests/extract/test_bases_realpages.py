"""Legal bases as real pages print them: glued words, lost letters, a board's own numbering."""

from thidua.extract import extract, symbols

HEAD = """BỘ NỘI VỤ
Số: 12/2001/QĐ-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 03 tháng 6 năm 2001

QUYẾT ĐỊNH
Về việc ban hành Quy chế làm việc

"""


def _bases(preamble: str) -> list[dict]:
    return extract(HEAD + preamble + "\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành.\n").record["legal_bases"]


def test_issuer_glued_to_the_date() -> None:
    (basis,) = _bases("Căn cứ Nghị định số 49/2000/NĐ-CP ngày 12/9/2000của Chính phủ về tổ chức;\n")
    assert basis["date"] == "2000-09-12"
    assert basis["issuer"] == "Chính phủ"


def test_a_boards_own_code_is_kept() -> None:
    sym = symbols.parse("Nghị quyết số 81/HĐQT ngày 16/4/2001", 14, 25, type_code="NQ")
    assert sym is not None and sym.value == "81/HĐQT"
    misread = symbols.parse("Kế hoạch số 12/KII ngày 16/4/2001", 12, 20, type_code="KH")
    assert misread is not None and misread.value == "12/KH"


def test_a_board_is_no_district() -> None:
    (basis,) = _bases("Căn cứ Nghị quyết số 81/NQ-HĐQT ngày 16/4/2001 của Hội đồng quản trị Công ty;\n")
    assert basis["issuer"].lower() == "hội đồng quản trị công ty"


def test_a_basis_that_lost_its_first_letters() -> None:
    bases = _bases(
        "n cứ Luật Thi đua, khen thưởng;\n\nCăn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 "
        "của Chính phủ;\n"
    )
    assert [b["type"] for b in bases] == ["Luật", "Nghị định"]
    assert bases[0]["name"] == "Luật Thi đua, khen thưởng"


def test_the_documents_a_colon_lists_after_a_named_subject() -> None:
    found = _bases(
        "Căn cứ các văn bản quy định chi tiết Luật Hộ tịch: Nghị định số 45/2019/NĐ-CP "
        "ngày 2 tháng 5 năm 2019 của Chính phủ; Thông tư số 11/2019/TT-BTP ngày 9 tháng 8 năm 2019 "
        "của Bộ trưởng Bộ Tư pháp;\n"
    )
    assert [b["number"] for b in found] == ["45/2019/NĐ-CP", "11/2019/TT-BTP"]
    assert found[0]["issuer"] == "Chính phủ"


def test_a_group_keeps_the_members_its_colon_lists() -> None:
    found = _bases(
        "Căn cứ các Quyết định của Thủ tướng Chính phủ về phê duyệt quy hoạch: Quyết định số "
        "1629/QĐ-TTg ngày 16 tháng 12 năm 2023; Quyết định số 790/QĐ-TTg ngày 03 tháng 8 năm 2024;\n"
    )
    assert [b["number"] for b in found] == ["1629/QĐ-TTg", "790/QĐ-TTg"]
    assert {b["issuer"] for b in found} == {"Thủ tướng Chính phủ"}


def test_a_decree_after_a_law_by_its_number_alone() -> None:
    found = _bases(
        "Căn cứ Luật Hộ tịch và Nghị định 45/2019/NĐ-CP ngày 2/5/2019 của Chính phủ "
        "quy định chi tiết Luật Hộ tịch;\n"
    )
    assert [(b["type"], b["number"]) for b in found] == [("Luật", None), ("Nghị định", "45/2019/NĐ-CP")]
