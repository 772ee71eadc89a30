"""A person's name whose surname English-model OCR garbled (`Viti Hai Quan` for Vũ Hải Quân): the surname is
read off the garbled word's candidates (`names.misread_surname`) when two known given names follow, so the
given names are restored to their listed spellings (not `Hải Quan`, customs)."""

from __future__ import annotations

from thidua.normalize import names, restore
from thidua.normalize.align import crude_key


def people(text: str, readings: dict[str, str]) -> list[names.Person]:
    words = text.split()
    return names.find_people(
        [crude_key(w) for w in words], [w[:1].isupper() for w in words], lambda i: readings.get(words[i])
    )


def test_a_garbled_surname_is_read_off_its_candidates() -> None:
    assert names.misread_surname([("vịt", -3.1), ("vũ", -2.2), ("vít", -3.1)]) == "vu"
    assert names.misread_surname([("vịt", -1.0), ("vũ", -2.2)]) is None  # far less likely than the best
    assert names.misread_surname([("vịt", -1.0)]) is None


def test_a_misread_surname_before_two_known_given_names_makes_a_sure_name() -> None:
    (person,) = people("Viti Hai Quan", {"Viti": "vu"})
    assert person.sure and person.pin_surname
    assert [s for s, _ in person.parts[0]] == ["vũ"]
    assert [s for s, _ in person.parts[2]] == ["quân"]


def test_a_misread_surname_needs_two_known_given_names() -> None:
    assert people("Viti Hai", {"Viti": "vu"}) == []
    assert people("Viti Hai Xyz", {"Viti": "vu"}) == []
    assert people("Viti Hai Quan", {}) == []  # no surname among its readings


def test_a_signer_with_a_garbled_surname_is_restored() -> None:
    assert "Vũ Hải Quân" in restore("KT. BO TRUONG\nTHU TRUONG\n\nViti Hai Quan\n").text


def test_common_given_names_of_one_fold_are_listed_together() -> None:
    assert "Phạm Thị Thanh Trà" in restore("PHO CHU TICH\nPham Thi Thanh Tra\n").text
    assert "Chánh Thanh tra tỉnh" in restore("Chanh Thanh tra tinh").text
    assert people("Nguyen Tan Cuong", {})[0].parts[2] == (("cường", 0.0), ("cương", 0.0))
