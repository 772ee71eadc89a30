"""Handwritten digits of a cleaned field crop: cut apart, normalised and classified.

The ink is cut into connected components; a bar that overlaps a stroke horizontally belongs to its
digit (a 5's or a 7's lifted bar), a piece much wider than tall is cut at its thinnest column (digits
written joined), and one read unsurely is tried cut in two (a 7's cross bar touching the 3 before it).
Each digit is scaled into a fixed box, described by gradient-orientation histograms and classified by
a small network trained offline on synthetic pen-stroke digits (`thidua.training.train_digits`); the
shipped weights run as a numpy forward pass.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import IO, NamedTuple

import cv2
import numpy as np

SIDE = 24  # the classifier's input: SIDE x SIDE
BOX = 20  # the digit's longer side inside it
CELLS, BINS = 4, 9  # HOG: CELLS x CELLS cells of the image, BINS orientations
OVERLAP = 0.5  # of the narrower piece's width: a bar that overlaps a stroke more is part of its digit
SAME = 0.85  # of the narrower piece's width: two tall pieces that overlap more are one digit
BAR = 0.6  # of the taller piece's height: a shorter piece is a bar (a 5's top, a 7's cross)
MIN_HEIGHT = 0.4  # of the tallest piece: a shorter one is a dot or a dash
WIDE = 1.15  # width / height above which a piece is two digits written joined
TOUCHING = 0.8  # width / height above which a piece read unsurely may be two digits touching
SURE = 0.9  # a piece read as one digit this surely is not cut
CUTS = (0.35, 0.42, 0.5, 0.58, 0.65)  # of a piece's width: where two touching digits may meet


class Digit(NamedTuple):
    """One classified piece: its best digit, that digit's probability, its columns."""

    label: int
    p: float
    left: int
    right: int


def _levels(gray: np.ndarray) -> tuple[float, float]:
    """The crop's paper (median) and darkest ink (1st percentile) grey levels."""
    return float(np.median(gray)), float(np.percentile(gray, 1))


def _height(mask: np.ndarray, left: int, right: int) -> int:
    """How many rows the ink of columns [left, right) spans (1 when none)."""
    rows = np.nonzero(mask[:, left:right].any(axis=1))[0]
    return int(rows.max() - rows.min() + 1) if len(rows) else 1


def _ink(gray: np.ndarray) -> np.ndarray:
    """Ink mask: darker than halfway between the paper (median) and the darkest ink."""
    paper, dark = _levels(gray)
    if paper - dark < 40:
        return np.zeros(gray.shape, bool)
    return gray < (paper + dark) / 2


def _split(mask: np.ndarray, left: int, right: int) -> list[tuple[int, int]]:
    """[left, right) cut at its thinnest columns until no part is much wider than the ink is tall."""
    if right - left <= max(WIDE * _height(mask, left, right), 8):
        return [(left, right)]
    a, b = left + (right - left) // 4, right - (right - left) // 4
    cut = a + int(np.argmin(mask[:, a:b].sum(axis=0)))
    return _split(mask, left, cut) + _split(mask, cut, right)


def segment(gray: np.ndarray) -> list[tuple[np.ndarray, int, int]]:
    """The digits of a crop, left to right: (ink mask of the digit, left, right columns)."""
    mask = _ink(gray)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    boxes = [[int(v) for v in stats[i][:4]] + [i] for i in range(1, count) if stats[i][4] >= 3]
    groups: list[tuple[int, int, int, int, set[int]]] = []  # left, top, right, bottom, labels
    for x, y, w, h, i in sorted(boxes):
        for k, (gl, gt, gr, gb, members) in enumerate(groups):
            overlap = min(gr, x + w) - max(gl, x)
            narrower = min(w, gr - gl)
            bar = min(h, gb - gt) < BAR * max(h, gb - gt)
            if overlap > (OVERLAP if bar else SAME) * narrower:
                groups[k] = (min(gl, x), min(gt, y), max(gr, x + w), max(gb, y + h), members | {i})
                break
        else:
            groups.append((x, y, x + w, y + h, {i}))
    if not groups:
        return []
    tallest = max(b - t for _, t, _, b, _ in groups)
    out = []
    for left, top, right, bottom, members in sorted(groups, key=lambda g: g[0]):
        if bottom - top < MIN_HEIGHT * tallest:
            continue
        piece = np.isin(labels, list(members))
        out += [(piece, a, b) for a, b in _split(piece, left, right)]
    return out


def normalise(gray: np.ndarray, piece: np.ndarray, left: int, right: int) -> np.ndarray:
    """The digit's ink (1 ink, 0 paper) cut to its box and scaled, aspect kept, into SIDE x SIDE."""
    sub = piece[:, left:right]
    rows = np.nonzero(sub.any(axis=1))[0]
    cols = np.nonzero(sub.any(axis=0))[0]
    out = np.zeros((SIDE, SIDE), np.float32)
    if not len(rows):
        return out
    top, bottom, x0, x1 = rows[0], rows[-1] + 1, left + cols[0], left + cols[-1] + 1
    paper, dark = _levels(gray)
    level = np.clip((paper - gray[top:bottom, x0:x1].astype(np.float32)) / max(1.0, paper - dark), 0, 1)
    level = level * cv2.dilate(piece[top:bottom, x0:x1].astype(np.uint8), np.ones((3, 3), np.uint8))
    h, w = level.shape
    scale = BOX / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    small = cv2.resize(level, (nw, nh), interpolation=cv2.INTER_AREA)
    y, x = (SIDE - nh) // 2, (SIDE - nw) // 2
    out[y : y + nh, x : x + nw] = small
    return out


