"""The signer's block under a seal: the seal's rim and inner ink cleaned away, text lines kept."""

import cv2
import numpy as np

from thidua._exec.tesseract import Line
from thidua.ingest import signer
from thidua.types import Word


def _page() -> tuple[np.ndarray, signer.Seal]:
    gray = np.full((1000, 800), 255, np.uint8)
    seal = signer.Seal(500.0, 600.0, 80.0)
    cv2.circle(gray, (500, 600), 80, 0, 3)  # the rim
    cv2.circle(gray, (500, 600), 20, 0, -1)  # the emblem
    for x in range(560, 760, 20):  # a text line running out of the disc
        cv2.rectangle(gray, (x, 660), (x + 10, 672), 0, -1)
    return gray, seal


def test_clean_block_drops_rim_and_emblem_keeps_the_line() -> None:
    gray, seal = _page()
    box = signer.block_box(seal, gray.shape)
    clean = signer.clean_block(gray, gray < 128, seal, box)
    left, top = box[0], box[1]
    assert clean[600 - top, 500 - left] == 255  # emblem
    assert clean[600 - top, 580 - left] == 255  # rim
    assert clean[666 - top, 565 - left] < 128  # a letter inside the rim, on the line
    assert clean[666 - top, 725 - left] < 128  # a letter outside


def test_signer_seals_right_half_not_inner_ring() -> None:
    seals = signer.signer_seals([(400, 500, 200, 200), (450, 550, 80, 80), (50, 500, 200, 200)], (1000, 800))
    assert seals == [signer.Seal(500.0, 600.0, 100.0)]


def test_merge_adds_lost_sure_lines_only() -> None:
    seal = signer.Seal(500.0, 600.0, 80.0)
    box = signer.block_box(seal, (1000, 800))
    name = Line(-1, 1, [Word("Hồ", 520, 700, 40, 20, 90.0), Word("Dũng", 570, 700, 60, 20, 88.0)])
    junk = Line(-1, 2, [Word("#Z", 520, 640, 40, 20, 20.0)])
    page = [
        Line(1, 1, [Word("x~", 540, 702, 20, 18, 30.0)]),
        Line(1, 2, [Word("Lưu", 50, 702, 40, 20, 90.0)]),
    ]
    kept, added = signer.merge(page, [name, junk], box, seal)
    assert added == [name]
    assert [w.text for ln in kept for w in ln.words] == ["Lưu"]
