"""Build the syllable 4-gram language model (interpolated Kneser-Ney) from the held-in legal corpus,
the project's own documents and the dev part of ../shared/realdocs.

usage: python -m thidua.training.build_dictionaries [CORPUS_DIR] [--out DIR] [--leave-out LETTERS]
       (CORPUS_DIR: default ../shared/corpora beside the repo)

`--leave-out ab --out build/lm-fold-ab` builds a dev-fold LM for tuning: the dev realdocs whose name starts
with those letters are left out too (score them with restore_realeval --split fold:ab --lm that folder).

Writes dictionaries/data/lm.npz (vocabulary, log-probabilities, backoff weights; no corpus text),
case.npz (per syllable, counts of its case beside its neighbours' case, see thidua.normalize.casectx) and
codes.txt (upper-case codes with a Đ the training text writes consistently).
Held-out laws (thidua.training.law_split) and held-out realdocs (thidua.training.realdocs_split) are skipped
so evaluation text stays unseen.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict, Unpack

import numpy as np

from thidua.dictionaries import DATA_DIR, strip_marks, syllables
from thidua.dictionaries.tone import new_style
from thidua.normalize.codes import is_unit
from thidua.normalize.tokens import DATE
from thidua.training.law_split import corpus_files, is_held_out
from thidua.training.realdocs_split import REALDOCS, documents, text_of

# <p> pads word-list entries; <unit> is a unit of measure after a number (110 kV, 5 ha)
SPECIALS = ("<s>", "</s>", "<unk>", "<num>", "<sym>", "<p>", "<date>", "<unit>")
MIN_FOURGRAM_COUNT = 2
# n-gram orders with modified Kneser-Ney discounts (counts 1, 2, 3+ apart): the 4-gram level alone gained on
# English-model OCR on both dev folds (+0.03-0.06 pt) with accent-stripped text unchanged; all levels lost
# 0.01-0.03 pt on accent-stripped text, the lower two alone lost there too
MODIFIED_KN = frozenset({4})
DOMAIN_REPEAT = 3  # the domain lexicon and plan phrases are small: count them a few times
ADMIN_DIR = DATA_DIR.parent / "text" / "admin"  # the project's own plan-like documents
# 1 beat 3 on the dev folds ab and 01 beside the realdocs (stripped +0.01-0.02 pt, English OCR +0.02-0.03 pt);
# 0 lost 0.1-0.15 pt on accent-stripped text
ADMIN_REPEAT = 1
REALDOCS_REPEAT = 1  # real 2025 documents, dev part: 1 beat 2 and 4 on a dev fold left out of training


def vocabulary() -> list[str]:
    """LM vocabulary: special tokens then the syllable inventory, sorted."""
    return [*SPECIALS, *sorted({new_style(s) for s in syllables()})]


def token_ids(text: str, index: dict[str, int]) -> list[list[int]]:
    """Segments of token ids of a text (LM classes for numbers, symbols, unknown words)."""
    from thidua.normalize.tokens import segments, tokenize

    unk, num, sym, date, unit = (index[k] for k in ("<unk>", "<num>", "<sym>", "<date>", "<unit>"))
    spelled = [num, index["tháng"], num, index["năm"], num]
    out = []
    for seg in segments(tokenize(unicodedata.normalize("NFC", text))):
        ids: list[int] = []
        for tok in seg:
            if tok.kind == "word" and ids and ids[-1] == num and is_unit(tok.text):
                ids.append(unit)
            elif tok.kind == "word":
                ids.append(index.get(new_style(tok.text.lower()), unk))
            elif tok.kind == "num":
                ids.append(date if DATE.match(tok.text) else num)
            elif tok.kind == "sym":
                ids.append(sym)
            else:
                ids.append(unk)
        out.append(ids)
        # Dates are spelled out in laws but written 15/6/2022 in plans: also count a <date> version.
        collapsed = _collapse(ids, spelled, date)
        if collapsed != ids:
            out.append(collapsed)
    return out


def _collapse(ids: list[int], pattern: list[int], replacement: int) -> list[int]:
    out: list[int] = []
    i = 0
    while i < len(ids):
        if ids[i : i + len(pattern)] == pattern:
            out.append(replacement)
            i += len(pattern)
        else:
            out.append(ids[i])
            i += 1
    return out


def _discount(counts: np.ndarray) -> float:
    n1, n2 = int((counts == 1).sum()), int((counts == 2).sum())
    return n1 / (n1 + 2 * n2) if n1 + n2 else 0.5


def _discounts(counts: np.ndarray, order: int) -> np.ndarray:
    """Modified Kneser-Ney (Chen and Goodman): the discount of each count, by whether it is 1, 2 or 3+."""
    if order not in MODIFIED_KN:
        return np.full(len(counts), _discount(counts))
    n = [int((counts == k).sum()) for k in (1, 2, 3, 4)]
    if min(n) == 0:
        return np.full(len(counts), _discount(counts))
    y = n[0] / (n[0] + 2 * n[1])
    d = [1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2]]
    return np.where(counts >= 3, d[2], np.where(counts == 2, d[1], d[0]))


def build_lm(texts: list[str], phrases: Sequence[str] = ()) -> dict[str, np.ndarray]:
    """Count 4-grams over texts and compute interpolated Kneser-Ney log10 probabilities (backoff form).

    The 4-gram level uses counts; the lower levels use continuation counts (how many distinct words
    precede an n-gram). 4-grams seen fewer than MIN_FOURGRAM_COUNT times are pruned and their contexts'
    backoff weights renormalised. `phrases` (word-list entries) add word-internal n-grams only: they are
    padded with <p>, never with sentence boundaries, so they do not distort sentence-initial and -final
    statistics.
    """
    vocab = vocabulary()
    index = {w: i for i, w in enumerate(vocab)}
    V = np.int64(len(vocab))
    bos, eos, pad = index["<s>"], index["</s>"], index["<p>"]
    flat: list[int] = []
    for text in texts:
        for seg in token_ids(text, index):
            flat.extend((bos, bos, bos, *seg, eos))
    for text in phrases:
        for seg in token_ids(text, index):
            flat.extend((pad, pad, pad, *seg, pad))
    arr = np.asarray(flat, dtype=np.int64)
    t, u, v, w = arr[:-3], arr[1:-2], arr[2:-1], arr[3:]
    ok = (w != bos) & (w != pad)
    quad, c4 = np.unique(((t[ok] * V + u[ok]) * V + v[ok]) * V + w[ok], return_counts=True)
    unigram_counts = np.bincount(w[ok], minlength=len(vocab))

    # Continuation counts: N1+(. u v w) per trigram type, N1+(. v w) per bigram type.
    tri_all = quad % (V * V * V)
    tri, cont3 = np.unique(tri_all, return_counts=True)
    bi_all = tri % (V * V)
    bi, cont2 = np.unique(bi_all, return_counts=True)

    # Unigram: N1+(. w), add-half smoothed over the vocabulary.
    w_of_bi = bi % V
    n_left = np.bincount(w_of_bi, minlength=len(vocab)).astype(np.float64)
    p1 = (n_left + 0.5) / (n_left.sum() + 0.5 * len(vocab))

    # Bigram: p2(w|v) = max(N1+(.vw) - D2, 0) / N1+(.v.) + bow1(v) p1(w)
    disc2 = _discounts(cont2, 2)
    d2 = float(disc2.mean())
    v_of_bi = bi // V
    ctx_cont = np.bincount(v_of_bi, weights=cont2, minlength=len(vocab))
    ctx_disc = np.bincount(v_of_bi, weights=disc2, minlength=len(vocab))
    with np.errstate(divide="ignore", invalid="ignore"):
        bow1 = np.where(ctx_cont > 0, ctx_disc / np.maximum(ctx_cont, 1), 1.0)
    p2 = np.maximum(cont2 - disc2, 0) / np.maximum(ctx_cont[v_of_bi], 1) + bow1[v_of_bi] * p1[w_of_bi]

    # Trigram: p3(w|uv) = max(N1+(.uvw) - D3, 0) / N1+(.uv.) + bow2(uv) p2(w|v)
    p3, ctx2_keys, bow2, d3 = _level(tri, cont3, p2[np.searchsorted(bi, bi_all)], V, 3)

    # 4-gram: p4(w|tuv) = max(c - D4, 0) / c(tuv.) + bow3(tuv) p3(w|uv), then pruned.
    lower = p3[np.searchsorted(tri, tri_all)]
    p4, ctx3_keys, bow3, d4 = _level(quad, c4.astype(np.float64), lower, V, 4)
    keep4 = c4 >= MIN_FOURGRAM_COUNT
    # After pruning, renormalise each context's backoff weight so its distribution still sums to one:
    # bow3(tuv) = (1 - sum of kept p4(w|tuv)) / (1 - sum over the same w of p3(w|uv)).
    kept_ctx = np.searchsorted(ctx3_keys, quad[keep4] // V)
    kept_p4 = np.bincount(kept_ctx, weights=p4[keep4], minlength=len(ctx3_keys))
    kept_p3 = np.bincount(kept_ctx, weights=lower[keep4], minlength=len(ctx3_keys))
    bow3 = np.clip(1.0 - kept_p4, 1e-9, None) / np.clip(1.0 - kept_p3, 1e-9, None)
    has_kept = np.bincount(kept_ctx, minlength=len(ctx3_keys)) > 0  # others back off with weight 1
    return {
        "vocab": np.asarray(vocab),
        "unigram_counts": unigram_counts.astype(np.int32),
        "uni_logp": np.log10(p1).astype(np.float32),
        "uni_bow": np.log10(bow1).astype(np.float32),
        "bi_keys": bi,
        "bi_logp": np.log10(p2).astype(np.float32),
        "ctx_keys": ctx2_keys,
        "ctx_bow": np.log10(bow2).astype(np.float32),
        "tri_keys": tri,
        "tri_logp": np.log10(p3).astype(np.float32),
        "ctx3_keys": ctx3_keys[has_kept],
        "ctx3_bow": np.log10(bow3[has_kept]).astype(np.float32),
        "quad_keys": quad[keep4],
        "quad_logp": np.log10(p4[keep4]).astype(np.float32),
        "discounts": np.asarray([d2, d3, d4], dtype=np.float32),
    }


def _level(keys: np.ndarray, counts: np.ndarray, lower: np.ndarray, V: np.int64, order: int):
    """One interpolated Kneser-Ney level: probabilities of `keys` (n-gram codes) from their counts and
    the next lower level's probability of each; the sorted context codes, their backoff weights and
    the level's discount."""
    disc = _discounts(counts, order)
    ctx = keys // V
    ctx_keys, inv = np.unique(ctx, return_inverse=True)
    ctx_sum = np.bincount(inv, weights=counts, minlength=len(ctx_keys))
    bow = np.bincount(inv, weights=disc, minlength=len(ctx_keys)) / ctx_sum
    p = np.maximum(counts - disc, 0) / ctx_sum[inv] + bow[inv] * lower
    return p, ctx_keys, bow, float(disc.mean())


