"""Handwritten header fields read again: the number after `Số:` and the day and month of the date line.

Such fields are filled in by hand after printing; the page pass reads them as junk (`0X`, `#29`,
`ngày82tháng`). Each field is the stretch between its printed anchors (`Số:` … `/`, `ngày` … `tháng`,
`tháng` … `năm`); each stretch is cropped and read twice: by a classifier of handwritten digits
(`digits`, trained on synthetic pen strokes in the styles hands use: a `1` with a long upstroke, a
crossed `7`, an open `4`) and by Tesseract's `eng` model with digits only (all crops in one call).
Tesseract tends to drop the digits it cannot read, the classifier to read an odd hand as another
digit: the classifier's reading is taken where it surely holds digits Tesseract dropped, Tesseract's
otherwise (`choose`). A reading replaces
the stretch only when it is a plausible value (a day 1-31, a month 1-12, a number of 1-5 digits); it
stays flagged uncertain either way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image

from thidua._exec import tesseract
from thidua.ingest import digits
from thidua.ingest.regions import Assembled
from thidua.types import Box, Word

NUMBER_ANCHOR = re.compile(r"^\W*S[ốôoó6ỏồ][:.]?", re.IGNORECASE)
DAY_ANCHOR = re.compile(r"ngày", re.IGNORECASE)
MONTH_ANCHOR = re.compile(r"th[aá]ng", re.IGNORECASE)
YEAR_ANCHOR = re.compile(r"n[aă]m", re.IGNORECASE)
# The crops are scaled to one height and laid side by side, GAP heights apart, as one line. On the dev
# scans' 12 handwritten fields `eng` read 8 right at 48 px (6 at 64, 5 at 80; stacked as lines 4-6;
# `vie` 2-5) and one wrong but plausible (`3` for `37`), which stays flagged.
CROP_HEIGHT = 48
GAP = 4
PAD = 0.15  # of the line height, above and below a crop
INK_LEVEL = 160  # grey level below which a pixel is ink (faint blue ballpoint included)
FRAGMENT_WIDTH = 0.3  # of the crop's height: narrower ink cut by the crop's side belongs to an anchor
MIN_DIGIT_HEIGHT = 0.3  # of the crop's height: a shorter mark is a dot or a dash, not a digit
# The classifier's reading counts when its least sure digit is this sure. On the dev scans' 12
# handwritten fields `choose` reads 9 right and none wrong at 0.7-0.95 (Tesseract alone: 7 right, 1
# wrong; 4 nets trained apart: 8-9 right, 0-1 wrong; taking the sure classifier first: 6-9 right, 0-3 wrong).
SURE = 0.9
# Advance widths of Times New Roman (per 1000 of the font size) that differ from 500.
ADVANCES = {
    **dict.fromkeys("acez", 444),
    **dict.fromkeys("fr", 333),
    **dict.fromkeys("ijlt", 278),
    "m": 778,
    "s": 389,
    "w": 722,
    **dict.fromkeys("ADGHKNOQUVXY", 722),
    **dict.fromkeys("BCR", 667),
    "M": 889,
    **dict.fromkeys("ELTZ", 611),
    **dict.fromkeys("FPS", 556),
    "I": 333,
    "J": 389,
    "W": 944,
    **dict.fromkeys(",. ", 250),
    **dict.fromkeys(":;/", 278),
    "-": 333,
}


class Field(NamedTuple):
    """A handwritten-prone stretch of the text: its kind, [start, end) offsets, and its box on the page."""

    kind: str  # "number", "day" or "month"
    start: int
    end: int
    box: Box


def _line_words(text: Assembled) -> list[list[int]]:
    """Word indices grouped by text line."""
    groups: list[list[int]] = []
    last_end = -1
    for i, (start, end) in enumerate(text.spans):
        if not groups or "\n" in text.text[last_end:start]:
            groups.append([])
        groups[-1].append(i)
        last_end = end
    return groups


def _advance(word: str) -> float:
    """A word's printed width in font units (Times New Roman, the administrative font), diacritics aside."""
    base = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return sum(ADVANCES.get(c, 500) for c in base if not unicodedata.combining(c))


def _scale(text: Assembled, line: list[int], skip: int) -> float | None:
    """Pixels per font unit on the line: the median over its other words."""
    scales = [text.words[i].width / _advance(text.words[i].text) for i in line if i != skip]
    return float(np.median(scales)) if scales else None


