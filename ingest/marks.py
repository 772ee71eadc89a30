"""Stamps and seals: find them before OCR so their text stays out of the page text.

Coloured seals (red or blue, round) are painted white on colour scans. Boxed stamps (a received stamp
"CÔNG VĂN ĐẾN … Giờ … Ngày …", a "KHẨN" or "DỰ THẢO" box) are found by their frame in the upper half of
the page; their text is OCR'd apart and stored as marks.
"""

from __future__ import annotations

import re
import unicodedata

import cv2
import numpy as np

from thidua.dictionaries import strip_marks
from thidua.types import Box

SEAL_MIN = 0.05  # of the page width: smaller coloured blobs are pen strokes
SEAL_MAX = 0.35
# A received stamp's words, marks stripped (its print is small and OCR drops or swaps accents).
RECEIVED = re.compile(r"\b(den|gio|ngay|chuyen|cong van|thong tin)\b")
STAMP_DATE = re.compile(r"(\d{1,2})\s*[/.\-|lI]\s*(\d{1,2})\s*[/.\-|lI]\s*((?:20|19)\d{2}|\d{2})\b")


def colour_seals(rgb: np.ndarray) -> tuple[np.ndarray, list[Box]]:
    """Mask of red or blue seals (roundish coloured blobs) on an RGB page and their boxes."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    coloured = (sat > 70) & (val > 60) & ((hue < 12) | (hue > 160) | ((hue > 95) & (hue < 135)))
    if coloured.mean() < 0.0005:
        return np.zeros(coloured.shape, bool), []
    w = rgb.shape[1]
    size = max(3, int(0.01 * w))
    grown = cv2.dilate(coloured.astype(np.uint8), np.ones((size, size), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(grown)
    mask = np.zeros(coloured.shape, bool)
    boxes: list[Box] = []
    for i in range(1, count):
        left, top, bw, bh, _area = (int(v) for v in stats[i])
        if not (SEAL_MIN * w <= max(bw, bh) <= SEAL_MAX * w) or not 0.6 <= bw / bh <= 1.7:
            continue  # a line of coloured text or a signature, not a seal
        mask |= (labels == i) & coloured
        boxes.append((left, top, bw, bh))
    return mask, boxes


def remove_colour_seals(rgb: np.ndarray) -> tuple[np.ndarray, list[Box]]:
    """The page with its coloured seals painted white (a copy), and their boxes."""
    mask, boxes = colour_seals(rgb)
    if not boxes:
        return rgb, []
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    out = rgb.copy()
    out[mask] = 255
    return out, boxes


def frame_lines(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Long straight horizontal and vertical ink lines (frames and rules, not letters)."""
    h, w = ink.shape
    binary = ink.astype(np.uint8)
    # A letter's strokes are shorter than these; a stamp frame's sides are longer.
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((1, max(10, int(0.05 * w))), np.uint8))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((max(10, int(0.02 * h)), 1), np.uint8))
    return horizontal > 0, vertical > 0


def stamp_boxes(ink: np.ndarray, header_only: float = 0.5) -> list[Box]:
    """Boxes framed by horizontal and vertical lines in the upper part of the page, stamp-sized."""
    h, w = ink.shape
    top_part = ink[: int(header_only * h)]
    horizontal, vertical = frame_lines(top_part)
    gap = max(3, int(0.003 * w))  # joins a frame's corners, not a rule just above it
    frames = cv2.dilate((horizontal | vertical).astype(np.uint8), np.ones((gap, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(frames)
    boxes: list[Box] = []
    for i in range(1, count):
        left, top, bw, bh, _area = (int(v) for v in stats[i])
        if not (0.08 * w <= bw <= 0.5 * w) or not (0.02 * h <= bh <= 0.15 * h) or not 1.3 <= bw / bh <= 9:
            continue
        part = labels[top : top + bh, left : left + bw] == i
        if not (horizontal[top : top + bh, left : left + bw] & part).any():
            continue
        if not (vertical[top : top + bh, left : left + bw] & part).any():
            continue  # a rule under a title, not a frame
        ys, xs = np.nonzero((horizontal | vertical)[top : top + bh, left : left + bw] & part)
        boxes.append((left + int(xs.min()), top + int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1))
    return boxes


def classify(text: str) -> tuple[str, str | None]:
    """A stamp's kind ("received" or "stamp") and the ISO date written in it, if any."""
    folded = unicodedata.normalize("NFC", text)
    kind = "received" if RECEIVED.search(strip_marks(folded).lower()) else "stamp"
    match = STAMP_DATE.search(folded)
    if not match:
        return kind, None
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    year += 2000 if year < 100 else 0
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return kind, None
    return kind, f"{year:04d}-{month:02d}-{day:02d}"
