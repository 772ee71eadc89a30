"""Person names in title case (`names.find_people`, `Restorer._prefer_names`): the surname is pinned or
favoured, a known given name keeps every spelling of its fold, an unknown one is left to the LM."""

from __future__ import annotations

from thidua.normalize import names, restore
from thidua.normalize.align import crude_key


def people(text: str) -> list[names.Person]:
    words = text.split()
    return names.find_people([crude_key(w) for w in words], [w[:1].isupper() for w in words])


def spellings(part: tuple[tuple[str, float], ...]) -> set[str]:
    return {syl for syl, _ in part}


def test_an_unknown_given_name_still_gives_the_surname() -> None:
    (person,) = people("Do Thanh Kiem")
    assert not person.sure
    assert spellings(person.parts[0]) == {"đỗ"}
    assert person.parts[1:] == ((), ())  # left to the LM


def test_a_known_given_name_keeps_every_spelling_of_its_fold() -> None:
    (person,) = people("Nguyen Thanh Trung")
    assert person.sure
    assert spellings(person.parts[1]) == {"thanh", "thành", "thạnh"}
    assert spellings(person.parts[2]) == {"trung"}


def test_an_ambiguous_surname_fold_keeps_its_spellings_the_commoner_first() -> None:
    (person,) = people("Ha Van Tuan")
    assert person.parts[0] == (("hà", 0.0), ("hạ", names.SURNAME_RARER))


def test_title_case_words_are_no_name() -> None:
    assert people("To Chuc Hanh Chinh") == []  # the middle syllable must be a given name
    (person,) = people("Pho Truong Ban")
    assert person.parts[1:] == ((), ())  # `Trưởng` is not forced to the name `Trường`


def test_the_surname_is_restored_though_the_given_name_is_unknown() -> None:
    assert "Đỗ Thanh Kiếm" in restore("Dong chi Do Thanh Kiem, Truong phong").text
    assert "Đỗ Minh" in restore("Giao dong chi Do Minh Thuoc chu tri.").text


def test_a_place_after_a_surname_fold_is_no_person() -> None:
    assert people("Phuong Ha Dong") == []  # Phường Hà Đông, not Mr Phương Hà Đông
    assert "Phường Hai Bà Trưng" in restore("5 Phuong Hai Ba Trung 68").text


def test_a_sure_names_surname_is_pinned_unless_it_spells_an_office() -> None:
    (person,) = people("Tran Duy Ninh")
    assert person.sure and person.pin_surname
    (office,) = people("Bo Tai Chinh")  # Bộ Tài Chính, a ministry printed in title case
    assert office.sure and not office.pin_surname


def test_van_and_thi_are_middle_names_only() -> None:
    (person,) = people("Mai Thi Van Anh")
    assert spellings(person.parts[1]) == {"thị"}
    assert "văn" not in spellings(person.parts[2])
    assert "Mai Thị Vân Anh" in restore("PHO CHU TICH\nMai Thi Van Anh\n").text
