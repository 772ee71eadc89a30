"""Learn the OCR channel from generated training pairs and write dictionaries/data/channel.json.

usage: python -m thidua.normalize.train [PAIRS_DIR]   (default build/pairs; see thidua.normalize.pairs)

Reads the splits `train` (law pages) and `admin` (the project's own documents); never eval/plans/heldout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from thidua.dictionaries import syllables
from thidua.normalize import casing, precompute
from thidua.normalize.align import word_pairs
from thidua.normalize.channel import CHANNEL_PATH, learn
from thidua.normalize.pairs import load_pairs

TRAIN_TEXTS = "admin"  # split of pages from dictionaries/text/admin (see PROVENANCE.md)


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path("build/pairs")
    # Law pages, plus the project's own plan-like documents rendered the same way (their layout and words).
    records = [*load_pairs(folder / "train"), *load_pairs(folder / TRAIN_TEXTS)]
    pairs = []
    for rec in records:
        for lang in ("eng", "vie"):
            if lang in rec:
                pairs.extend(word_pairs(rec["gold"], rec[lang]))
    model = learn(pairs, syllables())
    model["case"] = casing.learn((rec["gold"], rec["eng"]) for rec in records if "eng" in rec)
    model["about"] = f"learned from {len(records)} generated training pages, {len(pairs)} token pairs"
    CHANNEL_PATH.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{CHANNEL_PATH}: {model['about']}, {len(model['table'])} observed forms", file=sys.stderr)
    precompute.main([])  # the candidate table depends on the channel just written


if __name__ == "__main__":
    main(sys.argv[1:])
