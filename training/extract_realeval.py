"""Extraction accuracy on real documents against hand-annotated gold values (offline tooling).

    python -m thidua.training.extract_realeval                     # dev and heldout, clean text
    python -m thidua.training.extract_realeval --variant eng-ocr   # rendered, read by `tesseract -l eng`
    python -m thidua.training.extract_realeval --variant eng-ocr --build-cache   # that cache (~5 s a page)
    python -m thidua.training.extract_realeval --split heldout -v  # one split, every miss listed
    python -m thidua.training.extract_realeval --variant eng-end   # the closing (signer) read by `-l eng`
    python -m thidua.training.extract_realeval --variant scan      # real scans through ingest + restore
    python -m thidua.training.extract_realeval --variant scan-whole   # the same, every page of each
    python -m thidua.training.extract_realeval --variant scan-layer   # page 1 with its own OCR layer
    python -m thidua.training.extract_realeval --variant scan-small   # page 1 copied at 960 px
    python -m thidua.training.extract_realeval --variant scan-photo   # page 1 photographed (synthetic)
    python -m thidua.training.extract_realeval --variant scan-fax     # page 1 faxed (synthetic)
    python -m thidua.training.extract_realeval --variant plans     # the five real seed plans, complete

Gold files: `tests/extract/fixtures/realdocs/*.json` (texts in `../shared/realdocs/`) and
`tests/extract/fixtures/realdocs/pages/*.json` (texts cached by whoever collected them, `--pages-cache`).
Only the keys a gold file has are scored. Matching: doc_type, number, issued_date exactly; issuer,
parent_issuer, province, place case-insensitively (place and province without a leading `tỉnh`/`thành phố`);
title accent-insensitively and fuzzily (ratio ≥ 90); a legal basis when type, number, date and issuer agree
(and, unnumbered, its name fuzzily); signer parts case-insensitively (the capacity by its last
line, the one above the title); awards by form and count; deadlines by date.
`eng-end` renders each document's closing lines (the recipients and the signature block) and reads them
back by `tesseract -l eng` (`--build-cache`); only the signer is scored there (a garbled name, as in seeds).
`header` is the mean of doc_type, number, issuer, province, place, issued_date and title.

`plans` scores every field of the complete real plans (`../shared/seeds/plan-00*.txt`, gold in
`tests/extract/fixtures/seeds/`), English-model OCR restored first; plan-001 and plan-004 are the
held-out part (as for restoration, `../shared/seeds-gold/README.md`), though the extractor was built
looking at all five.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from thidua.extract import extract
from thidua.normalize import restore
from thidua.training.extract_eval import Score, match_items, similar

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "extract" / "fixtures" / "realdocs"
SHARED = Path(os.environ.get("THIDUA_SHARED", REPO.parent / "shared"))
CACHE = REPO / "build" / "realdocs-ocr"
HEADER7 = ("doc_type", "number", "issuer", "province", "place", "issued_date", "title")
KEY_FIELDS = ("number", "issuer", "issued_date", "title")  # what identifies a document
SCALARS = (*HEADER7, "parent_issuer")
_LEVEL = re.compile(r"^(?:thành phố|tỉnh|tp\.?|thị xã|huyện)\s+", re.I)


def norm(value: Any) -> Any:
    """Case- and spacing-insensitive form of a text value (`Uỷ` and `Ủy` alike)."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value).replace("uỷ", "ủy").replace("Uỷ", "Ủy")
    value = re.sub(r"\s*([,;:])\s*", r"\1 ", value)
    return " ".join(value.split()).strip(" .;,").casefold()


def _capacity(value: Any) -> Any:
    """The capacity line above the title, its code written one way (`K/T`, `KT.CHỦ TỊCH` → `KT. CHỦ TỊCH`)."""
    if not isinstance(value, str):
        return value
    last = value.split(";")[-1].strip()
    return re.sub(
        r"^([KTkt])\s*/\s*([TMLtml])\.?\s*|^([A-Za-z]{1,3})\.\s*",
        lambda m: f"{(m[1] or '') + (m[2] or '') or m[3]}. ".upper(),
        last,
    )


def _place(value: Any) -> Any:
    return _LEVEL.sub("", norm(value)) if isinstance(value, str) else value


