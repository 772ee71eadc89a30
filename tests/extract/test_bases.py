"""Legal bases: where their paragraphs are found (after a wrapped opener, under a letter's addressees)."""

from __future__ import annotations

from thidua.extract import extract_record

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 12/2025/QĐ-UBND\n\n"
    "Bắc Ninh, ngày 5 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\n\nVỀ VIỆC THỬ\n\n"
)
BASES = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n\n"
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết;\n\n"
)
BODY = "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này.\n"


def _numbers(text: str) -> list[str | None]:
    return [b["number"] for b in extract_record(text)["legal_bases"]]


def _issuers(text: str) -> list[str | None]:
    return [b["issuer"] for b in extract_record(text)["legal_bases"]]


def test_an_opener_wrapped_after_its_first_word_still_opens_a_basis() -> None:
    wrapped = BASES.replace("Căn cứ ", "*Căn\ncứ ")
    assert _numbers(HEAD + wrapped + BODY) == _numbers(HEAD + BASES + BODY) == [None, "98/2023/NĐ-CP"]


def test_a_letter_cites_its_bases_under_its_addressees() -> None:
    letter = (
        "Kính gửi:\n\n- Các sở, ban, ngành;\n- Ủy ban nhân dân các xã.\n\n"
        + BASES
        + "Bộ trân trọng đề nghị.\n"
    )
    assert _numbers(letter) == [None, "98/2023/NĐ-CP"]


def test_a_letter_whose_text_follows_its_addressees_cites_nothing() -> None:
    letter = "Kính gửi: Các sở, ban, ngành.\n\nBộ đề nghị các đơn vị báo cáo kết quả.\n\n" + BASES
    assert _numbers(letter) == []


def test_a_group_lists_its_members_by_number_with_the_group_issuer() -> None:
    # invented numbers, dates and subjects; the second member names the first inside its subject
    group = (
        "Căn cứ các Nghị định của Chính phủ: số 64/2019/NĐ-CP ngày 03/5/2019 quy định chi tiết; "
        "số 215/2021/NĐ-CP ngày 14/10/2021 sửa đổi, bổ sung một số điều của Nghị định số 64/2019/NĐ-CP"
        " và số 31/2017/NĐ-CP;\n\n"
        "Căn cứ các Công điện: số 21/CĐ-UBND ngày 06/4/2021, số 22/CĐ-UBND và số 23/CĐ-UBND ngày 09/4/2021"
        " của Ủy ban nhân dân tỉnh về phòng cháy rừng;\n\n"
    )
    bases = extract_record(HEAD + group + BODY)["legal_bases"]
    assert [(b["number"], b["date"], b["issuer"]) for b in bases] == [
        ("64/2019/NĐ-CP", "2019-05-03", "Chính phủ"),
        ("215/2021/NĐ-CP", "2021-10-14", "Chính phủ"),
        ("31/2017/NĐ-CP", None, "Chính phủ"),
        ("21/CĐ-UBND", "2021-04-06", "Ủy ban nhân dân tỉnh"),
        ("22/CĐ-UBND", "2021-04-09", "Ủy ban nhân dân tỉnh"),
        ("23/CĐ-UBND", "2021-04-09", "Ủy ban nhân dân tỉnh"),
    ]


def test_issuers_keep_their_lower_case_syllables_second_offices_and_terms() -> None:
    cited = (
        "Căn cứ Hướng dẫn số 01-HD/BTCTU ngày 20/11/2025 của Ban Tổ\nchức Thành ủy về kiểm điểm;\n\n"
        "Căn cứ Thông tư số 01/2025/TT-VPCP ngày 5/1/2025 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ về"
        " công tác văn thư;\n\n"
        "Căn cứ Nghị quyết số 27/2022/QH15 ngày 10/6/2022 của Quốc hội khoá XV về kỳ họp;\n\n"
        "Căn cứ Quyết định số 5/QĐ-CT ngày 2/2/2025 của Cục Thuế về thuế;\n\n"
        "Căn cứ Kế hoạch số 9-KH/ĐU ngày 3/3/2025 của Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh về thử;\n\n"
    )
    assert _issuers(HEAD + cited + BODY) == [
        "Ban Tổ chức Thành ủy",
        "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ",
        "Quốc hội khoá XV",
        "Cục Thuế",
        "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh",
    ]


