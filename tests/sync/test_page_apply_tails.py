"""The pull's shortcut for cases held: only their new events folded onto what the store has.

``projections.apply_page`` folds a held case's new events onto its projection row and its
kept facts (``tails``) when its stored events are all the service's, in its order, the
new ones come after them and the row folded them all. Each test pulls the demo month in
small pages, bends one of those conditions on the way, and checks that the projections
and the kept facts are what a replay from scratch gives: the projection rows against
the row-by-row fold of ``test_page_apply``, the facts and marks rows against
``fact_store.refresh`` (the facts folded from the log), and ``fact_check.outdated``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from gridapp.domain.case import CaseState
from gridapp.domain.events import EventStatus
from gridapp.errors import DomainError
from gridapp.reports import fact_check, fact_store
from gridapp.store.schema import (
    case_departments,
    case_events,
    case_facts,
    case_facts_cuts,
    case_mark_items,
    case_marks,
    cases,
)
from gridapp.sync import local, projections
from gridapp.sync.engine import SyncEngine
from gridapp.sync.protocol import EventOut, PullResponse
from gridapp.sync.round_outcome import SyncReport
from gridapp.workspace import Workspace
from tests.sync import test_page_apply
from tests.sync.test_page_apply import (
    EPOCH,
    PagesTransport,
    client_store,
    pages_of,
    rebuild_row_by_row,
    table_rows,
)

demo_log = test_page_apply.demo_log  # the demo month's log (a module fixture)
# every row kept beside a case's events (``fact_store``), folded from them
FACT_TABLES = (case_facts, case_facts_cuts, case_marks, case_mark_items)

PAGE = 97


class Heard:
    """Which cases each write folded onto held rows (tails) or from whole histories."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tails: list[set[str]] = []
        self.whole: list[set[str]] = []
        real = projections.cases_changed

        def hook(conn, changes) -> None:
            self.tails.append(set(changes.tails))
            self.whole.append(set(changes.histories))
            real(conn, changes)

        monkeypatch.setattr(projections, "cases_changed", hook)

    def all_tails(self) -> set[str]:
        return set().union(*self.tails)


def pull(ws: Workspace, pages: dict[int, PullResponse], between: Callable[[int], None]) -> None:
    transport = PagesTransport(pages)
    transport.after_page = between
    engine = SyncEngine(ws, transport)  # type: ignore[arg-type]
    engine.pages_per_fold = 1  # page by page: each page's gates are what is tested here
    engine.pull(SyncReport())


def assert_as_replayed(ws: Workspace) -> None:
    """Projection rows = the row-by-row fold; facts rows = folded from the log."""
    with ws.db.read() as conn:
        assert fact_check.outdated(conn) == []
        ids = sorted(set(conn.execute(select(case_events.c.case_id)).scalars()))
    kept = (cases, case_departments, *FACT_TABLES)
    applied = {t.name: table_rows(ws, t) for t in kept}
    rebuild_row_by_row(ws)
    with ws.db.write() as conn:
        for table in FACT_TABLES:
            conn.execute(delete(table))
        fact_store.refresh(conn, ids)
    for t in kept:
        assert applied[t.name] == table_rows(ws, t), t.name


def held_open_case(ws: Workspace, later: list[EventOut]) -> str:
    """A case held now whose events go on in ``later`` pages."""
    coming = {ev.case_id for ev in later}
    with ws.db.read() as conn:
        held = conn.execute(select(cases.c.id).order_by(cases.c.id)).scalars().all()
    return next(case_id for case_id in held if case_id in coming)


def test_cases_moving_on_are_folded_onto_held_rows(demo_log, tmp_path: Path, monkeypatch) -> None:
    template, events = demo_log
    ws = client_store(tmp_path / "a.db", template)
    heard = Heard(monkeypatch)
    pull(ws, pages_of(events, PAGE), lambda since: None)
    # Most cases span pages: each later page of theirs took the shortcut.
    assert len(heard.all_tails()) > len({ev.case_id for ev in events}) // 2
    assert_as_replayed(ws)
    ws.close()


def test_a_held_row_left_behind_is_folded_from_the_whole_history(
    demo_log, tmp_path: Path, monkeypatch
) -> None:
    """A projection row that did not fold every stored event (a fold that failed once)
    and a facts row of another fold version: neither is continued."""
    template, events = demo_log
    ws = client_store(tmp_path / "a.db", template)
    pages = pages_of(events, PAGE)
    half = len(events) // 2
    heard = Heard(monkeypatch)
    bent: list[str] = []

    def between(since: int) -> None:
        if bent or since < events[half].seq:
            return
        case_id = held_open_case(ws, [ev for ev in events if ev.seq > since])
        with ws.db.write() as conn:  # as if its last fold had failed: one event behind
            conn.execute(
                update(cases)
                .where(cases.c.id == case_id)
                .values(version=cases.c.version - 1, state=CaseState.REPORTED.value)
            )
            conn.execute(
                update(case_facts).where(case_facts.c.case_id == case_id).values(version="old")
            )
        bent.append(case_id)
        mark.append(len(heard.tails))

    mark: list[int] = []
    pull(ws, pages, between)
    (case_id,) = bent
    after = [i for i in range(mark[0], len(heard.whole)) if case_id in heard.whole[i]]
    assert after, "the case bent never came again"
    assert not any(case_id in tails for tails in heard.tails[mark[0] : after[0] + 1])
    assert_as_replayed(ws)
    ws.close()


