"""Domain lexicon of Vietnamese emulation plans: provinces, agencies, awards, document types, signers.

The data lives in `data/domain/*.json` (correct Vietnamese, NFC). `laws.json` is partly derived from
the legal corpus: rebuild it with `python -m thidua.dictionaries.domain build-laws CORPUS_DIR`.
"""

from __future__ import annotations

import functools
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thidua.dictionaries.fold import fold_words

DOMAIN_DIR = Path(__file__).resolve().parent / "data" / "domain"


@dataclass(frozen=True)
class Province:
    """A provincial-level unit; `era` is "pre_2025" (63 units) or "post_2025" (34 units)."""

    name: str
    kind: str  # "tỉnh" or "thành phố"
    era: str
    merged_into: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Written forms: `tỉnh Đồng Tháp`, `thành phố Hà Nội`, `TP. Hồ Chí Minh`, the bare name, aliases."""
        prefixed: tuple[str, ...]
        if self.kind == "thành phố":
            prefixed = (f"thành phố {self.name}", f"TP. {self.name}", f"TP {self.name}")
        else:
            prefixed = (f"tỉnh {self.name}",)
        return (*prefixed, self.name, *self.aliases)


@dataclass(frozen=True)
class Agency:
    """A body that issues, signs or carries out plans, with its abbreviations."""

    name: str
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: str | None = None


@dataclass(frozen=True)
class AwardForm:
    """An award form or emulation title; `conferred_by` is fixed by the name where it says so."""

    name: str
    category: str
    base: str | None = None
    conferred_by: str | None = None


@dataclass(frozen=True)
class DocType:
    """A document type and its code in document symbols (`Kế hoạch` → `KH`)."""

    name: str
    code: str | None


@dataclass(frozen=True)
class SymbolCode:
    """An issuer code in a document symbol (`UBND` in `169/KH-UBND`)."""

    code: str
    issuer: str | None


@dataclass(frozen=True)
class Law:
    """A law cited by name (`Luật Thi đua, khen thưởng`)."""

    name: str
    source: str  # "corpus" or "curated"


@functools.cache
def _load(name: str) -> dict[str, Any]:
    with (DOMAIN_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def provinces(era: str | None = None) -> tuple[Province, ...]:
    """Provinces of one era ("pre_2025" or "post_2025"), or of both (a name can appear twice)."""
    data = _load("provinces.json")
    eras = [era] if era else ["pre_2025", "post_2025"]
    return tuple(
        Province(
            name=row["name"],
            kind=row["kind"],
            era=key,
            merged_into=row.get("merged_into"),
            aliases=tuple(row.get("aliases", ())),
        )
        for key in eras
        for row in data[key]
    )


@functools.cache
def province_names() -> tuple[str, ...]:
    """Every distinct province name of both eras."""
    return tuple(dict.fromkeys(p.name for p in provinces()))


def issuer_kinds() -> dict[str, Any]:
    """Heads of organisation names (`heads`: name, needs a complement, aliases), compounds a head word
    closes (`bound_pairs`) and the ministries (`ministries`), from `issuer_kinds.json`."""
    return _load("issuer_kinds.json")


@functools.cache
def agencies() -> tuple[Agency, ...]:
    """Agencies and their abbreviations."""
    return tuple(
        Agency(
            name=row["name"],
            abbreviations=tuple(row.get("abbreviations", ())),
            aliases=tuple(row.get("aliases", ())),
            kind=row.get("kind"),
        )
        for row in _load("agencies.json")["agencies"]
    )


@functools.cache
def award_forms() -> tuple[AwardForm, ...]:
    """Award forms and emulation titles, most specific first within each family."""
    return tuple(
        AwardForm(
            name=row["name"],
            category=row["category"],
            base=row.get("base"),
            conferred_by=row.get("conferred_by"),
        )
        for row in _load("awards.json")["awards"]
    )


@functools.cache
def doc_types() -> tuple[DocType, ...]:
    """Document types with their symbol codes."""
    return tuple(DocType(name=row["name"], code=row["code"]) for row in _load("doc_types.json")["doc_types"])


@functools.cache
def symbol_codes() -> tuple[SymbolCode, ...]:
    """Issuer codes used in document symbols."""
    return tuple(
        SymbolCode(code=row["code"], issuer=row["issuer"])
        for row in _load("symbol_codes.json")["issuer_codes"]
    )


@functools.cache
def signer_vocabulary() -> dict[str, tuple[str, ...]]:
    """Signature-block words: `capacities` (TM., KT., …), `bodies`, `titles`, `surnames` and `ranks`."""
    data = _load("signers.json")
    return {
        "capacities": tuple(row["code"] for row in data["capacities"]),
        "bodies": tuple(data["bodies"]),
        "titles": tuple(data["titles"]),
        "surnames": tuple(data["surnames"]),
        "ranks": tuple(data["ranks"]),  # military and police ranks printed before a signer's name
    }


@functools.cache
def laws() -> tuple[Law, ...]:
    """Law names: those found in the legal corpus plus a curated list of laws plans cite often."""
    data = _load("laws.json")
    curated = [Law(name, "curated") for name in data["curated"]]
    corpus = [Law(name, "corpus") for name in data["from_corpus"]]
    seen: set[str] = set()
    out = []
    for law in [*curated, *corpus]:
        if fold_words(law.name) not in seen:
            seen.add(fold_words(law.name))
            out.append(law)
    return tuple(out)


_ENACTING = re.compile(r"Quốc hội ban hành ((?:Bộ luật|Luật) [^.;\n]{3,150})\.")


def build_laws(corpus_dir: Path) -> list[str]:
    """Law names from the enacting clause (`Quốc hội ban hành Luật X.`) of every law in a corpus folder."""
    names: set[str] = set()
    for path in sorted(corpus_dir.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
        names.update(" ".join(m.group(1).split()) for m in _ENACTING.finditer(text))
    return sorted(names)


def _main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "build-laws":
        print("usage: python -m thidua.dictionaries.domain build-laws CORPUS_DIR", file=sys.stderr)
        return 2
    path = DOMAIN_DIR / "laws.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["from_corpus"] = build_laws(Path(argv[1]))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['from_corpus'])} law names from {argv[1]} -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