def test_laws_cited_by_name_and_numbers_as_sites_print_them() -> None:
    bases = (
        "Căn cứ Luật Đất đai ngày 26 tháng 11 năm 2003 và Luật sửa đổi, bổ sung một số điều của Luật "
        "Đất đai ngày 14 tháng 6 năm 2005;\n\n"
        "Thực hiện Luật Hộ tịch năm 2014, Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ;\n\n"
        "Căn cứ Quyết định số\n24/2021/QĐ-TTg ngày 16/7/20 21 của Thủ tướng Chính phủ;\n\n"
    )
    got = [
        (b["type"], b["number"], b["date"], b["name"].lower() if not b["number"] else None)
        for b in extract_record(HEAD + bases + BODY)["legal_bases"]
    ]
    assert got == [
        ("Luật", None, "2003-11-26", "luật đất đai"),
        ("Luật", None, "2005-06-14", "luật sửa đổi, bổ sung một số điều của luật đất đai"),
        ("Luật", None, None, "luật hộ tịch"),
        ("Nghị quyết", "30c/NQ-CP", "2011-11-08", None),
        ("Quyết định", "24/2021/QĐ-TTg", "2021-07-16", None),
    ]


def test_a_basis_cut_off_after_an_office_title_keeps_its_issuer() -> None:
    bases = "Căn cứ Quyết định số 5/QĐ-BYT ngày 2/1/2025 của Bộ trưởng"
    (basis,) = extract_record(HEAD + bases)["legal_bases"]
    assert basis["number"] == "5/QĐ-BYT" and basis["issuer"].lower() == "bộ trưởng"


def test_the_central_committee_keeps_its_party_and_a_province_its_own_spelling() -> None:
    cited = (
        "Căn cứ Quy định số 31-QĐ/TW ngày 4/3/2019 của Ban Chấp hành Trung ương Đảng khóa XII về thử;\n\n"
        "Căn cứ Quyết định số 66/QĐ-UBND ngày 9/9/2022 của UBND tỉnh Đắk Lắk về thử;\n\n"
    )
    assert _issuers(HEAD + cited + BODY) == [
        "Ban Chấp hành Trung ương Đảng khóa XII",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
    ]


def test_a_letter_whose_kinh_gui_wraps_still_cites_its_bases() -> None:
    letter = (
        HEAD.replace("QUYẾT ĐỊNH", "KẾ HOẠCH")
        + "Kính\ngửi: Hội đồng nhân dân tỉnh\n\n"
        + BASES
        + "Trên cơ sở đó.\n"
    )
    assert _numbers(letter) == [None, "98/2023/NĐ-CP"]


def test_a_document_listed_on_the_next_line_after_a_semicolon_stays_in_its_basis() -> None:
    bases = (
        "Căn cứ Nghị định số 51/2019/NĐ-CP ngày 3 tháng 6 năm 2019 của Chính phủ về thử;\n"
        "Nghị định số 17/2022/NĐ-CP ngày 8 tháng 2 năm 2022 của Chính phủ sửa đổi Nghị định trên;\n\n"
        "Căn cứ Kế hoạch số 9/KH-BCA ngày 1/2/2024 của Bộ Công an về thử;\n"
        "Công an tỉnh xây dựng kế hoạch như sau:\n\n"
    )
    assert _numbers(HEAD + bases + BODY) == ["51/2019/NĐ-CP", "17/2022/NĐ-CP", "9/KH-BCA"]


def test_a_joint_circular_keeps_its_joint_issuer_as_printed() -> None:
    cited = (
        "Căn cứ Thông tư liên tịch số 12/2015/TTLT-BNV-BTC ngày 3/4/2015 của Liên Bộ Nội vụ - Tài chính"
        " sửa đổi quy định về thử;\n\n"
        "Căn cứ Thông tư liên tịch số 7/2016/TTLT-BYT-BTC ngày 5/6/2016 của Liên Bộ trưởng Bộ Y tế và Bộ"
        " trưởng Bộ Tài chính hướng dẫn về thử;\n\n"
    )
    assert _issuers(HEAD + cited + BODY) == [
        "Liên Bộ Nội vụ - Tài chính",
        "Liên Bộ trưởng Bộ Y tế và Bộ trưởng Bộ Tài chính",
    ]


def test_an_amending_law_is_cited_after_the_law_it_amends() -> None:
    bases = (
        "Căn cứ Luật Thư viện số 46/2019/QH14 được sửa đổi, bổ sung bởi Luật Sửa đổi, bổ sung một số điều"
        " của Luật Thư viện số 12/2023/QH15;\n\n"
        "Căn cứ Luật Lưu trữ số 33/2020/QH14 được sửa đổi, bổ sung Luật số 71/2024/QH15;\n\n"
        "Căn cứ Luật Đo đạc số 27/2018/QH14 và Luật sửa đổi, bổ sung một số điều của Luật Đo đạc"
        " số 40/2022/QH15;\n\n"
        "Căn cứ các Nghị định của Chính phủ: số 19/2021/NĐ-CP ngày 2/3/2021 và số 33/2022/NĐ-CP ngày"
        " 5/5/2022 sửa đổi một số điều đã được sửa đổi theo Nghị định số 33/2022/NĐ-CP;\n\n"
    )
    assert _numbers(HEAD + bases + BODY) == [
        "46/2019/QH14",
        "12/2023/QH15",
        "33/2020/QH14",
        "71/2024/QH15",
        "27/2018/QH14",
        "40/2022/QH15",
        "19/2021/NĐ-CP",
        "33/2022/NĐ-CP",
    ]


