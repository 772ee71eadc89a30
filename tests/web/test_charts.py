"""Server-drawn SVG: values printed, names escaped, highlights cut at span edges and escaped."""

from __future__ import annotations

from thidua.corpus.browse import Span
from thidua.web import charts, highlight


def test_the_heatmap_prints_every_count_and_escapes_names():
    svg = str(charts.heatmap([("<b>Huế</b>", 2025, 3), ("Đồng Tháp", 2026, 12)]))
    assert "&lt;b&gt;Huế&lt;/b&gt;" in svg and "<b>" not in svg
    assert ">3<" in svg and ">12<" in svg and ">2025<" in svg and ">2026<" in svg
    assert "no documents" in str(charts.heatmap([]))


def test_bars_scale_to_the_largest_count():
    svg = str(
        charts.bars([{"value": "Bằng khen", "count": 10}, {"value": "Giấy khen", "count": 5}], "Awards")
    )
    assert 'width="200"' in svg and 'width="100"' in svg


def test_highlighted_lines_escape_the_text_and_mark_each_span():
    text = "Số: <script>x</script>\n484/KH-CĐ\fTrang 2"
    spans = [Span(4, 12, "flagged", 'a "quoted" label'), Span(23, 32, "evidence", "number")]
    lines = highlight.lines(text, spans)
    assert [line.number for line in lines] == [1, 2, 3] and lines[2].page_break
    first = str(lines[0].html)
    assert '<mark class="flagged" title="a &#34;quoted&#34; label">&lt;script&gt;</mark>' in first
    assert "<script>" not in first
    assert str(lines[1].html) == '<mark class="evidence" title="number">484/KH-CĐ</mark>'


def test_a_titled_heatmap_prints_its_title():
    svg = str(charts.heatmap([("Huế", 2025, 1)], "Documents per province and year"))
    assert '<text x="4" y="18" class="head">Documents per province and year</text>' in svg
    assert svg.count("<g") == svg.count("</g>")
