"""Hostile pushes and logins against a real service, on SQLite and PostgreSQL.

Every example of issue 10 item 1 that made ``POST /sync/push`` answer 500 (and roll
back the whole batch, wedging the laptop that sent it) is sent as raw JSON bytes, next
to a valid event in the same batch: never a 5xx, the bad event refused alone with a
code and a Chinese message, the valid one accepted.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from gridapp.casework.service import CaseService
from gridapp.domain.catalog import load_catalog
from gridapp.errors import StorageError
from gridapp.store.schema import case_events, cases
from tests.live_server import PASSWORD, LiveServer
from tests.sync.helpers import report_event

HUGE = 10**400
NAME, PHONE = "张三丰", "13812345678"

CURRENT = {"catalog": load_catalog().version}  # a pull says its catalog version


def valid_report(server: LiveServer, k: int = 0, **payload: Any) -> dict[str, Any]:
    """A report wg001 may make, as the JSON a client sends."""
    return report_event(server.central, "wg001", k, **payload).model_dump(mode="json")


def variant(server: LiveServer, k: int, **changes: Any) -> dict[str, Any]:
    """A new report (fresh ids) with top-level fields or payload keys replaced."""
    ev = valid_report(server, k)
    for key, value in changes.items():
        if key in ev:
            ev[key] = value
        else:
            ev["payload"][key] = value
    return ev


def push_raw(server: LiveServer, token: str, events: list[Any]) -> httpx.Response:
    # json.dumps writes "\ud800" as that escape, NUL as \u0000 and big ints in full:
    # the bytes a hostile client would send.
    body = json.dumps({"events": events}).encode()
    with server.client(token) as c:
        return c.post("/sync/push", content=body, headers={"Content-Type": "application/json"})


def results_of(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return response.json()["results"]


def stored_ids(server: LiveServer) -> set[str]:
    with server.central.db.read() as conn:
        return set(conn.execute(sa.select(case_events.c.id)).scalars())


def assert_refused_alone(
    server: LiveServer, response: httpx.Response, bad: list[dict], good: dict, code: str
) -> None:
    """Each bad event refused with ``code`` and a Chinese message; the good one accepted."""
    results = results_of(response)
    assert len(results) == len(bad) + 1
    by_id = {r["id"]: r for r in results}
    assert by_id[good["id"]]["status"] == "accepted", by_id[good["id"]]
    for ev in bad:
        r = by_id[ev["id"]] if isinstance(ev, dict) and ev["id"] in by_id else None
        assert r is not None, (ev, results)
        assert (r["status"], r["code"]) == ("rejected", code), (r, ev)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r["message"]), r
    stored = stored_ids(server)
    assert good["id"] in stored
    assert not stored & {ev["id"] for ev in bad}


# -- the examples of the issue ----------------------------------------------------------


def test_report_reusing_an_existing_case_id_is_refused_alone(live_server):
    token = live_server.login("wg001")
    own = valid_report(live_server, 0)
    # another officer's case, outside wg001's scope: the same answer, and no case shown
    theirs = report_event(live_server.central, "wg005", 0).model_dump(mode="json")
    assert results_of(push_raw(live_server, token, [own]))[0]["status"] == "accepted"
    their_token = live_server.login("wg005")
    assert results_of(push_raw(live_server, their_token, [theirs]))[0]["status"] == "accepted"
    reuse = [
        variant(live_server, 1, case_id=own["case_id"], description="另一案件"),
        variant(live_server, 2, case_id=theirs["case_id"], description="另一案件"),
    ]
    good = valid_report(live_server, 3)
    # The refused ones first: on PostgreSQL their failed INSERT must not poison the
    # transaction the valid one commits in.
    response = push_raw(live_server, token, [*reuse, good])
    assert_refused_alone(live_server, response, reuse, good, "case_exists")
    assert [r["case"] is None for r in response.json()["results"][:2]] == [False, True]
    with live_server.central.db.read() as conn:
        descriptions = set(conn.execute(sa.select(cases.c.description)).scalars())
    assert "另一案件" not in descriptions


COORDINATES = [str(HUGE), "-" + str(HUGE), "1e999", "-1e999", "NaN", "Infinity", "true", '"1"']


def test_non_finite_or_huge_coordinates_are_refused_alone(live_server):
    token = live_server.login("wg001")
    bad, body = [], []
    for k, raw in enumerate(COORDINATES):
        for key in ("lon", "lat"):
            marker = 100 + len(bad) + 0.123456789  # a float that appears once in the body
            ev = variant(live_server, k, **{key: marker})
            bad.append(ev)
            body.append(json.dumps(ev).replace(str(marker), raw))
    good = valid_report(live_server, 99)
    missing = variant(live_server, 98)
    del missing["payload"]["lon"]
    body += [json.dumps(missing), json.dumps(good)]
    with live_server.client(token) as c:
        response = c.post(
            "/sync/push",
            content=('{"events": [' + ", ".join(body) + "]}").encode(),
            headers={"Content-Type": "application/json"},
        )
    assert_refused_alone(live_server, response, [*bad, missing], good, "invalid_event")


def test_client_times_that_cannot_become_china_time_are_refused_alone(live_server):
    token = live_server.login("wg001")
    times = [
        "9999-12-31T23:59:59-14:00",  # overflowed in astimezone
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59",
        "0001-01-01T00:00:00",
        "2026-13-01T00:00:00+08:00",
        "2026-01-01T00:00:00+99:00",
        1e30,
        "",
        None,
    ]
    bad = [variant(live_server, k, at_client=t) for k, t in enumerate(times)]
    good = valid_report(live_server, 99)
    response = push_raw(live_server, token, [*bad, good])
    assert_refused_alone(live_server, response, bad, good, "invalid_event")


UNSAFE = ["\ud800", "a\udfffb", "\x00", "暴露\x00垃圾", "\x1b[31m", "\x07", "\x7f", "\x85", "\r"]


def test_unsafe_text_anywhere_in_an_event_is_refused_alone(live_server):
    """Lone surrogates (digest encoding error) and NUL (PostgreSQL) in any text."""
    token = live_server.login("wg001")
    bad = []
    for text in UNSAFE:
        k = len(bad)
        bad += [
            variant(live_server, k, description=text),
            variant(live_server, k + 1, address=text),
            variant(live_server, k + 2, reporter_name=text),
            variant(live_server, k + 3, source=text),
            variant(live_server, k + 4, category_code=text),
            variant(live_server, k + 5, action=text),
            variant(live_server, k + 6, photos=[text]),
            variant(live_server, k + 7, **{text: "x"}),  # as a payload key
            variant(live_server, k + 8, extra={"deep": [text]}),
        ]
    good = valid_report(live_server, 999)
    response = push_raw(live_server, token, [*bad, good])
    assert_refused_alone(live_server, response, bad, good, "invalid_event")


def test_unsafe_text_in_the_id_or_a_non_object_event_is_refused_without_an_id(live_server):
    token = live_server.login("wg001")
    good = valid_report(live_server, 0)
    hostile = [
        variant(live_server, 1, id="\ud800"),
        variant(live_server, 2, id="\x00" + str(uuid.uuid4())),
        variant(live_server, 3, case_id="\x00"),
        42,
        "event",
        None,
        [],
        {},
    ]
    results = results_of(push_raw(live_server, token, [*hostile, good]))
    assert [r["status"] for r in results] == ["rejected"] * 8 + ["accepted"]
    assert [r["code"] for r in results[:-1]] == ["invalid_event"] * 8
    # keyed by its id where it has a usable one (case_id was the bad field there)
    assert [r["id"] for r in results[:-1]] == ["", "", hostile[2]["id"], "", "", "", "", ""]
    assert stored_ids(live_server) == {good["id"]}


def test_a_valid_event_needs_no_more_than_before(live_server):
    """Newline, tab, Chinese, emoji and the longest note the core keeps still go through."""
    token = live_server.login("wg001")
    text = "第一行\n\t第二行 🚧 " + "长" * 1900
    good = valid_report(live_server, 0, description=text, address="大街\t1号")
    results = results_of(push_raw(live_server, token, [good]))
    assert results[0]["status"] == "accepted", results
    assert results[0]["payload"]["description"] == text.strip()


def test_deep_wide_and_huge_payloads_are_refused_alone(live_server):
    token = live_server.login("wg001")
    deep: Any = "x"
    for _ in range(40):
        deep = [deep]
    bad = [
        variant(live_server, 0, extra=deep),
        variant(live_server, 1, photos=["0" * 64] * 500),
        variant(live_server, 2, description="长" * 5000),
        variant(live_server, 3, note=2**63),
        variant(live_server, 4, **{f"k{i}": i for i in range(40)}),
        variant(live_server, 5, payload=[1, 2]),
        variant(live_server, 6, resend="sometimes"),
        variant(live_server, 7, **{"": 1}),
        variant(live_server, 8, extra={"x": {"y": {"z": {"w": 1}}}}),
        dict(valid_report(live_server, 9), actor="zhiban"),  # extra top-level field
    ]
    good = valid_report(live_server, 19)
    response = push_raw(live_server, token, [*bad, good])
    assert_refused_alone(live_server, response, bad, good, "invalid_event")


# -- login and password bodies ----------------------------------------------------------


def test_login_body_with_unsafe_text_is_a_422(live_server):
    with live_server.client() as c:
        for field in ("username", "password", "client"):
            for text in ("\x00", "wg001\x00", "\ud800", "\x1b"):
                body = {"username": "wg001", "password": PASSWORD, "client": "gridapp"}
                for hostile in (dict(body, **{field: text}), dict(body, **{text: field})):
                    # (a hostile key must not be echoed into a body no encoder can write)
                    r = c.post(
                        "/auth/login",
                        content=json.dumps(hostile).encode(),
                        headers={"Content-Type": "application/json"},
                    )
                    assert r.status_code == 422, (hostile, r.text)
                    assert r.json()["code"] == "bad_request"
    live_server.login("wg001")  # the account still works


@pytest.mark.parametrize("field", ["old_password", "new_password"])
def test_password_change_with_nul_is_a_422(live_server, field):
    token = live_server.login("wg001")
    body = {"old_password": PASSWORD, "new_password": "a-new-pass-1", field: "pass\x00word-1"}
    with live_server.client(token) as c:
        r = c.post(
            "/auth/password",
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
    assert r.status_code == 422, r.text
    live_server.login("wg001")


# -- what no input can trigger: a bug, a database error, a failing disk ----------------------

MARK = "故障注入"


@pytest.fixture
def fault(monkeypatch):
    """``fault(exc)``: CaseService.report raises ``exc`` for reports whose description
    carries MARK (after the reads a report does, inside the push's transaction)."""
    original = CaseService.report

    def install(make_exc) -> None:
        def report(self, actor, **fields):
            if MARK in str(fields.get("description", "")):
                raise make_exc(self)
            return original(self, actor, **fields)

        monkeypatch.setattr(CaseService, "report", report)

    return install


def test_an_unexpected_error_refuses_that_event_alone_and_logs_its_id(live_server, fault, caplog):
    caplog.set_level(logging.INFO)
    fault(lambda service: RuntimeError(f"boom {NAME} {PHONE}"))
    token = live_server.login("wg001")
    bad = variant(
        live_server, 0, description=f"{MARK} {NAME}", reporter_name=NAME, reporter_phone=PHONE
    )
    good = valid_report(live_server, 1)
    response = push_raw(live_server, token, [bad, good])
    assert_refused_alone(live_server, response, [bad], good, "bad_event")
    logged = [r for r in caplog.records if bad["id"] in r.getMessage()]
    assert logged and logged[0].levelno >= logging.ERROR
    assert "RuntimeError" in logged[0].getMessage()
    assert NAME not in caplog.text and PHONE not in caplog.text


def test_a_database_error_of_one_event_leaves_the_batch_usable(live_server, fault):
    """On PostgreSQL a failed statement aborts the transaction unless the event's
    savepoint is rolled back: the valid events after it must still commit."""

    def failing_statement(service: CaseService) -> Exception:
        with service.reading() as conn:
            try:
                # PostgreSQL: "bigint out of range" (DataError, aborts the transaction);
                # SQLite's driver refuses the int before sending it (OverflowError).
                conn.execute(sa.select(sa.cast(sa.literal(2**70), sa.BigInteger)))
            except Exception as exc:  # raised again by the caller
                return exc
        return RuntimeError("the statement did not fail")

    fault(failing_statement)
    token = live_server.login("wg001")
    bad = variant(live_server, 0, description=MARK)
    good = [valid_report(live_server, k) for k in (1, 2)]
    results = results_of(push_raw(live_server, token, [good[0], bad, good[1]]))
    assert [r["status"] for r in results] == ["accepted", "rejected", "accepted"], results
    assert results[1]["code"] == "bad_event"
    assert stored_ids(live_server) == {good[0]["id"], good[1]["id"]}


@pytest.mark.parametrize(
    "failure",
    [
        lambda s: OperationalError("INSERT …", {}, Exception("database or disk is full")),
        lambda s: OSError(28, "No space left on device"),
    ],
    ids=["database_full", "enospc"],
)
def test_infrastructure_failures_are_not_refusals(live_server, fault, failure):
    """A full disk or a lost database is not the event's fault: nothing of the batch is
    committed and nothing is refused, so the client keeps every event and retries."""
    fault(failure)
    token = live_server.login("wg001")
    good = valid_report(live_server, 0)
    bad = variant(live_server, 1, description=MARK)
    response = push_raw(live_server, token, [good, bad])
    assert response.status_code >= 500, response.text  # retryable for the client
    assert "rejected" not in response.text
    assert stored_ids(live_server) == set()


def test_a_storage_error_asks_for_a_retry(live_server, fault):
    fault(lambda s: StorageError("storage_unavailable", "照片存储暂不可用"))
    token = live_server.login("wg001")
    bad = variant(live_server, 0, description=MARK)
    good = valid_report(live_server, 1)
    results = results_of(push_raw(live_server, token, [bad, good]))
    assert [r["status"] for r in results] == ["retry", "accepted"]
    assert results[0]["code"] == "storage_unavailable"
    assert stored_ids(live_server) == {good["id"]}


# -- found by the fuzzer once its session survived the fuzzed logout ----------------------


def test_pull_since_beyond_the_event_sequence_is_a_422(live_server):
    """``seq`` is a 32-bit column: a cursor beyond it was a DataError (500) on PostgreSQL."""
    token = live_server.login("wg001")
    with live_server.client(token) as c:
        assert c.get("/sync/pull", params={"since": 2**31 - 1, **CURRENT}).status_code == 200
        for since in (2**31, 2**40, 2**62):
            r = c.get("/sync/pull", params={"since": since, **CURRENT})
            assert r.status_code == 422 and r.json()["code"] == "bad_request", r.text


def test_department_patch_with_an_explicit_null_is_a_422(live_server):
    token = live_server.login("admin")
    with live_server.client(token) as c:
        code = c.get("/admin/departments").json()[0]["code"]
        for field in ("name", "short", "level", "active"):
            r = c.patch(f"/admin/departments/{code}", json={field: None})
            assert r.status_code == 422 and r.json()["code"] == "missing_field", (field, r.text)
        r = c.patch(f"/admin/departments/{code}", json={"short": "新简称"})
        assert r.status_code == 200 and r.json()["short"] == "新简称", r.text
