"""The server-rendered pages: escaping, CSRF on forms, conflicts, downloads, charts, security headers."""

from __future__ import annotations

import io
import re

import pandas as pd

SHA = [f"{n:064x}" for n in range(5)]


def _form(client, sha: str) -> tuple[str, int]:
    page = client.get(f"/documents/{sha}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    seq = int(re.search(r'name="seq" value="(\d+)"', page).group(1))
    return token, seq


def test_document_text_is_escaped_and_scripts_are_forbidden(client):
    page = client.get(f"/documents/{SHA[0]}")
    assert "<script>" not in page.text and "&lt;script&gt;alert(" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "<script>" not in client.get("/", params={"q": "script"}).text


def test_a_form_post_needs_the_token_of_its_cookie(client):
    token, seq = _form(client, SHA[1])
    data = {
        "author": "an",
        "seq": seq,
        "field": "/number",
        "value": "9/KH",
        "csrf_token": "forged" + token[6:],
    }
    assert client.post(f"/documents/{SHA[1]}/fields", data=data).status_code == 403
    data["csrf_token"] = token
    cross = client.post(f"/documents/{SHA[1]}/fields", data=data, headers={"Origin": "http://evil.example"})
    assert cross.status_code == 403
    saved = client.post(f"/documents/{SHA[1]}/fields", data=data, follow_redirects=False)
    assert saved.status_code == 303
    assert "9/KH" in client.get(f"/documents/{SHA[1]}").text


def test_the_second_reviewer_of_a_version_gets_a_conflict_and_keeps_their_value(client):
    token, seq = _form(client, SHA[2])
    first = {"author": "an", "seq": seq, "field": "/number", "value": "20/KH", "csrf_token": token}
    second = first | {"author": "bình", "value": "21/KH"}
    assert client.post(f"/documents/{SHA[2]}/fields", data=first, follow_redirects=False).status_code == 303
    clash = client.post(f"/documents/{SHA[2]}/fields", data=second)
    assert clash.status_code == 409 and "conflict" in clash.text.lower() and "21/KH" in clash.text
    assert client.get(f"/api/documents/{SHA[2]}").json()["record"]["number"] == "20/KH"


def test_a_token_and_a_line_correction(client):
    token, seq = _form(client, SHA[3])
    data = {
        "author": "an",
        "seq": seq,
        "start": 0,
        "end": 2,
        "before": "KẾ",
        "after": "Kế",
        "csrf_token": token,
    }
    assert client.post(f"/documents/{SHA[3]}/text", data=data, follow_redirects=False).status_code == 303
    token, seq = _form(client, SHA[3])
    line = {"author": "an", "seq": seq, "line": 2, "after": "Phát động thi đua", "csrf_token": token}
    assert client.post(f"/documents/{SHA[3]}/line", data=line, follow_redirects=False).status_code == 303
    text = client.get(f"/api/documents/{SHA[3]}").json()["text"]
    assert text.startswith("Kế HOẠCH số 3\nPhát động thi đua\f")


def test_search_page_facets_and_downloads(client):
    page = client.get("/", params={"q": "an ninh"}).text
    assert 'id="facet-province"' in page and "Đồng Tháp" in page and "<svg" in page
    csv = client.get("/download.csv", params={"q": "an ninh", "province": "Huế"})
    table = pd.read_csv(io.BytesIO(csv.content))
    assert list(table["number"]) == ["0/KH"]
    parquet = client.get("/download.parquet", params={"province": "Đồng Tháp"})
    table = pd.read_parquet(io.BytesIO(parquet.content))
    assert sorted(table["number"]) == ["2/KH", "3/KH", "4/KH"]
    assert str(table["issued_year"].dtype) == "Int64"  # an integer column, not doubles


def test_charts_render_on_the_server(client):
    svg = client.get("/chart.svg").text
    assert svg.startswith("<svg") and "Đồng Tháp" in svg and ">2<" in svg
    assert client.get("/charts").text.count("<svg") == 4


def test_review_queue_lists_documents_by_open_items(client, filled):
    filled.record_failure("/in/<b>bad</b>.pdf", "not a PDF")
    page = client.get("/review").text
    assert f"/documents/{SHA[4]}" in page and "&lt;b&gt;bad&lt;/b&gt;" in page


def test_ocr_word_boxes_are_drawn_with_the_unsure_words_in_red(client, filled):
    from thidua.types import Page, Provenance, Word

    doc = filled.document(SHA[1])
    words = [Word("Số:", 10, 10, 40, 20, 95.0), Word("484/KH-CĐ<b>", 60, 10, 120, 20, 51.0)]
    doc.pages[0] = Page(1, doc.pages[0].text, Provenance("ocr-vie", "tesseract", "vie", 73.0), words)
    filled.save(doc)
    assert 'src="/documents/' in client.get(f"/documents/{SHA[1]}").text
    svg = client.get(f"/documents/{SHA[1]}/pages/1.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "484/KH-CĐ&lt;b&gt; (51)" in svg.text and svg.text.count('stroke="#c0392b"') == 1
    assert client.get(f"/documents/{SHA[1]}/pages/2.svg").status_code == 404
    assert client.get(f"/documents/{SHA[1]}/pages/..%2F..%2Fetc%2Fpasswd.svg").status_code in (404, 422)


def _stored(store, plans, path, fmt: str, words: list) -> str:
    """A one-page document whose source is the file at `path` (its real SHA-256), with `words`."""
    import hashlib

    from thidua.types import Document, Page, Provenance

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    page = Page(1, "KẾ HOẠCH số 7\nPhát động phong trào thi đua", Provenance("ocr-vie"), words)
    doc = Document(sha256=sha, source_path=str(path), format=fmt, pages=[page])
    store.save(doc, plans.restored(doc), plans.extraction(number="7/KH"))
    return sha


def _drawn(svg: str):
    """The page image embedded in a page SVG, decoded."""
    import base64

    from PIL import Image

    data = re.search(r'href="data:image/jpeg;base64,([^"]+)"', svg).group(1)
    return Image.open(io.BytesIO(base64.b64decode(data))).convert("L")


def test_the_page_image_from_the_source_with_the_word_boxes_over_it(client, filled, plans, tmp_path):
    from PIL import Image, ImageDraw

    from thidua.types import Word

    scan = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(scan).rectangle((300, 400, 599, 799), fill=0)  # the lower right quarter is ink
    path = tmp_path / "scan.png"
    scan.save(path)
    sha = _stored(filled, plans, path, "png", [Word("Số:", 300, 400, 60, 20, 40.0)])
    page = client.get(f"/documents/{sha}").text
    assert f'src="/documents/{sha}/pages/1.svg"' in page and "source-missing" not in page
    svg = client.get(f"/documents/{sha}/pages/1.svg").text
    assert 'viewBox="0 0 600 800"' in svg and '<rect x="300" y="400" width="60" height="20"' in svg
    drawn = _drawn(svg)
    assert drawn.size == (900, 1200)
    assert drawn.getpixel((200, 200)) > 200 and drawn.getpixel((700, 1000)) < 50

    path.write_bytes(path.read_bytes() + b"\0")  # no longer the file that was ingested
    assert "has changed since it was ingested" in client.get(f"/documents/{sha}").text
    path.unlink()
    page = client.get(f"/documents/{sha}").text
    assert "source-missing" in page and f"the source file {path} is gone" in page
    svg = client.get(f"/documents/{sha}/pages/1.svg").text
    assert "data:image" not in svg and ">Số:</text>" in svg  # the boxes alone, with their words


def test_a_pdf_page_lines_up_with_its_300_dpi_word_boxes(client, filled, plans, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "plan.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(0, 0, A4[0] / 2, A4[1] / 2, fill=1)  # ink in the lower left quarter
    pdf.save()
    sha = _stored(filled, plans, path, "pdf", [])  # no words: the page image alone
    svg = client.get(f"/documents/{sha}/pages/1.svg").text
    assert f'viewBox="0 0 {A4[0] * 300 / 72:.0f} {A4[1] * 300 / 72:.0f}"' in svg
    drawn = _drawn(svg)
    assert drawn.width == 900 and drawn.getpixel((200, 200)) > 200 and drawn.getpixel((200, 1000)) < 50
    assert client.get(f"/documents/{sha}/pages/2.svg").status_code == 404
    assert client.get(f"/documents/{SHA[2]}/pages/1.svg").status_code == 404  # gone, and no words
    assert "a pdf source" not in client.get(f"/documents/{SHA[2]}").text
    assert "/in/plan-2.pdf is gone" in client.get(f"/documents/{SHA[2]}").text


def test_a_line_correction_re_extracts_the_machine_fields(client, filled, plans):
    from pathlib import Path

    from thidua.corpus import SearchFilters, browse
    from thidua.extract import extract
    from thidua.types import Document, Page, Provenance

    sample = Path(__file__).parents[2] / "corpus" / "samples" / "plan-lam-dong-nong-thon-moi.txt"
    text = sample.read_text(encoding="utf-8")
    misread = text.replace("ngày 12 tháng 3 năm 2026", "ngày l2 thág 3 năm 2O26")
    sha = "d" * 64
    doc = Document(sha, "/in/lam-dong.txt", "txt", [Page(1, misread, Provenance("legacy-text"))])
    filled.save(doc, plans.restored(doc, edits=0), extract(misread))
    assert client.get(f"/api/documents/{sha}").json()["record"]["issued_date"] is None
    token, seq = _form(client, sha)
    fix = {"author": "an", "seq": seq, "field": "/number", "value": "215/KH-UBND-TH", "csrf_token": token}
    assert client.post(f"/documents/{sha}/fields", data=fix, follow_redirects=False).status_code == 303
    token, seq = _form(client, sha)
    line = next(n for n, text in enumerate(misread.split("\n"), 1) if "2O26" in text)
    data = {"author": "an", "seq": seq, "line": line, "csrf_token": token}
    data["after"] = "Lâm Đồng, ngày 12 tháng 3 năm 2026"
    assert client.post(f"/documents/{sha}/line", data=data, follow_redirects=False).status_code == 303

    record = client.get(f"/api/documents/{sha}").json()["record"]
    assert (record["issued_date"], record["number"]) == ("2026-03-12", "215/KH-UBND-TH")
    assert not [item for item in record["review"] if item["field"] == "issued_date"]
    march = {"date_from": "2026-03", "date_to": "2026-03"}  # the other plans: February and April
    assert [h.sha256 for h in filled.search("nong thon moi", SearchFilters(**march))] == [sha]
    assert browse.facets(filled, "", SearchFilters(**march))["year"] == [{"value": 2026, "count": 1}]
    table = pd.read_csv(io.BytesIO(client.get("/download.csv", params=march).content))
    assert list(table["number"]) == ["215/KH-UBND-TH"]
    shown = client.get(f"/api/documents/{sha}").json()  # each field's evidence where its text now is
    spans = {s["label"]: s for s in shown["spans"] if s["kind"] == "evidence"}
    for name in ("issued_date", "title", "place"):
        span = spans[name]
        assert shown["text"][span["start"] : span["end"]] == record["evidence"][name]["text"]