def _x_at(text: Assembled, line: list[int], offset: int, anchor_before: bool) -> float:
    """Estimated page x of a character offset on a line. Inside a word, the anchor's printed letters
    (before the offset, or after it) take their width in the line's font size and the glued hand the
    rest: a handwritten digit read as `,` is wider than a letter."""
    for i in line:
        (start, end), word = text.spans[i], text.words[i]
        if offset <= end:
            share = min(1.0, max(0.0, (offset - start) / max(1, end - start)))
            scale = _scale(text, line, i)
            if start < offset < end and scale is not None:
                if anchor_before:
                    return word.left + min(word.width, _advance(word.text[: offset - start]) * scale)
                return word.left + max(0.0, word.width - _advance(word.text[offset - start :]) * scale)
            return word.left + share * word.width
    last = text.words[line[-1]]
    return float(last.left + last.width)


def _stretch(kind: str, start: int, end: int, text: Assembled, line: list[int]) -> Field | None:
    """The field between two anchors' character offsets, boxed from anchor to anchor; None when narrow."""
    x0, x1 = _x_at(text, line, start, True), _x_at(text, line, end, False)
    while start < end and text.text[start] == " ":
        start += 1
    while end > start and text.text[end - 1] == " ":
        end -= 1
    words = [text.words[i] for i in line]
    top = min(w.top for w in words)
    bottom = max(w.top + w.height for w in words)
    pad = int(PAD * (bottom - top))
    left, right = max(0, int(x0)), int(x1)
    if right - left < 4:
        return None
    return Field(kind, start, end, (left, max(0, top - pad), right - left, bottom - top + 2 * pad))


def clean_crop(crop: np.ndarray) -> np.ndarray | None:
    """The crop with the anchors' cut-off glyphs (ink touching its sides) and specks whitened, cut to the
    ink left; None when no mark as tall as a digit remains (a blank left for the hand)."""
    h, w = crop.shape
    ink = (crop < INK_LEVEL).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink)
    keep = np.zeros(count, bool)
    for i in range(1, count):
        left, _top, bw, bh, area = (int(v) for v in stats[i])
        cut_off = (left == 0 or left + bw >= w) and bw < FRAGMENT_WIDTH * h  # an anchor's last stroke
        keep[i] = not cut_off and bh >= MIN_DIGIT_HEIGHT * h and area >= 4
    if not keep.any():
        return None
    mask = keep[labels]
    xs = np.nonzero(mask)[1]
    out = np.where(mask | ~ink.astype(bool), crop, 255).astype(np.uint8)
    return out[:, max(0, xs.min() - 2) : xs.max() + 3]


def find_fields(text: Assembled, header_lines: int) -> list[Field]:
    """The number and date stretches of the first `header_lines` lines."""
    fields: list[Field] = []
    for line in _line_words(text)[:header_lines]:
        begin, finish = text.spans[line[0]][0], text.spans[line[-1]][1]
        content = text.text[begin:finish]
        number = NUMBER_ANCHOR.match(content)
        if number:
            slash = content.find("/", number.end())
            if slash > number.end():
                found = _stretch("number", begin + number.end(), begin + slash, text, line)
                fields += [found] if found else []
            continue
        day = DAY_ANCHOR.search(content)
        month = MONTH_ANCHOR.search(content, day.end()) if day else None
        year = YEAR_ANCHOR.search(content, month.end()) if month else None
        if day and month:
            found = _stretch("day", begin + day.end(), begin + month.start(), text, line)
            fields += [found] if found else []
        if month and year:
            found = _stretch("month", begin + month.end(), begin + year.start(), text, line)
            fields += [found] if found else []
    return fields


def plausible(kind: str, digits: str) -> bool:
    """A day 1-31, a month 1-12, or a number of 1-5 digits not starting with 0."""
    if not digits.isdigit():
        return False
    if kind == "number":
        return len(digits) <= 5 and not digits.startswith("0")
    value = int(digits)
    return 1 <= value <= (31 if kind == "day" else 12) and len(digits) <= 2


def classified(found: list[digits.Digit]) -> tuple[str, float]:
    """The classifier's digits as a string and its least sure digit's probability (0 when none)."""
    return "".join(str(d.label) for d in found), min((d.p for d in found), default=0.0)


def _within(short: str, long: str) -> bool:
    """`short` is `long` with some digits left out."""
    rest = iter(long)
    return len(short) < len(long) and all(ch in rest for ch in short)


def choose(kind: str, tesseract_reading: str, found: list[digits.Digit]) -> str | None:
    """The classifier's reading where Tesseract dropped digits it found surely (a crossed 7, a 1 with a
    long upstroke), else Tesseract's when plausible, else the classifier's when sure, else None."""
    reading, sure = classified(found)
    sound = sure >= SURE and plausible(kind, reading)
    if sound and _within(tesseract_reading, reading):
        return reading
    if plausible(kind, tesseract_reading):
        return tesseract_reading
    return reading if sound else None