SAME: dict[str, Callable[[Any, Any], bool]] = {
    "doc_type": lambda p, g: p == g,
    "number": lambda p, g: (p or "").replace(" ", "") == (g or "").replace(" ", ""),
    "issued_date": lambda p, g: p == g,
    "issuer": lambda p, g: norm(p) == norm(g),
    "parent_issuer": lambda p, g: norm(p) == norm(g),
    "province": lambda p, g: _place(p) == _place(g),
    "place": lambda p, g: _place(p) == _place(g),
    "title": lambda p, g: similar(p, g, 90),
}


def basis_same(p: dict[str, Any], g: dict[str, Any]) -> bool:
    """One cited document: type, number, date and issuer agree (an unnumbered one by name too)."""
    if p.get("type") != g.get("type") or (p.get("number") or None) != (g.get("number") or None):
        return False
    if p.get("date") != g.get("date"):
        return False
    if norm(p.get("issuer")) != norm(g.get("issuer")) and not similar(p.get("issuer"), g.get("issuer"), 92):
        return False
    return bool(g.get("number")) or not g.get("name") or similar(p.get("name"), g.get("name"), 85)


def basis_found(p: dict[str, Any], g: dict[str, Any]) -> bool:
    """The same document is cited (by number, or by type and name): what a search for it needs."""
    if g.get("number"):
        return (p.get("number") or "") == g["number"]
    return p.get("type") == g.get("type") and similar(p.get("name"), g.get("name"), 85)


def _list(t: Score, doc: str, pred: list[Any], gold: list[Any], same: Callable[[Any, Any], bool]) -> None:
    tp = match_items(pred, gold, same)
    t.tp, t.predicted, t.expected = t.tp + tp, t.predicted + len(pred), t.expected + len(gold)
    if tp < max(len(gold), len(pred)):
        t.misses.append(f"{doc}: {tp} matched of {len(gold)} expected, {len(pred)} found")


def compare(
    record: dict[str, Any], gold: dict[str, Any], doc: str, tallies: dict[str, Score], whole: bool = True
) -> None:
    """Add one document to the tallies (only the keys the gold file has; only the header unless `whole`)."""
    for name, expected in gold.get("header", {}).items():
        if name not in SAME:
            continue
        t = tallies[name]
        t.total += 1
        if SAME[name](record.get(name), expected):
            t.correct += 1
        else:
            t.misses.append(f"{doc}: got {record.get(name)!r}, expected {expected!r}")
    if not whole:
        return
    if "legal_bases" in gold and not gold.get("legal_bases_partial"):
        _list(tallies["legal_bases"], doc, record["legal_bases"], gold["legal_bases"], basis_same)
        _list(tallies["legal_bases.found"], doc, record["legal_bases"], gold["legal_bases"], basis_found)
    if "signer" in gold:
        signer, expected = record.get("signer") or {}, gold["signer"] or {}
        for part in ("name", "title", "capacity"):
            t = tallies[f"signer.{part}"]
            t.total += 1
            got, want = signer.get(part), expected.get(part)
            if part == "capacity":  # `TM. ỦY BAN; KT. CHỦ TỊCH`: the capacity is the line above the title
                got, want = (_capacity(v) for v in (got, want))
            if norm(got) == norm(want):
                t.correct += 1
            else:
                t.misses.append(f"{doc}: got {signer.get(part)!r}, expected {expected.get(part)!r}")
    if "awards" in gold:
        _list(
            tallies["awards"],
            doc,
            record["awards"],
            gold["awards"],
            lambda p, g: norm(p["form"]) == norm(g["form"]) and p.get("count") == g.get("count"),
        )
    if "deadlines" in gold:
        _list(
            tallies["deadlines"],
            doc,
            record["deadlines"],
            gold["deadlines"],
            lambda p, g: p["date"] == g["date"],
        )


@dataclass(frozen=True)
class Item:
    """One gold document: its name, split, gold values and where its text is."""

    name: str
    split: str
    gold: dict[str, Any]
    path: Path

    def text(self, variant: str) -> str | None:
        """The document's text in a variant: `clean` as published, `eng` its first two pages rendered and
        read back by `tesseract -l eng`, `eng-end` its closing lines so (`--build-cache`)."""
        if variant == "clean":
            if not self.path.exists():
                return None
            return strip_source_line(self.path.read_text(encoding="utf-8"))
        cached = CACHE / variant / f"{self.path.stem}.txt"
        return cached.read_text(encoding="utf-8") if cached.exists() else None


END_LINES = 30  # a document's closing: the recipients and the signature block, about one rendered page


