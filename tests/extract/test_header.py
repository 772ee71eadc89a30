"""Header: a text that lost its header block still names its issuer in its opening sentence."""

from __future__ import annotations

import pytest

from thidua.extract import extract_record


@pytest.mark.parametrize(
    ("opening", "issuer", "province"),
    [
        (
            "Cục Hải quan nhận được công văn số 19/CV-TT ngày 6/10/2025 của Công ty An Phú",
            "Cục Hải quan",
            None,
        ),
        (
            "Thời gian qua, Ủy ban nhân\ndân thành phố Hà Nội đã có nhiều văn bản chỉ đạo",
            "Ủy ban nhân dân thành phố Hà Nội",
            "Hà Nội",
        ),
        ("THỦ TƯỚNG CHÍNH PHỦ điện:", "Thủ tướng Chính phủ", None),
    ],
)
def test_a_headless_letter_names_its_issuer_in_its_opening(
    opening: str, issuer: str, province: str | None
) -> None:
    text = (
        f"Kính gửi:\n\n- Các sở, ngành tỉnh Đồng Tháp;\n- Công ty An Phú.\n\n{opening} về việc thực hiện.\n"
    )
    record = extract_record(text)
    assert record["issuer"] == issuer
    assert record["province"] == province


def test_a_person_or_a_listed_addressee_is_no_issuer() -> None:
    text = (
        "Kính gửi:\n\n- Sở Y tế đề nghị báo cáo;\n\n"
        "Ngày 18 tháng 11 năm 2025, Phó Thủ tướng Chính phủ Bùi Văn An đã chủ trì buổi làm việc.\n"
    )
    assert extract_record(text)["issuer"] is None


@pytest.mark.parametrize(
    ("closing", "issuer"),
    [
        ("Sở Công Thương thông báo để các doanh nghiệp biết, thực hiện./.", "Sở Công Thương"),
        ("Văn phòng Chính\nphủ thông báo để các cơ quan biết./.\n\nTrân trọng./.", "Văn phòng Chính phủ"),
        ("UBND Thành phố yêu cầu các sở thực hiện nghiêm./.", None),  # names no city: incomplete
    ],
)
def test_a_headless_letter_names_its_issuer_in_its_closing(closing: str, issuer: str | None) -> None:
    text = (
        "Kính gửi:\n\n- Các sở, ngành;\n- Các doanh nghiệp.\n\n"
        "Ngày 12 tháng 3 năm 2024, Phó Chủ tịch Trần Văn Bình đã chủ trì cuộc họp.\n\n"
        + "".join(f"{n}. Các sở chủ động rà soát kế hoạch.\n\n" for n in range(1, 30))
        + f"{closing}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Văn Tâm\n"
    )
    assert extract_record(text)["issuer"] == issuer


MARKED_HEADER = (
    "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n\nSố: H2 E4 -BNNMT\n\nTHỊ\n\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Hà Nội, ngàyÄ |\n\nSÀ |THÔNG BÁO\nVề việc nghỉ lễ Quốc khánh\n\n"
    "Nhân dịp kỷ niệm Quốc khánh, Bộ thông báo lịch nghỉ lễ đến các cơ quan,\n"
    "đơn vị thuộc Bộ. Các đơn vị bố trí trực theo quy định./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
)


def test_marks_on_a_scanned_header_do_not_leak_into_its_fields() -> None:
    """A seal's speck under `Số:` is no part of the issuer, a mark's edge before the heading does not
    hide it, an unreadable handwritten date keeps its place, and a notice's body is not its subject."""
    record = extract_record(MARKED_HEADER)
    assert record["issuer"] == "Bộ Nông nghiệp và Môi trường"
    assert record["doc_type"] == "Thông báo"
    assert record["title"] == "Về việc nghỉ lễ Quốc khánh"
    assert record["place"] == "Hà Nội"
    assert record["issued_date"] is None and record["number"] is None
    flagged = {item["field"] for item in record["review"]}
    assert {"number", "issued_date"} <= flagged