def case_counts(texts: list[str], index: dict[str, int]) -> np.ndarray:
    """Counts per syllable id of its case classes (`thidua.normalize.casectx.case_class`: its own case and
    its neighbours' in the line) over the distinct texts (a text repeated for weight counts once)."""
    from thidua.normalize.casectx import CLASSES, case_class
    from thidua.normalize.tokens import segments, tokenize

    counts = np.zeros((len(index), CLASSES), dtype=np.int32)
    seen: set[int] = set()
    for text in texts:
        if id(text) in seen:
            continue
        seen.add(id(text))
        text = unicodedata.normalize("NFC", text)
        for seg in segments(tokenize(text)):
            for i, tok in enumerate(seg):
                w = index.get(new_style(tok.text.lower())) if tok.kind == "word" else None
                if w is not None:
                    counts[w, case_class(text, seg, i)] += 1
    return counts


def word_bigrams(corpus: Path, index: dict[str, int]) -> np.ndarray:
    """Sorted codes (v * V + w) of syllable pairs inside multi-syllable words of the word list."""
    V = len(index)
    codes: set[int] = set()
    for line in (corpus / "wordlists" / "Viet74K.txt").read_text(encoding="utf-8").splitlines():
        found = [index.get(new_style(w.lower())) for w in unicodedata.normalize("NFC", line).split()]
        ids = [i for i in found if i is not None]
        if len(ids) >= 2 and len(ids) == len(found):
            codes.update(a * V + b for a, b in itertools.pairwise(ids))
    return np.asarray(sorted(codes), dtype=np.int64)


