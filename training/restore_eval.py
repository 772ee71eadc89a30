"""Evaluate restore() per input kind on held-out generated pairs (and report seed statistics).

usage: python -m thidua.training.restore_eval [PAIRS_DIR] [--split test,plans2,heldout,heldout2] [--kinds …]
                                          [--seeds DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from thidua.training.metrics import counts
from thidua.training.pages import load_pairs

KINDS = ("eng", "stripped", "vie", "correct")
CLEAN_SHARE = 0.95  # a seed with this share of valid syllables is taken as correctly printed (OCR ~0.65)


def strip_keep_case(text: str) -> str:
    """Remove every diacritic (đ→d) but keep case and layout: the accent-stripped input kind."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def inputs(record: dict, kind: str) -> str | None:
    """The input text of one kind for a gold page, or None when the record lacks it."""
    if kind == "stripped":
        return strip_keep_case(record["gold"])
    if kind == "correct":
        return record["gold"]
    return record.get(kind)


def evaluate(records: list[dict], restore: Callable[[str], str], kinds=KINDS) -> dict[str, dict]:
    """Pooled syllable accuracy before and after restoration, and throughput, per input kind."""
    report: dict[str, dict] = {}
    for kind in kinds:
        hit_in = hit_out = total = 0
        seconds = 0.0
        pages = 0
        for rec in records:
            text = inputs(rec, kind)
            if text is None:
                continue
            t0 = time.process_time()
            out = restore(text)
            seconds += time.process_time() - t0
            h_in, n = counts(rec["gold"], text)
            h_out, _ = counts(rec["gold"], out)
            hit_in, hit_out, total, pages = hit_in + h_in, hit_out + h_out, total + n, pages + 1
        if total:
            report[kind] = {
                "pages": pages,
                "gold_syllables": total,
                "syl_acc_input": round(hit_in / total, 4),
                "syl_acc": round(hit_out / total, 4),
                "syllables_per_s": round(total / seconds) if seconds else None,
            }
    return report


def changed(before: str, after: str) -> int:
    """Tokens of `before` that differ in `after` (token-level alignment, as the metrics use)."""
    from rapidfuzz.distance import Levenshtein

    from thidua.training.metrics import _tokens

    ops = Levenshtein.opcodes(_tokens(before), _tokens(after))
    return sum(max(op.src_end - op.src_start, op.dest_end - op.dest_start) for op in ops if op.tag != "equal")


def seed_report(seeds: Path, restore: Callable[[str], str]) -> dict[str, dict]:
    """Share of word tokens that are valid syllables, before and after (the garbled seeds have no gold);
    a clean seed is its own accent-stripped copy's gold, so that kind gets a real accuracy."""
    from thidua.dictionaries import syllables
    from thidua.dictionaries.tone import new_style
    from thidua.training.metrics import _tokens

    valid = {new_style(s) for s in syllables()}

    def share(text: str) -> float:
        words = [t.lower() for t in _tokens(text) if t.isalpha()]
        return round(sum(1 for w in words if new_style(w) in valid) / max(1, len(words)), 4)

    out = {}
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        t0 = time.process_time()
        restored = restore(text)
        out[path.stem] = {
            "valid_syllables_input": share(text),
            "valid_syllables_output": share(restored),
            "changed_tokens": changed(text, restored),
            "seconds": round(time.process_time() - t0, 3),
        }
        if share(text) >= CLEAN_SHARE:
            hit, total = counts(text, restore(strip_keep_case(text)))
            out[path.stem]["stripped_syl_acc"] = round(hit / total, 4)
    return out


def load_split(pairs: Path, split: str) -> list[dict]:
    """The records of a split; `test` and `dev` are the two halves of `eval` (report on test, tune on dev)."""
    if split in ("test", "dev") and not (pairs / split).is_dir():
        records = load_pairs(pairs / "eval")
        half = len(records) // 2
        return records[:half] if split == "test" else records[half:]
    return load_pairs(pairs / split)


def run(pairs: Path, splits: list[str], kinds: list[str], seeds: Path | None, limit: int = 0) -> dict:
    """The full evaluation report: per split and input kind, plus seed statistics when given."""
    from thidua.normalize import restore

    restore("warm up")
    report: dict = {}
    for split in splits:
        records = load_split(pairs, split)[: limit or None]
        if records:
            report[split] = evaluate(records, lambda t: restore(t).text, kinds)
    if seeds is not None and seeds.is_dir():
        report["seeds"] = seed_report(seeds, lambda t: restore(t).text)
    return report


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, nargs="?", default=Path("build/pairs"))
    parser.add_argument(
        "--split", default="test,plans2,heldout,heldout2", help="comma-separated: test, dev, eval, plans, …"
    )
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--seeds", type=Path, default=None, help="folder of gold-less real plans")
    args = parser.parse_args(argv)
    report = run(args.pairs, args.split.split(","), args.kinds.split(","), args.seeds, args.limit)
    if not report:
        sys.exit(f"no pairs under {args.pairs}: run python -m thidua.training.pages first")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
