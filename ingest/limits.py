"""Resource limits on one input document, checked before the expensive step; each is an env setting."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


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

    @classmethod
    def from_env(cls) -> Limits:
        """The defaults, overridden by THIDUA_MAX_TEXT_BYTES, THIDUA_MAX_PAGES, …"""
        return cls(**{f.name: _env_int(f"THIDUA_{f.name.upper()}", f.default) for f in fields(cls)})


def env_name(field: str) -> str:
    """The environment variable that sets a limit, for error messages."""
    return f"THIDUA_{field.upper()}"


def size(n: int) -> str:
    """A byte count for messages: 2 MiB, 64 MiB, 512 KiB."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.4g} {unit}"
    return f"{n} bytes"
