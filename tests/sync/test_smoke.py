"""A first end-to-end round: officer offline report → push → command centre pulls and acts."""

from __future__ import annotations

from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace


def test_report_push_pull_dispatch(live_server, tmp_path):
    officer_ws = Workspace.open_client(tmp_path / "officer.db")
    officer = SyncClient(
        officer_ws, live_server.url, TokenStore(tmp_path / "t1", use_keyring=False)
    )
    officer.login("wg001", "demo1234")
    grid = sorted(officer_ws.reference.user("wg001").grid_codes)[0]
    p = officer_ws.reference.grids[grid].polygon.representative_point()
    (case_id,) = officer_ws.report(
        source="patrol", category_code="020102", lon=p.x, lat=p.y, description="垃圾"
    ).case_ids
    report = officer.sync()
    assert report.accepted == 1, report

    centre_ws = Workspace.open_client(tmp_path / "centre.db")
    centre = SyncClient(centre_ws, live_server.url, TokenStore(tmp_path / "t2", use_keyring=False))
    centre.login("shouli", "demo1234")
    centre.sync()
    assert centre_ws.record(case_id).description == "垃圾"
    centre_ws.act(case_id, "accept")
    assert centre.sync().accepted == 1
    officer.sync()
    assert officer_ws.record(case_id).accepted
