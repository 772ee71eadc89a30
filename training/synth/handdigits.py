"""Handwritten digits drawn as pen strokes, in the styles Vietnamese and European writers use.

Each digit has a few style variants (a `1` plain, with a flag or with a long upstroke like `ʌ`; a `7`
plain or crossed; a `4` open or closed; a `2` with or without a loop …), each a list of strokes through
control points in a box 1 high and about 0.6 wide (y down). A drawing picks a variant, jitters its
points, slants, scales and squeezes it, and renders it with a random pen width, ink, blur and noise.
"""

from __future__ import annotations

import itertools
import math

import cv2
import numpy as np

Stroke = list[tuple[float, float]]
SUPERSAMPLE = 4


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int = 0) -> Stroke:
    """Points on an ellipse from angle `start` to `end` (degrees; 0 right, 90 down)."""
    n = n or max(4, round(abs(end - start) / 30))
    return [
        (cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
        for a in np.linspace(start, end, n + 1)
    ]


def _corner(*points: tuple[float, float]) -> Stroke:
    """A straight polyline: each inner point doubled so the spline keeps its corner."""
    out: Stroke = [points[0]]
    for p in points[1:-1]:
        out += [p, p]
    return [*out, points[-1]]


STYLES: dict[str, dict[str, list[Stroke]]] = {
    "0": {
        "oval": [_arc(0.3, 0.5, 0.28, 0.5, -90, 275)],
        "overlap": [_arc(0.3, 0.5, 0.27, 0.48, -70, 300)],
    },
    "1": {
        "plain": [[(0.3, 0.0), (0.3, 1.0)]],
        "flag": [_corner((0.1, 0.28), (0.32, 0.0), (0.3, 1.0))],
        "upstroke": [_corner((0.0, 0.6), (0.3, 0.0), (0.34, 1.0))],
        "long_upstroke": [_corner((0.02, 0.85), (0.3, 0.0), (0.38, 1.0))],
        "curved_upstroke": [[(0.0, 0.75), (0.12, 0.35), (0.3, 0.0), (0.3, 0.0), (0.33, 0.5), (0.36, 1.0)]],
        "based": [_corner((0.1, 0.25), (0.32, 0.0), (0.3, 1.0)), [(0.08, 1.0), (0.55, 1.0)]],
    },
    "2": {
        "plain": [_arc(0.3, 0.27, 0.27, 0.26, -170, 20) + _corner((0.45, 0.52), (0.02, 1.0), (0.6, 0.98))],
        "loop": [
            [
                *_arc(0.3, 0.27, 0.27, 0.26, -170, 20),
                (0.4, 0.55),
                (0.12, 0.88),
                (0.03, 0.86),
                (0.1, 0.78),
                (0.18, 0.9),
                (0.3, 0.99),
                (0.6, 0.96),
            ]
        ],
        "curl": [
            [
                (0.1, 0.32),
                (0.02, 0.2),
                (0.12, 0.04),
                (0.32, 0.0),
                (0.52, 0.1),
                (0.54, 0.3),
                (0.38, 0.58),
                (0.1, 0.9),
                (0.04, 0.84),
                (0.14, 0.8),
                (0.22, 0.92),
                (0.35, 0.98),
                (0.6, 0.94),
            ]
        ],
        "z": [_corner((0.02, 0.06), (0.55, 0.04), (0.05, 0.98), (0.6, 0.97))],
    },
    "3": {
        "round": [_arc(0.28, 0.25, 0.26, 0.24, -160, 90) + _arc(0.28, 0.73, 0.3, 0.27, -90, 160)],
        "flat": [_corner((0.05, 0.0), (0.55, 0.0), (0.22, 0.42)) + _arc(0.28, 0.72, 0.3, 0.28, -90, 160)],
    },
    "4": {
        "closed": [_corner((0.45, 1.0), (0.45, 0.0), (0.0, 0.68), (0.6, 0.68))],
        "open": [_corner((0.22, 0.0), (0.02, 0.65), (0.6, 0.65)), [(0.46, 0.25), (0.46, 1.0)]],
        "cup": [[(0.04, 0.02), (0.06, 0.4), (0.2, 0.6), (0.45, 0.58), (0.6, 0.5)], [(0.5, 0.0), (0.5, 1.0)]],
    },
    "5": {
        "lifted": [
            [(0.1, 0.02), (0.06, 0.45), *_arc(0.28, 0.68, 0.3, 0.3, -130, 150)],
            [(0.1, 0.0), (0.58, 0.0)],
        ],
        "joined": [_corner((0.58, 0.0), (0.1, 0.02), (0.06, 0.45)) + _arc(0.28, 0.68, 0.3, 0.3, -130, 150)],
    },
    "6": {
        "plain": [[(0.5, 0.0), (0.22, 0.25), (0.04, 0.62), *_arc(0.3, 0.72, 0.27, 0.27, 180, 530)]],
    },
    "7": {
        "plain": [_corner((0.0, 0.02), (0.6, 0.0), (0.2, 1.0))],
        "serif": [_corner((0.0, 0.16), (0.02, 0.02), (0.6, 0.0), (0.22, 1.0))],
        "crossed": [_corner((0.0, 0.02), (0.6, 0.0), (0.24, 1.0)), [(0.12, 0.52), (0.56, 0.47)]],
        "crossed_curve": [
            [(0.0, 0.08), (0.05, 0.02), (0.3, 0.03), (0.6, 0.0), (0.45, 0.35), (0.32, 0.7), (0.3, 1.0)],
            [(0.16, 0.5), (0.58, 0.46)],
        ],
    },
    "8": {
        "loops": [_arc(0.3, 0.25, 0.22, 0.24, -90, 270), _arc(0.3, 0.74, 0.28, 0.26, -90, 270)],
        "figure": [
            [
                (0.55, 0.1),
                (0.3, 0.0),
                (0.08, 0.18),
                (0.3, 0.48),
                (0.58, 0.75),
                (0.3, 1.0),
                (0.02, 0.75),
                (0.3, 0.48),
                (0.5, 0.2),
                (0.55, 0.1),
            ]
        ],
    },
    "9": {
        "straight": [[*_arc(0.3, 0.27, 0.27, 0.26, 0, 365), (0.57, 0.3), (0.54, 1.0)]],
        "curved": [[*_arc(0.3, 0.27, 0.27, 0.26, 0, 365), (0.57, 0.3), (0.55, 0.7), (0.3, 1.0)]],
        "hooked": [[*_arc(0.3, 0.3, 0.28, 0.3, -10, 360), (0.58, 0.35), (0.5, 0.8), (0.25, 1.0), (0.1, 0.9)]],
    },
}


def _spline(points: Stroke, per_segment: int = 8) -> np.ndarray:
    """A Catmull-Rom curve through the points, as a dense polyline."""
    p = np.asarray(points, float)
    if len(p) < 3:
        return p
    p = np.vstack((p[0], p, p[-1]))
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        a, b, c, d = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(
            0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t**2 + (3 * b - a - 3 * c + d) * t**3)
        )
    return np.vstack([*out, p[-2]])


