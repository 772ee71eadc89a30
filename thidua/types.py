"""The pipeline's data types, shared by every stage: Document, Page, RestoredText, Extraction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PAGE_BREAK = "\f"
"""Separator between pages in a document's full text; every stage keeps it in place."""

TextMethod = Literal["text-layer", "ocr-vie", "legacy-text", "docx"]


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
    notes: str | None = None


@dataclass
class Page:
    """One page of a document: its best available text and how it was obtained."""

    number: int  # 1-based
    text: str
    provenance: Provenance
    words: list[Word] = field(default_factory=list)


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


def page_of(text: str, offset: int) -> int:
    """1-based page number of a character offset in a PAGE_BREAK-joined text."""
    return text.count(PAGE_BREAK, 0, offset) + 1
