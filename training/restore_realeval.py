"""Restoration of real text, scored as score.py: the gold seeds, accent-stripped and OCR-read realdocs.

usage: python -m thidua.training.restore_realeval [--set gold,stripped,eng,vie,correct]
       [--split heldout|dev|fold:LETTERS] [--build-cache] [--lm DIR]

`gold`: the restored ../shared/seeds plans against ../shared/seeds-gold. `stripped`: realdocs with every
diacritic removed, restored, against the originals. `correct`: the realdocs as written, which must come
back unchanged. `eng`: each realdoc's first page rendered
(thidua.training.synth.render) and read by `tesseract -l eng`; `vie`: the same page read by `-l vie`,
whose restoration must never be worse than the reading (both cached under build/normalize-realdocs/,
built with --build-cache, one page at a time), restored, against the page's gold lines. Splits: realdoc_split;
`fold:ab` is the dev realdocs whose name starts with a or b, scored with `--lm` a folder holding an LM built
without them (build_dictionaries --leave-out ab --out DIR), since the shipped LM trains on every dev realdoc.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from thidua.training.metrics import counts
from thidua.training.realdocs_split import SHARED, documents, text_of
from thidua.training.restore_eval import strip_keep_case

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "build" / "normalize-realdocs" / "eng"
READINGS = ("eng", "vie")  # the models each cached page is read with
FIRST_LINES = 80  # enough input lines to fill the first rendered page (about 38 wrapped lines)


def gold_pairs(shared: Path = SHARED) -> Iterator[tuple[str, str, str]]:
    """(name, garbled seed, gold restoration) for each seed that has a gold file."""
    for gold in sorted((shared / "seeds-gold").glob("plan-*.txt")):
        seed = shared / "seeds" / gold.name
        if seed.exists():
            yield gold.stem, seed.read_text(encoding="utf-8"), gold.read_text(encoding="utf-8")


def stripped_pairs(paths: list[Path]) -> Iterator[tuple[str, str, str]]:
    """(name, accent-stripped text, original) for each realdoc."""
    for path in paths:
        gold = text_of(path)
        yield path.stem, strip_keep_case(gold), gold


def correct_pairs(paths: list[Path]) -> Iterator[tuple[str, str, str]]:
    """(name, original, original) for each realdoc: correct text, which restoration must leave unchanged."""
    for path in paths:
        gold = text_of(path)
        yield path.stem, gold, gold


def first_page(text: str) -> str:
    """The gold lines of the first page `render_text` lays the text out on."""
    from thidua.training.synth.render import render_text

    return render_text("\n".join(text.splitlines()[:FIRST_LINES]))[0].text


def build_cache(split: str) -> None:
    """Render each realdoc's first page and read it with `tesseract -l eng` and `-l vie` into CACHE
    (resumable: a page cached with one reading gets the other)."""
    from thidua._exec import tesseract
    from thidua.training.synth.render import render_text

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    CACHE.mkdir(parents=True, exist_ok=True)
    for path in split_documents(split):
        target = CACHE / f"{path.stem}.json"
        record = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
        if all(lang in record for lang in READINGS):
            continue
        page = render_text("\n".join(text_of(path).splitlines()[:FIRST_LINES]))[0]
        record["gold"] = page.text
        for lang in READINGS:
            record[lang] = record.get(lang) or tesseract.image_to_text(page.image, lang=lang)
        target.with_suffix(".tmp").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        target.with_suffix(".tmp").rename(target)
        print(target.name, file=sys.stderr, flush=True)


def ocr_pairs(paths: list[Path], lang: str) -> Iterator[tuple[str, str, str]]:
    """(name, `lang`-model OCR of the first page, its gold lines) for each realdoc in the cache."""
    for path in paths:
        cached = CACHE / f"{path.stem}.json"
        if cached.exists():
            record = json.loads(cached.read_text(encoding="utf-8"))
            if lang in record:
                yield path.stem, record[lang], record["gold"]


def score_set(
    pairs: Iterator[tuple[str, str, str]], restore: Callable[[str], str]
) -> tuple[dict[str, float], dict[str, float]]:
    """(per-item syl_acc, {input, pooled, mean, min, items, syllables}) with score.py's syllable accuracy."""
    per: dict[str, float] = {}
    hit_in = hit_out = total = 0
    for name, text, gold in pairs:
        h_in, n = counts(gold, text)
        h_out, _ = counts(gold, restore(text))
        hit_in, hit_out, total = hit_in + h_in, hit_out + h_out, total + n
        per[name] = round(h_out / max(1, n), 4)
    summary = {
        "items": len(per),
        "syllables": total,
        "input": round(hit_in / max(1, total), 4),
        "pooled": round(hit_out / max(1, total), 4),
        "mean": round(sum(per.values()) / max(1, len(per)), 4),
        "min": min(per.values(), default=0.0),
    }
    return per, summary


def split_documents(split: str) -> list[Path]:
    """The realdocs of `heldout`, `dev` or `fold:LETTERS` (the dev realdocs starting with those letters)."""
    if split.startswith("fold:"):
        letters = split.partition(":")[2].lower()
        return [p for p in documents("dev") if p.name[:1].lower() in letters]
    if split == "heldout":
        return documents("heldout")
    if split == "dev":
        return documents("dev")
    return []  # no realdoc belongs to another split


def run(sets: list[str], split: str, restore: Callable[[str], str]) -> dict[str, dict]:
    """Scores of each requested set."""
    sources = {
        "gold": lambda: gold_pairs(),
        "stripped": lambda: stripped_pairs(split_documents(split)),
        "eng": lambda: ocr_pairs(split_documents(split), "eng"),
        "vie": lambda: ocr_pairs(split_documents(split), "vie"),
        "correct": lambda: correct_pairs(split_documents(split)),
    }
    out = {}
    for name in sets:
        per, summary = score_set(sources[name](), restore)
        out[name] = {**summary, "per_item": per}
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="gold,stripped,eng")
    parser.add_argument("--split", default="heldout", help="heldout, dev or fold:LETTERS")
    parser.add_argument("--build-cache", action="store_true")
    parser.add_argument("--lm", type=Path, help="folder of the lm.npz to restore with (a dev-fold LM)")
    parser.add_argument("-v", action="store_true", help="per-item figures")
    args = parser.parse_args(argv)
    if args.build_cache:
        build_cache(args.split)
        return
    if args.lm is not None:
        from thidua.normalize import lm

        lm.DATA_DIR = args.lm  # read by lm.load(), before the restorer first loads it
    from thidua.normalize import restore

    report = run(args.set.split(","), args.split, lambda t: restore(t).text)
    if not args.v:
        report = {k: {kk: vv for kk, vv in v.items() if kk != "per_item"} for k, v in report.items()}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
