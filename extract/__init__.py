"""Extract stage: structured campaign fields with evidence, as schema-valid JSON.

Public API: `extract(text) -> Extraction`.
"""

from __future__ import annotations

from thidua.types import Extraction

SCHEMA_VERSION = "0.1"


def extract(text: str) -> Extraction:
    """Extract a plan's fields from restored text (pages separated by PAGE_BREAK)."""
    return Extraction(record={"doc_type": None}, schema_version=SCHEMA_VERSION)