def test_a_heading_garbled_at_its_start_by_a_mark_is_the_type_the_symbol_names() -> None:
    """A seal's edge over `THÔNG TƯ` leaves `KÀ ÍĐônG TƯ`; the symbol says Thông tư, so the subject
    under that line is the title."""
    text = (
        "BỘ TÀI CHÍNH\nSố: 5/2025/TT-BTC\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nHà Nội, ngày 3 tháng 2 năm 2025\n\nv ta\nKÀ ÍĐônG TƯ\n\n"
        "Hướng dẫn thu phí sử dụng đường bộ\n\nCăn cứ Luật Phí và lệ phí;\n\n"
        "Bộ trưởng Bộ Tài chính ban hành Thông tư hướng dẫn thu phí.\n\nĐiều 1. Phạm vi\n"
    )
    record = extract_record(text)
    assert record["doc_type"] == "Thông tư"
    assert record["title"] == "Hướng dẫn thu phí sử dụng đường bộ"


def test_a_wrapped_subject_goes_on_after_a_blank_line() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 12/TB-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nAn Giang, ngày 3 tháng 4 năm 2025\n\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh\n\ntại buổi làm việc với Sở Nội vụ\n\n"
        "Ngày 1 tháng 4 năm 2025, Chủ tịch Ủy ban nhân dân tỉnh làm việc với Sở Nội vụ.\n"
        "Sau khi nghe báo cáo, Chủ tịch kết luận như sau.\n"
    )
    record = extract_record(text)
    assert record["title"] == "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở Nội vụ"


def test_the_colon_label_is_the_number_not_a_citation_above_it() -> None:
    text = (
        "Quyết định số 57/2019/QĐ-UBND tỉnh Hà Giang\n\nỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n\nSố: 57/QĐ-UBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Hà Giang, ngày 2 tháng 3 năm 2019\n\nQUYẾT ĐỊNH\nBan hành Quy chế làm việc\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
    )
    assert extract_record(text)["number"] == "57/QĐ-UBND"


def test_the_enacting_authority_under_an_upper_case_subject_is_not_part_of_it() -> None:
    text = (
        "HỘI\nĐỒNG NHÂN DÂN\nTỈNH TUYÊN QUANG\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n|\nSố: 9/NQ-HĐND\n|\nTuyên\nQuang, ngày 4 tháng 7 năm 2019\n|\n"
        "NGHỊ QUYẾT\nVỀ CHƯƠNG TRÌNH PHÁT TRIỂN GIAO THÔNG NÔNG THÔN\nĐẾN NĂM 2025\n"
        "HỘI ĐỒNG NHÂN DÂN TỈNH TUYÊN QUANG\nKHÓA XVIII, KỲ HỌP THỨ 8\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
    )
    record = extract_record(text)
    assert record["title"] == "VỀ CHƯƠNG TRÌNH PHÁT TRIỂN GIAO THÔNG NÔNG THÔN ĐẾN NĂM 2025"
    assert record["issuer"] == "Hội đồng nhân dân tỉnh Tuyên Quang"


def test_a_page_leftover_before_the_issuer_block_and_an_enacting_formula_are_no_header() -> None:
    text = (
        "Tải bản đầy đủ (12 trang, 491.32 KB)\n\nỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n\nSố: 88/QĐUBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập  Tự do  Hạnh phúc\n\nHà Nam, ngày 2 tháng 3 năm 2019\n\n"
        "BAN HÀNH QUY CHẾ TIẾP CÔNG DÂN\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế tiếp công dân.\n"
    )
    record = extract_record(text)
    assert record["issuer"] == "Ủy ban nhân dân tỉnh Hà Nam"
    assert record["number"] == "88/QĐ-UBND"
    assert record["doc_type"] == "Quyết định"
    # the heading is lost: the subject under the date line, not the article
    assert record["title"] == "BAN HÀNH QUY CHẾ TIẾP CÔNG DÂN"


def test_the_date_line_is_the_date_with_its_place_not_a_site_lead_in() -> None:
    text = (
        "Công văn 15/SNV-TĐKT ban hành ngày 2/4/2024 hướng dẫn khen thưởng.\n\n"
        "BAN CHẤP HÀNH ĐOÀN TỈNH ***Số: 15/SNV-TĐKT SỞ NỘI VỤ TỈNH LONG AN Long An, ngày 1 tháng 4 năm 2024\n"
        "V/v hướng dẫn khen thưởng năm 2024\n\nKính gửi: Các sở, ban, ngành tỉnh.\n"
    )
    record = extract_record(text)
    assert record["issued_date"] == "2024-04-01"
    assert record["place"] == "Long An"


