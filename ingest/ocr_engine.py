"""The OCR-engine interface (like OCRmyPDF's plugins) and its Tesseract `vie` implementation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol, runtime_checkable

from PIL import Image

from thidua._exec import tesseract
from thidua.types import Word


class OcrResult(NamedTuple):
    """One recognised page: text (lines kept), words with boxes, mean word confidence (0-100), and the
    OCR lines when the engine gives them (regions stacked on one canvas are split back by line)."""

    text: str
    words: list[Word]
    mean_confidence: float | None
    lines: list[tesseract.Line] | None = None


@runtime_checkable
class OcrEngine(Protocol):
    """What ingest needs from an OCR engine; instances must be picklable (pages run in processes)."""

    # Read-only members, so a frozen dataclass (TesseractEngine) or a plain attribute satisfies them.
    @property
    def name(self) -> str: ...

    @property
    def language(self) -> str: ...

    def version(self) -> str:
        """Engine version, recorded in each page's provenance; raises MissingDependencyError when the
        engine or its model is not installed (ingest calls it once per document before any page)."""
        ...

    def recognize(self, image: Image.Image, dpi: int | None = None) -> OcrResult:
        """OCR one prepared page image."""
        ...

    def orientation(self, image: Image.Image) -> int:
        """Clockwise rotation (0/90/180/270) that would make the page upright; 0 when unsure."""
        ...


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract 5 with the Vietnamese model, through `thidua._exec.tesseract`."""

    language: str = "vie"
    psm: int = 3
    # Tesseract's binarisation: 0 Otsu (its default), 2 Sauvola. Sauvola lowered the CER on 150-200 dpi
    # scans by ~7% and left clean 300-dpi pages unchanged (bench/ingest_eval.py --steps).
    thresholding: int | None = 2
    name: str = "tesseract"

    def version(self) -> str:
        """e.g. "5.3.0"; a missing Tesseract or language model raises MissingDependencyError."""
        tesseract.require_language(self.language)
        return tesseract.version()

    def recognize(self, image: Image.Image, dpi: int | None = None) -> OcrResult:
        """Text, word boxes and mean confidence of one page."""
        lines = tesseract.image_to_lines(
            image, lang=self.language, psm=self.psm, dpi=dpi, thresholding=self.thresholding
        )
        words = [word for line in lines for word in line.words]
        return OcrResult(tesseract.lines_text(lines), words, tesseract.mean_confidence(words), lines)

    def orientation(self, image: Image.Image) -> int:
        """Tesseract OSD's verdict."""
        return tesseract.orientation(image)
