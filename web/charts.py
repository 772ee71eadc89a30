"""Charts drawn on the server as SVG (readable without JavaScript; every value is also printed)."""

from __future__ import annotations

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


def word_boxes(words: list, title: str, width: int = 900) -> Markup:
    """A page's OCR words at their boxes (scaled to `width`), the unsure ones in red, each with its
    text and confidence as a tooltip: the layout Tesseract saw, without the image."""
    right = max((w.left + w.width for w in words), default=1)
    bottom = max((w.top + w.height for w in words), default=1)
    scale = width / max(right, 1)
    height = int(bottom * scale) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="page" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for w in words:
        x, y, bw, bh = (round(v * scale, 1) for v in (w.left, w.top, w.width, w.height))
        unsure = w.confidence < LOW_CONFIDENCE
        fill, stroke = ("#fde2e1", "#c0392b") if unsure else ("none", "#9ab")
        parts.append(
            f'<g><title>{escape(w.text)} ({w.confidence:.0f})</title><rect x="{x}" y="{y}" width="{bw}" '
            f'height="{bh}" fill="{fill}" stroke="{stroke}" stroke-width="0.6"/>'
            f'<text x="{x}" y="{y + bh * 0.8:.1f}" font-size="{max(bh * 0.8, 4):.1f}" '
            f'textLength="{bw}" lengthAdjust="spacingAndGlyphs" fill="{"#a01" if unsure else "#123"}">'
            f"{escape(w.text)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
