"""Page images rendered from a document's stored source file (a PDF page, an image frame), for the
document page to draw the OCR word boxes over.

The source is read only when it is still the file that was ingested (same SHA-256); the word boxes
were measured in the pixels ingest rendered (300 dpi, or a scan's own resolution when lower), and
`extent` is the page's size in those pixels, so boxes and image line up.
"""

from __future__ import annotations

import functools
import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence

WORD_DPI = 300
"""Ingest's rendering resolution: text-layer word boxes are in pixels of this resolution."""
IMAGE_FORMATS = ("png", "jpeg", "tiff")
RENDERED = (*IMAGE_FORMATS, "pdf")
_PDFIUM = threading.Lock()  # PDFium is not thread-safe, and the app serves requests from threads


@dataclass(frozen=True)
class PageImage:
    """A page as a JPEG, and the page's size in word-box pixels (width, height)."""

    jpeg: bytes
    extent: tuple[float, float]


def source_problem(path: str, fmt: str, sha256: str) -> str | None:
    """Why the page images cannot be shown (None when they can): no image format, file gone, changed."""
    if fmt not in RENDERED:
        return f"a {fmt} source has none"
    source = Path(path)
    try:
        stat = source.stat()
    except OSError:
        return f"the source file {path} is gone"
    if not source.is_file():
        return f"the source {path} is not a file"
    if _digest(str(source), stat.st_size, stat.st_mtime_ns) != sha256:
        return f"the source file {path} has changed since it was ingested"
    return None


@functools.lru_cache(maxsize=256)
def _digest(path: str, _size: int, _mtime_ns: int) -> str | None:
    """The file's SHA-256 (cached per size and modification time), None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


@functools.lru_cache(maxsize=32)
def render(path: str, fmt: str, sha256: str, number: int, width: int = 900) -> PageImage | None:
    """Page `number` (1-based) of the source, `width` pixels wide; None when there is no such page.

    `sha256` keys the cache: a changed file (checked by `source_problem`) is rendered anew."""
    if fmt == "pdf":
        return _pdf_page(path, number, width)
    with Image.open(path) as image:
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index == number - 1:
                return _jpeg(frame, width, frame.size)
    return None


def _pdf_page(path: str, number: int, width: int) -> PageImage | None:
    with _PDFIUM:
        document = pdfium.PdfDocument(path)
        try:
            if not 1 <= number <= len(document):
                return None
            page = document[number - 1]
            points = page.get_size()
            scale = min(WORD_DPI / 72, _scan_scale(page) or WORD_DPI / 72)
            bitmap = page.render(scale=width / points[0])
            image = bitmap.to_pil()
            page.close()
        finally:
            document.close()
    return _jpeg(image, width, (points[0] * scale, points[1] * scale))


def _scan_scale(page: pdfium.PdfPage) -> float | None:
    """Pixels per point of the page's full-width scan image (ingest OCRs a scan at its own resolution)."""
    width = page.get_size()[0]
    best = None
    for obj in page.get_objects(max_depth=1):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        left, _bottom, right, _top = obj.get_bounds()
        if right - left > 0.3 * width and (best is None or right - left > best[1]):
            best = (obj.get_px_size()[0], right - left)
    return best[0] / best[1] if best else None


def _jpeg(image: Image.Image, width: int, extent: tuple[float, float]) -> PageImage:
    shown = image.convert("RGB")
    if shown.width != width:
        shown = shown.resize((width, max(1, round(shown.height * width / shown.width))))
    out = io.BytesIO()
    shown.save(out, "JPEG", quality=70)
    return PageImage(out.getvalue(), extent)
