"""The web app and JSON API over a conflictwire store (read-only): `create_app(db_url)`.

`conflictwire serve` runs it with uvicorn. Pages are rendered on the server with Jinja2
(autoescaped; scripts only from /static, enforced by a Content-Security-Policy), the API
lives under /api/ with its OpenAPI description at /openapi.json. All SQL is in
`conflictwire.store.queries`; this package parses requests and renders results.
"""

from conflictwire.web.app import create_app

__all__ = ["create_app"]
