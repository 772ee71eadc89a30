"""Page images: PNG, JPEG and (multi-page) TIFF, with their resolution."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from thidua.errors import InputFileError

A4_SHORT_INCHES = 8.27


def frame_dpi(image: Image.Image) -> int:
    """The scan's resolution: from the file when plausible, else estimated assuming an A4 sheet."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    if 100 <= value <= 1200:
        return value
    return max(50, round(min(image.size) / A4_SHORT_INCHES))  # 72/96 dpi in a header means "unknown"


def count_frames(path: Path) -> int:
    """Number of pages in an image file; decodes each to catch corrupt or truncated data early."""
    try:
        with Image.open(path) as image:
            n = 0
            for frame in ImageSequence.Iterator(image):
                frame.load()
                n += 1
            return n
    except UnidentifiedImageError as exc:
        raise InputFileError(str(path), "corrupt image: not a readable PNG, JPEG or TIFF") from exc
    except Image.DecompressionBombError as exc:
        raise InputFileError(str(path), f"image too large to be a page scan: {exc}") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputFileError(str(path), f"corrupt or truncated image: {exc}") from exc


def load_frame(path: Path, index: int) -> tuple[Image.Image, int]:
    """Frame `index` (0-based) as a standalone image, and its resolution."""
    try:
        with Image.open(path) as image:
            image.seek(index)
            frame = image.copy()
            frame.info = dict(image.info)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise InputFileError(str(path), f"cannot read page {index + 1}: {exc}") from exc
    return frame, frame_dpi(frame)
