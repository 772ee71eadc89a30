"""PDF input: text layers and word positions with pdfplumber, page images with pypdfium2."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from thidua.errors import EncryptedFileError, InputFileError, LimitError
from thidua.ingest import textorder
from thidua.ingest.limits import Limits, env_name
from thidua.ingest.prepare import TARGET_DPI
from thidua.types import Word

A4_SHORT_INCHES = 8.27
MIN_LAYER_CHARS = 20  # fewer non-blank characters than this: the page has no usable text layer
MIN_RENDER_DPI = 100  # a page too large for the pixel limit is rendered coarser, down to this


@dataclass(frozen=True)
class PdfPageInfo:
    """What the text layer of one PDF page holds."""

    index: int  # 0-based
    text: str
    words: list[Word]
    has_image: bool  # the page shows a raster image (a scan): re-OCR is possible
    scale: float  # pixels per PDF point to rasterise it at (the scan's own resolution, at most 300 dpi)
    invisible_text: bool = False  # the text is drawn invisibly: another program's OCR laid over the image

    @property
    def has_text(self) -> bool:
        """Whether the text layer has enough characters to judge."""
        return sum(not c.isspace() for c in self.text) >= MIN_LAYER_CHARS


def open_pdfium(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, translating its failures into typed input errors."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFileError(str(path), "password-protected PDF (encrypted)") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_FORMAT:
            raise InputFileError(str(path), "corrupt PDF: PDFium cannot parse it") from exc
        raise InputFileError(str(path), f"cannot open PDF: {exc}") from exc


def read_layers(path: Path, max_pages: int | None = None) -> list[PdfPageInfo]:
    """Every page's text layer, word boxes (300-dpi pixels) and whether it is a scanned image."""
    document = open_pdfium(path)
    try:
        n_pages = len(document)
        if n_pages == 0:
            raise InputFileError(str(path), "PDF has no pages")
        if max_pages is not None and n_pages > max_pages:
            raise LimitError(
                path, f"{n_pages} pages, over the limit of {max_pages} ({env_name('max_pages')})"
            )
        invisible = [_text_invisible(document, i) for i in range(n_pages)]
    finally:
        document.close()
    try:
        with pdfplumber.open(path) as pdf:
            return [_page_info(i, page, invisible[i]) for i, page in enumerate(pdf.pages)]
    except InputFileError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise InputFileError(str(path), f"corrupt PDF: {type(exc).__name__}: {exc}".rstrip(": ")) from exc


def _text_invisible(document: pdfium.PdfDocument, index: int) -> bool:
    """Whether a page's text objects are (nearly) all drawn in the invisible render mode, as OCR
    programs lay their text over a scan."""
    page = document[index]
    try:
        objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2)
        modes = [pdfium_c.FPDFTextObj_GetTextRenderMode(o.raw) for o in objects]
    finally:
        page.close()
    hidden = sum(m == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes)
    return bool(modes) and hidden >= 0.9 * len(modes)


def _page_info(index: int, page: pdfplumber.page.Page, invisible_text: bool = False) -> PdfPageInfo:
    px = TARGET_DPI / 72
    found = page.extract_words()
    text = textorder.reading_text(found, float(page.width))
    words = [
        Word(
            text=w["text"],
            left=round(w["x0"] * px),
            top=round(w["top"] * px),
            width=round((w["x1"] - w["x0"]) * px),
            height=round((w["bottom"] - w["top"]) * px),
            confidence=-1.0,  # not OCR'd by us: no confidence
        )
        for w in found
    ]
    scale = px
    images = [im for im in page.images if (im["x1"] - im["x0"]) > 0.3 * float(page.width)]
    if images:
        biggest = max(images, key=lambda im: im["x1"] - im["x0"])
        native = biggest["srcsize"][0] / (biggest["x1"] - biggest["x0"])
        scale = min(native, px)
    return PdfPageInfo(index, text, words, bool(images), scale, invisible_text and bool(images))


def _scanned_image(page: pdfium.PdfPage, max_pixels: int) -> tuple[Image.Image, float] | None:
    """The page's one full-page, unrotated scan image and its pixels per point, else None.

    Decoding the embedded image is faster than rendering the page and keeps the scan's own pixels.
    """
    if page.get_rotation():
        return None
    objects = list(page.get_objects(max_depth=1))
    scans = [o for o in objects if o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    others = [o for o in objects if o.type not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_TEXT)]
    if len(scans) != 1 or others:
        return None
    left, bottom, right, top = scans[0].get_bounds()
    width, height = page.get_size()
    matrix = scans[0].get_matrix()
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None  # rotated or mirrored placement: let PDFium render it
    if (right - left) * (top - bottom) < 0.95 * width * height:
        return None
    px_width, px_height = scans[0].get_px_size()
    if px_width * px_height > max_pixels:
        return None  # decoding it whole would be a bomb: render the page within the limit instead
    try:
        image = scans[0].get_bitmap(render=False).to_pil()
    except (pdfium.PdfiumError, ValueError, OSError):
        return None
    return image, image.width / (right - left)


def capped_scale(path: Path, index: int, size: tuple[float, float], scale: float, max_pixels: int) -> float:
    """`scale`, lowered so the page renders within `max_pixels`; LimitError below MIN_RENDER_DPI."""
    width, height = size
    area = max(width * height, 1.0)
    if area * scale * scale <= max_pixels:
        return scale
    fitted = 0.995 * (max_pixels / area) ** 0.5  # rendering rounds each side up
    if fitted * 72 < MIN_RENDER_DPI:
        raise LimitError(
            path,
            f"page {index + 1} is {width:.0f} × {height:.0f} pt: over {max_pixels / 1e6:.0f} megapixels "
            f"even at {MIN_RENDER_DPI} dpi ({env_name('max_page_pixels')})",
        )
    return fitted


def render_page(
    path: Path, index: int, scale: float, max_pixels: int | None = None
) -> tuple[Image.Image, int]:
    """One page as an image (its scan, or rendered in grayscale) and its resolution in dpi.

    The image stays within `max_pixels` (default: the THIDUA_MAX_PAGE_PIXELS limit).
    """
    max_pixels = max_pixels or Limits.from_env().max_page_pixels
    document = open_pdfium(path)
    try:
        page = document[index]
        scale = capped_scale(path, index, page.get_size(), scale, max_pixels)
        scanned = _scanned_image(page, max_pixels)
        if scanned is not None and scanned[1] <= scale * 1.5:
            image, scale = scanned
        else:
            image = page.render(scale=scale, grayscale=True).to_pil()
        page.close()
    finally:
        with contextlib.suppress(Exception):
            document.close()
    dpi = round(scale * 72)
    if dpi < 100:  # page size says nonsense (e.g. a 70-dpi default): assume an A4 sheet
        dpi = round(min(image.size) / A4_SHORT_INCHES)
    return image, dpi
