"""``ws.notifications``: check for news, list it, read state and muted kinds per user.

Everything is kept in the user's own settings (``user_settings`` through
``ws.prefs``): a laptop shared by a shift keeps each user's list, read marks and
mutes apart, and nothing of it is synced. The first check of a user only sets the
watermark, and so does the first check after a client store's first pull, so a first
login (or the first pull of a whole scope) does not bury the user under the past.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from gridapp.notifications import derive
from gridapp.notifications.derive import Watermark
from gridapp.notifications.model import Kind, Notification

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

STATE_KEY = "notify.state"
ITEMS_KEY = "notify.items"
MUTED_KEY = "notify.muted"
KEEP = 300  # newest notifications kept per user


class Notifications:
    """The acting user's notifications; each call reads or writes the store."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- checking -------------------------------------------------------------------------

    def check(self) -> list[Notification]:
        """Look for news since the watermark; store and return the new notifications
        (muted kinds are dropped). Run it off the GUI thread, after a sync and now and
        then (deadline marks pass with the clock alone)."""
        ws, actor, now = self.ws, self.ws.user, self.ws.clock()
        prefs = ws.prefs
        state = prefs.get(STATE_KEY)
        with ws.db.read() as conn:
            last_n = derive.last_event_n(conn)
            refused = derive.refused_events(conn, actor, now)
        pulling = self._first_pull_pending()
        if state is None or pulling or state.get("first_pull"):
            # Not a look yet: the watermark moves to the end of what is here now.
            self._save_state(last_n, now, {r.id for r in refused}, first_pull=pulling)
            return []
        mark = Watermark(int(state["seen_n"]), datetime.fromisoformat(state["checked_at"]))
        known_refused = set(state.get("refused") or [])
        with ws.db.read() as conn:
            events = derive.events_after(conn, mark.seen_n, actor)
            found = [
                *derive.new_tasks(conn, actor, events, now),
                *derive.received(conn, actor, events, now),
                *derive.deadline_crossings(conn, actor, mark.checked_at, now),
                *(r for r in refused if r.id not in known_refused),
                *derive.reply_deadlines(conn, actor, ws.reference.calendar, now),
            ]
        self._save_state(
            max(last_n, mark.seen_n), max(now, mark.checked_at), {r.id for r in refused}
        )
        muted = self.muted()
        items = self._items()
        have = {i.id for i in items}
        new = [n for n in found if n.kind not in muted and n.id not in have]
        if new:
            new.sort(key=lambda n: (n.at, n.id))
            self._save_items(new[::-1] + items)
        return new

    def _first_pull_pending(self) -> bool:
        """A client store still pulling its first log: the past is not news."""
        sync = self.ws.sync
        return sync is not None and not sync.first_pull_done

    def _save_state(
        self,
        seen_n: int,
        checked_at: datetime,
        refused: Iterable[str],
        *,
        first_pull: bool = False,
    ) -> None:
        """``first_pull``: checked while the first pull was under way; the next check
        after it ends only moves the watermark (the pulled history is not news)."""
        self.ws.prefs.set(
            STATE_KEY,
            {
                "seen_n": seen_n,
                "checked_at": checked_at.isoformat(timespec="seconds"),
                "refused": sorted(refused),
                "first_pull": first_pull,
            },
        )

    # -- the list -------------------------------------------------------------------------

    def items(self, *, unread_only: bool = False) -> list[Notification]:
        """This user's notifications, newest first (muted kinds hidden)."""
        muted = self.muted()
        return [n for n in self._items() if n.kind not in muted and not (unread_only and n.read)]

    def unread_count(self) -> int:
        return len(self.items(unread_only=True))

    def mark_read(self, ids: Iterable[str] | str, read: bool = True) -> int:
        """Mark notifications read (or unread again); returns how many changed."""
        wanted = {ids} if isinstance(ids, str) else set(ids)
        items = self._items()
        changed = 0
        out = []
        for n in items:
            if n.id in wanted and n.read != read:
                n = replace(n, read=read)
                changed += 1
            out.append(n)
        if changed:
            self._save_items(out)
        return changed

    def mark_all_read(self) -> int:
        return self.mark_read([n.id for n in self.items(unread_only=True)])

    def _items(self) -> list[Notification]:
        raw: list[dict[str, Any]] = self.ws.prefs.get(ITEMS_KEY, []) or []
        out = []
        for data in raw:
            try:
                out.append(Notification.from_json(data))
            except (KeyError, ValueError, TypeError):
                continue  # a line from another version: dropped, not fatal
        return out

    def _save_items(self, items: list[Notification]) -> None:
        self.ws.prefs.set(ITEMS_KEY, [n.to_json() for n in items[:KEEP]])

    # -- muting ---------------------------------------------------------------------------

    def muted(self) -> frozenset[Kind]:
        raw = self.ws.prefs.get(MUTED_KEY, []) or []
        return frozenset(Kind(k) for k in raw if k in Kind._value2member_map_)

    def set_muted(self, kinds: Iterable[Kind | str]) -> None:
        """Mute exactly these kinds: no new notification of them, none listed."""
        self.ws.prefs.set(MUTED_KEY, sorted({Kind(k).value for k in kinds}))
