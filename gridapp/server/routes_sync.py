"""Sync endpoints: push events, pull events, reference snapshot, health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from gridapp.domain.roles import Actor, Role
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
Store = Annotated[Central, Depends(central)]
MAX_SEQ = 2**31 - 1  # case_events.seq is an INTEGER column (32 bits on PostgreSQL)


@router.post("/sync/push", response_model=PushResponse, responses=ERRORS)
async def push(
    body: PushRequest, store: Store, actor: Annotated[Actor, Depends(require_roles(*CASE_ROLES))]
) -> PushResponse:
    """Apply a batch of the client's events; one result per event, in order."""
    results = await run_in_threadpool(sync_push.push, store, actor, body.events)
    return PushResponse(epoch=store.epoch, results=results)


@router.get("/sync/pull", response_model=PullResponse, responses=ERRORS)
async def pull(
    store: Store,
    actor: CurrentActor,
    since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = MAX_PULL,
) -> PullResponse:
    """Accepted events after ``since`` of the cases in the user's scope, in server order."""
    return await run_in_threadpool(sync_pull.pull, store, actor, since, limit)


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
