"""Resource limits on one input document, checked before the expensive step; each is an env setting."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, fields

from thidua.errors import LimitError


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    """What one document may cost; `Limits.from_env()` reads THIDUA_<FIELD> overrides."""

    max_text_bytes: int = 2 * 2**20  # a .txt file, and the text a DOCX holds (UTF-8 bytes)
    max_docx_xml_bytes: int = 64 * 2**20  # decompressed size of a DOCX's main XML part, read as a stream
    max_docx_parts: int = 2000  # entries in a DOCX's zip archive
    max_pages: int = 1000  # pages of one document (PDF pages, image frames, DOCX page breaks)
    max_page_pixels: int = 40_000_000  # a rendered PDF page (A2 at 300 dpi is 35 Mpx, A4 8.7 Mpx)
    max_document_seconds: int = 3600  # wall time of one document through every stage (0: none)

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by THIDUA_MAX_TEXT_BYTES, THIDUA_MAX_PAGES, …"""
        values: dict[str, int] = {}
        for f in fields(cls):
            assert isinstance(f.default, int), f"Limits.{f.name} needs an int default"
            values[f.name] = _env_int(f"THIDUA_{f.name.upper()}", f.default)
        return cls(**values)


def env_name(field: str) -> str:
    """The environment variable that sets a limit, for error messages."""
    return f"THIDUA_{field.upper()}"


def size(n: int) -> str:
    """A byte count for messages: 2 MiB, 64 MiB, 512 KiB."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.4g} {unit}"
    return f"{n} bytes"


@contextlib.contextmanager
def time_limit(name: str, seconds: int | None = None) -> Iterator[None]:
    """Raise LimitError naming `name` if the block runs longer than `seconds` (default: the setting).

    A SIGALRM timer: it interrupts Python code and waits on subprocesses (Tesseract), so it works in a
    process's main thread only; elsewhere (Dask worker threads) the block runs unlimited.
    """
    seconds = Limits.from_env().max_document_seconds if seconds is None else seconds
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame) -> None:
        raise LimitError(
            name, f"took longer than {seconds} s, over the limit ({env_name('max_document_seconds')})"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
