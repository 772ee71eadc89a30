"""Charts drawn on the server as SVG (readable without JavaScript; every value is also printed)."""

from __future__ import annotations

import base64

from markupsafe import Markup, escape

CELL_W, CELL_H, LABEL_W, HEAD_H = 56, 24, 190, 28


def heatmap(rows: list[tuple], title: str = "") -> Markup:
    """(province, year, count) triples as a grid: provinces down, years across, counts in the cells;
    `title` printed above it."""
    provinces = sorted({r[0] for r in rows})
    years = sorted({int(r[1]) for r in rows})
    counts = {(r[0], int(r[1])): int(r[2]) for r in rows}
    top = max(counts.values(), default=1)
    shift = HEAD_H if title else 0
    width = LABEL_W + CELL_W * max(1, len(years)) + 10
    height = shift + HEAD_H + CELL_H * max(1, len(provinces)) + 10
    name = title or "Documents per province and year"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(name)}">',
        f"<title>{escape(name)}</title>",
    ]
    if title:
        parts.append(
            f'<text x="4" y="18" class="head">{escape(title)}</text><g transform="translate(0 {shift})">'
        )
    for x, year in enumerate(years):
        cx = LABEL_W + CELL_W * x + CELL_W // 2
        parts.append(f'<text x="{cx}" y="{HEAD_H - 8}" text-anchor="middle" class="head">{year}</text>')
    for y, province in enumerate(provinces):
        cy = HEAD_H + CELL_H * y
        parts.append(f'<text x="{LABEL_W - 8}" y="{cy + 16}" text-anchor="end">{escape(province)}</text>')
        for x, year in enumerate(years):
            n = counts.get((province, year), 0)
            shade = 0.08 + 0.85 * n / top if n else 0.0
            cx = LABEL_W + CELL_W * x
            parts.append(
                f'<rect x="{cx + 1}" y="{cy + 1}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                f'fill="rgb(31,90,160)" fill-opacity="{shade:.2f}" stroke="#ccd"><title>'
                f"{escape(province)} {year}: {n}</title></rect>"
            )
            if n:
                ink = "#fff" if shade > 0.5 else "#123"
                parts.append(
                    f'<text x="{cx + CELL_W // 2}" y="{cy + 16}" text-anchor="middle" fill="{ink}" '
                    f'class="count">{n}</text>'
                )
    if not rows:
        parts.append(f'<text x="10" y="{HEAD_H + 16}">no documents with a province and a year</text>')
    parts.append("</g></svg>" if title else "</svg>")
    return Markup("".join(parts))


def bars(items: list[dict], title: str) -> Markup:
    """Facet counts ({value, count}) as horizontal bars with their numbers."""
    top = max((int(i["count"]) for i in items), default=1)
    width, bar_w = LABEL_W + 260, 200
    height = HEAD_H + CELL_H * max(1, len(items)) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title><text x="4" y="18" class="head">{escape(title)}</text>',
    ]
    for n, item in enumerate(items):
        y = HEAD_H + CELL_H * n
        length = max(1, round(bar_w * int(item["count"]) / top))
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end">{escape(str(item["value"]))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{length}" height="{CELL_H - 8}" fill="#1f5aa0"/>'
        )
        parts.append(
            f'<text x="{LABEL_W + length + 6}" y="{y + 16}" class="count">{int(item["count"])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


LOW_CONFIDENCE = 60.0
"""OCR words below this Tesseract confidence are drawn in red."""


def word_boxes(
    words: list, title: str, width: int = 900, image: bytes | None = None, extent: tuple | None = None
) -> Markup:
    """A page's OCR words at their boxes, the unsure ones in red, each with its text and confidence as
    a tooltip; over `image` (a JPEG of the page, `extent` its size in word-box pixels) when given,
    else with the words written in their boxes: the layout Tesseract saw."""
    right, bottom = extent or (
        max((w.left + w.width for w in words), default=1),
        max((w.top + w.height for w in words), default=1),
    )
    right, bottom = max(right, 1), max(bottom, 1)
    height = round(width * bottom / right)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="page" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {right:.0f} {bottom:.0f}" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect width="{right:.0f}" height="{bottom:.0f}" fill="#fff"/>',
    ]
    if image is not None:
        data = base64.b64encode(image).decode()
        parts.append(
            f'<image href="data:image/jpeg;base64,{data}" x="0" y="0" width="{right:.0f}" '
            f'height="{bottom:.0f}" preserveAspectRatio="none"/>'
        )
    line = max(right / width, 0.5)  # box outlines about one screen pixel wide
    for w in words:
        unsure = w.confidence < LOW_CONFIDENCE
        fill, stroke = ("#fde2e1", "#c0392b") if unsure else ("none", "#9ab")
        opacity = ' fill-opacity="0.35"' if image is not None and unsure else ""
        parts.append(
            f'<g><title>{escape(w.text)} ({w.confidence:.0f})</title><rect x="{w.left}" y="{w.top}" '
            f'width="{w.width}" height="{w.height}" fill="{fill}"{opacity} stroke="{stroke}" '
            f'stroke-width="{line:.1f}"/>'
        )
        if image is None:
            ink, size = "#a01" if unsure else "#123", max(w.height * 0.8, 4)
            parts.append(
                f'<text x="{w.left}" y="{w.top + w.height * 0.8:.1f}" font-size="{size:.1f}" '
                f'textLength="{w.width}" lengthAdjust="spacingAndGlyphs" fill="{ink}">{escape(w.text)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
