"""The signer read from OCR of real pages: a body's name at the end of a table is no person."""

from __future__ import annotations

from thidua.extract import extract_record


def test_a_ministry_closing_an_annex_table_is_no_signer() -> None:
    text = (
        "KẾ HOẠCH\nXây dựng chính quyền số giai đoạn 2026 - 2030\n\n"
        "Hoàn thiện cơ sở dữ liệu dân cư của các xã | Bộ Công an | 6/2027\n"
        "Đào tạo kỹ năng số cho cán bộ cấp xã\n\n"
        "Bộ Xây dựng,\n\nBộ Công Thương\n"
    )
    assert (extract_record(text)["signer"] or {}).get("name") is None


def test_a_name_alone_under_a_signature_is_still_the_signer() -> None:
    text = (
        "KẾ HOẠCH\nXây dựng chính quyền số\n\nĐiều 3. Các bộ thi hành Quyết định này./.\n\nNguyễn Văn Thắng\n"
    )
    assert extract_record(text)["signer"]["name"] == "Nguyễn Văn Thắng"


def test_a_capacity_whose_dot_was_read_as_a_colon() -> None:
    text = (
        "THÔNG TƯ\nBãi bỏ một phần Thông tư số 18/2025/TT-BCT\n\nĐiều 2. Thông tư có hiệu lực./.\n\n"
        "Nơi nhận: KT: BỘ TRƯỞNG\n- Văn phòng Chính phủ; THỨ TRƯỞNG\n- Lưu: VT.\n\nNguyễn Sinh Nhật Tân\n"
    )
    signer = extract_record(text)["signer"]
    assert signer["capacity"] == "KT. BỘ TRƯỞNG"
    assert signer["title"] == "THỨ TRƯỞNG"


def test_a_signature_block_printed_in_sentence_case_on_lines_of_its_own() -> None:
    text = (
        "QUYẾT ĐỊNH\nVề công tác thi đua\n\nĐiều 2. Quyết định này có hiệu lực sau 10 ngày./.\n\n"
        "TM. Ủy ban nhân dân tỉnh\n\nChủ tịch\n\n(Đã ký)\n\nNguyễn Hữu Vạn\n"
    )
    signer = extract_record(text)["signer"]
    assert (signer["capacity"].casefold(), signer["title"].casefold()) == (
        "tm. ủy ban nhân dân tỉnh",
        "chủ tịch",
    )
    assert signer["name"] == "Nguyễn Hữu Vạn"


def test_a_recipient_naming_a_capacity_in_sentence_case_is_none() -> None:
    text = (
        "QUYẾT ĐỊNH\nVề công tác thi đua\n\nNơi nhận:\n- TL.TU, TT HĐND tỉnh;\n- Lưu: VT.\n\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nMai Sơn\n"
    )
    assert extract_record(text)["signer"]["capacity"] == "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH"


def test_a_rank_wrapped_before_the_name_is_left_out_of_it() -> None:
    text = (
        "QUYẾT ĐỊNH\nVề công tác thi đua\n\nNơi nhận:\n\n- Cục Pháp chế BQP;\n- Lưu: VT.\n\n"
        "KT. BỘ TRƯỞNG\n\nTHỨ TRƯỞNG\n\nĐại\n\ntướng Nguyễn Tân Cương\n\nQUY CHẾ\n"
    )
    assert extract_record(text)["signer"]["name"] == "Nguyễn Tân Cương"
