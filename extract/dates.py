"""Dates in Vietnamese plans: `ngày 21 tháng 02 năm 2025`, `21/02/2025`, `05-03-2025`, blanks, OCR noise.

Parsers work on the folded (accent-free, lower-case) text and return ISO strings: `YYYY-MM-DD`, `YYYY-MM`
or `YYYY` when only that is legible, and `--MM-DD` for a day and month without a year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# OCR-tolerant keywords: ngày → ngay/ngdy, tháng → thang/thdng, năm → nam/ndm/nim.
_NGAY = r"ng[a-z]{1,2}y?"
_THANG = r"th[a-z]{1,2}ng"
_NAM = r"n[a-z]{1,2}m"
_DAY_FIELD = r"(?P<d>\d{1,2}|[^\s]{0,3}|\s{0,6})"  # a handwritten day OCR cannot read: `#3`, `0Â`

_GLUED = r"(?:\s*(?=\d)|\s+)"  # a site or OCR may glue a number to its word: `tháng11`, `năm2010`
WORDY = re.compile(
    rf"\b{_NGAY}[,.]?\s*{_DAY_FIELD}\s*{_THANG}{_GLUED}(?P<m>\d{{1,2}}|[^\s]{{0,3}})\s*{_NAM}\s*"
    r"(?P<y>(?:19|20) ?\d\d)\b"
)
NUMERIC = re.compile(
    r"(?<![\d/.])(?P<d>\d{1,2})\s?([/.-])\s?(?P<m>\d{1,2})\s?\2\s?(?P<y>(?:19|20) ?\d\d)(?![\d/])"
)
DAY_MONTH = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])")
DAY_MONTH_WORDY = re.compile(
    rf"\b{_NGAY}\s*(?P<d>\d{{1,2}})\s*{_THANG}\s*(?P<m>\d{{1,2}})\b(?!\s*{_NAM}\s*\d)"
)
MONTH_YEAR = re.compile(rf"\b{_THANG}\s*(?P<m>\d{{1,2}})\s*(?:{_NAM}|/)\s*(?P<y>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class DateMatch:
    """A date found in folded text: ISO value and the span it came from."""

    value: str
    start: int
    end: int
    exact: bool  # every part legible


def _iso(day: str | None, month: str | None, year: str | None) -> tuple[str | None, bool]:
    d = int(day) if day and day.isdigit() else None
    m = int(month) if month and month.isdigit() else None
    year = year.replace(" ", "") if year else year  # OCR and sites split a year's digits: `20 21`
    y = int(year) if year and year.isdigit() else None
    if m is not None and not 1 <= m <= 12:
        m, d = None, None
    if d is not None and not 1 <= d <= 31:
        d = None
    if y is None:
        return (f"--{m:02d}-{d:02d}", True) if m and d else (None, False)
    if m is None:
        return f"{y:04d}", False
    if d is None:
        return f"{y:04d}-{m:02d}", False
    return f"{y:04d}-{m:02d}-{d:02d}", True


def find_dates(
    folded: str, start: int = 0, end: int | None = None, partial: bool = True
) -> Iterator[DateMatch]:
    """Every date in folded[start:end], in text order; `partial` also yields day/month without a year."""
    end = len(folded) if end is None else end
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    patterns = [WORDY, NUMERIC, MONTH_YEAR] + ([DAY_MONTH_WORDY, DAY_MONTH] if partial else [])
    for pattern in patterns:
        for m in pattern.finditer(folded, start, end):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            value, exact = _iso(groups.get("d"), groups.get("m"), groups.get("y"))
            if pattern in (NUMERIC, DAY_MONTH, DAY_MONTH_WORDY) and not exact:
                continue  # all-digit dates must be fully valid: "45/13/2025" is not a date
            if value:
                found.append(DateMatch(value, m.start(), m.end(), exact))
                taken.append((m.start(), m.end()))
    yield from sorted(found, key=lambda x: x.start)


def first_date(folded: str, start: int = 0, end: int | None = None, partial: bool = True) -> DateMatch | None:
    """The first date in a range, or None."""
    return next(find_dates(folded, start, end, partial), None)


def with_year(value: str, year: str | None) -> str:
    """Complete a `--MM-DD` date with a year when one is known."""
    return f"{year}{value[1:]}" if value.startswith("--") and year else value
