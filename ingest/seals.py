"""Round seals on grayscale pages, found by shape: a ring of seal size, whole or only an arc of it.

A black or faded seal over the header or the signature reads as junk (`KẾ ¬Ă- h) QUYẾT ĐỊNH`). A ring
filter (ink on a circle minus ink just inside and outside it) proposes centres and radii on a small copy
of the page; a candidate is kept only where the ring is inked along a continuous arc with little ink just
outside it (text is inked evenly, a seal's rim is not).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import cv2
import numpy as np

from thidua.types import Box

WIDTH = 300  # the page is searched at this width
RADII = tuple(0.055 * WIDTH * 1.07**i for i in range(14) if 0.055 * 1.07**i <= 0.13)  # seal radii
REACH = int(RADII[-1] * 1.2) + 4  # the widest kernel's half size
FLOOR = 0.11  # ring filter response a candidate needs
CANDIDATES = 4
STRONG = 0.3  # a whole ring (text: at most 0.18 on real pages); its rim needs only half of MIN_ARC
MIN_ARC = 0.25  # of the circle: the longest inked run of the rim (text: at most 0.19 on real pages)
SECTORS = 72


class Circle(NamedTuple):
    """A seal's centre and radius in page pixels, and the share of its rim found inked in one run."""

    x: float
    y: float
    r: float
    arc: float

    @property
    def box(self) -> Box:
        r = round(self.r)
        return (int(self.x) - r, int(self.y) - r, 2 * r, 2 * r)


@lru_cache(maxsize=64)
def _kernel(r: float, size: tuple[int, int]) -> np.ndarray:
    """DFT (at `size`) of a ring of radius `r` minus the bands just inside and outside it."""
    n = int(r * 1.2) + 4
    yy, xx = np.mgrid[-n : n + 1, -n : n + 1]
    d = np.hypot(yy, xx)
    ring = np.abs(d - r) <= 0.75
    outer = (d > r + 1.75) & (d <= r * 1.15 + 1.5)
    inner = (d < r - 1.75) & (d >= r * 0.9 - 1.5)
    kernel = ring / ring.sum() - 0.5 * outer / outer.sum() - 0.5 * inner / inner.sum()
    padded = np.zeros(size, np.float32)
    padded[: kernel.shape[0], : kernel.shape[1]] = kernel
    padded = np.roll(padded, (-n, -n), (0, 1))
    return cv2.dft(padded, flags=cv2.DFT_COMPLEX_OUTPUT)


