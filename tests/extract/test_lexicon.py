"""Lexicon: province names before and after the 2025 merger."""

from __future__ import annotations

import pytest

from thidua.extract import lexicon


@pytest.mark.parametrize(
    ("printed", "province"),
    [
        ("THỪA THIÊN HUẾ", "Thừa Thiên Huế"),  # the pre-2025 province, not the city it became
        ("Huế", "Huế"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("TPHCM", "Hồ Chí Minh"),
    ],
)
def test_a_province_is_named_as_printed_before_any_alias(printed: str, province: str) -> None:
    assert lexicon.province(printed) == (province, 1.0)
