"""Page preparation before OCR: grayscale, phone-photo correction, DPI normalisation, deskew, denoise,
binarisation.

Each step can be switched off; `bench/ingest_eval.py --steps` measures what each one does to the CER.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from thidua.ingest import photo

TARGET_DPI = 300


@dataclass(frozen=True)
class PrepOptions:
    """Which preparation steps to run (defaults: the ones that measurably lower the error rate).

    Measured on 12 simulated 150-200 dpi scans (bench/ingest_eval.py --steps), CER 0.0044 with none:
    deskew 0.0031, deskew + Tesseract's Sauvola binarisation 0.0028 (the default); upsampling to
    300 dpi 0.0373, median denoising 0.0072 and Otsu binarisation 0.0072, so those stay off.

    Phone photos (bench/photo_eval.py, 4 texts, page 1; syllable errors with the correction off, with
    dewarp only, with dewarp and flatten_light; the same plain pages unphotographed make 28): held-out
    265, 26, 20 at marks.photo's defaults; 976, 66, 22 steep and dark (dewarped but unflattened, the
    shadow misleads the deskew); 157 -> 14 at half size; pages with stamps and a seal 404, 218, 218 (258
    unphotographed). Dev: 33, 22, 20; 116, 109, 24; 45 -> 16; 271, 230, 231. On the 69 realscans pages
    the detector finds no photo (prepared pixels unchanged) for 0.14-0.17% of the OCR time, so both are
    on. Upsampling the half-size photos after dewarping hurt (held-out 14 -> 22, dev 16 -> 22): it stays off.
    """

    normalise_dpi: bool = False
    dewarp: bool = True  # a photographed sheet warped flat (`photo`); scans are left as they are
    flatten_light: bool = True  # uneven light divided out (`photo`); evenly lit pages are left alone
    deskew: bool = True
    denoise: bool = False
    binarise: bool = False
    max_skew: float = 5.0  # degrees searched either way


@dataclass(frozen=True)
class Prepared:
    """A page image ready for OCR, its resolution, and what was done to it."""

    image: Image.Image
    dpi: int
    skew: float  # degrees corrected (counter-clockwise positive)
    steps: tuple[str, ...]


def to_gray(image: Image.Image) -> np.ndarray:
    """8-bit grayscale array of any PIL image (alpha flattened onto white)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return np.asarray(image.convert("L"))


def rescale(gray: np.ndarray, dpi: int, target: int = TARGET_DPI) -> tuple[np.ndarray, int]:
    """Upsample a low-resolution scan to `target` dpi (Tesseract's LSTM likes ~30 px x-height)."""
    if dpi >= target * 0.9:
        return gray, dpi
    factor = target / dpi
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC), target


def estimate_skew(gray: np.ndarray, max_angle: float = 5.0) -> float:
    """Skew angle in degrees (counter-clockwise positive) that makes text rows sharpest.

    Projects the ink pixels onto rows at each candidate angle (same convention as `rotate`) and
    maximises the sum of squared row counts: no image is rotated, so a page takes ~20 ms.
    """
    scale = min(1.0, 1000 / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ys, xs = np.nonzero(ink)
    if len(ys) < 0.001 * ink.size:
        return 0.0  # blank page
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        theta = np.deg2rad(angle)
        rows = np.cos(theta) * ys - np.sin(theta) * xs
        counts = np.bincount((rows - rows.min()).astype(np.int64))
        return float(np.dot(counts, counts))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best_fine = max(fine, key=sharpness)
    return float(round(best_fine, 2))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by `angle` degrees about the centre, filling with white."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    # Bilinear: cubic and Lanczos ringing around strokes raised the CER (8 scans with Sauvola:
    # bilinear 0.0031, cubic 0.0069, Lanczos 0.0085).
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def prepare(image: Image.Image, dpi: int | None, options: PrepOptions = PrepOptions()) -> Prepared:
    """Run the enabled preparation steps on one page image."""
    gray = to_gray(image)
    dpi = dpi or TARGET_DPI
    steps: list[str] = ["gray"]
    if options.dewarp or options.flatten_light:
        corrected = photo.correct(gray, options.dewarp, options.flatten_light)
        gray, dpi = corrected.gray, corrected.dpi or dpi
        steps += corrected.steps
    if options.normalise_dpi and dpi < TARGET_DPI * 0.9:
        gray, dpi = rescale(gray, dpi)
        steps.append("dpi")
    skew = 0.0
    if options.deskew:
        skew = estimate_skew(gray, options.max_skew)
        if abs(skew) >= 0.1:
            gray = rotate(gray, skew)
            steps.append(f"deskew({skew:+.2f})")
    if options.denoise:
        gray = cv2.medianBlur(gray, 3)
        steps.append("denoise")
    if options.binarise:
        _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        steps.append("binarise")
    return Prepared(Image.fromarray(gray), dpi, skew, tuple(steps))
