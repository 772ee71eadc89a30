"""Document symbols: canonical codes with Đ, OCR spacing in the number, type forced by the cited type."""

from __future__ import annotations

import pytest

from thidua.extract import symbols


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S6: 169 /KH-UBND An Giang", "169/KH-UBND"),
        ("Sé: 6 7 /KH-UBND", "67/KH-UBND"),
        ("s 98/2023/ND-CP ngay", "98/2023/NĐ-CP"),
        ("Số:484/KH-CĐN", "484/KH-CĐN"),
        ("số 399/KH-BCA-X03 ngày", "399/KH-BCA-X03"),
        ("số 36/2005/CT-TTg", "36/2005/CT-TTg"),
        ("số 21/2020/TT-BGDĐT", "21/2020/TT-BGDĐT"),
        ("Số: 1961/QĐUBND", "1961/QĐ-UBND"),  # a PDF text layer that lost the hyphen
        ("số 61/2018/NĐCP ngày", "61/2018/NĐ-CP"),
        ("Số: 7/SGDĐT", "7/SGDĐT"),  # one known code stays whole
    ],
)
def test_parse(text: str, expected: str) -> None:
    found = symbols.parse(text)
    assert found is not None and found.value == expected


def test_type_code_from_the_cited_type_fixes_an_ocr_misread() -> None:
    assert symbols.parse("s6 2447/Qb-TTg ngay").value == "2447/QB-TTg"
    assert symbols.parse("s6 2447/Qb-TTg ngay", type_code="QĐ").value == "2447/QĐ-TTg"


def test_dates_are_not_symbols() -> None:
    assert symbols.parse("ngày 15/6/2022") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số 215-CV/TU", "215-CV/TU"),  # a Party letter
        ("Số: 51 - KH/TWĐTN-VP", "51-KH/TWĐTN-VP"),  # the committee's office after it
        ("số 12-KL/TW-ngày", "12-KL/TW"),  # lower case after a dash is no code
    ],
)
def test_party_symbols(text: str, expected: str) -> None:
    found = symbols.parse(text)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số45/KH-UBND", "45/KH-UBND"),  # `Số` glued to the number
        ("số 45/2024/NĐ-CPngày 3/3/2024", "45/2024/NĐ-CP"),  # a word glued to the last code
        ("số 45-KH/TUcủa Ban Thường vụ", "45-KH/TU"),
        ("số 45/BGDĐT-GDTrH ngày", "45/BGDĐT-GDTrH"),  # small letters of a code stay
    ],
)
def test_glued_symbols(text: str, expected: str) -> None:
    found = symbols.parse(text)
    assert found is not None and found.value == expected


def test_a_joint_document_s_issuers_after_a_second_slash_stay() -> None:
    found = symbols.parse("số 17/2015/TTLT/BYT-BNV ngày 3/3/2015")
    assert found is not None and found.value == "17/2015/TTLT/BYT-BNV"
    assert symbols.parse("số 12/QĐ-UBND/2024").value == "12/QĐ-UBND"  # a year after it is no code