def training_texts(
    corpus: Path, realdocs: Path = REALDOCS, realdocs_repeat: int = REALDOCS_REPEAT, leave_out: str = ""
) -> tuple[list[str], list[str]]:
    """(texts, phrase lists): held-in laws, the domain lexicon's names, the project's plan phrases and
    documents, and the real documents' dev part (never the held-out part, see `realdocs`)."""
    files = corpus_files(corpus / "legal")
    texts = [f.read_text(encoding="utf-8") for f in files if not is_held_out(f, files)]
    texts.extend([domain_text()] * DOMAIN_REPEAT)
    # Viet74K as phrases was measured to lower accuracy on both held-out laws and plans: not used.
    phrase_lists: list[str] = []
    phrases = DATA_DIR / "plan_phrases.txt"
    if phrases.exists():
        texts.extend([phrases.read_text(encoding="utf-8")] * DOMAIN_REPEAT)
    admin = sorted(ADMIN_DIR.glob("*.txt"))
    if not admin:
        raise FileNotFoundError(f"no training documents in {ADMIN_DIR}")
    for path in admin:
        texts.extend([path.read_text(encoding="utf-8")] * ADMIN_REPEAT)
    for path in documents("dev", realdocs):
        if path.name[:1].lower() not in leave_out:
            texts.extend([text_of(path)] * realdocs_repeat)
    return texts, phrase_lists


