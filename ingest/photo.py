"""Phone photos of a page: find the sheet on its darker surround, flatten its perspective and its lighting.

A scan fills its frame and is lit evenly; a phone photo shows the sheet as a bright quadrilateral on a
darker table, in perspective, brighter on one side. `look` judges a small copy of the page (a few
milliseconds, so scans pay almost nothing); `correct` warps the sheet to a flat rectangle and divides out
the lighting only when those signs are there, and names what it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import cv2
import numpy as np

from thidua.ingest.images import A4_SHORT_INCHES

LOOK_SIDE = 640  # px: long side of the copy the sheet is looked for on
MIN_SIDE = 48  # px: a smaller image is not judged
PAGE_AREA = (0.25, 0.93)  # of the frame: a smaller bright shape is not the sheet, a larger one fills it
SURROUND_DARKER = 0.6  # the surround's median brightness is below this fraction of the sheet's
QUAD_FIT = 0.9  # the bright shape covers this much of its four-corner fit (in the picture): a sheet
BACKGROUND_TEXT = 0.025  # of the copy's long side: closing this wide erases the print, keeps the paper
UNEVEN = 1.15  # paper brightest / darkest (95th / 5th percentile) above this is uneven lighting
PAPER = 90  # a background darker than this at its brightest is not paper: left alone
EDGE_TRIM = 0.05  # of each side, left out when the paper's evenness is measured (scanner edges)
SIDE_BAND = 3.0  # px on the copy: outline points this close to a side are fitted to it
MERGE_ANGLE = 10.0  # degrees: consecutive outline edges turning less are one side
MIN_SIDES_SEEN = 2  # of the sheet's four sides, this many at least lie inside the picture
REACH = 0.2  # of the frame's long side: a corner further out of the picture is a wrong crossing
INSET = 0.005  # of the sheet's size, trimmed inside its edges so no table shows along them


LOG = np.round(255 * np.log1p(np.arange(256)) / np.log(256)).astype(np.uint8)


@dataclass(frozen=True)
class Corrected:
    """The page after correction, what was done (empty: left as it was) and its resolution when the
    sheet was warped (estimated from an A4 sheet's short side)."""

    gray: np.ndarray
    steps: tuple[str, ...]
    dpi: int | None


class Look(NamedTuple):
    """A small copy of the page (long side at most LOOK_SIDE), its scale, and the same with its print
    erased by a closing wider than any stroke: the paper's light and what the paper lies on."""

    small: np.ndarray
    scale: float
    closed: np.ndarray


def look(gray: np.ndarray) -> Look | None:
    """The page's small copies (None for an image too small to judge)."""
    if min(gray.shape) < MIN_SIDE:
        return None
    scale = min(1.0, LOOK_SIDE / max(gray.shape))
    # Bilinear sampling, not area averaging: ~1 ms a page instead of ~25; the print it aliases into
    # dots is erased by the closing anyway.
    small = (
        gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
    )
    k = _kernel(small)
    # Framed in black first: a sliver of table along the picture's edge, narrower than the kernel, would
    # otherwise be closed over like print and the sheet would seem to reach the edge.
    framed = cv2.copyMakeBorder(small, k, k, k, k, cv2.BORDER_CONSTANT, value=0)
    closed = cv2.morphologyEx(framed, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return Look(small, scale, closed[k:-k, k:-k])


def _kernel(small: np.ndarray) -> int:
    return max(3, int(BACKGROUND_TEXT * max(small.shape)) | 1)


def _paper(seen: Look) -> np.ndarray:
    """The paper's light over the small copy: its print erased, smoothed."""
    k = _kernel(seen.small)
    return cv2.blur(seen.closed, (k, k))


def _order(quad: np.ndarray) -> np.ndarray | None:
    """Four corners as top-left, top-right, bottom-right, bottom-left (None when that is ambiguous)."""
    s, d = quad.sum(axis=1), quad[:, 1] - quad[:, 0]
    picks = [int(np.argmin(s)), int(np.argmin(d)), int(np.argmax(s)), int(np.argmax(d))]
    return quad[picks] if len(set(picks)) == 4 else None


def _on_frame(a: np.ndarray, b: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether the edge a-b runs along the frame's border (where the sheet leaves the picture)."""
    h, w = shape[:2]
    return any(
        abs(a[k] - edge) <= 2 and abs(b[k] - edge) <= 2
        for k, size in ((0, w), (1, h))
        for edge in (0, size - 1)
    )


def _meet(p: tuple[np.ndarray, np.ndarray], q: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """Where the lines through edges p and q cross (None when nearly parallel)."""
    d1, d2 = p[1] - p[0], q[1] - q[0]
    cross = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(cross) < 1e-6 * np.linalg.norm(d1) * np.linalg.norm(d2) + 1e-9:
        return None
    t = ((q[0][0] - p[0][0]) * d2[1] - (q[0][1] - p[0][1]) * d2[0]) / cross
    return p[0] + t * d1


Edge = tuple[np.ndarray, np.ndarray]


def _edges(hull: np.ndarray, shape: tuple[int, ...]) -> list[tuple[Edge, bool]]:
    """The hull's outline as straight edges, each with whether it runs along the frame: a fine polygon
    whose consecutive nearly collinear edges are joined (a slightly bent sheet side is one edge)."""
    poly = cv2.approxPolyDP(hull, 0.005 * cv2.arcLength(hull, True), True).reshape(-1, 2).astype(np.float64)
    merged: list[tuple[Edge, bool]] = []
    for i in range(len(poly)):
        a, b = poly[i], poly[(i + 1) % len(poly)]
        frame = _on_frame(a, b, shape)
        if merged and merged[-1][1] == frame and _angle(merged[-1][0], (a, b)) < MERGE_ANGLE:
            merged[-1] = ((merged[-1][0][0], b), frame)
        else:
            merged.append(((a, b), frame))
    if (
        len(merged) > 1
        and merged[-1][1] == merged[0][1]
        and _angle(merged[-1][0], merged[0][0]) < MERGE_ANGLE
    ):
        merged[0] = ((merged[-1][0][0], merged[0][0][1]), merged[0][1])
        merged.pop()
    return merged


def _angle(p: Edge, q: Edge) -> float:
    """Degrees between the directions of two edges."""
    d1, d2 = p[1] - p[0], q[1] - q[0]
    cos = float(d1 @ d2 / (np.linalg.norm(d1) * np.linalg.norm(d2) + 1e-9))
    return float(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def _fit(edge: Edge, points: np.ndarray) -> Edge:
    """The line fitted to the outline points along the middle of `edge` (the edge itself if too few)."""
    a, b = edge
    d = b - a
    length = float(np.linalg.norm(d))
    along = (points - a) @ d / length**2
    across = np.abs((points - a) @ np.array([-d[1], d[0]]) / length)
    near = points[(across < SIDE_BAND) & (along > 0.05) & (along < 0.95)]
    if len(near) < 10:
        return edge
    vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0], np.float64), np.array([x0 + vx, y0 + vy], np.float64)


def _corners(outline: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """The sheet's four corners: where lines fitted to its four longest sides cross. Sides along the frame
    are where the picture cut the sheet off, so they count only when fewer than four others remain; a
    corner out of the picture is extended to where its sides meet."""
    h, w = shape[:2]
    edges = _edges(cv2.convexHull(outline), shape)
    inside = [(edge, frame) for edge, frame in edges if not frame]
    chosen = inside if len(inside) >= 4 else edges
    if len(chosen) < 4:
        return None
    longest = sorted(
        range(len(chosen)), key=lambda i: -float(np.linalg.norm(chosen[i][0][1] - chosen[i][0][0]))
    )
    picked = [chosen[i] for i in sorted(longest[:4])]  # in their order around the outline
    if sum(not frame for _, frame in picked) < MIN_SIDES_SEEN:
        return None  # mostly the frame: a dark band along a scan's edge, not a sheet on a table
    sides = [edge for edge, _ in picked]
    points = outline.reshape(-1, 2).astype(np.float64)
    points = points[(points[:, 0] > 1) & (points[:, 0] < w - 2) & (points[:, 1] > 1) & (points[:, 1] < h - 2)]
    lines = [_fit(side, points) for side in sides]
    corners = [_meet(lines[i - 1], lines[i]) for i in range(4)]
    reach = REACH * max(h, w)
    if any(c is None or not (-reach <= c[0] <= w + reach and -reach <= c[1] <= h + reach) for c in corners):
        return None
    return _order(np.array(corners))


def find_sheet(gray: np.ndarray, seen: Look | None = None) -> np.ndarray | None:
    """The photographed sheet's corners (4x2, full-size pixels, clockwise from top left), or None when
    the page fills its frame, no four-cornered bright shape stands out, or its surround is not darker."""
    seen = seen or look(gray)
    if seen is None:
        return None
    small, scale = seen.small, seen.scale
    # Otsu on log brightness: light multiplies the sheet and the table alike, so on a log scale the gap
    # between them stays the same however deep the shadow (on a linear one a shaded corner of the sheet
    # fell below the threshold).
    _, bright = cv2.threshold(cv2.LUT(seen.closed, LOG), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    shape = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(shape)
    if not PAGE_AREA[0] <= area / float(small.shape[0] * small.shape[1]) <= PAGE_AREA[1]:
        return None
    quad = _corners(shape, small.shape)
    if quad is None:
        return None
    inside = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(inside, np.round(quad).astype(np.int32), 255)
    if area < QUAD_FIT * np.count_nonzero(inside):
        return None
    outside = small[inside == 0]
    if outside.size == 0 or np.median(outside) > SURROUND_DARKER * np.median(small[inside > 0]):
        return None
    return (quad / scale).astype(np.float32)


def dewarp(gray: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The sheet inside `corners` warped to a flat rectangle at the resolution of its longer edges."""
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    trim = INSET * max(width, height)
    w, h = round(float(width) - 2 * trim), round(float(height) - 2 * trim)
    target = np.array(
        [[-trim, -trim], [w + trim, -trim], [w + trim, h + trim], [-trim, h + trim]], np.float32
    )
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    # Bilinear, as the deskew's rotation: cubic ringing around strokes raised the CER there.
    return cv2.warpPerspective(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def unevenness(gray: np.ndarray, seen: Look | None = None) -> float:
    """How unevenly the paper is lit: its 95th over its 5th brightness percentile (1.0 for an even scan;
    page edges left out, where scanners leave dark bands). 1.0 when the background is not paper."""
    seen = seen or look(gray)
    if seen is None:
        return 1.0
    paper = _paper(seen)
    h, w = paper.shape
    dy, dx = int(EDGE_TRIM * h), int(EDGE_TRIM * w)
    low, high = np.percentile(paper[dy : h - dy, dx : w - dx], (5, 95))
    if high < PAPER:
        return 1.0
    return float(high / max(low, 1.0))


def flatten(gray: np.ndarray, seen: Look | None = None) -> np.ndarray:
    """The page with its paper's light divided out: the paper white everywhere, the print as dark as the
    light around it allowed."""
    seen = seen or look(gray)
    if seen is None:
        return gray
    paper = cv2.resize(_paper(seen), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def correct(gray: np.ndarray, do_dewarp: bool = True, do_flatten: bool = True) -> Corrected:
    """Dewarp a photographed sheet and flatten uneven light; a scan comes back as it was, no steps."""
    seen = look(gray)
    if seen is None:
        return Corrected(gray, (), None)
    steps: list[str] = []
    dpi = None
    if do_dewarp and (corners := find_sheet(gray, seen)) is not None:
        gray = dewarp(gray, corners)
        dpi = max(1, round(min(gray.shape) / A4_SHORT_INCHES))
        steps.append("dewarp")
        seen = look(gray)
    if do_flatten and seen is not None and (uneven := unevenness(gray, seen)) > UNEVEN:
        gray = flatten(gray, seen)
        steps.append(f"flatten-light({uneven:.2f})")
    return Corrected(gray, tuple(steps), dpi)
