"""A document's tone style decides the style of its restored syllables."""

from thidua.normalize import restore
from thidua.normalize.tonestyle import in_style, writes_old_style


def test_old_style_needs_a_majority_of_its_own_words() -> None:
    assert writes_old_style(["Hoá", "thuỷ", "lợi"])
    assert not writes_old_style(["hoá", "thuỷ", "hóa", "thủy", "khóa"])
    assert not writes_old_style(["hoá"])  # one word is no style
    assert not writes_old_style(["hoa", "thuy", "ban"])  # no tone on a final oa/uy: nothing to see


def test_in_style_moves_the_tone_of_each_syllable() -> None:
    assert in_style("hóa", old=True) == "hoá"
    assert in_style("hòa bình", old=True) == "hoà bình"
    assert in_style("hóa", old=False) == "hóa"


def test_restored_page_follows_the_documents_style() -> None:
    text = "Văn hoá, thuỷ lợi, khoá học.\fHien dai hoa nong thon, thuy loi"
    assert restore(text).text.split("\f")[1] == "Hiện đại hoá nông thôn, thuỷ lợi"
    text = "Văn hóa, thủy lợi, khóa học.\fHien dai hoa nong thon, thuy loi"
    assert restore(text).text.split("\f")[1] == "Hiện đại hóa nông thôn, thủy lợi"
