"""Documents per second for `extract()` alone (target ≥ 100 docs/s), against a baseline in the same process.

    python bench/extract_bench.py [--docs 400] [--seed 7]

The corpus: the authored fixtures and the five seeds (raw OCR, plus restored copies when the normalizer is
available, restored once before timing), each copied with its numbers, dates and line order perturbed so
no two documents are the same string. Baseline: one regex scan for the `Số:` line per document — the
cheapest possible "extraction", to show the cost of the real one on the same machine and load.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

from thidua.extract import extract

REPO = Path(__file__).resolve().parents[1]
AUTHORED = REPO / "tests" / "extract" / "fixtures" / "authored"
SEEDS = REPO.parent / "shared" / "seeds"
NUMBER_LINE = re.compile(r"S[ốo6é]\s*:\s*(\d[\d ]*)\s*/\s*([\w-]+)", re.IGNORECASE)


def base_documents() -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted(AUTHORED.glob("*.txt"))]
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    docs += seeds
    try:
        from thidua.normalize import restore

        docs += [restore(text).text for text in seeds]
    except ImportError:
        pass
    return docs


def perturb(text: str, rng: random.Random) -> str:
    """A distinct but realistic variant: other numbers and days, bullet lines shuffled within blocks."""
    text = re.sub(r"\b\d{2,4}(?=/K)", lambda m: str(rng.randint(1, 9999)), text)
    text = re.sub(r"\b(0?[1-9]|1\d|2[0-8])(?=/\d)", lambda m: f"{rng.randint(1, 28):02d}", text)
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].lstrip().startswith("- "):
            j += 1
        if j - i > 1:
            block = lines[i:j]
            rng.shuffle(block)
            lines[i:j] = block
        i = max(j, i + 1)
    return "\n".join(lines)


def rate(fn, docs: list[str], repeats: int = 3) -> tuple[float, float]:
    """Best-of-`repeats` documents per second of wall-clock time and of this process's CPU time.

    On a shared machine the CPU-time rate is the steadier figure: it leaves out time spent waiting
    for a core.
    """
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        for doc in docs:
            fn(doc)
        wall.append(len(docs) / (time.perf_counter() - start))
        cpu.append(len(docs) / max(time.process_time() - start_cpu, 1e-9))
    return max(wall), max(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bases = base_documents()
    docs = [perturb(bases[i % len(bases)], rng) for i in range(args.docs)]
    sizes = [len(d) for d in docs]
    print(f"{len(docs)} documents from {len(bases)} bases, {statistics.mean(sizes):.0f} chars on average")

    for doc in docs[: len(bases)]:  # warm-up: load the lexicon, the spaCy vocabulary and the schema once
        extract(doc, restore_first=False)

    baseline, _ = rate(lambda d: NUMBER_LINE.search(d), docs)
    extracted, extracted_cpu = rate(lambda d: extract(d, restore_first=False), docs, repeats=1)
    print(f"baseline (regex scan for the Số: line): {baseline:12.0f} docs/s")
    print(f"extract() (all fields, schema-validated): {extracted:10.1f} docs/s   target >= 100")
    print(f"extract() per CPU-second of this process: {extracted_cpu:10.1f} docs/s")
    print(
        f"ratio extract/baseline: {extracted / baseline:.5f} ({baseline / extracted:.0f}x the baseline time)"
    )
    print(f"mean time per document: {1000 / extracted:.2f} ms wall, {1000 / extracted_cpu:.2f} ms CPU")


if __name__ == "__main__":
    main()
