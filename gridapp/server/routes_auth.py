"""``/auth``: login, logout, who am I, change my password.

Login is the only route without a session; everything else goes through
``current_actor``, which refuses expired, revoked and disabled sessions.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from gridapp.domain.roles import Actor
from gridapp.errors import DomainError
from gridapp.server import auth
from gridapp.server.central import Central
from gridapp.server.deps import CurrentActor, bearer_token, central, client_ip
from gridapp.store.reference import UserRecord
from gridapp.sync.protocol import ErrorOut, LoginRequest, LoginResponse, PasswordChange, UserInfo

router = APIRouter(tags=["auth"])

Store = Annotated[Central, Depends(central)]

# Failures slow down the (account, address) pair and the address, never the account.
THROTTLED = "本机尝试过于频繁，请等待 Retry-After 秒后再试"

_SESSION_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "未登录、登录已过期或已被注销"},
    403: {"model": ErrorOut, "description": "账号已停用"},
    422: {"model": ErrorOut, "description": "请求格式错误"},
}


def user_info(user: UserRecord | Actor) -> UserInfo:
    """What a client may know about a user (never the password hash)."""
    return UserInfo(
        username=user.username,
        display_name=user.display_name,
        role=user.role.value,
        street_code=user.street_code,
        department_code=user.department_code,
        grid_codes=sorted(user.grid_codes),
    )


def _token(request: Request) -> str:
    token = bearer_token(request)
    if token is None:  # current_actor already refused this; kept for the type checker
        raise DomainError("missing_token", "请先登录")
    return token


@router.post(
    "/auth/login",
    response_model=LoginResponse,
    responses={
        401: {"model": ErrorOut, "description": "用户名或密码错误"},
        403: {"model": ErrorOut, "description": "账号已停用"},
        422: {"model": ErrorOut, "description": "请求格式错误"},
        429: {"model": ErrorOut, "description": THROTTLED},
    },
)
def post_login(body: LoginRequest, request: Request, store: Store) -> LoginResponse:
    """Open a session; the token is shown once, here, and stored only hashed."""
    token, expires_at, user = auth.login(
        store, body.username, body.password, client=body.client, ip=client_ip(request)
    )
    return LoginResponse(
        token=token,
        expires_at=expires_at,
        idle_timeout_s=store.settings.idle_timeout_s,
        user=user_info(user),
        epoch=store.epoch,
    )


@router.post("/auth/logout", status_code=204, response_class=Response, responses=_SESSION_ERRORS)
def post_logout(request: Request, actor: CurrentActor, store: Store) -> Response:
    """End the caller's own session (other sessions of the user stay)."""
    auth.logout(store, _token(request), ip=client_ip(request))
    return Response(status_code=204)


@router.get("/auth/me", response_model=UserInfo, responses=_SESSION_ERRORS)
def get_me(actor: CurrentActor) -> UserInfo:
    """The session's user, as the server sees it now."""
    return user_info(actor)


@router.post(
    "/auth/password",
    status_code=204,
    response_class=Response,
    responses={
        **_SESSION_ERRORS,
        409: {"model": ErrorOut, "description": "原密码错误"},
        422: {
            "model": ErrorOut,
            "description": "新密码不符合密码规则（过短、空白、同用户名或过于常见）",
        },
        429: {"model": ErrorOut, "description": THROTTLED},
    },
)
def post_password(
    body: PasswordChange, request: Request, actor: CurrentActor, store: Store
) -> Response:
    """Change one's own password; the user's other sessions end, this one stays.

    The new password must pass the password policy (gridapp.security.password_policy);
    a wrong old password counts towards login throttling.
    """
    auth.change_password(
        store,
        actor.username,
        body.old_password,
        body.new_password,
        ip=client_ip(request),
        keep_session=auth.token_hash(_token(request)),
    )
    return Response(status_code=204)
