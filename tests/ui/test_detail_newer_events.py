"""The case detail of a case holding records a newer version made (in Chinese): it says
so, shows the timeline up to them, and offers no action button."""

from __future__ import annotations

from pathlib import Path

from gridapp.sync.engine import SyncEngine
from gridapp.sync.round_outcome import SyncReport
from tests.sync.test_page_apply import PagesTransport, client_store, pages_of
from tests.sync.test_page_apply import demo_log as demo_log
from tests.sync.test_unknown_actions import hostile_log as hostile_log
from tests.ui.detail_helpers import buttons, make_view, open_case


def test_detail_says_newer_records_are_hidden(qtbot, chinese, hostile_log, tmp_path: Path) -> None:
    template, events, named, by_case = hostile_log
    ws = client_store(tmp_path / "client.db", template)
    SyncEngine(ws, PagesTransport(pages_of(events, 500))).pull(SyncReport())  # type: ignore[arg-type]
    view = make_view(qtbot, ws)
    open_case(qtbot, view, "zhiban", named["A"])
    hidden = len(by_case[named["A"]]) - 1
    assert view.newer.isVisible()
    assert view.newer.text().startswith(f"此案卷其后有 {hidden} 条记录由更新版本写入")
    assert buttons(view) == []
    plain = next(c for c in sorted(by_case) if c not in named.values())
    open_case(qtbot, view, "zhiban", plain)
    assert not view.newer.isVisible()
    ws.close()
