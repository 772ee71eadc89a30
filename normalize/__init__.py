"""Normalize stage: restore OCR-garbled and accent-stripped Vietnamese.

Public API: `restore(text) -> RestoredText`.
"""

from __future__ import annotations

from thidua import __version__
from thidua.types import RestoredText


def restore(text: str) -> RestoredText:
    """Restore Vietnamese text; keeps line structure and records every edit."""
    return RestoredText(original=text, text=text, edits=[], pipeline_version=__version__)
