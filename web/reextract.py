"""The machine fields of a reviewer's corrected text, read by thidua.extract (corpus.retext.Reextract)."""

from __future__ import annotations

from typing import Any

from thidua.errors import ThiduaError


def record(text: str, uncertain: list[tuple[int, int]]) -> dict[str, Any] | None:
    """The extraction record of `text` as the reviewer left it (no restoration: the offsets stay
    those of the text shown); None when extraction fails, so the machine's record stands."""
    # Imported here: spaCy takes seconds to load, and only a text correction needs it.
    from thidua.extract import extract

    try:
        return extract(text, uncertain=uncertain).record
    except (ThiduaError, ValueError):
        return None
