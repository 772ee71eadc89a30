"""Generate aligned (gold, English-model OCR, Vietnamese-model OCR) page pairs from the legal corpus.

usage: python -m thidua.training.pages CORPUS_DIR OUT_DIR [--train N] [--eval N] [--plans DIR]

Gold text is rendered with the project's renderer and read back with Tesseract; every page is cached
as one JSON file under OUT_DIR/{train,eval}/ so the run is resumable. The held-out split (see
`thidua.training.law_split`) supplies the eval pages only, never training.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from thidua.training.law_split import corpus_files, is_held_out
from thidua.training.synth.degrade import Scan, degrade

PAGE_CHARS = 2600  # about one rendered A4 page of prose


def page_text(files: list[Path], seed: int) -> tuple[str, str]:
    """A page-sized chunk of consecutive paragraphs from a seeded random law; (source name, text)."""
    rng = random.Random(seed)
    path = rng.choice(files)
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
    start = rng.randrange(max(1, len(paragraphs) - 40))
    out: list[str] = []
    size = 0
    for para in paragraphs[start:]:
        if not any(ch.isalpha() for ch in para):
            continue  # table cells of bare numbers
        # Plans have many upper-case headings; laws few, so upper-case some short paragraphs.
        if len(para) < 90 and rng.random() < 0.25:
            para = para.upper()
        out.append(para)
        size += len(para)
        if size > PAGE_CHARS:
            break
    return path.name, "\n".join(out)


def make_page(files: list[Path], seed: int, with_vie: bool) -> dict:
    """Render one chunk, OCR its first page with eng (and vie), return the record."""
    from thidua._exec import tesseract
    from thidua.training.synth.render import render_text

    source, text = page_text(files, seed)
    page = render_text(text)[0]
    record = {"source": source, "seed": seed, "gold": page.text}
    record["eng"] = tesseract.image_to_text(page.image, lang="eng")
    if with_vie:
        record["vie"] = tesseract.image_to_text(page.image, lang="vie")
    return record


def generate(corpus: Path, out: Path, n_train: int, n_eval: int) -> None:
    """Fill OUT/train and OUT/eval up to the requested page counts, interleaved, skipping done pages."""
    files = corpus_files(corpus)
    splits = {
        "train": ([f for f in files if not is_held_out(f, files)], n_train, lambda i: i % 3 == 0),
        "eval": ([f for f in files if is_held_out(f, files)], n_eval, lambda i: True),
    }
    jobs = []
    for i in range(max(n_train, n_eval)):
        for name, (pool, n, vie) in splits.items():
            if i < n:
                jobs.append((name, pool, i, vie(i)))
    for name, pool, i, with_vie in jobs:
        target = out / name / f"{i:05d}.json"
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        seed = i if name == "train" else 1_000_000 + i
        record = make_page(pool, seed, with_vie)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        tmp.rename(target)
        print(f"{target}", file=sys.stderr, flush=True)


def scan_for(name: str) -> Scan:
    """A mild scan, seeded by the page's name: 150-300 dpi, slight skew, blur and noise.

    Real archive scans give the English model more varied misreadings (`chitc`, `vurgt`, `nu@c`) than
    clean renders do; the channel learns them from such pages.
    """
    rng = random.Random(name)
    return Scan(
        dpi=rng.choice((150, 200, 200, 300)),
        skew=rng.uniform(-0.8, 0.8),
        blur=rng.uniform(0.0, 0.9),
        noise=rng.uniform(0.0, 14.0),
        speckle=rng.choice((0.0, 0.0005)),
        seed=rng.randrange(1 << 30),
    )


def generate_from_texts(texts: list[Path], out: Path, split: str = "plans", scanned: bool = False) -> None:
    """Render whole texts (e.g. the project's authored plans) and OCR every page into OUT/<split>/.

    `scanned`: each page is degraded like a scan (`scan_for`) before OCR.
    """
    from thidua._exec import tesseract
    from thidua.training.synth.render import render_text

    for path in texts:
        for n, page in enumerate(render_text(path.read_text(encoding="utf-8")), 1):
            target = out / split / f"{path.stem}-{n}.json"
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            record = {"source": path.name, "page": n, "gold": page.text}
            image = degrade(page.image, scan_for(target.stem)) if scanned else page.image
            for lang in ("eng", "vie"):
                record[lang] = tesseract.image_to_text(image, lang=lang)
            target.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            print(f"{target}", file=sys.stderr, flush=True)


def load_pairs(folder: Path) -> list[dict]:
    """All cached page records in one split folder, in name order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--train", type=int, default=120)
    parser.add_argument("--eval", type=int, default=30)
    parser.add_argument("--plans", type=Path, help="also render and OCR every *.txt plan in this folder")
    parser.add_argument("--plans-split", default="plans", help="sub-folder for those pages")
    parser.add_argument("--scanned", action="store_true", help="degrade those pages like scans before OCR")
    args = parser.parse_args(argv)
    if args.plans:
        generate_from_texts(sorted(args.plans.glob("*.txt")), args.out, args.plans_split, args.scanned)
    generate(args.corpus, args.out, args.train, args.eval)


if __name__ == "__main__":
    main(sys.argv[1:])
