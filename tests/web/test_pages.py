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
    assert sorted(pd.read_parquet(io.BytesIO(parquet.content))["number"]) == ["2/KH", "3/KH", "4/KH"]


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
