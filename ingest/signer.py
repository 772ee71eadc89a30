"""The signer's block under a round seal, read again apart from the page.

Over a signature the seal's rim, its ring text and emblem, and the pen strokes make Tesseract's page
segmentation take the block for a picture and drop its lines (the title, the signer's name). The block
(the seal's rows and a few text lines above and below it, from the seal's left edge to the page's right)
is cleaned of the seal's own ink: the outer rim, and every piece of ink wholly inside the disc that is not
on a text line running out of it (ring text and emblem) — a title or name letter inside the rim stays — and
read as one block of text. Its lines that the page pass did not read replace what the page pass read there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image
from rapidfuzz import fuzz

from thidua._exec.tesseract import Line
from thidua.ingest.layout import LINE_HEIGHT
from thidua.ingest.ocr_engine import TesseractEngine
from thidua.types import Box, Word

ABOVE, BELOW = 4, 3  # text lines read above and below the seal's disc
MIN_CONFIDENCE = 55.0  # a block line's mean word confidence (the emblem's junk reads lower)
SAME = 80  # a block line this similar to the page pass's text there is already read


class Seal(NamedTuple):
    x: float
    y: float
    r: float


def signer_seals(boxes: list[Box], shape: tuple[int, int]) -> list[Seal]:
    """The seals over a signature: centred in the right half, below the top of the page, not inside a
    larger seal (an inner ring found on its own)."""
    h, w = shape
    seals = [Seal(x + bw / 2, y + bh / 2, bw / 2) for x, y, bw, bh in boxes]
    return [
        s
        for s in seals
        if s.x > 0.5 * w
        and s.y > 0.15 * h
        and not any(o.r > s.r and np.hypot(o.x - s.x, o.y - s.y) < o.r for o in seals)
    ]


def block_box(seal: Seal, shape: tuple[int, int]) -> Box:
    """The signer's block around a seal: the disc's rows and ABOVE / BELOW lines, to the page's right."""
    h, w = shape
    line = LINE_HEIGHT * h
    top = max(0, int(seal.y - seal.r - ABOVE * line))
    bottom = min(h, int(seal.y + seal.r + BELOW * line))
    left = max(0, int(seal.x - 1.1 * seal.r))
    return (left, top, w - left, bottom - top)


def clean_block(gray: np.ndarray, ink: np.ndarray, seal: Seal, box: Box) -> np.ndarray:
    """The block's pixels, binarised, without the seal's rim and the ink wholly inside its disc that is
    off the text lines running out of it."""
    left, top, bw, bh = box
    k = ink[top : top + bh, left : left + bw]
    line = LINE_HEIGHT * gray.shape[0]
    yy, xx = np.mgrid[0:bh, 0:bw]
    d = np.hypot(yy + top - seal.y, xx + left - seal.x)
    t = max(3.0, 0.04 * seal.r)
    rim = (d > 0.88 * seal.r) & (d <= seal.r + t)  # the rim's lines and the ring text just inside
    kept = k & ~rim
    n, labels, stats, _ = cv2.connectedComponentsWithStats(kept.astype(np.uint8), connectivity=8)
    near, far = np.full(n, np.inf), np.zeros(n)
    np.minimum.at(near, labels.ravel(), d.ravel())
    np.maximum.at(far, labels.ravel(), d.ravel())
    letters = np.zeros(bh)  # letter-sized pieces of ink outside the disc on each row
    for i in range(1, n):
        _, y, w_, h_, _ = stats[i]
        if near[i] > seal.r + t and 0.3 * line <= h_ <= 1.6 * line and w_ <= 3 * line:
            letters[y : y + h_] += 1
    rows = cv2.dilate(
        (letters >= 2).astype(np.uint8)[:, None], np.ones((max(3, int(0.3 * line)), 1), np.uint8)
    )
    on_line = rows[:, 0] > 0
    drop = np.zeros(n, bool)
    for i in range(1, n):
        _, y, _, h_, _ = stats[i]
        if far[i] <= seal.r + t:  # wholly inside the disc
            drop[i] = not (on_line[y : y + h_].mean() > 0.7 and h_ <= 1.6 * line and near[i] > 0.6 * seal.r)
    keep = cv2.dilate((kept & ~drop[labels]).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    return np.where(keep, gray[top : top + bh, left : left + bw], 255).astype(np.uint8)


def _centre(word: Word) -> tuple[float, float]:
    return word.left + word.width / 2, word.top + word.height / 2


def _inside(word: Word, box: Box) -> bool:
    x, y = _centre(word)
    return box[0] <= x < box[0] + box[2] and box[1] <= y < box[1] + box[3]


def merge(page: list[Line], block: list[Line], box: Box, seal: Seal) -> tuple[list[Line], list[Line]]:
    """(page lines, block lines to add): the block's sure lines that the page pass did not read, and the
    page pass's words in their rows of the block taken out."""
    left = box[0]
    added: list[Line] = []
    for line in block:
        words = [w for w in line.words if w.text.strip()]
        while words and (w := words[0]).confidence < 50 and not w.text[-1].isalpha():
            words = words[1:]  # junk before the line (the seal's or the pen's ink read as marks)
        if sum(c.isalpha() for w in words for c in w.text) < 2 or words[0].left < seal.x - seal.r:
            continue  # a mark, or a recipients' line's tail at the block's left edge
        confidence = sum(w.confidence for w in words) / len(words)
        if confidence < MIN_CONFIDENCE:
            continue
        top = min(w.top for w in words)
        bottom = max(w.top + w.height for w in words)
        text = " ".join(w.text for w in words)
        there = [
            w
            for ln in page
            for w in ln.words
            if _inside(w, box)
            and top - 0.3 * (bottom - top) <= _centre(w)[1] <= bottom + 0.3 * (bottom - top)
        ]
        if fuzz.partial_ratio(text, " ".join(w.text for w in there)) >= SAME and there:
            continue
        added.append(Line(line.block, line.paragraph, words))
    if not added:
        return page, []
    spans = [(min(w.top for w in ln.words), max(w.top + w.height for w in ln.words)) for ln in added]

    def replaced(word: Word) -> bool:
        y = _centre(word)[1]
        return _inside(word, box) and word.left >= left and any(a <= y <= b for a, b in spans)

    kept = [Line(ln.block, ln.paragraph, [w for w in ln.words if not replaced(w)]) for ln in page]
    return [ln for ln in kept if ln.words], added


def read_block(
    gray: np.ndarray, ink: np.ndarray, seal: Seal, engine: TesseractEngine, dpi: int | None
) -> tuple[Box, list[Line]]:
    """The block's box and its lines read as one block of text (psm 6), in page coordinates."""
    box = block_box(seal, gray.shape)
    canvas = clean_block(gray, ink, seal, box)
    result = replace(engine, psm=6).recognize(Image.fromarray(canvas), dpi=dpi)
    lines = [
        Line(
            -1 - ln.block,
            ln.paragraph,
            [
                Word(w.text, w.left + box[0], w.top + box[1], w.width, w.height, w.confidence)
                for w in ln.words
            ],
        )
        for ln in result.lines or []
    ]
    return box, lines