def test_a_dashed_council_name_and_its_central_level_stay_whole() -> None:
    cited = (
        "Căn cứ Kế hoạch số 8/KH-HĐTĐKT ngày 2/5/2022 của Hội đồng Thi đua - Khen thưởng Trung ương,"
        " Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n\n"
        "Căn cứ Hướng dẫn số 3/HD-BTĐKT ngày 4/4/2022 của Ban Thi đua - Khen thưởng tỉnh Bắc Ninh về thử;\n\n"
    )
    assert _issuers(HEAD + cited + BODY) == [
        "Hội đồng Thi đua - Khen thưởng Trung ương",
        "Ban Thi đua - Khen thưởng tỉnh Bắc Ninh",
    ]


def test_laws_of_one_name_passed_on_two_dates_are_two_bases() -> None:
    bases = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đê điều ngày 3/6/2008 và ngày 21/11/2019;\n\n"
    got = [(b["type"], b["date"]) for b in extract_record(HEAD + bases + BODY)["legal_bases"]]
    assert got == [("Luật", "2008-06-03"), ("Luật", "2019-11-21")]


def test_a_body_cited_in_lower_case_keeps_its_name() -> None:
    cited = (
        "Căn cứ Kế hoạch số 45-KH/BCĐ ngày 2/3/2021 của Ban chỉ đạo phòng chống thiên tai tỉnh về "
        "phòng chống bão;\n\n"
        "Căn cứ Công văn số 99-CV/TU ngày 2/4/2021 của Ban Thường vụ Tỉnh ủy về thi đua;\n\n"
    )
    issuers = [i and i.casefold() for i in _issuers(HEAD + cited + BODY)]
    assert issuers == ["ban chỉ đạo phòng chống thiên tai tỉnh", "ban thường vụ tỉnh ủy"]
    assert _numbers(HEAD + cited + BODY) == ["45-KH/BCĐ", "99-CV/TU"]


def test_a_cited_name_goes_on_in_lower_case_to_its_place_and_a_title_case_word_is_no_level() -> None:
    cited = (
        "Căn cứ Quyết định số 15/QĐ-TTHCC ngày 3/3/2025 của Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh về "
        "việc thử;\n\n"
        "Căn cứ Nghị định số 21/2024/NĐ-CP ngày 3/3/2024 của Chính phủ Quản lý hoạt động thử;\n\n"
    )
    assert _issuers(HEAD + cited + BODY) == ["Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh", "Chính phủ"]


def test_a_law_named_after_one_closed_by_its_number_is_cited_too() -> None:
    # the first law's name holds `ban hành`, which is no subject verb there
    cited = (
        "Căn cứ Luật Ban hành quyết định hành chính số 11/2024/QH15, Luật Sửa đổi, bổ sung một số điều "
        "của Luật Ban hành quyết định hành chính số 12/2025/QH15;\n\n"
    )
    assert _numbers(HEAD + cited + BODY) == ["11/2024/QH15", "12/2025/QH15"]


def test_party_document_types_are_read_as_printed() -> None:
    cited = (
        "Căn cứ Điều lệ Hội Nông dân;\n\n"
        "Căn cứ Thông tri số 05-TT/TU ngày 3/10/2025 của Tỉnh ủy Bắc Ninh về lãnh đạo;\n\n"
    )
    bases = extract_record(HEAD + cited + BODY)["legal_bases"]
    assert [(b["type"], b["number"]) for b in bases] == [("Điều lệ", None), ("Thông tri", "05-TT/TU")]


def test_a_cited_body_glued_to_the_words_around_it_is_read() -> None:
    cited = (
        "Căn cứ Nghị định số 21/2024/NĐ-CP ngày 3/3/2024 củaChính phủ quy định chi tiết;\n\n"
        "Căn cứ Quyết định số 15/QĐ-UBND ngày 3/3/2025 của Ủy ban nhân dân tỉnhLạng Sơn về việc thử;\n\n"
    )
    assert _issuers(HEAD + cited + BODY) == ["Chính phủ", "Ủy ban nhân dân tỉnh Lạng Sơn"]
