"""The OpenAPI schema and the interactive docs page, which must load nothing from the internet."""

import re

from .conftest import API


def test_openapi_lists_every_incident_endpoint(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert set(paths[API]) == {"get", "post"}
    assert set(paths[API + "/{incident_id}"]) == {"get", "patch", "delete"}
    assert "get" in paths[API + "/{incident_id}/history"] and "get" in paths[API + "/aggregate"]
    listed = {p["name"] for p in paths[API]["get"]["parameters"]}
    assert {"bbox", "since", "until", "category", "admin_area", "actor", "status", "classification", "q",
            "mission", "limit", "cursor"} <= listed
    assert not any("/docs/assets" in p for p in paths)
    assert schema["components"]["securitySchemes"]["BearerOrSession"]["scheme"] == "bearer"


def test_docs_page_renders_from_bundled_files_only(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html and "/api/v1/openapi.json" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/api/v1/docs/assets/") for u in urls), urls
    assert "cdn" not in html.lower() and "https://" not in html
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(b"".join(asset)) > 100


def test_unknown_docs_asset_is_404(db, client):
    assert client.get("/api/v1/docs/assets/..%2Fsettings.py").status_code == 404
    assert client.get("/api/v1/docs/assets/evil.js").status_code == 404
