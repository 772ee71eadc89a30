"""Restoration metrics, defined exactly as ../shared/tools/score.py: syllable, base accuracy and CER."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"\w+", re.UNICODE)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _strip(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def _tokens(s: str) -> list[str]:
    return WORD.findall(_nfc(s))


def _aligned_acc(g: list[str], o: list[str], key) -> tuple[float, int]:
    gk, ok = [key(t) for t in g], [key(t) for t in o]
    ok_idx: set[int] = set()
    for op in Levenshtein.opcodes(gk, ok):
        if op.tag == "equal":
            ok_idx.update(range(op.src_start, op.src_end))
    alpha = [i for i, t in enumerate(g) if any(ch.isalpha() for ch in t)]
    return sum(1 for i in alpha if i in ok_idx) / max(1, len(alpha)), len(alpha)


def score(gold: str, out: str) -> dict[str, float]:
    """syl_acc, syl_acc_cs, base_acc, cer (rounded to 4 places) and gold_syllables, as score.py."""
    g, o = _tokens(gold), _tokens(out)
    acc, n = _aligned_acc(g, o, str.lower)
    acc_cs, _ = _aligned_acc(g, o, lambda t: t)
    base, _ = _aligned_acc(g, o, lambda t: _strip(t).lower())
    gs = " ".join(_nfc(gold).split())
    os_ = " ".join(_nfc(out).split())
    cer = Levenshtein.distance(gs, os_) / max(1, len(gs))
    return {
        "syl_acc": round(acc, 4),
        "syl_acc_cs": round(acc_cs, 4),
        "base_acc": round(base, 4),
        "cer": round(cer, 4),
        "gold_syllables": n,
    }


def counts(gold: str, out: str) -> tuple[int, int]:
    """(matched, total) gold syllables, for pooling accuracy over many pages."""
    g, o = _tokens(gold), _tokens(out)
    acc, n = _aligned_acc(g, o, str.lower)
    return round(acc * n), n
