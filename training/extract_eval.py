"""Per-field accuracy of extract() against expected-value fixtures (our own readings of the documents).

    python -m thidua.training.extract_eval                # authored fixtures + seeds, seeds restored first
    python -m thidua.training.extract_eval --raw          # seeds as garbled OCR, no restoration
    python -m thidua.training.extract_eval --verbose      # list every miss

Scalar fields score 1/0 per document (`exact`; text fields also `folded`: accent-insensitive, fuzzy);
list fields score micro precision / recall over matched items.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from thidua.dictionaries.textkind import text_kind
from thidua.extract import extract
from thidua.extract.lexicon import key
from thidua.normalize import restore as restore_text

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "extract" / "fixtures"
SEEDS = REPO.parent / "shared" / "seeds"
HEADER = ("doc_type", "number", "issuer", "parent_issuer", "province", "place", "issued_date", "title")
FOLDED_ONLY = ("title", "campaign.name", "campaign.theme", "signer.name", "funding.source")


def similar(a: Any, b: Any, threshold: float = 85) -> bool:
    """Equal, or both text and alike once folded (accent-insensitive, fuzzy)."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return fuzz.ratio(key(a), key(b)) >= threshold
    return False


@dataclass
class Score:
    """Counts for one field across documents."""

    correct: int = 0
    total: int = 0
    folded: int = 0
    tp: int = 0
    predicted: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def f1(self) -> float:
        """F1 of a list field (1.0 when nothing was expected or found)."""
        p = self.tp / self.predicted if self.predicted else 1.0
        r = self.tp / self.expected if self.expected else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def is_list(self) -> bool:
        return self.predicted > 0 or self.expected > 0 or self.total == 0


def match_items(pred: list[Any], gold: list[Any], same: Callable[[Any, Any], bool]) -> int:
    """Greedy one-to-one matching: how many gold items have a predicted counterpart."""
    free = list(pred)
    hits = 0
    for g in gold:
        for i, p in enumerate(free):
            if same(p, g):
                hits += 1
                del free[i]
                break
    return hits


def _list(scores: dict[str, Score], name: str, doc: str, pred: list, gold: list, same: Callable) -> None:
    s = scores[name]
    tp = match_items(pred, gold, same)
    s.tp += tp
    s.predicted += len(pred)
    s.expected += len(gold)
    if tp < len(gold) or tp < len(pred):
        s.misses.append(f"{doc}: matched {tp} of {len(gold)} expected, {len(pred)} predicted")


def _scalar(scores: dict[str, Score], name: str, doc: str, pred: Any, gold: Any) -> None:
    s = scores[name]
    s.total += 1
    exact = pred == gold
    s.correct += exact
    s.folded += exact or similar(pred, gold, 90)
    if not exact:
        s.misses.append(f"{doc}: got {pred!r}, expected {gold!r}")