def _shape(digit: str, rng: np.random.Generator, variant: str | None = None) -> list[np.ndarray]:
    """One variant's strokes, jittered, slanted, squeezed and tilted, in unit coordinates."""
    styles = STYLES[digit]
    strokes = styles[variant or rng.choice(sorted(styles))]
    jitter = rng.uniform(0.0, 0.06)
    slant = rng.uniform(-0.15, 0.5)
    aspect = rng.uniform(0.6, 1.4)
    angle = math.radians(rng.uniform(-12, 12))
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for stroke in strokes:
        p = np.asarray(stroke, float) + rng.normal(0, jitter, (len(stroke), 2))
        curve = _spline([(float(x), float(y)) for x, y in p])
        x = (curve[:, 0] - 0.3) * aspect + slant * (1 - curve[:, 1])
        y = curve[:, 1]
        out.append(np.stack((x * cos - (y - 0.5) * sin, x * sin + (y - 0.5) * cos + 0.5), axis=1))
    return out


def _render(strokes: list[np.ndarray], height: int, rng: np.random.Generator) -> np.ndarray:
    """Strokes drawn as ink (1.0) on blank (0.0), the digit `height` px tall, with a margin."""
    pts = np.vstack(strokes)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    scale = height / max(y1 - y0, 0.2)
    pen = max(1.0, height * rng.uniform(0.04, 0.16))
    shade = rng.uniform(0.0, 0.5) if rng.random() < 0.5 else 0.0
    margin = pen + 2
    w, h = int((x1 - x0) * scale + 2 * margin) + 1, int((y1 - y0) * scale + 2 * margin) + 1
    s = SUPERSAMPLE
    canvas = np.zeros((h * s, w * s), np.uint8)
    for stroke in strokes:
        xy = np.round(((stroke - (x0, y0)) * scale + margin) * s).astype(np.int32)
        if not shade:
            cv2.polylines(canvas, [xy], False, 255, round(pen * s), cv2.LINE_AA)
            continue
        for a, b in itertools.pairwise(xy):  # downstrokes heavier, as a pressed pen writes
            down = float(np.clip((b[1] - a[1]) / (np.hypot(*(b - a)) + 1e-6), -1, 1))
            width = max(1, round(pen * s * (1 + shade * down)))
            cv2.line(canvas, (int(a[0]), int(a[1])), (int(b[0]), int(b[1])), 255, width, cv2.LINE_AA)
    return cv2.resize(canvas, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32) / 255


