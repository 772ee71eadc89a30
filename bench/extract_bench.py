"""Documents per second for `extract()` alone (target ≥ 100 docs/s), against a baseline in the same process.

    python bench/extract_bench.py [--docs 400] [--seed 7] [--against REV]

The corpus: the authored fixtures and the five seeds (raw OCR, plus restored copies when the normalizer is
available, restored once before timing), each copied with its numbers, dates and line order perturbed so
no two documents are the same string. Baseline: one regex scan for the `Số:` line per document — the
cheapest possible "extraction", to show the cost of the real one on the same machine and load.
`--against REV` also times that revision's extractor on the same documents, in runs alternating with this
code's (each in a child process; REV is checked out as a throw-away worktree), and prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def _timed_child(texts: Path) -> None:
    """Child mode: extract() over the texts in a JSON file, print docs/s of wall and CPU time as JSON."""
    docs = json.loads(texts.read_text(encoding="utf-8"))
    for doc in docs[:20]:  # warm-up
        extract(doc)
    wall, cpu = rate(lambda d: extract(d), docs, repeats=1)
    print(json.dumps({"wall": wall, "cpu": cpu, "module": extract.__module__}))


def _old_tree(rev: str, root: Path) -> Path:
    """An importable `thidua` of revision `rev` under root (its stage folders mapped as the install does)."""
    tree = root / "tree"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(tree), rev],
        check=True,
        capture_output=True,
    )
    package = root / "pkg" / "thidua"
    shutil.copytree(tree / "thidua", package, symlinks=True)
    for stage in ("extract", "dictionaries", "normalize", "ingest", "corpus"):
        link = package / stage
        if link.is_symlink():  # the revision links thidua/<stage> to ../<stage>: point it into the tree
            link.unlink()
        link.symlink_to(tree / stage)
    return root / "pkg"


def against(rev: str, docs: list[str], rounds: int = 3) -> None:
    """This code and revision `rev` on the same documents, alternating, each in its own process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        texts = root / "texts.json"
        texts.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        old_path = _old_tree(rev, root)
        runs: dict[str, list[float]] = {"this code": [], rev: []}
        try:
            for _ in range(rounds):
                for label, path in (("this code", None), (rev, old_path)):
                    env = {"PYTHONPATH": str(path)} if path else {}
                    out = subprocess.run(
                        [sys.executable, __file__, "--child", str(texts)],
                        capture_output=True,
                        text=True,
                        check=True,
                        cwd=tmp,
                        env={**_env(), **env},
                    )
                    runs[label].append(json.loads(out.stdout.strip().splitlines()[-1])["cpu"])
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(root / "tree")],
                capture_output=True,
            )
        for label, rates in runs.items():
            print(f"{label:>12}: {' / '.join(f'{r:.1f}' for r in rates)} docs per CPU-second")
        ratio = statistics.median(runs["this code"]) / statistics.median(runs[rev])
        print(f"this code / {rev}: {ratio:.2f} (median of {rounds} alternating runs)")


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--against", metavar="REV", help="also time this git revision's extractor")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _timed_child(args.child)
        return
    rng = random.Random(args.seed)
    bases = base_documents()
    docs = [perturb(bases[i % len(bases)], rng) for i in range(args.docs)]
    sizes = [len(d) for d in docs]
    print(f"{len(docs)} documents from {len(bases)} bases, {statistics.mean(sizes):.0f} chars on average")

    for doc in docs[: len(bases)]:  # warm-up: load the lexicon, the spaCy vocabulary and the schema once
        extract(doc)

    baseline, _ = rate(lambda d: NUMBER_LINE.search(d), docs)
    extracted, extracted_cpu = rate(lambda d: extract(d), docs, repeats=1)
    print(f"baseline (regex scan for the Số: line): {baseline:12.0f} docs/s")
    print(f"extract() (all fields, schema-validated): {extracted:10.1f} docs/s   target >= 100")
    print(f"extract() per CPU-second of this process: {extracted_cpu:10.1f} docs/s")
    print(
        f"ratio extract/baseline: {extracted / baseline:.5f} ({baseline / extracted:.0f}x the baseline time)"
    )
    print(f"mean time per document: {1000 / extracted:.2f} ms wall, {1000 / extracted_cpu:.2f} ms CPU")
    if args.against:
        against(args.against, docs)


if __name__ == "__main__":
    main()
