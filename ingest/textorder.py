"""Reading order of a PDF text layer: the header's and the closing block's two columns one after the other,
blocks apart by a blank line.

Read line by line across the page (as `extract_text` does), a born-digital plan interleaves its columns
(`ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …`, `Nơi nhận: TL. CHỦ TỊCH`) and runs its title into the body. The
columns are found as `layout.find_header` finds them on a scanned page: consecutive lines that leave one
vertical gutter free.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils import cluster_objects

from thidua.ingest.layout import GUTTER_RANGE, MIN_GUTTER

LINE_TOLERANCE = 3  # points: words whose tops differ less are on one line (pdfplumber's default)
CLOSING = re.compile(r"N[ơo]i\s+nh[ậa]n\b", re.IGNORECASE)
HEADER_FIRST_LINES = 2  # a two-column run starting this near the top of a page is the header
RUN_GAP = 1.5  # of a line's height: a wider gap below it ends a two-column run
BLOCK_GAP = 0.5  # of the line height, above the usual gap between lines: a blank line there


@dataclass
class _Line:
    words: list[dict[str, Any]]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    def free(self, lo: float, hi: float) -> list[tuple[float, float]]:
        """Gaps between this line's words within [lo, hi]."""
        edges = [(lo, lo)] + [(w["x0"], w["x1"]) for w in self.words] + [(hi, hi)]
        gaps = [(max(a[1], lo), min(b[0], hi)) for a, b in itertools.pairwise(edges)]
        return [g for g in gaps if g[1] > g[0]]

    def split(self, x: float) -> tuple[_Line | None, _Line | None]:
        """The words left and right of x."""
        left = [w for w in self.words if w["x1"] <= x]
        right = [w for w in self.words if w["x0"] >= x]
        return (_Line(left) if left else None), (_Line(right) if right else None)


def _meet(
    a: list[tuple[float, float]], b: list[tuple[float, float]], least: float
) -> list[tuple[float, float]]:
    """The overlaps of two interval lists at least `least` wide."""
    out = [(max(x0, y0), min(x1, y1)) for x0, x1 in a for y0, y1 in b]
    return [(x0, x1) for x0, x1 in out if x1 - x0 >= least]


def _two_column(lines: Sequence[_Line], start: int, width: float) -> tuple[int, float] | None:
    """(end, gutter x) of the run of lines from `start`, none further than RUN_GAP below the one above, that
    leave a common gutter free, when at least two of them have words on both sides of it; else None."""
    lo, hi = GUTTER_RANGE[0] * width, GUTTER_RANGE[1] * width
    least = MIN_GUTTER * width
    gaps, end = [(lo, hi)], start  # each line narrows the whole range to the gutters it leaves free
    while end < len(lines):
        above = lines[end - 1] if end > start else None
        if above and lines[end].top - above.bottom > RUN_GAP * (above.bottom - above.top):
            break  # the title below the header, a table below the text: not the columns' run
        narrower = _meet(gaps, lines[end].free(lo, hi), least)
        if not narrower:
            break
        gaps, end = narrower, end + 1
    if end - start < 2:
        return None
    a, b = max(gaps, key=lambda g: g[1] - g[0])
    gutter = (a + b) / 2
    both = sum(all(side is not None for side in line.split(gutter)) for line in lines[start:end])
    return (end, gutter) if both >= 2 else None


def _blocks(lines: list[_Line], width: float) -> list[list[_Line]]:
    """The lines in reading order as blocks: a two-column run gives its left column, then its right."""
    blocks: list[list[_Line]] = [[]]
    i = 0
    while i < len(lines):
        opens = i < HEADER_FIRST_LINES or CLOSING.match(lines[i].text)
        run = _two_column(lines, i, width) if opens else None
        if run:
            end, gutter = run
            halves = [line.split(gutter) for line in lines[i:end]]
            blocks += [[left for left, _ in halves if left], [right for _, right in halves if right], []]
            i = end
            continue
        blocks[-1].append(lines[i])
        i += 1
    return [b for b in blocks if b]


def reading_text(words: list[dict[str, Any]], width: float) -> str:
    """The text of a page's words (pdfplumber `extract_words` dicts) in reading order."""
    if not words:
        return ""
    lines = [
        _Line(sorted(group, key=lambda w: w["x0"])) for group in cluster_objects(words, "top", LINE_TOLERANCE)
    ]
    lines.sort(key=lambda line: line.top)
    heights = [line.bottom - line.top for line in lines]
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines)]
    usual = statistics.median(gaps) if gaps else 0.0
    wide = usual + BLOCK_GAP * statistics.median(heights)
    out: list[str] = []
    for block in _blocks(lines, width):
        if out:
            out.append("")
        for k, line in enumerate(block):
            if k and line.top - block[k - 1].bottom > wide:
                out.append("")
            out.append(line.text)
    return "\n".join(out)
