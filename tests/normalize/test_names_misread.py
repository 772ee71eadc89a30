"""Person names English-model OCR garbled: a surname (`Viti Hai Quan` for Vũ Hải Quân) or given names
(`Nguyén Manh Htng` for Nguyễn Mạnh Hùng) that are no syllable are read off their candidates
(`names.misread_as`) where that makes a sure name, so its given names are restored to their listed spellings
(not `Hải Quan`, customs)."""

from __future__ import annotations

from thidua.normalize import names, restore
from thidua.normalize.align import crude_key


def people(text: str, readings: dict[str, list[str]]) -> list[names.Person]:
    """find_people with each garbled word's candidates (listed likeliest first)."""
    words = text.split()
    return names.find_people(
        [crude_key(w) for w in words],
        [w[:1].isupper() for w in words],
        lambda i: [(w, -0.1 * n) for n, w in enumerate(readings.get(words[i], []))],
    )


def syllables(part: tuple[tuple[str, float], ...]) -> list[str]:
    return [syl for syl, _ in part]


def test_a_garbled_word_is_read_as_the_likeliest_candidate_in_the_table() -> None:
    surnames, _ = names._person_parts()
    assert names.misread_as([("vịt", -3.1), ("vũ", -2.2), ("vít", -3.1)], surnames) == "vu"
    assert names.misread_as([("vịt", -1.0), ("vũ", -2.2)], surnames) is None  # far less likely than the best
    assert names.misread_as([("vịt", -1.0)], surnames) is None


def test_a_misread_surname_before_two_known_given_names_makes_a_sure_name() -> None:
    (person,) = people("Viti Hai Quan", {"Viti": ["vịt", "vũ"]})
    assert person.sure and person.pin_surname
    assert syllables(person.parts[0]) == ["vũ"]
    assert syllables(person.parts[2]) == ["quân"]


def test_a_misread_surname_needs_two_known_given_names() -> None:
    assert people("Viti Hai", {"Viti": ["vũ"]}) == []
    assert people("Viti Hai Xyz", {"Viti": ["vũ"]}) == []
    assert people("Viti Hai Quan", {"Viti": ["vịt"]}) == []  # no surname among its readings


def test_garbled_given_names_are_read_where_they_make_the_name_sure() -> None:
    (person,) = people("Nguyen Manh Htng", {"Htng": ["hùng", "hưng"]})
    assert person.sure
    assert set(syllables(person.parts[2])) == {"hùng", "hưng"}


def test_garbled_given_names_are_not_read_after_a_sure_name_or_in_a_run_with_other_words() -> None:
    (person,) = people("Truong Hai Long Thir", {"Thir": ["thu", "thứ"]})  # Thứ trưởng after the name
    assert len(person.parts) == 3
    assert people("To Lam Trwong Ban", {"Trwong": ["trưởng"]}) == []  # Trưởng Ban


def test_a_signer_with_a_garbled_surname_is_restored() -> None:
    assert "Vũ Hải Quân" in restore("KT. BO TRUONG\nTHU TRUONG\n\nViti Hai Quan\n").text


def test_common_given_names_of_one_fold_are_listed_together() -> None:
    assert "Phạm Thị Thanh Trà" in restore("PHO CHU TICH\nPham Thi Thanh Tra\n").text
    assert "Chánh Thanh tra tỉnh" in restore("Chanh Thanh tra tinh").text
    assert syllables(people("Nguyen Tan Cuong", {})[0].parts[2]) == ["cường", "cương"]
