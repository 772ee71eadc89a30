"""Normalize stage: restore OCR-garbled and accent-stripped Vietnamese.

Public API: `restore(text) -> RestoredText`; `detect_mode(text)` tells which input kind was seen.
"""

from __future__ import annotations

import functools

from thidua.types import RestoredText


@functools.cache
def _restorer():
    from thidua.normalize.restorer import Restorer

    return Restorer()


def restore(text: str) -> RestoredText:
    """Restore Vietnamese text; keeps every line and page break and records every edit."""
    return _restorer().restore(text)
