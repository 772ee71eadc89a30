"""Learn the OCR channel from generated training pairs and write dictionaries/data/channel.json.

usage: python -m thidua.training.train_channel [PAIRS_DIR] [--add SPLIT]   (default build/pairs; see .pairs)

Reads the splits `train` (law pages), `admin` and `admin-scan` (the project's own documents, rendered
clean and scan-like); never eval/plans/heldout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from thidua.dictionaries import syllables
from thidua.normalize import casing
from thidua.normalize.align import word_pairs
from thidua.normalize.channel import CHANNEL_PATH, learn, learn_segments
from thidua.training import precompute
from thidua.training.pages import load_pairs

# Splits of pages from dictionaries/text/admin (see PROVENANCE.md): clean renders, and scan-like ones.
TRAIN_TEXTS = ("admin", "admin-scan")


def count(records: list[dict]) -> dict:
    """The channel's counts (token table, character confusions, case patterns) from page records."""
    pairs = []
    for rec in records:
        for lang in ("eng", "vie"):
            if lang in rec:
                pairs.extend(word_pairs(rec["gold"], rec[lang]))
    model = learn(pairs, syllables())
    model["case"] = casing.learn((rec["gold"], rec["eng"]) for rec in records if "eng" in rec)
    model["pages"], model["token_pairs"] = len(records), len(pairs)
    return model


def add_counts(into: dict, extra: dict) -> None:
    """Add `extra`'s counts to `into` (every count of the model is a sum over token pairs)."""
    for name in ("table", "case"):
        for key, row in extra[name].items():
            _add(into[name].setdefault(key, {}), row)
    for name in ("gold_count", "sub", "del", "ins", "chars"):
        _add(into[name], extra[name])
    for name in ("pages", "token_pairs"):
        into[name] = into.get(name, 0) + extra[name]


def _add(into: dict[str, int], extra: dict[str, int]) -> None:
    for k, n in extra.items():
        into[k] = into.get(k, 0) + n


def write(model: dict) -> None:
    """Derive the segment table, write channel.json and the candidate table that depends on it."""
    model["segments"] = learn_segments(model["table"])
    model["about"] = (
        f"learned from {model['pages']} generated training pages, {model['token_pairs']} token pairs"
    )
    CHANNEL_PATH.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{CHANNEL_PATH}: {model['about']}, {len(model['table'])} observed forms", file=sys.stderr)
    precompute.main([])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, nargs="?", default=Path("build/pairs"))
    parser.add_argument(
        "--add", metavar="SPLIT", action="append",
        help="add this split's counts to the shipped channel.json instead of learning from scratch "
        "(the same result as a full run over the union of the pages)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.add:
        model = json.loads(CHANNEL_PATH.read_text(encoding="utf-8"))
        add_counts(model, count([rec for split in args.add for rec in load_pairs(args.pairs / split)]))
    else:
        # Law pages, plus the project's own plan-like documents rendered the same way.
        model = count([rec for split in ("train", *TRAIN_TEXTS) for rec in load_pairs(args.pairs / split)])
    write(model)


if __name__ == "__main__":
    main(sys.argv[1:])
