"""Chỉ tiêu with a number: percentages and `ít nhất N …` / `trên N …` quantities."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract.clauses import clause
from thidua.extract.text import Text, one_line

# `\d(?<![\d.,/]\d)` is `(?<![\d.,/])\d`: a pattern led by a digit lets `re` skip to the digits
PERCENT = re.compile(r"(?P<v>\d(?<![\d.,/]\d)\d{0,2}(?:[.,]\d{1,2})?)\s?%")
AT_LEAST = re.compile(
    r"\b(?P<q>[i1]t\s+nh\w{1,2}t|t\w{1,2}i\s+thi\w{1,2}u|tr\w{1,2}n|[dp]\w{1,2}t)\s+(?P<v>\d{1,4})\s+(?P<u>[a-z]+(?:\s+[a-z]+)?)"
)
NUMBER = re.compile(r"\d(?<![\d/.,]\d)\d{0,3}\s+[a-z]")
UNIT_STOP = {
    "va",
    "hoac",
    "cua",
    "trong",
    "duoc",
    "tot",
    "tro",
    "cho",
    "tren",
    "tai",
    "ve",
    "dat",
    "nam",
    "thang",
    "ngay",
}


def parse_quantitative(text: Text, start: int, stop: int) -> list[dict[str, Any]]:
    """Chỉ tiêu with a number: percentages and `ít nhất N …` / `trên N …` quantities."""
    out: list[dict[str, Any]] = []
    for pm in PERCENT.finditer(text.folded, start, stop):
        digits = pm.group("v")
        if set(digits) <= {"0"}:
            continue  # "00%": a digit lost to OCR
        a, b = clause(text, pm.start(), start, stop)
        out.append(
            {
                "text": one_line(text.raw[a:b]).strip(" ,;."),
                "value": float(digits.replace(",", ".")),
                "unit": "%",
                "evidence": text.evidence(a, b),
                "confidence": 0.85,
            }
        )
    # look for a qualifier just before each number: numbers are rare, words are not
    candidates = (
        (n, AT_LEAST.search(text.folded, max(start, n.start() - 16), min(stop, n.start() + 40)))
        for n in NUMBER.finditer(text.folded, start, stop)
    )
    for n, m in candidates:
        if m is None or m.start("v") != n.start():
            continue
        if (
            m.group("q").startswith(("d", "p"))
            and "chi tieu" not in text.folded[max(start, m.start() - 80) : m.start()]
        ):
            continue  # "đạt N" only counts inside a chỉ tiêu
        unit_words = m.group("u").split()
        if len(unit_words) > 1 and unit_words[1] in UNIT_STOP:
            unit_words = unit_words[:1]
        if unit_words[0] in UNIT_STOP:
            continue
        u_start = m.start("u")
        u_end = m.end("u") if len(unit_words) > 1 else u_start + len(unit_words[0])
        unit = one_line(text.raw[u_start:u_end])
        a, b = clause(text, m.start(), start, stop)
        values = [float(m.group("v"))]
        # "ít nhất 01 mô hình A và 02 mô hình B": the qualifier carries over to the same unit
        more = re.compile(rf"\bv[a-z]\s+(\d{{1,4}})\s+{re.escape(' '.join(unit_words))}\b")
        values += [float(x.group(1)) for x in more.finditer(text.folded, m.end(), b)]
        for value in values:
            out.append(
                {
                    "text": one_line(text.raw[a:b]).strip(" ,;."),
                    "value": value,
                    "unit": unit,
                    "evidence": text.evidence(a, b),
                    "confidence": 0.75 if value == values[0] else 0.65,
                }
            )
    out.sort(key=lambda x: x["evidence"]["start"])
    return out
