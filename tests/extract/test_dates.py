"""Date parsing: wordy, numeric, blank day, OCR-garbled keywords, yearless day/month."""

from __future__ import annotations

import pytest

from thidua.dictionaries.fold import fold
from thidua.extract import dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quảng Ninh, ngày 05 tháng 3 năm 2025", "2025-03-05"),
        ("ngày 5/3/2025", "2025-03-05"),
        ("Lạng Sơn, 05-03-2025", "2025-03-05"),
        ("ngày 05.03.2025", "2025-03-05"),
        ("Nghệ An, ngày    tháng 3 năm 2025", "2025-03"),
        ("Déng Thép, ngay </ thang 01 ndm 2026", "2026-01"),
        ("An Giang, ngay 21 thang 02 nam 2025", "2025-02-21"),
        ("ngày 31 tháng 12 nim 2023", "2023-12-31"),
        ("Hà Nội, ngày, {` tháng 4 năm 2026", "2026-04"),  # a handwritten day read as a mark after a comma
        ("Hà Nội, ngày, 24 tháng 4 năm 2026", "2026-04-24"),
        ("từ tháng 12 năm 2025", "2025-12"),
    ],
)
def test_first_date(text: str, expected: str) -> None:
    found = dates.first_date(fold(text), partial=False)
    assert found is not None and found.value == expected


def test_yearless_dates_are_partial_and_can_take_a_year() -> None:
    folded = fold("trước ngày 30/01 hằng năm; trước ngày 10 tháng 11 hằng năm")
    values = [d.value for d in dates.find_dates(folded)]
    assert values == ["--01-30", "--11-10"]
    assert dates.with_year("--02-04", "2025") == "2025-02-04"
    assert dates.first_date(fold("trước ngày 30/01 hằng năm"), partial=False) is None


def test_impossible_dates_are_rejected() -> None:
    assert dates.first_date(fold("ngày 45/13/2025")) is None
    assert dates.first_date(fold("Số: 169/KH-UBND")) is None


def test_a_number_glued_to_its_word_is_still_a_date() -> None:
    folded = "thai nguyen, ngay 07 thang12 nam2011"
    assert [d.value for d in dates.find_dates(folded)] == ["2011-12-07"]
