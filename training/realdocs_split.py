"""The fixed split of ../shared/realdocs: a document whose file name starts with c, d, e or f is held out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

SHARED = Path(os.environ.get("THIDUA_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
REALDOCS = SHARED / "realdocs" / "thuvienphapluat-2025"
HELD_OUT_FIRST = frozenset("cdef")

Split = Literal["heldout", "dev"]


def realdoc_split(path: Path) -> Split:
    """`heldout` (never trained or tuned on) or `dev` (LM training text, tuning)."""
    return "heldout" if path.name[:1].lower() in HELD_OUT_FIRST else "dev"


def documents(split: Split, folder: Path = REALDOCS) -> list[Path]:
    """The realdocs of a split in sorted name order (empty where ../shared is absent)."""
    return [p for p in sorted(folder.glob("*.txt")) if realdoc_split(p) == split]


def text_of(path: Path) -> str:
    """A realdoc's text without the `# source:` line it opens with."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("# source:") else text
