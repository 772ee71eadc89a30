"""Handwritten header fields: where they are, what counts as a plausible reading, how it is put in."""

from __future__ import annotations

from thidua._exec.tesseract import Line
from thidua.ingest.handwriting import apply, find_fields, plausible, reread_spans
from thidua.ingest.regions import assemble
from thidua.types import Word


def _line(*words: tuple[str, int, int]) -> Line:
    """A line of words at (left, width), 30 px high at row 100."""
    return Line(1, 1, [Word(t, left, 100, width, 30, 50.0) for t, left, width in words])


NUMBER = _line(("Số:", 100, 40), ("0X", 160, 50), ("/QĐ-TTg", 220, 120))
# a 30 px Times New Roman line (`ngày` 58 px, `tháng` 67 px); the hand's `82` 50 px
DATE = _line(("Hà", 600, 35), ("Nội,", 640, 52), ("ngày82tháng", 700, 175), ("4", 880, 15), ("năm", 900, 52))


def test_fields_lie_between_their_anchors() -> None:
    text = assemble([[NUMBER, DATE]])
    fields = find_fields(text, header_lines=2)
    assert [(f.kind, text.text[f.start : f.end]) for f in fields] == [
        ("number", "0X"),
        ("day", "82"),
        ("month", "4"),
    ]
    number, day, _ = fields
    assert number.box[0] == 140 and number.box[0] + number.box[2] == 220  # from `Số:` to the code
    assert 755 <= day.box[0] <= 765 and 805 <= day.box[0] + day.box[2] <= 815  # inside the glued word


def test_a_digit_read_as_junk_glued_to_its_anchor_is_not_taken_for_letters() -> None:
    """`ngày,`: the `,` is a handwritten digit as wide as three letters; the stretch starts where the
    printed `ngày` ends (its width in the line's font size), not at four fifths of the word."""
    date = _line(
        ("Nội,", 640, 60), ("ngày,", 710, 100), ("{`", 815, 20), ("tháng", 845, 75), ("năm", 930, 45)
    )
    day = find_fields(assemble([[date]]), header_lines=1)[0]
    assert day.kind == "day" and 765 <= day.box[0] <= 775 and day.box[0] + day.box[2] == 845


def test_beyond_the_header_nothing_is_looked_for() -> None:
    assert find_fields(assemble([[NUMBER, DATE]]), header_lines=0) == []


def test_readings_replace_their_stretch_and_stay_marked() -> None:
    text = assemble([[NUMBER, DATE]])
    fields = find_fields(text, header_lines=2)
    new = assemble(apply([[NUMBER, DATE]], text, fields, ["707", "22", None]))
    assert new.text == "Số: 707 /QĐ-TTg\nHà Nội, ngày 22 tháng 4 năm"
    assert [new.text[a:b] for a, b in reread_spans(new)] == ["707", "22"]


def test_a_reading_goes_into_a_blank_the_page_pass_left_empty() -> None:
    lines = [_line(("Số:", 100, 40), ("/QĐ-UBND", 260, 120))]
    text = assemble([lines])
    fields = find_fields(text, header_lines=1)
    assert fields[0].start == fields[0].end and fields[0].box[2] == 120
    assert assemble(apply([lines], text, fields, ["56"])).text == "Số: 56 /QĐ-UBND"


def test_plausible_values_only() -> None:
    assert plausible("day", "29") and not plausible("day", "82") and not plausible("day", "0")
    assert plausible("month", "12") and not plausible("month", "13")
    assert plausible("number", "1906") and not plausible("number", "0") and not plausible("number", "")