def candidates(ink: np.ndarray) -> list[tuple[float, float, float, float]]:
    """(response, x, y, r) of the strongest ring-filter peaks, in page pixels, best first, apart."""
    scale = WIDTH / ink.shape[1]
    small = cv2.resize(ink.view(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    size = (cv2.getOptimalDFTSize(sh + REACH), cv2.getOptimalDFTSize(sw + REACH))
    padded = np.zeros(size, np.float32)
    padded[:sh, :sw] = small / 255  # the share of each small pixel that is ink
    spectrum = cv2.dft(padded, flags=cv2.DFT_COMPLEX_OUTPUT)
    best = np.full((sh, sw), -1.0, np.float32)
    radius = np.zeros((sh, sw), np.float32)
    for r in RADII:
        product = cv2.mulSpectrums(spectrum, _kernel(r, size), 0, conjB=True)
        response = cv2.idft(product, flags=cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT)[:sh, :sw]
        better = response > best
        best[better], radius[better] = response[better], r
    peaks = (best >= FLOOR) & (best == cv2.dilate(best, np.ones((9, 9), np.uint8)))
    found = sorted(
        (
            (float(best[y, x]), x / scale, y / scale, float(radius[y, x]) / scale)
            for y, x in zip(*np.nonzero(peaks), strict=True)
        ),
        reverse=True,
    )
    kept: list[tuple[float, float, float, float]] = []
    for c in found:
        if all(np.hypot(c[1] - k[1], c[2] - k[2]) > 0.5 * k[3] for k in kept):
            kept.append(c)
    return kept[:CANDIDATES]


def _on_circle(ink: np.ndarray, x: float, y: float, rho: float, angles: np.ndarray) -> np.ndarray:
    """Ink at each angle on the circle (False off the page)."""
    h, w = ink.shape
    xs, ys = x + rho * np.cos(angles), y + rho * np.sin(angles)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    return ink[np.clip(ys.astype(int), 0, h - 1), np.clip(xs.astype(int), 0, w - 1)] & inside


def _longest_run(flags: np.ndarray) -> int:
    """Longest circular run of True, a single False inside a run bridged."""
    best = run = gap = 0
    for v in np.concatenate((flags, flags)):
        if v:
            run, gap = run + 1 + gap, 0
        elif run and not gap:
            gap = 1
        else:
            run = gap = 0
        best = max(best, run)
    return min(best, len(flags))


def _cover(ink: np.ndarray, x: float, y: float, rhos: np.ndarray) -> np.ndarray:
    """Share of each circle of radius `rhos` about (x, y) that runs over ink."""
    h, w = ink.shape
    angles = np.linspace(0, 2 * np.pi, SECTORS * 5, endpoint=False)
    xs, ys = x + rhos[:, None] * np.cos(angles), y + rhos[:, None] * np.sin(angles)
    inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    return (ink[np.clip(ys.astype(int), 0, h - 1), np.clip(xs.astype(int), 0, w - 1)] & inside).mean(axis=1)


def _refine(ink: np.ndarray, x: float, y: float, r: float) -> tuple[float, float, float]:
    """Centre and radius near a coarse candidate whose circle runs over the most ink: the radius first
    (the outer of nearly equal rings), then the centre within a search pixel and the radius within 3 px."""
    cover = _cover(ink, x, y, np.arange(0.85 * r, 1.15 * r, 1.0))
    r = 0.85 * r + float(np.flatnonzero(cover >= 0.75 * cover.max())[-1])  # a double rim's outer line
    step = max(1.0, ink.shape[1] / WIDTH / 2)
    rhos = np.arange(r - 3, r + 3.5, 1.0)
    best = (-1.0, x, y, r)
    for dx in (-2 * step, -step, 0.0, step, 2 * step):
        for dy in (-2 * step, -step, 0.0, step, 2 * step):
            cover = _cover(ink, x + dx, y + dy, rhos)
            i = int(np.argmax(cover))
            best = max(best, (float(cover[i]), x + dx, y + dy, float(rhos[i])))
    return best[1], best[2], best[3]


def _rim(ink: np.ndarray, x: float, y: float, rho: float) -> float:
    """Longest run of the circle, as a share of it, inked on its line and nearly blank just outside."""
    angles = np.linspace(0, 2 * np.pi, SECTORS * 5, endpoint=False)
    t = max(2, int(0.02 * rho))
    band = np.zeros(angles.shape, bool)
    for d in range(-t, t + 1):
        band |= _on_circle(ink, x, y, rho + d, angles)
    outside = np.mean([_on_circle(ink, x, y, rho + d, angles) for d in range(2 * t, 5 * t)], axis=0)
    rim = (band.reshape(SECTORS, 5).mean(1) >= 0.6) & (outside.reshape(SECTORS, 5).mean(1) <= 0.25)
    return _longest_run(rim) / SECTORS


def verify(ink: np.ndarray, x: float, y: float, r: float) -> Circle:
    """The candidate moved to its most inked circle nearby, and the longest inked run of its rim; a seal's
    inner ring gives way to its outer one (a concentric ring up to 1.6 times as wide that holds too)."""
    x, y, rho = _refine(ink, x, y, r)
    arc = _rim(ink, x, y, rho)
    wider = np.arange(1.2 * rho, min(1.6 * rho, 0.13 * ink.shape[1] * 1.1), 1.0)
    if arc >= MIN_ARC and len(wider):
        outer = float(wider[int(np.argmax(_cover(ink, x, y, wider)))])
        outer_arc = _rim(ink, x, y, outer)
        if outer_arc >= MIN_ARC:
            return Circle(x, y, outer, outer_arc)
    return Circle(x, y, rho, arc)


def find_seals(ink: np.ndarray) -> list[Circle]:
    """Round seals (whole or an arc of one) on a page's ink mask."""
    if ink.mean() < 0.002:
        return []
    found = []
    for response, x, y, r in candidates(ink):
        circle = verify(ink, x, y, r)
        if circle.arc >= MIN_ARC or (response >= STRONG and circle.arc >= MIN_ARC / 2):
            found.append(circle)
    return found


def blank_seal(gray: np.ndarray, ink: np.ndarray, seal: Circle) -> None:
    """Paint a seal's disc white in place, except the rows of a text line that runs into it from either
    side (the page's own text is worth more than keeping the seal out; cutting into a line loses letters)."""
    h, w = gray.shape
    r = seal.r * 1.1  # past the rim's outer edge (the centre may be a few pixels off)
    top, bottom = max(0, int(seal.y - r)), min(h, int(seal.y + r) + 1)
    if bottom <= top:
        return
    rows = np.arange(top, bottom)
    half = np.sqrt(np.maximum(0.0, r * r - (rows - seal.y) ** 2))
    lefts = np.clip((seal.x - half).astype(int), 0, w)
    rights = np.clip((seal.x + half).astype(int) + 1, 0, w)
    reach, span = max(3, int(0.006 * w)), max(6, int(0.4 * seal.r))
    line = max(3, int(0.015 * h))
    runs_in = np.zeros(len(rows), bool)
    for i, (y, a, b) in enumerate(zip(rows, lefts, rights, strict=True)):
        band = ink[max(0, y - line // 2) : y + line // 2 + 1]
        left, right = band[:, max(0, a - span) : a].any(axis=0), band[:, b : b + span].any(axis=0)
        runs_in[i] = (ink[y, max(0, a - reach) : a].any() and left.sum() >= max(1, left.size // 3)) or (
            ink[y, b : b + reach].any() and right.sum() >= max(1, right.size // 3)
        )
    keep = cv2.dilate(runs_in.astype(np.uint8)[:, None], np.ones((line, 1), np.uint8))[:, 0] > 0
    for k in np.flatnonzero(~keep):
        gray[rows[k], lefts[k] : rights[k]] = 255
        ink[rows[k], lefts[k] : rights[k]] = False
