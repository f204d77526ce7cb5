"""Acknowledging and dismissing early warnings: kept per user (not synced), a dismissal
needs a note, a warning opens again when a new case joins it, the open count follows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gridapp.early_warning.acks import MAX_NOTE, AckState
from gridapp.early_warning.model import WarningKind
from gridapp.errors import DomainError, ValidationError
from gridapp.workspace import Workspace
from tests.core.helpers import URBAN, report
from tests.core.test_warning_actions import NOW, _recurring


def test_acknowledge_hides_the_warning_for_this_user_only(ws, clock):
    warning, _ids = _recurring(ws, clock)
    ws.act_as("zhiban")
    before = ws.warnings.open_count()
    assert before >= 1 and warning in ws.warnings.open_warnings(ws.warnings.evaluate())
    ack = ws.warnings.acknowledge(warning, "  已安排专项巡查  ")
    assert ack.state is AckState.ACKNOWLEDGED and ack.note == "已安排专项巡查"
    assert ack.by == "zhiban" and ack.at == NOW
    assert ws.warnings.open_count() == before - 1
    assert ws.warnings.ack_of(warning) == ack
    ws.act_as("ducha")  # another watcher still sees it: acknowledgements are per user
    assert warning.key in {w.key for w in ws.warnings.open_warnings(ws.warnings.evaluate())}
    ws.act_as("zhiban")
    assert ws.warnings.reopen(warning.key) is True and ws.warnings.open_count() == before
    assert ws.warnings.reopen(warning.key) is False


def test_dismissal_needs_a_note_and_the_note_has_a_limit(ws, clock):
    warning, _ids = _recurring(ws, clock)
    ws.act_as("zhiban")
    for note in ("", "   "):
        with pytest.raises(ValidationError) as err:
            ws.warnings.acknowledge(warning, note, AckState.DISMISSED)
        assert err.value.code == "note_required"
    with pytest.raises(ValidationError):
        ws.warnings.acknowledge(warning, "长" * (MAX_NOTE + 1))
    assert ws.warnings.ack_of(warning) is None
    ack = ws.warnings.acknowledge(warning, "同一处垃圾点重复上报", "dismissed")
    assert ack.state is AckState.DISMISSED


def test_a_new_case_opens_the_warning_again(ws, clock):
    warning, _ids = _recurring(ws, clock)
    ws.act_as("zhiban")
    ws.warnings.acknowledge(warning, "已知悉")
    assert ws.warnings.ack_of(warning) is not None
    clock.now = NOW + timedelta(hours=1)
    new = report(ws, URBAN, index=0, source="camera")
    clock.now = NOW + timedelta(hours=2)
    ws.act_as("zhiban")
    (again,) = [w for w in ws.warnings.evaluate() if w.kind is WarningKind.RECURRING]
    assert again.key == warning.key and new in again.case_ids
    assert ws.warnings.ack_of(again) is None  # open again
    assert ws.warnings.acks()[warning.key].note == "已知悉"  # the earlier note is kept
    assert again in ws.warnings.open_warnings([again])


def test_kept_in_the_store_across_sessions_and_not_for_other_roles(ws, clock, store_path):
    warning, _ids = _recurring(ws, clock)
    ws.act_as("zhiban")
    ws.warnings.acknowledge(warning, "已知悉")
    again = Workspace.open(store_path, clock=clock)
    try:
        again.act_as("zhiban")
        assert again.warnings.ack_of(warning).note == "已知悉"
        again.act_as("bm-d02")
        assert again.warnings.open_count() == 0
        with pytest.raises(DomainError) as err:
            again.warnings.acknowledge(warning, "x")
        assert err.value.code == "role_not_allowed"
    finally:
        again.close()


def test_a_damaged_setting_is_ignored(ws, clock):
    warning, _ids = _recurring(ws, clock)
    ws.act_as("zhiban")
    ws.prefs.set("warnings.acks", {warning.key: {"state": "bogus"}, "x": "y"})
    assert ws.warnings.acks() == {} and ws.warnings.ack_of(warning) is None
    ws.prefs.set("warnings.acks", ["not", "a", "dict"])
    assert ws.warnings.open_count() >= 1
