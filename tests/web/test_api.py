"""The JSON API: filters, cursor pagination, facets, one document, revisions, the change feed."""

from __future__ import annotations

SHA = [f"{n:064x}" for n in range(5)]


def test_openapi_describes_every_route(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/facets", "/api/changes", "/api/review"} <= set(
        spec["paths"]
    )
    assert "post" in spec["paths"]["/api/documents/{doc_id}/revisions"]


def test_filters_and_cursor_pages(client):
    got = client.get("/api/documents", params={"province": "Đồng Tháp", "limit": 2}).json()
    assert got["total"] == 3 and len(got["items"]) == 2 and got["next_cursor"]
    rest = client.get(
        "/api/documents", params={"province": "dong thap", "limit": 2, "cursor": got["next_cursor"]}
    )
    ids = [i["id"] for i in got["items"] + rest.json()["items"]]
    assert sorted(ids) == sorted(SHA[2:]) and rest.json()["next_cursor"] is None
    words = client.get("/api/documents", params={"q": "nong thon", "year": 2026}).json()
    assert {i["number"] for i in words["items"]} == {"1/KH", "3/KH"}
    assert client.get("/api/documents", params={"cursor": "junk"}).status_code == 400
    assert client.get("/api/documents", params={"year": "soon"}).status_code == 400


def test_facets_count_the_matches(client):
    facets = client.get("/api/facets", params={"q": "an ninh"}).json()
    assert facets["total"] == 3
    assert facets["province"] == [{"value": "Đồng Tháp", "count": 2}, {"value": "Huế", "count": 1}]
    assert facets["year"] == [{"value": 2025, "count": 3}]


def test_one_document_and_a_correction_through_the_api(client):
    doc = client.get(f"/api/documents/{SHA[4][:10].replace('0000000000', SHA[4][-10:])}")
    assert doc.status_code == 404  # not a prefix of any id
    doc = client.get(f"/api/documents/{SHA[4]}").json()
    assert doc["record"]["number"] == "4/KH" and doc["review"][0]["settled"] is False
    assert doc["pages"][0]["number"] == 1 and doc["text"].startswith("KẾ HOẠCH")
    body = {
        "author": "lan",
        "seq": doc["summary"]["seq"],
        "changes": [{"field": "/number", "after": "44/KH"}],
    }
    saved = client.post(f"/api/documents/{SHA[4]}/revisions", json=body)
    assert saved.status_code == 201
    again = client.post(f"/api/documents/{SHA[4]}/revisions", json=body)
    assert again.status_code == 409  # the same version, saved twice: the second is a conflict
    doc = client.get(f"/api/documents/{SHA[4]}").json()
    assert doc["record"]["number"] == "44/KH" and doc["machine_record"]["number"] == "4/KH"
    assert [h["author"] for h in doc["history"]] == ["lan"] and doc["review"][0]["settled"] is True
    listed = client.get("/api/documents", params={"q": "an ninh", "sort": "relevance"}).json()["items"]
    assert "44/KH" in {i["number"] for i in listed}


def test_writes_refuse_forms_and_other_origins(client):
    body = {"author": "x", "changes": [{"field": "/number", "after": "1"}]}
    assert client.post(f"/api/documents/{SHA[1]}/revisions", data={"author": "x"}).status_code in (415, 422)
    hostile = client.post(
        f"/api/documents/{SHA[1]}/revisions", json=body, headers={"Origin": "http://evil.example"}
    )
    assert hostile.status_code == 403
    assert client.get(f"/api/documents/{SHA[1]}/revisions").json() == []


def test_the_change_feed_returns_only_what_changed(client):
    first = client.get("/api/changes", params={"since": 0}).json()
    assert len(first["items"]) == 5 and first["items"][0]["record"]["number"] == "0/KH"
    mark = first["last_seq"]
    assert client.get("/api/changes", params={"since": mark}).json()["items"] == []
    body = {"author": "an", "changes": [{"field": "/province", "after": "Lâm Đồng"}]}
    client.post(f"/api/documents/{SHA[2]}/revisions", json=body)
    feed = client.get("/api/changes", params={"since": mark}).json()
    assert [i["id"] for i in feed["items"]] == [SHA[2]] and feed["items"][0]["province"] == "Lâm Đồng"
    assert feed["last_seq"] > mark


def test_read_only_has_no_write_routes(filled):
    from fastapi.testclient import TestClient

    from thidua.web import create_app

    client = TestClient(create_app(filled, read_only=True))
    body = {"author": "x", "changes": [{"field": "/number", "after": "1"}]}
    assert client.post(f"/api/documents/{SHA[1]}/revisions", json=body).status_code in (404, 405)
    assert client.post(f"/documents/{SHA[1]}/fields", data={}).status_code in (404, 405)
    assert '<form method="post"' not in client.get(f"/documents/{SHA[1]}").text


def test_deadline_filters_and_bad_values(client):
    march = client.get("/api/documents", params={"deadline_month": "2025-11"}).json()
    assert march["total"] == 5  # every plan's deadline is 2025-11-15
    assert client.get("/api/documents", params={"deadline_from": "2026-01"}).json()["total"] == 0
    assert client.get("/api/documents", params={"deadline_month": "11/2025"}).status_code == 400
    assert client.get("/api/documents", params={"date_from": "15/02/2025"}).status_code == 400
    assert client.get("/api/facets", params={"deadline_month": "2025-11"}).json()["total"] == 5
