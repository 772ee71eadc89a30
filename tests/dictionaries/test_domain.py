"""The domain lexicon: counts, merger mapping, spelling and forms."""

from __future__ import annotations

import unicodedata

from thidua.dictionaries import domain
from thidua.dictionaries.fold import fold_words


def test_province_counts_before_and_after_the_2025_merger():
    assert len(domain.provinces("pre_2025")) == 63
    assert len(domain.provinces("post_2025")) == 34
    assert len({p.name for p in domain.provinces("pre_2025")}) == 63


def test_every_pre_2025_province_maps_to_a_post_2025_unit():
    post = {p.name for p in domain.provinces("post_2025")}
    for province in domain.provinces("pre_2025"):
        assert province.merged_into in post, province
    merged = {p.name: p.merged_into for p in domain.provinces("pre_2025")}
    assert merged["Tiền Giang"] == "Đồng Tháp"
    assert merged["Hà Giang"] == "Tuyên Quang"
    assert merged["Bình Dương"] == "Hồ Chí Minh"


def test_province_forms_include_prefixed_and_city_abbreviations():
    hcm = next(p for p in domain.provinces("post_2025") if p.name == "Hồ Chí Minh")
    assert "TP. Hồ Chí Minh" in hcm.forms and "thành phố Hồ Chí Minh" in hcm.forms
    dt = next(p for p in domain.provinces("post_2025") if p.name == "Đồng Tháp")
    assert "tỉnh Đồng Tháp" in dt.forms


def test_all_entries_are_nfc_and_fold_is_accent_free():
    names = [p.name for p in domain.provinces()] + [a.name for a in domain.agencies()]
    names += [a.name for a in domain.award_forms()] + [d.name for d in domain.doc_types()]
    for name in names:
        assert unicodedata.normalize("NFC", name) == name
    assert fold_words("Đồng Tháp") == "dong thap"
    assert fold_words("  Ủy  ban ") == "uy ban"


def test_agencies_abbreviations_and_codes():
    by_abbr = {abbr: a.name for a in domain.agencies() for abbr in a.abbreviations}
    assert by_abbr["UBND"] == "Ủy ban nhân dân"
    assert by_abbr["LLVT"] == "Lực lượng vũ trang"
    assert by_abbr["TĐKT"] == "Ban Thi đua - Khen thưởng"
    codes = {c.code: c.issuer for c in domain.symbol_codes()}
    assert codes["TTg"] == "Thủ tướng Chính phủ" and codes["BNV"] == "Bộ Nội vụ"
    types = {d.code: d.name for d in domain.doc_types() if d.code}
    assert types["NĐ"] == "Nghị định" and types["KH"] == "Kế hoạch" and types["QĐ"] == "Quyết định"


def test_awards_signers_and_laws():
    names = {a.name for a in domain.award_forms()}
    assert {"Bằng khen", "Giấy khen", "Cờ Thi đua của Chính phủ", "Huân chương Lao động hạng Nhì"} <= names
    assert {"Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Tập thể lao động xuất sắc"} <= names
    vocab = domain.signer_vocabulary()
    assert "TM." in vocab["capacities"] and "KT." in vocab["capacities"]
    assert "PHÓ CHỦ TỊCH" in vocab["titles"] and "Nguyễn" in vocab["surnames"]
    law_names = {law.name for law in domain.laws()}
    assert "Luật Thi đua, khen thưởng" in law_names
    assert len(domain.laws()) > 100
