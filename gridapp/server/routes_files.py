"""Photo endpoints: upload (PUT, resumable), status (GET …/status), download."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from gridapp.domain.roles import Actor, Role
from gridapp.errors import NotFoundError, ValidationError
from gridapp.server import photo_access, uploads
from gridapp.server.central import Central
from gridapp.server.deps import CurrentActor, central, require_roles
from gridapp.store.case_queries import scope_condition
from gridapp.store.files import MAX_PHOTO_BYTES
from gridapp.store.image_check import sniff_mime
from gridapp.store.schema import attachments, case_files, cases
from gridapp.sync.protocol import ErrorOut, FileStatus

router = APIRouter(prefix="/files", tags=["files"])
UPLOADERS = (Role.GRID_OFFICER, Role.INTAKE, Role.DEPARTMENT)
ERRORS = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
    404: {"model": ErrorOut},
    413: {"model": ErrorOut},
    415: {"model": ErrorOut},
    422: {"model": ErrorOut},
}
Store = Annotated[Central, Depends(central)]


@router.put("/{sha256}", response_model=FileStatus, responses=ERRORS)
async def upload(
    sha256: str,
    request: Request,
    store: Store,
    actor: Annotated[Actor, Depends(require_roles(*UPLOADERS))],
    content_range: Annotated[str | None, Header()] = None,
) -> FileStatus:
    """Store a photo under its SHA-256 (the whole body, or one ``Content-Range`` part)."""
    uploads.check_sha(sha256)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_PHOTO_BYTES:
            raise ValidationError("file_too_large", "照片过大")
    return await run_in_threadpool(
        uploads.receive, store, actor, sha256, bytes(body), content_range
    )


@router.get("/{sha256}/status", response_model=FileStatus, responses=ERRORS)
async def file_status(sha256: str, store: Store, actor: CurrentActor) -> FileStatus:
    """Whether the server has the photo for this user, or how much of their upload arrived."""
    # Off the event loop: on an object store this is a network round trip.
    return await run_in_threadpool(uploads.status, store, actor, sha256)


@router.get(
    "/{sha256}",
    responses={**ERRORS, 200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}},
    response_class=Response,
)
async def download(sha256: str, store: Store, actor: CurrentActor) -> Response:
    """A photo of a case the user may see, or one of their own recent uploads."""
    uploads.check_sha(sha256)

    def load() -> tuple[bytes, str]:
        with store.db.read() as conn:
            row = conn.execute(
                select(attachments.c.mime)
                .join(case_files, case_files.c.sha256 == attachments.c.sha256)
                .join(cases, cases.c.id == case_files.c.case_id)
                .where(attachments.c.sha256 == sha256, scope_condition(actor))
                .limit(1)
            ).first()
        mine = row is None and photo_access.own_upload(
            store.files, store.settings, actor, sha256, photo_access.utc_now()
        )
        if row is None and not mine:
            raise NotFoundError("unknown_file", "照片不存在或无权查看")
        try:
            data = store.files.read(sha256)
        except FileNotFoundError:
            raise NotFoundError("unknown_file", "照片不存在或无权查看") from None
        return data, row.mime if row is not None else sniff_mime(data)

    data, mime = await run_in_threadpool(load)
    headers = {"Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"}
    return Response(content=data, media_type=mime, headers=headers)
