"""Organisation names: canonical spelling of a name's words."""

from __future__ import annotations

from thidua.extract import organs


def test_a_second_syllable_is_no_level_word() -> None:
    assert organs.canonical("Cục Hải quan") == "Cục Hải quan"
    assert organs.canonical("UBND quận Ba Đình") == "Ủy ban nhân dân quận Ba Đình"
    assert organs.canonical("UY BAN NHAN DAN QUAN 1") == "Ủy ban nhân dân quận 1"
