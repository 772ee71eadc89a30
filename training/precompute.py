"""Precompute OCR candidates for common observed forms: dictionaries/data/ocr_candidates.tsv.

usage: python -m thidua.training.precompute [TOP]   (run after the LM and channel.json are built)

The table holds `Channel.search(form, WIDE_LIST)` (callers take a prefix) for every observed form of the
learned token table, every diacritic-free base and the TOP most frequent syllables, so first sight of a
common form is a dict lookup.
It must be rebuilt whenever lm.npz or channel.json change (train.py does it).
"""

from __future__ import annotations

import sys

from thidua.normalize.channel import CANDIDATES_PATH, WIDE_LIST, Channel, load

TOP_SYLLABLES = 6000


def forms(channel: Channel, top: int = TOP_SYLLABLES) -> list[str]:
    """The observed forms worth precomputing, sorted."""
    common = sorted(channel.vocab_counts, key=lambda s: -channel.vocab_counts[s])[:top]
    return sorted(set(channel.table) | set(channel.bases) | set(common))


def write(channel: Channel, top: int = TOP_SYLLABLES) -> int:
    """Write the table; returns the number of forms."""
    keys = forms(channel, top)
    lines = ["# observed form, then candidate syllable and its log10 channel probability (tab-separated)"]
    for obs in keys:
        if "\t" in obs or "\n" in obs or obs.startswith("#"):
            continue
        lines.append("\t".join([obs, *(f"{syl} {ch:.5f}" for syl, ch in channel.search(obs, WIDE_LIST))]))
    CANDIDATES_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main(argv: list[str]) -> None:
    top = int(argv[0]) if argv else TOP_SYLLABLES
    load.cache_clear()
    channel = load()
    channel.known = {}  # search from scratch, never from a stale table
    n = write(channel, top)
    print(f"{CANDIDATES_PATH}: {n} observed forms", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
