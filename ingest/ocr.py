"""OCR one page image: prepare it, recognise it, and turn it upright when the result says it is not."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image
from thidua.ingest.engine import OcrEngine, OcrResult
from thidua.ingest.prepare import PrepOptions, prepare
from thidua.ingest.quality import Verdict, judge_text

from thidua.types import Page, Provenance

# Upright pages of real text score 85-95; a page on its side or upside down scores far lower.
# OSD costs ~0.6 s a page, so it only runs when the first pass looks wrong.
ORIENTATION_CHECK_BELOW = 70.0
DEFAULT_PREP = PrepOptions()


@dataclass(frozen=True)
class OcrOutcome:
    """The recognised page and what preparation did."""

    result: OcrResult
    rotation: int
    steps: tuple[str, ...]


def recognise(
    image: Image.Image, dpi: int | None, engine: OcrEngine, options: PrepOptions = DEFAULT_PREP
) -> OcrOutcome:
    """Prepare and OCR a page; re-run upright when the confidence suggests it is rotated."""
    prepared = prepare(image, dpi, options)
    result = engine.recognize(prepared.image, dpi=prepared.dpi)
    if (result.mean_confidence or 0.0) >= ORIENTATION_CHECK_BELOW:
        return OcrOutcome(result, 0, prepared.steps)
    rotation = engine.orientation(prepared.image)
    if rotation == 0:
        return OcrOutcome(result, 0, prepared.steps)
    # OSD's "rotate" is clockwise; PIL rotates counter-clockwise. Deskew again once upright.
    upright = prepare(image.rotate(-rotation, expand=True), dpi, options)
    retry = engine.recognize(upright.image, dpi=upright.dpi)
    if (retry.mean_confidence or 0.0) > (result.mean_confidence or 0.0):
        return OcrOutcome(retry, rotation, (f"rotate({rotation})", *upright.steps))
    return OcrOutcome(result, 0, prepared.steps)


def ocr_page(
    number: int,
    image: Image.Image,
    dpi: int | None,
    engine: OcrEngine,
    options: PrepOptions = DEFAULT_PREP,
    notes: str | None = None,
) -> Page:
    """A Page whose text comes from OCR of `image`, with its provenance."""
    outcome = recognise(image, dpi, engine, options)
    text, words, confidence = outcome.result
    detail = " ".join(outcome.steps)
    provenance = Provenance(
        method="ocr-vie",
        engine=f"{engine.name} {engine.version()}",
        language=engine.language,
        mean_confidence=None if confidence is None else round(confidence, 2),
        needs_restoration=judge_text(text) not in (Verdict.good, Verdict.empty),
        notes="; ".join(n for n in (notes, f"prep: {detail}") if n),
    )
    return Page(number=number, text=text, provenance=provenance, words=words)
