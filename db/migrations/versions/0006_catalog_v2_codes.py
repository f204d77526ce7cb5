"""catalog v2: category codes of the national table (GB/T 30428.2) in every stored place

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 23:20:00

Rewrites the version-1 codes a store holds into version-2 codes with the reviewed map
(db/reference/category-codes-v1-v2.json, one new code per old code): the case rows,
the routing rules, the saved filters, and every event payload that names a category,
which also gets the version mark ``"catalog": 2``. What a client first SENT
(``sent_payload``) and the service's digests stay as they were: a resend after the
upgrade is still recognised as the same event, and the service reads its unmarked
codes as version 1. The same on the laptops' stores and the central store.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from gridapp.domain.catalog_versions import CATALOG_KEY, v1_to_v2
from gridapp.domain.events import dumps_payload

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

def upgrade() -> None:
    bind = op.get_bind()
    marked = bind.execute(sa.text("SELECT value FROM meta WHERE key = 'catalog_version'"))
    if marked.scalar() == "2":  # already in version-2 codes (a store rebuilt past 0006)
        return
    code_map = dict(v1_to_v2())
    tables = set(sa.inspect(bind).get_table_names())
    _cases(bind, code_map)
    _payloads(bind, code_map)
    if "routing_rules" in tables:
        _routing_rules(bind, code_map)
    if "user_settings" in tables:
        _saved_filters(bind, code_map)
    bind.execute(sa.text("DELETE FROM meta WHERE key = 'catalog_version'"))
    bind.execute(sa.text("INSERT INTO meta (key, value) VALUES ('catalog_version', '2')"))


def downgrade() -> None:
    """Codes stay in version 2, and meta says so: an upgrade again will not map them twice.

    Version-2 stores hold classes version 1 never had, so there is no mapping back; to
    return to version-1 software, restore the backup taken before the upgrade.
    """


def _case_expression(code_map: dict[str, str]) -> tuple[str, dict[str, str]]:
    """CASE over the old codes: every row is mapped from its OLD value, in one statement."""
    params: dict[str, str] = {}
    whens = []
    for i, (old, new) in enumerate(sorted(code_map.items())):
        params[f"o{i}"], params[f"n{i}"] = old, new
        whens.append(f"WHEN :o{i} THEN :n{i}")
    return f"CASE category_code {' '.join(whens)} ELSE category_code END", params


def _cases(bind: sa.Connection, code_map: dict[str, str]) -> None:
    expression, params = _case_expression(code_map)
    bind.execute(sa.text(f"UPDATE cases SET category_code = {expression}"), params)  # noqa: S608


def _routing_rules(bind: sa.Connection, code_map: dict[str, str]) -> None:
    expression, params = _case_expression(code_map)
    bind.execute(sa.text(f"UPDATE routing_rules SET category_code = {expression}"), params)


def _payloads(bind: sa.Connection, code_map: dict[str, str]) -> None:
    rows = bind.execute(
        sa.text("SELECT n, payload FROM case_events WHERE payload LIKE :k"),
        {"k": '%"category_code"%'},
    ).all()
    for n, text in rows:
        payload = json.loads(text)
        if CATALOG_KEY in payload or not isinstance(payload.get("category_code"), str):
            continue
        payload["category_code"] = code_map.get(payload["category_code"], payload["category_code"])
        payload[CATALOG_KEY] = 2
        bind.execute(
            sa.text("UPDATE case_events SET payload = :p WHERE n = :n"),
            {"p": dumps_payload(payload), "n": n},
        )


def _saved_filters(bind: sa.Connection, code_map: dict[str, str]) -> None:
    rows = bind.execute(
        sa.text("SELECT username, key, value FROM user_settings WHERE value LIKE :k"),
        {"k": '%"category_codes"%'},
    ).all()
    for username, key, text in rows:
        value = _map_filters(json.loads(text), code_map)
        bind.execute(
            sa.text("UPDATE user_settings SET value = :v WHERE username = :u AND key = :k"),
            {"v": json.dumps(value, ensure_ascii=False), "u": username, "k": key},
        )


def _map_filters(value: Any, code_map: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {
            k: (
                [code_map.get(c, c) for c in v]
                if k == "category_codes" and isinstance(v, list)
                else _map_filters(v, code_map)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_map_filters(v, code_map) for v in value]
    return value
