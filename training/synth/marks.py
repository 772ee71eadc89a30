"""Marks real archive pages carry, drawn on rendered pages: seals, received stamps, handwritten numbers,
e-signature overlays, phone-photo distortion and bilevel (fax-like) scans.

Each function returns a new image; what it drew (box and text) comes back so a test or a benchmark can
check that ingest found it and kept its text out of the page text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from thidua.training.synth import handdigits
from thidua.types import Box

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
RED = (200, 35, 40)
BLUE = (35, 50, 160)


@dataclass(frozen=True)
class Drawn:
    """One mark put on a page: its kind, box and the text it carries (empty for a seal)."""

    kind: str
    box: Box
    text: str = ""


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def seal(
    page: Image.Image, centre: tuple[int, int], radius: int, colour: tuple[int, int, int] = RED
) -> tuple[Image.Image, Drawn]:
    """A round seal: two rings, letters around the rim and a star, in `colour` (black on gray pages)."""
    out = page.convert("RGB")
    layer = Image.new("L", out.size, 0)
    draw = ImageDraw.Draw(layer)
    x, y = centre
    width = max(2, radius // 25)
    for r in (radius, int(radius * 0.72)):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=255, width=width)
    font = _font(SANS_BOLD, max(8, radius // 6))
    for i, letter in enumerate("UỶ BAN NHÂN DÂN * TỈNH *"):
        angle = math.pi * (1.1 + 1.6 * i / 24)
        lx, ly = x + 0.86 * radius * math.cos(angle), y + 0.86 * radius * math.sin(angle)
        draw.text((lx, ly), letter, font=font, fill=255, anchor="mm")
    star = [
        (
            x + (radius * (0.3 if k % 2 == 0 else 0.12)) * math.cos(math.pi / 2 + k * math.pi / 5),
            y - (radius * (0.3 if k % 2 == 0 else 0.12)) * math.sin(math.pi / 2 + k * math.pi / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=255)
    ink = Image.new("RGB", out.size, colour)
    out = Image.composite(_multiply(out, ink), out, layer.filter(ImageFilter.GaussianBlur(0.6)))
    return out, Drawn("seal", (x - radius, y - radius, 2 * radius, 2 * radius))


def _multiply(a: Image.Image, b: Image.Image) -> Image.Image:
    """Ink printed over ink: the darker of the two, as a stamp over text looks."""
    return Image.fromarray(np.minimum(np.asarray(a), np.asarray(b)))


def received_stamp(
    page: Image.Image, left_top: tuple[int, int], scale: int, date: str
) -> tuple[Image.Image, Drawn]:
    """A framed "CÔNG VĂN ĐẾN" stamp with its hour and date filled in, printed over whatever lies there."""
    lines = [
        "VĂN PHÒNG UBND TỈNH",
        "CÔNG VĂN ĐẾN",
        f"Số: 1{scale % 9}5  Ngày: {date}",
        "Chuyển: ............",
    ]
    font = _font(SANS, scale)
    width = int(max(font.getlength(t) for t in lines) + scale)
    height = int(len(lines) * scale * 1.35 + scale * 0.6)
    x, y = left_top
    out = page.convert("RGB")
    layer = Image.new("L", out.size, 0)
    draw = ImageDraw.Draw(layer)
    draw.rectangle((x, y, x + width, y + height), outline=255, width=max(2, scale // 8))
    for i, text in enumerate(lines):
        draw.text((x + scale // 2, y + scale // 3 + i * scale * 1.35), text, font=font, fill=255)
    out = Image.composite(_multiply(out, Image.new("RGB", out.size, (20, 20, 20))), out, layer)
    return out, Drawn("received", (x, y, width, height), "\n".join(lines))


def handwritten(
    page: Image.Image,
    left_top: tuple[int, int],
    digits: str,
    height: int,
    seed: int = 0,
    colour: tuple[int, int, int] = BLUE,
) -> tuple[Image.Image, Drawn]:
    """Digits as a pen writes them (`handdigits`: stroke shapes in the styles hands use, slanted, each its
    own size and place), in ballpoint ink; `left_top` is where the row starts, a digit is 3/4 of `height`
    tall (the size a font of `height` would print it)."""
    ink, _ = handdigits.written(digits, np.random.default_rng(seed), round(0.75 * height))
    out = page.convert("RGB")
    mask = Image.fromarray((ink * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.4))
    out.paste(Image.new("RGB", mask.size, colour), left_top, mask)
    x, y = left_top
    return out, Drawn("handwritten", (x, y, mask.width, mask.height), digits)


def overlay(page: Image.Image, left_top: tuple[int, int], scale: int) -> tuple[Image.Image, Drawn]:
    """An e-signature overlay: a framed box naming the signer, the office and the signing time."""
    lines = [
        "Người ký: Văn phòng Ủy ban nhân dân",
        "Cơ quan: Tỉnh Hòa Bình",
        "Thời gian ký: 05.03.2024 09:14:27",
    ]
    font = _font(SANS, scale)
    width = int(max(font.getlength(t) for t in lines) + scale)
    height = int(len(lines) * scale * 1.3 + scale * 0.6)
    x, y = left_top
    out = page.convert("RGB")
    draw = ImageDraw.Draw(out)
    draw.rectangle((x, y, x + width, y + height), outline=(200, 30, 30), width=max(2, scale // 8))
    for i, text in enumerate(lines):
        draw.text((x + scale // 2, y + scale // 3 + i * scale * 1.3), text, font=font, fill=(200, 30, 30))
    return out, Drawn("stamp", (x, y, width, height), "\n".join(lines))


def photo(page: Image.Image, seed: int = 0, tilt: float = 0.06, shadow: float = 0.45) -> Image.Image:
    """The page as a phone photographs it: on a dark table, in perspective, lit unevenly, a little soft."""
    rng = np.random.default_rng(seed)
    gray = page.convert("L")
    w, h = gray.size
    border = int(0.08 * w)
    canvas = Image.new("L", (w + 2 * border, h + 2 * border), 60)
    canvas.paste(gray, (border, border))
    cw, ch = canvas.size
    corners = [(border, border), (border + w, border), (border + w, border + h), (border, border + h)]
    moved = [(cx + rng.uniform(-tilt, tilt) * w, cy + rng.uniform(-tilt, tilt) * h) for cx, cy in corners]
    coeffs = _perspective(moved, corners)
    warped = canvas.transform(
        (cw, ch), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR, fillcolor=60
    )
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (np.cos(angle) * xx / cw + np.sin(angle) * yy / ch + 1) / 2
    light = 1.0 - shadow * ramp
    pixels = np.asarray(warped, np.float32) * light
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    out.info["dpi"] = page.info.get("dpi", (300, 300))
    return out


def _perspective(source: list[tuple[float, float]], target: list[tuple[int, int]]) -> list[float]:
    """PIL's 8 coefficients mapping each output point (in `source`) back to its input (in `target`)."""
    rows = []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    rhs = np.array([c for point in target for c in point], np.float64)
    return list(np.linalg.solve(np.array(rows, np.float64), rhs))


def bilevel(page: Image.Image, level: int = 150, speckle: float = 0.0008, seed: int = 0) -> Image.Image:
    """A fax-like page: one bit per pixel, thresholded hard, with toner specks."""
    rng = np.random.default_rng(seed)
    pixels = np.asarray(page.convert("L")) >= level
    pixels ^= rng.random(pixels.shape) < speckle
    out = Image.fromarray((pixels * 255).astype(np.uint8)).convert("1")
    out.info["dpi"] = page.info.get("dpi", (300, 300))
    return out
