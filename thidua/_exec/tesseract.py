"""The one place thidua talks to Tesseract (through pytesseract)."""

from __future__ import annotations

import functools
import shutil

import pytesseract
from PIL import Image

from thidua.errors import MissingDependencyError, OcrError
from thidua.types import Word


@functools.cache
def version() -> str:
    """Tesseract's version string, e.g. "5.3.0"; raises if Tesseract is not installed."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingDependencyError(
            "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
        )
    return str(pytesseract.get_tesseract_version())


@functools.cache
def languages() -> frozenset[str]:
    """The installed Tesseract language models."""
    version()
    return frozenset(pytesseract.get_languages(config=""))


def require_language(lang: str) -> None:
    """Raise a clear error when a Tesseract language model is missing."""
    missing = [part for part in lang.split("+") if part not in languages()]
    if missing:
        raise MissingDependencyError(
            f"Tesseract language model(s) {', '.join(missing)} not installed "
            f"(Debian: apt-get install {' '.join('tesseract-ocr-' + m for m in missing)})"
        )


def _config(psm: int, dpi: int | None) -> str:
    parts = [f"--psm {psm}"]
    if dpi:
        parts.append(f"--dpi {dpi}")
    return " ".join(parts)


def image_to_text(image: Image.Image, lang: str = "vie", psm: int = 3, dpi: int | None = None) -> str:
    """Plain OCR text of one page image."""
    require_language(lang)
    try:
        return pytesseract.image_to_string(image, lang=lang, config=_config(psm, dpi))
    except pytesseract.TesseractError as exc:
        raise OcrError(f"tesseract failed: {exc}") from exc


def image_to_words(
    image: Image.Image, lang: str = "vie", psm: int = 3, dpi: int | None = None
) -> tuple[str, list[Word]]:
    """OCR one page: its text (lines kept) and its words with boxes and confidences."""
    require_language(lang)
    try:
        data = pytesseract.image_to_data(
            image, lang=lang, config=_config(psm, dpi), output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError as exc:
        raise OcrError(f"tesseract failed: {exc}") from exc
    words: list[Word] = []
    lines: list[str] = []
    current: tuple[int, int, int] | None = None
    last_block_par: tuple[int, int] | None = None
    for i, text in enumerate(data["text"]):
        if not text or not text.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current:
            if last_block_par is not None and key[:2] != last_block_par:
                lines.append("")  # blank line between paragraphs, as image_to_string does
            lines.append(text)
            current, last_block_par = key, key[:2]
        else:
            lines[-1] += " " + text
        words.append(
            Word(
                text=text,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                confidence=float(data["conf"][i]),
            )
        )
    return "\n".join(lines), words


def orientation(image: Image.Image) -> int:
    """Clockwise rotation in degrees (0, 90, 180, 270) that OSD detects; 0 when unsure."""
    require_language("osd")
    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0  # too little text for OSD to decide
    return int(osd.get("rotate", 0)) % 360