def build_cache(selected: list[Item], variant: str = "eng", pages: int = 2) -> None:
    """Render each document's first pages (`eng`) or its closing lines (`eng-end`) and read them back with
    `tesseract -l eng` into the variant's cache (held-out documents first); resumable, one file each."""
    from thidua._exec import tesseract
    from thidua.training.synth.render import render_text

    tesseract.single_threaded()
    out = CACHE / variant
    out.mkdir(parents=True, exist_ok=True)
    for item in sorted(selected, key=lambda i: (i.split != "heldout", i.name)):
        target = out / f"{item.path.stem}.txt"
        if target.exists() or not item.path.exists():
            continue
        if variant == "eng-end" and not item.gold.get("signer"):
            continue
        text = strip_source_line(item.path.read_text(encoding="utf-8"))
        if variant == "eng-end":
            end = closing(text, item.gold["signer"]["name"])
            if end is None:
                continue
            rendered = render_text(end)
        else:
            rendered = render_text(text)[:pages]
        text = "\f".join(tesseract.image_to_text(page.image, lang="eng") for page in rendered)
        target.with_suffix(".tmp").write_text(text, encoding="utf-8")
        target.with_suffix(".tmp").rename(target)
        print(target, file=sys.stderr, flush=True)


def closing(text: str, name: str | None) -> str | None:
    """The lines up to the signer's name line (`END_LINES` of them) and two after: the signature block, also
    where an appendix follows; None when no line is the name (or a rank and the name)."""
    lines = text.rstrip().splitlines()
    at = [i for i, line in enumerate(lines) if name and norm(line) == norm(name)]
    at = at or [i for i, line in enumerate(lines) if name and line.rstrip(" *").endswith(name)]
    return "\n".join(lines[max(0, at[0] + 3 - END_LINES) : at[0] + 3]) if at else None


def strip_source_line(text: str) -> str:
    """Drop the `# source:` line the collected texts open with."""
    return text.split("\n", 1)[1] if text.startswith("# source:") else text


SCAN_KINDS = {
    "scan": "page 1",
    "scan-whole": "every page",
    "scan-layer": "page 1 with an OCR layer",
    "scan-small": "page 1 at 960 px",
    "scan-photo": "page 1 photographed",
    "scan-fax": "page 1 faxed",
}
DERIVED = ("scan-layer", "scan-small", "scan-photo", "scan-fax")  # page 1 as another archive holds it
FAX_DPI = 200
SMALL_HEIGHT = 960  # pixels: a page copied at screen size (about 80 dpi for A4), as archives pass them on


def scan_items(
    gold_dir: Path = GOLD.parent / "realscans", shared: Path = SHARED, kind: str = "scan"
) -> Iterator[Item]:
    """The real scans with gold header values (their text comes from running the pipeline on them):
    page 1 (`scan`), the complete source documents of those that name one (`whole_source`,
    `scan-whole`), page 1 as scanning software delivers it, with its own OCR layer (`scan-layer`), or
    page 1 copied small: scaled to SMALL_HEIGHT pixels and saved as a JPEG without its resolution
    (`scan-small`), photographed by a phone (`scan-photo`: training/synth/marks.photo, a JPEG without its
    resolution) or faxed (`scan-fax`: one bit per pixel at 200 dpi, marks.bilevel)."""
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if kind == "scan-whole" and "whole_source" not in gold:
            continue
        source = gold["whole_source"] if kind == "scan-whole" else gold["source"]
        yield Item(f"{kind}/{path.stem}", gold["split"], gold, shared / source)


def derived_page(kind: str, source: Path) -> Path:
    """Page 1 of a scan as a `DERIVED` variant delivers it, cached."""
    from thidua.ingest import images, pdf
    from thidua.training.synth import marks

    suffix = {"scan-layer": ".pdf", "scan-fax": ".png"}.get(kind, ".jpg")
    out = CACHE / f"{kind}-src" / f"{source.stem}{suffix}"
    if out.exists():
        return out
    if source.suffix.lower() == ".pdf":
        image, dpi = pdf.render_page(source, 0, pdf.read_layers(source, max_pages=None)[0].scale)
    else:
        image, dpi = images.load_frame(source, 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    if kind == "scan-small":
        small = image.convert("RGB").resize((round(image.width * SMALL_HEIGHT / image.height), SMALL_HEIGHT))
        small.save(out, quality=75)
        return out
    if kind == "scan-photo":
        marks.photo(image, seed=len(source.stem)).save(out, quality=85)
        return out
    if kind == "scan-fax":
        scale = FAX_DPI / dpi
        fax = image.convert("L").resize((round(image.width * scale), round(image.height * scale)))
        marks.bilevel(fax, seed=len(source.stem)).save(out, dpi=(FAX_DPI, FAX_DPI))
        return out
    return with_ocr_layer(image, dpi, out)


def with_ocr_layer(image: Image.Image, dpi: int, out: Path) -> Path:
    """A scan as a PDF of its image with an invisible OCR text layer, the way scanners and OCR programs
    deliver searchable PDFs (here `tesseract -l vie … pdf`)."""
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(dpi, dpi))
        command = ["tesseract", str(png), str(Path(tmp) / "page"), "-l", "vie", "--dpi", str(dpi), "pdf"]
        subprocess.run(command, check=True, capture_output=True, env=os.environ | {"OMP_THREAD_LIMIT": "1"})
        shutil.move(Path(tmp) / "page.pdf", out)
    return out


