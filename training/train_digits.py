"""Train the handwritten-digit classifier of `thidua.ingest.digits` on synthetic pen-stroke digits.

    python -m thidua.training.train_digits [OUT.npz]      # default: dictionaries/data/digits.npz

Digits come from `synth.handdigits` (every style variant, random slant, size, pen, ink and noise);
each is cut and normalised by ingest's own code and described by its features (`digits.features`);
a small MLP (scikit-learn) is fitted and its layers saved as float16 arrays for a numpy forward pass
(the file may hold several nets, averaged). Prints the accuracy on digits drawn from a seed never
trained on.
(A class of printed marks — anchor letters, slashes — was tried: real digits fell into it.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

from thidua.ingest import digits
from thidua.training.synth import handdigits

OUT = Path(__file__).resolve().parent.parent / "dictionaries" / "data" / "digits.npz"
PER_DIGIT = 2000
ITERATIONS = 30  # longer training fits the synthetic hands better and real ones worse
HIDDEN = (128, 64)
# (seed of the digits drawn, L2 penalty) per network. Ensembles of 3-4 nets (other seeds, penalties,
# longer training) were tried: on the dev scans they were no surer where a hand is unlike the synthetic
# digits, and with `handwriting.choose` no better than one net.
MEMBERS = ((1, 1e-4),)
TEST_SEED = 2


def normalised(gray: np.ndarray) -> np.ndarray | None:
    """A single digit's normalised image, cut the way `digits.segment` cuts; None when no ink."""
    pieces = digits.segment(gray)
    if not pieces:
        return None
    mask = np.logical_or.reduce([p for p, _, _ in pieces])
    return digits.normalise(gray, mask, min(a for _, a, _ in pieces), max(b for _, _, b in pieces))


def dataset(seed: int, per_digit: int) -> tuple[np.ndarray, np.ndarray]:
    """Normalised images and labels drawn with `seed`."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for label in range(10):
        for _ in range(per_digit):
            x = normalised(handdigits.digit(str(label), rng, int(rng.integers(18, 70))))
            if x is not None:
                xs.append(x)
                ys.append(label)
    return np.stack(xs).reshape(len(xs), -1), np.asarray(ys)


def train(seed: int, alpha: float) -> digits.Net:
    """A network fitted to digits drawn with `seed`: its layers (weight, bias, …) as float16."""
    from sklearn.neural_network import MLPClassifier  # dev dependency: offline training only

    x, y = dataset(seed, PER_DIGIT)
    model = MLPClassifier(HIDDEN, alpha=alpha, batch_size=128, max_iter=ITERATIONS, random_state=0)
    model.fit(digits.features(x.reshape(-1, digits.SIDE, digits.SIDE)), y)
    return [a.astype(np.float16) for pair in zip(model.coefs_, model.intercepts_, strict=True) for a in pair]


def save(nets: list[digits.Net], out: Path) -> None:
    """The nets as `digits.load` reads them: array `n{j}_{i}` is layer array i of net j."""
    arrays: dict[str, Any] = {f"n{j}_{i}": a for j, net in enumerate(nets) for i, a in enumerate(net)}
    np.savez_compressed(out, **arrays)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    save([train(seed, alpha) for seed, alpha in MEMBERS], out)
    tx, ty = dataset(TEST_SEED, 500)
    with out.open("rb") as f:
        nets = digits.load(f)
    images = tx.reshape(-1, digits.SIDE, digits.SIDE)
    alone = [float(np.mean(digits.classify(images, [net]).argmax(axis=1) == ty)) for net in nets]
    together = float(np.mean(digits.classify(images, nets).argmax(axis=1) == ty))
    print(f"held-out synthetic accuracy ({len(ty)} digits): {together:.3f} (each net: {alone})")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
