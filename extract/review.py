"""What a reviewer should look at: fields the text suggests but extraction missed, unsure values, and
values read where OCR was unsure (handwritten numbers and dates). Each item names the field and why."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from thidua.extract.text import Text

LOW_CONFIDENCE = 0.5
UNCERTAIN_CAP = 0.3  # a value read from a span OCR was unsure of is never stored as confident
# (field, what in the text suggests it, on the folded text); `b(?<!\wb)` is `\bb` and `so(?<![a-z]so)`
# is `(?<![a-z])so`, written so that `re` can skip to the letters (a pattern led by letters scans fast)
SUGGESTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("number", re.compile(r"so(?<![a-z]so)\s*:"), "a `Số:` label and no number"),
    (
        "issued_date",
        re.compile(r"ngay(?<!\wngay)(?:\s+\S{0,3}\s*thang\b|(?<=,ngay)|(?<=, ngay))"),
        "a date line and no issue date",
    ),
    ("legal_bases", re.compile(r"(?:^|\n)\W*can\s+cu\b"), "`Căn cứ` paragraphs and no legal basis"),
    (
        "awards",
        re.compile(
            r"(?:b(?<!\wb)ang\s+khen|g(?<!\wg)iay\s+khen|c(?<!\wc)o\s+thi\s+dua|h(?<!\wh)uan\s+chuong"
            r"|c(?<!\wc)hien\s+si\s+thi\s+dua)\b"
        ),
        "an award form in the text and no award",
    ),
    ("signer", re.compile(r"noi(?<!\wnoi)\s+nhan\s*:"), "a `Nơi nhận:` block and no signer"),
)
HEADER = ("doc_type", "number", "issuer", "province", "place", "issued_date", "title")


def _item(field: str, reason: str, evidence: dict[str, Any] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"field": field, "reason": reason}
    if evidence:
        item["evidence"] = {k: evidence[k] for k in ("start", "end", "page", "text")}
    return item


def _overlaps(ev: dict[str, Any], spans: Sequence[tuple[int, int]]) -> bool:
    return any(ev["start"] < e and s < ev["end"] for s, e in spans)


def review(
    record: dict[str, Any], text: Text, uncertain: Sequence[tuple[int, int]] = ()
) -> list[dict[str, Any]]:
    """Review items for a record; caps the confidence of header values read from uncertain spans."""
    items: list[dict[str, Any]] = []
    evidence = record["evidence"]
    for field in HEADER:
        ev = evidence.get(field)
        if not ev:
            continue
        if uncertain and _overlaps(ev, uncertain):
            ev["confidence"] = min(ev.get("confidence", 1.0), UNCERTAIN_CAP)
            items.append(_item(field, "read where OCR was unsure (handwriting or a low-confidence word)", ev))
        elif ev.get("confidence", 1.0) < LOW_CONFIDENCE:
            items.append(_item(field, f"low confidence ({ev['confidence']:.2f})", ev))
    for field, pattern, reason in SUGGESTS:
        if record.get(field):
            continue
        m = pattern.search(text.folded)
        if m:
            items.append(_item(field, reason, text.evidence(m.start(), m.end())))
    return items
