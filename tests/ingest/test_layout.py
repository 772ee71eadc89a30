"""Page analysis: header columns, stamp frames, coloured seals, and region stacking."""

from __future__ import annotations

import cv2
import numpy as np

from thidua._exec.tesseract import Line
from thidua.ingest import layout, marks, regions
from thidua.types import Region, Word


def _page(h: int = 2300, w: int = 1650) -> np.ndarray:
    return np.full((h, w), 255, np.uint8)


def _text(gray: np.ndarray, left: float, right: float, top: int, height: int = 30) -> None:
    """A fake text line: word-sized black blocks with small gaps between left and right (width fractions)."""
    w = gray.shape[1]
    x = int(left * w)
    while x < int(right * w):
        gray[top : top + height, x : min(x + 60, int(right * w))] = 0
        x += 70


def _two_column_top(gray: np.ndarray) -> None:
    _text(gray, 0.15, 0.40, 150)  # issuer
    _text(gray, 0.46, 0.90, 150)  # motto
    _text(gray, 0.20, 0.35, 200)
    _text(gray, 0.55, 0.80, 200)
    _text(gray, 0.18, 0.38, 280)  # Số
    _text(gray, 0.50, 0.85, 280)  # place, date
    _text(gray, 0.30, 0.70, 560)  # title, across the gutter
    for top in range(640, 1500, 50):
        _text(gray, 0.12, 0.88, top)


def test_header_columns_end_at_the_title() -> None:
    gray = _page()
    _two_column_top(gray)
    header = layout.find_header(layout.ink_mask(gray))
    assert header is not None
    left, right = header.left, header.right
    assert 0.40 * 1650 <= left[2] <= 0.46 * 1650  # the split lies in the gutter
    assert left[1] <= 150 and 310 <= header.bottom < 560  # the title is not in the header
    assert right[0] == left[2]


def test_no_header_on_a_page_of_body_text() -> None:
    gray = _page()
    for top in range(100, 1500, 50):
        _text(gray, 0.12, 0.88, top)
    assert layout.find_header(layout.ink_mask(gray)) is None


def test_dark_scanner_border_is_cleared() -> None:
    gray = _page()
    gray[:40, :] = 0
    _two_column_top(gray)
    ink = layout.ink_mask(gray)
    assert layout.clear_borders(gray, ink) == 40
    assert gray[:40].min() == 255 and gray[150:180].min() == 0


def test_framed_stamp_is_found_and_blanked_but_not_a_rule() -> None:
    gray = _page()
    _two_column_top(gray)
    cv2.rectangle(gray, (120, 340), (500, 470), 0, 3)  # a received stamp's frame
    _text(gray, 0.10, 0.25, 380, 20)  # its text
    gray[330:333, 700:1400] = 0  # a rule under the motto: not a frame
    ink = layout.ink_mask(gray)
    boxes = marks.stamp_boxes(ink)
    assert len(boxes) == 1
    left, top, w, _h = boxes[0]
    assert abs(left - 120) <= 3 and abs(top - 340) <= 3 and abs(w - 381) <= 6
    plan = layout.plan_page(gray)
    assert plan.stamps == boxes
    assert plan.gray[380:400, 170:400].min() == 255  # stamp text painted out
    assert [r.kind for r in plan.regions] == ["header-left", "header-right", "body"]


def test_red_round_seal_is_painted_white_red_text_line_kept() -> None:
    rgb = np.full((2300, 1650, 3), 255, np.uint8)
    cv2.circle(rgb, (1200, 1800), 180, (220, 30, 30), 8)  # a red seal's ring
    rgb[400:430, 300:1300] = (220, 30, 30)  # a red heading line: text, not a seal
    cleaned, boxes = marks.remove_colour_seals(rgb)
    assert len(boxes) == 1
    assert cleaned[1800, 1380:1390].min() == 255
    assert (cleaned[410, 500] == (220, 30, 30)).all()


def test_stamp_kind_and_date() -> None:
    assert marks.classify("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nĐẾN Giờ: C Ngày: 23/4/2026") == (
        "received",
        "2026-04-23",
    )
    assert marks.classify("KHẨN") == ("stamp", None)


def test_stacked_regions_come_back_in_order_with_page_coordinates() -> None:
    gray = _page(400, 600)
    parts = [Region("header-left", (0, 0, 300, 100)), Region("header-right", (300, 0, 300, 100))]
    canvas, placed = regions.stack(gray, parts, gap=20)
    assert canvas.shape == (20 + 100 + 20 + 100 + 20, 600)
    assert [p.y for p in placed] == [20, 140]
    lines = [
        Line(1, 1, [Word("Số:", 10, 150, 40, 20, 95.0), Word("12", 60, 150, 20, 20, 40.0)]),
        Line(1, 1, [Word("ỦY", 10, 30, 30, 20, 95.0)]),
    ]
    groups = regions.split(lines, placed)
    assert [[w.text for line in g for w in line.words] for g in groups] == [["ỦY"], ["Số:", "12"]]
    assert groups[1][0].words[0].top == 150 - 140
    text = regions.assemble(groups)
    assert text.text == "ỦY\n\nSố: 12"
    assert [text.text[a:b] for a, b in text.spans] == ["ỦY", "Số:", "12"]
