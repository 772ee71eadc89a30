"""Page analysis before OCR: the two-column header at the top of a first page.

A Vietnamese administrative header has the issuer and `Số:` on the left and the national motto and
place/date on the right; read across, the two columns interleave. The header is the run of text lines
from the top that never cross one vertical gutter; the first line that crosses it (the centred title)
ends it.
"""

from __future__ import annotations

import itertools
from typing import NamedTuple

import cv2
import numpy as np
import numpy.typing as npt

from thidua.ingest.marks import stamp_boxes
from thidua.ingest.seals import blank_seal, find_seals
from thidua.types import Box, Region

HEADER_MAX_HEIGHT = 0.40  # of the page height: a header ending lower is not one
HEADER_MIN_LINES = 2
GUTTER_RANGE = (0.25, 0.65)  # where the gutter between the columns may lie, as width fractions
MIN_GUTTER = 0.015  # narrowest gutter, of the page width
MIN_RUN = 0.012  # narrowest run of ink that counts as text, of the page width
RUN_ON = 0.2  # of the page width: a text line beside a stamp has ink over a third of this strip
LINE_HEIGHT = 0.015  # of the page height: about one text line
# Seals centred above this (of the page height) are painted out: over the header and title their arcs read
# as letters. Lower down, over a signature, they stay (marked only): painted out beside the recipients'
# list, the two columns were read across as one (danang 4_2: 22 -> 42 syllable errors).
SEAL_BLANKED_ABOVE = 0.45


class Header(NamedTuple):
    """The header's two column boxes and the first row below it."""

    left: Box
    right: Box
    bottom: int


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Boolean ink mask of a grayscale page (Otsu)."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink > 0


def clear_borders(gray: np.ndarray, ink: np.ndarray) -> int:
    """Paint white the dark scanner borders (edge rows or columns mostly ink), in place; returns how many.

    Only runs touching the page edge and within 8% of it are cleared: a rule or a table inside the page stays.
    """
    h, w = ink.shape
    cleared = 0
    for axis, size in ((1, h), (0, w)):
        dark = ink.mean(axis=axis) > 0.5
        limit = int(0.08 * size)
        for edge in (range(limit), range(size - 1, size - 1 - limit, -1)):
            for i in edge:
                if not dark[i]:
                    break
                if axis == 1:
                    gray[i, :], ink[i, :] = 255, False
                else:
                    gray[:, i], ink[:, i] = 255, False
                cleared += 1
    return cleared


def text_lines(ink: np.ndarray, min_ink: int = 3) -> list[tuple[int, int]]:
    """Row ranges [top, bottom) that hold text, top to bottom (specks and thin rules are left out)."""
    rows = ink.sum(axis=1) >= min_ink
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
    least = max(4, int(0.006 * ink.shape[0]))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= least]


def _runs(cols: np.ndarray, least: int) -> list[tuple[int, int]]:
    """[start, end) runs of True at least `least` long."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], cols.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= least]


def ink_runs(band: np.ndarray) -> list[tuple[int, int]]:
    """Column runs of a text line's ink, letters and words joined, specks left out."""
    w = band.shape[1]
    cols: npt.NDArray[np.uint8] = np.asarray(band.any(axis=0), dtype=np.uint8)
    width = max(3, int(w * 0.008))  # about a word space at any resolution
    closed = cv2.morphologyEx(cols[None, :], cv2.MORPH_CLOSE, np.ones((1, width), np.uint8))[0] > 0
    return _runs(closed, max(3, int(MIN_RUN * w)))


def _gaps(runs: list[tuple[int, int]], w: int) -> list[tuple[int, int]]:
    """Gaps between ink runs inside GUTTER_RANGE, at least MIN_GUTTER wide, clipped to the range."""
    lo, hi = int(w * GUTTER_RANGE[0]), int(w * GUTTER_RANGE[1])
    gaps = [(max(a[1], lo), min(b[0], hi)) for a, b in itertools.pairwise(runs)]
    return [g for g in gaps if g[1] - g[0] >= MIN_GUTTER * w]


def _follow(gaps: list[tuple[int, int]], gutter: tuple[int, int]) -> tuple[int, int] | None:
    """The gap that overlaps `gutter` most, or None."""
    overlap = [(min(b, gutter[1]) - max(a, gutter[0]), (a, b)) for a, b in gaps]
    overlap = [o for o in overlap if o[0] > 0]
    return max(overlap)[1] if overlap else None


