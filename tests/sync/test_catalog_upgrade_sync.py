"""The catalog upgrade in the field: laptops with version-1 events and an upgraded service.

A service and a laptop run the version-1 catalog; the laptop has cases the service
holds, one event the service accepted but whose answer was lost, and cases never sent.
Then the service is upgraded (its store migrated on start). The laptop, still on
version 1, is told to upgrade and keeps everything; older software that does not ask
still gets its reports accepted with their meaning kept, and is refused the pull. Once
the laptop is upgraded (its store migrated on open) it syncs: the lost-answer event is
recognised as the same event, nothing is refused, and every case on both sides is in
its class under the national code. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from gridapp.domain.catalog import load_catalog
from gridapp.domain.catalog_versions import v1_to_v2
from gridapp.store.schema import case_events, cases
from gridapp.sync import local
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.sync.transport import RequestRefused
from gridapp.workspace import Workspace
from tests.core.catalog_v1 import (
    GARBAGE_V1,
    HEAT_COVER_V1,
    ILLEGAL_BUILDING_V1,
    STREET_TRADE_V1,
    WASTE_V1,
    as_v1_connection,
    as_v1_store,
    v1_catalog,
)
from tests.core.helpers import point_of
from tests.sync.helpers import Client, start_on_port

OFFICER = "wg001"


def _client(tmp_path, url, name, catalog=None) -> Client:
    path = tmp_path / f"{name}.db"
    ws = Workspace.open_client(path, catalog=catalog)
    client = Client(
        name,
        path,
        url,
        ws,
        SyncClient(ws, url, TokenStore(tmp_path / f"{name}-tokens", use_keyring=False)),
    )
    client.login(OFFICER)
    return client


def _report(client: Client, k: int, code: str) -> str:
    x, y = point_of(client.ws, OFFICER, k)
    changes = client.ws.report(
        source="patrol", category_code=code, lon=x, lat=y, description=f"案件 {k}"
    )
    (case_id,) = changes.case_ids
    return case_id


def _as_v1_central(settings) -> None:
    """The central store put back to before the upgrade (SQLite file or PostgreSQL schema)."""
    if settings.db_schema is None:
        as_v1_store(sa.make_url(settings.db_url).database)
        return
    engine = sa.create_engine(settings.db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'SET search_path TO "{settings.db_schema}"')
        as_v1_connection(conn)
    engine.dispose()


def _codes(db) -> dict[str, str]:
    with db.read() as conn:
        return dict(conn.execute(select(cases.c.id, cases.c.category_code)).all())


def test_version_1_laptop_and_upgraded_service(live_server, tmp_path):
    live_server.central.catalog = v1_catalog()  # the service before its upgrade
    port = int(live_server.url.rsplit(":", 1)[1])
    laptop = _client(tmp_path, live_server.url, "laptop", catalog=v1_catalog())
    old = {
        "garbage": _report(laptop, 0, GARBAGE_V1),
        "heat": _report(laptop, 1, HEAT_COVER_V1),
    }
    laptop.run()
    # Sent, accepted by the service, but the answer never came back.
    old["building"] = _report(laptop, 2, ILLEGAL_BUILDING_V1)
    with laptop.ws.db.write() as conn:
        (row,) = local.take_outbox(conn, 10, OFFICER, set())
    accepted = laptop.sync.transport.push([local.outgoing(row)])
    assert accepted.results[0].status == "accepted"
    # Never sent: made offline.
    old["trade"] = _report(laptop, 3, STREET_TRADE_V1)
    old["waste"] = _report(laptop, 4, WASTE_V1)
    # The same officer's second, older laptop: its software does not know versions.
    older = _client(tmp_path, live_server.url, "older", catalog=v1_catalog())
    old["older"] = _report(older, 5, GARBAGE_V1)
    live_server.stop()

    _as_v1_central(live_server.settings)
    server = start_on_port(live_server.settings, port)  # opening the store migrates it
    try:
        code_map = v1_to_v2()
        # The laptop still on version 1: told to upgrade, nothing sent, nothing lost.
        try:
            laptop.run()
            raise AssertionError("a version-1 laptop synced with a version-2 service")
        except RequestRefused as exc:
            assert exc.code == "client_outdated" and "升级客户端" in exc.message
        with laptop.ws.db.read() as conn:
            assert local.pending_count(conn) == 3  # building (answer lost), trade, waste
        # Older software pushes without asking: accepted, its codes read as it meant them.
        with older.ws.db.write() as conn:
            (row,) = local.take_outbox(conn, 10, OFFICER, set())
        result = older.sync.transport.push([local.outgoing(row)]).results[0]
        assert result.status == "accepted", result
        assert _codes(server.central.db)[old["older"]] == code_map[GARBAGE_V1]
        try:
            older.sync.transport.pull(0, catalog=1)
            raise AssertionError("a version-1 client pulled version-2 codes")
        except RequestRefused as exc:
            assert exc.code == "client_outdated" and exc.status == 409

        # The laptop upgraded: its store migrates on open, then it syncs.
        laptop.close()
        as_v1_store(laptop.path)
        upgraded = _client(tmp_path, server.url, "laptop")
        report = upgraded.run()
        with upgraded.ws.db.read() as conn:
            statuses = dict(conn.execute(select(case_events.c.id, case_events.c.status)).all())
        assert set(statuses.values()) == {"accepted"}, report
        service_codes = _codes(server.central.db)
        laptop_codes = _codes(upgraded.ws.db)
        expected = {
            "garbage": code_map[GARBAGE_V1],
            "heat": code_map[HEAT_COVER_V1],
            "building": code_map[ILLEGAL_BUILDING_V1],
            "trade": code_map[STREET_TRADE_V1],
            "waste": code_map[WASTE_V1],
        }
        catalog = load_catalog()
        for key, code in expected.items():
            assert service_codes[old[key]] == code, key
            assert laptop_codes[old[key]] == code, key
        assert catalog.get(service_codes[old["building"]]).name == "私搭乱建"
        assert catalog.get(service_codes[old["heat"]]).name == "热力井盖"
        assert catalog.get(service_codes[old["garbage"]]).name == "暴露垃圾"
        # New work on the upgraded laptop uses the national codes as they are.
        new_case = _report(upgraded, 6, "020101")
        upgraded.run()
        assert _codes(server.central.db)[new_case] == "020101"  # 私搭乱建, not mapped
        upgraded.close()
        older.close()
    finally:
        server.stop()
