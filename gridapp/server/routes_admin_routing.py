"""``PATCH /admin/routing-rules/{id}``: mark a routing rule automatic (智能派单) or not.

An automatic rule dispatches a case the centre files (立案) to its department at once;
the switch is audited and bumps ``reference_version`` so every laptop files by the
same rules from its next reload. Cases already dispatched keep their department.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request
from sqlalchemy import select, update

from gridapp.errors import NotFoundError
from gridapp.server.routes_admin import (
    NOT_FOUND,
    AdminActor,
    Body,
    RoutingRuleOut,
    Store,
    _audit_change,
    _rule_out,
    admin_router,
)
from gridapp.store.schema import routing_rules

router = admin_router()


class RoutingRulePatch(Body):
    automatic: bool


@router.patch("/routing-rules/{rule_id}", response_model=RoutingRuleOut, responses=NOT_FOUND)
def patch_routing_rule(
    rule_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: RoutingRulePatch,
    request: Request,
    actor: AdminActor,
    store: Store,
) -> RoutingRuleOut:
    """Switch automatic dispatch on or off for one rule."""
    with store.db.write() as conn:
        found = routing_rules.c.id == rule_id
        if conn.execute(select(routing_rules.c.id).where(found)).first() is None:
            raise NotFoundError("unknown_rule", f"派遣规则不存在：{rule_id}", id=rule_id)
        conn.execute(update(routing_rules).where(found).values(automatic=body.automatic))
        _audit_change(
            conn,
            store,
            actor,
            request,
            "admin_update_routing_rule",
            id=rule_id,
            automatic=body.automatic,
        )
        row = conn.execute(select(routing_rules).where(found)).one()
    return _rule_out(row)
