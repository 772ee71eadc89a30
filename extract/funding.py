"""The funding sentence (`Kinh phí … từ nguồn …`) and its source."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract import sections
from thidua.extract.text import Text, one_line

FUNDING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[.,)]?\s*)?[-+]?\s*kinh\s+ph\w\b")
ITEM_LEAD = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[.,)]\s*|[-+]\s*)?")  # `1.2.`, `-` before the text
SOURCE = re.compile(r"\b(?:t\w{1,2}\s+)?(?:ngu\w{1,3}n|qu\w|ng\w{1,2}n\s+s\w{1,2}ch)\b")


def parse_funding(text: Text, start: int, stop: int) -> dict[str, Any] | None:
    """The funding sentence (`Kinh phí … từ nguồn …`) and its source."""
    lines = [ln for ln in text.lines if ln.start >= start and ln.end <= stop]
    for i, line in enumerate(lines):
        if not FUNDING.match(line.folded):
            continue
        prev = next((ln for ln in reversed(lines[:i]) if not ln.blank), None)
        numbered = re.match(r"^\s*(?:\d|[-+])", line.folded)
        prev_is_heading = prev is not None and (
            sections.ROMAN.match(prev.folded) or sections.NUMBERED.match(prev.folded) or prev.text.isupper()
        )
        wrapped = prev is not None and lines[i - 1] is prev and not re.search(r"[.;:]\s*$", prev.text)
        if not numbered and wrapped and not prev_is_heading:
            continue  # a wrapped line that happens to start with "kinh phí"
        lead = ITEM_LEAD.match(line.folded)  # always matches, perhaps nothing
        a = line.start + (lead.end() if lead else 0)
        if len(line.folded.split()) <= 6 and not SOURCE.search(line.folded):
            nxt = next((ln for ln in lines[i + 1 :] if not ln.blank), None)
            if not nxt:
                continue
            a = nxt.start
        m = re.compile(r"\.\s|\.$|\n\s*\n|\n\s*[IVX\d]+\.\s").search(text.folded, a, stop)
        b = m.start() if m else min(stop, a + 400)
        src = SOURCE.search(text.folded, a, b)
        source = one_line(text.raw[src.start() : b]).strip(" .;") if src else None
        if source:
            source = re.sub(r"^(?:từ|tir|tu|tư|tử|từ)\s+", "", source, flags=re.IGNORECASE)
        return {
            "text": one_line(text.raw[a:b]).strip(" .;"),
            "source": source,
            "evidence": text.evidence(a, b),
            "confidence": 0.85 if source else 0.6,
        }
    return None
