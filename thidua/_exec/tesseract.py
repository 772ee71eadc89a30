"""The one place thidua talks to Tesseract: its library in this process (ctypes) for word data, its
program (through pytesseract) for the rest and wherever the library cannot be loaded."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import shutil
import subprocess
import threading
from typing import NamedTuple

import numpy as np
import pytesseract
from PIL import Image

from thidua.errors import MissingDependencyError, OcrError
from thidua.types import Word

PAGE_TIMEOUT = 600  # seconds; a page taking longer is reported as an OcrError, not waited on forever
# Set to any value to read word data with the `tesseract` program instead of its library.
SUBPROCESS_ENV = "THIDUA_TESSERACT_SUBPROCESS"


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
    # single_threaded() comes first: OpenMP reads the limit when the library loads.
    if image.mode in ("L", "RGB") and _library() is not None:
        rows = _api(lang, thresholding, whitelist).tsv_rows(image, psm, dpi)
    else:
        rows = _cli_rows(image, lang, _config(psm, dpi, thresholding, whitelist))
    return _lines(rows)


def _cli_rows(image: Image.Image, lang: str, config: str) -> list[list[str]]:
    """The word rows of `tesseract IMAGE - tsv` (level … conf, text), through pytesseract."""
    try:
        tsv = pytesseract.image_to_data(_for_tesseract(image), lang=lang, config=config, timeout=PAGE_TIMEOUT)
    except (pytesseract.TesseractError, RuntimeError) as exc:  # RuntimeError: the timeout
        raise OcrError(f"tesseract failed: {exc}") from exc
    return [row.split("\t") for row in tsv.strip().split("\n")[1:]]


def _lines(rows: list[list[str]]) -> list[Line]:
    """TSV word rows grouped into lines (as pytesseract's dict: integer confidences, blank words left out)."""
    lines: list[Line] = []
    current: tuple[int, int, int] | None = None
    for row in rows:
        if len(row) < 12 or not row[11].strip():
            continue
        key = (int(row[2]), int(row[3]), int(row[4]))
        if key != current:
            lines.append(Line(key[0], key[1], []))
            current = key
        left, top, width, height = (int(v) for v in row[6:10])
        lines[-1].words.append(Word(row[11], left, top, width, height, float(int(float(row[10])))))
    return lines


@functools.cache
def _library() -> ctypes.CDLL | None:
    """libtesseract, when it loads and is the version of the `tesseract` program; else None."""
    if os.environ.get(SUBPROCESS_ENV):
        return None
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("tesseract") or "libtesseract.so.5")
    except OSError:
        return None
    handle, text, number = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    signatures = {
        "TessVersion": ([], text),
        "TessBaseAPICreate": ([], handle),
        "TessBaseAPIInit3": ([handle, text, text], number),
        "TessBaseAPISetVariable": ([handle, text, text], number),
        "TessBaseAPISetPageSegMode": ([handle, number], None),
        "TessBaseAPISetImage": ([handle, handle, number, number, number, number], None),
        "TessBaseAPIRecognize": ([handle, handle], number),
        "TessBaseAPIGetTsvText": ([handle, number], handle),
        "TessBaseAPIClear": ([handle], None),
        "TessDeleteText": ([handle], None),
        "TessMonitorCreate": ([], handle),
        "TessMonitorSetDeadlineMSecs": ([handle, number], None),
        "TessMonitorDelete": ([handle], None),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result
    return lib if lib.TessVersion().decode() == version() else None


class _Api:
    """A Tesseract instance with one model and its settings loaded, kept for the process: the program
    pays its start and model load (~0.2 s) on every call."""

    def __init__(self, lib: ctypes.CDLL, lang: str, thresholding: int | None, whitelist: str | None):
        self.lib, self.lock = lib, threading.Lock()
        self.handle = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:
            raise OcrError(f"tesseract could not load the {lang} model")
        settings = {"debug_file": os.devnull}  # its notes went to the program's stderr, dropped
        if thresholding is not None:
            settings["thresholding_method"] = str(thresholding)
        if whitelist:
            settings["tessedit_char_whitelist"] = whitelist
        for name, value in settings.items():
            lib.TessBaseAPISetVariable(self.handle, name.encode(), value.encode())

    def tsv_rows(self, image: Image.Image, psm: int, dpi: int | None) -> list[list[str]]:
        """The word rows of one image, as the program's TSV output."""
        pixels = np.ascontiguousarray(np.asarray(image, dtype=np.uint8))
        depth = 1 if pixels.ndim == 2 else pixels.shape[2]
        lib, handle = self.lib, self.handle
        with self.lock:
            lib.TessBaseAPISetVariable(handle, b"user_defined_dpi", str(dpi or 0).encode())
            lib.TessBaseAPISetPageSegMode(handle, psm)
            lib.TessBaseAPISetImage(
                handle, pixels.ctypes.data, image.width, image.height, depth, pixels.strides[0]
            )
            monitor = lib.TessMonitorCreate()
            lib.TessMonitorSetDeadlineMSecs(monitor, PAGE_TIMEOUT * 1000)
            try:
                if lib.TessBaseAPIRecognize(handle, monitor) != 0:
                    raise OcrError(f"tesseract failed or took over {PAGE_TIMEOUT} s on a page")
                tsv = lib.TessBaseAPIGetTsvText(handle, 0)
                try:
                    text = ctypes.string_at(tsv).decode("utf-8", errors="replace")
                finally:
                    lib.TessDeleteText(tsv)
            finally:
                lib.TessMonitorDelete(monitor)
                lib.TessBaseAPIClear(handle)
        return [row.split("\t") for row in text.split("\n")]


_APIS: dict[tuple[int, str, int | None, str | None], _Api] = {}


def _api(lang: str, thresholding: int | None, whitelist: str | None) -> _Api:
    """This process's Tesseract instance for these settings (a forked worker makes its own)."""
    key = (os.getpid(), lang, thresholding, whitelist)
    if key not in _APIS:
        lib = _library()
        assert lib is not None
        _APIS[key] = _Api(lib, lang, thresholding, whitelist)
    return _APIS[key]


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
