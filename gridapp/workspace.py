"""The one facade the UI talks to: open a store, act as a user, work on cases.

It holds no Qt and no SQL of its own: it wires the store, the reference data and
the case service together and answers in plain values. Each mutation returns a
:class:`Changes` value that the UI broadcasts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError

from gridapp import clock
from gridapp.casework.batch import BatchOutcome, BatchResult
from gridapp.casework.changes import Changes
from gridapp.casework.duplicates import DuplicateHint, hint_from_events, nearby_open
from gridapp.casework.service import CaseService, PhotoInput
from gridapp.casework.views import (
    CaseDetail,
    DeadlineStatus,
    TimelineEntry,
    case_detail,
    level_at,
)
from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord
from gridapp.domain.catalog import Catalog, load_catalog
from gridapp.domain.limit_overrides import overrides_from_json, with_overrides
from gridapp.domain.roles import Actor, Role, can_see
from gridapp.errors import DiskFullError, DomainError, NotFoundError, ValidationError, is_disk_full
from gridapp.security.password_policy import check_new_password
from gridapp.security.passwords import verify_password
from gridapp.store import case_log
from gridapp.store.case_list_rows import CaseListRow, case_position, list_rows_for_list
from gridapp.store.case_queries import CaseQuery, count_rows, list_rows
from gridapp.store.case_rows import row_to_record
from gridapp.store.database import Database
from gridapp.store.files import FileStore
from gridapp.store.photo_journal import PhotoJournal
from gridapp.store.reference import (
    DepartmentRecord,
    ReferenceData,
    confirm_calendar_year,
    load_reference,
    set_calendar_override,
)
from gridapp.store.schema import meta
from gridapp.workspace_dispatch import DeadlinePreview, DispatchPreview, WorkspaceDispatch
from gridapp.workspace_parts import WorkspaceParts
from gridapp.workspace_photos import WorkspacePhotos
from gridapp.workspace_start import WorkspaceStart

if TYPE_CHECKING:
    from gridapp.domain.geo import Grid
    from gridapp.store.store_key import DataKey, StoreKeys
    from gridapp.sync.session import SyncSession

__all__ = [
    "BatchOutcome",
    "BatchResult",
    "CaseDetail",
    "CaseListRow",
    "CaseQuery",
    "Changes",
    "DeadlinePreview",
    "DeadlineStatus",
    "DepartmentRecord",
    "DispatchPreview",
    "TimelineEntry",
    "Workspace",
    "level_at",
]


def _now() -> datetime:
    return clock.now()


def _open_db(path: Path, key: DataKey | None, kwargs: dict[str, Any]) -> Database:
    """Plain, or encrypted under ``key`` (its sealed file store goes into ``kwargs``)."""
    from gridapp.store.client_store import open_encrypted, refuse_encrypted

    if key is None:
        refuse_encrypted(path)
        return Database(path)
    db, kwargs["files"] = open_encrypted(path, key)
    return db


def _import_sync_client() -> None:
    """The sync client's imports (httpx, the wire models): an online login follows."""
    import gridapp.sync.session
    import gridapp.sync.session_loop  # noqa: F401  (the client, its engine and transport)


def _attach_journal(db: Database, files: FileStore) -> PhotoJournal | None:
    """A SQLite store journals photos with their events (one fsync per save); rows a
    crash left between commit and settle are settled now (a full disk: they wait)."""
    if not db.is_sqlite or not isinstance(files, FileStore):
        return None
    journal = PhotoJournal(db, files)
    files.journal = journal
    journal.settle_quietly()
    return journal


