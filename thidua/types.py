"""The pipeline's data types, shared by every stage: Document, Page, RestoredText, Extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PAGE_BREAK = "\f"
"""Separator between pages in a document's full text; every stage keeps it in place."""

TextMethod = Literal["text-layer", "ocr-vie", "legacy-text", "docx"]
TextKind = Literal["accented", "stripped", "ocr"]
"""What a page's text is (decided by `dictionaries.textkind`): correct or Vietnamese-model OCR (`accented`),
accent-stripped, or English-model OCR (`ocr`); restoration reads each page the way its kind needs."""


@dataclass(frozen=True)
class Word:
    """One OCR word with its box (pixels) and Tesseract confidence (0-100)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float


@dataclass(frozen=True)
class Provenance:
    """How a page's text was obtained."""

    method: TextMethod
    engine: str | None = None  # e.g. "tesseract 5.3.0"
    language: str | None = None  # e.g. "vie"
    mean_confidence: float | None = None
    needs_restoration: bool = False  # text is garbled or accent-stripped: run the normalizer
    text_kind: TextKind | None = None  # None: not judged at ingest (restoration judges the page itself)
    notes: str | None = None


Box = tuple[int, int, int, int]
"""left, top, width, height in pixels of the page image as OCR'd (prepared: deskewed)."""


@dataclass(frozen=True)
class Region:
    """A part of the page found before OCR, e.g. "header-left", "header-right", "body", "stamp"."""

    kind: str
    box: Box


@dataclass(frozen=True)
class Mark:
    """Text on the page that is not the document's own: a received stamp, a boxed stamp, an overlay.

    `kind` is "received" (a "ĐẾN" / "CÔNG VĂN ĐẾN" stamp), "stamp" (other boxed stamp text) or "seal"
    (a coloured seal painted out before OCR; no text). `date` is the ISO date read from it, if any.
    """

    kind: str
    text: str
    box: Box
    date: str | None = None


@dataclass
class Page:
    """One page of a document: its best available text and how it was obtained."""

    number: int  # 1-based
    text: str
    provenance: Provenance
    words: list[Word] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)  # OCR regions in reading order
    marks: list[Mark] = field(default_factory=list)  # stamp and overlay text kept out of `text`
    uncertain: list[tuple[int, int]] = field(default_factory=list)  # [start, end) spans of `text`


@dataclass
class Document:
    """A source file identified by the SHA-256 of its bytes, with its pages."""

    sha256: str
    source_path: str
    format: str  # "pdf", "png", "jpeg", "tiff", "docx", "txt"
    pages: list[Page]

    @property
    def text(self) -> str:
        """The whole document's text, pages separated by PAGE_BREAK."""
        return PAGE_BREAK.join(page.text for page in self.pages)

    def uncertain_spans(self) -> list[tuple[int, int]]:
        """Every page's uncertain spans as offsets into `text`."""
        spans: list[tuple[int, int]] = []
        offset = 0
        for page in self.pages:
            spans.extend((offset + start, offset + end) for start, end in page.uncertain)
            offset += len(page.text) + len(PAGE_BREAK)
        return spans


@dataclass(frozen=True)
class Edit:
    """One token the normalizer changed: offsets are into the original text."""

    start: int
    end: int
    original: str
    replacement: str
    confidence: float  # 0..1, the decoder's posterior for the replacement
    flagged: bool = False  # low confidence: a reviewer should look


@dataclass
class RestoredText:
    """Normalizer output: restored text (same lines as the input) and the edits that made it."""

    original: str
    text: str
    edits: list[Edit]
    pipeline_version: str

    @property
    def flagged(self) -> list[Edit]:
        """Edits a reviewer should check."""
        return [edit for edit in self.edits if edit.flagged]

    def map_offset(self, offset: int) -> int:
        """Where a character offset of `original` lands in `text` (inside an edit: at its start or end)."""
        shift = 0
        for edit in sorted(self.edits, key=lambda e: e.start):
            if edit.start >= offset:
                break
            if edit.end > offset:  # inside the edited token: scale into the replacement
                inside = round((offset - edit.start) * len(edit.replacement) / max(1, edit.end - edit.start))
                return edit.start + shift + min(inside, len(edit.replacement))
            shift += len(edit.replacement) - (edit.end - edit.start)
        return offset + shift

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """A [start, end) span of `original` in `text`; touching an edit, it covers all of the replacement."""
        new_start, new_end = self.map_offset(start), self.map_offset(end)
        for edit in self.edits:
            if edit.start < end and edit.end > start:
                new_start = min(new_start, self.map_offset(edit.start))
                new_end = max(new_end, self.map_offset(edit.start) + len(edit.replacement))
        return new_start, new_end


@dataclass(frozen=True)
class Evidence:
    """Where a value was read: a character span in the restored text and its page."""

    start: int
    end: int
    page: int | None
    text: str


@dataclass
class Extraction:
    """The structured record of a plan; `record` validates against extract's JSON Schema."""

    record: dict[str, Any]
    schema_version: str


@dataclass
class Processed:
    """One document carried through every stage."""

    document: Document
    restored: RestoredText | None = None  # None when the run stopped after ingest
    extraction: Extraction | None = None


def page_of(text: str, offset: int) -> int:
    """1-based page number of a character offset in a PAGE_BREAK-joined text."""
    return text.count(PAGE_BREAK, 0, offset) + 1