def test_a_facts_row_of_another_fold_is_refolded_from_the_log(
    demo_log, tmp_path: Path, monkeypatch
) -> None:
    """The projection takes the shortcut; the facts row cannot (stale): it is folded
    from the log, which already holds the page."""
    template, events = demo_log
    ws = client_store(tmp_path / "a.db", template)
    half = len(events) // 2
    heard = Heard(monkeypatch)
    bent: list[str] = []

    def between(since: int) -> None:
        if bent or since < events[half].seq:
            return
        case_id = held_open_case(ws, [ev for ev in events if ev.seq > since])
        with ws.db.write() as conn:
            conn.execute(
                update(case_facts)
                .where(case_facts.c.case_id == case_id)
                .values(version="old", facts="[garbage")
            )
        bent.append(case_id)
        mark.append(len(heard.tails))

    mark: list[int] = []
    pull(ws, pages_of(events, PAGE), between)
    assert any(bent[0] in tails for tails in heard.tails[mark[0] :])
    assert_as_replayed(ws)
    ws.close()


def test_an_earlier_event_arriving_late(demo_log, tmp_path: Path, monkeypatch) -> None:
    """A case's second event comes pages after its later ones (as when a case enters a
    department's scope and its history follows): held events after it in server order,
    so the case is folded from its whole history, in server order."""
    template, events = demo_log
    per_case: dict[str, list[EventOut]] = {}
    for ev in events:
        per_case.setdefault(ev.case_id, []).append(ev)
    late = next(evs[1] for evs in per_case.values() if len(evs) >= 6)
    rest = [ev for ev in events if ev.id != late.id]
    last_of_case = max(i for i, ev in enumerate(rest) if ev.case_id == late.case_id)
    at = last_of_case + 3 * PAGE
    while at % PAGE in (0, PAGE - 1):  # inside a page: a page's cursor is its last seq
        at += 1
    assert at < len(rest)
    reordered = [*rest[:at], late, *rest[at:]]
    ws = client_store(tmp_path / "a.db", template)
    heard = Heard(monkeypatch)
    pull(ws, pages_of(reordered, PAGE), lambda since: None)
    page_of_late = at // PAGE
    assert late.case_id in heard.whole[page_of_late]
    assert late.case_id not in heard.tails[page_of_late]
    assert_as_replayed(ws)
    ws.close()


def test_refused_and_pending_events_of_held_cases(demo_log, tmp_path: Path, monkeypatch) -> None:
    """A case with a pending event of ours folds from its history (the pending one goes
    on top); one whose event of ours was refused takes the shortcut (refused events are
    not part of a case)."""
    template, events = demo_log
    ws = client_store(tmp_path / "a.db", template)
    half = len(events) // 2
    heard = Heard(monkeypatch)
    urged: list[str] = []

    def between(since: int) -> None:
        if urged or since < events[half].seq:
            return
        coming = {ev.case_id for ev in events if ev.seq > since}
        with ws.db.read() as conn:
            open_ids = conn.execute(
                select(cases.c.id)
                .where(cases.c.state == CaseState.DISPATCHED.value)
                .order_by(cases.c.id)
            ).scalars()
            candidates = [c for c in open_ids if c in coming]
        for case_id in candidates:
            try:
                ws.act(case_id, "urge", {"note": "请尽快处置"})
            except DomainError:
                continue
            urged.append(case_id)
            if len(urged) == 2:
                break
        with ws.db.write() as conn:  # the service refused the first urge
            event_id = conn.execute(
                select(case_events.c.id).where(
                    case_events.c.case_id == urged[0],
                    case_events.c.status == EventStatus.PENDING.value,
                )
            ).scalar_one()
            local.mark_rejected(conn, event_id, "not_allowed", "refused in a test")
            local.rebuild(conn, [urged[0]], ws.reference)
        mark.append(len(heard.tails))

    mark: list[int] = []
    pull(ws, pages_of(events, PAGE), between)
    refused, pending = urged
    assert any(refused in tails for tails in heard.tails[mark[0] :])
    assert not any(pending in tails for tails in heard.tails[mark[0] :])
    assert any(pending in whole for whole in heard.whole[mark[0] :])
    assert_as_replayed(ws)
    ws.close()


def test_a_new_epoch_folds_every_case_again(demo_log, tmp_path: Path, monkeypatch) -> None:
    """After a restore every event held loses its server order: the pull from zero that
    follows gives each its order again, and no case takes the shortcut until then."""
    template, events = demo_log
    ws = client_store(tmp_path / "a.db", template)
    half = [ev for ev in events if ev.seq <= events[len(events) // 2].seq]
    pull(ws, pages_of(half, PAGE), lambda since: None)
    restored = {
        since: page.model_copy(update={"epoch": EPOCH + "-restored"})
        for since, page in pages_of(events, PAGE).items()
    }
    restored[half[-1].seq] = restored[0]  # where this client's cursor stands: it resets
    heard = Heard(monkeypatch)
    pull(ws, restored, lambda since: None)
    held_before = {ev.case_id for ev in half}
    # The first page again: every event held gets its order back; no shortcut.
    assert heard.whole[0] & held_before
    assert heard.tails[0] == set()
    with ws.db.read() as conn:
        assert local.get_state(conn)["epoch"] == EPOCH + "-restored"
    assert_as_replayed(ws)
    ws.close()