class Workspace(WorkspaceParts, WorkspaceStart, WorkspaceDispatch, WorkspacePhotos):
    """A store opened for one user at a time."""

    def __init__(
        self,
        db: Database,
        *,
        files: FileStore | None = None,
        catalog: Catalog | None = None,
        clock: Callable[[], datetime] = _now,
        new_id: Callable[[], str] | None = None,
    ) -> None:
        self.db = db
        if files is None:
            if db.path is None:
                raise ValueError("a server database needs an explicit file store")
            files = FileStore(db.path.with_name(db.path.stem + "-files"))
        self.files = files
        self.journal = _attach_journal(db, files)
        self.base_catalog = catalog or load_catalog()  # as shipped: no local limits
        self.clock = clock
        settings = self._meta()
        self.county_code = settings.get("county_code", "370306")
        self.authority = settings.get("store_role", "central") == "central"
        self.reference: ReferenceData = self._load_reference()
        self.catalog = self._local_catalog()
        kwargs: dict[str, Any] = {"new_id": new_id} if new_id else {}
        self.service = CaseService(
            db,
            self.files,
            self.reference,
            self.catalog,
            county_code=self.county_code,
            authority=self.authority,
            clock=lambda: self.clock(),
            **kwargs,
        )
        self._user: Actor | None = None
        self.sync: SyncSession | None = None  # set by connect(); None = a store on its own
        self.store_keys: StoreKeys | None = None  # an encrypted client store's key holder

    @classmethod
    def open(cls, path: Path | str, *, key: DataKey | None = None, **kwargs: Any) -> Workspace:
        """A SQLite store; with ``key`` encrypted (a plain one found there is converted)."""
        return cls(_open_db(Path(path), key, kwargs), **kwargs)

    @classmethod
    def open_client(
        cls, path: Path | str, *, key: DataKey | None = None, **kwargs: Any
    ) -> Workspace:
        """A client store: its events stay pending until the central store accepts them."""
        db = _open_db(Path(path), key, kwargs)
        with db.write() as conn:
            if conn.execute(select(meta.c.value).where(meta.c.key == "store_role")).first() is None:
                conn.execute(insert(meta).values(key="store_role", value="client"))
        return cls(db, **kwargs)

    @classmethod
    def open_client_store(
        cls,
        data_dir: Path,
        server_url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        use_keyring: bool = True,
        import_sync: bool = True,
        **kwargs: Any,
    ) -> Workspace:
        """The client store this laptop keeps for one sync service (one file per service);
        encrypted, given the login that follows (``gridapp.store.store_key``).

        ``import_sync``: import the sync client while the key is derived (an online
        login follows). False for a login that needs no client yet
        (``SyncSession.login_offline``): its imports then compete with nothing."""
        slug = re.sub(r"[^A-Za-z0-9]+", "_", server_url.split("://", 1)[-1]).strip("_")
        folder = Path(data_dir) / "clients"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slug or 'default'}.db"
        if username is None or password is None:
            return cls.open_client(path, **kwargs)
        from gridapp.store.store_key import StoreKeys

        keys = StoreKeys(path, use_keyring=use_keyring)
        if keys.needs_new_key():  # the key's first slot: the password must be right
            from gridapp.store.client_store import check_first_password

            check_first_password(path, username, password, server_url)
        meanwhile = _import_sync_client if import_sync else None
        key = keys.unlock(username, password, meanwhile=meanwhile)
        ws = cls.open_client(path, key=key, **kwargs)
        ws.store_keys = keys
        return ws

    def change_store_password(self, username: str, old_password: str, new_password: str) -> None:
        """After a password change: the user's key slot is wrapped again (no-op with a keyring)."""
        if self.store_keys is not None:
            self.store_keys.rewrap(username, old_password, new_password)

    def _logged_in(self, username: str) -> None:
        """A login succeeded: a user new to this encrypted store gets their key slot now."""
        if self.store_keys is not None:
            self.store_keys.confirm_login(username)

    def close(self) -> None:
        if self.sync is not None:
            self.sync.close()
        if self.journal is not None:
            self.journal.close()  # settles what it can; the rest waits for the next open
        self.db.close()
        close_views = getattr(self.files, "close_views", None)
        if close_views is not None:
            close_views()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- facade parts, each in its own module (the UI reaches them as ws.<part>) --------

    def connect(self, server_url: str, token_dir: Path, **kwargs: Any) -> SyncSession:
        """Attach this (client) store to a central sync service: login, sync, status."""
        from gridapp.sync.session import SyncSession

        self.sync = SyncSession(self, server_url, token_dir, **kwargs)
        return self.sync

    def locate(self, lon: float, lat: float) -> Grid | None:
        """The unit grid (with street and community names) a point falls in, if any."""
        return self.reference.grid_index.locate(lon, lat)

    # -- settings and reference data ---------------------------------------------------

    def _meta(self) -> dict[str, str]:
        with self.db.read() as conn:
            return {r.key: r.value for r in conn.execute(select(meta))}

    def _load_reference(self) -> ReferenceData:
        with self.db.read() as conn:
            return load_reference(conn)

    def reload_reference(self) -> Changes:
        """Re-read reference data after it changed underneath (admin edit, sync)."""
        self.reference = self._load_reference()
        self.service.reference = self.reference
        self.catalog = self.service.catalog = self._local_catalog()
        return Changes(reference=True)

    def _local_catalog(self) -> Catalog:
        """The shipped catalog with the limits this district's administrator set."""
        overrides = overrides_from_json(self.reference.limit_overrides, self.base_catalog)
        return with_overrides(self.base_catalog, overrides)

    # -- who is acting ------------------------------------------------------------------

    @property
    def user(self) -> Actor:
        if self._user is None:
            raise DomainError("not_logged_in", "请先登录")
        return self._user

    def login(self, username: str, password: str) -> Actor:
        """Local login against the stored Argon2id verifier (works offline)."""
        record = self.reference.users.get(username)
        if record is None or not verify_password(record.password_hash, password):
            raise DomainError("bad_credentials", "用户名或密码错误")
        if not record.active:
            raise DomainError("account_disabled", "该账号已停用")
        self._user = record.to_actor()
        self._logged_in(username)
        return self._user

    def act_as(self, username: str) -> Actor:
        """Switch user without a password: demo, tests, sync client after an online login."""
        self._user = self.reference.user(username).to_actor()
        self._logged_in(username)
        return self._user

    # -- cases: writing -------------------------------------------------------------------

    def report(self, *, photos: Sequence[PhotoInput] = (), **fields: Any) -> Changes:
        """Record a new case (上报): saved durably before this returns."""
        with self._disk_full_said():
            return self.service.report(self.user, photos=photos, **fields)

    def act(
        self,
        case_id: str,
        action: Action | str,
        payload: Mapping[str, Any] | None = None,
        photos: Sequence[PhotoInput] = (),
    ) -> Changes:
        with self._disk_full_said():
            return self.service.act(self.user, case_id, action, payload, photos)

    @contextmanager
    def _disk_full_said(self) -> Iterator[None]:
        """A full disk becomes ``DiskFullError`` naming the store's folder, not a raw error.

        The write it interrupted is whole or absent: photos are renamed into place only
        complete (a full disk leaves at most an unreferenced photo, reused by the next
        save) and the SQLite transaction rolls back, so the same save works once space
        is freed.
        """
        try:
            yield
        except DiskFullError:
            raise
        except (OSError, DBAPIError) as exc:
            if not is_disk_full(exc):
                raise
            folder = self.db.path.parent if self.db.path is not None else "数据库服务器"
            raise DiskFullError(folder) from exc

    # -- cases: reading -------------------------------------------------------------------

    def list_cases(self, query: CaseQuery | None = None) -> list[CaseRecord]:
        """One page of cases in this user's scope, filtered and sorted in SQL."""
        user = self.user
        with self.service.reading() as conn:
            rows = list_rows(conn, query or CaseQuery(), user, self.clock())
        return [row_to_record(r).for_viewer(user) for r in rows]

    def count_cases(self, query: CaseQuery | None = None) -> int:
        with self.service.reading() as conn:
            return count_rows(conn, query or CaseQuery(), self.user, self.clock())

    def list_rows_for_list(self, query: CaseQuery | None = None) -> list[CaseListRow]:
        """One page as slim rows with a pending-sync flag: what the case list paints.

        Cheaper than :meth:`list_cases` (no full records) and pages by keyset
        (``query.after``) so a deep scroll stays as fast as the first page.
        """
        with self.service.reading() as conn:
            return list_rows_for_list(conn, query or CaseQuery(), self.user, self.clock())

    def case_position(self, case_id: str, query: CaseQuery | None = None) -> int | None:
        """Row index of a case in ``query``'s order, or None if the query does not list it."""
        with self.service.reading() as conn:
            return case_position(conn, query or CaseQuery(), self.user, self.clock(), case_id)

    def case(self, case_id: str) -> CaseDetail:
        """A case with names, timeline, deadline state and the actions allowed now."""
        user = self.user
        with self.service.reading() as conn:
            record = case_log.load_case(conn, case_id)
            if record is None or not can_see(user, record):
                raise NotFoundError("unknown_case", "案卷不存在或无权查看", case_id=case_id)
            rows = case_log.event_rows(conn, case_id)
        return case_detail(record, user, rows, self.reference, self.catalog, self.clock())

    def nearby_open_cases(
        self, category_code: str, lon: float, lat: float, radius_m: float = 50, hours: int = 72
    ) -> list[CaseRecord]:
        """Likely duplicates: same small category, open, within ``radius_m`` and ``hours``."""
        since = self.clock() - timedelta(hours=hours)
        with self.service.reading() as conn:
            found = nearby_open(conn, category_code, lon, lat, since, radius_m=radius_m)
        user = self.user
        return [r.for_viewer(user) for _, r in found if can_see(user, r)]

    def duplicate_hint(self, case_id: str) -> DuplicateHint | None:
        """The service's 疑似重复 flag on the case, cut to this user's scope (None: no flag)."""
        user = self.user
        with self.service.reading() as conn:
            record = case_log.load_case(conn, case_id)
            if record is None or not can_see(user, record):
                raise NotFoundError("unknown_case", "案卷不存在或无权查看", case_id=case_id)
            rows = case_log.event_rows(conn, case_id, include_rejected=False)
        return hint_from_events(rows, user)

    def record(self, case_id: str) -> CaseRecord:
        """The bare case record (no timeline), as this user may see it."""
        user = self.user
        with self.service.reading() as conn:
            record = case_log.load_case(conn, case_id)
        if record is None or not can_see(user, record):
            raise NotFoundError("unknown_case", "案卷不存在或无权查看", case_id=case_id)
        return record.for_viewer(user)

    # -- administration -------------------------------------------------------------------

    def _require_admin(self) -> None:
        if self.user.role is not Role.ADMIN:
            raise DomainError("role_not_allowed", "仅系统管理员可修改基础数据", role=self.user.role)

    def set_calendar_day(self, day: date, is_workday: bool, note: str = "") -> Changes:
        """An admin override of the working calendar (a holiday or a make-up working day)."""
        self._require_admin()
        with self.db.write() as conn:
            set_calendar_override(conn, day, is_workday, note)
        return self.reload_reference()

    def confirm_calendar_year(self, year: int) -> Changes:
        """Mark a year's calendar as complete, which removes the "unconfirmed" warning."""
        self._require_admin()
        with self.db.write() as conn:
            confirm_calendar_year(conn, year)
        return self.reload_reference()

    @staticmethod
    def password_problem(password: str, username: str | None = None) -> str:
        """What the password policy says against a new password ("" when it is good).

        The same rule the service applies, so a dialog can say it before sending.
        """
        try:
            check_new_password(password, username=username)
        except ValidationError as exc:
            return exc.message
        return ""

    def users_with_role(self, role: Role) -> list[str]:
        return sorted(u.username for u in self.reference.users.values() if u.role is role)
