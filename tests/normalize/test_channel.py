"""OCR channel: learned confusions rank the printed syllable among the first candidates."""

from __future__ import annotations

import pytest

from thidua.normalize.channel import WIDE_LIST, load


@pytest.mark.parametrize(
    ("observed", "syllable"),
    [
        ("s6", "số"),
        ("1ap", "lập"),
        ("tw", "tự"),
        ("ctr", "cứ"),
        ("ti€u", "tiêu"),
        ("x4y", "xây"),
        ("vitng", "vững"),
        ("t01", "tội"),  # digits for look-alike letters of real scans
        ("161", "lối"),
        ("d4u", "đấu"),
    ],
)
def test_candidates_contain_truth(observed: str, syllable: str) -> None:
    assert syllable in [syl for syl, _ in load().candidates(observed)]


def test_identity_is_likelier_than_a_misread() -> None:
    ch = load()
    assert ch.char_logp("thi", "thi") > ch.char_logp("thi", "tbi")
    assert ch.logp("lập", "1ap") > ch.logp("lập", "xyz")


def test_digits_stand_only_for_letters_of_their_shape() -> None:
    ch = load()
    assert ch.char_logp("tội", "t01") > ch.char_logp("tội", "t91") + 2
    assert ch.char_logp("lối", "161") > ch.char_logp("lối", "191") + 2


def test_breve_and_circumflex_read_as_i_or_e_acute() -> None:
    ch = load()  # real scans read by the English model: sẵn → sin, chất → chit, chắc → chéc
    assert ch.char_logp("sẵn", "sin") > ch.char_logp("sẵn", "sun") + 1
    assert ch.char_logp("chất", "chit") > ch.char_logp("chất", "chut") + 1
    assert ch.char_logp("chắc", "chéc") > ch.char_logp("chắc", "chúc") + 1.5


def test_an_i_or_e_acute_brings_the_breve_and_circumflex_syllables_into_the_search() -> None:
    assert "chắc" in [syl for syl, _ in load().search("chéc", 6)]
    assert "sẵn" in [syl for syl, _ in load().search("sin", 6)]


def test_stripped_candidates_share_the_base() -> None:
    cands = [syl for syl, _ in load().stripped_candidates("dong")]
    assert "đồng" in cands and "động" in cands
    assert all(s.replace("đ", "d")[0] == "d" for s in cands)


def test_precomputed_table_matches_search() -> None:
    ch = load()
    if not ch.known:
        pytest.skip("ocr_candidates.tsv not built")
    forms = sorted(ch.known)[:: max(1, len(ch.known) // 200)]
    for obs in forms:
        table, fresh = ch.known[obs], ch.search(obs, WIDE_LIST)
        assert [s for s, _ in table] == [s for s, _ in fresh], obs
        assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(table, fresh, strict=True))
        # a shorter list is a prefix of the wide one, as `candidates` takes it
        assert [s for s, _ in ch.candidates(obs)] == [s for s, _ in ch.search(obs)], obs


def test_unknown_forms_are_searched() -> None:
    ch = load()
    obs = "tiéuqq"
    assert obs not in ch.known
    assert ch.candidates(obs) == ch.search(obs)


def test_stale_table_drops_unknown_syllables(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from thidua.normalize import channel

    table = tmp_path / "ocr_candidates.tsv"
    table.write_text("# header\ns6\tsố -0.10000\tsờ -2.00000\nxq\tqqq -1.00000\n", encoding="utf-8")
    monkeypatch.setattr(channel, "CANDIDATES_PATH", table)
    known = channel.load_known({"số": 5})
    assert known["s6"] == (("số", -0.1),)
    assert "xq" not in known  # nothing left: the form is searched afresh
