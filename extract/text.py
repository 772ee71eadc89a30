"""The text an extraction reads: NFC original, a same-length accent-free fold, lines and evidence spans."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from functools import cached_property
from typing import Any, NamedTuple

from thidua.dictionaries.fold import fold
from thidua.types import PAGE_BREAK


class Line(NamedTuple):
    """One line of the text: offsets into the whole text, its original and folded forms."""

    number: int  # its 0-based position among the lines
    start: int
    end: int
    text: str
    folded: str

    @property
    def blank(self) -> bool:
        return not self.folded.strip()


class Text:
    """An NFC text with its fold, lines and page offsets; builds evidence objects."""

    def __init__(self, raw: str) -> None:
        self.raw = raw if unicodedata.is_normalized("NFC", raw) else unicodedata.normalize("NFC", raw)
        self.folded = fold(self.raw)
        self._breaks = [m.start() for m in re.finditer(PAGE_BREAK, self.raw)]

    @cached_property
    def lines(self) -> list[Line]:
        out: list[Line] = []
        raw, folded = self.raw, self.folded
        start = 0
        for m in re.finditer(r"[\n\f]", raw):
            end = m.start()
            out.append(Line(len(out), start, end, raw[start:end], folded[start:end]))
            start = end + 1
        out.append(Line(len(out), start, len(raw), raw[start:], folded[start:]))
        return out

    @cached_property
    def line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def page(self, offset: int) -> int:
        """1-based page of an offset."""
        return bisect.bisect_right(self._breaks, offset - 1) + 1 if self._breaks else 1

    def lines_from(self, offset: int) -> list[Line]:
        """The lines that start at or after an offset."""
        return self.lines[bisect.bisect_left(self.line_starts, offset) :]

    def at_line_starts(
        self, pattern: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """`pattern.finditer(self.folded, start, end)` for a pattern whose non-empty matches all begin at a
        line start (`^` in MULTILINE mode, or after a page break): only the line starts are tried."""
        end = len(self.folded) if end is None else end
        after = start
        for at in self.line_starts[bisect.bisect_left(self.line_starts, start) :]:
            if at >= end:
                break
            if at >= after and (m := pattern.match(self.folded, at, end)):
                yield m
                after = m.end()

    def line_at(self, offset: int) -> Line:
        """The line holding an offset."""
        return self.lines[max(0, bisect.bisect_right(self.line_starts, offset) - 1)]

    def evidence(self, start: int, end: int, confidence: float | None = None) -> dict[str, Any]:
        """Evidence object for a span, trimmed of surrounding whitespace and punctuation."""
        while start < end and self.raw[start] in " \t\n\f;,:":
            start += 1
        while end > start and self.raw[end - 1] in " \t\n\f;,":
            end -= 1
        ev: dict[str, Any] = {
            "start": start,
            "end": end,
            "page": self.page(start),
            "text": self.raw[start:end],
        }
        if confidence is not None:
            ev["confidence"] = round(confidence, 2)
        return ev


def upper_share(text: str) -> float:
    """Share of upper-case letters among a text's letters (0.0 when it has none)."""
    letters = "".join(filter(str.isalpha, text))
    return sum(map(str.isupper, letters)) / len(letters) if letters else 0.0


def one_line(text: str) -> str:
    """Collapse whitespace (line breaks included) to single spaces."""
    return " ".join(text.split())
