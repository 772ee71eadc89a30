"""Spans of OCR text that should not be trusted: low-confidence words, handwritten numbers and dates.

The number after `Số:` and the day and month of the date line are often filled in by hand; Tesseract
reads them as junk with middling confidence. Those words are marked when they are not plain digits
read confidently, and any word read with very low confidence is marked anywhere.
"""

from __future__ import annotations

import re

from thidua.ingest.regions import Assembled

LOW = 40.0  # any word below this confidence
HEADER_FIELD_LOW = 85.0  # a number or date word in the header below this
NUMBER_LINE = re.compile(r"^\W*S[ốôoó6ỏồ][:.]?", re.IGNORECASE)
DATE_WORD = re.compile(r"^(ngày|tháng|năm)", re.IGNORECASE)
CLEAN_FIELD = re.compile(r"^\d{1,4}[,.]?$|^\d{1,5}/[\w/Đđ-]+$")
DIGITS = re.compile(r"^\d+[,.;]?$")
TALL = 1.2  # a number this much taller than the page's typed numbers was written by hand


def _lines(text: Assembled) -> list[list[int]]:
    """Word indices grouped by text line."""
    groups: list[list[int]] = []
    last_end = -1
    for i, (start, _end) in enumerate(text.spans):
        if not groups or "\n" in text.text[last_end:start]:
            groups.append([])
        groups[-1].append(i)
        last_end = _end
    return groups


def _field_words(words: list[str]) -> list[int]:
    """Positions of the words of a `Số:` or date line that carry its handwritten-prone values."""
    first = words[0] if words else ""
    if NUMBER_LINE.match(first):
        # The number: the words before the "/CODE" part (or the code itself when the blank is empty).
        start = 0 if len(first) > 4 else 1  # "Số:12/KH" run together, or "Số:" alone
        picked = []
        for i in range(start, len(words)):
            if words[i].startswith("/") and i > start:
                break
            picked.append(i)
            if "/" in words[i]:
                break
        return picked[:3]
    picked = []
    for i, word in enumerate(words):
        if DATE_WORD.match(word):
            if len(word) > 5 and any(c.isdigit() for c in word):
                picked.append(i)  # "ngày23": the number run into the word
            elif i + 1 < len(words):
                picked.append(i + 1)
    return picked


def typed_digit_height(text: Assembled) -> float | None:
    """Median height of the numbers on the page read confidently (typed ones, mostly)."""
    heights = sorted(w.height for w in text.words if DIGITS.match(w.text) and w.confidence >= 90)
    return float(heights[len(heights) // 2]) if len(heights) >= 3 else None


def uncertain_spans(text: Assembled, header_lines: int) -> list[tuple[int, int]]:
    """[start, end) spans of `text.text` read with low confidence, or a number or date of the first
    `header_lines` lines that does not look typed."""
    marked: set[int] = {i for i, w in enumerate(text.words) if 0 <= w.confidence < LOW}
    typed = typed_digit_height(text)
    for line in _lines(text)[:header_lines]:
        words = [text.words[i].text for i in line]
        if not (NUMBER_LINE.match(words[0]) or any(DATE_WORD.match(w) for w in words)):
            continue
        for pos in _field_words(words):
            word = text.words[line[pos]]
            tall = typed is not None and word.height > TALL * typed and word.text[:1].isdigit()
            if word.confidence < HEADER_FIELD_LOW or not CLEAN_FIELD.match(word.text) or tall:
                marked.add(line[pos])
    return merge_spans([text.spans[i] for i in marked])


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and joined where they touch or are one space apart."""
    spans = sorted(spans)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
