"""The FastAPI application: routers, error mapping, lifecycle."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from gridapp import __version__
from gridapp.errors import DomainError, GridappError, NotFoundError, StorageError, ValidationError
from gridapp.server import (
    routes_admin,
    routes_admin_ack,
    routes_admin_basemap,
    routes_admin_grids,
    routes_admin_integrations,
    routes_admin_limits,
    routes_admin_org,
    routes_admin_routing,
    routes_admin_sessions,
    routes_admin_warnings,
    routes_auth,
    routes_files,
    routes_standing,
    routes_sync,
    unavailable,
)
from gridapp.server.body_limit import BodyLimit
from gridapp.server.central import Central
from gridapp.server.open311 import routes as open311_routes
from gridapp.server.photo_gc import PhotoSweeper
from gridapp.server.settings import ServerSettings
from gridapp.sync.protocol import API_PREFIX

log = logging.getLogger("gridapp.server")

# Error codes that are not "bad request" but something more specific.
STATUS_BY_CODE = {
    "forbidden": 403,
    "not_logged_in": 401,
    "missing_token": 401,
    "invalid_token": 401,
    "session_expired": 401,
    "session_revoked": 401,
    "bad_credentials": 401,
    "account_disabled": 403,
    "locked_out": 429,
    "file_too_large": 413,
    "image_too_large": 413,
    "payload_too_large": 413,
    "unsupported_image": 415,
    "not_an_image": 415,
}


def status_for(exc: GridappError) -> int:
    if exc.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[exc.code]
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, StorageError):
        return 503
    if isinstance(exc, DomainError):
        return 409
    if isinstance(exc, ValidationError):
        return 422
    return 400


def create_app(
    settings: ServerSettings | None = None, *, clock: Callable[[], datetime] | None = None
) -> FastAPI:
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kwargs = {"clock": clock} if clock else {}
        app.state.central = Central(settings, **kwargs)
        sweeper = PhotoSweeper.start(app.state.central)  # abandoned uploads, unnamed photos
        try:
            yield
        finally:
            sweeper.stop()
            app.state.central.close()

    app = FastAPI(
        title="gridapp sync service",
        version=__version__,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )

    @app.exception_handler(GridappError)
    async def _gridapp_error(request: Request, exc: GridappError) -> JSONResponse:
        headers = {}
        if exc.code == "locked_out" and "retry_after" in exc.details:
            headers["Retry-After"] = str(exc.details["retry_after"])
        return JSONResponse(exc.as_dict(), status_code=status_for(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()[:20]
        ]
        body = {"code": "bad_request", "message": "请求格式错误", "details": {"errors": errors}}
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # A body FastAPI could not even parse is malformed input like any other: 422.
        status = 422 if exc.status_code == 400 else exc.status_code
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "bad_request")
        body = {"code": code, "message": str(exc.detail), "details": {}}
        return JSONResponse(body, status_code=status, headers=exc.headers)

    # Full disk, lost database, photo store down: 503 + Retry-After, the client retries.
    unavailable.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    for router in (
        routes_auth.router,
        routes_sync.router,
        routes_files.router,
        routes_admin_sessions.router,
        routes_admin.router,
        routes_admin_org.router,
        routes_admin_limits.router,
        routes_admin_routing.router,
        routes_admin_ack.router,
        routes_admin_warnings.router,
        routes_admin_basemap.router,
        routes_admin_grids.router,
        routes_admin_integrations.router,
        routes_standing.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    # Open311 GeoReport v2 lives at its conventional path, outside the sync API.
    app.include_router(open311_routes.router)
    return app
