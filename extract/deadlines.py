"""Dated duties (`trước ngày 30/01 hằng năm`) with their action and the body they report to."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract import dates, lexicon
from thidua.extract.clauses import clause, sentence_start
from thidua.extract.header import canonical_body
from thidua.extract.text import Text, one_line

# `t(?<!\wt)` is `\bt` written so that `re` can skip to the letter t (a pattern led by letters scans fast)
BEFORE = re.compile(
    r"(?:t(?<!\wt)r[uwioe][a-z]{0,3}\s+|c(?<!\wc)h\w{1,2}m\s+nh\w{1,2}t\s+|h(?<!\wh)\w{1,2}n\s+ch\w{1,2}t\s+)"
    r"(?:ng\w{1,2}y|th\w{1,2}ng)\s"
)
RECURRING = re.compile(
    r"h\w{1,2}ng\s+n\w{1,2}m|[dp]\w{1,2}nh\s+k\w\b|h\w{1,2}ng\s+th\w{1,2}ng|h\w{1,2}ng\s+qu\w\b"
)
RECIPIENT = re.compile(r"\b(?:g\w{1,2}i\s+v\w|v\w|g\w{1,2}i|b\w{1,2}o\s+c\w{1,2}o)\s+(?=\S)")
TAIL = re.compile(r"[^;.,()\n]{0,20}")  # what follows a date up to the clause's punctuation
JOINED = re.compile(r"\s*(?:,|v\w)\s*")  # between two dates of one duty: `01/6 và 15/11`
GENERIC_BODY = re.compile(r"(?:Văn phòng|Phòng|Ban|Sở|Bộ|Công an|Ủy ban|Hội đồng|Tổ|Trường|Cục|Vụ|Viện)\s+\S")


def _recipient(text: Text, a: int, b: int) -> str | None:
    """The body a duty reports to: `về/gửi/báo cáo <agency>` in the clause."""
    for m in RECIPIENT.finditer(text.folded, a, b):
        tail = text.folded[m.end() : b]
        stop = re.search(r"\(|\btr\S{1,4}c\s+ng|\bd\w\s|\bbao\s+g|\btheo\b|\s-\s|;|\.\s", tail)
        raw = text.raw[m.end() : m.end() + (stop.start() if stop else len(tail))]
        raw = raw.strip(" ,;")
        parts = [p for p in re.split(r",\s*|\s+v\w\s+(?=[A-ZĐÀ-Ỹ])", lexicon.expand_abbreviations(raw)) if p]
        if parts and not lexicon.agency_prefix(lexicon.key(parts[0])) and GENERIC_BODY.match(parts[0]):
            return one_line(parts[0])  # a body the lexicon does not list ("Văn phòng nhà trường")
        if parts and lexicon.agency_prefix(lexicon.key(parts[0])):
            names: list[str] = []
            for part in parts:
                if lexicon.agency_prefix(lexicon.key(part)) or names:
                    names.append(
                        canonical_body(part)[0]
                        if lexicon.agency_prefix(lexicon.key(part))
                        else one_line(part)
                    )
            return ", ".join(names)
    return None


def parse_deadlines(text: Text, start: int, stop: int, year: str | None) -> list[dict[str, Any]]:
    """Dated duties: `trước ngày 30/01 hằng năm`, `trước ngày 25 tháng 10 năm 2025`, `trong ngày …`."""
    out = []
    last_end = start
    for m in BEFORE.finditer(text.folded, start, stop):
        date = dates.first_date(text.folded, m.start(), min(stop, m.end() + 30))
        if not date or date.start > m.end() + 2:
            continue
        a, b = clause(text, m.start(), start, stop, paren=False)
        a = max(a, last_end)  # two deadlines in one sentence: the second's action starts after the first date
        after = TAIL.match(text.folded, date.end)  # always matches, perhaps nothing
        tail = after.group() if after else ""
        window = text.folded[a:b] + " " + tail
        recurring = bool(RECURRING.search(window))
        action = one_line(text.raw[a : m.start()]).strip(" ,;-–").rstrip("(").strip() or one_line(
            text.raw[date.end : b]
        ).strip(" ,;()")
        if len(action) > 200:
            action = action[:200].rsplit(" ", 1)[0] + " …"
        recipient = _recipient(text, a, b) or _recipient(text, sentence_start(text, a, start), a)
        for each in _joined_dates(text, date, stop):
            out.append(
                {
                    "date": each.value,
                    "recurring": recurring or each.value.startswith("--"),
                    "action": action or None,
                    "recipient": recipient,
                    "evidence": text.evidence(a, max(b, each.end)),
                    "confidence": 0.85 if each.exact else 0.7,
                }
            )
            last_end = each.end
    return out


def _joined_dates(text: Text, first: dates.DateMatch, stop: int) -> list[dates.DateMatch]:
    """The date and those joined to it (`trước ngày 01/6 và 15/11 hằng năm`: two deadlines)."""
    out = [first]
    while joint := JOINED.match(text.folded, out[-1].end, stop):
        at = joint.end()
        nxt = dates.first_date(text.folded, at, min(stop, at + 25))
        if not nxt or nxt.start != at:
            break
        out.append(nxt)
    return out
