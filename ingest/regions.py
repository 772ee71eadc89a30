"""OCR several regions of a page in one Tesseract pass: stack them top to bottom on one canvas.

Stacking keeps the reading order (header left column, right column, body, then stamps) without a
Tesseract call per region; each recognised line is then given back to its region, its words in page
coordinates.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from thidua._exec.tesseract import Line
from thidua.types import Box, Region, Word


class Placed(NamedTuple):
    """A region and the row where its top sits on the canvas."""

    region: Region
    y: int


def stack(gray: np.ndarray, regions: list[Region], gap: int) -> tuple[np.ndarray, list[Placed]]:
    """One canvas with the regions' pixels one under the other, `gap` white rows apart."""
    width = gray.shape[1]
    height = sum(r.box[3] for r in regions) + gap * (len(regions) + 1)
    canvas = np.full((height, width), 255, np.uint8)
    placed: list[Placed] = []
    y = gap
    for region in regions:
        left, top, w, h = region.box
        canvas[y : y + h, left : left + w] = gray[top : top + h, left : left + w]
        placed.append(Placed(region, y))
        y += h + gap
    return canvas, placed


def _home(line: Line, placed: list[Placed]) -> int | None:
    """Index of the region holding a canvas line (by its words' median centre row)."""
    centres = sorted(w.top + w.height / 2 for w in line.words)
    centre = centres[len(centres) // 2]
    for i, (region, y) in enumerate(placed):
        if y - 1 <= centre < y + region.box[3] + 1:
            return i
    return None


def split(lines: list[Line], placed: list[Placed]) -> list[list[Line]]:
    """Canvas lines grouped by region, in region order, with their words moved back to the page."""
    groups: list[list[Line]] = [[] for _ in placed]
    for line in lines:
        if not line.words:
            continue
        i = _home(line, placed)
        if i is None:
            continue  # a speck in a gap
        shift = placed[i].region.box[1] - placed[i].y
        words = [Word(w.text, w.left, w.top + shift, w.width, w.height, w.confidence) for w in line.words]
        groups[i].append(Line(line.block, line.paragraph, words))
    return groups


class Assembled(NamedTuple):
    """Page text built from region lines, and each word's [start, end) in it."""

    text: str
    words: list[Word]
    spans: list[tuple[int, int]]


def assemble(groups: list[list[Line]]) -> Assembled:
    """Text of the regions in order: a line per OCR line, a blank line between paragraphs and regions."""
    parts: list[str] = []
    words: list[Word] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for group in groups:
        last: tuple[int, int] | None = None
        for line in group:
            if parts:
                sep = "\n" if last == (line.block, line.paragraph) else "\n\n"
                parts.append(sep)
                offset += len(sep)
            for j, word in enumerate(line.words):
                if j:
                    parts.append(" ")
                    offset += 1
                parts.append(word.text)
                words.append(word)
                spans.append((offset, offset + len(word.text)))
                offset += len(word.text)
            last = (line.block, line.paragraph)
    return Assembled("".join(parts), words, spans)


def drop_inside(groups: list[list[Line]], boxes: list[Box], below: float) -> list[list[Line]]:
    """The lines without the words centred inside one of `boxes` and read with confidence under `below`
    (a stamp's print left on a text line that runs under it; the page's own clear words stay)."""

    def inside(word: Word) -> bool:
        x, y = word.left + word.width / 2, word.top + word.height / 2
        return any(bx <= x < bx + bw and by <= y < by + bh for bx, by, bw, bh in boxes)

    out = []
    for group in groups:
        lines = [
            Line(ln.block, ln.paragraph, [w for w in ln.words if w.confidence >= below or not inside(w)])
            for ln in group
        ]
        out.append([ln for ln in lines if ln.words])
    return out