def scan_reading(item: Item) -> tuple[str, list[tuple[int, int]]]:
    """A real scan through ingest and restoration, page 1 only but for `scan-whole/` items, which read
    every page: (restored text, uncertain spans), cached."""
    kind, stem = item.name.split("/")
    cached = CACHE / kind / f"{stem}.json"
    if cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return data["text"], [tuple(span) for span in data["uncertain"]]
    from thidua.ingest import ingest_file
    from thidua.pipeline import restore_document

    document = ingest_file(derived_page(kind, item.path) if kind in DERIVED else item.path)
    if kind != "scan-whole":
        document.pages = document.pages[:1]
    restored, uncertain = restore_document(document)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(
        json.dumps({"text": restored.text, "uncertain": uncertain}, ensure_ascii=False), "utf-8"
    )
    return restored.text, uncertain


def evaluate_scans(selected: list[Item]) -> tuple[dict[str, Score], int, list[str]]:
    """Header tallies on real scans, and the fields stored wrong without a flag (confidently wrong)."""
    tallies: dict[str, Score] = defaultdict(Score)
    unflagged: list[str] = []
    for item in selected:
        text, uncertain = scan_reading(item)
        record = extract(text, uncertain=uncertain).record
        compare(record, item.gold, item.name, tallies, whole=False)
        signed = item.name.startswith("scan-whole/") and "signer" in item.gold  # its signature page was read
        if signed:
            compare(record, {"signer": item.gold["signer"]}, item.name, tallies)
        flagged = {r["field"] for r in record["review"]}
        for name, expected in item.gold["header"].items():
            got = record.get(name)
            confidence = record["evidence"].get(name, {}).get("confidence", 1.0)
            if got is not None and not SAME[name](got, expected) and name not in flagged and confidence > 0.3:
                unflagged.append(
                    f"{item.name}: {name} {got!r} (expected {expected!r}, confidence {confidence})"
                )
        signer = record.get("signer") or {}
        want = (item.gold["signer"] or {}).get("name") if signed else None
        named = signed and signer.get("name") and norm(signer["name"]) != norm(want)
        if named and "signer" not in flagged and signer.get("confidence", 1.0) > 0.3:
            unflagged.append(f"{item.name}: signer name {signer['name']!r} (expected {want!r})")
    return tallies, len(selected), unflagged


PLAN_HELDOUT = ("plan-001", "plan-004")