Net = list[np.ndarray]  # a network's layers: weight, bias, weight, bias, …


def load(source: IO[bytes]) -> list[Net]:
    """The networks of an `.npz` written by `train_digits` (array `n{j}_{i}`: net j, layer array i)."""
    data = np.load(source)
    nets: dict[int, dict[int, np.ndarray]] = {}
    for name in data.files:
        j, i = (int(part) for part in name[1:].split("_"))
        nets.setdefault(j, {})[i] = data[name].astype(np.float32)
    return [[net[i] for i in sorted(net)] for _, net in sorted(nets.items())]


@cache
def _weights() -> list[Net]:
    """The shipped networks (`dictionaries/data/digits.npz`)."""
    with resources.files("thidua.dictionaries").joinpath("data/digits.npz").open("rb") as f:
        return load(f)


def features(images: np.ndarray) -> np.ndarray:
    """Per normalised image (n x SIDE x SIDE): gradient-orientation histograms over a grid of cells,
    normalised per 2 x 2 block (HOG: they bear a hand's wobble better than pixels do), and the
    image at 8 x 8."""
    n = len(images)
    img = np.pad(images.astype(np.float32), ((0, 0), (1, 1), (1, 1)))
    gx = img[:, 1:-1, 2:] - img[:, 1:-1, :-2]
    gy = img[:, 2:, 1:-1] - img[:, :-2, 1:-1]
    magnitude = np.hypot(gx, gy)
    angle = np.mod(np.arctan2(gy, gx), np.pi) / np.pi * BINS  # unsigned, in bins
    low = np.floor(angle).astype(int) % BINS
    share = angle - np.floor(angle)
    hist = np.zeros((n, CELLS, CELLS, BINS), np.float32)
    cell = SIDE // CELLS
    rows = np.arange(SIDE) // cell
    index = (rows[:, None] * CELLS + rows[None, :]) * BINS  # cell index of each pixel, times BINS
    flat = hist.reshape(n, -1)
    for k in range(n):
        np.add.at(flat[k], (index + low[k]).ravel(), (magnitude[k] * (1 - share[k])).ravel())
        np.add.at(flat[k], (index + (low[k] + 1) % BINS).ravel(), (magnitude[k] * share[k]).ravel())
    corners = [(i, j) for i in range(CELLS - 1) for j in range(CELLS - 1)]
    blocks = np.stack([hist[:, i : i + 2, j : j + 2].reshape(n, -1) for i, j in corners], axis=1)
    blocks /= np.sqrt((blocks**2).sum(axis=2, keepdims=True) + 1e-3)
    small = np.stack([cv2.resize(i, (8, 8), interpolation=cv2.INTER_AREA) for i in images.astype(np.float32)])
    return np.concatenate((blocks.reshape(n, -1), small.reshape(n, -1)), axis=1)


def _forward(x: np.ndarray, net: Net) -> np.ndarray:
    """One network's softmax over its ReLU layers."""
    for k in range(0, len(net), 2):
        x = x @ net[k] + net[k + 1]
        if k + 2 < len(net):
            x = np.maximum(x, 0)
    x = np.exp(x - x.max(axis=1, keepdims=True))
    return x / x.sum(axis=1, keepdims=True)


def classify(images: np.ndarray, nets: list[Net] | None = None) -> np.ndarray:
    """Class probabilities (n x 10) of normalised digit images (n x SIDE x SIDE): the mean over `nets`
    (default: the shipped file's, one net)."""
    x = features(images)
    return np.mean([_forward(x, net) for net in nets or _weights()], axis=0)


def _best(p: np.ndarray, a: int, b: int) -> Digit:
    return Digit(int(p.argmax()), float(p.max()), a, b)


def _cut(gray: np.ndarray, piece: np.ndarray, a: int, b: int, whole: Digit) -> list[Digit]:
    """Two digits written touching (a 7's cross bar through a 3): the cut whose halves both read as
    digits most surely, when they beat reading the piece as one digit."""
    cuts = [a + round(f * (b - a)) for f in CUTS]
    probs = classify(np.stack([normalise(gray, piece, *span) for c in cuts for span in ((a, c), (c, b))]))
    best, pair = max(whole.p, SURE), [whole]
    for k, c in enumerate(cuts):
        left, right = _best(probs[2 * k], a, c), _best(probs[2 * k + 1], c, b)
        if min(left.p, right.p) > best:
            best, pair = min(left.p, right.p), [left, right]
    return pair


def read(gray: np.ndarray) -> list[Digit]:
    """The classified digits of a cleaned crop, left to right."""
    pieces = segment(gray)
    if not pieces:
        return []
    probs = classify(np.stack([normalise(gray, piece, a, b) for piece, a, b in pieces]))
    out: list[Digit] = []
    for p, (piece, a, b) in zip(probs, pieces, strict=True):
        whole = _best(p, a, b)
        touching = whole.p < SURE and b - a >= TOUCHING * _height(piece, a, b)
        out += _cut(gray, piece, a, b, whole) if touching else [whole]
    return out
