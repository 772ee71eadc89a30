"""OCR one page image: prepare it, analyse its layout, recognise its regions in one pass, and turn it
upright when the result says it is not."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from thidua.ingest import handwriting, layout, marks, regions, signer
from thidua.ingest.ocr_engine import OcrEngine, OcrResult, TesseractEngine
from thidua.ingest.prepare import PrepOptions, prepare
from thidua.ingest.quality import Verdict, judge, measure
from thidua.ingest.uncertain import merge_spans, uncertain_spans
from thidua.types import Mark, Page, Provenance, Region

# Upright pages of real text score 85-95; a page on its side or upside down scores far lower.
# OSD costs ~0.6 s a page, so it only runs when the first pass looks wrong.
ORIENTATION_CHECK_BELOW = 70.0
DEFAULT_PREP = PrepOptions()
FIELD_LINES = 12  # with no header found, the first page's number and date are looked for this far
STACK_GAP = 0.02  # white rows between stacked regions, of the page height
STAMP_WORD_KEPT = 85.0  # a word inside a stamp's box stays in the text only when read this surely


@dataclass(frozen=True)
class OcrOutcome:
    """The recognised page, what preparation did, and what page analysis found."""

    result: OcrResult
    rotation: int
    steps: tuple[str, ...]
    regions: list[Region] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    uncertain: list[tuple[int, int]] = field(default_factory=list)


def _remove_seals(image: Image.Image) -> tuple[Image.Image, list[Mark]]:
    """Paint coloured seals white on a colour page; one "seal" mark each."""
    if image.mode not in ("RGB", "RGBA", "P"):
        return image, []
    rgb = np.asarray(image.convert("RGB"))
    cleaned, boxes = marks.remove_colour_seals(rgb)
    if not boxes:
        return image, []
    return Image.fromarray(cleaned), [Mark("seal", "", box) for box in boxes]


def _read(image: Image.Image, dpi: int | None, engine: OcrEngine, options: PrepOptions, first_page: bool):
    """Prepare, analyse and OCR an upright-or-not page once; returns the outcome (rotation 0)."""
    image, seals = _remove_seals(image)
    prepared = prepare(image, dpi, options)
    plan = layout.plan_page(np.asarray(prepared.image), first_page)
    seals = seals + [Mark("seal", "", box) for box in plan.seals]
    steps = prepared.steps + (("seals",) if seals else ())
    gap = max(10, int(STACK_GAP * plan.gray.shape[0]))
    stamp_regions = [Region("stamp", box) for box in plan.stamps]
    original = np.asarray(prepared.image)
    if len(plan.regions) == 1 and not stamp_regions:  # nothing to reorder: the page as it is
        canvas, placed = plan.gray, [regions.Placed(plan.regions[0], 0)]
    else:
        canvas, placed = regions.stack(plan.gray, plan.regions, gap)
    if stamp_regions:  # the stamps' own pixels, below the text, so one pass reads them too
        stamps_canvas, stamp_placed = regions.stack(original, stamp_regions, gap)
        offset = canvas.shape[0]
        canvas = np.vstack((canvas, stamps_canvas[gap:]))
        placed += [regions.Placed(p.region, p.y - gap + offset) for p in stamp_placed]
    result = engine.recognize(Image.fromarray(canvas), dpi=prepared.dpi)
    if result.lines is None:  # an engine without line structure: its text as it is
        return OcrOutcome(result, 0, steps, plan.regions, seals)
    groups = regions.split(result.lines, placed)
    n_text = len(plan.regions)
    groups[:n_text] = regions.drop_inside(groups[:n_text], plan.stamps, STAMP_WORD_KEPT)
    if isinstance(engine, TesseractEngine):
        groups[n_text - 1] = _reread_signer(plan.gray, plan.seals, groups[n_text - 1], engine, prepared.dpi)
    text = regions.assemble(groups[:n_text])
    header = sum(len(g) for g, r in zip(groups, plan.regions, strict=False) if r.kind.startswith("header"))
    field_lines = header or (FIELD_LINES if first_page else 0)
    if field_lines and isinstance(engine, TesseractEngine):
        groups[:n_text] = _reread_fields(plan.gray, groups[:n_text], text, field_lines)
        text = regions.assemble(groups[:n_text])
    found = list(seals)
    for region, group in zip(stamp_regions, groups[n_text:], strict=True):
        stamp_text = regions.assemble([group]).text
        kind, date = marks.classify(stamp_text)
        found.append(Mark(kind, stamp_text, region.box, date))
    confidence = _mean([w.confidence for w in text.words if w.confidence >= 0])
    recognised = OcrResult(text.text, text.words, confidence, [line for g in groups[:n_text] for line in g])
    spans = merge_spans(uncertain_spans(text, field_lines) + handwriting.reread_spans(text))
    return OcrOutcome(recognised, 0, steps, plan.regions + stamp_regions, found, spans)


def _reread_signer(
    gray: np.ndarray, seals: list, body: list, engine: TesseractEngine, dpi: int | None
) -> list:
    """The body's lines with the signer's block under a seal read apart where the page pass lost lines."""
    found = signer.signer_seals(seals, gray.shape)
    if not found:
        return body  # most pages have no seal: no ink mask to make
    ink = layout.ink_mask(gray)
    for seal in found:
        box, lines = signer.read_block(gray, ink, seal, engine, dpi)
        body, added = signer.merge(body, lines, box, seal)
        body = body + added
    return body


def _reread_fields(gray: np.ndarray, groups: list, text: regions.Assembled, field_lines: int) -> list:
    """The header's number and date read again where the page pass was unsure (handwritten)."""
    unsure = uncertain_spans(text, field_lines)
    fields = [
        f
        for f in handwriting.find_fields(text, field_lines)
        if f.start == f.end or any(a < f.end and f.start < b for a, b in unsure)
    ]
    if not fields:
        return groups
    return handwriting.apply(groups, text, fields, handwriting.read_fields(gray, fields))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def recognise(
    image: Image.Image,
    dpi: int | None,
    engine: OcrEngine,
    options: PrepOptions = DEFAULT_PREP,
    first_page: bool = True,
) -> OcrOutcome:
    """Prepare and OCR a page; re-run upright when the confidence suggests it is rotated."""
    outcome = _read(image, dpi, engine, options, first_page)
    confidence = outcome.result.mean_confidence or 0.0
    if confidence >= ORIENTATION_CHECK_BELOW:
        return outcome
    rotation = engine.orientation(prepare(image, dpi, options).image)
    if rotation == 0:
        return outcome
    # OSD's "rotate" is clockwise; PIL rotates counter-clockwise. Deskew again once upright.
    retry = _read(image.rotate(-rotation, expand=True), dpi, engine, options, first_page)
    if (retry.result.mean_confidence or 0.0) > confidence:
        return OcrOutcome(
            retry.result,
            rotation,
            (f"rotate({rotation})", *retry.steps),
            retry.regions,
            retry.marks,
            retry.uncertain,
        )
    return outcome


def ocr_page(
    number: int,
    image: Image.Image,
    dpi: int | None,
    engine: OcrEngine,
    options: PrepOptions = DEFAULT_PREP,
    notes: str | None = None,
) -> Page:
    """A Page whose text comes from OCR of `image`: provenance, regions, marks and uncertain spans."""
    outcome = recognise(image, dpi, engine, options, first_page=number == 1)
    text, words, confidence = outcome.result[:3]
    detail = " ".join(outcome.steps)
    quality = measure(text)
    provenance = Provenance(
        method="ocr-vie",
        engine=f"{engine.name} {engine.version()}",
        language=engine.language,
        mean_confidence=None if confidence is None else round(confidence, 2),
        needs_restoration=judge(quality) not in (Verdict.good, Verdict.empty),
        text_kind=quality.kind,
        notes="; ".join(n for n in (notes, f"prep: {detail}") if n),
    )
    return Page(
        number=number,
        text=text,
        provenance=provenance,
        words=words,
        regions=outcome.regions,
        marks=outcome.marks,
        uncertain=outcome.uncertain,
    )
