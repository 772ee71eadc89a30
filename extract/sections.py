"""A plan's section structure: Roman headings (I., II.), numbered (1., 4.1.), lettered (a)), bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.extract.text import Line, Text, upper_share

# OCR reads Roman numerals with digits and bars: "I1." = II, "II1." = III, "1. PHAN CONG" = III.
ROMAN = re.compile(
    r"^\s*(?P<label>[ivxlu1|]{1,5})\s*[.,]\s*(?P<title>\S.*)$"
)  # restorers turn "VI." into "VŨ."
NUMBERED = re.compile(r"^\s*[’'`]?\s*(?P<label>\d{1,2}(?:[.,]\d{1,2})*)\s*[.,)]?\s+(?P<title>\S.*)$")
LETTERED = re.compile(r"^\s*(?P<label>[a-gd])\)\s*(?P<title>\S.*)$")
BULLET = re.compile(r"^\s*[-–+•*]\s*")

LEVELS = {"roman": 0, "num": 1, "alpha": 2}


@dataclass(frozen=True)
class Heading:
    """A heading line: its level ("roman", "num", "alpha"), label and folded title."""

    line: Line
    level: str
    label: str
    title: str  # folded title text


def headings(text: Text) -> list[Heading]:
    """All heading lines in text order."""
    out = []
    for line in text.lines:
        folded = line.folded
        if not folded.strip():
            continue
        m = ROMAN.match(folded)
        if m and upper_share(line.text[m.start("title") :]) >= 0.7:
            out.append(Heading(line, "roman", m.group("label"), m.group("title")))
            continue
        m = NUMBERED.match(folded)
        if m and not re.match(r"\d+[/.]\d+[/.]\d", folded.strip()):
            level = (
                "roman"
                if upper_share(line.text[m.start("title") :]) >= 0.8 and len(m.group("title")) > 6
                else "num"
            )
            out.append(Heading(line, level, m.group("label"), m.group("title")))
            continue
        m = LETTERED.match(folded)
        if m:
            out.append(Heading(line, "alpha", m.group("label"), m.group("title")))
    return out


def section_end(text: Text, heads: list[Heading], head: Heading, stop: int | None = None) -> int:
    """Line index where the section opened by `head` ends (next heading of the same or a higher level)."""
    level = LEVELS[head.level]
    for other in heads:
        if other.line.number > head.line.number and LEVELS[other.level] <= level:
            return other.line.number
    return len(text.lines) if stop is None else stop


def find(heads: list[Heading], pattern: re.Pattern[str], levels: tuple[str, ...] = ("roman", "num", "alpha")):
    """Headings whose folded title matches a pattern."""
    return [h for h in heads if h.level in levels and pattern.search(h.title)]
