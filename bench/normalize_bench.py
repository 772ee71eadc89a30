"""Benchmark thidua.normalize.restore: load time, syllables/s per input kind, peak RSS.

usage: python bench/normalize_bench.py [PAIRS_DIR]   (default build/pairs; falls back to held-out laws)

Speeds are syllables per CPU-second of this process (one core), so other load on the machine does not
distort them. "cold" is the first pass over the pages (candidate and LM caches empty, only the shipped
precomputed candidate table): the headline figure, since real documents are processed once. "warm" is a
second pass over the same pages. The baseline, run in the same process on the same text, is a plain
dictionary lookup: every word token is replaced by the most frequent syllable with its diacritic-free key.
Ratios are restore / baseline speed, cold and warm. The restorer's caches (slots, alignments, candidate
search, parsed table rows, per-token keys) are emptied before each kind, so every kind's cold figure is
first sight. `eng-plans` is the English-model OCR of the generated plan pages (build/pairs/plans, plans2)
when present; `eng-real` that of the realdocs' first pages (build/normalize-realdocs) when cached.
"""

from __future__ import annotations

import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+")


def texts(pairs: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Input pages per kind and their gold: generated eval pairs when present, else held-out laws."""
    from thidua.training.pages import load_pairs
    from thidua.training.restore_eval import strip_keep_case

    records = load_pairs(pairs / "eval") if (pairs / "eval").is_dir() else []
    if records:
        gold = [r["gold"] for r in records]
        plans = [r for split in ("plans", "plans2") for r in load_pairs(pairs / split) if "eng" in r]
        kinds = {
            "eng": [r["eng"] for r in records],
            "stripped": [strip_keep_case(g) for g in gold],
            "correct": gold,
        }
        golds = {k: gold for k in kinds}
        if plans:
            kinds["eng-plans"] = [r["eng"] for r in plans]
            golds["eng-plans"] = [r["gold"] for r in plans]
        return with_realdocs(kinds, golds)
    from thidua.training.law_split import corpus_files, is_held_out

    files = corpus_files(REPO / ".." / "shared" / "corpora" / "legal")
    held = [f.read_text(encoding="utf-8")[:20_000] for f in files if is_held_out(f, files)]
    if not held:
        sys.exit("no evaluation text: generate pairs (python -m thidua.training.pages) or provide ../shared")
    stripped = [strip_keep_case(t) for t in held]
    return with_realdocs({"stripped": stripped, "correct": held}, {"stripped": held, "correct": held})


def with_realdocs(
    kinds: dict[str, list[str]], golds: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Add `eng-real`: the English-model OCR of the realdocs' first pages, where cached
    (`python -m thidua.training.restore_realeval --build-cache`)."""
    from thidua.training.realdocs_split import documents
    from thidua.training.restore_realeval import ocr_pairs

    pairs = list(ocr_pairs(documents("dev") + documents("heldout"), "eng"))
    if pairs:
        kinds["eng-real"] = [text for _, text, _ in pairs]
        golds["eng-real"] = [gold for _, _, gold in pairs]
    return kinds, golds


def baseline_factory():
    """Most-frequent-syllable lookup by diacritic-free key (the plain dictionary baseline)."""
    from thidua.dictionaries import strip_marks
    from thidua.normalize.channel import load

    ch = load()
    best = {base: syls[0] for base, syls in ch.by_base.items()}

    def run(text: str) -> str:
        return WORD.sub(lambda m: best.get(strip_marks(m.group()), m.group()), text)

    return run


def syllable_count(pages: list[str]) -> int:
    return sum(len(WORD.findall(p)) for p in pages)


def accuracy(gold: list[str], out: list[str]) -> float:
    """Pooled syllable accuracy (score.py's definition)."""
    from thidua.training.metrics import counts

    hits = [counts(g, o) for g, o in zip(gold, out, strict=True)]
    return sum(h for h, _ in hits) / max(1, sum(n for _, n in hits))


def reset(restorer) -> None:
    """Empty every run-time cache of the restorer and the per-token caches it uses (lower-casing, keys,
    tone styles, token kinds, alignments, searches, parsed table rows); the shipped tables stay loaded."""
    from thidua.dictionaries import strip_marks
    from thidua.dictionaries.tone import new_style
    from thidua.normalize import align, channel, tokens

    restorer._slots.clear()
    if getattr(restorer, "case", None) is not None:
        restorer.case._shifts.clear()
        restorer.case._done.clear()
    restorer._case.cache_clear()
    restorer.channel.search.cache_clear()
    restorer.channel.char_logp.cache_clear()
    restorer.channel.known = channel.load_known(restorer.channel.vocab_counts)
    for cached in (strip_marks, new_style, align.crude_key, tokens.classify, tokens.case_pattern):
        cached.cache_clear()


def rate(fn, pages: list[str]) -> float:
    t0 = time.process_time()
    for page in pages:
        fn(page)
    return syllable_count(pages) / (time.process_time() - t0)


def main(argv: list[str]) -> None:
    pairs = Path(argv[0]) if argv else REPO / "build" / "pairs"
    t0, c0 = time.perf_counter(), time.process_time()
    from thidua.normalize.restorer import Restorer

    restorer = Restorer()
    restorer.restore("Ke hoach thi dua")  # the name and code lexicons load on first use
    print(
        f"load: {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU "
        "(LM, channel, lexicons; first call included)"
    )
    baseline = baseline_factory()
    inputs, golds = texts(pairs)
    for kind, pages in inputs.items():
        gold = golds[kind]
        reset(restorer)
        n = syllable_count(pages)
        cold = rate(lambda t: restorer.restore(t).text, pages)
        warm = rate(lambda t: restorer.restore(t).text, pages)
        base = rate(baseline, pages)
        acc = accuracy(gold, [restorer.restore(t).text for t in pages])
        base_acc = accuracy(gold, [baseline(t) for t in pages])
        print(
            f"{kind:9s} {n:7d} syllables  cold {cold:7.0f} syl/s (headline)  warm {warm:7.0f} syl/s  "
            f"baseline {base:8.0f} syl/s  ratio cold/baseline {cold / base:.4f}  "
            f"warm/baseline {warm / base:.4f}  syl_acc {acc:.4f} (baseline {base_acc:.4f})"
        )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