def find_header(ink: np.ndarray) -> Header | None:
    """The two header columns at the top of the page, or None when the top is not split in two.

    The gutter is the gap between the two columns in the union of the header lines' ink; it may
    narrow line by line (a long `Số:` line, a wide motto) and the header ends at the first line that
    closes it (the title or the body).
    """
    h, w = ink.shape
    margin = int(0.03 * w)  # scanner edges and punch holes are not text
    core = ink.copy()
    core[:, :margin] = False
    core[:, w - margin :] = False
    union = np.zeros(w, bool)
    gutter: tuple[int, int] | None = None
    taken: list[tuple[int, int]] = []
    tried = 0
    for top, bottom in text_lines(core):
        if top > HEADER_MAX_HEIGHT * h:
            break
        runs = ink_runs(core[top:bottom])
        if not runs:
            continue  # specks
        merged = union.copy()
        for a, b in runs:
            merged[a:b] = True
        gaps = _gaps(_runs(merged, 1), w)
        if gutter is None:
            tried += 1
            if tried > 3:
                return None  # the first lines never split in two: no header here
            gutter = max(gaps, key=lambda g: g[1] - g[0]) if gaps else None
        else:
            followed = _follow(gaps, gutter)
            if followed is None:
                break  # a line across the gutter: the title or the body begins
            gutter = followed
        union = merged
        taken.append((top, bottom))
    if gutter is None or len(taken) < HEADER_MIN_LINES:
        return None
    top, bottom = taken[0][0], taken[-1][1]
    split = (gutter[0] + gutter[1]) // 2
    pad = max(2, int(0.004 * h))
    top, bottom = max(0, top - pad), min(h, bottom + pad)
    return Header((0, top, split, bottom - top), (split, top, w - split, bottom - top), bottom)


def _carries_on(strip: np.ndarray, least: int, line: int) -> np.ndarray:
    """Rows of a strip beside a stamp where a text line carries on: within a line's height, ink over
    at least `least` columns (a seal's arc or a speck beside the stamp covers fewer)."""
    if strip.size == 0:
        return np.zeros(strip.shape[0], bool)
    near = cv2.dilate(strip.astype(np.uint8), np.ones((line, 1), np.uint8))
    return near.sum(axis=1) >= least


def blank_stamp(gray: np.ndarray, ink: np.ndarray, box: Box) -> None:
    """Paint a stamp's box white in place, except rows where a text line runs on past its sides
    (the page's own text under or beside the stamp is worth more than keeping the stamp out)."""
    left, top, w, h = box
    reach = max(3, int(0.006 * gray.shape[1]))
    span = max(reach + 3, int(RUN_ON * gray.shape[1]))  # how far out a line must carry on
    tall = max(3, int(LINE_HEIGHT * gray.shape[0]))
    outside = np.zeros(h, bool)
    rows = slice(top, top + h)
    if left - reach >= 0:  # ink touching the side, on rows where a text line runs beside
        touching = ink[rows, left - reach : left - 1].any(axis=1)
        outside |= touching & _carries_on(ink[rows, max(0, left - span) : left - 1], span // 3, tall)
    if left + w + reach <= gray.shape[1]:
        touching = ink[rows, left + w + 1 : left + w + reach].any(axis=1)
        outside |= touching & _carries_on(ink[rows, left + w + 1 : left + w + span], span // 3, tall)
    # Keep the whole text line, accents and descenders included, around rows that run on outside.
    line = max(3, int(0.012 * gray.shape[0]))
    outside = cv2.dilate(outside.astype(np.uint8)[:, None], np.ones((line, 1), np.uint8))[:, 0] > 0
    blank = np.flatnonzero(~outside) + top
    gray[blank, left : left + w] = 255
    ink[blank, left : left + w] = False


class Plan(NamedTuple):
    """What to OCR: the page cleaned of borders, stamps and seals, its text regions in reading order, the
    stamps, and the round seals found by shape."""

    gray: np.ndarray
    regions: list[Region]
    stamps: list[Box]
    seals: list[Box]


def plan_page(gray: np.ndarray, first_page: bool = True) -> Plan:
    """Analyse a prepared page: clear dark borders, find stamps and round seals, and split a first page's
    header in two."""
    gray = gray.copy()
    ink = ink_mask(gray)
    clear_borders(gray, ink)
    stamps = stamp_boxes(ink)
    for box in stamps:
        blank_stamp(gray, ink, box)
    seals = find_seals(ink)
    h, w = gray.shape
    for seal in seals:
        if seal.y < SEAL_BLANKED_ABOVE * h:
            blank_seal(gray, ink, seal)
    boxes = [seal.box for seal in seals]
    header = find_header(ink) if first_page else None
    if header is None:
        return Plan(gray, [Region("body", (0, 0, w, h))], stamps, boxes)
    body = Region("body", (0, header.bottom, w, h - header.bottom))
    return Plan(
        gray,
        [Region("header-left", header.left), Region("header-right", header.right), body],
        stamps,
        boxes,
    )
