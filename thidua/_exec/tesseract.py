"""The one place thidua talks to Tesseract (through pytesseract)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from typing import NamedTuple

import pytesseract
from PIL import Image

from thidua.errors import MissingDependencyError, OcrError
from thidua.types import Word

PAGE_TIMEOUT = 600  # seconds; a page taking longer is reported as an OcrError, not waited on forever


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


def single_threaded() -> None:
    """Run Tesseract with one OpenMP thread unless the user chose otherwise.

    Tesseract's OpenMP threads make a page ~5x slower on a small shared machine (measured:
    1.3 s with one thread, 7-10 s with OpenMP on 2 cores); thidua parallelises across pages instead.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _config(psm: int, dpi: int | None, thresholding: int | None = None, whitelist: str | None = None) -> str:
    parts = [f"--psm {psm}"]
    if dpi:
        parts.append(f"--dpi {dpi}")
    if thresholding is not None:
        parts.append(f"-c thresholding_method={thresholding}")
    if whitelist:
        parts.append(f"-c tessedit_char_whitelist={whitelist}")
    return " ".join(parts)


def _for_tesseract(image: Image.Image) -> Image.Image:
    """pytesseract hands the image over as a temporary file in `image.format`; PNM writes ~100x faster
    than the PNG it uses by default (0.007 s vs 0.7 s a page)."""
    if image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB")
    if image.format != "PPM":
        image = image.copy()
        image.format = "PPM"
    return image


def image_to_text(image: Image.Image, lang: str = "vie", psm: int = 3, dpi: int | None = None) -> str:
    """Plain OCR text of one page image."""
    require_language(lang)
    single_threaded()
    try:
        return pytesseract.image_to_string(
            _for_tesseract(image), lang=lang, config=_config(psm, dpi), timeout=PAGE_TIMEOUT
        )
    except (pytesseract.TesseractError, RuntimeError) as exc:
        raise OcrError(f"tesseract failed: {exc}") from exc


class Line(NamedTuple):
    """One OCR text line: its block and paragraph numbers and its words in reading order."""

    block: int
    paragraph: int
    words: list[Word]


def image_to_lines(
    image: Image.Image,
    lang: str = "vie",
    psm: int = 3,
    dpi: int | None = None,
    thresholding: int | None = None,
    whitelist: str | None = None,
) -> list[Line]:
    """OCR one page into its text lines in Tesseract's reading order, each word with box and confidence.

    `thresholding` picks Tesseract's binarisation (0 Otsu, 1 tiled Otsu, 2 Sauvola); None = its default;
    `whitelist` limits the characters recognised (e.g. "0123456789").
    """
    require_language(lang)
    single_threaded()
    try:
        data = pytesseract.image_to_data(
            _for_tesseract(image),
            lang=lang,
            config=_config(psm, dpi, thresholding, whitelist),
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT,
        )
    except (pytesseract.TesseractError, RuntimeError) as exc:  # RuntimeError: the timeout
        raise OcrError(f"tesseract failed: {exc}") from exc
    lines: list[Line] = []
    current: tuple[int, int, int] | None = None
    for i, text in enumerate(data["text"]):
        if not text or not text.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if key != current:
            lines.append(Line(key[0], key[1], []))
            current = key
        lines[-1].words.append(
            Word(
                text=text,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                confidence=float(data["conf"][i]),
            )
        )
    return lines


def lines_text(lines: list[Line]) -> str:
    """The text of OCR lines: one line each, a blank line between paragraphs (as image_to_string)."""
    out: list[str] = []
    last: tuple[int, int] | None = None
    for line in lines:
        if last is not None and (line.block, line.paragraph) != last:
            out.append("")
        out.append(" ".join(w.text for w in line.words))
        last = (line.block, line.paragraph)
    return "\n".join(out)


def image_to_words(
    image: Image.Image,
    lang: str = "vie",
    psm: int = 3,
    dpi: int | None = None,
    thresholding: int | None = None,
) -> tuple[str, list[Word]]:
    """OCR one page: its text (lines kept) and its words with boxes and confidences."""
    lines = image_to_lines(image, lang, psm, dpi, thresholding)
    return lines_text(lines), [w for line in lines for w in line.words]


def orientation(image: Image.Image) -> int:
    """Clockwise rotation in degrees (0, 90, 180, 270) that OSD detects; 0 when unsure."""
    require_language("osd")
    single_threaded()
    try:
        osd = pytesseract.image_to_osd(
            _for_tesseract(image), output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT
        )
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text for OSD to decide
    return int(osd.get("rotate", 0)) % 360


def mean_confidence(words: list[Word]) -> float | None:
    """Mean Tesseract confidence over recognised words; None when there are none."""
    scores = [w.confidence for w in words if w.confidence >= 0]
    return sum(scores) / len(scores) if scores else None


def cli_text(image_path: str, lang: str = "vie") -> str:
    """Plain `tesseract IMAGE - -l LANG` as a user would run it (the benchmarks' baseline)."""
    require_language(lang)
    single_threaded()
    cmd = [pytesseract.pytesseract.tesseract_cmd, image_path, "-", "-l", lang]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OcrError(f"tesseract failed on {image_path}: {done.stderr.strip()}")
    return done.stdout