def _finish(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ink made into a grey scan: paper and ink levels, blur and noise (uint8, white paper)."""
    if rng.random() < 0.6:
        ink = cv2.GaussianBlur(ink, (0, 0), rng.uniform(0.3, 1.2))
    paper, colour = rng.uniform(200, 255), rng.uniform(0, 130)
    gray = paper - ink * (paper - colour) + rng.normal(0, rng.uniform(0, 12), ink.shape)
    return np.clip(gray, 0, 255).astype(np.uint8)


def digit(value: str, rng: np.random.Generator, height: int = 40, variant: str | None = None) -> np.ndarray:
    """One handwritten digit as a grey image (white paper), `height` px tall plus a margin."""
    return _finish(_render(_shape(value, rng, variant), height, rng), rng)


def written(
    digits: str, rng: np.random.Generator, height: int = 40
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Digits written in a row with the gaps a hand leaves (sometimes none): their ink (1.0 ink, 0.0
    blank) and each digit's [left, right) columns."""
    inks = [_render(_shape(d, rng), round(height * rng.uniform(0.85, 1.1)), rng) for d in digits]
    rows = max(i.shape[0] for i in inks)
    spans, x, parts = [], 0, []
    for ink in inks:
        trim = np.nonzero(ink.max(axis=0) > 0.1)[0]
        ink = ink[:, trim.min() : trim.max() + 1]
        gap = round(height * rng.uniform(0.05, 0.35))
        top = (rows - ink.shape[0]) // 2 + round(height * rng.uniform(-0.05, 0.05))
        parts.append((x + gap, max(0, min(top, rows - ink.shape[0])), ink))
        spans.append((x + gap, x + gap + ink.shape[1]))
        x += gap + ink.shape[1]
    canvas = np.zeros((rows, x + round(height * 0.2)), np.float32)
    for left, top, ink in parts:
        region = canvas[top : top + ink.shape[0], left : left + ink.shape[1]]
        np.maximum(region, ink, out=region)
    return canvas, spans


def number(
    digits: str, rng: np.random.Generator, height: int = 40
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """`written` digits as a grey scan (white paper) and each digit's [left, right) columns."""
    ink, spans = written(digits, rng, height)
    return _finish(ink, rng), spans