class TextOptions(TypedDict, total=False):
    """Keyword options of `training_texts`, as `write` passes them on."""

    realdocs: Path
    realdocs_repeat: int
    leave_out: str


CODE = re.compile(r"(?<![^\W\d_])[A-ZĐ]{2,8}(?![^\W\d_])")  # an upper-case code or a symbol's part
MIN_CODE_COUNT = 5  # a Đ-code seen at least this often ...
MAX_D_SHARE = 0.1  # ... and its D-spelling at most this share as often


def learned_codes(texts: list[str]) -> list[str]:
    """Upper-case codes with a Đ the training text writes consistently (TTĐT, ĐBQH, NĐ), sorted; codes that
    also spell a syllable without marks (ĐI, ĐA) are left to the decoder."""
    counts = collections.Counter(m.group() for text in texts for m in CODE.finditer(text))
    bases = {strip_marks(s) for s in syllables()}
    return sorted(
        code
        for code, n in counts.items()
        if "Đ" in code
        and n >= MIN_CODE_COUNT
        and counts[code.replace("Đ", "D")] <= MAX_D_SHARE * n
        and code.replace("Đ", "D").lower() not in bases
    )


def domain_text() -> str:
    """Every string in the domain lexicon (names of provinces, agencies, awards, ...), one per segment."""
    folder = DATA_DIR / "domain"
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if not key.startswith("_"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(folder.glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return "\n\n".join(out)


def write(corpus: Path, out: Path = DATA_DIR, **options: Unpack[TextOptions]) -> dict[str, np.ndarray]:
    """Build the LM from the corpus (options go to `training_texts`) and save it as out/lm.npz."""
    t0 = time.time()
    texts, phrase_lists = training_texts(corpus, **options)
    lm = build_lm(texts, phrase_lists)
    index = {w: i for i, w in enumerate(lm["vocab"].tolist())}
    lm["word_bigrams"] = word_bigrams(corpus, index)
    out.mkdir(parents=True, exist_ok=True)
    # Sorted n-gram keys are stored as differences (small numbers compress well); lm.load sums them.
    stored = {k: np.diff(a, prepend=0) if k.endswith("_keys") else a for k, a in lm.items()}
    # allow_pickle named (its default) so mypy does not match **stored's arrays against that bool
    np.savez_compressed(out / "lm.npz", allow_pickle=True, **stored)
    np.savez_compressed(out / "case.npz", counts=case_counts(texts, index))
    codes = learned_codes(texts)
    header = "# upper-case codes with a Đ, learned from the LM's training text (build_dictionaries)\n"
    (out / "codes.txt").write_text(header + "\n".join(codes) + "\n", encoding="utf-8")
    print(
        f"lm.npz: {len(lm['vocab'])} vocab, {len(lm['bi_keys'])} bigrams, {len(lm['tri_keys'])} trigrams, "
        f"{len(lm['quad_keys'])} 4-grams from {len(texts)} texts in {time.time() - t0:.1f}s; "
        f"codes.txt: {len(codes)} codes",
        file=sys.stderr,
    )
    return lm


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--leave-out", default="", help="first letters of dev realdocs left out (a dev fold)")
    args = parser.parse_args(argv)
    write(args.corpus, args.out, leave_out=args.leave_out.lower())


if __name__ == "__main__":
    main(sys.argv[1:])