def _to_height(crop: np.ndarray, height: int) -> np.ndarray:
    """The crop scaled, aspect kept, to `height` rows."""
    scale = height / crop.shape[0]
    return cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)


def _tesseract(crops: list[np.ndarray | None]) -> list[str]:
    """The crops' digits as Tesseract's `eng` model reads them, all laid in one line (one call)."""
    scaled = [None if c is None else _to_height(c, CROP_HEIGHT) for c in crops]
    present = [c for c in scaled if c is not None]
    if not present:
        return ["" for _ in crops]
    gap = GAP * CROP_HEIGHT
    width = sum(c.shape[1] for c in present) + gap * (len(present) + 1)
    canvas = np.full((CROP_HEIGHT + gap, width), 255, np.uint8)
    spans: list[tuple[int, int] | None] = []
    x = gap
    for crop in scaled:
        if crop is None:
            spans.append(None)
            continue
        canvas[gap // 2 : gap // 2 + CROP_HEIGHT, x : x + crop.shape[1]] = crop
        spans.append((x, x + crop.shape[1]))
        x += crop.shape[1] + gap
    lines = tesseract.image_to_lines(Image.fromarray(canvas), lang="eng", psm=7, whitelist="0123456789")
    read = ["" for _ in crops]
    for word in (w for line in lines for w in line.words):
        centre = word.left + word.width / 2
        for i, span in enumerate(spans):
            if span and span[0] - gap / 2 <= centre < span[1] + gap / 2:
                read[i] += word.text
    return read


def read_fields(gray: np.ndarray, fields: list[Field]) -> list[str | None]:
    """Each field's digits read again by the digit classifier and by Tesseract (one call for all),
    the two combined by `choose`; None when neither is plausible."""
    crops = []
    for field in fields:
        left, top, w, h = field.box
        crops.append(clean_crop(gray[top : top + h, left : left + w]))
    read = _tesseract(crops)
    return [
        None if crop is None else choose(f.kind, r, digits.read(crop))
        for f, r, crop in zip(fields, read, crops, strict=True)
    ]


def _piece(word: Word, start: int, a: int, b: int) -> Word | None:
    """The part [a, b) of a word (text offsets), its box cut in proportion; None when blank."""
    part = word.text[a - start : b - start]
    if not part.strip():
        return None
    n = max(1, len(word.text))
    left = word.left + round(word.width * (a - start) / n)
    width = max(1, round(word.width * (b - a) / n))
    return Word(part.strip(), left, word.top, width, word.height, word.confidence)


def _edit(word: Word, span: tuple[int, int], edits: list[tuple[Field, str]], done: set[int]) -> list[Word]:
    """A word with the readings of the stretches it overlaps put in their place (and any reading of
    a stretch that lay wholly before it, in the blank between words)."""
    start, end = span
    out: list[Word] = []
    for k, (field, reading) in enumerate(edits):
        if k not in done and field.end <= start and field.start <= start:
            out.append(Word(reading, *field.box, -1.0))
            done.add(k)
    pos = start
    for k, (field, reading) in enumerate(edits):
        if field.end <= start or field.start >= end or field.start == field.end:
            continue
        if field.start > pos:
            out += [p for p in (_piece(word, start, pos, field.start),) if p]
        if k not in done:
            out.append(Word(reading, *field.box, -1.0))
            done.add(k)
        pos = max(pos, field.end)
    if pos == start:
        return [*out, word]
    if pos < end:
        out += [p for p in (_piece(word, start, pos, end),) if p]
    return out


def apply(
    groups: list[list[tesseract.Line]], text: Assembled, fields: list[Field], readings: list[str | None]
) -> list[list[tesseract.Line]]:
    """The region lines `text` was assembled from, each plausible reading in place of its stretch;
    its words carry confidence -1 (read apart, see `reread_spans`)."""
    edits = [(f, r) for f, r in zip(fields, readings, strict=True) if r]
    if not edits:
        return groups
    done: set[int] = set()
    index = 0
    out: list[list[tesseract.Line]] = []
    for group in groups:
        lines = []
        for line in group:
            words: list[Word] = []
            for word in line.words:
                words += _edit(word, text.spans[index], edits, done)
                index += 1
            lines.append(tesseract.Line(line.block, line.paragraph, words))
        out.append(lines)
    return out


def reread_spans(text: Assembled) -> list[tuple[int, int]]:
    """[start, end) of the words put in by `apply` (always uncertain: they were written by hand)."""
    return [span for word, span in zip(text.words, text.spans, strict=True) if word.confidence == -1.0]
