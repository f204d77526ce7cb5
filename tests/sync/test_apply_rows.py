"""The pull apply's shortcuts give exactly what the plain path gives.

A pulled event's ``case_events`` row is built in stored form by ``projections._new_row``
(SQLite), instead of a plain row converted by the table's processors; ``event_of`` makes
its ``CaseEvent`` without the frozen ``__init__``. Both must be equal to the plain
forms, value for value and type for type, or a pulled store would differ from a
replayed one (times stored as other text, a flag as ``False`` instead of ``0``).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

import pytest
from sqlalchemy import create_engine
from sqlalchemy.dialects import sqlite

from gridapp.domain import workflow
from gridapp.domain.actions import Action
from gridapp.domain.case import CASE_FIELDS, CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.events import CaseEvent, event_of
from gridapp.domain.roles import Role
from gridapp.store.case_rows import list_text
from gridapp.store.fast_rows import fast
from gridapp.sync import projections
from gridapp.sync.protocol import EventOut

TIMES = [
    (datetime(2026, 3, 1, 8, 0), datetime(2026, 3, 1, 8, 0)),  # same, no microseconds
    (datetime(2026, 3, 1, 8, 0, 5, 120), datetime(2026, 3, 1, 8, 0, 5, 120)),
    (datetime(2026, 3, 1, 7, 59, 58, 999999), datetime(2026, 3, 1, 8, 0, 1)),  # a clock off
    (datetime(2026, 3, 1, 8, 0, 1), datetime(2026, 3, 1, 8, 0, 1, 1)),
]


def _event(at_client: datetime, at_server: datetime) -> EventOut:
    return EventOut(
        id="e1",
        case_id="c1",
        action="report",
        actor="wgy01",
        role="grid_officer",
        at_client=at_client,
        at_server=at_server,
        seq=7,
        payload={"b": "描述：井盖", "a": [1, 2]},
    )


@pytest.mark.parametrize(("at_client", "at_server"), TIMES)
def test_a_new_event_row_in_stored_form_is_what_the_processors_make(
    at_client: datetime, at_server: datetime
) -> None:
    ev = _event(at_client, at_server)
    text = projections._dumps(ev.payload)
    plain = projections._new_row(ev, at_client, at_server, text, stored=False)
    quick = projections._new_row(ev, at_client, at_server, text, stored=True)
    (expected,) = projections._NEW.stored(sqlite.dialect(), [plain])
    assert quick == expected
    assert [type(v) for v in quick] == [type(v) for v in expected]
    assert len(quick) == len(projections._NEW.names)


def test_rows_are_built_in_stored_form_on_sqlite_only() -> None:
    with create_engine("sqlite://").connect() as conn:
        assert fast(conn)


def test_the_wire_times_are_stored_without_their_zone() -> None:
    aware = datetime.fromisoformat("2026-03-01T08:00:00+08:00")
    assert projections._naive(aware) == datetime(2026, 3, 1, 8, 0)
    assert projections._naive(aware).tzinfo is None
    naive = datetime(2026, 3, 1, 8, 0)
    assert projections._naive(naive) is naive


def test_event_of_makes_the_event_the_constructor_makes() -> None:
    at = datetime(2026, 3, 1, 8, 0)
    payload = {"note": "x"}
    made = event_of("e1", "c1", "accept", "zhiban", "shift_lead", at, payload)
    plain = CaseEvent("e1", "c1", Action.ACCEPT, "zhiban", Role.SHIFT_LEAD, at, payload)
    assert made == plain
    assert vars(made) == vars(plain)
    assert list(vars(made)) == list(vars(plain))  # same field order (repr, asdict)
    with pytest.raises(AttributeError):
        made.actor = "other"  # type: ignore[misc]  # still frozen
    assert event_of("e1", "c1", "a_newer_action", "zhiban", "shift_lead", at, {}) is None


def test_evolve_still_refuses_an_unknown_field() -> None:
    record = CaseRecord.of_fields(dict.fromkeys(CASE_FIELDS))
    with pytest.raises(TypeError, match="no_such_field"):
        record.evolve(version=2, no_such_field=1)
    assert record.evolve(version=2).version == 2


def test_made_is_the_constructor() -> None:
    """``CaseRecord.made`` (a report's fold) gives what ``CaseRecord(...)`` gives, field
    order included, and refuses what it refuses."""
    at = datetime(2026, 3, 1, 8, 0)
    given = dict(
        id="c1", number="N1", number_provisional=True, source=Source.PATROL,
        category_code="0101", urgency=Urgency.NORMAL, lon=114.0, lat=22.5,
        grid_code="g", community_code="m", street_code="s", address="", description="d",
        reported_by="wg001", reported_at=at, tier=Tier.TOWN, state=CaseState.REPORTED,
        photos=("p",), town_centre=True,
    )  # fmt: skip
    made = CaseRecord.made(**given)
    plain = CaseRecord(**given)  # type: ignore[arg-type]
    assert made == plain
    assert list(vars(made).items()) == list(vars(plain).items())
    with pytest.raises(TypeError):
        CaseRecord.made(**{k: v for k, v in given.items() if k != "number"})
    with pytest.raises(TypeError):
        CaseRecord.made(**given, no_such_field=1)
    # no default factory: a default ``made`` copies would be shared between records
    assert all(f.default_factory is dataclasses.MISSING for f in dataclasses.fields(CaseRecord))


@pytest.mark.parametrize("kind", [Source, Urgency, Tier])
def test_a_member_by_look_up_is_the_enum_call(kind: type) -> None:
    member = workflow._member_of(kind)
    for m in kind:
        assert member(m.value) is kind(m.value) is m
        assert member(m) is m
    for bad in ("no_such_value", ["patrol"], None):
        with pytest.raises(ValueError) as plain:
            kind(bad)
        with pytest.raises(ValueError) as looked_up:
            member(bad)
        assert str(looked_up.value) == str(plain.value)


def test_fact_rows_carry_the_action_and_role_text() -> None:
    at = datetime(2026, 3, 1, 8, 0)
    event = event_of("e1", "c1", "accept", "zhiban", "shift_lead", at, {"n": 1})
    assert event is not None
    (row,) = projections._fact_rows({"c1": [("accepted", event, '{"n": 1}')]})["c1"]
    assert row == {
        "case_id": "c1", "action": "accept", "actor": "zhiban", "role": "shift_lead",
        "at": at, "payload": '{"n": 1}', "parsed": {"n": 1},
    }  # fmt: skip
    assert type(row["action"]) is str and type(row["role"]) is str  # not the enum members


@pytest.mark.parametrize(
    "items",
    [
        (),
        ("a",),
        ("3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed", "0a1b"),
        ("D01", "D02", ""),
        ('say "hi"', "x"),
        ("back\\slash",),
        ("tab\there",),
        ("del\x7f",),
        ("井盖",),
        ("a", 1),
        (1.5, None),
    ],
)
def test_list_text_is_json_dumps(items: tuple) -> None:
    assert list_text(items) == json.dumps(list(items))
    assert list_text(list(items)) == json.dumps(list(items))


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"b": 1, "a": [1, 2.5, None, True, False], "c": {"z": "井盖", "y": {"x": []}}},
        {"note": 'quote " back \\ tab \t nl \n \x01 \u2028 😀', "n": -0.0, "big": 10**30},
        {"nan": float("nan"), "inf": float("inf"), "ninf": -float("inf"), "f": 1e-7},
        {"lone": "\ud800", "时间": "2026-03-01T08:00:00+08:00"},
    ],
)
def test_the_payload_text_is_json_dumps(payload: dict) -> None:
    expected = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    assert projections._dumps(payload) == expected
    assert projections._dumps(payload) == expected  # the encoder is used again


def test_stored_times_are_sqlalchemys_text_remembered_or_not(monkeypatch) -> None:
    """A DATETIME's stored text, formatted or taken from the page's memo of formatted
    times, is SQLAlchemy's own processor's text; aware times keep their own path."""
    from sqlalchemy import DateTime

    from gridapp.store import fast_rows
    from gridapp.store.schema import case_events

    plain = DateTime().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    quick = fast_rows.TableRows(case_events, ("at_client",)).binds(sqlite.dialect())[0]
    assert plain is not None and quick is not None
    times = [
        datetime(2026, 3, 1, 8, 0),
        datetime(2026, 3, 1, 8, 0, 0, 5),
        datetime(2026, 11, 1, 1, 30, fold=1),  # equal to fold=0, the same text
        datetime(2026, 11, 1, 1, 30, fold=0),
        datetime(1, 1, 1),
    ]
    fast_rows.forget_times()
    for _ in range(2):  # formatted, then remembered
        for at in times:
            assert quick(at) == plain(at) == fast_rows.stored_time(at)
    aware = datetime.fromisoformat("2026-03-01T08:00:00+08:00")
    assert quick(aware) == plain(aware)
    assert aware not in fast_rows._TIMES
    monkeypatch.setattr(fast_rows, "_TIMES_MOST", 3)
    fast_rows.forget_times()
    for at in times:
        assert fast_rows.stored_time(at) == plain(at)
    assert len(fast_rows._TIMES) <= 3  # started afresh when full


def test_delete_in_deletes_those_rows_only() -> None:
    """``TableRows.delete_in`` as plain SQL on SQLite: every row whose key is among the
    values (more than one statement's worth), and no other."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, select

    from gridapp.store.fast_rows import TableRows

    table = Table("t", MetaData(), Column("k", String, primary_key=True), Column("v", Integer))
    rows = TableRows(table)
    with create_engine("sqlite://").begin() as conn:
        table.create(conn)
        rows.insert(conn, [(f"k{i}", i) for i in range(1_200)])
        rows.delete_in(conn, "k", [f"k{i}" for i in range(0, 1_200, 2)] + ["absent"])
        left = sorted(conn.execute(select(table.c.v)).scalars())
    assert left == list(range(1, 1_200, 2))
