"""The same work orders imported on two laptops: the service keeps one case each."""

from __future__ import annotations

from gridapp.demo.hotline_export import sample_export
from gridapp.sync.client import SyncClient
from gridapp.sync.refusals import refused_item
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace


def _laptop(live_server, tmp_path, name: str) -> tuple[Workspace, SyncClient]:
    ws = Workspace.open_client(tmp_path / f"{name}.db")
    client = SyncClient(ws, live_server.url, TokenStore(tmp_path / name, use_keyring=False))
    client.login("shouli", "demo1234")
    return ws, client


def _work_orders(ws: Workspace) -> list[str]:
    with ws.db.read() as conn:
        return [
            r[0]
            for r in conn.exec_driver_sql(
                "select work_order from cases where work_order is not null"
            )
        ]


def test_second_laptop_import_is_refused_at_the_service(live_server, tmp_path):
    path = sample_export(60).write_csv(tmp_path / "orders.csv")
    a, a_sync = _laptop(live_server, tmp_path, "a")
    b, b_sync = _laptop(live_server, tmp_path, "b")
    table = a.hotline.read(path)
    mapping = a.hotline.guess_mapping(table.headers)
    imported_a = a.hotline.run(table, mapping).imported
    imported_b = b.hotline.run(b.hotline.read(path), mapping).imported  # offline, unaware
    assert imported_a and len(imported_b) == len(imported_a)

    first = a_sync.sync()
    assert first.accepted == len(imported_a) and first.rejected == 0
    second = b_sync.sync()
    assert second.rejected == len(imported_b) and second.accepted == 0
    b_sync.sync()  # pull what a sent

    numbers = _work_orders(b)
    assert len(numbers) == len(set(numbers)) == len(imported_a)
    with b.db.read() as conn:
        codes = {
            r[0]
            for r in conn.exec_driver_sql(
                "select reject_code from case_events where status = 'rejected'"
            )
        }
    assert codes == {"duplicate_work_order"}
    # Importing again on b (now holding a's cases) adds nothing.
    assert b.hotline.run(b.hotline.read(path), mapping).imported == []


def test_refused_duplicate_is_not_offered_for_re_creation(live_server, tmp_path):
    path = sample_export(10).write_csv(tmp_path / "orders.csv")
    a, a_sync = _laptop(live_server, tmp_path, "a")
    b, b_sync = _laptop(live_server, tmp_path, "b")
    mapping = a.hotline.guess_mapping(a.hotline.read(path).headers)
    a.hotline.run(a.hotline.read(path), mapping)
    b.hotline.run(b.hotline.read(path), mapping)
    a_sync.sync()
    b_sync.sync()
    with b.db.read() as conn:
        rows = conn.exec_driver_sql("select * from case_events where status = 'rejected'")
        items = [refused_item(dict(r), {}, False) for r in rows.mappings()]
    assert items and all(not i.can_recreate for i in items)
    assert {i.code for i in items} == {"duplicate_work_order"}
