"""Sync endpoints: push events, pull events, reference snapshot, health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError
from gridapp.server import sync_pull, sync_push
from gridapp.server.central import Central
from gridapp.server.deps import CurrentActor, central, require_roles
from gridapp.server.health import health_of
from gridapp.server.reference_snapshot import snapshot
from gridapp.sync.protocol import (
    MAX_PULL,
    ErrorOut,
    Health,
    PullResponse,
    PushRequest,
    PushResponse,
    ReferenceSnapshot,
    ReferenceVersion,
)

router = APIRouter(tags=["sync"])
CASE_ROLES = (
    Role.GRID_OFFICER,
    Role.INTAKE,
    Role.SHIFT_LEAD,
    Role.DISPATCHER,
    Role.DEPARTMENT,
    Role.SUPERVISOR,
)
ERRORS = {401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {"model": ErrorOut}}
PULL_ERRORS = {**ERRORS, 409: {"model": ErrorOut}}
Store = Annotated[Central, Depends(central)]
MAX_SEQ = 2**31 - 1  # case_events.seq is an INTEGER column (32 bits on PostgreSQL)


@router.post("/sync/push", response_model=PushResponse, responses=ERRORS)
async def push(
    body: PushRequest, store: Store, actor: Annotated[Actor, Depends(require_roles(*CASE_ROLES))]
) -> PushResponse:
    """Apply a batch of the client's events; one result per event, in order."""
    results = await run_in_threadpool(sync_push.push, store, actor, body.events)
    return PushResponse(epoch=store.epoch, results=results)


@router.get(
    "/sync/pull",
    response_model=PullResponse,
    response_model_exclude_unset=True,
    responses=PULL_ERRORS,
)
async def pull(
    store: Store,
    actor: CurrentActor,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = MAX_PULL,
    catalog: Annotated[int, Query(ge=1, le=1000)] = 1,
    with_head: bool = False,
) -> PullResponse:
    """Accepted events after ``since`` of the cases in the user's scope, in server order.

    ``catalog`` is the client's category catalog version (absent: a client from before
    versions were sent, i.e. version 1). A client on an older catalog would read the
    codes with their old meanings, so it is told to upgrade; its pushes are still
    accepted (their codes are translated), so nothing it recorded is lost.
    ``with_head``: also say the log's highest seq (``head``), so the client can show how
    far its pull has come; without it the answer has exactly the fields it always had.
    """
    if catalog < store.catalog.version:
        raise DomainError(
            "client_outdated",
            f"本机分类目录为版本{catalog}，服务端已升级为版本{store.catalog.version}："
            "请升级客户端后再接收案件（本机上报的案件已可上传）",
            catalog=store.catalog.version,
        )
    return await run_in_threadpool(sync_pull.pull, store, actor, since, limit, with_head)


@router.get("/reference/version", response_model=ReferenceVersion, responses=ERRORS)
async def reference_version(store: Store, actor: CurrentActor) -> ReferenceVersion:
    """Cheap check before fetching the whole snapshot."""
    return ReferenceVersion(version=await run_in_threadpool(store.reference_version))


@router.get("/reference", response_model=ReferenceSnapshot, responses=ERRORS)
async def reference(store: Store, actor: CurrentActor) -> ReferenceSnapshot:
    return await run_in_threadpool(snapshot, store, actor)


@router.get("/health", response_model=Health)
async def health(store: Store) -> Health:
    return await run_in_threadpool(health_of, store)
