"""Document symbols: known codes get their Đ back, from a plain D or the English model's bold-Đ readings."""

from __future__ import annotations

from thidua.normalize import codes


def test_a_plain_d_and_a_bold_d_reading_give_the_known_code() -> None:
    assert codes.restore_symbol("10/2022/ND-CP") == "10/2022/NĐ-CP"
    assert codes.restore_symbol("10/2022/NDB-CP") == "10/2022/NĐ-CP"


def test_single_letter_bold_d_readings_only_in_a_numbered_symbol() -> None:
    assert codes.restore_symbol("10/2022/NB-CP") == "10/2022/NĐ-CP"
    assert codes.restore_symbol("16/2023/NQ-HPDND") == "16/2023/NQ-HĐND"
    assert codes.restore_symbol("CB-TH") == "CB-TH"  # a code of its own, not CĐ-TH
    assert codes.restore_symbol("24/TB-VPCP") == "24/TB-VPCP"  # TB is no known code's reading
