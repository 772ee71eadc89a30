"""Simulate a scan of a rendered page: lower resolution, skew, blur, sensor noise, page rotation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Scan:
    """Degradation settings; `dpi` is the scan's resolution (the source is 300 dpi)."""

    dpi: int = 200
    skew: float = 1.5  # degrees, counter-clockwise positive
    blur: float = 0.8  # Gaussian radius in output pixels
    noise: float = 12.0  # std-dev of Gaussian sensor noise, in grey levels
    speckle: float = 0.0005  # share of pixels flipped to black or white (dust, toner)
    rotation: int = 0  # page turned by 0/90/180/270 degrees clockwise
    seed: int = 0


def degrade(image: Image.Image, scan: Scan = Scan(), source_dpi: int = 300) -> Image.Image:
    """A degraded grayscale copy of a page image; its `info["dpi"]` is the scan resolution."""
    rng = np.random.default_rng(scan.seed)
    page = image.convert("L")
    if scan.skew:
        page = page.rotate(scan.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if scan.dpi != source_dpi:
        size = (round(page.width * scan.dpi / source_dpi), round(page.height * scan.dpi / source_dpi))
        page = page.resize(size, Image.Resampling.LANCZOS)
    if scan.blur:
        page = page.filter(ImageFilter.GaussianBlur(scan.blur))
    # float32 grey levels, float64 once the noise is added
    pixels: npt.NDArray[np.floating[Any]] = np.asarray(page, dtype=np.float32)
    if scan.noise:
        pixels = pixels + rng.normal(0.0, scan.noise, pixels.shape)
    if scan.speckle:
        flips = rng.random(pixels.shape)
        pixels[flips < scan.speckle / 2] = 0
        pixels[flips > 1 - scan.speckle / 2] = 255
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if scan.rotation % 360:
        page = page.rotate(-(scan.rotation % 360), expand=True)  # PIL rotates counter-clockwise
    page.info["dpi"] = (scan.dpi, scan.dpi)
    return page