def plan_items(gold_dir: Path = GOLD.parent / "seeds", shared: Path = SHARED) -> Iterator[Item]:
    """The real seed plans (complete: awards, deadlines and signature), plan-001 and plan-004 held out."""
    for path in sorted(gold_dir.glob("plan-*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        split = "heldout" if path.stem in PLAN_HELDOUT else "dev"
        yield Item(f"seed/{path.stem}", split, gold, shared / "seeds" / gold["source"])


def evaluate_plans(selected: list[Item]) -> tuple[dict[str, Score], int]:
    """Every scored field of the seed plans, garbled ones restored first (as the pipeline does)."""
    from thidua.dictionaries.textkind import text_kind

    tallies: dict[str, Score] = defaultdict(Score)
    for item in selected:
        text = item.path.read_text(encoding="utf-8")
        if text_kind(text) != "accented":
            text = restore(text).text
        compare(extract(text).record, item.gold, item.name, tallies)
    return tallies, len(selected)


def items(gold_dir: Path = GOLD, shared: Path = SHARED, pages_cache: Path | None = None) -> Iterator[Item]:
    """Every gold document whose text is at hand."""
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        yield Item(path.stem, gold["split"], gold, shared / gold["source"])
    if pages_cache:
        for path in sorted((gold_dir / "pages").glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            yield Item(f"pages/{path.stem}", gold["split"], gold, pages_cache / f"{path.stem}.txt")


def evaluate(selected: list[Item], variant: str) -> tuple[dict[str, Score], int]:
    """Tallies over the documents whose text exists in the variant, and how many there were."""
    tallies: dict[str, Score] = defaultdict(Score)
    n = 0
    for item in selected:
        text = item.text(variant)
        if text is None:
            continue
        n += 1
        if variant != "clean":
            text = restore(text).text  # OCR output, restored as the pipeline does before extraction
        record = extract(text).record
        if variant == "eng-end":  # only the closing was read: its signer is what is scored
            compare(record, {"signer": item.gold["signer"]}, item.name, tallies)
        else:
            compare(record, item.gold, item.name, tallies, whole=variant == "clean")
    return tallies, n


def mean_accuracy(tallies: dict[str, Score], fields: Sequence[str]) -> float:
    """Mean accuracy of the scored `fields`."""
    scores = [tallies[f].correct / tallies[f].total for f in fields if tallies[f].total]
    return sum(scores) / len(scores) if scores else 0.0


def header_score(tallies: dict[str, Score]) -> float:
    """Mean accuracy of the seven header fields."""
    return mean_accuracy(tallies, HEADER7)


def key_score(tallies: dict[str, Score]) -> float:
    """Mean accuracy of the four fields that identify a document: number, issuer, issued_date, title."""
    return mean_accuracy(tallies, KEY_FIELDS)


def report(tallies: dict[str, Score], n: int, verbose: bool) -> str:
    lines = [f"{n} documents   header (7 fields) {header_score(tallies):.3f}"]
    for name in sorted(tallies, key=lambda k: (k not in SCALARS, k)):
        t = tallies[name]
        if not (t.total or t.predicted or t.expected):
            continue
        if t.total:
            lines.append(f"  {name:20} {t.correct / t.total:6.3f}  ({t.correct}/{t.total})")
        else:
            lines.append(
                f"  {name:20} F1 {t.f1():.3f}  ({t.tp} matched, {t.predicted} found, {t.expected} expected)"
            )
        if verbose:
            lines.extend(f"      - {m}" for m in t.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--variant",
        default="clean",
        help=f"clean, eng-ocr (cached OCR of renders), eng-end (their closing), {', '.join(SCAN_KINDS)} "
        "or plans",
    )
    parser.add_argument("--split", choices=["dev", "heldout"], action="append")
    parser.add_argument("--pages-cache", type=Path, help="folder of the `pages` gold set's texts")
    parser.add_argument("--only", help="documents whose name contains this")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--build-cache", action="store_true", help="render and OCR the texts for --variant")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    variant = "eng" if args.variant == "eng-ocr" else args.variant
    if variant in SCAN_KINDS:
        scans = [
            i for i in scan_items(kind=variant) if i.path.exists() and (not args.only or args.only in i.name)
        ]
        what = SCAN_KINDS[variant]
        for split in args.split or ["dev", "heldout"]:
            tallies, n, unflagged = evaluate_scans([i for i in scans if i.split == split])
            print(f"[{split} · real scans, {what} through the pipeline] " + report(tallies, n, args.verbose))
            print(f"  key fields (number, issuer, issued_date, title) {key_score(tallies):.3f}")
            print(f"  confidently wrong (wrong, no review item, confidence > 0.3): {len(unflagged)}")
            for line in unflagged if args.verbose else []:
                print(f"      - {line}")
        return 0
    if variant == "plans":
        plans = [i for i in plan_items() if i.path.exists() and (not args.only or args.only in i.name)]
        for split in args.split or ["dev", "heldout"]:
            tallies, n = evaluate_plans([i for i in plans if i.split == split])
            print(f"[{split} · complete real plans] " + report(tallies, n, args.verbose))
        return 0
    all_items = [i for i in items(pages_cache=args.pages_cache) if not args.only or args.only in i.name]
    if args.build_cache:
        build_cache(all_items, variant)
    out = {}
    for split in args.split or ["dev", "heldout"]:
        tallies, n = evaluate([i for i in all_items if i.split == split], variant)
        out[split] = {"documents": n, "header": round(header_score(tallies), 4)} | {
            k: round(t.correct / t.total, 4) if t.total else round(t.f1(), 4) for k, t in tallies.items()
        }
        if not args.json:
            print(f"[{split} · {args.variant}] " + report(tallies, n, args.verbose))
    if args.json:
        print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
