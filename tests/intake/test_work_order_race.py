"""Two laptops push the same hotline work orders at the same moment: one case each.

Each push checks "no case carries this work order yet" and then inserts; on PostgreSQL
two such transactions run side by side and, without a lock per work order, both would
see none and both insert.
"""

from __future__ import annotations

import threading

from gridapp.demo.hotline_export import sample_export
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace

ORDERS = 40
LAPTOPS = 3


def _work_orders(live_server) -> list[str]:
    with live_server.central.db.read() as conn:
        return [
            r[0]
            for r in conn.exec_driver_sql(
                "select work_order from cases where work_order is not null"
            )
        ]


def test_simultaneous_pushes_of_one_work_order_make_one_case(live_server, tmp_path):
    path = sample_export(ORDERS).write_csv(tmp_path / "orders.csv")
    laptops = []
    imported: set[int] = set()
    for n in range(LAPTOPS):
        ws = Workspace.open_client(tmp_path / f"laptop{n}.db")
        client = SyncClient(ws, live_server.url, TokenStore(tmp_path / f"t{n}", use_keyring=False))
        client.login("shouli", "demo1234")
        client.engine.batch_size = 1  # many small transactions: the most chances to interleave
        table = ws.hotline.read(path)
        done = ws.hotline.run(table, ws.hotline.guess_mapping(table.headers)).imported
        assert done
        imported.add(len(done))
        laptops.append((ws, client))

    start = threading.Barrier(LAPTOPS)
    results: list[object] = []

    def push(client: SyncClient) -> None:
        start.wait()
        try:
            results.append(client.sync())
        except Exception as exc:  # the assertion below shows it
            results.append(exc)

    threads = [threading.Thread(target=push, args=(c,)) for _ws, c in laptops]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads)
    assert all(not isinstance(r, Exception) for r in results), results

    (orders,) = imported  # the same rows placed on every laptop
    numbers = _work_orders(live_server)
    assert len(numbers) == len(set(numbers)), "a work order made two cases"
    assert len(numbers) == orders
    assert sum(r.accepted for r in results) == orders  # type: ignore[attr-defined]
    assert sum(r.rejected for r in results) == orders * (LAPTOPS - 1)  # type: ignore[attr-defined]
    for ws, _client in laptops:
        ws.close()
