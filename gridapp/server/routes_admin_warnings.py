"""``/admin/warning-rules``: the early-warning rules and thresholds of the district.

The defaults are in :mod:`gridapp.domain.warning_rules`; here an administrator sets the
district's own (with the reason) or removes them to go back to the defaults. Each change
is audited and bumps ``reference_version``, so every laptop receives the rules with its
next reference snapshot and its 预警 queue follows them offline.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Request, Response
from pydantic import AfterValidator

from gridapp.domain.warning_rules import parse_rules, rules_from_json
from gridapp.server.routes_admin import (
    AdminActor,
    Store,
    _audit_change,
    _audit_read,
    admin_router,
)
from gridapp.store.reference import load_reference, set_warning_rules
from gridapp.sync.wire_types import check_json

router = admin_router()


def _plain_json(value: dict[str, Any]) -> dict[str, Any]:
    check_json(value)  # ValueError: a 422 naming the field
    return value


RulesIn = Annotated[dict[str, Any], AfterValidator(_plain_json)]


@router.get("/warning-rules")
def get_warning_rules(request: Request, actor: AdminActor, store: Store) -> dict[str, Any]:
    """The rules in force (the defaults where the district set none)."""
    with store.db.read() as conn:
        stored = load_reference(conn).warning_rules
    _audit_read(store, actor, request, "admin_get_warning_rules")
    return rules_from_json(stored).as_json()


@router.put("/warning-rules")
def put_warning_rules(
    body: RulesIn, request: Request, actor: AdminActor, store: Store
) -> dict[str, Any]:
    """Set rules and thresholds; a section or key left out keeps its default."""
    at = store.clock().isoformat(timespec="seconds")
    rules = parse_rules(body, actor.username, at)  # bad_warning_rules: 422
    with store.db.write() as conn:
        set_warning_rules(conn, rules.as_json())
        _audit_change(conn, store, actor, request, "admin_set_warning_rules", rules=rules.as_json())
    return rules.as_json()


@router.delete("/warning-rules", status_code=204, response_class=Response)
def delete_warning_rules(request: Request, actor: AdminActor, store: Store) -> Response:
    """Back to the default rules."""
    with store.db.write() as conn:
        set_warning_rules(conn, {})
        _audit_change(conn, store, actor, request, "admin_delete_warning_rules")
    return Response(status_code=204)