def test_a_body_under_the_party_central_committee_is_its_own() -> None:
    text = (
        "BAN CHẤP HÀNH\nTRUNG ƯƠNG\nVĂN PHÒNG\n*\n\nĐẢNG CỘNG SẢN\nVIỆT NAM\n---------------\n\n"
        "Số: 12-CV/VPTW\n\nHà Nội, ngày 3 tháng 4 năm 2025\n\nV/v triển khai công tác thi đua\n\n"
        "Kính gửi: Các tỉnh ủy, thành ủy.\n"
    )
    record = extract_record(text)
    assert record["parent_issuer"] == "Ban Chấp hành Trung ương"
    assert record["issuer"] == "Văn phòng Trung ương Đảng"  # named in full, as the gazetteer knows it


@pytest.mark.parametrize(
    ("department", "issuer"),
    [
        ("BAN TỔ CHỨC", "Ban Tổ chức Trung ương"),
        ("ỦY BAN KIỂM TRA", "Ủy ban Kiểm tra Trung ương"),
    ],
)
def test_a_department_under_the_central_committee_is_named_in_full(department: str, issuer: str) -> None:
    text = (
        f"BAN CHẤP HÀNH\nTRUNG ƯƠNG\n{department}\n*\n\nĐẢNG CỘNG SẢN\nVIỆT NAM\n---------------\n\n"
        "Số 12-HD/TW\n\nHà Nội, ngày 3 tháng 4 năm 2024\n\nHƯỚNG DẪN\n\nVỀ VIỆC THỬ\n\n"
        "Căn cứ Điều lệ Đảng;\n\nBan hướng dẫn như sau.\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["parent_issuer"]) == (issuer, "Ban Chấp hành Trung ương")


@pytest.mark.parametrize("opener", ["(Kèm theo Nghị định", "*(Kèm theo* *Nghị định"])
def test_a_headless_decree_names_its_number_over_its_annex(opener: str) -> None:
    text = (
        "NGHỊ ĐỊNH\n\nQUY ĐỊNH VỀ THỬ\n\n*Căn cứ Luật Tổ chức Chính phủ;*\n\n"
        "Chính phủ ban hành Nghị định quy định về thử.\n\nĐiều 1. Phạm vi điều chỉnh\n\n"
        f"PHỤ LỤC\n\n{opener} số 412/2023/NĐ-CP ngày 14 tháng 7 năm 2023 của Chính phủ)\n"
    )
    record = extract_record(text)
    assert (record["number"], record["issued_date"]) == ("412/2023/NĐ-CP", "2023-07-14")


def test_capitals_of_a_page_above_the_issuer_block_are_not_its_parent() -> None:
    text = (
        "Kế hoạch 88/KH-UBND năm 2021 về thi đua\n\n"
        "  • CSDL VBPL tỉnh Hòa Bình\n  • Ngày hết hiệu lực: Đang cập nhật\n"
        "Lĩnh vực: Y tế - dược, THPT\n\n"
        "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\n-------\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\n"
        "Số: 88/KH-UBND\n\nHòa Bình, ngày 4 tháng 5 năm 2021\n\nKẾ HOẠCH\n\nTHI ĐUA NĂM 2021\n\n"
        "Căn cứ Luật Thi đua, khen thưởng;\n\nI. MỤC ĐÍCH\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["parent_issuer"]) == ("Ủy ban nhân dân tỉnh Hòa Bình", None)


def test_an_article_about_a_document_has_no_header_of_its_own() -> None:
    text = (
        "# Thông tư 41/2022 hướng dẫn gì về thử?\n\n"
        "Ngày 03/8/2022, Bộ Tài chính đã ban hành Thông tư 41/2022/TT-BTC hướng dẫn việc thử.\n\n"
        "Theo quy định tại khoản 2 Điều 5 Thông tư 41/2022/TT-BTC thì việc thử được thực hiện hằng năm.\n"
    )
    record = extract_record(text)
    assert (record["number"], record["doc_type"], record["issued_date"]) == (None, None, None)


@pytest.mark.parametrize(
    ("enacting", "issuer"),
    [
        ("*BỘ\n\ntrưởng Bộ Xây dựng ban hành Thông tư quy định về thử.", "Bộ Xây dựng"),
        ("các đơn vị ban hành Thông tư quy định về thử.", None),
        # a blank line OCR left inside the formula
        ("*Bộ trưởng Bộ Xây\n\ndựng ban hành Thông tư quy định về thử.", "Bộ Xây dựng"),
        ("*Bộ trưởng Bộ Xây dựng\n\nban hành Thông tư quy định về thử.", "Bộ Xây dựng"),
    ],
)
def test_the_enacting_formula_names_the_issuer_of_a_headless_text(enacting: str, issuer: str | None) -> None:
    text = (
        "THÔNG TƯ\n\nQUY ĐỊNH VỀ THỬ\n\n*Căn cứ Luật Xây dựng số 50/2014/QH13;*\n\n"
        f"*Theo đề nghị của Vụ trưởng Vụ Pháp chế;*\n\n{enacting}\n\nĐiều 1. Phạm vi\n"
    )
    assert extract_record(text)["issuer"] == issuer


@pytest.mark.parametrize(
    ("wrapped", "title"),
    [
        (
            "QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ VỚI ỦY\n\nBAN NHÂN DÂN CẤP XÃ",
            "QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ VỚI ỦY BAN NHÂN DÂN CẤP XÃ",
        ),
        ("MỨC PHẠT TRONG LĨNH VỰC\n\nPHÒNG CHÁY, CHỮA CHÁY", "MỨC PHẠT TRONG LĨNH VỰC PHÒNG CHÁY, CHỮA CHÁY"),
        ("DỰ ÁN ĐÃ ĐƯỢC\n\nQUỐC HỘI QUYẾT ĐỊNH", "DỰ ÁN ĐÃ ĐƯỢC QUỐC HỘI QUYẾT ĐỊNH"),
        (
            "CHO VAY ỦY THÁC QUA\n\nNGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
            "CHO VAY ỦY THÁC QUA NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
        ),
        ("CÔNG TÁC THI ĐUA\n\nỦY BAN NHÂN DÂN TỈNH BẮC NINH", "CÔNG TÁC THI ĐUA"),
    ],
)
def test_a_subject_parted_by_ocr_goes_on_over_a_head_word(wrapped: str, title: str) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 12/QĐ-UBND\n\nBắc Ninh, ngày 5 tháng 3 năm 2025\n\n"
        f"QUYẾT ĐỊNH\n\n{wrapped}\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\nQUYẾT ĐỊNH:\n"
    )
    assert extract_record(text)["title"] == title


def test_a_headless_letter_names_its_issuer_after_what_it_carries_out() -> None:
    text = (
        "Kính gửi: Các sở, ngành.\n\n"
        "Thực hiện Quyết định số 41/QĐ-TTg ngày 3/2/2024 của Thủ tướng Chính phủ về phòng, chống bão; "
        "Ủy ban nhân dân tỉnh Gia Lai yêu cầu các sở thực hiện:\n\n1. Rà soát.\n"
    )
    assert extract_record(text)["issuer"] == "Ủy ban nhân dân tỉnh Gia Lai"


def test_a_letter_calling_itself_the_city_is_from_the_one_city_it_names_unsure() -> None:
    text = (
        "Kính gửi: Các sở, ngành.\n\n"
        "Thực hiện Chỉ thị số 12/CT-TTg ngày 3/2/2024 của Thủ tướng Chính phủ, UBND Thành phố yêu cầu "
        "các sở thực hiện:\n\n1. Kiểm tra các chợ trên địa bàn Đà Nẵng.\n2. Báo cáo Sở Công Thương.\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["province"]) == ("Ủy ban nhân dân thành phố Đà Nẵng", "Đà Nẵng")
    assert record["evidence"]["issuer"]["confidence"] < 0.5  # a guess, flagged for review
    two_cities = text.replace("Báo cáo Sở Công Thương", "Phối hợp với Cần Thơ")
    assert extract_record(two_cities)["issuer"] is None


def test_a_place_line_left_of_an_issuer_block_is_no_title() -> None:
    text = "THÀNH PHỐ ĐÀ NẴNG\n\nKính gửi: Các sở, ngành.\n\nSở Nội vụ đề nghị các sở báo cáo.\n"
    assert extract_record(text)["title"] is None


def test_a_party_letter_has_its_number() -> None:
    text = (
        "TỈNH ỦY QUẢNG BÌNH\n*\nSố 215-CV/TU\nV/v thi đua năm 2024\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Quảng Bình, ngày 12 tháng 3 năm 2024\n\nKính gửi: Các huyện ủy.\n\nBan Thường vụ Tỉnh ủy đề nghị.\n"
    )
    record = extract_record(text)
    assert (record["doc_type"], record["number"]) == ("Công văn", "215-CV/TU")


@pytest.mark.parametrize(
    ("block", "issuer", "parent"),
    [
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHHỐ CẦN THƠ", "Ủy ban nhân dân thành phố Cần Thơ", None),  # doubled
        ("ỦY BAN NHÂN DÂNTHÀNH PHỐ CẦN THƠ", "Ủy ban nhân dân thành phố Cần Thơ", None),  # glued lines
        ("ỦY BAN NHÂN DÂN\nTỈNHHẬU GIANG\nSỞ NỘI VỤ", "Sở Nội vụ", "Ủy ban nhân dân tỉnh Hậu Giang"),
        ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ TIÊN", "Ủy ban nhân dân thành phố Hà Tiên", None),  # no province
    ],
)
def test_a_glued_or_misspelt_place_line_still_names_its_province(
    block: str, issuer: str, parent: str | None
) -> None:
    text = (
        f"{block}\n-------\nSố: 77/QĐ-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nVị Thanh, ngày 05 tháng 6 năm 2021\n\nQUYẾT ĐỊNH\nVề việc khen thưởng\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["parent_issuer"]) == (issuer, parent)


def test_a_dash_between_the_fields_of_an_issuer_is_kept() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nTIỂU BAN KHEN THƯỞNG – KỶ LUẬT\n-------\nSố: 12/TB-KTKL\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lào Cai, ngày 05 tháng 6 năm 2021\n\nTHÔNG BÁO\nVề việc khen thưởng\n"
    )
    assert extract_record(text)["issuer"] == "Tiểu ban Khen thưởng – Kỷ luật"


MASS_HEADER = (
    "BAN CHẤP HÀNH TRUNG ƯƠNG\n{department}***\nSố: 51-KH/TWĐTN-VP\n\n{right}\n"
    "Hà Nội, ngày 10 tháng 3 năm 2024\n\nKẾ HOẠCH\nTổ chức tháng thanh niên năm 2024\n\n"
    "Căn cứ Điều lệ Đoàn;\n"
)


@pytest.mark.parametrize(
    ("department", "right", "issuer", "parent"),
    [
        ("", "ĐOÀN TNCS HỒ CHÍ MINH", "Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", None),
        (
            "VĂN PHÒNG\n",
            "ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH",
            "Văn phòng Trung ương Đoàn",
            "Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        ),
        ("VĂN PHÒNG\n", "ĐẢNG CỘNG SẢN VIỆT NAM", "Văn phòng Trung ương Đảng", "Ban Chấp hành Trung ương"),
    ],
)
def test_a_central_committee_is_the_organisation_s_its_header_names(
    department: str, right: str, issuer: str, parent: str | None
) -> None:
    record = extract_record(MASS_HEADER.format(department=department, right=right))
    assert (record["issuer"], record["parent_issuer"], record["province"]) == (issuer, parent, "Hà Nội")


@pytest.mark.parametrize(
    ("block", "issuer", "parent"),
    [
        ("TỈNH ỦY LÂM ĐỒNG\nBAN TỔ CHỨC", "Ban Tổ chức Tỉnh ủy", "Tỉnh ủy Lâm Đồng"),
        ("HUYỆN ỦY CHỢ MỚI\nVĂN PHÒNG", "Văn phòng Huyện ủy", "Huyện ủy Chợ Mới"),
        ("ĐẢNG BỘ TỈNH AN GIANG\nBAN TUYÊN GIÁO TỈNH ỦY", "Ban Tuyên giáo Tỉnh ủy", "Đảng bộ tỉnh An Giang"),
    ],
)
def test_a_department_of_a_local_party_committee_is_named_after_it(
    block: str, issuer: str, parent: str
) -> None:
    text = (
        f"{block}\n*\nSố 12-HD/BTGTU\n\nĐẢNG CỘNG SẢN VIỆT NAM\nAn Giang, ngày 2 tháng 4 năm 2024\n\n"
        "HƯỚNG DẪN\nTuyên truyền kỷ niệm ngày thành lập Đảng\n\nCăn cứ Điều lệ Đảng;\n"
    )
    record = extract_record(text)
    assert record["issuer"] == issuer
    assert record["parent_issuer"].casefold() == parent.casefold()  # a district's name in any case


@pytest.mark.parametrize(
    ("line", "place", "date"),
    [
        ("Buôn Ma Thuột, ngày 07 tháng12 năm2011", "Buôn Ma Thuột", "2011-12-07"),  # glued numbers
        ("Phan Rang - Tháp Chàm, ngày 07 tháng 12 năm 2011", "Phan Rang-Tháp Chàm", "2011-12-07"),
    ],
)
def test_a_date_line_glued_or_with_a_dashed_place(line: str, place: str, date: str) -> None:
    text = (
        "SỞ Y TẾ\n-------\nSố: 45/SYT-VP\nV/v tiêm chủng\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        f"Độc lập - Tự do - Hạnh phúc\n{line}\n\nKính gửi: Các bệnh viện.\n"
    )
    record = extract_record(text)
    assert (record["place"], record["issued_date"]) == (place, date)


def test_a_letter_flattened_onto_one_line_ends_its_subject_at_its_addressees() -> None:
    text = (
        "SỞ Y TẾ Số: 45/SYT-VP V/v tiêm chủng mở rộng năm 2024 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Hà Nội, ngày 3 tháng 4 năm 2024 Kính gửi: Các bệnh viện. "
        "Sở Y tế đề nghị các bệnh viện thực hiện tốt."
    )
    assert extract_record(text)["title"] == "tiêm chủng mở rộng năm 2024"
    moved = "SỞ Y TẾ Số: 45/SYT-VP Hà Nội, ngày 3 tháng 4 năm 2024 V/v tiêm chủng mở rộng Kính gửi: Các sở."
    assert extract_record(moved)["title"] == "tiêm chủng mở rộng"


def test_tone_marks_standing_apart_are_no_part_of_a_subject() -> None:
    text = (
        "SỞ Y TẾ\nSố: 45/SYT-VP\nV/v tiêm chung ̉ mơ ̉ rộng\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Hà Nội, ngày 3 tháng 4 năm 2024\n\nKính gửi: Các bệnh viện.\n"
    )
    assert extract_record(text)["title"] == "tiêm chung mơ rộng"


def test_a_left_column_line_read_between_the_motto_lines_is_the_issuer_s() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ Y TẾ\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 12/KH-SYT\nYên Bái, ngày 3 tháng 4 năm 2024\n\n"
        "KẾ HOẠCH\nTiêm chủng mở rộng năm 2024\n\nCăn cứ Luật Khám bệnh, chữa bệnh;\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["parent_issuer"]) == ("Sở Y tế", "Ủy ban nhân dân tỉnh Yên Bái")


def test_a_mass_organisation_s_name_in_the_motto_s_place_is_no_issuer() -> None:
    text = (
        "HUYỆN ĐOÀN YÊN LẬP\n***\nSố: 12-KH/HĐTN\n\nĐOÀN TNCS HỒ CHÍ MINH\n"
        "Yên Lập, ngày 3 tháng 4 năm 2024\n\nKẾ HOẠCH\nTháng thanh niên năm 2024\n\nCăn cứ Điều lệ Đoàn;\n"
    )
    record = extract_record(text)
    assert record["issuer"] != "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
    assert "Hồ Chí Minh" not in (record["issuer"] or "") and record["province"] != "Hồ Chí Minh"


@pytest.mark.parametrize(
    ("flat", "title"),
    [
        (
            "SỞ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 12/KH-SYT "
            "Yên Bái, ngày 3 tháng 4 năm 2024 KẾ HOẠCH Tiêm chủng mở rộng năm 2024 Căn cứ Luật Dược;",
            "Tiêm chủng mở rộng năm 2024",
        ),
        (
            "SỞ Y TẾ Số: 12/QĐ-SYT Yên Bái, ngày 3 tháng 4 năm 2024 QUYẾT ĐỊNHVề việc tiêm chủng"
            "--------- GIÁM ĐỐC SỞ Y TẾ - Căn cứ Luật Dược;",
            "Về việc tiêm chủng",
        ),
    ],
)
def test_a_header_flattened_onto_one_line_has_its_type_and_subject(flat: str, title: str) -> None:
    record = extract_record(flat + "\n")
    assert (record["doc_type"], record["title"]) == (
        "Kế hoạch" if "KẾ HOẠCH" in flat else "Quyết định",
        title,
    )


def test_a_letter_with_a_date_line_but_no_issuer_block_names_its_issuer_in_its_text() -> None:
    text = (
        "Huế, ngày 3 tháng 4 năm 2024\n\nKính gửi: Các sở, ngành.\n\n"
        "Thực hiện Công điện số 12/CĐ-TTg ngày 1/4/2024 của Thủ tướng Chính phủ, UBND Thành phố yêu cầu "
        "các sở thực hiện.\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["province"]) == ("Ủy ban nhân dân thành phố Huế", "Huế")


def test_a_province_named_by_a_text_whose_issuer_is_unknown_is_flagged() -> None:
    text = (
        "THÔNG BÁO\n\nKẾT LUẬN VỀ CÔNG TÁC PHÒNG CHỐNG BÃO\n\n"
        "Ngày 3 tháng 4 năm 2024, đoàn công tác đã làm việc tại tỉnh Quảng Trị về khắc phục hậu quả bão.\n"
    )
    record = extract_record(text)
    assert record["province"] == "Quảng Trị"
    assert record["evidence"]["province"]["confidence"] < 0.5
    assert any(item["field"] == "province" for item in record["review"])


@pytest.mark.parametrize(
    ("head", "doc_type", "title"),
    [
        (
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 21/KH-UBND | Yên Bái, ngày 3 tháng 2 năm 2020 |\n"
            "PHÒNG, CHỐNG THIÊN TAI NĂM 2020\nA. SỰ CẦN THIẾT\nNăm 2019, thiên tai gây thiệt hại lớn.\n",
            "Kế hoạch",
            "PHÒNG, CHỐNG THIÊN TAI NĂM 2020",
        ),
        (
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 12/2021/QĐ-UBND | Yên Bái, ngày 3 tháng 2 năm 2021 |\n"
            "BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC\nVĂN THƯ TRÊN ĐỊA BÀN TỈNH\nỦY BAN NHÂN DÂN TỈNH YÊN BÁI\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n",
            "Quyết định",
            "BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC VĂN THƯ TRÊN ĐỊA BÀN TỈNH",
        ),
    ],
)
def test_a_page_that_dropped_the_type_heading_has_its_subject_under_the_date_line(
    head: str, doc_type: str, title: str
) -> None:
    record = extract_record(head)
    assert (record["doc_type"], record["title"]) == (doc_type, title)


def test_a_city_glued_to_its_level_abbreviation_is_read_in_full() -> None:
    text = (
        "BẢO HIỂM XÃ HỘI VIỆT NAM\nBẢO HIỂM XÃ HỘI\nTP.HỒ CHÍ MINH\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 29/TB-BHXH\n\nTP.Hồ Chí Minh, ngày 23 tháng 6 năm 2023\n\nTHÔNG BÁO\n\nVỀ VIỆC NGHỈ LỄ\n\n"
        "Căn cứ Quyết định số 475/QĐ-BHXH ngày 27/3/2023 của Bảo hiểm xã hội Việt Nam;\n"
    )
    record = extract_record(text)
    assert (record["issuer"], record["parent_issuer"]) == (
        "Bảo hiểm xã hội thành phố Hồ Chí Minh",
        "Bảo hiểm xã hội Việt Nam",
    )
