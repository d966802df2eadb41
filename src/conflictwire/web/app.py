"""The FastAPI application: routers, static files, security headers and error shapes.

Errors have one shape per audience: under /api/ a JSON body `{"error": {"status", "message"}}`
with the status code, elsewhere a page saying what went wrong and where to go. The store is
opened once per app (a pool of connections; SQLite in WAL mode, so `watch` may write while
this reads) and closed when the app stops.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from conflictwire.errors import QueryError, StoreError
from conflictwire.store import Store
from conflictwire.store.queries import WebQueries

logger = logging.getLogger(__name__)

HERE: Final = Path(__file__).parent
TEMPLATES: Final = Jinja2Templates(directory=HERE / "templates")

SECURITY_HEADERS: Final = {
    # Scripts and styles only from this server: text from articles can never run, even if
    # some template forgot to escape it.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _operation_id(route: APIRoute) -> str:
    """Stable OpenAPI operation ids: the router's tag and the function name."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app(db_url: str) -> FastAPI:
    """The app over the database at `db_url`, which must exist (`StoreError` otherwise)."""
    from conflictwire.web import api, pages  # noqa: PLC0415 - routes import this module's TEMPLATES

    store = Store.open(db_url, create=False)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="conflictwire",
        summary="Events, claims attributed to their sources, and disputes, from news reports.",
        version="1",
        docs_url=None,  # Swagger UI loads from a CDN; the spec is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.queries = WebQueries(store)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_error_handlers(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    """The JSON error of the API, or the friendly page, for `status` and `message`."""
    if _is_api(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return TEMPLATES.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(item) for item in error.get("loc", ()) if item not in ("query", "path"))
        parts.append(f"parameter {where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _add_error_handlers(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Any) -> Response:
        status = int(exc.status_code)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if status == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return error_response(request, status, message)

    async def validation_error(request: Request, exc: Any) -> Response:
        return error_response(request, 422, _validation_message(exc))

    async def query_error(request: Request, exc: Any) -> Response:
        return error_response(request, 400, str(exc))

    async def store_error(request: Request, exc: Any) -> Response:
        logger.error("%s", exc)
        return error_response(request, 503, "the database cannot be read just now; try again shortly")

    async def unexpected(request: Request, exc: Any) -> Response:
        logger.exception("error serving %s", request.url.path)
        return error_response(request, 500, "something went wrong on the server; it has been logged")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, unexpected)
