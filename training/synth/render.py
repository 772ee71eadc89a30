"""Render plain text to A4 page images (Liberation Serif 13 pt, 300 dpi) and to PDFs."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from thidua.errors import MissingDependencyError

# Liberation 2.x has the Vietnamese glyphs; 1.x (fonts-liberation) does not.
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),)
A4_INCHES = (8.27, 11.69)


@dataclass
class RenderedPage:
    """One page image and the exact text lines drawn on it (the gold transcription)."""

    image: Image.Image
    lines: list[str]

    @property
    def text(self) -> str:
        """The page's gold text."""
        return "\n".join(self.lines)


def font_path(bold: bool = False) -> Path:
    """Path of Liberation Serif (regular or bold)."""
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise MissingDependencyError(f"font {name} not found (Debian: apt-get install fonts-liberation2)")


@functools.cache
def _font(size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size_px)


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words = line.split()
    if not words:
        return [""]
    out: list[str] = []
    current = words[0]
    for word in words[1:]:
        trial = current + " " + word
        if font.getlength(trial) <= width:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


def render_text(
    text: str, dpi: int = 300, font_pt: float = 13.0, margin_in: float = 0.9
) -> list[RenderedPage]:
    """Lay text out on A4 pages: input lines are paragraphs, wrapped to the text width."""
    page_w, page_h = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    margin = round(margin_in * dpi)
    font = _font(round(font_pt * dpi / 72))
    line_h = round(font_pt * dpi / 72 * 1.45)
    per_page = max(1, (page_h - 2 * margin) // line_h)
    text = unicodedata.normalize("NFC", text)
    wrapped = [w for line in text.splitlines() for w in _wrap(line, font, page_w - 2 * margin)]
    while wrapped and not wrapped[-1]:
        wrapped.pop()
    pages: list[RenderedPage] = []
    for start in range(0, max(1, len(wrapped)), per_page):
        lines = wrapped[start : start + per_page]
        image = Image.new("L", (page_w, page_h), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(lines):
            draw.text((margin, margin + i * line_h), line, font=font, fill=0)
        pages.append(RenderedPage(image=image, lines=lines))
    return pages


def save_image_pdf(images: list[Image.Image], path: Path, dpi: int = 300) -> None:
    """Write page images as a scanned PDF with no text layer."""
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rgb[1:])


def save_text_pdf(text: str, path: Path, font_pt: float = 13.0) -> None:
    """Write text as a born-digital PDF with a real (selectable) text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("LiberationSerif", str(font_path())))
    width, height = A4
    margin = 0.9 * 72
    line_h = font_pt * 1.45
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = height - margin
    for para in text.splitlines():
        words = para.split()
        lines: list[str] = []
        current = ""
        for word in words:
            trial = f"{current} {word}".strip()
            if pdfmetrics.stringWidth(trial, "LiberationSerif", font_pt) <= width - 2 * margin:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
        for line in lines:
            if y < margin:
                pdf.showPage()
                y = height - margin
            pdf.setFont("LiberationSerif", font_pt)
            pdf.drawString(margin, y, line)
            y -= line_h
    pdf.save()
