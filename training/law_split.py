"""The fixed train / held-out split of the legal corpus: every 10th law (sorted by name) is held out."""

from __future__ import annotations

from pathlib import Path

HOLD_OUT_EVERY = 10


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus's law files in sorted name order."""
    return sorted(corpus.glob("*.txt"))


def is_held_out(path: Path, files: list[Path]) -> bool:
    """True for the laws kept out of every training step (LM and channel); used only for evaluation."""
    return files.index(path) % HOLD_OUT_EVERY == 0
