"""The district's own handling limits: set by an administrator, checked, audited, applied.

A limit set on the service reaches the catalog the service dispatches with and, with
the reference snapshot, every laptop's; removing it brings back the catalog's own.
"""

from __future__ import annotations

import httpx
import pytest

from gridapp.domain.units import TimeUnit
from tests.live_server import LiveServer
from tests.server.test_admin import _admin_rows, _code, _version
from tests.sync.helpers import make_client

GARBAGE = "020102"  # 暴露垃圾
COVER = "010101"  # 上水井盖, 细类 01 丢失、破损、移位
ONE_HOUR = {"normal": [{"stage": "清理", "amount": 1, "unit": "work_hour"}]}


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    with live_server.client(live_server.login("admin")) as client:
        yield client


def test_a_district_limit_replaces_the_catalogs_everywhere(live_server, admin, tmp_path):
    shipped = live_server.central.catalog.get(GARBAGE)
    v0 = _version(live_server, admin)
    body = {"code": GARBAGE, "time_limits": ONE_HOUR, "note": "区城管委〔2026〕3号"}
    r = admin.put("/admin/category-limits", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["key"] == GARBAGE and r.json()["changed_by"] == "admin"
    assert _version(live_server, admin) > v0
    assert [row["key"] for row in admin.get("/admin/category-limits").json()] == [GARBAGE]
    assert [a for a, _ in _admin_rows(live_server)][-2:] == [
        "admin_set_category_limit",
        "admin_list_category_limits",
    ]
    # The service dispatches with it.
    local = live_server.central.local_catalog().get(GARBAGE)
    assert [(s.stage, s.amount, s.unit) for s in local.stages_for("normal")] == [
        ("清理", 1.0, TimeUnit.WORK_HOUR)
    ]
    assert local.limits_source.startswith("本地调整（admin") and "3号" in local.limits_source
    # A 细类 on its own: the class's other 细类 keep the catalog's.
    cover = {"code": COVER, "subclass": "01", "note": "夜间加快", "time_limits": {
        "normal": [{"stage": "设置警示", "amount": 0.5, "unit": "urgent_hour"},
                   {"stage": "修复", "amount": 4, "unit": "urgent_hour"}]}}  # fmt: skip
    assert admin.put("/admin/category-limits", json=cover).status_code == 200
    local_cover = live_server.central.local_catalog().get(COVER)
    assert local_cover.subclass("01").stages_for("normal")[-1].amount == 4.0
    shipped_cover = live_server.central.catalog.get(COVER)
    assert local_cover.subclass("02").limits == shipped_cover.subclass("02").limits
    # A laptop gets them with its reference snapshot.
    laptop = make_client(tmp_path / "laptop", live_server.url, "laptop", "wg001")
    try:
        laptop.run()
        assert laptop.ws.catalog.get(GARBAGE).stages_for("normal") == local.stages_for("normal")
        assert (
            laptop.ws.catalog.get(COVER).subclass("01").limits == local_cover.subclass("01").limits
        )
        # Removed: the catalog's own again, on the service and (next sync) the laptop.
        r = admin.delete(f"/admin/category-limits/{GARBAGE}")
        assert r.status_code == 204, r.text
        assert live_server.central.local_catalog().get(GARBAGE).limits == shipped.limits
        laptop.run()
        assert laptop.ws.catalog.get(GARBAGE).limits == shipped.limits
        assert laptop.ws.catalog.get(GARBAGE).limits_source == shipped.limits_source
    finally:
        laptop.close()
    r = admin.delete(f"/admin/category-limits/{GARBAGE}")
    assert (r.status_code, _code(r)) == (404, "unknown_limit")
    r = admin.delete(f"/admin/category-limits/{COVER}", params={"subclass": "01"})
    assert r.status_code == 204


STAGE = {"stage": "修复", "amount": 2, "unit": "work_day"}


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"code": "999999"}, 404, "unknown_category"),
        ({"code": COVER, "subclass": "99"}, 404, "unknown_subclass"),
        ({"subclass": "1"}, 422, "bad_request"),
        ({"time_limits": {"later": [STAGE]}}, 422, "bad_limits"),
        ({"time_limits": {"urgent": [STAGE]}}, 422, None),  # no normal stages
        ({"time_limits": {"normal": [{**STAGE, "amount": 0}]}}, 422, None),
        ({"time_limits": {"normal": [{**STAGE, "amount": 5000}]}}, 422, "bad_limits"),
        ({"time_limits": {"normal": [{**STAGE, "unit": "fortnight"}]}}, 422, None),
        ({"time_limits": {"normal": [{**STAGE, "stage": "修" * 40}]}}, 422, "bad_limits"),
        ({"time_limits": {"normal": [STAGE] * 7}}, 422, "bad_limits"),
        ({"time_limits": {"normal": "2 days"}}, 422, None),
        ({"time_limits": [STAGE]}, 422, "bad_request"),
        ({"time_limits": {}}, 422, "bad_limits"),
        ({"note": ""}, 422, "bad_request"),
        ({"note": "依据\x00"}, 422, "bad_request"),
        ({"extra": 1}, 422, "bad_request"),
    ],
)
def test_bad_limits_are_refused_with_a_reason(live_server, admin, change, status, code):
    body = {"code": GARBAGE, "time_limits": {"normal": [STAGE]}, "note": "依据", **change}
    r = admin.put("/admin/category-limits", json=body)
    assert r.status_code == status, r.text
    if code:
        assert _code(r) == code
    assert admin.get("/admin/category-limits").json() == []


def test_only_an_administrator_sets_limits(live_server):
    body = {"code": GARBAGE, "time_limits": ONE_HOUR, "note": "依据"}
    with live_server.client(live_server.login("zhiban")) as lead:
        assert lead.put("/admin/category-limits", json=body).status_code == 403
        assert lead.get("/admin/category-limits").status_code == 403
        assert lead.delete(f"/admin/category-limits/{GARBAGE}").status_code == 403
