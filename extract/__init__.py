"""Extract stage: structured campaign fields with evidence, as schema-valid JSON.

Public API: `extract(text) -> Extraction`; the record validates against `schema.json` (see `validate`).
The text is expected restored (the pipeline runs `thidua.normalize` first); extract never calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.extract import (
    awards,
    bases,
    campaign,
    closing,
    deadlines,
    funding,
    quantitative,
    responsible,
    review,
    sections,
    targets,
)
from thidua.extract.header import parse_header
from thidua.extract.text import Text
from thidua.extract.validate import validate
from thidua.types import Extraction

SCHEMA_VERSION = "1.1"  # 1.1: `review` items
HEADER_FIELDS = ("doc_type", "number", "issuer", "parent_issuer", "province", "place", "issued_date", "title")
__all__ = ["SCHEMA_VERSION", "extract", "extract_record", "validate"]


def extract_record(text: str, uncertain: Sequence[tuple[int, int]] = ()) -> dict[str, Any]:
    """The record of a plan's restored text, validated against the schema.

    `uncertain`: spans of the text OCR was unsure of (handwriting, low word confidence); a header value
    read there is stored with low confidence and a review item, never as confident."""
    doc = Text(text)
    head = parse_header(doc)
    heads = sections.headings(doc)
    body_start_line = head.body_start
    body_start = doc.lines[body_start_line].start if body_start_line < len(doc.lines) else len(doc.raw)
    legal_bases = bases.parse_bases(doc, body_start_line)
    signer, recipients, closing_start = closing.parse_closing(doc, body_start)
    closing_line = doc.line_at(closing_start).number if closing_start < len(doc.raw) else len(doc.lines)
    if legal_bases:
        after_bases = legal_bases[-1]["evidence"]["end"]
    elif header_spans := [
        ev["end"] for k, ev in head.evidence.items() if k != "province" and ev["start"] < body_start
    ]:
        after_bases = max(body_start, max(header_spans) + 1)
    else:
        after_bases = 0  # no header, no bases: the first page is lost and the whole text is body
    year = (head.values.get("issued_date") or "")[:4] or None
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    record.update({name: head.values.get(name) for name in HEADER_FIELDS})
    record.update(
        {
            "legal_bases": legal_bases,
            "campaign": campaign.parse_campaign(doc, head.evidence.get("title"), after_bases, closing_start),
            "targets": targets.parse_targets(doc, heads, closing_line),
            "quantitative_targets": quantitative.parse_quantitative(doc, after_bases, closing_start),
            "deadlines": deadlines.parse_deadlines(doc, after_bases, closing_start, year),
            "awards": awards.parse_awards(doc, after_bases, closing_start),
            "funding": funding.parse_funding(doc, after_bases, closing_start),
            "responsible": responsible.parse_responsible(doc, heads, closing_line),
            "signer": signer,
            "recipients": recipients,
            "evidence": {name: ev for name, ev in head.evidence.items() if record.get(name) is not None},
        }
    )
    record["review"] = review.review(record, doc, uncertain)
    validate(record)
    return record


def extract(text: str, uncertain: Sequence[tuple[int, int]] = ()) -> Extraction:
    """Extract a document's fields from restored text (pages separated by PAGE_BREAK); `uncertain` spans
    are offsets into `text` (see `extract_record`)."""
    return Extraction(record=extract_record(text, uncertain), schema_version=SCHEMA_VERSION)