def compare(record: dict[str, Any], expected: dict[str, Any], doc: str, scores: dict[str, Score]) -> None:
    """Add one document's comparison to the running scores."""
    for name in HEADER:
        _scalar(scores, name, doc, record.get(name), expected["header"].get(name))

    def basis_same(p: dict, g: dict) -> bool:
        ok = p.get("type") == g["type"] and p.get("number") == g["number"] and p.get("date") == g["date"]
        ok = ok and similar(p.get("issuer"), g.get("issuer"), 95)
        return ok and ("name" not in g or similar(p.get("name"), g["name"], 90))

    _list(scores, "legal_bases", doc, record.get("legal_bases", []), expected["legal_bases"], basis_same)

    camp, gold_camp = record.get("campaign"), expected["campaign"]
    if gold_camp is None:
        _scalar(scores, "campaign", doc, camp is None, True)
    else:
        camp = camp or {}
        _scalar(scores, "campaign.name", doc, camp.get("name"), gold_camp["name"])
        _scalar(scores, "campaign.theme", doc, camp.get("theme"), gold_camp["theme"])
        _scalar(scores, "campaign.period", doc, camp.get("period"), gold_camp["period"])
        _list(
            scores,
            "campaign.phases",
            doc,
            camp.get("phases", []),
            gold_camp["phases"],
            lambda p, g: p["name"] == g["name"] and p["start"] == g["start"] and p["end"] == g["end"],
        )

    _list(
        scores, "targets", doc, [t["text"] for t in record.get("targets", [])], expected["targets"], similar
    )
    _list(
        scores,
        "quantitative_targets",
        doc,
        record.get("quantitative_targets", []),
        expected["quantitative_targets"],
        lambda p, g: p["value"] == g["value"] and similar(p.get("unit"), g["unit"], 80),
    )
    _list(
        scores,
        "deadlines",
        doc,
        record.get("deadlines", []),
        expected["deadlines"],
        lambda p, g: p["date"] == g["date"] and p["recurring"] == g["recurring"],
    )
    _list(
        scores,
        "deadlines.recipient",
        doc,
        record.get("deadlines", []),
        expected["deadlines"],
        lambda p, g: p["date"] == g["date"] and similar(p.get("recipient"), g.get("recipient")),
    )
    _list(
        scores,
        "awards",
        doc,
        record.get("awards", []),
        expected["awards"],
        lambda p, g: (
            p["form"] == g["form"]
            and p["count"] == g["count"]
            and p["kind"] == g["kind"]
            and similar(p.get("conferred_by"), g.get("conferred_by"), 90)
            and ("page" not in g or p["evidence"]["page"] == g["page"])
        ),
    )
    funding, gold_funding = record.get("funding"), expected["funding"]
    _scalar(
        scores,
        "funding.source",
        doc,
        funding and funding.get("source"),
        gold_funding and gold_funding["source"],
    )
    _list(
        scores,
        "responsible",
        doc,
        [r["agency"] for r in record.get("responsible", [])],
        expected["responsible"],
        similar,
    )
    signer, gold_signer = record.get("signer"), expected["signer"]
    for part in ("name", "title", "capacity"):
        _scalar(scores, f"signer.{part}", doc, (signer or {}).get(part), (gold_signer or {}).get(part))
    _list(
        scores,
        "recipients",
        doc,
        [r["name"] for r in record.get("recipients", [])],
        expected["recipients"],
        similar,
    )


def fixtures(
    fixture_dir: Path = FIXTURES, seeds_dir: Path = SEEDS
) -> Iterable[tuple[str, str, dict[str, Any]]]:
    """(name, text, expected) for every fixture whose source text is present."""
    for path in sorted((fixture_dir / "authored").glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        yield (
            f"authored/{path.stem}",
            (path.parent / expected["source"]).read_text(encoding="utf-8"),
            expected,
        )
    for path in sorted((fixture_dir / "seeds").glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        source = seeds_dir / expected["source"]
        if source.exists():
            yield f"seeds/{path.stem}", source.read_text(encoding="utf-8"), expected


def evaluate(items: Iterable[tuple[str, str, dict[str, Any]]], restore: bool = True) -> dict[str, Score]:
    """Scores per field over the given documents."""
    scores: dict[str, Score] = defaultdict(Score)
    for name, text, expected in items:
        if restore and text_kind(text) != "accented":
            text = restore_text(text).text
        record = extract(text).record
        compare(record, expected, name, scores)
    return scores


def report(scores: dict[str, Score], verbose: bool = False) -> str:
    """A table: scalar fields with exact/folded accuracy, list fields with precision/recall."""
    lines = [f"{'field':24} {'exact':>8} {'folded':>8}   {'precision':>9} {'recall':>8}"]
    for name, s in scores.items():
        if s.total:
            folded = f"{s.folded / s.total:8.2f}" if name in FOLDED_ONLY or name in HEADER else " " * 8
            lines.append(f"{name:24} {s.correct / s.total:8.2f} {folded}   ({s.correct}/{s.total})")
        else:
            p = s.tp / s.predicted if s.predicted else 1.0
            r = s.tp / s.expected if s.expected else 1.0
            lines.append(
                f"{name:24} {'':8} {'':8}   {p:9.2f} {r:8.2f}   "
                f"({s.tp} matched, {s.predicted} found, {s.expected} expected)"
            )
        if verbose:
            lines.extend(f"    - {miss}" for miss in s.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--raw", action="store_true", help="do not restore garbled seeds first")
    parser.add_argument("--only", choices=["authored", "seeds"], help="one fixture set")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    items = [x for x in fixtures(args.fixtures, args.seeds) if not args.only or x[0].startswith(args.only)]
    print(f"{len(items)} documents ({'raw OCR' if args.raw else 'restored when garbled'})")
    print(report(evaluate(items, restore=not args.raw), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
