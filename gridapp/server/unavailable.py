"""Infrastructure trouble answered as "try again later": 503, a code, Retry-After.

A full disk (ENOSPC/EDQUOT on the photo folder, SQLite's "database or disk is
full", PostgreSQL's disk_full) or a lost database connection is nobody's input
error: the transaction rolled back and a photo is never kept half-written, so the
client keeps its events and photos and sends them again later. The answer says so
(``storage_full`` or ``service_unavailable``, never a 500 a client would read as a
bug); the log says what broke with the request's method and path and the error's
first line only, never a statement's parameters or the body (citizens' data).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from gridapp.errors import StorageError, is_disk_full

log = logging.getLogger("gridapp.server")

STORAGE_FULL = "storage_full"
UNAVAILABLE = "service_unavailable"
RETRY_AFTER_S = {STORAGE_FULL: 60, UNAVAILABLE: 10}
MESSAGES = {
    STORAGE_FULL: "服务器存储空间已满，本次数据未保存，请稍后重试",
    UNAVAILABLE: "服务暂时不可用（数据库或存储中断），本次数据未保存，请稍后重试",
}


def unavailable_answer(code: str, message: str | None = None) -> JSONResponse:
    body = {"code": code, "message": message or MESSAGES[code], "details": {}}
    headers = {"Retry-After": str(RETRY_AFTER_S.get(code, RETRY_AFTER_S[UNAVAILABLE]))}
    return JSONResponse(body, status_code=503, headers=headers)


def _first_line(exc: BaseException) -> str:
    """The driver's own message (not SQLAlchemy's, which appends the statement)."""
    if isinstance(exc, OSError):
        return f"{type(exc).__name__} errno={exc.errno} {exc.strerror or ''}".strip()
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def _log(request: Request, code: str, exc: BaseException) -> None:
    log.error(
        "%s: %s %s answered 503 (%s)",
        code,
        request.method,
        request.url.path,
        _first_line(exc),
        extra={"code": code, "error_type": type(exc).__name__},
    )


async def _infrastructure_error(request: Request, exc: Exception) -> JSONResponse:
    code = STORAGE_FULL if is_disk_full(exc) else UNAVAILABLE
    _log(request, code, exc)
    return unavailable_answer(code)


async def _storage_error(request: Request, exc: Exception) -> JSONResponse:
    """A StorageError keeps its own code (the photo store is down, …) unless the disk is full."""
    assert isinstance(exc, StorageError)
    if is_disk_full(exc):
        _log(request, STORAGE_FULL, exc.__cause__ or exc)
        return unavailable_answer(STORAGE_FULL)
    _log(request, exc.code, exc.__cause__ or exc)
    return unavailable_answer(exc.code, exc.message)


# Trouble of the store, never of one event: a per-event handler (sync_push) must let
# these through, so the whole push answers 503, rolls back and the client keeps its
# events. Caught there, a SQLite full disk would be worse than a refusal: SQLite has
# already rolled the whole transaction back, and later events could commit on their own.
INFRASTRUCTURE_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    StorageError,
    OperationalError,
    InterfaceError,
    PoolTimeoutError,
)


def install(app: FastAPI) -> None:
    """Register the 503 answers (more specific than the app's GridappError handler)."""
    for kind in INFRASTRUCTURE_ERRORS:
        if kind is not StorageError:
            app.add_exception_handler(kind, _infrastructure_error)
    app.add_exception_handler(StorageError, _storage_error)
